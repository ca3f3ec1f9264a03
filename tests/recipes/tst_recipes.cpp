// zooscope::recipes against a real server: every recipe's contract, the
// layouts they write, what they do when the connection is cut (suspended) and
// when the session ends (lost), a waiter whose predecessor vanishes, and
// damaged layouts. The same cases build twice: tst_recipes_zookeeper (Apache
// ZooKeeper 3.8, one JVM) and tst_recipes_engine (the engine in-process),
// chosen by ZS_RECIPES_SERVER.
//
// No timing assertions: every wait is an upper bound for a condition; "still
// waiting" is checked after the other side has certainly acted.
#include <QtTest>

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <regex>
#include <thread>

#include "recipe_test_support.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::recipetests;
using namespace zooscope::testing;
using recipes::Code;
using recipes::State;

namespace {

std::string serverKind() { return ZS_RECIPES_SERVER; }

std::unique_ptr<TestServer> startServer(std::string* err) {
    if (serverKind() == "zookeeper") {
        ApacheOptions o;
        o.extra["forceSync"] = "no";  // durability is not under test
        return startApacheZooKeeper(o, err);
    }
    return startEngine(EngineOptions{}, err);
}

// Collects async results in order.
template <class T>
struct Results {
    std::mutex mu;
    std::condition_variable cv;
    std::vector<recipes::Result<T>> got;
    recipes::Callback<T> callback() {
        return [this](recipes::Result<T> r) {
            std::lock_guard l(mu);
            got.push_back(std::move(r));
            cv.notify_all();
        };
    }
    bool waitCount(size_t n, std::chrono::milliseconds limit = kWait) {
        std::unique_lock l(mu);
        return cv.wait_for(l, limit, [&] { return got.size() >= n; });
    }
    size_t count() {
        std::lock_guard l(mu);
        return got.size();
    }
    recipes::Result<T> at(size_t i) {
        std::lock_guard l(mu);
        return got.at(i);
    }
};

// The last segment of a path.
std::string leaf(const std::string& path) { return path.substr(path.rfind('/') + 1); }

bool matches(const std::string& text, const char* pattern) { return std::regex_match(text, std::regex(pattern)); }

const char* kCuratorLockNode = "_c_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}-lock-[0-9]{10}";

}  // namespace

class TstRecipes : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void lockExcludesAndHandsOver();
    void lockIsReentrantPerObject();
    void lockTimeoutAndCancel();
    void lockKazooLayout();
    void waiterWhosePredecessorVanishes();
    void lockNodeDeletedBehindHoldersBack();
    void damagedLockLayout_data();
    void damagedLockLayout();
    void kazooLayoutIgnoresJunk();
    void readWriteLock();
    void semaphoreLimitsLeases();
    void damagedSemaphore();
    void leaderLatchElectsLowest();
    void leaderLatchLeaderSessionEnds();
    void damagedLatch();
    void doubleBarrier();
    void damagedBarrier();
    void groupMember();
    void groupMemberIdTaken();
    void configValueFollows();
    void suspendedThenReconnected();
    void suspendedHolderMustAssumeLost();
    void expiredSessionLosesEverything();
    void closedSessionEndsWaits();
    void misuse();

private:
    std::unique_ptr<recipes::Session> open() { return openSession(server_->connectString()); }
    std::string fresh(const char* name) { return "/" + std::string(name) + "-" + std::to_string(++counter_); }

    std::unique_ptr<TestServer> server_;
    std::unique_ptr<recipes::Session> admin_;  // a bystander for plain reads and writes
    int counter_ = 0;
};

void TstRecipes::initTestCase() {
    std::string err;
    server_ = startServer(&err);
    QVERIFY2(server_, err.c_str());
    admin_ = open();
    QVERIFY(admin_);
}

void TstRecipes::cleanupTestCase() {
    admin_.reset();
    server_.reset();
}

// ------------------------------------------------------------ Lock

void TstRecipes::lockExcludesAndHandsOver() {
    const std::string path = fresh("lock") + "/a/b";  // parents made as needed
    auto s1 = open();
    auto s2 = open();
    QVERIFY(s1 && s2);
    recipes::Lock a(*s1, path, {recipes::LockLayout::Curator, "service-a"});
    recipes::Lock b(*s2, path, {recipes::LockLayout::Curator, "service-b"});
    StateLog bStates;
    b.setStateListener(bStates.listener());

    QVERIFY(a.acquire(kWait).ok());
    QVERIFY(a.isHeld());
    QCOMPARE(a.holdCount(), 1);
    const std::string aNode = leaf(a.nodePath());
    QVERIFY2(matches(aNode, kCuratorLockNode), aNode.c_str());
    const auto data = readNode(*admin_, a.nodePath());
    QVERIFY(data.ok());
    QCOMPARE(QString::fromStdString(data.value.data), QStringLiteral("service-a"));
    QCOMPARE(data.value.stat.ephemeralOwner, s1->sessionId());
    // Curator makes the parents as containers.
    const auto parent = call<std::optional<proto::Stat>>([&](auto cb) { admin_->client().exists(path, false, cb); });
    QVERIFY(parent.ok() && parent.value);

    Results<recipes::Empty> bDone;
    b.acquireAsync(recipes::kForever, bDone.callback());
    QVERIFY(bStates.wait(State::Waiting));
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    const auto who = a.contenders();
    QVERIFY2(who.ok(), who.message.c_str());
    QCOMPARE(who.value.size(), size_t(2));
    QCOMPARE(QString::fromStdString(who.value[0].data), QStringLiteral("service-a"));
    QVERIFY(who.value[0].holder);
    QCOMPARE(who.value[0].sessionId, s1->sessionId());
    QCOMPARE(QString::fromStdString(who.value[1].data), QStringLiteral("service-b"));
    QVERIFY(!who.value[1].holder);
    QCOMPARE(bDone.count(), size_t(0));

    QVERIFY(a.release().ok());
    QCOMPARE(a.state(), State::Idle);
    QVERIFY(bDone.waitCount(1));
    QVERIFY2(bDone.at(0).ok(), bDone.at(0).message.c_str());
    QVERIFY(b.isHeld());
    QVERIFY(bStates.wait(State::Held));
    QCOMPARE(childrenOf(*admin_, path).size(), size_t(1));
    QVERIFY(b.release().ok());
    QVERIFY(childrenOf(*admin_, path).empty());
}

void TstRecipes::lockIsReentrantPerObject() {
    const std::string path = fresh("reentrant");
    auto s = open();
    recipes::Lock lock(*s, path);
    QVERIFY(lock.acquire(kWait).ok());
    const std::string node = lock.nodePath();
    QVERIFY(lock.acquire(kWait).ok());
    QCOMPARE(lock.holdCount(), 2);
    QCOMPARE(lock.nodePath(), node);  // one node, a count
    QCOMPARE(childrenOf(*admin_, path).size(), size_t(1));
    QVERIFY(lock.release().ok());
    QVERIFY(lock.isHeld());
    QVERIFY(nodeExists(*admin_, node));
    QVERIFY(lock.release().ok());
    QVERIFY(!lock.isHeld());
    QVERIFY(!nodeExists(*admin_, node));
    const recipes::Status again = lock.release();
    QCOMPARE(again.code, Code::Misuse);
    QVERIFY2(contains(again.message, "not held"), again.message.c_str());
    // A second Lock object on the same session is another contender.
    QVERIFY(lock.acquire(kWait).ok());
    recipes::Lock other(*s, path);
    QCOMPARE(other.acquire(300ms).code, Code::TimedOut);
}

void TstRecipes::lockTimeoutAndCancel() {
    const std::string path = fresh("timeout");
    auto s1 = open();
    auto s2 = open();
    recipes::Lock holder(*s1, path);
    recipes::Lock waiter(*s2, path);
    QVERIFY(holder.acquire(kWait).ok());

    const recipes::Status t = waiter.acquire(300ms);
    QCOMPARE(t.code, Code::TimedOut);
    QVERIFY2(contains(t.message, path), t.message.c_str());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 1; }));  // its node went again
    QCOMPARE(waiter.state(), State::Idle);

    std::stop_source stop;
    std::thread stopper([&] {
        QTest::qSleep(300);
        stop.request_stop();
    });
    const recipes::Status c = waiter.acquire(recipes::kForever, stop.get_token());
    stopper.join();
    QCOMPARE(c.code, Code::Cancelled);
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 1; }));

    Results<recipes::Empty> r;
    waiter.acquireAsync(recipes::kForever, r.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    waiter.cancel();
    QVERIFY(r.waitCount(1));
    QCOMPARE(r.at(0).code, Code::Cancelled);
    // A second acquire while one is pending is refused.
    Results<recipes::Empty> p;
    waiter.acquireAsync(recipes::kForever, p.callback());
    waiter.acquireAsync(recipes::kForever, p.callback());
    QVERIFY(p.waitCount(1));
    QCOMPARE(p.at(0).code, Code::Misuse);
    QVERIFY(holder.release().ok());
    QVERIFY(p.waitCount(2));
    QVERIFY(p.at(1).ok());
    QVERIFY(waiter.isHeld());
}

void TstRecipes::lockKazooLayout() {
    const std::string path = fresh("kazoo") + "/deep";
    auto s1 = open();
    auto s2 = open();
    recipes::Lock a(*s1, path, {recipes::LockLayout::Kazoo, "ka"});
    recipes::Lock b(*s2, path, {recipes::LockLayout::Kazoo, "kb"});
    QCOMPARE(a.layout(), recipes::LockLayout::Kazoo);
    QVERIFY(a.acquire(kWait).ok());
    const std::string node = leaf(a.nodePath());
    QVERIFY2(matches(node, "[0-9a-f]{32}__lock__[0-9]{10}"), node.c_str());
    QCOMPARE(QString::fromStdString(readNode(*admin_, a.nodePath()).value.data), QStringLiteral("ka"));
    QCOMPARE(b.acquire(300ms).code, Code::TimedOut);
    Results<recipes::Empty> r;
    b.acquireAsync(kWait, r.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    const auto who = b.contenders();
    QVERIFY2(who.ok(), who.message.c_str());
    QCOMPARE(who.value.size(), size_t(2));
    QCOMPARE(QString::fromStdString(who.value[0].data), QStringLiteral("ka"));
    QVERIFY(a.release().ok());
    QVERIFY(r.waitCount(1));
    QVERIFY(r.at(0).ok());
}

// A holder A and waiters B (watching A) and C (watching B). B's node goes
// (as if its session died): C now waits for A and takes the lock when A
// releases. B, like a Curator waiter, learns that its node went when A's
// changes, and queues again behind C.
void TstRecipes::waiterWhosePredecessorVanishes() {
    const std::string path = fresh("vanish");
    auto sa = open();
    auto sb = open();
    auto sc = open();
    recipes::Lock a(*sa, path, {recipes::LockLayout::Curator, "A"});
    recipes::Lock b(*sb, path, {recipes::LockLayout::Curator, "B"});
    recipes::Lock c(*sc, path, {recipes::LockLayout::Curator, "C"});
    QVERIFY(a.acquire(kWait).ok());
    Results<recipes::Empty> rb, rc;
    b.acquireAsync(kWait, rb.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    c.acquireAsync(kWait, rc.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 3; }));
    QVERIFY(eventually([&] { return !b.nodePath().empty(); }));  // its reply may lag the listing
    const std::string bNode = b.nodePath();
    QVERIFY(call<client::Empty>([&](auto cb) { admin_->client().remove(bNode, -1, cb); }).ok());
    // C watches A now (a contender list of A and C): still waiting.
    const auto who = a.contenders();
    QVERIFY2(who.ok(), who.message.c_str());
    QCOMPARE(who.value.size(), size_t(2));
    QCOMPARE(QString::fromStdString(who.value[1].data), QStringLiteral("C"));
    QTest::qWait(200);
    QCOMPARE(rc.count(), size_t(0));
    QVERIFY(a.isHeld());
    QVERIFY(a.release().ok());
    QVERIFY(rc.waitCount(1));
    QVERIFY2(rc.at(0).ok(), rc.at(0).message.c_str());
    QVERIFY(c.isHeld());
    // B queued again with a new node, behind C.
    QVERIFY(eventually([&] { return !b.nodePath().empty() && b.nodePath() != bNode; }));
    QCOMPARE(rb.count(), size_t(0));
    QVERIFY(c.release().ok());
    QVERIFY(rb.waitCount(1));
    QVERIFY(rb.at(0).ok());
    QVERIFY(b.release().ok());
}

void TstRecipes::lockNodeDeletedBehindHoldersBack() {
    const std::string path = fresh("stolen");
    auto s = open();
    recipes::Lock lock(*s, path);
    StateLog states;
    lock.setStateListener(states.listener());
    QVERIFY(lock.acquire(kWait).ok());
    QVERIFY(call<client::Empty>([&](auto cb) { admin_->client().remove(lock.nodePath(), -1, cb); }).ok());
    QVERIFY2(states.wait(State::Lost), qPrintable(states.text()));
    QVERIFY(!lock.isHeld());
    QCOMPARE(lock.holdCount(), 0);
    QCOMPARE(lock.release().code, Code::SessionLost);
    // The object can contend again.
    QVERIFY(lock.acquire(kWait).ok());
}

void TstRecipes::damagedLockLayout_data() {
    QTest::addColumn<QString>("child");
    QTest::addColumn<bool>("ephemeral");
    QTest::addColumn<QString>("mentions");
    // A Curator-looking node that will never go: persistent.
    QTest::newRow("persistent contender")
        << "_c_0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d-lock-0000000000" << false << "not ephemeral";
    // Digits sort before every sequence: Curator would wait for it forever.
    QTest::newRow("junk name ahead") << "0-junk" << true << "is not a lock node";
    QTest::newRow("kazoo node on a Curator path")
        << "0b6a1c2e3f4d4a5b8c6d7e8f9a0b1c2d__lock__0000000000" << true << "unsafe";
}

void TstRecipes::damagedLockLayout() {
    QFETCH(QString, child);
    QFETCH(bool, ephemeral);
    QFETCH(QString, mentions);
    const std::string path = fresh("damaged");
    QVERIFY(createNode(*admin_, path, "").ok());
    const std::string junk = path + "/" + child.toStdString();
    QVERIFY(
        createNode(*admin_, junk, "", ephemeral ? proto::CreateMode::Ephemeral : proto::CreateMode::Persistent).ok());
    auto s = open();
    recipes::Lock lock(*s, path);
    const recipes::Status r = lock.acquire(kWait);
    QCOMPARE(r.code, Code::DamagedLayout);
    QVERIFY2(contains(r.message, mentions.toStdString()), r.message.c_str());
    QVERIFY2(contains(r.message, path), r.message.c_str());
    QVERIFY(!lock.isHeld());
    // Our node went again; the junk is left for a human.
    QVERIFY(eventually([&] { return childrenOf(*admin_, path) == std::vector<std::string>{child.toStdString()}; }));
    // A reader never names the junk as holder: an error, or (junk alone,
    // which Curator would also see as first) nobody.
    const auto who = lock.contenders();
    QVERIFY2(who.code == Code::DamagedLayout || (who.ok() && who.value.empty()), who.message.c_str());
    // With a live contender behind it, always an error.
    auto other = open();
    createNode(*other, path + "/_c_f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9-lock-0000000099", "live",
               proto::CreateMode::Ephemeral);
    const auto again = lock.contenders();
    QCOMPARE(again.code, Code::DamagedLayout);
    QVERIFY(again.value.empty());
}

// kazoo ignores children that do not match its pattern; so does the kazoo
// layout, wherever they sort. A persistent contender is still refused.
void TstRecipes::kazooLayoutIgnoresJunk() {
    const std::string path = fresh("kazoo-junk");
    QVERIFY(createNode(*admin_, path, "").ok());
    QVERIFY(createNode(*admin_, path + "/0-junk", "").ok());
    QVERIFY(createNode(*admin_, path + "/x__lock__12", "").ok());
    auto s = open();
    recipes::Lock lock(*s, path, {recipes::LockLayout::Kazoo, ""});
    QVERIFY(lock.acquire(kWait).ok());
    QVERIFY(lock.release().ok());
    QVERIFY(createNode(*admin_, path + "/stale__lock__0000000000", "").ok());
    const recipes::Status r = lock.acquire(kWait);
    QCOMPARE(r.code, Code::DamagedLayout);
    QVERIFY2(contains(r.message, "not ephemeral"), r.message.c_str());
    // A Curator node on a kazoo path: unsafe, refused.
    const std::string path2 = fresh("kazoo-curator");
    QVERIFY(createNode(*admin_, path2, "").ok());
    QVERIFY(createNode(*admin_, path2 + "/_c_0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d-lock-0000000009", "",
                       proto::CreateMode::Ephemeral)
                .ok());
    recipes::Lock k(*s, path2, {recipes::LockLayout::Kazoo, ""});
    const recipes::Status r2 = k.acquire(kWait);
    QCOMPARE(r2.code, Code::DamagedLayout);
    QVERIFY2(contains(r2.message, "Curator lock node"), r2.message.c_str());
}

void TstRecipes::readWriteLock() {
    const std::string path = fresh("rw");
    auto s1 = open();
    auto s2 = open();
    auto s3 = open();
    recipes::ReadWriteLock rw1(*s1, path, "one");
    recipes::ReadWriteLock rw2(*s2, path, "two");
    recipes::ReadWriteLock rw3(*s3, path, "three");
    // Readers share.
    QVERIFY(rw1.readLock().acquire(kWait).ok());
    QVERIFY(rw2.readLock().acquire(kWait).ok());
    const std::string readNode1 = leaf(rw1.readLock().nodePath());
    QVERIFY2(matches(readNode1, "_c_[0-9a-f-]{36}-__READ__[0-9]{10}"), readNode1.c_str());
    // A writer waits for both.
    Results<recipes::Empty> w;
    rw3.writeLock().acquireAsync(kWait, w.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 3; }));
    QVERIFY(eventually([&] { return !rw3.writeLock().nodePath().empty(); }));  // its reply may lag the listing
    const std::string writeNode = leaf(rw3.writeLock().nodePath());
    QVERIFY2(matches(writeNode, "_c_[0-9a-f-]{36}-__WRIT__[0-9]{10}"), writeNode.c_str());
    // A reader behind the writer waits too.
    Results<recipes::Empty> r;
    rw1.writeLock().acquireAsync(kWait, [](recipes::Result<recipes::Empty>) {});
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 4; }));  // queued before rw4's reader
    recipes::ReadWriteLock rw4(*s2, path, "four");
    rw4.readLock().acquireAsync(kWait, r.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 5; }));
    QVERIFY(rw1.readLock().release().ok());
    QCOMPARE(w.count(), size_t(0));
    QVERIFY(rw2.readLock().release().ok());
    QVERIFY(w.waitCount(1));
    QVERIFY(w.at(0).ok());
    QCOMPARE(r.count(), size_t(0));
    // The writer may also read (Curator's downgrade).
    QVERIFY(rw3.readLock().acquire(kWait).ok());
    QVERIFY(rw3.readLock().release().ok());
    QVERIFY(rw3.writeLock().release().ok());
    // rw1's writer (queued before rw4's reader) goes next, then the reader.
    QVERIFY(eventually([&] { return rw1.writeLock().isHeld(); }));
    QCOMPARE(r.count(), size_t(0));
    QVERIFY(rw1.writeLock().release().ok());
    QVERIFY(r.waitCount(1));
    QVERIFY(r.at(0).ok());
}

// ------------------------------------------------------------ Semaphore

void TstRecipes::semaphoreLimitsLeases() {
    const std::string path = fresh("sem");
    auto s1 = open();
    auto s2 = open();
    auto s3 = open();
    recipes::Semaphore a(*s1, path, 2, "a");
    recipes::Semaphore b(*s2, path, 2, "b");
    recipes::Semaphore c(*s3, path, 2, "c");
    const auto la = a.acquire(kWait);
    QVERIFY2(la.ok(), la.message.c_str());
    QVERIFY2(matches(la.value, "_c_[0-9a-f-]{36}-lease-[0-9]{10}"), la.value.c_str());
    QCOMPARE(QString::fromStdString(readNode(*admin_, path + "/leases/" + la.value).value.data), QStringLiteral("a"));
    QVERIFY(b.acquire(kWait).ok());
    QCOMPARE(a.state(), State::Held);
    QCOMPARE(c.acquire(300ms).code, Code::TimedOut);
    QVERIFY(eventually([&] { return childrenOf(*admin_, path + "/leases").size() == 2; }));
    // The mutex under locks/ is free again after every attempt.
    QVERIFY(eventually([&] { return childrenOf(*admin_, path + "/locks").empty(); }));
    Results<std::string> rc;
    c.acquireAsync(kWait, rc.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path + "/leases").size() == 3; }));
    QCOMPARE(rc.count(), size_t(0));
    QVERIFY(a.release(la.value).ok());
    QCOMPARE(a.state(), State::Idle);
    QVERIFY(rc.waitCount(1));
    QVERIFY(rc.at(0).ok());
    QCOMPARE(c.leases().size(), size_t(1));
    QCOMPARE(a.release(la.value).code, Code::Misuse);
    // Several leases for one object.
    recipes::Semaphore big(*s1, fresh("sem-big"), 3);
    QVERIFY(big.acquire(kWait).ok());
    QVERIFY(big.acquire(kWait).ok());
    QCOMPARE(big.leases().size(), size_t(2));
}

void TstRecipes::damagedSemaphore() {
    const std::string path = fresh("sem-damaged");
    QVERIFY(createNode(*admin_, path, "").ok());
    QVERIFY(createNode(*admin_, path + "/leases", "").ok());
    QVERIFY(createNode(*admin_, path + "/leases/junk", "").ok());
    auto s = open();
    recipes::Semaphore one(*s, path, 1);
    const auto r = one.acquire(kWait);
    QCOMPARE(r.code, Code::DamagedLayout);
    QVERIFY2(contains(r.message, "'junk'"), r.message.c_str());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path + "/leases").size() == 1; }));
    // A lease node that is not ephemeral is never given back.
    QVERIFY(call<client::Empty>([&](auto cb) { admin_->client().remove(path + "/leases/junk", -1, cb); }).ok());
    QVERIFY(createNode(*admin_, path + "/leases/_c_0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d-lease-0000000000", "").ok());
    const auto r2 = one.acquire(kWait);
    QCOMPARE(r2.code, Code::DamagedLayout);
    QVERIFY2(contains(r2.message, "not ephemeral"), r2.message.c_str());
}

// ------------------------------------------------------------ LeaderLatch

void TstRecipes::leaderLatchElectsLowest() {
    const std::string path = fresh("latch");
    auto s1 = open();
    auto s2 = open();
    auto s3 = open();
    recipes::LeaderLatch l1(*s1, path, "one");
    recipes::LeaderLatch l2(*s2, path, "two");
    recipes::LeaderLatch l3(*s3, path, "three");
    std::mutex mu;
    std::vector<std::string> events;
    auto log = [&](const char* who) {
        return [&, who](bool leader) {
            std::lock_guard l(mu);
            events.push_back(std::string(who) + (leader ? " leads" : " steps down"));
        };
    };
    l1.setLeadershipListener(log("one"));
    l2.setLeadershipListener(log("two"));
    l3.setLeadershipListener(log("three"));
    l1.start();
    QVERIFY(l1.await(kWait).ok());
    l2.start();
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    l3.start();
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 3; }));
    QVERIFY(l1.hasLeadership());
    QVERIFY(!l2.hasLeadership());
    QCOMPARE(l2.state(), State::Waiting);
    QVERIFY2(matches(leaf(l1.ourPath()), "_c_[0-9a-f-]{36}-latch-[0-9]{10}"), l1.ourPath().c_str());
    QCOMPARE(QString::fromStdString(readNode(*admin_, l1.ourPath()).value.data), QStringLiteral("one"));
    const auto parts = l3.participants();
    QVERIFY2(parts.ok(), parts.message.c_str());
    QCOMPARE(parts.value.size(), size_t(3));
    QCOMPARE(parts.value[0], (recipes::Participant{"one", true}));
    QCOMPARE(parts.value[1], (recipes::Participant{"two", false}));
    QCOMPARE(parts.value[2], (recipes::Participant{"three", false}));
    QCOMPARE(l2.leader().value, (recipes::Participant{"one", true}));
    QCOMPARE(l2.await(200ms).code, Code::TimedOut);
    // The leader goes: the next lowest leads.
    l1.close();
    QVERIFY(l2.await(kWait).ok());
    QVERIFY(!l1.hasLeadership());
    QVERIFY(!l3.hasLeadership());
    QCOMPARE(l3.leader().value.id, std::string("two"));
    // The middle candidate goes: the last one now watches the leader.
    l2.close();
    QVERIFY(l3.await(kWait).ok());
    l3.close();
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).empty(); }));
    QCOMPARE(l3.leader().value, recipes::Participant{});  // nobody: Curator's dummy
    std::lock_guard l(mu);
    const std::vector<std::string> expected = {"one leads",      "one steps down", "two leads",
                                               "two steps down", "three leads",    "three steps down"};
    QCOMPARE(events, expected);
}

void TstRecipes::leaderLatchLeaderSessionEnds() {
    const std::string path = fresh("latch-session");
    TcpProxy route(server_->port());
    auto s1 = openSession(route.connectString());
    auto s2 = open();
    QVERIFY(s1 && s2);
    recipes::LeaderLatch l1(*s1, path, "first");
    recipes::LeaderLatch l2(*s2, path, "second");
    StateLog states1;
    l1.setStateListener(states1.listener());
    l1.start();
    QVERIFY(l1.await(kWait).ok());
    l2.start();
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    const std::string killed = killSession(server_->connectString(), *s1, route);
    QVERIFY2(killed.empty(), killed.c_str());
    QVERIFY2(states1.wait(State::Lost), qPrintable(states1.text()));
    QVERIFY(!l1.hasLeadership());
    QCOMPARE(l1.await(1s).code, Code::SessionLost);
    QVERIFY(l2.await(kWait).ok());
}

void TstRecipes::damagedLatch() {
    const std::string path = fresh("latch-damaged");
    QVERIFY(createNode(*admin_, path, "").ok());
    QVERIFY(createNode(*admin_, path + "/_c_0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d-latch-0000000000", "ghost").ok());
    auto s = open();
    recipes::LeaderLatch latch(*s, path, "me");
    latch.start();
    const recipes::Status r = latch.await(kWait);
    QCOMPARE(r.code, Code::DamagedLayout);
    QVERIFY2(contains(r.message, "not ephemeral"), r.message.c_str());
    QCOMPARE(latch.state(), State::Failed);
    QCOMPARE(latch.lastError().code, Code::DamagedLayout);
    QVERIFY(!latch.hasLeadership());
    const auto leader = latch.leader();
    QCOMPARE(leader.code, Code::DamagedLayout);  // never "ghost"
    // Junk that sorts first.
    const std::string path2 = fresh("latch-junk");
    QVERIFY(createNode(*admin_, path2, "").ok());
    QVERIFY(createNode(*admin_, path2 + "/0", "", proto::CreateMode::Ephemeral).ok());
    recipes::LeaderLatch l2(*s, path2, "me");
    l2.start();
    const recipes::Status r2 = l2.await(kWait);
    QCOMPARE(r2.code, Code::DamagedLayout);
    QVERIFY2(contains(r2.message, "'0'"), r2.message.c_str());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path2).size() == 1; }));  // ours went
}

// ------------------------------------------------------------ DoubleBarrier

void TstRecipes::doubleBarrier() {
    const std::string path = fresh("barrier");
    auto s1 = open();
    auto s2 = open();
    auto s3 = open();
    recipes::DoubleBarrier b1(*s1, path, 3, "b1");
    recipes::DoubleBarrier b2(*s2, path, 3, "b2");
    recipes::DoubleBarrier b3(*s3, path, 3, "b3");
    // Too few: a timed-out member takes its node away again.
    QCOMPARE(b1.enter(300ms).code, Code::TimedOut);
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).empty(); }));
    Results<recipes::Empty> e;
    b1.enterAsync(kWait, e.callback());
    b2.enterAsync(kWait, e.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    QCOMPARE(e.count(), size_t(0));
    QVERIFY2(leaf(b1.ourPath()).size() == 36, b1.ourPath().c_str());
    QVERIFY(b3.enter(kWait).ok());
    QVERIFY(e.waitCount(2));
    QVERIFY(e.at(0).ok() && e.at(1).ok());
    QVERIFY(nodeExists(*admin_, path + "/ready"));
    QCOMPARE(b1.state(), State::Held);
    // Leaving: nobody is out before everyone is leaving.
    Results<recipes::Empty> l;
    b1.leaveAsync(kWait, l.callback());
    b2.leaveAsync(kWait, l.callback());
    QTest::qWait(300);
    QCOMPARE(l.count(), size_t(0));
    QVERIFY(b3.leave(kWait).ok());
    QVERIFY(l.waitCount(2));
    QVERIFY(l.at(0).ok() && l.at(1).ok());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).empty(); }));
    QCOMPARE(b1.state(), State::Idle);
    QCOMPARE(b1.leave(1s).code, Code::Misuse);
}

void TstRecipes::damagedBarrier() {
    const std::string path = fresh("barrier-damaged");
    QVERIFY(createNode(*admin_, path, "").ok());
    QVERIFY(createNode(*admin_, path + "/not-a-uuid", "").ok());
    auto s = open();
    recipes::DoubleBarrier b(*s, path, 2);
    const recipes::Status r = b.enter(kWait);
    QCOMPARE(r.code, Code::DamagedLayout);
    QVERIFY2(contains(r.message, "'not-a-uuid'"), r.message.c_str());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 1; }));
}

// ------------------------------------------------------------ groups

void TstRecipes::groupMember() {
    const std::string path = fresh("group");
    auto s1 = open();
    auto s2 = open();
    recipes::GroupMember m1(*s1, path, "alpha", "a-data");
    recipes::GroupMember m2(*s2, path, "beta", "b-data");
    std::mutex mu;
    std::condition_variable cv;
    std::vector<recipes::Members> seen;
    m1.setMembersListener([&](const recipes::Members& m) {
        std::lock_guard l(mu);
        seen.push_back(m);
        cv.notify_all();
    });
    auto waitSeen = [&](const recipes::Members& want) {
        std::unique_lock l(mu);
        return cv.wait_for(l, kWait, [&] { return !seen.empty() && seen.back() == want; });
    };
    m1.start();
    QVERIFY(m1.awaitJoined(kWait).ok());
    QVERIFY(waitSeen({{"alpha", "a-data"}}));
    const auto node = readNode(*admin_, path + "/alpha");
    QCOMPARE(QString::fromStdString(node.value.data), QStringLiteral("a-data"));
    QCOMPARE(node.value.stat.ephemeralOwner, s1->sessionId());
    m2.start();
    QVERIFY(waitSeen({{"alpha", "a-data"}, {"beta", "b-data"}}));
    m2.setData("b-2");
    QVERIFY(waitSeen({{"alpha", "a-data"}, {"beta", "b-2"}}));
    QCOMPARE(m1.currentMembers(), (recipes::Members{{"alpha", "a-data"}, {"beta", "b-2"}}));
    // A node deleted behind the member's back comes back.
    QVERIFY(call<client::Empty>([&](auto cb) { admin_->client().remove(path + "/beta", -1, cb); }).ok());
    QVERIFY(eventually([&] { return nodeExists(*admin_, path + "/beta"); }));
    QVERIFY(waitSeen({{"alpha", "a-data"}, {"beta", "b-2"}}));
    m2.close();
    QVERIFY(waitSeen({{"alpha", "a-data"}}));
    QVERIFY(!nodeExists(*admin_, path + "/beta"));
    // A view that does not join.
    recipes::GroupView view(*s2, path);
    view.start();
    const auto got = view.awaitMembers(kWait);
    QVERIFY2(got.ok(), got.message.c_str());
    QCOMPARE(got.value, (recipes::Members{{"alpha", "a-data"}}));
    recipes::GroupView missing(*s2, fresh("no-group"));
    missing.start();
    QCOMPARE(missing.awaitMembers(kWait).value, recipes::Members{});
}

// Another session's node under our id: wait until it goes, then join.
void TstRecipes::groupMemberIdTaken() {
    const std::string path = fresh("group-taken");
    auto other = open();
    QVERIFY(createNode(*other, path, "").ok());
    QVERIFY(createNode(*other, path + "/dup", "old", proto::CreateMode::Ephemeral).ok());
    auto s = open();
    recipes::GroupMember m(*s, path, "dup", "new");
    m.start();
    QCOMPARE(m.awaitJoined(500ms).code, Code::TimedOut);
    QCOMPARE(m.state(), State::Waiting);
    other->close();
    QVERIFY(m.awaitJoined(kWait).ok());
    const auto node = readNode(*admin_, path + "/dup");
    QCOMPARE(QString::fromStdString(node.value.data), QStringLiteral("new"));
    QCOMPARE(node.value.stat.ephemeralOwner, s->sessionId());
}

// ------------------------------------------------------------ ConfigValue

void TstRecipes::configValueFollows() {
    const std::string path = fresh("config");
    auto s = open();
    recipes::ConfigValue value(*s, path);
    std::mutex mu;
    std::condition_variable cv;
    std::vector<recipes::Value> seen;
    value.setValueListener([&](const recipes::Value& v) {
        std::lock_guard l(mu);
        seen.push_back(v);
        cv.notify_all();
    });
    auto waitFor = [&](auto pred) {
        std::unique_lock l(mu);
        return cv.wait_for(l, kWait, [&] { return !seen.empty() && pred(seen.back()); });
    };
    value.start();
    const auto first = value.awaitValue(kWait);
    QVERIFY(first.ok());
    QVERIFY(!first.value.exists);
    QCOMPARE(first.value.version, -1);
    QVERIFY(createNode(*admin_, path, "v0").ok());
    QVERIFY(waitFor([](const recipes::Value& v) { return v.exists && v.data == "v0" && v.version == 0; }));
    QVERIFY(call<proto::Stat>([&](auto cb) { admin_->client().setData(path, "v1", -1, cb); }).ok());
    QVERIFY(waitFor([](const recipes::Value& v) { return v.data == "v1" && v.version == 1; }));
    QCOMPARE(value.current()->data, std::string("v1"));
    // Writes through the value check the version.
    Results<int32_t> w;
    value.setAsync("v2", 1, w.callback());
    QVERIFY(w.waitCount(1));
    QVERIFY(w.at(0).ok());
    QCOMPARE(w.at(0).value, 2);
    QVERIFY(waitFor([](const recipes::Value& v) { return v.data == "v2" && v.version == 2; }));
    value.setAsync("stale", 1, w.callback());
    QVERIFY(w.waitCount(2));
    QCOMPARE(w.at(1).code, Code::ZooKeeper);
    QCOMPARE(w.at(1).err, proto::Err::BadVersion);
    QVERIFY(call<client::Empty>([&](auto cb) { admin_->client().remove(path, -1, cb); }).ok());
    QVERIFY(waitFor([](const recipes::Value& v) { return !v.exists; }));
    QVERIFY(createNode(*admin_, path, "again").ok());
    QVERIFY(waitFor([](const recipes::Value& v) { return v.exists && v.data == "again" && v.version == 0; }));
    // Versions only move forward while the node lives; every value seen is one that was written.
    std::lock_guard l(mu);
    for (const auto& v : seen)
        QVERIFY(!v.exists || v.data == "v0" || v.data == "v1" || v.data == "v2" || v.data == "again");
}

// ------------------------------------------------------------ connection and session

// One session holds one of everything, through a relay first and the
// server's own port second. The relay is cut: every recipe reports
// Suspended (the latch also stops leading), then Held again on the same
// session, with the same nodes.
void TstRecipes::suspendedThenReconnected() {
    TcpProxy proxy(server_->port());
    QVERIFY(proxy.port() != 0);
    zoo_deterministic_conn_order(1);  // the relay first
    auto s = openSession(proxy.connectString() + "," + server_->connectString());
    zoo_deterministic_conn_order(0);
    QVERIFY(s);
    QCOMPARE(QString::fromStdString(s->client().currentServer()), QString::fromStdString(proxy.connectString()));
    const int64_t session = s->sessionId();

    const std::string base = fresh("suspend");
    recipes::Lock lock(*s, base + "/lock");
    recipes::Semaphore sem(*s, base + "/sem", 1);
    recipes::LeaderLatch latch(*s, base + "/latch", "me");
    recipes::GroupMember member(*s, base + "/group", "me");
    recipes::ConfigValue value(*s, base + "/config");
    StateLog lockStates, semStates, latchStates, memberStates, valueStates;
    lock.setStateListener(lockStates.listener());
    sem.setStateListener(semStates.listener());
    latch.setStateListener(latchStates.listener());
    member.setStateListener(memberStates.listener());
    value.setStateListener(valueStates.listener());
    std::atomic<int> leadershipChanges{0};
    latch.setLeadershipListener([&](bool) { ++leadershipChanges; });
    QVERIFY(lock.acquire(kWait).ok());
    QVERIFY(sem.acquire(kWait).ok());
    latch.start();
    QVERIFY(latch.await(kWait).ok());
    member.start();
    QVERIFY(member.awaitJoined(kWait).ok());
    value.start();
    QVERIFY(value.awaitValue(kWait).ok());
    const std::string lockNode = lock.nodePath();
    const size_t marks[] = {lockStates.size(), semStates.size(), latchStates.size(), memberStates.size(),
                            valueStates.size()};
    StateLog* logs[] = {&lockStates, &semStates, &latchStates, &memberStates, &valueStates};

    proxy.cut();
    for (int i = 0; i < 5; ++i) {
        QVERIFY2(logs[i]->wait(State::Suspended, marks[i]), qPrintable(QString::number(i) + ": " + logs[i]->text()));
        QVERIFY2(logs[i]->wait(State::Held, marks[i] + 1), qPrintable(QString::number(i) + ": " + logs[i]->text()));
    }
    QCOMPARE(s->sessionId(), session);
    QVERIFY(lock.isHeld());
    QCOMPARE(lock.nodePath(), lockNode);
    QVERIFY(latch.hasLeadership());
    QCOMPARE(leadershipChanges.load(), 3);  // leads, steps down (suspended), leads again
    QCOMPARE(sem.leases().size(), size_t(1));
    // The value keeps following on the new connection.
    QVERIFY(createNode(*admin_, base + "/config", "after").ok());
    QVERIFY(eventually([&] { return value.current() && value.current()->data == "after"; }));
}

// Cut off with no way back, a holder stays Suspended: it must assume it may
// have lost the lock, and indeed the server ends its session and another
// client takes the lock while it is still cut off.
void TstRecipes::suspendedHolderMustAssumeLost() {
    TcpProxy proxy(server_->port());
    auto s = openSession(proxy.connectString());
    QVERIFY(s);
    const std::string path = fresh("cut-off");
    recipes::Lock holder(*s, path);
    recipes::LeaderLatch leader(*s, path + "-latch", "cut");
    StateLog states;
    holder.setStateListener(states.listener());
    QVERIFY(holder.acquire(kWait).ok());
    leader.start();
    QVERIFY(leader.await(kWait).ok());
    const size_t mark = states.size();
    proxy.cut();
    QVERIFY2(states.wait(State::Suspended, mark), qPrintable(states.text()));
    QVERIFY(!holder.isHeld());
    QVERIFY(eventually([&] { return !leader.hasLeadership(); }));
    const std::string closed = closeSessionFromOutside(server_->connectString(), s->client().sessionCredentials());
    QVERIFY2(closed.empty(), closed.c_str());
    auto other = open();
    recipes::Lock taker(*other, path);
    QVERIFY(taker.acquire(kWait).ok());
    recipes::LeaderLatch next(*other, path + "-latch", "next");
    next.start();
    QVERIFY(next.await(kWait).ok());
    // The cut-off holder never claimed the lock back meanwhile.
    QCOMPARE(holder.state(), State::Suspended);
    QVERIFY(!leader.hasLeadership());
    const auto all = states.copy();
    QVERIFY2(std::count(all.begin() + long(mark), all.end(), State::Held) == 0, qPrintable(states.text()));
}

// The session expires: everything held is Lost, every wait ends with
// SessionLost, the nodes are gone for everyone else.
void TstRecipes::expiredSessionLosesEverything() {
    TcpProxy route(server_->port());
    auto s = openSession(route.connectString());
    QVERIFY(s);
    auto blocker = open();
    const std::string base = fresh("expire");
    recipes::Lock lock(*s, base + "/lock");
    recipes::Lock blockerLock(*blocker, base + "/busy");
    recipes::Lock waiting(*s, base + "/busy");
    recipes::Semaphore sem(*s, base + "/sem", 1);
    recipes::LeaderLatch latch(*s, base + "/latch", "me");
    recipes::DoubleBarrier barrier(*s, base + "/barrier", 5);
    recipes::GroupMember member(*s, base + "/group", "me");
    recipes::ConfigValue value(*s, base + "/config");
    StateLog lockStates, semStates, latchStates, memberStates, valueStates, barrierStates;
    lock.setStateListener(lockStates.listener());
    sem.setStateListener(semStates.listener());
    latch.setStateListener(latchStates.listener());
    member.setStateListener(memberStates.listener());
    value.setStateListener(valueStates.listener());
    barrier.setStateListener(barrierStates.listener());
    QVERIFY(lock.acquire(kWait).ok());
    QVERIFY(blockerLock.acquire(kWait).ok());
    Results<recipes::Empty> w, b;
    waiting.acquireAsync(recipes::kForever, w.callback());
    barrier.enterAsync(recipes::kForever, b.callback());
    QVERIFY(sem.acquire(kWait).ok());
    latch.start();
    QVERIFY(latch.await(kWait).ok());
    member.start();
    QVERIFY(member.awaitJoined(kWait).ok());
    value.start();
    QVERIFY(value.awaitValue(kWait).ok());
    QVERIFY(eventually([&] { return childrenOf(*admin_, base + "/busy").size() == 2; }));
    QVERIFY(eventually([&] { return childrenOf(*admin_, base + "/barrier").size() == 1; }));

    const std::string killed = killSession(server_->connectString(), *s, route);
    QVERIFY2(killed.empty(), killed.c_str());
    for (StateLog* log : {&lockStates, &semStates, &latchStates, &memberStates, &valueStates, &barrierStates})
        QVERIFY2(log->wait(State::Lost), qPrintable(log->text()));
    QVERIFY(w.waitCount(1));
    QCOMPARE(w.at(0).code, Code::SessionLost);
    QVERIFY(b.waitCount(1));
    QCOMPARE(b.at(0).code, Code::SessionLost);
    QVERIFY(!lock.isHeld());
    QCOMPARE(lock.release().code, Code::SessionLost);
    QVERIFY(!latch.hasLeadership());
    QCOMPARE(lock.acquire(kWait).code, Code::SessionLost);
    QVERIFY(childrenOf(*admin_, base + "/lock").empty());
    QVERIFY(childrenOf(*admin_, base + "/latch").empty());
    QVERIFY(!nodeExists(*admin_, base + "/group/me"));
}

void TstRecipes::closedSessionEndsWaits() {
    auto s = open();
    auto other = open();
    const std::string path = fresh("closing");
    recipes::Lock holder(*other, path);
    QVERIFY(holder.acquire(kWait).ok());
    recipes::Lock waiter(*s, path);
    Results<recipes::Empty> r;
    waiter.acquireAsync(recipes::kForever, r.callback());
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 2; }));
    s->close();
    QVERIFY(r.waitCount(1));
    QCOMPARE(r.at(0).code, Code::Closed);
    // After close: at once, on this thread.
    std::thread::id where;
    waiter.acquireAsync(kWait, [&](recipes::Result<recipes::Empty> x) {
        where = std::this_thread::get_id();
        QCOMPARE(x.code, Code::Closed);
    });
    QCOMPARE(where, std::this_thread::get_id());
    QCOMPARE(waiter.acquire(kWait).code, Code::Closed);
    QVERIFY(eventually([&] { return childrenOf(*admin_, path).size() == 1; }));
}

void TstRecipes::misuse() {
    auto s = open();
    recipes::Lock relative(*s, "no-slash");
    const recipes::Status r = relative.acquire(kWait);
    QCOMPARE(r.code, Code::Misuse);
    QVERIFY2(contains(r.message, "absolute"), r.message.c_str());
    recipes::Lock root(*s, "/");
    QCOMPARE(root.acquire(kWait).code, Code::Misuse);
    recipes::Semaphore none(*s, fresh("sem-zero"), 0);
    QCOMPARE(none.acquire(kWait).code, Code::Misuse);
    // A blocking call from a recipe callback would wait for itself.
    recipes::Lock lock(*s, fresh("from-callback"));
    std::promise<recipes::Status> inner;
    lock.acquireAsync(kWait, [&](recipes::Result<recipes::Empty>) { inner.set_value(lock.release()); });
    const recipes::Status got = inner.get_future().get();
    QCOMPARE(got.code, Code::Misuse);
    QVERIFY2(contains(got.message, "callback"), got.message.c_str());
}

QTEST_GUILESS_MAIN(TstRecipes)
#include "tst_recipes.moc"
