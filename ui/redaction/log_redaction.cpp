#include "redaction/log_redaction.h"

#include <mutex>
#include <set>

namespace zooscope::ui {

namespace {

constexpr size_t kMinSecretLength = 4;

std::mutex& secretsMutex() {
    static std::mutex m;
    return m;
}
std::set<std::string>& secrets() {
    static std::set<std::string> s;  // GUARDED_BY(secretsMutex())
    return s;
}

}  // namespace

void registerSecretForRedaction(const std::string& secret) {
    if (secret.size() < kMinSecretLength) return;
    std::lock_guard lock(secretsMutex());
    secrets().insert(secret);
}

std::string redactSecrets(std::string_view text) {
    std::string out(text);
    std::lock_guard lock(secretsMutex());
    for (const auto& s : secrets()) {
        for (size_t pos = out.find(s); pos != std::string::npos; pos = out.find(s, pos + 3)) out.replace(pos, s.size(), "***");
    }
    return out;
}

}  // namespace zooscope::ui
