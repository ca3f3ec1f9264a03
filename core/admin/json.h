// JSON for the export format, on nlohmann::json (Debian: nlohmann-json3-dev).
//
// Contract: parse() accepts exactly one RFC 8259 JSON value (whitespace
// around it allowed). Besides what nlohmann refuses (invalid UTF-8, unpaired
// surrogates, control characters in strings, trailing text, a number beyond
// the range of a double) it refuses what
// nlohmann would let through: a duplicate object key (nlohmann lets the last
// one win; in an import file it is a mistake to name, not to resolve), a
// value nested deeper than kMaxDepth, an integer outside int64 (nlohmann
// would round it to a double; zxids and session ids must stay exact), a
// byte order mark and a NUL byte after the value. Objects keep their key
// order (ordered_json), so write() gives them back in the order they were
// read or built. Pure; no state.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zooscope::admin::json {

using Value = nlohmann::ordered_json;

inline constexpr int kMaxDepth = 64;

struct ParseError {
    int line = 0;    // 1-based
    int column = 0;  // 1-based, in characters (UTF-8 sequences), not bytes
    std::string message;  // English sentence
};

// nullopt + *error when `text` is not one valid JSON value. line:column
// points at the mistake: the start of a token that does not belong where it
// stands (or of a true/false/null cut short), else inside a string or number
// the character, UTF-8 sequence or \u escape digits that break it.
std::optional<Value> parse(std::string_view text, ParseError* error);

// Compact when indent is 0, else pretty with that many spaces per level.
// Strings are written as UTF-8 with only the escapes JSON requires (control
// characters as \uXXXX with lower-case hex). A string that is not UTF-8 is
// written with U+FFFD in place of its bad bytes (ZooKeeper paths and ids are
// Java strings, so that takes a caller bug, not a server).
std::string write(const Value& v, int indent = 0);

// The member `key` of an object; nullptr when absent or `object` is no object.
const Value* member(const Value& object, const char* key);

// The number as an int64 when it is an integer that fits (parse() keeps every
// integer exact and refuses the ones that do not fit).
std::optional<int64_t> asInt64(const Value& v);

}  // namespace zooscope::admin::json
