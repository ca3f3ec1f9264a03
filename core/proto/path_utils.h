// Znode path rules and small path helpers.
//
// Pure functions, no state: safe from any thread.
//
// Text model. ZooKeeper decodes every wire string (jute ustring, auth data)
// from UTF-8 into Java's UTF-16, replacing malformed input with U+FFFD, and
// PathUtils indexes characters in UTF-16 code units. validatePath does the
// same, so its "@N" positions and verdicts match the Java server byte for byte.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zooscope::proto {

// nullopt when `path` is a valid znode path; otherwise the message of the
// IllegalArgumentException that ZooKeeper's PathUtils.validatePath throws:
//   "Path length must be > 0"
//   "Path must start with / character"
//   "Path must not end with / character"
//   "Invalid path string \"<path>\" caused by <reason> @<index>" where <reason>
//   is "null character not allowed", "empty node name specified",
//   "relative paths not allowed" or "invalid character".
// Invalid characters: U+0001..U+001F, U+007F..U+009F, U+D800..U+F8FF
// (so every non-BMP character, via its surrogates), U+FFF0..U+FFFF (so every
// malformed UTF-8 sequence, decoded as U+FFFD).
// With isSequential the server appends the sequence number first, so the
// path is checked as path + "1" (and "/a/" is a valid sequential prefix).
// The server answers BadArguments for any non-nullopt result.
std::optional<std::string> validatePath(std::string_view path, bool isSequential = false);

// Last component: "/a/b" -> "b", "/" -> "". The result views `path`.
std::string_view nameOf(std::string_view path);

// The path of child `name` of `parent`: ("/a", "b") -> "/a/b", ("/", "b") -> "/b".
std::string childOf(std::string_view parent, std::string_view name);

// True if `path` equals `prefix` or lies below it ("/ab" is not under "/a").
// The prefix "/" covers every absolute path.
bool isUnder(std::string_view path, std::string_view prefix);

// `bytes` as Java's new String(bytes, UTF_8).getBytes(UTF_8) returns them:
// valid UTF-8 unchanged, each maximal malformed subsequence replaced by
// U+FFFD (EF BF BD), an encoded surrogate (ED A0..BF xx) by one U+FFFD.
// What the Java server "sees" of a wire string.
std::string javaUtf8RoundTrip(std::string_view bytes);

}  // namespace zooscope::proto
