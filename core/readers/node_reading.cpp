// readNode(): the children of one znode -> the locks and elections they form.
// Ordering comes from recipes/layout (the libraries' own sort rules); this
// file decides which layout a node carries, who holds and what is suspicious.
#include <algorithm>
#include <charconv>
#include <map>

#include "recipes/layout.h"
#include "zooscope/recipe_readers.h"
#include "session_text.h"

namespace zooscope::readers {

namespace layout = recipes::layout;

const char* recipeName(Recipe recipe) {
    switch (recipe) {
        case Recipe::LockOrElection: return "lock-or-election";
        case Recipe::CuratorReadWriteLock: return "curator-read-write-lock";
        case Recipe::CuratorSemaphore: return "curator-semaphore";
        case Recipe::KazooReadWriteLock: return "kazoo-read-write-lock";
        case Recipe::KazooSemaphore: return "kazoo-semaphore";
        case Recipe::ZooKeeperLock: return "zookeeper-lock";
        case Recipe::CuratorLeaderLatch: return "curator-leader-latch";
        case Recipe::ZooKeeperElection: return "zookeeper-election";
        case Recipe::StreamClaim: return "zooscope-stream-claim";
    }
    return "?";
}

bool isLockRecipe(Recipe recipe) {
    return recipe != Recipe::CuratorLeaderLatch && recipe != Recipe::ZooKeeperElection;
}

bool isElectionRecipe(Recipe recipe) {
    return recipe == Recipe::LockOrElection || recipe == Recipe::CuratorLeaderLatch ||
           recipe == Recipe::ZooKeeperElection;
}

namespace {

constexpr std::string_view kZkLockPrefix = "x-";
constexpr std::string_view kZkElectionPrefix = "n_";

bool contains(std::string_view name, std::string_view marker) { return name.find(marker) != std::string_view::npos; }

bool isHex32(std::string_view name) {
    return name.size() == 32 &&
           std::all_of(name.begin(), name.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::optional<int64_t> parseInteger(std::string_view text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
    int64_t v = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return v;
}

// ZooKeeper's lock recipe: "x-<sessionId>-<10-digit seq>", session in decimal.
struct ZkLockName {
    int64_t session = 0;
    int64_t sequence = 0;
};
std::optional<ZkLockName> parseZkLockName(std::string_view name) {
    if (!name.starts_with(kZkLockPrefix)) return std::nullopt;
    const size_t dash = name.rfind('-');
    if (dash == std::string_view::npos || dash < kZkLockPrefix.size()) return std::nullopt;
    const std::string_view seq = name.substr(dash + 1);
    if (!layout::isSequence(seq) || seq.starts_with('-')) return std::nullopt;
    auto session = parseInteger(name.substr(kZkLockPrefix.size(), dash - kZkLockPrefix.size()));
    auto sequence = parseInteger(seq);
    if (!session || !sequence) return std::nullopt;
    return ZkLockName{*session, *sequence};
}

std::optional<int64_t> parseZkElectionName(std::string_view name) {
    if (!name.starts_with(kZkElectionPrefix)) return std::nullopt;
    const std::string_view seq = name.substr(kZkElectionPrefix.size());
    if (!layout::isSequence(seq) || seq.starts_with('-')) return std::nullopt;
    return parseInteger(seq);
}

enum class Kind { None, CuratorMutex, CuratorReadWrite, CuratorLease, CuratorLatch, KazooLock, KazooReadWrite,
                  KazooSemaphore, ZkLock, ZkElection };

// The layout the children carry: the kind most of them are written in (a
// node mixing kinds is flagged by the reader of that kind).
Kind kindOf(const std::vector<std::string>& names) {
    std::map<Kind, size_t> votes;
    for (const std::string& n : names) {
        if (n.starts_with(layout::kCuratorPrefix)) {
            if (contains(n, layout::kReadMarker) || contains(n, layout::kWriteMarker)) ++votes[Kind::CuratorReadWrite];
            else if (contains(n, layout::kLatchMarker)) ++votes[Kind::CuratorLatch];
            else if (contains(n, layout::kLeaseMarker)) ++votes[Kind::CuratorLease];
            else if (contains(n, layout::kMutexMarker)) ++votes[Kind::CuratorMutex];
        } else if (layout::kazooSequence(n, layout::kKazooReadMarker)) {
            ++votes[Kind::KazooReadWrite];
        } else if (layout::kazooSequence(n, layout::kKazooLockMarker)) {
            ++votes[Kind::KazooLock];
        } else if (isHex32(n)) {
            ++votes[Kind::KazooSemaphore];
        } else if (parseZkLockName(n)) {
            ++votes[Kind::ZkLock];
        } else if (parseZkElectionName(n)) {
            ++votes[Kind::ZkElection];
        }
    }
    // A kazoo write lock beside read locks is one read-write lock.
    if (votes.count(Kind::KazooReadWrite)) {
        votes[Kind::KazooReadWrite] += votes[Kind::KazooLock];
        votes.erase(Kind::KazooLock);
    }
    Kind best = Kind::None;
    size_t most = 0;
    for (const auto& [kind, n] : votes)
        if (n > most) best = kind, most = n;
    return best;
}

std::vector<std::string> namesOf(const NodeView& node) {
    std::vector<std::string> names;
    for (const ChildNode& c : node.children)
        if (!c.gone) names.push_back(c.name);
    return names;
}

const ChildNode* find(const NodeView& node, std::string_view name) {
    for (const ChildNode& c : node.children)
        if (c.name == name && !c.gone) return &c;
    return nullptr;
}

Contender contender(const ChildNode& c) {
    return Contender{c.name, c.stat.ephemeralOwner, c.data, c.stat.ctime};
}

// Persistent contenders never go away by themselves: flag them.
void flagPersistent(const NodeView& node, const std::vector<std::string>& ordered, RecipeItem& item) {
    for (const std::string& n : ordered)
        if (const ChildNode* c = find(node, n); c && c->stat.ephemeralOwner == 0)
            item.suspicious.push_back("contender " + n + " is not ephemeral");
}

// Children no library of this kind writes (left out of the order).
void flagJunk(const NodeView& node, const std::vector<std::string>& ordered, RecipeItem& item) {
    for (const ChildNode& c : node.children) {
        if (c.gone) continue;
        if (std::find(ordered.begin(), ordered.end(), c.name) != ordered.end()) continue;
        item.suspicious.push_back("child " + c.name + " is not a node of this recipe");
    }
}

// The flags every reader sets: persistent contenders, foreign children.
RecipeItem flagged(const NodeView& node, const std::vector<std::string>& ordered, RecipeItem item) {
    flagPersistent(node, ordered, item);
    flagJunk(node, ordered, item);
    return item;
}

// Mutex-like: the first of `ordered` holds, the rest wait in order.
void firstHolds(const NodeView& node, const std::vector<std::string>& ordered, RecipeItem& item) {
    for (size_t i = 0; i < ordered.size(); ++i) {
        const ChildNode* c = find(node, ordered[i]);
        if (!c) continue;
        (i == 0 ? item.holders : item.waiters).push_back(contender(*c));
    }
}

RecipeItem base(const NodeView& node, Recipe recipe) {
    RecipeItem item;
    item.path = node.path;
    item.recipe = recipe;
    return item;
}

RecipeItem readScheme(const NodeView& node, Recipe recipe, layout::Scheme scheme) {
    RecipeItem item = base(node, recipe);
    const auto names = namesOf(node);
    const layout::Ordered o = layout::contenders(scheme, names);
    if (!o.problem.empty()) {
        // The library itself would stall or misjudge: no holder is named.
        item.suspicious.push_back(o.problem);
        return item;
    }
    firstHolds(node, o.nodes, item);
    return flagged(node, o.nodes, std::move(item));
}

RecipeItem readCuratorReadWrite(const NodeView& node) {
    RecipeItem item = base(node, Recipe::CuratorReadWriteLock);
    const layout::Ordered o = layout::contenders(layout::Scheme::CuratorWrite, namesOf(node));
    if (!o.problem.empty()) {
        item.suspicious.push_back(o.problem);
        return item;
    }
    // The first writer holds when it is first; readers hold up to the first
    // writer (Curator's reader waits only on a writer before it).
    bool blocked = false;
    for (size_t i = 0; i < o.nodes.size(); ++i) {
        const ChildNode* c = find(node, o.nodes[i]);
        if (!c) continue;
        const bool writer = contains(c->name, layout::kWriteMarker);
        const bool holds = !blocked && (!writer || i == 0);
        (holds ? item.holders : item.waiters).push_back(contender(*c));
        if (writer) blocked = true;
    }
    return flagged(node, o.nodes, std::move(item));
}

// kazoo sorts every child by the text after "__lock__" / "__rlock__" (unknown
// names last); a Lock waits on any node before it, a ReadLock on writers only.
RecipeItem readKazooReadWrite(const NodeView& node) {
    RecipeItem item = base(node, Recipe::KazooReadWriteLock);
    std::vector<std::pair<std::string, std::string>> keyed;
    for (const std::string& n : namesOf(node)) {
        if (auto s = layout::kazooSequence(n, layout::kKazooReadMarker)) keyed.emplace_back(std::string(*s), n);
        else if (auto w = layout::kazooSequence(n, layout::kKazooLockMarker)) keyed.emplace_back(std::string(*w), n);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> ordered;
    for (auto& [key, n] : keyed) ordered.push_back(n);
    bool blocked = false;
    for (size_t i = 0; i < ordered.size(); ++i) {
        const ChildNode* c = find(node, ordered[i]);
        const bool writer = !layout::kazooSequence(ordered[i], layout::kKazooReadMarker);
        const bool holds = !blocked && (!writer || i == 0);
        (holds ? item.holders : item.waiters).push_back(contender(*c));
        if (writer) blocked = true;
    }
    return flagged(node, ordered, std::move(item));
}

// Leases are all held (each library creates one only within the maximum);
// more than the maximum is damage, and then the leases are not told apart.
void checkLeases(RecipeItem& item) {
    item.leases = static_cast<int64_t>(item.holders.size());
    if (item.maxLeases && *item.leases > *item.maxLeases)
        item.suspicious.push_back("more holders (" + std::to_string(*item.leases) + ") than leases (" +
                                  std::to_string(*item.maxLeases) + ")");
}

// Curator SemaphoreV2: the node read is "<semaphore>/leases".
RecipeItem readCuratorLeases(const NodeView& node) {
    RecipeItem item = base(node, Recipe::CuratorSemaphore);
    const size_t slash = node.path.rfind('/');
    if (node.path.substr(slash + 1) == "leases") item.path = slash == 0 ? "/" : node.path.substr(0, slash);
    else item.suspicious.push_back("lease nodes outside a \"leases\" node");
    std::vector<std::string> ordered;
    for (const std::string& n : namesOf(node))
        if (layout::isCuratorNode(n, layout::kLeaseMarker)) ordered.push_back(n);
    std::stable_sort(ordered.begin(), ordered.end(), [](const std::string& a, const std::string& b) {
        return layout::curatorSortKey(a, layout::kLeaseMarker) < layout::curatorSortKey(b, layout::kLeaseMarker);
    });
    for (const std::string& n : ordered) item.holders.push_back(contender(*find(node, n)));
    checkLeases(item);
    return flagged(node, ordered, std::move(item));
}

// kazoo Semaphore: leases "<path>/<hex32>" in creation order, max in the data.
RecipeItem readKazooSemaphore(const NodeView& node) {
    RecipeItem item = base(node, Recipe::KazooSemaphore);
    std::vector<const ChildNode*> leases;
    for (const ChildNode& c : node.children)
        if (!c.gone && isHex32(c.name)) leases.push_back(&c);
    std::stable_sort(leases.begin(), leases.end(),
                     [](const ChildNode* a, const ChildNode* b) { return a->stat.czxid < b->stat.czxid; });
    std::vector<std::string> ordered;
    for (const ChildNode* c : leases) {
        ordered.push_back(c->name);
        item.holders.push_back(contender(*c));
    }
    item.maxLeases = parseInteger(node.data);
    if (!item.maxLeases) item.suspicious.push_back("the semaphore node's data is not a number of leases");
    checkLeases(item);
    return flagged(node, ordered, std::move(item));
}

// How WriteLock (ZNodeName) orders any child: by the integer after the last
// '-' (-1 when there is none or it is not an int), then by the text before it.
struct ZkLockKey {
    int64_t sequence = -1;
    std::string_view prefix;
    bool operator<(const ZkLockKey& o) const { return sequence != o.sequence ? sequence < o.sequence : prefix < o.prefix; }
};
ZkLockKey zkLockKey(std::string_view name) {
    const size_t dash = name.rfind('-');
    if (dash == std::string_view::npos) return {-1, name};
    auto seq = parseInteger(name.substr(dash + 1));
    const bool isInt = seq && *seq >= INT32_MIN && *seq <= INT32_MAX;
    return {isInt ? *seq : -1, name.substr(0, dash)};
}

// ZooKeeper's lock recipe: lowest sequence holds; the name carries the
// session, which is the contender's id (its data is two fixed bytes).
RecipeItem readZkLock(const NodeView& node) {
    RecipeItem item = base(node, Recipe::ZooKeeperLock);
    std::vector<std::pair<int64_t, const ChildNode*>> seq;
    const ChildNode* first = nullptr;  // the child WriteLock takes for the owner
    for (const ChildNode& c : node.children) {
        if (c.gone) continue;
        if (!first || zkLockKey(c.name) < zkLockKey(first->name)) first = &c;
        if (auto z = parseZkLockName(c.name)) {
            seq.emplace_back(z->sequence, &c);
            if (c.stat.ephemeralOwner != 0 && c.stat.ephemeralOwner != z->session)
                item.suspicious.push_back("contender " + c.name + " names a session that does not own it");
        }
    }
    if (first && !parseZkLockName(first->name)) {
        item.suspicious.push_back("child " + first->name +
                                  " sorts first in ZooKeeper's lock recipe, which then waits on it: nobody holds");
        return item;
    }
    std::stable_sort(seq.begin(), seq.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> ordered;
    for (auto& [s, c] : seq) ordered.push_back(c->name);
    firstHolds(node, ordered, item);
    for (auto* list : {&item.holders, &item.waiters})
        for (Contender& c : *list) c.id = hexSession(parseZkLockName(c.node)->session);
    return flagged(node, ordered, std::move(item));
}

// LeaderElectionSupport reads every child's name as "n_<int>": any other
// child makes it fail, so then nobody is named leader.
RecipeItem readZkElection(const NodeView& node) {
    RecipeItem item = base(node, Recipe::ZooKeeperElection);
    std::vector<std::pair<int64_t, std::string>> seq;
    for (const std::string& n : namesOf(node))
        if (auto s = parseZkElectionName(n)) seq.emplace_back(*s, n);
    std::stable_sort(seq.begin(), seq.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> ordered;
    for (auto& [s, n] : seq) ordered.push_back(n);
    if (ordered.size() == namesOf(node).size()) firstHolds(node, ordered, item);
    else item.suspicious.push_back("ZooKeeper's election recipe fails on a child that is not n_<sequence>: nobody leads");
    return flagged(node, ordered, std::move(item));
}

// ZooScope's stream job (docs/stream.md): JOB/locks/<p> is an ephemeral
// claim on partition p, its data the worker id. Told apart from a folder of
// numbered nodes (kazoo SetPartitioner's locks/<item> are persistent parents
// of kazoo locks) by having an ephemeral child.
bool isPartitionNumber(std::string_view name) {
    return !name.empty() && name.size() <= 10 && (name == "0" || name.front() != '0') &&
           std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool maybeStreamClaims(std::string_view path, const std::vector<std::string>& names) {
    return (path == "/locks" || path.ends_with("/locks")) && !names.empty() &&
           std::all_of(names.begin(), names.end(), [](const std::string& n) { return isPartitionNumber(n); });
}

std::vector<RecipeItem> readStreamClaims(const NodeView& node) {
    if (std::none_of(node.children.begin(), node.children.end(),
                     [](const ChildNode& c) { return !c.gone && c.stat.ephemeralOwner != 0; }))
        return {};
    std::vector<RecipeItem> items;
    for (const ChildNode& c : node.children) {
        if (c.gone) continue;
        RecipeItem item;
        item.path = node.path + "/" + c.name;
        item.recipe = Recipe::StreamClaim;
        item.holders.push_back(contender(c));
        if (c.stat.ephemeralOwner == 0) item.suspicious.push_back("claim " + c.name + " is not ephemeral");
        items.push_back(std::move(item));
    }
    return items;
}

}  // namespace

bool looksLikeRecipe(const std::vector<std::string>& children) { return kindOf(children) != Kind::None; }

bool looksLikeRecipe(std::string_view path, const std::vector<std::string>& children) {
    return looksLikeRecipe(children) || maybeStreamClaims(path, children);
}

std::vector<RecipeItem> readNode(const NodeView& node) {
    const auto names = namesOf(node);
    if (maybeStreamClaims(node.path, names)) return readStreamClaims(node);
    switch (kindOf(names)) {
        case Kind::None: return {};
        case Kind::CuratorMutex: return {readScheme(node, Recipe::LockOrElection, layout::Scheme::CuratorMutex)};
        case Kind::CuratorLatch: return {readScheme(node, Recipe::CuratorLeaderLatch, layout::Scheme::CuratorLatch)};
        case Kind::KazooLock: return {readScheme(node, Recipe::LockOrElection, layout::Scheme::KazooLock)};
        case Kind::CuratorReadWrite: return {readCuratorReadWrite(node)};
        case Kind::CuratorLease: return {readCuratorLeases(node)};
        case Kind::KazooReadWrite: return {readKazooReadWrite(node)};
        case Kind::KazooSemaphore: return {readKazooSemaphore(node)};
        case Kind::ZkLock: return {readZkLock(node)};
        case Kind::ZkElection: return {readZkElection(node)};
    }
    return {};
}

}  // namespace zooscope::readers
