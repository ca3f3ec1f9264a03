// Storage: durability for one server - the transaction log and snapshots of
// a data directory, recovery at startup and autopurge (ZooKeeper's
// FileTxnSnapLog + PurgeTxnLog). Formats: docs/storage-format.md.
//
// How the server uses it (server/log_syncer.h runs the log's half on a thread
// of its own; everything else is on the thread that owns the DataTree):
//
//   Startup:
//     storage::RecoveredState st;
//     std::unique_ptr<storage::Storage> sto;
//     Status s = storage::Storage::open(env, opts, &st, &sto);
//     if (!s) { log s.toString(); refuse to start; }      // e.g. mid-log corruption
//     tree = std::move(*st.tree); lastZxid = st.lastZxid;   // next zxid = lastZxid + 1
//     re-register st.sessions (id -> timeout) with fresh deadlines
//   Each write (after prepare produced header+txn):
//     Status s = sto->append(p.header, p.txn);  // buffered, no I/O wait
//     if (!s) -> fail the request, stop accepting writes (sticky error)
//   Group commit (once per batch of appends):
//     Status s = sto->commit();                 // one fdatasync for the batch
//     ok  -> apply the txns <= sto->log().lastSyncedZxid() to the tree and
//            answer their clients (no read sees a txn before its sync)
//     err -> apply and answer none of them; the server must shut down
//            (restart recovers)
//   Snapshot trigger (e.g. every snapCount txns, ZooKeeper's default 100000,
//   randomised), only when sto->snapshotInProgress() is false:
//     sto->beginSnapshot(tree, sessions);       // cheap; copies the session table
//     then on each loop turn: sto->snapshotStep(tree, 1000)  // bounded work per turn
//     when it returns true and the writer finished, sto->finishSnapshot()
//     reports the outcome and runs autopurge.
//   Ensemble TRUNC (follower): sto->truncateAfter(zxid), then rebuild the
//   tree by reopening (Storage::open) - the in-memory tree is ahead of the log.
//
// Threads: the log's writing half (append, appendEncoded, commit,
// flushForSync) may run on one thread at a time - while syncPoint() runs on
// others for groups flushed before - while the owner runs the snapshot half (beginSnapshot,
// snapshotStep, finishSnapshot, abandonSnapshot, purge): they share only the
// log's lastSyncedZxid(), which is atomic, and segment files the purge never
// removes (it keeps the newest segment and every one after the oldest kept
// snapshot). Everything else (open, truncateAfter, installSnapshot, log()
// reads) needs the writing half idle. The snapshot's file writing runs on its
// own thread inside SnapshotWriter. Holds an exclusive lock file in the log directory
// so two servers never share one data directory.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "env/env.h"
#include "storage/snapshot.h"
#include "storage/txn_log.h"
#include "tree/data_tree.h"

namespace zooscope::storage {

struct StorageOptions {
    std::string snapDir;  // ZooKeeper's dataDir
    std::string logDir;   // dataLogDir; empty = snapDir
    LogOptions log;
    // Snapshots kept by autopurge (ZooKeeper's autopurge.snapRetainCount); at least 3.
    int snapRetainCount = 3;
    // Autopurge after each finished snapshot.
    bool purgeAfterSnapshot = true;
    // false (an ensemble member): recovery replays the log only as far as the
    // snapshot's end zxid, so the tree holds exactly the committed state the
    // snapshot captured; the records after it stay in the log, durable but
    // not known to be committed, for the quorum protocol to apply or truncate.
    // With no snapshot the tree starts empty.
    bool replayWholeLog = true;
};

struct RecoveredState {
    std::unique_ptr<tree::DataTree> tree;
    SessionTable sessions;
    int64_t lastZxid = 0;
    int32_t epoch = 0;  // lastZxid >> 32
    // The snapshot recovery started from; name empty and zxid 0 when none.
    std::string snapshotName;
    int64_t snapshotZxid = 0;
    uint64_t replayedTxns = 0;
    // Snapshots that saw txns the log does not hold (lost in a crash before
    // their sync). Their zxids will be reused by new txns, so they must never
    // be used again: Storage::open deletes them.
    std::vector<std::string> staleSnapshots;
};

// Loads the newest usable snapshot of snapDir and replays the log of logDir
// on top of it. Does not repair the log (TxnLog::open does): a damaged tail
// ends the replay; damage in the middle is a Corruption error.
Status recover(std::shared_ptr<Env> env, const StorageOptions& options, RecoveredState* out);

class Storage {
public:
    // Locks the directory, removes leftover snapshot temp files, opens and
    // repairs the log (TxnLog::open), then recover(). On error nothing is
    // returned and the lock is released.
    static Status open(std::shared_ptr<Env> env, const StorageOptions& options, RecoveredState* state,
                       std::unique_ptr<Storage>* out);
    ~Storage();

    Status append(const tree::TxnHeader& header, const tree::Txn& txn) { return log_->append(header, txn); }
    Status appendEncoded(int64_t zxid, std::string_view payload) { return log_->appendEncoded(zxid, payload); }
    // The group commit point: TxnLog::sync().
    Status commit() { return log_->sync(); }
    // The group commit in two halves (TxnLog::flushForSync/syncPoint/markSynced):
    // the disk's wait for one group overlaps the writing of the next.
    Status flushForSync(TxnLog::SyncPoint* point) { return log_->flushForSync(point); }
    Status syncPoint(const TxnLog::SyncPoint& point) const { return log_->syncPoint(point); }
    void markSynced(int64_t zxid) { log_->markSynced(zxid); }
    TxnLog& log() { return *log_; }

    // Starts a fuzzy snapshot at tree.lastProcessedZxid(). InvalidArgument
    // when one is already running or a snapshot at that zxid exists.
    Status beginSnapshot(const tree::DataTree& tree, const SessionTable& sessions);
    bool snapshotInProgress() const { return snap_ != nullptr; }
    // Bounded work on the owner thread; true when the walk is complete and
    // the background writer has finished (call finishSnapshot() then).
    bool snapshotStep(const tree::DataTree& tree, size_t maxNodes);
    // Waits for the writer, returns its outcome, runs autopurge if enabled
    // and every txn the snapshot saw is synced (otherwise at the next one).
    // InvalidArgument while the walk is incomplete (snapshotStep not yet true).
    Status finishSnapshot();
    // Drops a running snapshot (joins its writer, removes its temp file).
    void abandonSnapshot() { snap_.reset(); }

    // Keeps the snapRetainCount newest snapshots known to be whole (recovered
    // or finished here) and the log segments needed to replay from the oldest
    // of them; removes older ones (purgeOldFiles).
    Status purge();

    // Drops log records after zxid and snapshots that hold state past it.
    Status truncateAfter(int64_t zxid);

    // An ensemble learner's SNAP: makes `image` (snapshotImage() bytes of
    // the leader's state at `zxid`) the directory's only snapshot and empties
    // the log, durably, in an order where a crash at any point recovers
    // either the old state or the new one. A running snapshot is abandoned.
    Status installSnapshot(std::string_view image, int64_t zxid);

private:
    Storage(std::shared_ptr<Env> env, StorageOptions options) : env_(std::move(env)), options_(std::move(options)) {}

    std::shared_ptr<Env> env_;
    StorageOptions options_;
    std::unique_ptr<FileLock> lock_;
    std::unique_ptr<TxnLog> log_;
    std::unique_ptr<SnapshotWriter> snap_;
    // Zxids of the snapshots known to be whole: the one recovery loaded and
    // those this Storage finished (the only ones purge may keep logs for).
    std::set<int64_t> wholeSnapshots_;
};

// Autopurge of a data directory pair (ZooKeeper's PurgeTxnLog): keeps the
// `retain` newest snapshots that `usable` accepts (retain raised to 3 if
// lower), fsyncs the oldest of them and the directory, then removes every
// older snapshot and the log segments wholly before it. Removes nothing while
// fewer than `retain` are usable. Snapshots are written without fsync, so one
// a crash cut short may sit on disk under its final name: `usable` must accept
// only snapshots known to be whole (Storage: recovered or finished by it).
Status purgeOldFiles(Env& env, const std::string& snapDir, const std::string& logDir, int retain,
                     const std::function<bool(const SnapshotInfo&)>& usable);

}  // namespace zooscope::storage
