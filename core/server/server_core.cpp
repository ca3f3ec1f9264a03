#include "server/server_core.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "proto/archive.h"
#include "proto/frame.h"
#include "server/container_manager.h"
#include "server/four_letter_words.h"
#include "tree/acl.h"

namespace zooscope::server {

using proto::Err;
using proto::OpCode;

namespace {

// ZooKeeper's SyncRequestProcessor randomises the snapshot point between
// snapCount/2 and snapCount so that ensemble members do not all snapshot at
// once.
int64_t snapshotThreshold(int32_t snapCount, int64_t seed) {
    const int64_t half = std::max<int64_t>(1, snapCount / 2);
    return half + (seed % half);
}

}  // namespace

ServerCore::ServerCore(const ServerConfig& config, std::shared_ptr<Env> env,
                       std::function<void(std::function<void()>)> post, std::unique_ptr<Durability> durability,
                       std::unique_ptr<QuorumSetup> quorum)
    : config_(config),
      env_(std::move(env)),
      post_(std::move(post)),
      storage_(durability ? std::move(durability->storage) : nullptr),
      tree_(durability && durability->recovered.tree ? std::move(durability->recovered.tree)
                                                     : std::make_unique<tree::DataTree>()),
      // Standalone ZooKeeper uses server id 1 for session ids; an ensemble member its myid.
      sessions_(config.myid > 0 ? config.myid : 1, config.tickTime, env_->wallMs()),
      processor_(std::make_unique<RequestProcessor>(*tree_, config_)) {
    stats_.startedAtMs = env_->monotonicMs();
    snapshotThreshold_ = snapshotThreshold(config_.snapCount, env_->wallMs());
    if (durability) {
        lastZxid_ = durability->recovered.lastZxid;
        // Restored sessions get a full timeout from now to reconnect.
        for (const auto& [id, timeout] : durability->recovered.sessions) sessions_.add(id, timeout, env_->monotonicMs());
        spdlog::info("recovered zxid 0x{:x}, {} nodes, {} sessions ({} txns replayed on snapshot {})", lastZxid_,
                     tree_->nodeCount(), durability->recovered.sessions.size(), durability->recovered.replayedTxns,
                     durability->recovered.snapshotName.empty() ? "none" : durability->recovered.snapshotName);
    }
    if (quorum) {
        epochDir_ = quorum->epochDir;
        peer_ = std::make_unique<quorum::QuorumPeer>(quorum->config, std::move(quorum->durable));
        lastLogged_ = peer_->lastZxid();
        serving_ = false;
        tree_->setConfigData(membershipText(config_));
        spdlog::info("ensemble member {} of {} voters{}: accepted epoch {}, current epoch {}, last zxid 0x{:x}",
                     quorum->config.self, quorum->config.voters.size(),
                     quorum->config.observers.empty() ? ""
                                                      : " and " + std::to_string(quorum->config.observers.size()) +
                                                            " observers",
                     peer_->acceptedEpoch(), peer_->currentEpoch(), peer_->lastZxid());
    }
}

ServerCore::~ServerCore() {
    if (storage_ && storage_->snapshotInProgress()) storage_->abandonSnapshot();
}

tree::ApplyResult ServerCore::commit(const Prepared& p) {
    if (storage_) {
        if (auto st = storage_->append(p.header, p.txn); !st) fail("cannot append to the transaction log: " + st.toString());
        unsynced_ = true;
        ++txnsSinceSnapshot_;
        if (!flushScheduled_) {
            flushScheduled_ = true;
            post_([this] { flush(); });
        }
    }
    tree::ApplyResult r = tree_->apply(p.header, p.txn);
    processor_->applied(p.header.zxid);
    return r;
}

void ServerCore::emit(uint64_t linkId, std::string framed) {
    if (unsynced_) {
        held_.push_back(Held{linkId, std::move(framed), false});
        return;
    }
    if (auto it = links_.find(linkId); it != links_.end()) it->second.link->send(std::move(framed));
}

void ServerCore::emitClose(uint64_t linkId) {
    if (unsynced_) {
        held_.push_back(Held{linkId, {}, true});
        return;
    }
    if (auto it = links_.find(linkId); it != links_.end()) it->second.link->closeAfterFlush();
}

void ServerCore::flush() {
    flushScheduled_ = false;
    if (!unsynced_ || failed_) return;
    if (auto st = storage_->commit(); !st) {
        fail("cannot sync the transaction log: " + st.toString());
        return;
    }
    unsynced_ = false;
    std::vector<Held> out;
    out.swap(held_);
    for (auto& h : out) {
        auto it = links_.find(h.linkId);
        if (it == links_.end()) continue;
        if (h.close) it->second.link->closeAfterFlush();
        else it->second.link->send(std::move(h.framed));
    }
    maybeSnapshot();
}

void ServerCore::fail(const std::string& why) {
    if (failed_) return;
    failed_ = true;
    // Nothing held may be sent: it depends on transactions that may not be on
    // disk. Every client is disconnected; a restart recovers from the log.
    spdlog::critical("{}; the server stops serving", why);
    held_.clear();
    std::vector<ClientLink*> all;
    for (auto& [id, st] : links_) all.push_back(st.link);
    for (auto* l : all) l->closeAfterFlush();
}

void ServerCore::maybeSnapshot() {
    if (!storage_ || storage_->snapshotInProgress() || txnsSinceSnapshot_ < snapshotThreshold_) return;
    if (auto st = storage_->beginSnapshot(*tree_, sessionTable()); !st) {
        spdlog::warn("snapshot not started: {}", st.toString());
        return;
    }
    txnsSinceSnapshot_ = 0;
    snapshotThreshold_ = snapshotThreshold(config_.snapCount, env_->wallMs());
    spdlog::info("snapshot started at zxid 0x{:x}", tree_->lastProcessedZxid());
    snapshotStep();
}

void ServerCore::snapshotStep() {
    snapshotStepScheduled_ = false;
    if (!storage_ || !storage_->snapshotInProgress()) return;
    // Bounded work per turn of the loop, so requests keep flowing while the
    // fuzzy snapshot walks the tree.
    if (storage_->snapshotStep(*tree_, 2000)) {
        auto st = storage_->finishSnapshot();
        if (st) spdlog::info("snapshot finished");
        else spdlog::warn("snapshot failed: {}", st.toString());
        return;
    }
    snapshotStepScheduled_ = true;
    post_([this] { snapshotStep(); });
}

bool ServerCore::attach(ClientLink& link) {
    if (failed_) return false;
    const std::string& addr = link.remoteAddress();
    if (config_.maxClientCnxns > 0 && perAddress_[addr] >= config_.maxClientCnxns) {
        spdlog::warn("Too many connections from {} - max is {}", addr, config_.maxClientCnxns);
        return false;
    }
    ++perAddress_[addr];
    LinkState st;
    st.link = &link;
    st.ctx.watcher = link.linkId();
    st.ctx.authIds.push_back(proto::Id{"ip", addr});
    st.established = env_->monotonicMs();
    st.establishedWallMs = env_->wallMs();
    st.cnxn.lastTouchMs = st.established;
    links_.emplace(link.linkId(), std::move(st));
    return true;
}

void ServerCore::detach(ClientLink& link) {
    auto it = links_.find(link.linkId());
    if (it == links_.end()) return;
    tree_->watches().removeWatcher(link.linkId());
    if (it->second.sessionId != 0) {
        auto s = sessionLinks_.find(it->second.sessionId);
        if (s != sessionLinks_.end() && s->second == link.linkId()) sessionLinks_.erase(s);
    }
    auto pa = perAddress_.find(link.remoteAddress());
    if (pa != perAddress_.end() && --pa->second <= 0) perAddress_.erase(pa);
    links_.erase(it);
}

ServerCore::LinkState* ServerCore::linkForSession(int64_t sessionId) {
    auto s = sessionLinks_.find(sessionId);
    if (s == sessionLinks_.end()) return nullptr;
    auto l = links_.find(s->second);
    return l == links_.end() ? nullptr : &l->second;
}

void ServerCore::reply(LinkState& st, const proto::ReplyHeader& hdr, std::string_view body) {
    proto::OutputArchive out;
    proto::write(out, hdr);
    std::string payload = out.take();
    payload.append(body);
    stats_.recordResponseSize(int32_t(payload.size()));
    emit(st.link->linkId(), proto::frame(payload));
    ++st.cnxn.packetsSent;
    ++stats_.packetsSent;
}

void ServerCore::onFrame(ClientLink& link, std::string_view frame) {
    auto it = links_.find(link.linkId());
    if (it == links_.end()) return;
    LinkState& st = it->second;
    ++st.cnxn.packetsReceived;
    ++stats_.packetsReceived;
    stats_.bytesReceived += 4 + frame.size();
    st.cnxn.lastTouchMs = env_->monotonicMs();
    if (!serving_) {
        // An ensemble member without a leader: ZooKeeper's "not running"
        // close, so the client tries another server.
        emitClose(link.linkId());
        return;
    }
    if (peer_ && (st.connecting || !st.queued.empty() || (st.inFlight > 0 && !passesQueue(frame)))) {
        st.queued.emplace_back(frame);
        return;
    }
    dispatch(st, frame);
}

bool ServerCore::passesQueue(std::string_view frame) {
    // Writes and syncs keep their order through the leader; pings are
    // answered out of band by every client (xid -2). Anything else waits for
    // the link's writes so that replies come back in request order.
    if (frame.size() < 8) return false;
    const auto type = proto::OpCode(int32_t(uint32_t(uint8_t(frame[4])) << 24 | uint32_t(uint8_t(frame[5])) << 16 |
                                            uint32_t(uint8_t(frame[6])) << 8 | uint32_t(uint8_t(frame[7]))));
    return RequestProcessor::isWrite(type) || type == OpCode::Sync || type == OpCode::Ping;
}

void ServerCore::dispatch(LinkState& st, std::string_view frame) {
    const uint64_t id = st.link->linkId();
    const std::string address = st.link->remoteAddress();
    try {
        if (!st.connected) handleConnect(st, frame);
        else handleRequest(st, frame);
    } catch (const proto::DecodeError& e) {
        // A frame we cannot parse at all: ZooKeeper closes the connection.
        spdlog::warn("closing connection from {}: malformed packet: {}", address, e.what());
        emitClose(id);
    }
}

void ServerCore::drain(uint64_t linkId) {
    // Re-found on every turn: a dispatched frame may close (and detach) the link.
    for (;;) {
        auto it = links_.find(linkId);
        if (it == links_.end() || !serving_) return;
        LinkState& st = it->second;
        if (st.queued.empty() || st.connecting) return;
        if (st.inFlight > 0 && !passesQueue(st.queued.front())) return;
        std::string frame = std::move(st.queued.front());
        st.queued.pop_front();
        dispatch(st, frame);
    }
}

void ServerCore::handleConnect(LinkState& st, std::string_view frame) {
    proto::InputArchive in(frame);
    proto::ConnectRequest req;
    proto::read(in, req);
    ++stats_.connectionRequests;
    if (req.lastZxidSeen > tree_->lastProcessedZxid()) {
        spdlog::info("Refusing session request for client {} as it has seen zxid 0x{:x} our last zxid is 0x{:x} "
                     "client must try another server",
                     st.link->remoteAddress(), req.lastZxidSeen, tree_->lastProcessedZxid());
        emitClose(st.link->linkId());
        return;
    }
    int32_t timeout = std::clamp(req.timeOut, config_.effectiveMinSessionTimeout(),
                                 config_.effectiveMaxSessionTimeout());
    const int64_t now = env_->monotonicMs();
    bool created = false;  // a new session goes through the pipeline (4lw "SESS")
    proto::ConnectResponse resp;
    resp.hasReadOnly = req.hasReadOnly;
    resp.readOnly = false;
    if (req.sessionId != 0) {
        // Whatever connection serves the session now goes, before the password
        // is even checked (ZooKeeper's CLIENT_RECONNECT).
        if (LinkState* old = linkForSession(req.sessionId); old && old != &st) {
            old->sessionId = 0;
            emitClose(old->link->linkId());
        }
    }
    if (req.sessionId == 0 && peer_) {
        st.hasReadOnly = req.hasReadOnly;
        quorumConnect(st, sessions_.nextSessionId(), timeout);
        return;
    }
    if (req.sessionId == 0) {
        const int64_t id = sessions_.nextSessionId();
        const int64_t zxid = nextZxid();
        commit(processor_->prepareCreateSession(id, timeout, zxid, env_->wallMs()));
        sessions_.add(id, timeout, now);
        resp.timeOut = timeout;
        resp.sessionId = id;
        resp.passwd = SessionTracker::passwordFor(id);
        created = true;
        spdlog::debug("new session 0x{:x} timeout {} from {}", id, timeout, st.link->remoteAddress());
    } else if (req.passwd == SessionTracker::passwordFor(req.sessionId) && sessions_.alive(req.sessionId)) {
        sessions_.add(req.sessionId, timeout, now);
        resp.timeOut = timeout;
        resp.sessionId = req.sessionId;
        resp.passwd = req.passwd;
    } else {
        // Unknown, expired or wrong password: ZooKeeper answers with a zero
        // timeout and session, which clients read as "session expired".
        spdlog::info("Invalid session 0x{:x} for client {}, probably expired", req.sessionId,
                     st.link->remoteAddress());
        resp.passwd.assign(16, '\0');
        emit(st.link->linkId(), proto::frame(proto::encode(resp)));
        emitClose(st.link->linkId());
        return;
    }
    st.connected = true;
    st.sessionId = resp.sessionId;
    st.timeoutMs = timeout;
    st.ctx.sessionId = resp.sessionId;
    sessionLinks_[resp.sessionId] = st.link->linkId();
    if (created) recordOp(st, 0, OpCode::CreateSession, now);
    emit(st.link->linkId(), proto::frame(proto::encode(resp)));
    ++st.cnxn.packetsSent;
    ++stats_.packetsSent;
}

void ServerCore::handleRequest(LinkState& st, std::string_view frame) {
    proto::InputArchive in(frame);
    proto::RequestHeader h;
    proto::read(in, h);
    const std::string_view body = frame.substr(frame.size() - in.remaining());
    const int64_t started = env_->monotonicMs();

    if (!sessions_.touch(st.sessionId, started)) {
        reply(st, {h.xid, tree_->lastProcessedZxid(), Err::SessionExpired}, {});
        emitClose(st.link->linkId());
        return;
    }
    switch (h.type) {
    case OpCode::Ping:
        reply(st, {proto::kXidPing, tree_->lastProcessedZxid(), Err::Ok}, {});
        recordOp(st, h.xid, h.type, started);
        return;
    case OpCode::Auth:
        handleAuth(st, h.xid, body);
        return;
    case OpCode::CloseSession:
        recordOp(st, h.xid, h.type, started);
        if (peer_) quorumClose(st, h.xid);
        else closeSession(st.sessionId, &st, h.xid);
        return;
    case OpCode::Sasl: {
        // No SASL in this build. ZooKeeper without a SASL server answers Ok
        // with a null token and keeps the connection; so do we.
        proto::OutputArchive token;
        token.writeNullBuffer();
        reply(st, {h.xid, tree_->lastProcessedZxid(), Err::Ok}, token.data());
        recordOp(st, h.xid, h.type, started);
        return;
    }
    default:
        break;
    }
    if (!RequestProcessor::isKnown(h.type)) {
        spdlog::warn("Received packet at server of unknown type {} from {}", int32_t(h.type),
                     st.link->remoteAddress());
        reply(st, {h.xid, tree_->lastProcessedZxid(), Err::Unimplemented}, {});
        emitClose(st.link->linkId());
        return;
    }
    if (peer_ && (RequestProcessor::isWrite(h.type) || h.type == OpCode::Sync)) {
        quorumWrite(st, h.xid, h.type, body, started);  // answered and recorded once the quorum is done
        return;
    }
    if (RequestProcessor::isWrite(h.type)) {
        write(st, h.xid, h.type, body);
    } else {
        std::vector<tree::WatchManager::Fired> owed;
        Reply r = processor_->read(st.ctx, h.type, body, &owed);
        deliver(owed);
        reply(st, {h.xid, tree_->lastProcessedZxid(), r.err}, r.body);
    }
    recordOp(st, h.xid, h.type, started);
}

void ServerCore::recordOp(LinkState& st, int32_t xid, OpCode op, int64_t startedMs) {
    const int64_t now = env_->monotonicMs();
    st.cnxn.record(xid, tree_->lastProcessedZxid(), std::string(lastOpName(op)), startedMs, now);
    stats_.recordLatency(now - startedMs);
}

void ServerCore::write(LinkState& st, int32_t xid, OpCode op, std::string_view body) {
    const int64_t zxid = nextZxid();
    if (failed_) return;
    Prepared p = processor_->prepare(st.ctx, xid, op, body, zxid, env_->wallMs());
    tree::ApplyResult r = commit(p);
    // Events go out before the reply that caused them, as in ZooKeeper.
    deliver(tree_->takeFired());
    Reply rep = processor_->finish(op, r);
    reply(st, {xid, tree_->lastProcessedZxid(), rep.err}, rep.body);
}

void ServerCore::handleAuth(LinkState& st, int32_t xid, std::string_view body) {
    proto::InputArchive in(body);
    proto::AuthPacket ap;
    proto::read(in, ap);
    tree::AuthContext actx{st.link->remoteAddress(), config_.superDigest};
    tree::AuthResult ar = tree::authenticate(ap.scheme, ap.auth, actx);
    if (!ar.ok) {
        // The credentials themselves never reach the log.
        spdlog::warn("Authentication failed for scheme: {}", ap.scheme);
        ++stats_.authFailed;
        reply(st, {xid, 0, Err::AuthFailed}, {});
        emitClose(st.link->linkId());
        return;
    }
    tree::addAuthId(st.ctx.authIds, ar.id);
    if (ar.superUser) tree::addAuthId(st.ctx.authIds, proto::Id{"super", ""});
    spdlog::info("Session 0x{:x}: auth success for scheme {} and address {}", st.sessionId, ap.scheme,
                 st.link->remoteAddress());
    reply(st, {xid, 0, Err::Ok}, {});
}

void ServerCore::closeSession(int64_t sessionId, LinkState* requester, int32_t xid) {
    sessions_.setClosing(sessionId);
    const int64_t zxid = nextZxid();
    commit(processor_->prepareCloseSession(sessionId, zxid, env_->wallMs()));
    deliver(tree_->takeFired());
    sessions_.remove(sessionId);
    LinkState* st = requester ? requester : linkForSession(sessionId);
    sessionLinks_.erase(sessionId);
    if (!st) return;
    if (requester) reply(*st, {xid, tree_->lastProcessedZxid(), Err::Ok}, {});
    st->sessionId = 0;
    emitClose(st->link->linkId());
}

void ServerCore::deliver(const std::vector<tree::WatchManager::Fired>& fired) {
    for (const auto& f : fired) {
        auto it = links_.find(f.watcher);
        if (it == links_.end()) continue;
        proto::OutputArchive out;
        proto::write(out, proto::ReplyHeader{proto::kXidNotification, -1, Err::Ok});
        proto::write(out, proto::WatcherEvent{f.type, proto::KeeperState::SyncConnected, f.path});
        stats_.recordResponseSize(int32_t(out.data().size()));
        emit(f.watcher, proto::frame(out.data()));
        ++it->second.cnxn.packetsSent;
        ++stats_.packetsSent;
    }
}

void ServerCore::tick() {
    if (peer_) {
        expireOnLeader();
        return;
    }
    for (int64_t id : sessions_.expired(env_->monotonicMs())) {
        spdlog::info("Expiring session 0x{:x}, timeout of {}ms exceeded", id, sessions_.find(id)->timeoutMs);
        closeSession(id, nullptr, 0);
    }
}

void ServerCore::checkContainers() {
    if (peer_) {
        if (role_ != quorum::PeerState::Leading || !serving_) return;
        for (const auto& path : containerCandidates(*tree_, env_->wallMs(), config_.containerMaxNeverUsedIntervalMs)) {
            proposeOrDrop([&](int64_t zxid, int64_t wall) {
                return processor_->prepare(ClientContext{}, 0, OpCode::DeleteContainer, path, zxid, wall);
            });
        }
        return;
    }
    for (const auto& path : containerCandidates(*tree_, env_->wallMs(), config_.containerMaxNeverUsedIntervalMs)) {
        ClientContext ctx;
        const int64_t zxid = nextZxid();
        tree::ApplyResult r = commit(processor_->prepare(ctx, 0, OpCode::DeleteContainer, path, zxid, env_->wallMs()));
        deliver(tree_->takeFired());
        if (r.err == Err::Ok) spdlog::info("removed empty container or expired TTL node {}", path);
    }
}

bool ServerCore::seed(const std::string& path, const std::string& data) {
    if (peer_) return false;  // an ensemble's data comes through its leader
    if (tree_->find(path)) return false;
    ClientContext ctx;
    proto::CreateRequest req{path, data, proto::openAclUnsafe(), 0};
    const int64_t zxid = nextZxid();
    tree::ApplyResult r = commit(processor_->prepare(ctx, 0, OpCode::Create, proto::encode(req), zxid, env_->wallMs()));
    return r.err == Err::Ok;
}

std::optional<std::string> ServerCore::fourLetterWord(std::string_view word, ClientLink* asker) {
    if (!isFourLetterWord(word)) return std::nullopt;
    // ZooKeeper counts the word as one received packet of 4 bytes.
    ++stats_.packetsReceived;
    stats_.bytesReceived += 4;
    if (asker) {
        if (auto it = links_.find(asker->linkId()); it != links_.end()) ++it->second.cnxn.packetsReceived;
    }
    FourLetterContext ctx = fourLetterContext(asker);
    return runFourLetterWord(word, ctx);
}

AdminFigures ServerCore::adminFigures(AdminDetail detail) {
    return server::adminFigures(fourLetterContext(nullptr), detail);
}

FourLetterContext ServerCore::fourLetterContext(ClientLink* asker) {
    FourLetterContext ctx{config_, *tree_, sessions_, stats_, {}, env_->monotonicMs(), env_->wallMs(),
                          asker && asker->localPort() != 0 ? asker->localPort() : config_.clientPort, std::nullopt};
    if (peer_) {
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
        ctx.quorum = q;
    }
    ctx.connections.reserve(links_.size());
    for (auto& [id, st] : links_) {
        ctx.connections.push_back(ConnectionView{id, st.link->remoteAddress(), st.link->remotePort(),
                                                 asker && id == asker->linkId(), st.sessionId, st.timeoutMs,
                                                 st.establishedWallMs, &st.cnxn});
    }
    std::sort(ctx.connections.begin(), ctx.connections.end(),
              [](const ConnectionView& a, const ConnectionView& b) { return a.linkId < b.linkId; });
    return ctx;
}

}  // namespace zooscope::server
