// Helpers the answer parsers share (four_letter_answers.cpp,
// admin_answers.cpp): number syntax as ZooKeeper writes it, line splitting,
// and the sentences every four-letter word may answer instead of data.
// Pure functions; internal to the monitor layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/server_answers.h"

namespace zooscope::monitor::detail {

// ZooKeeper's answer when it has no quorum (or, on a leader, leaderServes=no).
inline constexpr std::string_view kNotServing = "This ZooKeeper instance is not currently serving requests";

// A decimal long ("-12", "0"); nullopt for anything else, overflow included.
std::optional<int64_t> parseDecimal(std::string_view s);
// Long.toHexString after "0x" ("0x100000004", "0xffffffffffffffff" = -1).
std::optional<int64_t> parseHex(std::string_view s);
// Java's Double.toString ("0.0", "8.7778", "1.0E-4") or a plain integer.
std::optional<double> parseDouble(std::string_view s);

// A zxid, a session id or a latency as an int64 when it fits.
inline bool fitsInt64(double d) { return d >= -9.2e18 && d <= 9.2e18; }

std::string_view trim(std::string_view s);
// Quotes a piece of an answer for a message, shortened and with control
// bytes escaped, so a garbage answer cannot garble the sentence.
std::string excerpt(std::string_view s);

// An answer split at '\n' (a trailing '\r' is dropped from each line):
// `complete` are the lines that ended with a newline, `partial` what follows
// the last newline ("" when the answer ends with one).
struct Lines {
    std::vector<std::string_view> complete;
    std::string_view partial;
};
Lines splitLines(std::string_view text);

// The sentences any four-letter word may answer instead of its data.
// Returns the Answer's status and message when `text` is empty, a refusal of
// `word` by the whitelist, ZooKeeper's "not currently serving" or a prefix of
// either cut short; nullopt when `text` should be read as the word's answer.
struct Verdict {
    AnswerStatus status;
    std::string message;
    std::string said;  // Answer::said
};
std::optional<Verdict> fourLetterPreamble(std::string_view text, std::string_view word);

// A sentence for a line that does not belong to `word`'s answer.
Verdict notThisAnswer(std::string_view word, size_t lineNumber, std::string_view line);
// A sentence for an answer of `word` that stops early.
Verdict cutShort(std::string_view word, std::string_view missing);

template <class T>
Answer<T> withVerdict(Verdict v, T value = T{}) {
    Answer<T> a{v.status, std::move(v.message), std::move(value)};
    a.said = std::move(v.said);
    return a;
}

}  // namespace zooscope::monitor::detail
