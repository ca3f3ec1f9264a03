#include "server/server_core.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/quorum_state.h"
#include "server/standalone_commit.h"
#include "storage/storage.h"

namespace zooscope::server {

std::unique_ptr<ServerCore> ServerCore::open(const ServerConfig& config, Seams seams, std::string* error) {
    auto fail = [&](std::string msg) -> std::unique_ptr<ServerCore> {
        if (error) *error = std::move(msg);
        return nullptr;
    };
    std::string ensembleError;
    const bool ensemble = isEnsemble(config, &ensembleError);
    if (!ensembleError.empty()) return fail(ensembleError);
    if (!seams.timers || (ensemble && !seams.peers)) return fail("the engine needs timers (and, in an ensemble, a peer link)");

    std::unique_ptr<storage::Storage> storage;
    storage::RecoveredState recovered;
    if (!config.dataDir.empty()) {
        storage::StorageOptions opts;
        opts.snapDir = config.dataDir;
        opts.logDir = config.dataLogDir;
        opts.log.preallocBytes = uint64_t(config.preAllocSizeKb) * 1024;
        opts.snapRetainCount = std::max(3, config.snapRetainCount);
        opts.purgeAfterSnapshot = config.purgeIntervalHours > 0;
        // An ensemble member's log holds records that are not known to be
        // committed: the quorum protocol applies them, not recovery.
        opts.replayWholeLog = !ensemble;
        if (auto st = storage::Storage::open(seams.env, opts, &recovered, &storage); !st)
            return fail("cannot open the data directory " + config.dataDir + ": " + st.toString());
        spdlog::info("recovered zxid 0x{:x}, {} nodes, {} sessions ({} txns replayed on snapshot {})",
                     recovered.lastZxid, recovered.tree->nodeCount(), recovered.sessions.size(),
                     recovered.replayedTxns, recovered.snapshotName.empty() ? "none" : recovered.snapshotName);
    }
    std::unique_ptr<QuorumSetup> quorum;
    if (ensemble) {
        quorum = loadQuorumSetup(seams.env, config, storage.get(), storage ? &recovered : nullptr, error);
        if (!quorum) return nullptr;
    }

    std::unique_ptr<ServerCore> core(new ServerCore(config, std::move(seams), std::move(recovered.tree)));
    // Restored sessions get a full timeout from now to reconnect.
    const int64_t now = core->state_.env->monotonicMs();
    for (const auto& [id, timeout] : recovered.sessions) core->state_.sessions.add(id, timeout, now);
    if (quorum) {
        auto host = std::make_unique<QuorumHost>(core->state_, core->connections_, *core->seams_.timers,
                                                 *core->seams_.peers, std::move(storage), std::move(*quorum),
                                                 core->seams_.tap);
        core->quorumHost_ = host.get();
        core->commit_ = std::move(host);
    } else {
        core->commit_ = std::make_unique<StandaloneCommit>(core->state_, core->connections_,
                                                           *core->seams_.timers, std::move(storage),
                                                           recovered.lastZxid);
    }
    core->connections_.setCommitPath(*core->commit_);
    return core;
}

ServerCore::ServerCore(const ServerConfig& config, Seams seams, std::unique_ptr<tree::DataTree> tree)
    : seams_(std::move(seams)),
      state_(config, seams_.env, std::move(tree)),
      outbox_([this](uint64_t linkId) { return connections_.link(linkId); }),
      connections_(state_, outbox_) {}

ServerCore::~ServerCore() = default;

void ServerCore::start() {
    commit_->start();
    // Half a tick: expiry deadlines are tick-aligned, so this keeps the
    // lateness under half a tick.
    every(std::max(10, state_.config.tickTime / 2), &CommitPath::tick);
    every(std::max(1, state_.config.containerCheckIntervalMs), &CommitPath::checkContainers);
}

void ServerCore::every(int64_t periodMs, void (CommitPath::*work)()) {
    seams_.timers->after(periodMs, [this, periodMs, work] {
        (commit_.get()->*work)();
        every(periodMs, work);
    });
}

}  // namespace zooscope::server
