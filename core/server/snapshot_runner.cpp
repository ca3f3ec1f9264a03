#include "server/snapshot_runner.h"

#include <spdlog/spdlog.h>

namespace zooscope::server {

SnapshotRunner::SnapshotRunner(ServerState& state, Timers& timers, storage::Storage* storage)
    : state_(state), timers_(timers), storage_(storage) {}

SnapshotRunner::~SnapshotRunner() {
    if (running()) storage_->abandonSnapshot();
}

bool SnapshotRunner::start() {
    if (!storage_ || storage_->snapshotInProgress()) return false;
    const int64_t zxid = state_.tree->lastProcessedZxid();
    if (auto st = storage_->beginSnapshot(*state_.tree, state_.sessionTable()); !st) {
        spdlog::warn("snapshot at zxid 0x{:x} not started: {}", zxid, st.toString());
        return false;
    }
    spdlog::info("snapshot started at zxid 0x{:x}", zxid);
    step();
    return true;
}

void SnapshotRunner::step() {
    // A SNAP from a leader may have abandoned it (and replaced the tree) meanwhile.
    if (!running()) return;
    if (storage_->snapshotStep(*state_.tree, kNodesPerStep)) {
        auto st = storage_->finishSnapshot();
        if (st) spdlog::info("snapshot finished");
        else spdlog::warn("snapshot failed: {}", st.toString());
        return;
    }
    timers_.post([this] { step(); });
}

}  // namespace zooscope::server
