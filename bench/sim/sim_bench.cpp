// bench_quorum_sim [SEEDS=100000] [THREADS=1] (--help): runs the quorum simulator over
// seeds 1..SEEDS and reports seeds/s, failures (each with its replay line) and
// the measured liveness bound. Exit 1 when any seed fails.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

#include "zooscope/command_line.h"
#include "simulator.h"

int main(int argc, char** argv) {
    long long seeds = 100000;
    int threads = 1;
    CLI::App cli{"Runs the quorum simulator over seeds 1..SEEDS and reports seeds/s, failures and the liveness bound.",
                 "bench_quorum_sim"};
    zooscope::cli::useConventions(cli);
    cli.footer("Exit status: 0 every seed passed, 1 a seed failed, 2 bad arguments.");
    cli.add_option("seeds", seeds, "how many seeds (default 100000)")
        ->transform(zooscope::cli::integer(0, std::numeric_limits<long long>::max() / 2));
    cli.add_option("threads", threads, "worker threads (default 1)")->transform(zooscope::cli::integer(1, 1024));
    if (auto status = zooscope::cli::parse(cli, argc, argv)) return *status;
    spdlog::set_level(spdlog::level::off);  // the engine's log, thousands of times over
    std::atomic<long long> next{1};
    std::mutex mu;
    long long failed = 0;
    int64_t worstSettle = 0, worstRequest = 0;
    size_t ops = 0, committed = 0, crashes = 0, snaps = 0, truncs = 0;
    const auto start = std::chrono::steady_clock::now();
    auto worker = [&] {
        for (long long s; (s = next.fetch_add(1)) <= seeds;) {
            auto r = zooscope::sim::runSeed(uint64_t(s));
            std::lock_guard<std::mutex> lock(mu);
            ops += r.clientOps;
            committed += r.committed;
            crashes += r.crashes;
            snaps += r.snapSyncs;
            truncs += r.truncSyncs;
            if (!r.ok) {
                ++failed;
                std::printf("SEED %lld FAILED: %s\n  replay: quorum_sim --seed %lld --trace\n", s, r.failure.c_str(), s);
                continue;
            }
            worstSettle = std::max(worstSettle, r.settleMs);
            worstRequest = std::max(worstRequest, r.maxRequestMsAfterHeal);
        }
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("quorum simulator: %lld seeds, %lld failed, %.1f s on %d thread(s), %.0f seeds/s\n", seeds, failed,
                secs, threads, double(seeds) / secs);
    std::printf("  %zu client ops, %zu committed txns, %zu crashes, %zu TRUNC and %zu SNAP syncs\n", ops, committed,
                crashes, truncs, snaps);
    std::printf("  liveness (simulated time, worst seed): every client request done %lld ms after faults stop; "
                "slowest request issued after that %lld ms\n",
                static_cast<long long>(worstSettle), static_cast<long long>(worstRequest));
    return failed == 0 ? 0 : 1;
}
