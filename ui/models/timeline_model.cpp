#include "models/timeline_model.h"

#include <QDateTime>

namespace zooscope::ui {

QString eventKindName(EventKind kind) {
    switch (kind) {
    case EventKind::ModeChanged: return QStringLiteral("mode");
    case EventKind::Election: return QStringLiteral("election");
    case EventKind::ServerDown: return QStringLiteral("down");
    case EventKind::ServerUp: return QStringLiteral("up");
    case EventKind::QuorumLost: return QStringLiteral("quorum-lost");
    case EventKind::QuorumRegained: return QStringLiteral("quorum-regained");
    case EventKind::Restart: return QStringLiteral("restart");
    case EventKind::VersionChanged: return QStringLiteral("version");
    case EventKind::AlertRaised: return QStringLiteral("alert");
    case EventKind::AlertCleared: return QStringLiteral("alert-cleared");
    case EventKind::Action: return QStringLiteral("action");
    case EventKind::LockHeldLong: return QStringLiteral("lock-held-long");
    case EventKind::SessionGone: return QStringLiteral("session-gone");
    case EventKind::Leaderless: return QStringLiteral("leaderless");
    case EventKind::UnderReplicated: return QStringLiteral("under-replicated");
    }
    return {};
}

QString TimelineModel::kindText(EventKind kind) {
    switch (kind) {
    case EventKind::ModeChanged: return tr("Mode changed");
    case EventKind::Election: return tr("Election");
    case EventKind::ServerDown: return tr("Server down");
    case EventKind::ServerUp: return tr("Server up");
    case EventKind::QuorumLost: return tr("Quorum lost");
    case EventKind::QuorumRegained: return tr("Quorum regained");
    case EventKind::Restart: return tr("Restart");
    case EventKind::VersionChanged: return tr("Version changed");
    case EventKind::AlertRaised: return tr("Alert");
    case EventKind::AlertCleared: return tr("Alert cleared");
    case EventKind::Action: return tr("Action");
    case EventKind::LockHeldLong: return tr("Lock held long");
    case EventKind::SessionGone: return tr("Session gone");
    case EventKind::Leaderless: return tr("No leader");
    case EventKind::UnderReplicated: return tr("Under-replicated");
    }
    return {};
}

TimelineModel::TimelineModel(QObject* parent, int capacity)
    : QAbstractTableModel(parent), capacity_(capacity > 0 ? capacity : 1) {}

int TimelineModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(events_.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant TimelineModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const TimelineEvent& e = events_[size_t(index.row())];
    if (role == KindRole) return eventKindName(e.kind);
    if (role == TimeMsRole) return e.atMs;
    if (role == Qt::ToolTipRole && index.column() == TimeColumn)
        return QDateTime::fromMSecsSinceEpoch(e.atMs, Qt::UTC).toString(Qt::ISODateWithMs);
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case TimeColumn: return QDateTime::fromMSecsSinceEpoch(e.atMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case ServerColumn: return e.server.isEmpty() ? tr("ensemble") : e.server;
    case EventColumn: return kindText(e.kind);
    case DetailsColumn: return e.details();
    }
    return {};
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case ServerColumn: return tr("Server");
    case EventColumn: return tr("Event");
    case DetailsColumn: return tr("Details");
    }
    return {};
}

void TimelineModel::append(const QList<TimelineEvent>& events) {
    if (events.isEmpty()) return;
    const int overflow = int(events_.size()) + int(events.size()) - capacity_;
    if (overflow > 0) {
        const int drop = std::min(overflow, int(events_.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            events_.erase(events_.begin(), events_.begin() + drop);
            endRemoveRows();
        }
    }
    // More new events than the capacity: only the newest fit.
    const int skip = std::max(0, int(events.size()) - capacity_);
    const int first = int(events_.size());
    beginInsertRows({}, first, first + int(events.size()) - skip - 1);
    for (int i = skip; i < events.size(); ++i) events_.push_back(events[i]);
    endInsertRows();
}

void TimelineModel::retranslate() {
    if (!events_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    emit headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
}

void TimelineModel::clear() {
    if (events_.empty()) return;
    beginResetModel();
    events_.clear();
    endResetModel();
}

namespace {

QByteArray csvField(const QString& text) {
    QByteArray utf8 = text.toUtf8();
    if (!utf8.contains(',') && !utf8.contains('"') && !utf8.contains('\n') && !utf8.contains('\r')) return utf8;
    utf8.replace("\"", "\"\"");
    return '"' + utf8 + '"';
}

}  // namespace

QByteArray TimelineModel::toCsv() const {
    QByteArray out = "time,server,event,details\r\n";
    for (const TimelineEvent& e : events_) {
        out += csvField(QDateTime::fromMSecsSinceEpoch(e.atMs, Qt::UTC).toString(Qt::ISODateWithMs)) + ',' +
               csvField(e.server) + ',' + csvField(eventKindName(e.kind)) + ',' + csvField(e.details()) + "\r\n";
    }
    return out;
}

}  // namespace zooscope::ui
