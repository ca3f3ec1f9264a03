// The linearizability checker must accept linearizable histories and reject
// the classic bad ones (stale read, lost write, double CAS, phantom value),
// and cuts of a real engine history with one defect each (tests/sim/histories,
// written by tst_ensemble_histories). Also the history text format and the
// sequential-create check.
#include <QDir>
#include <QtTest>

#include "history_file.h"
#include "linearizability.h"

using zooscope::sim::checkLinearizable;
using zooscope::sim::RegOp;
using zooscope::sim::SeqChild;
using zooscope::sim::SeqCreate;

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
SeqCreate seq(std::string v, int64_t i, int64_t r, std::string name) {
    SeqCreate c; c.value = std::move(v); c.invoke = i; c.response = r; c.ok = r != kNever; c.name = std::move(name);
    return c;
}
}  // namespace

Q_DECLARE_METATYPE(std::vector<zooscope::sim::SeqCreate>)
Q_DECLARE_METATYPE(std::vector<zooscope::sim::SeqChild>)

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
        QTest::newRow("unread-indeterminate-write-counts-in-version")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "x", 2, kNever), write(0, "y", 3, 4),
                                  read(0, 5, 6, "y", 2)} << true;
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
        QTest::newRow("one-unread-indeterminate-write-counted-twice")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(1, "x", 2, kNever), write(0, "y", 3, 4),
                                  read(0, 5, 6, "y", 3)} << false;
        QTest::newRow("unread-indeterminate-write-before-its-invoke")
            << std::vector<RegOp>{create(0, "a", 0, 1, true), write(0, "y", 3, 4), read(0, 5, 6, "y", 2),
                                  write(1, "x", 7, kNever)} << false;
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

    // Cuts of a real engine history: the real one is linearizable, each
    // defective copy is not.
    void realCuts_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("linearizable");
        const QDir dir(ZS_HISTORY_DIR);
        const QStringList files = dir.entryList({"*.history"}, QDir::Files, QDir::Name);
        QVERIFY2(files.size() >= 4, qPrintable("history cuts missing in " + dir.path()));
        for (const auto& f : files) QTest::newRow(qPrintable(f)) << dir.filePath(f) << (f == "real.history");
    }
    void realCuts() {
        QFETCH(QString, file);
        QFETCH(bool, linearizable);
        zooscope::sim::History h;
        std::string error;
        QVERIFY2(zooscope::sim::readHistoryFile(file.toStdString(), &h, &error), error.c_str());
        QVERIFY(!h.registers.empty());
        auto r = checkLinearizable(h.registers);
        QVERIFY(!r.exhausted);
        QVERIFY2(r.linearizable == linearizable, r.explanation.c_str());
    }

    void historyLinesRoundTrip() {
        zooscope::sim::History h;
        std::string error;
        RegOp w = cas(3, 7, "c3-9", 100, kNever, false);
        SeqCreate s = seq("c1-4", 5, 9, "n-0000000012");
        QVERIFY2(zooscope::sim::parseLine(zooscope::sim::formatLine(w), &h, &error), error.c_str());
        QVERIFY2(zooscope::sim::parseLine(zooscope::sim::formatLine(read(2, 1, 2, "v", 4)), &h, &error), error.c_str());
        QVERIFY2(zooscope::sim::parseLine(zooscope::sim::formatLine(s), &h, &error), error.c_str());
        QVERIFY(zooscope::sim::parseLine("# a comment", &h, &error));
        QCOMPARE(h.registers.size(), size_t(2));
        QCOMPARE(zooscope::sim::describe(h.registers[0]), zooscope::sim::describe(w));
        QCOMPARE(h.registers[1].readValue, std::string("v"));
        QCOMPARE(h.registers[1].readVersion, 4);
        QCOMPARE(h.creates.size(), size_t(1));
        QCOMPARE(h.creates[0].name, s.name);
        QCOMPARE(h.creates[0].response, int64_t(9));
    }

    void badLinesRefused_data() {
        QTest::addColumn<QString>("line");
        QTest::addColumn<QString>("names");
        QTest::newRow("type") << "put\t1" << "record type";
        QTest::newRow("fields") << "reg\t1\twrite\t/k" << "field count";
        QTest::newRow("kind") << "reg\t1\tdelete\t/k\tv\t0\t1\t2\t1\t0\t-\t0" << "kind";
        QTest::newRow("time") << "reg\t1\twrite\t/k\tv\t0\tsoon\t2\t1\t0\t-\t0" << "invoke time";
        QTest::newRow("response before invoke") << "reg\t1\twrite\t/k\tv\t0\t5\t2\t1\t0\t-\t0" << "response time";
        QTest::newRow("flag") << "reg\t1\twrite\t/k\tv\t0\t1\t2\tyes\t0\t-\t0" << "ok";
        QTest::newRow("seq name") << "seq\t1\tc1-1\t1\t2\t1\tnode" << "name";
    }
    void badLinesRefused() {
        QFETCH(QString, line);
        QFETCH(QString, names);
        zooscope::sim::History h;
        std::string error;
        QVERIFY(!zooscope::sim::parseLine(line.toStdString(), &h, &error));
        QVERIFY2(QString::fromStdString(error).contains(names), error.c_str());
        QVERIFY(h.registers.empty() && h.creates.empty());
        QVERIFY(!zooscope::sim::readHistoryFile("/nonexistent/x.history", &h, &error));
    }

    void sequentialCreates_data() {
        QTest::addColumn<std::vector<SeqCreate>>("creates");
        QTest::addColumn<std::vector<SeqChild>>("present");
        QTest::addColumn<QString>("problem");  // "" = none
        const std::vector<SeqCreate> good{seq("a", 0, 2, "n-0000000001"), seq("b", 3, 5, "n-0000000002"),
                                          seq("c", 4, 6, "n-0000000003")};
        const std::vector<SeqChild> all{{"n-0000000001", "a"}, {"n-0000000002", "b"}, {"n-0000000003", "c"}};
        QTest::newRow("good") << good << all << "";
        auto concurrent = good;
        concurrent[1].name = "n-0000000003";
        concurrent[2].name = "n-0000000002";  // b and c overlap: either order
        QTest::newRow("concurrent-any-order")
            << concurrent << std::vector<SeqChild>{all[0], {"n-0000000002", "c"}, {"n-0000000003", "b"}} << "";
        auto withUnknown = good;
        withUnknown.push_back(seq("d", 7, kNever, ""));
        QTest::newRow("indeterminate-absent") << withUnknown << all << "";
        auto present = all;
        present.push_back({"n-0000000004", "d"});
        QTest::newRow("indeterminate-present") << withUnknown << present << "";
        // Must be rejected:
        auto dup = good;
        dup[2].name = "n-0000000002";
        QTest::newRow("same-name-twice") << dup << all << "acknowledged twice";
        auto backwards = good;
        backwards[0].name = "n-0000000005";
        QTest::newRow("out-of-real-time-order")
            << backwards << std::vector<SeqChild>{{"n-0000000005", "a"}, all[1], all[2]} << "before it was invoked";
        QTest::newRow("acknowledged-missing") << good << std::vector<SeqChild>{all[0], all[2]} << "is missing";
        present = all;
        present.push_back({"n-0000000009", "zzz"});
        QTest::newRow("phantom-child") << good << present << "no create wrote";
        present = all;
        present.push_back({"n-0000000004", "a"});
        QTest::newRow("applied-twice") << good << present << "on two children";
    }
    void sequentialCreates() {
        QFETCH(std::vector<SeqCreate>, creates);
        QFETCH(std::vector<SeqChild>, present);
        QFETCH(QString, problem);
        const auto problems = zooscope::sim::checkSequentialCreates(creates, present);
        QStringList text;
        for (const auto& p : problems) text << QString::fromStdString(p);
        if (problem.isEmpty()) QVERIFY2(problems.empty(), qPrintable(text.join("; ")));
        else QVERIFY2(text.join("; ").contains(problem), qPrintable(text.join("; ")));
    }

    void longHistoryNeedsNoDeepStack() {
        // 300,000 sequential writes and reads on one key: the search keeps its
        // own stack and looks only at the concurrency window, so this is quick.
        std::vector<RegOp> h{create(0, "v0", 0, 1, true)};
        int64_t t = 10;
        for (int i = 1; i <= 150000; ++i, t += 10) {
            h.push_back(write(i % 5, "v" + std::to_string(i), t, t + 4));
            h.push_back(read((i + 1) % 5, t + 5, t + 8, "v" + std::to_string(i), i));
        }
        auto r = checkLinearizable(h);
        QVERIFY2(r.linearizable, r.explanation.c_str());
        h.back().readVersion = 7;  // the last read goes back in time
        r = checkLinearizable(h);
        QVERIFY(!r.linearizable && !r.exhausted);
        QVERIFY(r.explanation.size() < 10000);  // the ops around where it stuck, not all of them
    }

    void manyUnreadIndeterminateWritesStayFast() {
        // 60 writes whose answers never came and whose values nobody read,
        // then reads pinning how many of them happened: a subset search would
        // be 2^60 states; they are interchangeable, so it is a count.
        std::vector<RegOp> h{create(0, "v0", 0, 1, true)};
        for (int i = 0; i < 60; ++i) h.push_back(write(1 + i % 4, "lost" + std::to_string(i), 10 + i, kNever));
        h.push_back(write(0, "seen", 100, 101));
        h.push_back(read(0, 102, 103, "seen", 31));  // 30 of the 60, then "seen"
        h.push_back(write(0, "again", 104, 105));
        h.push_back(read(0, 106, 107, "again", 45));  // 13 more, then "again"
        auto r = checkLinearizable(h);
        QVERIFY2(r.linearizable && !r.exhausted, r.explanation.c_str());
        h.back().readVersion = 92;  // more than all 60 can explain
        r = checkLinearizable(h);
        QVERIFY(!r.linearizable && !r.exhausted);
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
