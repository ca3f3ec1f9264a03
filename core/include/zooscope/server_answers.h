// zooscope/server_answers.h — what a ZooKeeper server says about itself, read
// from its four-letter words (srvr, stat, mntr, cons, wchs, wchc, wchp, conf)
// and from its AdminServer's JSON (GET http://host:port/commands/<name>).
// zooscope/server_sample.h turns these answers into one ServerSample per poll.
//
// Contracts:
// - Every parse function is a pure function of the bytes it is given: no I/O,
//   no shared state, thread-safe, never throws, never reads past the input.
//   Any byte string is acceptable input (fuzzers feed them garbage).
// - An answer that is not the data asked for comes back with a status saying
//   why (AnswerStatus) and `message`, an English sentence for the user that
//   quotes the server's own words where it gave some (a refusal, an
//   AdminServer "error", the title of an HTTP error page).
// - Truncated: the four-letter-word answers end with a newline and the JSON
//   is one complete object, so an answer cut short is seen as such; `value`
//   then holds what the complete lines before the cut said (text) or nothing
//   (JSON). An answer cut exactly at a line boundary reads as a shorter
//   answer; fields the format always has (srvr's Mode, mntr's zk_version and
//   zk_server_state, ...) being absent is reported as Truncated too.
// - Numbers are ZooKeeper's: latencies in ms, sizes in bytes, ids and zxids as
//   64-bit integers (a zxid's epoch is zxid >> 32, its counter the low half).
//
// Formats: Apache ZooKeeper 3.8 (Debian's 3.8.0) and the ZooScope engine,
// which answers the same. Real answers captured from both are in
// tests/data/monitor/ (docs/monitoring.md says how they were made).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>


namespace zooscope::monitor {

// How an answer read.
enum class AnswerStatus {
    Ok,          // the data asked for
    Refused,     // a four-letter word outside 4lw.commands.whitelist
    NotServing,  // "This ZooKeeper instance is not currently serving requests"
    Error,       // the AdminServer's "error" field, or an HTTP error page
    Truncated,   // cut short, or missing what the format always has
    Malformed,   // not this answer's format (garbage, another answer, HTML)
    Empty,       // no bytes at all
};
// "ok", "refused", "not serving", "error", "truncated", "malformed", "empty".
std::string_view statusName(AnswerStatus status);

template <class T>
struct Answer {
    AnswerStatus status = AnswerStatus::Empty;
    std::string message;  // empty when Ok
    T value{};            // Ok: complete; Truncated: what came before the cut
    // The server's own words the message quotes: a refusal or "not serving"
    // verbatim; an "error" member, an error page's title or the part that is
    // not this answer's as a quoted excerpt ('...', control bytes escaped).
    // "" when it gave none. Data, never a sentence of ours: a UI words the
    // status itself and shows this as a detail.
    std::string said;
    bool ok() const { return status == AnswerStatus::Ok; }
};

// A server's role. ZooKeeper reports the first five; the others are what a
// monitor concludes: NotServing (it answers, but "is not currently serving
// requests": electing, no quorum, or a leader with leaderServes=no), Down (no
// answer on any channel), Unreachable (an ensemble member this profile has no
// client address for).
enum class ServerMode { Leader, Follower, Observer, Standalone, ReadOnly, NotServing, Down, Unreachable };
// "leader", "follower", "observer", "standalone", "read-only", "not-serving",
// "down", "unreachable" (zooscope-ctl's spelling).
std::string_view modeName(ServerMode mode);
// ZooKeeper's names for a serving server's state (srvr's Mode, mntr's
// zk_server_state): "leader", "follower", "observer", "standalone",
// "read-only"; nullopt for anything else.
std::optional<ServerMode> serverModeFromName(std::string_view name);

// Request latency since the last reset (srst / stat_reset), in ms.
struct Latency {
    double minMs = 0;
    double avgMs = 0;
    double maxMs = 0;
};

// One client connection, as cons / stat's client list / the AdminServer's
// connections print it. The brief form (stat, or a connection without a
// session) has only the address and the packet counts.
struct ClientConnection {
    std::string address;  // "127.0.0.1", "0:0:0:0:0:0:0:1"
    uint16_t port = 0;
    int64_t queued = 0;   // outstanding requests
    int64_t received = 0;
    int64_t sent = 0;
    std::optional<int64_t> sessionId;
    std::optional<std::string> lastOperation;  // "GETD", "PING", ...
    std::optional<int64_t> establishedMs;      // wall clock, ms since the epoch
    std::optional<int64_t> sessionTimeoutMs;
    std::optional<int64_t> lastCxid;
    std::optional<int64_t> lastZxid;
    std::optional<int64_t> lastResponseMs;     // the server's monotonic clock
    std::optional<int64_t> lastLatencyMs;
    std::optional<int64_t> minLatencyMs;
    std::optional<int64_t> avgLatencyMs;
    std::optional<int64_t> maxLatencyMs;
};

// ------------------------------------------------------- four-letter words

// srvr, and stat (srvr plus the client list).
struct SrvrAnswer {
    std::string version;  // "3.8.0-<build>, built on <date>"
    Latency latency;
    int64_t received = 0;
    int64_t sent = 0;
    int64_t connections = 0;
    int64_t outstanding = 0;
    int64_t zxid = 0;
    ServerMode mode = ServerMode::Standalone;
    int64_t nodeCount = 0;  // ZooKeeper counts the root twice
    std::vector<ClientConnection> clients;  // stat only
};
Answer<SrvrAnswer> parseSrvr(std::string_view text);
Answer<SrvrAnswer> parseStat(std::string_view text);

// mntr, and the AdminServer's monitor: every key (without mntr's "zk_"
// prefix) with its value as written, in the server's order.
struct Metric {
    std::string key;
    std::string value;
};
using Metrics = std::vector<Metric>;
Answer<Metrics> parseMntr(std::string_view text);
// The value of `key`, or nullopt.
std::optional<std::string_view> metric(const Metrics& metrics, std::string_view key);

Answer<std::vector<ClientConnection>> parseCons(std::string_view text);

// wchs, and the AdminServer's watch_summary. In 3.8 these count data and
// exists watches only; mntr's watch_count also counts child watches.
struct WatchSummary {
    int64_t connections = 0;
    int64_t paths = 0;
    int64_t watches = 0;
};
Answer<WatchSummary> parseWchs(std::string_view text);

// wchc (by session) and wchp (by path); also the AdminServer's watches and
// watches_by_path. ZooKeeper warns that both may be expensive on a big server.
struct SessionWatches {
    int64_t sessionId = 0;
    std::vector<std::string> paths;
};
struct PathWatchers {
    std::string path;
    std::vector<int64_t> sessionIds;
};
Answer<std::vector<SessionWatches>> parseWchc(std::string_view text);
Answer<std::vector<PathWatchers>> parseWchp(std::string_view text);

// wchk, the ZooScope engine's own word (ZooKeeper does not know it): every
// watch with its kinds, child and persistent ones included. Kinds are
// "data", "exists", "child", "persistent", "persistent-recursive".
struct KindedPath {
    std::string path;
    std::vector<std::string> kinds;
};
struct SessionKindedWatches {
    int64_t sessionId = 0;
    std::vector<KindedPath> paths;
};
struct WchkAnswer {
    std::vector<std::pair<std::string, int64_t>> counts;  // kind -> watches, in the server's order
    std::vector<SessionKindedWatches> sessions;
};
Answer<WchkAnswer> parseWchk(std::string_view text);

// One `server.N=host:quorumPort:electionPort[:role][;[clientAddress:]clientPort]`
// line of an ensemble's membership as a server reports it; clientPort is
// nullopt when the line names no client address, i.e. a member a monitor
// cannot reach. The same fields as zoo.cfg's PeerSpec (zooscope/config.h),
// declared here because the monitor layer uses nothing of the engine's.
struct EnsembleMember {
    int64_t id = 0;
    std::string host;
    uint16_t quorumPort = 0;
    uint16_t electionPort = 0;
    bool observer = false;
    std::optional<std::string> clientAddress;
    std::optional<uint16_t> clientPort;
};
struct Membership {
    std::vector<EnsembleMember> members;  // in the order given
    std::optional<int64_t> version;       // "version=<hex>"
};
// The membership as /zookeeper/config holds it and conf prints it after
// "membership:": server.N lines, then "version=...".
Answer<Membership> parseMembership(std::string_view text);

// conf, and the AdminServer's configuration. `entries` keeps every key as
// the server wrote it (conf: camelCase, AdminServer: snake_case); the fields
// below are the ones both give.
struct ServerConf {
    std::vector<std::pair<std::string, std::string>> entries;
    std::optional<int64_t> serverId;
    std::optional<int64_t> clientPort;
    std::optional<int64_t> tickTime;
    std::optional<int64_t> maxClientCnxns;
    std::optional<int64_t> minSessionTimeout;
    std::optional<int64_t> maxSessionTimeout;
    std::optional<std::string> dataDir;
    std::optional<std::string> dataLogDir;
    std::optional<Membership> membership;  // ensemble members (conf only)
};
Answer<ServerConf> parseConf(std::string_view text);

// ------------------------------------------------------------- AdminServer

// Every AdminServer answer is one JSON object with "command" and "error"
// members; a non-null "error" gives Error (NotServing for ZooKeeper's "not
// currently serving requests"), an HTML page (Jetty's error pages, e.g. the
// HTTP 500 ZooKeeper 3.8 answers to monitor while it elects) gives Error with
// the page's title.

Answer<Metrics> parseAdminMonitor(std::string_view json);  // numbers as written

// stats and server_stats.
struct AdminServerStats {
    std::string version;
    bool readOnly = false;
    std::optional<ServerMode> mode;  // server_state
    int64_t packetsSent = 0;
    int64_t packetsReceived = 0;
    Latency latency;
    int64_t outstanding = 0;
    int64_t lastProcessedZxid = 0;
    int64_t connections = 0;
    int64_t uptimeMs = 0;
    int64_t nodeCount = 0;
    std::optional<int64_t> dataDirSize;
    std::optional<int64_t> logDirSize;
    std::optional<int64_t> fsyncThresholdExceeded;
    std::optional<int64_t> authFailed;
    std::vector<ClientConnection> clients;  // stats only
};
Answer<AdminServerStats> parseAdminStats(std::string_view json);

struct LeaderInfo {
    bool isLeader = false;
    int64_t leaderId = 0;
    std::string leaderIp;
};
Answer<LeaderInfo> parseAdminLeader(std::string_view json);

// zabstate. A server that is not serving says only voting=false, phase "".
struct ZabState {
    bool voting = false;
    std::string phase;  // "election", "discovery", "synchronization", "broadcast", ""
    std::optional<int64_t> myid;
    std::optional<bool> isLeader;
    std::optional<int64_t> lastZxid;
    std::optional<int64_t> epoch;
    std::optional<int64_t> counter;
    std::optional<std::string> clientAddress;
};
Answer<ZabState> parseAdminZabState(std::string_view json);

// voting_view: the members this server counts votes of (observers excluded).
struct VotingMember {
    int64_t id = 0;
    std::vector<std::string> serverAddresses;    // "host:quorumPort"
    std::vector<std::string> electionAddresses;  // "host:electionPort"
    std::string clientAddress;                   // "host:port"
    std::string learnerType;                     // "participant", "observer"
};
Answer<std::vector<VotingMember>> parseAdminVotingView(std::string_view json);

Answer<std::vector<ClientConnection>> parseAdminConnections(std::string_view json);
Answer<WatchSummary> parseAdminWatchSummary(std::string_view json);
Answer<ServerConf> parseAdminConfiguration(std::string_view json);
Answer<std::vector<SessionWatches>> parseAdminWatches(std::string_view json);
Answer<std::vector<PathWatchers>> parseAdminWatchesByPath(std::string_view json);

}  // namespace zooscope::monitor
