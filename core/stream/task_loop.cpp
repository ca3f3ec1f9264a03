#include "stream/task_loop.h"

#include <vector>

namespace zooscope::stream::detail {

TaskLoop::TaskLoop() {
    thread_ = std::thread([this] { run(); });
    threadId_ = thread_.get_id();
}

TaskLoop::~TaskLoop() { stop(); }

bool TaskLoop::post(std::function<void()> fn) {
    {
        std::lock_guard lock(mu_);
        if (stopping_) return false;
        tasks_.push_back(std::move(fn));
    }
    cv_.notify_one();
    return true;
}

TaskLoop::TimerId TaskLoop::schedule(Clock::time_point when, std::function<void()> fn) {
    TimerId id = 0;
    {
        std::lock_guard lock(mu_);
        if (stopping_) return 0;
        id = nextTimer_++;
        timers_.emplace(when, std::make_pair(id, std::move(fn)));
    }
    cv_.notify_one();
    return id;
}

void TaskLoop::cancel(TimerId id) {
    std::lock_guard lock(mu_);
    for (auto it = timers_.begin(); it != timers_.end(); ++it)
        if (it->second.first == id) {
            timers_.erase(it);
            return;
        }
}

void TaskLoop::stop() {
    {
        std::lock_guard lock(mu_);
        stopping_ = true;
    }
    cv_.notify_one();
    if (onLoopThread() || !thread_.joinable()) return;
    thread_.join();
}

void TaskLoop::run() {
    std::unique_lock lock(mu_);
    while (!stopping_) {
        if (!tasks_.empty()) {
            auto fn = std::move(tasks_.front());
            tasks_.pop_front();
            lock.unlock();
            fn();
            lock.lock();
            continue;
        }
        if (!timers_.empty() && timers_.begin()->first <= Clock::now()) {
            auto fn = std::move(timers_.begin()->second.second);
            timers_.erase(timers_.begin());
            lock.unlock();
            fn();
            lock.lock();
            continue;
        }
        if (timers_.empty()) cv_.wait(lock);
        else cv_.wait_until(lock, timers_.begin()->first);
    }
    // Dropped outside the lock: a task's captures may post (and be refused).
    auto tasks = std::move(tasks_);
    auto timers = std::move(timers_);
    lock.unlock();
}

}  // namespace zooscope::stream::detail
