// Internal helpers of core/admin: a bounded pipeline of async client requests
// whose completions are handled on the thread that owns the pipeline, and a
// throttled progress reporter.
//
// Threads: a Pipeline belongs to one thread (the operation's). Client
// callbacks only append to a mutex-guarded queue; every handler runs inside
// pump()/drain() on the owner thread, so operation state needs no locks.
#pragma once

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <tuple>

#include "zooscope/admin.h"

namespace zooscope::admin::detail {

class Pipeline {
public:
    explicit Pipeline(size_t window) : window_(window == 0 ? 1 : window), shared_(std::make_shared<Shared>()) {}
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;
    // Waits for what is still in flight: the callbacks hold only `shared_`,
    // but the handlers capture the owner's state by reference.
    ~Pipeline() { drain(); }

    bool full() const { return inflight_ >= window_; }
    size_t inflight() const { return inflight_; }

    // issue(cb) sends one request whose result goes to cb; handle(result)
    // runs later on the owner thread.
    template <class T>
    void submit(const std::function<void(client::Callback<T>)>& issue, std::function<void(client::Result<T>&)> handle) {
        ++inflight_;
        auto shared = shared_;
        issue([shared, handle = std::move(handle)](client::Result<T> r) mutable {
            std::lock_guard<std::mutex> lock(shared->mu);
            shared->done.push_back([handle = std::move(handle), r = std::move(r)]() mutable { handle(r); });
            shared->cv.notify_one();
        });
    }

    // Blocks until at least one request has completed (if any is in flight)
    // and runs the handlers of all completed ones.
    void pump() {
        if (inflight_ == 0) return;
        std::deque<std::function<void()>> ready;
        {
            std::unique_lock<std::mutex> lock(shared_->mu);
            shared_->cv.wait(lock, [&] { return !shared_->done.empty(); });
            ready.swap(shared_->done);
        }
        for (auto& h : ready) {
            --inflight_;
            h();
        }
    }

    void drain() {
        while (inflight_ > 0) pump();
    }

private:
    struct Shared {
        std::mutex mu;
        std::condition_variable cv;
        std::deque<std::function<void()>> done;
    };
    size_t window_;
    size_t inflight_ = 0;
    std::shared_ptr<Shared> shared_;
};

// Calls control.onProgress at most once per interval, and on finish().
class ProgressReporter {
public:
    ProgressReporter(const Control& control, Phase phase, uint64_t total = 0)
        : control_(control), progress_{phase, 0, total} {}

    void setTotal(uint64_t total) { progress_.total = total; }
    void addTotal(uint64_t n) { progress_.total += n; }
    uint64_t done() const { return progress_.done; }

    void tick(uint64_t n = 1) {
        progress_.done += n;
        if (!control_.onProgress) return;
        const auto now = std::chrono::steady_clock::now();
        if (control_.progressInterval.count() <= 0 || now - last_ >= control_.progressInterval) {
            last_ = now;
            control_.onProgress(progress_);
        }
    }
    void finish() {
        if (control_.onProgress) control_.onProgress(progress_);
    }

private:
    const Control& control_;
    Progress progress_;
    std::chrono::steady_clock::time_point last_{};
};

// ACLs are equal as sets: ZooKeeper checks entries in any order.
inline bool aclEquivalent(proto::ACLList a, proto::ACLList b) {
    auto less = [](const proto::ACL& x, const proto::ACL& y) {
        return std::tie(x.id.scheme, x.id.id, x.perms) < std::tie(y.id.scheme, y.id.id, y.perms);
    };
    std::sort(a.begin(), a.end(), less);
    std::sort(b.begin(), b.end(), less);
    return a == b;
}

inline NodeError nodeError(std::string path, proto::Err err, std::string message) {
    return NodeError{std::move(path), err, std::move(message)};
}

}  // namespace zooscope::admin::detail
