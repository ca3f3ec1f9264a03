// RetiredThreads: where a polling loop's thread goes when its owner no longer
// wants it but the thread may still be inside a call to a stalled server.
// Nobody waits for it then: a retired thread is joined when a later one
// retires after it has finished, and at process exit, so no thread outlives
// the program and the GUI thread never waits on the network.
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
    ~RetiredThreads();

private:
    RetiredThreads() = default;
    std::mutex mutex_;
    std::vector<std::pair<std::thread, std::shared_ptr<std::atomic<bool>>>> threads_;
};

}  // namespace zooscope::ui
