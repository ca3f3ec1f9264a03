// What the polling loops (EnsemblePoller's, WatchesPoll's) share: a loop
// thread talks to its owner only through a State it shares with it (a
// std::mutex `mutex`, a std::condition_variable `wake`, bool `stopping`, and
// `sink`: the owner, a QObject on the GUI thread, null once it stopped
// listening). Nobody waits for a loop that may be inside a call to a stalled
// server:
// - RetiredThreads (adapter/retired_threads.h) takes the thread of a loop
//   its owner let go, so the GUI thread never waits on the network;
// - retireLoop() is that letting go: nothing more reaches the sink;
// - postToSink() hands a result to the sink's thread: called by the loop with
//   the State's mutex held (the owner clears `sink` under it before it goes;
//   Qt drops events queued for a deleted object), and checked again there.
#pragma once

#include <QMetaObject>

#include "adapter/retired_threads.h"

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace zooscope::ui {

template <class State>
void retireLoop(const std::shared_ptr<State>& state, std::thread thread, std::shared_ptr<std::atomic<bool>> done) {
    {
        const std::lock_guard lock(state->mutex);
        state->stopping = true;
        state->sink = nullptr;
    }
    state->wake.notify_all();
    RetiredThreads::instance().add(std::move(thread), std::move(done));
}

// `deliver(sink)` runs on the sink's thread unless the owner let go first.
template <class State, class Deliver>
void postToSink(const std::shared_ptr<State>& state, Deliver deliver) {
    QMetaObject::invokeMethod(
        state->sink,
        [weak = std::weak_ptr<State>(state), deliver = std::move(deliver)] {
            const auto alive = weak.lock();
            if (!alive) return;
            decltype(alive->sink) sink = nullptr;
            {
                const std::lock_guard guard(alive->mutex);
                sink = alive->sink;
            }
            if (sink) deliver(sink);
        },
        Qt::QueuedConnection);
}

}  // namespace zooscope::ui
