// stream/task_loop: one thread that runs queued tasks and timers in order,
// the home of a Worker's logic (which outlives the sessions it makes, so it
// cannot live on a session's recipe thread).
//
// Threads: post(), schedule(), cancel() and stop() are safe from any thread;
// tasks run on the loop's thread one at a time. stop() from the loop's own
// thread only marks it (the thread ends after the current task); from any
// other thread it also joins.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

namespace zooscope::stream::detail {

class TaskLoop {
public:
    using Clock = std::chrono::steady_clock;
    using TimerId = uint64_t;

    TaskLoop();
    ~TaskLoop();  // stop()
    TaskLoop(const TaskLoop&) = delete;
    TaskLoop& operator=(const TaskLoop&) = delete;

    // Queues fn; false (fn dropped) once stopped.
    bool post(std::function<void()> fn);
    // Runs fn at `when` unless cancelled; 0 once stopped.
    TimerId schedule(Clock::time_point when, std::function<void()> fn);
    TimerId scheduleIn(std::chrono::milliseconds delay, std::function<void()> fn) {
        return schedule(Clock::now() + delay, std::move(fn));
    }
    void cancel(TimerId id);
    // Drops what is queued and ends the thread. Idempotent.
    void stop();
    bool onLoopThread() const { return std::this_thread::get_id() == threadId_; }

private:
    void run();

    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;                                             // GUARDED_BY(mu_)
    std::multimap<Clock::time_point, std::pair<TimerId, std::function<void()>>> timers_;  // GUARDED_BY(mu_)
    TimerId nextTimer_ = 1;                                                               // GUARDED_BY(mu_)
    bool stopping_ = false;                                                               // GUARDED_BY(mu_)
    std::thread thread_;
    std::thread::id threadId_;
};

}  // namespace zooscope::stream::detail
