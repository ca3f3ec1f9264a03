// QuorumHost: the commit path of an ensemble member, and the host of its
// quorum::QuorumPeer. It executes the peer's effects in order (the contract of
// each is at the top of core/quorum/peer.h): sends through PeerLink, log
// appends through a LogSyncer (log_syncer.h: the group commit on its own
// thread, so the loop keeps moving messages during a sync), truncation,
// snapshots, SNAP install, and commits - applied to the tree in zxid order and
// answered to the client that asked here. Client writes, session creation, closing and touches
// are encoded (forwarded_request.h) and submitted to the peer, which forwards
// them to the leader; the leader's host prepares them (RequestProcessor) and
// proposes. The leader alone expires sessions. Clients are served only while
// this member is synced with an established leader (or is one); losing that
// closes every client connection, so clients move on.
//
// The seams are interfaces, so the same code runs in production (network.cpp:
// asio timers, TCP peer transport, the real disk) and in the quorum simulator
// (tests/sim: simulated time, network and disk).
//
// Single-threaded: everything runs on the server's owning thread (the
// LogSyncer has its own).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "quorum/peer.h"
#include "server/commit_path.h"
#include "server/log_syncer.h"
#include "server/quorum_state.h"
#include "server/server_state.h"
#include "server/snapshot_runner.h"
#include "server/timers.h"
#include "storage/storage.h"

namespace zooscope::server {

// Where quorum messages go. Best effort: the protocol copes with loss.
class PeerLink {
public:
    virtual ~PeerLink() = default;
    virtual void send(quorum::ServerId to, const quorum::Message& msg) = 0;
};

class QuorumHost final : public CommitPath {
public:
    // Sees every effect just before the host executes it; the simulator
    // checks its invariants there. Never changes what the host does.
    using EffectTap = std::function<void(const quorum::Effect&)>;

    // `storage` may be null (in memory). `setup`: the quorum's settings and
    // what this member recovered (quorum_state.h).
    QuorumHost(ServerState& state, ClientAnswers& answers, Timers& timers, PeerLink& peers,
               std::unique_ptr<storage::Storage> storage, QuorumSetup setup, EffectTap tap = {});
    ~QuorumHost() override;

    // ---- CommitPath ----
    void start() override;  // the first election, then a protocol tick every protocolTickMs
    bool serving() const override { return serving_; }
    std::optional<QuorumView> quorumView() const override;
    std::optional<SyncStats> syncStats() const override;
    bool createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) override;
    bool closeSession(int64_t sessionId, CloseRequester requester) override;
    bool write(const ClientContext& ctx, PendingRequest request, std::string_view body) override;
    bool sync(int64_t sessionId, PendingRequest request) override;
    void tick() override;  // leader: expiry; learner: reports the sessions it serves
    void checkContainers() override;
    bool seed(const std::string& path, const std::string& data) override;  // false: data comes via the leader

    // ---- from the peer transport ----
    void onPeerMessage(const quorum::Message& msg);
    void onPeerUnreachable(quorum::ServerId id);
    void onPeerConnected(quorum::ServerId id);

    const quorum::QuorumPeer& peer() const { return *peer_; }

private:
    void scheduleProtocolTick();
    void process(quorum::Effects effects);
    void handle(quorum::effect::Send& e);
    void handle(quorum::effect::PersistEpochs& e);
    void handle(quorum::effect::AppendLog& e);
    void handle(quorum::effect::TruncateLog& e);
    void handle(quorum::effect::InstallSnapshot& e);
    void handle(quorum::effect::TakeSnapshot& e);
    void handle(quorum::effect::SendSnapshot& e);
    void handle(quorum::effect::Apply& e);
    void handle(quorum::effect::ClientRequest& e);
    void handle(quorum::effect::SyncDone& e);
    void handle(quorum::effect::RoleChanged& e);
    // The syncer's report: the log is durable up to `zxid`.
    void onLogSynced(int64_t zxid);
    // Leader: one request forwarded by a member (or submitted here).
    void lead(std::string_view payload);
    void proposeOrDrop(const std::function<Prepared(int64_t zxid, int64_t wallMs)>& make);
    // False when there is no leader to take it.
    bool submit(std::string payload);
    void stopServing(const char* why);
    std::string mode() const;

    ServerState& state_;
    ClientAnswers& answers_;
    Timers& timers_;
    PeerLink& peers_;
    std::unique_ptr<storage::Storage> storage_;
    SnapshotRunner snapshots_;
    EffectTap tap_;
    std::unique_ptr<quorum::QuorumPeer> peer_;
    std::unique_ptr<LogSyncer> syncer_;
    std::string epochDir_;
    bool serving_ = false;
    quorum::PeerState role_ = quorum::PeerState::Looking;
    // Requests of clients connected here, waiting for the quorum.
    std::map<std::pair<int64_t, int32_t>, PendingRequest> pendingWrites_;  // (session, cxid)
    std::unordered_map<int64_t, uint64_t> pendingConnects_;                // session -> link
    std::unordered_map<int64_t, CloseRequester> pendingCloses_;            // session -> requester
    std::unordered_map<int64_t, PendingRequest> pendingSyncs_;             // tag -> request
    int64_t nextSyncTag_ = 0;
    int64_t lastProposalSize_ = 0, minProposalSize_ = 0, maxProposalSize_ = 0;
};

}  // namespace zooscope::server
