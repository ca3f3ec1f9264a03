// stream/task_loop: one thread that runs posted tasks and timers in order,
// the home of a Worker's logic (which outlives the sessions it makes, so it
// cannot live on a session's recipe thread). An asio::io_context underneath.
//
// Threads: post(), scheduleIn() and stop() are safe from any thread; tasks
// run on the loop's thread one at a time, in the order posted (timers when
// due). stop() from another thread joins the loop; what is still queued is
// dropped, not run.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <thread>

namespace zooscope::stream::detail {

class TaskLoop {
public:
    TaskLoop();
    ~TaskLoop();  // stop()
    TaskLoop(const TaskLoop&) = delete;
    TaskLoop& operator=(const TaskLoop&) = delete;

    // Queues fn; false (fn dropped) once stopped.
    bool post(std::function<void()> fn);
    // Runs fn after `delay` unless stopped first.
    void scheduleIn(std::chrono::milliseconds delay, std::function<void()> fn);
    // Ends the thread; idempotent. Not from the loop's own thread.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::thread thread_;
};

}  // namespace zooscope::stream::detail
