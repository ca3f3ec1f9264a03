#include "tree/data_tree.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "zooscope/znode_path.h"

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

std::string childName(std::string_view path) {
    return std::string(path.substr(path.rfind('/') + 1));
}

}  // namespace

proto::Stat clientStat(const Node& n) {
    proto::Stat s = n.stat();
    s.cversion = s.cversion * 2 - s.numChildren;
    if (!ephemeral::isSessionOwned(s.ephemeralOwner)) s.ephemeralOwner = 0;
    return s;
}

DataTree::DataTree() : aclIndex_(&aclLess) {
    auto addSystemNode = [&](std::string_view path) {
        const uint32_t parent = path == "/" ? Node::kNone : idOf(parentOf(path));
        const uint32_t id = newNode(parent, path, {}, false);
        at(id).acl_ = acquireAcl(proto::openAclUnsafe());
        dataSize_ += nodeSize(path, {});
    };
    // ZooKeeper's root has "zookeeper" as a child but the bootstrap does not
    // bump cversion; /zookeeper has quota and config.
    addSystemNode("/");
    addSystemNode(kZookeeperPath);
    addSystemNode(kQuotaPath);
    addSystemNode(kConfigPath);
    // /zookeeper/config is readable by all and writable by no one (ZooKeeper's
    // READ_ACL_UNSAFE on the config node).
    // ZooKeeper sets it with setACL(..., version -1), which leaves aversion -1.
    Node& config = *findMutable(kConfigPath);
    const uint32_t readAcl = acquireAcl(proto::readAclUnsafe());
    releaseAcl(config.acl_);
    config.acl_ = readAcl;
    config.aversion_ = -1;
}

DataTree::~DataTree() = default;

// --- ACL table --------------------------------------------------------------

uint32_t DataTree::acquireAcl(const proto::ACLList& acl) {
    auto it = aclIndex_.find(acl);
    if (it != aclIndex_.end()) {
        ++acls_[it->second].refs;
        return it->second;
    }
    uint32_t index;
    if (!freeAcls_.empty()) {
        index = freeAcls_.back();
        freeAcls_.pop_back();
    } else {
        index = uint32_t(acls_.size());
        acls_.emplace_back();
    }
    acls_[index].acl = std::make_shared<const proto::ACLList>(acl);
    acls_[index].refs = 1;
    aclIndex_.emplace(acl, index);
    return index;
}

void DataTree::releaseAcl(uint32_t index) {
    AclSlot& slot = acls_[index];
    if (--slot.refs != 0) return;
    aclIndex_.erase(*slot.acl);
    slot.acl.reset();
    freeAcls_.push_back(index);
}

AclRef DataTree::internAcl(const proto::ACLList& acl) const {
    auto it = aclIndex_.find(acl);
    if (it != aclIndex_.end()) return acls_[it->second].acl;
    return std::make_shared<const proto::ACLList>(acl);
}

// --- path index -------------------------------------------------------------

uint32_t DataTree::idOf(std::string_view path) const {
    if (slots_.empty()) return Node::kNone;
    const size_t mask = slots_.size() - 1;
    const size_t h = hashOf(path);
    const uint32_t tag = tagOf(h);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        const IndexSlot slot = slots_[i];
        if (slot.id == Node::kNone) return Node::kNone;
        // The tag settles almost every other entry of the run without
        // touching its node (paths of one parent often share a length).
        if (slot.tag != tag) continue;
        const Node& n = at(slot.id);
        if (n.pathLen_ == path.size() && n.path() == path) return slot.id;
    }
}

void DataTree::indexGrow() {
    std::vector<IndexSlot> old(slots_.empty() ? 16 : slots_.size() * 2);
    old.swap(slots_);
    const size_t mask = slots_.size() - 1;
    for (const IndexSlot& slot : old) {
        if (slot.id == Node::kNone) continue;
        size_t i = hashOf(at(slot.id).path()) & mask;
        while (slots_[i].id != Node::kNone) i = (i + 1) & mask;
        slots_[i] = slot;
    }
}

void DataTree::indexInsert(uint32_t id) {
    // Load factor at most 3/4 keeps probe runs short.
    if ((count_ + 1) * 4 > slots_.size() * 3) indexGrow();
    const size_t mask = slots_.size() - 1;
    const size_t h = hashOf(at(id).path());
    size_t i = h & mask;
    while (slots_[i].id != Node::kNone) i = (i + 1) & mask;
    slots_[i] = IndexSlot{id, tagOf(h)};
    ++count_;
}

void DataTree::indexErase(uint32_t id) {
    const size_t mask = slots_.size() - 1;
    size_t i = hashOf(at(id).path()) & mask;
    while (slots_[i].id != id) i = (i + 1) & mask;
    // Backward-shift deletion: move later entries of the run into the hole
    // when their home slot is not between the hole and where they sit.
    for (size_t j = (i + 1) & mask; slots_[j].id != Node::kNone; j = (j + 1) & mask) {
        const size_t home = hashOf(at(slots_[j].id).path()) & mask;
        const bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
        if (stays) continue;
        slots_[i] = slots_[j];
        i = j;
    }
    slots_[i] = IndexSlot{};
    --count_;
}

// --- node table -------------------------------------------------------------

void DataTree::setNodeData(Node& n, std::string_view data, bool dataIsNull) {
    // `data` may view n's own blob: build the new block before dropping the old.
    auto blob = std::make_unique_for_overwrite<char[]>(n.pathLen_ + data.size());
    std::memcpy(blob.get(), n.blob_.get(), n.pathLen_);
    if (!data.empty()) std::memcpy(blob.get() + n.pathLen_, data.data(), data.size());
    n.blob_ = std::move(blob);
    n.dataLen_ = uint32_t(data.size()) | (dataIsNull ? Node::kNullBit : 0u);
}

uint32_t DataTree::newNode(uint32_t parent, std::string_view path, std::string_view data, bool dataIsNull) {
    uint32_t id;
    if (freeList_ != Node::kNone) {
        id = freeList_;
        freeList_ = at(id).nextSibling_;
    } else {
        id = nextFresh_++;
        if ((id >> kChunkBits) == chunks_.size()) chunks_.push_back(std::make_unique<Node[]>(size_t(1) << kChunkBits));
    }
    Node& n = at(id);
    n = Node();
    n.blob_ = std::make_unique_for_overwrite<char[]>(path.size() + data.size());
    std::memcpy(n.blob_.get(), path.data(), path.size());
    if (!data.empty()) std::memcpy(n.blob_.get() + path.size(), data.data(), data.size());
    n.pathLen_ = uint32_t(path.size());
    n.dataLen_ = uint32_t(data.size()) | (dataIsNull ? Node::kNullBit : 0u);
    indexInsert(id);
    if (parent != Node::kNone) {
        // Append: the first child's prev points at the last one.
        Node& p = at(parent);
        if (p.firstChild_ == Node::kNone) {
            p.firstChild_ = id;
            n.prevSibling_ = id;
        } else {
            Node& first = at(p.firstChild_);
            at(first.prevSibling_).nextSibling_ = id;
            n.prevSibling_ = first.prevSibling_;
            first.prevSibling_ = id;
        }
        ++p.numChildren_;
    }
    return id;
}

void DataTree::freeNode(uint32_t parent, uint32_t id) {
    Node& n = at(id);
    Node& p = at(parent);
    if (p.firstChild_ == id) {
        p.firstChild_ = n.nextSibling_;
        if (n.nextSibling_ != Node::kNone) at(n.nextSibling_).prevSibling_ = n.prevSibling_;
    } else {
        at(n.prevSibling_).nextSibling_ = n.nextSibling_;
        if (n.nextSibling_ != Node::kNone) at(n.nextSibling_).prevSibling_ = n.prevSibling_;
        else at(p.firstChild_).prevSibling_ = n.prevSibling_;
    }
    --p.numChildren_;
    indexErase(id);
    releaseAcl(n.acl_);
    n = Node();
    n.nextSibling_ = freeList_;
    freeList_ = id;
}

void DataTree::setStoredStat(Node& n, const proto::Stat& s) {
    n.czxid_ = s.czxid;
    n.mzxid_ = s.mzxid;
    n.pzxid_ = s.pzxid;
    n.ctime_ = s.ctime;
    n.mtime_ = s.mtime;
    n.version_ = s.version;
    n.cversion_ = s.cversion;
    n.aversion_ = s.aversion;
    n.ephemeralOwner_ = s.ephemeralOwner;
}

std::optional<DataTree::NodeRef> DataTree::refOf(std::string_view path) const {
    if (path.empty()) path = "/";
    const uint32_t id = idOf(path);
    if (id == Node::kNone) return std::nullopt;
    return NodeRef{id, at(id).czxid_};
}

const Node* DataTree::resolve(NodeRef ref) const {
    if (ref.id == Node::kNone || size_t(ref.id >> kChunkBits) >= chunks_.size()) return nullptr;
    const Node& n = at(ref.id);
    return n.blob_ && n.czxid_ == ref.czxid ? &n : nullptr;
}

const Node* DataTree::find(std::string_view path) const {
    // ZooKeeper's DataTree holds the root under "" as well as "/", so reads of
    // "" (which skip path validation) see the root.
    if (path.empty()) path = "/";
    const uint32_t id = idOf(path);
    return id == Node::kNone ? nullptr : &at(id);
}

Node* DataTree::findMutable(std::string_view path) {
    const uint32_t id = idOf(path);
    return id == Node::kNone ? nullptr : &at(id);
}

std::vector<std::string> DataTree::childNames(const Node& n) const {
    std::vector<std::string> out;
    out.reserve(n.numChildren_);
    forEachChild(n, [&](const Node& c) { out.emplace_back(c.name()); });
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
    std::vector<const Node*> stack{root};
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        forEachChild(*n, [&](const Node& c) {
            ++count;
            stack.push_back(&c);
        });
    }
    return count;
}

void DataTree::setConfigData(std::string_view data) {
    Node& n = *findMutable(kConfigPath);
    dataSize_ += int64_t(data.size()) - int64_t(n.dataLength());
    setNodeData(n, data, false);
}

ApplyResult DataTree::apply(const TxnHeader& header, const Txn& txn) {
    ApplyResult r = applyOne(header, txn);
    if (header.zxid > lastZxid_) lastZxid_ = header.zxid;
    r.fired = std::move(fired_);
    fired_.clear();
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
    const std::string parentName(parentOf(t.path));
    const uint32_t parentId = idOf(parentName);
    if (parentId == Node::kNone) return Err::NoNode;
    if (idOf(t.path) != Node::kNone) return Err::NodeExists;
    {
        Node& parent = at(parentId);
        const int32_t parentCVersion = t.parentCVersion == -1 ? parent.cversion_ + 1 : t.parentCVersion;
        // Replaying a create over a snapshot that already holds a later state must
        // not move cversion/pzxid backwards (ZooKeeper's fuzzy-snapshot rule).
        if (parentCVersion > parent.cversion_) {
            parent.cversion_ = parentCVersion;
            parent.pzxid_ = zxid;
        }
    }
    const uint32_t id = newNode(parentId, t.path, t.data, t.dataIsNull);
    Node& child = at(id);
    child.acl_ = acquireAcl(t.acl);
    child.czxid_ = child.mzxid_ = child.pzxid_ = zxid;
    child.ctime_ = child.mtime_ = time;
    child.ephemeralOwner_ = t.ephemeralOwner;
    if (out) *out = clientStat(child);
    dataSize_ += nodeSize(t.path, t.data);

    if (ephemeral::isContainer(t.ephemeralOwner)) {
        containers_.insert(t.path);
    } else if (ephemeral::isTtl(t.ephemeralOwner)) {
        ttls_.insert(t.path);
    } else if (t.ephemeralOwner != 0) {
        ephemerals_[t.ephemeralOwner].insert(t.path);
    }
    if (parentName.rfind(kQuotaPath, 0) == 0) onQuotaNodeCreated(parentName, childName(t.path));
    if (const std::string* q = quotaPrefixOf(t.path)) updateQuotaStat(*q, int64_t(t.data.size()), 1);
    fire(t.path, EventType::NodeCreated);
    fire(parentName, EventType::NodeChildrenChanged);
    return Err::Ok;
}

Err DataTree::deleteNode(const std::string& path, int64_t zxid) {
    const std::string parentName(parentOf(path));
    const uint32_t parentId = idOf(parentName);
    if (parentId == Node::kNone) return Err::NoNode;
    const uint32_t id = idOf(path);
    if (id == Node::kNone || id == parentId) return Err::NoNode;
    Node& parent = at(parentId);
    if (zxid > parent.pzxid_) parent.pzxid_ = zxid;

    const Node& n = at(id);
    const int64_t owner = n.ephemeralOwner_;
    const int64_t bytes = int64_t(n.dataLength());
    dataSize_ -= nodeSize(path, n.data());
    freeNode(parentId, id);
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
    Node* n = findMutable(t.path);
    if (!n) return Err::NoNode;
    const int64_t bytesDiff = int64_t(t.data.size()) - int64_t(n->dataLength());
    dataSize_ += bytesDiff;
    if (const std::string* q = quotaPrefixOf(t.path)) updateQuotaStat(*q, bytesDiff, 0);
    setNodeData(*n, t.data, t.dataIsNull);
    n->mtime_ = time;
    n->mzxid_ = zxid;
    n->version_ = t.version;
    if (out) *out = clientStat(*n);
    fire(t.path, EventType::NodeDataChanged);
    return Err::Ok;
}

Err DataTree::setAcl(const SetACLTxn& t, proto::Stat* out) {
    Node* n = findMutable(t.path);
    if (!n) return Err::NoNode;
    const uint32_t acl = acquireAcl(t.acl);
    releaseAcl(n->acl_);
    n->acl_ = acl;
    n->aversion_ = t.version;
    if (out) *out = clientStat(*n);
    return Err::Ok;
}

bool DataTree::restoreNode(std::string_view path, std::string_view data, bool dataIsNull, const proto::ACLList& acl,
                           const proto::Stat& stat) {
    if (path.empty() || path[0] != '/') return false;
    const std::string key(path);
    auto unindex = [&](int64_t owner) {
        if (ephemeral::isContainer(owner)) {
            containers_.erase(key);
        } else if (ephemeral::isTtl(owner)) {
            ttls_.erase(key);
        } else if (owner != 0) {
            auto eit = ephemerals_.find(owner);
            if (eit != ephemerals_.end()) {
                eit->second.erase(key);
                if (eit->second.empty()) ephemerals_.erase(eit);
            }
        }
    };
    const uint32_t aclIndex = acquireAcl(acl);
    Node* node = findMutable(path);
    if (node) {
        unindex(node->ephemeralOwner_);
        dataSize_ -= nodeSize(path, node->data());
        setNodeData(*node, data, dataIsNull);
        releaseAcl(node->acl_);
    } else {
        const uint32_t parentId = path == "/" ? Node::kNone : idOf(parentOf(path));
        if (parentId == Node::kNone) {  // the constructor always makes the root
            releaseAcl(aclIndex);
            return false;
        }
        node = &at(newNode(parentId, path, data, dataIsNull));
    }
    node->acl_ = aclIndex;
    setStoredStat(*node, stat);
    dataSize_ += nodeSize(path, data);
    const int64_t owner = stat.ephemeralOwner;
    if (ephemeral::isContainer(owner)) {
        containers_.insert(key);
    } else if (ephemeral::isTtl(owner)) {
        ttls_.insert(key);
    } else if (owner != 0) {
        ephemerals_[owner].insert(key);
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
    std::vector<const Node*> stack;
    if (const Node* top = find(quotaPath)) stack.push_back(top);
    while (!stack.empty()) {
        const Node* n = stack.back();
        stack.pop_back();
        ++count;
        bytes += int64_t(n->dataLength());
        forEachChild(*n, [&](const Node& c) { stack.push_back(&c); });
    }
    Node* stats = findMutable(statsNodeOf(quotaPath));
    if (!stats) return;
    const std::string text = "count=" + std::to_string(count) + ",bytes=" + std::to_string(bytes);
    dataSize_ += int64_t(text.size()) - int64_t(stats->dataLength());
    setNodeData(*stats, text, false);
}

void DataTree::updateQuotaStat(const std::string& quotaPath, int64_t bytesDiff, int64_t countDiff) {
    Node* stats = findMutable(statsNodeOf(quotaPath));
    if (!stats) return;
    // StatsTrack: comma-separated key=value; count and bytes move, the rest stays.
    int64_t count = 0, bytes = 0;
    std::string rest;
    size_t pos = 0;
    const std::string d(stats->data());
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
    dataSize_ += int64_t(text.size()) - int64_t(stats->dataLength());
    setNodeData(*stats, text, stats->dataIsNull());
}

void DataTree::killSession(int64_t sessionId, int64_t zxid, const std::vector<std::string>& paths) {
    // The txn carries the paths prepare saw; the index is the fallback for
    // txns written without them. Either way every ephemeral of the session goes.
    std::set<std::string> all(paths.begin(), paths.end());
    auto it = ephemerals_.find(sessionId);
    if (it != ephemerals_.end()) all.insert(it->second.begin(), it->second.end());
    for (const auto& p : all) {
        const Node* n = find(p);
        if (n && n->ephemeralOwner_ == sessionId) deleteNode(p, zxid);
    }
}

}  // namespace zooscope::tree
