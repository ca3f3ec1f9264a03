#include "server/connection_dispatcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "proto/archive.h"
#include "proto/frame.h"
#include "server/four_letter_words.h"
#include "tree/acl.h"

namespace zooscope::server {

using proto::Err;
using proto::OpCode;

namespace {

// The one ConnectResponse: a live session with its password, or (sessionId 0)
// ZooKeeper's answer to an unknown, expired or unauthenticated session - a
// zero timeout and session, which clients read as "session expired".
std::string connectResponse(int64_t sessionId, int32_t timeoutMs, bool hasReadOnly) {
    proto::ConnectResponse resp;
    resp.timeOut = sessionId != 0 ? timeoutMs : 0;
    resp.sessionId = sessionId;
    resp.passwd = sessionId != 0 ? SessionTracker::passwordFor(sessionId) : std::string(16, '\0');
    resp.hasReadOnly = hasReadOnly;
    resp.readOnly = false;
    return proto::frame(proto::encode(resp));
}

}  // namespace

ConnectionDispatcher::ConnectionDispatcher(ServerState& state, Outbox& outbox) : state_(state), outbox_(outbox) {}

ConnectionDispatcher::LinkState* ConnectionDispatcher::find(uint64_t linkId) {
    auto it = links_.find(linkId);
    return it == links_.end() ? nullptr : &it->second;
}

ClientLink* ConnectionDispatcher::link(uint64_t linkId) const {
    auto it = links_.find(linkId);
    return it == links_.end() ? nullptr : it->second.link;
}

ConnectionDispatcher::LinkState* ConnectionDispatcher::linkForSession(int64_t sessionId) {
    auto s = sessionLinks_.find(sessionId);
    return s == sessionLinks_.end() ? nullptr : find(s->second);
}

bool ConnectionDispatcher::attach(ClientLink& link) {
    if (failed_) return false;
    const std::string& addr = link.remoteAddress();
    if (state_.config.maxClientCnxns > 0 && perAddress_[addr] >= state_.config.maxClientCnxns) {
        spdlog::warn("Too many connections from {} - max is {}", addr, state_.config.maxClientCnxns);
        return false;
    }
    ++perAddress_[addr];
    LinkState st;
    st.link = &link;
    st.ctx.watcher = link.linkId();
    st.ctx.authIds.push_back(proto::Id{"ip", addr});
    st.established = state_.env->monotonicMs();
    st.establishedWallMs = state_.env->wallMs();
    st.cnxn.lastTouchMs = st.established;
    links_.emplace(link.linkId(), std::move(st));
    return true;
}

void ConnectionDispatcher::detach(ClientLink& link) {
    auto it = links_.find(link.linkId());
    if (it == links_.end()) return;
    state_.tree->watches().removeWatcher(link.linkId());
    if (it->second.sessionId != 0) {
        auto s = sessionLinks_.find(it->second.sessionId);
        if (s != sessionLinks_.end() && s->second == link.linkId()) sessionLinks_.erase(s);
    }
    auto pa = perAddress_.find(link.remoteAddress());
    if (pa != perAddress_.end() && --pa->second <= 0) perAddress_.erase(pa);
    links_.erase(it);
}

void ConnectionDispatcher::reply(LinkState& st, const proto::ReplyHeader& hdr, std::string_view body) {
    proto::OutputArchive out;
    proto::write(out, hdr);
    std::string payload = out.take();
    payload.append(body);
    state_.stats.recordResponseSize(int32_t(payload.size()));
    outbox_.send(st.link->linkId(), proto::frame(payload));
    ++st.cnxn.packetsSent;
    ++state_.stats.packetsSent;
}

void ConnectionDispatcher::onFrame(ClientLink& link, std::string_view frame) {
    LinkState* st = find(link.linkId());
    if (!st) return;
    ++st->cnxn.packetsReceived;
    ++state_.stats.packetsReceived;
    state_.stats.bytesReceived += 4 + frame.size();
    st->cnxn.lastTouchMs = state_.env->monotonicMs();
    if (!commit_->serving()) {
        // An ensemble member without a leader: ZooKeeper's "not running"
        // close, so the client tries another server.
        outbox_.close(link.linkId());
        return;
    }
    if (st->connecting || !st->queued.empty() || (st->inFlight > 0 && !passesQueue(frame))) {
        st->queued.emplace_back(frame);
        return;
    }
    dispatch(*st, frame);
}

bool ConnectionDispatcher::passesQueue(std::string_view frame) {
    // Writes and syncs keep their order through the commit path; pings are
    // answered out of band by every client (xid -2). Anything else waits for
    // the link's writes so that replies come back in request order.
    if (frame.size() < 8) return false;
    const auto type = proto::OpCode(int32_t(uint32_t(uint8_t(frame[4])) << 24 | uint32_t(uint8_t(frame[5])) << 16 |
                                            uint32_t(uint8_t(frame[6])) << 8 | uint32_t(uint8_t(frame[7]))));
    return RequestProcessor::isWrite(type) || type == OpCode::Sync || type == OpCode::Ping;
}

void ConnectionDispatcher::dispatch(LinkState& st, std::string_view frame) {
    const uint64_t id = st.link->linkId();
    const std::string address = st.link->remoteAddress();
    try {
        if (!st.connected) handleConnect(st, frame);
        else handleRequest(st, frame);
    } catch (const proto::DecodeError& e) {
        // A frame we cannot parse at all: ZooKeeper closes the connection.
        spdlog::warn("closing connection from {}: malformed packet: {}", address, e.what());
        outbox_.close(id);
    }
}

void ConnectionDispatcher::drain(uint64_t linkId) {
    // Re-found on every turn: a dispatched frame may close (and detach) the link.
    for (;;) {
        LinkState* st = find(linkId);
        if (!st || !commit_->serving()) return;
        if (st->queued.empty() || st->connecting) return;
        if (st->inFlight > 0 && !passesQueue(st->queued.front())) return;
        std::string frame = std::move(st->queued.front());
        st->queued.pop_front();
        dispatch(*st, frame);
    }
}

void ConnectionDispatcher::handleConnect(LinkState& st, std::string_view frame) {
    proto::InputArchive in(frame);
    proto::ConnectRequest req;
    proto::read(in, req);
    ++state_.stats.connectionRequests;
    const int64_t lastZxid = state_.tree->lastProcessedZxid();
    if (req.lastZxidSeen > lastZxid) {
        spdlog::info("Refusing session request for client {} as it has seen zxid 0x{:x} our last zxid is 0x{:x} "
                     "client must try another server",
                     st.link->remoteAddress(), req.lastZxidSeen, lastZxid);
        outbox_.close(st.link->linkId());
        return;
    }
    const int32_t timeout = std::clamp(req.timeOut, state_.config.effectiveMinSessionTimeout(),
                                       state_.config.effectiveMaxSessionTimeout());
    st.hasReadOnly = req.hasReadOnly;
    if (req.sessionId == 0) {
        // A new session is a transaction (it has its own zxid, as in ZooKeeper);
        // the commit path answers through sessionCreated().
        st.connecting = true;
        st.link->holdInput(true);
        st.timeoutMs = timeout;
        if (!commit_->createSession(st.link->linkId(), state_.sessions.nextSessionId(), timeout)) refuse(st);
        return;
    }
    // Whatever connection serves the session now goes, before the password
    // is even checked (ZooKeeper's CLIENT_RECONNECT).
    if (LinkState* old = linkForSession(req.sessionId); old && old != &st) {
        old->sessionId = 0;
        outbox_.close(old->link->linkId());
    }
    if (req.passwd == SessionTracker::passwordFor(req.sessionId) && state_.sessions.alive(req.sessionId)) {
        state_.sessions.add(req.sessionId, timeout, state_.env->monotonicMs());
        st.timeoutMs = timeout;
        connected(st, req.sessionId, false);
        return;
    }
    spdlog::info("Invalid session 0x{:x} for client {}, probably expired", req.sessionId, st.link->remoteAddress());
    outbox_.send(st.link->linkId(), connectResponse(0, 0, req.hasReadOnly));
    outbox_.close(st.link->linkId());
}

void ConnectionDispatcher::connected(LinkState& st, int64_t sessionId, bool created) {
    const uint64_t linkId = st.link->linkId();
    if (st.connecting) st.link->holdInput(false);
    st.connecting = false;
    st.connected = true;
    st.sessionId = sessionId;
    st.ctx.sessionId = sessionId;
    sessionLinks_[sessionId] = linkId;
    // A new session went through the pipeline (4lw "SESS").
    if (created) recordOp(st, 0, OpCode::CreateSession, state_.env->monotonicMs());
    outbox_.send(linkId, connectResponse(sessionId, st.timeoutMs, st.hasReadOnly));
    ++st.cnxn.packetsSent;
    ++state_.stats.packetsSent;
}

void ConnectionDispatcher::sessionCreated(uint64_t linkId, int64_t sessionId) {
    LinkState* st = find(linkId);
    if (!st) return;  // gone meanwhile: the session expires unused
    spdlog::debug("new session 0x{:x} timeout {} from {}", sessionId, st->timeoutMs, st->link->remoteAddress());
    connected(*st, sessionId, true);
    drain(linkId);
}

void ConnectionDispatcher::handleRequest(LinkState& st, std::string_view frame) {
    proto::InputArchive in(frame);
    proto::RequestHeader h;
    proto::read(in, h);
    const std::string_view body = frame.substr(frame.size() - in.remaining());
    const int64_t started = state_.env->monotonicMs();

    // Auth and SASL are answered by the connection itself, as
    // ZooKeeperServer.processPacket answers them: with zxid 0, and without
    // touching the session. A client that keeps sending SASL tokens (kazoo
    // with sasl_options against a server without SASL: it gets no challenge
    // and asks again, forever) is not kept alive by them: its session
    // expires, the connection closes, and the client gives up
    // (AuthFailedError) instead of hanging.
    switch (h.type) {
    case OpCode::Auth:
        handleAuth(st, h.xid, body);
        return;
    case OpCode::Sasl: {
        // No SASL in this build. ZooKeeper without a SASL server reads the
        // token (a body that is no GetSASLRequest closes the connection),
        // answers Ok with a null token and keeps the connection.
        proto::InputArchive in(body);
        proto::GetSASLRequest token;
        proto::read(in, token);
        proto::OutputArchive none;
        none.writeNullBuffer();
        reply(st, {h.xid, 0, Err::Ok}, none.data());
        return;
    }
    default:
        break;
    }
    if (!state_.sessions.touch(st.sessionId, started)) {
        reply(st, {h.xid, state_.tree->lastProcessedZxid(), Err::SessionExpired}, {});
        outbox_.close(st.link->linkId());
        return;
    }
    switch (h.type) {
    case OpCode::Ping:
        reply(st, {proto::kXidPing, state_.tree->lastProcessedZxid(), Err::Ok}, {});
        recordOp(st, h.xid, h.type, started);
        return;
    case OpCode::CloseSession:
        recordOp(st, h.xid, h.type, started);
        if (!commit_->closeSession(st.sessionId, CloseRequester{st.link->linkId(), h.xid})) refuse(st);
        return;
    case OpCode::CreateSession:
        // No client sends this on a live session. ZooKeeper takes it as a
        // request: PrepRequestProcessor reads an int (the timeout) from the
        // body - none there is a MarshallingError - and FinalRequestProcessor
        // answers with the connection's ConnectResponse again
        // (finishSessionInit), keeping the connection. We give the same
        // answers; ZooKeeper also logs a createSession txn that re-tracks the
        // session with that int as its timeout, which we do not copy.
        if (body.size() < 4) {
            reply(st, {h.xid, state_.tree->lastProcessedZxid(), Err::MarshallingError}, {});
        } else {
            outbox_.send(st.link->linkId(), connectResponse(st.sessionId, st.timeoutMs, st.hasReadOnly));
            ++st.cnxn.packetsSent;
            ++state_.stats.packetsSent;
        }
        recordOp(st, h.xid, h.type, started);
        return;
    default:
        break;
    }
    if (!RequestProcessor::isKnown(h.type)) {
        spdlog::warn("Received packet at server of unknown type {} from {}", int32_t(h.type),
                     st.link->remoteAddress());
        reply(st, {h.xid, state_.tree->lastProcessedZxid(), Err::Unimplemented}, {});
        outbox_.close(st.link->linkId());
        return;
    }
    const bool write = RequestProcessor::isWrite(h.type);
    if (write || h.type == OpCode::Sync) {
        // Answered (and recorded) through writeDone / syncDone.
        ++st.inFlight;
        PendingRequest request{st.link->linkId(), h.xid, h.type, started, {}};
        bool taken;
        if (write) {
            taken = commit_->write(st.ctx, std::move(request), body);
        } else {
            request.body = std::string(body);
            taken = commit_->sync(st.sessionId, std::move(request));
        }
        if (!taken) refuse(st);
        return;
    }
    std::vector<tree::WatchManager::Fired> owed;
    Reply r = state_.processor->read(st.ctx, h.type, body, &owed);
    deliver(owed);
    reply(st, {h.xid, state_.tree->lastProcessedZxid(), r.err}, r.body);
    recordOp(st, h.xid, h.type, started);
}

void ConnectionDispatcher::refuse(LinkState& st) {
    spdlog::info("no leader to take a request from {}; closing the connection", st.link->remoteAddress());
    outbox_.close(st.link->linkId());
}

void ConnectionDispatcher::recordOp(LinkState& st, int32_t xid, OpCode op, int64_t startedMs) {
    const int64_t now = state_.env->monotonicMs();
    st.cnxn.record(xid, state_.tree->lastProcessedZxid(), std::string(lastOpName(op)), startedMs, now);
    state_.stats.recordLatency(now - startedMs);
}

void ConnectionDispatcher::handleAuth(LinkState& st, int32_t xid, std::string_view body) {
    proto::InputArchive in(body);
    proto::AuthPacket ap;
    proto::read(in, ap);
    tree::AuthContext actx{st.link->remoteAddress(), state_.config.superDigest};
    tree::AuthResult ar = tree::authenticate(ap.scheme, ap.auth, actx);
    if (!ar.ok) {
        // The credentials themselves never reach the log.
        spdlog::warn("Authentication failed for scheme: {}", ap.scheme);
        ++state_.stats.authFailed;
        reply(st, {xid, 0, Err::AuthFailed}, {});
        outbox_.close(st.link->linkId());
        return;
    }
    tree::addAuthId(st.ctx.authIds, ar.id);
    if (ar.superUser) tree::addAuthId(st.ctx.authIds, proto::Id{"super", ""});
    spdlog::info("Session 0x{:x}: auth success for scheme {} and address {}", st.sessionId, ap.scheme,
                 st.link->remoteAddress());
    reply(st, {xid, 0, Err::Ok}, {});
}

// ---------------------------------------------------------------- answers

void ConnectionDispatcher::deliver(const std::vector<tree::WatchManager::Fired>& fired) {
    for (const auto& f : fired) {
        LinkState* st = find(f.watcher);
        if (!st) continue;
        proto::OutputArchive out;
        proto::write(out, proto::ReplyHeader{proto::kXidNotification, -1, Err::Ok});
        proto::write(out, proto::WatcherEvent{f.type, proto::KeeperState::SyncConnected, f.path});
        state_.stats.recordResponseSize(int32_t(out.data().size()));
        outbox_.send(f.watcher, proto::frame(out.data()));
        ++st->cnxn.packetsSent;
        ++state_.stats.packetsSent;
    }
}

void ConnectionDispatcher::sessionClosed(int64_t sessionId, std::optional<CloseRequester> requester) {
    LinkState* st = requester ? find(requester->linkId) : linkForSession(sessionId);
    sessionLinks_.erase(sessionId);
    if (!st) return;
    if (requester) reply(*st, {requester->xid, state_.tree->lastProcessedZxid(), Err::Ok}, {});
    st->sessionId = 0;
    outbox_.close(st->link->linkId());
}

void ConnectionDispatcher::writeDone(const PendingRequest& request, const Reply& r) {
    LinkState* st = find(request.linkId);
    if (!st) return;
    reply(*st, {request.xid, state_.tree->lastProcessedZxid(), r.err}, r.body);
    recordOp(*st, request.xid, request.op, request.startedMs);
    requestDone(request.linkId);
}

void ConnectionDispatcher::syncDone(const PendingRequest& request) {
    LinkState* st = find(request.linkId);
    if (!st) return;
    std::vector<tree::WatchManager::Fired> owed;
    Reply r = state_.processor->read(st->ctx, OpCode::Sync, request.body, &owed);
    deliver(owed);
    reply(*st, {request.xid, state_.tree->lastProcessedZxid(), r.err}, r.body);
    recordOp(*st, request.xid, OpCode::Sync, request.startedMs);
    requestDone(request.linkId);
}

void ConnectionDispatcher::requestDone(uint64_t linkId) {
    LinkState* st = find(linkId);
    if (!st) return;
    if (st->inFlight > 0) --st->inFlight;
    if (st->inFlight == 0) drain(linkId);
}

void ConnectionDispatcher::dropClients(const char* why) {
    std::vector<uint64_t> ids;
    for (auto& [id, st] : links_) {
        if (!st.connected && !st.connecting) continue;  // four-letter words still answer
        st.queued.clear();
        st.inFlight = 0;
        ids.push_back(id);
    }
    if (!ids.empty()) spdlog::info("closing {} client connections: {}", ids.size(), why);
    for (uint64_t id : ids) outbox_.close(id);
}

std::vector<int64_t> ConnectionDispatcher::servedSessions() const {
    std::vector<int64_t> out;
    out.reserve(sessionLinks_.size());
    for (const auto& [id, link] : sessionLinks_) out.push_back(id);
    return out;
}

void ConnectionDispatcher::fail(const std::string& why) {
    if (failed_) return;
    failed_ = true;
    // Every client is disconnected and nothing more is sent; a restart
    // recovers from the log.
    spdlog::critical("{}; the server stops serving", why);
    outbox_.stop();
    std::vector<ClientLink*> all;
    for (auto& [id, st] : links_) all.push_back(st.link);
    for (auto* l : all) l->closeAfterFlush();
}

// ---------------------------------------------------------------- 4lw

std::optional<std::string> ConnectionDispatcher::fourLetterWord(std::string_view word, ClientLink* asker) {
    if (!isFourLetterWord(word)) return std::nullopt;
    // ZooKeeper counts the word as one received packet of 4 bytes.
    ++state_.stats.packetsReceived;
    state_.stats.bytesReceived += 4;
    if (asker) {
        if (auto it = links_.find(asker->linkId()); it != links_.end()) ++it->second.cnxn.packetsReceived;
    }
    FourLetterContext ctx = fourLetterContext(asker);
    return runFourLetterWord(word, ctx);
}

AdminFigures ConnectionDispatcher::adminFigures(AdminDetail detail) {
    return server::adminFigures(fourLetterContext(nullptr), detail);
}

FourLetterContext ConnectionDispatcher::fourLetterContext(ClientLink* asker) {
    FourLetterContext ctx{state_.config,
                          *state_.tree,
                          state_.sessions,
                          state_.stats,
                          {},
                          state_.env->monotonicMs(),
                          state_.env->wallMs(),
                          asker && asker->localPort() != 0 ? asker->localPort() : state_.config.clientPort,
                          commit_->quorumView(),
                          commit_->syncStats()};
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
