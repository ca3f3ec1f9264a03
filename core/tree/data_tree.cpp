#include "tree/data_tree.h"

#include <algorithm>
#include <tuple>

namespace zooscope::tree {

using proto::Err;
using proto::EventType;
using proto::OpCode;

namespace {

bool aclLess(const proto::ACLList& a, const proto::ACLList& b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
        [](const proto::ACL& x, const proto::ACL& y) {
            return std::tie(x.perms, x.id.scheme, x.id.id) < std::tie(y.perms, y.id.scheme, y.id.id);
        });
}

std::string parentPath(std::string_view path) {
    auto slash = path.rfind('/');
    if (slash == 0 || slash == std::string_view::npos) return "/";
    return std::string(path.substr(0, slash));
}

std::string childName(std::string_view path) {
    return std::string(path.substr(path.rfind('/') + 1));
}

}  // namespace

proto::Stat clientStat(const Node& n) {
    proto::Stat s = n.stat;
    s.cversion = n.stat.cversion * 2 - n.stat.numChildren;
    if (!ephemeral::isSessionOwned(n.stat.ephemeralOwner)) s.ephemeralOwner = 0;
    return s;
}

DataTree::DataTree() : aclCache_(&aclLess) {
    auto open = internAcl(proto::openAclUnsafe());
    auto addSystemNode = [&](const std::string& path) {
        Node n;
        n.acl = open;
        nodes_.emplace(path, std::move(n));
        dataSize_ += nodeSize(path, {});
    };
    addSystemNode("/");
    addSystemNode(std::string(kZookeeperPath));
    addSystemNode(std::string(kQuotaPath));
    addSystemNode(std::string(kConfigPath));
    // ZooKeeper's root has "zookeeper" as a child but the bootstrap does not
    // bump cversion; /zookeeper has quota and config.
    nodes_["/"].children.insert("zookeeper");
    nodes_["/"].stat.numChildren = 1;
    nodes_[std::string(kZookeeperPath)].children = {"quota", "config"};
    nodes_[std::string(kZookeeperPath)].stat.numChildren = 2;
    // /zookeeper/config is readable by all and writable by no one (ZooKeeper's
    // READ_ACL_UNSAFE on the config node).
    // ZooKeeper sets it with setACL(..., version -1), which leaves aversion -1.
    nodes_[std::string(kConfigPath)].acl = internAcl(proto::readAclUnsafe());
    nodes_[std::string(kConfigPath)].stat.aversion = -1;
}

AclRef DataTree::internAcl(const proto::ACLList& acl) {
    auto it = aclCache_.find(acl);
    if (it != aclCache_.end()) {
        if (auto live = it->second.lock()) return live;
    }
    auto ref = std::make_shared<const proto::ACLList>(acl);
    aclCache_[acl] = ref;
    return ref;
}

const Node* DataTree::find(std::string_view path) const {
    // ZooKeeper's DataTree holds the root under "" as well as "/", so reads of
    // "" (which skip path validation) see the root.
    if (path.empty()) path = "/";
    auto it = nodes_.find(std::string(path));
    return it == nodes_.end() ? nullptr : &it->second;
}

std::vector<WatchManager::Fired> DataTree::takeFired() {
    std::vector<WatchManager::Fired> out;
    out.swap(fired_);
    return out;
}

void DataTree::fire(std::string_view path, EventType type) {
    auto fired = watches_.trigger(path, type);
    fired_.insert(fired_.end(), std::make_move_iterator(fired.begin()), std::make_move_iterator(fired.end()));
}

std::vector<std::string> DataTree::ephemeralsOf(int64_t sessionId) const {
    auto it = ephemerals_.find(sessionId);
    if (it == ephemerals_.end()) return {};
    return {it->second.begin(), it->second.end()};
}

size_t DataTree::ephemeralCount() const {
    size_t n = 0;
    for (const auto& [_, paths] : ephemerals_) n += paths.size();
    return n;
}

int32_t DataTree::allChildrenNumber(std::string_view path) const {
    const Node* root = find(path);
    if (!root) return 0;
    // Iterative walk: trees can be deep enough to make recursion risky.
    int32_t count = 0;
    std::vector<std::string> stack{std::string(path)};
    while (!stack.empty()) {
        std::string p = std::move(stack.back());
        stack.pop_back();
        const Node* n = find(p);
        if (!n) continue;
        for (const auto& c : n->children) {
            ++count;
            stack.push_back(p == "/" ? "/" + c : p + "/" + c);
        }
    }
    return count;
}

void DataTree::setConfigData(std::string data) {
    auto& n = nodes_[std::string(kConfigPath)];
    dataSize_ += int64_t(data.size()) - int64_t(n.data.size());
    n.data = std::move(data);
    n.stat.dataLength = int32_t(n.data.size());
}

ApplyResult DataTree::apply(const TxnHeader& header, const Txn& txn) {
    ApplyResult r = applyOne(header, txn);
    if (header.zxid > lastZxid_) lastZxid_ = header.zxid;
    return r;
}

ApplyResult DataTree::applyOne(const TxnHeader& header, const Txn& txn) {
    ApplyResult rc;
    rc.type = txn.type;
    switch (txn.type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer:
    case OpCode::CreateTTL: {
        const auto& t = std::get<CreateTxn>(txn.body);
        rc.path = t.path;
        rc.err = createNode(t, header.zxid, header.time, &rc.stat);
        break;
    }
    case OpCode::Delete:
    case OpCode::DeleteContainer: {
        const auto& t = std::get<DeleteTxn>(txn.body);
        rc.path = t.path;
        rc.err = deleteNode(t.path, header.zxid);
        break;
    }
    case OpCode::SetData: {
        const auto& t = std::get<SetDataTxn>(txn.body);
        rc.path = t.path;
        rc.err = setData(t, header.zxid, header.time, &rc.stat);
        break;
    }
    case OpCode::SetACL: {
        const auto& t = std::get<SetACLTxn>(txn.body);
        rc.path = t.path;
        rc.err = setAcl(t, &rc.stat);
        break;
    }
    case OpCode::Check: {
        rc.path = std::get<CheckVersionTxn>(txn.body).path;
        break;
    }
    case OpCode::CloseSession: {
        const auto* t = std::get_if<CloseSessionTxn>(&txn.body);
        killSession(header.clientId, header.zxid, t ? t->paths : std::vector<std::string>{});
        break;
    }
    case OpCode::CreateSession:
        break;
    case OpCode::Error:
        rc.err = std::get<ErrorTxn>(txn.body).err;
        break;
    case OpCode::Multi: {
        // Prepare already turned every op of a failed multi into an ErrorTxn
        // (Ok before the failing op, RuntimeInconsistency after it), so a
        // failed multi changes nothing here.
        const auto& m = std::get<MultiTxn>(txn.body);
        for (const auto& sub : m.ops) {
            TxnHeader subHeader = header;
            subHeader.type = sub.type;
            ApplyResult subRc = applyOne(subHeader, sub);
            if (subRc.err != Err::Ok && rc.err == Err::Ok) rc.err = subRc.err;
            rc.multi.push_back(std::move(subRc));
        }
        break;
    }
    default:
        rc.err = Err::Unimplemented;
        break;
    }
    return rc;
}

Err DataTree::createNode(const CreateTxn& t, int64_t zxid, int64_t time, proto::Stat* out) {
    const std::string parentName = parentPath(t.path);
    auto pit = nodes_.find(parentName);
    if (pit == nodes_.end()) return Err::NoNode;
    Node& parent = pit->second;
    std::string name = childName(t.path);
    if (parent.children.count(name)) return Err::NodeExists;

    int32_t parentCVersion = t.parentCVersion == -1 ? parent.stat.cversion + 1 : t.parentCVersion;
    // Replaying a create over a snapshot that already holds a later state must
    // not move cversion/pzxid backwards (ZooKeeper's fuzzy-snapshot rule).
    if (parentCVersion > parent.stat.cversion) {
        parent.stat.cversion = parentCVersion;
        parent.stat.pzxid = zxid;
    }
    parent.children.insert(name);
    parent.stat.numChildren = int32_t(parent.children.size());

    Node child;
    child.data = t.data;
    child.acl = internAcl(t.acl);
    child.stat.czxid = child.stat.mzxid = child.stat.pzxid = zxid;
    child.stat.ctime = child.stat.mtime = time;
    child.stat.ephemeralOwner = t.ephemeralOwner;
    child.stat.dataLength = int32_t(t.data.size());
    child.dataIsNull = t.dataIsNull;
    if (out) *out = clientStat(child);
    dataSize_ += nodeSize(t.path, t.data);
    nodes_.emplace(t.path, std::move(child));

    if (ephemeral::isContainer(t.ephemeralOwner)) {
        containers_.insert(t.path);
    } else if (ephemeral::isTtl(t.ephemeralOwner)) {
        ttls_.insert(t.path);
    } else if (t.ephemeralOwner != 0) {
        ephemerals_[t.ephemeralOwner].insert(t.path);
    }
    if (parentName.rfind(kQuotaPath, 0) == 0) onQuotaNodeCreated(parentName, name);
    if (const std::string* q = quotaPrefixOf(t.path)) updateQuotaStat(*q, int64_t(t.data.size()), 1);
    fire(t.path, EventType::NodeCreated);
    fire(parentName, EventType::NodeChildrenChanged);
    return Err::Ok;
}

Err DataTree::deleteNode(const std::string& path, int64_t zxid) {
    const std::string parentName = parentPath(path);
    auto pit = nodes_.find(parentName);
    if (pit == nodes_.end()) return Err::NoNode;
    auto nit = nodes_.find(path);
    if (nit == nodes_.end()) return Err::NoNode;
    Node& parent = pit->second;
    parent.children.erase(childName(path));
    parent.stat.numChildren = int32_t(parent.children.size());
    if (zxid > parent.stat.pzxid) parent.stat.pzxid = zxid;

    const int64_t owner = nit->second.stat.ephemeralOwner;
    const int64_t bytes = int64_t(nit->second.data.size());
    dataSize_ -= nodeSize(path, nit->second.data);
    nodes_.erase(nit);
    if (parentName.rfind(kZookeeperPath, 0) == 0) onQuotaNodeDeleted(parentName, childName(path));
    if (const std::string* q = quotaPrefixOf(path)) updateQuotaStat(*q, -bytes, -1);
    if (ephemeral::isContainer(owner)) {
        containers_.erase(path);
    } else if (ephemeral::isTtl(owner)) {
        ttls_.erase(path);
    } else if (owner != 0) {
        auto eit = ephemerals_.find(owner);
        if (eit != ephemerals_.end()) {
            eit->second.erase(path);
            if (eit->second.empty()) ephemerals_.erase(eit);
        }
    }
    // One NodeDeleted per watcher even if it holds both a data and a child
    // watch on the path: WatchManager::trigger dedups within a call.
    fire(path, EventType::NodeDeleted);
    fire(parentName, EventType::NodeChildrenChanged);
    return Err::Ok;
}

Err DataTree::setData(const SetDataTxn& t, int64_t zxid, int64_t time, proto::Stat* out) {
    auto it = nodes_.find(t.path);
    if (it == nodes_.end()) return Err::NoNode;
    Node& n = it->second;
    const int64_t bytesDiff = int64_t(t.data.size()) - int64_t(n.data.size());
    dataSize_ += bytesDiff;
    if (const std::string* q = quotaPrefixOf(t.path)) updateQuotaStat(*q, bytesDiff, 0);
    n.data = t.data;
    n.stat.mtime = time;
    n.stat.mzxid = zxid;
    n.stat.version = t.version;
    n.stat.dataLength = int32_t(n.data.size());
    n.dataIsNull = t.dataIsNull;
    if (out) *out = clientStat(n);
    fire(t.path, EventType::NodeDataChanged);
    return Err::Ok;
}

Err DataTree::setAcl(const SetACLTxn& t, proto::Stat* out) {
    auto it = nodes_.find(t.path);
    if (it == nodes_.end()) return Err::NoNode;
    Node& n = it->second;
    n.acl = internAcl(t.acl);
    n.stat.aversion = t.version;
    if (out) *out = clientStat(n);
    return Err::Ok;
}

bool DataTree::restoreNode(const std::string& path, std::string data, bool dataIsNull, const proto::ACLList& acl,
                           const proto::Stat& stat) {
    if (path.empty() || path[0] != '/') return false;
    auto unindex = [&](const Node& n) {
        const int64_t owner = n.stat.ephemeralOwner;
        if (ephemeral::isContainer(owner)) {
            containers_.erase(path);
        } else if (ephemeral::isTtl(owner)) {
            ttls_.erase(path);
        } else if (owner != 0) {
            auto eit = ephemerals_.find(owner);
            if (eit != ephemerals_.end()) {
                eit->second.erase(path);
                if (eit->second.empty()) ephemerals_.erase(eit);
            }
        }
    };
    Node* node = nullptr;
    if (auto it = nodes_.find(path); it != nodes_.end()) {
        node = &it->second;
        unindex(*node);
        dataSize_ -= nodeSize(path, node->data);
    } else {
        if (path == "/") return false;  // the constructor always makes the root
        auto pit = nodes_.find(parentPath(path));
        if (pit == nodes_.end()) return false;
        pit->second.children.insert(childName(path));
        pit->second.stat.numChildren = int32_t(pit->second.children.size());
        node = &nodes_[path];
    }
    node->data = std::move(data);
    node->dataIsNull = dataIsNull;
    node->acl = internAcl(acl);
    node->stat = stat;
    node->stat.dataLength = int32_t(node->data.size());
    node->stat.numChildren = int32_t(node->children.size());
    dataSize_ += nodeSize(path, node->data);
    const int64_t owner = stat.ephemeralOwner;
    if (ephemeral::isContainer(owner)) {
        containers_.insert(path);
    } else if (ephemeral::isTtl(owner)) {
        ttls_.insert(path);
    } else if (owner != 0) {
        ephemerals_[owner].insert(path);
    }
    return true;
}

namespace {

constexpr std::string_view kLimitNode = "zookeeper_limits";
constexpr std::string_view kStatNode = "zookeeper_stats";

// "/zookeeper/quota/a/b" -> "/a/b"
std::string trimQuotaPath(const std::string& quotaParent) { return quotaParent.substr(kQuotaPath.size()); }

std::string statsNodeOf(const std::string& quotaPath) {
    return std::string(kQuotaPath) + quotaPath + "/" + std::string(kStatNode);
}

}  // namespace

void DataTree::onQuotaNodeCreated(const std::string& parentName, std::string_view name) {
    if (parentName.size() <= kQuotaPath.size()) return;
    if (name == kLimitNode) quotas_.insert(trimQuotaPath(parentName));
    if (name == kStatNode) updateQuotaForPath(trimQuotaPath(parentName));
}

void DataTree::onQuotaNodeDeleted(const std::string& parentName, std::string_view name) {
    if (name == kLimitNode && parentName.size() > kQuotaPath.size() && parentName.rfind(kQuotaPath, 0) == 0) {
        quotas_.erase(trimQuotaPath(parentName));
    }
}

const std::string* DataTree::quotaPrefixOf(std::string_view path) const {
    if (quotas_.empty() || path.rfind(kZookeeperPath, 0) == 0) return nullptr;
    // The longest quota path that is `path` or one of its ancestors.
    for (std::string_view p = path; p.size() > 1;) {
        if (auto it = quotas_.find(p); it != quotas_.end()) return &*it;
        const auto slash = p.rfind('/');
        p = p.substr(0, slash);
    }
    return nullptr;
}

void DataTree::updateQuotaForPath(const std::string& quotaPath) {
    int64_t count = 0, bytes = 0;
    std::vector<std::string> stack{quotaPath};
    while (!stack.empty()) {
        std::string p = std::move(stack.back());
        stack.pop_back();
        const Node* n = find(p);
        if (!n) continue;
        ++count;
        bytes += int64_t(n->data.size());
        for (const auto& c : n->children) stack.push_back(p == "/" ? "/" + c : p + "/" + c);
    }
    auto it = nodes_.find(statsNodeOf(quotaPath));
    if (it == nodes_.end()) return;
    Node& stats = it->second;
    std::string text = "count=" + std::to_string(count) + ",bytes=" + std::to_string(bytes);
    dataSize_ += int64_t(text.size()) - int64_t(stats.data.size());
    stats.data = std::move(text);
    stats.dataIsNull = false;
    stats.stat.dataLength = int32_t(stats.data.size());
}

void DataTree::updateQuotaStat(const std::string& quotaPath, int64_t bytesDiff, int64_t countDiff) {
    auto it = nodes_.find(statsNodeOf(quotaPath));
    if (it == nodes_.end()) return;
    Node& stats = it->second;
    // StatsTrack: comma-separated key=value; count and bytes move, the rest stays.
    int64_t count = 0, bytes = 0;
    std::string rest;
    size_t pos = 0;
    const std::string& d = stats.data;
    while (pos <= d.size()) {
        size_t end = d.find(',', pos);
        if (end == std::string::npos) end = d.size();
        std::string item = d.substr(pos, end - pos);
        const auto eq = item.find('=');
        if (eq != std::string::npos) {
            const std::string key = item.substr(0, eq);
            const int64_t v = std::strtoll(item.c_str() + eq + 1, nullptr, 10);
            if (key == "count") count = v;
            else if (key == "bytes") bytes = v;
            else rest += "," + item;
        }
        pos = end + 1;
    }
    std::string text = "count=" + std::to_string(count + countDiff) + ",bytes=" + std::to_string(bytes + bytesDiff) + rest;
    dataSize_ += int64_t(text.size()) - int64_t(stats.data.size());
    stats.data = std::move(text);
    stats.stat.dataLength = int32_t(stats.data.size());
}

void DataTree::killSession(int64_t sessionId, int64_t zxid, const std::vector<std::string>& paths) {
    // The txn carries the paths prepare saw; the index is the fallback for
    // txns written without them. Either way every ephemeral of the session goes.
    std::set<std::string> all(paths.begin(), paths.end());
    auto it = ephemerals_.find(sessionId);
    if (it != ephemerals_.end()) all.insert(it->second.begin(), it->second.end());
    for (const auto& p : all) {
        const Node* n = find(p);
        if (n && n->stat.ephemeralOwner == sessionId) deleteNode(p, zxid);
    }
}

}  // namespace zooscope::tree
