// Real ensembles under faults, for both node kinds (Apache ZooKeeper 3.8 as
// the reference, zooscope-server as the engine under test), while
// zooscope-loadgen (a child process, --connect over every node, --record)
// keeps writing:
//   - kill -9 the leader, then restart it (3 and 5 nodes);
//   - kill a follower, write 10,000 more, restart it: it catches up by DIFF,
//     and by SNAP once the leader's log was purged;
//   - SIGSTOP the leader, then SIGCONT it (tickTime=200, syncLimit=5);
//   - isolate the leader through the launcher's peer relays, then heal.
// Every round of the engine needs a new leader within 2 s of the fault
// (polled with srvr every 20 ms); Apache ZooKeeper's times are reported, and
// only warned about past 2 s: it is the reference, not the product under
// test, and its new leader waits up to initLimit ticks (20 s here) for a
// quorum to sync, which it sometimes does (seen once in a clean-clone run:
// 20,644 ms in a 5-node round). At the end `zooscope-loadgen --verify` against EVERY
// node must find every acknowledged write. Two C-client sessions with an
// ephemeral node each (one on the node about to fail, one elsewhere) must
// keep their session ids and ephemerals through every fault. A last case
// has zkCli.sh, the C client and kazoo on three different nodes see each
// other's writes.
//
// Rounds: $ZS_FAULT_ROUNDS (default 3; bench runs 20).
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#ifndef THREADED
#define THREADED
#endif
#include <zookeeper/zookeeper.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <sstream>
#include <thread>

#include "zooscope/ensemble.h"

extern char** environ;

using namespace zooscope;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr int kNewLeaderLimitMs = 2000;
constexpr const char* kApacheClassPath = "/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar";

long long msSince(Clock::time_point t) {
    return std::chrono::duration_cast<milliseconds>(Clock::now() - t).count();
}

int faultRounds() {
    const char* v = std::getenv("ZS_FAULT_ROUNDS");
    const int n = v ? std::atoi(v) : 0;
    return n > 0 ? n : 3;
}

// zooscope-loadgen, found like the launcher finds zooscope-server.
std::string findLoadgen() {
    std::vector<std::string> tried;
    if (const char* bin = std::getenv("ZS_BIN_DIR"); bin && *bin) tried.push_back(std::string(bin) + "/zooscope-loadgen");
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) tried.push_back((self.parent_path() / "zooscope-loadgen").string());
    for (const auto& t : tried)
        if (::access(t.c_str(), X_OK) == 0) return t;
    return {};
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Runs argv to completion with stdout+stderr to `outFile`; the exit code,
// or -1 if it could not start or did not end normally.
int runProcess(const std::vector<std::string>& argv, const std::string& outFile) {
    std::vector<char*> cargv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, outFile.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&fa, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, cargv[0], &fa, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) return -1;
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

QJsonObject lastJsonLine(const std::string& text) {
    const auto lines = QString::fromStdString(text).split('\n', Qt::SkipEmptyParts);
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
        if (it->startsWith('{')) return QJsonDocument::fromJson(it->toUtf8()).object();
    return {};
}

// The "Zxid: 0x..." of a srvr answer; -1 when absent.
long long srvrZxid(const std::string& srvr) {
    const auto at = srvr.find("Zxid: ");
    if (at == std::string::npos) return -1;
    return std::strtoll(srvr.c_str() + at + 6, nullptr, 16);
}

// A numeric mntr key ("zk_znode_count"); -1 when absent.
long long mntrValue(const std::string& mntr, const std::string& key) {
    std::istringstream in(mntr);
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(key + "\t", 0) == 0) return std::atoll(line.c_str() + key.size() + 1);
    return -1;
}

std::string hostsOf(const Ensemble& e, const std::vector<int>& nodes) {
    std::string out;
    for (int i : nodes) out += (out.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(e.node(i).clientPort));
    return out;
}

// Writes in the background: zooscope-loadgen children, one after another
// (2 s each, appending to one record file), until stop(). A run whose setup
// fails (no quorum at that moment) is simply followed by the next one.
class LoadDriver {
public:
    struct Totals {
        int runs = 0;
        int failedSetups = 0;
        long long ok = 0;
        long long errors = 0;
        long long recorded = 0;
        std::string lastOutput;
    };

    LoadDriver(std::string loadgen, std::string hosts, std::string record, std::string dir)
        : loadgen_(std::move(loadgen)), hosts_(std::move(hosts)), record_(std::move(record)), dir_(std::move(dir)) {}
    ~LoadDriver() { stop(); }

    void start() {
        thread_ = std::thread([this] {
            int n = 0;
            while (!stop_) {
                const std::string out = dir_ + "/load-" + std::to_string(n++) + ".out";
                runProcess({loadgen_, "--connect", hosts_, "--sessions", "2", "--window", "4", "--mix",
                            "create=50,set=50", "--keys", "50", "--root", "/faults", "--duration", "2s",
                            "--warmup", "0", "--record", record_, "--session-timeout", "20000", "--json"},
                           out);
                const std::string text = readFile(out);
                const QJsonObject j = lastJsonLine(text);
                std::lock_guard lock(mutex_);
                ++totals_.runs;
                totals_.lastOutput = text;
                if (!j.value("setup_ok").toBool()) {
                    ++totals_.failedSetups;
                    std::this_thread::sleep_for(200ms);
                    continue;
                }
                totals_.ok += j.value("ops").toInteger();
                totals_.errors += j.value("errors").toInteger();
                totals_.recorded += j.value("recorded_writes").toInteger();
            }
        });
    }
    Totals stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        std::lock_guard lock(mutex_);
        return totals_;
    }

private:
    const std::string loadgen_, hosts_, record_, dir_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mutex_;
    Totals totals_;  // guarded by mutex_
};

// A C-client session holding one ephemeral node, to check that sessions
// survive the faults (same id, ephemeral still owned by it).
class SessionProbe {
public:
    SessionProbe(const std::string& hosts, int sessionTimeoutMs) {
        zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
        zh_ = zookeeper_init(hosts.c_str(), &SessionProbe::watcher, sessionTimeoutMs, nullptr, this, 0);
        waitConnected(15s);
    }
    ~SessionProbe() {
        if (zh_) zookeeper_close(zh_);
    }
    SessionProbe(const SessionProbe&) = delete;
    SessionProbe& operator=(const SessionProbe&) = delete;

    bool waitConnected(milliseconds timeout) {
        std::unique_lock lock(mu_);
        return cv_.wait_for(lock, timeout, [this] { return connected_ || expired_; }) && connected_;
    }
    bool expired() const {
        std::lock_guard lock(mu_);
        return expired_;
    }
    int64_t sessionId() const { return zh_ ? zoo_client_id(zh_)->client_id : 0; }
    // The client port of the server it is connected to; 0 when none.
    int connectedPort() const {
        sockaddr_storage addr{};
        socklen_t len = sizeof addr;
        if (!zh_ || !zookeeper_get_connected_host(zh_, reinterpret_cast<sockaddr*>(&addr), &len)) return 0;
        if (addr.ss_family != AF_INET) return 0;
        return ntohs(reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
    }
    int createEphemeral(const std::string& path) {
        path_ = path;
        return zoo_create(zh_, path.c_str(), "x", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL, nullptr, 0);
    }
    // ZOK when the ephemeral exists and this session owns it; the error
    // code, or ZBADVERSION for "owned by another session".
    int ephemeralOwned() {
        struct Stat st {};
        const int rc = zoo_exists(zh_, path_.c_str(), 0, &st);
        if (rc != ZOK) return rc;
        return st.ephemeralOwner == sessionId() ? ZOK : ZBADVERSION;
    }
    zhandle_t* handle() { return zh_; }

private:
    static void watcher(zhandle_t*, int type, int state, const char*, void* ctx) {
        if (type != ZOO_SESSION_EVENT) return;
        auto* self = static_cast<SessionProbe*>(ctx);
        std::lock_guard lock(self->mu_);
        self->connected_ = state == ZOO_CONNECTED_STATE;
        if (state == ZOO_EXPIRED_SESSION_STATE) self->expired_ = true;
        self->cv_.notify_all();
    }

    zhandle_t* zh_ = nullptr;
    std::string path_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool connected_ = false;  // guarded by mu_
    bool expired_ = false;    // guarded by mu_
};

int indexOfPort(const Ensemble& e, int port) {
    for (int i = 0; i < e.nodeCount(); ++i)
        if (e.node(i).clientPort == port) return i;
    return -1;
}

// A probe connected (over the whole connect string, so it can move) to a
// node that `want` accepts; tries fresh sessions until one lands there.
std::unique_ptr<SessionProbe> probeOn(const Ensemble& e, const std::function<bool(int)>& want, int timeoutMs) {
    for (int attempt = 0; attempt < 40; ++attempt) {
        auto p = std::make_unique<SessionProbe>(e.connectString(), timeoutMs);
        if (p->waitConnected(5s) && want(indexOfPort(e, p->connectedPort()))) return p;
    }
    return nullptr;
}

}  // namespace

// In the test function itself, so that a failure ends the test.
#define START_ENSEMBLE(spec, leader, error)                                              \
    do {                                                                                 \
        const auto started = startEnsemble(spec, leader, error);                         \
        QVERIFY2(started == Start::Ok, (error)->c_str());                                \
    } while (0)

class TstEnsembleFaults : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();

    void killLeader_data();
    void killLeader();
    void followerCatchesUp_data();
    void followerCatchesUp();
    void pauseLeader_data();
    void pauseLeader();
    void isolateLeader_data();
    void isolateLeader();
    void clientsAgreeAcrossNodes_data();
    void clientsAgreeAcrossNodes();

private:
    enum class Fault { Kill, Pause, Isolate };
    void kindRows(bool withFive);
    // Starts the ensemble and waits for a leader (an engine member that
    // answers srvr with Mode: standalone fails it).
    enum class Start { Ok, Failed };
    Start startEnsemble(const EnsembleSpec& spec, int* leader, std::string* why);
    void leaderFaultRounds(Fault fault);

    // Polls srvr of every node except `skip` (a paused node would stall the
    // poll) until one reports leader; -1 on timeout.
    int waitLeader(int skip, milliseconds timeout) const;
    // Every running node serves, one leader, the rest followers; -1 on timeout.
    int waitStable(milliseconds timeout) const;
    // Waits until every node reports the same zxid twice in a row.
    bool waitQuiet(milliseconds timeout, std::string* why) const;
    // zooscope-loadgen --verify of each record against each node; "" when
    // all pass.
    std::string verifyOnEveryNode(const std::vector<std::string>& records) const;

    std::string loadgen_;
    std::unique_ptr<Ensemble> e_;
    QTemporaryDir work_;
};

void TstEnsembleFaults::initTestCase() {
    loadgen_ = findLoadgen();
    QVERIFY2(!loadgen_.empty(), "zooscope-loadgen not found ($ZS_BIN_DIR or next to this binary)");
    QVERIFY(work_.isValid());
    qInfo("fault rounds per case: %d (ZS_FAULT_ROUNDS)", faultRounds());
}

void TstEnsembleFaults::kindRows(bool withFive) {
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("size");
    for (NodeKind k : {NodeKind::ApacheZooKeeper, NodeKind::Engine}) {
        QTest::addRow("%s/3", toString(k)) << int(k) << 3;
        if (withFive) QTest::addRow("%s/5", toString(k)) << int(k) << 5;
    }
}

int TstEnsembleFaults::waitLeader(int skip, milliseconds timeout) const {
    const auto start = Clock::now();
    for (;;) {
        for (int i = 0; i < e_->nodeCount(); ++i)
            if (i != skip && e_->mode(i) == NodeMode::Leader) return i;
        if (Clock::now() - start > timeout) return -1;
        std::this_thread::sleep_for(20ms);
    }
}

int TstEnsembleFaults::waitStable(milliseconds timeout) const {
    const auto start = Clock::now();
    for (;;) {
        int leaders = 0, followers = 0, leader = -1;
        for (int i = 0; i < e_->nodeCount(); ++i) {
            const NodeMode m = e_->mode(i);
            if (m == NodeMode::Leader) {
                ++leaders;
                leader = i;
            } else if (m == NodeMode::Follower || m == NodeMode::Observer) {
                ++followers;
            }
        }
        if (leaders == 1 && leaders + followers == e_->nodeCount()) return leader;
        if (Clock::now() - start > timeout) return -1;
        std::this_thread::sleep_for(50ms);
    }
}

bool TstEnsembleFaults::waitQuiet(milliseconds timeout, std::string* why) const {
    const auto start = Clock::now();
    long long previous = -2;
    for (;;) {
        std::vector<long long> z;
        for (int i = 0; i < e_->nodeCount(); ++i) z.push_back(srvrZxid(e_->fourLetterWord(i, "srvr")));
        const bool same = std::all_of(z.begin(), z.end(), [&](long long v) { return v >= 0 && v == z[0]; });
        if (same && z[0] == previous) return true;
        previous = same ? z[0] : -2;
        if (Clock::now() - start > timeout) {
            *why = "the nodes' zxids did not converge:";
            for (auto v : z) *why += " " + std::to_string(v);
            return false;
        }
        std::this_thread::sleep_for(300ms);
    }
}

std::string TstEnsembleFaults::verifyOnEveryNode(const std::vector<std::string>& records) const {
    std::string problems;
    for (const auto& record : records)
        for (int i = 0; i < e_->nodeCount(); ++i) {
            const std::string out = work_.path().toStdString() + "/verify-" + std::to_string(i) + ".out";
            const int rc = runProcess({loadgen_, "--verify", record, "--connect", hostsOf(*e_, {i}), "--json"}, out);
            const QJsonObject j = lastJsonLine(readFile(out));
            if (rc != 0 || !j.value("ok").toBool() || j.value("paths").toInteger() == 0)
                problems += "node " + std::to_string(i + 1) + ", " + record + ": " + readFile(out) + "\n";
            else
                qInfo("node %d has every acknowledged write of %s: %lld paths, %lld record lines", i + 1,
                      fs::path(record).filename().c_str(), (long long)j.value("paths").toInteger(),
                      (long long)j.value("record_lines").toInteger());
        }
    return problems;
}

TstEnsembleFaults::Start TstEnsembleFaults::startEnsemble(const EnsembleSpec& spec, int* leader, std::string* why) {
    e_.reset();
    const auto t0 = Clock::now();
    e_ = Ensemble::start(spec, why);
    if (!e_) return Start::Failed;
    for (int i = 0; i < e_->nodeCount(); ++i)
        if (!e_->waitReady(i, 60s, why)) return Start::Failed;
    if (spec.kind == NodeKind::Engine && e_->mode(0) == NodeMode::Standalone) {
        *why = "zooscope-server runs standalone (srvr says Mode: standalone) although its zoo.cfg lists an ensemble";
        return Start::Failed;
    }
    *leader = waitStable(30s);
    if (*leader < 0) {
        *why = "no stable leader/followers within 30 s";
        return Start::Failed;
    }
    qInfo("%d %s nodes: leader node %d, serving after %lld ms", e_->nodeCount(), toString(spec.kind), *leader + 1,
          msSince(t0));
    return Start::Ok;
}

// ---------------------------------------------------------------------------

void TstEnsembleFaults::killLeader_data() { kindRows(true); }
void TstEnsembleFaults::killLeader() { leaderFaultRounds(Fault::Kill); }
void TstEnsembleFaults::pauseLeader_data() { kindRows(false); }
void TstEnsembleFaults::pauseLeader() { leaderFaultRounds(Fault::Pause); }
void TstEnsembleFaults::isolateLeader_data() { kindRows(false); }
void TstEnsembleFaults::isolateLeader() { leaderFaultRounds(Fault::Isolate); }

// Rounds of: fault the leader, time the new leader, repair; under load and
// with two session probes. Then every acknowledged write on every node.
void TstEnsembleFaults::leaderFaultRounds(Fault fault) {
    QFETCH(int, kind);
    QFETCH(int, size);
    EnsembleSpec spec;
    spec.kind = NodeKind(kind);
    spec.size = size;
    spec.tickTime = 2000;
    if (fault == Fault::Pause) {
        // Followers give up on a silent leader after syncLimit ticks (1 s).
        spec.tickTime = 200;
        spec.syncLimit = 5;
    }
    spec.proxiedPeers = fault == Fault::Isolate;
    int leader = -1;
    std::string error;
    START_ENSEMBLE(spec, &leader, &error);

    // Sessions: one on the leader (it must move), one on a follower.
    const int sessionTimeout = 20 * spec.tickTime;  // ZooKeeper's maxSessionTimeout
    auto mover = probeOn(*e_, [&](int i) { return i == leader; }, sessionTimeout);
    auto stayer = probeOn(*e_, [&](int i) { return i >= 0 && i != leader; }, sessionTimeout);
    QVERIFY2(mover && stayer, "could not place the session probes");
    QCOMPARE(mover->createEphemeral("/faults-mover"), int(ZOK));
    QCOMPARE(stayer->createEphemeral("/faults-stayer"), int(ZOK));
    const int64_t moverId = mover->sessionId(), stayerId = stayer->sessionId();

    const std::string record = work_.path().toStdString() + "/" +
                               QString(QTest::currentDataTag()).replace('/', '-').toStdString() + ".record";
    fs::remove(record);
    LoadDriver load(loadgen_, e_->connectString(), record, work_.path().toStdString());
    load.start();
    std::this_thread::sleep_for(1500ms);

    const char* what = fault == Fault::Kill ? "kill -9" : fault == Fault::Pause ? "SIGSTOP" : "isolate";
    std::vector<long long> times;
    int moves = 0;
    for (int r = 1; r <= faultRounds(); ++r) {
        leader = waitStable(60s);
        QVERIFY2(leader >= 0, qPrintable(QString("round %1: no stable ensemble before the fault").arg(r)));
        const int moverWasOn = indexOfPort(*e_, mover->connectedPort());
        const auto t0 = Clock::now();
        bool ok = false;
        switch (fault) {
        case Fault::Kill: ok = e_->kill(leader, &error); break;
        case Fault::Pause: ok = e_->pause(leader, &error); break;
        case Fault::Isolate: ok = e_->isolate(leader, &error); break;
        }
        QVERIFY2(ok, error.c_str());
        const int next = waitLeader(leader, 30s);
        const long long ms = msSince(t0);
        QVERIFY2(next >= 0, qPrintable(QString("round %1: no new leader within 30 s of %2").arg(r).arg(what)));
        times.push_back(ms);
        qInfo("round %d: %s leader node %d -> node %d leads after %lld ms", r, what, leader + 1, next + 1, ms);

        switch (fault) {
        case Fault::Kill: ok = e_->restart(leader, &error); break;
        case Fault::Pause: ok = e_->resume(leader, &error); break;
        case Fault::Isolate: ok = e_->heal(leader, &error); break;
        }
        QVERIFY2(ok, error.c_str());
        QVERIFY2(e_->waitReady(leader, 60s, &error), error.c_str());
        QVERIFY2(waitStable(60s) >= 0,
                 qPrintable(QString("round %1: node %2 did not rejoin; its log:\n%3")
                                .arg(r)
                                .arg(leader + 1)
                                .arg(QString::fromStdString(e_->logTail(leader, 40)))));
        // The sessions reconnected (possibly elsewhere) and are the same sessions.
        QVERIFY2(mover->waitConnected(30s) && stayer->waitConnected(30s), "a probe session did not reconnect");
        QVERIFY(!mover->expired() && !stayer->expired());
        QCOMPARE(mover->sessionId(), moverId);
        QCOMPARE(stayer->sessionId(), stayerId);
        if (moverWasOn == leader) ++moves;
    }
    const auto totals = load.stop();
    qInfo("load: %d loadgen runs (%d could not set up), %lld ok, %lld errors, %lld acknowledged writes recorded",
          totals.runs, totals.failedSetups, totals.ok, totals.errors, totals.recorded);
    QVERIFY2(totals.recorded > 0, totals.lastOutput.c_str());

    // Within 2 s every round.
    const long long worst = *std::max_element(times.begin(), times.end());
    auto sorted = times;
    std::sort(sorted.begin(), sorted.end());
    qInfo("%s leader -> new leader: median %lld ms, max %lld ms over %zu rounds", what, sorted[sorted.size() / 2],
          worst, sorted.size());
    const QString late = QString("a new leader took %1 ms after %2 (limit %3 ms)").arg(worst).arg(what).arg(kNewLeaderLimitMs);
    if (spec.kind == NodeKind::Engine) QVERIFY2(worst <= kNewLeaderLimitMs, qPrintable(late));
    else if (worst > kNewLeaderLimitMs) qWarning("Apache ZooKeeper (reference, not held to the limit): %s", qPrintable(late));

    // Sessions and their ephemerals survived, and one of them moved nodes.
    QVERIFY2(moves >= 1, "the mover session was never on the faulted node");
    QCOMPARE(mover->ephemeralOwned(), int(ZOK));
    QCOMPARE(stayer->ephemeralOwned(), int(ZOK));

    // No acknowledged write lost, on any node; every node has the same tree.
    QVERIFY2(waitQuiet(30s, &error), error.c_str());
    const long long count0 = mntrValue(e_->fourLetterWord(0, "mntr"), "zk_znode_count");
    QVERIFY(count0 > 0);
    for (int i = 1; i < e_->nodeCount(); ++i)
        QCOMPARE(mntrValue(e_->fourLetterWord(i, "mntr"), "zk_znode_count"), count0);
    const std::string problems = verifyOnEveryNode({record});
    QVERIFY2(problems.empty(), problems.c_str());
}

// ---------------------------------------------------------------------------

void TstEnsembleFaults::followerCatchesUp_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<bool>("purged");
    for (NodeKind k : {NodeKind::ApacheZooKeeper, NodeKind::Engine}) {
        QTest::addRow("%s/diff", toString(k)) << int(k) << false;
        QTest::addRow("%s/snap after purge", toString(k)) << int(k) << true;
    }
}

// Kill a follower, write 10,000 more, restart it: its data matches the
// others', it has every acknowledged write, and the leader synced it the
// expected way (mntr zk_diff_count / zk_snap_count, ZooKeeper's counters).
void TstEnsembleFaults::followerCatchesUp() {
    QFETCH(int, kind);
    QFETCH(bool, purged);
    EnsembleSpec spec;
    spec.kind = NodeKind(kind);
    spec.size = 3;
    if (purged) {
        // Small logs and snapshots, and only the last 3 kept.
        spec.extraConfig = {{"snapCount", "1000"}, {"autopurge.snapRetainCount", "3"}, {"autopurge.purgeInterval", "1"}};
    } else if (spec.kind == NodeKind::ApacheZooKeeper) {
        // ZooKeeper syncs from its in-memory committed log only within the
        // last zookeeper.commitLogCount (500) proposals; keep enough for
        // DIFF over 10,000 writes plus the background load.
        spec.jvmArgs = {"-Dzookeeper.commitLogCount=60000"};
    }
    int leader = -1;
    std::string error;
    START_ENSEMBLE(spec, &leader, &error);

    const std::string record = work_.path().toStdString() + "/catchup-" + (purged ? "snap" : "diff") + ".record";
    fs::remove(record);
    LoadDriver load(loadgen_, e_->connectString(), record, work_.path().toStdString());
    load.start();
    std::this_thread::sleep_for(1500ms);

    const int follower = (leader + 1) % 3;
    const int other = (leader + 2) % 3;
    QVERIFY2(e_->kill(follower, &error), error.c_str());

    // 10,000 more acknowledged writes while it is down (own record file: two
    // writers appending to one file would interleave their lines).
    const std::string batchRecord = record + ".batch";
    fs::remove(batchRecord);
    const std::string out = work_.path().toStdString() + "/catchup-writes.out";
    const int rc = runProcess({loadgen_, "--connect", hostsOf(*e_, {leader, other}), "--sessions", "4", "--window",
                               "16", "--mix", "create=50,set=50", "--keys", "50", "--root", "/catchup", "--ops",
                               "10000", "--record", batchRecord, "--json"},
                              out);
    const QJsonObject j = lastJsonLine(readFile(out));
    QVERIFY2(rc == 0 && j.value("recorded_writes").toInteger() >= 10000, readFile(out).c_str());

    if (purged && spec.kind == NodeKind::ApacheZooKeeper) {
        // ZooKeeper's autopurge runs at start and then hourly at best; run
        // its PurgeTxnLog (what zkCleanup.sh runs) on the leader now. The
        // engine purges after each snapshot by itself.
        const std::string dir = e_->node(leader).dataDir;
        const std::string pout = work_.path().toStdString() + "/purge.out";
        const int prc = runProcess({"/usr/bin/java", "-cp", kApacheClassPath, "org.apache.zookeeper.server.PurgeTxnLog",
                                    dir, dir, "-n", "3"},
                                   pout);
        QVERIFY2(prc == 0, readFile(pout).c_str());
    }

    const std::string leaderMntr = e_->fourLetterWord(leader, "mntr");
    const long long diffBefore = mntrValue(leaderMntr, "zk_diff_count");
    const long long snapBefore = mntrValue(leaderMntr, "zk_snap_count");
    QVERIFY2(diffBefore >= 0 && snapBefore >= 0,
             ("the leader's mntr has no zk_diff_count/zk_snap_count (ZooKeeper's counters of how it synced "
              "learners):\n" + leaderMntr).c_str());

    const auto t0 = Clock::now();
    QVERIFY2(e_->startNode(follower, &error), error.c_str());
    QVERIFY2(e_->waitReady(follower, 60s, &error), error.c_str());
    QCOMPARE(waitStable(60s), leader);
    qInfo("follower node %d serving again %lld ms after its restart", follower + 1, msSince(t0));
    const auto totals = load.stop();
    qInfo("background load: %lld ok, %lld errors, %lld acknowledged writes", totals.ok, totals.errors, totals.recorded);

    const std::string after = e_->fourLetterWord(leader, "mntr");
    const long long diffs = mntrValue(after, "zk_diff_count") - diffBefore;
    const long long snaps = mntrValue(after, "zk_snap_count") - snapBefore;
    qInfo("leader synced the follower with %lld DIFF and %lld SNAP", diffs, snaps);
    if (purged) {
        QVERIFY2(snaps >= 1, "the follower was not synced by SNAP although the leader's log was purged");
    } else {
        QVERIFY2(diffs >= 1 && snaps == 0, "the follower was not synced by DIFF");
    }

    QVERIFY2(waitQuiet(30s, &error), error.c_str());
    const long long count = mntrValue(e_->fourLetterWord(leader, "mntr"), "zk_znode_count");
    QVERIFY(count > 10000 / 2);
    for (int i = 0; i < 3; ++i) QCOMPARE(mntrValue(e_->fourLetterWord(i, "mntr"), "zk_znode_count"), count);
    const std::string problems = verifyOnEveryNode({record, batchRecord});
    QVERIFY2(problems.empty(), problems.c_str());
}

// ---------------------------------------------------------------------------

void TstEnsembleFaults::clientsAgreeAcrossNodes_data() { kindRows(false); }

// After a failover, the C client, kazoo and zkCli.sh, each on a different
// node, write and see each other's writes (each reader syncs first, as a
// ZooKeeper client must to read another client's write on another node).
void TstEnsembleFaults::clientsAgreeAcrossNodes() {
    QFETCH(int, kind);
    QFETCH(int, size);
    if (!QFile::exists("/usr/share/zookeeper/bin/zkCli.sh") || !QFile::exists("/usr/bin/python3"))
        QFAIL("zkCli.sh (package zookeeper) or /usr/bin/python3 is missing; scripts/test installs them");
    EnsembleSpec spec;
    spec.kind = NodeKind(kind);
    spec.size = size;
    int leader = -1;
    std::string error;
    START_ENSEMBLE(spec, &leader, &error);
    QVERIFY2(e_->kill(leader, &error), error.c_str());
    QVERIFY(waitLeader(leader, 30s) >= 0);
    QVERIFY2(e_->restart(leader, &error), error.c_str());
    QVERIFY2(e_->waitReady(leader, 60s, &error), error.c_str());
    QVERIFY(waitStable(60s) >= 0);

    // 1. The C client on node 1 writes.
    SessionProbe c(hostsOf(*e_, {0}), 10000);
    QVERIFY(c.waitConnected(15s));
    QCOMPARE(zoo_create(c.handle(), "/xc", "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), int(ZOK));
    QCOMPARE(zoo_create(c.handle(), "/xc/c", "from-c", 6, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), int(ZOK));

    // 2. kazoo on node 2 reads it and writes.
    const QString py = QStringLiteral(
        "import sys\n"
        "from kazoo.client import KazooClient\n"
        "zk = KazooClient(hosts=sys.argv[1]); zk.start(timeout=15)\n"
        "zk.sync('/xc')\n"
        "print('kazoo-read', zk.get('/xc/c')[0].decode())\n"
        "zk.create('/xc/kazoo', b'from-kazoo')\n"
        "zk.stop()\n");
    QProcess kazoo;
    kazoo.setProcessChannelMode(QProcess::MergedChannels);
    kazoo.start("/usr/bin/python3", {"-c", py, QString::fromStdString(hostsOf(*e_, {1}))});
    QVERIFY(kazoo.waitForFinished(60000));
    const QString kout = QString::fromUtf8(kazoo.readAll());
    QVERIFY2(kazoo.exitCode() == 0 && kout.contains("kazoo-read from-c"), qPrintable(kout));

    // 3. zkCli.sh on node 3 reads both and writes.
    QProcess cli;
    cli.setProcessChannelMode(QProcess::MergedChannels);
    cli.start("/usr/share/zookeeper/bin/zkCli.sh", {"-server", QString::fromStdString(hostsOf(*e_, {2}))});
    QVERIFY(cli.waitForStarted(10000));
    QString cout;
    auto waitOut = [&](const QString& needle, int ms) {
        QElapsedTimer t;
        t.start();
        while (!cout.contains(needle) && t.elapsed() < ms) {
            cli.waitForReadyRead(100);
            cout += QString::fromUtf8(cli.readAll());
        }
        return cout.contains(needle);
    };
    QVERIFY2(waitOut("state:SyncConnected", 30000), qPrintable(cout));
    cli.write("sync /xc\nget /xc/c\nget /xc/kazoo\ncreate /xc/zkcli from-zkcli\n");
    QVERIFY2(waitOut("Created /xc/zkcli", 20000), qPrintable(cout));
    QVERIFY2(cout.contains("\nfrom-c\n") && cout.contains("\nfrom-kazoo\n"), qPrintable(cout));
    cli.write("quit\n");
    cli.closeWriteChannel();
    if (!cli.waitForFinished(20000)) cli.kill();

    // 4. The C client sees zkCli's and kazoo's writes; all three agree on /xc.
    QCOMPARE(zoo_async(c.handle(), "/xc", [](int, const char*, const void*) {}, nullptr), int(ZOK));
    char buf[64];
    int len = sizeof buf;
    QCOMPARE(zoo_get(c.handle(), "/xc/zkcli", 0, buf, &len, nullptr), int(ZOK));
    QCOMPARE(QByteArray(buf, len), QByteArray("from-zkcli"));
    len = sizeof buf;
    QCOMPARE(zoo_get(c.handle(), "/xc/kazoo", 0, buf, &len, nullptr), int(ZOK));
    QCOMPARE(QByteArray(buf, len), QByteArray("from-kazoo"));
    String_vector children{};
    QCOMPARE(zoo_get_children(c.handle(), "/xc", 0, &children), int(ZOK));
    QStringList names;
    for (int i = 0; i < children.count; ++i) names << children.data[i];
    deallocate_String_vector(&children);
    names.sort();
    QCOMPARE(names.join(','), QString("c,kazoo,zkcli"));
}

QTEST_GUILESS_MAIN(TstEnsembleFaults)
#include "tst_ensemble_faults.moc"
