// How zooscope-ctl writes what it read: the JSON forms, the stat text, and
// the one-line data encoding of watch and members. Pure functions.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "zooscope/client.h"

namespace zooscope::ctl {

// "0x" + lowercase hex without zero padding, of the two's-complement bits
// (as zkCli and Java's Long.toHexString print zxids and session ids).
std::string hexId(int64_t id);

// {"czxid","mzxid","pzxid","ctime","mtime","version","cversion","aversion",
//  "ephemeralOwner","dataLength","numChildren"}; zxids and the owner as hexId,
// times as milliseconds since the epoch.
nlohmann::ordered_json statJson(const proto::Stat& stat);

// Sets j["data"] and j["encoding"]: "utf8" when the bytes are valid UTF-8
// (data is then the text), else "base64"; null data gives data null (utf8).
void putData(nlohmann::ordered_json& j, std::string_view bytes, bool isNull);

// {"path","data","encoding","stat"}: encoding "utf8" when the bytes are valid
// UTF-8 (data is then the text), else "base64"; a null node has data null.
nlohmann::ordered_json nodeJson(const std::string& path, const client::NodeData& node);

// One "key = value" line per stat field, in statJson's order; times as
// ISO 8601 UTC with milliseconds.
std::string statText(const proto::Stat& stat);

// Data for a line of output: the bytes as they are when they are valid UTF-8
// without control characters (C0, DEL, C1) and do not start with "base64:";
// otherwise "base64:" + their base64 (RFC 4648, padded).
std::string lineData(std::string_view bytes);

// "2.5 s": a duration for messages.
std::string durationText(std::chrono::milliseconds duration);

// nlohmann's dump, never throwing (invalid UTF-8 is replaced; inputs here are
// checked before, so this is a last resort).
std::string dumpJson(const nlohmann::ordered_json& value, int indent);

}  // namespace zooscope::ctl
