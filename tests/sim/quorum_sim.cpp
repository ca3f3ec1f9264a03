// quorum_sim: runs the quorum simulator over many seeds.
//   quorum_sim --seeds N [--first S] [--budget-s T] [--corpus FILE] [--threads K]
//       runs the corpus, then seeds S, S+1, ... : at least N, and more while
//       the time budget lasts. Exit status 1 when any seed fails; each failing
//       seed is printed with the line that replays it.
//   quorum_sim --seed X [--trace]      replays one seed (exactly); --trace
//       prints the simulator's events and the engine's log.
//   quorum_sim --help
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "zooscope/command_line.h"
#include "simulator.h"

using zooscope::sim::runSeed;
using zooscope::sim::SimOptions;
using zooscope::sim::SimReport;

namespace {

// Seeds are uint64_t; the runner counts them in long long.
constexpr long long kMaxSeed = std::numeric_limits<long long>::max() / 2;

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
    CLI::App cli{"Runs the quorum simulator over many seeds, or replays one.", "quorum_sim"};
    zooscope::cli::useConventions(cli);
    cli.footer("Exit status: 0 every seed passed, 1 a seed failed, 2 bad arguments.");
    cli.add_option("--seeds", seeds, "run at least this many seeds after the corpus (default 2000)")
        ->transform(zooscope::cli::integer(0, kMaxSeed));
    cli.add_option("--first", first, "the first of those seeds (default 1)")->transform(zooscope::cli::integer(0, kMaxSeed));
    cli.add_option("--budget-s", budget, "keep adding seeds while this many seconds last (default 0)")
        ->transform(zooscope::cli::number(0, 1e9));
    cli.add_option("--corpus", corpus, "a file of seeds (one a line, # comments) to run first")->type_name("FILE");
    cli.add_option("--threads", threads, "worker threads (default 1)")->transform(zooscope::cli::integer(1, 1024));
    cli.add_option("--seed", single, "replay this one seed only")->transform(zooscope::cli::integer(0, kMaxSeed));
    cli.add_flag("--trace", trace, "with --seed: print the simulation's trace and the engine's log");
    if (auto status = zooscope::cli::parse(cli, argc, argv)) return *status;

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
