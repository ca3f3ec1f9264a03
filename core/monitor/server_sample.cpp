// Raw answers -> ServerSample, and the merge of the two sources.
#include "zooscope/server_sample.h"

#include "monitor/answer_parsing.h"

namespace zooscope::monitor {

using namespace detail;

namespace {

// Adds the note an answer that is not data deserves; true when it is data.
template <class T>
bool usable(const Answer<T>& a, std::string_view what, ServerSample* s) {
    if (a.ok()) return true;
    s->notes.push_back(std::string(what) + ": " + a.message);
    return false;
}

// A NotServing answer still tells the mode.
template <class T>
void notServing(const Answer<T>& a, ServerSample* s) {
    if (a.status == AnswerStatus::NotServing && !s->mode) s->mode = ServerMode::NotServing;
}

std::optional<int64_t> metricInt(const Metrics& m, std::string_view key) {
    const auto v = metric(m, key);
    return v ? parseDecimal(*v) : std::nullopt;
}

std::optional<double> metricDouble(const Metrics& m, std::string_view key) {
    const auto v = metric(m, key);
    return v ? parseDouble(*v) : std::nullopt;
}

std::optional<TimingSummary> timing(const Metrics& m, const std::string& name) {
    const auto avg = metricDouble(m, "avg_" + name);
    const auto max = metricInt(m, "max_" + name);
    const auto cnt = metricInt(m, "cnt_" + name);
    if (!avg || !max || !cnt) return std::nullopt;
    return TimingSummary{*avg, *max, *cnt};
}

// mntr and the AdminServer's monitor carry the same keys.
void addMetrics(const Metrics& m, ServerSample* s) {
    if (const auto state = metric(m, "server_state")) {
        if (const auto mode = serverModeFromName(*state)) s->mode = mode;
    }
    if (const auto v = metric(m, "version")) s->version = std::string(*v);
    const auto mn = metricDouble(m, "min_latency"), avg = metricDouble(m, "avg_latency"),
               mx = metricDouble(m, "max_latency");
    if (mn && avg && mx) s->latency = Latency{*mn, *avg, *mx};
    struct Field { std::string_view key; std::optional<int64_t> ServerSample::*field; };
    static constexpr Field kFields[] = {
        {"num_alive_connections", &ServerSample::connections},
        {"outstanding_requests", &ServerSample::outstanding},
        {"znode_count", &ServerSample::znodes},
        {"watch_count", &ServerSample::watches},
        {"ephemerals_count", &ServerSample::ephemerals},
        {"approximate_data_size", &ServerSample::approximateDataSize},
        {"open_file_descriptor_count", &ServerSample::openFileDescriptors},
        {"max_file_descriptor_count", &ServerSample::maxFileDescriptors},
        {"synced_followers", &ServerSample::syncedFollowers},
        {"pending_syncs", &ServerSample::pendingSyncs},
        {"uptime", &ServerSample::uptimeMs},
        {"packets_received", &ServerSample::packetsReceived},
        {"packets_sent", &ServerSample::packetsSent},
        {"cnt_election_time", &ServerSample::elections},
    };
    for (const auto& f : kFields) {
        if (const auto v = metricInt(m, f.key)) s->*f.field = v;
    }
    // "learners" since 3.6; "followers" is the older name of the same gauge.
    if (const auto v = metricInt(m, "learners")) s->followers = v;
    else if (const auto old = metricInt(m, "followers")) s->followers = old;
    s->fsync = timing(m, "fsynctime");
    s->snapshot = timing(m, "snapshottime");
}

// Fields the merge takes from the AdminServer's sample when it has them.
template <class T>
void prefer(std::optional<T>& into, const std::optional<T>& preferred) {
    if (preferred) into = preferred;
}

}  // namespace

ServerSample sampleFromFourLetterWords(const FourLetterAnswers& answers) {
    ServerSample s;
    if (answers.srvr) {
        const auto a = parseSrvr(*answers.srvr);
        notServing(a, &s);
        if (usable(a, "srvr", &s)) {
            s.fromFourLetterWords = true;
            const SrvrAnswer& v = a.value;
            s.version = v.version;
            s.latency = v.latency;
            s.packetsReceived = v.received;
            s.packetsSent = v.sent;
            s.connections = v.connections;
            s.outstanding = v.outstanding;
            s.zxid = v.zxid;
            s.mode = v.mode;
            s.znodes = v.nodeCount;
        }
    }
    if (answers.mntr) {
        const auto a = parseMntr(*answers.mntr);
        notServing(a, &s);
        if (usable(a, "mntr", &s)) {
            s.fromFourLetterWords = true;
            addMetrics(a.value, &s);
        }
    }
    if (answers.wchs) {
        const auto a = parseWchs(*answers.wchs);
        notServing(a, &s);
        // wchs counts data and exists watches only: mntr's count, when
        // there, is the one that includes child watches.
        if (usable(a, "wchs", &s)) {
            s.fromFourLetterWords = true;
            if (!s.watches) s.watches = a.value.watches;
        }
    }
    if (answers.conf) {
        const auto a = parseConf(*answers.conf);
        notServing(a, &s);
        if (usable(a, "conf", &s)) {
            s.fromFourLetterWords = true;
            s.serverId = a.value.serverId;
        }
    }
    return s;
}

ServerSample sampleFromAdminServer(const AdminAnswers& answers) {
    ServerSample s;
    if (answers.monitor) {
        const auto a = parseAdminMonitor(*answers.monitor);
        notServing(a, &s);
        if (usable(a, "monitor", &s)) {
            s.fromAdminServer = true;
            addMetrics(a.value, &s);
        }
    }
    if (answers.serverStats) {
        const auto a = parseAdminStats(*answers.serverStats);
        notServing(a, &s);
        if (usable(a, "server_stats", &s)) {
            s.fromAdminServer = true;
            const AdminServerStats& v = a.value;
            s.version = v.version;
            if (v.mode) s.mode = v.mode;
            s.zxid = v.lastProcessedZxid;
            s.latency = v.latency;
            s.packetsSent = v.packetsSent;
            s.packetsReceived = v.packetsReceived;
            s.outstanding = v.outstanding;
            s.connections = v.connections;
            s.uptimeMs = v.uptimeMs;
            s.znodes = v.nodeCount;
            s.fsyncThresholdExceeded = v.fsyncThresholdExceeded;
        }
    }
    if (answers.leader) {
        const auto a = parseAdminLeader(*answers.leader);
        notServing(a, &s);
        // A standalone server answers "server is not initialized": no leader
        // to name, and nothing to note.
        if (a.ok()) {
            s.fromAdminServer = true;
            s.leaderId = a.value.leaderId;
        } else if (a.status != AnswerStatus::Error) {
            usable(a, "leader", &s);
        }
    }
    if (answers.zabstate) {
        const auto a = parseAdminZabState(*answers.zabstate);
        if (usable(a, "zabstate", &s)) {
            s.fromAdminServer = true;
            s.voting = a.value.voting;
            if (!a.value.phase.empty()) s.zabPhase = a.value.phase;
            if (a.value.myid) s.serverId = a.value.myid;
        }
    }
    if (answers.watchSummary) {
        const auto a = parseAdminWatchSummary(*answers.watchSummary);
        notServing(a, &s);
        if (usable(a, "watch_summary", &s)) {
            s.fromAdminServer = true;
            if (!s.watches) s.watches = a.value.watches;
        }
    }
    if (answers.configuration) {
        const auto a = parseAdminConfiguration(*answers.configuration);
        notServing(a, &s);
        if (usable(a, "configuration", &s)) {
            s.fromAdminServer = true;
            s.serverId = a.value.serverId;
        }
    }
    return s;
}

ServerSample mergeSamples(const ServerSample& fourLetterWords, const ServerSample& adminServer) {
    ServerSample s = fourLetterWords;
    const ServerSample& a = adminServer;
    const bool roleIn4lw = s.mode && *s.mode != ServerMode::NotServing;
    const bool roleInAdmin = a.mode && *a.mode != ServerMode::NotServing;
    if (roleInAdmin || (!roleIn4lw && a.mode)) s.mode = a.mode;
    prefer(s.zxid, a.zxid);
    prefer(s.latency, a.latency);
    prefer(s.connections, a.connections);
    prefer(s.outstanding, a.outstanding);
    prefer(s.znodes, a.znodes);
    prefer(s.watches, a.watches);
    prefer(s.ephemerals, a.ephemerals);
    prefer(s.approximateDataSize, a.approximateDataSize);
    prefer(s.openFileDescriptors, a.openFileDescriptors);
    prefer(s.maxFileDescriptors, a.maxFileDescriptors);
    prefer(s.followers, a.followers);
    prefer(s.syncedFollowers, a.syncedFollowers);
    prefer(s.pendingSyncs, a.pendingSyncs);
    prefer(s.version, a.version);
    prefer(s.uptimeMs, a.uptimeMs);
    prefer(s.packetsReceived, a.packetsReceived);
    prefer(s.packetsSent, a.packetsSent);
    prefer(s.fsync, a.fsync);
    prefer(s.snapshot, a.snapshot);
    prefer(s.fsyncThresholdExceeded, a.fsyncThresholdExceeded);
    prefer(s.elections, a.elections);
    prefer(s.serverId, a.serverId);
    prefer(s.leaderId, a.leaderId);
    prefer(s.voting, a.voting);
    prefer(s.zabPhase, a.zabPhase);
    s.fromAdminServer = a.fromAdminServer;
    s.notes.insert(s.notes.end(), a.notes.begin(), a.notes.end());
    return s;
}

}  // namespace zooscope::monitor
