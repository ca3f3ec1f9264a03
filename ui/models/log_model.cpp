#include "models/log_model.h"

#include <QBrush>
#include <QColor>
#include <QMetaObject>
#include <spdlog/common.h>

#include <mutex>

namespace zooscope::ui {

struct LogModel::Bridge {
    std::mutex mutex;
    LogModel* model = nullptr;  // GUARDED_BY(mutex); null once the model is gone
};

LogModel::Appender LogModel::threadSafeAppender() const {
    return [bridge = bridge_](LogEntry entry) {
        std::lock_guard lock(bridge->mutex);
        // Posted events of a destroyed object are dropped by Qt, so holding the
        // lock while posting is enough.
        if (LogModel* m = bridge->model)
            QMetaObject::invokeMethod(m, [m, e = std::move(entry)] { m->append(e); }, Qt::QueuedConnection);
    };
}

LogModel::LogModel(int capacity, QObject* parent)
    : QAbstractTableModel(parent), capacity_(capacity), bridge_(std::make_shared<Bridge>()) {
    bridge_->model = this;
}

LogModel::~LogModel() {
    std::lock_guard lock(bridge_->mutex);
    bridge_->model = nullptr;
}

int LogModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(entries_.size()); }
int LogModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QString LogModel::levelName(int level) {
    switch (level) {
        case spdlog::level::trace: return tr("trace");
        case spdlog::level::debug: return tr("debug");
        case spdlog::level::info: return tr("info");
        case spdlog::level::warn: return tr("warning");
        case spdlog::level::err: return tr("error");
        case spdlog::level::critical: return tr("critical");
        default: return QString();
    }
}

QVariant LogModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const LogEntry& e = entries_[size_t(index.row())];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
            case TimeColumn: return e.time.toString(QStringLiteral("HH:mm:ss.zzz"));
            case LevelColumn: return levelName(e.level);
            case MessageColumn: return e.message;
        }
    } else if (role == Qt::ToolTipRole && index.column() == MessageColumn) {
        return e.message;
    } else if (role == Qt::ForegroundRole && index.column() == LevelColumn) {
        if (e.level >= spdlog::level::err) return QBrush(QColor(0xd3, 0x2f, 0x2f));
        if (e.level == spdlog::level::warn) return QBrush(QColor(0xe6, 0x8a, 0x00));
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation o, int role) const {
    if (o != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case TimeColumn: return tr("Time");
        case LevelColumn: return tr("Level");
        case MessageColumn: return tr("Message");
    }
    return {};
}

void LogModel::append(const LogEntry& entry) {
    if (capacity_ > 0 && int(entries_.size()) >= capacity_) {
        const int drop = int(entries_.size()) - capacity_ + 1;
        beginRemoveRows({}, 0, drop - 1);
        entries_.erase(entries_.begin(), entries_.begin() + drop);
        endRemoveRows();
    }
    const int row = int(entries_.size());
    beginInsertRows({}, row, row);
    entries_.push_back(entry);
    endInsertRows();
}

void LogModel::clear() {
    beginResetModel();
    entries_.clear();
    endResetModel();
}

QString LogModel::toText() const {
    QString out;
    for (const auto& e : entries_)
        out += e.time.toString(Qt::ISODateWithMs) + ' ' + levelName(e.level) + ' ' + e.message + '\n';
    return out;
}

}  // namespace zooscope::ui
