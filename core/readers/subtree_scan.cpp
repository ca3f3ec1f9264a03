// scanSubtree(): a breadth-first walk with a window of outstanding reads;
// readRecipeNodes(): the same reads for a given list of nodes, no walk.
// Client callbacks only post work; this thread does all the bookkeeping, so
// the state needs no lock beyond the mailbox's.
// Where the server serves multiRead, a walk lists its nodes in batches over
// a session of its own (MultiReadSession): a few hundred requests instead of
// one per node, which is what the walk's time was. Recipe nodes and layouts
// are still read through the client. Same result either way.
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>

#include <spdlog/spdlog.h>

#include "proto/path_utils.h"
#include "readers/multi_read_session.h"
#include "zooscope/partition_readers.h"
#include "zooscope/recipe_readers.h"

namespace zooscope::readers {

namespace {

std::string childPath(const std::string& parent, const std::string& name) {
    return parent == "/" ? "/" + name : parent + "/" + name;
}

class Mailbox {
public:
    // Wakes the walk only when it may be waiting (the queue was empty): a
    // wake-up per reply costs more than the reply at 100,000 nodes.
    void post(std::function<void()> task) {
        std::lock_guard lock(mutex_);
        const bool wake = tasks_.empty();
        tasks_.push_back(std::move(task));
        if (wake) cv_.notify_one();
    }
    // Every task queued, in order; none when `until` passed or stop was
    // requested first.
    std::deque<std::function<void()>> take(std::chrono::steady_clock::time_point until, std::stop_token stop) {
        std::unique_lock lock(mutex_);
        cv_.wait_until(lock, stop, until, [&] { return !tasks_.empty(); });
        return std::exchange(tasks_, {});
    }

private:
    std::mutex mutex_;
    std::condition_variable_any cv_;
    std::deque<std::function<void()>> tasks_;
};

// Bulk listing: paths per multiRead, requests in flight, how long opening
// the session may take, and the share of the server's jute.maxbuffer one
// request or reply may take by our estimate (far under it: a listing's
// size is only known once read).
constexpr size_t kMaxPathsPerBatch = 512;
constexpr size_t kBatchesInFlight = 4;
constexpr std::chrono::milliseconds kBulkOpenTimeout{5000};
constexpr size_t kBudgetShare = 8;

// A node waiting to be listed; numChildren when a stat said (else -1).
struct Queued {
    Queued(std::string p, int32_t n = -1) : path(std::move(p)), numChildren(n) {}
    std::string path;
    int32_t numChildren = -1;
};

// What the walk reads where it finds it: recipe nodes (locks, elections) or
// partition layouts (stream job, SetPartitioner, Kafka).
enum class Looking { Recipes, Partitions };

class Scan {
public:
    Scan(client::Client& client, std::string root, const ScanLimits& limits, Looking looking = Looking::Recipes)
        : client_(client), limits_(limits), root_(std::move(root)), looking_(looking) {
        queue_.push_back(root_);
    }
    // Exactly `paths` (recipe nodes or layout roots), each with a child watch
    // when `watch`, and a layout's watches (partitionWatchOf).
    Scan(client::Client& client, const std::vector<std::string>& paths, const ScanLimits& limits, bool watch,
         Looking looking = Looking::Recipes)
        : client_(client),
          limits_(limits),
          looking_(looking),
          walk_(false),
          watch_(watch),
          queue_(paths.begin(), paths.end()) {}

    ScanResult run(std::stop_token stop) {
        const auto deadline = std::chrono::steady_clock::now() + limits_.maxTime;
        openBulk();
        while (true) {
            if (!stopping() && stop.stop_requested()) stopWith("Interrupted.");
            if (!stopping() && std::chrono::steady_clock::now() >= deadline)
                stopWith("Stopped after " + std::to_string(limits_.maxTime.count()) + " ms (the time limit).");
            while (!stopping() && !queue_.empty() &&
                   (bulk_ ? batchesInFlight_ < kBatchesInFlight : inFlight_ < limits_.window)) {
                if (result_.nodesRead + inFlight_ >= limits_.maxNodes) {
                    stopWith("Stopped after " + std::to_string(limits_.maxNodes) + " nodes (the node limit).");
                    break;
                }
                if (bulk_) {
                    listBatch();
                } else {
                    list(queue_.front().path);
                    queue_.pop_front();
                }
            }
            if (inFlight_ == 0) break;
            // Replies always come (ConnectionLoss at worst), so draining ends.
            for (auto& task : mailbox_.take(stopping() ? std::chrono::steady_clock::time_point::max() : deadline,
                                            stopping() ? std::stop_token{} : stop))
                task();
        }
        if (bulk_) {
            spdlog::debug("readers: listed {} nodes under {} in {} multiRead requests", listedInBulk_, root_,
                          batchesSent_);
            bulk_.reset();  // says goodbye to the server
        }
        joinSemaphoreQueues(result_.items);
        std::sort(result_.items.begin(), result_.items.end(),
                  [](const RecipeItem& a, const RecipeItem& b) { return a.path < b.path; });
        std::sort(partitions_.begin(), partitions_.end(),
                  [](const PartitionItem& a, const PartitionItem& b) { return a.path < b.path; });
        return std::move(result_);
    }

    std::vector<PartitionItem> takePartitions() { return std::move(partitions_); }

private:
    bool stopping() const { return !result_.complete || result_.err != proto::Err::Ok; }

    void stopWith(std::string why) {
        if (!result_.complete) return;
        result_.complete = false;
        result_.stoppedBecause = std::move(why);
    }

    // A session of our own for the walk's listings, when the server and the
    // options allow it; else the walk lists through the client (the reason
    // at debug level).
    void openBulk() {
        if (!walk_ || !limits_.multiRead) return;
        std::string why;
        if (proto::validatePath(root_)) {
            why = "the root is not a valid path";  // the client words the refusal
        } else if (auto settings = detail::MultiReadSettings::sameAs(client_, &why)) {
            settings->openTimeout = std::min<std::chrono::milliseconds>(kBulkOpenTimeout, limits_.maxTime);
            bulk_ = detail::MultiReadSession::open(*settings, root_, &why);
        }
        if (!bulk_) spdlog::debug("readers: walking {} with one listing per node: {}", root_, why);
        budget_ = static_cast<size_t>(std::max(client_.options().juteMaxBuffer, 1 << 16)) / kBudgetShare;
    }

    // A listing's reply size as far as it can be told before reading it: from
    // the node's numChildren and the names seen so far, else the mean listing.
    size_t estimatedReply(const Queued& q) const {
        const size_t nameBytes = namesSeen_ ? nameBytesSeen_ / namesSeen_ : 16;
        if (q.numChildren >= 0) return 16 + static_cast<size_t>(q.numChildren) * (nameBytes + 4);
        return listedInBulk_ ? 16 + (nameBytesSeen_ + 4 * namesSeen_) / listedInBulk_ : 64;
    }

    // The front of the queue, as many paths as fit one request.
    void listBatch() {
        const size_t room = limits_.maxNodes - result_.nodesRead - inFlight_;
        std::vector<std::string> paths;
        size_t reply = 0, request = 0;
        while (!queue_.empty() && paths.size() < std::min(room, kMaxPathsPerBatch)) {
            const size_t r = estimatedReply(queue_.front()), q = queue_.front().path.size() + 16;
            if (!paths.empty() && (reply + r > budget_ || request + q > budget_)) break;
            reply += r;
            request += q;
            paths.push_back(std::move(queue_.front().path));
            queue_.pop_front();
        }
        inFlight_ += paths.size();
        ++batchesInFlight_;
        ++batchesSent_;
        std::vector<std::string> sent = paths;
        bulk_->list(std::move(sent), [this, paths = std::move(paths)](proto::Err err, std::string message,
                                                                      std::vector<detail::Listing> listings) mutable {
            mailbox_.post([this, paths = std::move(paths), err, message = std::move(message),
                           listings = std::move(listings)]() mutable {
                batchListed(paths, err, message, std::move(listings));
            });
        });
    }

    // Each path as listed() takes a getChildren2 answer from the client: the
    // same errors and sentences, so the result does not tell the ways apart.
    void batchListed(const std::vector<std::string>& paths, proto::Err err, const std::string& message,
                     std::vector<detail::Listing> listings) {
        --batchesInFlight_;
        for (size_t i = 0; i < paths.size(); ++i) {
            client::Result<client::Children> r;
            if (err != proto::Err::Ok) {
                r.err = err;
                r.message = message;
            } else {
                r.err = listings[i].err;
                if (!r.ok()) r.message = client::describeError(r.err, client::Operation::GetChildren, paths[i]);
                r.value.names = std::move(listings[i].names);
                ++listedInBulk_;
                namesSeen_ += r.value.names.size();
                for (const std::string& n : r.value.names) nameBytesSeen_ += n.size();
            }
            listed(paths[i], std::move(r));
        }
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
        if (looking_ == Looking::Partitions) {
            if (auto layout = partitionLayoutOf(r.value.names)) {
                // Its parts are loaded; the rest (Kafka's /consumers, ...) may
                // hold more layouts.
                loadLayout(path, *layout);
                if (!walk_) return;
                const std::vector<std::string> parts = partitionParts(*layout);
                for (const std::string& n : r.value.names)
                    if (std::find(parts.begin(), parts.end(), n) == parts.end()) queue_.push_back(childPath(path, n));
                return;
            }
            if (walk_)
                for (const std::string& n : r.value.names) queue_.push_back(childPath(path, n));
            return;
        }
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
                    if (!c.gone && c.stat.numChildren > 0)
                        queue_.emplace_back(childPath(view->path, c.name), c.stat.numChildren);
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

    // A partition layout rooted at `path`: its parts (partitionParts) and
    // everything below them, read with stats and data, then readPartitions().
    struct Load {
        std::string path;
        PartitionRecipe recipe;
        LoadedNode root;
        int pending = 0;
    };

    void loadLayout(const std::string& path, PartitionRecipe recipe) {
        auto load = std::make_shared<Load>(Load{path, recipe, {}, 0});
        readRows(load, &load->root, path, partitionParts(recipe));
    }

    void loaded(const std::shared_ptr<Load>& load) {
        if (--load->pending == 0) partitions_.push_back(readPartitions(load->path, load->recipe, load->root));
    }

    // The rows `names` under `path` into node->children; the ones with
    // children are listed and read in turn (a vanished row is left out).
    void readRows(const std::shared_ptr<Load>& load, LoadedNode* node, const std::string& path,
                  const std::vector<std::string>& names) {
        ++load->pending;
        ++inFlight_;
        client_.getChildrenWithStats(
            path, names, client::RowDetail::StatAndData,
            [this, load, node, path](client::Result<std::vector<client::ChildRow>> r) {
                mailbox_.post([this, load, node, path, r = std::move(r)] {
                    --inFlight_;
                    for (const client::ChildRow& row : r.value) {
                        if (row.err != proto::Err::Ok) continue;
                        LoadedNode& c = node->children[row.name];
                        c.stat = row.stat;
                        c.data = row.data;
                        if (stopping()) continue;
                        const std::string at = childPath(path, row.name);
                        const PartitionWatch w = watch_ ? partitionWatchOf(load->recipe, relativeTo(load->path, at))
                                                        : PartitionWatch::None;
                        if (row.stat.numChildren > 0 || w == PartitionWatch::Children)
                            listRows(load, &c, at, w == PartitionWatch::Children);
                        if (w == PartitionWatch::Data) watchData(load, &c, at);
                    }
                    loaded(load);
                });
            });
    }

    static std::string relativeTo(const std::string& root, const std::string& path) {
        return path.substr(root == "/" ? 1 : root.size() + 1);
    }

    // The data of a data-watched node read again, leaving the watch: the
    // view shows this read's data, so no change falls between read and watch.
    void watchData(const std::shared_ptr<Load>& load, LoadedNode* node, const std::string& path) {
        ++load->pending;
        ++inFlight_;
        client_.getData(path, true, [this, load, node](client::Result<client::NodeData> r) {
            mailbox_.post([this, load, node, r = std::move(r)] {
                --inFlight_;
                if (r.ok()) {
                    node->data = r.value.data;
                    node->stat = r.value.stat;
                }
                loaded(load);
            });
        });
    }

    void listRows(const std::shared_ptr<Load>& load, LoadedNode* node, const std::string& path, bool watch = false) {
        ++load->pending;
        ++inFlight_;
        client_.getChildren2(path, watch, [this, load, node, path](client::Result<client::Children> r) {
            mailbox_.post([this, load, node, path, r = std::move(r)] {
                --inFlight_;
                ++result_.nodesRead;
                if (r.err == proto::Err::NoAuth) stopWith("Some nodes were not readable (NoAuth), first " + path + ".");
                if (r.ok() && !r.value.names.empty()) readRows(load, node, path, r.value.names);
                loaded(load);
            });
        });
    }

    client::Client& client_;
    ScanLimits limits_;
    std::string root_;
    Looking looking_ = Looking::Recipes;
    std::vector<PartitionItem> partitions_;
    bool walk_ = true;
    bool watch_ = false;
    Mailbox mailbox_;
    std::deque<Queued> queue_;
    size_t inFlight_ = 0;  // reads outstanding (a batch counts its paths)
    ScanResult result_;
    std::unique_ptr<detail::MultiReadSession> bulk_;  // null: every listing through client_
    size_t budget_ = 0;
    size_t batchesInFlight_ = 0, batchesSent_ = 0;
    size_t listedInBulk_ = 0, namesSeen_ = 0, nameBytesSeen_ = 0;
};

}  // namespace

ScanResult scanSubtree(client::Client& client, const std::string& root, const ScanLimits& limits,
                       std::stop_token stop) {
    return Scan(client, root, limits).run(stop);
}

namespace {

PartitionScanResult runPartitionScan(Scan& scan, std::stop_token stop) {
    ScanResult read = scan.run(stop);
    PartitionScanResult result;
    result.complete = read.complete;
    result.stoppedBecause = std::move(read.stoppedBecause);
    result.nodesRead = read.nodesRead;
    result.err = read.err;
    result.message = std::move(read.message);
    result.items = scan.takePartitions();
    result.gone = std::move(read.gone);
    std::sort(result.gone.begin(), result.gone.end());
    return result;
}

}  // namespace

PartitionScanResult scanPartitions(client::Client& client, const std::string& root, const ScanLimits& limits,
                                   std::stop_token stop) {
    Scan scan(client, root, limits, Looking::Partitions);
    return runPartitionScan(scan, stop);
}

PartitionScanResult readPartitionLayouts(client::Client& client, const std::vector<std::string>& paths, bool watch,
                                         const ScanLimits& limits, std::stop_token stop) {
    Scan scan(client, paths, limits, watch, Looking::Partitions);
    return runPartitionScan(scan, stop);
}

ScanResult readRecipeNodes(client::Client& client, const std::vector<std::string>& paths, bool watchChildren,
                           const ScanLimits& limits, std::stop_token stop) {
    ScanResult result = Scan(client, paths, limits, watchChildren).run(stop);
    std::sort(result.gone.begin(), result.gone.end());
    return result;
}

}  // namespace zooscope::readers
