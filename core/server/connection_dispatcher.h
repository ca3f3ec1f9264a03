// ConnectionDispatcher: the client protocol of one server over whole frames,
// without sockets. It keeps every connection (ClientLink) with its session
// and counters, answers the handshake (ConnectRequest / ConnectResponse),
// session re-attach, pings, auth, SASL and reads, registers watches, and
// delivers watch events. Writes, syncs, new sessions and closeSession go to
// the CommitPath; their answers come back through ClientAnswers. A
// connection's frames wait behind its own writes and syncs still in flight, so
// replies keep the order of requests (pings pass). All output goes through the
// Outbox.
//
// Single-threaded: everything runs on the server's owning thread. No locks.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "proto/records.h"
#include "server/admin_figures.h"
#include "server/client_link.h"
#include "server/commit_path.h"
#include "server/outbox.h"
#include "server/server_state.h"

namespace zooscope::server {

class ConnectionDispatcher final : public ClientAnswers {
public:
    ConnectionDispatcher(ServerState& state, Outbox& outbox);
    // The commit path writes go to; set once, before the first frame.
    void setCommitPath(CommitPath& commit) { commit_ = &commit; }

    // A new connection. False when it must be refused (maxClientCnxns, or
    // after a fatal failure).
    bool attach(ClientLink& link);
    // One whole frame from `link`. The first frame of a link is its ConnectRequest.
    void onFrame(ClientLink& link, std::string_view frame);
    // The link is gone (closed by either side). Its watches go; its session
    // stays until it expires.
    void detach(ClientLink& link);
    // Four-letter words: the answer to `word`, or nullopt if it is not one.
    std::optional<std::string> fourLetterWord(std::string_view word, ClientLink* asker);
    // A copy of what the AdminServer's commands report (admin_figures.h),
    // from the same views as the four-letter words; read-only.
    AdminFigures adminFigures(AdminDetail detail);
    // The live link of an id, or nullptr.
    ClientLink* link(uint64_t linkId) const;

    // ---- ClientAnswers ----
    void deliver(const std::vector<tree::WatchManager::Fired>& fired) override;
    void sessionCreated(uint64_t linkId, int64_t sessionId) override;
    void sessionClosed(int64_t sessionId, std::optional<CloseRequester> requester) override;
    void writeDone(const PendingRequest& request, const Reply& reply) override;
    void syncDone(const PendingRequest& request) override;
    void dropClients(const char* why) override;
    std::vector<int64_t> servedSessions() const override;
    void fail(const std::string& why) override;
    bool failed() const override { return failed_.load(); }  // readable from any thread

private:
    // The read-only views four-letter words and the AdminServer report from;
    // `asker` (may be null) is the connection a word came on.
    FourLetterContext fourLetterContext(ClientLink* asker);

    struct LinkState {
        ClientLink* link = nullptr;
        bool connected = false;   // ConnectRequest answered with a live session
        bool connecting = false;  // its new session is being created
        bool hasReadOnly = false; // the ConnectRequest's flag, echoed in the response
        int64_t sessionId = 0;
        int32_t timeoutMs = 0;
        ClientContext ctx;
        ConnectionStats cnxn;  // what cons reports; crst resets it
        int64_t established = 0;
        int64_t establishedWallMs = 0;
        // Writes and syncs handed to the commit path and not answered yet,
        // and the frames held back behind them.
        int inFlight = 0;
        std::deque<std::string> queued;
    };

    static bool passesQueue(std::string_view frame);
    void dispatch(LinkState& st, std::string_view frame);
    void drain(uint64_t linkId);
    void handleConnect(LinkState& st, std::string_view frame);
    // The handshake succeeded: `sessionId` is live and served by `st`.
    void connected(LinkState& st, int64_t sessionId, bool created);
    void handleRequest(LinkState& st, std::string_view frame);
    void handleAuth(LinkState& st, int32_t xid, std::string_view body);
    // The commit path cannot take the request (no leader): the client moves on.
    void refuse(LinkState& st);
    void requestDone(uint64_t linkId);
    // Sends `hdr` + `body` on st's link.
    void reply(LinkState& st, const proto::ReplyHeader& hdr, std::string_view body);
    // Per-connection and server latency stats for one answered request
    // (ZooKeeper's FinalRequestProcessor.updateStats).
    void recordOp(LinkState& st, int32_t xid, proto::OpCode op, int64_t startedMs);
    LinkState* find(uint64_t linkId);
    LinkState* linkForSession(int64_t sessionId);

    ServerState& state_;
    Outbox& outbox_;
    CommitPath* commit_ = nullptr;
    std::unordered_map<uint64_t, LinkState> links_;
    std::unordered_map<int64_t, uint64_t> sessionLinks_;  // session -> link currently serving it
    std::unordered_map<std::string, int> perAddress_;
    std::atomic<bool> failed_{false};
};

}  // namespace zooscope::server
