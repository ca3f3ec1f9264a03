#include "server/standalone_commit.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "proto/records.h"
#include "server/container_manager.h"
#include "storage/txn_codec.h"

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

StandaloneCommit::StandaloneCommit(ServerState& state, ClientAnswers& answers, Timers& timers,
                                   std::unique_ptr<storage::Storage> storage, int64_t lastZxid)
    : state_(state),
      answers_(answers),
      storage_(std::move(storage)),
      snapshots_(state, timers, storage_.get()),
      lastZxid_(lastZxid),
      snapshotThreshold_(snapshotThreshold(state.config.snapCount, state.env->wallMs())) {
    if (storage_) {
        syncer_ = std::make_unique<LogSyncer>(
            storage_.get(), lastZxid, timers, state.env->backgroundThreads(),
            LogSyncer::Callbacks{[this](int64_t zxid) { onSynced(zxid); },
                                 [this](const std::string& why) { answers_.fail(why); }});
    }
}

// The syncer's thread goes first: it uses the storage.
StandaloneCommit::~StandaloneCommit() { syncer_.reset(); }

std::optional<SyncStats> StandaloneCommit::syncStats() const {
    if (!syncer_) return std::nullopt;
    return syncer_->stats();
}

void StandaloneCommit::commit(Committing c) {
    if (!syncer_) {
        finish(c);
        return;
    }
    if (c.kind == Committing::Sync && committing_.empty()) {
        // Every write before it is applied already.
        finish(c);
        return;
    }
    if (c.kind != Committing::Sync) syncer_->append(c.p.header.zxid, storage::encodeTxn(c.p.header, c.p.txn));
    committing_.push_back(std::move(c));
}

void StandaloneCommit::onSynced(int64_t zxid) {
    size_t applied = 0;
    while (!committing_.empty() && committing_.front().p.header.zxid <= zxid && !answers_.failed()) {
        Committing c = std::move(committing_.front());
        committing_.pop_front();
        if (c.kind != Committing::Sync) ++applied;
        finish(c);
    }
    txnsSinceSnapshot_ += int64_t(applied);
    maybeSnapshot();
}

void StandaloneCommit::maybeSnapshot() {
    if (!storage_ || txnsSinceSnapshot_ < snapshotThreshold_) return;
    // As ZooKeeper's SyncRequestProcessor: the count starts again whether or
    // not a snapshot starts, so one still running when the next falls due
    // means that one is skipped ("too busy to snap"), not queued to start
    // the moment it ends. Under a write load faster than the walk, snapshots
    // then come as often as the walk allows, not back to back.
    const bool busy = snapshots_.running();
    if (busy) spdlog::info("snapshot due at zxid 0x{:x} skipped: the last one is still being written", lastZxid_);
    if (busy || snapshots_.start()) {
        txnsSinceSnapshot_ = 0;
        snapshotThreshold_ = snapshotThreshold(state_.config.snapCount, state_.env->wallMs());
    }
}

void StandaloneCommit::finish(Committing& c) {
    if (c.kind == Committing::Sync) {
        answers_.syncDone(c.request);
        return;
    }
    tree::ApplyResult r = state_.tree->apply(c.p.header, c.p.txn);
    state_.processor->applied(c.p.header.zxid);
    const int64_t sessionId = c.p.header.clientId;
    switch (c.kind) {
    case Committing::Write:
        // Events go out before the reply that caused them, as in ZooKeeper.
        answers_.deliver(r.fired);
        answers_.writeDone(c.request, state_.processor->finish(c.request.op, r));
        break;
    case Committing::CreateSession:
        state_.sessions.add(sessionId, c.timeoutMs, state_.env->monotonicMs());
        answers_.sessionCreated(c.linkId, sessionId);
        break;
    case Committing::CloseSession:
        answers_.deliver(r.fired);
        state_.sessions.remove(sessionId);
        answers_.sessionClosed(sessionId, c.closer);
        break;
    case Committing::Container:
        answers_.deliver(r.fired);
        if (r.err == Err::Ok) {
            if (const auto* d = std::get_if<tree::DeleteTxn>(&c.p.txn.body))
                spdlog::info("removed empty container or expired TTL node {}", d->path);
        }
        break;
    case Committing::Seed:
    case Committing::Sync:
        break;
    }
}

bool StandaloneCommit::createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) {
    Committing c;
    c.kind = Committing::CreateSession;
    c.p = state_.processor->prepareCreateSession(sessionId, timeoutMs, nextZxid(), state_.env->wallMs());
    c.linkId = linkId;
    c.timeoutMs = timeoutMs;
    commit(std::move(c));
    return true;
}

bool StandaloneCommit::closeSession(int64_t sessionId, CloseRequester requester) {
    close(sessionId, requester);
    return true;
}

void StandaloneCommit::close(int64_t sessionId, std::optional<CloseRequester> requester) {
    // From here on the session's requests are refused (SessionTracker::touch).
    state_.sessions.setClosing(sessionId);
    Committing c;
    c.kind = Committing::CloseSession;
    c.p = state_.processor->prepareCloseSession(sessionId, nextZxid(), state_.env->wallMs());
    c.closer = requester;
    commit(std::move(c));
}

bool StandaloneCommit::write(const ClientContext& ctx, PendingRequest request, std::string_view body) {
    if (answers_.failed()) return true;  // never answered: the connection is closing
    Committing c;
    c.p = state_.processor->prepare(ctx, request.xid, request.op, body, nextZxid(), state_.env->wallMs());
    c.request = std::move(request);
    commit(std::move(c));
    return true;
}

bool StandaloneCommit::sync(int64_t, PendingRequest request) {
    Committing c;
    c.kind = Committing::Sync;
    c.p.header.zxid = lastZxid_;
    c.request = std::move(request);
    commit(std::move(c));
    return true;
}

void StandaloneCommit::tick() {
    for (int64_t id : state_.sessions.expired(state_.env->monotonicMs())) {
        spdlog::info("Expiring session 0x{:x}, timeout of {}ms exceeded", id, state_.sessions.find(id)->timeoutMs);
        close(id, std::nullopt);
    }
}

void StandaloneCommit::checkContainers() {
    for (const auto& path :
         containerCandidates(*state_.tree, state_.env->wallMs(), state_.config.containerMaxNeverUsedIntervalMs)) {
        Committing c;
        c.kind = Committing::Container;
        c.p = state_.processor->prepare(ClientContext{}, 0, OpCode::DeleteContainer, path, nextZxid(),
                                        state_.env->wallMs());
        commit(std::move(c));
    }
}

bool StandaloneCommit::seed(const std::string& path, const std::string& data) {
    if (state_.tree->find(path)) return false;
    proto::CreateRequest req{path, data, proto::openAclUnsafe(), 0};
    Committing c;
    c.kind = Committing::Seed;
    c.p = state_.processor->prepare(ClientContext{}, 0, OpCode::Create, proto::encode(req), nextZxid(),
                                    state_.env->wallMs());
    commit(std::move(c));
    // Before clients connect: wait for the disk here rather than for a turn
    // of a loop that is not running yet.
    if (syncer_) onSynced(syncer_->waitIdle());
    return state_.tree->find(path) != nullptr;
}

}  // namespace zooscope::server
