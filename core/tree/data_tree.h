// DataTree: the znodes, their stats and ACLs, the ephemeral/container/TTL
// indexes, and the watches on them. Applies transactions (txn.h) exactly as
// ZooKeeper 3.8's DataTree.processTxn does.
//
// Single-threaded: owned by the server's network thread; no locking inside.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "zooscope/protocol.h"
#include "tree/txn.h"
#include "tree/watch_manager.h"

namespace zooscope::tree {

// ACL lists are shared between nodes (most trees use a handful of distinct
// lists), as ZooKeeper's ReferenceCountedACLCache does.
using AclRef = std::shared_ptr<const proto::ACLList>;

class DataTree;

// One znode, laid out for memory (a million znodes of 100 bytes should cost
// little more than their paths and data): 96 bytes of fixed fields in a
// chunk of the tree's node table, plus one heap block holding path then data.
// Children form a doubly linked sibling list in creation order (32-bit node
// ids), the ACL is an index into the tree's interned table, and dataLength /
// numChildren are derived rather than stored twice. Read it through the
// accessors; DataTree alone changes it. A Node pointer from DataTree::find()
// stays valid until that node is deleted (the table never moves nodes).
class Node {
public:
    std::string_view path() const { return {blob_.get(), pathLen_}; }
    // The last path component ("" for the root).
    std::string_view name() const {
        const std::string_view p = path();
        return p.substr(p.rfind('/') + 1);
    }
    std::string_view data() const { return {blob_.get() + pathLen_, dataLength()}; }
    // Created or set with a null buffer (clients tell null from empty).
    bool dataIsNull() const { return (dataLen_ & kNullBit) != 0; }
    size_t dataLength() const { return dataLen_ & ~kNullBit; }
    int32_t childCount() const { return int32_t(numChildren_); }
    int64_t ephemeralOwner() const { return ephemeralOwner_; }
    // Stored stat. As in ZooKeeper's StatPersisted, cversion counts child
    // creations only, and ephemeralOwner holds the extended-type encoding;
    // clients see clientStat(). dataLength and numChildren are filled in.
    proto::Stat stat() const {
        proto::Stat s;
        s.czxid = czxid_;
        s.mzxid = mzxid_;
        s.ctime = ctime_;
        s.mtime = mtime_;
        s.version = version_;
        s.cversion = cversion_;
        s.aversion = aversion_;
        s.ephemeralOwner = ephemeralOwner_;
        s.dataLength = int32_t(dataLength());
        s.numChildren = int32_t(numChildren_);
        s.pzxid = pzxid_;
        return s;
    }

private:
    friend class DataTree;
    static constexpr uint32_t kNullBit = 0x80000000u;
    static constexpr uint32_t kNone = 0xffffffffu;

    int64_t czxid_ = 0;
    int64_t mzxid_ = 0;
    int64_t pzxid_ = 0;
    int64_t ctime_ = 0;
    int64_t mtime_ = 0;
    int64_t ephemeralOwner_ = 0;
    std::unique_ptr<char[]> blob_;  // path bytes then data bytes; null for a free slot
    int32_t version_ = 0;
    int32_t cversion_ = 0;
    int32_t aversion_ = 0;
    uint32_t pathLen_ = 0;
    uint32_t dataLen_ = 0;  // length | kNullBit
    uint32_t acl_ = 0;      // index into DataTree's ACL table
    uint32_t firstChild_ = kNone;
    uint32_t nextSibling_ = kNone;  // also the free-list link of a free slot
    uint32_t prevSibling_ = kNone;  // the first child's prev is the last child
    uint32_t numChildren_ = 0;
};

// The stat as clients see it (DataNode.copyStat): cversion counts creations
// and deletions (stored * 2 - numChildren), and container/TTL owners read 0.
proto::Stat clientStat(const Node& n);

// Outcome of applying one txn, the ProcessTxnResult of ZooKeeper.
struct ApplyResult {
    proto::OpCode type = proto::OpCode::Error;
    proto::Err err = proto::Err::Ok;
    std::string path;
    proto::Stat stat;
    std::vector<ApplyResult> multi;
    // The watches this txn triggered, in firing order (one-shot watches are
    // already removed). Filled on the result apply() returns, never on the
    // entries of `multi`; the caller delivers them.
    std::vector<WatchManager::Fired> fired;
};

inline constexpr std::string_view kZookeeperPath = "/zookeeper";
inline constexpr std::string_view kQuotaPath = "/zookeeper/quota";
inline constexpr std::string_view kConfigPath = "/zookeeper/config";

class DataTree {
public:
    DataTree();

    ~DataTree();
    DataTree(const DataTree&) = delete;
    DataTree& operator=(const DataTree&) = delete;
    DataTree(DataTree&&) noexcept = default;
    DataTree& operator=(DataTree&&) noexcept = default;

    // nullptr when absent; "" finds the root, as in ZooKeeper.
    const Node* find(std::string_view path) const;

    // Calls f(const Node& child) for each child of n, in creation order
    // (ZooKeeper promises no order; clients sort).
    template <class F>
    void forEachChild(const Node& n, F&& f) const {
        for (uint32_t id = n.firstChild_; id != Node::kNone;) {
            const Node& c = at(id);
            id = c.nextSibling_;
            f(c);
        }
    }
    // Names one node across changes of the tree, for a walk that spans many
    // turns of the owner thread (the fuzzy snapshot) without a path copy and
    // a hash lookup per node: its slot and the czxid of the node in it. A
    // slot freed and reused holds a node created later (a larger czxid), so
    // a stale ref resolves to nullptr, never to another node.
    struct NodeRef {
        uint32_t id = 0xffffffffu;
        int64_t czxid = 0;
    };
    std::optional<NodeRef> refOf(std::string_view path) const;
    // The node `ref` names, or nullptr if it was deleted since.
    const Node* resolve(NodeRef ref) const;
    // A walk that visits children one at a time (the fuzzy snapshot, whose
    // turns must stay short under a parent with a million children). Children
    // are kept in creation order, so their czxids never decrease along the
    // list (siblings created by one multi share one).
    std::optional<NodeRef> firstChildRef(const Node& n) const {
        if (n.firstChild_ == Node::kNone) return std::nullopt;
        return NodeRef{n.firstChild_, at(n.firstChild_).czxid_};
    }
    std::optional<NodeRef> nextSiblingRef(const Node& n) const {
        if (n.nextSibling_ == Node::kNone) return std::nullopt;
        return NodeRef{n.nextSibling_, at(n.nextSibling_).czxid_};
    }
    // The first child, in forEachChild order, whose ref satisfies `pred`.
    template <class P>
    std::optional<NodeRef> findChildRef(const Node& n, P&& pred) const {
        for (uint32_t id = n.firstChild_; id != Node::kNone;) {
            const Node& c = at(id);
            const NodeRef r{id, c.czxid_};
            if (pred(r)) return r;
            id = c.nextSibling_;
        }
        return std::nullopt;
    }
    // The children's names, in forEachChild order.
    std::vector<std::string> childNames(const Node& n) const;
    // The node's ACL list (shared with every node that has an equal list).
    const AclRef& aclOf(const Node& n) const { return acls_[n.acl_].acl; }

    // Applies one transaction; the watches it triggers come back in the
    // result's `fired`. lastProcessedZxid() becomes header.zxid.
    ApplyResult apply(const TxnHeader& header, const Txn& txn);

    WatchManager& watches() { return watches_; }
    const WatchManager& watches() const { return watches_; }

    // Reads that also register a watch when `watcher` is non-zero.
    // Exists-style watch on a missing node is allowed, as in ZooKeeper.
    void addDataWatch(std::string_view path, WatcherId watcher) { watches_.add(path, watcher, WatchKind::Data); }
    void addChildWatch(std::string_view path, WatcherId watcher) { watches_.add(path, watcher, WatchKind::Child); }
    // exists() with a watch: a data watch, reported as an exists watch.
    void addExistsWatch(std::string_view path, WatcherId watcher) { watches_.add(path, watcher, WatchKind::Exists); }

    // Paths of the session's ephemerals (sorted); empty when none.
    std::vector<std::string> ephemeralsOf(int64_t sessionId) const;
    const std::set<std::string>& containers() const { return containers_; }
    const std::set<std::string>& ttls() const { return ttls_; }
    size_t ephemeralCount() const;

    // Number of descendants of `path` (not counting itself), as getAllChildrenNumber.
    int32_t allChildrenNumber(std::string_view path) const;

    size_t nodeCount() const { return count_; }
    // Sum of path lengths and data lengths, as ZooKeeper's approximateDataSize.
    int64_t approximateDataSize() const { return dataSize_; }
    int64_t lastProcessedZxid() const { return lastZxid_; }
    void setLastProcessedZxid(int64_t z) { lastZxid_ = z; }

    // Replaces /zookeeper/config's data without a txn (the ensemble view is
    // local state in ZooKeeper too).
    void setConfigData(std::string_view data);

    // An ACL list equal to `acl`: the stored one when a node holds an equal
    // list, else a new one (nodes intern theirs when applied).
    AclRef internAcl(const proto::ACLList& acl) const;

    // Snapshot restore (storage/snapshot.h); apply() never uses it.
    // Puts one node back exactly as a snapshot stored it: data, nullness, ACL
    // and the stored stat, except numChildren, which follows the children
    // restored. The parent must already exist (snapshots list parents first);
    // a node that exists (the root and system nodes the constructor made) is
    // overwritten in place and keeps its children. Keeps the ephemeral,
    // container and TTL indexes and the data size right; fires no watches.
    // False, changing nothing, when the parent is missing or path is not absolute.
    bool restoreNode(std::string_view path, std::string_view data, bool dataIsNull, const proto::ACLList& acl,
                     const proto::Stat& stat);

private:
    ApplyResult applyOne(const TxnHeader& header, const Txn& txn);
    proto::Err createNode(const CreateTxn& t, int64_t zxid, int64_t time, proto::Stat* out);
    proto::Err deleteNode(const std::string& path, int64_t zxid);
    proto::Err setData(const SetDataTxn& t, int64_t zxid, int64_t time, proto::Stat* out);
    proto::Err setAcl(const SetACLTxn& t, proto::Stat* out);
    void killSession(int64_t sessionId, int64_t zxid, const std::vector<std::string>& paths);
    void fire(std::string_view path, proto::EventType type);
    // Quota bookkeeping (ZooKeeper's pTrie + StatsTrack): the zookeeper_stats
    // node under /zookeeper/quota<path> holds "count=N,bytes=B" for the
    // subtree at <path>, kept current on every create/delete/setData below it
    // without a txn of its own. Limits are not enforced (enforceQuota=false).
    void onQuotaNodeCreated(const std::string& parentName, std::string_view name);
    void onQuotaNodeDeleted(const std::string& parentName, std::string_view name);
    const std::string* quotaPrefixOf(std::string_view path) const;
    void updateQuotaForPath(const std::string& quotaPath);
    void updateQuotaStat(const std::string& quotaPath, int64_t bytesDiff, int64_t countDiff);
    static int64_t nodeSize(std::string_view path, std::string_view data) {
        return int64_t(path.size() + data.size());
    }

    // Node table: fixed-size chunks, so Node addresses never move.
    static constexpr uint32_t kChunkBits = 12;
    const Node& at(uint32_t id) const { return chunks_[id >> kChunkBits][id & ((1u << kChunkBits) - 1)]; }
    Node& at(uint32_t id) { return chunks_[id >> kChunkBits][id & ((1u << kChunkBits) - 1)]; }
    uint32_t idOf(std::string_view path) const;  // Node::kNone when absent
    Node* findMutable(std::string_view path);
    // Makes a node with this path and data, indexed and linked under parent
    // (kNone only for the root).
    uint32_t newNode(uint32_t parent, std::string_view path, std::string_view data, bool dataIsNull);
    void freeNode(uint32_t parent, uint32_t id);
    void setNodeData(Node& n, std::string_view data, bool dataIsNull);
    static void setStoredStat(Node& n, const proto::Stat& s);

    // Path index: open addressing with linear probing over node ids; keys
    // are the paths in the nodes' own blobs. Deletion shifts back, no tombstones.
    void indexInsert(uint32_t id);
    void indexErase(uint32_t id);
    void indexGrow();
    static size_t hashOf(std::string_view path) { return std::hash<std::string_view>{}(path); }
    static uint32_t tagOf(size_t hash) { return uint32_t(uint64_t(hash) >> 32); }

    // ACL table: refcounted by the nodes that use each entry.
    uint32_t acquireAcl(const proto::ACLList& acl);
    void releaseAcl(uint32_t index);
    struct AclSlot {
        AclRef acl;
        uint32_t refs = 0;
    };

    std::vector<std::unique_ptr<Node[]>> chunks_;
    uint32_t nextFresh_ = 0;          // ids below it have been handed out once
    uint32_t freeList_ = Node::kNone;  // freed ids, linked through nextSibling_
    // One index entry: the node and the upper half of its path's hash.
    struct IndexSlot {
        uint32_t id = 0xffffffffu;  // Node::kNone: empty
        uint32_t tag = 0;
    };
    std::vector<IndexSlot> slots_;
    size_t count_ = 0;
    std::vector<AclSlot> acls_;
    std::vector<uint32_t> freeAcls_;
    std::map<proto::ACLList, uint32_t, bool (*)(const proto::ACLList&, const proto::ACLList&)> aclIndex_;
    std::unordered_map<int64_t, std::set<std::string>> ephemerals_;
    std::set<std::string> containers_;
    std::set<std::string> ttls_;
    std::set<std::string, std::less<>> quotas_;  // paths with a zookeeper_limits node
    WatchManager watches_;
    std::vector<WatchManager::Fired> fired_;  // collects during one apply(), moved into its result
    int64_t dataSize_ = 0;
    int64_t lastZxid_ = 0;
};

}  // namespace zooscope::tree
