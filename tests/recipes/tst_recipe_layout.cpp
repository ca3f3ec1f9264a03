// recipes/layout: the names Curator and kazoo write, the order each library
// gives them (misorders included) and the decisions taken from a listing,
// fed damaged input. No server.
#include <QtTest>

#include "recipes/layout.h"

using namespace zooscope::recipes::layout;

namespace {

const std::string kU1 = "0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d";
const std::string kU2 = "f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9";
const std::string kU3 = "12345678-9abc-4def-8123-456789abcdef";

std::string curator(const std::string& uuid, std::string_view marker, const std::string& seq) {
    return curatorProtectedName(uuid, marker) + seq;
}

QStringList q(const std::vector<std::string>& v) {
    QStringList out;
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}

}  // namespace

class TstRecipeLayout : public QObject {
    Q_OBJECT
private slots:
    void uuids();
    void sequences_data();
    void sequences();
    void curatorNodes_data();
    void curatorNodes();
    void kazooSequences_data();
    void kazooSequences();
    void curatorOrder();
    void curatorOrderAfterOverflow();
    void kazooOrderAfterOverflow();
    void kazooNodesMisorderedByCurator();
    void decideMutex();
    void decideKazoo();
    void decideReadWrite();
    void damaged_data();
    void damaged();
    void readersSkipTrailingJunk();
};

void TstRecipeLayout::uuids() {
    const std::string u = newUuid();
    QVERIFY(isUuid(u));
    QCOMPARE(u[14], '4');                                           // version 4
    QVERIFY(std::string("89ab").find(u[19]) != std::string::npos);  // IETF variant
    QVERIFY(newUuid() != u);
    const std::string h = newUuidHex();
    QCOMPARE(h.size(), size_t(32));
    QVERIFY(h.find_first_not_of("0123456789abcdef") == std::string::npos);
    QVERIFY(!isUuid("0b6a1c2e3f4d4a5b8c6d7e8f9a0b1c2d"));
    QVERIFY(!isUuid("0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2"));
    QVERIFY(!isUuid("0b6a1c2e-3f4d-4a5b-8c6d_7e8f9a0b1c2d"));
    QVERIFY(!isUuid("zb6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d"));
}

void TstRecipeLayout::sequences_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::newRow("zero") << "0000000000" << true;
    QTest::newRow("max") << "2147483647" << true;
    QTest::newRow("min after overflow") << "-2147483648" << true;
    QTest::newRow("small negative (%010d keeps width 10)") << "-000000001" << true;
    QTest::newRow("nine digits") << "000000001" << false;
    QTest::newRow("eleven digits") << "00000000001" << false;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("letters") << "00000000a1" << false;
    QTest::newRow("minus only") << "-" << false;
    QTest::newRow("plus") << "+000000001" << false;
}

void TstRecipeLayout::sequences() {
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QCOMPARE(isSequence(text.toStdString()), valid);
}

void TstRecipeLayout::curatorNodes_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("marker");
    QTest::addColumn<bool>("valid");
    QTest::newRow("mutex") << QString::fromStdString(curator(kU1, kMutexMarker, "0000000007")) << "lock-" << true;
    QTest::newRow("latch") << QString::fromStdString(curator(kU1, kLatchMarker, "0000000007")) << "latch-" << true;
    QTest::newRow("read") << QString::fromStdString(curator(kU1, kReadMarker, "0000000007")) << "__READ__" << true;
    QTest::newRow("write") << QString::fromStdString(curator(kU1, kWriteMarker, "0000000007")) << "__WRIT__" << true;
    QTest::newRow("lease") << QString::fromStdString(curator(kU1, kLeaseMarker, "0000000007")) << "lease-" << true;
    QTest::newRow("negative") << QString::fromStdString(curator(kU1, kMutexMarker, "-2147483648")) << "lock-" << true;
    QTest::newRow("wrong marker") << QString::fromStdString(curator(kU1, kLatchMarker, "0000000007")) << "lock-"
                                  << false;
    QTest::newRow("no protection") << "lock-0000000007"
                                   << "lock-" << false;
    QTest::newRow("short uuid") << "_c_0b6a1c2e-lock-0000000007"
                                << "lock-" << false;
    QTest::newRow("no sequence") << QString::fromStdString(curatorProtectedName(kU1, kMutexMarker)) << "lock-" << false;
    QTest::newRow("kazoo") << "0b6a1c2e3f4d4a5b8c6d7e8f9a0b1c2d__lock__0000000007"
                           << "lock-" << false;
    QTest::newRow("junk") << "junk"
                          << "lock-" << false;
}

void TstRecipeLayout::curatorNodes() {
    QFETCH(QString, name);
    QFETCH(QString, marker);
    QFETCH(bool, valid);
    QCOMPARE(isCuratorNode(name.toStdString(), marker.toStdString()), valid);
}

void TstRecipeLayout::kazooSequences_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("sequence");  // "<none>" when kazoo ignores the name
    QTest::newRow("plain") << "abc__lock__0000000003"
                           << "0000000003";
    QTest::newRow("overflowed") << "abc__lock__-2147483648"
                                << "-2147483648";
    // "%010d" of -1 is "-000000001": nine digits after the sign, which
    // kazoo's pattern (-?\d{10}) does not match.
    QTest::newRow("small negative ignored") << "abc__lock__-000000001"
                                            << "<none>";
    QTest::newRow("read lock is not a lock") << "abc__rlock__0000000003"
                                             << "<none>";
    QTest::newRow("eleven digits") << "abc__lock__00000000003"
                                   << "<none>";
    QTest::newRow("nine digits") << "abc__lock__000000003"
                                 << "<none>";
    QTest::newRow("marker only") << "__lock__0000000003"
                                 << "0000000003";
    QTest::newRow("curator") << QString::fromStdString(curator(kU1, kMutexMarker, "0000000003")) << "<none>";
    QTest::newRow("junk") << "0000000003"
                          << "<none>";
}

void TstRecipeLayout::kazooSequences() {
    QFETCH(QString, name);
    QFETCH(QString, sequence);
    const std::string text = name.toStdString();  // the result views into it
    const auto seq = kazooSequence(text, kKazooLockMarker);
    QCOMPARE(seq ? QString::fromStdString(std::string(*seq)) : QStringLiteral("<none>"), sequence);
}

// Curator sorts by the text after the marker, whatever the prefix.
void TstRecipeLayout::curatorOrder() {
    const std::vector<std::string> children = {curator(kU1, kMutexMarker, "0000000012"),
                                               curator(kU2, kMutexMarker, "0000000003"),
                                               curator(kU3, kMutexMarker, "0000000007")};
    QCOMPARE(q(librarySort(Scheme::CuratorMutex, children)), q({children[1], children[2], children[0]}));
}

// After the parent's cversion overflows, ZooKeeper appends negative numbers.
// Compared as text, every negative sorts before every positive, and the
// negatives sort in reverse: the newest first. Both libraries do that;
// ZooScope must too, or it would disagree with them about the holder.
void TstRecipeLayout::curatorOrderAfterOverflow() {
    const std::string last = curator(kU1, kMutexMarker, "2147483647");    // before the overflow
    const std::string first = curator(kU2, kMutexMarker, "-2147483648");  // the next create
    const std::string second = curator(kU3, kMutexMarker, "-2147483647");
    QCOMPARE(q(librarySort(Scheme::CuratorMutex, {last, first, second})), q({second, first, last}));
    const Decision d = decide(Scheme::CuratorMutex, {last, first, second}, second);
    QCOMPARE(d.kind, Decision::Kind::Holds);
}

void TstRecipeLayout::kazooOrderAfterOverflow() {
    const std::string last = "aa__lock__2147483647";
    const std::string first = "bb__lock__-2147483648";
    const std::string second = "cc__lock__-2147483647";
    const std::string small = "dd__lock__-000000001";  // invisible to kazoo
    QCOMPARE(q(librarySort(Scheme::KazooLock, {last, first, second, small})), q({second, first, last}));
    // A node kazoo cannot see never holds, however old.
    QCOMPARE(decide(Scheme::KazooLock, {last, small}, last).kind, Decision::Kind::Holds);
    QCOMPARE(decide(Scheme::KazooLock, {last, small}, small).kind, Decision::Kind::Missing);
}

// The documented limit: Curator orders a kazoo node by its whole name (a
// random hex prefix), so it may sort it after a younger Curator node.
void TstRecipeLayout::kazooNodesMisorderedByCurator() {
    const std::string kazooOld = "f00d" + std::string(28, 'e') + "__lock__0000000001";
    const std::string curatorYoung = curator(kU1, kMutexMarker, "0000000002");
    QCOMPARE(q(librarySort(Scheme::CuratorMutex, {kazooOld, curatorYoung})), q({curatorYoung, kazooOld}));
    // ZooScope refuses to take part on such a path, in either layout.
    const Decision c = decide(Scheme::CuratorMutex, {kazooOld, curatorYoung}, curatorYoung);
    QCOMPARE(c.kind, Decision::Kind::Damaged);
    QVERIFY2(c.problem.find("kazoo lock node") != std::string::npos, c.problem.c_str());
    QVERIFY2(c.problem.find("unsafe") != std::string::npos, c.problem.c_str());
    const Decision k = decide(Scheme::KazooLock, {kazooOld, curatorYoung}, kazooOld);
    QCOMPARE(k.kind, Decision::Kind::Damaged);
    QVERIFY2(k.problem.find("Curator lock node") != std::string::npos, k.problem.c_str());
}

void TstRecipeLayout::decideMutex() {
    const std::string a = curator(kU1, kMutexMarker, "0000000001");
    const std::string b = curator(kU2, kMutexMarker, "0000000002");
    const std::string c = curator(kU3, kMutexMarker, "0000000003");
    QCOMPARE(decide(Scheme::CuratorMutex, {c, a, b}, a).kind, Decision::Kind::Holds);
    // Each waiter watches only its predecessor.
    const Decision d = decide(Scheme::CuratorMutex, {c, a, b}, c);
    QCOMPARE(d.kind, Decision::Kind::Waits);
    QCOMPARE(QString::fromStdString(d.watch), QString::fromStdString(b));
    // The predecessor vanished: the next in line now.
    const Decision e = decide(Scheme::CuratorMutex, {c, a}, c);
    QCOMPARE(QString::fromStdString(e.watch), QString::fromStdString(a));
    QCOMPARE(decide(Scheme::CuratorMutex, {a, b}, c).kind, Decision::Kind::Missing);
    // Junk that sorts after us changes nothing.
    QCOMPARE(decide(Scheme::CuratorMutex, {"zzz", a, b}, a).kind, Decision::Kind::Holds);
}

void TstRecipeLayout::decideKazoo() {
    const std::string a = "aa__lock__0000000001";
    const std::string b = "bb__lock__0000000002";
    // kazoo ignores what does not match its pattern, wherever it sorts.
    QCOMPARE(decide(Scheme::KazooLock, {"0000", "junk", b, a}, a).kind, Decision::Kind::Holds);
    const Decision d = decide(Scheme::KazooLock, {"junk", b, a}, b);
    QCOMPARE(d.kind, Decision::Kind::Waits);
    QCOMPARE(QString::fromStdString(d.watch), QString::fromStdString(a));
}

// Curator's read-write lock: writers need to be first; readers only need
// no writer before them (and a reader of the lock's own writer holds).
void TstRecipeLayout::decideReadWrite() {
    const std::string r1 = curator(kU1, kReadMarker, "0000000001");
    const std::string w2 = curator(kU2, kWriteMarker, "0000000002");
    const std::string r3 = curator(kU3, kReadMarker, "0000000003");
    const std::string r0 = curator(kU3, kReadMarker, "0000000000");
    const std::vector<std::string> all = {r3, w2, r1};
    QCOMPARE(decide(Scheme::CuratorRead, all, r1).kind, Decision::Kind::Holds);
    const Decision w = decide(Scheme::CuratorWrite, all, w2);
    QCOMPARE(w.kind, Decision::Kind::Waits);
    QCOMPARE(QString::fromStdString(w.watch), QString::fromStdString(r1));
    const Decision r = decide(Scheme::CuratorRead, all, r3);
    QCOMPARE(r.kind, Decision::Kind::Waits);
    QCOMPARE(QString::fromStdString(r.watch), QString::fromStdString(w2));
    QCOMPARE(decide(Scheme::CuratorRead, all, r3, /*ownsWrite=*/true).kind, Decision::Kind::Holds);
    QCOMPARE(decide(Scheme::CuratorRead, {r0, r1}, r1).kind, Decision::Kind::Holds);
    QCOMPARE(q(librarySort(Scheme::CuratorRead, all)), q({r1, w2, r3}));
}

void TstRecipeLayout::damaged_data() {
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QStringList>("children");
    QTest::addColumn<QString>("ours");
    QTest::addColumn<QString>("mentions");
    const QString mine = QString::fromStdString(curator(kU1, kMutexMarker, "0000000005"));
    QTest::newRow("junk ahead (digits sort first)") << "mutex" << QStringList{"0", mine} << mine << "'0'";
    QTest::newRow("unprotected curator name ahead")
        << "mutex" << QStringList{"lock-0000000001", mine} << mine << "'lock-0000000001'";
    QTest::newRow("bad sequence ahead")
        << "mutex" << QStringList{QString::fromStdString(curator(kU2, kMutexMarker, "0000000001x")), mine} << mine
        << "is not a lock node";
    const QString latch = QString::fromStdString(curator(kU1, kLatchMarker, "0000000005"));
    QTest::newRow("junk ahead in a latch") << "latch" << QStringList{"-x", latch} << latch << "leader latch";
    QTest::newRow("kazoo read lock on a curator path")
        << "mutex" << QStringList{"abc__rlock__0000000009", mine} << mine << "kazoo lock node";
}

void TstRecipeLayout::damaged() {
    QFETCH(QString, scheme);
    QFETCH(QStringList, children);
    QFETCH(QString, ours);
    QFETCH(QString, mentions);
    std::vector<std::string> names;
    for (const QString& c : children) names.push_back(c.toStdString());
    const Scheme s = scheme == "latch" ? Scheme::CuratorLatch : Scheme::CuratorMutex;
    const Decision d = decide(s, names, ours.toStdString());
    QCOMPARE(d.kind, Decision::Kind::Damaged);
    QVERIFY2(d.problem.find(mentions.toStdString()) != std::string::npos, d.problem.c_str());
    // A reader never names a holder on such a path.
    const Ordered o = contenders(s, names);
    QVERIFY(o.nodes.empty());
    QVERIFY(!o.problem.empty());
}

void TstRecipeLayout::readersSkipTrailingJunk() {
    const std::string a = curator(kU1, kMutexMarker, "0000000001");
    const std::string b = curator(kU2, kMutexMarker, "0000000002");
    const Ordered o = contenders(Scheme::CuratorMutex, {"zzz-junk", b, a});
    QVERIFY2(o.problem.empty(), o.problem.c_str());
    QCOMPARE(q(o.nodes), q({a, b}));
    const Ordered k = contenders(Scheme::KazooLock, {"x", "bb__lock__0000000002", "aa__lock__0000000001"});
    QCOMPARE(q(k.nodes), q({"aa__lock__0000000001", "bb__lock__0000000002"}));
}

QTEST_GUILESS_MAIN(TstRecipeLayout)
#include "tst_recipe_layout.moc"
