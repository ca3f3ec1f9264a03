// ServerCore's ensemble mode: the host of quorum::QuorumPeer. It executes the
// peer's effects (sends, log appends and syncs, snapshots, commits) and turns
// client writes, session creation and closing into requests forwarded to the
// leader. The contract of each effect is at the top of core/quorum/peer.h.
#include <spdlog/spdlog.h>

#include "proto/archive.h"
#include "proto/frame.h"
#include "server/forwarded_request.h"
#include "server/four_letter_words.h"
#include "server/quorum_state.h"
#include "server/server_core.h"
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

int32_t ServerCore::quorumTickMs() const { return protocolTickMs(config_); }

std::string ServerCore::mode() const {
    if (!peer_) return "standalone";
    if (!serving_) return "";
    switch (role_) {
    case quorum::PeerState::Leading: return "leader";
    case quorum::PeerState::Following: return "follower";
    case quorum::PeerState::Observing: return "observer";
    case quorum::PeerState::Looking: break;
    }
    return "";
}

void ServerCore::startQuorum(PeerLink& link) {
    if (!peer_) return;
    peerLink_ = &link;
    process(peer_->start());
}

void ServerCore::onPeerMessage(const quorum::Message& msg) {
    if (peer_ && !failed_) process(peer_->receive(msg));
}

void ServerCore::onPeerUnreachable(quorum::ServerId id) {
    if (peer_ && !failed_) process(peer_->peerUnreachable(id));
}

void ServerCore::onPeerConnected(quorum::ServerId id) {
    if (peer_ && !failed_) process(peer_->peerConnected(id));
}

void ServerCore::quorumTick() {
    if (peer_ && !failed_) process(peer_->tick());
}

void ServerCore::process(quorum::Effects effects) {
    for (auto& e : effects) {
        if (failed_) return;
        std::visit([this](auto& x) { handleEffect(x); }, e);
    }
    // A learner that lost its stream rejoins without a role change: it must
    // not serve from a state that a SNAP may replace.
    if (serving_ && peer_ && !peer_->established()) {
        serving_ = false;
        dropClients("re-syncing with the leader");
    }
}

// ---------------------------------------------------------------- effects

void ServerCore::handleEffect(quorum::effect::Send& e) {
    // A learner's sync starts with DIFF or TRUNC (SNAP is counted where it is sent).
    if (std::holds_alternative<quorum::Diff>(e.msg.body) || std::holds_alternative<quorum::Trunc>(e.msg.body))
        ++stats_.diffSyncs;
    if (peerLink_) peerLink_->send(e.to, e.msg);
}

void ServerCore::handleEffect(quorum::effect::PersistEpochs& e) {
    if (epochDir_.empty()) return;
    if (auto st = writeEpochs(*env_, epochDir_, e.acceptedEpoch, e.currentEpoch); !st)
        fail("cannot persist the quorum epochs: " + st.toString());
}

void ServerCore::handleEffect(quorum::effect::AppendLog& e) {
    for (const auto& entry : e.entries) {
        if (storage_) {
            tree::TxnHeader h;
            tree::Txn t;
            if (auto st = storage::decodeTxn(entry.payload, &h, &t); !st) {
                fail("a proposal from the leader does not decode: " + st.toString());
                return;
            }
            if (auto st = storage_->append(h, t); !st) {
                fail("cannot append to the transaction log: " + st.toString());
                return;
            }
        }
        lastLogged_ = entry.zxid;
    }
    // One sync for every proposal of this turn of the loop (group commit).
    if (!quorumFlushScheduled_) {
        quorumFlushScheduled_ = true;
        post_([this] { quorumFlush(); });
    }
}

void ServerCore::quorumFlush() {
    quorumFlushScheduled_ = false;
    if (failed_ || !peer_) return;
    const int64_t synced = lastLogged_;
    if (storage_) {
        if (auto st = storage_->commit(); !st) {
            fail("cannot sync the transaction log: " + st.toString());
            return;
        }
    }
    process(peer_->onLogSynced(synced));
}

void ServerCore::handleEffect(quorum::effect::TruncateLog& e) {
    spdlog::info("truncating the log after zxid 0x{:x} (leader's TRUNC)", e.zxid);
    if (storage_) {
        if (auto st = storage_->truncateAfter(e.zxid); !st) {
            fail("cannot truncate the transaction log: " + st.toString());
            return;
        }
    }
    lastLogged_ = std::min(lastLogged_, e.zxid);
}

void ServerCore::handleEffect(quorum::effect::InstallSnapshot& e) {
    auto fresh = std::make_unique<tree::DataTree>();
    storage::SnapshotContents contents;
    if (auto st = storage::decodeSnapshotImage(e.state, "the leader's SNAP", fresh.get(), &contents); !st) {
        fail("cannot load the leader's snapshot: " + st.toString());
        return;
    }
    if (serving_) {
        serving_ = false;
        dropClients("installing the leader's snapshot");
    }
    if (storage_) {
        if (auto st = storage_->installSnapshot(e.state, e.zxid); !st) {
            fail("cannot install the leader's snapshot: " + st.toString());
            return;
        }
    }
    spdlog::info("installed the leader's state at zxid 0x{:x}: {} nodes, {} sessions", e.zxid, fresh->nodeCount(),
                 contents.sessions.size());
    tree_ = std::move(fresh);
    tree_->setLastProcessedZxid(e.zxid);
    tree_->setConfigData(membershipText(config_));
    processor_ = std::make_unique<RequestProcessor>(*tree_, config_);
    std::vector<int64_t> old;
    for (const auto& [id, info] : sessions_.all()) old.push_back(id);
    for (int64_t id : old) sessions_.remove(id);
    const int64_t now = env_->monotonicMs();
    for (const auto& [id, timeout] : contents.sessions) sessions_.add(id, timeout, now);
    lastLogged_ = e.zxid;
}

void ServerCore::handleEffect(quorum::effect::TakeSnapshot& e) {
    if (!storage_ || storage_->snapshotInProgress()) return;
    if (auto st = storage_->beginSnapshot(*tree_, sessionTable()); !st) {
        spdlog::warn("snapshot at zxid 0x{:x} not started: {}", e.zxid, st.toString());
        return;
    }
    spdlog::info("snapshot started at zxid 0x{:x}", tree_->lastProcessedZxid());
    snapshotStep();
}

void ServerCore::handleEffect(quorum::effect::SendSnapshot& e) {
    if (!peerLink_) return;
    if (tree_->lastProcessedZxid() != e.zxid)
        spdlog::warn("SNAP for zxid 0x{:x} but the tree is at 0x{:x}", e.zxid, tree_->lastProcessedZxid());
    ++stats_.snapSyncs;
    std::string image = storage::snapshotImage(*tree_, sessionTable());
    spdlog::info("sending SNAP at zxid 0x{:x} ({} bytes) to server {}", e.zxid, image.size(), e.to);
    peerLink_->send(e.to, quorum::makeSnap(e, std::move(image)));
}

std::vector<tree::WatchManager::Fired> ServerCore::applyEntry(const tree::TxnHeader& h, const tree::Txn& t,
                                                               tree::ApplyResult* result) {
    *result = tree_->apply(h, t);
    processor_->applied(h.zxid);
    const int64_t now = env_->monotonicMs();
    if (h.type == OpCode::CreateSession) {
        if (const auto* cs = std::get_if<tree::CreateSessionTxn>(&t.body)) sessions_.add(h.clientId, cs->timeoutMs, now);
    } else if (h.type == OpCode::CloseSession) {
        sessions_.remove(h.clientId);
    }
    return std::move(result->fired);
}

void ServerCore::handleEffect(quorum::effect::Apply& e) {
    tree::TxnHeader h;
    tree::Txn t;
    if (auto st = storage::decodeTxn(e.entry.payload, &h, &t); !st) {
        fail("a committed transaction does not decode: " + st.toString());
        return;
    }
    tree::ApplyResult r;
    deliver(applyEntry(h, t, &r));
    const int64_t now = env_->monotonicMs();

    if (h.type == OpCode::CreateSession) {
        auto pc = pendingConnects_.find(h.clientId);
        if (pc == pendingConnects_.end()) return;
        const uint64_t linkId = pc->second;
        pendingConnects_.erase(pc);
        auto it = links_.find(linkId);
        if (it == links_.end()) return;  // gone meanwhile: the session expires unused
        LinkState& st = it->second;
        st.connecting = false;
        st.connected = true;
        st.sessionId = h.clientId;
        st.ctx.sessionId = h.clientId;
        sessionLinks_[h.clientId] = linkId;
        proto::ConnectResponse resp;
        resp.timeOut = st.timeoutMs;
        resp.sessionId = h.clientId;
        resp.passwd = SessionTracker::passwordFor(h.clientId);
        resp.hasReadOnly = st.hasReadOnly;
        resp.readOnly = false;
        recordOp(st, 0, OpCode::CreateSession, now);
        emit(linkId, proto::frame(proto::encode(resp)));
        ++st.cnxn.packetsSent;
        ++stats_.packetsSent;
        drain(linkId);
        return;
    }
    if (h.type == OpCode::CloseSession) {
        if (auto pc = pendingCloses_.find(h.clientId); pc != pendingCloses_.end()) {
            const auto [linkId, xid] = pc->second;
            pendingCloses_.erase(pc);
            if (auto it = links_.find(linkId); it != links_.end()) {
                reply(it->second, {xid, tree_->lastProcessedZxid(), Err::Ok}, {});
                it->second.sessionId = 0;
                emitClose(linkId);
            }
        } else if (LinkState* st = linkForSession(h.clientId)) {
            // Expired by the leader while connected here.
            st->sessionId = 0;
            emitClose(st->link->linkId());
        }
        sessionLinks_.erase(h.clientId);
        return;
    }
    auto pw = pendingWrites_.find({h.clientId, h.cxid});
    if (pw == pendingWrites_.end()) {
        spdlog::trace("applied 0x{:x} (session 0x{:x} cxid {}): not ours", h.zxid, h.clientId, h.cxid);
        return;
    }
    const PendingWrite w = std::move(pw->second);
    pendingWrites_.erase(pw);
    auto it = links_.find(w.linkId);
    if (it == links_.end()) return;
    Reply rep = processor_->finish(w.op, r);
    reply(it->second, {h.cxid, tree_->lastProcessedZxid(), rep.err}, rep.body);
    recordOp(it->second, h.cxid, w.op, w.startedMs);
    requestDone(w.linkId);
}

void ServerCore::handleEffect(quorum::effect::ClientRequest& e) { lead(e.payload); }

void ServerCore::handleEffect(quorum::effect::SyncDone& e) {
    auto ps = pendingSyncs_.find(e.tag);
    if (ps == pendingSyncs_.end()) return;
    const int32_t xid = ps->second.first.second;
    const PendingWrite w = std::move(ps->second.second);
    pendingSyncs_.erase(ps);
    auto it = links_.find(w.linkId);
    if (it == links_.end()) return;
    std::vector<tree::WatchManager::Fired> owed;
    Reply r = processor_->read(it->second.ctx, OpCode::Sync, w.body, &owed);
    reply(it->second, {xid, tree_->lastProcessedZxid(), r.err}, r.body);
    recordOp(it->second, xid, OpCode::Sync, w.startedMs);
    requestDone(w.linkId);
}

void ServerCore::handleEffect(quorum::effect::RoleChanged& e) {
    const bool nowServing = e.established && e.state != quorum::PeerState::Looking;
    spdlog::info("quorum: {} (leader {}, epoch {}){}", quorum::stateName(e.state), e.leader, e.epoch,
                 nowServing ? ", serving clients" : "");
    role_ = e.state;
    // The in-flight view of prepare belongs to one leader's proposals.
    processor_ = std::make_unique<RequestProcessor>(*tree_, config_);
    if (serving_ && !nowServing) dropClients("no established leader");
    serving_ = nowServing;
    if (nowServing && e.state == quorum::PeerState::Leading) {
        // Sessions survive a leader change: the new leader restarts every
        // session's clock (and forgets closes that were never committed).
        const int64_t now = env_->monotonicMs();
        std::vector<std::pair<int64_t, int32_t>> all;
        for (const auto& [id, info] : sessions_.all()) all.emplace_back(id, info.timeoutMs);
        for (const auto& [id, timeout] : all) sessions_.add(id, timeout, now);
    }
}

// ---------------------------------------------------------------- leader side

void ServerCore::proposeOrDrop(const std::function<Prepared(int64_t zxid, int64_t wallMs)>& make) {
    quorum::Effects out;
    const int64_t wall = env_->wallMs();
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

void ServerCore::lead(std::string_view payload) {
    const int64_t now = env_->monotonicMs();
    std::string error;
    auto request = forward::decode(payload, &error);
    if (!request) {
        spdlog::warn("quorum: malformed forwarded request: {}", error);
        return;
    }
    if (auto* w = std::get_if<forward::Write>(&*request)) {
        ClientContext ctx;
        ctx.sessionId = w->sessionId;
        ctx.authIds = std::move(w->authIds);
        const bool known = sessions_.touch(ctx.sessionId, now);
        spdlog::debug("leader: write {} of session 0x{:x} cxid {}{}", int32_t(w->op), ctx.sessionId, w->cxid,
                      known ? "" : " (session unknown: SessionExpired)");
        proposeOrDrop([&](int64_t zxid, int64_t wall) {
            if (!known) return expiredTxn(ctx.sessionId, w->cxid, zxid, wall);
            return processor_->prepare(ctx, w->cxid, w->op, w->body, zxid, wall);
        });
    } else if (const auto* c = std::get_if<forward::CreateSession>(&*request)) {
        const int64_t id = c->sessionId;
        const int32_t timeout = c->timeoutMs;
        if (sessions_.find(id)) return;  // already created
        sessions_.add(id, timeout, now);
        proposeOrDrop([&](int64_t zxid, int64_t wall) {
            return processor_->prepareCreateSession(id, timeout, zxid, wall);
        });
    } else if (const auto* c = std::get_if<forward::CloseSession>(&*request)) {
        const int64_t id = c->sessionId;
        if (!sessions_.alive(id)) return;  // closing or gone already
        sessions_.setClosing(id);
        proposeOrDrop([&](int64_t zxid, int64_t wall) { return processor_->prepareCloseSession(id, zxid, wall); });
    } else if (const auto* t = std::get_if<forward::Touch>(&*request)) {
        for (int64_t id : t->sessions) sessions_.touch(id, now);
    }
}

void ServerCore::expireOnLeader() {
    if (!serving_) return;
    if (role_ == quorum::PeerState::Leading) {
        for (int64_t id : sessions_.expired(env_->monotonicMs())) {
            spdlog::info("Expiring session 0x{:x}, timeout of {}ms exceeded", id, sessions_.find(id)->timeoutMs);
            sessions_.setClosing(id);
            proposeOrDrop([&](int64_t zxid, int64_t wall) { return processor_->prepareCloseSession(id, zxid, wall); });
            if (!serving_) return;
        }
        return;
    }
    // A learner tells the leader which of the sessions it serves were heard
    // from within their timeout (requests and pings touch them here), as
    // ZooKeeper's followers report session touches with their pings.
    const int64_t now = env_->monotonicMs();
    std::vector<int64_t> live;
    for (const auto& [id, link] : sessionLinks_) {
        const SessionInfo* info = sessions_.find(id);
        if (info && info->deadlineMs > now) live.push_back(id);
    }
    if (live.empty()) return;
    quorum::Effects out;
    peer_->submit(forward::encode(forward::Touch{std::move(live)}), out);
    process(std::move(out));
}

// ---------------------------------------------------------------- client side

bool ServerCore::submitFor(LinkState& st, std::string payload) {
    const uint64_t linkId = st.link->linkId();
    quorum::Effects out;
    if (!peer_->submit(std::move(payload), out)) {
        spdlog::info("no leader to take a request from {}; closing the connection", st.link->remoteAddress());
        emitClose(linkId);
        return false;
    }
    process(std::move(out));
    return true;
}

void ServerCore::quorumWrite(LinkState& st, int32_t xid, OpCode op, std::string_view body, int64_t startedMs) {
    const uint64_t linkId = st.link->linkId();
    if (op == OpCode::Sync) {
        const int64_t tag = ++nextSyncTag_;
        quorum::Effects out;
        if (!peer_->sync(tag, out)) {
            emitClose(linkId);
            return;
        }
        pendingSyncs_[tag] = {{st.sessionId, xid}, PendingWrite{linkId, op, startedMs, std::string(body)}};
        ++st.inFlight;
        process(std::move(out));
        return;
    }
    const auto key = std::make_pair(st.sessionId, xid);
    pendingWrites_[key] = PendingWrite{linkId, op, startedMs, {}};
    ++st.inFlight;
    if (!submitFor(st, forward::encode(forward::Write{st.sessionId, xid, op, st.ctx.authIds, std::string(body)}))) pendingWrites_.erase(key);
}

void ServerCore::quorumConnect(LinkState& st, int64_t sessionId, int32_t timeoutMs) {
    st.connecting = true;
    st.timeoutMs = timeoutMs;
    pendingConnects_[sessionId] = st.link->linkId();
    if (!submitFor(st, forward::encode(forward::CreateSession{sessionId, timeoutMs}))) pendingConnects_.erase(sessionId);
}

void ServerCore::quorumClose(LinkState& st, int32_t xid) {
    const int64_t id = st.sessionId;
    pendingCloses_[id] = {st.link->linkId(), xid};
    if (!submitFor(st, forward::encode(forward::CloseSession{id}))) pendingCloses_.erase(id);
}

void ServerCore::requestDone(uint64_t linkId) {
    auto it = links_.find(linkId);
    if (it == links_.end()) return;
    if (it->second.inFlight > 0) --it->second.inFlight;
    if (it->second.inFlight == 0) drain(linkId);
}

void ServerCore::dropClients(const char* why) {
    std::vector<uint64_t> ids;
    for (auto& [id, st] : links_) {
        if (!st.connected && !st.connecting) continue;  // four-letter words still answer
        st.queued.clear();
        st.inFlight = 0;
        ids.push_back(id);
    }
    if (!ids.empty()) spdlog::info("closing {} client connections: {}", ids.size(), why);
    pendingWrites_.clear();
    pendingConnects_.clear();
    pendingCloses_.clear();
    pendingSyncs_.clear();
    for (uint64_t id : ids) emitClose(id);
}

storage::SessionTable ServerCore::sessionTable() const {
    storage::SessionTable table;
    for (const auto& [id, s] : sessions_.all()) table[id] = s.timeoutMs;
    return table;
}

}  // namespace zooscope::server
