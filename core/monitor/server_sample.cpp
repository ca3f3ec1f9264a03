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
    s->notes.push_back(answerNote(a, what));
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

// Reads one raw answer (when there is one) with `parse`: "not serving" sets
// the mode, an answer that is not data adds a note (an AdminServer Error too,
// unless `noteErrors` is false), data goes to `use` and marks the source.
template <class Parse, class Use>
void take(const std::optional<std::string>& raw, std::string_view what, Parse parse, ServerSample* s, bool* source,
          Use use, bool noteErrors = true) {
    if (!raw) return;
    const auto a = parse(*raw);
    notServing(a, s);
    if (!noteErrors && a.status == AnswerStatus::Error) return;
    if (!usable(a, what, s)) return;
    *source = true;
    use(a.value);
}

}  // namespace

NoteKind noteKindOf(AnswerStatus status) {
    switch (status) {
    case AnswerStatus::Refused: return NoteKind::Refused;
    case AnswerStatus::NotServing: return NoteKind::NotServing;
    case AnswerStatus::Error: return NoteKind::Error;
    case AnswerStatus::Truncated: return NoteKind::Truncated;
    case AnswerStatus::Malformed: return NoteKind::Malformed;
    case AnswerStatus::Ok:  // not a note; callers pass answers that are not data
    case AnswerStatus::Empty: break;
    }
    return NoteKind::Empty;
}

std::string noteText(const SampleNote& n) {
    const std::string& what = n.subject;
    const std::string said = n.detail.empty() ? std::string() : " (it answered \"" + n.detail + "\")";
    const std::string ms = n.ms ? std::to_string(*n.ms) : std::string("?");
    const std::string admin = "the AdminServer at " + n.server;
    switch (n.kind) {
    case NoteKind::Refused: return what + ": " + what + " is not in the server's 4lw.commands.whitelist" + said;
    case NoteKind::NotServing: return what + ": the server is not serving requests" + said;
    case NoteKind::Error: return what + ": the server answered with an error" + (n.detail.empty() ? "" : ": " + n.detail);
    case NoteKind::Truncated: return what + ": the answer was cut short" + (n.detail.empty() ? "" : ": " + n.detail);
    case NoteKind::Malformed: return what + ": the answer is not in its format" + (n.detail.empty() ? "" : ": " + n.detail);
    case NoteKind::Empty: return what + ": the server sent nothing";
    case NoteKind::NoAnswer: return "no answer to " + what + " from " + n.server + " within " + ms + " ms";
    case NoteKind::OutOfTime: return what + ": not asked, the poll ran out of time";
    case NoteKind::AdminUnreachable: return admin + " could not be reached (" + n.detail + ")";
    case NoteKind::AdminLate: return admin + " did not answer " + what + " in " + ms + " ms";
    case NoteKind::AdminTooBig: return admin + " sent more than 16 MiB for " + what;
    case NoteKind::AdminFailed:
        return admin + " did not answer " + what + (n.detail.empty() ? "" : " (" + n.detail + ")");
    case NoteKind::NoAdminAddress: return "no AdminServer address is set for " + n.server;
    case NoteKind::NoClientAddress:
        return what + " has no client address in /zookeeper/config: it cannot be asked from here";
    }
    return what;
}

ServerSample sampleFromFourLetterWords(const FourLetterAnswers& answers) {
    ServerSample s;
    bool* from = &s.fromFourLetterWords;
    take(answers.srvr, "srvr", parseSrvr, &s, from, [&s](const SrvrAnswer& v) {
        s.version = v.version;
        s.latency = v.latency;
        s.packetsReceived = v.received;
        s.packetsSent = v.sent;
        s.connections = v.connections;
        s.outstanding = v.outstanding;
        s.zxid = v.zxid;
        s.mode = v.mode;
        s.znodes = v.nodeCount;
    });
    take(answers.mntr, "mntr", parseMntr, &s, from, [&s](const Metrics& m) { addMetrics(m, &s); });
    // wchs counts data and exists watches only: mntr's count, when there, is
    // the one that includes child watches.
    take(answers.wchs, "wchs", parseWchs, &s, from, [&s](const WatchSummary& w) {
        if (!s.watches) s.watches = w.watches;
    });
    take(answers.conf, "conf", parseConf, &s, from, [&s](const ServerConf& c) { s.serverId = c.serverId; });
    return s;
}

ServerSample sampleFromAdminServer(const AdminAnswers& answers) {
    ServerSample s;
    bool* from = &s.fromAdminServer;
    take(answers.monitor, "monitor", parseAdminMonitor, &s, from, [&s](const Metrics& m) { addMetrics(m, &s); });
    take(answers.serverStats, "server_stats", parseAdminStats, &s, from, [&s](const AdminServerStats& v) {
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
    });
    // A standalone server answers leader with "server is not initialized":
    // no leader to name, nothing to note.
    take(answers.leader, "leader", parseAdminLeader, &s, from, [&s](const LeaderInfo& l) { s.leaderId = l.leaderId; },
         false);
    take(answers.zabstate, "zabstate", parseAdminZabState, &s, from, [&s](const ZabState& z) {
        s.voting = z.voting;
        if (!z.phase.empty()) s.zabPhase = z.phase;
        if (z.myid) s.serverId = z.myid;
    });
    take(answers.watchSummary, "watch_summary", parseAdminWatchSummary, &s, from, [&s](const WatchSummary& w) {
        if (!s.watches) s.watches = w.watches;
    });
    take(answers.configuration, "configuration", parseAdminConfiguration, &s, from,
         [&s](const ServerConf& c) { s.serverId = c.serverId; });
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
