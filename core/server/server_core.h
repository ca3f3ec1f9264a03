// ServerCore: the client protocol of one standalone server, without sockets.
// It takes whole frames from connections and answers through the narrow
// ClientLink interface: handshake, sessions and their expiry, auth, pings,
// reads, the prepare -> apply -> finish write path, and watch delivery.
//
// Ensemble mode (QuorumSetup given): writes, session creation and closing go
// through the quorum (quorum::QuorumPeer) instead of straight to the tree:
// any member forwards them to the leader, the leader prepares them, and every
// member applies what the quorum committed; the member a client is connected
// to answers it then. Reads are served locally, in order with that client's
// writes. Clients are served only while this member is synced with an
// established leader (or is one); losing that closes every client connection
// so clients move on, as ZooKeeper does. Peer messages come in through
// onPeerMessage() and go out through PeerLink.
//
// Single-threaded: everything runs on the network thread that owns the
// connections (network.cpp). No locks.
#pragma once

#include <atomic>
#include <deque>
#include <map>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "env/env.h"
#include "proto/records.h"
#include "quorum/peer.h"
#include "server/admin_figures.h"
#include "server/four_letter_words.h"
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

// Where quorum messages go (ensemble mode). Implemented by the peer transport
// (network.cpp); best effort: the protocol copes with loss.
class PeerLink {
public:
    virtual ~PeerLink() = default;
    virtual void send(quorum::ServerId to, const quorum::Message& msg) = 0;
};

// Ensemble mode: the quorum's settings and what this member recovered
// (epochs and the log after its snapshot; see quorum_state.h).
struct QuorumSetup {
    quorum::QuorumConfig config;
    quorum::DurableState durable;
    std::string epochDir;  // where the epoch files live ("" = in memory)
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
               std::unique_ptr<Durability> durability = nullptr, std::unique_ptr<QuorumSetup> quorum = nullptr);
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

    // ---- ensemble mode (no-ops standalone) ----
    // Starts the first election; `link` must outlive this ServerCore.
    void startQuorum(PeerLink& link);
    void onPeerMessage(const quorum::Message& msg);
    void onPeerUnreachable(quorum::ServerId id);
    void onPeerConnected(quorum::ServerId id);
    // Drives the protocol's timers. Call every quorumTickMs().
    void quorumTick();
    int32_t quorumTickMs() const;
    bool ensemble() const { return peer_ != nullptr; }
    // "standalone", "leader", "follower", "observer"; "" while not serving.
    std::string mode() const;

    // Creates a persistent node if absent, through a normal transaction
    // (seeding sample data before clients connect).
    bool seed(const std::string& path, const std::string& data);

    // Four-letter words: the answer to `word`, or nullopt if it is not one.
    std::optional<std::string> fourLetterWord(std::string_view word, ClientLink* asker);
    // A copy of what the AdminServer's commands report (admin_figures.h);
    // read-only.
    AdminFigures adminFigures(AdminDetail detail);

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
    // The read-only views four-letter words and the AdminServer report from;
    // `asker` (may be null) is the connection a word came on.
    FourLetterContext fourLetterContext(ClientLink* asker);

    struct LinkState {
        ClientLink* link = nullptr;
        bool connected = false;  // ConnectRequest answered with a live session
        int64_t sessionId = 0;
        int32_t timeoutMs = 0;
        ClientContext ctx;
        ConnectionStats cnxn;  // what cons reports; crst resets it
        int64_t established = 0;
        int64_t establishedWallMs = 0;
        // Ensemble: requests of this link waiting for the quorum (writes,
        // syncs, the session's creation), and frames held back behind them so
        // replies keep the order of requests.
        int inFlight = 0;
        bool connecting = false;
        bool hasReadOnly = false;
        std::deque<std::string> queued;
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

    static bool passesQueue(std::string_view frame);
    void dispatch(LinkState& st, std::string_view frame);
    void drain(uint64_t linkId);
    void handleConnect(LinkState& st, std::string_view frame);
    void handleRequest(LinkState& st, std::string_view frame);
    void handleAuth(LinkState& st, int32_t xid, std::string_view body);
    void write(LinkState& st, int32_t xid, proto::OpCode op, std::string_view body);
    void closeSession(int64_t sessionId, LinkState* requester, int32_t xid);
    // Sends `hdr` + `body` on st's link.
    void reply(LinkState& st, const proto::ReplyHeader& hdr, std::string_view body);
    void deliver(const std::vector<tree::WatchManager::Fired>& fired);
    int64_t nextZxid() { return ++lastZxid_; }

    // ---- ensemble mode (server_core_quorum.cpp) ----
    struct PendingWrite {
        uint64_t linkId;
        proto::OpCode op;
        int64_t startedMs;
        std::string body;  // sync: its request, answered by read() once done
    };
    void process(quorum::Effects effects);
    void handleEffect(quorum::effect::Send& e);
    void handleEffect(quorum::effect::PersistEpochs& e);
    void handleEffect(quorum::effect::AppendLog& e);
    void handleEffect(quorum::effect::TruncateLog& e);
    void handleEffect(quorum::effect::InstallSnapshot& e);
    void handleEffect(quorum::effect::TakeSnapshot& e);
    void handleEffect(quorum::effect::SendSnapshot& e);
    void handleEffect(quorum::effect::Apply& e);
    void handleEffect(quorum::effect::ClientRequest& e);
    void handleEffect(quorum::effect::SyncDone& e);
    void handleEffect(quorum::effect::RoleChanged& e);
    void quorumFlush();
    // Leader: one request forwarded by a member (or submitted here).
    void lead(std::string_view payload);
    void proposeOrDrop(const std::function<Prepared(int64_t zxid, int64_t wallMs)>& make);
    // A forwarded client request of `st`; false when there is no leader to
    // take it (the connection is then closed).
    bool submitFor(LinkState& st, std::string payload);
    void quorumWrite(LinkState& st, int32_t xid, proto::OpCode op, std::string_view body, int64_t startedMs);
    void quorumConnect(LinkState& st, int64_t sessionId, int32_t timeoutMs);
    void quorumClose(LinkState& st, int32_t xid);
    void requestDone(uint64_t linkId);
    void dropClients(const char* why);
    void expireOnLeader();
    storage::SessionTable sessionTable() const;
    std::vector<tree::WatchManager::Fired> applyEntry(const tree::TxnHeader& h, const tree::Txn& t,
                                                       tree::ApplyResult* result);
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
    // Rebuilt when the tree is replaced (SNAP) or leadership changes (its
    // in-flight view belongs to one leader's proposals).
    std::unique_ptr<RequestProcessor> processor_;
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

    // ensemble mode
    std::unique_ptr<quorum::QuorumPeer> peer_;
    PeerLink* peerLink_ = nullptr;
    std::string epochDir_;
    bool serving_ = true;  // standalone: always
    quorum::PeerState role_ = quorum::PeerState::Looking;
    int64_t lastLogged_ = 0;
    bool quorumFlushScheduled_ = false;
    std::map<std::pair<int64_t, int32_t>, PendingWrite> pendingWrites_;  // (session, cxid)
    std::unordered_map<int64_t, uint64_t> pendingConnects_;               // session -> link
    std::unordered_map<int64_t, std::pair<uint64_t, int32_t>> pendingCloses_;  // session -> (link, xid)
    std::unordered_map<int64_t, std::pair<std::pair<int64_t, int32_t>, PendingWrite>> pendingSyncs_;  // tag
    int64_t nextSyncTag_ = 0;
    int64_t lastProposalSize_ = 0, minProposalSize_ = 0, maxProposalSize_ = 0;
};

}  // namespace zooscope::server
