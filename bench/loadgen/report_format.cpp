// Human table and one-line JSON for runLoad()/verifyRecord() results.
#include <cstdio>
#include <sstream>

#include "loadgen.h"

namespace zooscope::bench {

namespace {

std::string jsonString(const std::string& s) {
    std::string out = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += ch;
        } else if (c < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        } else {
            out += ch;
        }
    }
    return out + "\"";
}

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

double us(int64_t ns) { return double(ns) / 1000.0; }

std::string opJson(const OpStats& s, double seconds) {
    const auto& h = s.latencyNs;
    return "{\"ok\":" + std::to_string(s.ok) + ",\"errors\":" + std::to_string(s.errors) +
           ",\"ops_per_s\":" + fixed(seconds > 0 ? double(s.ok) / seconds : 0, 1) +
           ",\"p50_us\":" + fixed(us(h.quantile(0.50)), 1) + ",\"p99_us\":" + fixed(us(h.quantile(0.99)), 1) +
           ",\"p999_us\":" + fixed(us(h.quantile(0.999)), 1) + ",\"max_us\":" + fixed(us(h.max()), 1) + "}";
}

}  // namespace

std::string formatTable(const Report& r) {
    std::ostringstream out;
    const Options& o = r.options;
    out << "zooscope-loadgen  " << o.connect << "  sessions=" << o.sessions << " window=" << o.window
        << " mix=" << formatMix(o.mix) << " value=" << o.valueSize << "B keys=" << o.keys << "\n";
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
    if (!o.recordPath.empty()) out << "recorded " << r.recordedWrites << " acknowledged writes to " << o.recordPath << "\n";
    return out.str();
}

std::string formatJson(const Report& r) {
    const Options& o = r.options;
    std::string out = "{\"tool\":\"zooscope-loadgen\",\"connect\":" + jsonString(o.connect) +
                      ",\"sessions\":" + std::to_string(o.sessions) + ",\"window\":" + std::to_string(o.window) +
                      ",\"mix\":" + jsonString(formatMix(o.mix)) + ",\"value_size\":" + std::to_string(o.valueSize) +
                      ",\"keys\":" + std::to_string(o.keys) + ",\"setup_ok\":" + (r.setupOk ? "true" : "false");
    if (!r.setupOk) return out + ",\"setup_error\":" + jsonString(r.setupError) + "}";
    out += ",\"warmup_s\":" + fixed(r.warmupSeconds, 3) + ",\"measured_s\":" + fixed(r.measuredSeconds, 3) +
           ",\"ops\":" + std::to_string(r.total.ok) + ",\"ops_per_s\":" + fixed(r.opsPerSecond(), 1) +
           ",\"errors\":" + std::to_string(r.errors()) + ",\"errors_by_code\":{";
    bool first = true;
    for (const auto& [name, n] : r.errorsByCode) {
        out += (first ? "" : ",") + jsonString(name) + ":" + std::to_string(n);
        first = false;
    }
    out += "},\"total\":" + opJson(r.total, r.measuredSeconds);
    for (int i = 0; i < kOpCount; ++i)
        if (o.mix[static_cast<size_t>(i)] > 0)
            out += ",\"" + std::string(opName(static_cast<Op>(i))) + "\":" +
                   opJson(r.perOp[static_cast<size_t>(i)], r.measuredSeconds);
    out += ",\"sessions_expired\":" + std::to_string(r.sessionsExpired) +
           ",\"unfinished\":" + std::to_string(r.unfinished) +
           ",\"recorded_writes\":" + std::to_string(r.recordedWrites) + "}";
    return out;
}

std::string formatVerify(const VerifyReport& r, bool json) {
    if (json) {
        std::string out = "{\"tool\":\"zooscope-loadgen\",\"mode\":\"verify\",\"ok\":" + std::string(r.ok ? "true" : "false");
        if (!r.error.empty()) out += ",\"error\":" + jsonString(r.error);
        out += ",\"record_lines\":" + std::to_string(r.recordLines) + ",\"paths\":" + std::to_string(r.paths) +
               ",\"missing\":" + std::to_string(r.missing) + ",\"stale\":" + std::to_string(r.stale) +
               ",\"corrupt\":" + std::to_string(r.corrupt) + ",\"read_errors\":" + std::to_string(r.readErrors) +
               ",\"examples\":[";
        for (size_t i = 0; i < r.examples.size(); ++i) out += (i ? "," : "") + jsonString(r.examples[i]);
        return out + "]}";
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
