// TimelineModel: what happened to an ensemble, newest last: mode changes,
// elections, servers down and up, quorum lost and regained, restarts, version
// changes, alerts raised and cleared; on demo ensembles what the user did to a
// node or a worker (kill, pause, isolate...); and from the coordination views,
// locks held too long, contenders whose session is gone, elections without a
// leader. A table (time, server, event, details)
// for the dashboard, and its CSV export.
//
// Bounded: past `capacity` events (10,000 by default) the oldest go.
// Threads: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <deque>
#include <functional>

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
    Action,        // the user acted on a demo ensemble's node or worker
    LockHeldLong,  // the coordination views' highlights (RecipeHighlights)
    SessionGone,
    Leaderless,
    UnderReplicated,  // a Kafka partition whose ISR is smaller than its replicas
};
// A stable English name for CSV and tests: "mode", "election", "down", "up",
// "quorum-lost", "quorum-regained", "restart", "version", "alert",
// "alert-cleared", "action", "lock-held-long", "session-gone", "leaderless",
// "under-replicated".
QString eventKindName(EventKind kind);

struct TimelineEvent {
    qint64 atMs = 0;  // wall clock, ms since the epoch
    QString server;   // "" for the ensemble as a whole
    EventKind kind = EventKind::ModeChanged;
    QString text;     // the details as worded when it happened
    // Words the details again in the language of the moment (the timeline
    // shows and exports this, so a language switch reaches old entries);
    // empty: `text` stands.
    std::function<QString()> wording;
    QString details() const { return wording ? wording() : text; }

    // An event whose details follow the language: text = wording().
    static TimelineEvent worded(qint64 atMs, const QString& server, EventKind kind, std::function<QString()> wording) {
        return {atMs, server, kind, wording(), std::move(wording)};
    }
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
    // The language changed: every cell and header is worded again.
    void retranslate();
    const TimelineEvent& event(int row) const { return events_[size_t(row)]; }
    QList<TimelineEvent> events() const { return {events_.begin(), events_.end()}; }

    // "time,server,event,details" then one line per event: time in ISO 8601
    // UTC with milliseconds, the event's stable name, the details in the
    // current language, RFC 4180 quoting.
    QByteArray toCsv() const;
    // The translated name of a kind ("Election", "Server down", ...).
    static QString kindText(EventKind kind);

private:
    int capacity_;
    std::deque<TimelineEvent> events_;
};

}  // namespace zooscope::ui
