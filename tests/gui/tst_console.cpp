// The console page of a cluster tab (offscreen), against Apache ZooKeeper 3.8
// and the in-process engine: zooscope-ctl's commands on the tab's connection
// (ls /, get, a failing get with its exit code), raw four-letter words, the
// read-only guard refusing a write as the browser does (and letting it
// through once unlocked), path completion from the server, history (up and
// down, kept per profile in QSettings, no password in the file), and a
// long-running `watch` that leaves the GUI thread free and ends on Stop.
// The view commands (issue 19): locks, elections, partitions and watches
// with --json read what the tab's session and the server say (a lock in
// kazoo's layout held by the tab's own session, its watches).
// ConsoleHistory's cursor and line splitting are checked headless too.
#include <QAbstractItemView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QCompleter>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QStringListModel>
#include <QTabWidget>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

#include "adapter/client_adapter.h"
#include "both_servers.h"
#include "session/console_runner.h"
#include "session/write_guard.h"
#include "settings/console_history.h"
#include "settings/profile_store.h"
#include "widgets/cluster_tab.h"
#include "widgets/console_page.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;

namespace {

constexpr int kWaitMs = 30000;

}  // namespace

class TstConsole : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void classifiesLines_data();
    void classifiesLines();
    void historyCursor();
    void commandsAndWords_data() { BothServers::addRows(); }
    void commandsAndWords();
    void guardRefusesWrites_data() { BothServers::addRows(); }
    void guardRefusesWrites();
    void viewCommands_data() { BothServers::addRows(); }
    void viewCommands();
    void completesPathsFromTheServer_data() { BothServers::addRows(); }
    void completesPathsFromTheServer();
    void historyPersistsPerProfile();
    void watchRunsUntilStopped();
    void closedWhileRunning();

private:
    ConnectionProfile profileFor(TestServer* s, bool guarded = false) {
        QString error;
        auto p = ConnectionProfile::fromConnectString(QString::fromStdString(s->connectString()), &error);
        if (!p) qFatal("%s", qPrintable(error));
        p->id = ConnectionProfile::newId();
        p->name = QStringLiteral("console test");
        p->readOnlyGuard = guarded;
        p->adminPort = 0;
        return *p;
    }
    // A tab connected to `profile`, its console shown.
    std::unique_ptr<ClusterTab> openTab(const ConnectionProfile& profile, const QString& password = {}) {
        auto tab = std::make_unique<ClusterTab>(profile, password);
        tab->resize(1000, 700);
        tab->show();
        tab->pages()->setCurrentWidget(tab->console());
        if (!QTest::qWaitFor([&] { return tab->adapter()->isConnected(); }, kWaitMs)) qWarning("no session");
        return tab;
    }
    // Runs `line` and waits for its end: the exit code, -1 when it did not end.
    int run(ConsolePage* page, const QString& line) {
        QSignalSpy done(page, &ConsolePage::finished);
        page->runLine(line);
        if (!done.count() && !done.wait(kWaitMs)) return -1;
        return done.first().first().toInt();
    }
    template <class T>
    client::Result<T> call(std::function<void(ClientAdapter::Done<T>)> submit) {
        std::optional<client::Result<T>> r;
        submit([&](client::Result<T> v) { r = std::move(v); });
        if (!QTest::qWaitFor([&] { return r.has_value(); }, kWaitMs)) qFatal("request timed out");
        return *r;
    }
    void create(ClientAdapter* a, const QString& path, const QByteArray& data) {
        auto r = call<client::Created>([&](auto done) { a->create(path, data, {}, done); });
        QVERIFY2(r.ok() || r.err == proto::Err::NodeExists, r.message.c_str());
    }
    QByteArray read(ClientAdapter* a, const QString& path) {
        auto r = call<client::NodeData>([&](auto done) { a->getData(path, false, done); });
        return QByteArray::fromStdString(r.value.data);
    }

    BothServers servers_;
    QTemporaryDir dir_;
};

void TstConsole::initTestCase() {
    std::string error;
    QVERIFY2(servers_.start(&error), error.c_str());
    QVERIFY(dir_.isValid());
}

void TstConsole::cleanupTestCase() { servers_.stop(); }

void TstConsole::classifiesLines_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("what");  // Command: the args joined by '|'; word: word@server; Invalid: part of the error
    QTest::addColumn<bool>("writes");
    using K = ConsoleRunner::Line::Kind;
    QTest::newRow("blank") << "   " << int(K::Empty) << "" << false;
    QTest::newRow("ls") << "ls /" << int(K::Command) << "ls|/" << false;
    QTest::newRow("quoted data") << "set /a 'two words'" << int(K::Command) << "set|/a|two words" << true;
    QTest::newRow("escaped") << R"(set /a "say \"hi\"" )" << int(K::Command) << R"(set|/a|say "hi")" << true;
    QTest::newRow("empty word") << "set /a ''" << int(K::Command) << "set|/a|" << true;
    QTest::newRow("help") << "help" << int(K::Command) << "--help" << false;
    QTest::newRow("help lock") << "help lock" << int(K::Command) << "lock|--help" << false;
    QTest::newRow("stream setup") << "stream setup /job --partitions 8" << int(K::Command) << "stream|setup|/job|--partitions|8" << true;
    QTest::newRow("a refused line writes nothing") << "stream setup /job" << int(K::Command) << "stream|setup|/job" << false;
    QTest::newRow("bare word") << "srvr" << int(K::FourLetterWord) << "srvr@" << false;
    QTest::newRow("word at server") << "mntr 127.0.0.1:2181" << int(K::FourLetterWord) << "mntr@127.0.0.1:2181" << false;
    QTest::newRow("4lw") << "4lw wchs" << int(K::FourLetterWord) << "wchs@" << false;
    QTest::newRow("stat is a command with a path") << "stat /a" << int(K::Command) << "stat|/a" << false;
    QTest::newRow("stat alone is the word") << "stat" << int(K::FourLetterWord) << "stat@" << false;
    QTest::newRow("4lw without word") << "4lw" << int(K::Invalid) << "Usage: 4lw" << false;
    QTest::newRow("4lw long word") << "4lw status" << int(K::Invalid) << "Usage: 4lw" << false;
    QTest::newRow("unclosed quote") << "set /a 'x" << int(K::Invalid) << "not closed" << false;
    QTest::newRow("trailing backslash") << "get /a\\" << int(K::Invalid) << "backslash" << false;
    QTest::newRow("unknown command") << "frobnicate /" << int(K::Command) << "frobnicate|/" << false;
}

void TstConsole::classifiesLines() {
    QFETCH(QString, line);
    QFETCH(int, kind);
    QFETCH(QString, what);
    QFETCH(bool, writes);
    const ConsoleRunner::Line l = ConsoleRunner::classify(line);
    QCOMPARE(int(l.kind), kind);
    QCOMPARE(l.changesTree, writes);
    switch (l.kind) {
        case ConsoleRunner::Line::Kind::Command: {
            QStringList args;
            for (const std::string& a : l.args) args << QString::fromStdString(a);
            QCOMPARE(args.join('|'), what);
            break;
        }
        case ConsoleRunner::Line::Kind::FourLetterWord: QCOMPARE(l.word + '@' + l.server, what); break;
        case ConsoleRunner::Line::Kind::Invalid: QVERIFY2(l.error.contains(what), qPrintable(l.error)); break;
        case ConsoleRunner::Line::Kind::Empty: break;
    }
}

void TstConsole::historyCursor() {
    ConsoleHistory h(nullptr, "p");
    QVERIFY(!h.previous("typing"));
    h.add("ls /");
    h.add("ls /");  // a repeat of the last line is not kept twice
    h.add("  ");
    h.add("get /a");
    QCOMPARE(h.lines(), QStringList({"ls /", "get /a"}));
    QCOMPARE(h.previous("half typed"), std::optional<QString>("get /a"));
    QCOMPARE(h.previous("ignored"), std::optional<QString>("ls /"));
    QVERIFY(!h.previous("ignored"));
    QCOMPARE(h.next(), std::optional<QString>("get /a"));
    QCOMPARE(h.next(), std::optional<QString>("half typed"));
    QVERIFY(!h.next());
    for (int i = 0; i < ConsoleHistory::kMaxLines + 10; ++i) h.add(QString("get /n%1").arg(i));
    QCOMPARE(h.lines().size(), ConsoleHistory::kMaxLines);
    QCOMPARE(h.lines().last(), QString("get /n%1").arg(ConsoleHistory::kMaxLines + 9));
}

void TstConsole::commandsAndWords() {
    auto tab = openTab(profileFor(servers_.current()));
    ConsolePage* page = tab->console();
    QVERIFY(tab->adapter()->isConnected());
    create(tab->adapter(), "/console", "hello from the console");
    QPlainTextEdit* out = page->output();

    QCOMPARE(run(page, "ls /"), 0);
    QVERIFY2(out->toPlainText().contains("\nconsole\n") && out->toPlainText().contains("\nzookeeper\n"),
             qPrintable(out->toPlainText()));
    QVERIFY2(out->toPlainText().contains("› ls /"), qPrintable(out->toPlainText()));
    out->clear();
    QCOMPARE(run(page, "get /console"), 0);
    QVERIFY2(out->toPlainText().contains("hello from the console"), qPrintable(out->toPlainText()));
    out->clear();
    QCOMPARE(run(page, "--json stat /console"), 0);
    QVERIFY2(out->toPlainText().contains("\"dataLength\": 22"), qPrintable(out->toPlainText()));
    out->clear();
    QCOMPARE(run(page, "get /no-such-node"), 1);
    QVERIFY2(out->toPlainText().contains("/no-such-node") && out->toPlainText().contains("[exit 1]"),
             qPrintable(out->toPlainText()));
    out->clear();
    QCOMPARE(run(page, "get no-slash"), 2);  // the grammar's own refusal
    QVERIFY2(out->toPlainText().contains("Bad path"), qPrintable(out->toPlainText()));
    out->clear();

    // Four-letter words, to the session's server by default.
    QCOMPARE(run(page, "srvr"), 0);
    QVERIFY2(out->toPlainText().contains("Mode: standalone"), qPrintable(out->toPlainText()));
    out->clear();
    QCOMPARE(run(page, QString("4lw ruok %1").arg(QString::fromStdString(servers_.current()->connectString()))), 0);
    QVERIFY2(out->toPlainText().contains("imok"), qPrintable(out->toPlainText()));
    out->clear();
    QCOMPARE(run(page, "4lw srvr 127.0.0.1:1"), 3);  // nothing listens there
    QVERIFY2(out->toPlainText().contains("[exit 3]"), qPrintable(out->toPlainText()));
}

void TstConsole::viewCommands() {
    auto tab = openTab(profileFor(servers_.current()));
    ConsolePage* page = tab->console();
    ClientAdapter* a = tab->adapter();
    QVERIFY(a->isConnected());
    const QString session = QStringLiteral("0x%1").arg(quint64(a->sessionId()), 0, 16);
    // A kazoo-layout lock held by the tab's own session (a "lock or
    // election": both commands name it), and a data watch of that session.
    create(a, "/console-views", "");
    create(a, "/console-views/lock", "");
    client::CreateOptions ephemeral;
    ephemeral.mode = proto::CreateMode::EphemeralSequential;
    auto held = call<client::Created>([&](auto done) {
        a->create("/console-views/lock/0123456789abcdef0123456789abcdef__lock__", "holder-1", ephemeral, done);
    });
    QVERIFY2(held.ok(), held.message.c_str());
    QVERIFY(call<client::NodeData>([&](auto done) { a->getData("/console-views/lock", true, done); }).ok());
    // The JSON object a command printed (the output starts with its echo).
    auto json = [&](const QString& line) -> QJsonObject {
        page->output()->clear();
        const int code = run(page, line);
        const QString text = page->output()->toPlainText();
        const QJsonObject j = QJsonDocument::fromJson(text.mid(text.indexOf('{'), text.lastIndexOf('}') - text.indexOf('{') + 1).toUtf8()).object();
        if (code != 0 || j.isEmpty()) qWarning("%s: exit %d: %s", qPrintable(line), code, qPrintable(text));
        return j;
    };
    QJsonObject j = json("--json locks --root /console-views");
    QVERIFY(j["complete"].toBool());
    QCOMPARE(j["items"].toArray().size(), 1);
    QJsonObject lock = j["items"].toArray().at(0).toObject();
    QCOMPARE(lock["path"].toString(), QStringLiteral("/console-views/lock"));
    QCOMPARE(lock["holderSession"].toString(), session);
    QCOMPARE(lock["holder"].toString(), QStringLiteral("holder-1"));
    j = json("--json elections --root /console-views");
    QCOMPARE(j["items"].toArray().size(), 1);
    QCOMPARE(j["items"].toArray().at(0).toObject()["recipe"].toString(), QStringLiteral("lock-or-election"));
    QCOMPARE(j["items"].toArray().at(0).toObject()["leaderSession"].toString(), session);
    j = json("--json partitions --root /console-views");
    QVERIFY(j["complete"].toBool());
    QCOMPARE(j["items"].toArray().size(), 0);
    // watches: the tab's server, read by its words (the profile names no
    // AdminServer); the session's data watch in the details.
    j = json("--json watches --detail");
    QVERIFY(j["complete"].toBool());
    QCOMPARE(j["servers"].toArray().size(), 1);
    const bool engine = QString::fromStdString(servers_.current()->name()) == QLatin1String("engine");
    QCOMPARE(j["servers"].toArray().at(0).toObject()["source"].toString(), engine ? QString("wchk") : QString("wchs"));
    bool found = false;
    for (const QJsonValue& v : j["items"].toArray())
        found |= v["session"].toString() == session &&
                 v["paths"].toArray().contains(QJsonValue(QStringLiteral("/console-views/lock")));
    QVERIFY2(found, qPrintable(page->output()->toPlainText()));
}

void TstConsole::guardRefusesWrites() {
    auto tab = openTab(profileFor(servers_.current(), true));
    ConsolePage* page = tab->console();
    create(tab->adapter(), "/console-guard", "before");  // the test's own write, not through the guard
    QSignalSpy refused(tab->guard(), &WriteGuard::refused);

    QCOMPARE(run(page, "set /console-guard after"), 1);
    QCOMPARE(refused.count(), 1);
    const QString sentence = refused.first().first().toString();
    QVERIFY2(page->output()->toPlainText().contains(sentence), qPrintable(page->output()->toPlainText()));
    QCOMPARE(tab->message(), sentence);  // shown above the pages, as the browser's refusals are
    QCOMPARE(read(tab->adapter(), "/console-guard"), QByteArray("before"));
    // Reads go through.
    QCOMPARE(run(page, "get /console-guard"), 0);

    tab->guard()->unlock();
    QCOMPARE(run(page, "set /console-guard after"), 0);
    QCOMPARE(read(tab->adapter(), "/console-guard"), QByteArray("after"));
    QCOMPARE(refused.count(), 1);
}

void TstConsole::completesPathsFromTheServer() {
    auto tab = openTab(profileFor(servers_.current()));
    ConsolePage* page = tab->console();
    for (const char* p : {"/complete", "/complete/config", "/complete/cache", "/complete/data"})
        create(tab->adapter(), p, "");
    QLineEdit* input = page->input();
    input->setFocus();
    QTest::keyClicks(input, "get /complete/c");
    QTRY_VERIFY_WITH_TIMEOUT(page->completer()->popup()->isVisible(), kWaitMs);
    QCOMPARE(page->completer()->completionCount(), 2);
    auto* model = qobject_cast<QStringListModel*>(page->completer()->model());
    QVERIFY(model);
    QCOMPARE(model->stringList(), QStringList({"/complete/cache", "/complete/config", "/complete/data"}));
    emit page->completer()->activated(QStringLiteral("/complete/config"));
    QCOMPARE(input->text(), QStringLiteral("get /complete/config"));

    // The root's children, for a word after others.
    input->clear();
    QTest::keyClicks(input, "ls /comp");
    QTRY_VERIFY_WITH_TIMEOUT(page->completer()->completionCount() == 1 && page->completer()->popup()->isVisible(),
                             kWaitMs);
    QCOMPARE(page->completer()->currentCompletion(), QStringLiteral("/complete"));
}

void TstConsole::historyPersistsPerProfile() {
    QSettings settings(dir_.filePath("history.ini"), QSettings::IniFormat);
    ConnectionProfile profile = profileFor(servers_.engine());
    profile.digestUser = "alice";
    {
        auto tab = openTab(profile, "s3cret-pw");
        ConsolePage* page = tab->console();
        page->setHistorySettings(&settings);
        QCOMPARE(run(page, "ls /"), 0);
        QCOMPARE(run(page, "get /zookeeper"), 0);
        QCOMPARE(run(page, "get /s3cret-pw"), 1);  // holds the session's password: this run only
        QLineEdit* input = page->input();
        input->setFocus();
        QTest::keyClicks(input, "ec");
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QStringLiteral("get /s3cret-pw"));
        QTest::keyClick(input, Qt::Key_Up);
        QCOMPARE(input->text(), QStringLiteral("get /zookeeper"));
        QTest::keyClick(input, Qt::Key_Up);
        QTest::keyClick(input, Qt::Key_Up);  // stays at the oldest
        QCOMPARE(input->text(), QStringLiteral("ls /"));
        QTest::keyClick(input, Qt::Key_Down);
        QCOMPARE(input->text(), QStringLiteral("get /zookeeper"));
        QTest::keyClick(input, Qt::Key_Down);
        QTest::keyClick(input, Qt::Key_Down);
        QCOMPARE(input->text(), QStringLiteral("ec"));  // what was being typed
    }
    settings.sync();
    {
        auto tab = openTab(profile, "s3cret-pw");
        tab->console()->setHistorySettings(&settings);
        QCOMPARE(tab->console()->history()->lines(), QStringList({"ls /", "get /zookeeper"}));
        ConnectionProfile other = profile;
        other.id = ConnectionProfile::newId();
        ConsolePage otherPage(tab->adapter(), tab->guard(), other.id);
        otherPage.setHistorySettings(&settings);
        QVERIFY(otherPage.history()->lines().isEmpty());
    }
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.contains("get /zookeeper") && !text.contains("s3cret"), text.constData());
}

void TstConsole::watchRunsUntilStopped() {
    auto tab = openTab(profileFor(servers_.engine()));
    ConsolePage* page = tab->console();
    create(tab->adapter(), "/console-watch", "v1");
    QSignalSpy done(page, &ConsolePage::finished);
    page->runLine("watch /console-watch");
    QVERIFY(page->isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(page->output()->toPlainText().contains("v1"), kWaitMs);
    // The GUI thread is free meanwhile: requests complete, the output grows.
    auto r = call<proto::Stat>([&](auto d) { tab->adapter()->setData("/console-watch", "v2", -1, d); });
    QVERIFY(r.ok());
    QTRY_VERIFY_WITH_TIMEOUT(page->output()->toPlainText().contains("v2"), kWaitMs);
    QVERIFY(page->isRunning());
    QCOMPARE(done.count(), 0);
    page->stop();
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kWaitMs);
    QCOMPARE(done.first().first().toInt(), 0);
    QVERIFY(!page->isRunning());
}

// A tab closed while its console runs a watch, and while a word waits on a
// server that accepts and never answers: the page goes without waiting on
// the network and without calling back into it.
void TstConsole::closedWhileRunning() {
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost));
    {
        auto tab = openTab(profileFor(servers_.engine()));
        create(tab->adapter(), "/console-closed", "v1");
        tab->console()->runLine("watch /console-closed");
        QTRY_VERIFY_WITH_TIMEOUT(tab->console()->output()->toPlainText().contains("v1"), kWaitMs);
        QVERIFY(tab->console()->isRunning());
    }
    {
        auto tab = openTab(profileFor(servers_.engine()));
        ConsolePage* page = tab->console();
        QSignalSpy done(page, &ConsolePage::finished);
        page->runLine(QStringLiteral("4lw srvr 127.0.0.1:%1").arg(silent.serverPort()));
        QVERIFY(page->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kWaitMs);  // asked, and waiting
        QCOMPARE(done.count(), 0);
    }
}

QTEST_MAIN(TstConsole)
#include "tst_console.moc"
