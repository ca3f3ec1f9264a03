// Jepsen-style histories on real processes: a 3-node ensemble of each kind
// (Apache ZooKeeper 3.8 as the baseline in the same run, then the engine),
// five ensemble_history_client processes, each bound to one member, doing
// sync-then-read, write and compare-and-set on three registers and
// sequential creates, while a nemesis kills -9 the leader, SIGSTOPs a member
// and isolates a member (the leader every other time) through the launcher's
// peer relays, then heals each fault.
//
// The register histories go through the linearizability checker of
// tests/sim (indeterminate operations may take effect at any time after
// their invocation, or never); sequential creates must be unique, ordered in
// real time and all present when acknowledged, the same on every member.
// The engine must pass; Apache ZooKeeper's result is reported beside it and
// a violation there is noted, not failed (its sync is not a quorum
// operation, so a sync-then-read on a deposed leader may be stale).
//
// Then the checker must reject cuts of the engine's real history with one
// defect each: a write dropped, a read moved back in time, two
// compare-and-sets acknowledged from one version. With $ZS_HISTORY_CUTS_DIR
// set, the cuts are written there (tests/sim/histories holds such cuts for
// tst_linearizability).
//
// Seconds of load and faults per kind: $ZS_HISTORY_SECONDS (default 20; the
// `slow` run takes 120).
#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <zookeeper/zookeeper.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <map>
#include <thread>

#include "history_file.h"
#include "linearizability.h"
#include "zooscope/ensemble.h"

using namespace zooscope;
using namespace std::chrono_literals;
using sim::History;
using sim::RegOp;
using Clock = std::chrono::steady_clock;

namespace {

constexpr int kClients = 5;
constexpr int kRegisters = 3;
constexpr int kSessionTimeoutMs = 4000;  // maxSessionTimeout at tickTime 200
const std::string kRoot = "/jepsen";
const std::string kInitial = "init";

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

int historySeconds() {
    const char* v = std::getenv("ZS_HISTORY_SECONDS");
    const int n = v ? std::atoi(v) : 0;
    return n > 0 ? n : 20;
}

// A C-client session on one member, for setup and the final reads.
class Member {
public:
    explicit Member(const std::string& host) {
        zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
        zh_ = zookeeper_init(host.c_str(), nullptr, kSessionTimeoutMs, nullptr, nullptr, 0);
    }
    ~Member() {
        if (zh_) zookeeper_close(zh_);
    }
    Member(const Member&) = delete;
    Member& operator=(const Member&) = delete;

    bool waitConnected(std::chrono::milliseconds timeout) {
        const auto end = Clock::now() + timeout;
        while (zoo_state(zh_) != ZOO_CONNECTED_STATE) {
            if (Clock::now() > end) return false;
            std::this_thread::sleep_for(10ms);
        }
        return true;
    }
    zhandle_t* handle() { return zh_; }
    // ZooKeeper's sync on `path`, waited for.
    int sync(const std::string& path) {
        std::atomic<int> rc{1};
        const int sent = zoo_async(zh_, path.c_str(), [](int r, const char*, const void* data) {
            static_cast<std::atomic<int>*>(const_cast<void*>(data))->store(r);
        }, &rc);
        if (sent != ZOK) return sent;
        while (rc.load() == 1) std::this_thread::sleep_for(1ms);
        return rc.load();
    }

private:
    zhandle_t* zh_ = nullptr;
};

// The quiet point of one key's history after `after`: the first time by
// which every operation invoked before it has responded. Operations of the
// key are sorted by invocation; returns how many of them come before it,
// 0 when there is none (an indeterminate operation never responds).
size_t quietPrefix(const std::vector<RegOp>& ops, int64_t after) {
    int64_t maxResponse = 0;
    for (size_t i = 0; i < ops.size(); ++i) {
        if (i > 0 && maxResponse >= after && ops[i].invoke > maxResponse) return i;
        maxResponse = std::max(maxResponse, ops[i].response);
        if (maxResponse == RegOp::kNever) return 0;
    }
    return maxResponse >= after && maxResponse != RegOp::kNever ? ops.size() : 0;
}

struct Cut {
    std::string name;
    std::vector<RegOp> history;
};

// One real, linearizable prefix of one key and three defective copies of it.
// Empty when the history has no key with an acknowledged compare-and-set and
// a read of a written value before its first indeterminate operation.
std::vector<Cut> cutsOf(const std::vector<RegOp>& all) {
    std::map<std::string, std::vector<RegOp>> byKey;
    for (const auto& op : all) byKey[op.key].push_back(op);
    for (auto& [key, ops] : byKey) {
        std::sort(ops.begin(), ops.end(), [](const RegOp& a, const RegOp& b) { return a.invoke < b.invoke; });
        const auto read = std::find_if(ops.begin(), ops.end(), [](const RegOp& o) {
            return o.kind == RegOp::Read && o.response != RegOp::kNever && o.exists && o.readValue != kInitial;
        });
        const auto cas = std::find_if(ops.begin(), ops.end(), [](const RegOp& o) {
            return o.kind == RegOp::Cas && o.ok && o.response != RegOp::kNever;
        });
        if (read == ops.end() || cas == ops.end()) continue;
        const auto written = std::find_if(ops.begin(), ops.end(), [&](const RegOp& o) {
            return o.kind != RegOp::Read && o.ok && o.value == read->readValue;
        });
        if (written == ops.end() || written->response == RegOp::kNever) continue;
        const size_t n = quietPrefix(ops, std::max(read->response, cas->response));
        if (n == 0) continue;
        std::vector<RegOp> prefix(ops.begin(), ops.begin() + static_cast<long>(n));
        const int64_t base = prefix.front().invoke - 10;
        for (auto& o : prefix) {
            o.invoke -= base;
            o.response -= base;
        }
        auto find = [&](const RegOp& like) {
            return std::find_if(prefix.begin(), prefix.end(), [&](const RegOp& o) {
                return o.client == like.client && o.invoke == like.invoke - base;
            });
        };
        std::vector<Cut> cuts{{"real", prefix}};

        Cut dropped{"write-dropped", prefix};
        dropped.history.erase(dropped.history.begin() + (find(*written) - prefix.begin()));
        cuts.push_back(dropped);

        Cut back{"read-back-in-time", prefix};
        RegOp& r = back.history[static_cast<size_t>(find(*read) - prefix.begin())];
        r.invoke = written->invoke - base - 2;
        r.response = written->invoke - base - 1;
        cuts.push_back(back);

        Cut twice{"cas-twice-from-one-version", prefix};
        RegOp copy = *find(*cas);
        copy.client = 999;
        copy.value += "-again";
        twice.history.push_back(copy);
        cuts.push_back(twice);
        return cuts;
    }
    return {};
}

}  // namespace

class TstEnsembleHistories : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void histories_data();
    void histories();
    void checkerRejectsCutsOfRealRuns();

private:
    // Runs the nemesis until `end`; returns a line per fault.
    QStringList nemesis(Ensemble& e, Clock::time_point end);
    int waitLeader(Ensemble& e, std::chrono::milliseconds timeout);

    QString client_;
    QTemporaryDir work_;
    std::vector<RegOp> engineHistory_;
};

void TstEnsembleHistories::initTestCase() {
    const QString dir = qEnvironmentVariable("ZS_BIN_DIR", QCoreApplication::applicationDirPath());
    client_ = dir + "/ensemble_history_client";
    QVERIFY2(QFileInfo(client_).isExecutable(), qPrintable(client_ + " not found ($ZS_BIN_DIR)"));
    QVERIFY(work_.isValid());
    qInfo("%d s of load and faults per kind (ZS_HISTORY_SECONDS)", historySeconds());
}

void TstEnsembleHistories::histories_data() {
    QTest::addColumn<int>("kind");
    for (NodeKind k : {NodeKind::ApacheZooKeeper, NodeKind::Engine}) QTest::addRow("%s", toString(k)) << int(k);
}

int TstEnsembleHistories::waitLeader(Ensemble& e, std::chrono::milliseconds timeout) {
    const auto end = Clock::now() + timeout;
    for (;;) {
        int leaders = 0, serving = 0, leader = -1;
        for (int i = 0; i < e.nodeCount(); ++i) {
            const NodeMode m = e.mode(i);
            if (m == NodeMode::Leader) ++leaders, leader = i;
            if (m == NodeMode::Leader || m == NodeMode::Follower) ++serving;
        }
        if (leaders == 1 && serving == e.nodeCount()) return leader;
        if (Clock::now() > end) return -1;
        std::this_thread::sleep_for(50ms);
    }
}

QStringList TstEnsembleHistories::nemesis(Ensemble& e, Clock::time_point end) {
    QStringList done;
    auto* rng = QRandomGenerator::global();
    std::string error;
    for (int round = 0; Clock::now() + 3s < end; ++round) {
        const int leader = waitLeader(e, 30s);
        if (leader < 0) {
            done << "no stable ensemble: nemesis stopped";
            break;
        }
        const int member = rng->bounded(e.nodeCount());
        bool ok = true;
        switch (round % 3) {
        case 0:
            ok = e.kill(leader, &error);
            std::this_thread::sleep_for(1s);
            ok = ok && e.startNode(leader, &error);
            done << QString("kill -9 leader node %1, restart").arg(leader + 1);
            break;
        case 1:
            ok = e.pause(member, &error);
            std::this_thread::sleep_for(1500ms);
            ok = ok && e.resume(member, &error);
            done << QString("SIGSTOP node %1 (%2), SIGCONT").arg(member + 1).arg(member == leader ? "leader" : "follower");
            break;
        case 2: {
            const int victim = round % 2 ? leader : member;
            ok = e.isolate(victim, &error);
            std::this_thread::sleep_for(1500ms);
            ok = ok && e.heal(victim, &error);
            done << QString("isolate node %1 (%2), heal").arg(victim + 1).arg(victim == leader ? "leader" : "follower");
            break;
        }
        }
        if (!ok) {
            done << QString("fault failed: %1").arg(QString::fromStdString(error));
            break;
        }
        std::this_thread::sleep_for(1s);
    }
    return done;
}

void TstEnsembleHistories::histories() {
    QFETCH(int, kind);
    EnsembleSpec spec;
    spec.kind = NodeKind(kind);
    spec.size = 3;
    spec.tickTime = 200;  // a silent or unreachable peer is noticed after syncLimit x tickTime = 1 s
    spec.syncLimit = 5;
    spec.proxiedPeers = true;
    std::string error;
    auto e = Ensemble::start(spec, &error);
    QVERIFY2(e, error.c_str());
    for (int i = 0; i < 3; ++i) QVERIFY2(e->waitReady(i, 60s, &error), error.c_str());
    QVERIFY2(waitLeader(*e, 30s) >= 0, "no stable leader within 30 s");
    auto host = [&](int i) { return "127.0.0.1:" + std::to_string(e->node(i).clientPort); };

    History history;
    {
        Member setup(host(0));
        QVERIFY(setup.waitConnected(15s));
        for (const std::string& p : {kRoot, kRoot + "-seq"})
            QCOMPARE(zoo_create(setup.handle(), p.c_str(), nullptr, -1, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), int(ZOK));
        for (int r = 0; r < kRegisters; ++r) {
            RegOp op;
            op.kind = RegOp::Create;
            op.client = 99;
            op.key = kRoot + "/r" + std::to_string(r);
            op.value = kInitial;
            op.invoke = nowNs();
            const int rc = zoo_create(setup.handle(), op.key.c_str(), kInitial.data(), int(kInitial.size()),
                                      &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0);
            QCOMPARE(rc, int(ZOK));
            op.response = nowNs();
            op.ok = true;
            history.registers.push_back(op);
        }
    }

    const int seconds = historySeconds();
    const QString dir = work_.path() + "/" + toString(spec.kind);
    QVERIFY(QDir().mkpath(dir));
    std::vector<std::unique_ptr<QProcess>> clients;
    for (int c = 0; c < kClients; ++c) {
        auto p = std::make_unique<QProcess>();
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(client_, {"--connect", QString::fromStdString(host(c % 3)), "--client", QString::number(c), "--out",
                           dir + QString("/client%1.history").arg(c), "--root", QString::fromStdString(kRoot),
                           "--registers", QString::number(kRegisters), "--duration-ms", QString::number(seconds * 1000),
                           "--session-timeout-ms", QString::number(kSessionTimeoutMs)});
        QVERIFY2(p->waitForStarted(10000), qPrintable(p->errorString()));
        clients.push_back(std::move(p));
    }
    const auto end = Clock::now() + std::chrono::seconds(seconds);
    std::this_thread::sleep_for(1s);  // some faultless history first
    const QStringList faults = nemesis(*e, end);
    for (const auto& f : faults) qInfo("nemesis: %s", qPrintable(f));
    for (auto& p : clients) {
        QVERIFY2(p->waitForFinished((seconds + 60) * 1000), "a history client did not finish");
        QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0, p->readAll().constData());
    }
    QVERIFY2(!faults.isEmpty() && !faults.last().startsWith("no stable") && !faults.last().startsWith("fault failed"),
             qPrintable(faults.join("; ")));
    for (int c = 0; c < kClients; ++c) {
        const std::string path = (dir + QString("/client%1.history").arg(c)).toStdString();
        QVERIFY2(sim::readHistoryFile(path, &history, &error), error.c_str());
    }

    // The end state as every member serves it, after a sync: one more read of
    // each register, and the sequential children with their data.
    QVERIFY2(waitLeader(*e, 60s) >= 0, "the ensemble did not settle after the faults");
    std::vector<std::vector<sim::SeqChild>> childrenPerMember;
    for (int i = 0; i < 3; ++i) {
        Member m(host(i));
        QVERIFY(m.waitConnected(15s));
        for (int r = 0; r < kRegisters; ++r) {
            RegOp op;
            op.kind = RegOp::Read;
            op.client = 100 + i;
            op.key = kRoot + "/r" + std::to_string(r);
            op.invoke = nowNs();
            QCOMPARE(m.sync(op.key), int(ZOK));
            char buf[256];
            int len = sizeof buf;
            struct Stat st {};
            QCOMPARE(zoo_get(m.handle(), op.key.c_str(), 0, buf, &len, &st), int(ZOK));
            op.response = nowNs();
            op.exists = true;
            op.readValue.assign(buf, size_t(len));
            op.readVersion = st.version;
            history.registers.push_back(op);
        }
        String_vector names{};
        const std::string parent = kRoot + "-seq";
        QCOMPARE(m.sync(parent), int(ZOK));
        QCOMPARE(zoo_get_children(m.handle(), parent.c_str(), 0, &names), int(ZOK));
        std::vector<sim::SeqChild> children;
        for (int k = 0; k < names.count; ++k) {
            char buf[256];
            int len = sizeof buf;
            const std::string path = parent + "/" + names.data[k];
            QCOMPARE(zoo_get(m.handle(), path.c_str(), 0, buf, &len, nullptr), int(ZOK));
            children.push_back({names.data[k], std::string(buf, size_t(std::max(len, 0)))});
        }
        deallocate_String_vector(&names);
        std::sort(children.begin(), children.end(), [](auto& a, auto& b) { return a.name < b.name; });
        childrenPerMember.push_back(std::move(children));
    }

    std::map<std::string, int> counts;
    for (const auto& op : history.registers) {
        static const char* kinds[] = {"create", "write", "cas", "read"};
        ++counts[kinds[op.kind]];
        if (op.response == RegOp::kNever) ++counts["indeterminate"];
        else if (op.kind == RegOp::Cas) ++counts[op.ok ? "cas ok" : "cas failed"];
    }
    for (const auto& c : history.creates) ++counts[c.response == RegOp::kNever ? "seq indeterminate" : "seq acknowledged"];
    QStringList summary;
    for (const auto& [k, n] : counts) summary << QString("%1 %2").arg(n).arg(QString::fromStdString(k));
    qInfo("%s history: %s", toString(spec.kind), qPrintable(summary.join(", ")));

    const auto t0 = Clock::now();
    const sim::LinResult lin = sim::checkLinearizable(history.registers);
    const auto checkMs = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t0).count();
    std::vector<std::string> seqProblems = sim::checkSequentialCreates(history.creates, childrenPerMember[0]);
    for (int i = 1; i < 3; ++i) {
        std::vector<std::string> a, b;
        for (const auto& c : childrenPerMember[0]) a.push_back(c.name + "=" + c.value);
        for (const auto& c : childrenPerMember[size_t(i)]) b.push_back(c.name + "=" + c.value);
        if (a != b) seqProblems.push_back("node " + std::to_string(i + 1) + " lists other sequential children than node 1");
    }
    QString seqText;
    for (const auto& p : seqProblems) seqText += "\n  " + QString::fromStdString(p);
    qInfo("%s: linearizable %s (checked in %lld ms); sequential creates: %s", toString(spec.kind),
          lin.linearizable ? "yes" : lin.exhausted ? "not proven (search budget)" : "NO", (long long)checkMs,
          seqProblems.empty() ? "unique, ordered, all acknowledged present" : qPrintable(seqText));

    if (spec.kind == NodeKind::ApacheZooKeeper) {
        if (!lin.linearizable || !seqProblems.empty())
            qWarning("Apache ZooKeeper (baseline, not failed): %s%s", lin.explanation.c_str(), qPrintable(seqText));
        return;
    }
    QVERIFY2(lin.linearizable, lin.explanation.c_str());
    QVERIFY2(seqProblems.empty(), qPrintable(seqText));
    QVERIFY2(counts["read"] > 0 && counts["write"] > 0 && counts["cas ok"] > 0 && counts["seq acknowledged"] > 0,
             "the history lacks a kind of operation");
    engineHistory_ = history.registers;
}

// A linearizable cut of the engine's real history, then the same cut with a
// write dropped, a read moved back in time, and a compare-and-set
// acknowledged twice from one version: each must be rejected.
void TstEnsembleHistories::checkerRejectsCutsOfRealRuns() {
    QVERIFY2(!engineHistory_.empty(), "the engine's history run did not pass");
    const auto cuts = cutsOf(engineHistory_);
    QVERIFY2(cuts.size() == 4, "no key of the engine's history has a read of a written value and an acknowledged "
                               "compare-and-set before its first indeterminate operation");
    const QString out = qEnvironmentVariable("ZS_HISTORY_CUTS_DIR");
    for (const auto& cut : cuts) {
        const sim::LinResult r = sim::checkLinearizable(cut.history);
        QVERIFY(!r.exhausted);
        if (cut.name == "real") QVERIFY2(r.linearizable, r.explanation.c_str());
        else QVERIFY2(!r.linearizable, qPrintable(QString::fromStdString(cut.name) + " was accepted"));
        qInfo("%s cut (%zu ops of %s): %s", cut.name.c_str(), cut.history.size(), cut.history.front().key.c_str(),
              r.linearizable ? "linearizable" : "rejected");
        if (!out.isEmpty()) {
            std::ofstream f((out + "/" + QString::fromStdString(cut.name) + ".history").toStdString());
            f << "# " << cut.name << ": cut from a real engine run (tst_ensemble_histories)\n";
            for (const auto& op : cut.history) f << sim::formatLine(op) << '\n';
        }
    }
}

QTEST_GUILESS_MAIN(TstEnsembleHistories)
#include "tst_ensemble_histories.moc"
