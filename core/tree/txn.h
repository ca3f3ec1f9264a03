// Transactions: what the prepare step produces and the apply step consumes.
//
// A Txn is the whole, already-validated effect of one client write (or of a
// session event). Applying the same Txn sequence to two empty trees gives two
// identical trees: everything non-deterministic (zxid, time, sequential names,
// parent cversions, session ids) is decided in prepare and carried here. This is
// the unit the log stores and the quorum replicates. Mirrors ZooKeeper's txn
// records in zookeeper.jute (CreateTxn, DeleteTxn, ... MultiTxn).
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "zooscope/protocol.h"

namespace zooscope::tree {

// Encoding of ephemeralOwner for extended node types: zooscope/protocol.h.
namespace ephemeral = proto::ephemeral;

struct TxnHeader {
    int64_t clientId = 0;  // session id
    int32_t cxid = 0;      // client's xid
    int64_t zxid = 0;
    int64_t time = 0;      // wall clock, ms
    proto::OpCode type = proto::OpCode::Error;
};

struct CreateTxn {
    std::string path;
    std::string data;
    proto::ACLList acl;
    int64_t ephemeralOwner = 0;  // 0, a session id, or an extended owner (container/TTL)
    int32_t parentCVersion = 0;  // stored cversion: counts creations only
    bool dataIsNull = false;
};
struct DeleteTxn { std::string path; };
struct SetDataTxn { std::string path; std::string data; int32_t version = 0; bool dataIsNull = false; };
struct SetACLTxn { std::string path; proto::ACLList acl; int32_t version = 0; };
struct CheckVersionTxn { std::string path; int32_t version = 0; };
struct CreateSessionTxn { int32_t timeoutMs = 0; };
struct CloseSessionTxn { std::vector<std::string> paths; };
struct ErrorTxn { proto::Err err = proto::Err::Ok; };

struct Txn;
struct MultiTxn { std::vector<Txn> ops; };

// `type` says which record `body` holds and also what the client asked for
// (create vs create2 vs createContainer vs createTTL all carry a CreateTxn).
struct Txn {
    proto::OpCode type = proto::OpCode::Error;
    std::variant<CreateTxn, DeleteTxn, SetDataTxn, SetACLTxn, CheckVersionTxn,
                 CreateSessionTxn, CloseSessionTxn, ErrorTxn, MultiTxn> body;
};

}  // namespace zooscope::tree
