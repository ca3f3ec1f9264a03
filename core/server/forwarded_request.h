// What an ensemble member forwards to its leader: the payload of a
// quorum::Request (core/quorum/messages.h), opaque to the protocol. The
// leader's QuorumHost decodes it and prepares the transaction.
//
// Encoding, version 1 (engine members of one ensemble run one build, so there
// is no version field), jute big-endian primitives (proto/archive.h):
//   int kind                  1 write, 2 createSession, 3 closeSession, 4 touch
//   write:          long session, int cxid, int op (a write opcode),
//                   int n (0..kMaxAuthIds), n x (string scheme, string id),
//                   buffer body (the client's request record)
//   createSession:  long session, int timeoutMs
//   closeSession:   long session, int 0 (unused)
//   touch:          int n, n x long session   (sessions a learner heard from)
// A decoder refuses unknown kinds, opcodes that are not writes, identity or
// session counts out of range or beyond the input, truncated fields and
// trailing bytes.
//
// Pure functions over bytes: no I/O, no state; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "zooscope/protocol.h"

namespace zooscope::server::forward {

// A client's connection carries at most this many identities (ip plus the
// schemes it authenticated with).
inline constexpr int32_t kMaxAuthIds = 64;

struct Write {
    int64_t sessionId = 0;
    int32_t cxid = 0;
    proto::OpCode op = proto::OpCode::Error;
    std::vector<proto::Id> authIds;  // the connection's identities, in order
    std::string body;
    friend bool operator==(const Write&, const Write&) = default;
};
struct CreateSession {
    int64_t sessionId = 0;
    int32_t timeoutMs = 0;
    friend bool operator==(const CreateSession&, const CreateSession&) = default;
};
struct CloseSession {
    int64_t sessionId = 0;
    friend bool operator==(const CloseSession&, const CloseSession&) = default;
};
// ZooKeeper's session touches: a learner reports the sessions it serves that
// were heard from within their timeout.
struct Touch {
    std::vector<int64_t> sessions;
    friend bool operator==(const Touch&, const Touch&) = default;
};

using Request = std::variant<Write, CreateSession, CloseSession, Touch>;

std::string encode(const Request& request);
// nullopt on damaged input; *error (when non-null) says what was wrong.
std::optional<Request> decode(std::string_view bytes, std::string* error = nullptr);

}  // namespace zooscope::server::forward
