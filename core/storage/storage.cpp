#include "storage/storage.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <climits>

#include "storage/format.h"
#include "zooscope/znode_path.h"

namespace zooscope::storage {

namespace {

std::string trimDir(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

std::string hex(int64_t z) { return "0x" + fileNameFor("", z); }

StorageOptions normalized(const StorageOptions& in) {
    StorageOptions o = in;
    o.snapDir = trimDir(o.snapDir);
    o.logDir = o.logDir.empty() ? o.snapDir : trimDir(o.logDir);
    o.snapRetainCount = std::max(o.snapRetainCount, 3);
    return o;
}

// Raises the parent's stored cversion/pzxid as the live txn did, when replay
// over a fuzzy snapshot could not (ZooKeeper's setCversionPzxid fix for
// ZOOKEEPER-3145-like cases).
void raiseParent(tree::DataTree* t, const std::string& child, int32_t cversion, int64_t zxid) {
    const std::string parent(parentOf(child));
    const tree::Node* p = t->find(parent);
    if (!p) return;
    proto::Stat st = p->stat();
    if (cversion <= st.cversion && zxid <= st.pzxid) return;
    st.cversion = std::max(st.cversion, cversion);
    st.pzxid = std::max(st.pzxid, zxid);
    const proto::ACLList acl = *t->aclOf(*p);
    // restoreNode copies the data before it replaces the node's own storage.
    t->restoreNode(parent, p->data(), p->dataIsNull(), acl, st);
}

// A txn that failed on replay although it succeeded live: the snapshot saw
// the tree at another moment. The node-level outcome is already right (later
// txns fix it); only the parent's cversion/pzxid need the live value.
void fixFuzzyReplay(tree::DataTree* t, int64_t zxid, const tree::Txn& txn, const tree::ApplyResult& r) {
    if (const auto* m = std::get_if<tree::MultiTxn>(&txn.body)) {
        for (size_t i = 0; i < m->ops.size() && i < r.multi.size(); ++i) fixFuzzyReplay(t, zxid, m->ops[i], r.multi[i]);
        return;
    }
    if (const auto* c = std::get_if<tree::CreateTxn>(&txn.body)) {
        if (r.err == proto::Err::NodeExists) raiseParent(t, c->path, c->parentCVersion, zxid);
    } else if (const auto* d = std::get_if<tree::DeleteTxn>(&txn.body)) {
        if (r.err == proto::Err::NoNode) raiseParent(t, d->path, INT32_MIN, zxid);
    } else if (const auto* cs = std::get_if<tree::CloseSessionTxn>(&txn.body)) {
        // Ephemerals the snapshot never saw (deleted before the walk reached
        // them): the live close still touched their parents.
        for (const auto& p : cs->paths)
            if (!t->find(p)) raiseParent(t, p, INT32_MIN, zxid);
    }
}

// Replays log records after `base` up to `limit` into tree/sessions. Sets
// *last to the last zxid applied (base when none).
// *logLast is the last zxid in the log, replayed or not.
Status replay(std::shared_ptr<Env> env, const std::string& logDir, int64_t base, int64_t limit,
              tree::DataTree* tree, SessionTable* sessions, int64_t* last, uint64_t* count, int64_t* logLast) {
    *last = base;
    *count = 0;
    auto it = readLog(std::move(env), logDir, base + 1);
    bool first = true;
    while (it->next()) {
        const tree::TxnHeader& h = it->header();
        if (h.zxid > limit) continue;  // still read: *logLast must cover the whole log
        if (first) {
            // Purged or lost segments between the snapshot and the log are
            // lost data; a jump into a new epoch is normal.
            if ((h.zxid >> 32) == (base >> 32) && h.zxid != base + 1)
                return Status::corruption("log gap: replay starts after " + hex(base) + " but the log continues at " +
                                          hex(h.zxid) + " in " + logDir);
            first = false;
        } else if ((h.zxid >> 32) == (*last >> 32) && h.zxid != *last + 1) {
            spdlog::warn("recovery: zxid gap in the log from {} to {}", hex(*last), hex(h.zxid));
        }
        const tree::Txn& txn = it->txn();
        // Errors are expected when replaying over a fuzzy snapshot.
        const tree::ApplyResult r = tree->apply(h, txn);
        fixFuzzyReplay(tree, h.zxid, txn, r);
        if (h.type == proto::OpCode::CreateSession) {
            if (const auto* cs = std::get_if<tree::CreateSessionTxn>(&txn.body)) (*sessions)[h.clientId] = cs->timeoutMs;
        } else if (h.type == proto::OpCode::CloseSession) {
            sessions->erase(h.clientId);
        }
        *last = h.zxid;
        ++*count;
    }
    *logLast = it->highestZxidSeen();
    return it->status();
}

}  // namespace

Status recover(std::shared_ptr<Env> env, const StorageOptions& optionsIn, RecoveredState* out) {
    const StorageOptions options = normalized(optionsIn);
    out->staleSnapshots.clear();
    std::vector<SnapshotInfo> snaps;
    if (Status s = listSnapshots(*env, options.snapDir, &snaps); !s && !s.isNotFound()) return s;

    std::vector<SegmentInfo> segs;
    if (Status s = listSegments(*env, options.logDir, &segs); !s && !s.isNotFound()) return s;

    for (const auto& snap : snaps) {
        const std::string path = options.snapDir + "/" + snap.name;
        auto tree = std::make_unique<tree::DataTree>();
        SnapshotContents contents;
        if (Status s = readSnapshot(*env, path, tree.get(), &contents); !s) {
            spdlog::warn("recovery: skipping snapshot {}: {}", snap.name, s.toString());
            continue;
        }
        if (contents.startZxid != snap.zxid) {
            spdlog::warn("recovery: skipping snapshot {}: its header says zxid {}", snap.name, hex(contents.startZxid));
            continue;
        }
        int64_t last = 0, logLast = 0;
        uint64_t count = 0;
        const int64_t limit = options.replayWholeLog ? INT64_MAX : contents.endZxid;
        if (Status s = replay(env, options.logDir, snap.zxid, limit, tree.get(), &contents.sessions, &last, &count,
                              &logLast);
            !s) {
            spdlog::error("recovery: {}", s.toString());
            return s;
        }
        if (logLast < contents.endZxid && !segs.empty()) {
            // The walk saw txns up to endZxid that never reached the log: the
            // snapshot may hold writes that were never durable. (A directory
            // without any log, e.g. a snapshot installed from a leader, is
            // trusted as it is.)
            spdlog::warn("recovery: skipping snapshot {}: it saw zxid {} but the log ends at {}", snap.name,
                         hex(contents.endZxid), hex(logLast));
            out->staleSnapshots.push_back(snap.name);
            continue;
        }
        tree->setLastProcessedZxid(last);
        out->tree = std::move(tree);
        out->sessions = std::move(contents.sessions);
        out->lastZxid = last;
        out->epoch = int32_t(last >> 32);
        out->snapshotName = snap.name;
        out->snapshotZxid = snap.zxid;
        out->replayedTxns = count;
        spdlog::info("recovery: snapshot {} + {} txns from the log, last zxid {}", snap.name, count, hex(last));
        return Status::ok();
    }

    // No usable snapshot: the log alone must hold the whole history.
    if (!segs.empty() && (segs.front().firstZxid & 0xffffffffLL) > 1)
        return Status::corruption("no usable snapshot in " + options.snapDir + " and the log in " + options.logDir +
                                  " starts at " + hex(segs.front().firstZxid) + ", not at the beginning");
    auto tree = std::make_unique<tree::DataTree>();
    SessionTable sessions;
    int64_t last = 0, logLast = 0;
    uint64_t count = 0;
    // Replay from the log's first record, whatever epoch it is in (an
    // ensemble member replays nothing: the quorum protocol applies the log).
    const int64_t base = segs.empty() ? 0 : segs.front().firstZxid - 1;
    const int64_t limit = options.replayWholeLog ? INT64_MAX : base;
    if (Status s = replay(env, options.logDir, base, limit, tree.get(), &sessions, &last, &count, &logLast); !s) {
        spdlog::error("recovery: {}", s.toString());
        return s;
    }
    tree->setLastProcessedZxid(last);
    out->tree = std::move(tree);
    out->sessions = std::move(sessions);
    out->lastZxid = last;
    out->epoch = int32_t(last >> 32);
    out->snapshotName.clear();
    out->snapshotZxid = 0;
    out->replayedTxns = count;
    spdlog::info("recovery: no snapshot; {} txns from the log, last zxid {}", count, hex(last));
    return Status::ok();
}

Status Storage::open(std::shared_ptr<Env> env, const StorageOptions& optionsIn, RecoveredState* state,
                     std::unique_ptr<Storage>* out) {
    const StorageOptions options = normalized(optionsIn);
    if (options.snapDir.empty()) return Status::invalidArgument("no data directory");
    if (Status s = env->createDirs(options.snapDir); !s) return s;
    if (Status s = env->createDirs(options.logDir); !s) return s;
    std::unique_ptr<Storage> sto(new Storage(env, options));
    if (Status s = env->lockFile(options.logDir + "/zooscope.lock", &sto->lock_); !s) return s;

    std::vector<std::string> names;
    if (Status s = env->listDir(options.snapDir, &names); !s) return s;
    for (const auto& n : names) {
        if (n.rfind(kSnapshotPrefix, 0) == 0 && n.size() > kTempSuffix.size() &&
            n.compare(n.size() - kTempSuffix.size(), kTempSuffix.size(), kTempSuffix) == 0) {
            spdlog::info("storage: removing unfinished snapshot {}", n);
            if (Status s = env->removeFile(options.snapDir + "/" + n); !s) return s;
        }
    }
    if (Status s = TxnLog::open(env, options.logDir, options.log, &sto->log_); !s) return s;
    if (Status s = recover(env, options, state); !s) return s;
    for (const auto& name : state->staleSnapshots) {
        spdlog::warn("storage: removing {}: it holds txns the log lost", name);
        if (Status s = env->removeFile(options.snapDir + "/" + name); !s) return s;
    }
    if (!state->staleSnapshots.empty()) {
        if (Status s = env->syncDir(options.snapDir); !s) return s;
    }
    if (!state->snapshotName.empty()) sto->wholeSnapshots_.insert(state->snapshotZxid);
    *out = std::move(sto);
    return Status::ok();
}

Storage::~Storage() = default;

Status Storage::beginSnapshot(const tree::DataTree& tree, const SessionTable& sessions) {
    if (snap_) return Status::invalidArgument("a snapshot is already being written");
    const std::string name = fileNameFor(kSnapshotPrefix, tree.lastProcessedZxid());
    if (env_->fileExists(options_.snapDir + "/" + name))
        return Status::invalidArgument(name + " exists: no txn since the last snapshot");
    return SnapshotWriter::begin(env_, options_.snapDir, tree, sessions, &snap_);
}

bool Storage::snapshotStep(const tree::DataTree& tree, size_t maxNodes) {
    if (!snap_) return false;
    return snap_->step(tree, maxNodes) && snap_->done();
}

Status Storage::finishSnapshot() {
    if (!snap_) return Status::invalidArgument("no snapshot in progress");
    Status s = snap_->wait();
    if (s.code() == Status::Code::InvalidArgument) return s;  // walk incomplete: keep going
    const int64_t end = snap_->endZxid();
    if (s) wholeSnapshots_.insert(snap_->startZxid());
    snap_.reset();
    // A snapshot that saw unsynced txns is void if they are lost in a crash;
    // it must not count towards the retained ones until the log covers it.
    if (s && options_.purgeAfterSnapshot && end <= log_->lastSyncedZxid()) {
        if (Status p = purge(); !p) spdlog::warn("autopurge: {}", p.toString());
    }
    return s;
}

Status Storage::purge() {
    Status s = purgeOldFiles(*env_, options_.snapDir, options_.logDir, options_.snapRetainCount,
                             [this](const SnapshotInfo& info) { return wholeSnapshots_.count(info.zxid) > 0; });
    // Purge keeps logs for the retain newest whole snapshots only and removed
    // every older snapshot: forget older entries, so the set stays as small as
    // the directory without listing it again (forgetting one still on disk
    // only makes the next purge keep more).
    if (s)
        while (wholeSnapshots_.size() > size_t(options_.snapRetainCount)) wholeSnapshots_.erase(wholeSnapshots_.begin());
    return s;
}

Status purgeOldFiles(Env& env, const std::string& snapDirIn, const std::string& logDirIn, int retain,
                     const std::function<bool(const SnapshotInfo&)>& usable) {
    const std::string snapDir = trimDir(snapDirIn);
    const std::string logDir = logDirIn.empty() ? snapDir : trimDir(logDirIn);
    retain = std::max(retain, 3);
    std::vector<SnapshotInfo> snaps;
    if (Status s = listSnapshots(env, snapDir, &snaps); !s) return s;
    if (snaps.size() < size_t(retain)) return Status::ok();  // too few to give any up yet
    // Newest first: the retain-th usable one is the oldest kept.
    size_t kept = 0, oldest = snaps.size();
    for (size_t i = 0; i < snaps.size() && kept < size_t(retain); ++i)
        if (usable(snaps[i]) && ++kept == size_t(retain)) oldest = i;
    if (oldest == snaps.size()) return Status::ok();  // too few usable ones yet
    const int64_t oldestKept = snaps[oldest].zxid;
    // Snapshots are written without fsync (SnapshotWriter): the one whose
    // log records this keeps must be durable, with its name, before anything
    // older goes. It was written a few snapshots ago, so the kernel has
    // usually written it back already, which makes this cheap.
    if (Status s = env.syncFile(snapDir + "/" + snaps[oldest].name); !s) return s;
    if (Status s = env.syncDir(snapDir); !s) return s;
    for (size_t i = oldest + 1; i < snaps.size(); ++i) {
        spdlog::info("autopurge: removing {}", snaps[i].name);
        if (Status s = env.removeFile(snapDir + "/" + snaps[i].name); !s) return s;
    }
    // Replaying the oldest kept snapshot needs records from oldestKept + 1:
    // keep the segment holding it and every later one.
    std::vector<SegmentInfo> segs;
    if (Status s = listSegments(env, logDir, &segs); !s) return s;
    size_t keepFrom = 0;
    for (size_t i = 0; i < segs.size(); ++i)
        if (segs[i].firstZxid <= oldestKept + 1) keepFrom = i;
    for (size_t i = 0; i < keepFrom; ++i) {
        spdlog::info("autopurge: removing {}", segs[i].name);
        if (Status s = env.removeFile(logDir + "/" + segs[i].name); !s) return s;
    }
    if (Status s = env.syncDir(snapDir); !s) return s;
    if (logDir != snapDir) return env.syncDir(logDir);
    return Status::ok();
}

Status Storage::truncateAfter(int64_t zxid) {
    snap_.reset();  // abandons a running snapshot: it may hold state past zxid
    if (Status s = log_->truncateAfter(zxid); !s) return s;
    std::vector<SnapshotInfo> snaps;
    if (Status s = listSnapshots(*env_, options_.snapDir, &snaps); !s) return s;
    for (const auto& snap : snaps) {
        const std::string path = options_.snapDir + "/" + snap.name;
        bool drop = snap.zxid > zxid;
        if (!drop) {
            tree::DataTree scratch;
            SnapshotContents c;
            drop = readSnapshot(*env_, path, &scratch, &c) && c.endZxid > zxid;
        }
        if (drop) {
            spdlog::info("storage: truncate after {} removes {}", hex(zxid), snap.name);
            wholeSnapshots_.erase(snap.zxid);
            if (Status s = env_->removeFile(path); !s) return s;
        }
    }
    return env_->syncDir(options_.snapDir);
}

Status Storage::installSnapshot(std::string_view image, int64_t zxid) {
    snap_.reset();
    // 1. The new snapshot, durable under its final name. A crash after this
    //    leaves it beside the old log, which ends below zxid (the leader sends
    //    SNAP only to a learner behind its log): recovery calls the snapshot
    //    stale and keeps the old state intact.
    const std::string name = fileNameFor(kSnapshotPrefix, zxid);
    const std::string tmp = options_.snapDir + "/" + name + std::string(kTempSuffix);
    {
        std::unique_ptr<WritableFile> f;
        Status s = env_->newWritableFile(tmp, &f);
        if (s) s = f->append(image);
        if (s) s = f->sync();
        if (s) s = f->close();
        if (!s) return s;
    }
    if (Status s = env_->renameFile(tmp, options_.snapDir + "/" + name); !s) return s;
    if (Status s = env_->syncDir(options_.snapDir); !s) return s;
    // 2. Every log segment goes: a snapshot with no log beside it is trusted
    //    as it is. Then the older snapshots.
    log_.reset();
    std::vector<SegmentInfo> segs;
    if (Status s = listSegments(*env_, options_.logDir, &segs); !s && !s.isNotFound()) return s;
    for (const auto& seg : segs)
        if (Status s = env_->removeFile(options_.logDir + "/" + seg.name); !s) return s;
    if (Status s = env_->syncDir(options_.logDir); !s) return s;
    std::vector<SnapshotInfo> snaps;
    if (Status s = listSnapshots(*env_, options_.snapDir, &snaps); !s) return s;
    for (const auto& snap : snaps)
        if (snap.name != name)
            if (Status s = env_->removeFile(options_.snapDir + "/" + snap.name); !s) return s;
    if (Status s = env_->syncDir(options_.snapDir); !s) return s;
    wholeSnapshots_ = {zxid};
    spdlog::info("storage: installed the leader's snapshot {} ({} bytes)", name, image.size());
    return TxnLog::open(env_, options_.logDir, options_.log, &log_);
}

}  // namespace zooscope::storage
