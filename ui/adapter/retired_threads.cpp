#include "adapter/retired_threads.h"

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

int RetiredThreads::running() {
    const std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [thread, done] : threads_) n += done->load() ? 0 : 1;
    return n;
}

void RetiredThreads::joinAll() {
    std::vector<std::pair<std::thread, std::shared_ptr<std::atomic<bool>>>> all;
    {
        const std::lock_guard lock(mutex_);
        all.swap(threads_);
    }
    for (auto& [thread, done] : all) thread.join();
}

RetiredThreads::~RetiredThreads() { joinAll(); }

}  // namespace zooscope::ui
