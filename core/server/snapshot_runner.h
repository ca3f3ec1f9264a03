// SnapshotRunner: takes a fuzzy snapshot of the server's tree
// (storage::Storage::beginSnapshot) and drives it to the end in bounded steps
// on the owning thread, one step per turn of its loop, so requests keep
// flowing while the tree is walked. Used by both commit paths: every ~snapCount
// txns standalone, at the quorum's TakeSnapshot in an ensemble.
//
// Single-threaded: the server's owning thread (the file is written by the
// storage layer's writer).
#pragma once

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
    void step();

    static constexpr size_t kNodesPerStep = 2000;
    ServerState& state_;
    Timers& timers_;
    storage::Storage* storage_;
};

}  // namespace zooscope::server
