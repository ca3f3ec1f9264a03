// EnsemblePoller over canned transports, headless: each server is polled on
// its own, about once per interval; a server whose transport stalls (as a
// SIGSTOPped server does) delays neither the others nor the GUI thread, not
// even when the poller is stopped or destroyed mid-probe (checked as order:
// all that happens while the stalled probe is still inside its transport);
// setTargets keeps the loops it names again and ends the others; after
// stop() nothing arrives.
#include <QtTest>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "monitor/ensemble_poller.h"

using namespace zooscope::ui;
using namespace zooscope::monitor;
using namespace std::chrono_literals;

namespace {

PollTarget target(const QString& server, uint16_t port) {
    PollTarget t;
    t.server = server;
    t.target.client = {"127.0.0.1", port};
    return t;
}

const char* kSrvr = "Zookeeper version: 3.8.0-x, built on 2022\nLatency min/avg/max: 0/0.0/0\nReceived: 1\nSent: 1\n"
                    "Connections: 1\nOutstanding: 0\nZxid: 0x100000001\nMode: follower\nNode count: 5\n";

// A stalled server (as a SIGSTOPped one): its asks block inside the
// transport until the test releases them, or until the probe's timeout.
struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = false;
    std::atomic<int> inside{0};
    void pass(std::chrono::milliseconds timeout) {
        ++inside;
        std::unique_lock lock(mutex);
        cv.wait_for(lock, timeout, [this] { return open; });
        --inside;
    }
    void release() {
        {
            std::lock_guard lock(mutex);
            open = true;
        }
        cv.notify_all();
    }
};

// Port 1 answers at once; port 2 is stalled (the gate) and then answers
// nothing. The gate is shared with the loops, which may outlive a test case.
struct Canned {
    std::atomic<int> fastAsks{0};
    std::atomic<int> slowAsks{0};
    std::shared_ptr<Gate> gate = std::make_shared<Gate>();
    ~Canned() { gate->release(); }
    PollTransports transports() {
        PollTransports t;
        t.fourLetterWords = [this, gate = gate](const Endpoint& e, std::string_view, std::chrono::milliseconds timeout) {
            if (e.port == 2) {
                ++slowAsks;
                gate->pass(timeout);
                return std::string();
            }
            ++fastAsks;
            return std::string(kSrvr);
        };
        t.admin = [](const Endpoint&, std::string_view, std::chrono::milliseconds) { return Fetched{}; };
        return t;
    }
};

// Long enough that a poller waiting for the stalled probe would be seen
// waiting (the checks below are on order, never on time).
constexpr int kStallTimeoutMs = 20000;

}  // namespace

class TstEnsemblePoller : public QObject {
    Q_OBJECT
private slots:
    // Ordering, not time: while the slow server's one probe is still inside
    // its transport, the fast server is sampled again and again, the GUI
    // thread turns, and stop() returns. (How long each takes is measured in
    // bench/gui, docs/BENCHMARKS.md.)
    void stalledServerDelaysNobody() {
        Canned canned;
        EnsemblePoller poller(canned.transports());
        poller.setIntervalMs(100);
        poller.setTimeoutMs(kStallTimeoutMs);
        QMap<QString, int> counts;
        QMap<QString, ServerMode> modes;
        connect(&poller, &EnsemblePoller::sampled, this, [&](const PollResult& r) {
            ++counts[r.server];
            modes[r.server] = r.sample.mode.value_or(ServerMode::Unreachable);
            QVERIFY(r.atMs > 0);
        });
        poller.setTargets({target("fast", 1), target("slow", 2)});
        QCOMPARE(poller.targets().size(), 2);
        int ticks = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&] { ++ticks; });
        tick.start(10);
        QTRY_VERIFY_WITH_TIMEOUT(counts.value("fast") >= 8 && canned.slowAsks.load() == 1, kStallTimeoutMs / 2);
        QCOMPARE(canned.gate->inside.load(), 1);  // still stalled
        QCOMPARE(counts.value("slow"), 0);
        QVERIFY(ticks > 0);  // the GUI thread's timers ran meanwhile
        QCOMPARE(modes.value("fast"), ServerMode::Follower);
        // stop() while the slow loop is inside its probe: returns before it.
        poller.stop();
        QVERIFY2(canned.gate->inside.load() == 1, "stop() waited for the stalled server's probe");
        const int after = counts.value("fast");
        canned.gate->release();  // the stalled probe ends: nothing more arrives
        QTRY_COMPARE(canned.gate->inside.load(), 0);
        QTest::qWait(300);
        QCOMPARE(counts.value("fast"), after);
        QCOMPARE(counts.value("slow"), 0);
    }

    // A stalled server is reported down once its probe times out.
    void stalledServerIsDown() {
        Canned canned;
        EnsemblePoller poller(canned.transports());
        poller.setIntervalMs(100);
        poller.setTimeoutMs(200);
        ServerMode mode = ServerMode::Unreachable;
        connect(&poller, &EnsemblePoller::sampled, this, [&](const PollResult& r) {
            if (r.server == "slow") mode = r.sample.mode.value_or(ServerMode::Unreachable);
        });
        poller.setTargets({target("slow", 2)});
        QTRY_COMPARE_WITH_TIMEOUT(mode, ServerMode::Down, 10000);
    }

    void setTargetsKeepsLoops() {
        Canned canned;
        EnsemblePoller poller(canned.transports());
        poller.setIntervalMs(50);
        QMap<QString, int> counts;
        connect(&poller, &EnsemblePoller::sampled, this, [&](const PollResult& r) { ++counts[r.server]; });
        poller.setTargets({target("a", 1), target("b", 1)});
        QTRY_VERIFY(counts.value("a") >= 2 && counts.value("b") >= 2);
        poller.setTargets({target("b", 1), target("c", 1), target("c", 1)});  // a duplicate is one loop
        QCOMPARE(poller.targets().size(), 2);
        const int a = counts.value("a");
        QTRY_VERIFY(counts.value("c") >= 2);
        QCOMPARE(counts.value("a"), a);  // ended, even a result it had queued
    }

    // Destroyed while its only loop is inside a stalled probe: the
    // destructor returns before that probe does.
    void destroyedMidProbe() {
        Canned canned;
        {
            EnsemblePoller poller(canned.transports());
            poller.setTimeoutMs(kStallTimeoutMs);
            poller.setTargets({target("slow", 2)});
            QTRY_VERIFY(canned.gate->inside.load() == 1);
        }
        QVERIFY2(canned.gate->inside.load() == 1, "the destructor waited for the stalled server's probe");
    }
};

QTEST_GUILESS_MAIN(TstEnsemblePoller)
#include "tst_ensemble_poller.moc"
