// Job: one admin operation on its own thread (see zooscope/admin.h).
#include <condition_variable>
#include <mutex>
#include <thread>

#include "zooscope/admin.h"

namespace zooscope::admin {

struct Job::State {
    std::mutex mu;
    std::condition_variable cv;
    bool finished = false;  // GUARDED_BY(mu)
    std::thread thread;
};

Job::Job(CancelToken token, std::shared_ptr<State> state) : token_(std::move(token)), state_(std::move(state)) {}

std::unique_ptr<Job> Job::start(std::function<void(const Control&)> body, Control control) {
    auto state = std::make_shared<State>();
    CancelToken token = control.cancel;
    std::unique_ptr<Job> job(new Job(token, state));
    // The thread holds the state, not the Job: the Job may be destroyed from
    // inside `body`'s done callback (the thread is then detached).
    state->thread = std::thread([state, body = std::move(body), control = std::move(control)] {
        body(control);
        std::lock_guard<std::mutex> lock(state->mu);
        state->finished = true;
        state->cv.notify_all();
    });
    return job;
}

bool Job::finished() const {
    std::lock_guard<std::mutex> lock(state_->mu);
    return state_->finished;
}

void Job::wait() {
    std::unique_lock<std::mutex> lock(state_->mu);
    state_->cv.wait(lock, [&] { return state_->finished; });
}

Job::~Job() {
    token_.cancel();
    if (!state_->thread.joinable()) return;
    if (state_->thread.get_id() == std::this_thread::get_id()) {
        state_->thread.detach();
        return;
    }
    state_->thread.join();
}

}  // namespace zooscope::admin
