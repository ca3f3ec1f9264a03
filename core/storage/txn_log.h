// TxnLog: the write-ahead transaction log, as segment files "log.<hex zxid>"
// in one directory, each named by the zxid of its first record (ZooKeeper's
// FileTxnLog naming). Byte layout and recovery rules: docs/storage-format.md.
//
// Writing: append() frames and buffers one txn; sync() is the group-commit
// point - one flush + fdatasync (plus a directory fsync after a new segment
// was created) for everything appended since the previous sync. A txn is
// durable, and may be acknowledged to its client, only once a sync() that
// followed its append() returned ok. Segments roll once they hold
// LogOptions::segmentBytes; they grow on disk in preallocBytes chunks.
//
// Failures are sticky: after any write or sync error the log refuses every
// further append/sync with that error, because after a failed fdatasync the
// kernel may have dropped the dirty pages and nothing written since the last
// good sync can be trusted. The server must stop acknowledging writes and
// restart (recovery reads back whatever did reach the disk).
//
// Opening: open() checks every segment. A damaged TAIL - a partial last
// record, a bad checksum or impossible length with nothing valid after it -
// is cut off (logged as a warning). Damage followed by a valid record (in the
// same or a later segment) is corruption in the MIDDLE: open() fails with a
// Corruption status naming the file and byte offset, and the caller must not
// start. A new TxnLog never appends to an existing segment: its first append
// starts a new one.
//
// Single-threaded: one thread calls every method (the server's log syncer
// while it runs, server/log_syncer.h), except lastSyncedZxid(), which any
// thread may read. Not copyable.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "env/env.h"
#include "tree/txn.h"

namespace zooscope::storage {

struct LogOptions {
    // A segment rolls when its logical size reaches this.
    uint64_t segmentBytes = 64ull << 20;
    // Grow the file on disk this much at a time (0 = never preallocate).
    uint64_t preallocBytes = 16ull << 20;
};

struct SegmentInfo {
    std::string name;  // "log.<hex>"
    int64_t firstZxid = 0;
};

// Reads records in zxid order across segments.
class TxnIterator {
public:
    virtual ~TxnIterator() = default;
    // Advances to the next record; false at the end or on error (see status()).
    virtual bool next() = 0;
    virtual const tree::TxnHeader& header() const = 0;
    virtual const tree::Txn& txn() const = 0;
    // Ok at a clean end; Corruption naming file + offset on damage that
    // open() would have refused; a torn tail simply ends the iteration.
    virtual const Status& status() const = 0;
    // The highest zxid in the segments read so far, including records before
    // the start zxid that were skipped (0 when none): after a full iteration,
    // the last zxid in the log.
    virtual int64_t highestZxidSeen() const = 0;
};

class TxnLog {
public:
    // Opens the log in `dir` (created when missing), checking and repairing it
    // as described above. On error *out is untouched.
    static Status open(std::shared_ptr<Env> env, const std::string& dir, const LogOptions& options,
                       std::unique_ptr<TxnLog>* out);
    ~TxnLog();
    TxnLog(const TxnLog&) = delete;
    TxnLog& operator=(const TxnLog&) = delete;

    // Buffers one txn. header.zxid must exceed lastZxid() (InvalidArgument
    // otherwise). Not durable until sync(). May fdatasync the old segment
    // when it rolls to a new one.
    Status append(const tree::TxnHeader& header, const tree::Txn& txn);
    // The same for a txn already encoded (storage::encodeTxn) with this zxid:
    // a replica logs the leader's bytes as they came.
    Status appendEncoded(int64_t zxid, std::string_view payload);
    // Group commit: makes every appended txn durable. Cheap when nothing is pending.
    Status sync();

    // sync() in two halves, so that the disk's wait can overlap the writing
    // of the next group (server/log_syncer.h): flushForSync() on the writing
    // thread hands what was appended to the OS and says what a sync must
    // cover; syncPoint() then makes it durable, on any thread, while the
    // writer goes on appending and flushing. Neither marks anything synced:
    // the caller does, in the order of the flushes, with markSynced() - a
    // point covers a new segment's directory entry only with its own
    // syncPoint(). A failed syncPoint() leaves the log broken for the
    // caller: it must write nothing more (the log's own sticky error is the
    // writer's, and is not set from another thread).
    struct SyncPoint {
        std::shared_ptr<WritableFile> file;  // null: nothing appended since open
        uint64_t flushedBytes = 0;
        bool dirSync = false;  // the segment is new: its directory entry too
        int64_t zxid = 0;      // the last txn the point covers
    };
    Status flushForSync(SyncPoint* point);
    Status syncPoint(const SyncPoint& point) const;
    // Every txn up to `zxid` is durable (a syncPoint() covering it, and all
    // before it, succeeded). Calls come in increasing order.
    void markSynced(int64_t zxid) { lastSyncedZxid_.store(zxid, std::memory_order_release); }

    // The zxid of the last appended txn (0 for an empty log).
    int64_t lastZxid() const { return lastZxid_; }
    // The zxid of the last txn a successful sync() covered. Any thread.
    int64_t lastSyncedZxid() const { return lastSyncedZxid_.load(std::memory_order_acquire); }
    // Txns appended and not yet synced.
    size_t pendingCount() const { return pending_; }

    // Records with zxid >= `zxid`, in order. Flushes the writer first so
    // buffered records are visible; unsynced ones are included.
    std::unique_ptr<TxnIterator> readFrom(int64_t zxid);

    // Removes every record with zxid > `zxid` durably (ZooKeeper's TRUNC from
    // a leader); the next append starts a new segment. lastZxid() becomes the
    // last zxid <= `zxid` still in the log.
    Status truncateAfter(int64_t zxid);

    // Segments on disk, oldest first.
    std::vector<SegmentInfo> segments() const;
    const std::string& dir() const { return dir_; }
    // The sticky error, ok while the log is healthy.
    const Status& error() const { return broken_; }

private:
    TxnLog(std::shared_ptr<Env> env, std::string dir, LogOptions options);
    Status roll(int64_t firstZxid);
    Status fail(Status s);

    std::shared_ptr<Env> env_;
    std::string dir_;
    LogOptions options_;
    // Shared with SyncPoints still being synced on another thread; a rolled
    // segment is synced and let go, and closes when the last one is done.
    std::shared_ptr<WritableFile> cur_;
    std::string curName_;
    uint64_t allocated_ = 0;
    bool needDirSync_ = false;
    int64_t lastZxid_ = 0;
    std::atomic<int64_t> lastSyncedZxid_{0};
    size_t pending_ = 0;
    Status broken_;
};

// Records with zxid >= fromZxid of the log in `dir`, read-only: no repair,
// nothing buffered by a live TxnLog is visible. Recovery's replay reader.
std::unique_ptr<TxnIterator> readLog(std::shared_ptr<Env> env, const std::string& dir, int64_t fromZxid);

// Lists "log.<hex>" files of `dir`, oldest first.
Status listSegments(Env& env, const std::string& dir, std::vector<SegmentInfo>* out);

}  // namespace zooscope::storage
