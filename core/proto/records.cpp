#include "proto/records.h"

#include <limits>
#include <optional>
#include <stdexcept>
#include <tuple>
#include <type_traits>

namespace zooscope::proto {

namespace {

// Field lists in jute declaration order; the generic codec below walks them.
// A mistake here is a wire incompatibility, which the golden-byte tests catch.
template <class T>
struct Fields;

#define ZS_FIELDS(T, ...)                                        \
    template <>                                                  \
    struct Fields<T> {                                           \
        static constexpr auto list = std::make_tuple(__VA_ARGS__); \
    };

ZS_FIELDS(Id, &Id::scheme, &Id::id)
ZS_FIELDS(ACL, &ACL::perms, &ACL::id)
ZS_FIELDS(Stat, &Stat::czxid, &Stat::mzxid, &Stat::ctime, &Stat::mtime, &Stat::version, &Stat::cversion,
          &Stat::aversion, &Stat::ephemeralOwner, &Stat::dataLength, &Stat::numChildren, &Stat::pzxid)
ZS_FIELDS(ClientInfo, &ClientInfo::authScheme, &ClientInfo::user)
ZS_FIELDS(SetWatches, &SetWatches::relativeZxid, &SetWatches::dataWatches, &SetWatches::existWatches,
          &SetWatches::childWatches)
ZS_FIELDS(SetWatches2, &SetWatches2::relativeZxid, &SetWatches2::dataWatches, &SetWatches2::existWatches,
          &SetWatches2::childWatches, &SetWatches2::persistentWatches, &SetWatches2::persistentRecursiveWatches)
ZS_FIELDS(RequestHeader, &RequestHeader::xid, &RequestHeader::type)
ZS_FIELDS(MultiHeader, &MultiHeader::type, &MultiHeader::done, &MultiHeader::err)
ZS_FIELDS(AuthPacket, &AuthPacket::type, &AuthPacket::scheme, &AuthPacket::auth)
ZS_FIELDS(ReplyHeader, &ReplyHeader::xid, &ReplyHeader::zxid, &ReplyHeader::err)
ZS_FIELDS(WatcherEvent, &WatcherEvent::type, &WatcherEvent::state, &WatcherEvent::path)
ZS_FIELDS(ErrorResponse, &ErrorResponse::err)
ZS_FIELDS(GetSASLRequest, &GetSASLRequest::token)
ZS_FIELDS(SetSASLRequest, &SetSASLRequest::token)
ZS_FIELDS(SetSASLResponse, &SetSASLResponse::token)
ZS_FIELDS(CreateRequest, &CreateRequest::path, &CreateRequest::data, &CreateRequest::acl, &CreateRequest::flags)
ZS_FIELDS(CreateTTLRequest, &CreateTTLRequest::path, &CreateTTLRequest::data, &CreateTTLRequest::acl,
          &CreateTTLRequest::flags, &CreateTTLRequest::ttl)
ZS_FIELDS(DeleteRequest, &DeleteRequest::path, &DeleteRequest::version)
ZS_FIELDS(ExistsRequest, &ExistsRequest::path, &ExistsRequest::watch)
ZS_FIELDS(GetDataRequest, &GetDataRequest::path, &GetDataRequest::watch)
ZS_FIELDS(SetDataRequest, &SetDataRequest::path, &SetDataRequest::data, &SetDataRequest::version)
ZS_FIELDS(GetACLRequest, &GetACLRequest::path)
ZS_FIELDS(SetACLRequest, &SetACLRequest::path, &SetACLRequest::acl, &SetACLRequest::version)
ZS_FIELDS(GetChildrenRequest, &GetChildrenRequest::path, &GetChildrenRequest::watch)
ZS_FIELDS(GetChildren2Request, &GetChildren2Request::path, &GetChildren2Request::watch)
ZS_FIELDS(GetAllChildrenNumberRequest, &GetAllChildrenNumberRequest::path)
ZS_FIELDS(SyncRequest, &SyncRequest::path)
ZS_FIELDS(CheckVersionRequest, &CheckVersionRequest::path, &CheckVersionRequest::version)
ZS_FIELDS(ReconfigRequest, &ReconfigRequest::joiningServers, &ReconfigRequest::leavingServers,
          &ReconfigRequest::newMembers, &ReconfigRequest::curConfigId)
ZS_FIELDS(AddWatchRequest, &AddWatchRequest::path, &AddWatchRequest::mode)
ZS_FIELDS(CheckWatchesRequest, &CheckWatchesRequest::path, &CheckWatchesRequest::type)
ZS_FIELDS(RemoveWatchesRequest, &RemoveWatchesRequest::path, &RemoveWatchesRequest::type)
ZS_FIELDS(GetEphemeralsRequest, &GetEphemeralsRequest::prefixPath)
ZS_FIELDS(GetMaxChildrenRequest, &GetMaxChildrenRequest::path)
ZS_FIELDS(SetMaxChildrenRequest, &SetMaxChildrenRequest::path, &SetMaxChildrenRequest::max)
ZS_FIELDS(CreateResponse, &CreateResponse::path)
ZS_FIELDS(Create2Response, &Create2Response::path, &Create2Response::stat)
ZS_FIELDS(ExistsResponse, &ExistsResponse::stat)
ZS_FIELDS(GetDataResponse, &GetDataResponse::data, &GetDataResponse::stat)
ZS_FIELDS(SetDataResponse, &SetDataResponse::stat)
ZS_FIELDS(GetACLResponse, &GetACLResponse::acl, &GetACLResponse::stat)
ZS_FIELDS(SetACLResponse, &SetACLResponse::stat)
ZS_FIELDS(GetChildrenResponse, &GetChildrenResponse::children)
ZS_FIELDS(GetChildren2Response, &GetChildren2Response::children, &GetChildren2Response::stat)
ZS_FIELDS(GetAllChildrenNumberResponse, &GetAllChildrenNumberResponse::totalNumber)
ZS_FIELDS(SyncResponse, &SyncResponse::path)
ZS_FIELDS(GetEphemeralsResponse, &GetEphemeralsResponse::ephemerals)
ZS_FIELDS(WhoAmIResponse, &WhoAmIResponse::clientInfo)
ZS_FIELDS(GetMaxChildrenResponse, &GetMaxChildrenResponse::max)

#undef ZS_FIELDS

template <class T>
struct IsOptional : std::false_type {};
template <class E>
struct IsOptional<std::optional<E>> : std::true_type {};

template <class T>
struct IsVector : std::false_type {};
template <class E>
struct IsVector<std::vector<E>> : std::true_type {
    using Element = E;
};

// Smallest encoding of a value of type T, used to bound vector counts against
// the bytes left before reading any element.
template <class T>
constexpr std::size_t minWireSize() {
    if constexpr (std::is_same_v<T, bool>) {
        return 1;
    } else if constexpr (std::is_same_v<T, int64_t>) {
        return 8;
    } else if constexpr (std::is_same_v<T, int32_t> || std::is_enum_v<T> || std::is_same_v<T, std::string> ||
                         IsOptional<T>::value || IsVector<T>::value) {
        return 4;
    } else {
        return std::apply(
            [](auto... member) {
                return (std::size_t{0} + ... +
                        minWireSize<std::remove_cvref_t<decltype(std::declval<T&>().*member)>>());
            },
            Fields<T>::list);
    }
}

template <class T>
void put(OutputArchive& out, const T& v) {
    if constexpr (std::is_same_v<T, bool>) {
        out.writeBool(v);
    } else if constexpr (std::is_same_v<T, int32_t>) {
        out.writeInt(v);
    } else if constexpr (std::is_same_v<T, int64_t>) {
        out.writeLong(v);
    } else if constexpr (std::is_enum_v<T>) {
        static_assert(std::is_same_v<std::underlying_type_t<T>, int32_t>);
        out.writeInt(static_cast<int32_t>(v));
    } else if constexpr (std::is_same_v<T, std::string>) {
        out.writeBuffer(v);
    } else if constexpr (IsOptional<T>::value) {
        if (v) out.writeBuffer(*v);
        else out.writeNullBuffer();
    } else if constexpr (IsVector<T>::value) {
        if (v.size() > static_cast<std::size_t>(std::numeric_limits<int32_t>::max())) {
            throw std::length_error("jute vector longer than INT32_MAX elements");
        }
        out.writeInt(static_cast<int32_t>(v.size()));
        for (const auto& e : v) {
            put(out, e);
        }
    } else {
        std::apply([&](auto... member) { (put(out, v.*member), ...); }, Fields<T>::list);
    }
}

template <class T>
void get(InputArchive& in, T& v) {
    if constexpr (std::is_same_v<T, bool>) {
        v = in.readBool();
    } else if constexpr (std::is_same_v<T, int32_t>) {
        v = in.readInt();
    } else if constexpr (std::is_same_v<T, int64_t>) {
        v = in.readLong();
    } else if constexpr (std::is_enum_v<T>) {
        v = static_cast<T>(in.readInt());
    } else if constexpr (std::is_same_v<T, std::string>) {
        v = in.readBuffer();
    } else if constexpr (IsOptional<T>::value) {
        v = in.readNullableBuffer();
    } else if constexpr (IsVector<T>::value) {
        using E = typename IsVector<T>::Element;
        const std::size_t n = in.readVectorCount(minWireSize<E>());
        v.clear();
        // Grow as elements actually decode, so a count that passed the bound
        // but lies still costs no more memory than the bytes that back it.
        for (std::size_t i = 0; i < n; ++i) {
            E e{};
            get(in, e);
            v.push_back(std::move(e));
        }
    } else {
        std::apply([&](auto... member) { (get(in, v.*member), ...); }, Fields<T>::list);
    }
}

// True when no bytes are left, which for ConnectRequest/ConnectResponse means
// the optional trailing readOnly is absent. Java reads it with readBool in a
// try/catch, so an absent field is exactly "end of packet".
template <class T>
void getOptionalReadOnly(InputArchive& in, T& v) {
    v.hasReadOnly = !in.atEnd();
    v.readOnly = v.hasReadOnly ? in.readBool() : false;
}

}  // namespace

#define ZS_GENERIC_CODEC(T)                                     \
    void write(OutputArchive& out, const T& v) { put(out, v); } \
    void read(InputArchive& in, T& v) { get(in, v); }

ZS_GENERIC_CODEC(Id)
ZS_GENERIC_CODEC(ACL)
ZS_GENERIC_CODEC(Stat)
ZS_GENERIC_CODEC(ClientInfo)
ZS_GENERIC_CODEC(SetWatches)
ZS_GENERIC_CODEC(SetWatches2)
ZS_GENERIC_CODEC(RequestHeader)
ZS_GENERIC_CODEC(MultiHeader)
ZS_GENERIC_CODEC(AuthPacket)
ZS_GENERIC_CODEC(ReplyHeader)
ZS_GENERIC_CODEC(WatcherEvent)
ZS_GENERIC_CODEC(ErrorResponse)
ZS_GENERIC_CODEC(GetSASLRequest)
ZS_GENERIC_CODEC(SetSASLRequest)
ZS_GENERIC_CODEC(SetSASLResponse)
ZS_GENERIC_CODEC(CreateRequest)
ZS_GENERIC_CODEC(CreateTTLRequest)
ZS_GENERIC_CODEC(DeleteRequest)
ZS_GENERIC_CODEC(ExistsRequest)
ZS_GENERIC_CODEC(GetDataRequest)
ZS_GENERIC_CODEC(SetDataRequest)
ZS_GENERIC_CODEC(GetACLRequest)
ZS_GENERIC_CODEC(SetACLRequest)
ZS_GENERIC_CODEC(GetChildrenRequest)
ZS_GENERIC_CODEC(GetChildren2Request)
ZS_GENERIC_CODEC(GetAllChildrenNumberRequest)
ZS_GENERIC_CODEC(SyncRequest)
ZS_GENERIC_CODEC(CheckVersionRequest)
ZS_GENERIC_CODEC(ReconfigRequest)
ZS_GENERIC_CODEC(AddWatchRequest)
ZS_GENERIC_CODEC(CheckWatchesRequest)
ZS_GENERIC_CODEC(RemoveWatchesRequest)
ZS_GENERIC_CODEC(GetEphemeralsRequest)
ZS_GENERIC_CODEC(GetMaxChildrenRequest)
ZS_GENERIC_CODEC(SetMaxChildrenRequest)
ZS_GENERIC_CODEC(CreateResponse)
ZS_GENERIC_CODEC(Create2Response)
ZS_GENERIC_CODEC(ExistsResponse)
ZS_GENERIC_CODEC(GetDataResponse)
ZS_GENERIC_CODEC(SetDataResponse)
ZS_GENERIC_CODEC(GetACLResponse)
ZS_GENERIC_CODEC(SetACLResponse)
ZS_GENERIC_CODEC(GetChildrenResponse)
ZS_GENERIC_CODEC(GetChildren2Response)
ZS_GENERIC_CODEC(GetAllChildrenNumberResponse)
ZS_GENERIC_CODEC(SyncResponse)
ZS_GENERIC_CODEC(GetEphemeralsResponse)
ZS_GENERIC_CODEC(WhoAmIResponse)
ZS_GENERIC_CODEC(GetMaxChildrenResponse)

#undef ZS_GENERIC_CODEC

void write(OutputArchive& out, const std::vector<ACL>& v) { put(out, v); }
void read(InputArchive& in, std::vector<ACL>& v) { get(in, v); }

void write(OutputArchive& out, const ConnectRequest& v) {
    out.writeInt(v.protocolVersion);
    out.writeLong(v.lastZxidSeen);
    out.writeInt(v.timeOut);
    out.writeLong(v.sessionId);
    out.writeBuffer(v.passwd);
    if (v.hasReadOnly) {
        out.writeBool(v.readOnly);
    }
}

void read(InputArchive& in, ConnectRequest& v) {
    v.protocolVersion = in.readInt();
    v.lastZxidSeen = in.readLong();
    v.timeOut = in.readInt();
    v.sessionId = in.readLong();
    v.passwd = in.readBuffer();
    getOptionalReadOnly(in, v);
}

void write(OutputArchive& out, const ConnectResponse& v) {
    out.writeInt(v.protocolVersion);
    out.writeInt(v.timeOut);
    out.writeLong(v.sessionId);
    out.writeBuffer(v.passwd);
    if (v.hasReadOnly) {
        out.writeBool(v.readOnly);
    }
}

void read(InputArchive& in, ConnectResponse& v) {
    v.protocolVersion = in.readInt();
    v.timeOut = in.readInt();
    v.sessionId = in.readLong();
    v.passwd = in.readBuffer();
    getOptionalReadOnly(in, v);
}

}  // namespace zooscope::proto
