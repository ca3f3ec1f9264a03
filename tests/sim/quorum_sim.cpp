// quorum_sim: runs the quorum simulator over many seeds.
//   quorum_sim --seeds N [--first S] [--budget-s T] [--corpus FILE] [--threads K]
//       runs the corpus, then seeds S, S+1, ... : at least N, and more while
//       the time budget lasts. Exit status 1 when any seed fails; each failing
//       seed is printed with the line that replays it.
//   quorum_sim --seed X [--trace]      replays one seed (exactly); --trace
//       prints the simulator's events and the engine's log.
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "simulator.h"

using zooscope::sim::runSeed;
using zooscope::sim::SimOptions;
using zooscope::sim::SimReport;

namespace {

void printFailure(const SimReport& r) {
    std::printf("SEED %llu FAILED: %s\n  replay: quorum_sim --seed %llu --trace\n",
                static_cast<unsigned long long>(r.seed), r.failure.c_str(), static_cast<unsigned long long>(r.seed));
}

}  // namespace

int main(int argc, char** argv) {
    long long seeds = 2000, first = 1, single = -1;
    double budget = 0;
    int threads = 1;
    bool trace = false;
    std::string corpus;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--seeds") seeds = std::atoll(next());
        else if (a == "--first") first = std::atoll(next());
        else if (a == "--seed") single = std::atoll(next());
        else if (a == "--budget-s") budget = std::atof(next());
        else if (a == "--corpus") corpus = next();
        else if (a == "--threads") threads = std::max(1, std::atoi(next()));
        else if (a == "--trace") trace = true;
        else {
            std::fprintf(stderr, "unknown argument %s\n", a.c_str());
            return 2;
        }
    }
    // The engine's log (elections, snapshots, sessions) is noise over
    // thousands of seeds; a replay with --trace shows it.
    spdlog::set_level(trace ? spdlog::level::info : spdlog::level::off);
    if (single >= 0) {
        SimOptions o;
        o.trace = trace;
        SimReport r = runSeed(uint64_t(single), o);
        std::printf("seed %lld: %s voters=%d observers=%d committed=%zu ops=%zu indeterminate=%zu crashes=%zu "
                    "diff=%zu trunc=%zu snap=%zu expired=%zu election-after-heal=%lldms settle=%lldms\n",
                    single, r.ok ? "ok" : "FAILED", r.voters, r.observers, r.committed, r.clientOps, r.indeterminate,
                    r.crashes, r.diffSyncs, r.truncSyncs, r.snapSyncs, r.sessionsExpired,
                    static_cast<long long>(r.electionAfterHealMs), static_cast<long long>(r.settleMs));
        if (!r.ok) printFailure(r);
        return r.ok ? 0 : 1;
    }

    int failures = 0;
    if (!corpus.empty()) {
        std::ifstream in(corpus);
        if (!in) {
            std::fprintf(stderr, "cannot read corpus %s\n", corpus.c_str());
            return 2;
        }
        std::string line;
        int n = 0;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            SimReport r = runSeed(std::strtoull(line.c_str(), nullptr, 10));
            ++n;
            if (!r.ok) {
                ++failures;
                printFailure(r);
            }
        }
        std::printf("corpus: %d seeds, %d failed\n", n, failures);
    }

    const auto start = std::chrono::steady_clock::now();
    auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
    std::atomic<long long> next{first};
    std::atomic<long long> done{0};
    std::atomic<int> failed{0};
    std::mutex mu;
    int64_t worstSettle = 0, worstElection = 0, worstRequest = 0;
    size_t ops = 0, committed = 0, snaps = 0, truncs = 0, crashes = 0;
    auto worker = [&] {
        for (;;) {
            long long s = next.fetch_add(1);
            if (s >= first + seeds && (budget <= 0 || elapsed() >= budget)) return;
            SimReport r = runSeed(uint64_t(s));
            std::lock_guard<std::mutex> lock(mu);
            ++done;
            ops += r.clientOps;
            committed += r.committed;
            snaps += r.snapSyncs;
            truncs += r.truncSyncs;
            crashes += r.crashes;
            if (!r.ok) {
                ++failed;
                printFailure(r);
                continue;
            }
            worstSettle = std::max(worstSettle, r.settleMs);
            worstElection = std::max(worstElection, r.electionAfterHealMs);
            worstRequest = std::max(worstRequest, r.maxRequestMsAfterHeal);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    double secs = elapsed();
    std::printf("seeds: %lld run (from %lld), %d failed, %.1f s, %.1f seeds/s\n", done.load(), first, failed.load(),
                secs, double(done.load()) / secs);
    std::printf("totals: %zu client ops, %zu committed txns, %zu crashes, %zu TRUNC syncs, %zu SNAP syncs\n", ops,
                committed, crashes, truncs, snaps);
    std::printf("liveness bound (worst over passing seeds, simulated): leader %lld ms after faults stop, "
                "all requests done %lld ms after, slowest post-fault request %lld ms\n",
                static_cast<long long>(worstElection), static_cast<long long>(worstSettle),
                static_cast<long long>(worstRequest));
    return failures + failed.load() == 0 ? 0 : 1;
}
