// `zooscope-ctl demo up` as a user runs it, on both kinds of node:
//   - stdout carries exactly one line, the connect string, once every node
//     serves and the workers have joined; a client (zooscope-ctl over the
//     ZooKeeper C client) uses it, and the workload's sums are exact;
//   - SIGTERM stops it with exit 0, and no process it started is left
//     (checked in /proc), nor its temp folder;
//   - kill -9 of `demo up` itself leaves no process either (the nodes and the
//     workers die with it); its temp folder goes with the next ensemble
//     started (zooscope/temp_dir.h's owner mark).
// And the relays' slowed links: the added latency a round trip sees through a
// LoopbackRelay end with a delay, and Ensemble::slow() on a running ensemble.
// Timing numbers are printed (docs/BENCHMARKS.md); the asserts are bounds the
// relay's contract guarantees (a delay is never shorter than asked).
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <sstream>
#include <map>
#include <thread>

#include "zooscope/ensemble.h"
#include "zooscope/loopback.h"
#include "zooscope/loopback_relay.h"
#include "zooscope/stream.h"

using namespace zooscope;
using namespace std::chrono_literals;

namespace {

QString binary(const QString& name) { return QString::fromUtf8(qgetenv("ZS_BIN_DIR")) + "/" + name; }

// A process as /proc shows it: the start time tells a pid that was reused.
struct ProcId {
    int pid = 0;
    std::string startTime;
};

// Fields of /proc/<pid>/stat after the command name: state is [0], ppid
// [1], starttime [19]. Empty when the process is gone.
std::vector<std::string> statFields(int pid) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(in, line);
    const auto paren = line.rfind(')');
    if (paren == std::string::npos) return {};
    std::istringstream rest(line.substr(paren + 2));
    std::vector<std::string> fields;
    for (std::string f; rest >> f;) fields.push_back(f);
    return fields;
}

// Every descendant of `root` now (children, their children, ...).
std::vector<ProcId> descendants(int root) {
    std::map<int, std::vector<ProcId>> children;
    for (const auto& entry : QDir("/proc").entryList(QDir::Dirs)) {
        bool ok = false;
        const int pid = entry.toInt(&ok);
        if (!ok) continue;
        const auto f = statFields(pid);
        if (f.size() > 19) children[std::stoi(f[1])].push_back({pid, f[19]});
    }
    std::vector<ProcId> out;
    std::vector<int> todo{root};
    while (!todo.empty()) {
        const int p = todo.back();
        todo.pop_back();
        for (const ProcId& c : children[p]) {
            out.push_back(c);
            todo.push_back(c.pid);
        }
    }
    return out;
}

// Still running: the same process (start time) and not a zombie.
bool alive(const ProcId& p) {
    const auto f = statFields(p.pid);
    return f.size() > 19 && f[19] == p.startTime && f[0] != "Z" && f[0] != "X";
}

// Waits (generously) until none of `procs` runs; the ones left, as text.
QString leftRunning(const std::vector<ProcId>& procs, std::chrono::seconds within = 30s) {
    const auto deadline = std::chrono::steady_clock::now() + within;
    for (;;) {
        QStringList left;
        for (const auto& p : procs)
            if (alive(p)) left << QString::number(p.pid);
        if (left.isEmpty() || std::chrono::steady_clock::now() >= deadline) return left.join(' ');
        std::this_thread::sleep_for(100ms);
    }
}

struct CtlRun {
    int exitCode = -1;
    QString out, err;
};

CtlRun ctl(const QStringList& args) {
    QProcess p;
    p.start(binary("zooscope-ctl"), args);
    CtlRun r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitCode();
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

// One `zooscope-ctl demo up` process; killed with the test (PDEATHSIG).
class Demo {
public:
    explicit Demo(const QStringList& args) {
        proc_.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        proc_.start(binary("zooscope-ctl"), QStringList{"demo", "up"} + args);
    }
    ~Demo() {
        if (proc_.state() != QProcess::NotRunning) {
            proc_.kill();
            proc_.waitForFinished(10000);
        }
    }
    // Waits for the first stdout line (the connect string); "" when the
    // process ends or the deadline passes first.
    QString connectString(int timeoutMs = 150000) {
        QElapsedTimer t;
        t.start();
        while (!out_.contains('\n') && t.elapsed() < timeoutMs && proc_.state() != QProcess::NotRunning) {
            proc_.waitForReadyRead(200);
            out_ += QString::fromUtf8(proc_.readAllStandardOutput());
        }
        out_ += QString::fromUtf8(proc_.readAllStandardOutput());
        return out_.contains('\n') ? out_.left(out_.indexOf('\n')) : QString();
    }
    int pid() const { return static_cast<int>(proc_.processId()); }
    QProcess& process() { return proc_; }
    QString allOut() {
        out_ += QString::fromUtf8(proc_.readAllStandardOutput());
        return out_;
    }
    QString err() {
        err_ += QString::fromUtf8(proc_.readAllStandardError());
        return err_;
    }

private:
    QProcess proc_;
    QString out_, err_;
};

const QRegularExpression kConnect(QStringLiteral("^127\\.0\\.0\\.1:\\d+(,127\\.0\\.0\\.1:\\d+)*$"));

}  // namespace

class TstDemo : public QObject {
    Q_OBJECT

private slots:
    void grammarRefusals();
    void demoUp_data();
    void demoUp();
    void relayDelayAddsLatency();
    void ensembleSlowsAPeer();

private:
    void expectWorkloadExact(const QString& connect, int partitions);
};

void TstDemo::grammarRefusals() {
    for (const QStringList& args : {QStringList{"demo", "up", "--nodes", "2"}, {"demo", "up", "--kind", "etcd"},
                                    {"demo", "up", "--workers", "-1"}, {"demo", "up", "--job", "no/slash"},
                                    {"--connect", "127.0.0.1:1", "demo", "up"}, {"demo"}}) {
        const CtlRun r = ctl(args);
        QVERIFY2(r.exitCode == 2, qPrintable(args.join(' ') + " -> " + QString::number(r.exitCode) + " " + r.err));
        QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
        QVERIFY2(!r.err.isEmpty(), qPrintable(args.join(' ')));
    }
}

// The sums of every partition exact for its offset, and offsets moving.
void TstDemo::expectWorkloadExact(const QString& connect, int partitions) {
    uint64_t firstTotal = 0;
    for (int round = 0; round < 2; ++round) {
        if (round) std::this_thread::sleep_for(1500ms);
        const CtlRun status = ctl({"--connect", connect, "--json", "stream", "status", "/zooscope/demo"});
        QVERIFY2(status.exitCode == 0, qPrintable(status.err));
        const QJsonObject offsets = QJsonDocument::fromJson(status.out.toUtf8()).object().value("offsets").toObject();
        QCOMPARE(offsets.size(), partitions);
        uint64_t total = 0;
        for (auto it = offsets.begin(); it != offsets.end(); ++it) {
            const QJsonObject r = it.value().toObject();
            const auto offset = static_cast<uint64_t>(r.value("offset").toInteger());
            QCOMPARE(static_cast<uint64_t>(r.value("sum").toInteger()), stream::expectedSum(it.key().toInt(), offset));
            total += offset;
        }
        if (round == 0) firstTotal = total;
        else QVERIFY2(total > firstTotal, "the workers commit nothing");
    }
}

void TstDemo::demoUp_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<bool>("kill9");
    QTest::newRow("engine, SIGTERM") << QStringLiteral("engine") << false;
    QTest::newRow("apache, kill -9") << QStringLiteral("apache") << true;
}

void TstDemo::demoUp() {
    QFETCH(QString, kind);
    QFETCH(bool, kill9);
    constexpr int kPartitions = 8;
    QElapsedTimer clock;
    clock.start();
    Demo demo({"--kind", kind, "--nodes", "3", "--workers", "2", "--partitions", QString::number(kPartitions)});
    const QString connect = demo.connectString();
    QVERIFY2(kConnect.match(connect).hasMatch(), qPrintable("stdout: " + demo.allOut() + "\nstderr: " + demo.err()));
    QCOMPARE(connect.count(','), 2);
    qInfo("demo up (%s): connect string after %lld ms", qPrintable(kind), clock.elapsed());

    // Every node serves the string's clients, and the job is there.
    const CtlRun ls = ctl({"--connect", connect, "ls", "/zooscope/demo/members"});
    QVERIFY2(ls.exitCode == 0, qPrintable(ls.err));
    QCOMPARE(ls.out.split('\n', Qt::SkipEmptyParts), QStringList({"worker-1", "worker-2"}));
    for (const QString& one : connect.split(',')) {
        const CtlRun get = ctl({"--connect", one, "stat", "/zooscope/demo/config"});
        QVERIFY2(get.exitCode == 0, qPrintable(one + ": " + get.err));
    }
    expectWorkloadExact(connect, kPartitions);

    // Every node's AdminServer on a port of its own, named on stderr.
    const auto admins = QRegularExpression("AdminServer on 127\\.0\\.0\\.1:(\\d+)").globalMatch(demo.err());
    QSet<int> adminPorts;
    for (auto it = admins; it.hasNext();) adminPorts.insert(it.next().captured(1).toInt());
    QCOMPARE(adminPorts.size(), 3);
    for (int port : adminPorts)
        QVERIFY2(loopbackAccepts(static_cast<uint16_t>(port), 5000ms), qPrintable(QString::number(port)));

    // 3 nodes and 2 workers at least (a JVM node may run under a shell).
    const std::vector<ProcId> procs = descendants(demo.pid());
    QVERIFY2(procs.size() >= 5, qPrintable(QString::number(procs.size())));
    const QString folder = QRegularExpression("files in (\\S+)\\. ").match(demo.err()).captured(1);
    QVERIFY2(QDir(folder).exists(), qPrintable(demo.err()));

    if (kill9) {
        ::kill(demo.pid(), SIGKILL);
        QVERIFY(demo.process().waitForFinished(10000));
    } else {
        ::kill(demo.pid(), SIGTERM);
        QVERIFY(demo.process().waitForFinished(60000));
        QCOMPARE(demo.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(demo.process().exitCode(), 0);
        QVERIFY2(!QDir(folder).exists(), qPrintable(folder));
    }
    const QString left = leftRunning(procs);
    QVERIFY2(left.isEmpty(), qPrintable("still running: " + left));
    QCOMPARE(demo.allOut(), connect + "\n");  // one line, ever
    qInfo("demo up (%s): %zu processes, all gone %lld ms after the start", qPrintable(kind), procs.size(),
          clock.elapsed());
    if (kill9) {
        // demo up could not remove its temp folder; the next ensemble started
        // anywhere does (its owner is gone).
        QVERIFY2(QDir(folder).exists(), qPrintable(folder));
        EnsembleSpec spec;
        spec.size = 1;
        std::string error;
        QVERIFY2(Ensemble::start(spec, &error), error.c_str());
        QVERIFY2(!QDir(folder).exists(), qPrintable(folder + " is left"));
    }
}

// An echo server behind a relay: the round trip through an end with a delay
// d takes at least 2d more (d each way).
void TstDemo::relayDelayAddsLatency() {
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const uint16_t echoPort = freeLoopbackPort();
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(echoPort);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(listener, 4) == 0);
    std::thread echo([listener] {
        const int c = ::accept(listener, nullptr, nullptr);
        char buf[256];
        for (ssize_t n; c >= 0 && (n = ::recv(c, buf, sizeof buf, 0)) > 0;) ::send(c, buf, static_cast<size_t>(n), MSG_NOSIGNAL);
        if (c >= 0) ::close(c);
    });

    LoopbackRelay relay;
    std::string error;
    QVERIFY2(relay.open({LoopbackRelay::Route{0, 1, 7, -1}}, &error), error.c_str());
    relay.setTarget(7, echoPort);
    const int fd = connectLoopback(relay.port(0), 5000ms);
    QVERIFY(fd >= 0);
    ::fcntl(fd, F_SETFL, 0);  // blocking, for the round trips below
    auto roundTrip = [fd] {
        const auto t0 = std::chrono::steady_clock::now();
        char c = 'x';
        if (::send(fd, &c, 1, MSG_NOSIGNAL) != 1 || ::recv(fd, &c, 1, 0) != 1) return std::chrono::microseconds(-1);
        return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - t0);
    };
    auto median = [&](int n) {
        std::vector<std::chrono::microseconds> v;
        for (int k = 0; k < n; ++k) v.push_back(roundTrip());
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const auto plain = median(20);
    QVERIFY(plain.count() >= 0);
    constexpr auto kDelay = 100ms;
    relay.setDelay(1, kDelay);
    QCOMPARE(relay.delay(1).count(), kDelay.count());
    const auto slowed = median(7);
    relay.setDelay(1, 0ms);
    const auto restored = median(20);
    qInfo("relay round trip: %lld us plain, %lld us with a %lld ms delay on one end, %lld us restored",
          static_cast<long long>(plain.count()), static_cast<long long>(slowed.count()),
          static_cast<long long>(kDelay.count()), static_cast<long long>(restored.count()));
    QVERIFY2(slowed >= 2 * kDelay, "a delayed end must add the delay each way");
    QVERIFY2(slowed < 2 * kDelay + 5s, "a delay must not stall the link");
    QVERIFY2(restored < kDelay, "a delay of 0 restores the link");
    ::close(fd);
    echo.join();
    ::close(listener);
}

// Ensemble::slow on a proxied 3-node engine ensemble: the node reports its
// delay, the ensemble keeps serving, 0 restores; refused without relays.
void TstDemo::ensembleSlowsAPeer() {
    EnsembleSpec spec;
    spec.size = 3;
    spec.proxiedPeers = true;
    std::string error;
    auto ensemble = Ensemble::start(spec, &error);
    QVERIFY2(ensemble, error.c_str());
    for (int i = 0; i < 3; ++i) QVERIFY2(ensemble->waitReady(i, 60000ms, &error), error.c_str());
    QVERIFY(ensemble->slow(1, 150ms, &error));
    QCOMPARE(ensemble->node(1).peerDelay.count(), 150);
    QCOMPARE(ensemble->node(0).peerDelay.count(), 0);
    QVERIFY(!ensemble->slow(1, -1ms, &error));
    QVERIFY2(error.find("negative") != std::string::npos, error.c_str());
    QVERIFY(!ensemble->slow(7, 10ms, &error));
    for (int i = 0; i < 3; ++i) QVERIFY2(ensemble->waitReady(i, 60000ms, &error), error.c_str());
    QVERIFY(ensemble->slow(1, 0ms, &error));
    QCOMPARE(ensemble->node(1).peerDelay.count(), 0);

    spec.size = 1;
    spec.proxiedPeers = false;
    auto single = Ensemble::start(spec, &error);
    QVERIFY2(single, error.c_str());
    QVERIFY(!single->slow(0, 10ms, &error));
    QVERIFY2(error.find("proxiedPeers") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TstDemo)
#include "tst_demo.moc"
