// recipes/layout: the node names Curator 5.4 and kazoo 2.8 write under a
// recipe path, how each library orders them, and who holds. Pure functions
// of child names (no I/O, no threads), so the recipes and a reader of an
// unknown path agree, and damaged input can be tested without a server.
//
// Names (docs/recipes.md has the sources they were read from):
// - Curator "protected" nodes: "_c_" + UUID (36 chars, as Java's
//   UUID.toString) + "-" + marker + sequence, marker "lock-" (mutex,
//   LeaderSelector), "latch-" (LeaderLatch), "lease-" (semaphore leases),
//   "__READ__" / "__WRIT__" (read-write lock).
// - kazoo: uuid4().hex (32 chars) + "__lock__" (Lock, Election) or
//   "__rlock__" (ReadLock) + sequence.
// - A sequence is what ZooKeeper appends: the parent's cversion as "%010d",
//   so 10 digits, or after overflow "-" and 9 or 10 digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zooscope::recipes::layout {

inline constexpr std::string_view kCuratorPrefix = "_c_";
inline constexpr std::string_view kMutexMarker = "lock-";
inline constexpr std::string_view kLatchMarker = "latch-";
inline constexpr std::string_view kLeaseMarker = "lease-";
inline constexpr std::string_view kReadMarker = "__READ__";
inline constexpr std::string_view kWriteMarker = "__WRIT__";
inline constexpr std::string_view kKazooLockMarker = "__lock__";
inline constexpr std::string_view kKazooReadMarker = "__rlock__";

// A random version-4 UUID as Java prints it ("8-4-4-4-12" lowercase hex).
std::string newUuid();
// The same 128 random bits as Python's uuid4().hex (32 lowercase hex digits).
std::string newUuidHex();

// "_c_<uuid>-<marker>": the name Curator gives create(...withProtection()),
// before ZooKeeper appends the sequence.
std::string curatorProtectedName(std::string_view uuid, std::string_view marker);
// "<hex><marker>": kazoo's node name before the sequence.
std::string kazooName(std::string_view hex, std::string_view marker);

// True for a UUID as Java's UUID.toString() prints it (8-4-4-4-12 hex).
bool isUuid(std::string_view text);
// True when `text` is a sequence suffix ZooKeeper can write (see top).
bool isSequence(std::string_view text);
// A well-formed Curator protected node with this marker and a sequence.
bool isCuratorNode(std::string_view name, std::string_view marker);
// The sequence kazoo extracts with "<marker>(-?\d{10})$" (ASCII digits),
// or nullopt when kazoo would not see the name as a contender.
std::optional<std::string_view> kazooSequence(std::string_view name, std::string_view marker);
// Curator's sort key (StandardLockInternalsDriver.standardFixForSorting):
// the text after the last `marker`, or the whole name without it.
std::string_view curatorSortKey(std::string_view name, std::string_view marker);
// The read-write lock's key: Curator strips after "__READ__", then after
// "__WRIT__", from what is left.
std::string_view curatorReadWriteSortKey(std::string_view name);

// One way a library orders and judges the children of a recipe path.
enum class Scheme {
    CuratorMutex,  // InterProcessMutex, and the semaphore's "locks/"
    CuratorLatch,  // LeaderLatch
    CuratorRead,   // InterProcessReadWriteLock's reader
    CuratorWrite,  // ... and writer
    KazooLock,     // kazoo Lock
};

// The children as the scheme's library sorts them: Curator sorts every
// child by its key (a stable sort, as Collections.sort); kazoo keeps only the
// matching children and sorts them by their sequence text (stable, as
// Python's sorted()). Ties keep the order given.
std::vector<std::string> librarySort(Scheme scheme, const std::vector<std::string>& children);

// True when the name is a node this scheme's library writes.
bool isSchemeNode(Scheme scheme, std::string_view name);

struct Decision {
    enum class Kind {
        Holds,    // our node is first (for a reader: no writer before it)
        Waits,    // watch `watch` (a child name) and decide again when it changes
        Missing,  // our node is not among the children
        Damaged,  // `problem` says which child breaks the layout
    };
    Kind kind = Kind::Missing;
    std::string watch;
    std::string problem;
};

// What the node `ours` should do, given the children of the path.
// ownsWrite (CuratorRead only): this read-write lock holds the write lock,
// so its reader holds at once (Curator's downgrade).
// Damaged when: the other library's nodes are present (a path shared by
// Curator and kazoo clients is unsafe), or (Curator) a child that is not the
// scheme's node sorts before ours, since Curator would count it as ahead.
Decision decide(Scheme scheme, const std::vector<std::string>& children, const std::string& ours,
                bool ownsWrite = false);

struct Ordered {
    std::vector<std::string> nodes;  // the scheme's nodes, first = holder/leader
    std::string problem;             // non-empty: the layout is damaged (why)
};
// Every contender in order, for readers (contenders(), participants()).
// Damaged as for decide(), where "before ours" is "before any contender";
// a junk name after every contender is left out.
Ordered contenders(Scheme scheme, const std::vector<std::string>& children);

}  // namespace zooscope::recipes::layout
