// ServerCore: the client protocol of one standalone server, without sockets.
// It takes whole frames from connections and answers through the narrow
// ClientLink interface: handshake, sessions and their expiry, auth, pings,
// reads, the prepare -> apply -> finish write path, and watch delivery.
//
// Single-threaded: everything runs on the network thread that owns the
// connections (network.cpp). No locks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "env/env.h"
#include "proto/records.h"
#include "server/request_processor.h"
#include "server/session_tracker.h"
#include "server/server_stats.h"
#include "storage/storage.h"
#include "tree/data_tree.h"
#include "zooscope/config.h"

namespace zooscope::server {

// What ServerCore needs of a connection. Implemented by the socket layer
// (and by fakes in tests).
class ClientLink {
public:
    virtual ~ClientLink() = default;
    // Queues one already-framed packet.
    virtual void send(std::string framed) = 0;
    // Closes after everything queued so far is written.
    virtual void closeAfterFlush() = 0;
    virtual uint64_t linkId() const = 0;          // unique per connection; doubles as WatcherId
    virtual const std::string& remoteAddress() const = 0;  // "127.0.0.1"
    // The peer's TCP port, for the 4lw reports (cons, stat, dump); 0 if unknown.
    virtual uint16_t remotePort() const { return 0; }
    // The local (client) port the connection came in on; 0 if unknown. conf
    // reports it, as the configured port may be 0 ("pick a free one").
    virtual uint16_t localPort() const { return 0; }
};

// What the server starts from when it has a data directory: the opened
// storage and the state recovered from it.
struct Durability {
    std::unique_ptr<storage::Storage> storage;
    storage::RecoveredState recovered;
};

class ServerCore {
public:
    // `post` schedules a callback on the owning thread after the work already
    // queued there (the group commit runs that way, once per burst of
    // requests). `durability` is null for an in-memory server.
    ServerCore(const ServerConfig& config, std::shared_ptr<Env> env, std::function<void(std::function<void()>)> post,
               std::unique_ptr<Durability> durability = nullptr);
    ~ServerCore();

    // A new connection. False when it must be refused (maxClientCnxns).
    bool attach(ClientLink& link);
    // One whole frame from `link`. The first frame of a link is its ConnectRequest.
    void onFrame(ClientLink& link, std::string_view frame);
    // The link is gone (closed by either side). Its watches go; its session stays until it expires.
    void detach(ClientLink& link);
    // Expires sessions whose deadline passed. Call about once per tick.
    void tick();
    // Deletes empty containers and expired TTL nodes (container_manager.h),
    // each through a deleteContainer transaction. Call every
    // config.containerCheckIntervalMs.
    void checkContainers();

    // Creates a persistent node if absent, through a normal transaction
    // (seeding sample data before clients connect).
    bool seed(const std::string& path, const std::string& data);

    // Four-letter words: the answer to `word`, or nullopt if it is not one.
    std::optional<std::string> fourLetterWord(std::string_view word, ClientLink* asker);

    const tree::DataTree& tree() const { return *tree_; }
    const ServerStats& stats() const { return stats_; }

    // The group commit: one fdatasync for every transaction logged since the
    // last one, then everything held back (replies, watch events, closes) goes
    // out in order. Nothing any client sees depends on a transaction that is
    // not on disk. Runs by itself through `post`; public for tests.
    void flush();
    // True after the log could not be written or synced. The server then
    // stops serving (ZooKeeper exits); recovery on restart loses nothing that
    // was acknowledged.
    bool failed() const { return failed_.load(); }  // readable from any thread

private:
    struct LinkState {
        ClientLink* link = nullptr;
        bool connected = false;  // ConnectRequest answered with a live session
        int64_t sessionId = 0;
        int32_t timeoutMs = 0;
        ClientContext ctx;
        ConnectionStats cnxn;  // what cons reports; crst resets it
        int64_t established = 0;
        int64_t establishedWallMs = 0;
    };

    // Logs (when durable) and applies one transaction; its effects reach
    // clients only after the next flush().
    tree::ApplyResult commit(const Prepared& p);
    // Output goes through these so it can be held until the log is synced.
    void emit(uint64_t linkId, std::string framed);
    void emitClose(uint64_t linkId);
    void fail(const std::string& why);
    void maybeSnapshot();
    void snapshotStep();

    void handleConnect(LinkState& st, std::string_view frame);
    void handleRequest(LinkState& st, std::string_view frame);
    void handleAuth(LinkState& st, int32_t xid, std::string_view body);
    void write(LinkState& st, int32_t xid, proto::OpCode op, std::string_view body);
    void closeSession(int64_t sessionId, LinkState* requester, int32_t xid);
    // Sends `hdr` + `body` on st's link.
    void reply(LinkState& st, const proto::ReplyHeader& hdr, std::string_view body);
    void deliver(const std::vector<tree::WatchManager::Fired>& fired);
    int64_t nextZxid() { return ++lastZxid_; }
    LinkState* linkForSession(int64_t sessionId);
    // Per-connection and server latency stats for one answered request
    // (ZooKeeper's FinalRequestProcessor.updateStats).
    void recordOp(LinkState& st, int32_t xid, proto::OpCode op, int64_t startedMs);

    ServerConfig config_;
    std::shared_ptr<Env> env_;
    std::function<void(std::function<void()>)> post_;
    std::unique_ptr<storage::Storage> storage_;
    std::unique_ptr<tree::DataTree> tree_;
    SessionTracker sessions_;
    RequestProcessor processor_;
    ServerStats stats_;
    int64_t lastZxid_ = 0;
    std::unordered_map<uint64_t, LinkState> links_;
    std::unordered_map<int64_t, uint64_t> sessionLinks_;  // session -> link currently serving it
    std::unordered_map<std::string, int> perAddress_;

    struct Held {
        uint64_t linkId;
        std::string framed;  // empty with close == true: close after what came before
        bool close = false;
    };
    std::vector<Held> held_;       // output waiting for the group commit
    bool unsynced_ = false;        // transactions logged since the last sync
    bool flushScheduled_ = false;
    std::atomic<bool> failed_{false};
    int64_t txnsSinceSnapshot_ = 0;
    int64_t snapshotThreshold_ = 0;
    bool snapshotStepScheduled_ = false;
};

}  // namespace zooscope::server
