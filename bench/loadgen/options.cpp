// Command-line parsing for zooscope-loadgen (CLI11, see core/cli). Bad input
// gets a message that names the flag and the offending value.
#include <cmath>
#include <map>
#include <sstream>

#include "zooscope/command_line.h"
#include "zooscope/decimal.h"
#include "loadgen.h"

namespace zooscope::bench {

const char* opName(Op op) {
    switch (op) {
    case Op::Create: return "create";
    case Op::Set: return "set";
    case Op::Get: return "get";
    case Op::Exists: return "exists";
    }
    return "?";
}

std::optional<Mix> parseMix(const std::string& text, std::string* error) {
    Mix mix{};
    std::array<bool, kOpCount> seen{};
    std::stringstream in(text);
    std::string part;
    while (std::getline(in, part, ',')) {
        const auto eq = part.find('=');
        if (eq == std::string::npos) {
            *error = "'" + part + "' is not op=percent";
            return std::nullopt;
        }
        const std::string name = part.substr(0, eq);
        int index = -1;
        for (int i = 0; i < kOpCount; ++i)
            if (name == opName(static_cast<Op>(i))) index = i;
        if (index < 0) {
            *error = "unknown op '" + name + "' (create, set, get, exists)";
            return std::nullopt;
        }
        if (seen[static_cast<size_t>(index)]) {
            *error = "'" + name + "' given twice";
            return std::nullopt;
        }
        seen[static_cast<size_t>(index)] = true;
        const auto pct = zooscope::cli::parseDecimal<int>(part.substr(eq + 1));
        if (!pct || *pct < 0 || *pct > 100) {
            *error = "'" + part.substr(eq + 1) + "' for " + name + " is not a percent from 0 to 100";
            return std::nullopt;
        }
        mix[static_cast<size_t>(index)] = *pct;
    }
    int sum = 0;
    for (int p : mix) sum += p;
    if (sum != 100) {
        *error = "percents sum to " + std::to_string(sum) + ", not 100";
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
    const auto v = zooscope::cli::parseDecimal<double>(number);
    if (!v || *v < 0 || !std::isfinite(*v)) return std::nullopt;
    return *v * scale;
}

namespace {

// Checks for option values: "" when fine, else what is wrong. The parser that
// checks runs again where the value is stored.
std::string durationProblem(const std::string& text) {
    return parseDurationSeconds(text) ? std::string() : "'" + text + "' is not a duration (20, 20s, 500ms, 2m)";
}

std::string mixProblem(const std::string& text) {
    std::string error;
    return parseMix(text, &error) ? std::string() : error;
}

std::string rootProblem(const std::string& text) {
    if (text.size() >= 2 && text[0] == '/' && text.back() != '/') return {};
    return "'" + text + "' must be an absolute znode path other than / without a trailing /";
}

std::string connectProblem(const std::string& text) { return text.empty() ? "empty connect string" : std::string(); }

}  // namespace

const char* clientName(ClientKind kind) { return kind == ClientKind::Wire ? "wire" : "c"; }

std::unique_ptr<CLI::App> commandLine(Options* o) {
    using zooscope::cli::integer;
    auto cli = std::make_unique<CLI::App>(
        "A pipelined load generator and no-loss checker for any ZooKeeper-compatible server.", "zooscope-loadgen");
    CLI::App& app = *cli;
    zooscope::cli::useConventions(app);
    app.footer("Exit status: 0 done, 1 setup/verify failure, 2 bad arguments, 3 errors with --fail-on-error.");
    app.add_option("--connect", o->connect, "connect string, e.g. 127.0.0.1:2181,127.0.0.1:2182 (default 127.0.0.1:2181)")
        ->check(connectProblem)->type_name("HOSTS");
    app.add_option("--sessions", o->sessions, "client sessions, one zhandle each (default 4)")
        ->transform(integer(1, 10000));
    app.add_option("--window", o->window, "outstanding async requests per session (default 64)")
        ->transform(integer(1, 100000));
    app.add_option("--rate", o->rate, "open loop: requests per second over all sessions (default 0: closed loop)")
        ->check(CLI::Range(0.0, 10'000'000.0))->type_name("OPS");
    app.add_option_function<std::string>(
           "--mix",
           [o](const std::string& v) {
               std::string unused;  // the validator already accepted v
               o->mix = *parseMix(v, &unused);
           },
           "percent per op, sum 100 (default create=25,set=25,get=40,exists=10)")
        ->check(mixProblem)->type_name("SPEC");
    app.add_option("--value-size", o->valueSize, "data size of create/set in bytes (default 100)")
        ->transform(integer(0, 1 << 20));
    app.add_option_function<std::string>(
           "--duration", [o](const std::string& v) { o->durationSeconds = *parseDurationSeconds(v); },
           "run time: 20, 20s, 500ms, 2m (default 10s)")
        ->check(durationProblem)->type_name("T");
    app.add_option_function<long long>(
           "--ops", [o](long long n) { o->totalOps = static_cast<uint64_t>(n); },
           "stop after N operations instead of a duration")
        ->transform(integer(1, 1LL << 62));
    app.add_option_function<std::string>(
           "--warmup", [o](const std::string& v) { o->warmupSeconds = *parseDurationSeconds(v); },
           "excluded from stats (default 1s with --duration, 0 with --ops)")
        ->check(durationProblem)->type_name("T");
    app.add_option("--keys", o->keys, "key space per session for set/get/exists (default 1000)")
        ->transform(integer(0, 100000000));
    app.add_option("--root", o->root, "parent znode of everything the loadgen writes (default /zsbench)")
        ->check(rootProblem)->type_name("PATH");
    app.add_option("--record", o->recordPath, "append every acknowledged write (path, version, mzxid, hash)")
        ->type_name("FILE");
    app.add_option("--verify", o->verifyPath, "no load: check every acknowledged write in FILE is on the server")
        ->type_name("FILE");
    app.add_option("--session-timeout", o->sessionTimeoutMs, "requested session timeout in ms (default 30000)")
        ->transform(integer(1, 3600000));
    app.add_option("--connect-timeout", o->connectTimeoutMs, "give up connecting after this many ms (default 15000)")
        ->transform(integer(1, 3600000));
    app.add_option("--seed", o->seed, "random seed (default: from the clock)")->transform(zooscope::cli::unsignedInteger());
    app.add_flag("--json", o->json, "print one JSON line instead of the table");
    app.add_flag("--fail-on-error", o->failOnError, "exit 3 if any request failed or none completed");
    app.add_flag("--verbose", o->verbose, "ZooKeeper C client log at INFO (default ERROR)");
    app.add_option("--client", o->client,
                   "who sends the load: c (the ZooKeeper C client, default) or wire (the loadgen's own sessions, "
                   "one send() per batch; setup and --verify use the C client either way)")
        ->transform(CLI::CheckedTransformer(std::map<std::string, ClientKind>{{"c", ClientKind::C},
                                                                              {"wire", ClientKind::Wire}}))
        ->type_name("c|wire");
    return cli;
}

bool finishOptions(Options* o, std::string* error) {
    const bool keyed = o->mix[static_cast<size_t>(Op::Set)] + o->mix[static_cast<size_t>(Op::Get)] +
                           o->mix[static_cast<size_t>(Op::Exists)] > 0;
    if (o->verifyPath.empty() && keyed && o->keys == 0) {
        *error = "--keys 0 only works with a create-only --mix";
        return false;
    }
    if (!o->totalOps && o->durationSeconds <= 0 && o->verifyPath.empty()) {
        *error = "--duration must be > 0 (or give --ops)";
        return false;
    }
    if (o->client == ClientKind::Wire && o->connect.find('/') != std::string::npos) {
        *error = "--client wire does not take a chroot in --connect";
        return false;
    }
    if (o->warmupSeconds < 0) o->warmupSeconds = o->totalOps ? 0 : 1;
    return true;
}

std::optional<Options> parseOptions(const std::vector<std::string>& args, std::string* error) {
    Options o;
    *error = zooscope::cli::parse(*commandLine(&o), args);
    if (!error->empty() || !finishOptions(&o, error)) return std::nullopt;
    return o;
}

}  // namespace zooscope::bench
