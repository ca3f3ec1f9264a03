// Quorum messages between engine nodes, and their wire encoding.
//
// The encoding is ours (engine nodes do not talk to Apache ZooKeeper peers):
//   byte  version (kWireVersion)
//   byte  type    (index of the body in Message::Body)
//   varint from, link, seq            (zig-zag LEB128)
//   body fields in declaration order  (integers as zig-zag varints, strings and
//                                      blobs as varint length + bytes)
// Version 1: the first format. A decoder refuses other versions, unknown
// types, truncated fields, lengths beyond the input and trailing bytes.
//
// `link` and `seq` make ZAB's FIFO-channel assumption checkable over a lossy,
// duplicating, reordering transport: a learner opens a link (a number that
// only grows for that learner) with FOLLOWERINFO, and the leader numbers every
// message on that link 1, 2, 3...; the learner drops duplicates and treats a
// gap as a broken connection (it rejoins). The learner numbers its own
// messages on the link the same way; the leader takes client requests and
// syncs (which are not idempotent) once each and in order, dropping a
// duplicate or one overtaken by a later one. Election messages use link 0.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zooscope::quorum {

using ServerId = int64_t;
using Zxid = int64_t;

inline constexpr uint8_t kWireVersion = 1;

// zxid = epoch << 32 | counter, as in ZooKeeper.
inline constexpr Zxid makeZxid(int64_t epoch, int64_t counter) { return (epoch << 32) | (counter & 0xffffffffLL); }
inline constexpr int64_t epochOf(Zxid z) { return z >> 32; }
inline constexpr int64_t counterOf(Zxid z) { return z & 0xffffffffLL; }

enum class PeerState : uint8_t { Looking = 0, Following = 1, Leading = 2, Observing = 3 };
const char* stateName(PeerState s);

// A vote for a leader, ordered as FastLeaderElection.totalOrderPredicate:
// by the candidate's epoch, then its last zxid, then its id.
struct Vote {
    ServerId leader = 0;
    Zxid zxid = 0;
    int64_t epoch = 0;
    friend bool operator==(const Vote&, const Vote&) = default;
};
inline bool voteGreater(const Vote& a, const Vote& b) {
    if (a.epoch != b.epoch) return a.epoch > b.epoch;
    if (a.zxid != b.zxid) return a.zxid > b.zxid;
    return a.leader > b.leader;
}

// One log entry: a replicated transaction, opaque to the protocol.
struct LogEntry {
    Zxid zxid = 0;
    std::string payload;
    friend bool operator==(const LogEntry&, const LogEntry&) = default;
};

// ---- election (FastLeaderElection) ----
struct Notification {
    Vote vote;
    int64_t round = 0;  // the sender's logicalclock
    PeerState state = PeerState::Looking;
    friend bool operator==(const Notification&, const Notification&) = default;
};
// ---- learner -> leader ----
struct FollowerInfo {  // opens a link; discovery phase
    int64_t acceptedEpoch = 0;
    Zxid lastZxid = 0;
    bool observer = false;
    friend bool operator==(const FollowerInfo&, const FollowerInfo&) = default;
};
struct AckEpoch {
    int64_t currentEpoch = 0;
    Zxid lastZxid = 0;
    friend bool operator==(const AckEpoch&, const AckEpoch&) = default;
};
// Cumulative: every entry up to `zxid` is durable at the learner. `round`
// echoes the newest leader PING seen (leadership confirmation for sync).
struct Ack {
    Zxid zxid = 0;
    int64_t round = 0;
    friend bool operator==(const Ack&, const Ack&) = default;
};
struct Request {  // a client request forwarded to the leader; opaque
    std::string payload;
    friend bool operator==(const Request&, const Request&) = default;
};
struct SyncRequest {
    int64_t tag = 0;
    friend bool operator==(const SyncRequest&, const SyncRequest&) = default;
};
// ---- leader -> learner ----
struct LeaderInfo {
    int64_t newEpoch = 0;
    friend bool operator==(const LeaderInfo&, const LeaderInfo&) = default;
};
struct Diff {  // proposals follow
    Zxid fromZxid = 0;
    friend bool operator==(const Diff&, const Diff&) = default;
};
struct Trunc {  // drop entries above zxid, then proposals follow
    Zxid zxid = 0;
    friend bool operator==(const Trunc&, const Trunc&) = default;
};
struct Snap {  // replace the whole state; proposals follow
    Zxid zxid = 0;
    std::string state;
    friend bool operator==(const Snap&, const Snap&) = default;
};
struct Proposal {
    LogEntry entry;
    friend bool operator==(const Proposal&, const Proposal&) = default;
};
struct NewLeader {
    int64_t epoch = 0;
    Zxid zxid = 0;  // the learner holds the leader's log up to here
    friend bool operator==(const NewLeader&, const NewLeader&) = default;
};
struct UpToDate {
    Zxid commit = 0;
    friend bool operator==(const UpToDate&, const UpToDate&) = default;
};
struct Commit {
    Zxid zxid = 0;
    friend bool operator==(const Commit&, const Commit&) = default;
};
struct Ping {
    int64_t round = 0;
    friend bool operator==(const Ping&, const Ping&) = default;
};
struct SyncDone {
    int64_t tag = 0;
    friend bool operator==(const SyncDone&, const SyncDone&) = default;
};

struct Message {
    using Body = std::variant<Notification, FollowerInfo, AckEpoch, Ack, Request, SyncRequest, LeaderInfo, Diff,
                              Trunc, Snap, Proposal, NewLeader, UpToDate, Commit, Ping, SyncDone>;
    ServerId from = 0;
    int64_t link = 0;
    int64_t seq = 0;
    Body body;
    friend bool operator==(const Message&, const Message&) = default;
};
const char* typeName(const Message& m);

std::string encode(const Message& m);
// nullopt on damaged input; *error (when non-null) says what was wrong.
std::optional<Message> decode(std::string_view bytes, std::string* error = nullptr);

}  // namespace zooscope::quorum
