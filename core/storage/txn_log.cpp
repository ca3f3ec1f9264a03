#include "storage/txn_log.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "storage/format.h"
#include "storage/log_format_internal.h"
#include "storage/txn_codec.h"

namespace zooscope::storage {

using namespace detail;

namespace {

std::string joinPath(const std::string& dir, const std::string& name) { return dir + "/" + name; }

struct ScannedRecord {
    size_t offset = 0;
    std::string_view payload;
    int64_t zxid = 0;
};

// What one segment holds. `status` is not ok for damage that must stop
// recovery; a damaged tail is reported through damagedTail/damageAt.
struct SegmentScan {
    Status status;
    std::vector<ScannedRecord> records;
    size_t validEnd = 0;  // end of the last good record; 0 when the header itself is unusable
    bool damagedTail = false;
    size_t damageAt = 0;
    std::string damageReason;
};

// Payload prefix: clientId 8 | cxid 4 | zxid 8 ...
int64_t payloadZxid(std::string_view payload) { return int64_t(getU64(payload, 12)); }

// A record whose frame checks out but whose payload is not a txn is not a torn
// write (the CRC says the writer meant these bytes): Corruption, never a tail.
Status decodeRecord(const ScannedRecord& rec, const std::string& path, tree::TxnHeader* header, tree::Txn* txn) {
    Status s = decodeTxn(rec.payload, header, txn);
    if (!s) return Status::corruption(path + ": at byte offset " + std::to_string(rec.offset) + ": " + s.message());
    return s;
}

SegmentScan scanSegment(std::string_view bytes, const std::string& path, int64_t nameZxid, int64_t prevZxid) {
    SegmentScan r;
    auto damage = [&](size_t at, const std::string& reason) {
        const size_t valid = findValidFrameAfter(bytes, at, kMaxRecordBytes);
        if (valid != std::string_view::npos) {
            r.status = Status::corruption(path + ": " + reason + " at byte offset " + std::to_string(at) +
                                          ", followed by a valid record at offset " + std::to_string(valid));
            return;
        }
        r.damagedTail = true;
        r.damageAt = at;
        r.damageReason = reason;
    };

    uint32_t version = 0;
    int64_t headerZxid = 0;
    switch (checkFileHeader(bytes, kLogMagic, &version, &headerZxid)) {
    case HeaderCheck::Ok: break;
    case HeaderCheck::Short: damage(0, bytes.empty() ? "empty file" : "partial file header"); return r;
    case HeaderCheck::BadCrc: damage(0, "file header checksum mismatch"); return r;
    case HeaderCheck::BadMagic:
        r.status = Status::corruption(path + ": not a log segment (bad magic) at byte offset 0");
        return r;
    }
    if (version != kLogVersion) {
        r.status = Status::corruption(path + ": unsupported log format version " + std::to_string(version) +
                                      " at byte offset 4");
        return r;
    }
    if (headerZxid != nameZxid) {
        r.status = Status::corruption(path + ": header zxid 0x" + fileNameFor("", headerZxid) +
                                      " does not match the file name at byte offset 8");
        return r;
    }
    size_t pos = kLogHeaderSize;
    r.validEnd = pos;
    int64_t prev = prevZxid;
    while (pos < bytes.size()) {
        std::string_view payload;
        size_t next = 0;
        const FrameCheck fc = checkFrame(bytes, pos, kMaxRecordBytes, &payload, &next);
        if (fc == FrameCheck::ZeroMarker && allZero(bytes.substr(pos))) break;  // preallocated tail
        if (fc != FrameCheck::Ok) {
            damage(pos, fc == FrameCheck::ZeroMarker ? "zeroed record" : frameCheckName(fc));
            return r;
        }
        if (payload.size() < 20) {
            r.status = Status::corruption(path + ": record too short for a txn at byte offset " + std::to_string(pos));
            return r;
        }
        const int64_t zxid = payloadZxid(payload);
        if (r.records.empty() && zxid != nameZxid) {
            r.status = Status::corruption(path + ": first record has zxid 0x" + fileNameFor("", zxid) +
                                          ", not the one in the file name, at byte offset " + std::to_string(pos));
            return r;
        }
        if (zxid <= prev) {
            r.status = Status::corruption(path + ": zxid 0x" + fileNameFor("", zxid) + " not after 0x" +
                                          fileNameFor("", prev) + " at byte offset " + std::to_string(pos));
            return r;
        }
        prev = zxid;
        r.records.push_back({pos, payload, zxid});
        pos = next;
        r.validEnd = pos;
    }
    return r;
}

class LogIterator final : public TxnIterator {
public:
    LogIterator(std::shared_ptr<Env> env, std::string dir, std::vector<SegmentInfo> segs, int64_t from, Status listed)
        : env_(std::move(env)), dir_(std::move(dir)), segs_(std::move(segs)), from_(from), status_(std::move(listed)) {}

    bool next() override {
        if (!status_) return false;
        for (;;) {
            while (idx_ < scan_.records.size()) {
                const ScannedRecord& rec = scan_.records[idx_++];
                if (rec.zxid < from_) continue;
                status_ = decodeRecord(rec, curPath_, &header_, &txn_);
                return bool(status_);
            }
            if (!loadNext()) return false;
        }
    }
    const tree::TxnHeader& header() const override { return header_; }
    const tree::Txn& txn() const override { return txn_; }
    const Status& status() const override { return status_; }
    int64_t highestZxidSeen() const override { return prevZxid_; }

private:
    bool loadNext() {
        if (seg_ >= segs_.size()) return false;
        const bool afterTail = scan_.damagedTail;
        const std::string tailAt = curPath_ + " at byte offset " + std::to_string(scan_.damageAt);
        curPath_ = joinPath(dir_, segs_[seg_].name);
        if (Status s = env_->readFileToString(curPath_, &bytes_); !s) {
            status_ = s;
            return false;
        }
        scan_ = scanSegment(bytes_, curPath_, segs_[seg_].firstZxid, prevZxid_);
        ++seg_;
        idx_ = 0;
        if (!scan_.status) {
            status_ = scan_.status;
            return false;
        }
        if (afterTail && !scan_.records.empty()) {
            status_ = Status::corruption("damaged record in " + tailAt + " followed by valid records in " + curPath_);
            return false;
        }
        if (!scan_.records.empty()) prevZxid_ = scan_.records.back().zxid;
        return true;
    }

    std::shared_ptr<Env> env_;
    std::string dir_;
    std::vector<SegmentInfo> segs_;
    int64_t from_;
    size_t seg_ = 0;
    std::string curPath_;
    std::string bytes_;
    SegmentScan scan_;
    size_t idx_ = 0;
    int64_t prevZxid_ = 0;
    tree::TxnHeader header_;
    tree::Txn txn_;
    Status status_;
};

}  // namespace

Status listSegments(Env& env, const std::string& dir, std::vector<SegmentInfo>* out) {
    out->clear();
    std::vector<std::string> names;
    if (Status s = env.listDir(dir, &names); !s) return s;
    for (auto& n : names) {
        const int64_t z = zxidFromFileName(n, kLogPrefix);
        if (z >= 0) out->push_back({n, z});
    }
    std::sort(out->begin(), out->end(), [](const SegmentInfo& a, const SegmentInfo& b) { return a.firstZxid < b.firstZxid; });
    return Status::ok();
}

TxnLog::TxnLog(std::shared_ptr<Env> env, std::string dir, LogOptions options)
    : env_(std::move(env)), dir_(std::move(dir)), options_(options) {}

TxnLog::~TxnLog() {
    if (cur_) (void)cur_->close();
}

Status TxnLog::open(std::shared_ptr<Env> env, const std::string& dirIn, const LogOptions& options,
                    std::unique_ptr<TxnLog>* out) {
    std::string dir = dirIn;
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    if (Status s = env->createDirs(dir); !s) return s;
    std::vector<SegmentInfo> segs;
    if (Status s = listSegments(*env, dir, &segs); !s) return s;

    int64_t last = 0;
    std::string bytes;
    for (size_t i = 0; i < segs.size(); ++i) {
        const std::string path = joinPath(dir, segs[i].name);
        if (Status s = env->readFileToString(path, &bytes); !s) return s;
        SegmentScan scan = scanSegment(bytes, path, segs[i].firstZxid, last);
        // open() refuses whatever the replay reader (readLog) would call
        // corrupt, and before it repairs anything: so it decodes every record
        // the frames let through, as the replay will.
        tree::TxnHeader header;
        tree::Txn txn;
        for (size_t r = 0; scan.status && r < scan.records.size(); ++r)
            scan.status = decodeRecord(scan.records[r], path, &header, &txn);
        if (!scan.status) {
            spdlog::error("txn log: {}", scan.status.message());
            return scan.status;
        }
        if (!scan.records.empty()) last = scan.records.back().zxid;
        const bool lastSegment = i + 1 == segs.size();
        if (!scan.damagedTail) {
            // A trailing segment without records (crash right after it was
            // created) would clash with the next segment's name: drop it.
            if (lastSegment && scan.records.empty()) {
                spdlog::warn("txn log: removing {}: no records", path);
                if (Status s = env->removeFile(path); !s) return s;
                if (Status s = env->syncDir(dir); !s) return s;
            }
            continue;
        }
        // A damaged tail is only a tail if nothing valid comes after it.
        for (size_t j = i + 1; j < segs.size(); ++j) {
            const std::string later = joinPath(dir, segs[j].name);
            std::string laterBytes;
            if (Status s = env->readFileToString(later, &laterBytes); !s) return s;
            SegmentScan ls = scanSegment(laterBytes, later, segs[j].firstZxid, last);
            if (!ls.status || !ls.records.empty()) {
                Status s = Status::corruption(path + ": " + scan.damageReason + " at byte offset " +
                                              std::to_string(scan.damageAt) + ", followed by records in " + later);
                spdlog::error("txn log: {}", s.message());
                return s;
            }
        }
        for (size_t j = segs.size() - 1; j > i; --j) {
            spdlog::warn("txn log: removing {} after the damaged tail of {}", segs[j].name, segs[i].name);
            if (Status s = env->removeFile(joinPath(dir, segs[j].name)); !s) return s;
        }
        if (scan.records.empty()) {
            spdlog::warn("txn log: {}: {} at byte offset {}; no records, removing the file", path, scan.damageReason,
                         scan.damageAt);
            if (Status s = env->removeFile(path); !s) return s;
        } else {
            spdlog::warn("txn log: {}: {} at byte offset {}; cutting the tail ({} bytes) after zxid 0x{:x}", path,
                         scan.damageReason, scan.damageAt, bytes.size() - scan.validEnd, last);
            if (Status s = env->truncateFile(path, scan.validEnd); !s) return s;
        }
        if (Status s = env->syncDir(dir); !s) return s;
        break;
    }
    // What this open accepted may still sit only in the page cache (a process
    // crash keeps unsynced writes there); make it durable before anything new
    // is written after it, or a later power loss could punch a hole.
    if (Status s = listSegments(*env, dir, &segs); !s) return s;
    for (const auto& seg : segs)
        if (Status s = env->syncFile(joinPath(dir, seg.name)); !s) return s;
    if (Status s = env->syncDir(dir); !s) return s;
    std::unique_ptr<TxnLog> log(new TxnLog(env, dir, options));
    log->lastZxid_ = last;
    log->lastSyncedZxid_.store(last, std::memory_order_release);
    *out = std::move(log);
    return Status::ok();
}

Status TxnLog::fail(Status s) {
    if (broken_) {
        broken_ = s;
        spdlog::error("txn log: {}; refusing further writes", s.toString());
    }
    return s;
}

Status TxnLog::roll(int64_t firstZxid) {
    if (cur_) {
        // The old segment must be whole on disk before the new one can hold
        // anything, or a crash could leave a hole before valid records.
        // Not closed here: a SyncPoint on another thread may still hold it.
        if (Status s = cur_->sync(); !s) return fail(s);
        cur_.reset();
    }
    curName_ = fileNameFor(kLogPrefix, firstZxid);
    std::unique_ptr<WritableFile> file;
    if (Status s = env_->newWritableFile(joinPath(dir_, curName_), &file); !s) return fail(s);
    cur_ = std::move(file);
    if (Status s = cur_->append(fileHeader(kLogMagic, kLogVersion, firstZxid)); !s) return fail(s);
    allocated_ = 0;
    needDirSync_ = true;
    return Status::ok();
}

Status TxnLog::append(const tree::TxnHeader& header, const tree::Txn& txn) {
    if (!broken_) return broken_;
    return appendEncoded(header.zxid, encodeTxn(header, txn));
}

Status TxnLog::appendEncoded(int64_t zxid, std::string_view payload) {
    if (!broken_) return broken_;
    if (zxid <= lastZxid_)
        return Status::invalidArgument("zxid 0x" + fileNameFor("", zxid) + " is not after the last 0x" +
                                       fileNameFor("", lastZxid_));
    if (payload.size() < 20 || payloadZxid(payload) != zxid)
        return Status::invalidArgument("the record given for zxid 0x" + fileNameFor("", zxid) + " holds another zxid");
    if (!cur_ || cur_->size() >= options_.segmentBytes) {
        if (Status s = roll(zxid); !s) return s;
    }
    const std::string rec = frame(payload);
    if (rec.size() - kRecordHeaderSize > kMaxRecordBytes)
        return Status::invalidArgument("txn of " + std::to_string(rec.size()) + " bytes is too large for the log");
    if (options_.preallocBytes > 0 && cur_->size() + rec.size() > allocated_) {
        uint64_t want = allocated_;
        while (want < cur_->size() + rec.size()) want += options_.preallocBytes;
        if (Status s = cur_->preallocate(want); !s) return fail(s);
        allocated_ = want;
    }
    if (Status s = cur_->append(rec); !s) return fail(s);
    lastZxid_ = zxid;
    ++pending_;
    return Status::ok();
}

Status TxnLog::sync() {
    if (!broken_) return broken_;
    if (!cur_ || (pending_ == 0 && !needDirSync_)) return Status::ok();
    if (Status s = cur_->sync(); !s) return fail(s);
    if (needDirSync_) {
        if (Status s = env_->syncDir(dir_); !s) return fail(s);
        needDirSync_ = false;
    }
    pending_ = 0;
    lastSyncedZxid_.store(lastZxid_, std::memory_order_release);
    return Status::ok();
}

Status TxnLog::flushForSync(SyncPoint* point) {
    if (!broken_) return broken_;
    *point = SyncPoint{};
    point->zxid = lastZxid_;
    if (!cur_) return Status::ok();
    if (Status s = cur_->flush(); !s) return fail(s);
    point->file = cur_;
    point->flushedBytes = cur_->size();
    point->dirSync = needDirSync_;
    needDirSync_ = false;
    pending_ = 0;
    return Status::ok();
}

Status TxnLog::syncPoint(const SyncPoint& point) const {
    if (!point.file) return Status::ok();
    if (Status s = point.file->syncFlushed(point.flushedBytes); !s) return s;
    if (point.dirSync) return env_->syncDir(dir_);
    return Status::ok();
}

std::unique_ptr<TxnIterator> TxnLog::readFrom(int64_t zxid) {
    if (cur_) (void)cur_->flush();
    return readLog(env_, dir_, zxid);
}

std::unique_ptr<TxnIterator> readLog(std::shared_ptr<Env> env, const std::string& dir, int64_t fromZxid) {
    std::vector<SegmentInfo> segs;
    Status s = listSegments(*env, dir, &segs);
    // Start at the newest segment that begins at or before fromZxid.
    size_t start = 0;
    for (size_t i = 0; i < segs.size(); ++i)
        if (segs[i].firstZxid <= fromZxid) start = i;
    segs.erase(segs.begin(), segs.begin() + std::ptrdiff_t(start));
    return std::make_unique<LogIterator>(std::move(env), dir, std::move(segs), fromZxid, std::move(s));
}

Status TxnLog::truncateAfter(int64_t zxid) {
    if (!broken_) return broken_;
    if (cur_) {
        if (Status s = cur_->close(); !s) return fail(s);
        cur_.reset();
    }
    std::vector<SegmentInfo> segs;
    if (Status s = listSegments(*env_, dir_, &segs); !s) return s;
    int64_t last = 0;
    for (const auto& seg : segs) {
        const std::string path = joinPath(dir_, seg.name);
        if (seg.firstZxid > zxid) {
            if (Status s = env_->removeFile(path); !s) return fail(s);
            continue;
        }
        std::string bytes;
        if (Status s = env_->readFileToString(path, &bytes); !s) return fail(s);
        SegmentScan scan = scanSegment(bytes, path, seg.firstZxid, last);
        if (!scan.status) return scan.status;
        size_t cut = kLogHeaderSize;
        bool any = false;
        for (const auto& r : scan.records) {
            if (r.zxid > zxid) break;
            cut = r.offset + kRecordHeaderSize + r.payload.size();
            last = r.zxid;
            any = true;
        }
        if (!any) {
            if (Status s = env_->removeFile(path); !s) return fail(s);
        } else if (cut < bytes.size()) {
            if (Status s = env_->truncateFile(path, cut); !s) return fail(s);  // fsyncs what it keeps
        } else {
            // Kept whole: its records may not have been synced yet, and
            // lastSyncedZxid() is about to vouch for them.
            if (Status s = env_->syncFile(path); !s) return fail(s);
        }
    }
    if (Status s = env_->syncDir(dir_); !s) return fail(s);
    spdlog::info("txn log: truncated after zxid 0x{:x}; last zxid now 0x{:x}", zxid, last);
    lastZxid_ = last;
    lastSyncedZxid_.store(last, std::memory_order_release);
    pending_ = 0;
    needDirSync_ = false;
    return Status::ok();
}

std::vector<SegmentInfo> TxnLog::segments() const {
    std::vector<SegmentInfo> segs;
    (void)listSegments(*env_, dir_, &segs);
    return segs;
}

}  // namespace zooscope::storage
