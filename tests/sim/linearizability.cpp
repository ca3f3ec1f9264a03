#include "linearizability.h"

#include <algorithm>
#include <map>
#include <unordered_set>
#include <utility>

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

// Searches one key's history. Determinate operations (a response came) and
// indeterminate ones are kept apart, each sorted by invocation: every
// determinate op below low_ is linearized, so each step only looks at the
// ops invoked before the earliest pending response (the concurrency window),
// and the memo holds the done bits from low_ on. The depth-first search keeps
// its own stack, so a history of any length fits.
// The value an anonymous write leaves (KeyChecker): no read returned it.
const std::string kUnread("\x01unread");

class KeyChecker {
public:
    KeyChecker(const std::vector<RegOp>& ops, size_t maxStates) : maxStates_(maxStates) {
        for (const auto& o : ops) (o.response == RegOp::kNever ? ind_ : det_).push_back(o);
        const auto byInvoke = [](const RegOp& a, const RegOp& b) { return a.invoke < b.invoke; };
        std::stable_sort(det_.begin(), det_.end(), byInvoke);
        std::stable_sort(ind_.begin(), ind_.end(), byInvoke);
        std::unordered_set<std::string> read;
        for (const auto& o : det_)
            if (o.kind == RegOp::Read && o.exists) read.insert(o.readValue);
        for (const auto& o : ind_) anonymous_.push_back(o.kind == RegOp::Write && !read.count(o.value));
        detDone_.assign(det_.size() / 64 + 1, 0);
        indDone_.assign(ind_.size() / 64 + 1, 0);
    }

    // 1: linearizable, 0: not, -1: budget exhausted.
    int run();
    // The ops around where the longest partial linearization got stuck (all of
    // them for a short history), by invocation.
    std::vector<RegOp> aroundStuck() const;
    size_t deepest() const { return deepest_; }

private:
    struct Frame {
        State state;
        int64_t minResponse = 0;  // earliest response among pending determinate ops
        bool inInd = false;       // candidates: determinate ops first, then indeterminate ones
        size_t next = 0;          // next candidate index in the current list (from low_ among the determinate)
        bool chose = false;       // a child is on the stack: undo (choseDet, chosen) when it returns
        bool choseDet = false;
        size_t chosen = 0;
        size_t savedLow = 0;
        bool anonymousTried = false;  // the earliest anonymous write not yet applied was a candidate
    };

    static bool bit(const std::vector<uint64_t>& v, size_t i) { return v[i / 64] >> (i % 64) & 1; }
    static void flip(std::vector<uint64_t>& v, size_t i) { v[i / 64] ^= uint64_t(1) << (i % 64); }

    std::string memoKey(const State& s) const {
        size_t last = detDone_.size();
        while (last > low_ / 64 && detDone_[last - 1] == 0) --last;
        std::string k(reinterpret_cast<const char*>(&low_), sizeof low_);
        for (size_t w = low_ / 64; w < last; ++w) k.append(reinterpret_cast<const char*>(&detDone_[w]), 8);
        k.push_back('|');
        k.append(reinterpret_cast<const char*>(indDone_.data()), indDone_.size() * 8);
        k.push_back(s.exists ? '1' : '0');
        k.append(reinterpret_cast<const char*>(&s.version), sizeof s.version);
        k += s.value;
        return k;
    }

    // Sets up a frame for `s`; false when the state was seen before.
    bool enter(Frame& f) {
        if (!seen_.insert(memoKey(f.state)).second) return false;
        f.next = low_;
        f.minResponse = RegOp::kNever;
        for (size_t i = low_; i < det_.size() && det_[i].invoke <= f.minResponse; ++i)
            if (!bit(detDone_, i)) f.minResponse = std::min(f.minResponse, det_[i].response);
        return true;
    }

    std::vector<RegOp> det_, ind_;
    // Indeterminate unconditional writes whose value no read returned: they
    // differ only in when they may happen, so the search applies the earliest
    // invoked one not yet applied and never another in its place (any
    // linearization applying some of them can apply the earliest as many
    // instead), and the value they leave is one placeholder. Without this,
    // every subset of them is a state of its own.
    std::vector<bool> anonymous_;
    size_t maxStates_;
    std::vector<uint64_t> detDone_, indDone_;
    size_t low_ = 0;       // every determinate op below low_ is done
    size_t detDoneCount_ = 0;
    size_t deepest_ = 0;
    size_t stuckLow_ = 0;  // low_ when deepest_ was reached
    std::unordered_set<std::string> seen_;
};

int KeyChecker::run() {
    if (det_.empty()) return 1;
    std::vector<Frame> stack(1);
    if (!enter(stack.back())) return 0;
    while (!stack.empty()) {
        Frame& f = stack.back();
        if (f.chose) {  // the child failed: undo its op
            if (f.choseDet) {
                flip(detDone_, f.chosen);
                --detDoneCount_;
                low_ = f.savedLow;
            } else {
                flip(indDone_, f.chosen);
            }
            f.chose = false;
        }
        // The next candidate: an op invoked before every pending determinate
        // op responded, whose recorded result fits the state.
        bool found = false;
        State next;
        while (!found) {
            if (!f.inInd) {
                if (f.next >= det_.size() || det_[f.next].invoke > f.minResponse) {
                    f.inInd = true;
                    f.next = 0;
                    continue;
                }
            } else if (f.next >= ind_.size() || ind_[f.next].invoke > f.minResponse) {
                break;
            }
            const size_t i = f.next++;
            const bool isDet = !f.inInd;
            if (bit(isDet ? detDone_ : indDone_, i)) continue;
            const bool anonymous = !isDet && anonymous_[i];
            if (anonymous && std::exchange(f.anonymousTried, true)) continue;
            next = f.state;
            if (!step(isDet ? det_[i] : ind_[i], next)) continue;
            if (anonymous) next.value = kUnread;
            found = true;
            f.chose = true;
            f.choseDet = isDet;
            f.chosen = i;
            f.savedLow = low_;
        }
        if (!found) {
            stack.pop_back();
            continue;
        }
        if (f.choseDet) {
            flip(detDone_, f.chosen);
            ++detDoneCount_;
            while (low_ < det_.size() && bit(detDone_, low_)) ++low_;
            if (detDoneCount_ > deepest_) {
                deepest_ = detDoneCount_;
                stuckLow_ = low_;
            }
            if (detDoneCount_ == det_.size()) return 1;
        } else {
            flip(indDone_, f.chosen);
        }
        if (seen_.size() > maxStates_) return -1;
        Frame child;
        child.state = std::move(next);
        const bool fresh = enter(child);
        if (fresh) stack.push_back(std::move(child));  // `f` may dangle from here on
    }
    return 0;
}

std::vector<RegOp> KeyChecker::aroundStuck() const {
    constexpr size_t kBefore = 20, kAfter = 40;
    const size_t from = stuckLow_ > kBefore ? stuckLow_ - kBefore : 0;
    const size_t to = std::min(det_.size(), stuckLow_ + kAfter);
    std::vector<RegOp> out(det_.begin() + static_cast<long>(from), det_.begin() + static_cast<long>(to));
    const int64_t until = to < det_.size() ? det_[to].invoke : RegOp::kNever;
    for (const auto& o : ind_)
        if (o.invoke < until) out.push_back(o);
    std::stable_sort(out.begin(), out.end(), [](const RegOp& a, const RegOp& b) { return a.invoke < b.invoke; });
    return out;
}

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
        KeyChecker c(ops, maxStates);
        int r = c.run();
        if (r == 1) continue;
        result.linearizable = false;
        result.exhausted = r < 0;
        result.key = key;
        result.explanation = r < 0 ? "search budget exhausted on " + key
                                   : "no linearization of " + key + " (at most " + std::to_string(c.deepest()) +
                                         " determinate ops ordered); ops by invocation around where it stuck:";
        for (const auto& op : c.aroundStuck()) result.explanation += "\n  " + describe(op);
        return result;
    }
    return result;
}

}  // namespace zooscope::sim
