// RequestProcessor: the engine's request pipeline minus the sockets, split as
// ZooKeeper's is.
//
//   prepare()  validates a write (paths, versions, ACLs, modes) against the
//              tree plus the changes still in flight, and turns it into a Txn
//              with a zxid (PrepRequestProcessor). A failed write becomes an
//              ErrorTxn; it still takes a zxid, as in ZooKeeper.
//   DataTree::apply()  applies the Txn (the quorum will sit before this).
//   finish()   turns the apply result into the client's reply body
//              (FinalRequestProcessor's write half).
//   read()     answers reads and watch-management requests from the tree
//              (FinalRequestProcessor's read half).
//
// Single-threaded: runs on the server's network thread with the tree.
// Errors: nothing here throws for bad client input; malformed bodies become
// MarshallingError replies.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/protocol.h"
#include "tree/data_tree.h"
#include "tree/txn.h"
#include "zooscope/config.h"

namespace zooscope::server {

// What a request is judged by: facts about the connection it came on.
struct ClientContext {
    int64_t sessionId = 0;
    tree::WatcherId watcher = 0;
    std::vector<proto::Id> authIds;  // always holds ip:<address>, then authenticated ids
};

struct Reply {
    proto::Err err = proto::Err::Ok;
    std::string body;  // encoded response record; empty when the reply has none
};

// A prepared write, ready for the tree.
struct Prepared {
    tree::TxnHeader header;
    tree::Txn txn;
};

class RequestProcessor {
public:
    RequestProcessor(tree::DataTree& tree, const ServerConfig& config);

    // Requests that go through prepare/apply (they change the tree or the
    // session table, or must be ordered with writes: sync).
    static bool isWrite(proto::OpCode op);
    // Opcodes this server understands at all; others get Unimplemented and
    // the connection is closed, as ZooKeeper's UnimplementedRequestProcessor does.
    static bool isKnown(proto::OpCode op);

    // Write path, step 1. `zxid` and `time` come from the caller (the leader
    // in an ensemble). Never throws.
    Prepared prepare(const ClientContext& ctx, int32_t cxid, proto::OpCode op, std::string_view body,
                     int64_t zxid, int64_t time);

    // Session transactions.
    Prepared prepareCreateSession(int64_t sessionId, int32_t timeoutMs, int64_t zxid, int64_t time);
    Prepared prepareCloseSession(int64_t sessionId, int64_t zxid, int64_t time);

    // Forget in-flight changes up to and including `zxid` (they are in the
    // tree now).
    void applied(int64_t zxid);

    // Write path, step 3: the reply for an applied write.
    Reply finish(proto::OpCode op, const tree::ApplyResult& result) const;

    // Reads and watch requests. Registers watches for ctx.watcher.
    // `fired` receives events owed right away (setWatches on changed nodes).
    Reply read(const ClientContext& ctx, proto::OpCode op, std::string_view body,
               std::vector<tree::WatchManager::Fired>* fired);

private:
    // A node as prepare sees it: the tree plus in-flight changes
    // (ZooKeeper's ChangeRecord). `exists == false` marks a pending delete.
    struct NodeView {
        bool exists = false;
        proto::Stat stat;
        int32_t childCount = 0;
        tree::AclRef acl;
    };
    struct Change {
        int64_t zxid;
        std::string path;
        NodeView view;
    };

    NodeView view(const std::string& path) const;
    void addChange(int64_t zxid, const std::string& path, NodeView v);

    // One op of a write; throws KeeperError (internal) on failure.
    tree::Txn prepareOp(const ClientContext& ctx, proto::OpCode op, std::string_view body, int64_t zxid,
                        int64_t time);
    tree::Txn prepareCreate(const ClientContext& ctx, proto::OpCode op, std::string path, std::optional<std::string> data,
                            const proto::ACLList& acl, int32_t flags, int64_t ttl, int64_t zxid, int64_t time);
    tree::Txn prepareDelete(const ClientContext& ctx, const std::string& path, int32_t version, int64_t zxid);
    tree::Txn prepareDeleteContainer(const std::string& path, int64_t zxid);
    tree::Txn prepareSetData(const ClientContext& ctx, const std::string& path, std::optional<std::string> data,
                             int32_t version, int64_t zxid, int64_t time);
    tree::Txn prepareSetAcl(const ClientContext& ctx, const std::string& path, const proto::ACLList& acl,
                            int32_t version, int64_t zxid);
    tree::Txn prepareCheck(const ClientContext& ctx, const std::string& path, int32_t version, int64_t zxid);
    tree::Txn prepareMulti(const ClientContext& ctx, std::string_view body, int64_t zxid, int64_t time);

    void checkAcl(const tree::AclRef& acl, int32_t perm, const ClientContext& ctx) const;

    tree::DataTree& tree_;
    const ServerConfig& config_;
    std::deque<Change> outstanding_;
};

}  // namespace zooscope::server
