// The write pipeline without sockets: RequestProcessor::prepare turns requests
// into txns, DataTree::apply applies them. Checks ZooKeeper's stat semantics,
// multi rollback, session cleanup, and that applying the same txns to a second
// tree gives the same tree (the property the log and the quorum rely on).
#include <QtTest>

#include <set>

#include "proto/multi.h"
#include "proto/records.h"
#include "server/container_manager.h"
#include "server/request_processor.h"
#include "tree/data_tree.h"
#include "zooscope/sample_data.h"

using namespace zooscope;
using proto::Err;
using proto::OpCode;

namespace {

struct Pipeline {
    ServerConfig config;
    tree::DataTree tree;
    server::RequestProcessor proc{tree, config};
    std::vector<server::Prepared> log;  // every txn applied, in order
    int64_t zxid = 0;
    int64_t time = 1000;

    Pipeline() { config.extendedTypesEnabled = true; }

    server::ClientContext ctx(int64_t session = 0x100) {
        server::ClientContext c;
        c.sessionId = session;
        c.watcher = uint64_t(session);
        c.authIds = {proto::Id{"ip", "127.0.0.1"}};
        return c;
    }

    tree::ApplyResult run(OpCode op, const std::string& body, int64_t session = 0x100) {
        auto p = proc.prepare(ctx(session), 1, op, body, ++zxid, ++time);
        log.push_back(p);
        auto r = tree.apply(p.header, p.txn);
        proc.applied(p.header.zxid);
        return r;
    }
    tree::ApplyResult create(const std::string& path, const std::string& data = "",
                             proto::CreateMode mode = proto::CreateMode::Persistent, int64_t session = 0x100) {
        return run(OpCode::Create2, proto::encode(proto::CreateRequest{path, data, proto::openAclUnsafe(), int32_t(mode)}),
                   session);
    }
    tree::ApplyResult remove(const std::string& path, int32_t version = -1) {
        return run(OpCode::Delete, proto::encode(proto::DeleteRequest{path, version}));
    }
    proto::Stat stat(const std::string& path) {
        const tree::Node* n = tree.find(path);
        return n ? tree::clientStat(*n) : proto::Stat{};
    }
};

// A text dump of a whole tree: path, data, nullness and stored stat, sorted.
QStringList dump(const tree::DataTree& t) {
    QStringList out;
    std::vector<std::string> stack{"/"};
    while (!stack.empty()) {
        std::string p = stack.back();
        stack.pop_back();
        const tree::Node* n = t.find(p);
        const proto::Stat s = n->stat();
        out << QString::fromStdString(p) +
                   QString(" d=%1 null=%2 cz=%3 mz=%4 pz=%5 v=%6 cv=%7 av=%8 eo=%9 nc=%10")
                       .arg(QString::fromStdString(std::string(n->data())))
                       .arg(n->dataIsNull())
                       .arg(s.czxid).arg(s.mzxid).arg(s.pzxid).arg(s.version).arg(s.cversion).arg(s.aversion)
                       .arg(s.ephemeralOwner).arg(s.numChildren);
        t.forEachChild(*n, [&](const tree::Node& c) { stack.emplace_back(c.path()); });
    }
    out.sort();
    return out;
}

}  // namespace

class TstDataTree : public QObject {
    Q_OBJECT
private slots:
    void systemNodes() {
        tree::DataTree t;
        QVERIFY(t.find("/zookeeper"));
        QVERIFY(t.find("/zookeeper/quota"));
        QVERIFY(t.find("/zookeeper/config"));
        // As ZooKeeper: the root reports cversion -1 (one child, no creations
        // counted), the config node aversion -1.
        QCOMPARE(tree::clientStat(*t.find("/")).cversion, -1);
        QCOMPARE(tree::clientStat(*t.find("/zookeeper/config")).aversion, -1);
    }

    // The sample data (zooscope/sample_data.h) as the engine takes it: every
    // persistent node after its parent, every ephemeral under one of them.
    void sampleDataCreates() {
        Pipeline p;
        const auto nodes = sampleNodes();
        QVERIFY(!nodes.empty());
        for (const auto& n : nodes)
            QVERIFY2(p.create(n.path, n.data).err == Err::Ok, n.path.c_str());
        const auto ephemerals = sampleEphemerals();
        QVERIFY(!ephemerals.empty());
        for (const auto& e : ephemerals) {
            QVERIFY2(proto::isEphemeral(e.mode), e.path.c_str());
            QVERIFY2(p.create(e.path, e.data, e.mode).err == Err::Ok, e.path.c_str());
        }
        QCOMPARE(p.tree.ephemeralsOf(0x100).size(), ephemerals.size());
    }

    // A NodeRef outlives turns of the owner (the fuzzy snapshot's walk): it
    // resolves while its node lives, and to nothing once the node is gone,
    // even when a later node takes over the freed slot.
    void nodeRefsGoStaleWhenTheirNodeIsDeleted() {
        Pipeline p;
        QCOMPARE(p.create("/a").err, Err::Ok);
        QCOMPARE(p.create("/a/x", "old").err, Err::Ok);
        const auto ref = p.tree.refOf("/a/x");
        QVERIFY(ref);
        QVERIFY(!p.tree.refOf("/a/missing"));
        QCOMPARE(p.tree.resolve(*ref), p.tree.find("/a/x"));
        std::vector<tree::DataTree::NodeRef> children;
        for (auto c = p.tree.firstChildRef(*p.tree.find("/a")); c; c = p.tree.nextSiblingRef(*p.tree.resolve(*c)))
            children.push_back(*c);
        QCOMPARE(children.size(), size_t(1));
        QCOMPARE(children[0].id, ref->id);
        QCOMPARE(children[0].czxid, ref->czxid);
        QCOMPARE(p.remove("/a/x").err, Err::Ok);
        QVERIFY(!p.tree.resolve(*ref));
        // The freed slot is reused by the next node made; the old ref must not see it.
        QCOMPARE(p.create("/a/y", "new").err, Err::Ok);
        const auto reused = p.tree.refOf("/a/y");
        QVERIFY(reused);
        QCOMPARE(reused->id, ref->id);
        QVERIFY(!p.tree.resolve(*ref));
        QCOMPARE(p.tree.resolve(*reused), p.tree.find("/a/y"));
        QVERIFY(!p.tree.resolve(tree::DataTree::NodeRef{}));
        QVERIFY(!p.tree.resolve(tree::DataTree::NodeRef{0x7fffffffu, 0}));
    }

    void cversionCountsCreatesAndDeletes() {
        Pipeline p;
        QCOMPARE(p.create("/a").err, Err::Ok);
        for (auto c : {"/a/1", "/a/2", "/a/3"}) QCOMPARE(p.create(c).err, Err::Ok);
        QCOMPARE(p.remove("/a/1").err, Err::Ok);
        QCOMPARE(p.remove("/a/2").err, Err::Ok);
        QCOMPARE(p.stat("/a").cversion, 5);
        QCOMPARE(p.stat("/a").numChildren, 1);
        // The sequential counter counts creations only.
        auto r = p.create("/a/q-", "", proto::CreateMode::PersistentSequential);
        QCOMPARE(r.err, Err::Ok);
        QCOMPARE(QString::fromStdString(r.path), QString("/a/q-0000000003"));
    }

    void pzxidFollowsNewestChildChange() {
        Pipeline p;
        p.create("/a");
        auto c = p.create("/a/b");
        QCOMPARE(p.stat("/a").pzxid, c.stat.czxid);
        p.remove("/a/b");
        QCOMPARE(p.stat("/a").pzxid, p.zxid);
    }

    void failedWriteChangesNothingButTakesAZxid() {
        Pipeline p;
        p.create("/a", "x");
        const auto before = dump(p.tree);
        auto r = p.run(OpCode::SetData, proto::encode(proto::SetDataRequest{"/a", std::string("y"), 7}));
        QCOMPARE(r.err, Err::BadVersion);
        QCOMPARE(dump(p.tree), before);
        QCOMPARE(p.tree.lastProcessedZxid(), p.zxid);
    }

    void multiRollsBackOnFailure() {
        Pipeline p;
        p.create("/m");
        proto::MultiRequest m;
        m.ops.push_back({OpCode::Create, proto::CreateRequest{"/m/x", std::string(), proto::openAclUnsafe(), 0}});
        m.ops.push_back({OpCode::Create, proto::CreateRequest{"/m/x/y", std::string(), proto::openAclUnsafe(), 0}});
        m.ops.push_back({OpCode::Delete, proto::DeleteRequest{"/m/missing", -1}});
        m.ops.push_back({OpCode::Create, proto::CreateRequest{"/m/z", std::string(), proto::openAclUnsafe(), 0}});
        const auto before = dump(p.tree);
        auto r = p.run(OpCode::Multi, proto::encode(m));
        QCOMPARE(r.multi.size(), size_t(4));
        QCOMPARE(r.multi[0].err, Err::Ok);
        QCOMPARE(r.multi[1].err, Err::Ok);
        QCOMPARE(r.multi[2].err, Err::NoNode);
        QCOMPARE(r.multi[3].err, Err::RuntimeInconsistency);
        QCOMPARE(dump(p.tree), before);
        // Later ops see earlier ones of the same multi.
        m.ops.resize(2);
        r = p.run(OpCode::Multi, proto::encode(m));
        QCOMPARE(r.err, Err::Ok);
        QVERIFY(p.tree.find("/m/x/y"));
    }

    void closeSessionRemovesEphemeralsAndFiresWatches() {
        Pipeline p;
        p.create("/e");
        p.create("/e/a", "", proto::CreateMode::Ephemeral, 0x200);
        p.create("/e/b", "", proto::CreateMode::EphemeralSequential, 0x200);
        p.create("/e/other", "", proto::CreateMode::Ephemeral, 0x300);
        QCOMPARE(p.tree.ephemeralsOf(0x200).size(), size_t(2));
        p.tree.addChildWatch("/e", 7);
        p.tree.addDataWatch("/e/a", 8);
        auto c = p.proc.prepareCloseSession(0x200, ++p.zxid, ++p.time);
        const auto applied = p.tree.apply(c.header, c.txn);
        QVERIFY(!p.tree.find("/e/a"));
        QVERIFY(p.tree.find("/e/other"));
        QVERIFY(p.tree.ephemeralsOf(0x200).empty());
        QCOMPARE(applied.fired.size(), size_t(2));
    }

    void containerAndTtlAreIndexedAndHiddenFromClients() {
        Pipeline p;
        auto r = p.run(OpCode::CreateContainer,
                       proto::encode(proto::CreateRequest{"/c", std::string(), proto::openAclUnsafe(), 4}));
        QCOMPARE(r.err, Err::Ok);
        QCOMPARE(r.stat.ephemeralOwner, int64_t(0));
        QVERIFY(p.tree.containers().count("/c"));
        r = p.run(OpCode::CreateTTL,
                  proto::encode(proto::CreateTTLRequest{"/t", std::string(), proto::openAclUnsafe(), 5, 5000}));
        QCOMPARE(r.err, Err::Ok);
        QVERIFY(p.tree.ttls().count("/t"));
        QVERIFY(tree::ephemeral::isTtl(p.tree.find("/t")->ephemeralOwner()));
        QCOMPARE(tree::ephemeral::ttlOf(p.tree.find("/t")->ephemeralOwner()), int64_t(5000));
        // TTL without extended types is Unimplemented, as in ZooKeeper.
        p.config.extendedTypesEnabled = false;
        r = p.run(OpCode::CreateTTL,
                  proto::encode(proto::CreateTTLRequest{"/t2", std::string(), proto::openAclUnsafe(), 5, 5000}));
        QCOMPARE(r.err, Err::Unimplemented);
    }

    void containerManagerCandidates() {
        Pipeline p;
        auto mk = [&](const std::string& path) {
            return p.run(OpCode::CreateContainer,
                         proto::encode(proto::CreateRequest{path, std::string(), proto::openAclUnsafe(), 4}));
        };
        mk("/used");
        mk("/never");
        p.create("/used/child");
        p.run(OpCode::CreateTTL,
              proto::encode(proto::CreateTTLRequest{"/ttl", std::string(), proto::openAclUnsafe(), 5, 100}));
        const int64_t created = p.time;
        // Not empty, never used, TTL not yet passed: nothing.
        QVERIFY(server::containerCandidates(p.tree, created + 50, 0).empty());
        p.remove("/used/child");
        auto c = server::containerCandidates(p.tree, created + 50, 0);
        QCOMPARE(c, std::vector<std::string>{"/used"});
        // TTL passed; never-used grace set.
        c = server::containerCandidates(p.tree, created + 1000, 500);
        std::sort(c.begin(), c.end());
        QCOMPARE(c, (std::vector<std::string>{"/never", "/ttl", "/used"}));
        // deleteContainer re-checks: a container that gained a child is NotEmpty.
        p.create("/used/again");
        QCOMPARE(p.run(OpCode::DeleteContainer, "/used").err, Err::NotEmpty);
        QCOMPARE(p.run(OpCode::DeleteContainer, "/ttl").err, Err::Ok);
        QVERIFY(!p.tree.find("/ttl"));
        // ... and refuses a plain node.
        p.create("/plain");
        QCOMPARE(p.run(OpCode::DeleteContainer, "/plain").err, Err::BadVersion);
    }

    void nullDataStaysNull() {
        Pipeline p;
        p.run(OpCode::Create, proto::encode(proto::CreateRequest{"/n", std::nullopt, proto::openAclUnsafe(), 0}));
        QVERIFY(p.tree.find("/n")->dataIsNull());
        p.run(OpCode::SetData, proto::encode(proto::SetDataRequest{"/n", std::string(), -1}));
        QVERIFY(!p.tree.find("/n")->dataIsNull());
    }

    void replayGivesTheSameTree() {
        Pipeline p;
        p.create("/r", "0");
        for (int i = 0; i < 50; ++i) {
            p.create("/r/s-", std::to_string(i), proto::CreateMode::PersistentSequential);
            if (i % 3 == 0) p.run(OpCode::SetData, proto::encode(proto::SetDataRequest{"/r", std::to_string(i), -1}));
            if (i % 7 == 0) p.create("/r/e" + std::to_string(i), "", proto::CreateMode::Ephemeral, 0x500);
            if (i % 5 == 4) p.remove("/r/s-" + QString::number(i - 1).rightJustified(10, '0').toStdString());
        }
        auto c = p.proc.prepareCloseSession(0x500, ++p.zxid, ++p.time);
        p.log.push_back(c);
        p.tree.apply(c.header, c.txn);

        tree::DataTree replica;
        for (const auto& e : p.log) replica.apply(e.header, e.txn);
        QCOMPARE(dump(replica), dump(p.tree));
        QCOMPARE(replica.lastProcessedZxid(), p.tree.lastProcessedZxid());
    }

    // The compact layout: a path index with backward-shift deletion, sibling
    // lists and reused node slots. Many creates, then deletes in a pattern,
    // then creates again (reusing the freed slots): every path must still be
    // found or absent as it should, children listed once each, counts right.
    void indexAndChildListsSurviveChurn_data() {
        QTest::addColumn<int>("children");
        QTest::addColumn<int>("deleteEvery");  // delete child i when i % deleteEvery == phase
        QTest::addColumn<int>("phase");
        QTest::newRow("delete all") << 300 << 1 << 0;
        QTest::newRow("first of each pair") << 301 << 2 << 0;
        QTest::newRow("second of each pair") << 301 << 2 << 1;
        QTest::newRow("every 7th, past a table growth") << 5000 << 7 << 3;
        QTest::newRow("only child") << 1 << 1 << 0;
    }
    void indexAndChildListsSurviveChurn() {
        QFETCH(int, children);
        QFETCH(int, deleteEvery);
        QFETCH(int, phase);
        tree::DataTree t;
        int64_t zxid = 0;
        auto apply = [&](proto::OpCode op, auto body) {
            tree::TxnHeader h;
            h.zxid = ++zxid;
            h.type = op;
            return t.apply(h, tree::Txn{op, std::move(body)}).err;
        };
        auto create = [&](const std::string& path, const proto::ACLList& acl) {
            return apply(OpCode::Create, tree::CreateTxn{path, "d" + path, acl, 0, -1, false});
        };
        const proto::ACLList readOnly = proto::readAclUnsafe();
        QCOMPARE(create("/p", proto::openAclUnsafe()), Err::Ok);
        auto name = [](int i) { return "c" + std::to_string(i); };
        for (int i = 0; i < children; ++i) QCOMPARE(create("/p/" + name(i), proto::openAclUnsafe()), Err::Ok);
        std::set<std::string> alive;
        for (int i = 0; i < children; ++i) {
            if (i % deleteEvery == phase) QCOMPARE(apply(OpCode::Delete, tree::DeleteTxn{"/p/" + name(i)}), Err::Ok);
            else alive.insert(name(i));
        }
        // Freed slots come back for new nodes, with their own ACL.
        for (int i = 0; i < children / 3 + 1; ++i) {
            QCOMPARE(create("/p/n" + std::to_string(i), readOnly), Err::Ok);
            alive.insert("n" + std::to_string(i));
        }
        const tree::Node* p = t.find("/p");
        QVERIFY(p);
        std::vector<std::string> listed = t.childNames(*p);
        QCOMPARE(listed.size(), alive.size());
        QCOMPARE(std::set<std::string>(listed.begin(), listed.end()), alive);
        QCOMPARE(p->childCount(), int32_t(alive.size()));
        QCOMPARE(t.allChildrenNumber("/p"), int32_t(alive.size()));
        QCOMPARE(t.nodeCount(), size_t(5 + alive.size()));
        for (int i = 0; i < children; ++i) {
            const tree::Node* c = t.find("/p/" + name(i));
            QCOMPARE(c != nullptr, alive.count(name(i)) == 1);
            if (c) {
                QCOMPARE(std::string(c->data()), "d/p/" + name(i));
                QCOMPARE(*t.aclOf(*c), proto::openAclUnsafe());
            }
        }
        const tree::Node* n0 = t.find("/p/n0");
        QVERIFY(n0);
        QCOMPARE(std::string(n0->name()), std::string("n0"));
        QCOMPARE(*t.aclOf(*n0), readOnly);
        QCOMPARE(create("/p/n0", readOnly), Err::NodeExists);
        // The size the 4lw report: paths plus data, back to the system nodes' once emptied.
        for (const auto& c : alive) QCOMPARE(apply(OpCode::Delete, tree::DeleteTxn{"/p/" + c}), Err::Ok);
        QCOMPARE(t.find("/p")->childCount(), 0);
        QCOMPARE(apply(OpCode::Delete, tree::DeleteTxn{"/p"}), Err::Ok);
        QCOMPARE(t.approximateDataSize(), tree::DataTree().approximateDataSize());
        QCOMPARE(t.nodeCount(), size_t(4));
    }

    void badRequestsAreErrorsNotCrashes() {
        Pipeline p;
        // Truncated body: a marshalling error, not an exception.
        auto r = p.run(OpCode::Create, std::string("\x00\x00", 2));
        QCOMPARE(r.err, Err::MarshallingError);
        // Path checks as ZooKeeper's.
        QCOMPARE(p.create("noslash").err, Err::BadArguments);
        QCOMPARE(p.create("/a/").err, Err::NoNode);
        p.create("/a");
        QCOMPARE(p.create("/a/").err, Err::BadArguments);
        QCOMPARE(p.remove("/zookeeper").err, Err::BadArguments);
        QCOMPARE(p.remove("/").err, Err::BadArguments);
        // ZooKeeper's DataTree maps "/"'s parent "" to the root: "/" exists.
        QCOMPARE(p.create("/").err, Err::NodeExists);
        QCOMPARE(p.create("/a/b", "", proto::CreateMode(42)).err, Err::BadArguments);
    }
};

QTEST_GUILESS_MAIN(TstDataTree)
#include "tst_data_tree.moc"
