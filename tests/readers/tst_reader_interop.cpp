// zooscope-ctl locks / elections reading the znodes of the real libraries,
// on the engine (the zooscope-server process) and on Apache ZooKeeper 3.8.
// The contenders are Curator 5.4 and ZooKeeper 3.8's own recipes (one JVM
// running java/ReaderInterop, compiled here with javac) and kazoo 2.8 (one
// python3 process running python/kazoo_readers.py). Each contender has its
// own session and says which session it has, where it connects from and
// when it holds; `zooscope-ctl --json` must name exactly those holders,
// waiters (in the library's order), leaders and candidates, with the
// holder's client address from cons. Then the holder's session is dropped
// (closed without letting go, as a crashed client's ends) and the handover
// must show. The test waits for what it expects with generous deadlines.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "ctl_process.h"
#include "recipe_helpers.h"
#include "tst_clients_common.h"

using namespace zooscope;
using namespace zooscope::clienttests;
using zooscope::testing::runCtl;

namespace {

using zooscope::readertests::Helper;
using zooscope::readertests::kJarDir;
using zooscope::readertests::kWaitMs;
using zooscope::readertests::Self;

// A contender as zooscope-ctl names it: {node, session, id}.
struct Named {
    QString session;
    QString id;
    bool operator==(const Named&) const = default;
};

QString text(const std::vector<Named>& v) {
    QStringList out;
    for (const Named& n : v) out << n.session + "/" + n.id;
    return out.join(QStringLiteral(", "));
}

std::vector<Named> named(const QJsonArray& list) {
    std::vector<Named> out;
    for (const QJsonValue& v : list) out.push_back({v[QStringLiteral("session")].toString(), v[QStringLiteral("id")].toString()});
    return out;
}

// What one item of `locks` / `elections` must say.
struct Expected {
    QString recipe;
    Named holder;                // the holder or leader
    std::vector<Named> holders;  // locks: every holder (empty: {holder})
    std::vector<Named> waiters;  // locks: waiters in order; elections: the other candidates
    QString holderAddress;       // locks only
    std::optional<int> leases, maxLeases;
};

}  // namespace

class TstReaderInterop : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void curatorMutex_data() { serverColumn(); }
    void curatorMutex();
    void curatorReadWriteLock_data() { serverColumn(); }
    void curatorReadWriteLock();
    void curatorSemaphore_data() { serverColumn(); }
    void curatorSemaphore();
    void curatorLeaderLatch_data() { serverColumn(); }
    void curatorLeaderLatch();
    void zookeeperLock_data() { serverColumn(); }
    void zookeeperLock();
    void zookeeperElection_data() { serverColumn(); }
    void zookeeperElection();
    void kazooLock_data() { serverColumn(); }
    void kazooLock();
    void kazooElection_data() { serverColumn(); }
    void kazooElection();
    void kazooSemaphore_data() { serverColumn(); }
    void kazooSemaphore();
    void holderAddressNeedsCons();
    void streamClaims_data() { serverColumn(); }
    void streamClaims();

private:
    void serverColumn() { zooscope::readertests::addServerRows(); }
    QString hosts() { return zooscope::readertests::currentHosts(servers_); }
    // A fresh root per case; contender tags are unique in the helper.
    QString fresh(const char* name) { return QStringLiteral("/readers-%1-%2").arg(name).arg(++counter_); }
    QString tag(const char* name) { return QStringLiteral("%1%2").arg(name).arg(counter_); }

    // Starts contender `t`; fails the test when it does not report a session.
    Self join(Helper& h, const QString& command, const QString& t) {
        const auto s = h.join(command, t);
        if (!s) QTest::qFail(qPrintable("no session for " + t + ": " + h.tail()), __FILE__, __LINE__);
        return s.value_or(Self{});
    }

    // Runs `zooscope-ctl --json <what> --root root` until the item at `path`
    // reads as expected (or the deadline); "" when it did, else why not.
    QString await(const QString& what, const QString& root, const QString& path, const Expected& e);
    // Waits until the item at `path` lists `n` contenders (holders + waiters),
    // so the next contender queues behind them.
    bool awaitContenders(const QString& what, const QString& root, const QString& path, int n);
    std::optional<QJsonObject> item(const QString& what, const QString& root, const QString& path, QString* why,
                                    const QString& on = {}, QByteArray* err = nullptr, const QStringList& extra = {});
    static QString mismatch(const QString& what, const QJsonObject& item, const Expected& e);

    // Contenders of one recipe line up one after another (ids in order);
    // the first `holding` hold at once, the rest wait. Then the sessions
    // of `drops` end, and of the rest the first `holdingAfter` hold.
    struct Queue {
        Helper* helper;
        QString command;  // "": each id is "<command> <id>"
        QString extra;    // words between PATH and the id (a semaphore's MAX)
        QString what, recipe;
        const char* name;
        QString child;
        QStringList ids;  // "": the contender's id is its session (ZooKeeper's lock)
        int holding;
        std::vector<int> drops;
        int holdingAfter;
        bool leases = false;  // a semaphore: leases = holders
        std::optional<int> maxLeases;
        bool alsoElection = false;  // lock-or-election: the elections view too
    };
    void lineUp(const Queue& q);

    ServerPair servers_;
    Helper java_, kazoo_;
    int counter_ = 0;
};

void TstReaderInterop::initTestCase() {
    for (const char* jar : {"curator-recipes.jar", "zookeeper-recipes-lock.jar", "zookeeper-recipes-election.jar"})
        QVERIFY2(QFile::exists(kJarDir + "/" + jar),
                 qPrintable(QStringLiteral("%1 is missing (Debian packages libcurator-recipes-java, zookeeper)").arg(jar)));
    const QString classes = QStringLiteral(ZS_READER_JAVA_CLASSES);
    QVERIFY2(QFile::exists(classes + "/ReaderInterop.class"),
             qPrintable("ReaderInterop.class was not built in " + classes + " (javac: default-jdk-headless)"));
    QVERIFY2(QFile::exists(zooscope::testing::ctlExe()), "zooscope-ctl was not built");

    servers_ = startServerPair();
    QVERIFY2(servers_.engine && servers_.zookeeper, servers_.error.c_str());

    QString error;
    QVERIFY2(zooscope::readertests::startJavaHelper(java_, classes, &error), qPrintable(error));
    QVERIFY2(zooscope::readertests::startKazooHelper(kazoo_, QStringLiteral(ZS_READERS_SOURCE_DIR), &error),
             qPrintable(error));
}

void TstReaderInterop::cleanupTestCase() {
    java_.quit();
    kazoo_.quit();
    servers_ = ServerPair();
}

// `on`: the connect string, else the current row's server; *err: stderr.
std::optional<QJsonObject> TstReaderInterop::item(const QString& what, const QString& root, const QString& path,
                                                  QString* why, const QString& on, QByteArray* err,
                                                  const QStringList& extra) {
    const auto run = runCtl(QStringList{"--connect", on.isEmpty() ? hosts() : on, "--json", what, "--root", root} + extra);
    if (err) *err = run.err;
    if (run.code != 0) {
        *why = run.describe();
        return std::nullopt;
    }
    const QJsonObject top = QJsonDocument::fromJson(run.out).object();
    if (!top[QStringLiteral("complete")].toBool()) {
        *why = "incomplete walk: " + QString::fromUtf8(run.out);
        return std::nullopt;
    }
    for (const QJsonValue& v : top[QStringLiteral("items")].toArray())
        if (v[QStringLiteral("path")].toString() == path) return v.toObject();
    *why = "no item at " + path + ": " + QString::fromUtf8(run.out);
    return std::nullopt;
}

QString TstReaderInterop::mismatch(const QString& what, const QJsonObject& j, const Expected& e) {
    QStringList bad;
    auto check = [&](const QString& field, const QString& got, const QString& want) {
        if (got != want) bad << QStringLiteral("%1 is '%2', not '%3'").arg(field, got, want);
    };
    check("recipe", j[QStringLiteral("recipe")].toString(), e.recipe);
    if (!j[QStringLiteral("suspicious")].toArray().isEmpty())
        bad << "suspicious: " + QJsonDocument(j[QStringLiteral("suspicious")].toArray()).toJson(QJsonDocument::Compact);
    if (what == QLatin1String("locks")) {
        check("holderSession", j[QStringLiteral("holderSession")].toString(), e.holder.session);
        check("holder", j[QStringLiteral("holder")].toString(), e.holder.id);
        check("holderAddress", j[QStringLiteral("holderAddress")].toString(), e.holderAddress);
        const std::vector<Named> holders = e.holders.empty() ? std::vector<Named>{e.holder} : e.holders;
        check("holders", text(named(j[QStringLiteral("holders")].toArray())), text(holders));
        check("waitersList", text(named(j[QStringLiteral("waitersList")].toArray())), text(e.waiters));
        check("waiters", QString::number(j[QStringLiteral("waiters")].toInt(-1)), QString::number(e.waiters.size()));
        auto orNull = [](const std::optional<int>& v) { return v ? QString::number(*v) : QStringLiteral("null"); };
        auto jsonOrNull = [](const QJsonValue& v) { return v.isNull() ? QStringLiteral("null") : QString::number(v.toInt()); };
        check("leases", jsonOrNull(j[QStringLiteral("leases")]), orNull(e.leases));
        check("maxLeases", jsonOrNull(j[QStringLiteral("maxLeases")]), orNull(e.maxLeases));
        // ctime of the holder's node: this run's, in epoch ms.
        const qint64 since = qint64(j[QStringLiteral("heldSinceMs")].toDouble());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        if (since < now - 3600 * 1000 || since > now + 3600 * 1000)
            bad << QStringLiteral("heldSinceMs %1 is not a time of this run").arg(since);
    } else {
        check("leaderSession", j[QStringLiteral("leaderSession")].toString(), e.holder.session);
        check("leader", j[QStringLiteral("leader")].toString(), e.holder.id);
        std::vector<Named> all = {e.holder};
        all.insert(all.end(), e.waiters.begin(), e.waiters.end());
        check("candidates", text(named(j[QStringLiteral("candidates")].toArray())), text(all));
    }
    return bad.join(QStringLiteral("; "));
}

QString TstReaderInterop::await(const QString& what, const QString& root, const QString& path, const Expected& e) {
    QElapsedTimer timer;
    timer.start();
    QString why;
    do {
        if (const auto j = item(what, root, path, &why)) {
            why = mismatch(what, *j, e);
            if (why.isEmpty()) return {};
            why += "\n" + QJsonDocument(*j).toJson(QJsonDocument::Indented);
        }
        QTest::qWait(100);
    } while (timer.elapsed() < kWaitMs);
    return what + " " + path + ": " + why;
}

bool TstReaderInterop::awaitContenders(const QString& what, const QString& root, const QString& path, int n) {
    QElapsedTimer timer;
    timer.start();
    QString why;
    do {
        if (const auto j = item(what, root, path, &why)) {
            const int count = what == QLatin1String("locks")
                                  ? j->value(QStringLiteral("holders")).toArray().size() + j->value(QStringLiteral("waiters")).toInt()
                                  : j->value(QStringLiteral("candidates")).toArray().size();
            if (count == n) return true;
        }
        QTest::qWait(50);
    } while (timer.elapsed() < kWaitMs);
    qWarning("%s", qPrintable(why));
    return false;
}

void TstReaderInterop::lineUp(const Queue& q) {
    const QString root = fresh(q.name), path = root + q.child;
    struct Joined {
        QString tag;
        Self self;
        QString id;
    };
    std::vector<Joined> line;
    for (int i = 0; i < int(q.ids.size()); ++i) {
        // The command's words, then the id (rw: "read reader-1").
        const QStringList words = q.command.isEmpty() ? q.ids[i].split(' ') : QStringList{q.command, q.ids[i]};
        const QString t = tag(q.name) + QString::number(i);
        QString command = words[0] + " " + t + " " + hosts() + " " + path;
        if (!q.extra.isEmpty()) command += " " + q.extra;
        if (!words[1].isEmpty()) command += " " + words[1];
        const Self self = join(*q.helper, command, t);
        line.push_back({t, self, words[1].isEmpty() ? self.session : words[1]});
        // The next one joins once this one holds or waits, so the order is known.
        if (i < q.holding) QVERIFY2(q.helper->holds(t), qPrintable(q.helper->tail()));
        else QVERIFY(awaitContenders(q.what, root, path, i + 1));
    }
    // Elections read holder as the leader and waiters as the other candidates.
    auto expected = [&](const std::vector<Joined>& l, int holding) {
        Expected e{q.recipe, {l[0].self.session, l[0].id}, {}, {}, l[0].self.address};
        for (int i = 0; i < int(l.size()); ++i)
            (i < holding ? e.holders : e.waiters).push_back({l[i].self.session, l[i].id});
        if (q.leases) e.leases = holding;
        e.maxLeases = q.maxLeases;
        return e;
    };
    QString why = await(q.what, root, path, expected(line, q.holding));
    QVERIFY2(why.isEmpty(), qPrintable(why));
    if (q.alsoElection) {
        why = await("elections", root, path, expected(line, q.holding));
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }
    for (int i = q.holding; i < int(line.size()); ++i) QVERIFY(!q.helper->holdsNow(line[i].tag));

    std::vector<Joined> rest;
    for (int i = 0; i < int(line.size()); ++i) {
        if (std::find(q.drops.begin(), q.drops.end(), i) != q.drops.end()) QVERIFY(q.helper->drop(line[i].tag));
        else rest.push_back(line[i]);
    }
    QVERIFY2(q.helper->holds(rest[q.holdingAfter - 1].tag), qPrintable(q.helper->tail()));
    why = await(q.what, root, path, expected(rest, q.holdingAfter));
    QVERIFY2(why.isEmpty(), qPrintable(why));
}

// ------------------------------------------------------------ Curator

void TstReaderInterop::curatorMutex() {
    // A mutex may be a LeaderSelector: the elections view shows it too.
    lineUp({&java_, "mutex", "", "locks", "lock-or-election", "mutex", "/lock", {"id-a", "id-b", "id-c"}, 1, {0}, 1,
            false, std::nullopt, true});
}

void TstReaderInterop::curatorReadWriteLock() {
    // Two readers share; a writer queues behind them, and a reader after the
    // writer waits for it (Curator's order). Both readers go: the writer
    // holds alone, the last reader still waits.
    lineUp({&java_, "", "", "locks", "curator-read-write-lock", "rw", "/rw",
            {"read reader-1", "read reader-2", "write writer", "read reader-3"}, 2, {0, 1}, 1});
}

void TstReaderInterop::curatorSemaphore() {
    // Two leases of two held; the third contender waits with its lease node
    // already made (over the maximum), the fourth in the acquire mutex.
    lineUp({&java_, "semaphore", "2", "locks", "curator-semaphore", "sem", "/sem",
            {"lease-a", "lease-b", "lease-c", "lease-d"}, 2, {0}, 2, true, std::nullopt});
}

void TstReaderInterop::curatorLeaderLatch() {
    lineUp({&java_, "latch", "", "elections", "curator-leader-latch", "latch", "/latch", {"latch-a", "latch-b", "latch-c"},
            1, {0}, 1});
}

// ------------------------------------------------------------ ZooKeeper's recipes

// WriteLock names its node x-<sessionId>-<seq>: the holder's id is that session.
void TstReaderInterop::zookeeperLock() {
    lineUp({&java_, "zklock", "", "locks", "zookeeper-lock", "zklock", "", {"", ""}, 1, {0}, 1});
}

void TstReaderInterop::zookeeperElection() {
    lineUp({&java_, "zkelect", "", "elections", "zookeeper-election", "zkelect", "", {"host-a", "host-b"}, 1, {0}, 1});
}

// ------------------------------------------------------------ kazoo

void TstReaderInterop::kazooLock() {
    lineUp({&kazoo_, "lock", "", "locks", "lock-or-election", "klock", "/lock", {"worker-a", "worker-b"}, 1, {0}, 1});
}

// An Election is a kazoo Lock: "lock-or-election", in the elections view too.
void TstReaderInterop::kazooElection() {
    lineUp({&kazoo_, "elect", "", "elections", "lock-or-election", "kelect", "/election", {"cand-a", "cand-b"}, 1, {0}, 1});
}

void TstReaderInterop::kazooSemaphore() {
    // Two leases of two held; the others queue in the semaphore's sibling
    // lock "<path>-__lock__" (its holder is next), in that lock's order.
    lineUp({&kazoo_, "semaphore", "2", "locks", "kazoo-semaphore", "ksem", "/sem", {"lease-a", "lease-b", "lease-c", "lease-d"},
            2, {0}, 2, true, 2});
}

// ------------------------------------------------------------ no cons

void TstReaderInterop::holderAddressNeedsCons() {
    // ZooKeeper 3.8's default whitelist (srvr only) refuses cons: the
    // holder is still named; its address comes from the AdminServer's
    // connections when the command knows where that listens, else it is
    // null and stderr says why.
    std::string error;
    zooscope::testing::EngineOptions eo;
    eo.config.fourLetterWhitelist = {"srvr"};
    eo.config.adminEnableServer = true;
    const auto restricted = zooscope::testing::startEngine(eo, &error);
    QVERIFY2(restricted, error.c_str());
    QVERIFY(restricted->adminPort() != 0);
    const QString on = QString::fromStdString(restricted->connectString());
    const QString root = fresh("nocons"), path = root + "/lock";
    const QString a = tag("na");
    const Self sa = join(java_, QStringLiteral("mutex %1 %2 %3 id-a").arg(a, on, path), a);
    QVERIFY2(java_.holds(a), qPrintable(java_.tail()));
    QString why;
    QByteArray err;
    auto j = item("locks", root, path, &why, on, &err, {"--admin-port", "0"});
    QVERIFY2(j, qPrintable(why));
    QCOMPARE(j->value(QStringLiteral("holderSession")).toString(), sa.session);
    QCOMPARE(j->value(QStringLiteral("holder")).toString(), QStringLiteral("id-a"));
    QVERIFY(j->value(QStringLiteral("holderAddress")).isNull());
    QVERIFY2(err.contains("cons") && err.contains("whitelist"), err.constData());

    j = item("locks", root, path, &why, on, &err, {"--admin-port", QString::number(restricted->adminPort())});
    QVERIFY2(j, qPrintable(why));
    QCOMPARE(j->value(QStringLiteral("holderSession")).toString(), sa.session);
    QVERIFY2(j->value(QStringLiteral("holderAddress")).toString().startsWith(QStringLiteral("127.0.0.1:")),
             qPrintable(QJsonDocument(*j).toJson(QJsonDocument::Compact) + " / " + err));
    QVERIFY2(!err.contains("No client addresses"), err.constData());
    QVERIFY(java_.drop(a));
}

// ------------------------------------------------------------ stream job

void TstReaderInterop::streamClaims() {
    // Two `zooscope-ctl stream worker` processes share a job's partitions;
    // each claim JOB/locks/<p> is one zooscope-stream-claim item naming the
    // owner `stream status` reports, one session per worker. The first
    // worker is killed (SIGKILL: its session expires) and the second claims
    // everything. The ring is a pure function of the ids (docs/stream.md):
    // w1 and w2 each own some of 4 partitions, on every run.
    const QString job = fresh("stream") + "/job";
    constexpr int kPartitions = 4;
    const auto setup = runCtl({"--connect", hosts(), "stream", "setup", job, "--partitions", QString::number(kPartitions)});
    QVERIFY2(setup.code == 0, qPrintable(setup.describe()));
    std::map<QString, std::unique_ptr<QProcess>> workers;
    for (const QString id : {"w1", "w2"}) {
        auto& p = workers[id] = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        zooscope::testing::startCtl(*p, {"--connect", hosts(), "stream", "worker", job, "--id", id, "--session-timeout", "4000"});
        QVERIFY(p->waitForStarted(kWaitMs));
    }
    // Claims as the readers see them, by partition: {session, id}; "" when
    // they do not match `stream status` yet.
    auto claims = [&](std::map<int, Named>* out) -> QString {
        const auto status = runCtl({"--connect", hosts(), "--json", "stream", "status", job});
        const QJsonObject owners = QJsonDocument::fromJson(status.out).object()[QStringLiteral("owners")].toObject();
        const auto run = runCtl({"--connect", hosts(), "--json", "locks", "--root", job});
        out->clear();
        for (const QJsonValue& v : QJsonDocument::fromJson(run.out).object()[QStringLiteral("items")].toArray()) {
            if (v[QStringLiteral("recipe")].toString() != QLatin1String("zooscope-stream-claim")) return "recipe of " + v[QStringLiteral("path")].toString();
            if (!v[QStringLiteral("suspicious")].toArray().isEmpty()) return "suspicious " + v[QStringLiteral("path")].toString();
            const int p = v[QStringLiteral("path")].toString().section('/', -1).toInt();
            (*out)[p] = {v[QStringLiteral("holderSession")].toString(), v[QStringLiteral("holder")].toString()};
            if ((*out)[p].id != owners[QString::number(p)].toString()) return QStringLiteral("partition %1 not yet its owner's").arg(p);
        }
        return int(out->size()) == kPartitions ? QString() : QStringLiteral("%1 claims").arg(out->size());
    };
    auto settle = [&](std::map<int, Named>* out, const std::function<bool(const std::map<int, Named>&)>& done) {
        QElapsedTimer timer;
        timer.start();
        QString why;
        do {
            why = claims(out);
            if (why.isEmpty() && done(*out)) return QString();
            QTest::qWait(200);
        } while (timer.elapsed() < kWaitMs);
        return why.isEmpty() ? QStringLiteral("not the expected owners") : why;
    };
    std::map<int, Named> seen;
    QString why = settle(&seen, [](const std::map<int, Named>& c) {
        std::map<QString, QString> sessionOf;  // worker -> session: one each, told apart
        for (const auto& [p, n] : c)
            if (!sessionOf.emplace(n.id, n.session).second && sessionOf[n.id] != n.session) return false;
        return sessionOf.size() == 2 && sessionOf["w1"] != sessionOf["w2"];
    });
    QVERIFY2(why.isEmpty(), qPrintable(why));

    workers["w1"]->kill();
    workers["w1"]->waitForFinished(kWaitMs);
    why = settle(&seen, [](const std::map<int, Named>& c) {
        return std::all_of(c.begin(), c.end(), [&](const auto& e) { return e.second.id == "w2" && e.second.session == c.begin()->second.session; });
    });
    QVERIFY2(why.isEmpty(), qPrintable(why));
    workers["w2"]->terminate();
    QVERIFY(workers["w2"]->waitForFinished(kWaitMs));
}

QTEST_GUILESS_MAIN(TstReaderInterop)
#include "tst_reader_interop.moc"
