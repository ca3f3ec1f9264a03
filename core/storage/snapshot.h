// Snapshots: the whole DataTree (every node with data, nullness, ACL and
// stored stat) plus the session table, in "snapshot.<hex start zxid>".
// Byte layout: docs/storage-format.md.
//
// Fuzzy snapshots without stopping writes. The tree belongs to one thread
// (the server's network thread), so SnapshotWriter splits the work:
//   - on the owner thread, begin() records startZxid = tree.lastProcessedZxid()
//     and copies the session table; each step() walks up to N more nodes
//     depth-first (parents before children) and serialises them into a
//     buffer, at O(1) per node however many children a parent has, and only
//     nodes created up to startZxid (replay creates the later ones). Writes
//     to the tree may run freely between steps;
//   - a background thread writes the buffers to "<name>.tmp" and renames it
//     to the final name, without an fsync, as ZooKeeper does for its periodic
//     snapshots: the log is the durable record, a snapshot a shortcut for
//     recovery, which skips one that a crash left short for an older one;
//     purgeOldFiles() makes the snapshot it keeps logs for durable before it
//     removes anything. (A leader's SNAP, Storage::installSnapshot, is
//     synced: it replaces the log.) With an Env
//     that allows no threads of our own (Env::backgroundThreads(): the
//     simulator's, so that runs replay exactly) that work runs inside
//     begin() and step() instead, and the snapshot is done with its last step.
// The result is "fuzzy": each node is as it was when its step ran, so the
// file holds effects of txns after startZxid. The final step records
// endZxid = tree.lastProcessedZxid(). Recovery loads the snapshot and replays
// the log from startZxid + 1; replay is tolerant (a create over an existing
// node, a delete or setData of a missing one fail harmlessly, cversion/pzxid
// never move back), so the result equals the live tree. A snapshot is used
// only when the log reaches its endZxid, because the state it captured may
// include txns that were applied but never synced.
//
// Threads: begin()/step() on the tree's owner thread; done()/wait() from any
// thread (wait() on the owner thread); the destructor abandons an unfinished snapshot (joins the thread,
// removes the temp file).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "env/env.h"
#include "tree/data_tree.h"

namespace zooscope::storage {

// Live sessions: id -> negotiated timeout (ms).
using SessionTable = std::map<int64_t, int32_t>;

// One level of the snapshot's depth-first walk (snapshot.cpp, walkNodes):
// the next child of `parent` to visit, and what was visited last at this
// level, to go on from there if that next child is deleted meanwhile.
struct SnapshotWalkFrame {
    std::optional<tree::DataTree::NodeRef> parent;  // none for the root's level
    tree::DataTree::NodeRef next;
    int64_t lastCzxid = INT64_MIN;
    std::vector<uint32_t> lastIds;  // the visited children whose czxid is lastCzxid
};

class SnapshotWriter {
public:
    // Starts a snapshot of `tree` into `dir` (which must exist).
    static Status begin(std::shared_ptr<Env> env, const std::string& dir, const tree::DataTree& tree,
                        const SessionTable& sessions, std::unique_ptr<SnapshotWriter>* out);
    ~SnapshotWriter();
    SnapshotWriter(const SnapshotWriter&) = delete;
    SnapshotWriter& operator=(const SnapshotWriter&) = delete;

    // Owner thread: serialises up to maxNodes more nodes of `tree` (the same
    // tree as begin()'s, possibly changed since). True once the walk is
    // complete (later calls do nothing and return true).
    bool step(const tree::DataTree& tree, size_t maxNodes);
    // True once the background thread finished (written and renamed, or failed).
    bool done() const;
    // Owner thread, after step() returned true: blocks until done; ok means
    // the snapshot file is written under its final name (not yet durable). InvalidArgument at
    // once while the walk is incomplete (waiting then could never end).
    Status wait();

    int64_t startZxid() const { return startZxid_; }
    // The tree's zxid at the last step (valid once step() returned true).
    int64_t endZxid() const { return endZxid_; }
    std::string fileName() const;
    uint64_t nodeCount() const { return nodes_; }

private:
    SnapshotWriter(std::shared_ptr<Env> env, std::string dir, int64_t startZxid);
    void enqueue(std::string chunk, bool last);
    // The writer thread's loop.
    void run();
    // The file work, on the writer thread (or inline): "<name>.tmp" with the
    // header; then close and rename, recording the
    // outcome (`st`: the writes so far); or the temp file removed.
    std::string tempPath() const;
    Status openFile();
    void finishFile(Status st);
    void discardFile();

    std::shared_ptr<Env> env_;
    std::string dir_;
    int64_t startZxid_;
    // Owner-thread state.
    std::vector<SnapshotWalkFrame> frames_;
    std::string buf_;
    uint64_t nodes_ = 0;
    uint64_t sessions_ = 0;
    bool walked_ = false;
    int64_t endZxid_ = 0;
    // Shared with the writer thread.
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;  // guarded by mu_
    bool closed_ = false;            // guarded by mu_: the last chunk is queued
    bool abandon_ = false;           // guarded by mu_
    bool finished_ = false;          // guarded by mu_
    Status result_;                  // guarded by mu_
    std::unique_ptr<WritableFile> file_;  // the writer thread's (or the owner's when inline)
    bool inline_ = false;            // no writer thread: enqueue() does the file work
    Status inlineStatus_;            // inline: the writes so far
    std::thread thread_;
};

// What a snapshot file holds once read back.
struct SnapshotContents {
    int64_t startZxid = 0;
    int64_t endZxid = 0;
    SessionTable sessions;
};

// Reads and verifies a whole snapshot into `tree` (a freshly constructed
// DataTree). Corruption names the file and byte offset of the first damage
// (bad checksum, bad length, truncation, missing end marker, trailing bytes,
// counts that disagree). On error `tree` is in an unspecified state.
Status readSnapshot(Env& env, const std::string& path, tree::DataTree* tree, SnapshotContents* out);

// The same bytes for an in-memory image: the whole tree at
// tree.lastProcessedZxid() (start and end zxid equal: not fuzzy), as one
// string. The leader's SNAP to a learner. Owner thread of the tree.
std::string snapshotImage(const tree::DataTree& tree, const SessionTable& sessions);
// readSnapshot() over bytes already in memory; `name` is used in messages.
Status decodeSnapshotImage(std::string_view bytes, const std::string& name, tree::DataTree* tree,
                           SnapshotContents* out);

// Writes a snapshot in one go (begin + steps + wait): for tests and shutdown.
Status writeSnapshot(std::shared_ptr<Env> env, const std::string& dir, const tree::DataTree& tree,
                     const SessionTable& sessions);

struct SnapshotInfo {
    std::string name;
    int64_t zxid = 0;
};
// "snapshot.<hex>" files of `dir`, newest first (temp files excluded).
Status listSnapshots(Env& env, const std::string& dir, std::vector<SnapshotInfo>* out);

}  // namespace zooscope::storage
