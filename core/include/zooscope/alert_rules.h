// zooscope/alert_rules.h — the built-in alert rules: stateless checks over
// one sample of an ensemble (one ServerSample per server, plus the
// membership when it was read), with thresholds a profile may change.
// zooscope-ctl's `ensemble` prints what they find; the dashboard shows the
// same alerts and adds the rules that need history (a restart, a version
// change, an election in the last 5 minutes), which are not here.
//
// Contracts:
// - evaluateAlerts is a pure function of its inputs: thread-safe, never
//   throws, any sample (fields missing, zxids garbage) is acceptable.
// - A rule fires only on what the sample says: a field a source did not give
//   never fires (and never clears) anything on its own.
// - Rule names are stable and the list is fixed (docs/monitoring.md, "Alert
//   rules"): the UI translates by name and scripts match on it. A new rule is
//   a new name; a name never changes meaning.
// - `detail` is an English sentence for the command line (zkCli-like output
//   stays English); the UI builds its own from the rule name and the server.
// - Samples of different servers are taken at slightly different moments:
//   the cross-server rules (follower lag, leaders' epochs) read them as one
//   moment, so their thresholds leave room for that.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/server_answers.h"
#include "zooscope/server_sample.h"

namespace zooscope::monitor {

// One server of the ensemble in one sample.
struct ObservedServer {
    std::string name;                 // "host:port" as the connect string or /zookeeper/config wrote it
    std::optional<int64_t> memberId;  // its server.N id, when the caller matched it to the membership
    ServerSample sample;              // mode Unreachable: a member this profile has no client address for
};

// One sample of the whole ensemble.
struct EnsembleObservation {
    std::vector<ObservedServer> servers;
    std::optional<Membership> membership;  // /zookeeper/config, when it could be read
};

enum class AlertRule {
    // ZooKeeper's recommended rules (its Prometheus alerting examples, 3.6+)
    ServerDown,            // "server-down": no answer on any channel
    TooManyZnodes,         // "too-many-znodes": znode_count
    TooManyConnections,    // "too-many-connections": num_alive_connections
    DataSizeTooBig,        // "data-size-too-big": approximate_data_size
    TooManyWatches,        // "too-many-watches": watch_count
    TooManyOpenFiles,      // "too-many-open-files": open_file_descriptor_count
    FsyncTimeTooLong,      // "fsync-time-too-long": ms spent in fsync per second
    SnapshotTimeTooLong,   // "snapshot-time-too-long": ms spent writing snapshots per second
    AverageLatencyTooHigh, // "average-latency-too-high": avg_latency
    // The ensemble's own
    NotServing,            // "not-serving": answers, but serves no client (electing, no quorum)
    QuorumLost,            // "quorum-lost": fewer voters answer than a quorum needs
    FollowerBehind,        // "follower-behind": a follower or observer, zxids behind the leader
    SplitBrain,            // "split-brain": two servers say leader in the same epoch
    StaleLeader,           // "stale-leader": a leader of an older epoch than another leader's
};

enum class AlertSeverity { Warning, Critical };

// "server-down", "too-many-znodes", ... (the names above).
std::string_view alertRuleName(AlertRule rule);
std::optional<AlertRule> alertRuleFromName(std::string_view name);
std::span<const AlertRule> allAlertRules();
// "warning", "critical".
std::string_view severityName(AlertSeverity severity);

struct Alert {
    AlertRule rule;
    AlertSeverity severity;
    std::string server;  // ObservedServer::name; empty for the ensemble as a whole (quorum-lost)
    std::string detail;  // English, one sentence
};

// Every threshold is "fires above this value". The defaults are ZooKeeper's
// recommended ones (zookeeperMonitor.md's Prometheus rules), except
// followerLagZxids, for which ZooKeeper recommends none.
struct AlertThresholds {
    double znodeCount = 1'000'000;
    double connections = 50;  // ZooKeeper's note: with the default maxClientCnxns of 60
    double dataSizeBytes = 1024.0 * 1024 * 1024;
    double watchCount = 10'000;
    double openFileDescriptors = 300;
    // ZooKeeper's rules take rate(fsynctime_sum) and rate(snapshottime_sum)
    // over 1 and 5 minutes; one sample has only the sums since the server
    // started, so the rate here is over its uptime.
    double fsyncMsPerSecond = 100;
    double snapshotMsPerSecond = 100;
    double averageLatencyMs = 100;
    double followerLagZxids = 10'000;
};

// The thresholds by a stable key, for profiles and `--threshold key=value`:
// "znode-count", "connections", "data-size-bytes", "watch-count",
// "open-file-descriptors", "fsync-ms-per-second", "snapshot-ms-per-second",
// "average-latency-ms", "follower-lag-zxids".
struct ThresholdKey {
    std::string_view key;
    double AlertThresholds::*field;
    std::string_view meaning;  // English, for --help and docs
};
std::span<const ThresholdKey> thresholdKeys();
// Sets one threshold from "key=value" text. On a key not in the list or a
// value that is not a finite number >= 0, returns false, leaves `thresholds`
// as it was and sets *error to a sentence naming the problem.
bool setThreshold(AlertThresholds* thresholds, std::string_view keyEqualsValue, std::string* error);

// The alerts one sample raises, per server in the order of `servers`, then
// the ensemble's (quorum-lost, the one rule about no server in particular).
// split-brain is raised on each leader of the shared epoch, stale-leader on
// the old leader.
//
// Voters: the participants of `membership` (a member is matched to a server
// by ObservedServer::memberId, else by the sample's serverId); without a
// membership, every server not reporting observer. A quorum is a majority
// of the voters; quorum-lost fires when the voters that answered (any mode
// but down) are fewer, and the voters this profile cannot reach
// (unreachable, or not among `servers`) could not make up the difference.
// The rule needs two voters or more, and no server reporting standalone.
std::vector<Alert> evaluateAlerts(const EnsembleObservation& sample, const AlertThresholds& thresholds = {});

// Transactions a learner at `zxid` is behind a leader at `leaderZxid`: the
// difference within one epoch (zxid >> 32); from an older epoch, at least
// every transaction of the leader's epoch (its low half), never the raw
// difference (which counts 2^32 per epoch); 0 when the learner is ahead
// (sampled later) or of a newer epoch. Pure; follower-behind and the
// dashboard's lag chart both use it.
int64_t zxidsBehind(int64_t leaderZxid, int64_t zxid);

}  // namespace zooscope::monitor
