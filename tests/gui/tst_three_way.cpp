// text/three_way.h: the line diff and the three-way merge behind the edit
// conflict view. Pure logic, no server.
#include <QtTest>

#include <QRandomGenerator>

#include "text/three_way.h"

using namespace zooscope::ui;

namespace {

// Applies an edit script to `a`; must give `b` back.
QStringList apply(const QStringList& a, const QStringList& b, const QList<DiffOp>& ops) {
    QStringList out;
    qsizetype ai = 0;
    for (const DiffOp& op : ops) {
        switch (op.kind) {
        case DiffOp::Kind::Equal:
            if (op.aIndex != ai || a[op.aIndex] != b[op.bIndex]) return {QStringLiteral("<bad equal>")};
            out << a[ai++];
            break;
        case DiffOp::Kind::Delete:
            if (op.aIndex != ai) return {QStringLiteral("<bad delete>")};
            ++ai;
            break;
        case DiffOp::Kind::Insert: out << b[op.bIndex]; break;
        }
    }
    if (ai != a.size()) return {QStringLiteral("<not all of a consumed>")};
    return out;
}

qsizetype equalCount(const QList<DiffOp>& ops) {
    return std::count_if(ops.begin(), ops.end(), [](const DiffOp& o) { return o.kind == DiffOp::Kind::Equal; });
}

}  // namespace

class TstThreeWay : public QObject {
    Q_OBJECT
private slots:
    void diff_data();
    void diff();
    void diffRandom();
    void diffLargeFallback();
    void merge_data();
    void merge();
    void marks();
};

void TstThreeWay::diff_data() {
    QTest::addColumn<QStringList>("a");
    QTest::addColumn<QStringList>("b");
    QTest::addColumn<int>("lcs");  // the longest common subsequence's length
    QTest::newRow("same") << QStringList{"x", "y"} << QStringList{"x", "y"} << 2;
    QTest::newRow("both empty") << QStringList{} << QStringList{} << 0;
    QTest::newRow("from empty") << QStringList{} << QStringList{"x"} << 0;
    QTest::newRow("to empty") << QStringList{"x", "y"} << QStringList{} << 0;
    QTest::newRow("middle change") << QStringList{"a", "b", "c"} << QStringList{"a", "B", "c"} << 2;
    QTest::newRow("move") << QStringList{"x", "y", "z"} << QStringList{"y", "z", "x"} << 2;
    QTest::newRow("interleaved") << QStringList{"a", "b", "c", "d", "e"} << QStringList{"b", "x", "d", "e", "f"} << 3;
    QTest::newRow("repeats") << QStringList{"}", "}", "}"} << QStringList{"}", "a", "}"} << 2;
}

void TstThreeWay::diff() {
    QFETCH(QStringList, a);
    QFETCH(QStringList, b);
    QFETCH(int, lcs);
    const QList<DiffOp> ops = diffLines(a, b);
    QCOMPARE(apply(a, b, ops), b);
    QCOMPARE(equalCount(ops), qsizetype(lcs));
    // Deletes come before inserts inside each changed run (documented shape).
    for (qsizetype i = 1; i < ops.size(); ++i)
        QVERIFY(!(ops[i - 1].kind == DiffOp::Kind::Insert && ops[i].kind == DiffOp::Kind::Delete));
}

void TstThreeWay::diffRandom() {
    // Random edits of random texts: the script always rebuilds b.
    QRandomGenerator rng(42);
    for (int round = 0; round < 200; ++round) {
        QStringList a, b;
        const int n = int(rng.bounded(30)), m = int(rng.bounded(30));
        for (int i = 0; i < n; ++i) a << QString::number(rng.bounded(5));
        for (int i = 0; i < m; ++i) b << QString::number(rng.bounded(5));
        const QList<DiffOp> ops = diffLines(a, b);
        QCOMPARE(apply(a, b, ops), b);
    }
}

void TstThreeWay::diffLargeFallback() {
    // Middles bigger than kMaxDiffCells: one replacement, still exact.
    QStringList a, b;
    for (int i = 0; i < 2500; ++i) {
        a << QStringLiteral("a%1").arg(i);
        b << QStringLiteral("b%1").arg(i);
    }
    a.prepend("head");
    b.prepend("head");
    a << "tail";
    b << "tail";
    QVERIFY(qsizetype(2501) * 2501 > kMaxDiffCells);
    const QList<DiffOp> ops = diffLines(a, b);
    QCOMPARE(apply(a, b, ops), b);
    QCOMPARE(equalCount(ops), qsizetype(2));
}

void TstThreeWay::merge_data() {
    QTest::addColumn<QString>("base");
    QTest::addColumn<QString>("theirs");
    QTest::addColumn<QString>("mine");
    QTest::addColumn<QString>("merged");
    QTest::addColumn<int>("conflicts");
    QTest::newRow("nothing changed") << "a\nb\n" << "a\nb\n" << "a\nb\n" << "a\nb\n" << 0;
    QTest::newRow("only mine") << "a\nb\nc\n" << "a\nb\nc\n" << "a\nB\nc\n" << "a\nB\nc\n" << 0;
    QTest::newRow("only theirs") << "a\nb\nc\n" << "a\nb\nC\n" << "a\nb\nc\n" << "a\nb\nC\n" << 0;
    QTest::newRow("different lines") << "a\nb\nc\nd\ne\n" << "A\nb\nc\nd\ne\n" << "a\nb\nc\nd\nE\n"
                                     << "A\nb\nc\nd\nE\n" << 0;
    QTest::newRow("same change both") << "port=1\nhost=x\n" << "port=2\nhost=x\n" << "port=2\nhost=x\n"
                                      << "port=2\nhost=x\n" << 0;
    QTest::newRow("mine appends, theirs edits top") << "a\nb\n" << "A\nb\n" << "a\nb\nc\n" << "A\nb\nc\n" << 0;
    QTest::newRow("theirs deletes, mine edits elsewhere") << "a\nb\nc\nd\n" << "a\nc\nd\n" << "a\nb\nc\nD\n"
                                                          << "a\nc\nD\n" << 0;
    QTest::newRow("same line differently")
        << "a\nport=1\nc\n" << "a\nport=2\nc\n" << "a\nport=3\nc\n"
        << "a\n<<<<<<< mine\nport=3\n||||||| loaded\nport=1\n=======\nport=2\n>>>>>>> server\nc\n" << 1;
    // Adjacent changes with no unchanged line between them conflict (as diff3).
    QTest::newRow("adjacent lines") << "a\nb\nc\nd\n" << "a\nb\nC\nd\n" << "a\nB\nc\nd\n"
                                    << "a\n<<<<<<< mine\nB\nc\n||||||| loaded\nb\nc\n=======\nb\nC\n>>>>>>> server\nd\n"
                                    << 1;
    QTest::newRow("both insert at end differently")
        << "a\n" << "a\nt\n" << "a\nm\n" << "a\n<<<<<<< mine\nm\n||||||| loaded\n=======\nt\n>>>>>>> server\n" << 1;
    QTest::newRow("one conflict, two clean changes")
        << "1\n2\n3\n4\n5\n6\n7\n" << "X\n2\n3\nT\n5\n6\n7\n" << "Y\n2\n3\n4\n5\n6\nM\n"
        << "<<<<<<< mine\nY\n||||||| loaded\n1\n=======\nX\n>>>>>>> server\n2\n3\nT\n5\n6\nM\n" << 1;
    QTest::newRow("mine drops final newline") << "a\nb\n" << "A\nb\n" << "a\nb" << "A\nb" << 0;
    QTest::newRow("theirs adds final newline") << "a\nb" << "a\nb\n" << "a\nB" << "a\nB\n" << 0;
    QTest::newRow("empty base, same text") << "" << "x\n" << "x\n" << "x\n" << 0;
    QTest::newRow("empty base, different") << "" << "x\n" << "y\n"
                                           << "<<<<<<< mine\ny\n||||||| loaded\n=======\nx\n>>>>>>> server\n" << 1;
    QTest::newRow("theirs emptied, mine unchanged") << "a\nb\n" << "" << "a\nb\n" << "" << 0;
    QTest::newRow("json one key each")
        << "{\n    \"a\": 1,\n    \"b\": 2,\n    \"c\": 3\n}\n" << "{\n    \"a\": 10,\n    \"b\": 2,\n    \"c\": 3\n}\n"
        << "{\n    \"a\": 1,\n    \"b\": 2,\n    \"c\": 30\n}\n" << "{\n    \"a\": 10,\n    \"b\": 2,\n    \"c\": 30\n}\n"
        << 0;
}

void TstThreeWay::merge() {
    QFETCH(QString, base);
    QFETCH(QString, theirs);
    QFETCH(QString, mine);
    QFETCH(QString, merged);
    QFETCH(int, conflicts);
    const MergeResult r = merge3(base, theirs, mine);
    QCOMPARE(r.text, merged);
    QCOMPARE(r.conflicts, conflicts);
    QCOMPARE(r.clean(), conflicts == 0);
    QCOMPARE(hasConflictMarkers(r.text), conflicts > 0);
    QCOMPARE(r.baseMarks.size(), splitLines(base).size());
    QCOMPARE(r.theirsMarks.size(), splitLines(theirs).size());
    QCOMPARE(r.mineMarks.size(), splitLines(mine).size());
    // Merging is symmetric up to which side the markers name first.
    const MergeResult swapped = merge3(base, mine, theirs);
    QCOMPARE(swapped.conflicts, conflicts);
    if (conflicts == 0) QCOMPARE(swapped.text, merged);
}

void TstThreeWay::marks() {
    const MergeResult r = merge3("a\nb\nc\nd\n", "a\nX\nc\nd\n", "a\nY\nc\nD\n");
    QCOMPARE(r.conflicts, 1);
    using M = LineMark;
    QCOMPARE(r.baseMarks, (QList<M>{M::Same, M::Conflict, M::Same, M::Changed}));
    QCOMPARE(r.theirsMarks, (QList<M>{M::Same, M::Conflict, M::Same, M::Same}));
    QCOMPARE(r.mineMarks, (QList<M>{M::Same, M::Conflict, M::Same, M::Changed}));
}

QTEST_GUILESS_MAIN(TstThreeWay)
#include "tst_three_way.moc"
