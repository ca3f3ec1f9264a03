// The Watches view of a cluster tab (issue 19), on Apache ZooKeeper 3.8 (every
// four-letter word allowed) and the in-process engine, and on a ZooKeeper
// whose whitelist refuses the words (srvr only) with its AdminServer on:
// - WatchesModel under QAbstractItemModelTester follows reads in place
//   (sessions come and go, their paths change), headless;
// - sessions of the C client (ClientAdapter) set data, exists and child
//   watches: the view names the same sessions, client addresses and paths as
//   `zooscope-ctl --json watches --detail`, and only once asked for them;
// - a watching session closes: the view follows after the next read;
// - the session link: a session chosen on the Watches page filters the Locks
//   and Elections pages too, and one chosen there filters the Watches page;
//   a path row selects its znode in the browser;
// - words refused: the AdminServer at the profile's port answers (also for
//   the console's `watches`), and without one the view says why nothing came;
// - screenshots of the view, English and Chinese, into $ZS_SCREENSHOT_DIR
//   (run under xvfb-run).
// Every wait has a generous deadline; nothing asserts on time.
#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QVBoxLayout>
#include <QtTest>

#include "adapter/client_adapter.h"
#include "both_servers.h"
#include "ctl_process.h"
#include "screenshot_support.h"
#include "models/recipe_items_model.h"
#include "models/recipe_snapshot.h"
#include "models/session_filter_proxy.h"
#include "models/watches_model.h"
#include "session/watches_poll.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/console_page.h"
#include "widgets/coordination_page.h"
#include "widgets/language.h"
#include "widgets/watches_page.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;

namespace {

constexpr int kWaitMs = 60000;  // a wait, never an assertion on time

readers::SessionWatchList list(int64_t session, std::vector<std::string> paths) {
    readers::SessionWatchList l;
    l.session = session;
    l.client = "127.0.0.1:" + std::to_string(40000 + session);
    l.paths = std::move(paths);
    return l;
}

// "session|client|path,path" per session, sorted: what zooscope-ctl's
// --detail items and the model's rows both say.
QStringList ctlSessions(const QJsonObject& j) {
    QStringList out;
    for (const QJsonValue& v : j[QStringLiteral("items")].toArray()) {
        QStringList paths;
        for (const QJsonValue& p : v[QStringLiteral("paths")].toArray()) paths << p.toString();
        out << v[QStringLiteral("session")].toString() + "|" + v[QStringLiteral("client")].toString() + "|" + paths.join(',');
    }
    out.sort();
    return out;
}

QStringList modelSessions(const WatchesModel& m) {
    QStringList out;
    for (int r = 0; r < m.rowCount(); ++r) {
        QStringList paths;
        const QModelIndex parent = m.index(r, 0);
        for (int p = 0; p < m.rowCount(parent); ++p) paths << m.index(p, 0, parent).data(RecipeItemsModel::PathRole).toString();
        out << m.index(r, WatchesModel::SessionColumn).data().toString() + "|" +
                   m.index(r, WatchesModel::ClientColumn).data().toString() + "|" + paths.join(',');
    }
    out.sort();
    return out;
}

}  // namespace

class TstWatchesView : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void modelFollowsReads();
    void liveWatches_data() { BothServers::addRows(); }
    void liveWatches();
    void wordsRefused();

private:
    QString serverName() {
        QFETCH(QString, server);
        return server;
    }
    ConnectionProfile profileFor(const std::string& hosts, int adminPort) {
        QString error;
        auto p = ConnectionProfile::fromConnectString(QString::fromStdString(hosts), &error);
        if (!p) qFatal("%s", qPrintable(error));
        p->id = ConnectionProfile::newId();
        p->name = QStringLiteral("Watches");
        p->adminPort = adminPort;
        return *p;
    }
    // A session of the C client on `hosts`; false when none came.
    bool connect(ClientAdapter& a, const std::string& hosts) {
        client::ClientOptions options;
        options.connectString = hosts;
        QString error;
        if (!a.open(options, &error)) return false;
        return QTest::qWaitFor([&] { return a.isConnected(); }, kWaitMs);
    }
    // Submits one request and waits for it: true when it succeeded.
    template <class T>
    bool call(std::function<void(ClientAdapter::Done<T>)> submit) {
        std::optional<client::Result<T>> r;
        submit([&](client::Result<T> v) { r = std::move(v); });
        if (!QTest::qWaitFor([&] { return r.has_value(); }, kWaitMs)) return false;
        if (!r->ok()) qWarning("%s", r->message.c_str());
        return r->ok();
    }
    // Reads again and waits for the read; false when none came.
    bool readAgain(WatchesPoll* poll) {
        const int before = poll->readsDone();
        poll->readNow();
        return QTest::qWaitFor([&] { return poll->readsDone() > before; }, kWaitMs);
    }
    void save(QWidget* w, const QString& name);

    BothServers servers_;
    std::unique_ptr<TestServer> refusing_;  // whitelist srvr, AdminServer on
    QTemporaryDir dir_;
    QString shots_;
};

void TstWatchesView::initTestCase() {
    QVERIFY2(QFile::exists(ctlExe()), "zooscope-ctl was not built");
    shots_ = qEnvironmentVariable("ZS_SCREENSHOT_DIR", dir_.filePath("shots"));
    QDir().mkpath(shots_);
    std::string error;
    QVERIFY2(servers_.start(&error), error.c_str());
    ApacheOptions options;
    options.fourLetterWhitelist = "srvr";
    options.adminServer = true;
    refusing_ = startApacheZooKeeper(options, &error);
    QVERIFY2(refusing_, error.c_str());
}

void TstWatchesView::cleanupTestCase() {
    servers_.stop();
    refusing_.reset();
}

void TstWatchesView::modelFollowsReads() {
    WatchesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    readers::ServerWatches a, b;
    a.server = "127.0.0.1:1";
    a.source = "wchc";
    b.server = "127.0.0.1:2";
    b.source = "wchk";
    b.allKinds = true;
    a.detail = {list(5, {"/a", "/b"}), list(2, {"/c"})};
    b.detail = {list(3, {"/d"})};
    b.detail[0].kinds["/d"] = {"child", "data"};
    model.setRead({a, b}, 1000);
    QCOMPARE(model.dump(), QStringLiteral("0x2|127.0.0.1:40002|127.0.0.1:1|1 path(s)\n  /c|data or exists\n"
                                          "0x3|127.0.0.1:40003|127.0.0.1:2|1 path(s)\n  /d|child, data\n"
                                          "0x5|127.0.0.1:40005|127.0.0.1:1|2 path(s)\n  /a|data or exists\n  /b|data or exists"));
    // Selections survive: session 5's row keeps its place in a persistent index.
    const QPersistentModelIndex five = model.index(model.rowOf(5), 0);
    const QPersistentModelIndex fiveB = model.index(1, 0, five);
    a.detail = {list(5, {"/b", "/e", "/f"}), list(4, {"/g"})};  // 2 left, 4 came, 5's paths changed
    model.setRead({a, b}, 2000);
    QCOMPARE(model.dump(), QStringLiteral("0x3|127.0.0.1:40003|127.0.0.1:2|1 path(s)\n  /d|child, data\n"
                                          "0x4|127.0.0.1:40004|127.0.0.1:1|1 path(s)\n  /g|data or exists\n"
                                          "0x5|127.0.0.1:40005|127.0.0.1:1|3 path(s)\n  /b|data or exists\n"
                                          "  /e|data or exists\n  /f|data or exists"));
    QVERIFY(five.isValid());
    QCOMPARE(five.data().toString(), QStringLiteral("0x5"));
    QCOMPARE(fiveB.parent(), QModelIndex(five));
    QCOMPARE(model.index(0, 0, model.index(2, 0)).data(RecipeItemsModel::PathRole).toString(), QStringLiteral("/b"));
    QCOMPARE(model.index(2, 0).data(RecipeItemsModel::SessionsRole).value<QList<qint64>>(), QList<qint64>{5});
    QCOMPARE(model.clientOf(4), QStringLiteral("127.0.0.1:40004"));
    // The session filter keeps one session's rows with their paths.
    SessionFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.setSession(4);
    QCOMPARE(proxy.rowCount(), 1);
    QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 1);
    // A read without details leaves no rows; the summaries stay.
    a.detail.clear();
    b.detail.clear();
    model.setRead({a, b}, 3000);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(int(model.servers().size()), 2);
    QCOMPARE(model.readAtMs(), qint64(3000));
}

void TstWatchesView::save(QWidget* w, const QString& name) {
    QTest::qWait(300);  // the last repaints
    const QImage image = w->grab().toImage();
    QVERIFY2(distinctColours(image) > 20, qPrintable(name + " looks blank"));
    QVERIFY2(image.save(shots_ + "/" + name + ".png"), qPrintable(name));
}

void TstWatchesView::liveWatches() {
    const bool engine = serverName() == QLatin1String("engine");
    const std::string hosts = servers_.current()->connectString();
    const QString root = QStringLiteral("/watched-") + serverName();

    // Two watching sessions of the C client: A holds a data watch on a, an
    // exists watch on a missing node and a child watch on the root; B a data
    // watch on a.
    ClientAdapter a, b;
    QVERIFY(connect(a, hosts));
    QVERIFY(connect(b, hosts));
    QVERIFY(call<client::Created>([&](auto done) { a.create(root, "", {}, done); }));
    QVERIFY(call<client::Created>([&](auto done) { a.create(root + "/a", "1", {}, done); }));
    QVERIFY(call<client::NodeData>([&](auto done) { a.getData(root + "/a", true, done); }));
    QVERIFY(call<std::optional<proto::Stat>>([&](auto done) { a.exists(root + "/missing", true, done); }));
    QVERIFY(call<std::vector<std::string>>([&](auto done) { a.getChildren(root, true, done); }));
    QVERIFY(call<client::NodeData>([&](auto done) { b.getData(root + "/a", true, done); }));
    const qint64 sessionA = a.sessionId(), sessionB = b.sessionId();

    QWidget window;
    auto* layout = new QVBoxLayout(&window);
    auto* tab = new ClusterTab(profileFor(hosts, 0), QString());
    layout->addWidget(tab);
    window.resize(1360, 640);
    window.show();
    WatchesPoll* poll = tab->watches();
    WatchesModel* model = poll->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    WatchesPage* page = tab->watchesPage();
    tab->pages()->setCurrentWidget(page);

    // The summary first, without the sessions' paths.
    QTRY_VERIFY_WITH_TIMEOUT(poll->readsDone() > 0, kWaitMs);
    QCOMPARE(model->rowCount(), 0);
    QVERIFY2(page->summaryText().contains(engine ? "from wchk" : "from wchs"), qPrintable(page->summaryText()));
    QVERIFY2(page->statusText().startsWith("Read at "), qPrintable(page->statusText()));
    QCOMPARE(page->findChild<QLabel*>("watchesNote")->isVisibleTo(page), !engine);

    // Asked for: the same sessions, addresses and paths as zooscope-ctl. Both
    // read the server at their own moment (the tab's own session may watch
    // more meanwhile): they agree within the deadline.
    page->detailButton()->click();
    QVERIFY(poll->detail());
    QString why;
    QVERIFY2(QTest::qWaitFor(
                 [&] {
                     const Run r = runCtl({"--connect", QString::fromStdString(hosts), "--json", "watches", "--detail"});
                     if (r.code != 0 || !readAgain(poll)) {
                         why = r.describe();
                         return false;
                     }
                     const QStringList ctl = ctlSessions(QJsonDocument::fromJson(r.out).object());
                     const QStringList view = modelSessions(*model);
                     why = "zooscope-ctl: " + ctl.join("; ") + "\nview: " + view.join("; ");
                     return ctl == view && model->rowOf(sessionA) >= 0 && model->rowOf(sessionB) >= 0;
                 },
                 kWaitMs),
             qPrintable(why));
    const QModelIndex rowA = model->index(model->rowOf(sessionA), 0);
    QVERIFY(model->index(rowA.row(), WatchesModel::ClientColumn).data().toString().startsWith("127.0.0.1:"));
    QStringList pathsA;
    for (int p = 0; p < model->rowCount(rowA); ++p)
        pathsA << model->index(p, 0, rowA).data().toString() + "=" + model->index(p, WatchesModel::WatchesColumn, rowA).data().toString();
    if (engine)  // wchk names every kind
        QCOMPARE(pathsA, (QStringList{root + "=child", root + "/a=data", root + "/missing=exists"}));
    else  // 3.8's wchc: data and exists watches, not which; no child watches
        QCOMPARE(pathsA, (QStringList{root + "/a=data or exists", root + "/missing=data or exists"}));

    // Screenshots: every session's paths shown.
    page->view()->expandAll();
    for (int c = 0; c < WatchesModel::ColumnCount; ++c) page->view()->resizeColumnToContents(c);
    save(&window, "watches_view_" + serverName());
    if (engine) {
        QVERIFY(switchLanguage("zh_CN", chineseCatalogue(dir_.filePath("i18n"))));
        QTest::qWait(100);
        QVERIFY2(!page->statusText().startsWith("Read at"), qPrintable(page->statusText()));
        save(&window, "watches_view_zh_CN");
        switchLanguage("en");  // English has no catalogue: false, and the texts are English
    }

    // The session link: A chosen here filters every coordination page, and
    // the strip names its address; chosen on the Locks page, it filters here.
    emit page->sessionFilterRequested(sessionA);
    QCOMPARE(page->proxy()->rowCount(), 1);
    QCOMPARE(tab->locksPage()->proxy()->session(), sessionA);
    QCOMPARE(tab->electionsPage()->proxy()->session(), sessionA);
    QVERIFY2(page->findChild<QLabel*>("sessionFilterInfo")->text().contains("connected from 127.0.0.1:"),
             qPrintable(page->findChild<QLabel*>("sessionFilterInfo")->text()));
    emit tab->locksPage()->sessionFilterRequested(sessionB);
    QCOMPARE(page->proxy()->session(), sessionB);
    QCOMPARE(page->proxy()->rowCount(), 1);
    QCOMPARE(page->proxy()->index(0, 0).data().toString(), sessionText(sessionB));
    // Activating B's session row asks for everything of B; a path row selects
    // the znode in the browser.
    QSignalSpy asked(page, &WatchesPage::sessionFilterRequested);
    emit page->view()->activated(page->proxy()->index(0, WatchesModel::ServerColumn));
    QCOMPARE(asked.count(), 1);
    QCOMPARE(asked.first().first().toLongLong(), sessionB);
    emit page->view()->activated(page->proxy()->index(0, 0, page->proxy()->index(0, 0)));
    QCOMPARE(tab->pages()->currentWidget(), static_cast<QWidget*>(tab->browser()));
    QTRY_COMPARE_WITH_TIMEOUT(tab->browser()->currentPath(), root + "/a", kWaitMs);
    emit page->sessionFilterRequested(0);
    QVERIFY(page->proxy()->rowCount() >= 2);

    // A closes: gone after the next read.
    a.close();
    QVERIFY2(QTest::qWaitFor([&] { return readAgain(poll) && model->rowOf(sessionA) < 0; }, kWaitMs),
             qPrintable(model->dump()));
    QVERIFY(model->rowOf(sessionB) >= 0);
    // Details off: the rows go at once, the summaries stay.
    page->detailButton()->click();
    QCOMPARE(model->rowCount(), 0);
    QVERIFY(!page->summaryText().isEmpty());
    delete tab;
    b.close();
}

void TstWatchesView::wordsRefused() {
    const std::string hosts = refusing_->connectString();
    ClientAdapter watcher;
    QVERIFY(connect(watcher, hosts));
    QVERIFY(call<std::optional<proto::Stat>>([&](auto done) { watcher.exists("/refused-x", true, done); }));
    const QString session = sessionText(watcher.sessionId());

    // The profile names the AdminServer: it answers for the refused words.
    {
        ClusterTab tab(profileFor(hosts, refusing_->adminPort()), QString());
        WatchesModel* model = tab.watches()->model();
        tab.watchesPage()->detailButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(model->rowOf(watcher.sessionId()) >= 0, kWaitMs);
        QVERIFY2(tab.watchesPage()->summaryText().contains("from the AdminServer"), qPrintable(tab.watchesPage()->summaryText()));
        const QModelIndex row = model->index(model->rowOf(watcher.sessionId()), 0);
        QCOMPARE(model->rowCount(row), 1);
        QCOMPARE(model->index(0, 0, row).data().toString(), QStringLiteral("/refused-x"));
        QVERIFY(model->index(row.row(), WatchesModel::ClientColumn).data().toString().startsWith("127.0.0.1:"));

        // The console's `watches` asks the same AdminServer (the profile's port).
        QTRY_VERIFY_WITH_TIMEOUT(tab.adapter()->isConnected(), kWaitMs);
        ConsolePage* console = tab.console();
        QSignalSpy done(console, &ConsolePage::finished);
        console->runLine("--json watches --detail");
        QVERIFY(done.wait(kWaitMs));
        QCOMPARE(done.first().first().toInt(), 0);
        const QString out = console->output()->toPlainText();
        QVERIFY2(out.contains("\"source\": \"admin\"") && out.contains(session) && out.contains("/refused-x"), qPrintable(out));
    }
    // Without an AdminServer: a sentence says why nothing came.
    {
        ClusterTab tab(profileFor(hosts, 0), QString());
        QTRY_VERIFY_WITH_TIMEOUT(tab.watches()->readsDone() > 0, kWaitMs);
        const QString summary = tab.watchesPage()->summaryText();
        QVERIFY2(summary.contains("wchs") && summary.contains("whitelist"), qPrintable(summary));
        QCOMPARE(tab.watches()->model()->rowCount(), 0);
    }
    watcher.close();
}

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("ZooScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_watches_view"));
    TstWatchesView test;
    return QTest::qExec(&test, argc, argv);
}
#include "tst_watches_view.moc"
