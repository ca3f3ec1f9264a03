// Self-test of tests/support: Apache ZooKeeper starts, answers four-letter
// words, survives kill -9 + restart on the same port, leaves no process and no
// temp dir behind; the engine start path fails with a clear message while the
// engine is not built, and works once it is.
#include <QtTest>

#include <signal.h>
#include <sys/types.h>

#include <filesystem>

#include "test_support.h"

using namespace zooscope::testing;

namespace {
bool processAlive(int pid) { return pid > 0 && ::kill(pid, 0) == 0; }
}  // namespace

class TstHarness : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void freePortIsBindable();
    void fourLetterWordsAnswer_data();
    void fourLetterWordsAnswer();
    void fourLetterWordOnClosedPortIsEmpty();
    void killAndRestartKeepsPort();
    void stopLeavesNothingBehind();
    void badOptionReportsLogTail();
    void engineStartReportsClearly();
    void engineProcessModeNeedsBinDir();

private:
    std::unique_ptr<TestServer> zk_;
};

void TstHarness::initTestCase() {
    std::string err;
    zk_ = startApacheZooKeeper({}, &err);
    QVERIFY2(zk_, err.c_str());
    QCOMPARE(QString::fromStdString(zk_->name()), QStringLiteral("zookeeper"));
    QVERIFY(zk_->port() != 0);
    QCOMPARE(QString::fromStdString(zk_->connectString()), QStringLiteral("127.0.0.1:%1").arg(zk_->port()));
}

void TstHarness::cleanupTestCase() { zk_.reset(); }

void TstHarness::freePortIsBindable() {
    const uint16_t a = freeLoopbackPort();
    QVERIFY(a != 0);
    // Nothing listens there: a four-letter word gets no answer.
    QCOMPARE(fourLetterWord(a, "ruok", 500), std::string());
}

void TstHarness::fourLetterWordsAnswer_data() {
    QTest::addColumn<QString>("cmd");
    QTest::addColumn<QString>("expectedSubstring");
    QTest::newRow("ruok") << "ruok" << "imok";
    QTest::newRow("srvr mode") << "srvr" << "Mode: standalone";
    QTest::newRow("srvr version") << "srvr" << "Zookeeper version: 3.8";
    QTest::newRow("conf port") << "conf" << QStringLiteral("clientPort=");
    QTest::newRow("mntr") << "mntr" << "zk_server_state\tstandalone";
}

void TstHarness::fourLetterWordsAnswer() {
    QFETCH(QString, cmd);
    QFETCH(QString, expectedSubstring);
    const std::string reply = fourLetterWord(zk_->port(), cmd.toStdString());
    QVERIFY2(reply.find(expectedSubstring.toStdString()) != std::string::npos, reply.c_str());
}

void TstHarness::fourLetterWordOnClosedPortIsEmpty() {
    QCOMPARE(fourLetterWord(1, "ruok", 300), std::string());
}

void TstHarness::killAndRestartKeepsPort() {
    std::string err;
    auto zk = startApacheZooKeeper({}, &err);
    QVERIFY2(zk, err.c_str());
    const uint16_t port = zk->port();
    const int pid = zk->pid();
    QVERIFY(processAlive(pid));
    QVERIFY(zk->kill9());
    QVERIFY(!processAlive(pid));
    QCOMPARE(zk->pid(), -1);
    QCOMPARE(fourLetterWord(port, "ruok", 500), std::string());
    QVERIFY(!zk->kill9());  // not running any more
    QVERIFY2(zk->restart(&err), err.c_str());
    QCOMPARE(zk->port(), port);
    QVERIFY(zk->pid() != pid && processAlive(zk->pid()));
    QCOMPARE(fourLetterWord(port, "ruok"), std::string("imok"));
    QVERIFY(std::filesystem::exists(zk->dataDir() + "/version-2"));
}

void TstHarness::stopLeavesNothingBehind() {
    std::string err;
    auto zk = startApacheZooKeeper({}, &err);
    QVERIFY2(zk, err.c_str());
    const int pid = zk->pid();
    const std::string dir = zk->dataDir();
    const uint16_t port = zk->port();
    QVERIFY(std::filesystem::exists(dir));
    zk->stop();
    QVERIFY(!processAlive(pid));
    zk->stop();  // idempotent
    zk.reset();
    QVERIFY(!std::filesystem::exists(dir));
    QCOMPARE(fourLetterWord(port, "ruok", 500), std::string());
}

void TstHarness::badOptionReportsLogTail() {
    ApacheOptions options;
    options.extra["tickTime"] = "not-a-number";
    options.startTimeoutMs = 20000;
    std::string err;
    auto zk = startApacheZooKeeper(options, &err);
    QVERIFY(!zk);
    // The message names the server and carries the server's own complaint.
    QVERIFY2(err.find("zookeeper") != std::string::npos, err.c_str());
    QVERIFY2(err.find("not-a-number") != std::string::npos || err.find("NumberFormat") != std::string::npos,
             err.c_str());
}

void TstHarness::engineStartReportsClearly() {
    std::string err;
    auto engine = startEngine({}, &err);
    QVERIFY2(engine, err.c_str());
    QCOMPARE(QString::fromStdString(engine->name()), QStringLiteral("engine"));
    QVERIFY(engine->port() != 0);
    QCOMPARE(fourLetterWord(engine->port(), "ruok"), std::string("imok"));
    engine->stop();
    QCOMPARE(fourLetterWord(engine->port(), "ruok", 500), std::string());
}

void TstHarness::engineProcessModeNeedsBinDir() {
    const QByteArray saved = qgetenv("ZS_BIN_DIR");
    qputenv("ZS_BIN_DIR", "/nonexistent-zs-bin");
    EngineOptions options;
    options.mode = EngineOptions::Mode::Process;
    std::string err;
    auto engine = startEngine(options, &err);
    if (saved.isNull()) qunsetenv("ZS_BIN_DIR"); else qputenv("ZS_BIN_DIR", saved);
    QVERIFY(!engine);
    QVERIFY2(err.find("/nonexistent-zs-bin/zooscope-server") != std::string::npos, err.c_str());
}

QTEST_GUILESS_MAIN(TstHarness)
#include "tst_harness.moc"
