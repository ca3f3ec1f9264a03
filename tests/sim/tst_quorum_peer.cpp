// QuorumPeer and its production host through the simulator: a few seeds
// pass, and a seed replays to exactly the same run (the determinism the seed
// corpus relies on).
#include <QtTest>
#include <spdlog/spdlog.h>

#include "simulator.h"

using zooscope::sim::runSeed;

class TstQuorumPeer : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() { spdlog::set_level(spdlog::level::off); }

    void seedPasses_data() {
        QTest::addColumn<quint64>("seed");
        for (quint64 s : {1ULL, 2ULL, 3ULL, 42ULL, 1000ULL, 99999ULL}) QTest::newRow(qPrintable(QString::number(s))) << s;
    }
    void seedPasses() {
        QFETCH(quint64, seed);
        auto r = runSeed(seed);
        QVERIFY2(r.ok, r.failure.c_str());
        QVERIFY(r.committed > 0);
        QVERIFY(r.settleMs >= 0);
    }
    void replayIsExact() {
        auto a = runSeed(7), b = runSeed(7);
        QCOMPARE(a.events, b.events);
        QCOMPARE(a.committed, b.committed);
        QCOMPARE(a.clientOps, b.clientOps);
        QCOMPARE(a.settleMs, b.settleMs);
        auto c = runSeed(8);
        QVERIFY(c.events != a.events || c.committed != a.committed);
    }
};

QTEST_GUILESS_MAIN(TstQuorumPeer)
#include "tst_quorum_peer.moc"
