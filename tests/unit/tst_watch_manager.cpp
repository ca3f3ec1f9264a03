// core/tree/watch_manager: which watches each event type fires per kind,
// one-shot removal, persistent and recursive watches, one event per watcher,
// removeWatches/checkWatches semantics, connection removal and the 4lw
// reports.
#include <QtTest>

#include <algorithm>
#include <string>

#include "tree/watch_manager.h"

using namespace zooscope;
using namespace zooscope::tree;
using proto::EventType;
using proto::WatcherType;

Q_DECLARE_METATYPE(zooscope::tree::WatchKind)
Q_DECLARE_METATYPE(zooscope::proto::EventType)
Q_DECLARE_METATYPE(zooscope::proto::WatcherType)

namespace {
constexpr WatcherId kA = 11;
constexpr WatcherId kB = 22;
constexpr WatcherId kC = 33;

std::vector<WatcherId> watchersOf(const std::vector<WatchManager::Fired>& fired) {
    std::vector<WatcherId> ws;
    for (const auto& f : fired) ws.push_back(f.watcher);
    return ws;
}
}  // namespace

class TestWatchManager : public QObject {
    Q_OBJECT
private slots:
    void firing_data();
    void firing();
    void oneEventPerWatcher();
    void recursiveReachesDescendantsOnly();
    void severalWatchersSorted();
    void otherEventTypesFireNothing();
    void dataTreeSequence();
    void removeByType_data();
    void removeByType();
    void containsByType();
    void persistentHalvesFireOnTheirOwn();
    void removeWatcherDropsAll();
    void addIsIdempotent();
    void reports();
    void manyWatchers();
    void kindsHeld();
    void existsWatchFiresAndGoesAsData();
};

// Event at `eventPath` against one watch of `kind` on /a/b.
void TestWatchManager::firing_data() {
    QTest::addColumn<WatchKind>("kind");
    QTest::addColumn<EventType>("type");
    QTest::addColumn<QString>("eventPath");
    QTest::addColumn<bool>("fires");
    QTest::addColumn<bool>("stays");

    const EventType C = EventType::NodeCreated, D = EventType::NodeDeleted, M = EventType::NodeDataChanged,
                    K = EventType::NodeChildrenChanged;
    struct Row {
        const char* name;
        WatchKind kind;
        EventType type;
        const char* path;
        bool fires;
        bool stays;
    };
    const Row rows[] = {
        {"data/created", WatchKind::Data, C, "/a/b", true, false},
        {"data/deleted", WatchKind::Data, D, "/a/b", true, false},
        {"data/changed", WatchKind::Data, M, "/a/b", true, false},
        {"data/children", WatchKind::Data, K, "/a/b", false, true},
        {"data/child node changed", WatchKind::Data, M, "/a/b/c", false, true},
        {"data/parent changed", WatchKind::Data, M, "/a", false, true},
        {"child/created", WatchKind::Child, C, "/a/b", false, true},
        {"child/deleted", WatchKind::Child, D, "/a/b", true, false},
        {"child/changed", WatchKind::Child, M, "/a/b", false, true},
        {"child/children", WatchKind::Child, K, "/a/b", true, false},
        {"child/grandchild children", WatchKind::Child, K, "/a/b/c", false, true},
        {"persistent/created", WatchKind::Persistent, C, "/a/b", true, true},
        {"persistent/deleted", WatchKind::Persistent, D, "/a/b", true, true},
        {"persistent/changed", WatchKind::Persistent, M, "/a/b", true, true},
        {"persistent/children", WatchKind::Persistent, K, "/a/b", true, true},
        {"persistent/descendant changed", WatchKind::Persistent, M, "/a/b/c", false, true},
        {"persistent/descendant created", WatchKind::Persistent, C, "/a/b/c", false, true},
        {"recursive/created", WatchKind::PersistentRecursive, C, "/a/b", true, true},
        {"recursive/deleted", WatchKind::PersistentRecursive, D, "/a/b", true, true},
        {"recursive/changed", WatchKind::PersistentRecursive, M, "/a/b", true, true},
        {"recursive/children", WatchKind::PersistentRecursive, K, "/a/b", false, true},
        {"recursive/child created", WatchKind::PersistentRecursive, C, "/a/b/c", true, true},
        {"recursive/grandchild deleted", WatchKind::PersistentRecursive, D, "/a/b/c/d", true, true},
        {"recursive/descendant changed", WatchKind::PersistentRecursive, M, "/a/b/c/d/e", true, true},
        {"recursive/descendant children", WatchKind::PersistentRecursive, K, "/a/b/c", false, true},
        {"recursive/parent changed", WatchKind::PersistentRecursive, M, "/a", false, true},
        {"recursive/sibling prefix", WatchKind::PersistentRecursive, M, "/a/bc", false, true},
    };
    for (const Row& r : rows) {
        QTest::newRow(r.name) << r.kind << r.type << QString::fromLatin1(r.path) << r.fires << r.stays;
    }
}

void TestWatchManager::firing() {
    QFETCH(WatchKind, kind);
    QFETCH(EventType, type);
    QFETCH(QString, eventPath);
    QFETCH(bool, fires);
    QFETCH(bool, stays);

    WatchManager wm;
    QVERIFY(wm.add("/a/b", kA, kind));
    const std::string path = eventPath.toStdString();
    const auto fired = wm.trigger(path, type);
    if (fires) {
        QCOMPARE(fired.size(), size_t(1));
        QCOMPARE(fired[0].watcher, kA);
        QCOMPARE(fired[0].type, type);
        QCOMPARE(QString::fromStdString(fired[0].path), eventPath);  // the changed node, not the watched one
    } else {
        QVERIFY(fired.empty());
    }
    QCOMPARE(wm.contains("/a/b", kA, kind), stays);
    QCOMPARE(wm.pairCount(ReportScope::All), size_t(stays ? 1 : 0));
    // A second identical event fires again only if the watch stayed.
    QCOMPARE(wm.trigger(path, type).size(), size_t(fires && stays ? 1 : 0));
}

void TestWatchManager::oneEventPerWatcher() {
    WatchManager wm;
    for (WatchKind k : {WatchKind::Data, WatchKind::Child, WatchKind::Persistent, WatchKind::PersistentRecursive}) {
        wm.add("/a/b", kA, k);
    }
    wm.add("/a", kA, WatchKind::PersistentRecursive);
    wm.add("/", kA, WatchKind::PersistentRecursive);
    wm.add("/a/b", kB, WatchKind::Data);
    wm.add("/a/b", kB, WatchKind::Child);

    const auto fired = wm.trigger("/a/b", EventType::NodeDeleted);
    QCOMPARE(watchersOf(fired), (std::vector<WatcherId>{kA, kB}));
    // Both one-shot kinds went with the single event; persistent ones stayed.
    QVERIFY(!wm.contains("/a/b", kA, WatchKind::Data));
    QVERIFY(!wm.contains("/a/b", kA, WatchKind::Child));
    QVERIFY(wm.contains("/a/b", kA, WatchKind::Persistent));
    QVERIFY(wm.contains("/a/b", kA, WatchKind::PersistentRecursive));
    QVERIFY(!wm.contains("/a/b", kB, WatchKind::Data));
    QVERIFY(!wm.contains("/a/b", kB, WatchKind::Child));
    QCOMPARE(wm.recursiveCount(), size_t(3));
}

void TestWatchManager::recursiveReachesDescendantsOnly() {
    WatchManager wm;
    wm.add("/app", kA, WatchKind::PersistentRecursive);
    wm.add("/", kB, WatchKind::PersistentRecursive);
    QCOMPARE(watchersOf(wm.trigger("/app/x/y", EventType::NodeCreated)), (std::vector<WatcherId>{kA, kB}));
    QCOMPARE(watchersOf(wm.trigger("/apple", EventType::NodeCreated)), (std::vector<WatcherId>{kB}));
    QCOMPARE(watchersOf(wm.trigger("/", EventType::NodeDataChanged)), (std::vector<WatcherId>{kB}));
    QVERIFY(wm.trigger("/app", EventType::NodeChildrenChanged).empty());
}

void TestWatchManager::severalWatchersSorted() {
    WatchManager wm;
    wm.add("/n", kC, WatchKind::Data);
    wm.add("/n", kA, WatchKind::Data);
    wm.add("/n", kB, WatchKind::Persistent);
    const auto fired = wm.trigger("/n", EventType::NodeDataChanged);
    QCOMPARE(watchersOf(fired), (std::vector<WatcherId>{kA, kB, kC}));
    for (const auto& f : fired) QCOMPARE(f.type, EventType::NodeDataChanged);
    QCOMPARE(wm.pathCount(ReportScope::All), size_t(1));  // only kB's persistent watch left
    QCOMPARE(wm.watcherCount(ReportScope::All), size_t(1));
}

void TestWatchManager::otherEventTypesFireNothing() {
    WatchManager wm;
    wm.add("/n", kA, WatchKind::Data);
    wm.add("/n", kA, WatchKind::Persistent);
    wm.add("/", kA, WatchKind::PersistentRecursive);
    for (EventType t : {EventType::None, EventType::DataWatchRemoved, EventType::ChildWatchRemoved,
                        EventType::PersistentWatchRemoved, static_cast<EventType>(99)}) {
        QVERIFY(wm.trigger("/n", t).empty());
    }
    QVERIFY(wm.contains("/n", kA, WatchKind::Data));
}

// The calls DataTree makes (watch_manager.h): create, setData, delete of /p/c.
void TestWatchManager::dataTreeSequence() {
    WatchManager wm;
    wm.add("/p/c", kA, WatchKind::Data);   // exists("/p/c", watch) before it exists
    wm.add("/p", kB, WatchKind::Child);    // getChildren("/p", watch)
    wm.add("/p", kC, WatchKind::Persistent);

    // create /p/c
    QCOMPARE(watchersOf(wm.trigger("/p/c", EventType::NodeCreated)), (std::vector<WatcherId>{kA}));
    QCOMPARE(watchersOf(wm.trigger("/p", EventType::NodeChildrenChanged)), (std::vector<WatcherId>{kB, kC}));
    // setData /p/c: kA's exists watch was consumed by the create.
    QVERIFY(wm.trigger("/p/c", EventType::NodeDataChanged).empty());
    // delete /p/c
    wm.add("/p/c", kA, WatchKind::Data);
    wm.add("/p", kB, WatchKind::Child);
    QCOMPARE(watchersOf(wm.trigger("/p/c", EventType::NodeDeleted)), (std::vector<WatcherId>{kA}));
    QCOMPARE(watchersOf(wm.trigger("/p", EventType::NodeChildrenChanged)), (std::vector<WatcherId>{kB, kC}));
    QCOMPARE(wm.pairCount(ReportScope::All), size_t(1));
}

void TestWatchManager::removeByType_data() {
    QTest::addColumn<int>("held");  // bit per WatchKind
    QTest::addColumn<WatcherType>("type");
    QTest::addColumn<bool>("removed");
    QTest::addColumn<int>("left");

    constexpr int D = 1 << int(WatchKind::Data), C = 1 << int(WatchKind::Child), P = 1 << int(WatchKind::Persistent),
                  R = 1 << int(WatchKind::PersistentRecursive);
    QTest::newRow("data by Data") << D << WatcherType::Data << true << 0;
    QTest::newRow("data by Children") << D << WatcherType::Children << false << D;
    QTest::newRow("data by Any") << D << WatcherType::Any << true << 0;
    QTest::newRow("child by Children") << C << WatcherType::Children << true << 0;
    QTest::newRow("child by Data") << C << WatcherType::Data << false << C;
    QTest::newRow("data+child by Data") << (D | C) << WatcherType::Data << true << C;
    QTest::newRow("data+child by Any") << (D | C) << WatcherType::Any << true << 0;
    // A persistent/recursive watch is an entry in each of ZooKeeper's two
    // tables; Data or Children removes one half and the other stays.
    QTest::newRow("persistent by Data") << P << WatcherType::Data << true << P;
    QTest::newRow("persistent by Children") << P << WatcherType::Children << true << P;
    QTest::newRow("persistent by Any") << P << WatcherType::Any << true << 0;
    QTest::newRow("recursive by Data") << R << WatcherType::Data << true << R;
    QTest::newRow("recursive by Children") << R << WatcherType::Children << true << R;
    QTest::newRow("recursive by Any") << R << WatcherType::Any << true << 0;
    QTest::newRow("child+persistent by Data") << (C | P) << WatcherType::Data << true << (C | P);
    QTest::newRow("none by Any") << 0 << WatcherType::Any << false << 0;
    QTest::newRow("bad type") << D << static_cast<WatcherType>(7) << false << D;
}

void TestWatchManager::removeByType() {
    QFETCH(int, held);
    QFETCH(WatcherType, type);
    QFETCH(bool, removed);
    QFETCH(int, left);
    const WatchKind kinds[] = {WatchKind::Data, WatchKind::Child, WatchKind::Persistent,
                               WatchKind::PersistentRecursive};
    WatchManager wm;
    for (WatchKind k : kinds) {
        if (held & (1 << int(k))) wm.add("/w", kA, k);
    }
    wm.add("/w", kB, WatchKind::Data);  // another connection's watch is never touched
    wm.add("/w", kB, WatchKind::PersistentRecursive);
    QCOMPARE(wm.remove("/w", kA, type), removed);
    for (WatchKind k : kinds) {
        QCOMPARE(wm.contains("/w", kA, k), bool(left & (1 << int(k))));
    }
    QVERIFY(wm.contains("/w", kB, WatchKind::Data));
    QCOMPARE(wm.recursiveCount(), size_t(((left & (1 << int(WatchKind::PersistentRecursive))) ? 1 : 0) + 1));
    QVERIFY(!wm.remove("/elsewhere", kA, WatcherType::Any));
}

void TestWatchManager::containsByType() {
    WatchManager wm;
    wm.add("/d", kA, WatchKind::Data);
    wm.add("/c", kA, WatchKind::Child);
    wm.add("/p", kA, WatchKind::Persistent);
    wm.add("/r", kA, WatchKind::PersistentRecursive);
    QVERIFY(wm.contains("/d", kA, WatcherType::Data));
    QVERIFY(!wm.contains("/d", kA, WatcherType::Children));
    QVERIFY(wm.contains("/d", kA, WatcherType::Any));
    QVERIFY(!wm.contains("/c", kA, WatcherType::Data));
    QVERIFY(wm.contains("/c", kA, WatcherType::Children));
    for (const char* p : {"/p", "/r"}) {
        QVERIFY(wm.contains(p, kA, WatcherType::Data));
        QVERIFY(wm.contains(p, kA, WatcherType::Children));
        QVERIFY(wm.contains(p, kA, WatcherType::Any));
    }
    // As ZooKeeper 3.8 answers: any connection's entry in the table asked
    // about counts; a recursive watch on an ancestor does not.
    QVERIFY(wm.contains("/d", kB, WatcherType::Any));
    QVERIFY(wm.contains("/d", kB, WatcherType::Data));
    QVERIFY(!wm.contains("/d", kB, WatcherType::Children));
    QVERIFY(!wm.contains("/r/x", kA, WatcherType::Any));
}

void TestWatchManager::persistentHalvesFireOnTheirOwn() {
    WatchManager wm;
    wm.add("/p", kA, WatchKind::Persistent);
    QVERIFY(wm.remove("/p", kA, WatcherType::Data));
    // The child half still fires child and delete events, not data events.
    QVERIFY(wm.trigger("/p", EventType::NodeDataChanged).empty());
    QCOMPARE(watchersOf(wm.trigger("/p", EventType::NodeChildrenChanged)), std::vector<WatcherId>{kA});
    QCOMPARE(watchersOf(wm.trigger("/p", EventType::NodeDeleted)), std::vector<WatcherId>{kA});

    wm.add("/r", kA, WatchKind::PersistentRecursive);
    QVERIFY(wm.remove("/r", kA, WatcherType::Children));
    // The data half of a recursive watch keeps reporting the subtree's data events.
    QCOMPARE(watchersOf(wm.trigger("/r/x", EventType::NodeDataChanged)), std::vector<WatcherId>{kA});
    QCOMPARE(wm.recursiveCount(), size_t(1));
    QVERIFY(wm.remove("/r", kA, WatcherType::Data));
    QCOMPARE(wm.recursiveCount(), size_t(0));
    QVERIFY(wm.trigger("/r/x", EventType::NodeDataChanged).empty());
}

void TestWatchManager::removeWatcherDropsAll() {
    WatchManager wm;
    wm.add("/x", kA, WatchKind::Data);
    wm.add("/x", kA, WatchKind::Child);
    wm.add("/y", kA, WatchKind::PersistentRecursive);
    wm.add("/x", kB, WatchKind::Data);
    wm.removeWatcher(kA);
    wm.removeWatcher(kC);  // unknown: no-op
    QCOMPARE(wm.recursiveCount(), size_t(0));
    QCOMPARE(wm.watcherCount(ReportScope::All), size_t(1));
    QCOMPARE(wm.pathCount(ReportScope::All), size_t(1));
    QVERIFY(wm.trigger("/y/z", EventType::NodeCreated).empty());
    QCOMPARE(watchersOf(wm.trigger("/x", EventType::NodeDeleted)), (std::vector<WatcherId>{kB}));
    QCOMPARE(wm.watchCount(), size_t(0));
    QVERIFY(wm.byPath(ReportScope::All).empty());
}

void TestWatchManager::addIsIdempotent() {
    WatchManager wm;
    QVERIFY(wm.add("/r", kA, WatchKind::PersistentRecursive));
    QVERIFY(!wm.add("/r", kA, WatchKind::PersistentRecursive));
    QCOMPARE(wm.recursiveCount(), size_t(1));
    QVERIFY(wm.remove("/r", kA, WatcherType::Any));
    QCOMPARE(wm.recursiveCount(), size_t(0));
}

void TestWatchManager::reports() {
    WatchManager wm;
    wm.add("/a", kA, WatchKind::Data);
    wm.add("/a", kB, WatchKind::Data);
    wm.add("/b", kA, WatchKind::Child);   // child-only: invisible to ZooKeeper's wchs/wchc/wchp
    wm.add("/c", kC, WatchKind::Persistent);
    wm.add("/d", kC, WatchKind::PersistentRecursive);

    // mntr zk_watch_count: data-side pairs (a:A, a:B, c:C, d:C) + child-side (b:A, c:C, d:C).
    QCOMPARE(wm.watchCount(), size_t(7));
    QCOMPARE(wm.pathCount(), size_t(3));
    QCOMPARE(wm.watcherCount(), size_t(3));
    QCOMPARE(wm.pairCount(), size_t(4));
    QCOMPARE(wm.pathCount(ReportScope::All), size_t(4));
    QCOMPARE(wm.pairCount(ReportScope::All), size_t(5));

    const auto byW = wm.byWatcher();
    QCOMPARE(byW.size(), size_t(3));
    QCOMPARE(byW.at(kA), (std::vector<std::string>{"/a"}));
    QCOMPARE(byW.at(kC), (std::vector<std::string>{"/c", "/d"}));
    QCOMPARE(wm.byWatcher(ReportScope::All).at(kA), (std::vector<std::string>{"/a", "/b"}));

    const auto byP = wm.byPath();
    QCOMPARE(byP.size(), size_t(3));
    QCOMPARE(byP.at("/a"), (std::vector<WatcherId>{kA, kB}));
    QVERIFY(byP.find("/b") == byP.end());
    QCOMPARE(wm.byPath(ReportScope::All).at("/b"), (std::vector<WatcherId>{kA}));

    // Reports shrink as one-shot watches fire.
    wm.trigger("/a", EventType::NodeDataChanged);
    QCOMPARE(wm.pathCount(), size_t(2));
    QCOMPARE(wm.watcherCount(), size_t(1));
}

// Many connections: one trigger hits them all once, and a deep path with
// recursive watches at every level still yields one event per connection.
void TestWatchManager::manyWatchers() {
    WatchManager wm;
    constexpr WatcherId kN = 20000;
    for (WatcherId w = 1; w <= kN; ++w) {
        wm.add("/hot", w, WatchKind::Data);
        wm.add("/cold/" + std::to_string(w), w, WatchKind::Data);
    }
    std::string deep;
    for (int level = 0; level < 50; ++level) {
        deep += "/l" + std::to_string(level);
        for (WatcherId w = 1; w <= 10; ++w) wm.add(deep, w, WatchKind::PersistentRecursive);
    }
    QElapsedTimer timer;
    timer.start();
    const auto fired = wm.trigger("/hot", EventType::NodeDeleted);
    QCOMPARE(fired.size(), size_t(kN));
    QVERIFY(std::is_sorted(fired.begin(), fired.end(),
                           [](const auto& a, const auto& b) { return a.watcher < b.watcher; }));
    const auto deepFired = wm.trigger(deep + "/leaf", EventType::NodeCreated);
    QCOMPARE(watchersOf(deepFired).size(), size_t(10));
    QCOMPARE(deepFired.front().watcher, WatcherId(1));
    QCOMPARE(wm.pathCount(ReportScope::All), size_t(kN + 50));
    for (WatcherId w = 1; w <= kN; ++w) wm.removeWatcher(w);
    QCOMPARE(wm.pairCount(ReportScope::All), size_t(0));
    QCOMPARE(wm.recursiveCount(), size_t(0));
    // Generous bound: a regression to scanning every watch per ancestor would blow it.
    QVERIFY2(timer.elapsed() < 5000, qPrintable(QString::number(timer.elapsed())));
}

// held(): every kind a (path, watcher) holds, exists told apart from data.
void TestWatchManager::kindsHeld() {
    WatchManager wm;
    QVERIFY(wm.add("/a", kA, WatchKind::Data));
    QVERIFY(wm.add("/a", kA, WatchKind::Child));
    QVERIFY(wm.add("/m", kA, WatchKind::Exists));
    QVERIFY(wm.add("/p", kB, WatchKind::Persistent));
    QVERIFY(wm.add("/r", kB, WatchKind::PersistentRecursive));
    // exists() after getData adds nothing; getData after exists() makes it data.
    QVERIFY(!wm.add("/a", kA, WatchKind::Exists));
    QVERIFY(wm.add("/e", kB, WatchKind::Exists));
    QVERIFY(!wm.add("/e", kB, WatchKind::Data));
    const auto held = wm.held();
    QCOMPARE(held.size(), size_t(5));
    QCOMPARE(held[0].path, std::string("/a"));
    QCOMPARE(held[0].kinds, (std::vector<WatchKind>{WatchKind::Data, WatchKind::Child}));
    QCOMPARE(held[1].path, std::string("/m"));
    QCOMPARE(held[1].kinds, std::vector<WatchKind>{WatchKind::Exists});
    QCOMPARE(held[2].watcher, kB);
    QCOMPARE(held[2].kinds, std::vector<WatchKind>{WatchKind::Data});  // /e
    QCOMPARE(held[3].kinds, std::vector<WatchKind>{WatchKind::Persistent});
    QCOMPARE(held[4].kinds, std::vector<WatchKind>{WatchKind::PersistentRecursive});
    QVERIFY(wm.contains("/m", kA, WatchKind::Exists) && wm.contains("/m", kA, WatchKind::Data));
    QVERIFY(!wm.contains("/e", kB, WatchKind::Exists));
    // ZooKeeper's reports are unchanged: exists watches are data watches there.
    QCOMPARE(wm.pathCount(), size_t(5));
    QCOMPARE(wm.byWatcher().at(kA), (std::vector<std::string>{"/a", "/m"}));
    // A persistent watch whose data half removeWatches took is still held.
    QVERIFY(wm.remove("/p", kB, WatcherType::Data));
    QCOMPARE(wm.held()[3].kinds, std::vector<WatchKind>{WatchKind::Persistent});
}

void TestWatchManager::existsWatchFiresAndGoesAsData() {
    WatchManager wm;
    wm.add("/m", kA, WatchKind::Exists);
    QCOMPARE(watchersOf(wm.trigger("/m", EventType::NodeCreated)), std::vector<WatcherId>{kA});
    QVERIFY(wm.held().empty());
    QVERIFY(!wm.contains("/m", kA, WatchKind::Exists));
    // Set again, then removed by type: the tag goes with the data watch.
    wm.add("/m", kA, WatchKind::Exists);
    QVERIFY(wm.remove("/m", kA, WatcherType::Data));
    QVERIFY(wm.held().empty());
    QVERIFY(!wm.remove("/m", kA, WatcherType::Data));
    // And a fresh getData watch on the path is data, not exists.
    wm.add("/m", kA, WatchKind::Data);
    QCOMPARE(wm.held().front().kinds, std::vector<WatchKind>{WatchKind::Data});
}

QTEST_APPLESS_MAIN(TestWatchManager)
#include "tst_watch_manager.moc"
