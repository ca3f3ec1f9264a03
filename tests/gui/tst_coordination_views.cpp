// The Locks and Elections views live (issue 19), on the engine (the
// zooscope-server process) and on Apache ZooKeeper 3.8, with the real
// contenders of the readers' tests: Curator 5.4 and ZooKeeper 3.8's own lock
// and election recipes (one JVM, tests/readers/java/ReaderInterop) and kazoo
// 2.8 (tests/readers/python/kazoo_readers.py).
// - A cluster tab's models name the same holders, waiters, leaders and
//   candidates, in the same order, and the same holder addresses as
//   `zooscope-ctl --json locks|elections`, and the sessions the clients
//   report about themselves.
// - The holders' sessions end: the views follow through their watches alone
//   (the rescan timer is set far beyond the test).
// - A row selects its znode in the browser; a session filters both views.
// - Screenshots of both views with these holders, English and Chinese, into
//   $ZS_SCREENSHOT_DIR (run under xvfb-run).
// - Watch budget: 1,000 kazoo-layout locks (3,001 znodes) under the scanned
//   root raise mntr's zk_watch_count by about 1,000, one child watch per lock.
// - A holder whose client dies without closing its session: highlighted as
//   gone and on the timeline, then the waiter holds once the server expires it.
// Every wait has a generous deadline; nothing asserts on time.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtTest>

#include "adapter/client_adapter.h"
#include "ctl_process.h"
#include "models/elections_model.h"
#include "models/locks_model.h"
#include "models/timeline_model.h"
#include "models/session_filter_proxy.h"
#include "recipe_helpers.h"
#include "session/ensemble_watch.h"
#include "session/recipe_watch.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/coordination_page.h"
#include "widgets/language.h"
#include "zooscope/server_probe.h"

using namespace zooscope;
using namespace zooscope::ui;
using zooscope::readertests::Helper;
using zooscope::readertests::Self;
using zooscope::testing::runCtl;

namespace {

constexpr int kWaitMs = 60000;  // a wait, never an assertion on time
constexpr int kLocks = 1000;

// The rows of one item as "session/id" per contender, in order.
QStringList contenders(const RecipeItemsModel& model, int row, int idColumn) {
    QStringList out;
    const QModelIndex parent = model.index(row, 0);
    for (int r = 0; r < model.rowCount(parent); ++r)
        out << model.index(r, LocksModel::SessionColumn, parent).data().toString() + "/" +
                   model.index(r, idColumn, parent).data().toString();
    return out;
}

QStringList named(const QJsonArray& list) {
    QStringList out;
    for (const QJsonValue& v : list) out << v[QStringLiteral("session")].toString() + "/" + v[QStringLiteral("id")].toString();
    return out;
}

// mntr's zk_watch_count of the server at `hosts` ("127.0.0.1:port").
qint64 watchCount(const QString& hosts) {
    const QStringList hp = hosts.split(':');
    const std::string mntr = monitor::tcpFourLetterWordTransport()({hp[0].toStdString(), quint16(hp[1].toUInt())}, "mntr",
                                                                    std::chrono::milliseconds(10000));
    for (const QString& line : QString::fromStdString(mntr).split('\n'))
        if (line.startsWith(QLatin1String("zk_watch_count"))) return line.section('\t', 1).trimmed().toLongLong();
    return -1;
}

}  // namespace

class TstCoordinationViews : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void liveHolders_data() { serverColumn(); }
    void liveHolders();
    void watchBudget_data() { serverColumn(); }
    void watchBudget();
    void crashedHolder_data() { serverColumn(); }
    void crashedHolder();

private:
    void serverColumn() { zooscope::readertests::addServerRows(); }
    QString hosts() { return zooscope::readertests::currentHosts(servers_); }
    QString serverName() {
        QFETCH(int, which);
        return which == 0 ? QStringLiteral("engine") : QStringLiteral("zookeeper");
    }
    // Starts contender `tag` with "<kind> TAG HOSTS PATH [ID]"; its session.
    Self join(Helper& h, const QString& kind, const QString& tag, const QString& path, const QString& id = {}) {
        const auto s = h.join(kind + " " + tag + " " + hosts() + " " + path + (id.isEmpty() ? "" : " " + id), tag);
        if (!s) QTest::qFail(qPrintable("no session for " + tag + ": " + h.tail()), __FILE__, __LINE__);
        return s.value_or(Self{});
    }
    // "" when the tab's models say what zooscope-ctl says about `root`.
    QString disagreement(ClusterTab* tab, const QString& root);
    void save(QWidget* w, const QString& name);
    QString qmDir();

    zooscope::clienttests::ServerPair servers_;
    Helper java_, kazoo_;
    QTemporaryDir dir_;
    QString shots_;
    int counter_ = 0;
};

void TstCoordinationViews::initTestCase() {
    const QString classes = QStringLiteral(ZS_READER_JAVA_CLASSES);
    QVERIFY2(QFile::exists(classes + "/ReaderInterop.class"), qPrintable("ReaderInterop.class was not built in " + classes));
    QVERIFY2(QFile::exists(zooscope::testing::ctlExe()), "zooscope-ctl was not built");
    shots_ = qEnvironmentVariable("ZS_SCREENSHOT_DIR", dir_.filePath("shots"));
    QDir().mkpath(shots_);
    servers_ = zooscope::clienttests::startServerPair();
    QVERIFY2(servers_.engine && servers_.zookeeper, servers_.error.c_str());
    QString error;
    QVERIFY2(zooscope::readertests::startJavaHelper(java_, classes, &error), qPrintable(error));
    QVERIFY2(zooscope::readertests::startKazooHelper(kazoo_, QStringLiteral(ZS_READERS_SOURCE_DIR), &error),
             qPrintable(error));
}

void TstCoordinationViews::cleanupTestCase() {
    java_.quit();
    kazoo_.quit();
    servers_ = {};
}

QString TstCoordinationViews::disagreement(ClusterTab* tab, const QString& root) {
    QStringList bad;
    for (const bool locks : {true, false}) {
        const auto run = runCtl({"--connect", hosts(), "--json", locks ? "locks" : "elections", "--root", root});
        if (run.code != 0) return run.describe();
        const QJsonArray items = QJsonDocument::fromJson(run.out).object()[QStringLiteral("items")].toArray();
        const RecipeItemsModel& model = locks ? static_cast<RecipeItemsModel&>(*tab->recipes()->locks())
                                              : static_cast<RecipeItemsModel&>(*tab->recipes()->elections());
        if (model.rowCount() != items.size())
            bad << QStringLiteral("%1 rows, zooscope-ctl %2 items").arg(model.rowCount()).arg(items.size());
        for (const QJsonValue& v : items) {
            const QString path = v[QStringLiteral("path")].toString();
            const int row = model.rowOf(path);
            if (row < 0) {
                bad << "no row " + path;
                continue;
            }
            auto check = [&](const QString& what, const QVariant& got, const QString& want) {
                if (got.toString() != want) bad << QStringLiteral("%1 %2: '%3', not '%4'").arg(path, what, got.toString(), want);
            };
            check("recipe", model.index(row, 0).data(RecipeItemsModel::RecipeRole), v[QStringLiteral("recipe")].toString());
            if (locks) {
                const QJsonArray holders = v[QStringLiteral("holders")].toArray();
                check("holder session", model.index(row, LocksModel::SessionColumn).data(), v[QStringLiteral("holderSession")].toString());
                check("client", model.index(row, LocksModel::AddressColumn).data(), v[QStringLiteral("holderAddress")].toString());
                check("contenders", contenders(model, row, LocksModel::HolderColumn).join(", "),
                      (named(holders) + named(v[QStringLiteral("waitersList")].toArray())).join(", "));
                check("waiters", model.index(row, LocksModel::WaitersColumn).data(), QString::number(v[QStringLiteral("waiters")].toInt()));
            } else {
                check("leader", model.index(row, ElectionsModel::LeaderColumn).data(), v[QStringLiteral("leader")].toString());
                check("leader session", model.index(row, ElectionsModel::SessionColumn).data(), v[QStringLiteral("leaderSession")].toString());
                check("candidates", contenders(model, row, ElectionsModel::LeaderColumn).join(", "),
                      named(v[QStringLiteral("candidates")].toArray()).join(", "));
            }
        }
    }
    return bad.join('\n');
}

void TstCoordinationViews::save(QWidget* w, const QString& name) {
    QApplication::processEvents();
    QTest::qWait(300);
    const QPixmap pm = w->grab();
    const QString file = shots_ + "/" + name + ".png";
    QVERIFY2(pm.save(file), qPrintable(file));
    QVERIFY2(pm.width() > 600 && pm.height() > 300, qPrintable(name));
    qInfo("saved %s (%dx%d)", qPrintable(file), pm.width(), pm.height());
}

QString TstCoordinationViews::qmDir() {
    const QString dir = dir_.filePath("i18n");
    if (QFile::exists(dir + "/zooscope_zh_CN.qm")) return dir;
    QDir().mkpath(dir);
    QProcess lrelease;
    lrelease.start(QStringLiteral(ZS_LRELEASE), {"-silent", qEnvironmentVariable("ZS_SOURCE_DIR") + "/translations/zooscope_zh_CN.ts",
                                                  "-qm", dir + "/zooscope_zh_CN.qm"});
    if (!lrelease.waitForFinished(60000) || lrelease.exitCode() != 0) qFatal("lrelease failed");
    return dir;
}

void TstCoordinationViews::liveHolders() {
    const QString root = QStringLiteral("/views-%1-%2").arg(serverName()).arg(++counter_);
    const QString t = QString::number(counter_);
    ConnectionProfile profile;
    profile.name = QStringLiteral("Coordination (%1)").arg(serverName());
    profile.hosts = hosts();
    profile.adminPort = 0;
    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* tab = new ClusterTab(profile, QString());
    layout->addWidget(tab);
    window.resize(1360, 640);
    window.show();
    RecipeWatch* watch = tab->recipes();
    QAbstractItemModelTester locksTester(watch->locks(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester electionsTester(watch->elections(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Only watches may bring the changes after the first scan.
    watch->setRescanIntervalMs(3600 * 1000);
    watch->setAddressesIntervalMs(2000);
    watch->setRoot(root);

    // Each pair: the first holds or leads, the second queues behind it.
    struct Pair {
        Helper* helper;
        QString kind, node, idA, idB;
        Self a, b;
    };
    std::vector<Pair> pairs = {{&java_, "mutex", "/curator-mutex", "id-a", "id-b", {}, {}},
                               {&java_, "latch", "/curator-latch", "latch-a", "latch-b", {}, {}},
                               {&java_, "zklock", "/zk-lock", "", "", {}, {}},
                               {&java_, "zkelect", "/zk-election", "host-a", "host-b", {}, {}},
                               {&kazoo_, "lock", "/kazoo-lock", "worker-a", "worker-b", {}, {}},
                               {&kazoo_, "elect", "/kazoo-election", "cand-a", "cand-b", {}, {}}};
    for (Pair& p : pairs) {
        p.a = join(*p.helper, p.kind, p.kind + "A" + t, root + p.node, p.idA);
        QVERIFY2(p.helper->holds(p.kind + "A" + t), qPrintable(p.helper->tail()));
        p.b = join(*p.helper, p.kind, p.kind + "B" + t, root + p.node, p.idB);
    }
    // The views agree with zooscope-ctl, and name the sessions the clients
    // report: a holds or leads, b waits.
    QString why;
    QVERIFY2(QTest::qWaitFor([&] { return (why = disagreement(tab, root)).isEmpty() && watch->locks()->rowCount() == 4; }, kWaitMs),
             qPrintable(why));
    QVERIFY(watch->snapshot()->rescannedAt.isValid());
    const QDateTime rescannedAt = watch->snapshot()->rescannedAt;
    for (const Pair& p : pairs) {
        const bool election = p.kind == "latch" || p.kind == "zkelect" || p.kind == "elect";
        const RecipeItemsModel* model = election ? static_cast<RecipeItemsModel*>(watch->elections())
                                                 : static_cast<RecipeItemsModel*>(watch->locks());
        const int row = model->rowOf(root + p.node);
        QVERIFY2(row >= 0, qPrintable(p.node));
        const QModelIndex parent = model->index(row, 0);
        QCOMPARE(model->rowCount(parent), 2);
        QCOMPARE(model->index(0, LocksModel::SessionColumn, parent).data().toString(), p.a.session);
        QCOMPARE(model->index(1, LocksModel::SessionColumn, parent).data().toString(), p.b.session);
        if (!election) QCOMPARE(model->index(row, LocksModel::AddressColumn).data().toString(), p.a.address);
    }
    QVERIFY(watch->childWatches() >= 6);

    // A lock held longer than the threshold: highlighted, and on the
    // dashboard's timeline (the threshold lowered to 1 s for the test).
    QTest::qWait(1200);
    watch->setHeldTooLongMs(1000);
    const int mutexRow = watch->locks()->rowOf(root + "/curator-mutex");
    QVERIFY(watch->locks()->index(mutexRow, 0).data(RecipeItemsModel::HighlightsRole).toInt() & HeldTooLong);
    QVERIFY(watch->locks()->index(mutexRow, LocksModel::FlagsColumn).data().toString().contains("held longer than 1 s"));
    bool onTimeline = false;
    for (const TimelineEvent& e : tab->ensemble()->timeline()->events())
        onTimeline |= e.kind == EventKind::LockHeldLong && e.text.contains(root + "/curator-mutex");
    QVERIFY(onTimeline);

    // Screenshots with these holders, English and Chinese.
    for (CoordinationPage* page : {tab->locksPage(), tab->electionsPage()}) {
        tab->pages()->setCurrentWidget(page);
        page->view()->expandAll();
        for (int c = 0; c < page->view()->model()->columnCount(); ++c) page->view()->resizeColumnToContents(c);
    }
    tab->pages()->setCurrentWidget(tab->locksPage());
    save(&window, "locks_view_" + serverName());
    tab->pages()->setCurrentWidget(tab->electionsPage());
    save(&window, "elections_view_" + serverName());
    if (serverName() == QLatin1String("engine")) {
        QVERIFY(switchLanguage("zh_CN", qmDir()));
        QTest::qWait(100);
        tab->pages()->setCurrentWidget(tab->locksPage());
        QVERIFY(tab->locksPage()->statusText().contains(QStringLiteral("已")));
        save(&window, "locks_view_zh_CN");
        tab->pages()->setCurrentWidget(tab->electionsPage());
        save(&window, "elections_view_zh_CN");
        switchLanguage("en", qmDir());  // English has no catalogue: false, and the texts are English
    }

    watch->setHeldTooLongMs(RecipeWatch::kHeldTooLongMs);

    // A row selects its znode in the browser.
    {
        CoordinationPage* page = tab->locksPage();
        const QModelIndex mutex = page->proxy()->mapFromSource(watch->locks()->index(watch->locks()->rowOf(root + "/curator-mutex"), 0));
        emit page->view()->activated(mutex);
        QCOMPARE(tab->pages()->currentWidget(), static_cast<QWidget*>(tab->browser()));
        QTRY_COMPARE_WITH_TIMEOUT(tab->browser()->currentPath(), root + "/curator-mutex", kWaitMs);
    }
    // A session filters both views: b waits for the kazoo lock only (a
    // "lock or election": in both views).
    {
        const qint64 b = pairs[4].b.session.mid(2).toLongLong(nullptr, 16);
        emit tab->electionsPage()->sessionFilterRequested(b);
        QCOMPARE(tab->locksPage()->proxy()->rowCount(), 1);
        QCOMPARE(tab->locksPage()->proxy()->index(0, 0).data().toString(), root + "/kazoo-lock");
        QCOMPARE(tab->electionsPage()->proxy()->rowCount(), 1);
        emit tab->locksPage()->sessionFilterRequested(0);
        QCOMPARE(tab->locksPage()->proxy()->rowCount(), 4);
    }

    // The holders' sessions end as a crashed client's do: the views follow.
    for (const Pair& p : pairs) QVERIFY2(p.helper->drop(p.kind + "A" + t), qPrintable(p.helper->tail()));
    for (const Pair& p : pairs) QVERIFY2(p.helper->holds(p.kind + "B" + t), qPrintable(p.helper->tail()));
    QVERIFY2(QTest::qWaitFor([&] {
                 if (!(why = disagreement(tab, root)).isEmpty()) return false;
                 for (const Pair& p : pairs) {
                     const bool election = p.kind == "latch" || p.kind == "zkelect" || p.kind == "elect";
                     const RecipeItemsModel* model = election ? static_cast<RecipeItemsModel*>(watch->elections())
                                                              : static_cast<RecipeItemsModel*>(watch->locks());
                     const QModelIndex parent = model->index(model->rowOf(root + p.node), 0);
                     if (model->rowCount(parent) != 1 ||
                         model->index(0, LocksModel::SessionColumn, parent).data().toString() != p.b.session) {
                         why = p.node + " does not show " + p.b.session + " alone";
                         return false;
                     }
                 }
                 return true;
             }, kWaitMs),
             qPrintable(why));
    QCOMPARE(watch->snapshot()->rescannedAt, rescannedAt);  // followed by watches, not by a rescan
    for (const Pair& p : pairs) QVERIFY(p.helper->drop(p.kind + "B" + t));
    delete tab;
}

void TstCoordinationViews::watchBudget() {
    const QString root = QStringLiteral("/budget-%1-%2").arg(serverName()).arg(++counter_);
    ClientAdapter adapter;
    client::ClientOptions options;
    options.connectString = hosts().toStdString();
    QString error;
    QVERIFY2(adapter.open(options, &error), qPrintable(error));
    QTRY_VERIFY_WITH_TIMEOUT(adapter.isConnected(), kWaitMs);
    // 1,000 locks in kazoo's layout, a holder and a waiter each (this
    // session's ephemerals): 3,001 znodes under the root.
    std::vector<client::Op> ops{client::Op::makeCreate(root.toStdString(), "")};
    client::CreateOptions ephemeral;
    ephemeral.mode = proto::CreateMode::EphemeralSequential;
    int pending = 0, failed = 0;
    auto flush = [&] {
        ++pending;
        adapter.multi(ops, [&](client::Result<std::vector<client::OpResult>> r) {
            --pending;
            failed += r.ok() ? 0 : 1;
        });
        ops.clear();
    };
    for (int i = 0; i < kLocks; ++i) {
        const std::string lock = root.toStdString() + "/lock-" + std::to_string(i);
        ops.push_back(client::Op::makeCreate(lock, ""));
        for (const char* who : {"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"})
            ops.push_back(client::Op::makeCreate(lock + "/" + who + "__lock__", "worker", ephemeral));
        if (ops.size() >= 150) flush();
    }
    flush();
    QElapsedTimer timer;
    timer.start();
    QTRY_VERIFY_WITH_TIMEOUT(pending == 0, kWaitMs);
    QCOMPARE(failed, 0);
    qInfo("%s: %d znodes made in %lld ms", qPrintable(serverName()), 3 * kLocks + 1, timer.restart());

    const qint64 before = watchCount(hosts());
    QVERIFY(before >= 0);
    RecipeWatch watch(&adapter, nullptr);
    QAbstractItemModelTester tester(watch.locks(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    watch.setRescanIntervalMs(3600 * 1000);
    watch.setRoot(root);
    watch.start();
    QTRY_VERIFY_WITH_TIMEOUT(watch.locks()->rowCount() == kLocks && watch.childWatches() == kLocks, kWaitMs);
    qInfo("%s: rows and watches in %lld ms", qPrintable(serverName()), timer.restart());
    const qint64 after = watchCount(hosts());
    qInfo("%s: zk_watch_count %lld -> %lld with %d locks (%d znodes) under %s", qPrintable(serverName()), before, after,
          kLocks, 3 * kLocks + 1, qPrintable(root));
    QVERIFY2(after - before >= kLocks && after - before <= kLocks + 10,
             qPrintable(QStringLiteral("watch count rose by %1").arg(after - before)));

    // At this size a watch still brings one lock's change: its holder goes.
    const int row = watch.locks()->rowOf(root + "/lock-500");
    const QString waiter = watch.locks()->index(1, LocksModel::PathColumn, watch.locks()->index(row, 0)).data().toString();
    const QString holder = watch.locks()->index(0, LocksModel::PathColumn, watch.locks()->index(row, 0)).data().toString();
    std::optional<client::Result<client::Empty>> removed;
    adapter.remove(root + "/lock-500/" + holder, -1, [&](client::Result<client::Empty> r) { removed = r; });
    QTRY_VERIFY_WITH_TIMEOUT(removed.has_value(), kWaitMs);
    QVERIFY2(removed->ok(), removed->message.c_str());
    QTRY_COMPARE_WITH_TIMEOUT(watch.locks()->index(row, LocksModel::HolderColumn).data().toString() + "|" +
                                  watch.locks()->index(0, LocksModel::PathColumn, watch.locks()->index(row, 0)).data().toString(),
                              QStringLiteral("worker|") + waiter, kWaitMs);
    QCOMPARE(watch.locks()->rowCount(watch.locks()->index(row, 0)), 1);
    adapter.close();
}

// A holder whose client dies without closing its session (its connection cut
// by a relay): first highlighted as gone (cons of the server no longer lists
// the session) and put on the timeline; then, once the server expires the
// session and deletes its node, the waiter holds, and the view says so.
void TstCoordinationViews::crashedHolder() {
    const QString root = QStringLiteral("/crashed-%1-%2").arg(serverName()).arg(++counter_);
    QFETCH(int, which);
    zooscope::testing::TcpProxy proxy((which == 0 ? *servers_.engine : *servers_.zookeeper).port());
    QVERIFY(proxy.port() != 0);
    auto connect = [&](ClientAdapter& a, const std::string& hosts, std::chrono::milliseconds timeout) {
        client::ClientOptions options;
        options.connectString = hosts;
        options.sessionTimeout = timeout;
        QString error;
        QVERIFY2(a.open(options, &error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(a.isConnected(), kWaitMs);
    };
    ClientAdapter viewer, waiter, crashing;
    connect(viewer, hosts().toStdString(), std::chrono::milliseconds(30000));
    connect(waiter, hosts().toStdString(), std::chrono::milliseconds(30000));
    connect(crashing, proxy.connectString(), std::chrono::milliseconds(10000));
    auto create = [&](ClientAdapter& a, const QString& path, proto::CreateMode mode) {
        client::CreateOptions o;
        o.mode = mode;
        std::optional<client::Result<client::Created>> r;
        a.create(path, "worker", o, [&](client::Result<client::Created> x) { r = x; });
        QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), kWaitMs);
        QVERIFY2(r->ok(), r->message.c_str());
    };
    create(viewer, root, proto::CreateMode::Persistent);
    create(viewer, root + "/lock", proto::CreateMode::Persistent);
    create(crashing, root + "/lock/0123456789abcdef0123456789abcdef__lock__", proto::CreateMode::EphemeralSequential);
    create(waiter, root + "/lock/fedcba9876543210fedcba9876543210__lock__", proto::CreateMode::EphemeralSequential);
    const QString crashed = sessionText(crashing.sessionId()), alive = sessionText(waiter.sessionId());

    TimelineModel timeline;
    RecipeWatch watch(&viewer, &timeline);
    QAbstractItemModelTester tester(watch.locks(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    watch.setRescanIntervalMs(3600 * 1000);
    watch.setAddressesIntervalMs(1000);
    watch.setRoot(root);
    watch.start();
    LocksModel* locks = watch.locks();
    QTRY_COMPARE_WITH_TIMEOUT(locks->index(0, LocksModel::SessionColumn).data().toString(), crashed, kWaitMs);
    QCOMPARE(locks->index(0, 0).data(RecipeItemsModel::HighlightsRole).toInt() & SessionGone, 0);
    // The holder's node must be older than the cons that misses it (the
    // slack for the server's clock).
    QTest::qWait(int(kClockSlackMs) + 500);

    proxy.cut();
    QTRY_VERIFY_WITH_TIMEOUT(locks->index(0, 0).data(RecipeItemsModel::HighlightsRole).toInt() & SessionGone, kWaitMs);
    const QModelIndex lock = locks->index(0, 0);
    QCOMPARE(locks->index(0, LocksModel::FlagsColumn, lock).data().toString(), QStringLiteral("session gone"));
    QCOMPARE(locks->index(1, LocksModel::FlagsColumn, lock).data().toString(), QString());
    bool onTimeline = false;
    for (const TimelineEvent& e : timeline.events())
        onTimeline |= e.kind == EventKind::SessionGone && e.text.contains(crashed);
    QVERIFY(onTimeline);

    // The server expires the session: the waiter holds.
    QTRY_COMPARE_WITH_TIMEOUT(locks->index(0, LocksModel::SessionColumn).data().toString(), alive, kWaitMs);
    QCOMPARE(locks->rowCount(locks->index(0, 0)), 1);
    QCOMPARE(locks->index(0, 0).data(RecipeItemsModel::HighlightsRole).toInt(), int(NoHighlight));
}

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("ZooScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_coordination_views"));
    TstCoordinationViews test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_coordination_views.moc"
