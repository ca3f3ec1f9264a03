// `zooscope-ctl partitions|watches`, the executable in child processes, on
// Apache ZooKeeper 3.8 and the engine:
// - a Kafka-shaped layout written here gives the controller, leaders per
//   broker, skew, under-replicated and offline partitions;
// - two stream-job Workers (in this process): members, and the owner of every
//   partition is the worker that says it commits it;
// - a kazoo SetPartitioner with two members (python3-kazoo, time_boundary
//   0.5 s): members and owners are exactly what the partitioners report;
// - damaged layouts of all three give flags and exit 0, never a crash;
// - watches set by a client show in the summary and, with --detail, under its
//   session with its address from cons; ZooKeeper leaves the child watch out
//   (and says so), the engine names every kind; a server whose whitelist
//   refuses the words is read through its AdminServer.
// Every wait is an upper bound for a condition, never an assertion on time.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <future>
#include <set>

#include "blocking_call.h"
#include "ctl_process.h"
#include "kazoo_set_partitioner.h"
#include "test_support.h"
#include "zooscope/recipes.h"
#include "zooscope/stream.h"

using namespace zooscope;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kConditionMs = 60000;
const QString kPython = QStringLiteral("/usr/bin/python3");  // the one with python3-kazoo

bool waitFor(const std::function<bool()>& condition, int timeoutMs = kConditionMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired()) return false;
        QTest::qWait(100);
    }
    return true;
}

QJsonObject parseObject(const Run& r) { return QJsonDocument::fromJson(r.out).object(); }

QStringList strings(const QJsonValue& v) {
    QStringList out;
    for (const QJsonValue& e : v.toArray()) out << e.toString();
    return out;
}

}  // namespace

class TstCtlPartitionsWatches : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();

    void kafkaLayout_data() { serverRows(); }
    void kafkaLayout();
    void damagedLayouts_data() { serverRows(); }
    void damagedLayouts();
    void streamJob_data() { serverRows(); }
    void streamJob();
    void kazooSetPartitioner_data() { serverRows(); }
    void kazooSetPartitioner();
    void watches_data() { serverRows(); }
    void watches();
    void watchesThroughAdminServer();
    void badOptions();

private:
    struct Server {
        std::unique_ptr<TestServer> server;
        std::unique_ptr<recipes::Session> session;
        QString connect;
    };
    void serverRows() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    Server& server() {
        QFETCH(QString, server);
        return servers_[server];
    }
    client::Client& client() { return server().session->client(); }
    bool create(const std::string& path, const std::string& data,
                proto::CreateMode mode = proto::CreateMode::Persistent) {
        client::CreateOptions o;
        o.mode = mode;
        auto r = blockingCall<client::Created>([&](auto cb) { client().create(path, data, o, cb); });
        if (!r.ok()) qWarning("create %s: %s", path.c_str(), r.message.c_str());
        return r.ok();
    }
    // partitions --root ROOT --json: the items by path; empty + *why on failure.
    QMap<QString, QJsonObject> partitions(const QString& root, QString* why) {
        const Run r = runCtl({"--connect", server().connect, "--json", "partitions", "--root", root});
        *why = r.describe();
        QMap<QString, QJsonObject> out;
        const QJsonObject j = parseObject(r);
        if (r.code != 0 || !j["complete"].toBool()) return out;
        for (const QJsonValue& v : j["items"].toArray()) out[v.toObject()["path"].toString()] = v.toObject();
        return out;
    }
    std::map<QString, Server> servers_;
};

void TstCtlPartitionsWatches::initTestCase() {
    QVERIFY2(QFileInfo(ctlExe()).isExecutable(), qPrintable(ctlExe() + " is not built"));
    std::string error;
    auto zk = startApacheZooKeeper({}, &error);
    QVERIFY2(zk, error.c_str());
    auto en = startEngine({}, &error);
    QVERIFY2(en, error.c_str());
    for (auto* s : {&zk, &en}) {
        Server srv;
        srv.server = std::move(*s);
        srv.connect = QString::fromStdString(srv.server->connectString());
        client::ClientOptions o;
        o.connectString = srv.server->connectString();
        srv.session = recipes::Session::connect(o, &error);
        QVERIFY2(srv.session, error.c_str());
        QVERIFY(srv.session->waitConnected(30s).ok());
        servers_[QString::fromStdString(srv.server->name())] = std::move(srv);
    }
    QVERIFY(servers_.count("zookeeper") && servers_.count("engine"));
}

void TstCtlPartitionsWatches::cleanupTestCase() {
    for (auto& [name, s] : servers_) {
        if (s.session) s.session->close();
        if (s.server) s.server->stop();
    }
}

// ---------------------------------------------------------------- Kafka

void TstCtlPartitionsWatches::kafkaLayout() {
    // Brokers 1..3 live (ephemeral, as Kafka writes them), 4 gone; controller
    // 3. Topic orders: leaders 1, 1, 2, 3 and one on the dead broker 4;
    // ISR short on partitions 1 and 4.
    QVERIFY(create("/kafka", ""));
    QVERIFY(create("/kafka/controller", R"({"version":1,"brokerid":3,"timestamp":"1700000000000"})",
                   proto::CreateMode::Ephemeral));
    QVERIFY(create("/kafka/controller_epoch", "4"));
    QVERIFY(create("/kafka/brokers", ""));
    QVERIFY(create("/kafka/brokers/ids", ""));
    for (int b = 1; b <= 3; ++b)
        QVERIFY(create("/kafka/brokers/ids/" + std::to_string(b),
                       R"({"host":"127.0.0.1","port":)" + std::to_string(9090 + b) + R"(,"version":5})",
                       proto::CreateMode::Ephemeral));
    QVERIFY(create("/kafka/brokers/topics", ""));
    QVERIFY(create("/kafka/brokers/topics/orders",
                   R"({"version":3,"partitions":{"0":[1,2,3],"1":[1,2,3],"2":[2,3,1],"3":[3,1,2],"4":[4,1,2]},"adding_replicas":{},"removing_replicas":{}})"));
    QVERIFY(create("/kafka/brokers/topics/orders/partitions", ""));
    const std::vector<std::pair<int, std::string>> states = {{1, "[1,2,3]"}, {1, "[1,2]"}, {2, "[2,3,1]"},
                                                             {3, "[3,1,2]"}, {4, "[4]"}};
    for (size_t p = 0; p < states.size(); ++p) {
        const std::string dir = "/kafka/brokers/topics/orders/partitions/" + std::to_string(p);
        QVERIFY(create(dir, ""));
        QVERIFY(create(dir + "/state", R"({"controller_epoch":4,"leader":)" + std::to_string(states[p].first) +
                                           R"(,"version":1,"leader_epoch":2,"isr":)" + states[p].second + "}"));
    }

    QString why;
    const auto items = partitions("/kafka", &why);
    QVERIFY2(items.size() == 1 && items.contains("/kafka"), qPrintable(why));
    const QJsonObject k = items["/kafka"];
    QCOMPARE(k["recipe"].toString(), QString("kafka"));
    QVERIFY2(k["suspicious"].toArray().isEmpty(), qPrintable(why));
    QCOMPARE(k["controller"].toString(), QString("3"));
    QCOMPARE(strings(k["members"]), (QStringList{"1", "2", "3"}));
    const QJsonObject leaders = k["leaders"].toObject();
    QCOMPARE(leaders["1"].toInt(), 2);
    QCOMPARE(leaders["2"].toInt(), 1);
    QCOMPARE(leaders["3"].toInt(), 1);
    // 4 partitions led by 3 live brokers: the mean is 4/3.
    QCOMPARE(k["skewPercent"].toObject()["1"].toDouble(), 50.0);
    QCOMPARE(k["skewPercent"].toObject()["2"].toDouble(), -25.0);
    QCOMPARE(strings(k["underReplicated"]), (QStringList{"orders/1", "orders/4"}));
    QCOMPARE(strings(k["offline"]), QStringList{"orders/4"});
    QCOMPARE(k["assignments"].toObject()["orders/3"].toString(), QString("3"));
    QVERIFY(k["assignments"].toObject()["orders/4"].isNull());

    // Broker 2 goes: its partition is offline, its ISR entries are stale.
    QVERIFY(blockingCall<client::Empty>([&](auto cb) { client().remove("/kafka/brokers/ids/2", -1, cb); }).ok());
    const auto after = partitions("/kafka", &why);
    QVERIFY2(after.contains("/kafka"), qPrintable(why));
    QCOMPARE(strings(after["/kafka"]["offline"]), (QStringList{"orders/2", "orders/4"}));
    QCOMPARE(strings(after["/kafka"]["members"]), (QStringList{"1", "3"}));

    // A layout below another's root is found too; the root's parts are not
    // walked twice.
    for (const char* p : {"/kafka/consumers", "/kafka/consumers/sp", "/kafka/consumers/sp/party", "/kafka/consumers/sp/locks"})
        QVERIFY(create(p, ""));
    const auto nested = partitions("/kafka", &why);
    QVERIFY2(nested.size() == 2 && nested["/kafka/consumers/sp"]["recipe"].toString() == "kazoo-set-partitioner",
             qPrintable(why));

    // A walk cut short says so (and why), and still exits 0.
    const Run cut = runCtl({"--connect", server().connect, "--json", "partitions", "--root", "/", "--max-nodes", "2"});
    QVERIFY2(cut.code == 0, qPrintable(cut.describe()));
    QVERIFY2(!parseObject(cut)["complete"].toBool() &&
                 parseObject(cut)["stoppedBecause"].toString().contains("node limit"),
             qPrintable(cut.describe()));

    // The table names the controller and the skew.
    const Run table = runCtl({"--connect", server().connect, "partitions", "--root", "/kafka"});
    QVERIFY2(table.code == 0, qPrintable(table.describe()));
    QVERIFY2(table.out.contains("kafka\tmembers 1; 3") && table.out.contains("controller 3"), qPrintable(table.describe()));
}

// ---------------------------------------------------------------- damaged

void TstCtlPartitionsWatches::damagedLayouts() {
    // Kafka with garbage state and no /controller; a stream job whose
    // assignment and offsets are not its JSON and whose claim is persistent;
    // a SetPartitioner with a junk member and a persistent item lock.
    QVERIFY(create("/bad", ""));
    for (const char* p : {"/bad/k", "/bad/k/controller_epoch", "/bad/k/brokers", "/bad/k/brokers/ids",
                          "/bad/k/brokers/topics", "/bad/k/brokers/topics/t", "/bad/k/brokers/topics/t/partitions",
                          "/bad/k/brokers/topics/t/partitions/0"})
        QVERIFY(create(p, ""));
    QVERIFY(create("/bad/k/brokers/topics/t/partitions/0/state", "\x01\x02 not json"));
    for (const char* p : {"/bad/job", "/bad/job/members", "/bad/job/locks", "/bad/job/offsets"}) QVERIFY(create(p, ""));
    QVERIFY(create("/bad/job/config", "{}"));
    QVERIFY(create("/bad/job/assignment", "[1,2"));
    QVERIFY(create("/bad/job/locks/0", "w1"));
    QVERIFY(create("/bad/job/offsets/0", "{\"offset\":-1}"));
    for (const char* p : {"/bad/sp", "/bad/sp/party", "/bad/sp/locks", "/bad/sp/locks/a"}) QVERIFY(create(p, ""));
    QVERIFY(create("/bad/sp/party/junk", "x", proto::CreateMode::Ephemeral));
    QVERIFY(create("/bad/sp/locks/a/0123456789abcdef0123456789abcdef__lock__0000000001", ""));

    QString why;
    const auto items = partitions("/bad", &why);
    QVERIFY2(items.size() == 3, qPrintable(why));
    QCOMPARE(items["/bad/k"]["recipe"].toString(), QString("kafka"));
    QCOMPARE(items["/bad/job"]["recipe"].toString(), QString("zooscope-stream-job"));
    QCOMPARE(items["/bad/sp"]["recipe"].toString(), QString("kazoo-set-partitioner"));
    for (const QJsonObject& item : items) {
        QVERIFY2(!item["suspicious"].toArray().isEmpty(), qPrintable(why));
        for (const QJsonValue& owner : item["assignments"].toObject()) QVERIFY2(owner.isNull(), qPrintable(why));
    }
    QVERIFY2(items["/bad/k"]["controller"].isNull(), qPrintable(why));

    const Run table = runCtl({"--connect", server().connect, "partitions", "--root", "/bad"});
    QVERIFY2(table.code == 0 && table.out.contains("suspicious: "), qPrintable(table.describe()));
    // A root that is not there is a refusal, as for locks.
    QCOMPARE(runCtl({"--connect", server().connect, "partitions", "--root", "/nowhere"}).code, 1);
}

// ---------------------------------------------------------------- stream job

void TstCtlPartitionsWatches::streamJob() {
    const std::string job = "/jobs/p";
    QVERIFY(create("/jobs", ""));
    stream::JobConfig config;
    config.partitions = 8;
    config.vnodes = 16;
    config.ratePerPartition = 20;
    auto done = std::make_shared<std::promise<stream::Status>>();
    auto setUp = done->get_future();
    stream::setupJob(client(), job, config, [done](stream::Result<client::Empty> r) { done->set_value(r); });
    QVERIFY(setUp.wait_for(30s) == std::future_status::ready);
    const stream::Status set = setUp.get();
    QVERIFY2(set.ok(), set.message.c_str());

    std::vector<std::unique_ptr<stream::Worker>> workers;
    for (const char* id : {"w1", "w2"}) {
        stream::WorkerOptions o;
        o.client.connectString = server().server->connectString();
        o.client.sessionTimeout = 10s;
        o.job = job;
        o.id = id;
        std::string error;
        auto w = stream::Worker::start(o, &error);
        QVERIFY2(w, error.c_str());
        QVERIFY(w->waitStarted(30s).ok());
        workers.push_back(std::move(w));
    }
    // Settled: each worker commits its own partitions, together all 8, and
    // the reader names exactly those owners, claims and no suspicion.
    QString why;
    const bool settled = waitFor([&] {
        std::map<QString, QString> committing;
        for (const auto& w : workers)
            for (int p : w->snapshot().partitions) committing[QString::number(p)] = QString::fromStdString(w->id());
        if (committing.size() != 8) {
            why = "workers commit " + QString::number(committing.size()) + " partitions";
            return false;
        }
        const auto items = partitions(QString::fromStdString(job), &why);
        if (!items.contains("/jobs/p")) return false;
        const QJsonObject j = items["/jobs/p"];
        if (j["recipe"].toString() != "zooscope-stream-job" || strings(j["members"]) != QStringList{"w1", "w2"} ||
            !j["suspicious"].toArray().isEmpty())
            return false;
        for (const auto& [p, owner] : committing) {
            if (j["assignments"].toObject()[p].toString() != owner || j["claims"].toObject()[p].toString() != owner)
                return false;
        }
        return j["offsets"].toObject().size() == 8 && j["generation"].toInt() >= 1;
    });
    for (auto& w : workers) w->stop();
    QVERIFY2(settled, qPrintable(why));
}

// ---------------------------------------------------------------- kazoo

void TstCtlPartitionsWatches::kazooSetPartitioner() {
    QProcess py;
    py.start(kPython, {"-c", zooscope::testing::kKazooSetPartitioner, server().connect, "/sp"});
    QVERIFY(py.waitForStarted(10000));
    QDeadlineTimer deadline(kConditionMs);
    while (!py.canReadLine() && py.state() == QProcess::Running && !deadline.hasExpired()) py.waitForReadyRead(200);
    const QByteArray line = py.readLine();
    const QJsonObject owned = QJsonDocument::fromJson(line).object();
    QVERIFY2(owned.contains("m1") && owned.contains("m2"),
             qPrintable(QString::fromUtf8(line + py.readAllStandardError())));

    QString why;
    const auto items = partitions("/sp", &why);
    py.closeWriteChannel();
    QVERIFY2(items.contains("/sp"), qPrintable(why));
    const QJsonObject sp = items["/sp"];
    QCOMPARE(sp["recipe"].toString(), QString("kazoo-set-partitioner"));
    QVERIFY2(sp["suspicious"].toArray().isEmpty(), qPrintable(why));
    QCOMPARE(strings(sp["members"]), (QStringList{"m1", "m2"}));
    const QJsonObject assignments = sp["assignments"].toObject();
    QCOMPARE(assignments.size(), 5);
    for (const QString& member : {QString("m1"), QString("m2")})
        for (const QString& item : strings(owned[member]))
            QVERIFY2(assignments[item].toString() == member, qPrintable(why));
    QVERIFY(py.waitForFinished(30000));
    QCOMPARE(py.exitCode(), 0);
}

// ---------------------------------------------------------------- watches

void TstCtlPartitionsWatches::watches() {
    QFETCH(QString, server);
    const bool engine = server == "engine";
    QVERIFY(create("/w", ""));
    QVERIFY(create("/w/a", "1"));
    // A second session of this test holds: a data watch on /w/a, an exists
    // watch on /w/missing and a child watch on /w.
    client::ClientOptions o;
    o.connectString = this->server().server->connectString();
    std::string error;
    auto watcher = recipes::Session::connect(o, &error);
    QVERIFY2(watcher, error.c_str());
    QVERIFY(watcher->waitConnected(30s).ok());
    client::Client& c = watcher->client();
    QVERIFY(blockingCall<client::NodeData>([&](auto cb) { c.getData("/w/a", true, cb); }).ok());
    const auto missing = blockingCall<std::optional<proto::Stat>>([&](auto cb) { c.exists("/w/missing", true, cb); });
    QVERIFY(missing.ok() && !missing.value);
    QVERIFY(blockingCall<std::vector<std::string>>([&](auto cb) { c.getChildren("/w", true, cb); }).ok());
    const QString session = QStringLiteral("0x%1").arg(quint64(c.sessionId()), 0, 16);

    Run r = runCtl({"--connect", this->server().connect, "--json", "watches"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QJsonObject j = parseObject(r);
    QVERIFY2(j["complete"].toBool() && j["note"].toString().contains("not child watches"), qPrintable(r.describe()));
    QCOMPARE(j["items"].toArray().size(), 0);
    const QJsonObject s = j["servers"].toArray().at(0).toObject();
    QCOMPARE(s["source"].toString(), engine ? QString("wchk") : QString("wchs"));
    QCOMPARE(s["allKinds"].toBool(), engine);
    // Watches of the other sessions of this test may be there too: at least ours.
    QVERIFY2(s["sessions"].toInt() >= 1 && s["watches"].toInt() >= (engine ? 3 : 2), qPrintable(r.describe()));
    if (engine) {
        QVERIFY2(s["byKind"].toObject()["child"].toInt() >= 1 && s["byKind"].toObject()["exists"].toInt() >= 1,
                 qPrintable(r.describe()));
    } else {
        QVERIFY(s["byKind"].isNull());
    }

    r = runCtl({"--connect", this->server().connect, "--json", "watches", "--detail"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    j = parseObject(r);
    QVERIFY(j["detailNote"].toString().contains("costs the server"));
    QJsonObject mine;
    for (const QJsonValue& v : j["items"].toArray())
        if (v.toObject()["session"].toString() == session) mine = v.toObject();
    QVERIFY2(!mine.isEmpty(), qPrintable(session + " not in " + r.describe()));
    QVERIFY2(mine["client"].toString().startsWith("127.0.0.1:"), qPrintable(r.describe()));
    if (engine) {
        QCOMPARE(strings(mine["paths"]), (QStringList{"/w", "/w/a", "/w/missing"}));
        const QJsonObject kinds = mine["kinds"].toObject();
        QCOMPARE(strings(kinds["/w"]), QStringList{"child"});
        QCOMPARE(strings(kinds["/w/a"]), QStringList{"data"});
        QCOMPARE(strings(kinds["/w/missing"]), QStringList{"exists"});
    } else {
        // 3.8's wchc: data and exists watches; the child watch on /w is not listed.
        QCOMPARE(strings(mine["paths"]), (QStringList{"/w/a", "/w/missing"}));
        QVERIFY(mine["kinds"].isNull());
    }

    const Run table = runCtl({"--connect", this->server().connect, "watches", "--detail"});
    QVERIFY2(table.code == 0 && table.out.contains(session.toUtf8()) &&
                 table.out.contains("Note: ZooKeeper 3.8's wchs, wchc and wchp count data and exists watches only"),
             qPrintable(table.describe()));
    watcher->close();
}

void TstCtlPartitionsWatches::watchesThroughAdminServer() {
    // ZooKeeper's default whitelist (srvr only): wchs, wchc and cons come from
    // the AdminServer when the command is told where it is, and are refused
    // (exit 1, saying so) when it is not.
    ApacheOptions options;
    options.fourLetterWhitelist = "srvr";
    options.adminServer = true;
    std::string error;
    auto zk = startApacheZooKeeper(options, &error);
    QVERIFY2(zk, error.c_str());
    client::ClientOptions o;
    o.connectString = zk->connectString();
    auto watcher = recipes::Session::connect(o, &error);
    QVERIFY2(watcher, error.c_str());
    QVERIFY(watcher->waitConnected(30s).ok());
    const auto missing =
        blockingCall<std::optional<proto::Stat>>([&](auto cb) { watcher->client().exists("/x", true, cb); });
    QVERIFY(missing.ok() && !missing.value);
    const QString connect = QString::fromStdString(zk->connectString());

    Run r = runCtl({"--connect", connect, "--json", "watches", "--detail", "--admin-port",
                    QString::number(zk->adminPort()), "--timeout", "10"});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QJsonObject j = parseObject(r);
    const QJsonObject s = j["servers"].toArray().at(0).toObject();
    QCOMPARE(s["source"].toString(), QString("admin"));
    QCOMPARE(s["watches"].toInt(), 1);
    const QJsonArray items = j["items"].toArray();
    QCOMPARE(items.size(), 1);
    QCOMPARE(strings(items.at(0).toObject()["paths"]), QStringList{"/x"});
    QVERIFY2(items.at(0).toObject()["client"].toString().startsWith("127.0.0.1:"), qPrintable(r.describe()));

    r = runCtl({"--connect", connect, "--json", "watches", "--admin-port", "0"});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains("wchs") && r.err.contains("whitelist"), qPrintable(r.describe()));
    QVERIFY(!parseObject(r)["complete"].toBool());
    watcher->close();
    zk->stop();
}

void TstCtlPartitionsWatches::badOptions() {
    const QString connect = servers_["engine"].connect;
    for (const QStringList& args : {QStringList{"partitions", "--root", "no-slash"}, QStringList{"partitions", "--max-nodes", "0"},
                                    QStringList{"watches", "--timeout", "-1"}, QStringList{"watches", "--admin-port", "x"},
                                    QStringList{"watches", "/path"}, QStringList{"partitions", "--detail"},
                                    QStringList{"locks", "--admin-port", "x"}, QStringList{"elections", "--admin-port", "8080"}}) {
        const Run r = runCtl(QStringList{"--connect", connect} + args);
        QVERIFY2(r.code == 2 && !r.err.isEmpty(), qPrintable(args.join(' ') + ": " + r.describe()));
    }
}

QTEST_GUILESS_MAIN(TstCtlPartitionsWatches)
#include "tst_ctl_partitions_watches.moc"
