// zooscope/decimal.h — strict decimal numbers for command lines, shared by the
// CLI11 validators (zooscope/command_line.h) and the Qt programs that parse
// with QCommandLineParser. Pure, header-only: safe from any thread.
#pragma once

#include <charconv>
#include <optional>
#include <string_view>

namespace zooscope::cli {

// All of `text` as a decimal T: nullopt for an empty text, junk before or
// after the number, a sign on an unsigned type, or a value T cannot hold. A
// floating-point T also takes exponents, "inf" and "nan"; callers check range.
template <typename T>
std::optional<T> parseDecimal(std::string_view text) {
    T v{};
    const char* end = text.data() + text.size();
    auto [p, ec] = std::from_chars(text.data(), end, v);
    if (text.empty() || ec != std::errc() || p != end) return std::nullopt;
    return v;
}

}  // namespace zooscope::cli
