// EnsembleModel: the dashboard's model of one ensemble, a row per server
// (from the connect string and /zookeeper/config), fed one PollResult at a
// time. Each row keeps the server's last sample, its alerts and its charts'
// series; the model keeps what needs history and reports it as timeline
// events (TimelineModel):
// - a server's mode changed, it went down or came back;
// - an election: another server leads, or the leader's epoch rose;
// - the quorum was lost or regained;
// - a restart (its uptime fell), a version change;
// - an alert was raised or cleared.
// The history rules (restart, version change, an election in the last five
// minutes) are this model's; the rules over one sample of the ensemble are
// core/monitor's (zooscope/alert_rules.h: server down, ZooKeeper's
// thresholds, quorum lost, follower behind, split brain, stale leader),
// evaluated with the profile's thresholds after every sample. Quorum lost and
// regained are the transitions of core's quorum-lost rule.
//
// Contracts:
// - Rows keep their data and series across setMembers() calls that name them
//   again, and across the session's reconnects: the model never clears a
//   series, it only drops its oldest points (MetricSeries is bounded).
// - Times are the samples' (PollResult::atMs), so tests replay histories.
// Threads: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <array>
#include <functional>
#include <optional>
#include <vector>

#include "models/metric_series.h"
#include "models/timeline_model.h"
#include "monitor/ensemble_poller.h"
#include "zooscope/alert_rules.h"

namespace zooscope::ui {

struct ServerAlert {
    QString rule;           // a stable name: core's (alertRuleName) or "restart", "version-changed", "recent-election"
    QString text;           // translated sentence
    bool critical = false;  // else a warning
    // `text` again in the language of the moment (for the timeline, whose
    // entries outlive a language switch).
    std::function<QString()> wording;
};

// Who a row is.
struct EnsembleMember {
    QString server;                  // "host:port": as the connect string writes it, or from /zookeeper/config
    std::optional<qint64> memberId;  // server.N, when /zookeeper/config lists it
    bool observer = false;
    bool reachable = true;           // false: listed without a client address
    friend bool operator==(const EnsembleMember&, const EnsembleMember&) = default;
};

enum class Metric { Latency, Outstanding, PacketsPerSecond, Znodes, Watches, DataSize, FollowerLag };
inline constexpr int kMetricCount = 7;

struct ServerRow {
    EnsembleMember member;
    std::optional<monitor::ServerSample> sample;  // the last one
    qint64 sampledAtMs = 0;
    qint64 tookMs = 0;
    int samples = 0;
    std::optional<qint64> followerLag;  // zxids behind the leader
    QList<ServerAlert> alerts;          // the rules' and the history's
    std::array<MetricSeries, kMetricCount> series;
    const MetricSeries& seriesOf(Metric m) const { return series[size_t(m)]; }

    // History.
    std::optional<qint64> packets;  // received + sent at packetsAtMs
    qint64 packetsAtMs = 0;
    qint64 restartedAtMs = 0;
    qint64 versionChangedAtMs = 0;
    QString previousVersion;
    // The mode to show: Unreachable for a member without a client address,
    // nullopt before the first sample.
    std::optional<monitor::ServerMode> mode() const;
};

class EnsembleModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        ServerColumn,
        ModeColumn,
        EpochColumn,
        ZxidColumn,
        LatencyColumn,
        ConnectionsColumn,
        OutstandingColumn,
        ZnodesColumn,
        WatchesColumn,
        EphemeralsColumn,
        DataSizeColumn,
        FileDescriptorsColumn,
        FollowersColumn,
        VersionColumn,
        UptimeColumn,
        AlertsColumn,
        ColumnCount
    };
    enum Role { ModeNameRole = Qt::UserRole + 1, AlertRulesRole };
    // How long a restart, a version change and an election stay alerts.
    static constexpr qint64 kRecentMs = 5 * 60 * 1000;

    explicit EnsembleModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // The rows, in this order; rows named again keep their data.
    // `membership`: /zookeeper/config as read, for the quorum rule's voters.
    void setMembers(const QList<EnsembleMember>& members,
                    const std::optional<monitor::Membership>& membership = std::nullopt);
    void setThresholds(const monitor::AlertThresholds& thresholds) { thresholds_ = thresholds; }
    const monitor::AlertThresholds& thresholds() const { return thresholds_; }
    void apply(const PollResult& result);
    // Words the alerts again in the current language (the timeline keeps
    // the words of the moment it recorded).
    void retranslate();

    const ServerRow& row(int i) const { return rows_[size_t(i)]; }
    int rowOf(const QString& server) const;
    // Core's quorum-lost rule fired on the last sample.
    bool quorumLost() const { return quorumLost_; }
    // The leading server's row, -1 when none leads.
    int leaderRow() const;
    // Alerts about the ensemble as a whole (quorum, split brain, a recent
    // election).
    const QList<ServerAlert>& ensembleAlerts() const { return ensembleAlerts_; }
    // Every alert, the ensemble's and each row's.
    int alertCount() const;
    bool hasCriticalAlert() const;

    // Readable values, for the cards and the table.
    static QString modeText(std::optional<monitor::ServerMode> mode);
    static QString metricText(Metric metric);
    static QString formatBytes(qint64 bytes);
    static QString formatDuration(qint64 ms);
    // A core rule's alert as the UI words it (translated), with the row's
    // figures where the rule reads one; `row` is null for the ensemble's.
    static QString alertText(const monitor::Alert& alert, const ServerRow* row,
                             const monitor::AlertThresholds& thresholds);
    // alertText later: the row's figures of now, worded when called.
    static std::function<QString()> alertWording(const monitor::Alert& alert, const ServerRow* row,
                                                 const monitor::AlertThresholds& thresholds);

signals:
    void eventsOccurred(const QList<zooscope::ui::TimelineEvent>& events);
    // After every sample: the alerts may have changed.
    void alertsChanged();

private:
    void record(ServerRow& row, const PollResult& result, QList<TimelineEvent>* events);
    void updateEnsemble(qint64 nowMs, QList<TimelineEvent>* events);
    void updateAlerts(qint64 nowMs, QList<TimelineEvent>* events);
    QString displayText(const ServerRow& row, int column) const;

    std::vector<ServerRow> rows_;
    std::optional<monitor::Membership> membership_;
    monitor::AlertThresholds thresholds_;
    bool quorumLost_ = false;
    QString leader_;            // the last server seen leading
    std::optional<qint64> leaderEpoch_;
    qint64 electedAtMs_ = 0;    // the last election this model saw
    qint64 lastSampleAtMs_ = 0;
    QList<ServerAlert> ensembleAlerts_;
};

}  // namespace zooscope::ui
