// Server-side watch table: which connection watches which path, in which
// mode, and who is notified when a node changes.
//
// Single-threaded: the owner (DataTree, on the request pipeline's commit
// thread) serialises every call; no method locks.
//
// Model. A watch is a (path, watcher, kind) triple; one watcher (one client
// connection) may hold several kinds on the same path at once, and each kind
// keeps its own lifetime (this is ZooKeeper 3.9's ZOOKEEPER-4466 behaviour;
// 3.8.0 kept a single mode per manager, so a getData watch silently turned an
// existing persistent watch into a one-shot one).
//
//   kind                 set by                          fires on (at `path`)                       then
//   Data                 getData/exists with watch       NodeCreated, NodeDeleted, NodeDataChanged    removed
//   Child                getChildren with watch          NodeChildrenChanged, NodeDeleted             removed
//   Persistent           addWatch(PERSISTENT)            all four node events                         stays
//   PersistentRecursive  addWatch(PERSISTENT_RECURSIVE)  all but NodeChildrenChanged, at `path` or     stays
//                                                        at any descendant of it
//
// How DataTree must call trigger() (as DataTree.java of ZooKeeper 3.8 does):
//   create P:   trigger(P, NodeCreated);  trigger(parentOf(P), NodeChildrenChanged)
//   delete P:   trigger(P, NodeDeleted);  trigger(parentOf(P), NodeChildrenChanged)
//   setData P:  trigger(P, NodeDataChanged)
//   setACL, and reads: nothing.
// Node deletion is ONE call: it fires data, child, persistent and recursive
// watches together, so a connection holding both a data and a child watch on
// P gets one NodeDeleted, as ZooKeeper's suppression set arranges.
// The parent of a child of "/" is "/" (zooscope::parentOf gives that).
//
// Paths are taken as given: callers pass validated absolute paths
// (proto::validatePath); nothing here allocates per ancestor level.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "zooscope/protocol.h"

namespace zooscope::tree {

// One id per client connection; opaque here. The server maps it to the
// session id for the 4lw reports.
using WatcherId = uint64_t;

// Exists is a Data watch that exists() set (and no getData since): it fires,
// is removed and counts exactly as Data does (ZooKeeper keeps both in one
// table); only the reports by kind (held()) tell it apart.
enum class WatchKind : uint8_t { Data, Child, Persistent, PersistentRecursive, Exists };

// What the 4lw reports cover. ZooKeeper 3.8 builds wchs/wchc/wchp from its
// data-watch table only: child-only watches (getChildren) are not listed, while
// persistent and recursive watches are. `All` lists every watch.
enum class ReportScope { ZooKeeper, All };

class WatchManager {
public:
    struct Fired {
        WatcherId watcher;
        proto::EventType type;
        std::string path;  // the node that changed (for recursive watches, not the watched path)
        friend bool operator==(const Fired&, const Fired&) = default;
    };

    // Registers a watch. Returns false if that exact (path, watcher, kind) was
    // already there (no-op then).
    bool add(std::string_view path, WatcherId w, WatchKind k);

    // True if `w` holds a watch of exactly kind `k` on `path` (Data: any data
    // watch, set by getData or exists; Exists: one only exists() set).
    bool contains(std::string_view path, WatcherId w, WatchKind k) const;

    // checkWatches, exactly as ZooKeeper 3.8 answers it: true when ANY
    // watcher has an entry for `path` in the table asked about (Data: data
    // watches and the data half of persistent/recursive ones; Children: child
    // watches and the child halves; Any: either). `w` does not narrow it: that
    // is 3.8's WatchManager.containsWatcher, kept for conformance.
    bool contains(std::string_view path, WatcherId w, proto::WatcherType t) const;

    // Fires the watches an event of `type` at `path` triggers (table above),
    // removes the one-shot ones, and returns one entry per notified watcher
    // (a watcher appears at most once per call), ordered by watcher id.
    // Event types other than the four node events fire nothing.
    // Cost: the watchers on `path`, plus one hash lookup per ancestor level
    // only while some recursive watch exists anywhere.
    std::vector<Fired> trigger(std::string_view path, proto::EventType type);

    // Connection gone: drops all its watches.
    void removeWatcher(WatcherId w);

    // removeWatches, as ZooKeeper 3.8, which keeps a persistent or recursive
    // watch as two entries, one in its data table and one in its child table:
    //   Data     -> removes w's Data watch and the data half of its Persistent /
    //               PersistentRecursive watch on path (the child half keeps
    //               firing NodeChildrenChanged / NodeDeleted)
    //   Children -> removes w's Child watch and the child half (a recursive
    //               watch keeps firing data events for the subtree)
    //   Any      -> removes every watch of w on path
    // Returns false (the server answers NoWatcher) if nothing was removed.
    bool remove(std::string_view path, WatcherId w, proto::WatcherType t);

    // ---- Monitoring (4lw) -------------------------------------------------
    // mntr zk_watch_count: ZooKeeper's dataWatches.size() + childWatches.size(),
    // i.e. each (path, watcher) pair counts once for a Data / Persistent /
    // PersistentRecursive watch and once for a Child / Persistent /
    // PersistentRecursive watch (3.8.0 registers both kinds of persistent watch in
    // both of its tables).
    size_t watchCount() const;
    // wchs: "<watcherCount> connections watching <pathCount> paths\nTotal watches:<pairCount>".
    size_t pathCount(ReportScope scope = ReportScope::ZooKeeper) const;
    size_t watcherCount(ReportScope scope = ReportScope::ZooKeeper) const;
    size_t pairCount(ReportScope scope = ReportScope::ZooKeeper) const;
    // wchc: watcher -> its watched paths (sorted); wchp: path -> watchers (sorted).
    std::map<WatcherId, std::vector<std::string>> byWatcher(ReportScope scope = ReportScope::ZooKeeper) const;
    std::map<std::string, std::vector<WatcherId>> byPath(ReportScope scope = ReportScope::ZooKeeper) const;

    // Every (path, watcher) with the kinds it holds, by watcher then path;
    // for the engine's own report of every kind (the "wchk" word). A
    // persistent watch one half of which removeWatches took still counts.
    struct Held {
        std::string path;
        WatcherId watcher = 0;
        std::vector<WatchKind> kinds;  // data, exists, child, persistent, recursive
    };
    std::vector<Held> held() const;

    // Number of PersistentRecursive watches (ZooKeeper's getRecursiveWatchQty).
    size_t recursiveCount() const { return recursiveCount_; }

private:
    using Bits = uint8_t;
    struct StringHash {
        using is_transparent = void;
        size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    using PathWatchers = std::unordered_map<WatcherId, Bits>;

    // Clears `bits` of w on the given path entry; drops emptied entries.
    // Returns the bits actually cleared.
    Bits clear(std::string_view path, WatcherId w, Bits bits);

    // path -> watcher -> kinds held (bit 1 << WatchKind)
    std::unordered_map<std::string, PathWatchers, StringHash, std::equal_to<>> byPath_;
    // watcher -> paths it holds at least one kind on (for removeWatcher)
    std::unordered_map<WatcherId, std::unordered_set<std::string, StringHash, std::equal_to<>>> byWatcher_;
    size_t recursiveCount_ = 0;
};

}  // namespace zooscope::tree
