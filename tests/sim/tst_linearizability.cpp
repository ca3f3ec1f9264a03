// The linearizability checker must accept linearizable histories and reject
// the classic bad ones (stale read, lost write, double CAS, phantom value).
#include <QtTest>

#include "linearizability.h"

using zooscope::sim::checkLinearizable;
using zooscope::sim::RegOp;

Q_DECLARE_METATYPE(std::vector<zooscope::sim::RegOp>)

namespace {
constexpr int64_t kNever = RegOp::kNever;
RegOp create(int c, std::string v, int64_t i, int64_t r, bool ok) {
    RegOp o; o.kind = RegOp::Create; o.client = c; o.key = "/k"; o.value = std::move(v); o.invoke = i; o.response = r; o.ok = ok;
    return o;
}
RegOp write(int c, std::string v, int64_t i, int64_t r, bool ok = true) {
    RegOp o = create(c, std::move(v), i, r, ok); o.kind = RegOp::Write; return o;
}
RegOp cas(int c, int32_t ver, std::string v, int64_t i, int64_t r, bool ok) {
    RegOp o = create(c, std::move(v), i, r, ok); o.kind = RegOp::Cas; o.expectVersion = ver; return o;
}
RegOp read(int c, int64_t i, int64_t r, std::string v, int32_t ver) {
    RegOp o; o.kind = RegOp::Read; o.client = c; o.key = "/k"; o.invoke = i; o.response = r;
    o.exists = true; o.readValue = std::move(v); o.readVersion = ver;
    return o;
}
RegOp readNone(int c, int64_t i, int64_t r) { RegOp o = read(c, i, r, "", 0); o.exists = false; return o; }
}  // namespace

class TstLinearizability : public QObject {
    Q_OBJECT
private slots:
    void check_data() {
        QTest::addColumn<std::vector<RegOp>>("h");
        QTest::addColumn<bool>("linearizable");
        QTest::newRow("empty") << std::vector<RegOp>{} << true;
        QTest::newRow("sequential")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, 3), read(0, 4, 5, "b", 1)} << true;
        QTest::newRow("read-missing-before-create")
            << std::vector<RegOp>{readNone(0, 0, 1), create(1, "a", 2, 3, true)} << true;
        QTest::newRow("concurrent-read-sees-old")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, 10), read(0, 3, 4, "a", 0)} << true;
        QTest::newRow("concurrent-read-sees-new")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, 10), read(0, 3, 4, "b", 1)} << true;
        QTest::newRow("failed-create-then-exists")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), create(1, "b", 2, 3, false), read(1, 4, 5, "a", 0)} << true;
        QTest::newRow("indeterminate-write-visible-later")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, kNever), read(0, 50, 51, "b", 1)} << true;
        QTest::newRow("indeterminate-write-never-happened")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, kNever), read(0, 50, 51, "a", 0)} << true;
        QTest::newRow("cas-chain")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), cas(1, 0, "b", 2, 3, true), cas(0, 0, "c", 4, 5, false),
                                  cas(0, 1, "c", 6, 7, true), read(1, 8, 9, "c", 2)} << true;
        // Must be rejected:
        QTest::newRow("stale-read")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, 3), read(0, 4, 5, "a", 0)} << false;
        QTest::newRow("lost-write-read-goes-back")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "b", 2, 20), read(0, 3, 4, "b", 1),
                                  read(2, 5, 6, "a", 0)} << false;
        QTest::newRow("double-cas-same-version")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), cas(1, 0, "b", 2, 5, true), cas(2, 0, "c", 2, 5, true)} << false;
        QTest::newRow("phantom-value")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), read(1, 2, 3, "zzz", 0)} << false;
        QTest::newRow("double-create")
            << std::vector<RegOp>{create(0, "a", 0, 5, true), create(1, "b", 1, 6, true)} << false;
        QTest::newRow("write-to-missing-node-succeeds")
            << std::vector<RegOp>{write(0, "a", 0, 1, true)} << false;
        QTest::newRow("version-skips")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(0, "b", 2, 3), read(0, 4, 5, "b", 2)} << false;
        QTest::newRow("read-before-invoke-of-write")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), read(1, 2, 3, "b", 1), write(0, "b", 4, 5)} << false;
    }
    void check() {
        QFETCH(std::vector<RegOp>, h);
        QFETCH(bool, linearizable);
        auto r = checkLinearizable(h);
        QVERIFY2(r.linearizable == linearizable, r.explanation.c_str());
        QVERIFY(!r.exhausted);
    }

    void keysAreIndependent() {
        // A stale read on /b is caught even when /a is fine.
        std::vector<RegOp> h{create(0, "a", 0, 1, true), write(1, "b", 2, 3)};
        auto other = h;
        for (auto& o : other) o.key = "/b";
        other.push_back(read(0, 4, 5, "a", 0));
        other.back().key = "/b";
        h.insert(h.end(), other.begin(), other.end());
        auto r = checkLinearizable(h);
        QVERIFY(!r.linearizable);
        QCOMPARE(QString::fromStdString(r.key), QStringLiteral("/b"));
    }

    void manyConcurrentClientsStayFast() {
        // 8 clients x 6 overlapping writes with reads: must finish well within budget.
        std::vector<RegOp> h{create(0, "v0", 0, 1, true)};
        int32_t version = 0;
        int64_t t = 10;
        for (int round = 0; round < 6; ++round) {
            for (int c = 0; c < 8; ++c) h.push_back(write(c, "r" + std::to_string(round) + "c" + std::to_string(c), t, t + 100));
            version += 8;
            t += 200;
            h.push_back(read(9, t, t + 1, "r" + std::to_string(round) + "c7", version));
            t += 10;
        }
        // The last write of each round must be c7 for that read: the checker has to find that order.
        auto r = checkLinearizable(h);
        QVERIFY2(r.linearizable, r.explanation.c_str());
    }
};

QTEST_GUILESS_MAIN(TstLinearizability)
#include "tst_linearizability.moc"
