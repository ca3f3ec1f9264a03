#include "server/quorum_host.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/container_manager.h"
#include "server/forwarded_request.h"
#include "server/four_letter_words.h"
#include "storage/snapshot.h"
#include "storage/txn_codec.h"

namespace zooscope::server {

using proto::Err;
using proto::OpCode;

namespace {

// A write of a session the leader no longer knows (expired or closing):
// ZooKeeper's PrepRequestProcessor answers SessionExpired.
Prepared expiredTxn(int64_t sessionId, int32_t cxid, int64_t zxid, int64_t wallMs) {
    Prepared p;
    p.header = tree::TxnHeader{sessionId, cxid, zxid, wallMs, OpCode::Error};
    p.txn = tree::Txn{OpCode::Error, tree::ErrorTxn{Err::SessionExpired}};
    return p;
}

}  // namespace

QuorumHost::QuorumHost(ServerState& state, ClientAnswers& answers, Timers& timers, PeerLink& peers,
                       std::unique_ptr<storage::Storage> storage, QuorumSetup setup, EffectTap tap)
    : state_(state),
      answers_(answers),
      timers_(timers),
      peers_(peers),
      storage_(std::move(storage)),
      snapshots_(state, timers, storage_.get()),
      tap_(std::move(tap)),
      peer_(std::make_unique<quorum::QuorumPeer>(setup.config, std::move(setup.durable))),
      syncer_(std::make_unique<LogSyncer>(
          storage_.get(), peer_->lastZxid(), timers, state.env->backgroundThreads(),
          LogSyncer::Callbacks{[this](int64_t zxid) { onLogSynced(zxid); },
                               [this](const std::string& why) { answers_.fail(why); }})),
      epochDir_(std::move(setup.epochDir)) {
    state_.tree->setConfigData(membershipText(state_.config));
    const auto& q = setup.config;
    spdlog::info("ensemble member {} of {} voters{}: accepted epoch {}, current epoch {}, last zxid 0x{:x}", q.self,
                 q.voters.size(),
                 q.observers.empty() ? "" : " and " + std::to_string(q.observers.size()) + " observers",
                 peer_->acceptedEpoch(), peer_->currentEpoch(), peer_->lastZxid());
}

// The syncer's thread goes first: it uses the storage.
QuorumHost::~QuorumHost() { syncer_.reset(); }

void QuorumHost::start() {
    process(peer_->start());
    scheduleProtocolTick();
}

void QuorumHost::scheduleProtocolTick() {
    timers_.after(protocolTickMs(state_.config), [this] {
        if (!answers_.failed()) process(peer_->tick());
        scheduleProtocolTick();
    });
}

std::string QuorumHost::mode() const {
    if (!serving_) return "";
    switch (role_) {
    case quorum::PeerState::Leading: return "leader";
    case quorum::PeerState::Following: return "follower";
    case quorum::PeerState::Observing: return "observer";
    case quorum::PeerState::Looking: break;
    }
    return "";
}

std::optional<QuorumView> QuorumHost::quorumView() const {
    QuorumView q;
    q.mode = mode();
    q.learners = peer_->learnerCount();
    q.syncedFollowers = peer_->syncedFollowerCount();
    q.pendingSyncs = peer_->pendingSyncCount();
    q.lastProposalSize = lastProposalSize_;
    q.minProposalSize = minProposalSize_;
    q.maxProposalSize = maxProposalSize_;
    q.leaderId = role_ == quorum::PeerState::Looking ? 0 : int64_t(peer_->leader());
    q.zabPhase = role_ == quorum::PeerState::Looking ? "election" : serving_ ? "broadcast" : "synchronization";
    return q;
}

std::optional<SyncStats> QuorumHost::syncStats() const {
    if (!storage_) return std::nullopt;
    return syncer_->stats();
}

void QuorumHost::onPeerMessage(const quorum::Message& msg) {
    if (!answers_.failed()) process(peer_->receive(msg));
}

void QuorumHost::onPeerUnreachable(quorum::ServerId id) {
    if (!answers_.failed()) process(peer_->peerUnreachable(id));
}

void QuorumHost::onPeerConnected(quorum::ServerId id) {
    if (!answers_.failed()) process(peer_->peerConnected(id));
}

void QuorumHost::process(quorum::Effects effects) {
    for (auto& e : effects) {
        if (answers_.failed()) return;
        if (tap_) tap_(e);
        std::visit([this](auto& x) { handle(x); }, e);
    }
    // A learner that lost its stream rejoins without a role change: it must
    // not serve from a state that a SNAP may replace.
    if (serving_ && !peer_->established()) stopServing("re-syncing with the leader");
}

void QuorumHost::stopServing(const char* why) {
    serving_ = false;
    pendingWrites_.clear();
    pendingConnects_.clear();
    pendingCloses_.clear();
    pendingSyncs_.clear();
    answers_.dropClients(why);
}

// ---------------------------------------------------------------- effects

void QuorumHost::handle(quorum::effect::Send& e) {
    // A learner's sync starts with DIFF or TRUNC (SNAP is counted where it is sent).
    if (std::holds_alternative<quorum::Diff>(e.msg.body) || std::holds_alternative<quorum::Trunc>(e.msg.body))
        ++state_.stats.diffSyncs;
    peers_.send(e.to, e.msg);
}

void QuorumHost::handle(quorum::effect::PersistEpochs& e) {
    if (epochDir_.empty()) return;
    if (auto st = writeEpochs(*state_.env, epochDir_, e.acceptedEpoch, e.currentEpoch); !st)
        answers_.fail("cannot persist the quorum epochs: " + st.toString());
}

void QuorumHost::handle(quorum::effect::AppendLog& e) {
    for (auto& entry : e.entries) {
        tree::TxnHeader h;
        tree::Txn t;
        if (auto st = storage::decodeTxn(entry.payload, &h, &t); !st || h.zxid != entry.zxid) {
            answers_.fail("a proposal from the leader does not decode: " +
                          (st ? std::string("its zxid differs from the entry's") : st.toString()));
            return;
        }
        // The syncer reports it durable (onLogSynced) after the group's sync.
        syncer_->append(entry.zxid, entry.payload);
        if (answers_.failed()) return;
    }
}

void QuorumHost::onLogSynced(int64_t zxid) {
    if (!answers_.failed()) process(peer_->onLogSynced(zxid));
}

void QuorumHost::handle(quorum::effect::TruncateLog& e) {
    spdlog::info("truncating the log after zxid 0x{:x} (leader's TRUNC)", e.zxid);
    // The log is the syncer's while it writes: let it finish first.
    syncer_->waitIdle();
    if (storage_) {
        if (auto st = storage_->truncateAfter(e.zxid); !st) {
            answers_.fail("cannot truncate the transaction log: " + st.toString());
            return;
        }
    }
    syncer_->resetTo(storage_ ? storage_->log().lastZxid() : std::min(e.zxid, syncer_->appendedZxid()));
}

void QuorumHost::handle(quorum::effect::InstallSnapshot& e) {
    auto fresh = std::make_unique<tree::DataTree>();
    storage::SnapshotContents contents;
    if (auto st = storage::decodeSnapshotImage(e.state, "the leader's SNAP", fresh.get(), &contents); !st) {
        answers_.fail("cannot load the leader's snapshot: " + st.toString());
        return;
    }
    if (serving_) stopServing("installing the leader's snapshot");
    syncer_->waitIdle();
    if (storage_) {
        if (auto st = storage_->installSnapshot(e.state, e.zxid); !st) {
            answers_.fail("cannot install the leader's snapshot: " + st.toString());
            return;
        }
    }
    spdlog::info("installed the leader's state at zxid 0x{:x}: {} nodes, {} sessions", e.zxid, fresh->nodeCount(),
                 contents.sessions.size());
    state_.tree = std::move(fresh);
    state_.tree->setLastProcessedZxid(e.zxid);
    state_.tree->setConfigData(membershipText(state_.config));
    state_.resetProcessor();
    std::vector<int64_t> old;
    for (const auto& [id, info] : state_.sessions.all()) old.push_back(id);
    for (int64_t id : old) state_.sessions.remove(id);
    const int64_t now = state_.env->monotonicMs();
    for (const auto& [id, timeout] : contents.sessions) state_.sessions.add(id, timeout, now);
    syncer_->resetTo(e.zxid);
}

void QuorumHost::handle(quorum::effect::TakeSnapshot&) { snapshots_.start(); }

void QuorumHost::handle(quorum::effect::SendSnapshot& e) {
    if (state_.tree->lastProcessedZxid() != e.zxid)
        spdlog::warn("SNAP for zxid 0x{:x} but the tree is at 0x{:x}", e.zxid, state_.tree->lastProcessedZxid());
    ++state_.stats.snapSyncs;
    std::string image = storage::snapshotImage(*state_.tree, state_.sessionTable());
    spdlog::info("sending SNAP at zxid 0x{:x} ({} bytes) to server {}", e.zxid, image.size(), e.to);
    peers_.send(e.to, quorum::makeSnap(e, std::move(image)));
}

void QuorumHost::handle(quorum::effect::Apply& e) {
    tree::TxnHeader h;
    tree::Txn t;
    if (auto st = storage::decodeTxn(e.entry.payload, &h, &t); !st) {
        answers_.fail("a committed transaction does not decode: " + st.toString());
        return;
    }
    tree::ApplyResult r = state_.tree->apply(h, t);
    state_.processor->applied(h.zxid);
    if (h.type == OpCode::CreateSession) {
        if (const auto* cs = std::get_if<tree::CreateSessionTxn>(&t.body))
            state_.sessions.add(h.clientId, cs->timeoutMs, state_.env->monotonicMs());
    } else if (h.type == OpCode::CloseSession) {
        state_.sessions.remove(h.clientId);
    }
    answers_.deliver(r.fired);

    if (h.type == OpCode::CreateSession) {
        auto pc = pendingConnects_.find(h.clientId);
        if (pc == pendingConnects_.end()) return;
        const uint64_t linkId = pc->second;
        pendingConnects_.erase(pc);
        answers_.sessionCreated(linkId, h.clientId);
        return;
    }
    if (h.type == OpCode::CloseSession) {
        std::optional<CloseRequester> requester;
        if (auto pc = pendingCloses_.find(h.clientId); pc != pendingCloses_.end()) {
            requester = pc->second;
            pendingCloses_.erase(pc);
        }
        // Without a requester: expired by the leader.
        answers_.sessionClosed(h.clientId, requester);
        return;
    }
    auto pw = pendingWrites_.find({h.clientId, h.cxid});
    if (pw == pendingWrites_.end()) {
        spdlog::trace("applied 0x{:x} (session 0x{:x} cxid {}): not ours", h.zxid, h.clientId, h.cxid);
        return;
    }
    const PendingRequest request = std::move(pw->second);
    pendingWrites_.erase(pw);
    answers_.writeDone(request, state_.processor->finish(request.op, r));
}

void QuorumHost::handle(quorum::effect::ClientRequest& e) { lead(e.payload); }

void QuorumHost::handle(quorum::effect::SyncDone& e) {
    auto ps = pendingSyncs_.find(e.tag);
    if (ps == pendingSyncs_.end()) return;
    const PendingRequest request = std::move(ps->second);
    pendingSyncs_.erase(ps);
    answers_.syncDone(request);
}

void QuorumHost::handle(quorum::effect::RoleChanged& e) {
    const bool nowServing = e.established && e.state != quorum::PeerState::Looking;
    spdlog::info("quorum: {} (leader {}, epoch {}){}", quorum::stateName(e.state), e.leader, e.epoch,
                 nowServing ? ", serving clients" : "");
    role_ = e.state;
    // The in-flight view of prepare belongs to one leader's proposals.
    state_.resetProcessor();
    if (serving_ && !nowServing) stopServing("no established leader");
    serving_ = nowServing;
    if (nowServing && e.state == quorum::PeerState::Leading) {
        // Sessions survive a leader change: the new leader restarts every
        // session's clock (and forgets closes that were never committed).
        const int64_t now = state_.env->monotonicMs();
        std::vector<std::pair<int64_t, int32_t>> all;
        for (const auto& [id, info] : state_.sessions.all()) all.emplace_back(id, info.timeoutMs);
        for (const auto& [id, timeout] : all) state_.sessions.add(id, timeout, now);
    }
}

// ---------------------------------------------------------------- leader side

void QuorumHost::proposeOrDrop(const std::function<Prepared(int64_t zxid, int64_t wallMs)>& make) {
    quorum::Effects out;
    const int64_t wall = state_.env->wallMs();
    const auto zxid = peer_->propose(
        [&](quorum::Zxid z) {
            Prepared p = make(z, wall);
            std::string bytes = storage::encodeTxn(p.header, p.txn);
            lastProposalSize_ = int64_t(bytes.size());
            minProposalSize_ = minProposalSize_ == 0 ? lastProposalSize_ : std::min(minProposalSize_, lastProposalSize_);
            maxProposalSize_ = std::max(maxProposalSize_, lastProposalSize_);
            return bytes;
        },
        out);
    if (!zxid) spdlog::debug("request dropped: not an established leader");
    process(std::move(out));
}

void QuorumHost::lead(std::string_view payload) {
    const int64_t now = state_.env->monotonicMs();
    std::string error;
    auto request = forward::decode(payload, &error);
    if (!request) {
        spdlog::warn("quorum: malformed forwarded request: {}", error);
        return;
    }
    SessionTracker& sessions = state_.sessions;
    if (auto* w = std::get_if<forward::Write>(&*request)) {
        ClientContext ctx;
        ctx.sessionId = w->sessionId;
        ctx.authIds = std::move(w->authIds);
        const bool known = sessions.touch(ctx.sessionId, now);
        spdlog::debug("leader: write {} of session 0x{:x} cxid {}{}", int32_t(w->op), ctx.sessionId, w->cxid,
                      known ? "" : " (session unknown: SessionExpired)");
        proposeOrDrop([&](int64_t zxid, int64_t wall) {
            if (!known) return expiredTxn(ctx.sessionId, w->cxid, zxid, wall);
            return state_.processor->prepare(ctx, w->cxid, w->op, w->body, zxid, wall);
        });
    } else if (const auto* c = std::get_if<forward::CreateSession>(&*request)) {
        const int64_t id = c->sessionId;
        const int32_t timeout = c->timeoutMs;
        if (sessions.find(id)) return;  // already created
        sessions.add(id, timeout, now);
        proposeOrDrop([&](int64_t zxid, int64_t wall) {
            return state_.processor->prepareCreateSession(id, timeout, zxid, wall);
        });
    } else if (const auto* c = std::get_if<forward::CloseSession>(&*request)) {
        const int64_t id = c->sessionId;
        if (!sessions.alive(id)) return;  // closing or gone already
        sessions.setClosing(id);
        proposeOrDrop([&](int64_t zxid, int64_t wall) { return state_.processor->prepareCloseSession(id, zxid, wall); });
    } else if (const auto* t = std::get_if<forward::Touch>(&*request)) {
        for (int64_t id : t->sessions) sessions.touch(id, now);
    }
}

void QuorumHost::tick() {
    if (!serving_) return;
    if (role_ == quorum::PeerState::Leading) {
        for (int64_t id : state_.sessions.expired(state_.env->monotonicMs())) {
            spdlog::info("Expiring session 0x{:x}, timeout of {}ms exceeded", id,
                         state_.sessions.find(id)->timeoutMs);
            state_.sessions.setClosing(id);
            proposeOrDrop(
                [&](int64_t zxid, int64_t wall) { return state_.processor->prepareCloseSession(id, zxid, wall); });
            if (!serving_) return;
        }
        return;
    }
    // A learner tells the leader which of the sessions it serves were heard
    // from within their timeout (requests and pings touch them here), as
    // ZooKeeper's followers report session touches with their pings.
    const int64_t now = state_.env->monotonicMs();
    std::vector<int64_t> live;
    for (int64_t id : answers_.servedSessions()) {
        const SessionInfo* info = state_.sessions.find(id);
        if (info && info->deadlineMs > now) live.push_back(id);
    }
    if (live.empty()) return;
    quorum::Effects out;
    peer_->submit(forward::encode(forward::Touch{std::move(live)}), out);
    process(std::move(out));
}

void QuorumHost::checkContainers() {
    if (role_ != quorum::PeerState::Leading || !serving_) return;
    for (const auto& path :
         containerCandidates(*state_.tree, state_.env->wallMs(), state_.config.containerMaxNeverUsedIntervalMs)) {
        proposeOrDrop([&](int64_t zxid, int64_t wall) {
            return state_.processor->prepare(ClientContext{}, 0, OpCode::DeleteContainer, path, zxid, wall);
        });
    }
}

bool QuorumHost::seed(const std::string&, const std::string&) { return false; }

// ---------------------------------------------------------------- client side

bool QuorumHost::submit(std::string payload) {
    quorum::Effects out;
    if (!peer_->submit(std::move(payload), out)) return false;
    process(std::move(out));
    return true;
}

bool QuorumHost::write(const ClientContext& ctx, PendingRequest request, std::string_view body) {
    const auto key = std::make_pair(ctx.sessionId, request.xid);
    forward::Write w{ctx.sessionId, request.xid, request.op, ctx.authIds, std::string(body)};
    pendingWrites_[key] = std::move(request);
    if (submit(forward::encode(w))) return true;
    pendingWrites_.erase(key);
    return false;
}

bool QuorumHost::sync(int64_t, PendingRequest request) {
    const int64_t tag = ++nextSyncTag_;
    quorum::Effects out;
    if (!peer_->sync(tag, out)) return false;
    pendingSyncs_[tag] = std::move(request);
    process(std::move(out));
    return true;
}

bool QuorumHost::createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) {
    pendingConnects_[sessionId] = linkId;
    if (submit(forward::encode(forward::CreateSession{sessionId, timeoutMs}))) return true;
    pendingConnects_.erase(sessionId);
    return false;
}

bool QuorumHost::closeSession(int64_t sessionId, CloseRequester requester) {
    pendingCloses_[sessionId] = requester;
    if (submit(forward::encode(forward::CloseSession{sessionId}))) return true;
    pendingCloses_.erase(sessionId);
    return false;
}

}  // namespace zooscope::server
