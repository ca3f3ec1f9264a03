// Recursive and batch delete (see zooscope/admin.h for the contracts).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <set>

#include "admin/pipeline.h"
#include "proto/path_utils.h"

namespace zooscope::admin {

using detail::Pipeline;
using detail::ProgressReporter;
using proto::Err;

std::string_view phaseName(Phase p) {
    switch (p) {
        case Phase::Listing: return "listing";
        case Phase::Reading: return "reading";
        case Phase::Deleting: return "deleting";
        case Phase::Writing: return "writing";
    }
    return "unknown";
}

std::string checkDeletableRoot(std::string_view path) {
    if (auto bad = proto::validatePath(path)) return "Cannot delete " + std::string(path) + ": " + *bad + ".";
    if (path == "/") return "Refusing to delete the root node \"/\".";
    if (path == "/zookeeper" || path == "/zookeeper/config" || path == "/zookeeper/quota")
        return "Refusing to delete " + std::string(path) + ": it is a ZooKeeper system node.";
    return {};
}

namespace {

size_t depthOf(const std::string& path) { return size_t(std::count(path.begin(), path.end(), '/')); }

// Lists the subtree under `root` breadth-first with pipelined getChildren.
// Paths come back in discovery order (parents before children).
struct Listing {
    std::vector<std::string> paths;
    std::vector<NodeError> errors;
    bool rootMissing = false;
    bool cancelled = false;
};

Listing listSubtree(client::Client& c, const std::string& root, const Control& control) {
    Listing out;
    ProgressReporter progress(control, Phase::Listing);
    Pipeline pipe(control.window);
    std::deque<std::string> todo{root};
    while (true) {
        while (!pipe.full() && !todo.empty() && !control.cancel.cancelled()) {
            std::string path = std::move(todo.front());
            todo.pop_front();
            pipe.submit<std::vector<std::string>>(
                [&c, path](client::Callback<std::vector<std::string>> cb) { c.getChildren(path, false, cb); },
                [&, path](client::Result<std::vector<std::string>>& r) {
                    progress.tick();
                    if (r.err == Err::NoNode) {
                        // Gone since its parent was listed: nothing to delete.
                        if (path == root) out.rootMissing = true;
                        return;
                    }
                    out.paths.push_back(path);
                    if (!r.ok()) {
                        out.errors.push_back(detail::nodeError(path, r.err, r.message));
                        return;
                    }
                    for (const auto& name : r.value) todo.push_back(proto::childOf(path, name));
                });
        }
        if (pipe.inflight() == 0) break;
        pipe.pump();
    }
    out.cancelled = control.cancel.cancelled() && (!todo.empty());
    progress.finish();
    return out;
}

// Deepest first; stable within a depth so the order is deterministic.
void sortDeepestFirst(std::vector<std::string>& paths) {
    std::stable_sort(paths.begin(), paths.end(), [](const std::string& a, const std::string& b) {
        const size_t da = depthOf(a), db = depthOf(b);
        if (da != db) return da > db;
        return a < b;
    });
}

struct Pass {
    std::vector<std::string> notEmpty;
};

// One pipelined pass of deletes in the given order.
Pass deletePass(client::Client& c, const std::vector<std::string>& paths, const Control& control,
                ProgressReporter& progress, DeleteReport& report) {
    Pass pass;
    Pipeline pipe(control.window);
    size_t next = 0;
    while (true) {
        while (!pipe.full() && next < paths.size() && !control.cancel.cancelled()) {
            const std::string path = paths[next++];
            pipe.submit<client::Empty>(
                [&c, path](client::Callback<client::Empty> cb) { c.remove(path, -1, cb); },
                [&, path](client::Result<client::Empty>& r) {
                    progress.tick();
                    if (r.ok()) {
                        report.deleted.push_back(path);
                    } else if (r.err == Err::NoNode) {
                        ++report.vanished;
                    } else if (r.err == Err::NotEmpty) {
                        pass.notEmpty.push_back(path);
                    } else {
                        report.errors.push_back(detail::nodeError(path, r.err, r.message));
                    }
                });
        }
        if (pipe.inflight() == 0) break;
        pipe.pump();
    }
    if (next < paths.size()) report.cancelled = true;
    return pass;
}

// The failed nodes that have no failed ancestor among them.
std::vector<std::string> topmost(std::vector<std::string> paths) {
    std::sort(paths.begin(), paths.end());
    std::vector<std::string> out;
    for (const auto& p : paths) {
        bool covered = false;
        for (const auto& t : out)
            if (proto::isUnder(p, t)) covered = true;
        if (!covered) out.push_back(p);
    }
    return out;
}

}  // namespace

DeletePlan planRecursiveDelete(client::Client& c, const std::string& root, const Control& control) {
    DeletePlan plan;
    plan.root = root;
    plan.refused = checkDeletableRoot(root);
    if (!plan.refused.empty()) return plan;
    Listing l = listSubtree(c, root, control);
    if (l.rootMissing) {
        plan.refused = "Nothing to delete: " + root + " does not exist.";
        return plan;
    }
    if (!l.errors.empty() && l.paths.size() == 1 && l.errors.front().path == root) {
        plan.refused = l.errors.front().message;
        plan.errors = std::move(l.errors);
        plan.paths.clear();
        return plan;
    }
    plan.cancelled = l.cancelled;
    plan.errors = std::move(l.errors);
    std::vector<std::string> parentFirst = l.paths;
    std::sort(parentFirst.begin(), parentFirst.end());
    parentFirst.resize(std::min(parentFirst.size(), kPlanSampleSize));
    plan.sample = std::move(parentFirst);
    plan.paths = std::move(l.paths);
    sortDeepestFirst(plan.paths);
    spdlog::info("admin: planned recursive delete of {}: {} nodes{}", root, plan.paths.size(),
                 plan.cancelled ? " (cancelled)" : "");
    return plan;
}

DeleteReport executeRecursiveDelete(client::Client& c, const DeletePlan& plan, const Control& control) {
    DeleteReport report;
    report.planned = plan.count();
    if (!plan.refused.empty() || plan.cancelled) {
        report.cancelled = plan.cancelled;
        if (!plan.refused.empty())
            report.errors.push_back(detail::nodeError(plan.root, Err::BadArguments, plan.refused));
        return report;
    }
    ProgressReporter progress(control, Phase::Deleting, plan.count());
    Pass pass = deletePass(c, plan.paths, control, progress, report);

    // Another client may have added children meanwhile: retry each topmost
    // NotEmpty subtree once, with a fresh listing.
    std::vector<NodeError> retryErrors;
    for (const std::string& subtree : topmost(pass.notEmpty)) {
        if (control.cancel.cancelled()) {
            report.errors.push_back(detail::nodeError(subtree, Err::NotEmpty,
                                                      client::describeError(Err::NotEmpty, client::Operation::Delete, subtree)));
            continue;
        }
        report.retried.push_back(subtree);
        // Failures inside this subtree from the first pass are superseded by the retry.
        std::erase_if(report.errors, [&](const NodeError& e) { return proto::isUnder(e.path, subtree); });
        Control quiet = control;
        quiet.onProgress = nullptr;
        Listing l = listSubtree(c, subtree, quiet);
        retryErrors.insert(retryErrors.end(), l.errors.begin(), l.errors.end());
        if (l.rootMissing) continue;  // someone else finished it
        sortDeepestFirst(l.paths);
        progress.addTotal(l.paths.size());
        DeleteReport second;
        Pass again = deletePass(c, l.paths, control, progress, second);
        report.deleted.insert(report.deleted.end(), second.deleted.begin(), second.deleted.end());
        report.vanished += second.vanished;
        report.cancelled = report.cancelled || second.cancelled;
        retryErrors.insert(retryErrors.end(), second.errors.begin(), second.errors.end());
        for (const auto& p : again.notEmpty)
            retryErrors.push_back(
                detail::nodeError(p, Err::NotEmpty,
                                  client::describeError(Err::NotEmpty, client::Operation::Delete, p) +
                                      " (children were added again while it was being deleted)"));
    }
    report.errors.insert(report.errors.end(), retryErrors.begin(), retryErrors.end());
    report.cancelled = report.cancelled || control.cancel.cancelled();
    progress.finish();
    spdlog::info("admin: recursive delete of {}: {} of {} deleted, {} vanished, {} retried, {} errors{}", plan.root,
                 report.deleted.size(), report.planned, report.vanished, report.retried.size(), report.errors.size(),
                 report.cancelled ? ", cancelled" : "");
    return report;
}

std::vector<PathResult> deleteNodes(client::Client& c, const std::vector<std::string>& paths, const Control& control) {
    std::vector<PathResult> out(paths.size());
    ProgressReporter progress(control, Phase::Deleting, paths.size());
    Pipeline pipe(control.window);
    size_t next = 0;
    while (true) {
        while (!pipe.full() && next < paths.size() && !control.cancel.cancelled()) {
            const size_t i = next++;
            out[i].path = paths[i];
            if (std::string refused = checkDeletableRoot(paths[i]); !refused.empty()) {
                out[i].err = Err::BadArguments;
                out[i].message = std::move(refused);
                progress.tick();
                continue;
            }
            out[i].attempted = true;
            pipe.submit<client::Empty>(
                [&c, path = paths[i]](client::Callback<client::Empty> cb) { c.remove(path, -1, cb); },
                [&, i](client::Result<client::Empty>& r) {
                    progress.tick();
                    out[i].err = r.err;
                    out[i].message = r.message;
                });
        }
        if (pipe.inflight() == 0) break;
        pipe.pump();
    }
    for (size_t i = next; i < paths.size(); ++i) {
        out[i].path = paths[i];
        out[i].message = "Not deleted: the operation was cancelled first.";
    }
    progress.finish();
    return out;
}

}  // namespace zooscope::admin
