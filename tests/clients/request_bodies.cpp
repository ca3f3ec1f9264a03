#include "request_bodies.h"

#include "proto/multi.h"
#include "proto/records.h"

namespace zooscope::testing {

namespace proto = zooscope::proto;
using proto::OpCode;

std::optional<std::string> wellFormedBody(int32_t op, const std::string& root, const std::string& tag) {
    const std::string node = root + "/" + tag;
    const auto create = [&](int32_t flags) {
        return proto::encode(proto::CreateRequest{node, std::string("d"), proto::openAclUnsafe(), flags});
    };
    switch (OpCode(op)) {
    case OpCode::Create:
    case OpCode::Create2: return create(1);          // ephemeral: gone with the session
    case OpCode::CreateContainer: return create(4);  // container
    case OpCode::CreateTTL:
        return proto::encode(proto::CreateTTLRequest{node, std::string("d"), proto::openAclUnsafe(), 5, 60000});
    case OpCode::Delete:
    case OpCode::DeleteContainer: return proto::encode(proto::DeleteRequest{node, -1});
    case OpCode::Exists: return proto::encode(proto::ExistsRequest{root, true});
    case OpCode::GetData: return proto::encode(proto::GetDataRequest{root, true});
    case OpCode::SetData: return proto::encode(proto::SetDataRequest{node, std::string("v"), -1});
    case OpCode::GetACL: return proto::encode(proto::GetACLRequest{root});
    case OpCode::SetACL: return proto::encode(proto::SetACLRequest{node, proto::openAclUnsafe(), -1});
    case OpCode::GetChildren: return proto::encode(proto::GetChildrenRequest{root, true});
    case OpCode::GetChildren2: return proto::encode(proto::GetChildren2Request{root, true});
    case OpCode::Sync: return proto::encode(proto::SyncRequest{root});
    case OpCode::Check: return proto::encode(proto::CheckVersionRequest{root, -1});
    case OpCode::Multi: {
        proto::MultiRequest m;
        m.ops.push_back({OpCode::Check, proto::CheckVersionRequest{root, -1}});
        m.ops.push_back({OpCode::Create, proto::CreateRequest{node, std::string("m"), proto::openAclUnsafe(), 1}});
        return proto::encode(m);
    }
    case OpCode::MultiRead: {
        proto::MultiRequest m;
        m.ops.push_back({OpCode::GetData, proto::GetDataRequest{root, false}});
        m.ops.push_back({OpCode::GetChildren, proto::GetChildrenRequest{node, false}});
        return proto::encode(m);
    }
    case OpCode::Reconfig: return proto::encode(proto::ReconfigRequest{"", "", "", -1});
    case OpCode::CheckWatches: return proto::encode(proto::CheckWatchesRequest{root, 1});
    case OpCode::RemoveWatches: return proto::encode(proto::RemoveWatchesRequest{root, 3});
    case OpCode::Auth: return proto::encode(proto::AuthPacket{0, "digest", "sweep:secret"});
    case OpCode::SetWatches: return proto::encode(proto::SetWatches{0, {root}, {node}, {root}});
    case OpCode::Sasl: return proto::encode(proto::GetSASLRequest{""});
    case OpCode::GetEphemerals: return proto::encode(proto::GetEphemeralsRequest{root});
    case OpCode::GetAllChildrenNumber: return proto::encode(proto::GetAllChildrenNumberRequest{root});
    case OpCode::SetWatches2: return proto::encode(proto::SetWatches2{0, {root}, {node}, {root}, {node}, {root}});
    case OpCode::AddWatch: return proto::encode(proto::AddWatchRequest{root, 1});
    default: return std::nullopt;
    }
}

}  // namespace zooscope::testing
