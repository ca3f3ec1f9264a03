// scanSubtree(): a breadth-first walk with a window of outstanding reads;
// readRecipeNodes(): the same reads for a given list of nodes, no walk.
// Client callbacks only post work; this thread does all the bookkeeping, so
// the state needs no lock beyond the mailbox's.
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "zooscope/recipe_readers.h"

namespace zooscope::readers {

namespace {

std::string childPath(const std::string& parent, const std::string& name) {
    return parent == "/" ? "/" + name : parent + "/" + name;
}

class Mailbox {
public:
    void post(std::function<void()> task) {
        std::lock_guard lock(mutex_);
        tasks_.push_back(std::move(task));
        cv_.notify_all();
    }
    // The next task, or nothing when `until` passed or stop was requested.
    std::optional<std::function<void()>> take(std::chrono::steady_clock::time_point until, std::stop_token stop) {
        std::unique_lock lock(mutex_);
        cv_.wait_until(lock, stop, until, [&] { return !tasks_.empty(); });
        if (tasks_.empty()) return std::nullopt;
        auto task = std::move(tasks_.front());
        tasks_.pop_front();
        return task;
    }

private:
    std::mutex mutex_;
    std::condition_variable_any cv_;
    std::deque<std::function<void()>> tasks_;
};

class Scan {
public:
    Scan(client::Client& client, std::string root, const ScanLimits& limits)
        : client_(client), limits_(limits), root_(std::move(root)) {
        queue_.push_back(root_);
    }
    // Exactly `paths`, each with a child watch when `watch`.
    Scan(client::Client& client, const std::vector<std::string>& paths, const ScanLimits& limits, bool watch)
        : client_(client), limits_(limits), walk_(false), watch_(watch), queue_(paths.begin(), paths.end()) {}

    ScanResult run(std::stop_token stop) {
        const auto deadline = std::chrono::steady_clock::now() + limits_.maxTime;
        while (true) {
            if (!stopping() && stop.stop_requested()) stopWith("Interrupted.");
            if (!stopping() && std::chrono::steady_clock::now() >= deadline)
                stopWith("Stopped after " + std::to_string(limits_.maxTime.count()) + " ms (the time limit).");
            while (!stopping() && !queue_.empty() && inFlight_ < limits_.window) {
                if (result_.nodesRead + inFlight_ >= limits_.maxNodes) {
                    stopWith("Stopped after " + std::to_string(limits_.maxNodes) + " nodes (the node limit).");
                    break;
                }
                list(queue_.front());
                queue_.pop_front();
            }
            if (inFlight_ == 0) break;
            // Replies always come (ConnectionLoss at worst), so draining ends.
            auto task = mailbox_.take(stopping() ? std::chrono::steady_clock::time_point::max() : deadline,
                                      stopping() ? std::stop_token{} : stop);
            if (task) (*task)();
        }
        joinSemaphoreQueues(result_.items);
        std::sort(result_.items.begin(), result_.items.end(),
                  [](const RecipeItem& a, const RecipeItem& b) { return a.path < b.path; });
        return std::move(result_);
    }

private:
    bool stopping() const { return !result_.complete || result_.err != proto::Err::Ok; }

    void stopWith(std::string why) {
        if (!result_.complete) return;
        result_.complete = false;
        result_.stoppedBecause = std::move(why);
    }

    void list(const std::string& path) {
        ++inFlight_;
        client_.getChildren2(path, watch_, [this, path](client::Result<client::Children> r) {
            mailbox_.post([this, path, r = std::move(r)]() mutable { listed(path, std::move(r)); });
        });
    }

    void listed(const std::string& path, client::Result<client::Children> r) {
        --inFlight_;
        ++result_.nodesRead;
        if (r.err == proto::Err::NoNode && (!walk_ || path != root_)) {  // deleted while walking
            if (!walk_) result_.gone.push_back(path);
            return;
        }
        if (r.err == proto::Err::NoAuth && (!walk_ || path != root_)) {
            stopWith("Some nodes were not readable (NoAuth), first " + path + ".");
            return;
        }
        if (!r.ok()) {
            if (result_.err == proto::Err::Ok) {
                result_.err = r.err;
                result_.message = r.message;
                result_.complete = false;
            }
            return;
        }
        std::sort(r.value.names.begin(), r.value.names.end());
        if (!looksLikeRecipe(path, r.value.names)) {
            if (!walk_) return;
            for (const std::string& n : r.value.names) queue_.push_back(childPath(path, n));
            return;
        }
        read(path, std::move(r.value.names));
    }

    // A recipe node: its data and every child's stat and data, pipelined.
    void read(const std::string& path, std::vector<std::string> names) {
        auto view = std::make_shared<NodeView>();
        view->path = path;
        auto pending = std::make_shared<int>(2);
        inFlight_ += 2;
        auto finish = [this, view, pending] {
            --inFlight_;
            if (--*pending > 0) return;
            for (RecipeItem& item : readNode(*view)) result_.items.push_back(std::move(item));
            // Contenders are ephemeral leaves; other children may hold more.
            if (walk_)
                for (const ChildNode& c : view->children)
                    if (!c.gone && c.stat.numChildren > 0) queue_.push_back(childPath(view->path, c.name));
        };
        client_.getData(path, false, [this, view, finish](client::Result<client::NodeData> r) {
            mailbox_.post([view, finish, r = std::move(r)] {
                if (r.ok()) view->data = r.value.data;
                finish();
            });
        });
        client_.getChildrenWithStats(
            path, names, client::RowDetail::StatAndData,
            [this, view, finish](client::Result<std::vector<client::ChildRow>> r) {
                mailbox_.post([view, finish, r = std::move(r)] {
                    for (const client::ChildRow& row : r.value)
                        view->children.push_back(ChildNode{row.name, row.stat, row.data, row.err != proto::Err::Ok});
                    finish();
                });
            });
    }

    client::Client& client_;
    ScanLimits limits_;
    std::string root_;
    bool walk_ = true;
    bool watch_ = false;
    Mailbox mailbox_;
    std::deque<std::string> queue_;
    size_t inFlight_ = 0;
    ScanResult result_;
};

}  // namespace

ScanResult scanSubtree(client::Client& client, const std::string& root, const ScanLimits& limits,
                       std::stop_token stop) {
    return Scan(client, root, limits).run(stop);
}

ScanResult readRecipeNodes(client::Client& client, const std::vector<std::string>& paths, bool watchChildren,
                           const ScanLimits& limits, std::stop_token stop) {
    ScanResult result = Scan(client, paths, limits, watchChildren).run(stop);
    std::sort(result.gone.begin(), result.gone.end());
    return result;
}

}  // namespace zooscope::readers
