// zooscope/protocol.h — the ZooKeeper 3.8 protocol vocabulary: opcodes, error
// codes, event types, create modes, permissions, and the plain data records
// Stat, Id and ACL. Part of the public API (zooscope/client.h speaks in these
// types) and shared inside the engine by the codec (core/proto, which owns this
// header and implements errName), the tree and the server.
//
// Contract: data only, no behaviour beyond trivial helpers. Values match
// ZooDefs.java, KeeperException.java and Watcher.java of ZooKeeper 3.8 exactly;
// they go on the wire as they are. Plain values and pure functions: safe from
// any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zooscope::proto {

// ZooDefs.OpCode
enum class OpCode : int32_t {
    Notification = 0,
    Create = 1,
    Delete = 2,
    Exists = 3,
    GetData = 4,
    SetData = 5,
    GetACL = 6,
    SetACL = 7,
    GetChildren = 8,
    Sync = 9,
    Ping = 11,
    GetChildren2 = 12,
    Check = 13,
    Multi = 14,
    Create2 = 15,
    Reconfig = 16,
    CheckWatches = 17,
    RemoveWatches = 18,
    CreateContainer = 19,
    DeleteContainer = 20,
    CreateTTL = 21,
    MultiRead = 22,
    Auth = 100,
    SetWatches = 101,
    Sasl = 102,
    GetEphemerals = 103,
    GetAllChildrenNumber = 104,
    SetWatches2 = 105,
    AddWatch = 106,
    WhoAmI = 107,
    CreateSession = -10,
    CloseSession = -11,
    Error = -1,
};

// KeeperException.Code
enum class Err : int32_t {
    Ok = 0,
    SystemError = -1,
    RuntimeInconsistency = -2,
    DataInconsistency = -3,
    ConnectionLoss = -4,
    MarshallingError = -5,
    Unimplemented = -6,
    OperationTimeout = -7,
    BadArguments = -8,
    UnknownSession = -12,
    NewConfigNoQuorum = -13,
    ReconfigInProgress = -14,
    APIError = -100,
    NoNode = -101,
    NoAuth = -102,
    BadVersion = -103,
    NoChildrenForEphemerals = -108,
    NodeExists = -110,
    NotEmpty = -111,
    SessionExpired = -112,
    InvalidCallback = -113,
    InvalidACL = -114,
    AuthFailed = -115,
    SessionMoved = -118,
    NotReadOnly = -119,
    EphemeralOnLocalSession = -120,
    NoWatcher = -121,
    RequestTimeout = -122,
    ReconfigDisabled = -123,
    SessionClosedRequireSaslAuth = -124,
    QuotaExceeded = -125,
    Throttled = -127,
};

// Human-readable name of an error code, as KeeperException prints it
// ("NoNode", "BadVersion", ...). Unknown codes give "Unknown".
std::string_view errName(Err e);

// Watcher.Event.EventType
enum class EventType : int32_t {
    None = -1,
    NodeCreated = 1,
    NodeDeleted = 2,
    NodeDataChanged = 3,
    NodeChildrenChanged = 4,
    DataWatchRemoved = 5,
    ChildWatchRemoved = 6,
    PersistentWatchRemoved = 7,
};

// Watcher.Event.KeeperState
enum class KeeperState : int32_t {
    Disconnected = 0,
    SyncConnected = 3,
    AuthFailed = 4,
    ConnectedReadOnly = 5,
    SaslAuthenticated = 6,
    Expired = -112,
    Closed = 7,
};

// Special xids (ClientCnxn / ZooKeeperServer).
inline constexpr int32_t kXidNotification = -1;
inline constexpr int32_t kXidPing = -2;
inline constexpr int32_t kXidAuth = -4;
inline constexpr int32_t kXidSetWatches = -8;

// ZooDefs.Perms
namespace perms {
inline constexpr int32_t kRead = 1 << 0;
inline constexpr int32_t kWrite = 1 << 1;
inline constexpr int32_t kCreate = 1 << 2;
inline constexpr int32_t kDelete = 1 << 3;
inline constexpr int32_t kAdmin = 1 << 4;
inline constexpr int32_t kAll = kRead | kWrite | kCreate | kDelete | kAdmin;
}  // namespace perms

// CreateMode flags as the client sends them in CreateRequest.flags.
enum class CreateMode : int32_t {
    Persistent = 0,
    Ephemeral = 1,
    PersistentSequential = 2,
    EphemeralSequential = 3,
    Container = 4,
    PersistentWithTTL = 5,
    PersistentSequentialWithTTL = 6,
};

// What a CreateMode asks for, as ZooKeeper's CreateMode.isSequential(),
// isEphemeral() and isTTL() answer (Container is none of the three).
inline constexpr bool isSequential(CreateMode m) {
    return m == CreateMode::PersistentSequential || m == CreateMode::EphemeralSequential ||
           m == CreateMode::PersistentSequentialWithTTL;
}
inline constexpr bool isEphemeral(CreateMode m) {
    return m == CreateMode::Ephemeral || m == CreateMode::EphemeralSequential;
}
inline constexpr bool isTtl(CreateMode m) {
    return m == CreateMode::PersistentWithTTL || m == CreateMode::PersistentSequentialWithTTL;
}

// Encoding of Stat.ephemeralOwner for extended node types (ZooKeeper's
// EphemeralType): containers, TTL nodes (the TTL in the low 40 bits), and
// session-owned ephemerals.
namespace ephemeral {
inline constexpr int64_t kContainerOwner = INT64_MIN;  // 0x8000000000000000
inline constexpr uint64_t kExtendedMask = 0xff00000000000000ULL;
inline constexpr uint64_t kReservedMask = 0x00ffff0000000000ULL;
// The largest TTL in ms (EphemeralType.MAX_TTL, the C client's ZOO_MAX_TTL).
inline constexpr int64_t kMaxTtl = int64_t(~(kExtendedMask | kReservedMask));  // 0x000000ffffffffff
inline constexpr int64_t ttlOwner(int64_t ttlMs) { return int64_t(kExtendedMask | uint64_t(ttlMs)); }
inline constexpr bool isContainer(int64_t owner) { return owner == kContainerOwner; }
inline constexpr bool isTtl(int64_t owner) {
    return owner != kContainerOwner && (uint64_t(owner) & kExtendedMask) == kExtendedMask;
}
inline constexpr int64_t ttlOf(int64_t owner) { return int64_t(uint64_t(owner) & uint64_t(kMaxTtl)); }
// A "normal" ephemeral is one owned by a session.
inline constexpr bool isSessionOwned(int64_t owner) { return owner != 0 && !isContainer(owner) && !isTtl(owner); }
}  // namespace ephemeral

// ZooDefs.AddWatchModes
enum class AddWatchMode : int32_t { Persistent = 0, PersistentRecursive = 1 };

// WatcherType used by checkWatches/removeWatches.
enum class WatcherType : int32_t { Children = 1, Data = 2, Any = 3 };

// data.Id
struct Id {
    std::string scheme;
    std::string id;
    friend bool operator==(const Id&, const Id&) = default;
};

// data.ACL
struct ACL {
    int32_t perms = 0;
    Id id;
    friend bool operator==(const ACL&, const ACL&) = default;
};

using ACLList = std::vector<ACL>;

// data.Stat, field order as on the wire.
struct Stat {
    int64_t czxid = 0;
    int64_t mzxid = 0;
    int64_t ctime = 0;
    int64_t mtime = 0;
    int32_t version = 0;
    int32_t cversion = 0;
    int32_t aversion = 0;
    int64_t ephemeralOwner = 0;
    int32_t dataLength = 0;
    int32_t numChildren = 0;
    int64_t pzxid = 0;
    friend bool operator==(const Stat&, const Stat&) = default;
};

// ZooDefs.Ids
inline ACLList openAclUnsafe() { return {ACL{perms::kAll, Id{"world", "anyone"}}}; }
inline ACLList readAclUnsafe() { return {ACL{perms::kRead, Id{"world", "anyone"}}}; }
inline ACLList creatorAllAcl() { return {ACL{perms::kAll, Id{"auth", ""}}}; }

// Default jute.maxbuffer (0xfffff), the largest packet either side accepts.
inline constexpr int32_t kDefaultJuteMaxBuffer = 0xfffff;

}  // namespace zooscope::proto
