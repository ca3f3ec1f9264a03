// The two ways an export file carries a node's bytes (EXPORT_FORMAT.md,
// "encoding"): as UTF-8 text when they are valid UTF-8, else as base64.
// Pure; no state.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace zooscope::admin {

// True when `s` is well-formed UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool isValidUtf8(std::string_view s);

// RFC 4648 base64 with padding. decode: nullopt on any character outside the
// alphabet, bad padding or bad length.
std::string base64Encode(std::string_view bytes);
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace zooscope::admin
