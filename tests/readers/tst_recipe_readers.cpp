// readNode(): the children of one znode -> holders, waiters, leaders, in the
// writing library's order, and damaged layouts flagged without naming a
// wrong holder. Names are built as the libraries write them. No server.
#include <QtTest>

#include "recipes/layout.h"
#include "zooscope/recipe_readers.h"

using namespace zooscope::readers;
namespace layout = zooscope::recipes::layout;

namespace {

const std::string kU1 = "0b6a1c2e-3f4d-4a5b-8c6d-7e8f9a0b1c2d";
const std::string kU2 = "f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9";
const std::string kU3 = "12345678-9abc-4def-8123-456789abcdef";
const std::string kH1 = "0123456789abcdef0123456789abcdef";
const std::string kH2 = "fedcba9876543210fedcba9876543210";
const std::string kH3 = "00000000111111112222222233333333";

std::string curator(const std::string& uuid, std::string_view marker, const std::string& seq) {
    return layout::curatorProtectedName(uuid, marker) + seq;
}

// An ephemeral child of `session` (0: persistent), created at `ctime`.
ChildNode child(std::string name, int64_t session, std::string data = {}, int64_t ctime = 1000) {
    ChildNode c;
    c.name = std::move(name);
    c.stat.ephemeralOwner = session;
    c.stat.ctime = ctime;
    c.stat.czxid = ctime;
    c.data = std::move(data);
    return c;
}

NodeView view(std::string path, std::vector<ChildNode> children, std::string data = {}) {
    return NodeView{std::move(path), std::move(data), std::move(children)};
}

QStringList nodes(const std::vector<Contender>& cs) {
    QStringList out;
    for (const Contender& c : cs) out << QString::fromStdString(c.node);
    return out;
}

RecipeItem only(const NodeView& v) {
    auto items = readNode(v);
    if (items.size() != 1) qFatal("expected one item for %s, got %zu", v.path.c_str(), items.size());
    return items.front();
}

}  // namespace

class TstRecipeReaders : public QObject {
    Q_OBJECT
private slots:
    void curatorMutexOrderedBySequenceNotUuid() {
        // Listed out of order, and the UUIDs sort the other way round.
        const auto a = curator(kU2, layout::kMutexMarker, "0000000001");
        const auto b = curator(kU1, layout::kMutexMarker, "0000000002");
        const auto c = curator(kU3, layout::kMutexMarker, "0000000003");
        const RecipeItem item = only(view("/app/lock", {child(c, 0x13, "10.0.0.1", 3000), child(a, 0x11, "10.0.0.1", 1000),
                                                         child(b, 0x12, "10.0.0.1", 2000)}));
        QCOMPARE(QString(recipeName(item.recipe)), QString("lock-or-election"));
        QCOMPARE(item.path, std::string("/app/lock"));
        QCOMPARE(nodes(item.holders), QStringList{QString::fromStdString(a)});
        QCOMPARE(item.holders.front().session, int64_t(0x11));
        QCOMPARE(item.holders.front().ctimeMs, int64_t(1000));
        QCOMPARE(nodes(item.waiters), (QStringList{QString::fromStdString(b), QString::fromStdString(c)}));
        QVERIFY(item.suspicious.empty());
        QVERIFY(isLockRecipe(item.recipe) && isElectionRecipe(item.recipe));
    }

    void curatorReadWriteReadersShareUntilAWriter() {
        const auto r1 = curator(kU1, layout::kReadMarker, "0000000001");
        const auto r2 = curator(kU2, layout::kReadMarker, "0000000002");
        const auto w = curator(kU3, layout::kWriteMarker, "0000000003");
        const auto r3 = curator(kU1, layout::kReadMarker, "0000000004");
        const RecipeItem item = only(view("/rw", {child(r3, 4), child(w, 3), child(r2, 2), child(r1, 1)}));
        QCOMPARE(QString(recipeName(item.recipe)), QString("curator-read-write-lock"));
        QCOMPARE(nodes(item.holders), (QStringList{QString::fromStdString(r1), QString::fromStdString(r2)}));
        QCOMPARE(nodes(item.waiters), (QStringList{QString::fromStdString(w), QString::fromStdString(r3)}));
        // A writer first holds alone.
        const auto w0 = curator(kU2, layout::kWriteMarker, "0000000000");
        const RecipeItem first = only(view("/rw", {child(r1, 1), child(w0, 5)}));
        QCOMPARE(nodes(first.holders), QStringList{QString::fromStdString(w0)});
        QCOMPARE(nodes(first.waiters), QStringList{QString::fromStdString(r1)});
    }

    void curatorSemaphoreLeasesAreReportedOnTheSemaphore() {
        const auto l1 = curator(kU1, layout::kLeaseMarker, "0000000007");
        const auto l2 = curator(kU2, layout::kLeaseMarker, "0000000003");
        const RecipeItem item = only(view("/sem/leases", {child(l1, 1, "a"), child(l2, 2, "b")}));
        QCOMPARE(QString(recipeName(item.recipe)), QString("curator-semaphore"));
        QCOMPARE(item.path, std::string("/sem"));
        QCOMPARE(nodes(item.holders), (QStringList{QString::fromStdString(l2), QString::fromStdString(l1)}));
        QCOMPARE(item.leases, std::optional<int64_t>(2));
        QVERIFY(!item.maxLeases);  // Curator does not store it
    }

    void kazooLockSortsBySequenceIncludingNegative() {
        const RecipeItem item = only(view("/k", {child(kH1 + "__lock__0000000002", 1, "worker-1"),
                                                  child(kH2 + "__lock__-2147483647", 2, "worker-2"),
                                                  child(kH3 + "__lock__0000000001", 3, "worker-3")}));
        QCOMPARE(QString(recipeName(item.recipe)), QString("lock-or-election"));
        // kazoo sorts the sequence text (regex -?\d{10}): "-" sorts before digits.
        QCOMPARE(nodes(item.holders), QStringList{QString::fromStdString(kH2 + "__lock__-2147483647")});
        QCOMPARE(item.holders.front().id, std::string("worker-2"));
        QCOMPARE(item.waiters.size(), size_t(2));
    }

    void kazooReadWrite() {
        const RecipeItem item = only(view("/krw", {child(kH1 + "__rlock__0000000001", 1), child(kH2 + "__lock__0000000002", 2),
                                                    child(kH3 + "__rlock__0000000003", 3)}));
        QCOMPARE(QString(recipeName(item.recipe)), QString("kazoo-read-write-lock"));
        QCOMPARE(nodes(item.holders), QStringList{QString::fromStdString(kH1 + "__rlock__0000000001")});
        QCOMPARE(item.waiters.size(), size_t(2));
    }

    void kazooSemaphoreMaxInData() {
        const RecipeItem item = only(view("/ks", {child(kH1, 1, "a", 20), child(kH2, 2, "b", 10)}, "2"));
        QCOMPARE(QString(recipeName(item.recipe)), QString("kazoo-semaphore"));
        QCOMPARE(item.maxLeases, std::optional<int64_t>(2));
        QCOMPARE(item.leases, std::optional<int64_t>(2));
        QCOMPARE(nodes(item.holders), (QStringList{QString::fromStdString(kH2), QString::fromStdString(kH1)}));
        QVERIFY(item.suspicious.empty());
        const RecipeItem over = only(view("/ks", {child(kH1, 1), child(kH2, 2), child(kH3, 3)}, "2"));
        QCOMPARE(over.suspicious.size(), size_t(1));
        QVERIFY(over.suspicious.front().find("more holders (3) than leases (2)") != std::string::npos);
    }

    void zookeeperLockAndElection() {
        // WriteLock writes two fixed bytes; the session in the name is the id.
        const RecipeItem lock = only(view("/zl", {child("x-72057594037927937-0000000002", 72057594037927937, "\x12\x34"),
                                                   child("x-72057594037927938-0000000001", 72057594037927938, "\x12\x34")}));
        QCOMPARE(QString(recipeName(lock.recipe)), QString("zookeeper-lock"));
        QCOMPARE(nodes(lock.holders), QStringList{"x-72057594037927938-0000000001"});
        QCOMPARE(lock.holders.front().id, std::string("0x100000000000002"));
        QCOMPARE(lock.waiters.front().id, std::string("0x100000000000001"));
        QVERIFY(lock.suspicious.empty());
        // A name naming another session than its owner is flagged.
        const RecipeItem forged = only(view("/zl", {child("x-5-0000000001", 6)}));
        QCOMPARE(forged.suspicious.size(), size_t(1));

        const RecipeItem election = only(view("/ze", {child("n_0000000004", 4, "host-b"), child("n_0000000003", 3, "host-a")}));
        QCOMPARE(QString(recipeName(election.recipe)), QString("zookeeper-election"));
        QCOMPARE(nodes(election.holders), QStringList{"n_0000000003"});
        QVERIFY(!isLockRecipe(election.recipe));
    }

    void zookeeperRecipesOnJunk() {
        // WriteLock orders every child by the int after its last '-' (-1
        // when none): "config" sorts first and the recipe waits on it.
        const RecipeItem lock = only(view("/zl", {child("x-5-0000000001", 5), child("x-6-0000000002", 6), child("config", 0)}));
        QVERIFY(lock.holders.empty());
        QVERIFY(!lock.suspicious.empty());
        // A name sorting after every contender is only flagged.
        const RecipeItem after = only(view("/zl", {child("x-5-0000000001", 5), child("y-0000000009", 0)}));
        QCOMPARE(nodes(after.holders), QStringList{"x-5-0000000001"});
        QCOMPARE(after.suspicious.size(), size_t(1));
        // LeaderElectionSupport parses every child as n_<int>, and fails on any other.
        const RecipeItem election = only(view("/ze", {child("n_0000000003", 3, "host-a"), child("n_0000000004", 4), child("junk", 0)}));
        QVERIFY(election.holders.empty());
        QVERIFY(!election.suspicious.empty());
    }

    void semaphoreQueuesJoinTheirSemaphore() {
        // Curator: two leases held, a third lease made by the session that
        // holds the acquire mutex (it waits there), a fourth contender queued
        // in the mutex.
        const auto l1 = curator(kU1, layout::kLeaseMarker, "0000000001");
        const auto l2 = curator(kU2, layout::kLeaseMarker, "0000000002");
        const auto l3 = curator(kU3, layout::kLeaseMarker, "0000000003");
        const auto m3 = curator(kU3, layout::kMutexMarker, "0000000004");
        const auto m4 = curator(kU1, layout::kMutexMarker, "0000000005");
        std::vector<RecipeItem> items = {only(view("/sem/leases", {child(l1, 1), child(l2, 2), child(l3, 3)})),
                                         only(view("/sem/locks", {child(m3, 3), child(m4, 4)}))};
        joinSemaphoreQueues(items);
        QCOMPARE(items.size(), size_t(1));
        QCOMPARE(nodes(items[0].holders), (QStringList{QString::fromStdString(l1), QString::fromStdString(l2)}));
        QCOMPARE(nodes(items[0].waiters), (QStringList{QString::fromStdString(l3), QString::fromStdString(m4)}));
        QCOMPARE(items[0].leases, std::optional<int64_t>(2));

        // kazoo: the acquire lock "<path>-__lock__"; its holder is next. kazoo
        // 2.8 stores the identifier there as Python's repr of bytes.
        std::vector<RecipeItem> k = {only(view("/ks", {child(kH1, 1, "a", 10), child(kH2, 2, "b", 20)}, "2")),
                                     only(view("/ks-__lock__", {child(kH3 + "__lock__0000000001", 3, "b'c'"),
                                                                child(kH1 + "__lock__0000000002", 4, "d")}))};
        joinSemaphoreQueues(k);
        QCOMPARE(k.size(), size_t(1));
        QCOMPARE(k[0].holders.size(), size_t(2));
        QCOMPARE(k[0].waiters.size(), size_t(2));
        QCOMPARE(k[0].waiters[0].id, std::string("c"));
        QCOMPARE(k[0].waiters[1].id, std::string("d"));
        QVERIFY(k[0].suspicious.empty());
        // An unrelated lock stays.
        std::vector<RecipeItem> other = {only(view("/ks", {child(kH1, 1)}, "2")),
                                         only(view("/elsewhere", {child(kH3 + "__lock__0000000001", 3)}))};
        joinSemaphoreQueues(other);
        QCOMPARE(other.size(), size_t(2));
    }

    void streamClaimsAreOneLockEach() {
        const std::vector<std::string> names = {"0", "1", "12"};
        QVERIFY(looksLikeRecipe("/jobs/sums/locks", names));
        QVERIFY(!looksLikeRecipe("/jobs/sums/other", names));
        QVERIFY(!looksLikeRecipe("/jobs/sums/locks", {"0", "01"}));
        auto items = readNode(view("/jobs/sums/locks", {child("12", 0x22, "w2", 2000), child("0", 0x21, "w1", 1000), child("1", 0)}));
        QCOMPARE(items.size(), size_t(3));
        std::sort(items.begin(), items.end(), [](const RecipeItem& a, const RecipeItem& b) { return a.path < b.path; });
        QCOMPARE(items[0].path, std::string("/jobs/sums/locks/0"));
        QCOMPARE(QString(recipeName(items[0].recipe)), QString("zooscope-stream-claim"));
        QCOMPARE(items[0].holders.front().id, std::string("w1"));
        QCOMPARE(items[0].holders.front().session, int64_t(0x21));
        QVERIFY(items[0].suspicious.empty() && items[0].waiters.empty());
        QVERIFY(!items[1].suspicious.empty());  // "1" is persistent: a claim never goes by itself
        QVERIFY(isLockRecipe(items[0].recipe) && !isElectionRecipe(items[0].recipe));
        // Numbered persistent folders (kazoo SetPartitioner's locks/<item>) are not claims.
        QVERIFY(readNode(view("/p/locks", {child("1", 0), child("2", 0)})).empty());
    }

    void curatorLatch() {
        const auto a = curator(kU1, layout::kLatchMarker, "0000000009");
        const auto b = curator(kU2, layout::kLatchMarker, "0000000008");
        const RecipeItem item = only(view("/latch", {child(a, 1, "p1"), child(b, 2, "p2")}));
        QCOMPARE(QString(recipeName(item.recipe)), QString("curator-leader-latch"));
        QCOMPARE(item.holders.front().id, std::string("p2"));
    }

    // Damaged layouts: flags, and no holder when the order cannot be trusted.
    void persistentContenderIsFlagged() {
        const auto a = curator(kU1, layout::kMutexMarker, "0000000001");
        const RecipeItem item = only(view("/l", {child(a, 0)}));
        QCOMPARE(item.suspicious.size(), size_t(1));
        QVERIFY(item.suspicious.front().find("not ephemeral") != std::string::npos);
    }

    void junkBeforeTheHolderNamesNoHolder() {
        // Curator sorts a name without the marker by the whole name: "0"
        // sorts before "0000000001" and Curator would count it ahead; "zz"
        // sorts after every contender and is only flagged.
        const auto a = curator(kU1, layout::kMutexMarker, "0000000001");
        const auto b = curator(kU2, layout::kMutexMarker, "0000000002");
        const RecipeItem item = only(view("/l", {child(a, 1), child(b, 2), child("0", 3)}));
        QVERIFY(item.holders.empty());
        QVERIFY(!item.suspicious.empty());
        const RecipeItem after = only(view("/l", {child(a, 1), child(b, 2), child("zz", 3)}));
        QCOMPARE(nodes(after.holders), QStringList{QString::fromStdString(a)});
        QVERIFY(!after.suspicious.empty());
    }

    void mixedLibrariesNameNoHolder() {
        const auto a = curator(kU1, layout::kMutexMarker, "0000000002");
        const auto b = curator(kU2, layout::kMutexMarker, "0000000003");
        const RecipeItem item = only(view("/l", {child(a, 1), child(b, 2), child(kH1 + "__lock__0000000001", 3)}));
        QVERIFY(item.holders.empty());
        QVERIFY(!item.suspicious.empty());
    }

    void vanishedChildrenAndGarbageNeverCrash() {
        ChildNode gone = child(curator(kU1, layout::kMutexMarker, "0000000001"), 1);
        gone.gone = true;
        const RecipeItem item = only(view("/l", {gone, child(curator(kU2, layout::kMutexMarker, "0000000002"), 2)}));
        QCOMPARE(item.holders.size(), size_t(1));
        QCOMPARE(item.holders.front().session, int64_t(2));
        const std::vector<std::string> junk = {"", "x-", "x--1", "n_", "n_-1", "_c_", "_c_-lock-", "__lock__",
                                               std::string(1, '\0'), "x-99999999999999999999-0000000001",
                                               "n_99999999999", "__rlock__0000000001"};
        std::vector<ChildNode> children;
        for (const auto& j : junk) children.push_back(child(j, 1));
        readNode(view("/junk", children));  // any answer, no crash
        for (const auto& j : junk) readNode(view("/junk", {child(j, 0)}));
        QVERIFY(readNode(view("/plain", {child("config", 0), child("data", 0)})).empty());
        QVERIFY(!looksLikeRecipe({"config", "data"}));
    }
};

QTEST_GUILESS_MAIN(TstRecipeReaders)
#include "tst_recipe_readers.moc"
