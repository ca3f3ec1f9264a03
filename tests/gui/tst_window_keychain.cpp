// The main window's keychain fallback, end to end, against Apache ZooKeeper
// 3.8 and the in-process engine: with no OS keychain (D-Bus unreachable, a
// throw-away HOME: see editor.cmake), opening a saved digest profile from the
// sidebar asks for the password for this session, says why (the keychain is
// missing), and opens an authenticated tab (it reads a node whose ACL grants
// only that digest user). The password then appears in no QSettings file, no
// file under HOME, and no log line (raw, before redaction, and the app's log
// file and log panel).
#include <QtTest>

#include <QDirIterator>
#include <QInputDialog>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include "adapter/client_adapter.h"
#include "blocking_call.h"
#include "logging/app_logging.h"
#include "models/acl_model.h"
#include "models/log_model.h"
#include "secret_scan.h"
#include "settings/profile_store.h"
#include "settings/secret_store.h"
#include "test_support.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/connection_sidebar.h"
#include "widgets/data_editor.h"
#include "widgets/main_window.h"
#include "widgets/node_panel.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;

namespace {

constexpr int kWaitMs = 30000;

// What the session-secret dialog showed, and whether it was answered.
struct Prompt {
    bool seen = false;
    QString title;
    QString label;
    QLineEdit::EchoMode echo = QLineEdit::Normal;
    bool parentIsWindow = false;
};

// Waits (polling from the event loop the dialog's exec() runs) for the
// window's modal password dialog, records it and types `answer` into it. The
// caller owns the timer: it must not outlive `out`.
std::unique_ptr<QTimer> answerPromptLater(Prompt* out, QWidget* window, const QString& answer) {
    auto timer = std::make_unique<QTimer>();
    timer->setInterval(20);
    QTimer* t = timer.get();
    QObject::connect(t, &QTimer::timeout, t, [t, out, window, answer] {
        auto* dialog = qobject_cast<QInputDialog*>(QApplication::activeModalWidget());
        if (!dialog) return;
        t->stop();
        out->seen = true;
        out->title = dialog->windowTitle();
        out->label = dialog->labelText();
        out->echo = dialog->textEchoMode();
        out->parentIsWindow = dialog->parentWidget() == window && dialog->objectName() == "sessionSecretDialog";
        auto* edit = dialog->findChild<QLineEdit*>();
        if (edit) QTest::keyClicks(edit, answer);  // typed, as a user does
        dialog->accept();
    });
    timer->start();
    return timer;
}

}  // namespace

class TstWindowKeychain : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void askedForSessionSecret_data();
    void askedForSessionSecret();

private:
    std::unique_ptr<TestServer> zk_, engine_;
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> raw_;
    QTemporaryDir logDir_;
    std::unique_ptr<LogModel> logModel_;
    QString logFile_;
};

void TstWindowKeychain::initTestCase() {
    QVERIFY2(qEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS").contains("nonexistent"),
             "run through CTest: D-Bus must be unreachable so that no keychain answers");
    const QString home = qEnvironmentVariable("HOME");
    QVERIFY2(home.contains("build"), "the test must run with a throw-away HOME so the file scan is meaningful");
    // The app's logging (file, panel, redactor), plus a raw sink that sees
    // every line before redaction: the code must not log the secret at all.
    spdlog::set_level(spdlog::level::trace);
    QString error;
    logModel_ = std::make_unique<LogModel>(100000);
    logFile_ = QString::fromStdString(installAppLogging(logDir_.path(), logModel_.get(), &error));
    QVERIFY2(!logFile_.isEmpty(), qPrintable(error));
    raw_ = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200000);
    spdlog::default_logger()->sinks().push_back(raw_);
    spdlog::default_logger()->set_level(spdlog::level::trace);

    std::string err;
    zk_ = startApacheZooKeeper({}, &err);
    QVERIFY2(zk_, err.c_str());
    engine_ = startEngine({}, &err);
    QVERIFY2(engine_, err.c_str());
}

void TstWindowKeychain::cleanupTestCase() {
    zk_.reset();
    engine_.reset();
}

void TstWindowKeychain::askedForSessionSecret_data() {
    QTest::addColumn<QString>("server");
    QTest::newRow("zookeeper") << "zookeeper";
    QTest::newRow("engine") << "engine";
}

void TstWindowKeychain::askedForSessionSecret() {
    QFETCH(QString, server);
    TestServer* s = server == QLatin1String("zookeeper") ? zk_.get() : engine_.get();
    const QString secret = QStringLiteral("kc-window-%1-7d41e").arg(server);
    const QString user = QStringLiteral("opsuser");

    // A node only this digest user may touch.
    client::ClientOptions o;
    o.connectString = s->connectString();
    o.auth = {{"digest", (user + ':' + secret).toStdString()}};
    std::string err;
    auto owner = client::Client::connect(o, {}, &err);
    QVERIFY2(owner, err.c_str());
    QTRY_VERIFY_WITH_TIMEOUT(owner->state() == client::SessionState::Connected, kWaitMs);
    const QString path = QStringLiteral("/window_kc_%1").arg(server);
    client::CreateOptions co;
    co.acl = {proto::ACL{proto::perms::kAll,
                         proto::Id{"digest", generateDigest(user, secret, nullptr).value_or(QString()).toStdString()}}};
    auto created = blockingCall<client::Created>(
        [&](auto done) { owner->create(path.toStdString(), "digest only", co, std::move(done)); },
        std::chrono::seconds(30));
    QVERIFY2(created.ok(), created.message.c_str());

    QTemporaryDir dir;
    QSettings settings(dir.filePath("zooscope.ini"), QSettings::IniFormat);
    SecretStore secrets(QStringLiteral("ZooScope-test-window-%1").arg(QCoreApplication::applicationPid()));
    ConnectionProfile p;
    p.name = QStringLiteral("digest-%1").arg(server);
    p.hosts = QString::fromStdString(s->connectString());
    p.digestUser = user;
    const QString id = ProfileStore(&settings).save(p);  // saved earlier, as by the profile dialog
    MainWindow shown(&settings, &secrets, logModel_.get(), logFile_);
    shown.show();
    QSignalSpy opened(&shown, &MainWindow::tabOpened);

    // The user picks the profile in the sidebar and presses Enter.
    auto* list = shown.sidebar()->findChild<QListWidget*>();
    QVERIFY(list);
    QListWidgetItem* item = nullptr;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->text() == p.name) item = list->item(i);
    QVERIFY2(item, "the saved profile is not in the sidebar");
    list->setCurrentItem(item);
    Prompt prompt;
    const auto promptTimer = answerPromptLater(&prompt, &shown, secret);
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kWaitMs);

    QVERIFY2(prompt.seen, "no password dialog was shown");
    QVERIFY(prompt.parentIsWindow);
    QCOMPARE(prompt.echo, QLineEdit::Password);
    QVERIFY2(prompt.title.contains(p.name), qPrintable(prompt.title));
    // It says why: no keychain, and that the password lives for this session only.
    QVERIFY2(prompt.label.contains(QStringLiteral("No OS keychain is available")), qPrintable(prompt.label));
    QVERIFY2(prompt.label.contains(QStringLiteral("session only")), qPrintable(prompt.label));
    QVERIFY2(prompt.label.contains(user), qPrintable(prompt.label));
    QVERIFY(!prompt.label.contains(secret));
    QVERIFY(!secrets.keychainAvailable());
    QCOMPARE(secrets.sessionSecret(id).value_or(QString()), secret);

    // The tab is authenticated: it reads the digest-only node.
    auto* tab = opened.at(0).at(0).value<ClusterTab*>();
    QVERIFY(tab);
    QCOMPARE(shown.currentTab(), tab);
    NodePanel* panel = tab->browser()->nodePanel();
    QTRY_VERIFY_WITH_TIMEOUT(tab->adapter()->isConnected(), kWaitMs);
    panel->loadNode(path);
    QTRY_VERIFY2_WITH_TIMEOUT(panel->hasNode(), qPrintable(panel->messageText()), kWaitMs);
    QCOMPARE(panel->dataEditor()->text(), QStringLiteral("digest only"));
    // ...which a session without the credential cannot.
    client::ClientOptions anon;
    anon.connectString = s->connectString();
    auto stranger = client::Client::connect(anon, {}, &err);
    QVERIFY(stranger);
    QTRY_VERIFY_WITH_TIMEOUT(stranger->state() == client::SessionState::Connected, kWaitMs);
    auto denied = blockingCall<client::NodeData>(
        [&](auto done) { stranger->getData(path.toStdString(), false, std::move(done)); }, std::chrono::seconds(30));
    QCOMPARE(denied.err, proto::Err::NoAuth);

    // Opening it again in this run does not ask again (session secret).
    Prompt second;
    const auto secondTimer = answerPromptLater(&second, &shown, QStringLiteral("wrong"));
    QTest::keyClick(list, Qt::Key_Return);
    QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 2, kWaitMs);
    QTest::qWait(100);
    QVERIFY(!second.seen);
    QApplication::processEvents();

    // Nowhere on disk, nowhere in a log line.
    settings.sync();
    spdlog::default_logger()->flush();
    const QByteArray needle = secret.toUtf8();
    QCOMPARE(filesContaining(dir.path(), needle), QStringList());
    QCOMPARE(filesContaining(qEnvironmentVariable("HOME"), needle), QStringList());
    QCOMPARE(filesContaining(logDir_.path(), needle), QStringList());
    const std::vector<std::string> lines = raw_->last_formatted();
    QVERIFY(!lines.empty());
    bool sawPrompt = false;
    for (const std::string& line : lines) {
        QVERIFY2(line.find(needle.toStdString()) == std::string::npos, line.c_str());
        if (line.find("asking for the digest password") != std::string::npos) sawPrompt = true;
    }
    QVERIFY(sawPrompt);  // the raw sink does see the app's lines
    for (const LogEntry& e : logModel_->entries()) QVERIFY2(!e.message.contains(secret), qPrintable(e.message));
    secrets.forgetSessionSecret(id);
}

QTEST_MAIN(TstWindowKeychain)
#include "tst_window_keychain.moc"
