// The transaction log's readers (storage/txn_log.h) on segment files: the
// replay reader recovery uses (readLog) and the checking, repairing open
// (TxnLog::open), then an append on the repaired log.
//
// Input: byte 0's low bit asks for the checksums to be recomputed
// (sealed_frames.h); the rest is one or more segments, a new one starting at
// every "ZSLG" magic after the first byte (at most four), each named by the
// zxid in its header as the log names them (seeds: segments of real data
// directories, cut at their zero-filled preallocated tails).
//
// Checked: open() refuses whatever readLog() called corrupt; when readLog()
// read to a clean end and open() succeeded, the repaired log holds exactly
// the records readLog() read; after that, one appended and synced record
// reads back after them.
#include <climits>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "env/env.h"
#include "fuzz_support.h"
#include "sealed_frames.h"
#include "storage/format.h"
#include "storage/txn_codec.h"
#include "storage/txn_log.h"

namespace storage = zooscope::storage;
namespace tree = zooscope::tree;
using zooscope::fuzz::ScratchDir;

namespace {

struct Record {
    int64_t zxid;
    std::string bytes;
    friend bool operator==(const Record&, const Record&) = default;
};

// Every record the iterator gives, and whether it ended cleanly.
bool readAll(storage::TxnIterator& it, std::vector<Record>* out) {
    while (it.next()) out->push_back({it.header().zxid, storage::encodeTxn(it.header(), it.txn())});
    return bool(it.status());
}

std::vector<std::string> segmentsOf(std::string_view bytes) {
    std::vector<std::string> segments;
    size_t start = 0;
    while (segments.size() < 3) {
        const size_t next = bytes.find(std::string_view(storage::kLogMagic, 4), start + 1);
        if (next == std::string_view::npos) break;
        segments.emplace_back(bytes.substr(start, next - start));
        start = next;
    }
    segments.emplace_back(bytes.substr(start));
    return segments;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const bool sealed = data[0] & 1;
    ScratchDir& dir = ScratchDir::instance();
    dir.clear();
    std::set<std::string> names;
    int64_t unnamed = 1;
    for (std::string segment : segmentsOf(zooscope::fuzz::bytesOf(data + 1, size - 1))) {
        if (sealed) zooscope::fuzz::seal(segment);
        const int64_t zxid = zooscope::fuzz::headerZxid(segment);
        std::string name = storage::fileNameFor(storage::kLogPrefix, zxid > 0 ? zxid : unnamed++);
        if (!names.insert(name).second) continue;
        dir.write(name, segment);
    }

    const std::shared_ptr<zooscope::Env> env = zooscope::Env::system();
    std::vector<Record> replayed;
    const bool clean = readAll(*storage::readLog(env, dir.path(), 0), &replayed);

    storage::LogOptions options;
    options.segmentBytes = 1 << 16;
    options.preallocBytes = 0;
    std::unique_ptr<storage::TxnLog> log;
    const zooscope::Status opened = storage::TxnLog::open(env, dir.path(), options, &log);
    if (!clean) ZS_FUZZ_CHECK(!opened);
    if (!opened) return 0;

    std::vector<Record> kept;
    ZS_FUZZ_CHECK(readAll(*log->readFrom(0), &kept));
    if (clean) ZS_FUZZ_CHECK(kept == replayed);

    if (log->lastZxid() >= INT64_MAX - 1) return 0;
    tree::TxnHeader header;
    header.zxid = log->lastZxid() + 1;
    header.type = zooscope::proto::OpCode::Delete;
    const tree::Txn txn{zooscope::proto::OpCode::Delete, tree::DeleteTxn{"/fuzz"}};
    ZS_FUZZ_CHECK(bool(log->append(header, txn)));
    ZS_FUZZ_CHECK(bool(log->sync()));
    log.reset();
    std::vector<Record> after;
    ZS_FUZZ_CHECK(readAll(*storage::readLog(env, dir.path(), 0), &after));
    kept.push_back({header.zxid, storage::encodeTxn(header, txn)});
    ZS_FUZZ_CHECK(after == kept);
    return 0;
}
