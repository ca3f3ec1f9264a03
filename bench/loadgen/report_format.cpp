// Human table and one-line JSON for runLoad()/verifyRecord() results.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <sstream>
#include <string>

#include "loadgen.h"

namespace zooscope::bench {

namespace {

// Keys stay in the order they are set, as readers of the lines expect.
using Json = nlohmann::ordered_json;

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

// `v` rounded as the table prints it; JSON writes the shortest text that
// reads back as that double (1249.9, 1.0).
double rounded(double v, int decimals) { return std::stod(fixed(v, decimals)); }

// One line; a connect string or server message that is not UTF-8 gets U+FFFD.
std::string oneLine(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

double us(int64_t ns) { return double(ns) / 1000.0; }

Json opJson(const OpStats& s, double seconds) {
    const auto& h = s.latencyNs;
    return Json{{"ok", s.ok},
                {"errors", s.errors},
                {"ops_per_s", rounded(seconds > 0 ? double(s.ok) / seconds : 0, 1)},
                {"p50_us", rounded(us(h.quantile(0.50)), 1)},
                {"p99_us", rounded(us(h.quantile(0.99)), 1)},
                {"p999_us", rounded(us(h.quantile(0.999)), 1)},
                {"max_us", rounded(us(h.max()), 1)}};
}

}  // namespace

std::string formatTable(const Report& r) {
    std::ostringstream out;
    const Options& o = r.options;
    out << "zooscope-loadgen  " << o.connect << "  sessions=" << o.sessions << " window=" << o.window
        << " mix=" << formatMix(o.mix) << " value=" << o.valueSize << "B keys=" << o.keys
        << " client=" << clientName(o.client) << "\n";
    if (!r.setupOk) {
        out << "setup failed: " << r.setupError << "\n";
        return out.str();
    }
    out << "measured " << fixed(r.measuredSeconds, 2) << " s (warm-up " << fixed(r.warmupSeconds, 2)
        << " s excluded)\n";
    char line[200];
    std::snprintf(line, sizeof line, "%-8s %12s %12s %10s %10s %10s %10s %8s\n", "op", "ok", "ops/s", "p50 us",
                  "p99 us", "p999 us", "max us", "errors");
    out << line;
    auto row = [&](const char* name, const OpStats& s) {
        const auto& h = s.latencyNs;
        std::snprintf(line, sizeof line, "%-8s %12llu %12.0f %10.1f %10.1f %10.1f %10.1f %8llu\n", name,
                      static_cast<unsigned long long>(s.ok), r.measuredSeconds > 0 ? double(s.ok) / r.measuredSeconds : 0,
                      us(h.quantile(0.50)), us(h.quantile(0.99)), us(h.quantile(0.999)), us(h.max()),
                      static_cast<unsigned long long>(s.errors));
        out << line;
    };
    for (int i = 0; i < kOpCount; ++i)
        if (o.mix[static_cast<size_t>(i)] > 0) row(opName(static_cast<Op>(i)), r.perOp[static_cast<size_t>(i)]);
    row("total", r.total);
    if (!r.errorsByCode.empty()) {
        out << "errors:";
        for (const auto& [name, n] : r.errorsByCode) out << " " << name << "=" << n;
        out << "\n";
    }
    if (r.sessionsExpired) out << "sessions expired: " << r.sessionsExpired << "\n";
    if (r.unfinished) out << "requests unfinished at shutdown: " << r.unfinished << "\n";
    if (o.rate > 0) out << "offered " << o.rate << " ops/s; " << r.lateSubmits << " times a due request found its window full\n";
    if (!o.recordPath.empty()) out << "recorded " << r.recordedWrites << " acknowledged writes to " << o.recordPath << "\n";
    return out.str();
}

std::string formatJson(const Report& r) {
    const Options& o = r.options;
    Json j{{"tool", "zooscope-loadgen"},      {"connect", o.connect},  {"sessions", o.sessions},
           {"window", o.window},              {"mix", formatMix(o.mix)}, {"value_size", o.valueSize},
           {"keys", o.keys},                  {"client", clientName(o.client)}, {"setup_ok", r.setupOk}};
    if (!r.setupOk) {
        j["setup_error"] = r.setupError;
        return oneLine(j);
    }
    j["warmup_s"] = rounded(r.warmupSeconds, 3);
    j["measured_s"] = rounded(r.measuredSeconds, 3);
    j["ops"] = r.total.ok;
    j["ops_per_s"] = rounded(r.opsPerSecond(), 1);
    j["errors"] = r.errors();
    j["errors_by_code"] = Json::object();
    for (const auto& [name, n] : r.errorsByCode) j["errors_by_code"][name] = n;
    j["total"] = opJson(r.total, r.measuredSeconds);
    for (int i = 0; i < kOpCount; ++i)
        if (o.mix[static_cast<size_t>(i)] > 0)
            j[opName(static_cast<Op>(i))] = opJson(r.perOp[static_cast<size_t>(i)], r.measuredSeconds);
    j["sessions_expired"] = r.sessionsExpired;
    j["unfinished"] = r.unfinished;
    j["recorded_writes"] = r.recordedWrites;
    j["rate"] = o.rate;
    j["late_submits"] = r.lateSubmits;
    return oneLine(j);
}

std::string formatVerify(const VerifyReport& r, bool json) {
    if (json) {
        Json j{{"tool", "zooscope-loadgen"}, {"mode", "verify"}, {"ok", r.ok}};
        if (!r.error.empty()) j["error"] = r.error;
        j["record_lines"] = r.recordLines;
        j["paths"] = r.paths;
        j["missing"] = r.missing;
        j["stale"] = r.stale;
        j["corrupt"] = r.corrupt;
        j["read_errors"] = r.readErrors;
        j["examples"] = r.examples;
        return oneLine(j);
    }
    std::ostringstream out;
    if (!r.error.empty()) {
        out << "verify failed: " << r.error << "\n";
        return out.str();
    }
    out << "verify: " << r.recordLines << " record lines, " << r.paths << " paths: " << r.missing << " missing, "
        << r.stale << " stale, " << r.corrupt << " corrupt, " << r.readErrors << " read errors -> "
        << (r.ok ? "OK" : "FAILED") << "\n";
    for (const auto& e : r.examples) out << "  " << e << "\n";
    return out.str();
}

}  // namespace zooscope::bench
