#include "server/standalone_commit.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "proto/records.h"
#include "server/container_manager.h"

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

StandaloneCommit::StandaloneCommit(ServerState& state, Outbox& outbox, ClientAnswers& answers, Timers& timers,
                                   std::unique_ptr<storage::Storage> storage, int64_t lastZxid)
    : state_(state),
      outbox_(outbox),
      answers_(answers),
      timers_(timers),
      storage_(std::move(storage)),
      snapshots_(state, timers, storage_.get()),
      lastZxid_(lastZxid),
      snapshotThreshold_(snapshotThreshold(state.config.snapCount, state.env->wallMs())) {}

StandaloneCommit::~StandaloneCommit() = default;

tree::ApplyResult StandaloneCommit::commit(const Prepared& p) {
    if (storage_) {
        if (auto st = storage_->append(p.header, p.txn); !st)
            answers_.fail("cannot append to the transaction log: " + st.toString());
        outbox_.hold();
        ++txnsSinceSnapshot_;
        if (!commitScheduled_) {
            commitScheduled_ = true;
            timers_.post([this] { groupCommit(); });
        }
    }
    tree::ApplyResult r = state_.tree->apply(p.header, p.txn);
    state_.processor->applied(p.header.zxid);
    return r;
}

void StandaloneCommit::groupCommit() {
    commitScheduled_ = false;
    if (!outbox_.holding() || answers_.failed()) return;
    if (auto st = storage_->commit(); !st) {
        answers_.fail("cannot sync the transaction log: " + st.toString());
        return;
    }
    outbox_.release();
    if (txnsSinceSnapshot_ >= snapshotThreshold_ && !snapshots_.running() && snapshots_.start()) {
        txnsSinceSnapshot_ = 0;
        snapshotThreshold_ = snapshotThreshold(state_.config.snapCount, state_.env->wallMs());
    }
}

bool StandaloneCommit::createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) {
    const int64_t now = state_.env->monotonicMs();
    commit(state_.processor->prepareCreateSession(sessionId, timeoutMs, nextZxid(), state_.env->wallMs()));
    state_.sessions.add(sessionId, timeoutMs, now);
    answers_.sessionCreated(linkId, sessionId);
    return true;
}

bool StandaloneCommit::closeSession(int64_t sessionId, CloseRequester requester) {
    close(sessionId, requester);
    return true;
}

void StandaloneCommit::close(int64_t sessionId, std::optional<CloseRequester> requester) {
    state_.sessions.setClosing(sessionId);
    const int64_t zxid = nextZxid();
    answers_.deliver(commit(state_.processor->prepareCloseSession(sessionId, zxid, state_.env->wallMs())).fired);
    state_.sessions.remove(sessionId);
    answers_.sessionClosed(sessionId, requester);
}

bool StandaloneCommit::write(const ClientContext& ctx, PendingRequest request, std::string_view body) {
    const int64_t zxid = nextZxid();
    if (answers_.failed()) return true;  // never answered: the connection is closing
    Prepared p = state_.processor->prepare(ctx, request.xid, request.op, body, zxid, state_.env->wallMs());
    tree::ApplyResult r = commit(p);
    // Events go out before the reply that caused them, as in ZooKeeper.
    answers_.deliver(r.fired);
    answers_.writeDone(request, state_.processor->finish(request.op, r));
    return true;
}

bool StandaloneCommit::sync(int64_t, PendingRequest request) {
    // Every write before it is applied already.
    answers_.syncDone(request);
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
        const int64_t zxid = nextZxid();
        tree::ApplyResult r = commit(
            state_.processor->prepare(ClientContext{}, 0, OpCode::DeleteContainer, path, zxid, state_.env->wallMs()));
        answers_.deliver(r.fired);
        if (r.err == Err::Ok) spdlog::info("removed empty container or expired TTL node {}", path);
    }
}

bool StandaloneCommit::seed(const std::string& path, const std::string& data) {
    if (state_.tree->find(path)) return false;
    proto::CreateRequest req{path, data, proto::openAclUnsafe(), 0};
    const int64_t zxid = nextZxid();
    tree::ApplyResult r = commit(
        state_.processor->prepare(ClientContext{}, 0, OpCode::Create, proto::encode(req), zxid, state_.env->wallMs()));
    return r.err == Err::Ok;
}

}  // namespace zooscope::server
