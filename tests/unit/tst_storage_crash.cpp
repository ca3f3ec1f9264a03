// Crash consistency of core/storage under FaultInjectionEnv: a seeded random
// workload of writes, group commits, fuzzy snapshots (finished or abandoned),
// autopurge, failed fsyncs and torn writes, with a simulated crash (power
// loss, or process kill that keeps what reached the OS) at a random point of
// every round. After each crash recovery must give exactly the tree and
// sessions of some prefix of the txns, and that prefix must include every txn
// a successful commit acknowledged. Every other round commits the way the
// server's two sync threads do (TxnLog::flushForSync, then syncPoint in any
// order, acknowledged only in flush order): several flushed groups wait at
// once and their syncs finish out of order.
#include <QtTest>

#include <deque>
#include <random>

#include "env/fault_injection_env.h"
#include "storage/storage.h"
#include "storage/tree_dump.h"
#include "tst_storage_workload.h"

using namespace zooscope;
using namespace zooscope::storage;
using zstest::Entry;
using zstest::Workload;

class TestStorageCrash : public QObject {
    Q_OBJECT
private slots:
    void acknowledgedWritesSurvive_data();
    void acknowledgedWritesSurvive();
};

void TestStorageCrash::acknowledgedWritesSurvive_data() {
    QTest::addColumn<uint64_t>("seed");
    for (uint64_t seed = 1; seed <= 40; ++seed) QTest::newRow(qPrintable(QString("seed %1").arg(seed))) << seed;
}

void TestStorageCrash::acknowledgedWritesSurvive() {
    QFETCH(uint64_t, seed);
    QTemporaryDir dir;
    auto env = std::make_shared<FaultInjectionEnv>(Env::system());
    std::mt19937_64 rng(seed * 7919);
    StorageOptions so;
    so.snapDir = dir.path().toStdString();
    so.log.segmentBytes = 1024 + rng() % 4096;  // many segments, so rolls happen mid-batch
    so.log.preallocBytes = (rng() % 2) ? 2048 : 0;
    Workload w(seed);
    std::vector<Entry> entries;  // entries[i] has zxid i + 1
    int64_t acked = 0;
    int recoveredFromSnapshot = 0;

    for (int round = 0; round < 10; ++round) {
        RecoveredState st;
        std::unique_ptr<Storage> sto;
        Status s = Storage::open(env, so, &st, &sto);
        QVERIFY2(s.isOk(), qPrintable(QString("round %1: %2").arg(round).arg(s.toString().c_str())));
        // Some prefix of what was written, containing everything acknowledged.
        QVERIFY2(st.lastZxid >= acked, qPrintable(QString("round %1: recovered 0x%2 < acknowledged 0x%3")
                                                      .arg(round).arg(st.lastZxid, 0, 16).arg(acked, 0, 16)));
        QVERIFY(st.lastZxid <= int64_t(entries.size()));
        entries.resize(size_t(st.lastZxid));
        w.resetTo(entries);
        const std::string got = dumpTree(*st.tree), want = dumpTree(w.tree());
        if (got != want) {
            // Show the differing lines: whole dumps are too long to read.
            QStringList g = QString::fromStdString(got).split('\n'), x = QString::fromStdString(want).split('\n');
            for (const auto& l : g)
                if (!x.contains(l)) qWarning("recovered only: %s", qPrintable(l));
            for (const auto& l : x)
                if (!g.contains(l)) qWarning("expected only:  %s", qPrintable(l));
        }
        QVERIFY2(got == want, qPrintable(QString("round %1: recovered tree differs (snapshot '%2')")
                                             .arg(round).arg(st.snapshotName.c_str())));
        QCOMPARE(st.sessions, w.sessions());
        if (!st.snapshotName.empty()) ++recoveredFromSnapshot;
        acked = st.lastZxid;  // all of it is on disk now (recovery read it back)

        const int ops = 20 + int(rng() % 80);
        const int crashAt = int(rng() % ops);
        bool dead = false;  // a failed commit: the server would stop here
        const bool split = round % 2 == 1;
        struct Flushed {
            TxnLog::SyncPoint point;
            bool synced = false;
        };
        std::deque<Flushed> flushed;  // split: in flush order, until acknowledged
        for (int op = 0; op < crashAt && !dead; ++op) {
            const int kind = int(rng() % 100);
            if (kind < 70) {
                Entry e = w.next();
                // An append can fail when a segment roll hits an armed fault.
                if (!sto->append(e.header, e.txn)) dead = true;
                entries.push_back(std::move(e));
            } else if (kind < 88 && !split) {
                if (sto->commit()) acked = sto->log().lastSyncedZxid();
                else dead = true;
            } else if (kind < 79) {
                Flushed f;
                if (sto->flushForSync(&f.point)) flushed.push_back(std::move(f));
                else dead = true;
            } else if (kind < 88) {
                if (!flushed.empty()) {
                    Flushed& f = flushed[rng() % flushed.size()];
                    if (!f.synced && !sto->syncPoint(f.point)) dead = true;
                    f.synced = true;
                    while (!dead && !flushed.empty() && flushed.front().synced) {
                        acked = flushed.front().point.zxid;
                        sto->markSynced(acked);
                        flushed.pop_front();
                    }
                }
            } else if (kind < 93) {
                if (!sto->snapshotInProgress() && sto->beginSnapshot(w.tree(), w.sessions())) {
                }
            } else if (kind < 95) {
                env->failNextSync();
            } else if (kind < 97) {
                env->tearNextWrite(size_t(rng() % 200));
            } else if (sto->snapshotInProgress() && rng() % 2) {
                sto->abandonSnapshot();
            }
            if (sto->snapshotInProgress()) {
                if (sto->snapshotStep(w.tree(), 1 + rng() % 20)) (void)sto->finishSnapshot();
            }
        }
        // Pull the plug. The Storage goes first (its buffered bytes reach the
        // OS at most, never the disk, and an unfinished snapshot is dropped).
        flushed.clear();
        sto.reset();
        const auto mode = rng() % 4 == 0 ? FaultInjectionEnv::CrashMode::KeepWritten
                                         : FaultInjectionEnv::CrashMode::DropUnsynced;
        QVERIFY(env->simulateCrash(mode));
    }
    // Not an assertion on chance: just make sure the rounds exercised snapshots at all.
    qDebug("seed %llu: %zu txns, %d recoveries from a snapshot", (unsigned long long)seed, entries.size(),
           recoveredFromSnapshot);
}

QTEST_GUILESS_MAIN(TestStorageCrash)
#include "tst_storage_crash.moc"
