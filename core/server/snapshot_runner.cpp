#include "server/snapshot_runner.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

namespace zooscope::server {

SnapshotRunner::SnapshotRunner(ServerState& state, Timers& timers, storage::Storage* storage)
    : state_(state), timers_(timers), storage_(storage), paced_(state.env->backgroundThreads()) {}

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
    budget_ = kBurst;
    lastRefill_ = Clock::now();
    ++generation_;
    step();
    return true;
}

void SnapshotRunner::step() {
    // A SNAP from a leader may have abandoned it (and replaced the tree) meanwhile.
    if (!running()) return;
    const Clock::time_point start = Clock::now();
    if (storage_->snapshotStep(*state_.tree, kNodesPerStep)) {
        auto st = storage_->finishSnapshot();
        if (st) spdlog::info("snapshot finished");
        else spdlog::warn("snapshot failed: {}", st.toString());
        return;
    }
    scheduleNext(start);
}

void SnapshotRunner::scheduleNext(Clock::time_point stepStart) {
    // A step still scheduled for a snapshot that was abandoned (a leader's
    // SNAP) must not drive the next one as a second chain of steps.
    auto next = [this, gen = generation_] {
        if (gen == generation_) step();
    };
    if (!paced_) {
        timers_.post(next);
        return;
    }
    const Clock::time_point now = Clock::now();
    budget_ += (now - lastRefill_) * kShare;
    budget_ = std::min<std::chrono::duration<double, std::micro>>(budget_, kBurst);
    budget_ -= now - stepStart;
    lastRefill_ = now;
    if (budget_.count() >= 0) {
        timers_.post(next);
        return;
    }
    // Wait until the share has paid the deficit back (whole milliseconds:
    // the timers' unit).
    const double waitUs = -budget_.count() / kShare;
    timers_.after(std::max<int64_t>(1, int64_t(std::ceil(waitUs / 1000.0))), next);
}

}  // namespace zooscope::server
