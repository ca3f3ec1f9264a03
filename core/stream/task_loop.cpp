#include "stream/task_loop.h"

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <atomic>

namespace zooscope::stream::detail {

struct TaskLoop::Impl {
    asio::io_context context;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(context);
    std::atomic<bool> stopped{false};
};

TaskLoop::TaskLoop() : impl_(std::make_unique<Impl>()) {
    thread_ = std::thread([impl = impl_.get()] { impl->context.run(); });
}

TaskLoop::~TaskLoop() { stop(); }

bool TaskLoop::post(std::function<void()> fn) {
    if (impl_->stopped) return false;
    asio::post(impl_->context, std::move(fn));
    return true;
}

void TaskLoop::scheduleIn(std::chrono::milliseconds delay, std::function<void()> fn) {
    if (impl_->stopped) return;
    auto timer = std::make_shared<asio::steady_timer>(impl_->context, delay);
    timer->async_wait([timer, fn = std::move(fn)](const std::error_code& ec) {
        if (!ec) fn();
    });
}

void TaskLoop::stop() {
    if (impl_->stopped.exchange(true)) return;
    impl_->work.reset();
    impl_->context.stop();
    if (thread_.joinable()) thread_.join();
}

}  // namespace zooscope::stream::detail
