#include "tst_storage_workload.h"

#include "storage/tree_dump.h"

#include <algorithm>

using namespace zooscope;
using proto::OpCode;

namespace zstest {

std::string Workload::randomExisting(bool leafOnly) {
    // Walk down from the root, stopping at a random depth.
    std::string path = "/";
    for (int depth = 0; depth < 6; ++depth) {
        const tree::Node* n = tree_.find(path);
        std::vector<std::string> kids;
        // Name order, so a seed picks the same nodes whatever order the tree keeps.
        std::vector<std::string> names = tree_.childNames(*n);
        std::sort(names.begin(), names.end());
        for (const auto& c : names) {
            std::string p = path == "/" ? "/" + c : path + "/" + c;
            if (p.rfind("/zookeeper", 0) == 0) continue;
            kids.push_back(p);
        }
        if (kids.empty()) break;
        if (!leafOnly && path != "/" && rng_() % 3 == 0) break;
        path = kids[rng_() % kids.size()];
    }
    if (leafOnly && tree_.find(path)->childCount() != 0) return {};
    return path == "/" ? std::string() : path;
}

std::string Workload::randomData(bool* isNull) {
    *isNull = rng_() % 8 == 0;
    if (*isNull) return {};
    std::string d(rng_() % 40, '\0');
    for (auto& c : d) c = char(rng_());
    return d;
}

Entry Workload::finish(OpCode type, tree::Txn txn, int64_t clientId) {
    Entry e;
    e.header.clientId = clientId;
    e.header.cxid = int32_t(nextZxid_);
    e.header.zxid = nextZxid_++;
    e.header.time = 1700000000000 + e.header.zxid * 7;
    e.header.type = type;
    txn.type = type;
    e.txn = std::move(txn);
    tree_.apply(e.header, e.txn);
    if (type == OpCode::CreateSession) sessions_[clientId] = std::get<tree::CreateSessionTxn>(e.txn.body).timeoutMs;
    if (type == OpCode::CloseSession) sessions_.erase(clientId);
    return e;
}

Entry Workload::next() {
    const auto acls = std::vector<proto::ACLList>{proto::openAclUnsafe(), proto::readAclUnsafe(),
                                                  {{proto::perms::kAll, {"digest", "u:hash"}}}};
    auto makeCreate = [&](const std::string& parent) {
        tree::CreateTxn c;
        c.path = (parent.empty() ? "" : parent) + "/n" + std::to_string(nextName_++);
        c.data = randomData(&c.dataIsNull);
        c.acl = acls[rng_() % acls.size()];
        const tree::Node* p = tree_.find(parent.empty() ? "/" : parent);
        c.parentCVersion = p->stat().cversion + 1;
        const int kind = int(rng_() % 10);
        if (kind == 0 && !sessions_.empty()) {
            auto it = sessions_.begin();
            std::advance(it, rng_() % sessions_.size());
            c.ephemeralOwner = it->first;
        } else if (kind == 1) {
            c.ephemeralOwner = tree::ephemeral::kContainerOwner;
        } else if (kind == 2) {
            c.ephemeralOwner = tree::ephemeral::ttlOwner(1000);
        }
        return c;
    };
    for (;;) {
        const int op = int(rng_() % 100);
        if (op < 35) {
            std::string parent = randomExisting(false);
            const tree::Node* p = tree_.find(parent.empty() ? "/" : parent);
            if (p->stat().ephemeralOwner != 0 && !tree::ephemeral::isContainer(p->stat().ephemeralOwner) &&
                !tree::ephemeral::isTtl(p->stat().ephemeralOwner))
                continue;  // ephemerals have no children
            tree::CreateTxn c = makeCreate(parent);
            const OpCode type = tree::ephemeral::isContainer(c.ephemeralOwner) ? OpCode::CreateContainer
                                : tree::ephemeral::isTtl(c.ephemeralOwner)     ? OpCode::CreateTTL
                                                                               : OpCode::Create2;
            return finish(type, tree::Txn{type, std::move(c)});
        }
        if (op < 50) {
            std::string path = randomExisting(true);
            if (path.empty()) continue;
            return finish(OpCode::Delete, tree::Txn{OpCode::Delete, tree::DeleteTxn{path}});
        }
        if (op < 75) {
            std::string path = randomExisting(false);
            if (path.empty()) continue;
            tree::SetDataTxn s;
            s.path = path;
            s.data = randomData(&s.dataIsNull);
            s.version = tree_.find(path)->stat().version + 1;
            return finish(OpCode::SetData, tree::Txn{OpCode::SetData, std::move(s)});
        }
        if (op < 80) {
            std::string path = randomExisting(false);
            if (path.empty()) continue;
            tree::SetACLTxn s{path, acls[rng_() % acls.size()], tree_.find(path)->stat().aversion + 1};
            return finish(OpCode::SetACL, tree::Txn{OpCode::SetACL, std::move(s)});
        }
        if (op < 86) {
            const int64_t id = nextSession_++;
            return finish(OpCode::CreateSession,
                          tree::Txn{OpCode::CreateSession, tree::CreateSessionTxn{int32_t(4000 + rng_() % 1000)}}, id);
        }
        if (op < 90) {
            if (sessions_.empty()) continue;
            auto it = sessions_.begin();
            std::advance(it, rng_() % sessions_.size());
            const int64_t id = it->first;
            return finish(OpCode::CloseSession,
                          tree::Txn{OpCode::CloseSession, tree::CloseSessionTxn{tree_.ephemeralsOf(id)}}, id);
        }
        if (op < 97) {
            // A multi: create a node and set it, plus a check.
            std::string parent = randomExisting(false);
            const tree::Node* p = tree_.find(parent.empty() ? "/" : parent);
            if (p->stat().ephemeralOwner != 0) continue;
            tree::CreateTxn c = makeCreate(parent);
            c.ephemeralOwner = 0;
            tree::SetDataTxn s{c.path, "multi", 1, false};
            tree::MultiTxn m;
            m.ops.push_back(tree::Txn{OpCode::Create, c});
            m.ops.push_back(tree::Txn{OpCode::SetData, s});
            m.ops.push_back(tree::Txn{OpCode::Check, tree::CheckVersionTxn{c.path, 1}});
            return finish(OpCode::Multi, tree::Txn{OpCode::Multi, std::move(m)});
        }
        return finish(OpCode::Error, tree::Txn{OpCode::Error, tree::ErrorTxn{proto::Err::NoNode}});
    }
}

void Workload::resetTo(const std::vector<Entry>& kept) {
    tree_ = tree::DataTree();
    sessions_.clear();
    nextZxid_ = 1;
    for (const auto& e : kept) {
        tree_.apply(e.header, e.txn);
        if (e.header.type == OpCode::CreateSession)
            sessions_[e.header.clientId] = std::get<tree::CreateSessionTxn>(e.txn.body).timeoutMs;
        if (e.header.type == OpCode::CloseSession) sessions_.erase(e.header.clientId);
        nextZxid_ = e.header.zxid + 1;
    }
}

std::string dumpPrefix(const std::vector<Entry>& entries, size_t n) {
    tree::DataTree t;
    for (size_t i = 0; i < n; ++i) t.apply(entries[i].header, entries[i].txn);
    return storage::dumpTree(t);
}

}  // namespace zstest
