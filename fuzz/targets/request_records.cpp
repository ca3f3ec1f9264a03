// The client protocol's jute records (proto/records.h, proto/multi.h) as the
// server reads them out of a frame, and every other record of the codec.
//
// Input: byte 0 says what the rest is:
//   0    the payload of a connection's first frame: a ConnectRequest;
//   1    the payload of a later frame: a RequestHeader, then the body of the
//        request its opcode names (multi and multiRead with their ops), read
//        as the server reads it - trailing bytes ignored, as in ZooKeeper;
//   2..  one record of any type (the (byte - 2)th of the codec's list,
//        modulo its length), which must use all of the bytes.
// Seeds: frames kazoo, zkCli.sh, Curator and the C client sent the engine.
// Whatever decodes must re-encode to bytes that decode to the same value and
// re-encode to themselves (a decode forgets only null versus empty, booleans
// other than 0/1 and trailing bytes).
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "proto/multi.h"
#include "proto/records.h"

namespace proto = zooscope::proto;
using proto::OpCode;
using zooscope::fuzz::bytesOf;

namespace {

template <class T>
void reencode(const T& v) {
    const std::string once = proto::encode(v);
    const T again = proto::decode<T>(once);
    ZS_FUZZ_CHECK(again == v);
    ZS_FUZZ_CHECK(proto::encode(again) == once);
}

// The server's way: read from the front, ignore what is left.
template <class T>
void asServerReads(std::string_view bytes) {
    proto::InputArchive in(bytes);
    T v{};
    try {
        proto::read(in, v);
    } catch (const proto::DecodeError&) {
        return;
    }
    reencode(v);
}

template <class T>
void exactly(std::string_view bytes) {
    T v{};
    try {
        v = proto::decode<T>(bytes);
    } catch (const proto::DecodeError&) {
        return;
    }
    reencode(v);
}

void request(std::string_view frame) {
    proto::InputArchive in(frame);
    proto::RequestHeader h;
    try {
        proto::read(in, h);
    } catch (const proto::DecodeError&) {
        return;
    }
    const std::string_view body = frame.substr(in.position());
    switch (h.type) {
    case OpCode::Create:
    case OpCode::Create2:
    case OpCode::CreateContainer: return asServerReads<proto::CreateRequest>(body);
    case OpCode::CreateTTL: return asServerReads<proto::CreateTTLRequest>(body);
    case OpCode::Delete:
    case OpCode::DeleteContainer: return asServerReads<proto::DeleteRequest>(body);
    case OpCode::Exists: return asServerReads<proto::ExistsRequest>(body);
    case OpCode::GetData: return asServerReads<proto::GetDataRequest>(body);
    case OpCode::SetData: return asServerReads<proto::SetDataRequest>(body);
    case OpCode::GetACL: return asServerReads<proto::GetACLRequest>(body);
    case OpCode::SetACL: return asServerReads<proto::SetACLRequest>(body);
    case OpCode::GetChildren: return asServerReads<proto::GetChildrenRequest>(body);
    case OpCode::GetChildren2: return asServerReads<proto::GetChildren2Request>(body);
    case OpCode::Sync: return asServerReads<proto::SyncRequest>(body);
    case OpCode::Check: return asServerReads<proto::CheckVersionRequest>(body);
    case OpCode::Multi:
    case OpCode::MultiRead: return asServerReads<proto::MultiRequest>(body);
    case OpCode::Reconfig: return asServerReads<proto::ReconfigRequest>(body);
    case OpCode::CheckWatches: return asServerReads<proto::CheckWatchesRequest>(body);
    case OpCode::RemoveWatches: return asServerReads<proto::RemoveWatchesRequest>(body);
    case OpCode::Auth: return asServerReads<proto::AuthPacket>(body);
    case OpCode::SetWatches: return asServerReads<proto::SetWatches>(body);
    case OpCode::Sasl: return asServerReads<proto::GetSASLRequest>(body);
    case OpCode::GetEphemerals: return asServerReads<proto::GetEphemeralsRequest>(body);
    case OpCode::GetAllChildrenNumber: return asServerReads<proto::GetAllChildrenNumberRequest>(body);
    case OpCode::SetWatches2: return asServerReads<proto::SetWatches2>(body);
    case OpCode::AddWatch: return asServerReads<proto::AddWatchRequest>(body);
    default: return;  // no body (ping, whoAmI, closeSession), or not a request
    }
}

using Reader = void (*)(std::string_view);

#define ZS_EXACTLY(T) &exactly<proto::T>,
constexpr Reader kRecords[] = {ZOOSCOPE_PROTO_RECORDS(ZS_EXACTLY) & exactly<proto::MultiRequest>,
                               &exactly<proto::MultiResponse>};
#undef ZS_EXACTLY

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const std::string_view rest = bytesOf(data + 1, size - 1);
    switch (data[0]) {
    case 0: asServerReads<proto::ConnectRequest>(rest); break;
    case 1: request(rest); break;
    default: kRecords[size_t(data[0] - 2) % std::size(kRecords)](rest); break;
    }
    return 0;
}
