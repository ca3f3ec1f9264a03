// The ensemble launcher against real processes: a 3-node Apache ZooKeeper
// ensemble (one leader, two followers, replication, leader kill -9 and
// re-election, pause/resume, restart, partition through the launcher's peer
// relays) and a 3-node zooscope-server launch;
// plus the no-process-left-behind contracts (destructor, and the owner
// itself SIGKILLed: PR_SET_PDEATHSIG).
#include <QtTest>

#ifndef THREADED
#define THREADED
#endif
#include <zookeeper/zookeeper.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include "zooscope/ensemble.h"
#include "zooscope/server_answers.h"
#include "zooscope/server_probe.h"
#include "zooscope/loopback.h"

using namespace zooscope;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;

// True while /proc/<pid> is a live (not zombie) process.
bool processAlive(int pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    if (!stat) return false;
    std::string line;
    std::getline(stat, line);
    const auto paren = line.rfind(')');
    return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z';
}

bool waitAllGone(const std::vector<int>& pids, std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    for (;;) {
        bool any = false;
        for (int p : pids) any = any || processAlive(p);
        if (!any) return true;
        if (Clock::now() - start > timeout) return false;
        std::this_thread::sleep_for(50ms);
    }
}

// A synchronous C-client session to one node.
class Session {
public:
    explicit Session(const std::string& hosts) {
        zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
        zh_ = zookeeper_init(hosts.c_str(), nullptr, 10000, nullptr, nullptr, 0);
        const auto start = Clock::now();
        while (zh_ && zoo_state(zh_) != ZOO_CONNECTED_STATE && Clock::now() - start < 15s)
            std::this_thread::sleep_for(20ms);
    }
    ~Session() {
        if (zh_) zookeeper_close(zh_);
    }
    bool connected() const { return zh_ && zoo_state(zh_) == ZOO_CONNECTED_STATE; }
    int create(const std::string& path, const std::string& data) {
        return zoo_create(zh_, path.c_str(), data.data(), int(data.size()), &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
    }
    int get(const std::string& path, std::string* data) {
        char buf[1024];
        int len = sizeof buf;
        const int rc = zoo_get(zh_, path.c_str(), 0, buf, &len, nullptr);
        if (rc == ZOK) data->assign(buf, len > 0 ? size_t(len) : 0);
        return rc;
    }

private:
    zhandle_t* zh_ = nullptr;
};

std::vector<NodeMode> modes(const Ensemble& e) {
    std::vector<NodeMode> out;
    for (int i = 0; i < e.nodeCount(); ++i) out.push_back(e.mode(i));
    return out;
}

int indexOf(const std::vector<NodeMode>& m, NodeMode want, int skip = -1) {
    for (int i = 0; i < int(m.size()); ++i)
        if (m[size_t(i)] == want && i != skip) return i;
    return -1;
}

// Child mode of this binary (see noProcessLeftWhenOwnerIsKilled): starts a
// 3-node engine ensemble in $ZS_ORPHAN_DIR, writes the node pids to
// $ZS_ORPHAN_DIR/pids, then waits to be killed.
int runOrphanOwner(const char* dir) {
    EnsembleSpec spec;
    spec.kind = NodeKind::Engine;
    spec.size = 3;
    spec.baseDir = std::string(dir) + "/ensemble";
    std::string error;
    auto e = Ensemble::start(spec, &error);
    if (!e) {
        std::fprintf(stderr, "orphan owner: %s\n", error.c_str());
        return 3;
    }
    {
        std::ofstream out(std::string(dir) + "/pids.tmp");
        for (const auto& n : e->nodes()) out << n.pid << "\n";
    }
    fs::rename(std::string(dir) + "/pids.tmp", std::string(dir) + "/pids");
    for (;;) ::pause();
}

}  // namespace

class TstEnsemble : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void parseMode_data();
    void parseMode();
    void rejectsBadSpecs_data();
    void rejectsBadSpecs();

    void apacheOneLeaderTwoFollowers();
    void apacheGeneratedConfig();
    void apacheWriteOnOneNodeReadOnAnother();
    void apachePauseResumeFollower();
    void apacheLeaderKilledNewLeaderElected();
    void apacheStopAndStartFollower();
    void apacheDestructionLeavesNoProcess();

    void apacheIsolateLeaderThroughProxies();

    void apacheObserver();
    void engineThreeNodes();
    void noProcessLeftWhenOwnerIsKilled();

private:
    std::unique_ptr<Ensemble> apache_;
    int apacheStartMs_ = 0;
};

void TstEnsemble::initTestCase() {
    EnsembleSpec spec;
    spec.kind = NodeKind::ApacheZooKeeper;
    spec.size = 3;
    spec.tickTime = 2000;
    std::string error;
    const auto start = Clock::now();
    apache_ = Ensemble::start(spec, &error);
    QVERIFY2(apache_, error.c_str());
    for (int i = 0; i < 3; ++i) QVERIFY2(apache_->waitReady(i, 60s, &error), error.c_str());
    apacheStartMs_ = int(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
    qInfo("3-node Apache ZooKeeper ensemble serving after %d ms (launch + first election)", apacheStartMs_);
}

void TstEnsemble::cleanupTestCase() { apache_.reset(); }

void TstEnsemble::parseMode_data() {
    QTest::addColumn<QString>("srvr");
    QTest::addColumn<int>("mode");
    QTest::newRow("leader") << "Zookeeper version: 3.8.0\nLatency min/avg/max: 0/0.0/0\nMode: leader\nNode count: 5\n"
                            << int(NodeMode::Leader);
    QTest::newRow("follower") << "Mode: follower\n" << int(NodeMode::Follower);
    QTest::newRow("observer crlf") << "Mode: observer\r\n" << int(NodeMode::Observer);
    QTest::newRow("standalone at end") << "x\nMode: standalone" << int(NodeMode::Standalone);
    QTest::newRow("not serving") << "This ZooKeeper instance is not currently serving requests\n"
                                 << int(NodeMode::Unknown);
    QTest::newRow("empty") << "" << int(NodeMode::Unknown);
    QTest::newRow("odd mode") << "Mode: read-only\n" << int(NodeMode::Unknown);
}

void TstEnsemble::parseMode() {
    QFETCH(QString, srvr);
    QFETCH(int, mode);
    QCOMPARE(int(parseSrvrMode(srvr.toStdString())), mode);
}

void TstEnsemble::rejectsBadSpecs_data() {
    QTest::addColumn<int>("size");
    QTest::addColumn<int>("observers");
    QTest::addColumn<int>("tickTime");
    QTest::addColumn<QString>("engineBinary");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no nodes") << 0 << 0 << 2000 << "" << "1 to 254 nodes";
    QTest::newRow("negative observers") << 3 << -1 << 2000 << "" << "1 to 254 nodes";
    QTest::newRow("too many") << 200 << 100 << 2000 << "" << "1 to 254 nodes";
    QTest::newRow("zero tick") << 3 << 0 << 0 << "" << "tickTime";
    QTest::newRow("missing binary") << 1 << 0 << 2000 << "/nonexistent/zooscope-server" << "not executable";
}

void TstEnsemble::rejectsBadSpecs() {
    QFETCH(int, size);
    QFETCH(int, observers);
    QFETCH(int, tickTime);
    QFETCH(QString, engineBinary);
    QFETCH(QString, expected);
    EnsembleSpec spec;
    spec.size = size;
    spec.observers = observers;
    spec.tickTime = tickTime;
    spec.engineBinary = engineBinary.toStdString();
    std::string error;
    QVERIFY(!Ensemble::start(spec, &error));
    QVERIFY2(error.find(expected.toStdString()) != std::string::npos, error.c_str());
}

void TstEnsemble::apacheOneLeaderTwoFollowers() {
    QVERIFY(apache_);
    const auto m = modes(*apache_);
    QCOMPARE(int(std::count(m.begin(), m.end(), NodeMode::Leader)), 1);
    QCOMPARE(int(std::count(m.begin(), m.end(), NodeMode::Follower)), 2);
    const auto nodes = apache_->nodes();
    QCOMPARE(int(nodes.size()), 3);
    std::set<int> ports;
    for (const auto& n : nodes) {
        QCOMPARE(n.state, NodeState::Running);
        QVERIFY(processAlive(n.pid));
        ports.insert({n.clientPort, n.quorumPort, n.electionPort});
    }
    QCOMPARE(int(ports.size()), 9);  // every port distinct
    QString expected;
    for (const auto& n : nodes)
        expected += (expected.isEmpty() ? "" : ",") + QString("127.0.0.1:%1").arg(n.clientPort);
    QCOMPARE(QString::fromStdString(apache_->connectString()), expected);
}

void TstEnsemble::apacheGeneratedConfig() {
    QVERIFY(apache_);
    const auto nodes = apache_->nodes();
    for (const auto& n : nodes) {
        std::ifstream in(n.configFile);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string cfg = ss.str();
        for (const auto& p : nodes) {
            const std::string line = "server." + std::to_string(p.id) + "=127.0.0.1:" + std::to_string(p.quorumPort) +
                                     ":" + std::to_string(p.electionPort) + ":participant;127.0.0.1:" +
                                     std::to_string(p.clientPort) + "\n";
            QVERIFY2(cfg.find(line) != std::string::npos, cfg.c_str());
        }
        QVERIFY(cfg.find("standaloneEnabled=false\n") != std::string::npos);
        QVERIFY(cfg.find("4lw.commands.whitelist=*\n") != std::string::npos);
        std::ifstream myid(n.dataDir + "/myid");
        int id = 0;
        myid >> id;
        QCOMPARE(id, n.id);
    }
}

void TstEnsemble::apacheWriteOnOneNodeReadOnAnother() {
    QVERIFY(apache_);
    const auto nodes = apache_->nodes();
    Session writer("127.0.0.1:" + std::to_string(nodes[0].clientPort));
    Session reader("127.0.0.1:" + std::to_string(nodes[2].clientPort));
    QVERIFY(writer.connected());
    QVERIFY(reader.connected());
    QCOMPARE(writer.create("/launcher-test", "written on node 1"), int(ZOK));
    std::string data;
    int rc = ZNONODE;
    // A follower applies a commit shortly after the writer's ack.
    const auto start = Clock::now();
    while ((rc = reader.get("/launcher-test", &data)) == ZNONODE && Clock::now() - start < 10s)
        std::this_thread::sleep_for(50ms);
    QCOMPARE(rc, int(ZOK));
    QCOMPARE(QString::fromStdString(data), QString("written on node 1"));
}

void TstEnsemble::apachePauseResumeFollower() {
    QVERIFY(apache_);
    const int f = indexOf(modes(*apache_), NodeMode::Follower);
    QVERIFY(f >= 0);
    const int pid = apache_->node(f).pid;
    std::string error;
    QVERIFY2(apache_->pause(f, &error), error.c_str());
    // A failed check below must not leave the node stopped: the later cases
    // need a quorum (a paused follower plus a killed leader leaves none).
    auto resumeOnFailure = qScopeGuard([&] {
        if (apache_->node(f).state == NodeState::Paused) apache_->resume(f, nullptr);
    });
    QCOMPARE(apache_->node(f).state, NodeState::Paused);
    QCOMPARE(apache_->node(f).pid, pid);
    QVERIFY(!apache_->pause(f, &error));  // already paused: refused with a reason
    QVERIFY2(error.find("paused") != std::string::npos, error.c_str());
    // A stopped JVM accepts TCP connections (the kernel does) but never answers.
    QCOMPARE(QString::fromStdString(
                 fourLetterWordLoopback(apache_->node(f).clientPort, "ruok", std::chrono::milliseconds(500))),
             QString());
    QVERIFY2(apache_->resume(f, &error), error.c_str());
    QCOMPARE(apache_->node(f).state, NodeState::Running);
    QVERIFY2(apache_->waitReady(f, 30s, &error), error.c_str());
    QCOMPARE(QString::fromStdString(apache_->fourLetterWord(f, "ruok")), QString("imok"));
    QVERIFY(!apache_->resume(f, &error));
}

void TstEnsemble::apacheLeaderKilledNewLeaderElected() {
    QVERIFY(apache_);
    const int leader = indexOf(modes(*apache_), NodeMode::Leader);
    QVERIFY(leader >= 0);
    const int pid = apache_->node(leader).pid;
    std::string error;
    const auto killedAt = Clock::now();
    QVERIFY2(apache_->kill(leader, &error), error.c_str());
    QCOMPARE(apache_->node(leader).state, NodeState::Dead);
    QCOMPARE(apache_->node(leader).pid, -1);
    QVERIFY(apache_->node(leader).exit == (zooscope::ProcessExit{zooscope::ProcessExit::Kind::Killed, SIGKILL}));
    QCOMPARE(QString::fromStdString(zooscope::exitText(*apache_->node(leader).exit)), QString("killed by signal 9 (SIGKILL)"));
    QVERIFY(!processAlive(pid));
    QCOMPARE(apache_->mode(leader), NodeMode::Unknown);

    int newLeader = -1;
    while (newLeader < 0 && Clock::now() - killedAt < 30s) {
        newLeader = indexOf(modes(*apache_), NodeMode::Leader, leader);
        if (newLeader < 0) std::this_thread::sleep_for(50ms);
    }
    QVERIFY2(newLeader >= 0, "no new leader within 30 s");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - killedAt).count();
    qInfo("new leader (node %d) %lld ms after kill -9 of leader node %d", newLeader + 1, (long long)ms, leader + 1);

    QVERIFY2(apache_->restart(leader, &error), error.c_str());
    QVERIFY(apache_->node(leader).pid != pid);
    QVERIFY2(apache_->waitReady(leader, 60s, &error), error.c_str());
    QCOMPARE(apache_->mode(leader), NodeMode::Follower);
    QCOMPARE(apache_->mode(newLeader), NodeMode::Leader);
    // It caught up: it serves what was written before it died.
    Session s("127.0.0.1:" + std::to_string(apache_->node(leader).clientPort));
    QVERIFY(s.connected());
    std::string data;
    QCOMPARE(s.get("/launcher-test", &data), int(ZOK));
}

void TstEnsemble::apacheStopAndStartFollower() {
    QVERIFY(apache_);
    const int f = indexOf(modes(*apache_), NodeMode::Follower);
    QVERIFY(f >= 0);
    std::string error;
    QVERIFY2(apache_->stop(f, &error), error.c_str());
    QCOMPARE(apache_->node(f).state, NodeState::Stopped);
    QVERIFY(!apache_->stop(f, &error));
    QVERIFY2(error.find("not running") != std::string::npos, error.c_str());
    QVERIFY(!apache_->kill(f, &error));
    QVERIFY2(apache_->startNode(f, &error), error.c_str());
    QVERIFY(!apache_->startNode(f, &error));  // already running
    QVERIFY2(apache_->waitReady(f, 60s, &error), error.c_str());
    QCOMPARE(apache_->mode(f), NodeMode::Follower);
    QVERIFY(!apache_->kill(7, &error));
    QVERIFY2(error.find("no node 7") != std::string::npos, error.c_str());
    // Partitions need relays the ensemble was not started with.
    QVERIFY(!apache_->isolate(0, &error));
    QVERIFY2(error.find("proxiedPeers") != std::string::npos, error.c_str());
    QVERIFY(!apache_->heal(0, &error));
    QCOMPARE(apache_->peerConnections(0), 0);
    QCOMPARE(apache_->peerProxyPort(0, 1, false), 0);
}

void TstEnsemble::apacheDestructionLeavesNoProcess() {
    QVERIFY(apache_);
    std::vector<int> pids;
    for (const auto& n : apache_->nodes()) pids.push_back(n.pid);
    const std::string dir = apache_->baseDir();
    // Destroy with one node paused: SIGKILL must still reach it.
    std::string error;
    QVERIFY(apache_->pause(1, &error));
    apache_.reset();
    for (int p : pids) QVERIFY2(!processAlive(p), qPrintable(QString("pid %1 survived").arg(p)));
    QVERIFY(!fs::exists(dir));
}

// Peer traffic through the launcher's relays: each zoo.cfg lists its own
// line with the real ports and the others' lines with relay ports; isolating
// the leader makes the other two elect a new one, healing brings the old
// leader back as a follower.
void TstEnsemble::apacheIsolateLeaderThroughProxies() {
    EnsembleSpec spec;
    spec.kind = NodeKind::ApacheZooKeeper;
    spec.size = 3;
    spec.proxiedPeers = true;
    std::string error;
    auto e = Ensemble::start(spec, &error);
    QVERIFY2(e, error.c_str());
    for (int i = 0; i < 3; ++i) QVERIFY2(e->waitReady(i, 60s, &error), error.c_str());

    const auto nodes = e->nodes();
    std::set<int> relayPorts;
    for (const auto& n : nodes) {
        std::ifstream in(n.configFile);
        std::stringstream ss;
        ss << in.rdbuf();
        const std::string cfg = ss.str();
        for (const auto& p : nodes) {
            const bool self = p.id == n.id;
            const int q = self ? p.quorumPort : e->peerProxyPort(n.id - 1, p.id - 1, false);
            const int el = self ? p.electionPort : e->peerProxyPort(n.id - 1, p.id - 1, true);
            QVERIFY(q > 0 && el > 0);
            if (!self) {
                QVERIFY(q != p.quorumPort && el != p.electionPort);
                relayPorts.insert({q, el});
            }
            const std::string line = "server." + std::to_string(p.id) + "=127.0.0.1:" + std::to_string(q) + ":" +
                                     std::to_string(el) + ":participant;127.0.0.1:" + std::to_string(p.clientPort) +
                                     "\n";
            QVERIFY2(cfg.find(line) != std::string::npos, cfg.c_str());
        }
    }
    QCOMPARE(int(relayPorts.size()), 12);  // 2 channels x 6 ordered pairs, all distinct
    QCOMPARE(e->peerProxyPort(1, 1, false), 0);

    const int leader = indexOf(modes(*e), NodeMode::Leader);
    QVERIFY(leader >= 0);
    // The quorum runs over the relays: the leader has live relayed connections.
    QTRY_VERIFY_WITH_TIMEOUT(e->peerConnections(leader) >= 2, 5000);

    const auto isolatedAt = Clock::now();
    QVERIFY2(e->isolate(leader, &error), error.c_str());
    QVERIFY(e->node(leader).isolated);
    QCOMPARE(e->peerConnections(leader), 0);  // closed before isolate() returned
    QCOMPARE(e->node(leader).state, NodeState::Running);  // the process is untouched

    int newLeader = -1;
    while (newLeader < 0 && Clock::now() - isolatedAt < 30s) {
        newLeader = indexOf(modes(*e), NodeMode::Leader, leader);
        if (newLeader < 0) std::this_thread::sleep_for(50ms);
    }
    QVERIFY2(newLeader >= 0, "no new leader within 30 s of isolating the leader");
    qInfo("isolated leader node %d: node %d leads after %lld ms", leader + 1, newLeader + 1,
          (long long)std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - isolatedAt).count());
    // Cut off from a quorum, the old leader stops serving (it looks for peers).
    QTRY_VERIFY_WITH_TIMEOUT(e->mode(leader) != NodeMode::Leader, 30000);
    std::this_thread::sleep_for(1s);
    QCOMPARE(e->peerConnections(leader), 0);  // reconnect attempts are refused

    QVERIFY2(e->heal(leader, &error), error.c_str());
    QVERIFY(!e->node(leader).isolated);
    QTRY_COMPARE_WITH_TIMEOUT(e->mode(leader), NodeMode::Follower, 60000);
    QCOMPARE(e->mode(newLeader), NodeMode::Leader);
    QVERIFY(e->peerConnections(leader) >= 1);
    QVERIFY(!e->isolate(3, &error));
    QVERIFY2(error.find("no node 3") != std::string::npos, error.c_str());
}

// One participant (a quorum of one, standaloneEnabled=false) and one observer,
// with ZooKeeper 3.8's default whitelist and an AdminServer on each node:
// the launcher's readiness needs only srvr, and the AdminServer answers on
// the port NodeInfo names (servlet-api.jar is on the class path).
void TstEnsemble::apacheObserver() {
    EnsembleSpec spec;
    spec.kind = NodeKind::ApacheZooKeeper;
    spec.size = 1;
    spec.observers = 1;
    spec.fourLetterWhitelist = "srvr";
    spec.adminServer = true;
    std::string error;
    auto e = Ensemble::start(spec, &error);
    QVERIFY2(e, error.c_str());
    QCOMPARE(e->nodeCount(), 2);
    QVERIFY(!e->node(0).observer);
    QVERIFY(e->node(1).observer);
    for (int i = 0; i < 2; ++i) QVERIFY2(e->waitReady(i, 60s, &error), error.c_str());
    QCOMPARE(e->mode(0), NodeMode::Leader);
    QCOMPARE(e->mode(1), NodeMode::Observer);
    std::ifstream in(e->node(1).configFile);
    std::stringstream cfg;
    cfg << in.rdbuf();
    QVERIFY(cfg.str().find(":observer;127.0.0.1:") != std::string::npos);
    QVERIFY(cfg.str().find("peerType=observer\n") != std::string::npos);
    QVERIFY(cfg.str().find("4lw.commands.whitelist=srvr\n") != std::string::npos);
    QVERIFY(e->fourLetterWord(1, "mntr").find("not in the whitelist") != std::string::npos);
    QVERIFY(cfg.str().find("admin.serverPort=" + std::to_string(e->node(1).adminPort) + "\n") != std::string::npos);
    for (int i = 0; i < 2; ++i) {
        const int port = e->node(i).adminPort;
        QVERIFY(port != 0 && port != e->node(i).clientPort);
        const auto f = zooscope::monitor::fetchAdminCommand({"127.0.0.1", uint16_t(port)}, "server_stats", 10s);
        QVERIFY2(f.answered, f.error.c_str());
        const auto stats = zooscope::monitor::parseAdminStats(f.body);
        QVERIFY2(stats.ok(), stats.message.c_str());
        QCOMPARE(stats.value.mode == zooscope::monitor::ServerMode::Leader, i == 0);
        QCOMPARE(stats.value.mode == zooscope::monitor::ServerMode::Observer, i == 1);
    }
}

void TstEnsemble::engineThreeNodes() {
    EnsembleSpec spec;
    spec.kind = NodeKind::Engine;
    spec.size = 3;
    std::string error;
    auto e = Ensemble::start(spec, &error);
    QVERIFY2(e, error.c_str());
    for (int i = 0; i < 3; ++i) {
        QVERIFY2(e->waitReady(i, 30s, &error), error.c_str());
        QCOMPARE(QString::fromStdString(e->fourLetterWord(i, "ruok")), QString("imok"));
    }
    // Either the engine build serves standalone and says why in its log, or
    // it runs the quorum: then exactly one leader and followers for the rest.
    const auto m = modes(*e);
    if (m[0] == NodeMode::Standalone) {
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(m[size_t(i)], NodeMode::Standalone);
            QVERIFY2(e->logTail(i, 200).find("runs standalone") != std::string::npos, e->logTail(i).c_str());
        }
    } else {
        QCOMPARE(int(std::count(m.begin(), m.end(), NodeMode::Leader)), 1);
        QCOMPARE(int(std::count(m.begin(), m.end(), NodeMode::Follower)), 2);
    }
    {
        Session s("127.0.0.1:" + std::to_string(e->node(1).clientPort));
        QVERIFY(s.connected());
        QCOMPARE(s.create("/kept", "on disk"), int(ZOK));
    }
    const int pid = e->node(1).pid;
    QVERIFY2(e->kill(1, &error), error.c_str());
    QCOMPARE(e->node(1).state, NodeState::Dead);
    QVERIFY(!processAlive(pid));
    QVERIFY(e->mode(1) == NodeMode::Unknown);
    QCOMPARE(e->node(0).state, NodeState::Running);  // the others are untouched
    QVERIFY2(e->restart(1, &error), error.c_str());
    QVERIFY2(e->waitReady(1, 30s, &error), error.c_str());
    QCOMPARE(e->node(1).state, NodeState::Running);
    {
        Session s("127.0.0.1:" + std::to_string(e->node(1).clientPort));
        QVERIFY(s.connected());
        std::string data;
        QCOMPARE(s.get("/kept", &data), int(ZOK));  // same dataDir after restart
        QCOMPARE(QString::fromStdString(data), QString("on disk"));
    }

    std::vector<int> pids;
    for (const auto& n : e->nodes()) pids.push_back(n.pid);
    const std::string dir = e->baseDir();
    e.reset();
    for (int p : pids) QVERIFY(!processAlive(p));
    QVERIFY(!fs::exists(dir));
}

void TstEnsemble::noProcessLeftWhenOwnerIsKilled() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const std::string d = dir.path().toStdString();
    const pid_t owner = ::fork();
    QVERIFY(owner >= 0);
    if (owner == 0) {
        ::setenv("ZS_ORPHAN_DIR", d.c_str(), 1);
        ::execl("/proc/self/exe", "tst_ensemble", static_cast<char*>(nullptr));
        ::_exit(127);
    }
    std::vector<int> pids;
    const auto start = Clock::now();
    while (Clock::now() - start < 30s && !fs::exists(d + "/pids")) {
        int status = 0;
        if (::waitpid(owner, &status, WNOHANG) == owner) QFAIL("the owner process exited early");
        std::this_thread::sleep_for(50ms);
    }
    std::ifstream in(d + "/pids");
    for (int p; in >> p;) pids.push_back(p);
    QCOMPARE(int(pids.size()), 3);
    for (int p : pids) QVERIFY(processAlive(p));
    ::kill(owner, SIGKILL);  // no destructor runs
    ::waitpid(owner, nullptr, 0);
    QVERIFY2(waitAllGone(pids, 5s), "an engine node outlived its SIGKILLed owner");
}

int main(int argc, char** argv) {
    if (const char* dir = std::getenv("ZS_ORPHAN_DIR"); dir && *dir) return runOrphanOwner(dir);
    QCoreApplication app(argc, argv);
    TstEnsemble t;
    return QTest::qExec(&t, argc, argv);
}

#include "tst_ensemble.moc"
