// DataTree: the znodes, their stats and ACLs, the ephemeral/container/TTL
// indexes, and the watches on them. Applies transactions (txn.h) exactly as
// ZooKeeper 3.8's DataTree.processTxn does.
//
// Single-threaded: owned by the server's network thread; no locking inside.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "proto/types.h"
#include "tree/txn.h"
#include "tree/watch_manager.h"

namespace zooscope::tree {

// ACL lists are shared between nodes (most trees use a handful of distinct
// lists), as ZooKeeper's ReferenceCountedACLCache does.
using AclRef = std::shared_ptr<const proto::ACLList>;

struct Node {
    std::string data;
    bool dataIsNull = false;  // created or set with a null buffer (clients tell null from empty)
    AclRef acl;
    // Stored stat. As in ZooKeeper's StatPersisted, cversion counts child
    // creations only, and ephemeralOwner holds the extended-type encoding;
    // clients see clientStat(). numChildren is kept equal to children.size().
    proto::Stat stat;
    std::set<std::string> children;
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
};

inline constexpr std::string_view kZookeeperPath = "/zookeeper";
inline constexpr std::string_view kQuotaPath = "/zookeeper/quota";
inline constexpr std::string_view kConfigPath = "/zookeeper/config";

class DataTree {
public:
    DataTree();

    // nullptr when absent.
    const Node* find(std::string_view path) const;

    // Applies one transaction. Watches it triggers are queued; drain them with
    // takeFired(). lastProcessedZxid() becomes header.zxid.
    ApplyResult apply(const TxnHeader& header, const Txn& txn);

    // Watch events queued by apply() since the last call.
    std::vector<WatchManager::Fired> takeFired();

    WatchManager& watches() { return watches_; }
    const WatchManager& watches() const { return watches_; }

    // Reads that also register a watch when `watcher` is non-zero.
    // Exists-style watch on a missing node is allowed, as in ZooKeeper.
    void addDataWatch(std::string_view path, WatcherId watcher) { watches_.add(path, watcher, WatchKind::Data); }
    void addChildWatch(std::string_view path, WatcherId watcher) { watches_.add(path, watcher, WatchKind::Child); }

    // Paths of the session's ephemerals (sorted); empty when none.
    std::vector<std::string> ephemeralsOf(int64_t sessionId) const;
    const std::set<std::string>& containers() const { return containers_; }
    const std::set<std::string>& ttls() const { return ttls_; }
    size_t ephemeralCount() const;

    // Number of descendants of `path` (not counting itself), as getAllChildrenNumber.
    int32_t allChildrenNumber(std::string_view path) const;

    size_t nodeCount() const { return nodes_.size(); }
    // Sum of path lengths and data lengths, as ZooKeeper's approximateDataSize.
    int64_t approximateDataSize() const { return dataSize_; }
    int64_t lastProcessedZxid() const { return lastZxid_; }
    void setLastProcessedZxid(int64_t z) { lastZxid_ = z; }

    // Replaces /zookeeper/config's data without a txn (the ensemble view is
    // local state in ZooKeeper too).
    void setConfigData(std::string data);

    // Interns an ACL list so equal lists share storage.
    AclRef internAcl(const proto::ACLList& acl);

    // Snapshot restore (storage/snapshot.h); apply() never uses it.
    // Puts one node back exactly as a snapshot stored it: data, nullness, ACL
    // and the stored stat, except numChildren, which follows the children
    // restored. The parent must already exist (snapshots list parents first);
    // a node that exists (the root and system nodes the constructor made) is
    // overwritten in place and keeps its children. Keeps the ephemeral,
    // container and TTL indexes and the data size right; fires no watches.
    // False, changing nothing, when the parent is missing or path is not absolute.
    bool restoreNode(const std::string& path, std::string data, bool dataIsNull, const proto::ACLList& acl,
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
    static int64_t nodeSize(std::string_view path, const std::string& data) {
        return int64_t(path.size() + data.size());
    }

    std::unordered_map<std::string, Node> nodes_;
    std::unordered_map<int64_t, std::set<std::string>> ephemerals_;
    std::set<std::string> containers_;
    std::set<std::string> ttls_;
    std::set<std::string, std::less<>> quotas_;  // paths with a zookeeper_limits node
    std::map<proto::ACLList, std::weak_ptr<const proto::ACLList>, bool (*)(const proto::ACLList&, const proto::ACLList&)> aclCache_;
    WatchManager watches_;
    std::vector<WatchManager::Fired> fired_;
    int64_t dataSize_ = 0;
    int64_t lastZxid_ = 0;
};

}  // namespace zooscope::tree
