// SessionSupervisor and WriteGuard, headless, against Apache ZooKeeper 3.8 and
// the in-process engine: the reconnect backoff (1, 2, 4 ... 30 s, back to 1 s
// once a session stayed connected long enough), the probes (srvr of the
// server in use, the session's latency), refusals that are not retried, and
// the read-only guard's answers.
#include <QtTest>

#include <memory>

#include "adapter/client_adapter.h"
#include "both_servers.h"
#include "session/session_supervisor.h"
#include "session/write_guard.h"
#include "session_thief.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;

namespace {

constexpr int kWaitMs = 30000;

ConnectionProfile profileFor(const TestServer& s, int sessionTimeoutMs = 30000) {
    QString error;
    auto p = ConnectionProfile::fromConnectString(QString::fromStdString(s.connectString()), &error);
    if (!p) qFatal("%s", qPrintable(error));
    p->name = QStringLiteral("test cluster");
    p->sessionTimeoutMs = sessionTimeoutMs;
    return *p;
}

}  // namespace

class TstSession : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void reconnectBackoffSteps_data();
    void reconnectBackoffSteps();
    void connectsAndProbes_data() { servers(); }
    void connectsAndProbes();
    void refusedOptionsAreNotRetried();
    void backoffDoublesThenResetsOnceStable();
    void closeEndsTheSessionQuietly();
    void unguardedAllowsWrites();
    void guardRefusesUntilUnlocked();

private:
    static void servers() { BothServers::addRows(); }
    TestServer* server() const { return servers_.current(); }

    BothServers servers_;
};

void TstSession::initTestCase() {
    std::string err;
    QVERIFY2(servers_.start(&err), err.c_str());
}

void TstSession::cleanupTestCase() { servers_.stop(); }

void TstSession::reconnectBackoffSteps_data() {
    QTest::addColumn<int>("previous");
    QTest::addColumn<int>("next");
    QTest::newRow("first") << 0 << 1000;
    QTest::newRow("1s") << 1000 << 2000;
    QTest::newRow("2s") << 2000 << 4000;
    QTest::newRow("4s") << 4000 << 8000;
    QTest::newRow("8s") << 8000 << 16000;
    QTest::newRow("16s capped") << 16000 << 30000;
    QTest::newRow("30s stays") << 30000 << 30000;
}

void TstSession::reconnectBackoffSteps() {
    QFETCH(int, previous);
    QFETCH(int, next);
    QCOMPARE(SessionSupervisor::nextReconnectDelayMs(previous), next);
}

void TstSession::connectsAndProbes() {
    TestServer* s = server();
    ClientAdapter adapter;
    SessionSupervisor supervisor(&adapter, profileFor(*s), QString());
    QSignalSpy connected(&supervisor, &SessionSupervisor::connected);
    QSignalSpy problems(&supervisor, &SessionSupervisor::problem);
    supervisor.open();
    QTRY_VERIFY_WITH_TIMEOUT(supervisor.status().healthy, kWaitMs);
    QCOMPARE(connected.count(), 1);
    ClusterStatus st = supervisor.status();
    QCOMPARE(st.state, QString("Connected"));
    QVERIFY(!st.terminal);
    QCOMPARE(st.sessionId, adapter.sessionId());
    QCOMPARE(st.server, QString::fromStdString(s->connectString()));
    // Both probes ran on connecting.
    QTRY_VERIFY_WITH_TIMEOUT(supervisor.status().srvr.answered && supervisor.status().latencyMs >= 0, kWaitMs);
    st = supervisor.status();
    QVERIFY2(st.srvrError.isEmpty(), qPrintable(st.srvrError));
    QVERIFY(st.srvr.whitelisted);
    QCOMPARE(st.srvr.mode, QString("standalone"));
    QVERIFY(!st.srvr.version.isEmpty());
    QCOMPARE(problems.count(), 0);
    QCOMPARE(supervisor.pendingReconnectMs(), 0);
}

// Options the client refuses cannot get better by retrying: one sentence, a
// terminal status, no reconnect.
void TstSession::refusedOptionsAreNotRetried() {
    ConnectionProfile p;
    p.name = QStringLiteral("broken");
    p.hosts = QStringLiteral("127.0.0.1:99999");
    ClientAdapter adapter;
    SessionSupervisor supervisor(&adapter, p, QString());
    QSignalSpy problems(&supervisor, &SessionSupervisor::problem);
    QSignalSpy changed(&supervisor, &SessionSupervisor::statusChanged);
    supervisor.open();
    QCOMPARE(problems.count(), 1);
    QVERIFY2(problems.at(0).at(0).toString().startsWith("Cannot connect to broken: "),
             qPrintable(problems.at(0).at(0).toString()));
    QCOMPARE(problems.at(0).at(1).toBool(), false);  // stays after a later connect
    QVERIFY(changed.count() >= 1);
    const ClusterStatus st = supervisor.status();
    QCOMPARE(st.state, QString("Not connected"));
    QVERIFY(!st.healthy);
    QVERIFY(st.terminal);
    QTest::qWait(1500);
    QCOMPARE(supervisor.pendingReconnectMs(), 0);
    QCOMPARE(adapter.state(), ClientAdapter::State::Disconnected);
    QCOMPARE(problems.count(), 1);
}

// Expired sessions are replaced after 1 s, then 2 s while they keep expiring;
// a session that stayed connected for stableSessionMs starts the backoff
// again at 1 s. (stableSessionMs is shortened here; the steps are the app's.)
void TstSession::backoffDoublesThenResetsOnceStable() {
    // Longer than a round of stealing can take (each attempt waits up to 5 s
    // for the expiry), so only the explicit wait below makes a session stable.
    SessionTiming timing;
    timing.stableSessionMs = 12000;
    ClientAdapter adapter;
    SessionSupervisor supervisor(&adapter, profileFor(*servers_.engine(), 4000), QString(), timing);
    QList<int> delays;
    QStringList messages;
    connect(&supervisor, &SessionSupervisor::statusChanged, this, [&] {
        const int ms = supervisor.pendingReconnectMs();
        if (ms > 0 && (delays.isEmpty() || delays.last() != ms)) delays << ms;
    });
    // Expiries, and the connection losses the stealing causes: all stale
    // once a session serves again.
    connect(&supervisor, &SessionSupervisor::problem, this, [&](const QString& text, bool clearedByConnect) {
        QVERIFY(clearedByConnect);
        if (text.startsWith("The session expired")) messages << text;
    });
    supervisor.open();
    QTRY_VERIFY_WITH_TIMEOUT(supervisor.status().healthy, kWaitMs);
    const auto expireAndWaitForTheNext = [&](int round) {
        const qint64 before = adapter.sessionId();
        const bool seen = stealAndExpireSession(&adapter, servers_.engine()->connectString(), 4000, [&] {
            return supervisor.pendingReconnectMs() > 0 || adapter.sessionId() != before;
        });
        if (!seen) return QString("round %1: the expiry was not seen").arg(round);
        if (!QTest::qWaitFor([&] { return supervisor.status().healthy && adapter.sessionId() != before; }, kWaitMs))
            return QString("round %1: no new session").arg(round);
        return QString();
    };
    QString failure = expireAndWaitForTheNext(1);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    failure = expireAndWaitForTheNext(2);  // at once: the new session was not stable
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(delays, (QList<int>{1000, 2000}));
    QTest::qWait(timing.stableSessionMs + 1000);
    failure = expireAndWaitForTheNext(3);
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    QCOMPARE(delays, (QList<int>{1000, 2000, 1000}));
    QCOMPARE(messages.size(), 3);
    QVERIFY2(messages.at(0).endsWith("in 1 second(s)."), qPrintable(messages.at(0)));
    QVERIFY2(messages.at(1).endsWith("in 2 second(s)."), qPrintable(messages.at(1)));
    QVERIFY2(messages.at(2).endsWith("in 1 second(s)."), qPrintable(messages.at(2)));
}

// After close() the supervisor neither reconnects nor reports.
void TstSession::closeEndsTheSessionQuietly() {
    ClientAdapter adapter;
    SessionSupervisor supervisor(&adapter, profileFor(*servers_.engine()), QString());
    supervisor.open();
    QTRY_VERIFY_WITH_TIMEOUT(supervisor.status().healthy, kWaitMs);
    QSignalSpy changed(&supervisor, &SessionSupervisor::statusChanged);
    supervisor.close();
    QCOMPARE(adapter.state(), ClientAdapter::State::Closed);
    QTest::qWait(500);
    QCOMPARE(changed.count(), 0);
    supervisor.open();  // closed for good
    QTest::qWait(500);
    QCOMPARE(adapter.state(), ClientAdapter::State::Closed);
    QCOMPARE(changed.count(), 0);
}

void TstSession::unguardedAllowsWrites() {
    WriteGuard guard("dev", false);
    QSignalSpy refused(&guard, &WriteGuard::refused);
    QSignalSpy changed(&guard, &WriteGuard::changed);
    QVERIFY(!guard.guarded());
    QVERIFY(guard.writesAllowed());
    QVERIFY(!guard.locked());
    QVERIFY(guard.check("delete /x"));
    guard.unlock();
    guard.lock();
    QVERIFY(guard.writesAllowed());
    QCOMPARE(refused.count(), 0);
    QCOMPARE(changed.count(), 0);
}

void TstSession::guardRefusesUntilUnlocked() {
    WriteGuard guard("Production EU", true);
    QSignalSpy refused(&guard, &WriteGuard::refused);
    QSignalSpy changed(&guard, &WriteGuard::changed);
    QVERIFY(guard.guarded());
    QVERIFY(guard.locked());
    QVERIFY(!guard.check("delete /app"));
    QCOMPARE(refused.count(), 1);
    const QString sentence = refused.at(0).at(0).toString();
    QCOMPARE(sentence, guard.refusal("delete /app"));
    QVERIFY2(sentence.contains("delete /app") && sentence.contains("Production EU") &&
                 sentence.contains("read-only guarded"),
             qPrintable(sentence));
    guard.unlock();
    QCOMPARE(changed.count(), 1);
    QVERIFY(guard.writesAllowed());
    QVERIFY(guard.check("delete /app"));
    QCOMPARE(refused.count(), 1);
    guard.unlock();  // already unlocked: nothing changes
    QCOMPARE(changed.count(), 1);
    guard.lock();
    QCOMPARE(changed.count(), 2);
    QVERIFY(guard.locked());
    QVERIFY(!guard.check("set /app"));
    QCOMPARE(refused.count(), 2);
}

QTEST_GUILESS_MAIN(TstSession)
#include "tst_session.moc"
