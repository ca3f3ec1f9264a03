// The "digest" authentication scheme's id, as ZooKeeper 3.8's
// DigestAuthenticationProvider computes it. Here in proto/ because both the
// server side (tree/acl: addauth, superDigest) and the client side (admin:
// digest ACLs on import) turn "user:password" into the same id.
//
// Pure function, no state: safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace zooscope::proto {

// DigestAuthenticationProvider.generateDigest: the text before the first ':'
// (all of it if there is none), ':', then base64(SHA-1(idPassword)).
// digestOf("user:pw") == "user:" + base64(sha1("user:pw")). "" only when
// libcrypto has no SHA-1 (logged); an empty digest never equals a stored one.
std::string digestOf(std::string_view idPassword);

}  // namespace zooscope::proto
