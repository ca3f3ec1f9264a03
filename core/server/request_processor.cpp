#include "server/request_processor.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "proto/archive.h"
#include "proto/multi.h"
#include "proto/records.h"
#include "tree/acl.h"
#include "proto/path_utils.h"
#include "zooscope/znode_path.h"

namespace zooscope::server {

using proto::Err;
using proto::OpCode;

namespace {

// Thrown inside prepare/read to stop at the first failed check, as
// KeeperException does in ZooKeeper. Never escapes this file.
struct KeeperError {
    Err code;
};

[[noreturn]] void fail(Err e) { throw KeeperError{e}; }

// Reads a request body leniently: trailing bytes are ignored, as Java's
// deserialize does.
template <class T>
T readBody(std::string_view body) {
    proto::InputArchive in(body);
    T v{};
    proto::read(in, v);
    return v;
}

void validate(const std::string& path) {
    if (proto::validatePath(path)) fail(Err::BadArguments);
}

bool isSpecialPath(const std::string& path) {
    return path == "/" || path == tree::kZookeeperPath || path == tree::kQuotaPath || path == tree::kConfigPath;
}

int32_t checkAndIncVersion(int32_t current, int32_t expected) {
    if (expected != -1 && expected != current) fail(Err::BadVersion);
    return current + 1;
}


}  // namespace

RequestProcessor::RequestProcessor(tree::DataTree& tree, const ServerConfig& config)
    : tree_(tree), config_(config) {}

bool RequestProcessor::isWrite(OpCode op) {
    switch (op) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer:
    case OpCode::CreateTTL:
    case OpCode::Delete:
    case OpCode::DeleteContainer:
    case OpCode::SetData:
    case OpCode::SetACL:
    case OpCode::Check:
    case OpCode::Multi:
    case OpCode::Reconfig:
        return true;
    default:
        return false;
    }
}

bool RequestProcessor::isKnown(OpCode op) {
    switch (op) {
    case OpCode::Exists:
    case OpCode::GetData:
    case OpCode::GetACL:
    case OpCode::GetChildren:
    case OpCode::GetChildren2:
    case OpCode::GetAllChildrenNumber:
    case OpCode::Sync:
    case OpCode::Ping:
    case OpCode::SetWatches:
    case OpCode::SetWatches2:
    case OpCode::CheckWatches:
    case OpCode::RemoveWatches:
    case OpCode::GetEphemerals:
    case OpCode::MultiRead:
    case OpCode::AddWatch:
    case OpCode::WhoAmI:
    case OpCode::CloseSession:
    case OpCode::Auth:
        return true;
    default:
        return isWrite(op);
    }
}

// ---- prepare ----------------------------------------------------------------

RequestProcessor::NodeView RequestProcessor::view(const std::string& path) const {
    for (auto it = outstanding_.rbegin(); it != outstanding_.rend(); ++it) {
        if (it->path == path) return it->view;
    }
    NodeView v;
    if (const tree::Node* n = tree_.find(path)) {
        v.exists = true;
        v.stat = n->stat();
        v.childCount = n->childCount();
        v.acl = tree_.aclOf(*n);
    }
    return v;
}

void RequestProcessor::addChange(int64_t zxid, const std::string& path, NodeView v) {
    outstanding_.push_back(Change{zxid, path, std::move(v)});
}

void RequestProcessor::applied(int64_t zxid) {
    while (!outstanding_.empty() && outstanding_.front().zxid <= zxid) outstanding_.pop_front();
}

void RequestProcessor::checkAcl(const tree::AclRef& acl, int32_t perm, const ClientContext& ctx) const {
    static const proto::ACLList kEmpty;
    if (!tree::checkPermission(acl ? *acl : kEmpty, perm, ctx.authIds, config_.superDigest)) fail(Err::NoAuth);
}

Prepared RequestProcessor::prepare(const ClientContext& ctx, int32_t cxid, OpCode op, std::string_view body,
                                   int64_t zxid, int64_t time) {
    Prepared p;
    p.header = tree::TxnHeader{ctx.sessionId, cxid, zxid, time, op};
    try {
        p.txn = prepareOp(ctx, op, body, zxid, time);
    } catch (const KeeperError& e) {
        p.txn = tree::Txn{OpCode::Error, tree::ErrorTxn{e.code}};
    } catch (const proto::DecodeError& e) {
        spdlog::warn("session 0x{:x}: malformed {} request: {}", ctx.sessionId, int(op), e.what());
        p.txn = tree::Txn{OpCode::Error, tree::ErrorTxn{Err::MarshallingError}};
    }
    p.header.type = p.txn.type;
    return p;
}

Prepared RequestProcessor::prepareCreateSession(int64_t sessionId, int32_t timeoutMs, int64_t zxid, int64_t time) {
    Prepared p;
    p.header = tree::TxnHeader{sessionId, 0, zxid, time, OpCode::CreateSession};
    p.txn = tree::Txn{OpCode::CreateSession, tree::CreateSessionTxn{timeoutMs}};
    return p;
}

Prepared RequestProcessor::prepareCloseSession(int64_t sessionId, int64_t zxid, int64_t time) {
    Prepared p;
    p.header = tree::TxnHeader{sessionId, 0, zxid, time, OpCode::CloseSession};
    // The session's ephemerals as they will be when this applies: the tree's,
    // adjusted by creates and deletes still in flight.
    auto eph = tree_.ephemeralsOf(sessionId);
    std::set<std::string> paths(eph.begin(), eph.end());
    for (const auto& c : outstanding_) {
        if (!c.view.exists) paths.erase(c.path);
        else if (c.view.stat.ephemeralOwner == sessionId) paths.insert(c.path);
    }
    for (const auto& path : paths) addChange(zxid, path, NodeView{});
    p.txn = tree::Txn{OpCode::CloseSession, tree::CloseSessionTxn{{paths.begin(), paths.end()}}};
    return p;
}

tree::Txn RequestProcessor::prepareOp(const ClientContext& ctx, OpCode op, std::string_view body, int64_t zxid,
                                      int64_t time) {
    switch (op) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer: {
        auto r = readBody<proto::CreateRequest>(body);
        return prepareCreate(ctx, op, std::move(r.path), std::move(r.data), r.acl, r.flags, -1, zxid, time);
    }
    case OpCode::CreateTTL: {
        auto r = readBody<proto::CreateTTLRequest>(body);
        return prepareCreate(ctx, op, std::move(r.path), std::move(r.data), r.acl, r.flags, r.ttl, zxid, time);
    }
    case OpCode::Delete: {
        auto r = readBody<proto::DeleteRequest>(body);
        return prepareDelete(ctx, r.path, r.version, zxid);
    }
    case OpCode::SetData: {
        auto r = readBody<proto::SetDataRequest>(body);
        return prepareSetData(ctx, r.path, std::move(r.data), r.version, zxid, time);
    }
    case OpCode::SetACL: {
        auto r = readBody<proto::SetACLRequest>(body);
        return prepareSetAcl(ctx, r.path, r.acl, r.version, zxid);
    }
    case OpCode::Check: {
        auto r = readBody<proto::CheckVersionRequest>(body);
        return prepareCheck(ctx, r.path, r.version, zxid);
    }
    case OpCode::Multi:
        return prepareMulti(ctx, body, zxid, time);
    case OpCode::DeleteContainer:
        return prepareDeleteContainer(std::string(body), zxid);
    case OpCode::Reconfig:
        // Dynamic reconfiguration is off, as with ZooKeeper's default
        // reconfigEnabled=false.
        (void)readBody<proto::ReconfigRequest>(body);
        fail(Err::ReconfigDisabled);
    default:
        fail(Err::Unimplemented);
    }
}

tree::Txn RequestProcessor::prepareCreate(const ClientContext& ctx, OpCode op, std::string path, std::optional<std::string> data,
                                          const proto::ACLList& acl, int32_t flags, int64_t ttl, int64_t zxid,
                                          int64_t time) {
    (void)time;
    if (flags < 0 || flags > int32_t(proto::CreateMode::PersistentSequentialWithTTL)) fail(Err::BadArguments);
    const auto mode = proto::CreateMode(flags);
    // validateCreateRequest
    if (proto::isTtl(mode) && !config_.extendedTypesEnabled) fail(Err::Unimplemented);
    if (proto::isTtl(mode)) {
        if (ttl <= 0 || ttl > tree::ephemeral::kMaxTtl) fail(Err::BadArguments);
    } else if (ttl >= 0) {
        fail(Err::BadArguments);
    }
    // validatePathForCreate
    if (path.find('/') == std::string::npos || path.find('\0') != std::string::npos) fail(Err::BadArguments);
    // ZooKeeper looks up "/"'s parent as "", which its DataTree maps to the
    // root, so creating "/" ends in NodeExists rather than NoNode.
    const std::string parent = path == "/" ? path : std::string(parentOf(path));

    auto fixed = tree::fixupAcl(acl, ctx.authIds);
    if (fixed.err != Err::Ok) fail(fixed.err);

    NodeView parentView = view(parent);
    if (!parentView.exists) fail(Err::NoNode);
    checkAcl(parentView.acl, proto::perms::kCreate, ctx);

    const int32_t parentCVersion = parentView.stat.cversion;
    if (proto::isSequential(mode)) {
        char suffix[16];
        std::snprintf(suffix, sizeof(suffix), "%010d", parentCVersion);
        path += suffix;
    }
    validate(path);
    if (view(path).exists) fail(Err::NodeExists);
    if (tree::ephemeral::isSessionOwned(parentView.stat.ephemeralOwner)) fail(Err::NoChildrenForEphemerals);

    const int32_t newCVersion = parentCVersion + 1;
    int64_t owner = 0;
    if (op == OpCode::CreateContainer) owner = tree::ephemeral::kContainerOwner;
    else if (op == OpCode::CreateTTL) owner = tree::ephemeral::ttlOwner(ttl);
    else if (proto::isEphemeral(mode)) owner = ctx.sessionId;

    parentView.childCount++;
    parentView.stat.cversion = newCVersion;
    parentView.stat.pzxid = zxid;
    addChange(zxid, parent, parentView);

    NodeView child;
    child.exists = true;
    child.stat.czxid = child.stat.mzxid = child.stat.pzxid = zxid;
    child.stat.ephemeralOwner = owner;
    child.acl = tree_.internAcl(fixed.acl);
    addChange(zxid, path, child);

    const bool isNull = !data.has_value();
    return tree::Txn{op, tree::CreateTxn{std::move(path), std::move(data).value_or(std::string()), std::move(fixed.acl),
                                         owner, newCVersion, isNull}};
}

tree::Txn RequestProcessor::prepareDelete(const ClientContext& ctx, const std::string& path, int32_t version,
                                          int64_t zxid) {
    // getParentPathAndValidate
    if (path.find('/') == std::string::npos || path.find('\0') != std::string::npos || isSpecialPath(path)) {
        fail(Err::BadArguments);
    }
    const std::string parent(parentOf(path));
    NodeView parentView = view(parent);
    if (!parentView.exists) fail(Err::NoNode);
    checkAcl(parentView.acl, proto::perms::kDelete, ctx);
    NodeView node = view(path);
    if (!node.exists) fail(Err::NoNode);
    checkAndIncVersion(node.stat.version, version);
    if (node.childCount > 0) fail(Err::NotEmpty);

    parentView.childCount--;
    parentView.stat.pzxid = zxid;
    addChange(zxid, parent, parentView);
    addChange(zxid, path, NodeView{});
    return tree::Txn{OpCode::Delete, tree::DeleteTxn{path}};
}

tree::Txn RequestProcessor::prepareDeleteContainer(const std::string& path, int64_t zxid) {
    // Sent by the server's own container manager, never by clients (the body
    // is the bare path). It re-checks what made the node a candidate.
    if (path.find('/') == std::string::npos || path.find('\0') != std::string::npos || isSpecialPath(path)) {
        fail(Err::BadArguments);
    }
    const std::string parent(parentOf(path));
    NodeView node = view(path);
    if (!node.exists) fail(Err::NoNode);
    if (node.childCount > 0) fail(Err::NotEmpty);
    if (tree::ephemeral::isSessionOwned(node.stat.ephemeralOwner) || node.stat.ephemeralOwner == 0) {
        fail(Err::BadVersion);
    }
    NodeView parentView = view(parent);
    parentView.childCount--;
    parentView.stat.pzxid = zxid;
    addChange(zxid, parent, parentView);
    addChange(zxid, path, NodeView{});
    return tree::Txn{OpCode::DeleteContainer, tree::DeleteTxn{path}};
}

tree::Txn RequestProcessor::prepareSetData(const ClientContext& ctx, const std::string& path,
                                           std::optional<std::string> data,
                                           int32_t version, int64_t zxid, int64_t time) {
    validate(path);
    NodeView node = view(path);
    if (!node.exists) fail(Err::NoNode);
    checkAcl(node.acl, proto::perms::kWrite, ctx);
    const int32_t newVersion = checkAndIncVersion(node.stat.version, version);
    node.stat.version = newVersion;
    node.stat.mtime = time;
    node.stat.mzxid = zxid;
    addChange(zxid, path, node);
    const bool isNull = !data.has_value();
    return tree::Txn{OpCode::SetData, tree::SetDataTxn{path, std::move(data).value_or(std::string()), newVersion, isNull}};
}

tree::Txn RequestProcessor::prepareSetAcl(const ClientContext& ctx, const std::string& path,
                                          const proto::ACLList& acl, int32_t version, int64_t zxid) {
    validate(path);
    auto fixed = tree::fixupAcl(acl, ctx.authIds);
    if (fixed.err != Err::Ok) fail(fixed.err);
    NodeView node = view(path);
    if (!node.exists) fail(Err::NoNode);
    checkAcl(node.acl, proto::perms::kAdmin, ctx);
    const int32_t newVersion = checkAndIncVersion(node.stat.aversion, version);
    node.stat.aversion = newVersion;
    node.acl = tree_.internAcl(fixed.acl);
    addChange(zxid, path, node);
    return tree::Txn{OpCode::SetACL, tree::SetACLTxn{path, std::move(fixed.acl), newVersion}};
}

tree::Txn RequestProcessor::prepareCheck(const ClientContext& ctx, const std::string& path, int32_t version,
                                         int64_t zxid) {
    (void)zxid;
    validate(path);
    NodeView node = view(path);
    if (!node.exists) fail(Err::NoNode);
    checkAcl(node.acl, proto::perms::kRead, ctx);
    return tree::Txn{OpCode::Check, tree::CheckVersionTxn{path, checkAndIncVersion(node.stat.version, version)}};
}

tree::Txn RequestProcessor::prepareMulti(const ClientContext& ctx, std::string_view body, int64_t zxid,
                                         int64_t time) {
    auto multi = readBody<proto::MultiRequest>(body);
    const size_t mark = outstanding_.size();
    tree::MultiTxn out;
    bool failed = false;
    for (const auto& op : multi.ops) {
        if (failed) {
            out.ops.push_back(tree::Txn{OpCode::Error, tree::ErrorTxn{Err::RuntimeInconsistency}});
            continue;
        }
        try {
            tree::Txn t;
            std::visit(
                [&](const auto& r) {
                    using R = std::decay_t<decltype(r)>;
                    if constexpr (std::is_same_v<R, proto::CreateRequest>) {
                        t = prepareCreate(ctx, op.type, r.path, r.data, r.acl, r.flags, -1, zxid, time);
                    } else if constexpr (std::is_same_v<R, proto::CreateTTLRequest>) {
                        t = prepareCreate(ctx, op.type, r.path, r.data, r.acl, r.flags, r.ttl, zxid, time);
                    } else if constexpr (std::is_same_v<R, proto::DeleteRequest>) {
                        t = prepareDelete(ctx, r.path, r.version, zxid);
                    } else if constexpr (std::is_same_v<R, proto::SetDataRequest>) {
                        t = prepareSetData(ctx, r.path, r.data, r.version, zxid, time);
                    } else if constexpr (std::is_same_v<R, proto::CheckVersionRequest>) {
                        t = prepareCheck(ctx, r.path, r.version, zxid);
                    } else {
                        // Reads belong in multiRead; ZooKeeper's multi rejects them.
                        fail(Err::BadArguments);
                    }
                },
                op.op);
            out.ops.push_back(std::move(t));
        } catch (const KeeperError& e) {
            failed = true;
            // Roll back the changes of this multi's earlier ops.
            outstanding_.resize(mark);
            // Ops before the failing one report Ok, the failing one its error,
            // later ones RuntimeInconsistency (DataTree.processTxn for multi).
            for (auto& prev : out.ops) prev = tree::Txn{OpCode::Error, tree::ErrorTxn{Err::Ok}};
            out.ops.push_back(tree::Txn{OpCode::Error, tree::ErrorTxn{e.code}});
        }
    }
    return tree::Txn{OpCode::Multi, std::move(out)};
}

// ---- finish -------------------------------------------------------------------

namespace {

proto::MultiResult multiResultOf(const tree::ApplyResult& r) {
    switch (r.type) {
    case OpCode::Check:
        return proto::MultiResult::checked();
    case OpCode::Create:
        return proto::MultiResult::create(r.path);
    case OpCode::Create2:
    case OpCode::CreateTTL:
    case OpCode::CreateContainer:
        return proto::MultiResult::create2(r.path, r.stat);
    case OpCode::Delete:
    case OpCode::DeleteContainer:
        return proto::MultiResult::deleted();
    case OpCode::SetData:
        return proto::MultiResult::setData(r.stat);
    default:
        return proto::MultiResult::error(r.err);
    }
}

}  // namespace

Reply RequestProcessor::finish(OpCode op, const tree::ApplyResult& r) const {
    Reply reply;
    if (r.type == OpCode::Error) {
        reply.err = r.err;
        return reply;
    }
    switch (op) {
    case OpCode::Multi: {
        proto::MultiResponse resp;
        for (const auto& sub : r.multi) resp.results.push_back(multiResultOf(sub));
        reply.body = proto::encode(resp);
        break;
    }
    case OpCode::Create:
        reply.err = r.err;
        if (r.err == Err::Ok) reply.body = proto::encode(proto::CreateResponse{r.path});
        break;
    case OpCode::Create2:
    case OpCode::CreateTTL:
    case OpCode::CreateContainer:
        reply.err = r.err;
        if (r.err == Err::Ok) reply.body = proto::encode(proto::Create2Response{r.path, r.stat});
        break;
    case OpCode::Delete:
    case OpCode::DeleteContainer:
        reply.err = r.err;
        break;
    case OpCode::SetData:
        reply.err = r.err;
        if (r.err == Err::Ok) reply.body = proto::encode(proto::SetDataResponse{r.stat});
        break;
    case OpCode::SetACL:
        reply.err = r.err;
        if (r.err == Err::Ok) reply.body = proto::encode(proto::SetACLResponse{r.stat});
        break;
    case OpCode::Check:
        reply.err = r.err;
        if (r.err == Err::Ok) reply.body = proto::encode(proto::SetDataResponse{r.stat});
        break;
    default:
        reply.err = r.err;
        break;
    }
    return reply;
}

// ---- reads --------------------------------------------------------------------

namespace {

proto::Stat statOf(const tree::Node& n) { return tree::clientStat(n); }

std::optional<std::string> dataOf(const tree::Node& n) {
    if (n.dataIsNull()) return std::nullopt;
    return std::string(n.data());
}

// Name order, as this server has always answered. ZooKeeper promises no
// order (it answers in HashSet order, which for short names often is name
// order), but clients act on the order given (zkCli's deleteall deletes in
// it), so it must be stable. Sorting views first keeps the copies to one pass.
std::vector<std::string> childrenOf(const tree::DataTree& t, const tree::Node& n) {
    std::vector<std::string_view> names;
    names.reserve(size_t(n.childCount()));
    t.forEachChild(n, [&](const tree::Node& c) { names.push_back(c.name()); });
    std::sort(names.begin(), names.end());
    return {names.begin(), names.end()};
}

// Java's String.hashCode over the UTF-16 units of `s` (ASCII/UTF-8 bytes
// are taken as Latin-1 units, which is exact for ASCII ids).
int32_t javaStringHash(std::string_view s) {
    uint32_t h = 0;
    for (unsigned char c : s) h = 31 * h + c;
    return int32_t(h);
}

// The order in which ZooKeeper lists a connection's ids: its authInfo is a
// set backed by a ConcurrentHashMap (16 bins for the handful of ids a
// connection holds), iterated bin by bin, each bin in insertion order; an
// Id's hash is the jute record's 37 * (37 * 17 + scheme.hashCode()) + id.hashCode().
std::vector<proto::Id> javaSetOrder(const std::vector<proto::Id>& ids) {
    auto bin = [](const proto::Id& id) {
        const uint32_t h = 37u * (37u * 17u + uint32_t(javaStringHash(id.scheme))) + uint32_t(javaStringHash(id.id));
        return (h ^ (h >> 16)) & 15u;
    };
    std::vector<proto::Id> out(ids);
    std::stable_sort(out.begin(), out.end(), [&](const proto::Id& a, const proto::Id& b) { return bin(a) < bin(b); });
    return out;
}

// The user part of an id, as AuthUtil.getUser does per provider.
std::string userOf(const proto::Id& id) {
    if (id.scheme == "digest") return id.id.substr(0, id.id.find(':'));
    return id.id;
}

}  // namespace

Reply RequestProcessor::read(const ClientContext& ctx, OpCode op, std::string_view body,
                             std::vector<tree::WatchManager::Fired>* fired) {
    Reply reply;
    try {
        switch (op) {
        case OpCode::Exists: {
            auto r = readBody<proto::ExistsRequest>(body);
            if (r.path.find('\0') != std::string::npos) fail(Err::BadArguments);
            if (r.watch) tree_.addExistsWatch(r.path, ctx.watcher);
            const tree::Node* n = tree_.find(r.path);
            if (!n) fail(Err::NoNode);
            reply.body = proto::encode(proto::ExistsResponse{statOf(*n)});
            break;
        }
        case OpCode::GetData: {
            auto r = readBody<proto::GetDataRequest>(body);
            const tree::Node* n = tree_.find(r.path);
            if (!n) fail(Err::NoNode);
            checkAcl(tree_.aclOf(*n), proto::perms::kRead, ctx);
            if (r.watch) tree_.addDataWatch(r.path, ctx.watcher);
            reply.body = proto::encode(proto::GetDataResponse{dataOf(*n), statOf(*n)});
            break;
        }
        case OpCode::GetChildren:
        case OpCode::GetChildren2: {
            auto r = readBody<proto::GetChildrenRequest>(body);  // same shape as GetChildren2Request
            const tree::Node* n = tree_.find(r.path);
            if (!n) fail(Err::NoNode);
            checkAcl(tree_.aclOf(*n), proto::perms::kRead, ctx);
            if (r.watch) tree_.addChildWatch(r.path, ctx.watcher);
            if (op == OpCode::GetChildren) reply.body = proto::encode(proto::GetChildrenResponse{childrenOf(tree_, *n)});
            else reply.body = proto::encode(proto::GetChildren2Response{childrenOf(tree_, *n), statOf(*n)});
            break;
        }
        case OpCode::GetAllChildrenNumber: {
            auto r = readBody<proto::GetAllChildrenNumberRequest>(body);
            const tree::Node* n = tree_.find(r.path);
            if (!n) fail(Err::NoNode);
            checkAcl(tree_.aclOf(*n), proto::perms::kRead, ctx);
            reply.body = proto::encode(proto::GetAllChildrenNumberResponse{tree_.allChildrenNumber(r.path)});
            break;
        }
        case OpCode::GetACL: {
            auto r = readBody<proto::GetACLRequest>(body);
            const tree::Node* n = tree_.find(r.path);
            if (!n) fail(Err::NoNode);
            checkAcl(tree_.aclOf(*n), proto::perms::kRead | proto::perms::kAdmin, ctx);
            proto::ACLList acl = *tree_.aclOf(*n);
            static const proto::ACLList kEmpty;
            if (!tree::checkPermission(*tree_.aclOf(*n), proto::perms::kAdmin, ctx.authIds,
                                       config_.superDigest)) {
                // Without ADMIN the digest hashes are masked (ZOOKEEPER-1392).
                for (auto& a : acl) {
                    if (a.id.scheme == "digest") a.id.id = a.id.id.substr(0, a.id.id.find(':')) + ":x";
                }
            }
            reply.body = proto::encode(proto::GetACLResponse{std::move(acl), statOf(*n)});
            break;
        }
        case OpCode::GetEphemerals: {
            auto r = readBody<proto::GetEphemeralsRequest>(body);
            auto all = tree_.ephemeralsOf(ctx.sessionId);
            std::string prefix = r.prefixPath;
            prefix.erase(0, prefix.find_first_not_of(" \t\r\n"));
            prefix.erase(prefix.find_last_not_of(" \t\r\n") + 1);
            proto::GetEphemeralsResponse resp;
            for (auto& p : all) {
                if (prefix.empty() || prefix == "/" || p.rfind(r.prefixPath, 0) == 0) resp.ephemerals.push_back(p);
            }
            reply.body = proto::encode(resp);
            break;
        }
        case OpCode::AddWatch: {
            auto r = readBody<proto::AddWatchRequest>(body);
            if (r.mode == int32_t(proto::AddWatchMode::Persistent)) {
                tree_.watches().add(r.path, ctx.watcher, tree::WatchKind::Persistent);
            } else if (r.mode == int32_t(proto::AddWatchMode::PersistentRecursive)) {
                tree_.watches().add(r.path, ctx.watcher, tree::WatchKind::PersistentRecursive);
            } else {
                // WatcherMode.fromZooDef throws IllegalArgumentException, which
                // FinalRequestProcessor reports as a marshalling error.
                fail(Err::MarshallingError);
            }
            reply.body = proto::encode(proto::ErrorResponse{Err::Ok});
            break;
        }
        case OpCode::CheckWatches:
        case OpCode::RemoveWatches: {
            auto r = readBody<proto::CheckWatchesRequest>(body);  // same shape as RemoveWatchesRequest
            if (r.type < 1 || r.type > 3) fail(Err::BadArguments);
            const auto type = proto::WatcherType(r.type);
            const bool ok = op == OpCode::CheckWatches ? tree_.watches().contains(r.path, ctx.watcher, type)
                                                       : tree_.watches().remove(r.path, ctx.watcher, type);
            if (!ok) fail(Err::NoWatcher);
            break;
        }
        case OpCode::SetWatches:
        case OpCode::SetWatches2: {
            proto::SetWatches2 w;
            if (op == OpCode::SetWatches) {
                auto v1 = readBody<proto::SetWatches>(body);
                w.relativeZxid = v1.relativeZxid;
                w.dataWatches = std::move(v1.dataWatches);
                w.existWatches = std::move(v1.existWatches);
                w.childWatches = std::move(v1.childWatches);
            } else {
                w = readBody<proto::SetWatches2>(body);
            }
            // DataTree.setWatches: events the client missed while away are
            // delivered now; the rest are re-registered.
            auto owe = [&](proto::EventType t, const std::string& p) {
                if (fired) fired->push_back({ctx.watcher, t, p});
            };
            for (const auto& p : w.dataWatches) {
                const tree::Node* n = tree_.find(p);
                if (!n) owe(proto::EventType::NodeDeleted, p);
                else if (n->stat().mzxid > w.relativeZxid) owe(proto::EventType::NodeDataChanged, p);
                else tree_.addDataWatch(p, ctx.watcher);
            }
            for (const auto& p : w.existWatches) {
                if (tree_.find(p)) owe(proto::EventType::NodeCreated, p);
                else tree_.addExistsWatch(p, ctx.watcher);
            }
            for (const auto& p : w.childWatches) {
                const tree::Node* n = tree_.find(p);
                if (!n) owe(proto::EventType::NodeDeleted, p);
                else if (n->stat().pzxid > w.relativeZxid) owe(proto::EventType::NodeChildrenChanged, p);
                else tree_.addChildWatch(p, ctx.watcher);
            }
            for (const auto& p : w.persistentWatches) tree_.watches().add(p, ctx.watcher, tree::WatchKind::Persistent);
            for (const auto& p : w.persistentRecursiveWatches) {
                tree_.watches().add(p, ctx.watcher, tree::WatchKind::PersistentRecursive);
            }
            break;
        }
        case OpCode::Sync: {
            // Standalone: every write before this request is already applied.
            auto r = readBody<proto::SyncRequest>(body);
            reply.body = proto::encode(proto::SyncResponse{r.path});
            break;
        }
        case OpCode::WhoAmI: {
            proto::WhoAmIResponse resp;
            for (const auto& id : javaSetOrder(ctx.authIds)) resp.clientInfo.push_back({id.scheme, userOf(id)});
            reply.body = proto::encode(resp);
            break;
        }
        case OpCode::MultiRead: {
            auto m = readBody<proto::MultiRequest>(body);
            proto::MultiResponse resp;
            for (const auto& op2 : m.ops) {
                const std::string* path = nullptr;
                if (auto* g = std::get_if<proto::GetChildrenRequest>(&op2.op)) path = &g->path;
                else if (auto* d = std::get_if<proto::GetDataRequest>(&op2.op)) path = &d->path;
                else fail(Err::MarshallingError);
                const tree::Node* n = tree_.find(*path);
                if (!n) {
                    resp.results.push_back(proto::MultiResult::error(Err::NoNode));
                    continue;
                }
                static const proto::ACLList kEmpty;
                if (!tree::checkPermission(*tree_.aclOf(*n), proto::perms::kRead, ctx.authIds,
                                           config_.superDigest)) {
                    resp.results.push_back(proto::MultiResult::error(Err::NoAuth));
                    continue;
                }
                if (op2.type == OpCode::GetChildren) resp.results.push_back(proto::MultiResult::getChildren(childrenOf(tree_, *n)));
                else resp.results.push_back(proto::MultiResult::getData(dataOf(*n), statOf(*n)));
            }
            reply.body = proto::encode(resp);
            break;
        }
        default:
            fail(Err::Unimplemented);
        }
    } catch (const KeeperError& e) {
        reply.err = e.code;
        reply.body.clear();
    } catch (const proto::DecodeError& e) {
        spdlog::warn("session 0x{:x}: malformed read {}: {}", ctx.sessionId, int(op), e.what());
        reply.err = Err::MarshallingError;
        reply.body.clear();
    }
    return reply;
}

}  // namespace zooscope::server
