// Single-threaded; see watch_manager.h for the model and the contract.
#include "tree/watch_manager.h"

#include <algorithm>

#include "zooscope/znode_path.h"

namespace zooscope::tree {

namespace {

using proto::EventType;

constexpr uint8_t bit(WatchKind k) { return static_cast<uint8_t>(1u << static_cast<unsigned>(k)); }

// ZooKeeper 3.8 keeps two tables, data watches and child watches, and puts a
// persistent or recursive watch in both. Each entry is removed on its own
// (removeWatches by type), so a persistent watch is two bits here: its data
// half (the WatchKind bit) and its child half.
constexpr uint8_t kData = bit(WatchKind::Data);
constexpr uint8_t kChild = bit(WatchKind::Child);
constexpr uint8_t kPersistent = bit(WatchKind::Persistent);            // data half
constexpr uint8_t kRecursive = bit(WatchKind::PersistentRecursive);    // data half
constexpr uint8_t kPersistentChild = 1u << 4;                          // child half
constexpr uint8_t kRecursiveChild = 1u << 5;                           // child half
// Marks a kData watch that only exists() set; never held without kData.
constexpr uint8_t kExistsTag = 1u << 6;
constexpr uint8_t kAllKinds =
    kData | kChild | kPersistent | kRecursive | kPersistentChild | kRecursiveChild | kExistsTag;
constexpr uint8_t kAnyRecursive = kRecursive | kRecursiveChild;

constexpr uint8_t kDataSide = kData | kPersistent | kRecursive;
constexpr uint8_t kChildSide = kChild | kPersistentChild | kRecursiveChild;

// The bits add() sets for a kind.
constexpr uint8_t bitsOf(WatchKind k) {
    switch (k) {
    case WatchKind::Persistent: return kPersistent | kPersistentChild;
    case WatchKind::PersistentRecursive: return kRecursive | kRecursiveChild;
    case WatchKind::Exists: return kData | kExistsTag;
    default: return bit(k);
    }
}

bool isNodeEvent(EventType t) {
    return t == EventType::NodeCreated || t == EventType::NodeDeleted || t == EventType::NodeDataChanged ||
           t == EventType::NodeChildrenChanged;
}

// The bits that an event of type t fires when held on the event's own path:
// DataTree triggers the data table for created/changed, both for deleted,
// the child table for children-changed (where recursive entries stay silent).
uint8_t firedAtPath(EventType t) {
    switch (t) {
    case EventType::NodeCreated:
    case EventType::NodeDataChanged:
        return kDataSide;
    case EventType::NodeDeleted:
        return kDataSide | kChildSide;
    case EventType::NodeChildrenChanged:
        return kChild | kPersistentChild;
    default:
        return 0;
    }
}

// The bits that fire when held on a strict ancestor of the event's path.
uint8_t firedAtAncestor(EventType t) {
    switch (t) {
    case EventType::NodeCreated:
    case EventType::NodeDataChanged:
        return kRecursive;
    case EventType::NodeDeleted:
        return kAnyRecursive;
    default:
        return 0;
    }
}

uint8_t scopeMask(ReportScope s) { return s == ReportScope::ZooKeeper ? kDataSide : kAllKinds; }

}  // namespace

bool WatchManager::add(std::string_view path, WatcherId w, WatchKind k) {
    auto it = byPath_.find(path);
    if (it == byPath_.end()) it = byPath_.emplace(std::string(path), PathWatchers{}).first;
    Bits& bits = it->second[w];
    Bits b = bitsOf(k);
    // One data watch per (path, watcher), as in ZooKeeper: exists() after a
    // getData adds nothing, getData after exists() makes it a getData watch.
    if (k == WatchKind::Exists && (bits & kData)) b = kData;
    if (k == WatchKind::Data && (bits & kExistsTag)) {
        bits &= static_cast<Bits>(~kExistsTag);
        return false;
    }
    if ((bits & b) == b) return false;
    if (bits == 0) byWatcher_[w].emplace(path);
    if (!(bits & kAnyRecursive) && (b & kAnyRecursive)) ++recursiveCount_;
    bits |= b;
    return true;
}

bool WatchManager::contains(std::string_view path, WatcherId w, WatchKind k) const {
    const auto it = byPath_.find(path);
    if (it == byPath_.end()) return false;
    const auto jt = it->second.find(w);
    if (jt == it->second.end()) return false;
    return k == WatchKind::Exists ? (jt->second & kExistsTag) != 0 : (jt->second & bitsOf(k)) != 0;
}

bool WatchManager::contains(std::string_view path, WatcherId w, proto::WatcherType t) const {
    // ZooKeeper 3.8's WatchManager.containsWatcher answers whether ANY
    // connection has an entry for `path` in the table asked about, not whether
    // `w` has (the watcher argument is only used for ancestors' recursive
    // watches). Clients check locally before asking, so this only shows to raw
    // callers; it is kept so the engine answers as ZooKeeper does.
    (void)w;
    const auto it = byPath_.find(path);
    if (it == byPath_.end()) return false;
    Bits mask = 0;
    switch (t) {
    case proto::WatcherType::Data: mask = kDataSide; break;
    case proto::WatcherType::Children: mask = kChildSide; break;
    case proto::WatcherType::Any: mask = kAllKinds; break;
    }
    return std::any_of(it->second.begin(), it->second.end(), [mask](const auto& e) { return e.second & mask; });
}

WatchManager::Bits WatchManager::clear(std::string_view path, WatcherId w, Bits bits) {
    const auto it = byPath_.find(path);
    if (it == byPath_.end()) return 0;
    const auto jt = it->second.find(w);
    if (jt == it->second.end()) return 0;
    if (bits & kData) bits |= kExistsTag;
    const Bits cleared = jt->second & bits;
    if (cleared == 0) return 0;
    const bool wasRecursive = jt->second & kAnyRecursive;
    jt->second &= static_cast<Bits>(~cleared);
    if (wasRecursive && !(jt->second & kAnyRecursive)) --recursiveCount_;
    if (jt->second == 0) {
        it->second.erase(jt);
        if (auto wt = byWatcher_.find(w); wt != byWatcher_.end()) {
            if (auto pt = wt->second.find(path); pt != wt->second.end()) wt->second.erase(pt);
            if (wt->second.empty()) byWatcher_.erase(wt);
        }
        if (it->second.empty()) byPath_.erase(it);
    }
    return static_cast<Bits>(cleared & ~kExistsTag);
}

std::vector<WatchManager::Fired> WatchManager::trigger(std::string_view pathIn, proto::EventType type) {
    std::vector<Fired> out;
    if (!isNodeEvent(type)) return out;
    // Own copy: `pathIn` may view memory this call frees (a key of byPath_).
    const std::string path(pathIn);

    const Bits fires = firedAtPath(type);
    // One-shot kinds among those that fire; they go once notified.
    const Bits oneShot = (fires & (kData | kChild)) | ((fires & kData) ? kExistsTag : 0);

    if (auto it = byPath_.find(path); it != byPath_.end()) {
        std::vector<WatcherId> emptied;
        for (auto& [w, bits] : it->second) {
            if (!(bits & fires)) continue;
            out.push_back(Fired{w, type, path});
            bits &= static_cast<Bits>(~oneShot);
            if (bits == 0) emptied.push_back(w);
        }
        for (WatcherId w : emptied) {
            it->second.erase(w);
            if (auto wt = byWatcher_.find(w); wt != byWatcher_.end()) {
                wt->second.erase(path);
                if (wt->second.empty()) byWatcher_.erase(wt);
            }
        }
        if (it->second.empty()) byPath_.erase(it);
    }

    // Recursive watches on strict ancestors; never for NodeChildrenChanged.
    if (const Bits atAncestor = firedAtAncestor(type); recursiveCount_ > 0 && atAncestor) {
        for (std::string_view p = parentOf(path); !p.empty(); p = parentOf(p)) {
            const auto it = byPath_.find(p);
            if (it == byPath_.end()) continue;
            for (const auto& [w, bits] : it->second) {
                if (bits & atAncestor) out.push_back(Fired{w, type, path});
            }
        }
    }
    // A watcher may be reached from the path and from several ancestors: one
    // event each.
    std::sort(out.begin(), out.end(), [](const Fired& a, const Fired& b) { return a.watcher < b.watcher; });
    out.erase(std::unique(out.begin(), out.end(), [](const Fired& a, const Fired& b) { return a.watcher == b.watcher; }),
              out.end());
    return out;
}

void WatchManager::removeWatcher(WatcherId w) {
    const auto wt = byWatcher_.find(w);
    if (wt == byWatcher_.end()) return;
    for (const std::string& p : wt->second) {
        const auto it = byPath_.find(p);
        if (it == byPath_.end()) continue;
        if (const auto jt = it->second.find(w); jt != it->second.end()) {
            if (jt->second & kAnyRecursive) --recursiveCount_;
            it->second.erase(jt);
        }
        if (it->second.empty()) byPath_.erase(it);
    }
    byWatcher_.erase(wt);
}

bool WatchManager::remove(std::string_view path, WatcherId w, proto::WatcherType t) {
    Bits bits = 0;
    switch (t) {
    case proto::WatcherType::Data:
        bits = kDataSide;
        break;
    case proto::WatcherType::Children:
        bits = kChildSide;
        break;
    case proto::WatcherType::Any:
        bits = kAllKinds;
        break;
    }
    if (bits == 0) return false;  // a WatcherType value off the enum
    return clear(path, w, bits) != 0;
}

size_t WatchManager::watchCount() const {
    size_t n = 0;
    for (const auto& [path, watchers] : byPath_) {
        for (const auto& [w, bits] : watchers) {
            n += (bits & kDataSide) ? 1 : 0;
            n += (bits & kChildSide) ? 1 : 0;
        }
    }
    return n;
}

size_t WatchManager::pathCount(ReportScope scope) const {
    if (scope == ReportScope::All) return byPath_.size();
    const Bits mask = scopeMask(scope);
    size_t n = 0;
    for (const auto& [path, watchers] : byPath_) {
        n += std::any_of(watchers.begin(), watchers.end(), [mask](const auto& e) { return e.second & mask; }) ? 1 : 0;
    }
    return n;
}

size_t WatchManager::watcherCount(ReportScope scope) const {
    if (scope == ReportScope::All) return byWatcher_.size();
    return byWatcher(scope).size();
}

size_t WatchManager::pairCount(ReportScope scope) const {
    const Bits mask = scopeMask(scope);
    size_t n = 0;
    for (const auto& [path, watchers] : byPath_) {
        for (const auto& [w, bits] : watchers) n += (bits & mask) ? 1 : 0;
    }
    return n;
}

std::map<WatcherId, std::vector<std::string>> WatchManager::byWatcher(ReportScope scope) const {
    const Bits mask = scopeMask(scope);
    std::map<WatcherId, std::vector<std::string>> out;
    for (const auto& [path, watchers] : byPath_) {
        for (const auto& [w, bits] : watchers) {
            if (bits & mask) out[w].push_back(path);
        }
    }
    for (auto& [w, paths] : out) std::sort(paths.begin(), paths.end());
    return out;
}

std::map<std::string, std::vector<WatcherId>> WatchManager::byPath(ReportScope scope) const {
    const Bits mask = scopeMask(scope);
    std::map<std::string, std::vector<WatcherId>> out;
    for (const auto& [path, watchers] : byPath_) {
        std::vector<WatcherId> ws;
        for (const auto& [w, bits] : watchers) {
            if (bits & mask) ws.push_back(w);
        }
        if (ws.empty()) continue;
        std::sort(ws.begin(), ws.end());
        out.emplace(path, std::move(ws));
    }
    return out;
}

std::vector<WatchManager::Held> WatchManager::held() const {
    std::vector<Held> out;
    for (const auto& [path, watchers] : byPath_) {
        for (const auto& [w, bits] : watchers) {
            Held h{path, w, {}};
            if ((bits & kData) && !(bits & kExistsTag)) h.kinds.push_back(WatchKind::Data);
            if (bits & kExistsTag) h.kinds.push_back(WatchKind::Exists);
            if (bits & kChild) h.kinds.push_back(WatchKind::Child);
            if (bits & (kPersistent | kPersistentChild)) h.kinds.push_back(WatchKind::Persistent);
            if (bits & kAnyRecursive) h.kinds.push_back(WatchKind::PersistentRecursive);
            out.push_back(std::move(h));
        }
    }
    std::sort(out.begin(), out.end(),
              [](const Held& a, const Held& b) { return a.watcher != b.watcher ? a.watcher < b.watcher : a.path < b.path; });
    return out;
}

}  // namespace zooscope::tree
