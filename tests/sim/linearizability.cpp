#include "linearizability.h"

#include <algorithm>
#include <map>
#include <unordered_set>

namespace zooscope::sim {
namespace {

struct State {
    bool exists = false;
    std::string value;
    int32_t version = 0;
};

// Applies `op` to `s`; false when the op's recorded result is impossible from s.
bool step(const RegOp& op, State& s) {
    const bool indeterminate = op.response == RegOp::kNever;
    switch (op.kind) {
    case RegOp::Create: {
        bool can = !s.exists;
        if (!indeterminate && op.ok != can) return false;
        if (can) s = State{true, op.value, 0};
        return true;
    }
    case RegOp::Write: {
        bool can = s.exists;
        if (!indeterminate && op.ok != can) return false;
        if (can) {
            s.value = op.value;
            ++s.version;
        }
        return true;
    }
    case RegOp::Cas: {
        bool can = s.exists && s.version == op.expectVersion;
        if (!indeterminate && op.ok != can) return false;
        if (can) {
            s.value = op.value;
            ++s.version;
        }
        return true;
    }
    case RegOp::Read:
        if (indeterminate) return true;
        if (op.exists != s.exists) return false;
        return !s.exists || (op.readValue == s.value && op.readVersion == s.version);
    }
    return false;
}

std::string memoKey(const std::vector<uint64_t>& done, const State& s) {
    std::string k(reinterpret_cast<const char*>(done.data()), done.size() * 8);
    k.push_back(s.exists ? '1' : '0');
    k.append(reinterpret_cast<const char*>(&s.version), sizeof s.version);
    k += s.value;
    return k;
}

class KeyChecker {
public:
    KeyChecker(std::vector<RegOp> ops, size_t maxStates) : ops_(std::move(ops)), maxStates_(maxStates) {
        std::sort(ops_.begin(), ops_.end(), [](const RegOp& a, const RegOp& b) { return a.invoke < b.invoke; });
        done_.assign((ops_.size() + 63) / 64, 0);
        for (const auto& o : ops_)
            if (o.response != RegOp::kNever) ++determinate_;
    }

    // 1: linearizable, 0: not, -1: budget exhausted.
    int run() { return search(State{}, 0); }
    size_t deepest() const { return deepest_; }
    const std::vector<RegOp>& ops() const { return ops_; }

private:
    bool isDone(size_t i) const { return done_[i / 64] >> (i % 64) & 1; }
    void flip(size_t i) { done_[i / 64] ^= uint64_t(1) << (i % 64); }

    int search(const State& s, size_t determinateDone) {
        if (determinateDone == determinate_) return 1;
        deepest_ = std::max(deepest_, determinateDone);
        if (!seen_.insert(memoKey(done_, s)).second) return 0;
        if (seen_.size() > maxStates_) return -1;
        // An op may go next only if it was invoked before every pending
        // determinate op responded.
        int64_t minResponse = RegOp::kNever;
        for (size_t i = 0; i < ops_.size(); ++i)
            if (!isDone(i)) minResponse = std::min(minResponse, ops_[i].response);
        for (size_t i = 0; i < ops_.size(); ++i) {
            if (isDone(i)) continue;
            if (ops_[i].invoke > minResponse) break;  // sorted by invoke
            State next = s;
            if (!step(ops_[i], next)) continue;
            flip(i);
            int r = search(next, determinateDone + (ops_[i].response != RegOp::kNever ? 1 : 0));
            flip(i);
            if (r != 0) return r;
        }
        return 0;
    }

    std::vector<RegOp> ops_;
    size_t maxStates_;
    size_t determinate_ = 0;
    size_t deepest_ = 0;
    std::vector<uint64_t> done_;
    std::unordered_set<std::string> seen_;
};

}  // namespace

std::string describe(const RegOp& op) {
    static const char* kinds[] = {"create", "write", "cas", "read"};
    std::string s = "c" + std::to_string(op.client) + " " + kinds[op.kind] + " " + op.key;
    if (op.kind == RegOp::Cas) s += " v" + std::to_string(op.expectVersion);
    if (op.kind != RegOp::Read) s += " '" + op.value + "'";
    s += " [" + std::to_string(op.invoke) + ", " +
         (op.response == RegOp::kNever ? std::string("?") : std::to_string(op.response)) + "] -> ";
    if (op.response == RegOp::kNever) return s + "unknown";
    if (op.kind == RegOp::Read)
        return s + (op.exists ? "'" + op.readValue + "' v" + std::to_string(op.readVersion) : std::string("none"));
    return s + (op.ok ? "ok" : "failed");
}

LinResult checkLinearizable(const std::vector<RegOp>& history, size_t maxStates) {
    std::map<std::string, std::vector<RegOp>> byKey;
    for (const auto& op : history) byKey[op.key].push_back(op);
    LinResult result;
    for (auto& [key, ops] : byKey) {
        KeyChecker c(std::move(ops), maxStates);
        int r = c.run();
        if (r == 1) continue;
        result.linearizable = false;
        result.exhausted = r < 0;
        result.key = key;
        result.explanation = r < 0 ? "search budget exhausted on " + key
                                   : "no linearization of " + key + " (at most " + std::to_string(c.deepest()) +
                                         " determinate ops ordered); ops by invocation:";
        for (const auto& op : c.ops()) result.explanation += "\n  " + describe(op);
        return result;
    }
    return result;
}

}  // namespace zooscope::sim
