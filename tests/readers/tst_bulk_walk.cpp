// The recipe walk's bulk listing (core/readers: MultiReadSession, used by
// scanSubtree and scanPartitions) against the per-node walk, on Apache
// ZooKeeper 3.8 and the engine. Every walk goes through a FrameProxy, which
// counts the requests by opcode (so a case knows which way the walk went)
// and plays the failing servers: one that refuses multiRead (ZooKeeper 3.5
// answers Unimplemented), one that dies mid-walk, one that stops answering.
//
// Checked: the same items, partitions, node counts and sentences both ways
// (also under a chroot, with a node deleted mid-walk, and in a subtree only
// digest credentials may read); the bulk walk lists in a few multiRead
// requests and no getChildren2; the fallback lists every node through the
// client after one refused multiRead; a dead or stopped server ends the walk
// with an error, never a hang; the reply decoder refuses truncated and
// mismatched replies.
#include <QtTest>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "blocking_call.h"
#include "frame_proxy.h"
#include "proto/digest.h"
#include "proto/multi.h"
#include "readers/listing_reply.h"
#include "readers/multi_read_session.h"
#include "test_support.h"
#include "zooscope/partition_readers.h"
#include "zooscope/recipe_readers.h"
#include "zooscope/recipes.h"

using namespace std::chrono_literals;
namespace c = zooscope::client;
namespace rd = zooscope::readers;
namespace p = zooscope::proto;
using zooscope::testing::blockingCall;
using zooscope::testing::FrameProxy;

namespace {

constexpr int kFolders = 30, kLeaves = 50, kMutexes = 20;

std::string curatorName(int owner, int k, const char* marker) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "_c_%08x-0000-4000-8000-%012x-%s%010d", owner, k, marker, k);
    return buf;
}

QString dump(const rd::ScanResult& r) {
    QStringList out;
    out << QString("complete=%1 stopped=%2 nodesRead=%3 err=%4 message=%5")
               .arg(r.complete)
               .arg(QString::fromStdString(r.stoppedBecause))
               .arg(r.nodesRead)
               .arg(int(r.err))
               .arg(QString::fromStdString(r.message));
    for (const rd::RecipeItem& i : r.items) {
        QString line = QString::fromStdString(i.path + " " + rd::recipeName(i.recipe));
        for (const auto& s : i.suspicious) line += " !" + QString::fromStdString(s);
        for (const auto& h : i.holders)
            line += QString(" H:%1/%2/%3").arg(QString::fromStdString(h.node)).arg(h.session).arg(QString::fromStdString(h.id));
        for (const auto& w : i.waiters)
            line += QString(" W:%1/%2/%3").arg(QString::fromStdString(w.node)).arg(w.session).arg(QString::fromStdString(w.id));
        if (i.leases) line += QString(" leases=%1").arg(*i.leases);
        if (i.maxLeases) line += QString(" max=%1").arg(*i.maxLeases);
        out << line;
    }
    for (const auto& g : r.gone) out << "gone " + QString::fromStdString(g);
    return out.join('\n');
}

QString dump(const rd::PartitionScanResult& r) {
    QStringList out;
    out << QString("complete=%1 nodesRead=%2 err=%3").arg(r.complete).arg(r.nodesRead).arg(int(r.err));
    for (const rd::PartitionItem& i : r.items) {
        QString line = QString::fromStdString(i.path) + QString(" recipe=%1").arg(int(i.recipe));
        for (const auto& m : i.members) line += " m:" + QString::fromStdString(m);
        for (const auto& [item, owner] : i.assignments)
            line += " a:" + QString::fromStdString(item + "=" + owner.value_or("-"));
        if (i.controller) line += " controller=" + QString::fromStdString(*i.controller);
        for (const auto& u : i.underReplicated) line += " under:" + QString::fromStdString(u);
        for (const auto& o : i.offline) line += " offline:" + QString::fromStdString(o);
        out << line;
    }
    return out.join('\n');
}

struct Connected {
    std::unique_ptr<zooscope::recipes::Session> session;
    c::Client& client() { return session->client(); }
};

Connected connectTo(const std::string& hosts, std::vector<c::AuthInfo> auth = {},
                    std::chrono::milliseconds timeout = 30s) {
    c::ClientOptions o;
    o.connectString = hosts;
    o.sessionTimeout = timeout;
    o.auth = std::move(auth);
    std::string error;
    Connected c{zooscope::recipes::Session::connect(o, &error)};
    if (!c.session) qFatal("connect: %s", error.c_str());
    if (const auto st = c.session->waitConnected(30s); !st.ok()) qFatal("connect: %s", st.message.c_str());
    return c;
}

// Creates `ops` in multis of 200, waiting for each.
void createAll(c::Client& client, const std::vector<c::Op>& ops) {
    for (size_t i = 0; i < ops.size(); i += 200) {
        std::vector<c::Op> batch(ops.begin() + i, ops.begin() + std::min(ops.size(), i + 200));
        auto r = blockingCall<std::vector<c::OpResult>>([&](auto done) { client.multi(batch, done); });
        if (!r.ok()) qFatal("writing the tree: %s", r.message.c_str());
    }
}

rd::ScanLimits limits(bool multiRead) {
    rd::ScanLimits l;
    l.maxTime = 120s;
    l.multiRead = multiRead;
    return l;
}

}  // namespace

class TstBulkWalk : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void sameResultBothWays_data();
    void sameResultBothWays();
    void nodeDeletedDuringWalk_data() { servers(); }
    void nodeDeletedDuringWalk();
    void digestSubtree_data() { servers(); }
    void digestSubtree();
    void fallbackWhenRefused_data() { servers(); }
    void fallbackWhenRefused();
    void serverDiesMidWalk_data() { servers(); }
    void serverDiesMidWalk();
    void serverStopsAnswering_data() { servers(); }
    void serverStopsAnswering();
    void requestNeverAnswered_data() { servers(); }
    void requestNeverAnswered();
    void badRepliesAreRefused();
    void refusedConnection();

private:
    void servers();
    zooscope::testing::TestServer* server(const QString& kind) { return kind == "engine" ? engine_.get() : apache_.get(); }
    void writeTree(const std::string& hosts);

    std::unique_ptr<zooscope::testing::TestServer> engine_, apache_;
    std::vector<Connected> owners_;  // hold the ephemeral contenders
};

void TstBulkWalk::initTestCase() {
    std::string error;
    apache_ = zooscope::testing::startApacheZooKeeper({}, &error);
    QVERIFY2(apache_, error.c_str());
    engine_ = zooscope::testing::startEngine({}, &error);
    QVERIFY2(engine_, error.c_str());
    writeTree(apache_->connectString());
    writeTree(engine_->connectString());
}

void TstBulkWalk::cleanupTestCase() {
    owners_.clear();
    engine_.reset();
    apache_.reset();
}

void TstBulkWalk::servers() {
    QTest::addColumn<QString>("kind");
    QTest::newRow("engine") << "engine";
    QTest::newRow("zookeeper") << "zookeeper";
}

// /bulk: Curator mutexes (two ephemeral contenders each, the first also with
// a persistent child that has children), a LeaderLatch, a kazoo lock, a
// Kafka layout, and folders of plain nodes.
void TstBulkWalk::writeTree(const std::string& hosts) {
    Connected owner = connectTo(hosts);
    c::Client& w = owner.client();
    c::CreateOptions eph;
    eph.mode = p::CreateMode::Ephemeral;
    std::vector<c::Op> ops;
    auto add = [&](std::string path, std::string data = {}, c::CreateOptions o = {}) {
        ops.push_back(c::Op::makeCreate(std::move(path), std::move(data), o));
    };
    for (const char* d : {"/bulk", "/bulk/locks", "/bulk/latch", "/bulk/kazoo", "/bulk/data", "/bulk/kafka"}) add(d);
    for (int i = 0; i < kMutexes; ++i) {
        const std::string m = "/bulk/locks/m" + std::to_string(i);
        add(m);
        for (int k = 0; k < 2; ++k) add(m + "/" + curatorName(i, k, "lock-"), "10.0.0.1", eph);
    }
    add("/bulk/locks/m0/extra");
    for (int k = 0; k < 10; ++k) add("/bulk/locks/m0/extra/x" + std::to_string(k));
    add("/bulk/latch/e0");
    for (int k = 0; k < 3; ++k) add("/bulk/latch/e0/" + curatorName(100, k, "latch-"), "p" + std::to_string(k), eph);
    add("/bulk/kazoo/l0");
    for (int k = 0; k < 2; ++k)
        add("/bulk/kazoo/l0/" + std::string(32, char('a' + k)) + "__lock__000000000" + std::to_string(k), "k" + std::to_string(k), eph);
    add("/bulk/kafka/controller", R"({"version":1,"brokerid":1,"timestamp":"1"})");
    for (const char* d : {"/bulk/kafka/brokers", "/bulk/kafka/brokers/ids", "/bulk/kafka/brokers/topics"}) add(d);
    add("/bulk/kafka/brokers/ids/1", "{}", eph);
    add("/bulk/kafka/brokers/ids/2", "{}", eph);
    add("/bulk/kafka/brokers/topics/t", R"({"version":3,"partitions":{"0":[1,2],"1":[2,1]}})");
    add("/bulk/kafka/brokers/topics/t/partitions");
    for (int i = 0; i < 2; ++i) {
        const std::string part = "/bulk/kafka/brokers/topics/t/partitions/" + std::to_string(i);
        add(part);
        add(part + "/state", R"({"controller_epoch":1,"leader":)" + std::to_string(i + 1) +
                                 R"(,"version":1,"leader_epoch":0,"isr":[1])");
    }
    for (int d = 0; d < kFolders; ++d) {
        const std::string dir = "/bulk/data/d" + std::to_string(d);
        add(dir);
        for (int n = 0; n < kLeaves; ++n) add(dir + "/n" + std::to_string(n));
    }
    createAll(w, ops);
    owners_.push_back(std::move(owner));
}

void TstBulkWalk::sameResultBothWays_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("chroot");
    QTest::addColumn<QString>("root");
    for (const char* kind : {"engine", "zookeeper"}) {
        QTest::newRow(kind) << kind << "" << "/bulk";
        QTest::newRow((std::string(kind) + " whole tree").c_str()) << kind << "" << "/";
        QTest::newRow((std::string(kind) + " chroot").c_str()) << kind << "/bulk" << "/";
        QTest::newRow((std::string(kind) + " missing root").c_str()) << kind << "" << "/nothing/here";
    }
}

void TstBulkWalk::sameResultBothWays() {
    QFETCH(QString, kind);
    QFETCH(QString, chroot);
    QFETCH(QString, root);
    FrameProxy proxy(server(kind)->port());
    QVERIFY(proxy.port() != 0);
    Connected viewer = connectTo(proxy.connectString() + chroot.toStdString());
    const std::string r = root.toStdString();

    const auto before = proxy.counts();
    const rd::ScanResult bulk = rd::scanSubtree(viewer.client(), r, limits(true));
    const auto mid = proxy.counts();
    const rd::ScanResult single = rd::scanSubtree(viewer.client(), r, limits(false));
    const auto after = proxy.counts();
    QCOMPARE(dump(bulk), dump(single));
    if (root == "/nothing/here") {
        QCOMPARE(bulk.err, p::Err::NoNode);
    } else {
        QVERIFY2(bulk.complete && bulk.err == p::Err::Ok, qPrintable(dump(bulk)));
        QCOMPARE(bulk.items.size(), size_t(kMutexes + 2));  // + the latch and the kazoo lock
        QVERIFY(bulk.nodesRead >= size_t(kFolders * (kLeaves + 1)));
        // The bulk walk listed in a few requests, the other one node by node.
        auto count = [](auto& m, p::OpCode op) { return m.count(op) ? m.at(op) : 0; };
        const int multiReads = count(mid, p::OpCode::MultiRead) - count(before, p::OpCode::MultiRead);
        QVERIFY2(multiReads >= 2 && multiReads <= int(bulk.nodesRead / 50), qPrintable(QString::number(multiReads)));
        QCOMPARE(count(mid, p::OpCode::GetChildren2) - count(before, p::OpCode::GetChildren2), 0);
        // Its own session, said goodbye to when the walk ended.
        QCOMPARE(count(mid, p::OpCode::CreateSession) - count(before, p::OpCode::CreateSession), 1);
        QCOMPARE(count(mid, p::OpCode::CloseSession) - count(before, p::OpCode::CloseSession), 1);
        QCOMPARE(count(after, p::OpCode::MultiRead), count(mid, p::OpCode::MultiRead));
        QCOMPARE(size_t(count(after, p::OpCode::GetChildren2) - count(mid, p::OpCode::GetChildren2)), single.nodesRead);
    }

    const rd::PartitionScanResult bulkParts = rd::scanPartitions(viewer.client(), r, limits(true));
    const rd::PartitionScanResult singleParts = rd::scanPartitions(viewer.client(), r, limits(false));
    QCOMPARE(dump(bulkParts), dump(singleParts));
    if (root != "/nothing/here") {
        QCOMPARE(bulkParts.items.size(), size_t(1));
        QCOMPARE(bulkParts.items[0].controller, std::optional<std::string>("1"));
    }
}

// A node deleted between its parent's listing and its own: the server
// answers NoNode for that op, and the walk goes on as the per-node walk does.
void TstBulkWalk::nodeDeletedDuringWalk() {
    QFETCH(QString, kind);
    Connected writer = connectTo(server(kind)->connectString());
    c::Client& w = writer.client();
    for (const char* path : {"/del", "/del/a", "/del/a/gone", "/del/a/gone/x", "/del/a/stays"}) {
        auto r = blockingCall<c::Created>([&](auto done) { w.create(path, "", {}, done); });
        QVERIFY2(r.ok(), r.message.c_str());
    }
    FrameProxy proxy(server(kind)->port());
    bool deleted = false;
    proxy.setHook([&](int, const std::string& payload) {
        if (!deleted && payload.find("/del/a/gone") != std::string::npos) {
            deleted = true;
            for (const char* path : {"/del/a/gone/x", "/del/a/gone"}) {
                auto r = blockingCall<c::Empty>([&](auto done) { w.remove(path, -1, done); });
                if (!r.ok()) qFatal("delete: %s", r.message.c_str());
            }
        }
        return FrameProxy::Action::Forward;
    });
    Connected viewer = connectTo(proxy.connectString());
    const rd::ScanResult r = rd::scanSubtree(viewer.client(), "/del", limits(true));
    QVERIFY(deleted);
    QVERIFY2(r.complete && r.err == p::Err::Ok, qPrintable(dump(r)));
    // /del, /del/a, then /del/a/gone (NoNode, still counted) and /del/a/stays.
    QCOMPARE(r.nodesRead, size_t(4));
    QVERIFY(r.gone.empty());
}

// A subtree only "alice" may read: the bulk session presents the client's
// credentials, so it sees it with them and stops as the client does without.
void TstBulkWalk::digestSubtree() {
    QFETCH(QString, kind);
    const c::AuthInfo alice{"digest", "alice:secret"};
    Connected owner = connectTo(server(kind)->connectString(), {alice});
    c::CreateOptions secret;
    secret.acl = {p::ACL{p::perms::kAll, p::Id{"digest", p::digestOf("alice:secret")}}};
    c::CreateOptions eph = secret;
    eph.mode = p::CreateMode::Ephemeral;
    std::vector<c::Op> ops{c::Op::makeCreate("/acl", ""), c::Op::makeCreate("/acl/open", ""),
                           c::Op::makeCreate("/acl/private", "", secret),
                           c::Op::makeCreate("/acl/private/lock", "", secret)};
    for (int k = 0; k < 2; ++k)
        ops.push_back(c::Op::makeCreate("/acl/private/lock/" + curatorName(7, k, "lock-"), "x", eph));
    createAll(owner.client(), ops);

    FrameProxy proxy(server(kind)->port());
    Connected withCredentials = connectTo(proxy.connectString(), {alice});
    const rd::ScanResult seen = rd::scanSubtree(withCredentials.client(), "/acl", limits(true));
    QVERIFY2(seen.complete && seen.err == p::Err::Ok, qPrintable(dump(seen)));
    QCOMPARE(seen.items.size(), size_t(1));
    QCOMPARE(seen.items[0].path, std::string("/acl/private/lock"));
    QCOMPARE(seen.items[0].holders.size(), size_t(1));
    QCOMPARE(dump(seen), dump(rd::scanSubtree(withCredentials.client(), "/acl", limits(false))));
    QVERIFY(proxy.counts()[p::OpCode::MultiRead] >= 2);

    Connected stranger = connectTo(proxy.connectString());
    const rd::ScanResult refused = rd::scanSubtree(stranger.client(), "/acl", limits(true));
    QVERIFY(!refused.complete);
    QVERIFY2(refused.stoppedBecause.find("NoAuth") != std::string::npos, refused.stoppedBecause.c_str());
    QVERIFY(refused.items.empty());
    QCOMPARE(dump(refused), dump(rd::scanSubtree(stranger.client(), "/acl", limits(false))));
}

// A server that answers multiRead with Unimplemented (ZooKeeper 3.5): one
// refused probe, then every listing through the client, the same result.
void TstBulkWalk::fallbackWhenRefused() {
    QFETCH(QString, kind);
    FrameProxy proxy(server(kind)->port());
    proxy.setHook([](int, const std::string&) { return FrameProxy::Action::Refuse; });
    Connected viewer = connectTo(proxy.connectString());
    const rd::ScanResult r = rd::scanSubtree(viewer.client(), "/bulk", limits(true));
    QVERIFY2(r.complete && r.err == p::Err::Ok, qPrintable(dump(r)));
    auto counts = proxy.counts();
    QCOMPARE(counts[p::OpCode::MultiRead], 1);
    QCOMPARE(size_t(counts[p::OpCode::GetChildren2]), r.nodesRead);
    proxy.setHook({});
    QCOMPARE(dump(r), dump(rd::scanSubtree(viewer.client(), "/bulk", limits(true))));
}

// The server goes away after the walk's third multiRead (every connection
// cut, new ones refused): an error that says so, no hang.
void TstBulkWalk::serverDiesMidWalk() {
    QFETCH(QString, kind);
    FrameProxy proxy(server(kind)->port());
    proxy.setHook([](int n, const std::string&) { return n >= 4 ? FrameProxy::Action::Cut : FrameProxy::Action::Forward; });
    Connected viewer = connectTo(proxy.connectString());
    const rd::ScanResult r = rd::scanSubtree(viewer.client(), "/bulk", limits(true));
    QVERIFY2(!r.complete, qPrintable(dump(r)));
    QCOMPARE(r.err, p::Err::ConnectionLoss);
    QVERIFY2(r.stoppedBecause.empty(), r.stoppedBecause.c_str());  // not a limit: an error
    QVERIFY2(!r.message.empty(), qPrintable(dump(r)));
}

// The server stops answering the bulk session (its connection frozen, as a
// SIGSTOPped server's): the session's read timeout (2/3 of the 4 s session
// timeout) ends the walk with OperationTimeout, well before its time limit.
void TstBulkWalk::serverStopsAnswering() {
    QFETCH(QString, kind);
    FrameProxy proxy(server(kind)->port());
    proxy.setHook([](int n, const std::string&) { return n >= 3 ? FrameProxy::Action::Freeze : FrameProxy::Action::Forward; });
    Connected viewer = connectTo(proxy.connectString(), {}, 4s);
    const rd::ScanResult r = rd::scanSubtree(viewer.client(), "/bulk", limits(true));
    QVERIFY2(!r.complete, qPrintable(dump(r)));
    QCOMPARE(r.err, p::Err::OperationTimeout);
    QVERIFY2(r.message.find("did not answer") != std::string::npos, r.message.c_str());
}

// A multiRead the server never answers while it answers the session's
// pings: the request's own timeout ends the walk (pings do not keep it alive).
void TstBulkWalk::requestNeverAnswered() {
    QFETCH(QString, kind);
    FrameProxy proxy(server(kind)->port());
    proxy.setHook([](int n, const std::string&) { return n >= 3 ? FrameProxy::Action::Swallow : FrameProxy::Action::Forward; });
    Connected viewer = connectTo(proxy.connectString(), {}, 4s);
    const rd::ScanResult r = rd::scanSubtree(viewer.client(), "/bulk", limits(true));
    QVERIFY2(!r.complete, qPrintable(dump(r)));
    QCOMPARE(r.err, p::Err::OperationTimeout);
    QVERIFY(proxy.counts()[p::OpCode::Ping] >= 1);  // the session's pings went through meanwhile
}

void TstBulkWalk::badRepliesAreRefused() {
    namespace d = zooscope::readers::detail;
    p::MultiResponse good;
    good.results = {p::MultiResult::getChildren({"a", "b"}), p::MultiResult::error(p::Err::NoNode)};
    const std::string bytes = p::encode(good);
    const auto listings = d::decodeListings(bytes, 2);
    QCOMPARE(listings.size(), size_t(2));
    QCOMPARE(listings[0].names, (std::vector<std::string>{"a", "b"}));
    QCOMPARE(listings[1].err, p::Err::NoNode);
    for (size_t cut = 0; cut < bytes.size(); ++cut)
        QVERIFY_THROWS_EXCEPTION(p::DecodeError, d::decodeListings(std::string_view(bytes).substr(0, cut), 2));
    QVERIFY_THROWS_EXCEPTION(p::DecodeError, d::decodeListings(bytes, 3));           // an op left unanswered
    QVERIFY_THROWS_EXCEPTION(p::DecodeError, d::decodeListings(bytes + "x", 2));     // trailing bytes
    p::MultiResponse wrongKind;
    wrongKind.results = {p::MultiResult::checked()};
    QVERIFY_THROWS_EXCEPTION(p::DecodeError, d::decodeListings(p::encode(wrongKind), 1));
}

// Nobody listening: open() says why at once, and the walk would list
// through the client instead.
void TstBulkWalk::refusedConnection() {
    namespace d = zooscope::readers::detail;
    d::MultiReadSettings settings;
    settings.host = "127.0.0.1";
    settings.port = zooscope::testing::freeLoopbackPort();
    std::string why;
    QVERIFY(!d::MultiReadSession::open(settings, "/", &why));
    QVERIFY2(why.find("cannot connect") != std::string::npos, why.c_str());
}

QTEST_GUILESS_MAIN(TstBulkWalk)
#include "tst_bulk_walk.moc"
