#include "monitor/retired_threads.h"

namespace zooscope::ui {

RetiredThreads& RetiredThreads::instance() {
    static RetiredThreads retired;
    return retired;
}

void RetiredThreads::add(std::thread thread, std::shared_ptr<std::atomic<bool>> done) {
    const std::lock_guard lock(mutex_);
    for (auto it = threads_.begin(); it != threads_.end();) {
        if (it->second->load()) {
            it->first.join();
            it = threads_.erase(it);
        } else {
            ++it;
        }
    }
    threads_.emplace_back(std::move(thread), std::move(done));
}

RetiredThreads::~RetiredThreads() {
    for (auto& [thread, done] : threads_) thread.join();
}

}  // namespace zooscope::ui
