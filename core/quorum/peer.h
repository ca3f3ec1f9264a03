// QuorumPeer: ZooKeeper's leader election (FastLeaderElection) and atomic
// broadcast (ZAB: discovery, synchronization, broadcast) as a deterministic
// state machine.
//
// No threads, sockets, clock or disk inside. The host feeds inputs (messages,
// ticks, disk completions, client submissions) and executes the Effects each
// call returns, IN ORDER. Same inputs, same effects.
//
// Host contract:
//  - tick() every tickMs; every limit below is counted in ticks.
//  - Send: deliver msg to `to` (encode() it). The transport may lose,
//    duplicate, delay or reorder messages; the protocol copes.
//  - PersistEpochs: make it durable before executing any later effect.
//  - AppendLog: append the entries; call onLogSynced(z) once every entry up to
//    z is durable. TruncateLog: drop entries above zxid (before later appends).
//  - InstallSnapshot: replace the applied state by `state` (taken at zxid)
//    and the log by nothing; durable before later effects.
//  - TakeSnapshot: persist a snapshot of the applied state (which is exactly
//    through zxid at that point of the effect list); log entries up to zxid may
//    then be deleted.
//  - SendSnapshot: send to `to` the Message makeSnap(effect, state) where state
//    is the applied state at that point of the effect list.
//  - Apply: a committed entry; apply entries in the order given.
//  - ClientRequest (leader only): a client request submitted here or
//    forwarded by a learner; the host prepares it and calls propose().
//  - SyncDone: the sync `tag` submitted at this peer completed; reads that
//    follow see every write committed before the sync was requested.
//  - RoleChanged: informational (state, leader, epoch, established).
//
// Restart: construct with the durable state the host recovered (epochs,
// snapshot zxid whose state the host has loaded, log entries after it).
//
// Single-threaded: one owner calls everything.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "quorum/messages.h"

namespace zooscope::quorum {

struct QuorumConfig {
    ServerId self = 0;
    std::vector<ServerId> voters;     // participants, self included when voting
    std::vector<ServerId> observers;  // receive commits, never vote
    int32_t initLimit = 10;           // ticks to get a leader established
    int32_t syncLimit = 5;            // ticks of silence before a link is dead
    int32_t finalizeWaitTicks = 1;    // FLE's finalize wait
    int32_t electionResendTicks = 2;  // re-broadcast our vote while LOOKING
    int64_t snapCount = 0;            // entries after which TakeSnapshot is emitted; 0 = never
    int64_t incarnation = 0;          // grows across restarts of this peer (e.g. boot counter)
};

struct DurableState {
    int64_t acceptedEpoch = 0;
    int64_t currentEpoch = 0;
    Zxid snapshotZxid = 0;          // the host's applied state is exactly through here
    std::vector<LogEntry> log;      // durable entries after snapshotZxid, ascending
};

namespace effect {
struct Send { ServerId to; Message msg; };
struct PersistEpochs { int64_t acceptedEpoch; int64_t currentEpoch; };
struct AppendLog { std::vector<LogEntry> entries; };
struct TruncateLog { Zxid zxid; };
struct InstallSnapshot { Zxid zxid; std::string state; };
struct TakeSnapshot { Zxid zxid; };
struct SendSnapshot { ServerId to; Zxid zxid; int64_t link; int64_t seq; ServerId from; };
struct Apply { LogEntry entry; };
struct ClientRequest { ServerId origin; std::string payload; };
struct SyncDone { int64_t tag; };
struct RoleChanged { PeerState state; ServerId leader; int64_t epoch; bool established; };
}  // namespace effect

using Effect = std::variant<effect::Send, effect::PersistEpochs, effect::AppendLog, effect::TruncateLog,
                            effect::InstallSnapshot, effect::TakeSnapshot, effect::SendSnapshot, effect::Apply,
                            effect::ClientRequest, effect::SyncDone, effect::RoleChanged>;
using Effects = std::vector<Effect>;

// The SNAP message a SendSnapshot effect asks for.
Message makeSnap(const effect::SendSnapshot& e, std::string state);

class QuorumPeer {
public:
    QuorumPeer(QuorumConfig config, DurableState durable);

    // Starts the first election (or observer search). Call once.
    Effects start();
    Effects tick();
    Effects receive(const Message& msg);
    Effects onLogSynced(Zxid zxid);
    // The transport lost its connection to `id` (closed, reset or refused).
    // A learner whose leader went away looks for a new one at once instead of
    // waiting out syncLimit (as a ZooKeeper follower does when its leader's
    // socket closes); a leader forgets that learner and steps down when the
    // rest no longer make a quorum. Both are what the timers would do later,
    // so this only makes failover faster; it is never needed for safety.
    Effects peerUnreachable(ServerId id);
    // The transport (re)connected to `id`: while looking, send it our vote
    // now (what we broadcast before the link was up was lost), so a member
    // that restarts finds the ensemble without waiting for a re-broadcast.
    Effects peerConnected(ServerId id);

    // A client request arriving at this peer: forwarded to the leader (or
    // handed back as ClientRequest on the leader). Returns false and emits
    // nothing when there is no established leader to take it.
    bool submit(std::string payload, Effects& out);
    // Leader only: appends a proposal whose payload `make` builds for the zxid
    // it is given. nullopt when not an established leader.
    std::optional<Zxid> propose(const std::function<std::string(Zxid)>& make, Effects& out);
    // ZooKeeper's sync: SyncDone{tag} comes out once this peer has applied
    // every write the leader committed before it confirmed its leadership.
    bool sync(int64_t tag, Effects& out);

    // ---- read-only getters ----
    PeerState state() const { return state_; }
    ServerId self() const { return cfg_.self; }
    ServerId leader() const { return leader_; }
    bool established() const;  // leading or synced with a leader that is broadcasting
    int64_t acceptedEpoch() const { return acceptedEpoch_; }
    int64_t currentEpoch() const { return currentEpoch_; }
    Zxid lastZxid() const { return log_.empty() ? logBase_ : log_.back().zxid; }
    Zxid commitZxid() const { return commit_; }
    Zxid appliedZxid() const { return applied_; }
    Zxid durableZxid() const { return durable_; }
    const Vote& vote() const { return vote_; }
    // Leader only (0 otherwise), for mntr: learners with a link, voting
    // followers in broadcast, and syncs waiting for their answer.
    size_t learnerCount() const { return state_ == PeerState::Leading ? handlers_.size() : 0; }
    size_t syncedFollowerCount() const;
    size_t pendingSyncCount() const { return state_ == PeerState::Leading ? syncs_.size() : 0; }
    int64_t round() const { return round_; }

private:
    bool isVoter(ServerId id) const;
    bool isQuorum(size_t votersAgreeing) const { return votersAgreeing * 2 > cfg_.voters.size(); }
    void send(ServerId to, Message::Body body, Effects& out, int64_t link = 0, int64_t seq = 0);
    // Learner: a message to the leader on our link, numbered 1, 2, 3...
    void toLeader(Message::Body body, Effects& out);
    void broadcastNotification(Effects& out);
    void setRole(PeerState s, ServerId leader, Effects& out);

    // election
    void startLooking(Effects& out);
    void onNotification(ServerId from, const Notification& n, Effects& out);
    bool voteHasQuorum() const;
    void decide(Effects& out);

    // learner
    void startLearning(ServerId leader, Effects& out);
    void onLeaderMessage(const Message& m, Effects& out);
    void learnerAckIfReady(Effects& out);
    void rejoin(Effects& out);

    // leader
    struct Handler {
        int64_t link = 0;
        int64_t seq = 0;  // last seq sent
        bool observer = false;
        enum Stage { Info, EpochAcked, Syncing, Broadcast } stage = Info;
        int64_t acceptedEpoch = 0;
        Zxid lastZxid = 0;
        Zxid syncZxid = 0;
        Zxid match = 0;  // acked durable through here (this epoch's link)
        int64_t pingRound = 0;
        int32_t silentTicks = 0;
        int64_t requestSeq = 0;  // the learner's last client request or sync taken (its seq)
    };
    void startLeading(Effects& out);
    void onLearnerMessage(const Message& m, Effects& out);
    bool takeRequest(const Message& m, Handler& h);
    void leaderSend(ServerId to, Handler& h, Message::Body body, Effects& out);
    void maybeDecideEpoch(Effects& out);
    void syncLearner(ServerId id, Handler& h, Effects& out);
    void maybeEstablish(Effects& out);
    void maybeCommit(Effects& out);
    void maybeFinishSyncs(Effects& out);
    void confirmRound(Effects& out);
    // Leader: voters syncing or in broadcast, itself included (Leader.lead's
    // "sufficient followers synced" check).
    size_t followingVoters() const;

    // log
    void appendEntries(std::vector<LogEntry> entries, Effects& out);
    void commitTo(Zxid z, Effects& out);
    bool hasEntry(Zxid z) const;
    void maybeSnapshot(Effects& out);

    QuorumConfig cfg_;
    PeerState state_ = PeerState::Looking;
    bool observer_ = false;
    ServerId leader_ = 0;
    int64_t acceptedEpoch_ = 0;
    int64_t currentEpoch_ = 0;

    // log: entries after logBase_ (whose state is the snapshot)
    Zxid logBase_ = 0;
    std::vector<LogEntry> log_;
    Zxid durable_ = 0;
    Zxid commit_ = 0;
    Zxid applied_ = 0;
    int64_t sinceSnapshot_ = 0;

    // election
    int64_t round_ = 0;
    Vote vote_;
    std::map<ServerId, Notification> recv_;        // this round, LOOKING senders
    std::map<ServerId, Notification> outOfElection_;
    int32_t finalizeLeft_ = -1;
    int32_t resendLeft_ = 0;

    // learner
    int64_t linkCounter_ = 0;
    int64_t link_ = 0;
    int64_t expectSeq_ = 1;
    int64_t sendSeq_ = 0;  // our last message to the leader on link_
    int32_t leaderSilentTicks_ = 0;
    int32_t unsyncedTicks_ = 0;
    bool newLeaderAcked_ = false;
    bool synced_ = false;          // UPTODATE received
    bool syncing_ = false;         // between DIFF/TRUNC/SNAP and UPTODATE
    Zxid newLeaderZxid_ = -1;      // NEWLEADER waiting for our durable log
    int64_t newLeaderEpoch_ = 0;
    Zxid pendingCommit_ = 0;
    int64_t lastPingRound_ = 0;
    std::map<int64_t, bool> pendingSyncs_;  // tags sent to the leader

    // leader
    std::map<ServerId, Handler> handlers_;
    int64_t newEpoch_ = -1;        // decided in discovery
    bool epochQuorum_ = false;
    bool established_ = false;
    Zxid establishZxid_ = 0;
    bool selfNewLeaderAcked_ = false;
    int32_t leadTicks_ = 0;
    int64_t counter_ = 0;
    int64_t pingRound_ = 0;
    struct PendingSync { ServerId origin; int64_t tag; Zxid zxid; int64_t round; };
    std::vector<PendingSync> syncs_;
};

}  // namespace zooscope::quorum
