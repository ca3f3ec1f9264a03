#include "tree_writer.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "zooscope/client.h"

namespace zooscope::bench {

namespace {

using Clock = std::chrono::steady_clock;

std::string numbered(const char* prefix, int64_t n, int digits) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%0*lld", prefix, digits, static_cast<long long>(n));
    return buf;
}

// A connected client, or nullptr + *error after `timeout`.
std::unique_ptr<client::Client> connectAndWait(const std::string& connect, std::string* error,
                                               std::chrono::seconds timeout = std::chrono::seconds(30)) {
    struct Shared {
        std::mutex m;
        std::condition_variable cv;
        client::SessionState state = client::SessionState::Connecting;
    };
    auto shared = std::make_shared<Shared>();
    client::ClientOptions o;
    o.connectString = connect;
    o.sessionTimeout = std::chrono::milliseconds(30000);
    client::Callbacks cb;
    cb.onState = [shared](client::SessionState s) {
        std::lock_guard lock(shared->m);
        shared->state = s;
        shared->cv.notify_all();
    };
    auto c = client::Client::connect(o, cb, error);
    if (!c) return nullptr;
    std::unique_lock lock(shared->m);
    const bool up = shared->cv.wait_for(lock, timeout, [&] {
        return shared->state == client::SessionState::Connected || client::isTerminal(shared->state);
    });
    if (!up || shared->state != client::SessionState::Connected) {
        *error = "could not connect to " + connect + " (" + std::string(client::sessionStateName(shared->state)) + ")";
        return nullptr;
    }
    return c;
}

// Counts requests in flight; acquire() blocks while `limit` are outstanding.
class Window {
public:
    explicit Window(int limit) : limit_(limit) {}
    void acquire() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return inFlight_ < limit_; });
        ++inFlight_;
    }
    bool tryAcquire() {
        std::lock_guard lock(m_);
        if (inFlight_ >= limit_) return false;
        ++inFlight_;
        return true;
    }
    void release() {
        std::lock_guard lock(m_);
        --inFlight_;
        cv_.notify_all();
    }
    void drain() {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return inFlight_ == 0; });
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    int inFlight_ = 0;
    const int limit_;
};

}  // namespace

std::string watchedChild(const TreeShape& shape, int k) { return shape.root + "/watched/" + numbered("w", k, 4); }

PopulateReport populate(const std::string& connect, const TreeShape& shape, int batch, int window) {
    PopulateReport report;
    const auto start = Clock::now();
    auto c = connectAndWait(connect, &report.error);
    if (!c) return report;

    // Every path in creation order; parents first.
    std::vector<std::string> paths;
    const int64_t dirs = (shape.treeNodes + 999) / 1000;
    paths.reserve(size_t(shape.treeNodes + dirs + shape.big + shape.mid + shape.watched + 8));
    paths.push_back(shape.root);
    paths.push_back(shape.root + "/watched");
    for (int k = 0; k < shape.watched; ++k) paths.push_back(watchedChild(shape, k));
    paths.push_back(shape.root + "/mid");
    for (int k = 0; k < shape.mid; ++k) paths.push_back(shape.root + "/mid/" + numbered("c", k, 5));
    paths.push_back(shape.root + "/big");
    for (int k = 0; k < shape.big; ++k) paths.push_back(shape.root + "/big/" + numbered("c", k, 6));
    paths.push_back(shape.root + "/tree");
    for (int64_t d = 0; d < dirs; ++d) {
        const std::string dir = shape.root + "/tree/" + numbered("d", d, 4);
        paths.push_back(dir);
        const int64_t n = std::min<int64_t>(1000, shape.treeNodes - d * 1000);
        for (int64_t i = 0; i < n; ++i) paths.push_back(dir + "/" + numbered("n", i, 3));
    }

    Window inFlight(window);
    std::mutex errorMutex;
    std::atomic<int64_t> created{0};
    std::atomic<bool> failed{false};
    for (size_t at = 0; at < paths.size() && !failed; at += size_t(batch)) {
        std::vector<client::Op> ops;
        const size_t end = std::min(paths.size(), at + size_t(batch));
        ops.reserve(end - at);
        for (size_t i = at; i < end; ++i) ops.push_back(client::Op::makeCreate(paths[i], "v" + std::to_string(i)));
        const int64_t count = int64_t(ops.size());
        inFlight.acquire();
        c->multi(ops, [&, count](client::Result<std::vector<client::OpResult>> r) {
            if (r.ok()) {
                created += count;
            } else if (!failed.exchange(true)) {
                std::lock_guard lock(errorMutex);
                report.error = "populate: " + r.message;
            }
            inFlight.release();
        });
    }
    inFlight.drain();
    c->close();
    report.created = created;
    report.ok = !failed && created == int64_t(paths.size());
    if (!failed && !report.ok) report.error = "populate: not every znode was created";
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return report;
}

ChangerReport runChanger(const ChangerOptions& options) {
    ChangerReport report;
    const TreeShape& shape = options.shape;
    if (shape.watched <= 0 || options.rate <= 0) {
        report.error = "changer: nothing to change (watched and rate must be > 0)";
        return report;
    }
    auto c = connectAndWait(options.connect, &report.error);
    if (!c) return report;

    std::vector<std::string> paths;
    for (int k = 0; k < shape.watched; ++k) paths.push_back(watchedChild(shape, k));
    std::vector<char> present(paths.size(), 1);  // only touched by this thread
    std::atomic<int64_t> sets{0}, deletes{0}, creates{0}, errors{0};
    Window inFlight(options.maxOutstanding);
    auto counted = [&](std::atomic<int64_t>& okCounter) {
        return [&](auto r) {
            if (r.ok()) ++okCounter;
            else ++errors;
            inFlight.release();
        };
    };
    auto change = [&](int64_t i) {
        const size_t k = size_t(i % int64_t(paths.size()));
        const int64_t round = i / int64_t(paths.size());
        if (k % 10 == 5) {
            if (round % 2 == 0 && present[k]) {
                present[k] = 0;
                c->remove(paths[k], -1, counted(deletes));
                return;
            }
            if (round % 2 == 1 && !present[k]) {
                present[k] = 1;
                c->create(paths[k], "r" + std::to_string(round), {}, counted(creates));
                return;
            }
        }
        c->setData(paths[k], "i" + std::to_string(i), -1, counted(sets));
    };

    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.seconds));
    int64_t submitted = 0;
    // Every 2 ms: catch up to rate * elapsed (bursts of ~10 at 5,000/s).
    while (Clock::now() < end) {
        const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
        const auto due = int64_t(elapsed * options.rate);
        while (submitted < due) {
            if (!inFlight.tryAcquire()) break;  // the server lags: do not pile up
            change(submitted++);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    // Make the level whole again.
    for (size_t k = 0; k < paths.size(); ++k) {
        if (present[k]) continue;
        inFlight.acquire();
        present[k] = 1;
        c->create(paths[k], "restored", {}, counted(creates));
    }
    inFlight.drain();
    c->close();
    report.sets = sets;
    report.deletes = deletes;
    report.creates = creates;
    report.errors = errors;
    report.ok = errors == 0;
    if (!report.ok) report.error = "changer: " + std::to_string(report.errors) + " requests failed";
    return report;
}

}  // namespace zooscope::bench
