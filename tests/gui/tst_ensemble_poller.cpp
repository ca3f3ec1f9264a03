// EnsemblePoller over canned transports, headless: each server is polled on
// its own, about once per interval; a server whose transport stalls (as a
// SIGSTOPped server does) delays neither the others nor the GUI thread, not
// even when the poller is destroyed mid-probe; setTargets keeps the loops it
// names again and ends the others; after stop() nothing arrives.
#include <QElapsedTimer>
#include <QtTest>

#include <atomic>
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

// Port 1 answers at once; port 2 stalls for `stall` (its timeout) and then
// answers nothing, as a stopped server would.
struct Canned {
    std::atomic<int> fastAsks{0};
    std::atomic<int> slowAsks{0};
    std::chrono::milliseconds stall{1500};
    PollTransports transports() {
        PollTransports t;
        t.fourLetterWords = [this](const Endpoint& e, std::string_view, std::chrono::milliseconds timeout) {
            if (e.port == 2) {
                ++slowAsks;
                std::this_thread::sleep_for(std::min(stall, timeout));
                return std::string();
            }
            ++fastAsks;
            return std::string(kSrvr);
        };
        t.admin = [](const Endpoint&, std::string_view, std::chrono::milliseconds) { return Fetched{}; };
        return t;
    }
};

}  // namespace

class TstEnsemblePoller : public QObject {
    Q_OBJECT
private slots:
    void stalledServerDelaysNobody() {
        Canned canned;
        EnsemblePoller poller(canned.transports());
        poller.setIntervalMs(100);
        poller.setTimeoutMs(1000);
        QMap<QString, int> counts;
        QMap<QString, ServerMode> modes;
        connect(&poller, &EnsemblePoller::sampled, this, [&](const PollResult& r) {
            ++counts[r.server];
            modes[r.server] = r.sample.mode.value_or(ServerMode::Unreachable);
            QVERIFY(r.atMs > 0);
        });
        poller.setTargets({target("fast", 1), target("slow", 2)});
        QCOMPARE(poller.targets().size(), 2);
        // The GUI thread keeps turning: no wait longer than a few timer ticks.
        QElapsedTimer gap;
        gap.start();
        qint64 longest = 0;
        QTimer tick;
        connect(&tick, &QTimer::timeout, this, [&] {
            longest = std::max(longest, gap.restart());
        });
        tick.start(10);
        QTRY_VERIFY_WITH_TIMEOUT(counts.value("fast") >= 8, 5000);
        QVERIFY2(counts.value("slow") <= 1, "the slow server is polled once per its timeout");
        QCOMPARE(modes.value("fast"), ServerMode::Follower);
        QTRY_COMPARE_WITH_TIMEOUT(modes.value("slow"), ServerMode::Down, 5000);
        qInfo("longest GUI gap while polling: %lld ms", longest);
        // Destroyed while the slow loop is inside a probe: returns at once.
        QElapsedTimer clock;
        clock.start();
        poller.stop();
        QVERIFY2(clock.elapsed() < 500, "stop() does not wait for a stalled server");
        const int after = counts.value("fast");
        QTest::qWait(400);
        QCOMPARE(counts.value("fast"), after);
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

    void destroyedMidProbe() {
        Canned canned;
        canned.stall = 3000ms;
        QElapsedTimer clock;
        {
            EnsemblePoller poller(canned.transports());
            poller.setTimeoutMs(3000);
            poller.setTargets({target("slow", 2)});
            QTRY_VERIFY(canned.slowAsks.load() == 1);
            clock.start();
        }
        QVERIFY2(clock.elapsed() < 500, "the destructor does not wait for a stalled server");
    }
};

QTEST_GUILESS_MAIN(TstEnsemblePoller)
#include "tst_ensemble_poller.moc"
