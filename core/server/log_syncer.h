// LogSyncer: the group commit of a server's transaction log, off the owning
// thread (ZooKeeper's SyncRequestProcessor is the model). The owner hands it
// encoded transactions in zxid order (append); a sync thread writes them to
// the log and syncs once for everything that queued up meanwhile, then tells
// the owner how far the log is durable: `synced(zxid)` runs on the owning
// thread, posted through Timers. While a sync runs, the owning thread keeps
// reading requests, answering reads and queueing the next group. Callers
// apply a transaction, and answer for it, only once it is synced, so no read
// sees a transaction before its sync.
//
// Two sync threads, so that one group's fdatasync overlaps the next one's:
// one thread at a time writes its group to the log (TxnLog::flushForSync),
// then waits for the disk outside every lock (TxnLog::syncPoint) while the
// other writes and syncs the group that queued up meanwhile. Groups are
// reported durable strictly in the order they were written, each only once
// its own sync and every earlier one succeeded. Why two: on the shared 2-CPU
// test machine (ext4 on a virtual disk) one thread's fdatasync took 5-6 ms
// each, while two threads overlapping theirs got 4-6x as many syncs per
// second at a third to a half of that latency (docs/BENCHMARKS.md, issue 21).
//
// Without background threads (Env::backgroundThreads() false: the quorum
// simulator, whose runs must replay exactly) there is no thread: append()
// writes to the log at once, and one sync per turn of the owner's loop runs in
// a callback posted after the requests already received - the same batches,
// decided by the loop instead of by the disk.
// Without storage (an in-memory server) every append counts as synced in the
// next posted callback.
//
// Failure: the first failed write or sync is reported once through `failed`
// (on the owning thread; without a thread, a failed append at once, inside
// append()). Nothing appended after the first failed write or sync is ever
// reported synced, even when a later group's sync succeeds (after a failed
// fdatasync the kernel may have dropped the earlier group's pages), and
// nothing more is written.
//
// Threads: the public methods on the owning thread only. While the sync
// threads run, the log half of Storage is theirs (storage.h); the owner
// calls waitIdle() before it touches the log itself (TRUNC, SNAP install).
// Timers::post is called from the sync thread, so the owner's Timers must
// allow that when the Env allows background threads (timers.h).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "server/server_stats.h"
#include "server/timers.h"
#include "storage/storage.h"

namespace zooscope::server {

class LogSyncer {
public:
    struct Callbacks {
        // Every txn appended up to `zxid` is durable. Called with increasing
        // zxids (resetTo() may lower the next one).
        std::function<void(int64_t zxid)> synced;
        // The log could not be written or synced; called at most once.
        std::function<void(const std::string& why)> failed;
    };

    // `storage` may be null (in memory). `lastZxid`: the log's last zxid now
    // (durable). `threaded`: whether a sync thread may run
    // (Env::backgroundThreads()). `timers` must outlive the syncer.
    LogSyncer(storage::Storage* storage, int64_t lastZxid, Timers& timers, bool threaded, Callbacks callbacks);
    // Stops and joins the sync thread; what it has not synced is never reported.
    ~LogSyncer();
    LogSyncer(const LogSyncer&) = delete;
    LogSyncer& operator=(const LogSyncer&) = delete;

    // Queues one txn, encoded (storage::encodeTxn), zxid above every earlier one.
    void append(int64_t zxid, std::string record);
    // Blocks until every append so far is written and synced, or failed;
    // returns the zxid the log is durable to. The callbacks are not called
    // here (they still come, posted); for owner work that needs the log itself.
    int64_t waitIdle();
    // The owner cut the log (TRUNC) or replaced it (SNAP): it is durable to
    // `zxid` and holds nothing after it. Call after waitIdle(); later reports
    // start from there.
    void resetTo(int64_t zxid);
    // The last zxid appended (or set by resetTo).
    int64_t appendedZxid() const { return appended_; }
    SyncStats stats() const;

private:
    struct Record {
        int64_t zxid;
        std::string bytes;
    };
    // A group written to the log, in write order, until it is reported.
    struct Group {
        int64_t zxid = 0;  // its last txn
        int64_t txns = 0;
        std::chrono::steady_clock::time_point started;
        bool done = false;  // its sync returned ok
    };

    static constexpr int kSyncThreads = 2;

    void run();
    // Writes `batch` to the log and flushes it for *point; the error, if any.
    // On a sync thread, by the one thread that holds writing_.
    std::optional<std::string> write(const std::vector<Record>& batch, storage::TxnLog::SyncPoint* point);
    // Requires mu_: reports durable what the done groups at the front cover.
    void advance();
    // The owner's side of a report: calls the callbacks with what the sync
    // thread (or the posted inline sync) got done.
    void report();
    // Without a thread: the posted once-per-turn sync.
    void syncInline();

    storage::Storage* storage_;
    Timers& timers_;
    const bool threaded_;
    Callbacks callbacks_;

    mutable std::mutex mu_;
    std::condition_variable work_;     // the sync threads wait for records (and the writer's turn) or stop
    std::condition_variable idle_;     // waitIdle() waits for the threads
    std::vector<Record> queue_;        // guarded by mu_
    bool writing_ = false;             // guarded by mu_: a thread is writing its group to the log
    int busy_ = 0;                     // guarded by mu_: threads with a group being written or synced
    std::deque<Group> groups_;         // guarded by mu_: written, not yet reported durable
    bool stop_ = false;                // guarded by mu_
    bool reportPosted_ = false;        // guarded by mu_ (without a thread: the inline sync is posted)
    int64_t durable_ = 0;              // guarded by mu_: the log is synced to here
    std::optional<std::string> error_; // guarded by mu_
    SyncStats stats_;                  // guarded by mu_
    std::vector<std::thread> threads_;

    // Owning thread only.
    int64_t appended_ = 0;
    int64_t reported_ = 0;
    bool failureReported_ = false;
};

}  // namespace zooscope::server
