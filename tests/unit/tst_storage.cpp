// core/storage: CRC-32C against published check values, txn codec round trips and garbage, the transaction log
// (group commit, segment roll, readFrom, truncateAfter, damaged input: torn or
// corrupt tails are cut, damage in the middle is an error naming file and
// offset), fsync failures and torn writes through FaultInjectionEnv, snapshots
// (round trip, damaged input, fuzzy snapshots interleaved with writes),
// recovery and autopurge.
#include <QtTest>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>

#include "env/fault_injection_env.h"
#include "storage/crc32c.h"
#include "storage/format.h"
#include "storage/storage.h"
#include "storage/tree_dump.h"
#include "storage/txn_codec.h"
#include "tst_storage_workload.h"

using namespace zooscope;
using namespace zooscope::storage;
using proto::OpCode;
using zstest::Entry;
using zstest::Workload;

namespace {

std::vector<Entry> generate(uint64_t seed, size_t n) {
    Workload w(seed);
    std::vector<Entry> out;
    for (size_t i = 0; i < n; ++i) out.push_back(w.next());
    return out;
}

std::vector<std::string> readAll(TxnIterator& it, Status* status = nullptr) {
    std::vector<std::string> out;
    while (it.next()) out.push_back(encodeTxn(it.header(), it.txn()));
    if (status) *status = it.status();
    return out;
}

std::string fileBytes(const std::string& path) {
    std::string s;
    (void)Env::system()->readFileToString(path, &s);
    return s;
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::unique_ptr<WritableFile> f;
    QVERIFY(Env::system()->newWritableFile(path, &f));
    QVERIFY(f->append(bytes));
    QVERIFY(f->close());
}

void putU32(std::string& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + size_t(i)] = char(v >> (24 - 8 * i));
}

// Gives the record framed at `at` an unknown body tag (txn codec v1: the tag
// follows the 32-byte header and the op type) and a checksum that matches.
void unknownBodyTag(std::string& b, size_t at) {
    putU32(b, at + kRecordHeaderSize + 36, 99);
    const std::string_view view(b);
    const size_t len = size_t(uint8_t(b[at])) << 24 | size_t(uint8_t(b[at + 1])) << 16 |
                       size_t(uint8_t(b[at + 2])) << 8 | size_t(uint8_t(b[at + 3]));
    putU32(b, at + 4, crc32c(view.substr(at + kRecordHeaderSize, len), crc32c(view.substr(at, 4))));
}

LogOptions plainLog() {
    LogOptions o;
    o.preallocBytes = 0;
    return o;
}

}  // namespace

class TestStorage : public QObject {
    Q_OBJECT
private slots:
    void crc32cKnownAnswers_data();
    void crc32cKnownAnswers();
    void crc32cMatchesDefinition();
    void codecRoundTrip_data();
    void codecRoundTrip();
    void codecRejectsGarbage();
    void appendSyncReadBack();
    void groupCommitIsOneSync();
    void appendRefusesOldZxid();
    void segmentRoll();
    void truncateAfter();
    void truncateAfterMakesWhatItKeepsDurable_data();
    void truncateAfterMakesWhatItKeepsDurable();
    void damagedLog_data();
    void damagedLog();
    void tailDamageBeforeLaterSegment();
    void fsyncFailureIsNeverAcknowledged();
    void tornWriteCutsTail();
    void preallocatedTailAfterCrash();
    void unsyncedNewSegmentVanishes();
    void snapshotRoundTrip();
    void snapshotWithoutBackgroundThreads();
    void damagedSnapshot_data();
    void damagedSnapshot();
    void recoveryFallsBackToOlderSnapshot();
    void fuzzySnapshotInterleavedWithWrites_data();
    void fuzzySnapshotInterleavedWithWrites();
    void fuzzyReplayFixesParentPzxid();
    void fuzzyWalkGoesOnAfterItsNextNodeIsDeleted();
    void snapshotAheadOfLogIsSkipped();
    void autopurgeKeepsWhatRecoveryNeeds();
    void autopurgeKeepsLogsOnlyForWholeSnapshots();
    void truncateRemovesLaterSnapshots();
    void secondOpenIsLocked();
    void faultEnvClockJumps();
    void preallocationTiming();
};


// Published CRC-32C (Castagnoli) values, independent of our code: the
// catalogue's check value for "123456789" and the 32-byte vectors of
// RFC 3720 (iSCSI), appendix B.4.
void TestStorage::crc32cKnownAnswers_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<uint>("crc");
    auto bytes = [](int n, auto byteAt) {
        QByteArray b(n, 0);
        for (int i = 0; i < n; ++i) b[i] = char(byteAt(i));
        return b;
    };
    QTest::newRow("empty") << QByteArray() << 0x00000000u;
    QTest::newRow("check 123456789") << QByteArray("123456789") << 0xE3069283u;
    QTest::newRow("rfc3720 32 zeros") << QByteArray(32, '\x00') << 0x8A9136AAu;
    QTest::newRow("rfc3720 32 ones") << QByteArray(32, '\xff') << 0x62A8AB43u;
    QTest::newRow("rfc3720 incrementing") << bytes(32, [](int i) { return i; }) << 0x46DD794Eu;
    QTest::newRow("rfc3720 decrementing") << bytes(32, [](int i) { return 31 - i; }) << 0x113FDB5Cu;
}

void TestStorage::crc32cKnownAnswers() {
    QFETCH(QByteArray, input);
    QFETCH(uint, crc);
    const std::string_view data(input.constData(), size_t(input.size()));
    QCOMPARE(crc32c(data), uint32_t(crc));
    // Continuing from a prefix's CRC gives the CRC of the whole.
    for (size_t cut : {size_t(1), data.size() / 2, data.size()}) {
        if (cut > data.size()) continue;
        QCOMPARE(crc32c(data.substr(cut), crc32c(data.substr(0, cut))), uint32_t(crc));
    }
}

// Every length from 0 to 300 at every alignment mod 8 agrees with the
// bit-at-a-time definition (reflected polynomial 0x82F63B78, initial and final
// inversion): the word-at-a-time paths and their tails cannot drift from it.
void TestStorage::crc32cMatchesDefinition() {
    auto byDefinition = [](std::string_view d) {
        uint32_t c = 0xFFFFFFFFu;
        for (unsigned char b : d) {
            c ^= b;
            for (int k = 0; k < 8; ++k) c = (c & 1u) ? (c >> 1) ^ 0x82F63B78u : c >> 1;
        }
        return ~c;
    };
    std::string buf(300 + 8, '\0');
    uint32_t x = 12345;
    for (char& ch : buf) ch = char((x = x * 1103515245u + 12345u) >> 16);
    for (size_t offset = 0; offset < 8; ++offset) {
        for (size_t len = 0; len <= 300; ++len) {
            const std::string_view d = std::string_view(buf).substr(offset, len);
            if (crc32c(d) != byDefinition(d))
                QFAIL(qPrintable(QString("offset %1 length %2").arg(offset).arg(len)));
        }
    }
}

namespace {
tree::Txn sampleTxn(int i) {
    using namespace tree;
    switch (i) {
    case 0: return Txn{OpCode::Create, CreateTxn{"/a", "", proto::openAclUnsafe(), 0, 3, true}};
    case 1: return Txn{OpCode::Create2, CreateTxn{"/a", "", proto::openAclUnsafe(), 0, -1, false}};
    case 2: return Txn{OpCode::CreateTTL, CreateTxn{"/t", std::string("\0\xff", 2), {}, ephemeral::ttlOwner(500), 1, false}};
    case 3: return Txn{OpCode::Delete, DeleteTxn{"/a/b"}};
    case 4: return Txn{OpCode::SetData, SetDataTxn{"/a", "", 7, true}};
    case 5: return Txn{OpCode::SetACL, SetACLTxn{"/a", {{proto::perms::kRead, {"ip", "127.0.0.1"}}}, 2}};
    case 6: return Txn{OpCode::CreateSession, CreateSessionTxn{30000}};
    case 7: return Txn{OpCode::CloseSession, CloseSessionTxn{{"/e1", "/e2"}}};
    case 8: return Txn{OpCode::Error, ErrorTxn{proto::Err::NodeExists}};
    default: {
        MultiTxn inner{{Txn{OpCode::Check, CheckVersionTxn{"/x", 4}}, Txn{OpCode::Delete, DeleteTxn{"/x"}}}};
        MultiTxn outer{{Txn{OpCode::SetData, SetDataTxn{"/m", "v", 1, false}}, Txn{OpCode::Multi, inner}}};
        return Txn{OpCode::Multi, outer};
    }
    }
}
}  // namespace

void TestStorage::codecRoundTrip_data() {
    QTest::addColumn<int>("index");
    const char* names[] = {"create null data", "create empty data", "createTTL binary data", "delete",
                           "setData null", "setACL", "createSession", "closeSession with paths", "error",
                           "nested multi"};
    for (int i = 0; i < 10; ++i) QTest::newRow(names[i]) << i;
}

void TestStorage::codecRoundTrip() {
    QFETCH(int, index);
    tree::TxnHeader h{0x1234567890LL, 42, (int64_t(3) << 32) | 17, 1700000000123LL, OpCode::Create};
    const tree::Txn txn = sampleTxn(index);
    h.type = txn.type;
    const std::string bytes = encodeTxn(h, txn);
    tree::TxnHeader h2;
    tree::Txn t2;
    const Status s = decodeTxn(bytes, &h2, &t2);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(h2.clientId, h.clientId);
    QCOMPARE(h2.cxid, h.cxid);
    QCOMPARE(h2.zxid, h.zxid);
    QCOMPARE(h2.time, h.time);
    QCOMPARE(int(h2.type), int(h.type));
    QCOMPARE(int(t2.type), int(txn.type));
    QCOMPARE(t2.body.index(), txn.body.index());
    QCOMPARE(encodeTxn(h2, t2), bytes);
    // Nullness is what distinguishes rows 0/1 and 4: check it explicitly.
    if (auto* c = std::get_if<tree::CreateTxn>(&t2.body)) QCOMPARE(c->dataIsNull, std::get<tree::CreateTxn>(txn.body).dataIsNull);
    if (auto* d = std::get_if<tree::SetDataTxn>(&t2.body)) QCOMPARE(d->dataIsNull, std::get<tree::SetDataTxn>(txn.body).dataIsNull);
}

void TestStorage::codecRejectsGarbage() {
    tree::TxnHeader h{1, 2, 3, 4, OpCode::Multi};
    const std::string bytes = encodeTxn(h, sampleTxn(9));
    tree::TxnHeader h2;
    tree::Txn t2;
    // Every truncation is an error, never a crash or a partial success.
    for (size_t n = 0; n < bytes.size(); ++n) QVERIFY(decodeTxn(bytes.substr(0, n), &h2, &t2).isCorruption());
    QVERIFY(decodeTxn(bytes + "x", &h2, &t2).isCorruption());
    // Unknown body tag.
    std::string bad = encodeTxn(h, tree::Txn{OpCode::Delete, tree::DeleteTxn{"/a"}});
    putU32(bad, 36, 99);  // header 32 bytes, then the op type, then the tag
    Status s = decodeTxn(bad, &h2, &t2);
    QVERIFY(s.isCorruption());
    QVERIFY2(s.message().find("tag 99") != std::string::npos, s.message().c_str());
    // Multis nested beyond the limit are refused (no unbounded recursion).
    tree::Txn deep{OpCode::Error, tree::ErrorTxn{}};
    for (int i = 0; i < 6; ++i) deep = tree::Txn{OpCode::Multi, tree::MultiTxn{{deep}}};
    QVERIFY(decodeTxn(encodeTxn(h, deep), &h2, &t2).isCorruption());
    QVERIFY(decodeTxn(bytes, &h2, &t2, 2).isCorruption());  // unknown codec version
}

void TestStorage::appendSyncReadBack() {
    QTemporaryDir dir;
    auto entries = generate(1, 200);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), LogOptions{}, &log));
    for (const auto& e : entries) QVERIFY(log->append(e.header, e.txn));
    QCOMPARE(log->lastZxid(), int64_t(200));
    QCOMPARE(log->lastSyncedZxid(), int64_t(0));
    QVERIFY(log->sync());
    QCOMPARE(log->lastSyncedZxid(), int64_t(200));
    log.reset();
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), LogOptions{}, &log));
    QCOMPARE(log->lastZxid(), int64_t(200));
    Status st;
    auto all = readAll(*log->readFrom(1), &st);
    QVERIFY(st);
    QCOMPARE(all.size(), size_t(200));
    for (size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i], encodeTxn(entries[i].header, entries[i].txn));
    auto tail = readAll(*log->readFrom(150));
    QCOMPARE(tail.size(), size_t(51));
    QCOMPARE(tail.front(), all[149]);
}

void TestStorage::groupCommitIsOneSync() {
    QTemporaryDir dir;
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(env, dir.path().toStdString(), LogOptions{}, &log));
    auto entries = generate(2, 64);
    const uint64_t before = env->syncCount();
    for (const auto& e : entries) QVERIFY(log->append(e.header, e.txn));
    QCOMPARE(env->syncCount(), before);  // appends never sync
    QCOMPARE(log->pendingCount(), size_t(64));
    QVERIFY(log->sync());
    QCOMPARE(env->syncCount(), before + 1);
    QVERIFY(log->sync());  // nothing pending: no fdatasync
    QCOMPARE(env->syncCount(), before + 1);
}

void TestStorage::appendRefusesOldZxid() {
    QTemporaryDir dir;
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), LogOptions{}, &log));
    auto entries = generate(3, 3);
    QVERIFY(log->append(entries[1].header, entries[1].txn));
    Status s = log->append(entries[0].header, entries[0].txn);
    QCOMPARE(s.code(), Status::Code::InvalidArgument);
    QVERIFY(log->error().isOk());  // a refused append does not break the log
    QVERIFY(log->append(entries[2].header, entries[2].txn));
}

void TestStorage::segmentRoll() {
    QTemporaryDir dir;
    LogOptions o;
    o.segmentBytes = 2048;
    o.preallocBytes = 1024;
    auto entries = generate(4, 300);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), o, &log));
    for (const auto& e : entries) QVERIFY(log->append(e.header, e.txn));
    QVERIFY(log->sync());
    auto segs = log->segments();
    QVERIFY2(segs.size() > 5, qPrintable(QString::number(segs.size())));
    // Each segment is named by its first record's zxid.
    for (const auto& seg : segs) {
        QCOMPARE(seg.name, fileNameFor(kLogPrefix, seg.firstZxid));
        auto it = log->readFrom(seg.firstZxid);
        QVERIFY(it->next());
        QCOMPARE(it->header().zxid, seg.firstZxid);
    }
    QCOMPARE(segs.front().name, std::string("log.1"));
    log.reset();
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), o, &log));
    QCOMPARE(log->lastZxid(), int64_t(300));
    QCOMPARE(readAll(*log->readFrom(1)).size(), size_t(300));
    // A reopened log starts a new segment instead of appending to the old one.
    Workload w(4);
    for (int i = 0; i < 300; ++i) w.next();
    Entry e = w.next();
    QVERIFY(log->append(e.header, e.txn));
    QVERIFY(log->sync());
    QCOMPARE(log->segments().back().name, fileNameFor(kLogPrefix, 301));
}

void TestStorage::truncateAfter() {
    QTemporaryDir dir;
    LogOptions o;
    o.segmentBytes = 4096;
    auto entries = generate(5, 200);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), o, &log));
    for (const auto& e : entries) QVERIFY(log->append(e.header, e.txn));
    QVERIFY(log->sync());
    const size_t segsBefore = log->segments().size();
    QVERIFY(segsBefore > 3);
    QVERIFY(log->truncateAfter(37));
    QCOMPARE(log->lastZxid(), int64_t(37));
    QVERIFY(log->segments().size() < segsBefore);
    for (const auto& seg : log->segments()) QVERIFY(seg.firstZxid <= 37);
    auto all = readAll(*log->readFrom(1));
    QCOMPARE(all.size(), size_t(37));
    // The log continues from 38 with different txns, and survives reopening.
    Workload other(99, 38);
    for (int i = 0; i < 10; ++i) {
        Entry e = other.next();
        QVERIFY(log->append(e.header, e.txn));
    }
    QVERIFY(log->sync());
    log.reset();
    QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), o, &log));
    QCOMPARE(log->lastZxid(), int64_t(47));
    QCOMPARE(readAll(*log->readFrom(1)).size(), size_t(47));
    QVERIFY(log->truncateAfter(0));
    QCOMPARE(log->lastZxid(), int64_t(0));
    QVERIFY(log->segments().empty());
}

void TestStorage::truncateAfterMakesWhatItKeepsDurable_data() {
    QTest::addColumn<int>("synced");  // records synced before the truncation
    QTest::addColumn<int>("keep");    // truncateAfter(keep)
    QTest::newRow("keeps all, the last 10 unsynced") << 20 << 30;
    QTest::newRow("cuts in the middle, nothing synced") << 0 << 15;
    QTest::newRow("cuts in the unsynced part") << 10 << 25;
}

// A learner's TRUNC: truncateAfter() reports what it kept as synced (the
// quorum acks it), so a power loss right after must keep exactly that.
void TestStorage::truncateAfterMakesWhatItKeepsDurable() {
    QFETCH(int, synced);
    QFETCH(int, keep);
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    auto entries = generate(17, 30);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(env, d, plainLog(), &log));
    for (int i = 0; i < 30; ++i) {
        QVERIFY(log->append(entries[size_t(i)].header, entries[size_t(i)].txn));
        if (i + 1 == synced) QVERIFY(log->sync());
    }
    QVERIFY(log->truncateAfter(keep));
    QCOMPARE(log->lastSyncedZxid(), int64_t(keep));
    log.reset();
    QVERIFY(env->simulateCrash());
    Status s = TxnLog::open(env, d, plainLog(), &log);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(log->lastZxid(), int64_t(keep));
    QCOMPARE(readAll(*log->readFrom(1)).size(), size_t(keep));
}

// One segment of 20 records, then a mutation. Expected: the number of records
// that survive open(), or -1 for an error naming the file and `offsetOf` record.
void TestStorage::damagedLog_data() {
    QTest::addColumn<QString>("mutation");
    QTest::addColumn<int>("survivors");
    QTest::addColumn<int>("errorRecord");
    QTest::newRow("partial last record") << "cut3" << 19 << -1;
    QTest::newRow("only half a record header at the end") << "cutToHeader" << 19 << -1;
    QTest::newRow("bad checksum of the last record") << "flipLast" << 19 << -1;
    QTest::newRow("bad length of the last record") << "lenLast" << 19 << -1;
    QTest::newRow("zero-filled tail") << "zeros" << 20 << -1;
    QTest::newRow("last record zeroed") << "zeroLast" << 19 << -1;
    QTest::newRow("garbage after the last record") << "garbage" << 20 << -1;
    QTest::newRow("bad checksum in the middle") << "flip5" << -1 << 5;
    QTest::newRow("bad length in the middle") << "len5" << -1 << 5;
    QTest::newRow("zeroed record in the middle") << "zero5" << -1 << 5;
    // A checksum that matches says the writer meant these bytes: a payload that
    // is not a txn is corruption even at the end, never a tail to cut (fuzz_txn_log).
    QTest::newRow("undecodable record with a valid checksum in the middle") << "undecodable5" << -1 << 5;
    QTest::newRow("undecodable last record with a valid checksum") << "undecodableLast" << -1 << 19;
    QTest::newRow("unknown format version") << "version" << -1 << -1;
}

void TestStorage::damagedLog() {
    QFETCH(QString, mutation);
    QFETCH(int, survivors);
    QFETCH(int, errorRecord);
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto entries = generate(6, 20);
    {
        std::unique_ptr<TxnLog> log;
        QVERIFY(TxnLog::open(Env::system(), d, plainLog(), &log));
        for (const auto& e : entries) QVERIFY(log->append(e.header, e.txn));
        QVERIFY(log->sync());
    }
    const std::string path = d + "/log.1";
    std::string b = fileBytes(path);
    std::vector<size_t> offsets;
    size_t off = kLogHeaderSize;
    for (const auto& e : entries) {
        offsets.push_back(off);
        off += kRecordHeaderSize + encodeTxn(e.header, e.txn).size();
    }
    QCOMPARE(off, b.size());
    const size_t last = offsets.back();
    const std::string m = mutation.toStdString();
    if (m == "cut3") b.resize(b.size() - 3);
    else if (m == "cutToHeader") b.resize(last + 5);
    else if (m == "flipLast") b[last + 12] ^= 0x40;
    else if (m == "lenLast") putU32(b, last, 0x7fffffff);
    else if (m == "zeros") b.append(4096, '\0');
    else if (m == "zeroLast") std::memset(b.data() + last, 0, b.size() - last);
    else if (m == "garbage") b.append("\x13\x37garbage-garbage");
    else if (m == "flip5") b[offsets[5] + 10] ^= 0x01;
    else if (m == "len5") putU32(b, offsets[5], 3);
    else if (m == "zero5") std::memset(b.data() + offsets[5], 0, offsets[6] - offsets[5]);
    else if (m == "undecodable5") unknownBodyTag(b, offsets[5]);
    else if (m == "undecodableLast") unknownBodyTag(b, last);
    else if (m == "version") {
        putU32(b, 4, 99);
        putU32(b, 16, crc32c(std::string_view(b).substr(0, 16)));
    }
    writeBytes(path, b);

    std::unique_ptr<TxnLog> log;
    Status s = TxnLog::open(Env::system(), d, plainLog(), &log);
    if (survivors < 0) {
        QVERIFY(s.isCorruption());
        QVERIFY2(s.message().find(path) != std::string::npos, s.message().c_str());
        if (errorRecord >= 0) {
            const std::string at = "byte offset " + std::to_string(offsets[size_t(errorRecord)]);
            QVERIFY2(s.message().find(at) != std::string::npos, s.message().c_str());
        } else {
            QVERIFY2(s.message().find("version 99") != std::string::npos, s.message().c_str());
        }
        QCOMPARE(fileBytes(path), b);  // nothing was "repaired" away
        // Recovery refuses to start as well.
        RecoveredState st;
        StorageOptions so;
        so.snapDir = d;
        QVERIFY(recover(Env::system(), so, &st).isCorruption());
        return;
    }
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(log->lastZxid(), int64_t(survivors));
    auto all = readAll(*log->readFrom(1));
    QCOMPARE(all.size(), size_t(survivors));
    for (size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i], encodeTxn(entries[i].header, entries[i].txn));
    // Damage is cut off on disk; a zero-filled tail is a normal end and stays.
    if (m != "zeros" && m != "zeroLast") QCOMPARE(fileBytes(path).size(), survivors == 20 ? off : last);
}

void TestStorage::tailDamageBeforeLaterSegment() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    LogOptions o = plainLog();
    o.segmentBytes = 1500;
    auto entries = generate(7, 100);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(Env::system(), d, o, &log));
    for (const auto& e : entries) QVERIFY(log->append(e.header, e.txn));
    QVERIFY(log->sync());
    auto segs = log->segments();
    log.reset();
    QVERIFY(segs.size() >= 3);
    // Cut the end of the first segment: a "tail" that has valid records after it.
    const std::string first = d + "/" + segs[0].name;
    std::string b = fileBytes(first);
    b.resize(b.size() - 2);
    writeBytes(first, b);
    Status s = TxnLog::open(Env::system(), d, o, &log);
    QVERIFY(s.isCorruption());
    QVERIFY2(s.message().find(first) != std::string::npos, s.message().c_str());
    QVERIFY2(s.message().find(segs[1].name) != std::string::npos, s.message().c_str());
}

void TestStorage::fsyncFailureIsNeverAcknowledged() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    auto entries = generate(8, 30);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(env, d, LogOptions{}, &log));
    for (size_t i = 0; i < 10; ++i) QVERIFY(log->append(entries[i].header, entries[i].txn));
    QVERIFY(log->sync());
    for (size_t i = 10; i < 20; ++i) QVERIFY(log->append(entries[i].header, entries[i].txn));
    env->failNextSync();
    Status s = log->sync();
    QVERIFY(s.isIoError());
    QCOMPARE(log->lastSyncedZxid(), int64_t(10));  // nothing after 10 may be acknowledged
    // Sticky: the log refuses to go on, even though the next fsync would work.
    QVERIFY(!log->append(entries[20].header, entries[20].txn));
    QVERIFY(!log->sync());
    QCOMPARE(log->lastSyncedZxid(), int64_t(10));
    log.reset();
    QVERIFY(env->simulateCrash());
    QVERIFY(TxnLog::open(env, d, LogOptions{}, &log));
    QCOMPARE(log->lastZxid(), int64_t(10));
}

void TestStorage::tornWriteCutsTail() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    auto entries = generate(9, 40);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(env, d, plainLog(), &log));
    for (size_t i = 0; i < 20; ++i) QVERIFY(log->append(entries[i].header, entries[i].txn));
    QVERIFY(log->sync());
    size_t batch = 0;
    for (size_t i = 20; i < 40; ++i) {
        QVERIFY(log->append(entries[i].header, entries[i].txn));
        batch += kRecordHeaderSize + encodeTxn(entries[i].header, entries[i].txn).size();
    }
    env->tearNextWrite(batch / 2);  // the OS got half of the batch, then the process died
    QVERIFY(!log->sync());
    log.reset();
    QVERIFY(env->simulateCrash(FaultInjectionEnv::CrashMode::KeepWritten));
    QVERIFY(TxnLog::open(env, d, plainLog(), &log));
    const int64_t last = log->lastZxid();
    QVERIFY2(last >= 20 && last < 40, qPrintable(QString::number(last)));
    auto all = readAll(*log->readFrom(1));
    QCOMPARE(all.size(), size_t(last));
    for (size_t i = 0; i < all.size(); ++i) QCOMPARE(all[i], encodeTxn(entries[i].header, entries[i].txn));
    // The cut is on disk: a second open finds nothing to repair and the same records.
    const std::string after = fileBytes(d + "/log.1");
    log.reset();
    QVERIFY(TxnLog::open(env, d, plainLog(), &log));
    QCOMPARE(fileBytes(d + "/log.1"), after);
    QCOMPARE(log->lastZxid(), last);
}

void TestStorage::preallocatedTailAfterCrash() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    LogOptions o;
    o.preallocBytes = 64 * 1024;
    auto entries = generate(10, 50);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(env, d, o, &log));
    for (size_t i = 0; i < 25; ++i) QVERIFY(log->append(entries[i].header, entries[i].txn));
    QVERIFY(log->sync());
    for (size_t i = 25; i < 50; ++i) QVERIFY(log->append(entries[i].header, entries[i].txn));
    log.reset();  // flushed to the OS, never synced
    QVERIFY(env->simulateCrash());
    uint64_t size = 0;
    QVERIFY(env->fileSize(d + "/log.1", &size));
    QCOMPARE(size, uint64_t(64 * 1024));  // the preallocated size survives, zero-filled
    QVERIFY(TxnLog::open(env, d, o, &log));
    QCOMPARE(log->lastZxid(), int64_t(25));
}

void TestStorage::unsyncedNewSegmentVanishes() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    LogOptions o = plainLog();
    o.segmentBytes = 1024;
    auto entries = generate(11, 80);
    std::unique_ptr<TxnLog> log;
    QVERIFY(TxnLog::open(env, d, o, &log));
    int64_t acked = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        QVERIFY(log->append(entries[i].header, entries[i].txn));
        if (i % 7 == 6) {
            QVERIFY(log->sync());
            acked = log->lastSyncedZxid();
        }
    }
    const size_t segsLive = log->segments().size();
    log.reset();
    QVERIFY(env->simulateCrash());
    QVERIFY(TxnLog::open(env, d, o, &log));
    QVERIFY(log->lastZxid() >= acked);
    QVERIFY(log->segments().size() <= segsLive);
    QCOMPARE(readAll(*log->readFrom(1)).size(), size_t(log->lastZxid()));
}

void TestStorage::snapshotRoundTrip() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    Workload w(12);
    for (int i = 0; i < 400; ++i) w.next();
    QVERIFY(w.tree().ephemeralCount() > 0 || !w.tree().containers().empty());
    QVERIFY(writeSnapshot(Env::system(), d, w.tree(), w.sessions()));
    const std::string path = d + "/" + fileNameFor(kSnapshotPrefix, 400);
    QVERIFY(Env::system()->fileExists(path));
    QVERIFY(!Env::system()->fileExists(path + ".tmp"));
    tree::DataTree t;
    SnapshotContents c;
    Status s = readSnapshot(*Env::system(), path, &t, &c);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(dumpTree(t), dumpTree(w.tree()));
    QCOMPARE(c.sessions, w.sessions());
    QCOMPARE(c.startZxid, int64_t(400));
    QCOMPARE(c.endZxid, int64_t(400));
    QCOMPARE(t.lastProcessedZxid(), int64_t(400));
}

// An Env that allows no threads of our own (the simulator's): the writer does
// its file work inside the steps, is done with the last one, and writes the
// same bytes as the threaded writer; abandoned midway, it leaves no temp file.
void TestStorage::snapshotWithoutBackgroundThreads() {
    class InlineEnv final : public Env {
    public:
        int64_t wallMs() override { return Env::system()->wallMs(); }
        int64_t monotonicMs() override { return Env::system()->monotonicMs(); }
        bool backgroundThreads() const override { return false; }
    };
    auto env = std::make_shared<InlineEnv>();
    QVERIFY(!FaultInjectionEnv(env).backgroundThreads());
    QTemporaryDir threaded, inlined;
    Workload w(31);
    for (int i = 0; i < 300; ++i) w.next();
    std::unique_ptr<SnapshotWriter> sw;
    QVERIFY(SnapshotWriter::begin(Env::system(), threaded.path().toStdString(), w.tree(), w.sessions(), &sw));
    while (!sw->step(w.tree(), 7)) {
    }
    QVERIFY(sw->wait());

    const std::string d = inlined.path().toStdString();
    QVERIFY(SnapshotWriter::begin(env, d, w.tree(), w.sessions(), &sw));
    int steps = 0;
    while (!sw->step(w.tree(), 7)) {
        QVERIFY(!sw->done());
        ++steps;
    }
    QVERIFY(steps >= 5);
    QVERIFY(sw->done());  // no waiting: the last step wrote, synced and renamed the file
    QVERIFY(sw->wait());
    const std::string name = fileNameFor(kSnapshotPrefix, w.lastZxid());
    QCOMPARE(fileBytes(d + "/" + name), fileBytes(threaded.path().toStdString() + "/" + name));
    QVERIFY(!env->fileExists(d + "/" + name + ".tmp"));

    w.next();
    QVERIFY(SnapshotWriter::begin(env, d, w.tree(), w.sessions(), &sw));
    QVERIFY(!sw->step(w.tree(), 7));
    const std::string tmp = d + "/" + fileNameFor(kSnapshotPrefix, w.lastZxid()) + ".tmp";
    QVERIFY(env->fileExists(tmp));
    sw.reset();
    QVERIFY(!env->fileExists(tmp));
}

void TestStorage::damagedSnapshot_data() {
    QTest::addColumn<QString>("mutation");
    QTest::newRow("bad checksum") << "flip";
    QTest::newRow("bad length") << "len";
    QTest::newRow("partial last chunk") << "cut";
    QTest::newRow("no end marker") << "noEnd";
    QTest::newRow("trailing garbage") << "garbage";
    QTest::newRow("zero-filled tail") << "zeros";
    QTest::newRow("bad header checksum") << "header";
    QTest::newRow("empty file") << "empty";
}

void TestStorage::damagedSnapshot() {
    QFETCH(QString, mutation);
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    Workload w(13);
    for (int i = 0; i < 100; ++i) w.next();
    QVERIFY(writeSnapshot(Env::system(), d, w.tree(), w.sessions()));
    const std::string path = d + "/" + fileNameFor(kSnapshotPrefix, 100);
    std::string b = fileBytes(path);
    const std::string m = mutation.toStdString();
    if (m == "flip") b[kSnapshotHeaderSize + 40] ^= 0x20;
    else if (m == "len") putU32(b, kSnapshotHeaderSize, 0xfffffff0);
    else if (m == "cut") b.resize(b.size() - 1);
    else if (m == "noEnd") b.resize(kSnapshotHeaderSize);
    else if (m == "garbage") b += "xyz";
    else if (m == "zeros") b.append(100, '\0');
    else if (m == "header") b[9] ^= 1;
    else if (m == "empty") b.clear();
    writeBytes(path, b);
    tree::DataTree t;
    SnapshotContents c;
    Status s = readSnapshot(*Env::system(), path, &t, &c);
    QVERIFY(s.isCorruption());
    QVERIFY2(s.message().find(path) != std::string::npos, s.message().c_str());
    QVERIFY2(s.message().find("byte offset") != std::string::npos, s.message().c_str());
}

void TestStorage::recoveryFallsBackToOlderSnapshot() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    StorageOptions so;
    so.snapDir = d;
    Workload w(14);
    {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        QVERIFY(Storage::open(Env::system(), so, &st, &sto));
        for (int round = 0; round < 2; ++round) {
            for (int i = 0; i < 100; ++i) {
                Entry e = w.next();
                QVERIFY(sto->append(e.header, e.txn));
            }
            QVERIFY(sto->commit());
            QVERIFY(sto->beginSnapshot(w.tree(), w.sessions()));
            while (!sto->snapshotStep(w.tree(), 50)) {
            }
            QVERIFY(sto->finishSnapshot());
        }
        for (int i = 0; i < 30; ++i) {
            Entry e = w.next();
            QVERIFY(sto->append(e.header, e.txn));
        }
        QVERIFY(sto->commit());
    }
    // Damage the newest snapshot: recovery uses snapshot.64 and replays more log.
    const std::string newest = d + "/" + fileNameFor(kSnapshotPrefix, 200);
    std::string b = fileBytes(newest);
    b[b.size() / 2] ^= 0x10;
    writeBytes(newest, b);
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    Status s = Storage::open(Env::system(), so, &st, &sto);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(st.snapshotZxid, int64_t(100));
    QCOMPARE(st.replayedTxns, uint64_t(130));
    QCOMPARE(st.lastZxid, int64_t(230));
    QCOMPARE(dumpTree(*st.tree), dumpTree(w.tree()));
    QCOMPARE(st.sessions, w.sessions());
}

void TestStorage::fuzzySnapshotInterleavedWithWrites_data() {
    QTest::addColumn<uint64_t>("seed");
    QTest::addColumn<int>("stepNodes");
    QTest::addColumn<int>("writesPerStep");
    QTest::newRow("1 node per step, 3 writes") << uint64_t(21) << 1 << 3;
    QTest::newRow("5 nodes per step, 1 write") << uint64_t(22) << 5 << 1;
    QTest::newRow("2 nodes per step, 8 writes") << uint64_t(23) << 2 << 8;
    QTest::newRow("1 node per step, 20 writes") << uint64_t(24) << 1 << 20;
}

// The snapshot walks the tree while writes change it between steps; recovery
// (snapshot + replay from its start zxid) must equal the live tree exactly.
void TestStorage::fuzzySnapshotInterleavedWithWrites() {
    QFETCH(uint64_t, seed);
    QFETCH(int, stepNodes);
    QFETCH(int, writesPerStep);
    QTemporaryDir dir;
    StorageOptions so;
    so.snapDir = dir.path().toStdString();
    Workload w(seed);
    int64_t snapZxid = 0;
    {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        QVERIFY(Storage::open(Env::system(), so, &st, &sto));
        auto write = [&] {
            Entry e = w.next();
            QVERIFY(sto->append(e.header, e.txn));
        };
        for (int i = 0; i < 300; ++i) write();
        QVERIFY(sto->commit());
        snapZxid = w.lastZxid();
        QVERIFY(sto->beginSnapshot(w.tree(), w.sessions()));
        int steps = 0;
        // One loop turn: a snapshot step, a batch of writes, one group commit.
        while (!sto->snapshotStep(w.tree(), size_t(stepNodes))) {
            for (int i = 0; i < writesPerStep; ++i) write();
            QVERIFY(sto->commit());
            ++steps;
        }
        QVERIFY(steps >= 5);  // the walk really was spread over many writes
        QVERIFY(sto->finishSnapshot());
        for (int i = 0; i < 20; ++i) write();
        QVERIFY(sto->commit());
    }
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    Status s = Storage::open(Env::system(), so, &st, &sto);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(st.snapshotZxid, snapZxid);
    QCOMPARE(st.lastZxid, w.lastZxid());
    QCOMPARE(st.replayedTxns, uint64_t(w.lastZxid() - snapZxid));
    QCOMPARE(dumpTree(*st.tree), dumpTree(w.tree()));
    QCOMPARE(st.sessions, w.sessions());
    QCOMPARE(st.tree->lastProcessedZxid(), w.lastZxid());
}

// The snapshot writes /p, then the session owning /p/e closes before the walk
// reaches /p/e: replaying the close finds no /p/e, yet /p's pzxid must still
// become the close's zxid (and likewise for a plain delete of /p/f).
void TestStorage::fuzzyReplayFixesParentPzxid() {
    QTemporaryDir dir;
    StorageOptions so;
    so.snapDir = dir.path().toStdString();
    tree::DataTree live;
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    QVERIFY(Storage::open(Env::system(), so, &st, &sto));
    int64_t zxid = 0;
    auto write = [&](int64_t client, OpCode type, tree::Txn txn) {
        tree::TxnHeader h{client, 0, ++zxid, 1000 + zxid, type};
        txn.type = type;
        QVERIFY(sto->append(h, txn));
        live.apply(h, txn);
    };
    const int64_t session = 0x77;
    write(session, OpCode::CreateSession, tree::Txn{OpCode::CreateSession, tree::CreateSessionTxn{5000}});
    write(1, OpCode::Create, tree::Txn{OpCode::Create, tree::CreateTxn{"/p", "", proto::openAclUnsafe(), 0, 1}});
    write(1, OpCode::Create, tree::Txn{OpCode::Create, tree::CreateTxn{"/p/e", "", proto::openAclUnsafe(), session, 1}});
    write(1, OpCode::Create, tree::Txn{OpCode::Create, tree::CreateTxn{"/p/f", "", proto::openAclUnsafe(), 0, 2}});
    QVERIFY(sto->commit());
    QVERIFY(sto->beginSnapshot(live, {{session, 5000}}));
    // Depth-first: "/", then "/p" ... stop right after /p was written.
    QVERIFY(!sto->snapshotStep(live, 2));
    write(session, OpCode::CloseSession, tree::Txn{OpCode::CloseSession, tree::CloseSessionTxn{{"/p/e"}}});
    write(1, OpCode::Delete, tree::Txn{OpCode::Delete, tree::DeleteTxn{"/p/f"}});
    QVERIFY(sto->commit());
    while (!sto->snapshotStep(live, 100)) {
    }
    QVERIFY(sto->finishSnapshot());
    sto.reset();
    QVERIFY(Storage::open(Env::system(), so, &st, &sto));
    QCOMPARE(st.snapshotZxid, int64_t(4));
    QCOMPARE(st.tree->find("/p")->stat().pzxid, int64_t(6));
    QCOMPARE(dumpTree(*st.tree), dumpTree(live));
    QVERIFY(st.sessions.empty());
}

// The walk keeps, per level, the next child to visit rather than a copy of the
// child list. Here that child (/p/c) and the one visited before it (/p/b) are
// deleted mid-walk, with /p/a../p/d created by one multi (one czxid), and a
// child created after the start (/p/f) must be left to the replay: the walk
// goes on with /p/d, visits nothing twice and ends.
void TestStorage::fuzzyWalkGoesOnAfterItsNextNodeIsDeleted() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    tree::DataTree live;
    int64_t zxid = 0;
    auto apply = [&](OpCode type, tree::Txn txn) {
        tree::TxnHeader h{1, 0, ++zxid, 1000 + zxid, type};
        txn.type = type;
        live.apply(h, txn);
    };
    auto create = [](const std::string& path, int32_t cv) {
        return tree::Txn{OpCode::Create, tree::CreateTxn{path, "x", proto::openAclUnsafe(), 0, cv}};
    };
    apply(OpCode::Create, create("/p", 1));
    std::vector<tree::Txn> ops;
    for (int i = 0; i < 4; ++i) ops.push_back(create(std::string("/p/") + char('a' + i), i + 1));
    apply(OpCode::Multi, tree::Txn{OpCode::Multi, tree::MultiTxn{ops}});
    apply(OpCode::Create, create("/p/e", 5));
    // Pre-order, as the walk visits: how many steps of one node reach /p/b.
    std::vector<std::string> order;
    std::function<void(const tree::Node&)> visit = [&](const tree::Node& n) {
        order.emplace_back(n.path());
        live.forEachChild(n, [&](const tree::Node& c) { visit(c); });
    };
    visit(*live.find("/"));
    const auto atB = std::find(order.begin(), order.end(), "/p/b");
    QVERIFY(atB != order.end());
    std::unique_ptr<SnapshotWriter> w;
    QVERIFY(SnapshotWriter::begin(Env::system(), d, live, {}, &w));
    for (auto it = order.begin(); it != atB + 1; ++it) QVERIFY(!w->step(live, 1));
    apply(OpCode::Delete, tree::Txn{OpCode::Delete, tree::DeleteTxn{"/p/c"}});
    apply(OpCode::Delete, tree::Txn{OpCode::Delete, tree::DeleteTxn{"/p/b"}});
    apply(OpCode::Create, create("/p/f", 6));
    int steps = 0;
    while (!w->step(live, 1)) QVERIFY(++steps < 100);
    QVERIFY(w->wait());
    tree::DataTree back;
    SnapshotContents c;
    const Status s = readSnapshot(*Env::system(), d + "/" + w->fileName(), &back, &c);
    QVERIFY2(s.isOk(), s.toString().c_str());
    for (const char* p : {"/p/a", "/p/b", "/p/d", "/p/e"}) QVERIFY2(back.find(p), p);
    QVERIFY(!back.find("/p/c"));
    QVERIFY(!back.find("/p/f"));
    // Everything before the deletes once, then /p/d and /p/e.
    QCOMPARE(w->nodeCount(), uint64_t(order.size() - 1));
}

void TestStorage::snapshotAheadOfLogIsSkipped() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    StorageOptions so;
    so.snapDir = d;
    auto entries = generate(15, 60);
    {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        QVERIFY(Storage::open(env, so, &st, &sto));
        for (size_t i = 0; i < 50; ++i) QVERIFY(sto->append(entries[i].header, entries[i].txn));
        QVERIFY(sto->commit());
        // Applied (and snapshotted) but never synced: the snapshot must not resurrect them.
        for (size_t i = 50; i < 60; ++i) QVERIFY(sto->append(entries[i].header, entries[i].txn));
        tree::DataTree live;
        for (const auto& e : entries) live.apply(e.header, e.txn);
        QVERIFY(writeSnapshot(env, d, live, {}));
        // Snapshots are not fsynced; here the kernel wrote this one back
        // before the crash, while the log's unsynced tail was lost.
        QVERIFY(env->syncFile(d + "/snapshot.3c"));
        QVERIFY(env->syncDir(d));
    }
    QVERIFY(env->simulateCrash());
    QVERIFY(env->fileExists(d + "/snapshot.3c"));
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    QVERIFY(Storage::open(env, so, &st, &sto));
    QCOMPARE(st.lastZxid, int64_t(50));
    QVERIFY(st.snapshotName.empty());
    QCOMPARE(dumpTree(*st.tree), zstest::dumpPrefix(entries, 50));
}

// 60 writes, one group commit, then a whole snapshot (finishing it purges).
// Check QTest::currentTestFailed() after it.
static void writeRoundThenSnapshot(Storage& sto, Workload& w) {
    for (int i = 0; i < 60; ++i) {
        Entry e = w.next();
        QVERIFY(sto.append(e.header, e.txn));
    }
    QVERIFY(sto.commit());
    QVERIFY(sto.beginSnapshot(w.tree(), w.sessions()));
    while (!sto.snapshotStep(w.tree(), 1000)) {
    }
    QVERIFY(sto.finishSnapshot());
}

// Snapshots are written without fsync, so after a crash one may sit on disk
// under its final name with nothing in it. Purge must count only snapshots it
// knows to be whole; keeping the log for a broken one would lose the history.
void TestStorage::autopurgeKeepsLogsOnlyForWholeSnapshots() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    StorageOptions so;
    so.snapDir = d;
    so.log.segmentBytes = 2048;
    Workload w(17);
    {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        QVERIFY(Storage::open(Env::system(), so, &st, &sto));
        for (int round = 0; round < 3 && !QTest::currentTestFailed(); ++round) writeRoundThenSnapshot(*sto, w);
        if (QTest::currentTestFailed()) return;
    }
    std::vector<SnapshotInfo> snaps;
    QVERIFY(listSnapshots(*Env::system(), d, &snaps));
    QCOMPARE(snaps.size(), size_t(3));
    // The middle one comes back empty, as after a power loss before writeback.
    QVERIFY(Env::system()->truncateFile(d + "/" + snaps[1].name, 0));
    {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        QVERIFY(Storage::open(Env::system(), so, &st, &sto));
        QCOMPARE(st.snapshotZxid, snaps[0].zxid);
        // Four snapshots on disk, only two known whole (the recovered one and
        // this one): nothing may go yet.
        writeRoundThenSnapshot(*sto, w);
        if (QTest::currentTestFailed()) return;
    }
    std::vector<SnapshotInfo> after;
    QVERIFY(listSnapshots(*Env::system(), d, &after));
    QCOMPARE(after.size(), size_t(4));
    // Lose both whole newer ones: the oldest snapshot and its log still recover.
    QVERIFY(Env::system()->removeFile(d + "/" + after[0].name));
    QVERIFY(Env::system()->removeFile(d + "/" + after[1].name));
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    Status s = Storage::open(Env::system(), so, &st, &sto);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(st.snapshotZxid, snaps[2].zxid);
    QCOMPARE(dumpTree(*st.tree), dumpTree(w.tree()));
}

void TestStorage::autopurgeKeepsWhatRecoveryNeeds() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    StorageOptions so;
    so.snapDir = d;
    so.log.segmentBytes = 2048;
    so.snapRetainCount = 1;  // raised to the minimum of 3
    Workload w(16);
    std::vector<int64_t> snapZxids;
    {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        QVERIFY(Storage::open(Env::system(), so, &st, &sto));
        for (int round = 0; round < 6; ++round) {
            writeRoundThenSnapshot(*sto, w);
            if (QTest::currentTestFailed()) return;
            snapZxids.push_back(w.lastZxid());
        }
        for (int i = 0; i < 10; ++i) {
            Entry e = w.next();
            QVERIFY(sto->append(e.header, e.txn));
        }
        QVERIFY(sto->commit());
    }
    std::vector<SnapshotInfo> snaps;
    QVERIFY(listSnapshots(*Env::system(), d, &snaps));
    QCOMPARE(snaps.size(), size_t(3));
    for (size_t i = 0; i < 3; ++i) QCOMPARE(snaps[i].zxid, snapZxids[5 - i]);
    const int64_t oldest = snaps.back().zxid;
    std::vector<SegmentInfo> segs;
    QVERIFY(listSegments(*Env::system(), d, &segs));
    QVERIFY(!segs.empty());
    // The first kept segment holds oldest + 1; nothing older survives.
    QVERIFY(segs.front().firstZxid <= oldest + 1);
    QVERIFY(segs.size() == 1 || segs[1].firstZxid > oldest + 1);
    QVERIFY(segs.front().firstZxid > 1);  // something was purged
    // Recovery from the oldest kept snapshot still works: drop the two newer ones.
    QVERIFY(Env::system()->removeFile(d + "/" + snaps[0].name));
    QVERIFY(Env::system()->removeFile(d + "/" + snaps[1].name));
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    Status s = Storage::open(Env::system(), so, &st, &sto);
    QVERIFY2(s.isOk(), s.toString().c_str());
    QCOMPARE(st.snapshotZxid, oldest);
    QCOMPARE(dumpTree(*st.tree), dumpTree(w.tree()));
    // And without any snapshot the purged log cannot be replayed: an error, not a wrong tree.
    sto.reset();
    QVERIFY(Env::system()->removeFile(d + "/" + snaps[2].name));
    QVERIFY(Storage::open(Env::system(), so, &st, &sto).isCorruption());
}

void TestStorage::truncateRemovesLaterSnapshots() {
    QTemporaryDir dir;
    const std::string d = dir.path().toStdString();
    StorageOptions so;
    so.snapDir = d;
    auto entries = generate(17, 120);
    RecoveredState st;
    std::unique_ptr<Storage> sto;
    QVERIFY(Storage::open(Env::system(), so, &st, &sto));
    tree::DataTree live;
    for (size_t i = 0; i < entries.size(); ++i) {
        QVERIFY(sto->append(entries[i].header, entries[i].txn));
        live.apply(entries[i].header, entries[i].txn);
        if (i == 39 || i == 99) {
            QVERIFY(sto->commit());
            QVERIFY(writeSnapshot(Env::system(), d, live, {}));
        }
    }
    QVERIFY(sto->commit());
    QVERIFY(sto->truncateAfter(70));
    std::vector<SnapshotInfo> snaps;
    QVERIFY(listSnapshots(*Env::system(), d, &snaps));
    QCOMPARE(snaps.size(), size_t(1));
    QCOMPARE(snaps[0].zxid, int64_t(40));
    sto.reset();
    QVERIFY(Storage::open(Env::system(), so, &st, &sto));
    QCOMPARE(st.lastZxid, int64_t(70));
    QCOMPARE(dumpTree(*st.tree), zstest::dumpPrefix(entries, 70));
}

void TestStorage::secondOpenIsLocked() {
    QTemporaryDir dir;
    StorageOptions so;
    so.snapDir = dir.path().toStdString();
    RecoveredState st;
    std::unique_ptr<Storage> a, b;
    QVERIFY(Storage::open(Env::system(), so, &st, &a));
    QVERIFY(!Storage::open(Env::system(), so, &st, &b));
    a.reset();
    QVERIFY(Storage::open(Env::system(), so, &st, &b));
}

void TestStorage::faultEnvClockJumps() {
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    const int64_t wall = env->wallMs();
    const int64_t mono = env->monotonicMs();
    env->jumpWallClock(-3600 * 1000);  // wall clock set back an hour
    env->advanceMonotonic(90 * 1000);
    QVERIFY(env->wallMs() < wall - 3500 * 1000);
    QVERIFY(env->monotonicMs() >= mono + 90 * 1000);
    QVERIFY(env->monotonicMs() < mono + 100 * 1000);
}

// Measures group commits with and without preallocation on this machine's
// disk. Informational: run with ZS_STORAGE_BENCH=1.
void TestStorage::preallocationTiming() {
    if (qEnvironmentVariableIsEmpty("ZS_STORAGE_BENCH")) QSKIP("set ZS_STORAGE_BENCH=1 to measure");
    auto entries = generate(18, 2000);
    for (uint64_t prealloc : {uint64_t(0), uint64_t(64) << 20}) {
        QTemporaryDir dir(QDir::currentPath() + "/bench-XXXXXX");
        LogOptions o;
        o.preallocBytes = prealloc;
        std::unique_ptr<TxnLog> log;
        QVERIFY(TxnLog::open(Env::system(), dir.path().toStdString(), o, &log));
        const auto t0 = std::chrono::steady_clock::now();
        for (const auto& e : entries) {
            QVERIFY(log->append(e.header, e.txn));
            QVERIFY(log->sync());
        }
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        qInfo("prealloc %llu: %zu synced appends in %.1f ms (%.1f us each)", (unsigned long long)prealloc,
              entries.size(), ms, ms * 1000 / double(entries.size()));
    }
}

QTEST_GUILESS_MAIN(TestStorage)
#include "tst_storage.moc"
