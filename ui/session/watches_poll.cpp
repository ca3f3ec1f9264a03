#include "session/watches_poll.h"

#include <QDateTime>
#include <QMetaObject>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "models/watches_model.h"
#include "monitor/loop_retirement.h"
#include "zooscope/client.h"
#include "zooscope/ensemble_sample.h"

namespace zooscope::ui {

// The loop's thread shares only `State` with the poll.
class WatchesPoll::Loop {
public:
    struct State {
        std::mutex mutex;
        std::condition_variable wake;
        bool stopping = false;
        bool again = false;  // read at once (readNow, a changed setting)
        bool detail = false;
        std::chrono::milliseconds interval{kEveryMs};
        WatchesPoll* sink = nullptr;  // guarded by mutex; cleared before the poll goes
    };

    Loop(WatchesPoll* sink, std::vector<monitor::ProbeTarget> targets, bool detail, int intervalMs)
        : state_(std::make_shared<State>()), done_(std::make_shared<std::atomic<bool>>()) {
        state_->sink = sink;
        state_->detail = detail;
        state_->interval = std::chrono::milliseconds(intervalMs);
        thread_ = std::thread([state = state_, done = done_, targets = std::move(targets)] {
            run(state, targets);
            done->store(true);
        });
    }
    ~Loop() { retireLoop(state_, std::move(thread_), done_); }
    void change(bool detail, int intervalMs, bool again) {
        {
            const std::lock_guard lock(state_->mutex);
            state_->detail = detail;
            state_->interval = std::chrono::milliseconds(intervalMs);
            state_->again = state_->again || again;
        }
        state_->wake.notify_all();
    }

private:
    static void run(const std::shared_ptr<State>& self, const std::vector<monitor::ProbeTarget>& targets) {
        State& state = *self;
        const monitor::FourLetterWordTransport words = monitor::tcpFourLetterWordTransport();
        const monitor::AdminTransport admin = monitor::httpAdminTransport();
        for (;;) {
            const auto started = std::chrono::steady_clock::now();
            bool detail = false;
            {
                const std::lock_guard lock(state.mutex);
                if (state.stopping) return;
                detail = state.detail;
                state.again = false;
            }
            std::vector<readers::ServerWatches> servers;
            for (const monitor::ProbeTarget& t : targets)
                servers.push_back(readers::readServerWatches(
                    readers::WatchQuery{t, detail, std::chrono::milliseconds(kTimeoutMs)}, words, admin));
            const qint64 atMs = QDateTime::currentMSecsSinceEpoch();
            std::unique_lock lock(state.mutex);
            if (state.stopping) return;
            postToSink(self, [servers = std::move(servers), atMs](WatchesPoll* sink) { sink->apply(servers, atMs); });
            state.wake.wait_until(lock, started + state.interval, [&] { return state.stopping || state.again; });
            if (state.stopping) return;
        }
    }

    std::shared_ptr<State> state_;
    std::shared_ptr<std::atomic<bool>> done_;
    std::thread thread_;
};

WatchesPoll::WatchesPoll(const ConnectionProfile& profile, QObject* parent)
    : QObject(parent), model_(new WatchesModel(this)) {
    std::vector<monitor::Endpoint> hosts;
    if (auto cs = client::parseConnectString(profile.hosts.toStdString(), nullptr))
        for (const client::HostPort& h : cs->hosts) hosts.push_back({h.host, h.port});
    for (const monitor::SampleTarget& t : monitor::ensembleTargets(hosts, std::nullopt, profile.adminServerPorts()))
        if (t.client) targets_.push_back(monitor::ProbeTarget{*t.client, t.admin});
}

WatchesPoll::~WatchesPoll() { loop_.reset(); }

void WatchesPoll::start() {
    if (!loop_) loop_ = std::make_unique<Loop>(this, targets_, detail_, intervalMs_);
}

void WatchesPoll::stop() { loop_.reset(); }

void WatchesPoll::setIntervalMs(int ms) {
    intervalMs_ = ms;
    if (loop_) loop_->change(detail_, intervalMs_, false);
}

void WatchesPoll::setDetail(bool on) {
    if (on == detail_) return;
    detail_ = on;
    if (!on) {  // the rows go at once
        std::vector<readers::ServerWatches> summaries = model_->servers();
        for (readers::ServerWatches& s : summaries) s.detail.clear();
        model_->setRead(summaries, model_->readAtMs());
    }
    if (loop_) loop_->change(detail_, intervalMs_, on);
}

void WatchesPoll::readNow() {
    if (loop_) loop_->change(detail_, intervalMs_, true);
    else start();
}

void WatchesPoll::apply(const std::vector<readers::ServerWatches>& servers, qint64 atMs) {
    std::vector<readers::ServerWatches> shown = servers;
    // A read that asked for details before the user turned them off.
    if (!detail_)
        for (readers::ServerWatches& s : shown) s.detail.clear();
    model_->setRead(shown, atMs);
    ++readsDone_;
    emit read();
}

}  // namespace zooscope::ui
