// Command-line parsing for zooscope-loadgen. Bad input gets a message that
// names the flag and the offending value.
#include <charconv>
#include <cmath>
#include <sstream>

#include "loadgen.h"

namespace zooscope::bench {

const char* const kUsage =
    "Usage: zooscope-loadgen [options]\n"
    "  --connect HOSTS       connect string, e.g. 127.0.0.1:2181,127.0.0.1:2182 (default 127.0.0.1:2181)\n"
    "  --sessions N          client sessions, one zhandle each (default 4)\n"
    "  --window W            outstanding async requests per session (default 64)\n"
    "  --mix SPEC            percent per op, sum 100 (default create=25,set=25,get=40,exists=10)\n"
    "  --value-size BYTES    data size of create/set (default 100)\n"
    "  --duration T          run time: 20, 20s, 500ms, 2m (default 10s)\n"
    "  --ops N               stop after N operations instead of a duration\n"
    "  --warmup T            excluded from stats (default 1s with --duration, 0 with --ops)\n"
    "  --keys N              key space per session for set/get/exists (default 1000)\n"
    "  --root PATH           parent znode of everything the loadgen writes (default /zsbench)\n"
    "  --record FILE         append every acknowledged write (path, version, mzxid, hash)\n"
    "  --verify FILE         no load: check every acknowledged write in FILE is on the server\n"
    "  --session-timeout MS  requested session timeout (default 30000)\n"
    "  --connect-timeout MS  give up connecting after MS (default 15000)\n"
    "  --seed N              random seed (default: from the clock)\n"
    "  --json                print one JSON line instead of the table\n"
    "  --fail-on-error       exit 3 if any request failed or none completed\n"
    "  --verbose             ZooKeeper C client log at INFO (default ERROR)\n"
    "Exit status: 0 done, 1 setup/verify failure, 2 bad arguments, 3 errors with --fail-on-error.\n";

const char* opName(Op op) {
    switch (op) {
    case Op::Create: return "create";
    case Op::Set: return "set";
    case Op::Get: return "get";
    case Op::Exists: return "exists";
    }
    return "?";
}

namespace {

template <typename T>
std::optional<T> parseNumber(const std::string& s) {
    T v{};
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || p != end || s.empty()) return std::nullopt;
    return v;
}

}  // namespace

std::optional<Mix> parseMix(const std::string& text, std::string* error) {
    Mix mix{};
    std::array<bool, kOpCount> seen{};
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto eq = part.find('=');
        if (eq == std::string::npos) {
            *error = "--mix: '" + part + "' is not op=percent";
            return std::nullopt;
        }
        const std::string name = part.substr(0, eq);
        int index = -1;
        for (int i = 0; i < kOpCount; ++i)
            if (name == opName(static_cast<Op>(i))) index = i;
        if (index < 0) {
            *error = "--mix: unknown op '" + name + "' (create, set, get, exists)";
            return std::nullopt;
        }
        if (seen[static_cast<size_t>(index)]) {
            *error = "--mix: '" + name + "' given twice";
            return std::nullopt;
        }
        seen[static_cast<size_t>(index)] = true;
        const auto pct = parseNumber<int>(part.substr(eq + 1));
        if (!pct || *pct < 0 || *pct > 100) {
            *error = "--mix: '" + part.substr(eq + 1) + "' for " + name + " is not a percent from 0 to 100";
            return std::nullopt;
        }
        mix[static_cast<size_t>(index)] = *pct;
    }
    int sum = 0;
    for (int p : mix) sum += p;
    if (sum != 100) {
        *error = "--mix: percents sum to " + std::to_string(sum) + ", not 100";
        return std::nullopt;
    }
    return mix;
}

std::string formatMix(const Mix& mix) {
    std::string out;
    for (int i = 0; i < kOpCount; ++i) {
        if (mix[static_cast<size_t>(i)] == 0) continue;
        if (!out.empty()) out += ",";
        out += std::string(opName(static_cast<Op>(i))) + "=" + std::to_string(mix[static_cast<size_t>(i)]);
    }
    return out;
}

std::optional<double> parseDurationSeconds(const std::string& text) {
    double scale = 1;
    std::string number = text;
    auto endsWith = [&](const std::string& suffix) {
        return number.size() > suffix.size() && number.compare(number.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (endsWith("ms")) { scale = 0.001; number.resize(number.size() - 2); }
    else if (endsWith("s")) { number.resize(number.size() - 1); }
    else if (endsWith("m")) { scale = 60; number.resize(number.size() - 1); }
    const auto v = parseNumber<double>(number);
    if (!v || *v < 0 || !std::isfinite(*v)) return std::nullopt;
    return *v * scale;
}

std::optional<Options> parseOptions(const std::vector<std::string>& args, std::string* error) {
    Options o;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= args.size()) {
                *error = a + " needs a value";
                return std::nullopt;
            }
            return args[++i];
        };
        auto intIn = [&](long long lo, long long hi) -> std::optional<long long> {
            auto v = value();
            if (!v) return std::nullopt;
            auto n = parseNumber<long long>(*v);
            if (!n || *n < lo || *n > hi) {
                *error = a + ": '" + *v + "' is not an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
                return std::nullopt;
            }
            return n;
        };
        auto seconds = [&]() -> std::optional<double> {
            auto v = value();
            if (!v) return std::nullopt;
            auto d = parseDurationSeconds(*v);
            if (!d) *error = a + ": '" + *v + "' is not a duration (20, 20s, 500ms, 2m)";
            return d;
        };
        if (a == "--connect") {
            auto v = value();
            if (!v) return std::nullopt;
            if (v->empty()) {
                *error = "--connect: empty connect string";
                return std::nullopt;
            }
            o.connect = *v;
        } else if (a == "--sessions") {
            auto n = intIn(1, 10000);
            if (!n) return std::nullopt;
            o.sessions = static_cast<int>(*n);
        } else if (a == "--window") {
            auto n = intIn(1, 100000);
            if (!n) return std::nullopt;
            o.window = static_cast<int>(*n);
        } else if (a == "--mix") {
            auto v = value();
            if (!v) return std::nullopt;
            auto m = parseMix(*v, error);
            if (!m) return std::nullopt;
            o.mix = *m;
        } else if (a == "--value-size") {
            auto n = intIn(0, 1 << 20);
            if (!n) return std::nullopt;
            o.valueSize = static_cast<int>(*n);
        } else if (a == "--duration") {
            auto d = seconds();
            if (!d) return std::nullopt;
            o.durationSeconds = *d;
        } else if (a == "--ops") {
            auto n = intIn(1, (1LL << 62));
            if (!n) return std::nullopt;
            o.totalOps = static_cast<uint64_t>(*n);
        } else if (a == "--warmup") {
            auto d = seconds();
            if (!d) return std::nullopt;
            o.warmupSeconds = *d;
        } else if (a == "--keys") {
            auto n = intIn(0, 100000000);
            if (!n) return std::nullopt;
            o.keys = static_cast<int>(*n);
        } else if (a == "--root") {
            auto v = value();
            if (!v) return std::nullopt;
            if (v->size() < 2 || (*v)[0] != '/' || v->back() == '/') {
                *error = "--root: '" + *v + "' must be an absolute znode path other than / without a trailing /";
                return std::nullopt;
            }
            o.root = *v;
        } else if (a == "--record") {
            auto v = value();
            if (!v) return std::nullopt;
            o.recordPath = *v;
        } else if (a == "--verify") {
            auto v = value();
            if (!v) return std::nullopt;
            o.verifyPath = *v;
        } else if (a == "--session-timeout") {
            auto n = intIn(1, 3600000);
            if (!n) return std::nullopt;
            o.sessionTimeoutMs = static_cast<int>(*n);
        } else if (a == "--connect-timeout") {
            auto n = intIn(1, 3600000);
            if (!n) return std::nullopt;
            o.connectTimeoutMs = static_cast<int>(*n);
        } else if (a == "--seed") {
            auto v = value();
            if (!v) return std::nullopt;
            auto n = parseNumber<uint64_t>(*v);
            if (!n) {
                *error = "--seed: '" + *v + "' is not an unsigned integer";
                return std::nullopt;
            }
            o.seed = *n;
        } else if (a == "--json") {
            o.json = true;
        } else if (a == "--fail-on-error") {
            o.failOnError = true;
        } else if (a == "--verbose") {
            o.verbose = true;
        } else {
            *error = "unknown argument '" + a + "'";
            return std::nullopt;
        }
    }
    const bool keyed = o.mix[static_cast<size_t>(Op::Set)] + o.mix[static_cast<size_t>(Op::Get)] +
                           o.mix[static_cast<size_t>(Op::Exists)] > 0;
    if (o.verifyPath.empty() && keyed && o.keys == 0) {
        *error = "--keys 0 only works with a create-only --mix";
        return std::nullopt;
    }
    if (!o.totalOps && o.durationSeconds <= 0 && o.verifyPath.empty()) {
        *error = "--duration must be > 0 (or give --ops)";
        return std::nullopt;
    }
    if (o.warmupSeconds < 0) o.warmupSeconds = o.totalOps ? 0 : 1;
    return o;
}

}  // namespace zooscope::bench
