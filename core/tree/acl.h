// Authentication schemes and ACL checks, with ZooKeeper 3.8's semantics
// (DigestAuthenticationProvider, IPAuthenticationProvider,
// ZooKeeperServer.checkACL, PrepRequestProcessor.fixupACL).
//
// Pure functions, no state: safe from any thread.
//
// Schemes known to this build: "world" (only the id "anyone"), "auth" (in
// ACLs being set only; expanded by fixupAcl), "digest", "ip". SASL and x509
// are not built in; ids of other schemes never match and are InvalidACL.
//
// What a session holds (the `ids`/`sessionIds` below), as ServerCnxn.authInfo:
//   - always Id{"ip", <client address>} from the moment it connects, the
//     address printed as the server sees it ("127.0.0.1", "::1", ...);
//   - one Id{"digest", "user:<base64 sha1>"} per successful addauth digest;
//   - Id{"super", ""} after an addauth digest whose digest equals the
//     configured superDigest (AuthResult::superUser tells the caller to add it).
// It is a set: add with addAuthId, which ignores a repeated id.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/protocol.h"

namespace zooscope::tree {

struct AuthResult {
    bool ok = false;     // false: the server answers AuthFailed and closes the connection
    proto::Id id;        // the id to add to the session when ok
    bool superUser = false;  // also add Id{"super", ""}: the digest is the configured superDigest
};

struct AuthContext {
    std::string_view clientAddress;  // for "ip": addauth ip just (re)adds the connection's address
    std::string_view superDigest;    // "super:<base64 sha1>" or empty when none is configured
};

// The AuthPacket handler. "digest": authData "user:password" (decoded from
// UTF-8 as Java does) -> Id{"digest", proto::digestOf(authData)}; "ip" -> Id{"ip",
// ctx.clientAddress}; any other scheme -> not ok.
AuthResult authenticate(std::string_view scheme, std::string_view authData, const AuthContext& ctx = {});

// Adds `id` unless the session already holds it. Returns true if added.
bool addAuthId(std::vector<proto::Id>& sessionIds, proto::Id id);

// ZooKeeperServer.checkACL: may a session holding `ids` do `perm` (one or
// more proto::perms bits; any one granted suffices) on a node whose ACL is
// `acl`? True when: the ACL is empty; the session holds a "super" id, or a
// digest id equal to a non-empty `superDigest`; or an entry granting a bit
// of `perm` is world:anyone, a digest id the session holds, or an ip
// expression matching one of the session's ip ids (ipMatches). Entries of
// other schemes never match.
bool checkPermission(const proto::ACLList& acl, int32_t perm, const std::vector<proto::Id>& ids,
                     std::string_view superDigest);

// IPAuthenticationProvider.matches: `aclExpr` is "a.b.c.d", "a.b.c.d/bits",
// an IPv6 address, or "v6/bits" (bits 0..32 resp. 0..128); the top `bits`
// bits must equal those of `clientAddress`. A client's IPv4-mapped IPv6
// address (::ffff:a.b.c.d) counts as IPv4 and a "%scope" suffix is ignored,
// as Java's InetAddress does. An address family mismatch never matches.
// ZooKeeper 3.8.0 knows IPv4 only; IPv6 follows 3.9's ZOOKEEPER-4240.
bool ipMatches(std::string_view clientAddress, std::string_view aclExpr);

// The providers' isValid: "ip" -> a valid address or address/bits;
// "digest" -> Java's id.split(":").length == 2 ("user:hash"; "user:" and
// "a:b:c" are not); "world" -> only "anyone"; anything else -> false.
bool isValidAclId(const proto::Id& id);

struct FixupResult {
    proto::Err err = proto::Err::Ok;  // Ok or InvalidACL
    proto::ACLList acl;               // the ACL to store when err == Ok
    std::string detail;               // why it is invalid, for the log
};

// PrepRequestProcessor.fixupACL, for create and setACL:
//   - an empty list is InvalidACL;
//   - exact duplicates (same perms and id) are dropped, first one kept,
//     before expansion (entries created by expansion are not deduplicated);
//   - world:anyone is kept; "auth" (its id text is ignored) becomes one entry
//     with its perms per authenticated session id (digest ones; not ip, not
//     super), in `sessionIds` order, and is InvalidACL if there is none;
//   - any other entry must satisfy isValidAclId, else InvalidACL.
FixupResult fixupAcl(const proto::ACLList& in, const std::vector<proto::Id>& sessionIds);

}  // namespace zooscope::tree
