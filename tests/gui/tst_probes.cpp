// The probes of ui/monitor, headless, against Apache ZooKeeper 3.8 and the
// engine (same cases, data-driven by server) and a silent server (a loopback
// listener that accepts and never answers, as a SIGSTOPped server does):
// four-letter words answer, are refused or fail; every ask ends, never inside
// the call; a stalled server delays only its own client; asking a pending word
// again joins it; a destroyed client calls nobody; the latency probe reports
// on the GUI thread and joins a probe in flight.
#include <QtTest>

#include <QTcpServer>
#include <QTcpSocket>

#include <memory>
#include <optional>

#include "adapter/client_adapter.h"
#include "both_servers.h"
#include "monitor/four_letter_word_client.h"
#include "monitor/latency_probe.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 30000;

// Accepts connections on 127.0.0.1 and never writes a byte.
class SilentServer : public QTcpServer {
public:
    SilentServer() {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* s = nextPendingConnection()) {
                s->setParent(this);
                ++accepted;
            }
        });
        listen(QHostAddress::LocalHost, 0);
    }
    int accepted = 0;
};

}  // namespace

class TstProbes : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void serverAddresses_data();
    void serverAddresses();
    void fourLetterWords_data() { servers(); }
    void fourLetterWords();
    void fourLetterWordRefusedAndUnreachable();
    void answersNeverInsideTheCall();
    void stalledServerDelaysOnlyItsOwnClient();
    void askingAPendingWordJoinsIt();
    void destroyedClientCallsNobody();
    void latencyOnGuiThread_data() { servers(); }
    void latencyOnGuiThread();
    void latencyWithoutSession();

private:
    static void servers() { BothServers::addRows(); }
    TestServer* server() const { return servers_.current(); }

    BothServers servers_;
};

void TstProbes::initTestCase() {
    std::string err;
    QVERIFY2(servers_.start(&err), err.c_str());
}

void TstProbes::cleanupTestCase() { servers_.stop(); }

void TstProbes::serverAddresses_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("host");
    QTest::addColumn<int>("port");
    QTest::newRow("ipv4") << "127.0.0.1:2181" << "127.0.0.1" << 2181;
    QTest::newRow("name") << "zk1.internal:2182" << "zk1.internal" << 2182;
    QTest::newRow("ipv6") << "[::1]:2181" << "::1" << 2181;
    QTest::newRow("no port") << "127.0.0.1" << "" << 0;
    QTest::newRow("port 0") << "127.0.0.1:0" << "" << 0;
    QTest::newRow("port too big") << "127.0.0.1:65536" << "" << 0;
    QTest::newRow("no host") << ":2181" << "" << 0;
    QTest::newRow("empty") << "" << "" << 0;
}

void TstProbes::serverAddresses() {
    QFETCH(QString, text);
    QFETCH(QString, host);
    QFETCH(int, port);
    const auto address = ServerAddress::parse(text);
    QCOMPARE(address.has_value(), !host.isEmpty());
    if (!address) return;
    QCOMPARE(address->host, host);
    QCOMPARE(int(address->port), port);
}

void TstProbes::fourLetterWords() {
    TestServer* s = server();
    FourLetterWordClient client("127.0.0.1", s->port());
    std::optional<FourLetterReply> srvr;
    client.ask("srvr", [&](const FourLetterReply& r) { srvr = r; });
    QTRY_VERIFY_WITH_TIMEOUT(srvr.has_value(), kWaitMs);
    QVERIFY2(srvr->ok(), qPrintable(srvr->error + srvr->text));
    QVERIFY2(srvr->text.contains("Mode: standalone"), qPrintable(srvr->text));
    QVERIFY2(srvr->text.contains("Zookeeper version"), qPrintable(srvr->text));
    QCOMPARE(srvr->command, QString("srvr"));
    QVERIFY(srvr->elapsedMs >= 0);
    QCOMPARE(client.pendingCount(), 0);
}

void TstProbes::fourLetterWordRefusedAndUnreachable() {
    EngineOptions eo;
    eo.config.fourLetterWhitelist = {"srvr"};
    std::string err;
    auto strict = startEngine(eo, &err);
    QVERIFY2(strict, err.c_str());
    FourLetterWordClient client("127.0.0.1", strict->port());
    std::optional<FourLetterReply> wchs, dead;
    client.ask("wchs", [&](const FourLetterReply& r) { wchs = r; });
    QTRY_VERIFY_WITH_TIMEOUT(wchs.has_value(), kWaitMs);
    QVERIFY(wchs->refused);
    QVERIFY(!wchs->ok());
    QVERIFY2(wchs->text.contains("not in the whitelist"), qPrintable(wchs->text));
    // No server (no session to take it from): no server to ask.
    FourLetterWordClient nowhere(QString(), 0);
    std::optional<FourLetterReply> none;
    nowhere.ask("srvr", [&](const FourLetterReply& r) { none = r; });
    QTRY_VERIFY(none.has_value());
    QVERIFY(!none->error.isEmpty());
    QCOMPARE(none->elapsedMs, qint64(-1));
    const quint16 closed = freeLoopbackPort();
    FourLetterWordClient refusing("127.0.0.1", closed);
    refusing.ask("srvr", [&](const FourLetterReply& r) { dead = r; });
    QTRY_VERIFY_WITH_TIMEOUT(dead.has_value(), kWaitMs);
    QVERIFY2(!dead->error.isEmpty(), qPrintable(dead->text));
}

// Callers may rely on ask() returning first, whatever the outcome.
void TstProbes::answersNeverInsideTheCall() {
    bool returned = false, calledBeforeReturn = false, called = false;
    const auto done = [&](const FourLetterReply&) {
        called = true;
        calledBeforeReturn = calledBeforeReturn || !returned;
    };
    FourLetterWordClient nowhere(QString(), 0);
    nowhere.ask("ruok", done);
    FourLetterWordClient refusing("127.0.0.1", freeLoopbackPort());
    refusing.ask("ruok", done);
    returned = true;
    QTRY_VERIFY_WITH_TIMEOUT(called && nowhere.pendingCount() == 0 && refusing.pendingCount() == 0, kWaitMs);
    QVERIFY(!calledBeforeReturn);
}

// A dashboard asks every server independently: a server that accepts and
// never answers holds up nobody but its own client, and its ask still ends,
// with a timeout.
void TstProbes::stalledServerDelaysOnlyItsOwnClient() {
    SilentServer silent;
    QVERIFY(silent.isListening());
    FourLetterWordClient stalled("127.0.0.1", silent.serverPort());
    FourLetterWordClient healthy("127.0.0.1", servers_.engine()->port());
    std::optional<FourLetterReply> slow, fast;
    stalled.ask("ruok", [&](const FourLetterReply& r) { slow = r; }, 3000);
    healthy.ask("ruok", [&](const FourLetterReply& r) { fast = r; }, 3000);
    QTRY_VERIFY_WITH_TIMEOUT(fast.has_value(), kWaitMs);
    QVERIFY2(fast->ok(), qPrintable(fast->error));
    QCOMPARE(fast->text, QString("imok"));
    QVERIFY2(!slow.has_value(), "the silent server answered before the healthy one");
    QTRY_VERIFY_WITH_TIMEOUT(slow.has_value(), kWaitMs);
    QVERIFY2(slow->error.contains("did not answer"), qPrintable(slow->error));
    QCOMPARE(slow->elapsedMs, qint64(-1));
    QCOMPARE(silent.accepted, 1);
}

// Polling a stalled server every second must not pile up connections: a word
// still pending is joined, not asked again; another word gets its own.
void TstProbes::askingAPendingWordJoinsIt() {
    SilentServer silent;
    QVERIFY(silent.isListening());
    FourLetterWordClient client("127.0.0.1", silent.serverPort());
    int srvrReplies = 0, mntrReplies = 0;
    QStringList errors;
    for (int i = 0; i < 3; ++i)
        client.ask("srvr", [&](const FourLetterReply& r) {
            ++srvrReplies;
            errors << r.error;
        }, 1500);
    client.ask("mntr", [&](const FourLetterReply&) { ++mntrReplies; }, 1500);
    QCOMPARE(client.pendingCount(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(silent.accepted, 2, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(srvrReplies == 3 && mntrReplies == 1, kWaitMs);
    QCOMPARE(client.pendingCount(), 0);
    QCOMPARE(errors.size(), 3);
    QVERIFY(!errors.first().isEmpty());
    QCOMPARE(errors.count(errors.first()), 3);  // one reply for the three asks
    QCOMPARE(silent.accepted, 2);
    // Once answered, the word is asked anew.
    client.ask("srvr", [&](const FourLetterReply&) { ++srvrReplies; }, 500);
    QTRY_COMPARE_WITH_TIMEOUT(silent.accepted, 3, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(srvrReplies, 4, kWaitMs);
}

void TstProbes::destroyedClientCallsNobody() {
    SilentServer silent;
    QVERIFY(silent.isListening());
    auto calls = std::make_shared<int>(0);
    auto client = std::make_unique<FourLetterWordClient>("127.0.0.1", silent.serverPort());
    client->ask("srvr", [calls](const FourLetterReply&) { ++*calls; }, 1000);
    QTRY_COMPARE_WITH_TIMEOUT(silent.accepted, 1, kWaitMs);
    // A reply already on its way (no server: answered at the next turn of
    // the event loop) is dropped too.
    auto nowhere = std::make_unique<FourLetterWordClient>(QString(), 0);
    nowhere->ask("srvr", [calls](const FourLetterReply&) { ++*calls; });
    client.reset();
    nowhere.reset();
    QTest::qWait(2000);  // well past the ask's timeout
    QCOMPARE(*calls, 0);
}

void TstProbes::latencyOnGuiThread() {
    TestServer* s = server();
    ClientAdapter a;
    client::ClientOptions o;
    o.connectString = s->connectString();
    o.sessionTimeout = 20s;
    QString err;
    QVERIFY2(a.open(o, &err), qPrintable(err));
    QTRY_VERIFY_WITH_TIMEOUT(a.isConnected(), kWaitMs);
    LatencyProbe probe(&a);
    QThread* gui = QCoreApplication::instance()->thread();
    int offThread = 0;
    qint64 latency = -2, joined = -2;
    probe.measure([&](qint64 ms) {
        if (QThread::currentThread() != gui) ++offThread;
        latency = ms;
    });
    QVERIFY(probe.isPending());
    probe.measure([&](qint64 ms) { joined = ms; });
    QTRY_VERIFY_WITH_TIMEOUT(latency != -2 && joined != -2, kWaitMs);
    QVERIFY(!probe.isPending());
    QCOMPARE(offThread, 0);
    QVERIFY(latency >= 0);
    QCOMPARE(joined, latency);  // one request answered both
}

void TstProbes::latencyWithoutSession() {
    ClientAdapter a;
    LatencyProbe probe(&a);
    bool returned = false, calledBeforeReturn = false;
    qint64 latency = -2;
    probe.measure([&](qint64 ms) {
        calledBeforeReturn = !returned;
        latency = ms;
    });
    returned = true;
    QTRY_VERIFY(latency != -2);
    QVERIFY(!calledBeforeReturn);
    QCOMPARE(latency, qint64(-1));
}

QTEST_GUILESS_MAIN(TstProbes)
#include "tst_probes.moc"
