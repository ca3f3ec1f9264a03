#include "server/four_letter_words.h"

#include <netdb.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

namespace zooscope::server {

namespace {

namespace fs = std::filesystem;

// ZooKeeper's FourLetterCommands.cmd2String.
constexpr std::array<std::string_view, 18> kWords = {"conf", "cons", "crst", "dirs", "dump", "envi",
                                                      "gtmk", "ruok", "stmk", "srst", "srvr", "stat",
                                                      "wchc", "wchp", "wchs", "mntr", "isro", "hash"};
// The engine's own words, after ZooKeeper's (whitelisted the same way; "*"
// enables them). wchk: every watch with its kinds (see four_letter_words.h).
constexpr std::array<std::string_view, 1> kEngineWords = {"wchk"};
// The bytes telnet sends when it closes (IAC DO TIMING-MARK ...).
constexpr std::string_view kTelnetClose = "\xff\xf4\xff\xfd";
constexpr std::string_view kTelnetCloseName = "telnet close";

// ZooTrace's default text trace level (CLIENT_REQUEST | SERVER_PACKET |
// CLIENT_PING trace masks); gtmk reports it.
constexpr int64_t kDefaultTraceMask = 306;
// NIOServerCnxnFactory's sessionlessCnxnTimeout: the connection expiry
// queue's bucket width and the timeout of a connection without a session.
constexpr int64_t kSessionlessCnxnTimeoutMs = 10000;

// mntr's keys after zk_version and zk_server_state, in ZooKeeper 3.8's order
// (standalone, NIOServerCnxnFactory; its metrics provider's map order).
constexpr std::string_view kGauges[] = {
    "ephemerals_count", "num_alive_connections", "avg_latency", "outstanding_requests", "znode_count",
    "global_sessions", "non_mtls_remote_conn_count", "last_client_response_size", "packets_sent",
    "packets_received", "max_client_response_size", "connection_drop_probability", "watch_count",
    "auth_failed_count", "min_latency", "max_file_descriptor_count", "approximate_data_size",
    "open_file_descriptor_count", "local_sessions", "uptime", "max_latency", "outstanding_tls_handshake",
    "min_client_response_size", "non_mtls_local_conn_count",
};
constexpr std::string_view kCounters[] = {
    "proposal_count", "watch_bytes", "outstanding_changes_removed", "throttled_ops", "stale_requests_dropped",
    "large_requests_rejected", "insecure_admin_count", "connection_rejected",
    "cnxn_closed_without_zk_server_running", "sessionless_connections_expired", "looking_count",
    "dead_watchers_queued", "stale_requests", "connection_drop_count", "learner_proposal_received_count",
    "digest_mismatches_count", "dead_watchers_cleared", "response_packet_cache_hits", "bytes_received_count",
    "add_dead_watcher_stall_time", "request_throttle_wait_count",
    "requests_not_forwarded_to_commit_processor", "response_packet_cache_misses", "ensemble_auth_success",
    "prep_processor_request_queued", "learner_commit_received_count", "stale_replies",
    "connection_request_count", "response_bytes", "ensemble_auth_fail", "diff_count",
    "response_packet_get_children_cache_misses", "connection_revalidate_count",
    "quit_leading_due_to_disloyal_voter", "snap_count", "unrecoverable_error_count", "unsuccessful_handshake",
    "commit_count", "stale_sessions_expired", "response_packet_get_children_cache_hits",
    "sync_processor_request_queued", "outstanding_changes_queued", "request_commit_queued",
    "ensemble_auth_skip", "skip_learner_request_to_next_processor_count", "tls_handshake_exceeded",
    "revalidate_count",
};
// Each prints avg_/min_/max_/cnt_/sum_<name>.
constexpr std::string_view kSummaries[] = {
    "socket_closing_time", "proposal_process_time", "leader_unavailable_time", "node_created_watch_count",
    "session_queues_drained", "write_commit_proc_req_queued", "connection_token_deficit",
    "read_commit_proc_req_queued", "node_deleted_watch_count", "startup_txns_load_time",
    "sync_processor_queue_size", "follower_sync_time", "prep_processor_queue_size", "fsynctime",
    "inflight_snap_count", "reads_issued_from_session_queue", "learner_request_processor_queue_size",
    "snapshottime", "unavailable_time", "startup_txns_loaded", "reads_after_write_in_session_queue",
    "requests_in_session_queue", "write_commit_proc_issued", "prep_process_time", "pending_session_queue_size",
    "time_waiting_empty_pool_in_commit_processor_read_ms", "commit_process_time", "dbinittime",
    "inflight_diff_count", "netty_queued_buffer_capacity", "election_time", "commit_commit_proc_req_queued",
    "sync_processor_batch_size", "node_children_watch_count", "write_batch_time_in_commit_processor",
    "read_commit_proc_issued", "concurrent_request_processing_in_commit_processor", "observer_sync_time",
    "node_changed_watch_count", "sync_process_time", "startup_snap_load_time",
};
// Each prints the five above plus p50_/p95_/p99_/p999_<name>.
constexpr std::string_view kPercentileSummaries[] = {
    "prep_processor_queue_time_ms", "jvm_pause_time_ms", "close_session_prep_time", "read_commitproc_time_ms",
    "updatelatency", "local_write_committed_time_ms", "request_throttle_queue_time_ms", "readlatency",
    "quorum_ack_latency", "om_commit_process_time_ms", "read_final_proc_time_ms",
    "commit_propagation_latency", "dead_watchers_cleaner_latency", "write_final_proc_time_ms",
    "proposal_ack_creation_latency", "proposal_latency", "om_proposal_process_time_ms",
    "sync_processor_queue_and_flush_time_ms", "propagation_latency", "server_write_committed_time_ms",
    "sync_processor_queue_time_ms", "sync_processor_queue_flush_time_ms", "write_commitproc_time_ms",
};

std::string trimmed(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// FourLetterCommands.isEnabled: "*" enables every known word; srvr is always on.
bool whitelisted(const ServerConfig& cfg, std::string_view name) {
    if (name == "srvr") return true;
    for (const auto& w : cfg.fourLetterWhitelist) {
        const std::string t = trimmed(w);
        if (t == "*" || t == name) return true;
    }
    return false;
}

// Long.toHexString: two's complement for negatives.
std::string longToHexString(int64_t v) {
    char buf[24];
    std::snprintf(buf, sizeof(buf), "%" PRIx64, static_cast<uint64_t>(v));
    return buf;
}

// java.util.Date.toString(): "Wed Nov 25 01:48:03 UTC 2026", local time.
std::string javaDate(int64_t wallMs) {
    const std::time_t t = static_cast<std::time_t>(wallMs / 1000);
    std::tm tm{};
    localtime_r(&t, &tm);
    char buf[64];
    std::strftime(buf, sizeof(buf), "%a %b %d %H:%M:%S %Z %Y", &tm);
    return buf;
}

int64_t roundToNextInterval(int64_t t, int64_t interval) { return (t / interval + 1) * interval; }

// DataTree.getNodeCount: ZooKeeper keeps the root under both "" and "/", so
// its count is one more than the number of znodes.
uint64_t zkNodeCount(const tree::DataTree& tree) { return uint64_t(tree.nodeCount()) + 1; }

std::string remoteSocketAddress(const ConnectionView& c) {
    return "/" + c.remoteAddress + ":" + std::to_string(c.remotePort);
}

// ServerCnxn.dumpConnectionInfo, without the trailing newline.
std::string connectionLine(const ConnectionView& c, bool brief) {
    const ConnectionStats& s = *c.stats;
    std::string out = " " + remoteSocketAddress(c);
    // Interest ops: OP_READ for a served connection; 0 for the asking one,
    // whose selection key ZooKeeper has cancelled.
    out += c.asker ? "[0]" : "[1]";
    out += "(queued=0,recved=" + std::to_string(s.packetsReceived) + ",sent=" + std::to_string(s.packetsSent);
    if (!brief && c.sessionId != 0) {
        out += ",sid=0x" + longToHexString(c.sessionId);
        out += ",lop=" + s.lastOp;
        out += ",est=" + std::to_string(c.establishedWallMs);
        out += ",to=" + std::to_string(c.sessionTimeoutMs);
        if (s.lastCxid >= 0) out += ",lcxid=0x" + longToHexString(s.lastCxid);
        out += ",lzxid=0x" + longToHexString(s.lastZxid);
        out += ",lresp=" + std::to_string(s.lastResponseMs);
        out += ",llat=" + std::to_string(s.lastLatencyMs);
        out += ",minlat=" + std::to_string(s.minLatencyReported());
        out += ",avglat=" + std::to_string(s.avgLatencyMs());
        out += ",maxlat=" + std::to_string(s.maxLatencyMs);
    }
    out += ")";
    return out;
}

// StatCommand (srvr, and stat with its client list).
std::string serverSummary(const FourLetterContext& ctx, bool withClients) {
    std::string out = "Zookeeper version: " + engineVersion() + "\n";
    if (withClients) {
        out += "Clients:\n";
        for (const auto& c : ctx.connections) out += connectionLine(c, true) + "\n";
        out += "\n";
    }
    out += "Latency min/avg/max: " + std::to_string(ctx.stats.minLatencyMs) + "/" +
           javaDouble(ctx.stats.avgLatencyMs()) + "/" + std::to_string(ctx.stats.maxLatencyMs) + "\n";
    out += "Received: " + std::to_string(ctx.stats.packetsReceived) + "\n";
    out += "Sent: " + std::to_string(ctx.stats.packetsSent) + "\n";
    out += "Connections: " + std::to_string(ctx.connections.size()) + "\n";
    out += "Outstanding: 0\n";
    out += "Zxid: 0x" + longToHexString(ctx.tree.lastProcessedZxid()) + "\n";
    out += "Mode: " + (ctx.quorum ? ctx.quorum->mode : std::string("standalone")) + "\n";
    out += "Node count: " + std::to_string(zkNodeCount(ctx.tree)) + "\n";
    return out;
}

std::string consReport(const FourLetterContext& ctx) {
    std::string out;
    for (const auto& c : ctx.connections) out += connectionLine(c, false) + "\n";
    out += "\n";
    return out;
}

// ExpiryQueue.dump: "Sets (buckets)/(elements):", then each bucket in time order.
std::string expiryQueueDump(const std::map<int64_t, std::vector<std::string>>& buckets,
                            const FourLetterContext& ctx) {
    size_t elements = 0;
    for (const auto& [_, v] : buckets) elements += v.size();
    std::string out = "Sets (" + std::to_string(buckets.size()) + ")/(" + std::to_string(elements) + "):\n";
    for (const auto& [deadline, items] : buckets) {
        out += std::to_string(items.size()) + " expire at " +
               javaDate(ctx.nowWallMs + (deadline - ctx.nowMonotonicMs)) + ":\n";
        for (const auto& i : items) out += "\t" + i + "\n";
    }
    return out;
}

std::string dumpReport(const FourLetterContext& ctx) {
    std::string out = "SessionTracker dump:\n";
    std::map<int64_t, std::vector<std::string>> sessionBuckets;
    std::vector<int64_t> ids;
    for (const auto& [id, _] : ctx.sessions.all()) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (int64_t id : ids) sessionBuckets[ctx.sessions.find(id)->deadlineMs].push_back("0x" + longToHexString(id));
    out += "Session " + expiryQueueDump(sessionBuckets, ctx);

    out += "ephemeral nodes dump:\n";
    std::string owners;
    size_t withEphemerals = 0;
    for (int64_t id : ids) {
        const auto paths = ctx.tree.ephemeralsOf(id);
        if (paths.empty()) continue;
        ++withEphemerals;
        owners += "0x" + longToHexString(id) + ":\n";
        for (const auto& p : paths) owners += "\t" + p + "\n";
    }
    out += "Sessions with Ephemerals (" + std::to_string(withEphemerals) + "):\n" + owners;

    out += "Connections dump:\n";
    std::map<int64_t, std::vector<std::string>> cnxnBuckets;
    for (const auto& c : ctx.connections) {
        const int64_t timeout = c.sessionId != 0 ? c.sessionTimeoutMs : kSessionlessCnxnTimeoutMs;
        const int64_t touched = c.asker ? ctx.nowMonotonicMs : c.stats->lastTouchMs;
        cnxnBuckets[roundToNextInterval(touched + timeout, kSessionlessCnxnTimeoutMs)].push_back(
            "ip: " + remoteSocketAddress(c) + " sessionId: 0x" + longToHexString(c.sessionId));
    }
    out += "Connections " + expiryQueueDump(cnxnBuckets, ctx);
    return out;
}

// wchc/wchp key watches by the session of the connection holding them.
int64_t sessionOfWatcher(const FourLetterContext& ctx, tree::WatcherId w) {
    for (const auto& c : ctx.connections) {
        if (c.linkId == w) return c.sessionId;
    }
    return 0;
}

std::string watchReport(const FourLetterContext& ctx, std::string_view word) {
    const tree::WatchManager& wm = ctx.tree.watches();
    std::string out;
    if (word == "wchs") {
        out += std::to_string(wm.watcherCount()) + " connections watching " + std::to_string(wm.pathCount()) +
               " paths\nTotal watches:" + std::to_string(wm.pairCount()) + "\n";
    } else if (word == "wchp") {
        for (const auto& [path, watchers] : wm.byPath()) {
            out += path + "\n";
            for (tree::WatcherId w : watchers) out += "\t0x" + longToHexString(sessionOfWatcher(ctx, w)) + "\n";
        }
        out += "\n";
    } else {
        for (const auto& [w, paths] : wm.byWatcher()) {
            out += "0x" + longToHexString(sessionOfWatcher(ctx, w)) + "\n";
            for (const auto& p : paths) out += "\t" + p + "\n";
        }
        out += "\n";
    }
    return out;
}

std::string_view watchKindName(tree::WatchKind k) {
    switch (k) {
    case tree::WatchKind::Data: return "data";
    case tree::WatchKind::Exists: return "exists";
    case tree::WatchKind::Child: return "child";
    case tree::WatchKind::Persistent: return "persistent";
    case tree::WatchKind::PersistentRecursive: return "persistent-recursive";
    }
    return "?";
}

// wchk: a count per kind, then wchc's shape with the kinds after a tab.
std::string watchKindsReport(const FourLetterContext& ctx) {
    constexpr tree::WatchKind kOrder[] = {tree::WatchKind::Data, tree::WatchKind::Exists, tree::WatchKind::Child,
                                          tree::WatchKind::Persistent, tree::WatchKind::PersistentRecursive};
    const auto held = ctx.tree.watches().held();
    std::map<tree::WatchKind, size_t> counts;
    for (const auto& h : held)
        for (tree::WatchKind k : h.kinds) ++counts[k];
    std::string out = "Watches by kind:";
    for (tree::WatchKind k : kOrder) out += " " + std::string(watchKindName(k)) + "=" + std::to_string(counts[k]);
    out += "\n";
    std::optional<tree::WatcherId> current;
    for (const auto& h : held) {
        if (current != h.watcher) out += "0x" + longToHexString(sessionOfWatcher(ctx, h.watcher)) + "\n";
        current = h.watcher;
        out += "\t" + h.path + "\t";
        for (size_t i = 0; i < h.kinds.size(); ++i) out += (i ? "," : "") + std::string(watchKindName(h.kinds[i]));
        out += "\n";
    }
    return out + "\n";
}

// Total size of the regular files under `dir` (ZooKeeper's getDirSize); 0 when
// there is no such directory (an in-memory engine).
uint64_t dirSize(const std::string& dir) {
    if (dir.empty()) return 0;
    std::error_code ec;
    uint64_t total = 0;
    for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code fec;
        if (it->is_regular_file(fec)) {
            const auto n = it->file_size(fec);
            if (!fec) total += n;
        }
    }
    return total;
}

std::string absolutePath(const std::string& p) {
    if (p.empty()) return p;
    std::error_code ec;
    auto abs = fs::absolute(p, ec);
    return ec ? p : abs.lexically_normal().string();
}

const std::string& logDirOf(const ServerConfig& cfg) {
    return cfg.dataLogDir.empty() ? cfg.dataDir : cfg.dataLogDir;
}

std::string confReport(const FourLetterContext& ctx) {
    std::string out;
    for (const auto& [key, value] : confValues(ctx)) out += key + "=" + value + "\n";
    // As QuorumZooKeeperServer.dumpConf: no newline after "version=".
    if (ctx.quorum) out += "membership: \n" + membershipText(ctx.config);
    return out;
}

// "<key> <value> kB" from a /proc file, in bytes; -1 when absent.
int64_t procKb(const char* file, std::string_view key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.compare(0, key.size(), key) == 0 && line.size() > key.size() && line[key.size()] == ':') {
            return std::atoll(line.c_str() + key.size() + 1) * 1024;
        }
    }
    return -1;
}

std::string mb(int64_t bytes) { return bytes < 0 ? "<NA>" : std::to_string(bytes / (1024 * 1024)) + "MB"; }

std::string envOr(const char* name, const std::string& fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

// InetAddress.getLocalHost().getCanonicalHostName().
std::string canonicalHostName() {
    char host[256] = {};
    if (::gethostname(host, sizeof(host) - 1) != 0) return "<NA>";
    // Java resolves the host name to an address, then names that address
    // by a reverse lookup (falling back to the address's text).
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    std::string name = host;
    if (::getaddrinfo(host, nullptr, &hints, &res) == 0 && res) {
        char canon[NI_MAXHOST] = {};
        if (::getnameinfo(res->ai_addr, res->ai_addrlen, canon, sizeof(canon), nullptr, 0, 0) == 0) name = canon;
        ::freeaddrinfo(res);
    }
    return name;
}

// Environment.list(), with the engine's own values (see the header).
std::string enviReport() {
    utsname u{};
    const bool haveUname = ::uname(&u) == 0;
    std::string arch = haveUname ? u.machine : "<NA>";
    if (arch == "x86_64") arch = "amd64";  // Java's os.arch spelling
    std::string cwd = "<NA>";
    {
        std::error_code ec;
        auto p = fs::current_path(ec);
        if (!ec) cwd = p.string();
    }
    // Java takes user.name from the password database, not from $USER.
    std::string user = "<NA>";
    {
        passwd pw{};
        passwd* found = nullptr;
        std::array<char, 4096> buf{};
        if (::getpwuid_r(::geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found) user = found->pw_name;
    }
    const std::vector<std::pair<std::string, std::string>> entries = {
        {"zookeeper.version", engineVersion()},
        {"host.name", canonicalHostName()},
        {"java.version", "<NA>"},
        {"java.vendor", "<NA>"},
        {"java.home", "<NA>"},
        {"java.class.path", "<NA>"},
        {"java.library.path", "<NA>"},
        {"java.io.tmpdir", envOr("TMPDIR", "/tmp")},
        {"java.compiler", "<NA>"},
        {"os.name", haveUname ? u.sysname : "<NA>"},
        {"os.arch", arch},
        {"os.version", haveUname ? u.release : "<NA>"},
        {"user.name", user},
        {"user.home", envOr("HOME", "<NA>")},
        {"user.dir", cwd},
        {"os.memory.free", mb(procKb("/proc/meminfo", "MemAvailable"))},
        {"os.memory.max", mb(procKb("/proc/meminfo", "MemTotal"))},
        {"os.memory.total", mb(procKb("/proc/self/status", "VmRSS"))},
    };
    std::string out = "Environment:\n";
    for (const auto& [k, v] : entries) out += k + "=" + v + "\n";
    return out;
}

int64_t openFileDescriptors() {
    std::error_code ec;
    int64_t n = 0;
    for (fs::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
    // The iterator's own descriptor is counted; ZooKeeper's count has no such extra.
    return n > 0 ? n - 1 : n;
}

int64_t maxFileDescriptors() {
    rlimit rl{};
    if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return -1;
    return int64_t(rl.rlim_cur);
}

}  // namespace

// ZooKeeperServer.dumpConf (QuorumZooKeeperServer.dumpConf adds the quorum keys).
std::vector<std::pair<std::string, std::string>> confValues(const FourLetterContext& ctx) {
    const ServerConfig& c = ctx.config;
    std::vector<std::pair<std::string, std::string>> out = {
        {"clientPort", std::to_string(ctx.clientPort)},
        {"secureClientPort", "-1"},
        {"dataDir", absolutePath(c.dataDir)},
        {"dataDirSize", std::to_string(dirSize(c.dataDir))},
        {"dataLogDir", absolutePath(logDirOf(c))},
        {"dataLogSize", std::to_string(dirSize(logDirOf(c)))},
        {"tickTime", std::to_string(c.tickTime)},
        {"maxClientCnxns", std::to_string(c.maxClientCnxns)},
        {"minSessionTimeout", std::to_string(c.effectiveMinSessionTimeout())},
        {"maxSessionTimeout", std::to_string(c.effectiveMaxSessionTimeout())},
        {"clientPortListenBacklog", "-1"},
        // ZooKeeperServerMain (standalone) reports 0 whatever myid says.
        {"serverId", std::to_string(ctx.quorum ? c.myid : 0)},
    };
    if (ctx.quorum) {
        const PeerSpec* self = nullptr;
        for (const auto& p : c.servers)
            if (p.id == c.myid) self = &p;
        out.insert(out.end(), {
            {"initLimit", std::to_string(c.initLimit)},
            {"syncLimit", std::to_string(c.syncLimit)},
            {"electionAlg", "3"},
            {"electionPort", std::to_string(self ? self->electionPort : 0)},
            {"quorumPort", std::to_string(self ? self->quorumPort : 0)},
            {"peerType", self && self->observer ? "1" : "0"},
        });
    }
    return out;
}

// MonitorCommand's keys and values; mntr prints them as "zk_<key>\t<value>".
std::vector<std::pair<std::string, std::string>> monitorValues(const FourLetterContext& ctx) {
    const ServerStats& s = ctx.stats;
    const tree::DataTree& t = ctx.tree;
    std::map<std::string_view, std::string> live = {
        {"ephemerals_count", std::to_string(t.ephemeralCount())},
        {"num_alive_connections", std::to_string(ctx.connections.size())},
        {"avg_latency", javaDouble(s.avgLatencyMs())},
        {"outstanding_requests", "0"},
        {"znode_count", std::to_string(zkNodeCount(t))},
        {"global_sessions", std::to_string(ctx.sessions.size())},
        {"last_client_response_size", std::to_string(s.lastResponseSize)},
        {"packets_sent", std::to_string(s.packetsSent)},
        {"packets_received", std::to_string(s.packetsReceived)},
        {"max_client_response_size", std::to_string(s.maxResponseSize)},
        {"connection_drop_probability", "0.0"},
        {"watch_count", std::to_string(t.watches().watchCount())},
        {"auth_failed_count", std::to_string(s.authFailed)},
        {"diff_count", std::to_string(s.diffSyncs)},
        {"snap_count", std::to_string(s.snapSyncs)},
        {"min_latency", std::to_string(s.minLatencyMs)},
        {"max_file_descriptor_count", std::to_string(maxFileDescriptors())},
        {"approximate_data_size", std::to_string(t.approximateDataSize())},
        {"open_file_descriptor_count", std::to_string(openFileDescriptors())},
        {"local_sessions", "0"},
        {"uptime", std::to_string(ctx.nowMonotonicMs - s.startedAtMs)},
        {"max_latency", std::to_string(s.maxLatencyMs)},
        {"min_client_response_size", std::to_string(s.minResponseSize)},
        {"bytes_received_count", std::to_string(s.bytesReceived)},
        {"connection_request_count", std::to_string(s.connectionRequests)},
        {"response_bytes", std::to_string(s.responseBytes)},
    };
    std::vector<std::pair<std::string, std::string>> out;
    auto line = [&out](std::string_view key, std::string value) { out.emplace_back(std::string(key), std::move(value)); };
    auto valueOf = [&live](std::string_view key) -> std::string {
        auto it = live.find(key);
        return it == live.end() ? "0" : it->second;
    };
    line("version", engineVersion());
    line("server_state", ctx.quorum ? ctx.quorum->mode : std::string("standalone"));
    if (ctx.quorum) {
        // QuorumPeer.getDetailedPeerState: "following - broadcast".
        const std::string& m = ctx.quorum->mode;
        line("peer_state", (m == "leader" ? "leading" : m == "follower" ? "following" : "observing") +
                               std::string(" - ") + ctx.quorum->zabPhase);
    }
    for (auto k : kGauges) line(k, valueOf(k));
    for (auto k : kCounters) line(k, valueOf(k));
    // The summaries the engine measures: the group commit's (ms, as
    // ZooKeeper's FileTxnLog reports fsynctime, and txns per sync).
    std::map<std::string_view, MinMaxSum> measured;
    if (ctx.sync) {
        MinMaxSum ms = ctx.sync->syncMicros;
        ms.sum /= 1000;
        ms.min /= 1000;
        ms.max /= 1000;
        measured["fsynctime"] = ms;
        measured["sync_processor_batch_size"] = ctx.sync->batchTxns;
    }
    auto summary = [&](std::string_view name, bool percentiles) {
        const std::string n(name);
        const auto m = measured.find(name);
        if (m != measured.end() && m->second.count > 0) {
            const MinMaxSum& v = m->second;
            line("avg_" + n, javaDouble(double(int64_t(double(v.sum) / double(v.count) * 10000 + 0.5)) / 10000.0));
            line("min_" + n, std::to_string(v.min));
            line("max_" + n, std::to_string(v.max));
            line("cnt_" + n, std::to_string(v.count));
            line("sum_" + n, std::to_string(v.sum));
        } else {
            line("avg_" + n, "0.0");
            for (const char* p : {"min_", "max_", "cnt_", "sum_"}) line(p + n, "0");
        }
        if (percentiles) {
            for (const char* p : {"p50_", "p95_", "p99_", "p999_"}) line(p + n, "0");
        }
    };
    for (auto k : kSummaries) summary(k, false);
    for (auto k : kPercentileSummaries) summary(k, true);
    if (ctx.quorum && ctx.quorum->mode == "leader") {
        // LeaderZooKeeperServer's gauges ("followers" is the pre-3.6 name of
        // "learners", still read by monitoring scripts).
        const QuorumView& q = *ctx.quorum;
        line("learners", std::to_string(q.learners));
        line("followers", std::to_string(q.learners));
        line("synced_followers", std::to_string(q.syncedFollowers));
        line("pending_syncs", std::to_string(q.pendingSyncs));
        line("last_proposal_size", std::to_string(q.lastProposalSize));
        line("max_proposal_size", std::to_string(q.maxProposalSize));
        line("min_proposal_size", std::to_string(q.minProposalSize));
    }
    if (ctx.quorum) {
        size_t voters = 0;
        for (const auto& p : ctx.config.servers) voters += p.observer ? 0 : 1;
        line("quorum_size", std::to_string(voters));
    }
    return out;
}

namespace {

std::string mntrReport(const FourLetterContext& ctx) {
    std::string out;
    for (const auto& [key, value] : monitorValues(ctx)) out += "zk_" + key + "\t" + value + "\n";
    return out;
}

}  // namespace

// ZooKeeper's shape, "<protocol version>-<build id>": tools that read the
// version take what comes before the first '-'. ZooKeeper appends ", built on
// <date>"; the engine does not, so the same sources give the same binary.
// ZOOSCOPE_VERSION is the CMake project version (core/server/CMakeLists.txt).
std::string engineVersion() { return "3.8.0-zooscope-" ZOOSCOPE_VERSION; }

std::optional<std::string> fourLetterWordName(std::string_view word) {
    if (word == kTelnetClose) return std::string(kTelnetCloseName);
    if (std::find(kWords.begin(), kWords.end(), word) != kWords.end()) return std::string(word);
    if (std::find(kEngineWords.begin(), kEngineWords.end(), word) != kEngineWords.end()) return std::string(word);
    return std::nullopt;
}

std::string javaDouble(double v) {
    if (v == 0.0) return "0.0";
    if (!std::isfinite(v)) return std::isnan(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity");
    const double a = std::fabs(v);
    char buf[64];
    if (a >= 1e-3 && a < 1e7) {
        // Values here carry at most 4 decimals; drop trailing zeros, keep one.
        std::snprintf(buf, sizeof(buf), "%.4f", v);
        std::string s = buf;
        while (s.size() > 2 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
        return s;
    }
    // Computerized scientific notation: "1.0E-4", "1.2345E7".
    std::snprintf(buf, sizeof(buf), "%.4E", v);
    std::string s = buf;
    const auto e = s.find('E');
    std::string mant = s.substr(0, e);
    while (mant.size() > 2 && mant.back() == '0' && mant[mant.size() - 2] != '.') mant.pop_back();
    const int exp = std::atoi(s.c_str() + e + 1);
    return mant + "E" + std::to_string(exp);
}

std::string_view lastOpName(proto::OpCode op) {
    using proto::OpCode;
    switch (op) {
    case OpCode::Ping: return "PING";
    case OpCode::CreateSession: return "SESS";
    case OpCode::Multi: return "MULT";
    case OpCode::MultiRead: return "MLTR";
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateTTL:
    case OpCode::CreateContainer: return "CREA";
    case OpCode::Delete:
    case OpCode::DeleteContainer: return "DELE";
    case OpCode::SetData: return "SETD";
    case OpCode::Reconfig: return "RECO";
    case OpCode::SetACL: return "SETA";
    case OpCode::CloseSession: return "CLOS";
    case OpCode::Sync: return "SYNC";
    case OpCode::Check: return "CHEC";
    case OpCode::Exists: return "EXIS";
    case OpCode::GetData: return "GETD";
    case OpCode::SetWatches: return "SETW";
    case OpCode::SetWatches2: return "STW2";
    case OpCode::AddWatch: return "ADDW";
    case OpCode::GetACL: return "GETA";
    case OpCode::GetChildren:
    case OpCode::GetChildren2: return "GETC";
    case OpCode::GetAllChildrenNumber: return "GETACN";
    case OpCode::CheckWatches: return "CHKW";
    case OpCode::RemoveWatches: return "REMW";
    case OpCode::WhoAmI: return "HOMI";
    case OpCode::GetEphemerals: return "GETE";
    default: return "NA";
    }
}

namespace {

std::optional<std::string> answer(std::string_view word, FourLetterContext& ctx) {
    const auto name = fourLetterWordName(word);
    if (!name) return std::nullopt;
    if (!whitelisted(ctx.config, *name)) {
        return *name + " is not executed because it is not in the whitelist.\n";
    }
    // ZooKeeper has no command behind the telnet sequence: it reads the bytes
    // as a (negative) length and closes.
    if (*name == kTelnetCloseName) return std::nullopt;
    if (word == "ruok") return std::string("imok");
    if (ctx.quorum && ctx.quorum->mode.empty() && word != "isro" && word != "gtmk" && word != "stmk" &&
        word != "envi" && word != "hash")
        return std::string("This ZooKeeper instance is not currently serving requests\n");
    if (word == "isro") return std::string("rw");
    if (word == "gtmk") return std::to_string(kDefaultTraceMask);
    if (word == "stmk" || word == "hash") return std::string();
    if (word == "srvr") return serverSummary(ctx, false);
    if (word == "stat") return serverSummary(ctx, true);
    if (word == "cons") return consReport(ctx);
    if (word == "dump") return dumpReport(ctx);
    if (word == "wchs" || word == "wchc" || word == "wchp") return watchReport(ctx, word);
    if (word == "wchk") return watchKindsReport(ctx);
    if (word == "conf") return confReport(ctx);
    if (word == "envi") return enviReport();
    if (word == "mntr") return mntrReport(ctx);
    if (word == "dirs") {
        return "datadir_size: " + std::to_string(dirSize(ctx.config.dataDir)) + "\nlogdir_size: " +
               std::to_string(dirSize(logDirOf(ctx.config))) + "\n";
    }
    if (word == "crst") {
        for (auto& c : ctx.connections) c.stats->reset();
        return std::string("Connection stats reset.\n");
    }
    if (word == "srst") {
        ctx.stats.reset();
        return std::string("Server stats reset.\n");
    }
    return std::nullopt;  // unreachable: every known word is handled above
}

}  // namespace

std::string membershipText(const ServerConfig& config) {
    // QuorumMaj.toString: members by id, then the (static, so 0) version.
    std::vector<const PeerSpec*> members;
    for (const auto& p : config.servers) members.push_back(&p);
    std::sort(members.begin(), members.end(), [](const PeerSpec* a, const PeerSpec* b) { return a->id < b->id; });
    std::string out;
    for (const PeerSpec* p : members) {
        out += "server." + std::to_string(p->id) + "=" + p->host + ":" + std::to_string(p->quorumPort) + ":" +
               std::to_string(p->electionPort) + (p->observer ? ":observer" : ":participant");
        if (p->clientPort) out += ";" + p->clientAddress.value_or("0.0.0.0") + ":" + std::to_string(*p->clientPort);
        out += "\n";
    }
    return out + "version=0";
}

std::optional<std::string> runFourLetterWord(std::string_view word, FourLetterContext& ctx) {
    auto out = answer(word, ctx);
    // ZooKeeper counts the answer as one packet sent, after composing it (so
    // the word's own report does not include it).
    if (out && !out->empty()) {
        ++ctx.stats.packetsSent;
        for (auto& c : ctx.connections) {
            if (c.asker) ++c.stats->packetsSent;
        }
    }
    return out;
}

}  // namespace zooscope::server
