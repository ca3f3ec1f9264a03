// ClientAdapter against Apache ZooKeeper 3.8 and the engine (same cases,
// data-driven by server): results and events arrive on the GUI thread as
// functors/signals, late results of a destroyed adapter are dropped, and the
// creates it announces feed a CreateModeCache. (Four-letter words and the
// latency probe: tst_probes.)
#include <QtTest>

#include <csignal>
#include <future>
#include <memory>

#include "adapter/client_adapter.h"
#include "adapter/retired_threads.h"
#include "blocking_call.h"
#include "models/create_mode_cache.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;
using proto::Err;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 30000;

// Blocking helper for the second ("other") client: runs off the GUI thread.
template <class T, class Submit>
client::Result<T> call(Submit&& submit) {
    return zooscope::testing::blockingCall<T>(std::forward<Submit>(submit), std::chrono::seconds(30));
}

}  // namespace

class TstClientAdapter : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void refusesBadOptions();
    void noSessionFailsAsynchronously();
    void statesAsSignals_data() { servers(); }
    void statesAsSignals();
    void resultsOnGuiThread_data() { servers(); }
    void resultsOnGuiThread();
    void watchEventsAsSignals_data() { servers(); }
    void watchEventsAsSignals();
    void destroyedAdapterDropsLateResults_data() { servers(); }
    void destroyedAdapterDropsLateResults();
    void destroyingDoesNotWaitForAStoppedServer_data() { servers(); }
    void destroyingDoesNotWaitForAStoppedServer();

private:
    void servers() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    TestServer* server() {
        QFETCH(QString, server);
        return server == QLatin1String("zookeeper") ? zk_.get() : engine_.get();
    }
    // An adapter connected to `s` (null on failure, with a QVERIFY message).
    std::unique_ptr<ClientAdapter> connected(TestServer* s) {
        auto a = std::make_unique<ClientAdapter>();
        client::ClientOptions o;
        o.connectString = s->connectString();
        o.sessionTimeout = 20s;
        QString err;
        if (!a->open(o, &err)) return nullptr;
        if (!QTest::qWaitFor([&] { return a->isConnected(); }, kWaitMs)) return nullptr;
        return a;
    }
    std::unique_ptr<client::Client> other(TestServer* s) {
        client::ClientOptions o;
        o.connectString = s->connectString();
        std::string err;
        auto c = client::Client::connect(o, {}, &err);
        for (int i = 0; c && i < 300 && c->state() != client::SessionState::Connected; ++i) QTest::qWait(50);
        return c;
    }

    std::unique_ptr<TestServer> zk_, engine_;
};

void TstClientAdapter::initTestCase() {
    std::string err;
    zk_ = startApacheZooKeeper({}, &err);
    QVERIFY2(zk_, err.c_str());
    engine_ = startEngine({}, &err);
    QVERIFY2(engine_, err.c_str());
}

void TstClientAdapter::cleanupTestCase() {
    zk_.reset();
    engine_.reset();
}

void TstClientAdapter::refusesBadOptions() {
    ClientAdapter a;
    client::ClientOptions o;
    o.connectString = "127.0.0.1";  // no port
    QString err;
    QVERIFY(!a.open(o, &err));
    QVERIFY2(!err.isEmpty(), "a refused option must come with a sentence");
    QCOMPARE(a.state(), ClientAdapter::State::Disconnected);
}

// Without a session a call still completes, with ConnectionLoss, and never
// synchronously (callers may rely on returning first).
void TstClientAdapter::noSessionFailsAsynchronously() {
    ClientAdapter a;
    bool called = false, returned = false, calledBeforeReturn = false;
    client::Result<client::NodeData> got;
    a.getData("/", false, [&](client::Result<client::NodeData> r) {
        called = true;
        calledBeforeReturn = !returned;
        got = std::move(r);
    });
    returned = true;
    QTRY_VERIFY(called);
    QVERIFY(!calledBeforeReturn);
    QCOMPARE(got.err, Err::ConnectionLoss);
}

void TstClientAdapter::statesAsSignals() {
    TestServer* s = server();
    ClientAdapter a;
    QSignalSpy spy(&a, &ClientAdapter::stateChanged);
    client::ClientOptions o;
    o.connectString = s->connectString();
    QString err;
    QVERIFY2(a.open(o, &err), qPrintable(err));
    QTRY_VERIFY_WITH_TIMEOUT(a.isConnected(), kWaitMs);
    QVERIFY(spy.size() >= 2);
    QCOMPARE(spy.at(0).at(0).value<ClientAdapter::State>(), ClientAdapter::State::Connecting);
    QCOMPARE(spy.last().at(0).value<ClientAdapter::State>(), ClientAdapter::State::Connected);
    QVERIFY(a.sessionId() != 0);
    QCOMPARE(a.currentServer(), QString::fromStdString(s->connectString()));
    const int gen = a.generation();
    a.close();
    QCOMPARE(a.state(), ClientAdapter::State::Closed);
    QCOMPARE(spy.last().at(0).value<ClientAdapter::State>(), ClientAdapter::State::Closed);
    // A new session on the same adapter.
    QVERIFY2(a.open(o, &err), qPrintable(err));
    QVERIFY(a.generation() > gen);
    QTRY_VERIFY_WITH_TIMEOUT(a.isConnected(), kWaitMs);
}

void TstClientAdapter::resultsOnGuiThread() {
    TestServer* s = server();
    auto a = connected(s);
    QVERIFY(a);
    CreateModeCache modes(a.get());
    QThread* gui = QCoreApplication::instance()->thread();
    int offThread = 0;
    auto onGui = [&] {
        if (QThread::currentThread() != gui) ++offThread;
    };
    const QString base = QStringLiteral("/adapter-ops");
    int pending = 0;
    client::Result<client::Created> created;
    ++pending;
    a->create(base, "v1", {}, [&](auto r) { onGui(); created = r; --pending; });
    client::CreateOptions container;
    container.mode = proto::CreateMode::Container;
    client::Result<client::Created> createdContainer;
    ++pending;
    a->create(base + "/box", "", container, [&](auto r) { onGui(); createdContainer = r; --pending; });
    client::Result<proto::Stat> set;
    ++pending;
    a->setData(base, "v2", 0, [&](auto r) { onGui(); set = r; --pending; });
    client::Result<client::NodeData> data;
    ++pending;
    a->getData(base, false, [&](auto r) { onGui(); data = r; --pending; });
    client::Result<client::Children> kids;
    ++pending;
    a->getChildren2(base, false, [&](auto r) { onGui(); kids = r; --pending; });
    client::Result<std::vector<client::ChildRow>> rows;
    ++pending;
    a->getChildrenWithStats(base, {"box", "missing"}, client::RowDetail::Stat, [&](auto r) { onGui(); rows = r; --pending; });
    client::Result<client::AclData> acl;
    ++pending;
    a->getACL(base, [&](auto r) { onGui(); acl = r; --pending; });
    client::Result<std::vector<client::OpResult>> multi;
    ++pending;
    a->multi({client::Op::makeCheck(base.toStdString(), 1), client::Op::makeCreate((base + "/m").toStdString(), "")},
             [&](auto r) { onGui(); multi = r; --pending; });
    client::Result<std::string> synced;
    ++pending;
    a->sync(base, [&](auto r) { onGui(); synced = r; --pending; });
    client::Result<proto::Stat> bad;
    ++pending;
    a->setData(base, "v3", 99, [&](auto r) { onGui(); bad = r; --pending; });
    QTRY_COMPARE_WITH_TIMEOUT(pending, 0, kWaitMs);
    QCOMPARE(offThread, 0);
    QVERIFY2(created.ok(), created.message.c_str());
    QVERIFY2(createdContainer.ok(), createdContainer.message.c_str());
    QCOMPARE(set.value.version, 1);
    QCOMPARE(QByteArray::fromStdString(data.value.data), QByteArray("v2"));
    QCOMPARE(kids.value.names, std::vector<std::string>{"box"});
    QCOMPARE(int(rows.value.size()), 2);
    QCOMPARE(rows.value[0].err, Err::Ok);
    QCOMPARE(rows.value[1].err, Err::NoNode);
    QCOMPARE(acl.value.acl, proto::openAclUnsafe());
    QVERIFY2(multi.ok(), multi.message.c_str());
    QVERIFY(synced.ok());
    QCOMPARE(bad.err, Err::BadVersion);
    // Only this adapter's creates are known by mode (a multi's too).
    QCOMPARE(modes.knownCreateMode(base + "/box"), std::optional<proto::CreateMode>(proto::CreateMode::Container));
    QCOMPARE(modes.knownCreateMode(base), std::optional<proto::CreateMode>(proto::CreateMode::Persistent));
    QCOMPARE(modes.knownCreateMode(base + "/m"), std::optional<proto::CreateMode>(proto::CreateMode::Persistent));
    QVERIFY(!modes.knownCreateMode("/elsewhere"));
}

void TstClientAdapter::watchEventsAsSignals() {
    TestServer* s = server();
    auto a = connected(s);
    QVERIFY(a);
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(call<client::Created>([&](auto cb) { o->create("/adapter-watch", "", {}, cb); }).ok());
    QSignalSpy spy(a.get(), &ClientAdapter::nodeEvent);
    bool armed = false;
    a->getData("/adapter-watch", true, [&](auto r) { armed = r.ok(); });
    QTRY_VERIFY(armed);
    QVERIFY(call<proto::Stat>([&](auto cb) { o->setData("/adapter-watch", "x", -1, cb); }).ok());
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 1, kWaitMs);
    QCOMPARE(spy.at(0).at(0).value<proto::EventType>(), proto::EventType::NodeDataChanged);
    QCOMPARE(spy.at(0).at(1).toString(), QStringLiteral("/adapter-watch"));
}

// Destroying the adapter closes its session, which completes every
// outstanding request; those results are posted but must not reach their
// functors (whose captures may be gone too).
void TstClientAdapter::destroyedAdapterDropsLateResults() {
    TestServer* s = server();
    auto a = connected(s);
    QVERIFY(a);
    auto calls = std::make_shared<int>(0);
    for (int i = 0; i < 200; ++i) a->getData("/", false, [calls](auto) { ++*calls; });
    a.reset();
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCOMPARE(*calls, 0);
}

void TstClientAdapter::destroyingDoesNotWaitForAStoppedServer() {
    // A tab closing on a SIGSTOPped server: the adapter goes at once and its
    // session's goodbye (the C client's close, which waits for an answer)
    // runs on in RetiredThreads until the server answers again.
    QFETCH(QString, server);
    std::string err;
    std::unique_ptr<TestServer> own;  // the shared engine runs in this process
    TestServer* s = zk_.get();
    if (server == QLatin1String("engine")) {
        EngineOptions eo;
        eo.mode = EngineOptions::Mode::Process;
        own = startEngine(eo, &err);
        QVERIFY2(own, err.c_str());
        s = own.get();
    }
    QVERIFY(s->pid() > 0);
    auto a = connected(s);
    QVERIFY(a);
    auto& retired = zooscope::ui::RetiredThreads::instance();
    QVERIFY2(QTest::qWaitFor([&] { return retired.running() == 0; }, kWaitMs), "earlier goodbyes still running");
    QCOMPARE(::kill(s->pid(), SIGSTOP), 0);
    a.reset();
    const int saying = retired.running();
    ::kill(s->pid(), SIGCONT);
    QCOMPARE(saying, 1);
    QVERIFY2(QTest::qWaitFor([&] { return retired.running() == 0; }, kWaitMs), "the goodbye never ended");
}

QTEST_GUILESS_MAIN(TstClientAdapter)
#include "tst_client_adapter.moc"
