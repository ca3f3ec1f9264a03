// verifyRecord(): the no-loss check over a record file (see record.h).
#include <atomic>
#include <mutex>

#include "loadgen.h"
#include "record.h"
#include "zk_handle.h"

namespace zooscope::bench {

namespace {

struct VerifyState {
    std::mutex mu;
    VerifyReport* report = nullptr;  // guarded by mu
    InflightLimiter* limiter = nullptr;

    void problem(uint64_t VerifyReport::*counter, std::string text) {
        std::lock_guard<std::mutex> lock(mu);
        ++(report->*counter);
        if (report->examples.size() < 10) report->examples.push_back(std::move(text));
    }
};

struct Check {
    VerifyState* state;
    const std::string* path;
    RecordedWrite expected;
};

void onGet(int rc, const char* value, int len, const struct Stat* stat, const void* data) {
    const auto* c = static_cast<const Check*>(data);
    const std::string& path = *c->path;
    if (rc == ZNONODE) {
        c->state->problem(&VerifyReport::missing, "missing: " + path + " (acknowledged version " +
                                                      std::to_string(c->expected.version) + ")");
    } else if (rc != ZOK || !stat) {
        c->state->problem(&VerifyReport::readErrors, "getData " + path + ": " + errorName(rc));
    } else if (stat->version < c->expected.version) {
        c->state->problem(&VerifyReport::stale, "stale: " + path + " has version " + std::to_string(stat->version) +
                                                    ", acknowledged " + std::to_string(c->expected.version));
    } else if (stat->version == c->expected.version &&
               valueHash(value ? value : "", value ? static_cast<size_t>(len) : 0) != c->expected.hash) {
        c->state->problem(&VerifyReport::corrupt,
                          "corrupt: " + path + " version " + std::to_string(stat->version) + " has other data");
    }
    c->state->limiter->release();
}

}  // namespace

VerifyReport verifyRecord(const Options& options) {
    setClientLogLevel(options.verbose);
    VerifyReport report;
    auto latest = readRecord(options.verifyPath, &report.recordLines, &report.error);
    if (!latest) return report;
    report.paths = latest->size();

    auto zk = ZkHandle::connect(options.connect, options.sessionTimeoutMs, options.connectTimeoutMs, &report.error);
    if (!zk) return report;
    InflightLimiter limiter(std::max(1, options.window));
    VerifyState state;
    state.report = &report;
    state.limiter = &limiter;
    std::vector<Check> checks;
    checks.reserve(latest->size());
    for (const auto& [path, w] : *latest) checks.push_back(Check{&state, &path, w});
    for (auto& c : checks) {
        limiter.acquire();
        const int rc = zoo_aget(zk->handle(), c.path->c_str(), 0, &onGet, &c);
        if (rc != ZOK) {
            limiter.release();
            state.problem(&VerifyReport::readErrors, "getData " + *c.path + " refused: " + errorName(rc));
        }
    }
    limiter.drain(options.sessionTimeoutMs * 2);
    zk->close();  // completes anything left (ZCLOSING counts as a read error)
    std::lock_guard<std::mutex> lock(state.mu);
    report.ok = report.missing == 0 && report.stale == 0 && report.corrupt == 0 && report.readErrors == 0;
    return report;
}

}  // namespace zooscope::bench
