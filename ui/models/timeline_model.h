// TimelineModel: what happened to an ensemble, newest last: mode changes,
// elections, servers down and up, quorum lost and regained, restarts, version
// changes, alerts raised and cleared; and from the coordination views, locks
// held too long, contenders whose session is gone, elections without a leader. A table (time, server, event, details)
// for the dashboard, and its CSV export.
//
// Bounded: past `capacity` events (10,000 by default) the oldest go.
// Threads: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <deque>

namespace zooscope::ui {

enum class EventKind {
    ModeChanged,
    Election,
    ServerDown,
    ServerUp,
    QuorumLost,
    QuorumRegained,
    Restart,
    VersionChanged,
    AlertRaised,
    AlertCleared,
    LockHeldLong,  // the coordination views' highlights (RecipeHighlights)
    SessionGone,
    Leaderless,
};
// A stable English name for CSV and tests: "mode", "election", "down", "up",
// "quorum-lost", "quorum-regained", "restart", "version", "alert",
// "alert-cleared", "lock-held-long", "session-gone", "leaderless".
QString eventKindName(EventKind kind);

struct TimelineEvent {
    qint64 atMs = 0;  // wall clock, ms since the epoch
    QString server;   // "" for the ensemble as a whole
    EventKind kind = EventKind::ModeChanged;
    QString text;     // a translated sentence
    friend bool operator==(const TimelineEvent&, const TimelineEvent&) = default;
};

class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, ServerColumn, EventColumn, DetailsColumn, ColumnCount };
    enum Role { KindRole = Qt::UserRole + 1, TimeMsRole };
    static constexpr int kDefaultCapacity = 10000;

    explicit TimelineModel(QObject* parent = nullptr, int capacity = kDefaultCapacity);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void append(const QList<TimelineEvent>& events);
    void clear();
    const TimelineEvent& event(int row) const { return events_[size_t(row)]; }
    QList<TimelineEvent> events() const { return {events_.begin(), events_.end()}; }

    // "time,server,event,details" then one line per event: time in ISO 8601
    // UTC with milliseconds, the event's stable name, RFC 4180 quoting.
    QByteArray toCsv() const;
    // The translated name of a kind ("Election", "Server down", ...).
    static QString kindText(EventKind kind);

private:
    int capacity_;
    std::deque<TimelineEvent> events_;
};

}  // namespace zooscope::ui
