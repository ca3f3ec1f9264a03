// The app's logging: spdlog to a rotating file under the XDG data dir, to
// stderr, and to LogModel (the in-app log panel), with known secrets redacted
// before any sink sees a line.
//
// Threads: the sinks run on whatever thread logs (the client's callback
// threads, the engine's network thread...). LogModel lives on the GUI thread;
// lines reach it through queued calls. LogModel's own methods: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QString>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zooscope::ui {

// Adds `secret` to the set every sink masks as "***" (thread-safe). Secrets
// shorter than 4 characters are not registered (masking one or two letters
// would garble every line); the code never logs secrets in the first place,
// this is the second line of defence.
void registerSecretForRedaction(const std::string& secret);
// `text` with every registered secret replaced by "***".
std::string redactSecrets(std::string_view text);

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

    struct Bridge;  // shared with the sink; detached when the model dies

private:
    int capacity_;
    std::vector<LogEntry> entries_;
    std::shared_ptr<Bridge> bridge_;
    friend std::string installAppLogging(const QString&, LogModel*, QString*);
};

// Makes spdlog's default logger write to <logDir>/zooscope.log (rotating,
// 5 MB x 3), stderr and `model` (may be null), all through the redactor.
// Returns the log file path; "" + *error when the file cannot be opened (the
// other sinks are still installed).
std::string installAppLogging(const QString& logDir, LogModel* model, QString* error);

}  // namespace zooscope::ui
