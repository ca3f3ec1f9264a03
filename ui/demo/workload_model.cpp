#include "demo/workload_model.h"

#include <QLocale>

#include <algorithm>
#include <set>

namespace zooscope::ui {

namespace {

// "0-3, 7, 9-10" for an ascending list.
QString ranges(const std::vector<int>& parts) {
    QStringList out;
    for (size_t i = 0; i < parts.size();) {
        size_t j = i;
        while (j + 1 < parts.size() && parts[j + 1] == parts[j] + 1) ++j;
        out << (j == i ? QString::number(parts[i]) : QStringLiteral("%1-%2").arg(parts[i]).arg(parts[j]));
        i = j + 1;
    }
    return out.join(QStringLiteral(", "));
}

}  // namespace

WorkloadModel::WorkloadModel(QObject* parent) : QAbstractTableModel(parent) {}

int WorkloadModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(ids_.size()); }
int WorkloadModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString WorkloadModel::workerId(int row) const { return row >= 0 && row < ids_.size() ? ids_[row] : QString(); }
int WorkloadModel::rowOf(const QString& id) const { return int(ids_.indexOf(id)); }

QVariant WorkloadModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case WorkerColumn: return tr("Worker");
    case ProcessColumn: return tr("Process");
    case MemberColumn: return tr("In the job");
    case PartitionsColumn: return tr("Partitions");
    case RateColumn: return tr("Events/s");
    case CommittedColumn: return tr("Committed");
    case OffsetsColumn: return tr("Offsets of its partitions");
    case ConfigColumn: return tr("Its config");
    }
    return {};
}

QVariant WorkloadModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= ids_.size()) return {};
    const QString id = ids_[index.row()];
    const std::string sid = id.toStdString();
    const DemoWorker* proc = nullptr;
    for (const DemoWorker& w : processes_)
        if (w.id == id) proc = &w;
    const stream::WorkerStatus* ws = nullptr;
    bool member = false;
    std::vector<int> owned;
    if (status_) {
        if (auto it = status_->workers.find(sid); it != status_->workers.end()) ws = &it->second;
        member = std::find(status_->members.begin(), status_->members.end(), sid) != status_->members.end();
        for (const auto& [p, owner] : status_->assignment.owners)
            if (owner == sid) owned.push_back(p);
    }
    if (role != Qt::DisplayRole) return {};
    const QLocale locale;
    switch (index.column()) {
    case WorkerColumn: return id;
    case ProcessColumn:
        if (!proc) return tr("gone");
        return proc->paused ? tr("paused (pid %1)").arg(proc->pid) : tr("running (pid %1)").arg(proc->pid);
    case MemberColumn: return member ? tr("member") : tr("not a member");
    case PartitionsColumn: {
        // What it commits for now; the assignment's when it has not said yet.
        const std::vector<int>& parts = ws ? ws->partitions : owned;
        return parts.empty() ? QStringLiteral("–") : QStringLiteral("%1  (%2)").arg(parts.size()).arg(ranges(parts));
    }
    case RateColumn: return ws ? locale.toString(ws->eventsPerSec, 'f', 1) : QString();
    case CommittedColumn: return ws ? locale.toString(qulonglong(ws->committed)) : QString();
    case OffsetsColumn: {
        if (!status_ || owned.empty()) return QString();
        quint64 sum = 0;
        for (int p : owned)
            if (auto it = status_->offsets.find(p); it != status_->offsets.end()) sum += it->second.offset;
        return locale.toString(qulonglong(sum));
    }
    case ConfigColumn: {
        if (!status_) return QString();
        const stream::ConfigChange own = overrides(id);
        if (own.empty()) return tr("the job's");
        // Its own keys, then what the job's config gives it for the rest.
        const stream::JobConfig runs = stream::applyChange(status_->config, own);
        QStringList parts;
        if (own.paused) parts << (runs.paused ? tr("paused") : tr("not paused"));
        if (own.ratePerPartition) parts << tr("%1 events/s per partition").arg(locale.toString(runs.ratePerPartition));
        if (own.batch) parts << tr("batch %1").arg(runs.batch);
        return tr("own: %1").arg(parts.join(QStringLiteral(", ")));
    }
    }
    return {};
}

stream::ConfigChange WorkloadModel::overrides(const QString& id) const {
    if (!status_) return {};
    const auto it = status_->overrides.find(id.toStdString());
    return it == status_->overrides.end() ? stream::ConfigChange{} : it->second;
}

void WorkloadModel::setStatus(const stream::JobStatus& status) {
    status_ = status;
    readError_.clear();
    rebuild();
}

void WorkloadModel::setReadError(const QString& error) {
    if (readError_ == error) return;
    readError_ = error;
    emit summaryChanged();
}

void WorkloadModel::setProcesses(const QList<DemoWorker>& workers) {
    processes_ = workers;
    rebuild();
}

void WorkloadModel::retranslate() {
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    rebuild();
}

void WorkloadModel::rebuild() {
    // Rows: the processes in start order, then ids only the job knows (a
    // killed worker's member node until its session expires).
    QStringList ids;
    for (const DemoWorker& w : processes_) ids << w.id;
    std::set<std::string> known;
    if (status_) {
        for (const auto& m : status_->members) known.insert(m);
        for (const auto& [id, ws] : status_->workers) known.insert(id);
    }
    for (const std::string& k : known)
        if (!ids.contains(QString::fromStdString(k))) ids << QString::fromStdString(k);
    if (ids != ids_) {
        beginResetModel();
        ids_ = ids;
        endResetModel();
    } else if (!ids_.isEmpty()) {
        emit dataChanged(index(0, 0), index(int(ids_.size()) - 1, ColumnCount - 1));
    }
    emit summaryChanged();
}

quint64 WorkloadModel::totalOffset() const {
    quint64 sum = 0;
    if (status_)
        for (const auto& [p, r] : status_->offsets) sum += r.offset;
    return sum;
}

int WorkloadModel::ownedPartitions() const {
    if (!status_) return 0;
    return int(std::count_if(status_->assignment.owners.begin(), status_->assignment.owners.end(),
                             [](const auto& o) { return !o.second.empty(); }));
}

QStringList WorkloadModel::inexactSums() const {
    QStringList out;
    if (!status_) return out;
    const QLocale locale;
    for (const auto& [p, r] : status_->offsets) {
        const quint64 expected = stream::expectedSum(p, r.offset);
        if (r.sum != expected)
            out << tr("Partition %1: the sum of its first %2 events is %3, not %4.")
                       .arg(p)
                       .arg(locale.toString(qulonglong(r.offset)), locale.toString(qulonglong(r.sum)),
                            locale.toString(qulonglong(expected)));
    }
    return out;
}

QString WorkloadModel::summary() const {
    if (!status_) return readError_.isEmpty() ? tr("Waiting for the job's status…") : readError_;
    const QLocale locale;
    QString text = tr("%1 partitions, %2 owned, generation %3; %4 events committed. ")
                       .arg(status_->config.partitions)
                       .arg(ownedPartitions())
                       .arg(status_->generation)
                       .arg(locale.toString(qulonglong(totalOffset())));
    const QStringList wrong = inexactSums();
    text += wrong.isEmpty() ? tr("Every sum is exact.") : tr("%n sum(s) NOT exact!", nullptr, int(wrong.size()));
    if (status_->config.paused) text += QLatin1Char(' ') + tr("The job is paused.");
    for (const std::string& p : status_->problems) text += QLatin1Char('\n') + QString::fromStdString(p);
    if (!readError_.isEmpty()) text += QLatin1Char('\n') + readError_;
    return text;
}

}  // namespace zooscope::ui
