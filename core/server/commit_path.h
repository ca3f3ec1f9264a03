// CommitPath: the write side of a server, with two implementations:
//   StandaloneCommit (standalone_commit.h)  prepare -> log -> apply here, and
//                                           the group commit of the log;
//   QuorumHost (quorum_host.h)              forward to the leader, apply what
//                                           the quorum committed.
// ConnectionDispatcher hands a CommitPath everything that changes the tree or
// the session table (writes, syncs, session creation and closing) and hears
// the outcome through ClientAnswers: once the txn is synced (standalone) or
// once the quorum committed it (ensemble). Neither side ever asks which mode
// it runs in.
//
// Single-threaded: the server's owning thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/four_letter_words.h"
#include "server/request_processor.h"
#include "server/server_stats.h"
#include "tree/watch_manager.h"
#include "zooscope/protocol.h"

namespace zooscope::server {

// One client request on its way through a commit path, handed back when it
// is answered.
struct PendingRequest {
    uint64_t linkId = 0;
    int32_t xid = 0;
    proto::OpCode op = proto::OpCode::Error;
    int64_t startedMs = 0;  // monotonic, for the latency counters
    std::string body;       // a sync's request (answered from the tree once done); empty for writes
};

// A closeSession asked by a client (as opposed to an expiry).
struct CloseRequester {
    uint64_t linkId = 0;
    int32_t xid = 0;
};

// What a commit path tells the connections. Implemented by ConnectionDispatcher.
class ClientAnswers {
public:
    virtual ~ClientAnswers() = default;
    // Watch events of an applied txn: they go out before the reply that caused them.
    virtual void deliver(const std::vector<tree::WatchManager::Fired>& fired) = 0;
    // The session asked for on `linkId` exists: answer its ConnectRequest.
    virtual void sessionCreated(uint64_t linkId, int64_t sessionId) = 0;
    // The session is gone: closed by its client (`requester`) or expired.
    virtual void sessionClosed(int64_t sessionId, std::optional<CloseRequester> requester) = 0;
    // The write was applied; `reply` answers it.
    virtual void writeDone(const PendingRequest& request, const Reply& reply) = 0;
    // Every write before the sync is applied here: answer it from the tree.
    virtual void syncDone(const PendingRequest& request) = 0;
    // Closes every client connection (four-letter words still answer) so
    // clients move to another server; requests in flight stay unanswered.
    virtual void dropClients(const char* why) = 0;
    // The sessions a connection here serves.
    virtual std::vector<int64_t> servedSessions() const = 0;
    // Fatal: the log or the epochs could not be written. Every client is
    // disconnected, nothing held is sent, the server stops serving (a restart
    // recovers). Idempotent.
    virtual void fail(const std::string& why) = 0;
    virtual bool failed() const = 0;
};

class CommitPath {
public:
    virtual ~CommitPath() = default;

    // Once, on the owning thread, before any request (an ensemble member
    // starts its first election and its protocol timer).
    virtual void start() = 0;
    // False while clients must not be served (an ensemble member without an
    // established leader): their connections are closed.
    virtual bool serving() const = 0;
    // srvr/mntr/conf's view of an ensemble member; nullopt standalone.
    virtual std::optional<QuorumView> quorumView() const = 0;
    // mntr's view of the group commit; nullopt without a log (in memory).
    virtual std::optional<SyncStats> syncStats() const = 0;

    // Each of these returns false when nobody can take the request now (no
    // leader); the caller then closes the connection. Otherwise the answer
    // comes through ClientAnswers, possibly before the call returns.
    virtual bool createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) = 0;
    virtual bool closeSession(int64_t sessionId, CloseRequester requester) = 0;
    virtual bool write(const ClientContext& ctx, PendingRequest request, std::string_view body) = 0;
    virtual bool sync(int64_t sessionId, PendingRequest request) = 0;

    // Session expiry; called every half tickTime.
    virtual void tick() = 0;
    // Deletes empty containers and expired TTL nodes (container_manager.h);
    // called every containerCheckIntervalMs.
    virtual void checkContainers() = 0;
    // Creates a persistent node if absent, through a normal transaction
    // (sample data before clients connect). False when it was not created.
    virtual bool seed(const std::string& path, const std::string& data) = 0;
};

}  // namespace zooscope::server
