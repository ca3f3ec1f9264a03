// The client-facing records of ZooKeeper 3.8's zookeeper.jute
// (modules org.apache.zookeeper.data and org.apache.zookeeper.proto), with the
// jute field names and field order. Id, ACL and Stat live in zooscope/protocol.h.
//
// Mapping of jute types: int -> int32_t (or the enum from protocol.h where the
// field carries an opcode, error, event type or keeper state; any int32 value
// round-trips through those enums), long -> int64_t, boolean -> bool,
// ustring and buffer -> std::string (same wire form; null decodes as empty)
// except the znode data fields, std::optional<std::string> (null stays null),
// vector<T> -> std::vector<T> (null decodes as empty).
//
// Not covered here: the quorum, persistence and txn modules (server-internal),
// and Multi, which is not a jute record (see proto/multi.h).
//
// Contract: plain values, pure functions, no I/O. write() never fails except
// for a buffer longer than INT32_MAX (std::length_error); read() throws
// DecodeError on any malformed input and never allocates more than the input
// size. Thread-safe as far as the archives passed in are not shared.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proto/archive.h"
#include "zooscope/protocol.h"

namespace zooscope::proto {

// ---- org.apache.zookeeper.data ------------------------------------------

struct ClientInfo {
    std::string authScheme;
    std::string user;
    friend bool operator==(const ClientInfo&, const ClientInfo&) = default;
};

// ---- org.apache.zookeeper.proto: session ---------------------------------

// The jute record ends at passwd. Since 3.3 clients append a boolean
// "readOnly" after it; ZooKeeperServer.processConnectRequest reads it inside a
// try/catch and, when it is missing, marks the connection as an "old client"
// and omits readOnly from the ConnectResponse too. hasReadOnly records whether
// the field was on the wire; write() emits it only when hasReadOnly is true.
struct ConnectRequest {
    int32_t protocolVersion = 0;
    int64_t lastZxidSeen = 0;
    int32_t timeOut = 0;
    int64_t sessionId = 0;
    std::string passwd;
    bool readOnly = false;
    bool hasReadOnly = true;
    friend bool operator==(const ConnectRequest&, const ConnectRequest&) = default;
};

// Same optional trailing readOnly as ConnectRequest (the Java client's
// ClientCnxnSocket.readConnectResult reads it in a try/catch too). The server
// answers with the shape the client used.
struct ConnectResponse {
    int32_t protocolVersion = 0;
    int32_t timeOut = 0;
    int64_t sessionId = 0;
    std::string passwd;
    bool readOnly = false;
    bool hasReadOnly = true;
    friend bool operator==(const ConnectResponse&, const ConnectResponse&) = default;
};

struct SetWatches {
    int64_t relativeZxid = 0;
    std::vector<std::string> dataWatches;
    std::vector<std::string> existWatches;
    std::vector<std::string> childWatches;
    friend bool operator==(const SetWatches&, const SetWatches&) = default;
};

struct SetWatches2 {
    int64_t relativeZxid = 0;
    std::vector<std::string> dataWatches;
    std::vector<std::string> existWatches;
    std::vector<std::string> childWatches;
    std::vector<std::string> persistentWatches;
    std::vector<std::string> persistentRecursiveWatches;
    friend bool operator==(const SetWatches2&, const SetWatches2&) = default;
};

struct RequestHeader {
    int32_t xid = 0;
    OpCode type = OpCode::Notification;
    friend bool operator==(const RequestHeader&, const RequestHeader&) = default;
};

struct MultiHeader {
    OpCode type = OpCode::Error;
    bool done = false;
    Err err = Err::Ok;
    friend bool operator==(const MultiHeader&, const MultiHeader&) = default;
};

struct AuthPacket {
    int32_t type = 0;
    std::string scheme;
    std::string auth;
    friend bool operator==(const AuthPacket&, const AuthPacket&) = default;
};

struct ReplyHeader {
    int32_t xid = 0;
    int64_t zxid = 0;
    Err err = Err::Ok;
    friend bool operator==(const ReplyHeader&, const ReplyHeader&) = default;
};

struct WatcherEvent {
    EventType type = EventType::None;
    KeeperState state = KeeperState::Disconnected;
    std::string path;
    friend bool operator==(const WatcherEvent&, const WatcherEvent&) = default;
};

struct ErrorResponse {
    Err err = Err::Ok;
    friend bool operator==(const ErrorResponse&, const ErrorResponse&) = default;
};

struct GetSASLRequest {
    std::string token;
    friend bool operator==(const GetSASLRequest&, const GetSASLRequest&) = default;
};

struct SetSASLRequest {
    std::string token;
    friend bool operator==(const SetSASLRequest&, const SetSASLRequest&) = default;
};

struct SetSASLResponse {
    std::string token;
    friend bool operator==(const SetSASLResponse&, const SetSASLResponse&) = default;
};

// ---- org.apache.zookeeper.proto: requests --------------------------------

struct CreateRequest {
    std::string path;
    std::optional<std::string> data;  // nullopt: a null buffer on the wire
    std::vector<ACL> acl;
    int32_t flags = 0;  // CreateMode value, validated by the server
    friend bool operator==(const CreateRequest&, const CreateRequest&) = default;
};

struct CreateTTLRequest {
    std::string path;
    std::optional<std::string> data;  // nullopt: a null buffer on the wire
    std::vector<ACL> acl;
    int32_t flags = 0;
    int64_t ttl = 0;
    friend bool operator==(const CreateTTLRequest&, const CreateTTLRequest&) = default;
};

struct DeleteRequest {
    std::string path;
    int32_t version = -1;
    friend bool operator==(const DeleteRequest&, const DeleteRequest&) = default;
};

struct ExistsRequest {
    std::string path;
    bool watch = false;
    friend bool operator==(const ExistsRequest&, const ExistsRequest&) = default;
};

struct GetDataRequest {
    std::string path;
    bool watch = false;
    friend bool operator==(const GetDataRequest&, const GetDataRequest&) = default;
};

struct SetDataRequest {
    std::string path;
    std::optional<std::string> data;  // nullopt: a null buffer on the wire
    int32_t version = -1;
    friend bool operator==(const SetDataRequest&, const SetDataRequest&) = default;
};

struct GetACLRequest {
    std::string path;
    friend bool operator==(const GetACLRequest&, const GetACLRequest&) = default;
};

struct SetACLRequest {
    std::string path;
    std::vector<ACL> acl;
    int32_t version = -1;
    friend bool operator==(const SetACLRequest&, const SetACLRequest&) = default;
};

struct GetChildrenRequest {
    std::string path;
    bool watch = false;
    friend bool operator==(const GetChildrenRequest&, const GetChildrenRequest&) = default;
};

struct GetChildren2Request {
    std::string path;
    bool watch = false;
    friend bool operator==(const GetChildren2Request&, const GetChildren2Request&) = default;
};

struct GetAllChildrenNumberRequest {
    std::string path;
    friend bool operator==(const GetAllChildrenNumberRequest&, const GetAllChildrenNumberRequest&) = default;
};

struct SyncRequest {
    std::string path;
    friend bool operator==(const SyncRequest&, const SyncRequest&) = default;
};

struct CheckVersionRequest {
    std::string path;
    int32_t version = -1;
    friend bool operator==(const CheckVersionRequest&, const CheckVersionRequest&) = default;
};

struct ReconfigRequest {
    std::string joiningServers;
    std::string leavingServers;
    std::string newMembers;
    int64_t curConfigId = -1;
    friend bool operator==(const ReconfigRequest&, const ReconfigRequest&) = default;
};

struct AddWatchRequest {
    std::string path;
    int32_t mode = 0;  // AddWatchMode value, validated by the server
    friend bool operator==(const AddWatchRequest&, const AddWatchRequest&) = default;
};

struct CheckWatchesRequest {
    std::string path;
    int32_t type = 0;  // WatcherType value
    friend bool operator==(const CheckWatchesRequest&, const CheckWatchesRequest&) = default;
};

struct RemoveWatchesRequest {
    std::string path;
    int32_t type = 0;  // WatcherType value
    friend bool operator==(const RemoveWatchesRequest&, const RemoveWatchesRequest&) = default;
};

struct GetEphemeralsRequest {
    std::string prefixPath;
    friend bool operator==(const GetEphemeralsRequest&, const GetEphemeralsRequest&) = default;
};

// Deprecated in ZooKeeper (no opcode reaches them in 3.8); kept for completeness.
struct GetMaxChildrenRequest {
    std::string path;
    friend bool operator==(const GetMaxChildrenRequest&, const GetMaxChildrenRequest&) = default;
};

struct SetMaxChildrenRequest {
    std::string path;
    int32_t max = 0;
    friend bool operator==(const SetMaxChildrenRequest&, const SetMaxChildrenRequest&) = default;
};

// ---- org.apache.zookeeper.proto: responses -------------------------------

struct CreateResponse {
    std::string path;
    friend bool operator==(const CreateResponse&, const CreateResponse&) = default;
};

struct Create2Response {
    std::string path;
    Stat stat;
    friend bool operator==(const Create2Response&, const Create2Response&) = default;
};

struct ExistsResponse {
    Stat stat;
    friend bool operator==(const ExistsResponse&, const ExistsResponse&) = default;
};

// Also the body of the reply to reconfig (data = the new config).
struct GetDataResponse {
    std::optional<std::string> data;  // nullopt: a null buffer on the wire
    Stat stat;
    friend bool operator==(const GetDataResponse&, const GetDataResponse&) = default;
};

struct SetDataResponse {
    Stat stat;
    friend bool operator==(const SetDataResponse&, const SetDataResponse&) = default;
};

struct GetACLResponse {
    std::vector<ACL> acl;
    Stat stat;
    friend bool operator==(const GetACLResponse&, const GetACLResponse&) = default;
};

struct SetACLResponse {
    Stat stat;
    friend bool operator==(const SetACLResponse&, const SetACLResponse&) = default;
};

struct GetChildrenResponse {
    std::vector<std::string> children;
    friend bool operator==(const GetChildrenResponse&, const GetChildrenResponse&) = default;
};

struct GetChildren2Response {
    std::vector<std::string> children;
    Stat stat;
    friend bool operator==(const GetChildren2Response&, const GetChildren2Response&) = default;
};

struct GetAllChildrenNumberResponse {
    int32_t totalNumber = 0;
    friend bool operator==(const GetAllChildrenNumberResponse&, const GetAllChildrenNumberResponse&) = default;
};

struct SyncResponse {
    std::string path;
    friend bool operator==(const SyncResponse&, const SyncResponse&) = default;
};

struct GetEphemeralsResponse {
    std::vector<std::string> ephemerals;
    friend bool operator==(const GetEphemeralsResponse&, const GetEphemeralsResponse&) = default;
};

struct WhoAmIResponse {
    std::vector<ClientInfo> clientInfo;
    friend bool operator==(const WhoAmIResponse&, const WhoAmIResponse&) = default;
};

struct GetMaxChildrenResponse {
    int32_t max = 0;
    friend bool operator==(const GetMaxChildrenResponse&, const GetMaxChildrenResponse&) = default;
};

// Every record above plus Id, ACL and Stat. X(Type) is applied to each; used to
// declare the codec and handy for tests that must cover every record.
#define ZOOSCOPE_PROTO_RECORDS(X)                                                                          \
    X(Id) X(ACL) X(Stat) X(ClientInfo) X(ConnectRequest) X(ConnectResponse) X(SetWatches) X(SetWatches2)   \
    X(RequestHeader) X(MultiHeader) X(AuthPacket) X(ReplyHeader) X(WatcherEvent) X(ErrorResponse)         \
    X(GetSASLRequest) X(SetSASLRequest) X(SetSASLResponse) X(CreateRequest) X(CreateTTLRequest)            \
    X(DeleteRequest) X(ExistsRequest) X(GetDataRequest) X(SetDataRequest) X(GetACLRequest)                 \
    X(SetACLRequest) X(GetChildrenRequest) X(GetChildren2Request) X(GetAllChildrenNumberRequest)           \
    X(SyncRequest) X(CheckVersionRequest) X(ReconfigRequest) X(AddWatchRequest) X(CheckWatchesRequest)     \
    X(RemoveWatchesRequest) X(GetEphemeralsRequest) X(GetMaxChildrenRequest) X(SetMaxChildrenRequest)      \
    X(CreateResponse) X(Create2Response) X(ExistsResponse) X(GetDataResponse) X(SetDataResponse)           \
    X(GetACLResponse) X(SetACLResponse) X(GetChildrenResponse) X(GetChildren2Response)                     \
    X(GetAllChildrenNumberResponse) X(SyncResponse) X(GetEphemeralsResponse) X(WhoAmIResponse)             \
    X(GetMaxChildrenResponse)

#define ZOOSCOPE_PROTO_DECLARE_CODEC(T) \
    void write(OutputArchive& out, const T& v); \
    void read(InputArchive& in, T& v);
ZOOSCOPE_PROTO_RECORDS(ZOOSCOPE_PROTO_DECLARE_CODEC)
#undef ZOOSCOPE_PROTO_DECLARE_CODEC

// vector<ACL> as it appears inside records (count, then each ACL).
void write(OutputArchive& out, const std::vector<ACL>& v);
void read(InputArchive& in, std::vector<ACL>& v);

// One record to bytes.
template <class T>
std::string encode(const T& v) {
    OutputArchive out;
    write(out, v);
    return out.take();
}

// Bytes to one record. The record must use all of the bytes: trailing bytes
// are a DecodeError. (Java ignores trailing bytes after a request body; a
// server that wants that leniency reads through an InputArchive itself.)
template <class T>
T decode(std::string_view bytes) {
    InputArchive in(bytes);
    T v{};
    read(in, v);
    if (!in.atEnd()) {
        throw DecodeError(std::to_string(in.remaining()) + " trailing bytes after record");
    }
    return v;
}

}  // namespace zooscope::proto
