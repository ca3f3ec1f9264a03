// WordOrAdmin: asks one server a four-letter word and, when the word is
// refused or unanswered and the server's AdminServer is known, the
// AdminServer's command of the same meaning (ZooKeeper 3.8 whitelists only
// srvr by default, so on real clusters the AdminServer is often the only
// way). Internal to core/readers.
// Contract: ask() returns the parsed answer, or nullopt and appends one
// sentence to *why naming what was tried and why each failed.
// Threads: one caller at a time; blocks up to twice the timeout.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "zooscope/server_probe.h"

namespace zooscope::readers {

class WordOrAdmin {
public:
    WordOrAdmin(const monitor::ProbeTarget& target, std::chrono::milliseconds timeout,
                const monitor::FourLetterWordTransport& words, const monitor::AdminTransport& admin)
        : target_(target), timeout_(timeout), words_(words), admin_(admin) {}

    std::string word(std::string_view w) const { return words_(target_.client, w, timeout_); }

    template <class T, class WordParse, class AdminParse>
    std::optional<T> ask(std::string_view w, WordParse parseWord, std::string_view command, AdminParse parseAdmin,
                         bool* viaAdmin, std::string* why) const {
        auto a = parseWord(word(w));
        if (a.ok()) return std::move(a.value);
        std::string note = std::string(w) + ": " + (a.message.empty() ? "no answer" : a.message);
        if (target_.admin) {
            const monitor::Fetched f = admin_(*target_.admin, command, timeout_);
            if (f.answered) {
                auto b = parseAdmin(f.body);
                if (b.ok()) {
                    *viaAdmin = true;
                    return std::move(b.value);
                }
                note += "; AdminServer " + std::string(command) + ": " + b.message;
            } else {
                note += "; AdminServer " + std::string(command) + ": " + f.error;
            }
        }
        *why += (why->empty() ? "" : " ") + note + (note.ends_with('.') ? "" : ".");
        return std::nullopt;
    }

private:
    const monitor::ProbeTarget& target_;
    std::chrono::milliseconds timeout_;
    const monitor::FourLetterWordTransport& words_;
    const monitor::AdminTransport& admin_;
};

}  // namespace zooscope::readers
