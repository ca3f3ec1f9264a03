// LogModel: the lines of the app's log (app_logging.h) for the in-app log
// panel: time, level, message; the oldest dropped beyond a capacity.
//
// Threads: LogModel lives on the GUI thread and its methods are for that
// thread only, except threadSafeAppender()'s function, which the log sink
// calls from whatever thread logs (the line reaches the model queued).
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

namespace zooscope::ui {

struct LogEntry {
    QDateTime time;
    int level = 2;  // spdlog::level::level_enum
    QString message;
};

class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, LevelColumn, MessageColumn, ColumnCount };
    // Oldest rows are dropped beyond `capacity`.
    explicit LogModel(int capacity = 5000, QObject* parent = nullptr);
    ~LogModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void append(const LogEntry& entry);
    void clear();
    const std::vector<LogEntry>& entries() const { return entries_; }
    // Every line as "time level message\n" (for "copy all").
    QString toText() const;

    // Translated level name ("info", "warning"...).
    static QString levelName(int level);

    // Appends a line from any thread (queued to the model's thread); does
    // nothing once the model is gone.
    using Appender = std::function<void(LogEntry)>;
    Appender threadSafeAppender() const;

private:
    struct Bridge;  // shared with the appenders; detached when the model dies
    int capacity_;
    std::vector<LogEntry> entries_;
    std::shared_ptr<Bridge> bridge_;
};

}  // namespace zooscope::ui
