#include "monitor/ensemble_poller.h"

#include <QDateTime>
#include <QPointer>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "monitor/loop_retirement.h"
#include "zooscope/server_probe.h"

namespace zooscope::ui {

namespace {

using Clock = std::chrono::steady_clock;

}  // namespace

// One server's probe loop. The thread shares only `State` with the poller.
class EnsemblePoller::Loop {
public:
    struct State {
        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        EnsemblePoller* sink = nullptr;  // guarded by mutex; cleared before the poller goes
    };

    Loop(EnsemblePoller* sink, PollTarget target, const PollTransports& transports, int intervalMs, int timeoutMs)
        : target_(std::move(target)), state_(std::make_shared<State>()), done_(std::make_shared<std::atomic<bool>>()) {
        state_->sink = sink;
        monitor::ProbeOptions options;
        options.timeout = std::chrono::milliseconds(timeoutMs);
        thread_ = std::thread([state = state_, done = done_, target = target_, transports, options, intervalMs] {
            run(state, target, transports, options, std::chrono::milliseconds(intervalMs));
            done->store(true);
        });
    }
    ~Loop() { retireLoop(state_, std::move(thread_), done_); }
    const PollTarget& target() const { return target_; }

private:
    static void run(const std::shared_ptr<State>& self, const PollTarget& target, const PollTransports& transports,
                    const monitor::ProbeOptions& options, std::chrono::milliseconds interval) {
        State& state = *self;
        const monitor::FourLetterWordTransport words =
            transports.fourLetterWords ? transports.fourLetterWords : monitor::tcpFourLetterWordTransport();
        const monitor::AdminTransport admin = transports.admin ? transports.admin : monitor::httpAdminTransport();
        for (;;) {
            const auto started = Clock::now();
            PollResult result;
            result.server = target.server;
            result.sample = monitor::probeServer(target.target, options, words, admin);
            result.tookMs = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - started).count();
            result.atMs = QDateTime::currentMSecsSinceEpoch();
            std::unique_lock lock(state.mutex);
            if (state.stopping) return;
            // A loop that ended meanwhile (setTargets, stop) delivers nothing.
            postToSink(self, [result = std::move(result)](EnsemblePoller* sink) { emit sink->sampled(result); });
            if (state.wake.wait_until(lock, started + interval, [&] { return state.stopping; })) return;
        }
    }

    PollTarget target_;
    std::shared_ptr<State> state_;
    std::shared_ptr<std::atomic<bool>> done_;
    std::thread thread_;
};

EnsemblePoller::EnsemblePoller(PollTransports transports, QObject* parent)
    : QObject(parent), transports_(std::move(transports)) {
    qRegisterMetaType<PollResult>();
}

EnsemblePoller::~EnsemblePoller() { loops_.clear(); }

void EnsemblePoller::setTargets(const QList<PollTarget>& targets) {
    std::map<QString, std::unique_ptr<Loop>> next;
    for (const PollTarget& t : targets) {
        if (next.count(t.server)) continue;
        auto kept = loops_.find(t.server);
        if (kept != loops_.end() && kept->second->target() == t) {
            next[t.server] = std::move(kept->second);
            loops_.erase(kept);
        } else {
            next[t.server] = std::make_unique<Loop>(this, t, transports_, intervalMs_, timeoutMs_);
        }
    }
    loops_ = std::move(next);  // the rest end here
}

QList<PollTarget> EnsemblePoller::targets() const {
    QList<PollTarget> out;
    for (const auto& [server, loop] : loops_) out.append(loop->target());
    return out;
}

}  // namespace zooscope::ui
