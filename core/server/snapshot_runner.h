// SnapshotRunner: takes a fuzzy snapshot of the server's tree
// (storage::Storage::beginSnapshot) and drives it to the end in bounded steps
// on the owning thread, so requests keep flowing while the tree is walked.
// Used by both commit paths: every ~snapCount txns standalone, at the
// quorum's TakeSnapshot in an ensemble.
//
// Pacing: the walk may take at most kShare of the owning thread's time (a
// token bucket over the steps' measured durations; when it runs dry the next
// step waits on a timer). Unpaced, one step per turn of the loop gave the walk
// about 70 % of the thread under a heavy write load: throughput fell to a
// third for the whole snapshot, and snapshots ran most of the time. A paced
// snapshot takes longer, so under such a load more of them are skipped as
// still busy (ZooKeeper's rule), and the log, not the snapshot, carries the
// difference. With an Env without background threads (the simulator) steps
// run one per turn, unpaced, so runs replay exactly.
//
// Single-threaded: the server's owning thread (the file is written by the
// storage layer's writer).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>

#include "server/server_state.h"
#include "server/timers.h"
#include "storage/storage.h"

namespace zooscope::server {

class SnapshotRunner {
public:
    // `storage` may be null (an in-memory server: never snapshots).
    SnapshotRunner(ServerState& state, Timers& timers, storage::Storage* storage);
    // Abandons a snapshot still running.
    ~SnapshotRunner();
    SnapshotRunner(const SnapshotRunner&) = delete;
    SnapshotRunner& operator=(const SnapshotRunner&) = delete;

    bool running() const { return storage_ && storage_->snapshotInProgress(); }
    // Starts one at the tree's current zxid. False (and a warning) when it
    // cannot start, e.g. a snapshot at this zxid exists already.
    bool start();

private:
    using Clock = std::chrono::steady_clock;
    void step();
    void scheduleNext(Clock::time_point stepStart);

    static constexpr size_t kNodesPerStep = 250;
    // The walk's share of the owning thread, and how much unused share it may
    // save up (so a short snapshot of a small tree runs without waits).
    static constexpr double kShare = 0.25;
    static constexpr std::chrono::microseconds kBurst{5000};
    ServerState& state_;
    Timers& timers_;
    storage::Storage* storage_;
    const bool paced_;
    std::chrono::duration<double, std::micro> budget_{0};
    Clock::time_point lastRefill_{};
    uint64_t generation_ = 0;  // one per start(): scheduled steps of an older snapshot do nothing
};

}  // namespace zooscope::server
