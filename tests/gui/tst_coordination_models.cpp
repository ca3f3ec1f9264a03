// The coordination views' models without a server (issue 19): LocksModel and
// ElectionsModel under QAbstractItemModelTester fed snapshots as RecipeWatch
// makes them (rows come, change and go in place), their text against an
// expected dump, the highlights (a lock held too long, a session gone, no
// leader) and their timeline events (once per start), the session filter,
// and where a contender's znode is for each layout.
#include <QAbstractItemModelTester>
#include <QtTest>

#include "models/elections_model.h"
#include "models/locks_model.h"
#include "models/recipe_highlights.h"
#include "models/session_filter_proxy.h"

using namespace zooscope;
using namespace zooscope::ui;
using readers::Contender;
using readers::Recipe;
using readers::RecipeItem;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;  // a fixed wall clock for the cases

Contender contender(const std::string& node, int64_t session, const std::string& id, qint64 ctime = kNow - 60000) {
    return Contender{node, session, id, ctime};
}

RecipeItem item(const std::string& path, Recipe recipe, std::vector<Contender> holders, std::vector<Contender> waiters = {}) {
    RecipeItem i;
    i.path = path;
    i.recipe = recipe;
    i.holders = std::move(holders);
    i.waiters = std::move(waiters);
    return i;
}

std::shared_ptr<RecipeSnapshot> snapshot(std::vector<RecipeItem> items, std::map<int64_t, QString> addresses = {},
                                         qint64 addressesAtMs = 0) {
    auto s = std::make_shared<RecipeSnapshot>();
    for (auto& i : items) s->items[i.path] = std::move(i);
    s->addresses = std::move(addresses);
    s->addressesAtMs = addressesAtMs;
    return s;
}

// Column `c` of every top-level row.
QStringList column(const QAbstractItemModel& m, int c) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) out << m.index(r, c).data().toString();
    return out;
}

}  // namespace

class TstCoordinationModels : public QObject {
    Q_OBJECT
private slots:
    void locksFollowSnapshots();
    void electionsShowCandidatesInOrder();
    void highlights();
    void highlightsGoOnTheTimeline();
    void sessionFilter();
    void contenderPaths();
};

void TstCoordinationModels::locksFollowSnapshots() {
    LocksModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNow(kNow);
    const std::map<int64_t, QString> addresses{{0x11, "127.0.0.1:5001"}, {0x22, "127.0.0.1:5002"}};
    model.setSnapshot(snapshot({item("/app/lock", Recipe::LockOrElection, {contender("_c_a-lock-0000000000", 0x11, "a")},
                                     {contender("_c_b-lock-0000000001", 0x22, "b")}),
                                item("/app/latch", Recipe::CuratorLeaderLatch, {contender("_c_x-latch-0000000000", 0x11, "x")})},
                               addresses, kNow));
    // The latch is an election: not a lock row.
    QCOMPARE(column(model, LocksModel::PathColumn), QStringList{"/app/lock"});
    const QString expected = QStringLiteral(
        "/app/lock|lock or election|a|0x11|127.0.0.1:5001|%1 (60 s)|1||\n"
        "  _c_a-lock-0000000000|holds|a|0x11|127.0.0.1:5001|%1|||\n"
        "  _c_b-lock-0000000001|waits (1)|b|0x22|127.0.0.1:5002|waiting since %1|||")
                                 .arg(QDateTime::fromMSecsSinceEpoch(kNow - 60000).toString("yyyy-MM-dd HH:mm:ss"));
    QCOMPARE(model.dump(), expected);

    // Handover, a new lock before it, and a semaphore: rows change in place.
    QPersistentModelIndex lockRow = model.index(0, 0);
    RecipeItem sem = item("/app/sem", Recipe::KazooSemaphore,
                          {contender("0123456789abcdef0123456789abcdef", 0x22, "s1")});
    sem.leases = 1;
    model.setSnapshot(snapshot({item("/app/a-first", Recipe::ZooKeeperLock, {contender("x-17-0000000000", 0x11, "0x11")}),
                                item("/app/lock", Recipe::LockOrElection, {contender("_c_b-lock-0000000001", 0x22, "b")}),
                                sem},
                               addresses, kNow));
    QCOMPARE(column(model, LocksModel::PathColumn), (QStringList{"/app/a-first", "/app/lock", "/app/sem"}));
    QVERIFY(lockRow.isValid());
    QCOMPARE(lockRow.row(), 1);
    QCOMPARE(model.rowCount(lockRow), 1);
    QCOMPARE(model.index(1, LocksModel::HolderColumn).data().toString(), QStringLiteral("b"));
    QCOMPARE(model.index(1, LocksModel::WaitersColumn).data().toInt(), 0);
    QCOMPARE(model.index(2, LocksModel::LeasesColumn).data().toString(), QStringLiteral("1 / unknown"));

    // Free: the row stays with nobody in it; then it goes.
    model.setSnapshot(snapshot({item("/app/lock", Recipe::LockOrElection, {})}, addresses, kNow));
    QCOMPARE(column(model, LocksModel::HolderColumn), QStringList{"(free)"});
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    model.setSnapshot(snapshot({}));
    QCOMPARE(model.rowCount(), 0);
}

void TstCoordinationModels::electionsShowCandidatesInOrder() {
    ElectionsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshot({item("/e/latch", Recipe::CuratorLeaderLatch, {contender("_c_1-latch-0000000003", 0x31, "first")},
                                     {contender("_c_2-latch-0000000004", 0x32, "second"),
                                      contender("_c_3-latch-0000000007", 0x33, "third")}),
                                item("/e/mutex", Recipe::LockOrElection, {contender("_c_m-lock-0000000000", 0x34, "m")}),
                                item("/e/semaphore", Recipe::CuratorSemaphore, {contender("_c_s-lease-0000000000", 0x35, "s")})}));
    QCOMPARE(column(model, ElectionsModel::PathColumn), (QStringList{"/e/latch", "/e/mutex"}));
    QCOMPARE(column(model, ElectionsModel::LeaderColumn), (QStringList{"first", "m"}));
    QCOMPARE(model.index(0, ElectionsModel::CandidatesColumn).data().toInt(), 3);
    const QModelIndex latch = model.index(0, 0);
    QStringList order;
    for (int r = 0; r < model.rowCount(latch); ++r)
        order << model.index(r, ElectionsModel::RecipeColumn, latch).data().toString() + ":" +
                     model.index(r, ElectionsModel::LeaderColumn, latch).data().toString();
    QCOMPARE(order, (QStringList{"leads:first", "candidate 2:second", "candidate 3:third"}));
    QCOMPARE(model.index(1, 0, latch).data(RecipeItemsModel::PathRole).toString(), QStringLiteral("/e/latch/_c_2-latch-0000000004"));
    QCOMPARE(model.index(1, 0, latch).data(RecipeItemsModel::SessionRole).toLongLong(), 0x32);
}

void TstCoordinationModels::highlights() {
    const std::map<int64_t, QString> addresses{{0x11, "127.0.0.1:5001"}};
    // 0x22's node is older than the cons that does not list it: gone.
    // 0x33's node is newer than that cons: not known yet, not gone.
    auto s = snapshot({item("/l/old", Recipe::LockOrElection, {contender("_c_a-lock-0000000000", 0x11, "a", kNow - 3600000)},
                            {contender("_c_b-lock-0000000001", 0x22, "b", kNow - 60000)}),
                       item("/l/new", Recipe::LockOrElection, {contender("_c_c-lock-0000000000", 0x33, "c", kNow - 500)}),
                       item("/l/latch", Recipe::CuratorLeaderLatch, {}),
                       item("/l/empty-mutex", Recipe::LockOrElection, {})},
                      addresses, kNow - 1000);
    LocksModel locks;
    locks.setNow(kNow);
    locks.setHeldTooLongMs(10 * 60000);
    locks.setSnapshot(s);
    const int old = locks.rowOf("/l/old"), fresh = locks.rowOf("/l/new");
    QCOMPARE(locks.index(old, 0).data(RecipeItemsModel::HighlightsRole).toInt(), HeldTooLong | SessionGone);
    QCOMPARE(locks.index(fresh, 0).data(RecipeItemsModel::HighlightsRole).toInt(), int(NoHighlight));
    QCOMPARE(locks.index(1, 0, locks.index(old, 0)).data(RecipeItemsModel::HighlightsRole).toInt(), int(SessionGone));
    QCOMPARE(locks.index(0, 0, locks.index(old, 0)).data(RecipeItemsModel::HighlightsRole).toInt(), int(NoHighlight));
    QVERIFY(locks.index(old, LocksModel::FlagsColumn).data().toString().contains("held longer than 10 min"));
    QVERIFY(locks.index(old, 0).data(Qt::BackgroundRole).isValid());
    locks.setHeldTooLongMs(0);  // no threshold: only the gone session
    QCOMPARE(locks.index(old, 0).data(RecipeItemsModel::HighlightsRole).toInt(), int(SessionGone));

    // cons not answered by every server: nobody is called gone.
    auto unknown = std::make_shared<RecipeSnapshot>(*s);
    unknown->addressesAtMs = 0;
    locks.setSnapshot(unknown);
    QCOMPARE(locks.index(old, 0).data(RecipeItemsModel::HighlightsRole).toInt(), int(NoHighlight));

    ElectionsModel elections;
    elections.setSnapshot(s);
    QCOMPARE(elections.index(elections.rowOf("/l/latch"), 0).data(RecipeItemsModel::HighlightsRole).toInt(), int(Leaderless));
    QCOMPARE(elections.index(elections.rowOf("/l/latch"), ElectionsModel::LeaderColumn).data().toString(), QStringLiteral("(none)"));
    // An empty lock-or-election is as likely a free lock: not leaderless.
    QCOMPARE(elections.index(elections.rowOf("/l/empty-mutex"), 0).data(RecipeItemsModel::HighlightsRole).toInt(), int(NoHighlight));
}

void TstCoordinationModels::highlightsGoOnTheTimeline() {
    const std::map<int64_t, QString> addresses{{0x11, "127.0.0.1:5001"}};
    RecipeHighlights highlights;
    auto s = snapshot({item("/l/old", Recipe::LockOrElection, {contender("_c_a-lock-0000000000", 0x11, "a", kNow - 3600000)},
                            {contender("_c_b-lock-0000000001", 0x22, "b", kNow - 60000)}),
                       item("/l/latch", Recipe::CuratorLeaderLatch, {})},
                      addresses, kNow - 1000);
    QStringList kinds;
    for (const TimelineEvent& e : highlights.update(*s, kNow, 10 * 60000)) kinds << eventKindName(e.kind) + " " + e.text;
    kinds.sort();
    QCOMPARE(kinds, (QStringList{"leaderless /l/latch has no leader",
                                 "lock-held-long /l/old held by session 0x11 for more than 10 min",
                                 "session-gone /l/old: session 0x22 of _c_b-lock-0000000001 is connected to no server"}));
    // Once per start: the same snapshot again says nothing.
    QVERIFY(highlights.update(*s, kNow + 5000, 10 * 60000).isEmpty());
    // The latch gets a leader, then loses it again: reported again.
    auto led = snapshot({item("/l/latch", Recipe::CuratorLeaderLatch, {contender("_c_x-latch-0000000000", 0x11, "x", kNow)})},
                        addresses, kNow - 1000);
    QVERIFY(highlights.update(*led, kNow + 6000, 10 * 60000).isEmpty());
    const auto again = highlights.update(*s, kNow + 7000, 10 * 60000);
    QCOMPARE(again.size(), 3);
    TimelineModel timeline;
    timeline.append(again);
    QCOMPARE(timeline.rowCount(), 3);
    QVERIFY(timeline.toCsv().contains("leaderless"));
}

void TstCoordinationModels::sessionFilter() {
    LocksModel model;
    SessionFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSnapshot(snapshot({item("/a", Recipe::LockOrElection, {contender("_c_a-lock-0000000000", 0x11, "a")},
                                     {contender("_c_b-lock-0000000001", 0x22, "b")}),
                                item("/b", Recipe::LockOrElection, {contender("_c_c-lock-0000000000", 0x33, "c")}),
                                item("/c", Recipe::KazooReadWriteLock, {contender("x__rlock__0000000000", 0x22, "r")})}));
    QCOMPARE(proxy.rowCount(), 3);
    proxy.setSession(0x22);  // holds /c, waits for /a
    QCOMPARE(column(proxy, 0), (QStringList{"/a", "/c"}));
    QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 2);  // all of /a's contenders
    proxy.setSession(0x44);
    QCOMPARE(proxy.rowCount(), 0);
    proxy.setSession(0);
    QCOMPARE(proxy.rowCount(), 3);
}

void TstCoordinationModels::contenderPaths() {
    const Contender lease = contender("_c_1-lease-0000000001", 1, "a"), queued = contender("_c_2-lock-0000000000", 2, "b");
    const RecipeItem curatorSem = item("/s", Recipe::CuratorSemaphore, {lease}, {queued});
    QCOMPARE(contenderPath(curatorSem, lease, true), QStringLiteral("/s/leases/_c_1-lease-0000000001"));
    QCOMPARE(contenderPath(curatorSem, lease, false), QStringLiteral("/s/leases/_c_1-lease-0000000001"));
    QCOMPARE(contenderPath(curatorSem, queued, false), QStringLiteral("/s/locks/_c_2-lock-0000000000"));
    const RecipeItem kazooSem = item("/k", Recipe::KazooSemaphore, {}, {});
    QCOMPARE(contenderPath(kazooSem, contender("0123", 1, ""), true), QStringLiteral("/k/0123"));
    QCOMPARE(contenderPath(kazooSem, contender("x__lock__0000000000", 1, ""), false), QStringLiteral("/k-__lock__/x__lock__0000000000"));
    QCOMPARE(contenderPath(item("/job/locks/3", Recipe::StreamClaim, {}), contender("3", 1, "w1"), true), QStringLiteral("/job/locks/3"));
    QCOMPARE(contenderPath(item("/", Recipe::ZooKeeperLock, {}), contender("x-1-0000000000", 1, ""), true), QStringLiteral("/x-1-0000000000"));
    QCOMPARE(recipeSourceNodes(curatorSem), (std::vector<std::string>{"/s/leases", "/s/locks"}));
    QCOMPARE(recipeSourceNodes(kazooSem), (std::vector<std::string>{"/k", "/k-__lock__"}));
    QCOMPARE(recipeSourceNodes(item("/job/locks/3", Recipe::StreamClaim, {})), std::vector<std::string>{"/job/locks"});
    QCOMPARE(sessionText(0x1a2b), QStringLiteral("0x1a2b"));
}

QTEST_GUILESS_MAIN(TstCoordinationModels)
#include "tst_coordination_models.moc"
