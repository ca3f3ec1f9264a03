// The job's values from the command line: setup values, live config
// changes ("key=value"), worker ids, and the job's paths.
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "proto/path_utils.h"
#include "zooscope/stream.h"

namespace zooscope::stream {

namespace {

bool parseBool(const std::string& text, bool* out) {
    if (text == "true") *out = true;
    else if (text == "false") *out = false;
    else return false;
    return true;
}

// A decimal integer >= min (no sign, no leading '+', no spaces, fits an int).
bool parseInt(const std::string& text, int min, int* out) {
    if (text.empty() || text.size() > 10) return false;
    long long v = 0;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
        v = v * 10 + (c - '0');
    }
    if (v < min || v > 2147483647) return false;
    *out = static_cast<int>(v);
    return true;
}

// A finite decimal number >= 0 ("12", "0.5"; no exponent, sign, hex, inf or nan).
bool parseRate(const std::string& text, double* out) {
    if (text.empty() || text.find_first_not_of("0123456789.") != std::string::npos ||
        text.find('.') != text.rfind('.') || text == ".")
        return false;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (errno != 0 || end != text.c_str() + text.size() || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

}  // namespace

std::optional<ConfigChange> parseConfigChange(const std::vector<std::string>& words, std::string* error) {
    ConfigChange change;
    if (words.empty()) {
        *error = "Give at least one key=value (batch, ratePerPartition, paused).";
        return std::nullopt;
    }
    for (const std::string& word : words) {
        const auto eq = word.find('=');
        if (eq == std::string::npos || eq == 0) {
            *error = "\"" + word + "\" is not key=value.";
            return std::nullopt;
        }
        const std::string key = word.substr(0, eq);
        const std::string value = word.substr(eq + 1);
        if (key == "partitions" || key == "vnodes") {
            *error = "\"" + key + "\" is fixed when the job is set up and cannot be changed.";
            return std::nullopt;
        }
        if (key == "batch") {
            int v = 0;
            if (!parseInt(value, 1, &v)) {
                *error = "batch must be a whole number from 1 to 2147483647, not \"" + value + "\".";
                return std::nullopt;
            }
            change.batch = v;
        } else if (key == "ratePerPartition") {
            double v = 0;
            if (!parseRate(value, &v)) {
                *error = "ratePerPartition must be a number >= 0 (events per second; 0 = unthrottled), not \"" + value + "\".";
                return std::nullopt;
            }
            change.ratePerPartition = v;
        } else if (key == "paused") {
            bool v = false;
            if (!parseBool(value, &v)) {
                *error = "paused must be true or false, not \"" + value + "\".";
                return std::nullopt;
            }
            change.paused = v;
        } else {
            *error = "Unknown key \"" + key + "\" (the live keys are batch, ratePerPartition and paused).";
            return std::nullopt;
        }
    }
    return change;
}

JobConfig applyChange(JobConfig config, const ConfigChange& change) {
    if (change.batch) config.batch = *change.batch;
    if (change.ratePerPartition) config.ratePerPartition = *change.ratePerPartition;
    if (change.paused) config.paused = *change.paused;
    return config;
}

ConfigChange mergeChange(ConfigChange base, const ConfigChange& change) {
    if (change.batch) base.batch = change.batch;
    if (change.ratePerPartition) base.ratePerPartition = change.ratePerPartition;
    if (change.paused) base.paused = change.paused;
    return base;
}

std::string checkSetup(const JobConfig& c) {
    if (c.partitions < 1 || c.partitions > kMaxPartitions)
        return "partitions must be from 1 to " + std::to_string(kMaxPartitions) + ".";
    if (c.vnodes < 1 || c.vnodes > kMaxVnodes) return "vnodes must be from 1 to " + std::to_string(kMaxVnodes) + ".";
    if (c.batch < 1) return "batch must be at least 1.";
    if (!std::isfinite(c.ratePerPartition) || c.ratePerPartition < 0) return "rate must be a number >= 0.";
    return {};
}

std::string checkWorkerId(std::string_view id) {
    if (id.empty()) return "A worker id must not be empty.";
    if (id.find('/') != std::string_view::npos) return "A worker id cannot contain '/' (it is a znode name).";
    if (id.size() > 200) return "A worker id must be at most 200 bytes.";
    // What the server would make of it: malformed UTF-8 comes back changed.
    if (proto::javaUtf8RoundTrip(id) != id) return "A worker id must be valid UTF-8.";
    if (auto bad = proto::validatePath("/" + std::string(id))) return "\"" + std::string(id) + "\" cannot be a znode name: " + *bad + ".";
    return {};
}

std::string checkJobPath(std::string_view job) {
    if (auto bad = proto::validatePath(job)) return "Bad job path \"" + std::string(job) + "\": " + *bad + ".";
    if (job == "/") return "The job must be a path below /, e.g. /jobs/sums.";
    return {};
}

JobPaths::JobPaths(std::string job) : root(std::move(job)) {
    if (root.size() > 1 && root.back() == '/') root.pop_back();
}
static std::string under(const std::string& root, const std::string& name) {
    return root == "/" ? "/" + name : root + "/" + name;
}
std::string JobPaths::config() const { return under(root, "config"); }
std::string JobPaths::members() const { return under(root, "members"); }
std::string JobPaths::election() const { return under(root, "election"); }
std::string JobPaths::assignment() const { return under(root, "assignment"); }
std::string JobPaths::locks() const { return under(root, "locks"); }
std::string JobPaths::lock(int p) const { return locks() + "/" + std::to_string(p); }
std::string JobPaths::offsets() const { return under(root, "offsets"); }
std::string JobPaths::offset(int p) const { return offsets() + "/" + std::to_string(p); }
std::string JobPaths::statuses() const { return under(root, "status"); }
std::string JobPaths::status(const std::string& worker) const { return statuses() + "/" + worker; }
std::string JobPaths::overrides() const { return under(root, "overrides"); }
std::string JobPaths::workerOverrides(const std::string& worker) const { return overrides() + "/" + worker; }

}  // namespace zooscope::stream
