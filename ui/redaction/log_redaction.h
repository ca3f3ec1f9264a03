// Known secrets masked in every log line: the second line of defence (the
// code never logs secrets in the first place).
//
// Threads: both functions are thread-safe (the sinks run on whatever thread
// logs).
#pragma once

#include <string>
#include <string_view>

namespace zooscope::ui {

// Adds `secret` to the set every sink masks as "***". Secrets shorter than 4
// characters are not registered (masking one or two letters would garble
// every line).
void registerSecretForRedaction(const std::string& secret);
// `text` with every registered secret replaced by "***".
std::string redactSecrets(std::string_view text);

}  // namespace zooscope::ui
