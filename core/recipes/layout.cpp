#include "recipes/layout.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

namespace zooscope::recipes::layout {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isHex(char c) { return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

std::array<uint8_t, 16> randomUuidBytes() {
    thread_local std::mt19937_64 rng{[] {
        std::random_device rd;
        std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd()};
        return std::mt19937_64(seq);
    }()};
    std::array<uint8_t, 16> b{};
    for (int i = 0; i < 2; ++i) {
        const uint64_t v = rng();
        for (int j = 0; j < 8; ++j) b[static_cast<size_t>(i * 8 + j)] = static_cast<uint8_t>(v >> (8 * j));
    }
    b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);  // version 4
    b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);  // IETF variant
    return b;
}

std::string hex(const std::array<uint8_t, 16>& b) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (uint8_t v : b) {
        out += kDigits[v >> 4];
        out += kDigits[v & 15];
    }
    return out;
}

// The markers a scheme's own nodes carry, and those of the other library.
std::vector<std::string_view> ownMarkers(Scheme scheme) {
    switch (scheme) {
    case Scheme::CuratorMutex: return {kMutexMarker};
    case Scheme::CuratorLatch: return {kLatchMarker};
    case Scheme::CuratorRead:
    case Scheme::CuratorWrite: return {kReadMarker, kWriteMarker};
    case Scheme::KazooLock: return {kKazooLockMarker};
    }
    return {};
}

bool isCurator(Scheme scheme) { return scheme != Scheme::KazooLock; }

std::string_view sortKey(Scheme scheme, std::string_view name) {
    switch (scheme) {
    case Scheme::CuratorMutex: return curatorSortKey(name, kMutexMarker);
    case Scheme::CuratorLatch: return curatorSortKey(name, kLatchMarker);
    case Scheme::CuratorRead:
    case Scheme::CuratorWrite: return curatorReadWriteSortKey(name);
    case Scheme::KazooLock: return kazooSequence(name, kKazooLockMarker).value_or(std::string_view{});
    }
    return name;
}

// A node of the other library (or of another Curator recipe type that a
// reader of this path must not trust): kazoo lock nodes on a Curator path,
// Curator lock nodes on a kazoo path.
bool isForeign(Scheme scheme, std::string_view name) {
    if (isCurator(scheme))
        return kazooSequence(name, kKazooLockMarker).has_value() || kazooSequence(name, kKazooReadMarker).has_value();
    return isCuratorNode(name, kMutexMarker) || isCuratorNode(name, kReadMarker) || isCuratorNode(name, kWriteMarker);
}

std::string foreignProblem(Scheme scheme, const std::string& name) {
    if (isCurator(scheme))
        return "child '" + name +
               "' is a kazoo lock node on a path in Curator's layout: Curator orders it by its random prefix, so "
               "a path shared by Curator and kazoo clients is unsafe";
    return "child '" + name +
           "' is a Curator lock node on a path in kazoo's layout: kazoo does not see it as a contender, so a path "
           "shared by Curator and kazoo clients is unsafe";
}

std::string junkProblem(Scheme scheme, const std::string& name) {
    return "child '" + name + "' is not a " + (scheme == Scheme::CuratorLatch ? "leader latch" : "lock") +
           " node of Curator's layout but sorts before a contender: Curator would count it as ahead and wait for it "
           "forever";
}

std::optional<std::string> firstForeign(Scheme scheme, const std::vector<std::string>& children) {
    for (const std::string& c : children)
        if (isForeign(scheme, c)) return foreignProblem(scheme, c);
    return std::nullopt;
}

}  // namespace

std::string newUuid() {
    const std::string h = hex(randomUuidBytes());
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string newUuidHex() { return hex(randomUuidBytes()); }

std::string curatorProtectedName(std::string_view uuid, std::string_view marker) {
    std::string out(kCuratorPrefix);
    out += uuid;
    out += '-';
    out += marker;
    return out;
}

std::string kazooName(std::string_view hexId, std::string_view marker) {
    std::string out(hexId);
    out += marker;
    return out;
}

bool isUuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (size_t i = 0; i < s.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isHex(s[i])) return false;
    }
    return true;
}

bool isSequence(std::string_view text) {
    size_t digits = text.size();
    if (!text.empty() && text[0] == '-') {
        text.remove_prefix(1);
        digits = text.size();
        if (digits != 9 && digits != 10) return false;
    } else if (digits != 10) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), isDigit);
}

bool isCuratorNode(std::string_view name, std::string_view marker) {
    // "_c_" + 36 + "-" + marker + sequence
    const size_t head = kCuratorPrefix.size() + 36 + 1;
    if (name.size() < head + marker.size() || name.substr(0, kCuratorPrefix.size()) != kCuratorPrefix) return false;
    if (!isUuid(name.substr(kCuratorPrefix.size(), 36)) || name[head - 1] != '-') return false;
    if (name.substr(head, marker.size()) != marker) return false;
    return isSequence(name.substr(head + marker.size()));
}

std::optional<std::string_view> kazooSequence(std::string_view name, std::string_view marker) {
    // "(?:marker)(-?\d{10})$": 10 digits at the end, an optional '-' before
    // them, and the marker right before that.
    if (name.size() < 10) return std::nullopt;
    const std::string_view digits = name.substr(name.size() - 10);
    if (!std::all_of(digits.begin(), digits.end(), isDigit)) return std::nullopt;
    size_t start = name.size() - 10;
    const auto markerEndsAt = [&](size_t end) {
        return end >= marker.size() && name.substr(end - marker.size(), marker.size()) == marker;
    };
    if (start > 0 && name[start - 1] == '-' && markerEndsAt(start - 1)) return name.substr(start - 1);
    if (markerEndsAt(start)) return name.substr(start);
    return std::nullopt;
}

std::string_view curatorSortKey(std::string_view name, std::string_view marker) {
    const size_t at = name.rfind(marker);
    if (at == std::string_view::npos) return name;
    return name.substr(at + marker.size());
}

std::string_view curatorReadWriteSortKey(std::string_view name) {
    return curatorSortKey(curatorSortKey(name, kReadMarker), kWriteMarker);
}

bool isSchemeNode(Scheme scheme, std::string_view name) {
    if (scheme == Scheme::KazooLock) return kazooSequence(name, kKazooLockMarker).has_value();
    for (std::string_view m : ownMarkers(scheme))
        if (isCuratorNode(name, m)) return true;
    return false;
}

std::vector<std::string> librarySort(Scheme scheme, const std::vector<std::string>& children) {
    std::vector<std::string> out;
    for (const std::string& c : children)
        if (isCurator(scheme) || isSchemeNode(scheme, c)) out.push_back(c);
    // Java's String.compareTo compares UTF-16 units and std::string bytes;
    // they agree on every name these libraries write (ASCII).
    std::stable_sort(out.begin(), out.end(), [scheme](const std::string& a, const std::string& b) {
        return sortKey(scheme, a) < sortKey(scheme, b);
    });
    return out;
}

Decision decide(Scheme scheme, const std::vector<std::string>& children, const std::string& ours, bool ownsWrite) {
    Decision d;
    if (auto problem = firstForeign(scheme, children)) {
        d.kind = Decision::Kind::Damaged;
        d.problem = *problem;
        return d;
    }
    const std::vector<std::string> sorted = librarySort(scheme, children);
    const auto it = std::find(sorted.begin(), sorted.end(), ours);
    if (it == sorted.end()) {
        d.kind = Decision::Kind::Missing;
        return d;
    }
    const size_t index = static_cast<size_t>(it - sorted.begin());
    if (isCurator(scheme)) {
        for (size_t i = 0; i < index; ++i) {
            if (!isSchemeNode(scheme, sorted[i])) {
                d.kind = Decision::Kind::Damaged;
                d.problem = junkProblem(scheme, sorted[i]);
                return d;
            }
        }
    }
    if (scheme == Scheme::CuratorRead) {
        // Curator's reader: holds unless a writer's node is before it.
        if (ownsWrite) {
            d.kind = Decision::Kind::Holds;
            return d;
        }
        for (size_t i = 0; i < index; ++i) {
            if (sorted[i].find(kWriteMarker) != std::string::npos) {
                d.kind = Decision::Kind::Waits;
                d.watch = sorted[i];
                return d;
            }
        }
        d.kind = Decision::Kind::Holds;
        return d;
    }
    if (index == 0) {
        d.kind = Decision::Kind::Holds;
        return d;
    }
    d.kind = Decision::Kind::Waits;
    d.watch = sorted[index - 1];
    return d;
}

Ordered contenders(Scheme scheme, const std::vector<std::string>& children) {
    Ordered o;
    if (auto problem = firstForeign(scheme, children)) {
        o.problem = *problem;
        return o;
    }
    const std::vector<std::string> sorted = librarySort(scheme, children);
    std::string firstJunk;
    for (const std::string& name : sorted) {
        if (isSchemeNode(scheme, name)) {
            if (!firstJunk.empty()) {
                o.nodes.clear();
                o.problem = junkProblem(scheme, firstJunk);
                return o;
            }
            o.nodes.push_back(name);
        } else if (firstJunk.empty()) {
            firstJunk = name;
        }
    }
    return o;
}

}  // namespace zooscope::recipes::layout
