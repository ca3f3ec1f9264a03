// The application shell against both servers (Apache ZooKeeper 3.8 and the
// engine): opening a cluster by connect string (in-process MainWindow and the
// real `zooscope --connect` executable), the status bar (srvr version/mode,
// the "not in the whitelist" case, session id, latency), the read-only guard,
// several tabs at once, settings/theme, the command line and the zh_CN
// translation (complete, and loaded by locale); the tab's "load all stats"
// bar (the level in view, the 10,000-children boundary), export of container
// and TTL modes, the reconnect backoff, a server killed -9 and restarted
// under an open tab, and "Copy path".
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDomDocument>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeView>
#include <QtTest>

#include <cstdio>
#include <limits>

#include "blocking_call.h"
#include "models/znode_tree_model.h"
#include "session/admin_task.h"
#include "session/session_supervisor.h"
#include "session/subtree_operations.h"
#include "session/write_guard.h"
#include "session_thief.h"
#include "settings/secret_store.h"
#include "test_support.h"
#include "text/data_format.h"
#include "text/node_errors.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/conflict_dialog.h"
#include "widgets/create_node_dialog.h"
#include "widgets/data_editor.h"
#include "widgets/main_window.h"
#include "widgets/node_panel.h"
#include "widgets/settings_dialog.h"
#include "widgets/status_bar.h"

using namespace zooscope::ui;
using zooscope::testing::TestServer;
namespace client = zooscope::client;
namespace proto = zooscope::proto;

class TestApp : public QObject {
    Q_OBJECT
    std::unique_ptr<TestServer> zk_, engine_;
    QTemporaryDir dir_;
    QString bin_;

    // The zh_CN catalogue's source.
    static QString catalogueTs() {
        return qEnvironmentVariable("ZS_SOURCE_DIR") + "/translations/zooscope_zh_CN.ts";
    }
    // Compiles it into `qm` the way the app embeds it.
    static bool compileCatalogue(const QString& qm) {
        QProcess p;
        p.start(QFileInfo(QStringLiteral(ZS_LUPDATE)).dir().filePath("lrelease"), {"-silent", catalogueTs(), "-qm", qm});
        return p.waitForFinished(60000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    }
    // Reads it, for the expected texts (never restated in a test).
    static bool readCatalogue(QDomDocument* doc) {
        QFile f(catalogueTs());
        return f.open(QIODevice::ReadOnly) && bool(doc->setContent(&f));
    }
    // Its translation of `source` in `context`, "" when there is none.
    static QString translationIn(const QDomDocument& doc, const QString& context, const QString& source) {
        const QDomNodeList contexts = doc.elementsByTagName("context");
        for (int i = 0; i < contexts.size(); ++i) {
            const QDomElement c = contexts.at(i).toElement();
            if (c.firstChildElement("name").text() != context) continue;
            for (QDomElement m = c.firstChildElement("message"); !m.isNull(); m = m.nextSiblingElement("message"))
                if (m.firstChildElement("source").text() == source) return m.firstChildElement("translation").text();
        }
        return QString();
    }

    TestServer* server(const QString& name) { return name == "zookeeper" ? zk_.get() : engine_.get(); }
    void servers() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    // An isolated environment for the executable: its own HOME (settings, logs).
    QProcessEnvironment appEnv() {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("HOME", dir_.filePath("home"));
        env.insert("XDG_CONFIG_HOME", dir_.filePath("home/.config"));
        env.insert("XDG_DATA_HOME", dir_.filePath("home/.local/share"));
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/zooscope-test-bus");
        return env;
    }
    // Runs zooscope with args; returns exit code, fills out/err.
    int runApp(const QStringList& args, QString* out, QString* err, const QProcessEnvironment& env) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(bin_, args);
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        if (out) *out = QString::fromUtf8(p.readAllStandardOutput());
        if (err) *err = QString::fromUtf8(p.readAllStandardError());
        return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }

    struct Window {
        std::unique_ptr<QSettings> settings;
        std::unique_ptr<SecretStore> secrets;
        std::unique_ptr<MainWindow> window;
    };
    Window makeWindow(const QString& name) {
        Window w;
        w.settings = std::make_unique<QSettings>(dir_.filePath(name + ".ini"), QSettings::IniFormat);
        w.secrets = std::make_unique<SecretStore>("ZooScope-test");
        w.window = std::make_unique<MainWindow>(w.settings.get(), w.secrets.get(), nullptr, QString());
        return w;
    }

    // A second client ("another process"), connected.
    static std::unique_ptr<client::Client> otherClient(const std::string& connectString) {
        client::ClientOptions o;
        o.connectString = connectString;
        std::string err;
        auto c = client::Client::connect(o, {}, &err);
        if (!c) qWarning("other client: %s", err.c_str());
        if (c && !QTest::qWaitFor([&] { return c->state() == client::SessionState::Connected; }, 15000)) c.reset();
        return c;
    }

    // Creates `parent` with `count` children c00000..., whose data lengths
    // cycle through 0..96 (so a data-length sort has something to sort), in
    // multis of 1,000 creates sent back to back.
    static bool createLevel(client::Client& c, const std::string& parent, int count) {
        auto made = zooscope::testing::blockingCall<client::Created>(
            [&](auto done) { c.create(parent, "", {}, std::move(done)); });
        if (!made.ok()) {
            qWarning("create %s: %s", parent.c_str(), made.message.c_str());
            return false;
        }
        constexpr int kPerMulti = 1000;
        std::vector<std::future<bool>> batches;
        for (int first = 0; first < count; first += kPerMulti) {
            std::vector<client::Op> ops;
            for (int i = first; i < std::min(count, first + kPerMulti); ++i) {
                char name[16];
                std::snprintf(name, sizeof name, "/c%05d", i);
                ops.push_back(client::Op::makeCreate(parent + name, std::string(size_t(i % 97), 'x')));
            }
            auto p = std::make_shared<std::promise<bool>>();
            batches.push_back(p->get_future());
            c.multi(ops, [p](client::Result<std::vector<client::OpResult>> r) { p->set_value(r.ok()); });
        }
        bool ok = true;
        for (auto& b : batches) ok = b.wait_for(std::chrono::seconds(60)) == std::future_status::ready && b.get() && ok;
        return ok;
    }

    // Opens a tab on `connectString` and waits until "/" is listed.
    static ClusterTab* openListedTab(Window& w, const std::string& connectString, int sessionTimeoutMs = 0) {
        QString error;
        auto profile = ConnectionProfile::fromConnectString(QString::fromStdString(connectString), &error);
        if (!profile) return nullptr;
        if (sessionTimeoutMs > 0) profile->sessionTimeoutMs = sessionTimeoutMs;
        ClusterTab* tab = w.window->openTab(*profile, QString());
        if (!QTest::qWaitFor([&] { return tab->status().healthy && tab->treeModel()->indexOf("/zookeeper").isValid(); },
                             15000))
            return nullptr;
        return tab;
    }

    // Expires the tab's session (see session_thief.h); true once the tab
    // noticed (a reconnect is pending or a new session is open).
    static bool expireSession(ClusterTab* tab, const std::string& connectString) {
        const qint64 id = tab->adapter()->sessionId();
        return zooscope::testing::stealAndExpireSession(tab->adapter(), connectString, tab->profile().sessionTimeoutMs, [&] {
            return tab->supervisor()->pendingReconnectMs() > 0 || tab->adapter()->sessionId() != id;
        });
    }

private slots:
    void initTestCase() {
        bin_ = qEnvironmentVariable("ZS_BIN_DIR") + "/zooscope";
        QVERIFY2(QFile::exists(bin_), qPrintable(bin_));
        std::string err;
        zk_ = zooscope::testing::startApacheZooKeeper({}, &err);
        QVERIFY2(zk_, err.c_str());
        engine_ = zooscope::testing::startEngine({}, &err);
        QVERIFY2(engine_, err.c_str());
        QDir().mkpath(dir_.filePath("home"));
    }

    void openByConnectString_data() { servers(); }
    void openByConnectString() {
        QFETCH(QString, server);
        TestServer* s = this->server(server);
        auto w = makeWindow("open-" + server);
        QString error;
        QVERIFY2(w.window->openConnectString(QString::fromStdString(s->connectString()), &error), qPrintable(error));
        ClusterTab* tab = w.window->currentTab();
        QVERIFY(tab);
        QSignalSpy listed(tab, &ClusterTab::rootListed);
        QTRY_VERIFY_WITH_TIMEOUT(tab->status().healthy, 15000);
        QTRY_VERIFY_WITH_TIMEOUT(listed.count() == 1, 15000);
        // "/" is expanded and lists at least /zookeeper.
        ZnodeTreeModel* m = tab->treeModel();
        QTRY_VERIFY(m->indexOf("/zookeeper").isValid());

        // Status bar: srvr answered (both servers whitelist it in the harness).
        ClusterStatusBar* bar = w.window->clusterStatusBar();
        QTRY_VERIFY_WITH_TIMEOUT(tab->status().srvr.answered, 10000);
        QCOMPARE(tab->status().srvr.mode, QString("standalone"));
        QVERIFY2(tab->status().srvr.version.startsWith("3.8") || server == "engine",
                 qPrintable(tab->status().srvr.version));
        QVERIFY(!tab->status().srvr.version.isEmpty());
        QVERIFY2(bar->serverText().contains(QString::fromStdString(s->connectString())), qPrintable(bar->serverText()));
        QVERIFY2(bar->serverText().contains("standalone"), qPrintable(bar->serverText()));
        const QString session = ClusterStatusBar::sessionIdText(tab->adapter()->sessionId());
        QVERIFY(session.startsWith("0x") && session.size() > 3);
        QVERIFY2(bar->sessionText().contains(session), qPrintable(bar->sessionText()));
        QTRY_VERIFY_WITH_TIMEOUT(tab->status().latencyMs >= 0, 10000);
        QVERIFY2(bar->latencyText().contains("ms"), qPrintable(bar->latencyText()));
        QVERIFY(w.window->windowTitle().contains(tab->profile().name));
    }

    void statusBarShowsWhitelistRefusal() {
        // ZooKeeper 3.8 (and the engine, which matches it) always allow srvr,
        // so a refusal only comes from other servers/versions: render it from
        // the parsed answer.
        ClusterStatusBar bar;
        ClusterStatus st;
        st.state = "Connected";
        st.healthy = true;
        st.server = "127.0.0.1:2181";
        st.srvr = zooscope::ui::parseSrvr("srvr is not executed because it is not in the whitelist.\n");
        st.sessionId = 0x1a2b;
        bar.setStatus(st);
        QVERIFY2(bar.serverText().contains("127.0.0.1:2181"), qPrintable(bar.serverText()));
        QVERIFY2(bar.serverText().contains("whitelist"), qPrintable(bar.serverText()));
        QCOMPARE(bar.sessionText(), QString("Session 0x1a2b"));
        st.srvr = SrvrInfo{};
        st.srvrError = "timed out";
        bar.setStatus(st);
        QVERIFY2(bar.serverText().contains("version unknown"), qPrintable(bar.serverText()));
    }

    void parseSrvr_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("whitelisted");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("mode");
        QTest::newRow("zookeeper") << "Zookeeper version: 3.8.0-5a02a05eddb59aee6ac762f7ea82e92a68eb9c0f, built on "
                                      "2022-02-25 08:49 UTC\nLatency min/avg/max: 0/0.0/0\nMode: follower\nNode count: 5\n"
                                   << true << "3.8.0" << "follower";
        QTest::newRow("refused") << "srvr is not executed because it is not in the whitelist.\n" << false << ""
                                 << "";
    }
    void parseSrvr() {
        QFETCH(QString, text);
        QFETCH(bool, whitelisted);
        QFETCH(QString, version);
        QFETCH(QString, mode);
        SrvrInfo info = zooscope::ui::parseSrvr(text);
        QVERIFY(info.answered);
        QCOMPARE(info.whitelisted, whitelisted);
        QCOMPARE(info.version, version);
        QCOMPARE(info.mode, mode);
    }

    void readOnlyGuard_data() { servers(); }
    void readOnlyGuard() {
        QFETCH(QString, server);
        TestServer* s = this->server(server);
        auto w = makeWindow("guard-" + server);
        QString error;
        auto profile = ConnectionProfile::fromConnectString(QString::fromStdString(s->connectString()), &error);
        QVERIFY(profile);
        profile->name = "prod";
        profile->readOnlyGuard = true;
        ClusterTab* tab = w.window->openTab(*profile, QString());
        QTRY_VERIFY_WITH_TIMEOUT(tab->status().healthy, 15000);
        QVERIFY(!tab->guard()->writesAllowed());
        QVERIFY(tab->status().guarded);
        QVERIFY(w.window->tabs()->tabText(0).contains("prod"));
        QCOMPARE(w.window->tabs()->tabText(0), QString("prod (read-only)"));
        QVERIFY(!w.window->tabs()->tabIcon(0).isNull());
        QVERIFY(tab->browser()->nodePanel()->isReadOnly());

        // A node to try to change.
        const QString path = QString("/guard-%1").arg(server);
        std::optional<bool> created;
        tab->adapter()->create(path, "before", {}, [&](auto r) { created = r.ok() || r.err == zooscope::proto::Err::NodeExists; });
        QTRY_VERIFY(created.has_value());
        QVERIFY(*created);
        tab->treeModel()->refresh(tab->treeModel()->indexOf("/"));
        QTRY_VERIFY(tab->treeModel()->indexOf(path).isValid());

        // Delete is refused without a question and without a request.
        QVERIFY(!tab->guard()->check("test"));
        QVERIFY2(tab->message().contains("read-only guarded"), qPrintable(tab->message()));
        tab->operations()->deleteNodes({path});
        // Saving through the node panel is refused too: nothing is sent.
        tab->selectPath(path);
        QTRY_COMPARE(tab->browser()->nodePanel()->path(), path);
        QTRY_VERIFY(tab->browser()->nodePanel()->hasNode());
        tab->browser()->nodePanel()->dataEditor()->setText("after");
        tab->browser()->nodePanel()->save();
        QVERIFY(tab->browser()->nodePanel()->messageIsError());
        std::optional<QByteArray> data;
        tab->adapter()->getData(path, false, [&](auto r) { data = QByteArray::fromStdString(r.value.data); });
        QTRY_VERIFY(data.has_value());
        QCOMPARE(*data, QByteArray("before"));

        // Unlock for this session: the title changes and writes go through.
        tab->guard()->unlock();
        QVERIFY(tab->guard()->writesAllowed());
        QCOMPARE(w.window->tabs()->tabText(0), QString("prod (unlocked)"));
        QVERIFY(!tab->browser()->nodePanel()->isReadOnly());
        QVERIFY(!tab->status().guarded);
        std::optional<bool> removed;
        tab->adapter()->remove(path, -1, [&](auto r) { removed = r.ok(); });
        QTRY_VERIFY(removed.has_value());
        QVERIFY(*removed);
        // The guard is per session: a new tab of the same profile is locked again.
        ClusterTab* again = w.window->openTab(*profile, QString());
        QVERIFY(!again->guard()->writesAllowed());
        QCOMPARE(w.window->tabs()->count(), 2);
    }

    void severalClustersAtOnce() {
        auto w = makeWindow("several");
        QString error;
        QVERIFY(w.window->openConnectString(QString::fromStdString(zk_->connectString()), &error));
        QVERIFY(!w.window->openConnectString("127.0.0.1:1/bad/", &error));
        QVERIFY2(error.contains("Invalid connect string"), qPrintable(error));
        QVERIFY(w.window->openConnectString(QString::fromStdString(engine_->connectString()), &error));
        QCOMPARE(w.window->tabs()->count(), 2);
        auto* a = qobject_cast<ClusterTab*>(w.window->tabs()->widget(0));
        auto* b = qobject_cast<ClusterTab*>(w.window->tabs()->widget(1));
        QTRY_VERIFY_WITH_TIMEOUT(a->status().healthy && b->status().healthy, 15000);
        QVERIFY(a->adapter()->sessionId() != b->adapter()->sessionId());
        // The status bar follows the current tab.
        w.window->tabs()->setCurrentIndex(0);
        QTRY_VERIFY(w.window->clusterStatusBar()->sessionText().contains(
            ClusterStatusBar::sessionIdText(a->adapter()->sessionId())));
        w.window->tabs()->setCurrentIndex(1);
        QTRY_VERIFY(w.window->clusterStatusBar()->sessionText().contains(
            ClusterStatusBar::sessionIdText(b->adapter()->sessionId())));
    }

    void reconnectsAfterExpiry_data() { servers(); }
    void reconnectsAfterExpiry() {
        // Two expiries in a row: the tab opens a new session after 1 s, then,
        // as the new session did not stay connected for
        // SessionSupervisor::kStableSessionMs, after 2 s: the backoff doubles.
        // (The steps themselves: tst_session.)
        QFETCH(QString, server);
        TestServer* s = this->server(server);
        auto w = makeWindow("expiry-" + server);
        ClusterTab* tab = openListedTab(w, s->connectString(), 4000);
        QVERIFY(tab);
        // Each scheduled reconnect, as the tab announces it.
        QList<int> delays;
        connect(tab, &ClusterTab::statusChanged, tab, [&] {
            const int ms = tab->supervisor()->pendingReconnectMs();
            if (ms > 0 && (delays.isEmpty() || delays.last() != ms)) delays << ms;
        });

        for (int round = 1; round <= 2; ++round) {
            const qint64 before = tab->adapter()->sessionId();
            QVERIFY2(expireSession(tab, s->connectString()), qPrintable(QString("round %1").arg(round)));
            QVERIFY2(tab->message().contains("expired") || tab->adapter()->sessionId() != before,
                     qPrintable(tab->message()));
            QTRY_VERIFY_WITH_TIMEOUT(tab->status().healthy && tab->adapter()->sessionId() != before, 30000);
            QCOMPARE(delays.size(), round);
            // The tree is usable again on the new session.
            tab->treeModel()->refresh(tab->treeModel()->indexOf("/"));
            QTRY_VERIFY(tab->treeModel()->indexOf("/zookeeper").isValid());
        }
        QCOMPARE(delays, (QList<int>{1000, 2000}));
    }

    // "Load all stats" targets the level in view: the selected node when it
    // is expanded (not its parent), and only above kAutoStatsLimit children.
    void loadAllStatsBar_data() { servers(); }
    void loadAllStatsBar() {
        QFETCH(QString, server);
        TestServer* s = this->server(server);
        static_assert(ZnodeTreeModel::kAutoStatsLimit == 10000);
        const int big = ZnodeTreeModel::kAutoStatsLimit + 1;
        const std::string root = "/stats-" + server.toStdString();
        auto other = otherClient(s->connectString());
        QVERIFY(other);
        QVERIFY(zooscope::testing::blockingCall<client::Created>(
                    [&](auto done) { other->create(root, "", {}, std::move(done)); })
                    .ok());
        QVERIFY(createLevel(*other, root + "/exactly", ZnodeTreeModel::kAutoStatsLimit));
        QVERIFY(createLevel(*other, root + "/over", big));

        auto w = makeWindow("loadall-" + server);
        w.window->resize(1300, 800);
        w.window->show();
        ClusterTab* tab = openListedTab(w, s->connectString());
        QVERIFY(tab);
        ZnodeTreeModel* m = tab->treeModel();
        QTreeView* view = tab->browser()->treeView();
        auto* button = tab->findChild<QPushButton*>("loadAllButton");
        auto* progress = tab->findChild<QProgressBar*>("loadAllProgress");
        QVERIFY(button && progress);
        const QString rootPath = QString::fromStdString(root);
        const QString over = rootPath + "/over", exactly = rootPath + "/exactly";
        m->refresh(m->indexOf("/"));
        QTRY_VERIFY(m->indexOf(rootPath).isValid());
        const auto expandCurrent = [&](const QString& path, int rows) {
            tab->selectPath(path);
            QCOMPARE(tab->browser()->currentPath(), path);
            view->expand(view->currentIndex());
            QTRY_COMPARE_WITH_TIMEOUT(m->rowCount(m->indexOf(path)), rows, 15000);
        };
        tab->selectPath(rootPath);
        view->expand(view->currentIndex());
        QTRY_VERIFY(m->indexOf(over).isValid() && m->indexOf(exactly).isValid());

        // The node with 10,001 children, selected and expanded, then sorted
        // by a stat column: the bar offers that level (its parent's few
        // rows have their stats).
        expandCurrent(over, big);
        QVERIFY(!m->levelStatsLoaded(m->indexOf(over)));
        view->sortByColumn(ZnodeTreeModel::DataLengthColumn, Qt::DescendingOrder);
        QTRY_COMPARE(tab->browser()->loadAllStatsLevel(), over);
        QVERIFY(tab->findChild<QFrame*>("loadAllBar")->isVisible());
        if (const QString dir = qEnvironmentVariable("ZS_APP_SHOT_DIR"); !dir.isEmpty())
            QVERIFY(w.window->grab().save(dir + "/load-all-bar-" + server + ".png"));

        // Selecting a row of that level keeps the bar on it.
        view->setCurrentIndex(view->model()->index(3, 0, view->currentIndex()));
        QCOMPARE(tab->browser()->loadAllStatsLevel(), over);
        tab->selectPath(over);

        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY(progress->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(m->levelStatsLoaded(m->indexOf(over)), 30000);
        QTRY_COMPARE(progress->maximum(), big);
        QTRY_COMPARE(progress->value(), big);
        QVERIFY(tab->browser()->loadAllStatsLevel().isEmpty());
        // The level is now sorted by data length, longest first, in the view.
        const QModelIndex viewLevel = view->currentIndex();
        QCOMPARE(view->model()->rowCount(viewLevel), big);
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int row = 0; row < big; ++row) {
            const qint64 length =
                view->model()->index(row, ZnodeTreeModel::DataLengthColumn, viewLevel).data(ZnodeTreeModel::SortRole).toLongLong();
            QVERIFY2(length <= previous, qPrintable(QString("row %1: %2 after %3").arg(row).arg(length).arg(previous)));
            previous = length;
        }
        QCOMPARE(view->model()->index(0, ZnodeTreeModel::DataLengthColumn, viewLevel).data(ZnodeTreeModel::SortRole)
                     .toLongLong(),
                 qint64(96));

        // Exactly kAutoStatsLimit children: the stats come without the bar.
        expandCurrent(exactly, ZnodeTreeModel::kAutoStatsLimit);
        QVERIFY(tab->browser()->loadAllStatsLevel().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(m->levelStatsLoaded(m->indexOf(exactly)), 30000);
        QVERIFY(tab->browser()->loadAllStatsLevel().isEmpty());
        QCOMPARE(view->model()->index(0, ZnodeTreeModel::DataLengthColumn, view->currentIndex())
                     .data(ZnodeTreeModel::SortRole)
                     .toLongLong(),
                 qint64(96));
        // Back to name order: no bar anywhere.
        tab->selectPath(over);
        view->sortByColumn(ZnodeTreeModel::NameColumn, Qt::AscendingOrder);
        QVERIFY(tab->browser()->loadAllStatsLevel().isEmpty());
    }

    // Containers and TTL nodes read as persistent through any client; the
    // export writes the modes this tab knows.
    void exportKeepsKnownModes_data() { servers(); }
    void exportKeepsKnownModes() {
        QFETCH(QString, server);
        TestServer* s = this->server(server);
        auto w = makeWindow("modes-" + server);
        ClusterTab* tab = openListedTab(w, s->connectString());
        QVERIFY(tab);
        const QString base = "/modes-" + server;
        const auto create = [&](const QString& path, proto::CreateMode mode, qint64 ttl) {
            std::optional<client::Result<client::Created>> r;
            client::CreateOptions o;
            o.mode = mode;
            o.ttlMs = ttl;
            tab->adapter()->create(path, "d", o, [&](auto res) { r = std::move(res); });
            QTRY_VERIFY(r.has_value());
            QVERIFY2(r->ok(), r->message.c_str());
        };
        create(base, proto::CreateMode::Persistent, 0);
        create(base + "/box", proto::CreateMode::Container, 0);
        // A TTL node from the node panel (its TTL is known) ...
        QSignalSpy created(tab->browser()->nodePanel(), &NodePanel::nodeCreated);
        CreateRequest request;
        request.path = base + "/lease";
        request.data = "d";
        request.options.mode = proto::CreateMode::PersistentWithTTL;
        request.options.ttlMs = 3600000;
        tab->browser()->nodePanel()->createNode(request);
        QTRY_COMPARE(created.count(), 1);
        // ... and one straight through the adapter: the adapter knows both.
        create(base + "/bare", proto::CreateMode::PersistentWithTTL, 5000);

        const QString file = dir_.filePath("modes-" + server + ".json");
        QSignalSpy finished(tab->operations(), &SubtreeOperations::finished);
        tab->operations()->exportSubtree(base, file);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
        const QString summary = finished.at(0).at(0).toString();
        QVERIFY2(finished.at(0).at(1).toBool(), qPrintable(summary));
        QVERIFY2(summary.contains("3 container or TTL node"), qPrintable(summary));

        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QMap<QString, QJsonObject> nodes;
        for (const QJsonValue v : QJsonDocument::fromJson(json).object().value("nodes").toArray())
            nodes.insert(v.toObject().value("path").toString(), v.toObject());
        QCOMPARE(nodes.size(), 4);
        QCOMPARE(nodes[base].value("mode").toString(), QString("persistent"));
        QVERIFY(!nodes[base].contains("modeAnnotated"));
        QCOMPARE(nodes[base + "/box"].value("mode").toString(), QString("container"));
        QCOMPARE(nodes[base + "/box"].value("modeAnnotated").toBool(), true);
        QCOMPARE(nodes[base + "/lease"].value("mode").toString(), QString("ttl"));
        QCOMPARE(nodes[base + "/lease"].value("ttl").toInteger(), qint64(3600000));
        QCOMPARE(nodes[base + "/lease"].value("modeAnnotated").toBool(), true);
        QCOMPARE(nodes[base + "/bare"].value("mode").toString(), QString("ttl"));
        QCOMPARE(nodes[base + "/bare"].value("ttl").toInteger(), qint64(5000));
        // The file is a valid export that says the same.
        QString error;
        auto snapshot = AdminTask::parseExportFile(json, &error);
        QVERIFY2(snapshot, qPrintable(error));
        int annotated = 0;
        for (const auto& n : snapshot->nodes) annotated += n.modeAnnotated ? 1 : 0;
        QCOMPARE(annotated, 3);
    }

    // A server killed with SIGKILL under an open tab, restarted on the same
    // port and data dir within the session timeout: the tab shows the loss,
    // marks the tree stale, gets the same session back and keeps watching.
    void serverKilledAndRestarted_data() { servers(); }
    void serverKilledAndRestarted() {
        QFETCH(QString, server);
        std::string err;
        std::unique_ptr<TestServer> s;
        if (server == "zookeeper") {
            s = zooscope::testing::startApacheZooKeeper({}, &err);
        } else {
            zooscope::testing::EngineOptions o;
            o.mode = zooscope::testing::EngineOptions::Mode::Process;
            s = zooscope::testing::startEngine(o, &err);
        }
        QVERIFY2(s, err.c_str());
        auto w = makeWindow("restart-" + server);
        ClusterTab* tab = openListedTab(w, s->connectString(), 30000);
        QVERIFY(tab);
        ClusterStatusBar* bar = w.window->clusterStatusBar();
        ZnodeTreeModel* m = tab->treeModel();
        const qint64 session = tab->adapter()->sessionId();
        QVERIFY(session != 0);
        QVERIFY(!m->isStale());

        QVERIFY(s->kill9());
        QTRY_COMPARE_WITH_TIMEOUT(tab->adapter()->state(), ClientAdapter::State::Suspended, 15000);
        QTRY_VERIFY2(bar->stateText().endsWith("Connection lost, reconnecting"), qPrintable(bar->stateText()));
        QVERIFY(m->isStale());
        QVERIFY2(tab->message().contains("was lost"), qPrintable(tab->message()));

        QVERIFY2(s->restart(&err), err.c_str());
        QTRY_COMPARE_WITH_TIMEOUT(tab->adapter()->state(), ClientAdapter::State::Reconnected, 30000);
        QCOMPARE(tab->adapter()->sessionId(), session);
        QTRY_VERIFY2(bar->stateText().endsWith("Reconnected"), qPrintable(bar->stateText()));
        QVERIFY(bar->sessionText().contains(ClusterStatusBar::sessionIdText(session)));
        QTRY_VERIFY(!m->isStale());
        QTRY_VERIFY(tab->message().isEmpty());

        // Another client's node appears under the expanded "/" on its own.
        QVERIFY(m->isExpanded(m->indexOf("/")));
        auto other = otherClient(s->connectString());
        QVERIFY(other);
        QVERIFY(zooscope::testing::blockingCall<client::Created>(
                    [&](auto done) { other->create("/after-restart", "", {}, std::move(done)); })
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(m->indexOf("/after-restart").isValid(), 10000);
        other->close();
        w.window.reset();  // the tab's session ends before the server does
    }

    void copyPath_data() { servers(); }
    void copyPath() {
        QFETCH(QString, server);
        auto w = makeWindow("copy-" + server);
        w.window->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.window.get()));
        ClusterTab* tab = openListedTab(w, this->server(server)->connectString());
        QVERIFY(tab);
        tab->selectPath("/zookeeper");
        QTreeView* view = tab->browser()->treeView();
        const QRect rect = view->visualRect(view->currentIndex());
        QVERIFY(rect.isValid());
        QApplication::clipboard()->setText("before");
        // The context menu runs its own loop: pick "Copy path" from inside it.
        QString seen;
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, view, [&] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu) return;
            poll.stop();
            for (QAction* a : menu->actions()) {
                seen += a->text() + "|";
                if (a->text() == "Copy path") a->trigger();
            }
            menu->close();
        });
        poll.start();
        emit view->customContextMenuRequested(rect.center());
        poll.stop();
        QVERIFY2(seen.contains("Copy path|"), qPrintable(seen));
        QCOMPARE(QApplication::clipboard()->text(), QString("/zookeeper"));
    }

    void settingsRoundTripAndTheme() {
        QSettings s(dir_.filePath("settings.ini"), QSettings::IniFormat);
        AppSettings a;
        a.language = "zh_CN";
        a.theme = "dark";
        a.logLevel = "debug";
        a.save(s);
        const AppSettings b = AppSettings::load(s);
        QCOMPARE(b.language, a.language);
        QCOMPARE(b.theme, a.theme);
        const QColor before = QApplication::palette().color(QPalette::Window);
        applyTheme("dark");
        QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);
        applyTheme("system");
        QCOMPARE(QApplication::palette().color(QPalette::Window), before);
    }

    void executable_data() { servers(); }
    void executable() {
        QFETCH(QString, server);
        QString out, err;
        const QString cs = QString::fromStdString(this->server(server)->connectString());
        const int rc = runApp({"--connect", cs, "--smoke-test"}, &out, &err, appEnv());
        QVERIFY2(rc == 0, qPrintable(QString("rc=%1\n%2\n%3").arg(rc).arg(out, err.right(3000))));
        QVERIFY(out.contains("root listed"));
        // The log went to the rotating file under the XDG data dir.
        QFile log(dir_.filePath("home/.local/share/ZooScope/ZooScope/logs/zooscope.log"));
        QVERIFY2(log.open(QIODevice::ReadOnly), qPrintable(log.fileName()));
        QVERIFY(log.readAll().contains(cs.toUtf8()));
    }

    void commandLine_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("rc");
        QTest::addColumn<QString>("expected");
        QTest::newRow("version") << QStringList{"--version"} << 0 << "zooscope 0.1.0";
        QTest::newRow("unknown option") << QStringList{"--no-such-option"} << 2 << "no-such-option";
        QTest::newRow("bad connect") << QStringList{"--connect", "nohost", "--smoke-test"} << 2 << "nohost";
        QTest::newRow("ssl-free parse error") << QStringList{"--connect", "a:1/bad/", "--smoke-test"} << 2
                                              << "Invalid connect string";
        QTest::newRow("embedded") << QStringList{"--embedded", "--smoke-test"} << 0 << "root listed";
    }
    void commandLine() {
        QFETCH(QStringList, args);
        QFETCH(int, rc);
        QFETCH(QString, expected);
        QString out, err;
        QProcessEnvironment env = appEnv();
        env.insert("LC_ALL", "C");
        env.insert("LANG", "C");
        const int code = runApp(args, &out, &err, env);
        QVERIFY2(code == rc, qPrintable(QString("rc=%1\n%2\n%3").arg(code).arg(out, err.right(2000))));
        QVERIFY2((out + err).contains(expected), qPrintable(out + err));
    }

    // No argument on a first start (nothing saved): the embedded engine with
    // its sample data (config nodes, a broker/topic layout, ephemerals).
    void firstStartOpensEmbeddedSample() {
        QProcessEnvironment env = appEnv();
        const QString home = dir_.filePath("first-start-home");
        QVERIFY(QDir().mkpath(home));
        env.insert("HOME", home);
        env.insert("XDG_CONFIG_HOME", home + "/.config");
        env.insert("XDG_DATA_HOME", home + "/.local/share");
        QString out, err;
        const int rc = runApp({"--smoke-test"}, &out, &err, env);
        QVERIFY2(rc == 0, qPrintable(QString("rc=%1\n%2\n%3").arg(rc).arg(out, err.right(3000))));
        const QRegularExpression listed("root listed: ([^\n]*)");
        const auto m = listed.match(out);
        QVERIFY2(m.hasMatch(), qPrintable(out));
        const QStringList names = m.captured(1).split(' ', Qt::SkipEmptyParts);
        for (const char* expected : {"app", "brokers", "config", "controller", "election", "locks", "zookeeper"})
            QVERIFY2(names.contains(expected), qPrintable(m.captured(1)));
    }

    void translationLoadsByLocale() {
        QString out, err;
        QProcessEnvironment env = appEnv();
        env.insert("LANG", "zh_CN.UTF-8");
        env.insert("LC_ALL", "zh_CN.UTF-8");
        QCOMPARE(runApp({"--help"}, &out, &err, env), 0);
        // "Open this cluster directly." in Simplified Chinese.
        QVERIFY2(out.contains(QString::fromUtf8("\xE7\x9B\xB4\xE6\x8E\xA5\xE6\x89\x93\xE5\xBC\x80")), qPrintable(out));
        env.insert("LANG", "C");
        env.insert("LC_ALL", "C");
        QCOMPARE(runApp({"--help"}, &out, &err, env), 0);
        QVERIFY(out.contains("Open this cluster directly."));
    }

    // The settings' language takes effect in a running window: menus, the
    // sidebar, the status bar and an open dialog switch to the zh_CN texts of
    // the catalogue and back to English, without a restart.
    void languageSwitchLive() {
        // The catalogue as the app embeds it, compiled from the source .ts.
        QDir().mkpath(dir_.filePath("i18n"));
        QVERIFY(compileCatalogue(dir_.filePath("i18n/zooscope_zh_CN.qm")));
        QDomDocument doc;
        QVERIFY(readCatalogue(&doc));
        const auto zh = [&](const QString& context, const QString& source) { return translationIn(doc, context, source); };
        const QString connectionZh = zh("zooscope::ui::MainWindow", "&Connection");
        const QString nodeZh = zh("zooscope::ui::MainWindow", "&Node");
        const QString noClusterZh = zh("zooscope::ui::ClusterStatusBar", "No cluster open");
        const QString settingsZh = zh("zooscope::ui::SettingsDialog", "Settings");
        for (const QString& t : {connectionZh, nodeZh, noClusterZh, settingsZh}) QVERIFY(!t.isEmpty());

        auto w = makeWindow("language");
        w.window->setCatalogueDirectory(dir_.filePath("i18n"));
        // Whatever happens below, leave the process in English for later tests.
        struct English {
            MainWindow* window;
            ~English() { window->applyLanguage("en"); }
        } english{w.window.get()};
        QMenu* connection = w.window->menuBar()->actions().at(0)->menu();
        QVERIFY(connection);
        QCOMPARE(connection->title(), QString("&Connection"));
        QCOMPARE(w.window->nodeMenu()->title(), QString("&Node"));
        QCOMPARE(w.window->clusterStatusBar()->stateText(), QString("No cluster open"));
        SettingsDialog settings(AppSettings{}, w.window.get());
        QCOMPARE(settings.windowTitle(), QString("Settings"));

        QVERIFY(w.window->applyLanguage("zh_CN"));
        QTRY_COMPARE(connection->title(), connectionZh);
        QCOMPARE(w.window->nodeMenu()->title(), nodeZh);
        QCOMPARE(w.window->clusterStatusBar()->stateText(), noClusterZh);
        QCOMPARE(settings.windowTitle(), settingsZh);

        QVERIFY(!w.window->applyLanguage("en"));  // English: no catalogue, the source texts
        QTRY_COMPARE(connection->title(), QString("&Connection"));
        QCOMPARE(w.window->nodeMenu()->title(), QString("&Node"));
        QCOMPARE(settings.windowTitle(), QString("Settings"));
    }

    void translationComplete() {
        // lupdate over the current sources into a copy of the catalogue: every
        // string must already be there and translated.
        const QString ts = catalogueTs();
        const QString copy = dir_.filePath("check_zh_CN.ts");
        QFile::remove(copy);
        QVERIFY(QFile::copy(ts, copy));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        QStringList args{"-no-obsolete", "-locations", "none", "-I", qEnvironmentVariable("ZS_SOURCE_DIR") + "/ui"};
        QDirIterator it(qEnvironmentVariable("ZS_SOURCE_DIR") + "/ui", {"*.cpp", "*.h"}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) args << it.next();
        args << qEnvironmentVariable("ZS_SOURCE_DIR") + "/app/main.cpp" << "-ts" << copy;
        QProcess lupdate;
        lupdate.start(ZS_LUPDATE, args);
        QVERIFY(lupdate.waitForFinished(120000));
        QCOMPARE(lupdate.exitCode(), 0);
        QFile f(copy);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QDomDocument doc;
        QVERIFY(doc.setContent(&f));
        const QDomNodeList translations = doc.elementsByTagName("translation");
        QVERIFY(translations.size() > 300);
        QStringList missing;
        for (int i = 0; i < translations.size(); ++i) {
            const QDomElement t = translations.at(i).toElement();
            const bool numerus = t.parentNode().toElement().attribute("numerus") == "yes";
            const bool empty = numerus ? t.firstChildElement("numerusform").text().isEmpty() : t.text().isEmpty();
            if (t.attribute("type") == "unfinished" || empty)
                missing << t.parentNode().firstChildElement("source").text();
        }
        QVERIFY2(missing.isEmpty(), qPrintable(QString("%1 untranslated, e.g.:\n").arg(missing.size()) +
                                               missing.mid(0, 15).join('\n')));
    }

    // With a plain QTranslator (no fallback between contexts) the catalogue
    // reaches a Q_OBJECT member's tr(), a free tr() helper in ui/models and
    // one in ui/widgets: their run-time contexts are the catalogue's.
    void runtimeContextsTranslate() {
        const QString qm = dir_.filePath("plain_zh_CN.qm");
        QVERIFY(compileCatalogue(qm));
        QDomDocument doc;
        QVERIFY(readCatalogue(&doc));
        auto expected = [&](const QString& context, const QString& source) { return translationIn(doc, context, source); };
        const QString save = expected("zooscope::ui::NodePanel", "&Save");
        const QString plain = expected("zooscope::ui", "Plain text");
        const QString gone = expected("zooscope::ui", "%1 does not exist (any more): another client may have deleted it.");
        QVERIFY(!save.isEmpty() && !plain.isEmpty() && !gone.isEmpty());
        QTranslator plainTranslator;
        QVERIFY(plainTranslator.load(qm));
        QVERIFY(QCoreApplication::installTranslator(&plainTranslator));
        NodePanel panel;
        const QString saveText = panel.findChild<QPushButton*>("saveButton")->text();
        const QString plainText = formatName(DataFormat::Text);
        const QString goneText = describeNodeError(proto::Err::NoNode, client::Operation::GetData, "/x");
        QCoreApplication::removeTranslator(&plainTranslator);
        QCOMPARE(saveText, save);
        QCOMPARE(plainText, plain);
        QCOMPARE(goneText, QString(gone).replace("%1", "/x"));
    }

    // Every context of the catalogue is one the code looks strings up in: a
    // Q_OBJECT class of ui/ (tr() uses its qualified name) or a context
    // written out in a translate()/QT_TRANSLATE_NOOP call. lupdate's parser
    // loses its place on some C++ (`template <class T>` in a header made it
    // file NodePanel's strings under "NodePanel" and one under
    // "zooscope::ui::T"), which this catches.
    void translationContextsAreRuntimeContexts() {
        const QString src = qEnvironmentVariable("ZS_SOURCE_DIR");
        QSet<QString> known;
        const QRegularExpression qobject(QStringLiteral("class\\s+(\\w+)\\s*(?:final\\s*)?:\\s*public[^{;]*\\{\\s*Q_OBJECT"));
        const QRegularExpression literal(QStringLiteral("(?:translate|QT_TRANSLATE_NOOP3?)\\(\\s*\"([^\"]+)\""));
        QStringList files{src + "/app/main.cpp"};
        QDirIterator it(src + "/ui", {"*.cpp", "*.h"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) files << it.next();
        for (const QString& file : files) {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            for (auto m = qobject.globalMatch(text); m.hasNext();) known << "zooscope::ui::" + m.next().captured(1);
            for (auto m = literal.globalMatch(text); m.hasNext();) known << m.next().captured(1);
        }
        QVERIFY(known.contains("zooscope::ui::NodePanel"));
        QDomDocument doc;
        QVERIFY(readCatalogue(&doc));
        const QDomNodeList contexts = doc.elementsByTagName("context");
        QVERIFY(contexts.size() > 20);
        QStringList unknown;
        for (int i = 0; i < contexts.size(); ++i) {
            const QString name = contexts.at(i).firstChildElement("name").text();
            if (!known.contains(name)) unknown << name;
        }
        QVERIFY2(unknown.isEmpty(), qPrintable("contexts no code looks up: " + unknown.join(", ")));
    }
};

QTEST_MAIN(TestApp)
#include "tst_app.moc"
