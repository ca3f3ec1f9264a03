// Screenshots of the real widgets under Xvfb (xcb): the main window with a
// cluster open (light and dark theme), the data editor and the conflict view,
// and the subtree operations' dialogs (recursive-delete confirmation,
// progress, import preview, comparison), and the ensemble dashboard of a
// 3-node engine ensemble before and after its leader is killed, in English
// and Chinese, and the console page in both languages.
// PNGs go to $ZS_SCREENSHOT_DIR (CTest: <build>/screenshots) for people to
// look at; the test checks each image was drawn (size, many colours) and that
// the widgets show the expected content.
#include <QApplication>
#include <QAbstractButton>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QMessageBox>
#include <QProcess>
#include <QScreen>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include "models/admin_result_model.h"
#include "models/ensemble_model.h"
#include "models/timeline_model.h"
#include "models/znode_tree_model.h"
#include "session/admin_task.h"
#include "session/ensemble_watch.h"
#include "session/subtree_operations.h"
#include "session/write_guard.h"
#include "settings/secret_store.h"
#include "screenshot_support.h"
#include "test_support.h"
#include "zooscope/ensemble.h"
#include "widgets/admin_dialogs.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/conflict_dialog.h"
#include "widgets/console_page.h"
#include "widgets/dashboard_page.h"
#include "widgets/server_card.h"
#include "widgets/data_editor.h"
#include "widgets/language.h"
#include "widgets/main_window.h"
#include "widgets/node_panel.h"
#include "widgets/operation_dialogs.h"
#include "widgets/settings_dialog.h"

using namespace zooscope::ui;

using zooscope::testing::distinctColours;

class TestScreenshots : public QObject {
    Q_OBJECT
    std::unique_ptr<zooscope::testing::TestServer> engine_;
    QTemporaryDir dir_;
    QString out_;
    std::unique_ptr<QSettings> settings_;
    std::unique_ptr<SecretStore> secrets_;
    std::unique_ptr<MainWindow> window_;
    ClusterTab* tab_ = nullptr;

    // minHeight: a progress dialog is legitimately short.
    void save(QWidget* w, const QString& name, int minHeight = 150) {
        QApplication::processEvents();
        QTest::qWait(200);
        const QPixmap pm = w->grab();
        const QString file = out_ + "/" + name + ".png";
        QVERIFY2(pm.save(file), qPrintable(file));
        const QImage img = pm.toImage();
        QVERIFY2(img.width() > 200 && img.height() > minHeight, qPrintable(name));
        QVERIFY2(distinctColours(img) > 20, qPrintable(name + ": looks blank"));
        qInfo("saved %s (%dx%d)", qPrintable(file), img.width(), img.height());
    }
    template <class T>
    T wait(std::function<void(std::function<void(T)>)> call) {
        std::optional<T> r;
        call([&](T v) { r = std::move(v); });
        if (!QTest::qWaitFor([&] { return r.has_value(); }, 10000)) qFatal("request timed out");
        return *r;
    }
    void create(const QString& path, const QByteArray& data,
                zooscope::proto::CreateMode mode = zooscope::proto::CreateMode::Persistent) {
        zooscope::client::CreateOptions o;
        o.mode = mode;
        auto r = wait<zooscope::client::Result<zooscope::client::Created>>(
            [&](auto done) { tab_->adapter()->create(path, data, o, done); });
        QVERIFY2(r.ok(), r.message.c_str());
    }

private slots:
    void initTestCase() {
        QVERIFY2(QGuiApplication::platformName() == "xcb", "run under xvfb-run with QT_QPA_PLATFORM=xcb");
        out_ = qEnvironmentVariable("ZS_SCREENSHOT_DIR", dir_.filePath("shots"));
        QDir().mkpath(out_);
        std::string err;
        engine_ = zooscope::testing::startEngine({}, &err);
        QVERIFY2(engine_, err.c_str());

        settings_ = std::make_unique<QSettings>(dir_.filePath("s.ini"), QSettings::IniFormat);
        secrets_ = std::make_unique<SecretStore>("ZooScope-test");
        window_ = std::make_unique<MainWindow>(settings_.get(), secrets_.get(), nullptr, QString());
        // A realistic sidebar.
        for (auto [name, hosts, guard] : {std::tuple{"Production EU", "zk1.eu:2181,zk2.eu:2181,zk3.eu:2181", true},
                                          std::tuple{"Staging", "zk.staging:2181", false},
                                          std::tuple{"Kafka (dev)", "127.0.0.1:2181", false}}) {
            ConnectionProfile p;
            p.name = name;
            p.hosts = hosts;
            p.readOnlyGuard = guard;
            window_->profiles().save(p);
        }
        window_->setEmbeddedStarter([](QString*) -> std::optional<QString> { return std::nullopt; });
        window_->resize(1360, 840);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        // The sidebar reloads on construction; re-read the saved ones.
        window_->close();
        window_ = std::make_unique<MainWindow>(settings_.get(), secrets_.get(), nullptr, QString());
        window_->setEmbeddedStarter([](QString*) -> std::optional<QString> { return std::nullopt; });
        window_->resize(1360, 840);
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));

        QString error;
        QVERIFY(window_->openConnectString(QString::fromStdString(engine_->connectString()), &error));
        tab_ = window_->currentTab();
        QTRY_VERIFY_WITH_TIMEOUT(tab_->status().healthy, 15000);
        create("/app", "");
        create("/app/config", "");
        create("/app/config/database.json", R"({"host": "db.internal", "port": 5432, "pool": {"min": 2, "max": 20}, "ssl": true})");
        create("/app/config/service.yaml", "name: orders\nreplicas: 3\n");
        create("/app/config/logging.xml", "<logging><level>INFO</level></logging>");
        create("/brokers", "");
        create("/brokers/ids", "");
        create("/brokers/ids/1", R"({"host":"broker1","port":9092})", zooscope::proto::CreateMode::Ephemeral);
        create("/locks", "");
        create("/locks/lock-", "worker-a", zooscope::proto::CreateMode::EphemeralSequential);
        ZnodeTreeModel* m = tab_->treeModel();
        m->refresh(m->indexOf("/"));
        QTRY_VERIFY(m->indexOf("/app").isValid());
        QTreeView* view = tab_->browser()->treeView();
        for (const char* p : {"/app", "/app/config", "/brokers", "/brokers/ids", "/locks"}) {
            QTRY_VERIFY(m->indexOf(p).isValid());
            view->expand(view->model()->index(0, 0));  // keep "/" open
            QModelIndex idx;
            // Map through the proxy by path.
            for (QModelIndex i = view->model()->index(0, 0); i.isValid(); i = view->indexBelow(i))
                if (i.data(ZnodeTreeModel::PathRole).toString() == p) idx = i;
            QVERIFY2(idx.isValid(), p);
            view->expand(idx);
        }
        QTRY_VERIFY(m->indexOf("/app/config/database.json").isValid());
        QTRY_VERIFY(m->indexOf("/brokers/ids/1").isValid());
        tab_->selectPath("/app/config/database.json");
        QTRY_VERIFY_WITH_TIMEOUT(tab_->browser()->nodePanel()->hasNode(), 10000);
        QTRY_VERIFY(tab_->status().srvr.answered);
        QTRY_VERIFY(tab_->status().latencyMs >= 0);
    }

    void mainWindow() {
        QVERIFY(tab_->browser()->nodePanel()->dataEditor()->text().contains("db.internal"));
        save(window_.get(), "main_window");
    }

    void editor() {
        save(tab_->browser()->nodePanel(), "editor");
    }

    void guardedTab() {
        QString error;
        auto p = ConnectionProfile::fromConnectString(QString::fromStdString(engine_->connectString()), &error);
        p->name = "Production EU";
        p->readOnlyGuard = true;
        ClusterTab* guarded = window_->openTab(*p, QString());
        QTRY_VERIFY_WITH_TIMEOUT(guarded->status().healthy, 15000);
        QTRY_VERIFY(guarded->treeModel()->indexOf("/app").isValid());
        QVERIFY(!guarded->guard()->check("delete /app"));
        save(window_.get(), "guarded_tab");
        window_->tabs()->setCurrentWidget(tab_);
    }

    void conflictView() {
        NodePanel* panel = tab_->browser()->nodePanel();
        panel->dataEditor()->setText(
            "{\n    \"host\": \"db.internal\",\n    \"port\": 6432,\n    \"pool\": {\"min\": 2, \"max\": 20},\n    \"ssl\": true\n}\n");
        // Another client changes the node underneath.
        auto r = wait<zooscope::client::Result<zooscope::proto::Stat>>([&](auto done) {
            tab_->adapter()->setData("/app/config/database.json",
                                     R"({"host": "db2.internal", "port": 5432, "pool": {"min": 2, "max": 20}, "ssl": true})",
                                     -1, done);
        });
        QVERIFY(r.ok());
        QSignalSpy shown(panel, &NodePanel::conflictShown);
        panel->save();
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() == 1, 10000);
        ConflictDialog* dialog = panel->conflictDialog();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        dialog->resize(1300, 760);
        QVERIFY(dialog->resultText().contains("db2.internal"));
        QVERIFY(dialog->resultText().contains("6432"));
        save(dialog, "conflict_view");
        dialog->close();
    }

    void adminDialogs() {
        // The real confirmation (the tab's default confirmer): grab it from
        // inside its modal loop, then answer No.
        bool grabbed = false;
        QTimer poll;
        poll.setInterval(50);
        connect(&poll, &QTimer::timeout, this, [&] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            if (!box || grabbed) return;
            grabbed = true;
            poll.stop();
            QVERIFY2(box->text().contains("This removes 5 node(s)"), qPrintable(box->text()));
            save(box, "recursive_delete_confirm");
            box->button(QMessageBox::No)->click();
        });
        poll.start();
        QSignalSpy done(tab_->operations(), &SubtreeOperations::finished);
        tab_->operations()->deleteRecursive("/app");
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 15000);
        QVERIFY(grabbed);
        QVERIFY(tab_->treeModel()->indexOf("/app").isValid());

        {
            AdminProgressDialog progress(tr("Deleting /app"), window_.get());
            progress.setProgress(AdminTask::phaseText(zooscope::admin::Phase::Deleting), 1234, 5000);
            progress.show();
            save(&progress, "admin_progress", 80);
        }

        // Import preview: the export of /app back onto /app after two changes.
        const QString file = dir_.filePath("app.json");
        done.clear();
        tab_->operations()->exportSubtree("/app", file);
        QTRY_VERIFY_WITH_TIMEOUT(done.count() >= 1, 15000);
        QCOMPARE(done.count(), 1);
        QVERIFY2(done.first().at(1).toBool(), qPrintable(done.first().at(0).toString()));
        auto r = wait<zooscope::client::Result<zooscope::proto::Stat>>([&](auto cb) {
            tab_->adapter()->setData("/app/config/service.yaml", "name: orders\nreplicas: 5\n", -1, cb);
        });
        QVERIFY(r.ok());
        auto d = wait<zooscope::client::Result<zooscope::client::Empty>>(
            [&](auto cb) { tab_->adapter()->remove("/app/config/logging.xml", -1, cb); });
        QVERIFY(d.ok());
        tab_->operations()->importFile(file, "/app");
        QTRY_VERIFY_WITH_TIMEOUT(tab_->dialogs()->importPreviewDialog() && tab_->dialogs()->importPreviewDialog()->isVisible(), 15000);
        ImportPreviewDialog* preview = tab_->dialogs()->importPreviewDialog();
        QVERIFY(preview->model()->rowCount() >= 5);
        save(preview, "import_preview");
        preview->reject();

        done.clear();
        tab_->operations()->compareWith("/app", tab_->operations(), "/brokers");
        QTRY_VERIFY_WITH_TIMEOUT(done.count() == 1, 15000);
        QTRY_VERIFY(tab_->dialogs()->resultDialog() && tab_->dialogs()->resultDialog()->isVisible());
        QVERIFY(tab_->dialogs()->resultDialog()->model()->rowCount() > 0);
        save(tab_->dialogs()->resultDialog(), "compare_result");
        tab_->dialogs()->resultDialog()->close();
    }

    void darkTheme() {
        applyTheme("dark");
        save(window_.get(), "main_window_dark");
        applyTheme("system");
    }

    // The Chinese catalogue compiled from the source .ts into qmDir().
    QString qmDir() { return zooscope::testing::chineseCatalogue(dir_.filePath("i18n")); }

    // The same window in Simplified Chinese (the catalogue compiled from the
    // source .ts, switched live as the settings dialog does).
    void chinese() {
        const QString qmDir = this->qmDir();
        auto* saveButton = tab_->browser()->nodePanel()->findChild<QAbstractButton*>("saveButton");
        QVERIFY(saveButton);
        auto* prettyButton = tab_->browser()->nodePanel()->findChild<QAbstractButton*>("prettyButton");
        QVERIFY(prettyButton);
        const QString english = saveButton->text();
        const QString prettyEnglish = prettyButton->text();
        QVERIFY(switchLanguage("zh_CN", qmDir));
        QTRY_VERIFY(saveButton->text() != english);
        QTRY_VERIFY(prettyButton->text() != prettyEnglish);  // the data editor follows a live switch too
        save(window_.get(), "main_window_zh_CN");
        switchLanguage("en", qmDir);
        QTRY_COMPARE(saveButton->text(), english);
    }

    // The dashboard of a 3-node engine ensemble with an AdminServer per node:
    // every card filled, then the leader killed (its card down, a new
    // leader, the election in the timeline and the tab title), each in
    // English and Chinese.
    void dashboard() {
        zooscope::EnsembleSpec spec;
        spec.size = 3;
        spec.tickTime = 500;
        spec.adminServer = true;
        std::string err;
        auto ensemble = zooscope::Ensemble::start(spec, &err);
        QVERIFY2(ensemble, err.c_str());
        for (int i = 0; i < 3; ++i) QVERIFY2(ensemble->waitReady(i, std::chrono::seconds(60), &err), err.c_str());
        ConnectionProfile p;
        p.name = "Orders (3 nodes)";
        p.hosts = QString::fromStdString(ensemble->connectString());
        QStringList ports;
        for (const auto& n : ensemble->nodes()) ports << QString("127.0.0.1:%1=%2").arg(n.clientPort).arg(n.adminPort);
        p.adminPorts = ports.join(',');
        ClusterTab* tab = window_->openTab(p, QString());
        tab->pages()->setCurrentWidget(tab->dashboard());
        EnsembleModel* model = tab->ensemble()->model();
        QTRY_VERIFY_WITH_TIMEOUT(model->leaderRow() >= 0 && model->row(1).samples && model->row(2).samples, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(model->row(0).member.memberId.has_value(), 30000);
        QTest::qWait(8000);  // a few points on every chart
        auto shoot = [&](const QString& name, const QString& expectInCards) {
            tab->dashboard()->refresh();
            QString cards;
            for (ServerCard* c : tab->dashboard()->cards()) cards += c->modeText() + "\n" + c->figuresText() + "\n";
            QVERIFY2(cards.contains(expectInCards), qPrintable(cards));
            save(window_.get(), name);
            const QString qm = qmDir();
            QVERIFY(switchLanguage("zh_CN", qm));
            tab->dashboard()->refresh();
            QString chinese;
            for (ServerCard* c : tab->dashboard()->cards()) chinese += c->modeText() + "\n" + c->figuresText() + "\n";
            QVERIFY2(chinese != cards, "the cards follow the language");
            save(window_.get(), name + "_zh_CN");
            switchLanguage("en", qm);
        };
        shoot("dashboard_before", EnsembleModel::modeText(zooscope::monitor::ServerMode::Leader));
        const int leader = model->leaderRow();
        QVERIFY2(ensemble->kill(leader, &err), err.c_str());
        QTRY_VERIFY_WITH_TIMEOUT(model->leaderRow() >= 0 && model->leaderRow() != leader, 60000);
        QTRY_COMPARE_WITH_TIMEOUT(model->row(leader).mode(), std::optional(zooscope::monitor::ServerMode::Down), 30000);
        QTest::qWait(3000);
        QVERIFY(tab->title().contains(p.name) && tab->title() != p.name);
        shoot("dashboard_after_leader_kill", EnsembleModel::modeText(zooscope::monitor::ServerMode::Down));
        window_->tabs()->setCurrentWidget(tab_);
    }

    // The console page after a few lines (a command, JSON, a four-letter
    // word, a refusal), English and Chinese: the page around the output is
    // translated, the commands and their output stay English.
    void console() {
        tab_->pages()->setCurrentWidget(tab_->console());
        ConsolePage* page = tab_->console();
        for (const QString& line : {QStringLiteral("ls /app/config"), QStringLiteral("--json stat /app/config/service.yaml"),
                                    QStringLiteral("get /app/config/service.yaml"), QStringLiteral("srvr"),
                                    QStringLiteral("get /app/missing")}) {
            QSignalSpy done(page, &ConsolePage::finished);
            page->runLine(line);
            QVERIFY2(done.count() || done.wait(15000), qPrintable(line));
        }
        QVERIFY2(page->output()->toPlainText().contains("Mode: standalone"), qPrintable(page->output()->toPlainText()));
        page->input()->setText(QStringLiteral("get /app/config/d"));
        save(window_.get(), "console");
        const QString english = page->findChild<QPushButton*>("consoleRun")->text();
        const QString qm = qmDir();
        QVERIFY(switchLanguage("zh_CN", qm));
        QTRY_VERIFY(page->findChild<QPushButton*>("consoleRun")->text() != english);
        QVERIFY(page->output()->toPlainText().contains("Mode: standalone"));  // the output as it was
        save(window_.get(), "console_zh_CN");
        switchLanguage("en", qm);
        tab_->pages()->setCurrentWidget(tab_->browser());
    }

    void cleanupTestCase() {
        window_.reset();
        engine_.reset();
    }
};

QTEST_MAIN(TestScreenshots)
#include "tst_screenshots.moc"
