// ensemble_election_bench: how long a local 3-node ensemble takes to elect its
// first leader, and to elect a new one after the leader is killed with
// SIGKILL. Prints one line per round and the median/min/max.
//
// Usage: ensemble_election_bench [--kind zookeeper|engine] [--rounds N] [--tick-time MS]
//                                [--fault kill|pause]
// --fault pause SIGSTOPs the leader instead of killing it.
// Times are wall clock from Ensemble::start() (JVM launch included) and from
// kill(); "leader known" means some surviving node's `srvr` says Mode: leader,
// polled every 20 ms.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "zooscope/ensemble.h"

using namespace zooscope;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// Index of a node (other than `skip`) whose srvr says leader; -1 until then.
int waitLeader(const Ensemble& e, int skip, Clock::time_point since, double limitMs) {
    while (msSince(since) < limitMs) {
        for (int i = 0; i < e.nodeCount(); ++i)
            if (i != skip && e.mode(i) == NodeMode::Leader) return i;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

void summary(const char* what, std::vector<double> v) {
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    std::printf("%-28s median %7.0f ms  min %7.0f ms  max %7.0f ms  (n=%zu)\n", what, v[v.size() / 2], v.front(),
                v.back(), v.size());
}

}  // namespace

int main(int argc, char** argv) {
    EnsembleSpec spec;
    spec.kind = NodeKind::ApacheZooKeeper;
    spec.size = 3;
    int rounds = 5;
    bool pause = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i], v = argv[i + 1];
        if (a == "--kind") spec.kind = v == "engine" ? NodeKind::Engine : NodeKind::ApacheZooKeeper;
        else if (a == "--rounds") rounds = std::atoi(v.c_str());
        else if (a == "--tick-time") spec.tickTime = std::atoi(v.c_str());
        else if (a == "--fault") pause = v == "pause";
        else {
            std::fprintf(stderr,
                         "usage: %s [--kind zookeeper|engine] [--rounds N] [--tick-time MS] [--fault kill|pause]\n",
                         argv[0]);
            return 2;
        }
    }
    spdlog::set_level(spdlog::level::warn);
    std::printf("3-node %s ensemble, tickTime %d ms, %d rounds\n", toString(spec.kind), spec.tickTime, rounds);
    std::vector<double> first, reelect;
    for (int r = 1; r <= rounds; ++r) {
        std::string error;
        const auto t0 = Clock::now();
        auto e = Ensemble::start(spec, &error);
        if (!e) {
            std::fprintf(stderr, "round %d: %s\n", r, error.c_str());
            return 1;
        }
        if (spec.kind == NodeKind::Engine && e->waitReady(0, std::chrono::seconds(60), nullptr) &&
            e->mode(0) == NodeMode::Standalone) {
            std::printf("the nodes serve standalone: there is no election to measure\n");
            return 0;
        }
        const int leader = waitLeader(*e, -1, t0, 60000);
        if (leader < 0) {
            std::fprintf(stderr, "round %d: no leader within 60 s\n", r);
            return 1;
        }
        first.push_back(msSince(t0));
        const auto t1 = Clock::now();
        if (pause) e->pause(leader, &error);
        else e->kill(leader, &error);
        const int next = waitLeader(*e, leader, t1, 60000);
        if (next < 0) {
            std::fprintf(stderr, "round %d: no new leader within 60 s\n", r);
            return 1;
        }
        reelect.push_back(msSince(t1));
        std::printf("round %d: first leader node %d after %6.0f ms; after %s of it, node %d after %6.0f ms\n", r,
                    leader + 1, first.back(), pause ? "SIGSTOP" : "kill -9", next + 1, reelect.back());
        std::fflush(stdout);
    }
    summary("start -> first leader", first);
    summary(pause ? "SIGSTOP leader -> new leader" : "kill -9 leader -> new leader", reelect);
    return 0;
}
