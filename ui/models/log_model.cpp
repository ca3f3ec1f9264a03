#include "models/log_model.h"

#include <QBrush>
#include <QCoreApplication>
#include <QColor>
#include <QDir>
#include <QMetaObject>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <set>

namespace zooscope::ui {

namespace {

constexpr size_t kMinSecretLength = 4;

std::mutex& secretsMutex() {
    static std::mutex m;
    return m;
}
std::set<std::string>& secrets() {
    static std::set<std::string> s;  // GUARDED_BY(secretsMutex())
    return s;
}

}  // namespace

void registerSecretForRedaction(const std::string& secret) {
    if (secret.size() < kMinSecretLength) return;
    std::lock_guard lock(secretsMutex());
    secrets().insert(secret);
}

std::string redactSecrets(std::string_view text) {
    std::string out(text);
    std::lock_guard lock(secretsMutex());
    for (const auto& s : secrets()) {
        for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 3)) out.replace(pos, s.size(), "***");
    }
    return out;
}

struct LogModel::Bridge {
    std::mutex mutex;
    LogModel* model = nullptr;  // GUARDED_BY(mutex); null once the model is gone
};

namespace {

// Forwards every line with secrets masked to the wrapped sinks.
class RedactingSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit RedactingSink(std::vector<spdlog::sink_ptr> sinks) : sinks_(std::move(sinks)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        const std::string clean = redactSecrets(std::string_view(msg.payload.data(), msg.payload.size()));
        spdlog::details::log_msg copy(msg);
        copy.payload = spdlog::string_view_t(clean.data(), clean.size());
        for (auto& s : sinks_) {
            if (s->should_log(copy.level)) s->log(copy);
        }
    }
    void flush_() override {
        for (auto& s : sinks_) s->flush();
    }

private:
    std::vector<spdlog::sink_ptr> sinks_;
};

// Posts lines to a LogModel on its thread.
class ModelSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit ModelSink(std::shared_ptr<LogModel::Bridge> bridge) : bridge_(std::move(bridge)) {}

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        LogEntry e;
        e.time = QDateTime::fromMSecsSinceEpoch(
            std::chrono::duration_cast<std::chrono::milliseconds>(msg.time.time_since_epoch()).count());
        e.level = int(msg.level);
        e.message = QString::fromUtf8(msg.payload.data(), qsizetype(msg.payload.size()));
        std::lock_guard lock(bridge_->mutex);
        // Posted events of a destroyed object are dropped by Qt, so holding the
        // lock while posting is enough.
        if (LogModel* m = bridge_->model) QMetaObject::invokeMethod(m, [m, e] { m->append(e); }, Qt::QueuedConnection);
    }
    void flush_() override {}

private:
    std::shared_ptr<LogModel::Bridge> bridge_;
};

}  // namespace

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

std::string installAppLogging(const QString& logDir, LogModel* model, QString* error) {
    std::vector<spdlog::sink_ptr> sinks;
    sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    std::string path;
    if (QDir().mkpath(logDir)) {
        path = QDir(logDir).filePath(QStringLiteral("zooscope.log")).toStdString();
        try {
            sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(path, 5 * 1024 * 1024, 3));
        } catch (const spdlog::spdlog_ex& ex) {
            if (error) *error = QString::fromUtf8(ex.what());
            path.clear();
        }
    } else if (error) {
        *error = QCoreApplication::translate("zooscope::ui::LogModel", "Cannot create the log directory %1.").arg(logDir);
    }
    if (model) sinks.push_back(std::make_shared<ModelSink>(model->bridge_));
    auto logger = std::make_shared<spdlog::logger>("zooscope", std::make_shared<RedactingSink>(std::move(sinks)));
    logger->set_level(spdlog::get_level());
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    return path;
}

}  // namespace zooscope::ui
