// The built-in alert rules over one sample of an ensemble.
#include "zooscope/alert_rules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <map>

namespace zooscope::monitor {

namespace {

struct RuleInfo {
    AlertRule rule;
    std::string_view name;
    AlertSeverity severity;
};

constexpr RuleInfo kRules[] = {
    {AlertRule::ServerDown, "server-down", AlertSeverity::Critical},
    {AlertRule::TooManyZnodes, "too-many-znodes", AlertSeverity::Warning},
    {AlertRule::TooManyConnections, "too-many-connections", AlertSeverity::Warning},
    {AlertRule::DataSizeTooBig, "data-size-too-big", AlertSeverity::Warning},
    {AlertRule::TooManyWatches, "too-many-watches", AlertSeverity::Warning},
    {AlertRule::TooManyOpenFiles, "too-many-open-files", AlertSeverity::Warning},
    {AlertRule::FsyncTimeTooLong, "fsync-time-too-long", AlertSeverity::Warning},
    {AlertRule::SnapshotTimeTooLong, "snapshot-time-too-long", AlertSeverity::Warning},
    {AlertRule::AverageLatencyTooHigh, "average-latency-too-high", AlertSeverity::Warning},
    {AlertRule::NotServing, "not-serving", AlertSeverity::Warning},
    {AlertRule::QuorumLost, "quorum-lost", AlertSeverity::Critical},
    {AlertRule::FollowerBehind, "follower-behind", AlertSeverity::Warning},
    {AlertRule::SplitBrain, "split-brain", AlertSeverity::Critical},
    {AlertRule::StaleLeader, "stale-leader", AlertSeverity::Warning},
};

constexpr auto kAllRules = [] {
    std::array<AlertRule, std::size(kRules)> all{};
    for (size_t i = 0; i < all.size(); ++i) all[i] = kRules[i].rule;
    return all;
}();

const RuleInfo& info(AlertRule rule) {
    for (const RuleInfo& r : kRules) {
        if (r.rule == rule) return r;
    }
    return kRules[0];  // unreachable: every enumerator is listed
}

constexpr ThresholdKey kThresholdKeys[] = {
    {"znode-count", &AlertThresholds::znodeCount, "znodes on one server (too-many-znodes)"},
    {"connections", &AlertThresholds::connections, "client connections to one server (too-many-connections)"},
    {"data-size-bytes", &AlertThresholds::dataSizeBytes, "approximate data size in bytes (data-size-too-big)"},
    {"watch-count", &AlertThresholds::watchCount, "watches on one server (too-many-watches)"},
    {"open-file-descriptors", &AlertThresholds::openFileDescriptors, "open file descriptors (too-many-open-files)"},
    {"fsync-ms-per-second", &AlertThresholds::fsyncMsPerSecond,
     "ms spent in fsync per second of uptime (fsync-time-too-long)"},
    {"snapshot-ms-per-second", &AlertThresholds::snapshotMsPerSecond,
     "ms spent writing snapshots per second of uptime (snapshot-time-too-long)"},
    {"average-latency-ms", &AlertThresholds::averageLatencyMs, "average request latency in ms (average-latency-too-high)"},
    {"follower-lag-zxids", &AlertThresholds::followerLagZxids,
     "transactions a follower or observer is behind the leader (follower-behind)"},
};

// Numbers in sentences: integers without a fraction, others with one decimal.
std::string number(double v) {
    char buf[64];
    if (std::floor(v) == v && std::fabs(v) < 1e15) std::snprintf(buf, sizeof buf, "%.0f", v);
    else std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string hexZxid(int64_t zxid) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(zxid));
    return buf;
}

class Collector {
public:
    explicit Collector(std::vector<Alert>* out) : out_(out) {}
    void add(AlertRule rule, std::string server, std::string detail) {
        out_->push_back(Alert{rule, info(rule).severity, std::move(server), std::move(detail)});
    }

private:
    std::vector<Alert>* out_;
};

bool answered(const ServerSample& s) {
    return s.mode && *s.mode != ServerMode::Down && *s.mode != ServerMode::Unreachable;
}

std::optional<double> asDouble(const std::optional<int64_t>& v) {
    return v ? std::optional<double>(double(*v)) : std::nullopt;
}

// Time spent per second of uptime: the sum of the summary (avg * count)
// over the uptime, the only window one sample has.
std::optional<double> perSecondOfUptime(const std::optional<TimingSummary>& summary, const ServerSample& s) {
    if (!summary || !s.uptimeMs || *s.uptimeMs <= 0) return std::nullopt;
    return summary->avgMs * double(summary->count) / (double(*s.uptimeMs) / 1000.0);
}

// ZooKeeper's rules on one server's figures, each "<name><before><value>
// <after><threshold><unit>".
void gaugeRules(const ObservedServer& o, const AlertThresholds& t, Collector* c) {
    const ServerSample& s = o.sample;
    struct Gauge {
        AlertRule rule;
        std::optional<double> value;
        double threshold;
        std::string_view before, after, unit;
    };
    const Gauge gauges[] = {
        {AlertRule::TooManyZnodes, asDouble(s.znodes), t.znodeCount, " has ", " znodes, more than ", ""},
        {AlertRule::TooManyConnections, asDouble(s.connections), t.connections, " has ",
         " client connections, more than ", ""},
        {AlertRule::DataSizeTooBig, asDouble(s.approximateDataSize), t.dataSizeBytes, " has ",
         " bytes of data, more than ", ""},
        {AlertRule::TooManyWatches, asDouble(s.watches), t.watchCount, " has ", " watches, more than ", ""},
        {AlertRule::TooManyOpenFiles, asDouble(s.openFileDescriptors), t.openFileDescriptors, " has ",
         " open file descriptors, more than ", ""},
        {AlertRule::AverageLatencyTooHigh, s.latency ? std::optional<double>(s.latency->avgMs) : std::nullopt,
         t.averageLatencyMs, " answers in ", " ms on average, more than ", " ms"},
        {AlertRule::FsyncTimeTooLong, perSecondOfUptime(s.fsync, s), t.fsyncMsPerSecond, " spent ",
         " ms per second in fsync since it started, more than ", ""},
        {AlertRule::SnapshotTimeTooLong, perSecondOfUptime(s.snapshot, s), t.snapshotMsPerSecond, " spent ",
         " ms per second writing snapshots since it started, more than ", ""},
    };
    for (const Gauge& g : gauges) {
        if (g.value && *g.value > g.threshold)
            c->add(g.rule, o.name,
                   o.name + std::string(g.before) + number(*g.value) + std::string(g.after) + number(g.threshold) +
                       std::string(g.unit));
    }
}

std::optional<int64_t> epochOf(const ServerSample& s) { return s.epoch(); }

// The member id a server stands for: the caller's match, else what the
// server said of itself (0 is a standalone server's id, no member's).
std::optional<int64_t> idOf(const ObservedServer& o) {
    if (o.memberId) return o.memberId;
    if (o.sample.serverId && *o.sample.serverId > 0) return o.sample.serverId;
    return std::nullopt;
}

// Leaders by epoch: split brain (two in one epoch) and stale leaders (an
// epoch older than the newest leader's). Returns the current leader, the
// one follower lag is measured against: the newest epoch's, highest zxid.
const ObservedServer* leaderRules(const EnsembleObservation& e, Collector* c) {
    std::map<int64_t, std::vector<const ObservedServer*>> byEpoch;
    for (const ObservedServer& o : e.servers) {
        if (o.sample.mode == ServerMode::Leader && o.sample.zxid) byEpoch[*epochOf(o.sample)].push_back(&o);
    }
    if (byEpoch.empty()) return nullptr;
    const int64_t newest = byEpoch.rbegin()->first;
    for (const auto& [epoch, leaders] : byEpoch) {
        for (const ObservedServer* l : leaders) {
            if (leaders.size() < 2) break;
            std::string others;
            for (const ObservedServer* o : leaders) {
                if (o != l) others += (others.empty() ? "" : ", ") + o->name;
            }
            c->add(AlertRule::SplitBrain, l->name,
                   l->name + " says it leads epoch " + std::to_string(epoch) + ", and so does " + others);
        }
        if (epoch < newest) {
            for (const ObservedServer* l : leaders)
                c->add(AlertRule::StaleLeader, l->name,
                       l->name + " still says leader in epoch " + std::to_string(epoch) + ", while " +
                           byEpoch[newest].front()->name + " leads epoch " + std::to_string(newest));
        }
    }
    const auto& current = byEpoch[newest];
    return *std::max_element(current.begin(), current.end(),
                             [](const ObservedServer* a, const ObservedServer* b) {
                                 return *a->sample.zxid < *b->sample.zxid;
                             });
}

// A learner of the leader's epoch is behind by the difference of the zxids;
// one of an older epoch has missed at least every transaction of the
// leader's epoch (the zxid's low half). A learner ahead of the leader was
// sampled later: nothing to say.
void followerRules(const EnsembleObservation& e, const ObservedServer& leader, const AlertThresholds& t,
                   Collector* c) {
    const int64_t leaderZxid = *leader.sample.zxid;
    for (const ObservedServer& o : e.servers) {
        const ServerSample& s = o.sample;
        if ((s.mode != ServerMode::Follower && s.mode != ServerMode::Observer) || !s.zxid) continue;
        const double lag = double(zxidsBehind(leaderZxid, *s.zxid));
        if (lag > t.followerLagZxids)
            c->add(AlertRule::FollowerBehind, o.name,
                   o.name + " (" + std::string(modeName(*s.mode)) + ", zxid " + hexZxid(*s.zxid) + ") is " +
                       number(lag) + " transactions behind the leader " + leader.name + " (zxid " +
                       hexZxid(leaderZxid) + "), more than " + number(t.followerLagZxids));
    }
}

void quorumRule(const EnsembleObservation& e, Collector* c) {
    for (const ObservedServer& o : e.servers) {
        if (o.sample.mode == ServerMode::Standalone) return;
    }
    int voters = 0, up = 0, unknown = 0;
    const bool members = e.membership && !e.membership->members.empty();
    if (members) {
        for (const EnsembleMember& m : e.membership->members) {
            if (m.observer) continue;
            ++voters;
            const auto it = std::find_if(e.servers.begin(), e.servers.end(),
                                         [&](const ObservedServer& o) { return idOf(o) == m.id; });
            if (it == e.servers.end() || it->sample.mode == ServerMode::Unreachable) ++unknown;
            else if (answered(it->sample)) ++up;
        }
    } else {
        for (const ObservedServer& o : e.servers) {
            if (o.sample.mode == ServerMode::Observer) continue;
            ++voters;
            if (o.sample.mode == ServerMode::Unreachable || !o.sample.mode) ++unknown;
            else if (answered(o.sample)) ++up;
        }
    }
    if (voters < 2) return;
    const int quorum = voters / 2 + 1;
    if (up < quorum && up + unknown < quorum)
        c->add(AlertRule::QuorumLost, "",
               std::to_string(up) + " of " + std::to_string(voters) + " voters answer; a quorum needs " +
                   std::to_string(quorum));
}

}  // namespace

int64_t zxidsBehind(int64_t leaderZxid, int64_t zxid) {
    const int64_t leaderEpoch = leaderZxid >> 32;
    const int64_t epoch = zxid >> 32;
    if (epoch == leaderEpoch) return std::max<int64_t>(0, leaderZxid - zxid);
    if (epoch < leaderEpoch) return leaderZxid & 0xffffffffLL;
    return 0;
}

std::string_view alertRuleName(AlertRule rule) { return info(rule).name; }

std::optional<AlertRule> alertRuleFromName(std::string_view name) {
    for (const RuleInfo& r : kRules) {
        if (r.name == name) return r.rule;
    }
    return std::nullopt;
}

std::span<const AlertRule> allAlertRules() { return kAllRules; }

std::string_view severityName(AlertSeverity severity) {
    return severity == AlertSeverity::Critical ? "critical" : "warning";
}

std::span<const ThresholdKey> thresholdKeys() { return kThresholdKeys; }

bool setThreshold(AlertThresholds* thresholds, std::string_view keyEqualsValue, std::string* error) {
    const size_t eq = keyEqualsValue.find('=');
    const std::string_view key = keyEqualsValue.substr(0, eq);
    const auto k = std::find_if(std::begin(kThresholdKeys), std::end(kThresholdKeys),
                                [&](const ThresholdKey& t) { return t.key == key; });
    if (k == std::end(kThresholdKeys)) {
        std::string known;
        for (const ThresholdKey& t : kThresholdKeys) known += (known.empty() ? "" : ", ") + std::string(t.key);
        *error = "unknown threshold '" + std::string(key) + "' (known: " + known + ")";
        return false;
    }
    if (eq == std::string_view::npos) {
        *error = "threshold '" + std::string(key) + "' needs a value: " + std::string(key) + "=NUMBER";
        return false;
    }
    const std::string_view text = keyEqualsValue.substr(eq + 1);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || !std::isfinite(value) || value < 0) {
        *error = "threshold '" + std::string(key) + "': '" + std::string(text) + "' is not a number >= 0";
        return false;
    }
    thresholds->*(k->field) = value;
    return true;
}

std::vector<Alert> evaluateAlerts(const EnsembleObservation& sample, const AlertThresholds& thresholds) {
    std::vector<Alert> out;
    Collector c(&out);
    for (const ObservedServer& o : sample.servers) {
        if (o.sample.mode == ServerMode::Down)
            c.add(AlertRule::ServerDown, o.name, o.name + " does not answer");
        else if (o.sample.mode == ServerMode::NotServing)
            c.add(AlertRule::NotServing, o.name, o.name + " answers but is not serving requests");
        gaugeRules(o, thresholds, &c);
    }
    if (const ObservedServer* leader = leaderRules(sample, &c)) followerRules(sample, *leader, thresholds, &c);
    quorumRule(sample, &c);
    // Per server in the order of `servers`, then the ensemble's.
    std::stable_sort(out.begin(), out.end(), [&](const Alert& a, const Alert& b) {
        const auto rank = [&](const Alert& x) -> size_t {
            if (x.server.empty()) return sample.servers.size();
            for (size_t i = 0; i < sample.servers.size(); ++i) {
                if (sample.servers[i].name == x.server) return i;
            }
            return sample.servers.size();
        };
        return rank(a) < rank(b);
    });
    return out;
}

}  // namespace zooscope::monitor
