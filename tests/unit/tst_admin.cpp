// zooscope::admin against real servers: every data-driven case runs on Apache
// ZooKeeper 3.8 (one JVM for the binary) and on the in-process engine; the
// cross-server case exports from one and imports into the other.
//
// Sessions per server: `admin` holds digest alice and bob (reads everything
// the tests create), `alice` holds only alice (the importer, and the "other
// client" of the race cases), `bob` only bob (creates bob-only nodes).
//
// No timing assertions: every wait is an upper bound for a condition.
#include <QtTest>

#include <future>
#include <map>
#include <thread>

#include "blocking_call.h"
#include "test_support.h"
#include "zooscope/admin.h"
#include "zooscope/client.h"

using namespace zooscope::client;
using namespace zooscope::admin;
using namespace zooscope::testing;
namespace proto = zooscope::proto;
using proto::Err;
using namespace std::chrono_literals;

namespace {

constexpr auto kWait = 30s;

template <class T, class Submit>
Result<T> call(Submit&& submit) {
    return zooscope::testing::blockingCall<T>(std::forward<Submit>(submit), kWait);
}

std::unique_ptr<Client> openClient(const std::string& connect, std::vector<std::string> digests, std::string* error) {
    ClientOptions o;
    o.connectString = connect;
    o.sessionTimeout = 20s;
    for (auto& d : digests) o.auth.push_back(AuthInfo{"digest", d});
    auto connected = std::make_shared<std::promise<void>>();
    auto once = std::make_shared<std::once_flag>();
    auto c = Client::connect(
        o,
        Callbacks{[connected, once](SessionState s) {
                      if (s == SessionState::Connected) std::call_once(*once, [&] { connected->set_value(); });
                  },
                  {}},
        error);
    if (!c) return nullptr;
    if (connected->get_future().wait_for(kWait) != std::future_status::ready) {
        *error = "never connected";
        return nullptr;
    }
    return c;
}

struct Env {
    std::unique_ptr<TestServer> server;
    std::unique_ptr<Client> admin, alice, bob;
};

bool existsNode(Client& c, const std::string& path) {
    auto r = call<std::optional<proto::Stat>>([&](auto cb) { c.exists(path, false, cb); });
    return r.ok() && r.value.has_value();
}

// Creates `paths` in order, pipelined (FIFO order makes parents land first);
// returns the first failure's message, "" when all were created.
std::string createAll(Client& c, const std::vector<std::string>& paths, const CreateOptions& o = {},
                      const std::string& data = "d") {
    std::vector<std::future<Result<Created>>> fs;
    for (const auto& p : paths) {
        auto pr = std::make_shared<std::promise<Result<Created>>>();
        fs.push_back(pr->get_future());
        c.create(p, data, o, [pr](Result<Created> r) { pr->set_value(std::move(r)); });
    }
    for (size_t i = 0; i < fs.size(); ++i) {
        if (fs[i].wait_for(kWait) != std::future_status::ready) return "timeout creating " + paths[i];
        auto r = fs[i].get();
        if (!r.ok()) return paths[i] + ": " + r.message;
    }
    return {};
}

// A full tree: `fanout` children per node, `depth` levels below root.
std::vector<std::string> treePaths(const std::string& root, int fanout, int depth) {
    std::vector<std::string> out{root};
    std::vector<std::string> level{root};
    for (int d = 0; d < depth; ++d) {
        std::vector<std::string> next;
        for (const auto& p : level)
            for (int i = 0; i < fanout; ++i) next.push_back(p + "/n" + std::to_string(i));
        out.insert(out.end(), next.begin(), next.end());
        level = std::move(next);
    }
    return out;
}

QString diffsText(const CompareResult& r) {
    QStringList out;
    for (const auto& d : r.differences)
        out << QString::fromStdString(d.relativePath + " " + std::string(diffKindName(d.kind)) + " (" + d.detail + ")");
    for (const auto& e : r.errors) out << QString::fromStdString("error " + e.path + ": " + e.message);
    if (r.cancelled) out << "cancelled";
    return out.join("; ");
}

QString errorsText(const std::vector<NodeError>& errors) {
    QStringList out;
    for (const auto& e : errors) out << QString::fromStdString(e.path + ": " + e.message);
    return out.join("; ");
}

std::string allBytes() {
    std::string s;
    for (int i = 0; i < 256; ++i) s += char(i);
    return s;
}

// What the test knows about its own nodes and the servers cannot report
// (containers and TTL nodes read as persistent).
ModeHints sourceHints(const std::string& root) {
    return {{root + "/container", {NodeMode::Container, 0}}, {root + "/ttl", {NodeMode::Ttl, 3600000}}};
}

// Removes `root` and everything below it if present, so a failed earlier run
// of a case does not break the next one.
void wipe(Client& c, const std::string& root) {
    const DeletePlan plan = planRecursiveDelete(c, root);
    if (plan.count() > 0) executeRecursiveDelete(c, plan);
}

const std::string kUnicode = "h\xc3\xa9llo \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x8e\x89";

}  // namespace

class TstAdmin : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void planCounts_data() { serverRows(); }
    void planCounts();
    void planRefuses_data() { serverRows(); }
    void planRefuses();
    void deleteWithProgress_data() { serverRows(); }
    void deleteWithProgress();
    void deleteCancelMidway_data() { serverRows(); }
    void deleteCancelMidway();
    void notEmptyRaceRetried_data() { serverRows(); }
    void notEmptyRaceRetried();
    void notEmptyRaceReported_data() { serverRows(); }
    void notEmptyRaceReported();
    void batchDelete_data() { serverRows(); }
    void batchDelete();
    void roundTrip_data() { serverRows(); }
    void roundTrip();
    void importPolicies_data() { serverRows(); }
    void importPolicies();
    void malformedImportWritesNothing_data();
    void malformedImportWritesNothing();
    void crossServerRoundTrip();
    void jobRunsOffThreadAndCancels_data() { serverRows(); }
    void jobRunsOffThreadAndCancels();

private:
    void serverRows() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    Env& env() {
        QFETCH(QString, server);
        return envs_.at(server);
    }
    // The round-trip source: every payload and mode the format must carry.
    // Returns "" or the failure.
    std::string buildSource(Env& e, const std::string& root, int* nodeCount);

    std::map<QString, Env> envs_;
};

void TstAdmin::initTestCase() {
    std::string err;
    ApacheOptions ao;
    ao.extra["forceSync"] = "no";
    envs_["zookeeper"].server = startApacheZooKeeper(ao, &err);
    QVERIFY2(envs_["zookeeper"].server, err.c_str());
    envs_["engine"].server = startEngine(EngineOptions{}, &err);
    QVERIFY2(envs_["engine"].server, err.c_str());
    for (auto& [name, e] : envs_) {
        const std::string cs = e.server->connectString();
        e.admin = openClient(cs, {"alice:secret", "bob:secret"}, &err);
        QVERIFY2(e.admin, err.c_str());
        e.alice = openClient(cs, {"alice:secret"}, &err);
        QVERIFY2(e.alice, err.c_str());
        e.bob = openClient(cs, {"bob:secret"}, &err);
        QVERIFY2(e.bob, err.c_str());
    }
}

void TstAdmin::cleanupTestCase() {
    for (auto& [name, e] : envs_) {
        e.admin.reset();
        e.alice.reset();
        e.bob.reset();
        e.server.reset();
    }
}

void TstAdmin::planCounts() {
    Env& e = env();
    const auto paths = treePaths("/plan", 3, 3);  // 1 + 3 + 9 + 27
    QCOMPARE(createAll(*e.admin, paths), std::string());
    const DeletePlan plan = planRecursiveDelete(*e.admin, "/plan");
    QVERIFY2(plan.ok(), plan.refused.c_str());
    QCOMPARE(plan.count(), uint64_t(paths.size()));
    QCOMPARE(plan.paths.back(), std::string("/plan"));
    // Deepest first: every node comes after all of its descendants.
    std::map<std::string, size_t> at;
    for (size_t i = 0; i < plan.paths.size(); ++i) at[plan.paths[i]] = i;
    for (const auto& p : paths)
        if (p != "/plan") QVERIFY(at.at(p) < at.at(p.substr(0, p.rfind('/'))));
    QCOMPARE(plan.sample.size(), kPlanSampleSize);
    QCOMPARE(plan.sample.front(), std::string("/plan"));
    // Planning wrote nothing.
    QVERIFY(existsNode(*e.admin, "/plan/n2/n2/n2"));
    const DeleteReport r = executeRecursiveDelete(*e.admin, plan);
    QVERIFY2(r.complete(), qPrintable(errorsText(r.errors)));
}

void TstAdmin::planRefuses() {
    Env& e = env();
    for (const char* p : {"/", "/zookeeper", "/zookeeper/config"}) {
        const DeletePlan plan = planRecursiveDelete(*e.admin, p);
        QVERIFY2(!plan.refused.empty(), p);
        QCOMPARE(plan.count(), uint64_t(0));
        const DeleteReport r = executeRecursiveDelete(*e.admin, plan);
        QVERIFY(r.deleted.empty());
        QVERIFY(!r.errors.empty());
    }
    QVERIFY(existsNode(*e.admin, "/zookeeper/config"));
    const DeletePlan missing = planRecursiveDelete(*e.admin, "/no-such-node");
    QVERIFY2(QString::fromStdString(missing.refused).contains("does not exist"), missing.refused.c_str());
}

void TstAdmin::deleteWithProgress() {
    Env& e = env();
    const auto paths = treePaths("/del", 4, 2);  // 21
    QCOMPARE(createAll(*e.admin, paths), std::string());
    std::vector<Progress> seen;
    Control k;
    k.progressInterval = 0ms;
    k.onProgress = [&](const Progress& p) { seen.push_back(p); };
    const DeletePlan plan = planRecursiveDelete(*e.admin, "/del", k);
    QCOMPARE(plan.count(), uint64_t(21));
    QVERIFY(!seen.empty());
    QCOMPARE(int(seen.back().phase), int(Phase::Listing));
    QCOMPARE(seen.back().done, uint64_t(21));
    seen.clear();
    const DeleteReport r = executeRecursiveDelete(*e.admin, plan, k);
    QVERIFY2(r.complete(), qPrintable(errorsText(r.errors)));
    QCOMPARE(r.deleted.size(), size_t(21));
    QCOMPARE(r.deleted.back(), std::string("/del"));
    QVERIFY(!existsNode(*e.admin, "/del"));
    for (size_t i = 1; i < seen.size(); ++i) QVERIFY(seen[i].done >= seen[i - 1].done);
    QCOMPARE(seen.back().done, uint64_t(21));
    QCOMPARE(seen.back().total, uint64_t(21));
    QCOMPARE(int(seen.back().phase), int(Phase::Deleting));
}

void TstAdmin::deleteCancelMidway() {
    Env& e = env();
    const auto paths = treePaths("/cancel", 4, 3);  // 85
    QCOMPARE(createAll(*e.admin, paths), std::string());
    const DeletePlan plan = planRecursiveDelete(*e.admin, "/cancel");
    QCOMPARE(plan.count(), uint64_t(85));
    Control k;
    k.window = 4;
    k.progressInterval = 0ms;
    k.onProgress = [&](const Progress& p) {
        if (p.phase == Phase::Deleting && p.done >= 20) k.cancel.cancel();
    };
    const DeleteReport r = executeRecursiveDelete(*e.admin, plan, k);
    QVERIFY(r.cancelled);
    QVERIFY(!r.complete());
    QVERIFY2(r.deleted.size() >= 20 && r.deleted.size() <= 20 + k.window, qPrintable(QString::number(r.deleted.size())));
    QVERIFY(r.errors.empty());
    // The report is exactly what happened: the rest is still there.
    for (const auto& p : r.deleted) QVERIFY(!existsNode(*e.admin, p));
    const DeletePlan rest = planRecursiveDelete(*e.admin, "/cancel");
    QCOMPARE(rest.count(), uint64_t(85 - r.deleted.size()));
    QVERIFY(executeRecursiveDelete(*e.admin, rest).complete());
}

void TstAdmin::notEmptyRaceRetried() {
    Env& e = env();
    QCOMPARE(createAll(*e.admin, treePaths("/race1", 4, 1)), std::string());
    const DeletePlan plan = planRecursiveDelete(*e.admin, "/race1");
    QCOMPARE(plan.count(), uint64_t(5));
    // With one request in flight, the root's delete is not sent yet when the
    // second client adds a child after the second delete.
    Control k;
    k.window = 1;
    k.progressInterval = 0ms;
    bool raced = false;
    std::string raceError;
    k.onProgress = [&](const Progress& p) {
        if (p.phase == Phase::Deleting && p.done == 2 && !raced) {
            raced = true;
            auto r = call<Created>([&](auto cb) { e.alice->create("/race1/late", "x", {}, cb); });
            if (!r.ok()) raceError = r.message;
        }
    };
    const DeleteReport r = executeRecursiveDelete(*e.admin, plan, k);
    QVERIFY(raced);
    QCOMPARE(raceError, std::string());
    QVERIFY2(r.complete(), qPrintable(errorsText(r.errors)));
    QCOMPARE(r.retried, std::vector<std::string>{"/race1"});
    QVERIFY(std::find(r.deleted.begin(), r.deleted.end(), "/race1/late") != r.deleted.end());
    QCOMPARE(r.deleted.size(), size_t(6));
    QVERIFY(!existsNode(*e.admin, "/race1"));
}

void TstAdmin::notEmptyRaceReported() {
    Env& e = env();
    QCOMPARE(createAll(*e.admin, treePaths("/race2", 4, 1)), std::string());
    const DeletePlan plan = planRecursiveDelete(*e.admin, "/race2");
    Control k;
    k.window = 1;
    k.progressInterval = 0ms;
    int races = 0;
    // Adds a child before the root's delete in the first pass (done 2 of 5)
    // and again in the retry (done 6: after /race2/late went).
    k.onProgress = [&](const Progress& p) {
        if (p.phase != Phase::Deleting) return;
        if ((p.done == 2 && races == 0) || (p.done == 6 && races == 1)) {
            const std::string name = races == 0 ? "/race2/late" : "/race2/late2";
            ++races;
            call<Created>([&](auto cb) { e.alice->create(name, "x", {}, cb); });
        }
    };
    const DeleteReport r = executeRecursiveDelete(*e.admin, plan, k);
    QCOMPARE(races, 2);
    QCOMPARE(r.retried, std::vector<std::string>{"/race2"});
    QCOMPARE(r.errors.size(), size_t(1));
    QCOMPARE(r.errors[0].path, std::string("/race2"));
    QCOMPARE(int(r.errors[0].err), int(Err::NotEmpty));
    QVERIFY(!r.complete());
    QVERIFY(existsNode(*e.admin, "/race2/late2"));
    QVERIFY(!existsNode(*e.admin, "/race2/late"));
    QVERIFY(executeRecursiveDelete(*e.admin, planRecursiveDelete(*e.admin, "/race2")).complete());
}

void TstAdmin::batchDelete() {
    Env& e = env();
    QCOMPARE(createAll(*e.admin, {"/b", "/b/x1", "/b/x2", "/b/full", "/b/full/c"}), std::string());
    const std::vector<std::string> in{"/b/x1", "/b/missing", "/b/full", "/", "/b/x2"};
    const auto r = deleteNodes(*e.admin, in);
    QCOMPARE(r.size(), in.size());
    for (size_t i = 0; i < in.size(); ++i) QCOMPARE(r[i].path, in[i]);
    QVERIFY(r[0].deleted());
    QCOMPARE(int(r[1].err), int(Err::NoNode));
    QVERIFY(!r[1].message.empty());
    QCOMPARE(int(r[2].err), int(Err::NotEmpty));
    QVERIFY(!r[3].attempted);
    QCOMPARE(int(r[3].err), int(Err::BadArguments));
    QVERIFY(r[4].deleted());
    QVERIFY(!existsNode(*e.admin, "/b/x1"));
    QVERIFY(existsNode(*e.admin, "/b/full/c"));
    // Cancelled before it starts: nothing is sent, each path says so.
    Control k;
    k.cancel.cancel();
    const auto none = deleteNodes(*e.admin, {"/b/full/c"}, k);
    QVERIFY(!none[0].attempted);
    QVERIFY(!none[0].deleted());
    QVERIFY(existsNode(*e.admin, "/b/full/c"));
}

std::string TstAdmin::buildSource(Env& e, const std::string& root, int* nodeCount) {
    std::string err;
    auto check = [&](const std::string& what, const std::string& failure) {
        if (err.empty() && !failure.empty()) err = what + ": " + failure;
    };
    check("plain", createAll(*e.admin, {root, root + "/deep", root + "/deep/a", root + "/deep/a/b", root + "/deep/a/b/c"}));
    auto one = [&](const std::string& path, const std::string& data, CreateOptions o, Client* c = nullptr) {
        auto r = call<Created>([&](auto cb) { (c ? c : e.admin.get())->create(path, data, o, cb); });
        check(path, r.ok() ? std::string() : r.message);
        return r.value.path;
    };
    one(root + "/text", "hello", {});
    one(root + "/unicode", kUnicode, {});
    one(root + "/binary", allBytes(), {});
    CreateOptions nul;
    nul.nullData = true;
    one(root + "/null", "", nul);
    one(root + "/empty", "", {});
    // alice's digest (via the auth scheme) plus world read.
    CreateOptions aliceAcl;
    aliceAcl.acl = {{proto::perms::kAll, {"auth", ""}}, {proto::perms::kRead, {"world", "anyone"}}};
    one(root + "/acl", "alice's", aliceAcl, e.alice.get());
    // bob only, with children: the importer (alice) is locked out of it.
    CreateOptions bobOnly;
    bobOnly.acl = proto::creatorAllAcl();
    one(root + "/locked", "bob's", bobOnly, e.bob.get());
    one(root + "/locked/k1", "1", bobOnly, e.bob.get());
    one(root + "/locked/k2", allBytes(), bobOnly, e.bob.get());
    CreateOptions container;
    container.mode = proto::CreateMode::Container;
    one(root + "/container", "c", container);
    one(root + "/container/child", "", {});
    CreateOptions ttl;
    ttl.mode = proto::CreateMode::PersistentWithTTL;
    ttl.ttlMs = 3600000;
    one(root + "/ttl", "t", ttl);
    CreateOptions seq;
    seq.mode = proto::CreateMode::PersistentSequential;
    one(root + "/seq-", "s", seq);
    CreateOptions eph;
    eph.mode = proto::CreateMode::Ephemeral;
    one(root + "/eph", "session", eph);
    *nodeCount = 5 + 5 + 1 + 3 + 2 + 1 + 1 + 1;
    return err;
}

void TstAdmin::roundTrip() {
    Env& e = env();
    wipe(*e.admin, "/src");
    wipe(*e.admin, "/restore");
    int n = 0;
    QCOMPARE(buildSource(e, "/src", &n), std::string());
    // Unannotated, containers and TTL nodes read as persistent (as ZooKeeper 3.8 reports them).
    for (const auto& node : readSubtree(*e.admin, "/src").nodes)
        if (node.path != "/src/eph") QCOMPARE(int(node.mode), int(NodeMode::Persistent));

    std::vector<Progress> seen;
    Control k;
    k.progressInterval = 0ms;
    k.onProgress = [&](const Progress& p) { seen.push_back(p); };
    const Snapshot snap = readSubtree(*e.admin, "/src", k, sourceHints("/src"));
    QVERIFY2(snap.complete(), qPrintable(errorsText(snap.errors)));
    QCOMPARE(int(snap.nodes.size()), n);
    QCOMPARE(seen.back().done, uint64_t(n));
    int containers = 0, ttls = 0, ephemerals = 0;
    for (const auto& node : snap.nodes) {
        containers += node.mode == NodeMode::Container;
        QCOMPARE(node.modeAnnotated, node.mode == NodeMode::Container || node.mode == NodeMode::Ttl);
        ephemerals += node.mode == NodeMode::Ephemeral;
        if (node.mode == NodeMode::Ttl) {
            ++ttls;
            QCOMPARE(node.ttlMs, int64_t(3600000));
        }
    }
    QCOMPARE(containers, 1);
    QCOMPARE(ttls, 1);
    QCOMPARE(ephemerals, 1);

    const std::string file = toJson(snap);
    std::string perr;
    const auto parsed = parseExport(file, &perr);
    QVERIFY2(parsed, perr.c_str());

    // Into a place whose parents do not exist, by alice (locked out of /locked).
    const std::string target = "/restore/x/copy";
    const ImportPreview pv = previewImport(*e.alice, *parsed, target);
    QVERIFY2(pv.refused.empty(), pv.refused.c_str());
    QCOMPARE(pv.parentsToCreate, (std::vector<std::string>{"/restore", "/restore/x"}));
    QCOMPARE(int(pv.count(ImportAction::Create)), n - 1);
    QCOMPARE(pv.count(ImportAction::Skip), size_t(1));
    QVERIFY(!existsNode(*e.admin, "/restore"));  // a preview writes nothing

    seen.clear();
    const ImportReport ir = applyImport(*e.alice, *parsed, pv, {}, k);
    QVERIFY2(ir.complete(), qPrintable(errorsText(ir.errors)));
    QCOMPARE(int(ir.created), n - 1);
    QCOMPARE(ir.parentsCreated, uint64_t(2));
    QCOMPARE(ir.skipped, uint64_t(1));
    QCOMPARE(int(seen.back().phase), int(Phase::Writing));
    QCOMPARE(seen.back().done, seen.back().total);

    CompareOptions co;
    co.ignoreEphemerals = true;
    const CompareResult cmp = compareSubtrees(*e.admin, "/src", *e.admin, target, co);
    QVERIFY2(cmp.identical(), qPrintable(diffsText(cmp)));
    QCOMPARE(int(cmp.leftCount), n - 1);
    // Without ignoring ephemerals, exactly the skipped one differs.
    const CompareResult strict = compareSubtrees(*e.admin, "/src", *e.admin, target);
    QCOMPARE(diffsText(strict), QString("/eph only left (7 bytes)"));

    // Spot checks straight from the server: null vs empty, bytes, the lock-out ACL.
    auto nul = call<NodeData>([&](auto cb) { e.admin->getData(target + "/null", false, cb); });
    QVERIFY(nul.ok() && nul.value.isNull);
    auto empty = call<NodeData>([&](auto cb) { e.admin->getData(target + "/empty", false, cb); });
    QVERIFY(empty.ok() && !empty.value.isNull && empty.value.data.empty());
    auto bin = call<NodeData>([&](auto cb) { e.admin->getData(target + "/locked/k2", false, cb); });
    QVERIFY(bin.ok());
    QCOMPARE(bin.value.data, allBytes());
    auto lockedAcl = call<AclData>([&](auto cb) { e.admin->getACL(target + "/locked", cb); });
    QVERIFY(lockedAcl.ok());
    QCOMPARE(lockedAcl.value.acl.size(), size_t(1));  // the temporary entry is gone
    QCOMPARE(lockedAcl.value.acl[0].id.id.substr(0, 4), std::string("bob:"));
    auto denied = call<NodeData>([&](auto cb) { e.alice->getData(target + "/locked", false, cb); });
    QCOMPARE(int(denied.err), int(Err::NoAuth));

    // A second preview finds everything in place.
    const ImportPreview again = previewImport(*e.admin, *parsed, target);
    QCOMPARE(int(again.count(ImportAction::Unchanged)), n - 1);
    QCOMPARE(again.count(ImportAction::Skip), size_t(1));
    QVERIFY(again.parentsToCreate.empty());

    QVERIFY(executeRecursiveDelete(*e.admin, planRecursiveDelete(*e.admin, "/restore")).complete());
}

void TstAdmin::importPolicies() {
    Env& e = env();
    wipe(*e.admin, "/pol");
    wipe(*e.admin, "/pol-copy");
    int n = 0;
    QCOMPARE(buildSource(e, "/pol", &n), std::string());
    const Snapshot snap = readSubtree(*e.admin, "/pol", {}, sourceHints("/pol"));
    QVERIFY(snap.complete());
    const std::string target = "/pol-copy";
    QVERIFY(applyImport(*e.admin, snap, previewImport(*e.admin, snap, target)).complete());

    // Someone edits the copy: data, ACL, a deletion, data where null was.
    QVERIFY(call<proto::Stat>([&](auto cb) { e.admin->setData(target + "/text", "changed", -1, cb); }).ok());
    QVERIFY(call<Empty>([&](auto cb) {
                e.admin->setACL(target + "/empty", {{proto::perms::kRead | proto::perms::kAdmin, {"world", "anyone"}}},
                                -1, cb);
            }).ok());
    QVERIFY(call<Empty>([&](auto cb) { e.admin->remove(target + "/deep/a/b/c", -1, cb); }).ok());
    QVERIFY(call<proto::Stat>([&](auto cb) { e.admin->setData(target + "/null", "now data", -1, cb); }).ok());

    const ImportPreview pv = previewImport(*e.admin, snap, target);
    QCOMPARE(pv.count(ImportAction::Update), size_t(2));
    QCOMPARE(pv.count(ImportAction::Create), size_t(1));
    QCOMPARE(pv.count(ImportAction::Conflict), size_t(1));
    QCOMPARE(pv.count(ImportAction::Skip), size_t(1));
    for (const auto& item : pv.items) {
        if (item.targetPath == target + "/text") QVERIFY(item.dataDiffers && !item.aclDiffers);
        if (item.targetPath == target + "/empty") QVERIFY(!item.dataDiffers && item.aclDiffers);
        if (item.action == ImportAction::Conflict) {
            QCOMPARE(item.targetPath, target + "/null");
            QVERIFY2(QString::fromStdString(item.note).contains("null"), item.note.c_str());
            QCOMPARE(int(item.noteKind), int(ImportNote::NullOverData));
        }
        if (item.action == ImportAction::Skip) {
            QCOMPARE(int(item.noteKind), int(ImportNote::EphemeralInFile));
            QCOMPARE(int(item.fileMode), int(NodeMode::Ephemeral));
            QVERIFY(!item.note.empty());
        }
        // A code for every note and a note for every code.
        QCOMPARE(item.note.empty(), item.noteKind == ImportNote::None);
    }

    const ImportReport never = applyImport(*e.admin, snap, pv, {Overwrite::Never});
    QVERIFY2(never.complete(), qPrintable(errorsText(never.errors)));
    QCOMPARE(never.created, uint64_t(1));
    QCOMPARE(never.updated, uint64_t(0));
    QCOMPARE(never.skipped, uint64_t(3));  // 2 updates + the ephemeral
    QCOMPARE(never.conflicts, uint64_t(1));
    CompareOptions co;
    co.ignoreEphemerals = true;
    QCOMPARE(diffsText(compareSubtrees(*e.admin, "/pol", *e.admin, target, co)),
             QString("/empty ACL differs (world:anyone:cdrwa vs world:anyone:ra); "
                     "/null data differs (null vs 8 bytes); /text data differs (5 bytes vs 7 bytes)"));

    // A change after the preview makes its checked setData fail, not clobber.
    const ImportPreview pv2 = previewImport(*e.admin, snap, target);
    QVERIFY(call<proto::Stat>([&](auto cb) { e.admin->setData(target + "/text", "changed again", -1, cb); }).ok());
    const ImportReport stale = applyImport(*e.admin, snap, pv2, {Overwrite::Always});
    QCOMPARE(stale.errors.size(), size_t(1));
    QCOMPARE(int(stale.errors[0].err), int(Err::BadVersion));
    QCOMPARE(stale.updated, uint64_t(1));  // the ACL of /empty

    const ImportReport always = applyImport(*e.admin, snap, previewImport(*e.admin, snap, target), {Overwrite::Always});
    QVERIFY2(always.complete(), qPrintable(errorsText(always.errors)));
    QCOMPARE(always.updated, uint64_t(1));
    QCOMPARE(diffsText(compareSubtrees(*e.admin, "/pol", *e.admin, target, co)),
             QString("/null data differs (null vs 8 bytes)"));

    // Mode conflict: an ephemeral node where the file has a persistent one.
    QVERIFY(call<Empty>([&](auto cb) { e.admin->remove(target + "/text", -1, cb); }).ok());
    CreateOptions eph;
    eph.mode = proto::CreateMode::Ephemeral;
    QCOMPARE(createAll(*e.admin, {target + "/text"}, eph, "hello"), std::string());
    const ImportPreview pv3 = previewImport(*e.admin, snap, target);
    bool sawMode = false;
    for (const auto& item : pv3.items) {
        if (item.targetPath == target + "/text") {
            QCOMPARE(int(item.action), int(ImportAction::Conflict));
            QVERIFY2(QString::fromStdString(item.note).contains("exists as ephemeral"), item.note.c_str());
            QCOMPARE(int(item.noteKind), int(ImportNote::ModeMismatch));
            QCOMPARE(int(item.targetMode), int(NodeMode::Ephemeral));
            QCOMPARE(int(item.fileMode), int(NodeMode::Persistent));
            sawMode = true;
        }
        // The container reads as persistent: not a conflict, but said so.
        if (item.targetPath == target + "/container") {
            QCOMPARE(int(item.action), int(ImportAction::Unchanged));
            QVERIFY2(QString::fromStdString(item.note).contains("cannot be read"), item.note.c_str());
            QCOMPARE(int(item.noteKind), int(ImportNote::ModeUnreadable));
            QCOMPARE(int(item.fileMode), int(NodeMode::Container));
            QCOMPARE(int(item.targetMode), int(NodeMode::Persistent));
        }
    }
    QVERIFY(sawMode);

    QVERIFY(executeRecursiveDelete(*e.admin, planRecursiveDelete(*e.admin, target)).complete());
    QVERIFY(executeRecursiveDelete(*e.admin, planRecursiveDelete(*e.admin, "/pol")).complete());
}

void TstAdmin::malformedImportWritesNothing_data() {
    QTest::addColumn<QString>("server");
    QTest::addColumn<QString>("from");
    QTest::addColumn<QString>("to");
    QTest::addColumn<QString>("error");
    for (const QString server : {"zookeeper", "engine"}) {
        auto row = [&](const char* name, QString from, QString to, QString error) {
            QTest::newRow(qPrintable(server + " " + name)) << server << from << to << error;
        };
        row("truncated", "", "", "Not valid JSON at line");
        row("unknown key accepted", "\"encoding\": \"base64\"", "\"encoding\": \"base64\", \"x\": 1", "");
        row("bad base64", "\"//4=\"", "\"//4\"", "node 3 (/mal/bin): \"data\" is not valid base64");
        row("zero ttl", "\"ttl\": 60000", "\"ttl\": 0", "node 4 (/mal/t): \"ttl\" must be an integer from 1");
        row("duplicate key", "\"mode\": \"ttl\"", "\"mode\": \"ttl\", \"ttl\": 5", "duplicate key \"ttl\"");
        row("bad perms", "\"perms\": 31", "\"perms\": 99", "node 0 (/mal): \"acl\"[0].perms must be");
        row("version 2", "\"version\": 1", "\"version\": 2", "newer than this build reads");
    }
}

void TstAdmin::malformedImportWritesNothing() {
    Env& e = env();
    QFETCH(QString, from);
    QFETCH(QString, to);
    QFETCH(QString, error);
    wipe(*e.admin, "/mal");
    QCOMPARE(createAll(*e.admin, {"/mal", "/mal/a", "/mal/b"}), std::string());
    CreateOptions ttl;
    ttl.mode = proto::CreateMode::PersistentWithTTL;
    ttl.ttlMs = 60000;
    QCOMPARE(createAll(*e.admin, {"/mal/t"}, ttl), std::string());
    QCOMPARE(createAll(*e.admin, {"/mal/bin"}, {}, std::string("\xff\xfe", 2)), std::string());
    const Snapshot snap = readSubtree(*e.admin, "/mal", {}, {{"/mal/t", {NodeMode::Ttl, 60000}}});
    QVERIFY(snap.complete());
    std::string file = toJson(snap);
    if (from.isEmpty()) {
        file.resize(file.size() / 2);
    } else {
        const auto at = file.find(from.toStdString());
        QVERIFY(at != std::string::npos);
        file.replace(at, size_t(from.size()), to.toStdString());
    }
    std::string perr;
    const auto parsed = parseExport(file, &perr);
    if (error.isEmpty()) {
        QVERIFY2(parsed, perr.c_str());  // the control row: an unknown key is accepted
    } else {
        QVERIFY(!parsed);
        QVERIFY2(QString::fromStdString(perr).contains(error), perr.c_str());
    }
    // Refused targets and a preview that does not belong to the export write nothing.
    QVERIFY(!previewImport(*e.admin, snap, "/zookeeper/x").refused.empty());
    QVERIFY(!previewImport(*e.admin, snap, "bad//path").refused.empty());
    Snapshot other = snap;
    other.root = "/other";
    for (auto& node : other.nodes) node.path.replace(0, 4, "/other");
    const ImportPreview pv = previewImport(*e.admin, other, "/mal-target");
    const ImportReport r = applyImport(*e.admin, snap, pv);
    QCOMPARE(r.errors.size(), size_t(1));
    QCOMPARE(r.created, uint64_t(0));
    QVERIFY(!existsNode(*e.admin, "/mal-target"));
    QVERIFY(!existsNode(*e.admin, "/zookeeper/x"));
    QVERIFY(executeRecursiveDelete(*e.admin, planRecursiveDelete(*e.admin, "/mal")).complete());
}

void TstAdmin::crossServerRoundTrip() {
    Env& zk = envs_.at("zookeeper");
    Env& engine = envs_.at("engine");
    int n = 0;
    QCOMPARE(buildSource(zk, "/cross", &n), std::string());
    const Snapshot snap = readSubtree(*zk.admin, "/cross", {}, sourceHints("/cross"));
    QVERIFY2(snap.complete(), qPrintable(errorsText(snap.errors)));
    std::string perr;
    const auto parsed = parseExport(toJson(snap), &perr);
    QVERIFY2(parsed, perr.c_str());
    const ImportPreview pv = previewImport(*engine.alice, *parsed, "/from-zk");
    QCOMPARE(int(pv.count(ImportAction::Create)), n - 1);
    const ImportReport ir = applyImport(*engine.alice, *parsed, pv);
    QVERIFY2(ir.complete(), qPrintable(errorsText(ir.errors)));

    CompareOptions co;
    co.ignoreEphemerals = true;
    const CompareResult same = compareSubtrees(*zk.admin, "/cross", *engine.admin, "/from-zk", co);
    QVERIFY2(same.identical(), qPrintable(diffsText(same)));
    QCOMPARE(int(same.rightCount), n - 1);

    // The comparison sees a change on either side.
    QCOMPARE(createAll(*engine.admin, {"/from-zk/extra"}), std::string());
    QVERIFY(call<proto::Stat>([&](auto cb) { zk.admin->setData("/cross/unicode", "plain", -1, cb); }).ok());
    const CompareResult diff = compareSubtrees(*zk.admin, "/cross", *engine.admin, "/from-zk", co);
    QCOMPARE(diffsText(diff), QString("/extra only right (1 bytes); /unicode data differs (5 bytes vs 18 bytes)"));
}

void TstAdmin::jobRunsOffThreadAndCancels() {
    Env& e = env();
    QCOMPARE(createAll(*e.admin, treePaths("/job", 5, 2)), std::string());  // 31
    const auto testThread = std::this_thread::get_id();
    std::promise<std::pair<DeletePlan, std::thread::id>> got;
    auto job = startJob<DeletePlan>([&](const Control& k) { return planRecursiveDelete(*e.admin, "/job", k); },
                                    [&](DeletePlan p) { got.set_value({std::move(p), std::this_thread::get_id()}); });
    auto f = got.get_future();
    QVERIFY(f.wait_for(kWait) == std::future_status::ready);
    auto [plan, thread] = f.get();
    QVERIFY(thread != testThread);
    QCOMPARE(plan.count(), uint64_t(31));
    job->wait();
    QVERIFY(job->finished());

    // Cancelled through the Job: the delete stops and reports it.
    std::promise<DeleteReport> report;
    Control k;
    k.window = 1;
    k.progressInterval = 0ms;
    std::promise<void> firstProgress;
    bool signalled = false;
    k.onProgress = [&](const Progress& p) {
        if (p.done == 1 && !signalled) {
            signalled = true;
            firstProgress.set_value();
            std::this_thread::sleep_for(200ms);  // let the test cancel before the next request
        }
    };
    auto del = startJob<DeleteReport>([&](const Control& c) { return executeRecursiveDelete(*e.admin, plan, c); },
                                      [&](DeleteReport r) { report.set_value(std::move(r)); }, k);
    QVERIFY(firstProgress.get_future().wait_for(kWait) == std::future_status::ready);
    del->cancel();
    auto rf = report.get_future();
    QVERIFY(rf.wait_for(kWait) == std::future_status::ready);
    const DeleteReport r = rf.get();
    QVERIFY(r.cancelled);
    QVERIFY(r.deleted.size() < 31);
    del.reset();
    QVERIFY(executeRecursiveDelete(*e.admin, planRecursiveDelete(*e.admin, "/job")).complete());
}

QTEST_GUILESS_MAIN(TstAdmin)
#include "tst_admin.moc"
