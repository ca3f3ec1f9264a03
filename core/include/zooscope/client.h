// zooscope::client — an asynchronous ZooKeeper client over Debian's ZooKeeper
// C client (libzookeeper-mt 3.8.0). Qt-free; the desktop app wraps it.
//
// Threads (the contract the UI relies on):
// - Every method is safe to call from any thread, concurrently. Submitting
//   never blocks on the network: it queues the request and returns.
// - Callbacks (results, watch events, state changes) NEVER run on the thread
//   that submitted the request or that calls close(). Results and watch
//   events run on the C client's completion thread; state changes, requests
//   refused before reaching the C client (bad path, client closed, expired
//   session...) and results cut short by close() run on this Client's own
//   dispatch thread. So they never run on a GUI thread: a Qt adapter must
//   marshal them (queued signals). State changes arrive in order.
// - Callbacks must not block (they stall every later callback of this client)
//   and must not destroy the Client they belong to.
// - Each request's callback is called exactly once, also when the client is
//   closed first (then with Err::ConnectionLoss and "... the client was closed").
// - Results of one client arrive in the order the server answered them, which
//   for one session is the order of submission (ZooKeeper's FIFO client order);
//   an immediate refusal may overtake earlier requests.
//
// Ownership: connect() returns a unique_ptr; destroying the Client closes the
// session (close()). Strings passed in are copied before the call returns.
//
// Errors: every result carries a proto::Err code and, when it is not Ok, an
// English sentence (describeError) for logs and as a UI fallback. Nothing
// throws for runtime conditions.
//
// Logging: spdlog's default logger, prefix "client:". Credentials are never
// logged. The C client's own log lines are routed into spdlog ("zkc:") one
// level lower than the C client rates them (it reports routine connection
// loss as ERROR): C ERROR -> warn, WARN -> info, INFO -> debug, DEBUG -> trace.
//
// What Debian's C client 3.8.0 cannot do (see buildCapabilities()):
// - No TLS and no SASL (built without OpenSSL and Cyrus SASL): options that ask
//   for them are refused by validateOptions()/connect() with "not supported by
//   this build"; never silently ignored.
// - jute.maxbuffer: the C client has no such setting and no limit on what it
//   receives (it accepts a getChildren reply of any size). The limit that
//   exists is the SERVER's jute.maxbuffer for what it receives: a request
//   larger than that makes the server drop the connection. ClientOptions::
//   juteMaxBuffer therefore guards outgoing payloads: create/setData/multi with
//   more data than that are refused locally (BadArguments, with a sentence)
//   instead of costing the connection. Set it to the server's value.
// - No addWatch (persistent / recursive watches), whoAmI, getEphemerals,
//   getAllChildrenNumber or multiRead; TTL creates inside multi() are refused.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

// Data-only protocol vocabulary (Err, Stat, ACL, CreateMode, WatcherType,
// EventType), shared with the engine.
#include "zooscope/protocol.h"

namespace zooscope::client {

// ---------------------------------------------------------------- states

enum class SessionState {
    Connecting,   // no session yet; trying the hosts in turn
    Connected,    // session established (first time)
    Suspended,    // connection lost; the session may still be alive
    Reconnected,  // connection back, same session (watches and auth restored)
    Expired,      // the server expired the session: terminal, connect anew
    AuthFailed,   // the server refused our credentials: terminal
    Closed,       // close() was called: terminal
};
// "connecting", "connected", "suspended", "reconnected", "expired",
// "auth failed", "closed".
std::string_view sessionStateName(SessionState s);
// True for Expired, AuthFailed and Closed: the Client will do nothing more.
bool isTerminal(SessionState s);

// ---------------------------------------------------------------- options

// addauth. scheme "digest" takes "user:password". The credential is a
// secret: it is never logged.
struct AuthInfo {
    std::string scheme = "digest";
    std::string credential;
};

// TLS settings. This build cannot use them (see the header comment); the
// fields exist so profiles can hold them and the UI can show why they fail.
struct SslOptions {
    bool enabled = false;
    std::string caFile, certFile, keyFile, keyPassword;
};

// SASL settings. Same as SslOptions: refused by this build when enabled.
struct SaslOptions {
    bool enabled = false;
    std::string mechanism = "DIGEST-MD5";
    std::string service = "zookeeper";
    std::string user, password;
};

// A session to re-attach to (zookeeper_init's clientid): id and password as
// the server issued them.
struct SessionCredentials {
    int64_t sessionId = 0;
    std::array<char, 16> password{};
};

struct ClientOptions {
    // "host:port[,host:port...][/chroot]". Hosts are tried in random order
    // (the C client's default); a chroot makes every path relative to it.
    std::string connectString;
    // Requested session timeout; the server clamps it to its
    // [minSessionTimeout, maxSessionTimeout] (see Client::negotiatedTimeout).
    std::chrono::milliseconds sessionTimeout{30000};
    // Sent on every (re)connect, in this order.
    std::vector<AuthInfo> auth;
    SslOptions ssl;
    SaslOptions sasl;
    // Allow a read-only session with a partitioned ensemble member.
    bool canBeReadOnly = false;
    // Largest request this client sends (see the header comment); must be > 0.
    int32_t juteMaxBuffer = proto::kDefaultJuteMaxBuffer;
    // Re-attach to an existing session instead of creating one.
    std::optional<SessionCredentials> resume;
};

// Which option a problem belongs to, so the UI can put the message next to it.
enum class OptionField { ConnectString, SessionTimeout, Auth, Ssl, Sasl, JuteMaxBuffer };

struct OptionProblem {
    OptionField field;
    std::string message;  // an English sentence; never contains a secret
};

// Every problem connect() would refuse the options for (empty = fine).
std::vector<OptionProblem> validateOptions(const ClientOptions& options);

// What this build of the client can do, for greying out UI features.
struct Capabilities {
    bool ssl = false;
    bool sasl = false;
    bool persistentWatches = false;  // addWatch
    bool whoAmI = false;
    bool ttlInMulti = false;
    bool juteMaxBufferSetting = false;  // no receive limit to configure
};
Capabilities buildCapabilities();

struct HostPort {
    std::string host;
    uint16_t port = 0;
    friend bool operator==(const HostPort&, const HostPort&) = default;
};

struct ConnectString {
    std::vector<HostPort> hosts;
    std::string chroot;  // "" when none; else a valid absolute path, no trailing '/'
};

// Why a connect string was refused, for a UI that words its own sentence.
enum class ConnectStringError {
    None,
    NoServer,             // nothing before the chroot
    EmptyEntry,           // ",," or a trailing ','
    MissingPort,          // an entry without ":port" or without a host, "[]:2181" (subject: the entry)
    BadPort,              // port not a number in 1-65535 (subject: the entry)
    BadHost,              // a host character outside [A-Za-z0-9-._:%] (subject: the entry)
    ChrootTrailingSlash,  // subject: the chroot
    ChrootInvalid,        // "//" or NUL in the chroot (subject: the chroot)
    ChrootDotSegment,     // a "." or ".." segment (subject: the chroot)
};
struct ConnectStringProblem {
    ConnectStringError code = ConnectStringError::None;
    std::string subject;  // the offending server entry or chroot, "" when none
};

// Parses and checks a connect string; nullopt and *error (a sentence) when it
// is malformed (no host, bad port, bad chroot...), and *problem (when given)
// the same as a code. A missing port is an error: the C client would
// otherwise fail in a less clear way.
std::optional<ConnectString> parseConnectString(std::string_view text, std::string* error,
                                                ConnectStringProblem* problem = nullptr);

// ---------------------------------------------------------------- results

// The operation an error happened in; chooses the verb of the sentence.
enum class Operation {
    Connect, Create, Delete, Exists, GetData, SetData, GetChildren, GetACL, SetACL, Sync,
    Multi, RemoveWatches, GetConfig, AddAuth, SetServers, Reconfig,
};

// A readable English sentence for `err` during `op` on `path` (path may be
// empty), e.g. NoAuth + GetData + "/a" -> "Not authorised to read /a: the
// node's ACL does not grant it (READ) to this session's identities."
// Logs and UI fallback text; the UI translates its own strings.
std::string describeError(proto::Err err, Operation op, std::string_view path);

struct Empty {};

template <class T>
struct Result {
    proto::Err err = proto::Err::Ok;
    std::string message;  // "" when ok(), else describeError(...) or more specific
    T value{};            // meaningful only when ok() unless documented otherwise
    bool ok() const { return err == proto::Err::Ok; }
};

template <class T>
using Callback = std::function<void(Result<T>)>;

struct NodeData {
    std::string data;
    bool isNull = false;  // the znode holds null, not "" (the wire distinguishes them)
    proto::Stat stat;
};

struct Children {
    std::vector<std::string> names;  // unsorted, as the server sends them
    proto::Stat stat;                // the parent's stat
};

struct AclData {
    proto::ACLList acl;
    proto::Stat stat;
};

struct Created {
    std::string path;  // the actual path (sequential nodes get their counter)
    proto::Stat stat;
};

// create() settings. ttl is required (1..2^40-1 ms) for the TTL modes and
// must be 0 otherwise.
struct CreateOptions {
    proto::ACLList acl = proto::openAclUnsafe();
    proto::CreateMode mode = proto::CreateMode::Persistent;
    int64_t ttlMs = 0;
    bool nullData = false;  // store null instead of `data`
};

// One operation of a multi(). Build with the static helpers.
struct Op {
    enum class Kind { Create, Delete, SetData, Check };
    Kind kind = Kind::Check;
    std::string path;
    std::string data;
    CreateOptions create;
    int32_t version = -1;

    static Op makeCreate(std::string path, std::string data, CreateOptions options = {});
    static Op makeDelete(std::string path, int32_t version = -1);
    static Op makeSetData(std::string path, std::string data, int32_t version = -1);
    static Op makeCheck(std::string path, int32_t version);
};

// One op's outcome. When a multi fails, the failing op has its error and the
// others RuntimeInconsistency (rolled back) or Ok, as the server reports.
struct OpResult {
    proto::Err err = proto::Err::Ok;
    std::string path;  // Create: the created path
    proto::Stat stat;  // SetData: the new stat
};

// reconfig() arguments, as ZooKeeperAdmin.reconfigure takes them: either an
// incremental change (joining and/or leaving) or a whole new membership
// (members), never both. Empty strings are "not given".
struct ReconfigChange {
    // Comma-separated server lines to add, each
    // "server.<id>=<host>:<quorumPort>:<electionPort>[:<role>];[<clientHost>:]<clientPort>".
    std::string joining;
    // Comma-separated ids of servers to remove, e.g. "3,4".
    std::string leaving;
    // Non-incremental: the complete new membership, comma-separated
    // "server.<id>=..." lines (optionally group./weight. lines).
    std::string members;
    // Apply only if the ensemble's config is still this version (the
    // "version=" line of getConfig(), hex); -1: whatever it is.
    int64_t fromConfigVersion = -1;
};

// "" when `change` could be sent, else why not (an English sentence). The
// checks are the ones reconfig() refuses locally; the server checks more.
std::string validateReconfig(const ReconfigChange& change);

// Row of getChildrenWithStats().
struct ChildRow {
    std::string name;
    proto::Err err = proto::Err::Ok;  // NoNode when the child vanished
    proto::Stat stat;
    std::string data;  // RowDetail::StatAndData only
    bool isNull = false;
};

enum class RowDetail { Stat, StatAndData };

// ---------------------------------------------------------------- the client

// State changes, in order, on the dispatch thread (see top).
using StateCallback = std::function<void(SessionState state)>;
// A one-shot watch fired: type and path (relative to the chroot).
using WatchCallback = std::function<void(proto::EventType type, const std::string& path)>;

struct Callbacks {
    StateCallback onState;  // may be empty
    WatchCallback onWatch;  // may be empty
};

class Client {
public:
    // Validates `options` (validateOptions), then starts connecting and returns
    // at once; progress arrives through callbacks.onState (Connecting first).
    // nullptr + *error (the problems as sentences) when the options are
    // refused or the C client cannot start.
    static std::unique_ptr<Client> connect(const ClientOptions& options, Callbacks callbacks,
                                           std::string* error);

    virtual ~Client() = default;

    // Closes the session (tells the server when connected, waiting up to a few
    // seconds), completes outstanding requests with ConnectionLoss, reports
    // Closed and joins the callback threads. Idempotent. Not from a callback.
    virtual void close() = 0;

    virtual SessionState state() const = 0;
    // 0 before the first connection.
    virtual int64_t sessionId() const = 0;
    virtual SessionCredentials sessionCredentials() const = 0;
    // The timeout the server granted (0 before the first connection).
    virtual std::chrono::milliseconds negotiatedTimeout() const = 0;
    // "host:port" of the current server, "" when not connected.
    virtual std::string currentServer() const = 0;
    virtual const ClientOptions& options() const = 0;

    // ---- operations. `watch` leaves a one-shot watch (reported via onWatch).
    virtual void create(const std::string& path, const std::string& data, const CreateOptions& options,
                        Callback<Created> done) = 0;
    // version -1: any.
    virtual void remove(const std::string& path, int32_t version, Callback<Empty> done) = 0;
    // Ok with nullopt when the node does not exist (a watch is then left for
    // its creation).
    virtual void exists(const std::string& path, bool watch, Callback<std::optional<proto::Stat>> done) = 0;
    virtual void getData(const std::string& path, bool watch, Callback<NodeData> done) = 0;
    virtual void setData(const std::string& path, const std::string& data, int32_t version,
                         Callback<proto::Stat> done) = 0;
    virtual void getChildren(const std::string& path, bool watch, Callback<std::vector<std::string>> done) = 0;
    // One request for the whole list however long it is (the C client has no
    // receive limit); use this for big nodes, then getChildrenWithStats for the
    // rows actually shown.
    virtual void getChildren2(const std::string& path, bool watch, Callback<Children> done) = 0;
    virtual void getACL(const std::string& path, Callback<AclData> done) = 0;
    virtual void setACL(const std::string& path, const proto::ACLList& acl, int32_t version,
                        Callback<Empty> done) = 0;
    // Value: the synced path.
    virtual void sync(const std::string& path, Callback<std::string> done) = 0;
    // All-or-nothing. Result.err is the first failing op's error; value holds
    // one OpResult per op even then.
    virtual void multi(const std::vector<Op>& ops, Callback<std::vector<OpResult>> done) = 0;
    // Removes this client's watches of `type` on path (sends CheckWatches, as
    // Java's removeWatches(path, watcher, ...) does). NoWatcher when there are
    // none. local: remove them here even if the server cannot be asked.
    virtual void removeWatches(const std::string& path, proto::WatcherType type, bool local,
                               Callback<Empty> done) = 0;
    // Removes every watch of `type` on path for this session (sends
    // RemoveWatches, as Java's removeAllWatches does).
    virtual void removeAllWatches(const std::string& path, proto::WatcherType type, bool local,
                                  Callback<Empty> done) = 0;
    // The ensemble configuration (/zookeeper/config) as text.
    virtual void getConfig(bool watch, Callback<NodeData> done) = 0;
    // Adds credentials to the session (kept and re-sent on reconnect).
    virtual void addAuth(const AuthInfo& auth, Callback<Empty> done) = 0;

    // Replaces the servers this session may use (zoo_set_servers), to follow
    // an ensemble whose membership changed. `hosts` is "host:port[,host:port...]"
    // without a chroot (the chroot is fixed for the session). The session is
    // kept. If the current server is not in the new list, the client drops
    // that connection and moves to a listed one (Reconnected follows, same
    // session); if it is, the client stays, except that a longer list may
    // move it to a new server to spread the load (ZOOKEEPER-1355).
    // Malformed lists (empty, no port, a chroot...) are refused with
    // BadArguments before the C client sees them; a list none of whose hosts
    // resolves fails with SystemError and the previous list stays in use.
    // The C client 3.8.0 compares addresses WITHOUT ports (addrvec_contains):
    // a list that differs from the current one only in ports (servers
    // sharing one host) would be silently ignored, so it is refused with
    // Unimplemented; and when the current server's IP is in the new list
    // under another port, the C client may stay on the current server until
    // the connection next drops.
    // Host names are resolved during the call, on this client's dispatch
    // thread (so the result and the state changes arrive there). Value: the
    // list now in use, normalised ("host:port,host:port").
    virtual void setServers(const std::string& hosts, Callback<std::string> done) = 0;
    // The server list in use: the connect string's hosts, or the last
    // successful setServers(), normalised as above.
    virtual std::string servers() const = 0;
    // Dynamic reconfiguration (zoo_areconfig). Value: the new configuration
    // data (as getConfig() returns it) and the Stat of /zookeeper/config.
    // A change validateReconfig() rejects is refused with BadArguments before
    // reaching the server. A server with reconfigEnabled=false (ZooKeeper's
    // default, and the engine) answers ReconfigDisabled.
    virtual void reconfig(const ReconfigChange& change, Callback<NodeData> done) = 0;

    // Bulk rows: pipelines one exists (Stat) or getData (StatAndData) per name
    // under `parent` — all sent at once, no round trip per row — and calls
    // `done` once with the rows in the order of `names`. Meant for the rows on
    // screen, not whole lists. Result.err is Ok unless no request could be sent
    // (then the first such error); per-row errors are in ChildRow::err.
    virtual void getChildrenWithStats(const std::string& parent, const std::vector<std::string>& names,
                                      RowDetail detail, Callback<std::vector<ChildRow>> done) = 0;
};

}  // namespace zooscope::client
