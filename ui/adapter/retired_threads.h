// RetiredThreads: where threads go that nobody may wait for on the GUI
// thread because they may be inside a call to a stalled server (a polling
// loop its owner let go, a session saying goodbye to a SIGSTOPped server).
// A thread is joined when a later one is added after it has finished, by
// joinAll(), and at the latest when the process exits, so no thread outlives
// the program.
// Contract: a thread added sets its `done` flag as its very last act.
// joinAll() is for main(), after the windows are gone and while the
// QApplication still exists (threads may still post to it until they end).
// Threads: thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace zooscope::ui {

class RetiredThreads {
public:
    static RetiredThreads& instance();
    // Takes `thread`, which sets `done` as its last act.
    void add(std::thread thread, std::shared_ptr<std::atomic<bool>> done);
    // Threads taken and not yet finished (tests).
    int running();
    // Waits for every thread taken so far.
    void joinAll();
    ~RetiredThreads();

private:
    RetiredThreads() = default;
    std::mutex mutex_;
    std::vector<std::pair<std::thread, std::shared_ptr<std::atomic<bool>>>> threads_;
};

}  // namespace zooscope::ui
