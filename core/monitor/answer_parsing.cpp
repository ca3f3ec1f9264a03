#include "monitor/answer_parsing.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace zooscope::monitor {

std::string_view statusName(AnswerStatus status) {
    switch (status) {
    case AnswerStatus::Ok: return "ok";
    case AnswerStatus::Refused: return "refused";
    case AnswerStatus::NotServing: return "not serving";
    case AnswerStatus::Error: return "error";
    case AnswerStatus::Truncated: return "truncated";
    case AnswerStatus::Malformed: return "malformed";
    case AnswerStatus::Empty: return "empty";
    }
    return "?";
}

std::string_view modeName(ServerMode mode) {
    switch (mode) {
    case ServerMode::Leader: return "leader";
    case ServerMode::Follower: return "follower";
    case ServerMode::Observer: return "observer";
    case ServerMode::Standalone: return "standalone";
    case ServerMode::ReadOnly: return "read-only";
    case ServerMode::NotServing: return "not-serving";
    case ServerMode::Down: return "down";
    case ServerMode::Unreachable: return "unreachable";
    }
    return "?";
}

std::optional<ServerMode> serverModeFromName(std::string_view name) {
    if (name == "leader") return ServerMode::Leader;
    if (name == "follower") return ServerMode::Follower;
    if (name == "observer") return ServerMode::Observer;
    if (name == "standalone") return ServerMode::Standalone;
    if (name == "read-only") return ServerMode::ReadOnly;
    return std::nullopt;
}

std::optional<std::string_view> metric(const Metrics& metrics, std::string_view key) {
    for (const auto& m : metrics) {
        if (m.key == key) return std::string_view(m.value);
    }
    return std::nullopt;
}

namespace detail {

std::optional<int64_t> parseDecimal(std::string_view s) {
    int64_t v = 0;
    if (s.empty() || s.front() == '+') return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 10);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return v;
}

std::optional<int64_t> parseHex(std::string_view s) {
    if (s.size() < 3 || s.size() > 18 || s[0] != '0' || s[1] != 'x') return std::nullopt;
    s.remove_prefix(2);
    uint64_t v = 0;
    if (s.front() == '-' || s.front() == '+') return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
    if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
    return static_cast<int64_t>(v);  // Long.toHexString wrote the two's complement
}

std::optional<double> parseDouble(std::string_view s) {
    double v = 0;
    if (s.empty() || s.front() == '+') return std::nullopt;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, std::chars_format::general);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

std::string excerpt(std::string_view s) {
    constexpr size_t kMax = 60;
    std::string out = "'";
    for (size_t i = 0; i < s.size() && i < kMax; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f || c >= 0x80) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02x", c);
            out += buf;
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > kMax) out += "...";
    return out + "'";
}

Lines splitLines(std::string_view text) {
    Lines out;
    size_t start = 0;
    for (;;) {
        const size_t nl = text.find('\n', start);
        if (nl == std::string_view::npos) break;
        std::string_view line = text.substr(start, nl - start);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.complete.push_back(line);
        start = nl + 1;
    }
    out.partial = text.substr(start);
    return out;
}

namespace {

bool isProperPrefix(std::string_view text, std::string_view of) {
    return text.size() < of.size() && of.substr(0, text.size()) == text;
}

}  // namespace

std::optional<Verdict> fourLetterPreamble(std::string_view text, std::string_view word) {
    if (text.empty()) return Verdict{AnswerStatus::Empty, "the server sent nothing for " + std::string(word)};
    // FourLetterCommands: "<word> is not executed because it is not in the whitelist."
    const std::string refusal = std::string(word) + " is not executed because it is not in the whitelist.";
    if (text.substr(0, refusal.size()) == refusal) {
        return Verdict{AnswerStatus::Refused, std::string(word) + " is not in the server's 4lw.commands.whitelist (it answered \"" +
                                                  refusal + "\")",
                       refusal};
    }
    if (text.substr(0, kNotServing.size()) == kNotServing) {
        return Verdict{AnswerStatus::NotServing, "the server is not serving requests (it answered \"" +
                                                     std::string(kNotServing) + "\")",
                       std::string(kNotServing)};
    }
    if (isProperPrefix(text, refusal) || isProperPrefix(text, kNotServing)) {
        return Verdict{AnswerStatus::Truncated, "the answer to " + std::string(word) + " was cut short: " + excerpt(text),
                       excerpt(text)};
    }
    return std::nullopt;
}

Verdict notThisAnswer(std::string_view word, size_t lineNumber, std::string_view line) {
    return Verdict{AnswerStatus::Malformed, "line " + std::to_string(lineNumber) + " " + excerpt(line) +
                                                " is not part of an answer to " + std::string(word),
                   excerpt(line)};
}

Verdict cutShort(std::string_view word, std::string_view missing) {
    return Verdict{AnswerStatus::Truncated,
                   "the answer to " + std::string(word) + " was cut short (" + std::string(missing) + ")"};
}

}  // namespace detail
}  // namespace zooscope::monitor
