// ensemble_election_bench: how long a local 3-node ensemble takes to elect its
// first leader, and to elect a new one after the leader is killed with
// SIGKILL; optionally the ensemble's write and read throughput with
// zooscope-loadgen over all nodes. Prints one line per round and the
// median/min/max, or (--json) one JSON line for bench/run-ensemble-bench.sh.
//
// Usage: ensemble_election_bench [--kind zookeeper|engine] [--rounds N] [--tick-time MS]
//                                [--fault kill|pause] [--size N] [--json]
//                                [--loadgen PATH --duration T --sessions N --window W
//                                 --write-mix MIX --read-mix MIX]
// --fault pause SIGSTOPs the leader instead of killing it.
// Times are wall clock from Ensemble::start() (JVM launch included) and from
// the fault; "leader known" means some surviving node's `srvr` says Mode:
// leader, polled every 20 ms. Each round is a fresh ensemble. With --loadgen,
// one more fresh ensemble serves a write run and then a read run (loadgen
// --connect lists every node; its own --json lines are embedded).
// An engine build that serves standalone has no election: the bench says so
// (JSON: "standalone":true) and exits 0.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "zooscope/command_line.h"
#include "zooscope/ensemble.h"

extern char** environ;

using namespace zooscope;
using Clock = std::chrono::steady_clock;
using Json = nlohmann::ordered_json;  // keys in the order they are set

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

struct Stats {
    double median = 0, min = 0, max = 0;
    size_t n = 0;
};

Stats stats(std::vector<double> v) {
    Stats s;
    if (v.empty()) return s;
    std::sort(v.begin(), v.end());
    // The lower median for even counts, as the summary line always printed.
    s = {v[v.size() / 2], v.front(), v.back(), v.size()};
    return s;
}

void summary(const char* what, const Stats& s) {
    if (s.n == 0) return;
    std::printf("%-28s median %7.0f ms  min %7.0f ms  max %7.0f ms  (n=%zu)\n", what, s.median, s.min, s.max, s.n);
}

Json statsJson(const Stats& s) {
    return Json{{"median_ms", std::llround(s.median)}, {"min_ms", std::llround(s.min)}, {"max_ms", std::llround(s.max)},
                {"n", s.n}};
}

void printJson(const Json& j) { std::printf("%s\n", j.dump().c_str()); }

// Runs argv, returns its stdout (stderr passes through); *ok = exit 0.
std::string capture(const std::vector<std::string>& argv, bool* ok) {
    char tmpl[] = "/tmp/zs-election-bench-XXXXXX";
    const int fd = ::mkstemp(tmpl);
    *ok = false;
    if (fd < 0) return {};
    std::vector<char*> cargv;
    for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
    cargv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd, STDOUT_FILENO);
    pid_t pid = -1;
    const int rc = posix_spawn(&pid, cargv[0], &fa, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(fd);
    std::string out;
    if (rc == 0) {
        int status = 0;
        ::waitpid(pid, &status, 0);
        *ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        std::ifstream in(tmpl);
        std::stringstream ss;
        ss << in.rdbuf();
        out = ss.str();
    }
    ::unlink(tmpl);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    EnsembleSpec spec;
    spec.kind = NodeKind::ApacheZooKeeper;
    spec.size = 3;
    int rounds = 5;
    bool pause = false, json = false;
    std::string loadgen, duration = "10s", sessions = "4", window = "64", client = "c";
    std::string writeMix = "create=50,set=50", readMix = "get=90,exists=10";
    std::string kind = "zookeeper", fault = "kill";
    CLI::App cli{"Times leader election of a local ensemble: the first, and after the leader is killed or paused.",
                 "ensemble_election_bench"};
    zooscope::cli::useConventions(cli);
    cli.add_option("--kind", kind, "what the nodes run (default zookeeper)")->check(CLI::IsMember({"zookeeper", "engine"}));
    cli.add_option("--rounds", rounds, "fresh ensembles to time (default 5)")->transform(zooscope::cli::integer(0, 10000));
    cli.add_option("--tick-time", spec.tickTime, "tickTime in ms (default 2000)")
        ->transform(zooscope::cli::integer(1, 3600000));
    cli.add_option("--fault", fault, "SIGKILL or SIGSTOP the leader (default kill)")->check(CLI::IsMember({"kill", "pause"}));
    cli.add_option("--size", spec.size, "nodes per ensemble (default 3)")->transform(zooscope::cli::integer(1, 255));
    cli.add_flag("--json", json, "one JSON result line on stdout; progress on stderr");
    // Passed to zooscope-loadgen as they are; it checks them.
    cli.add_option("--loadgen", loadgen, "zooscope-loadgen: add a write and a read run on one more ensemble")
        ->type_name("PATH");
    cli.add_option("--duration", duration, "loadgen --duration of each run (default 10s)");
    cli.add_option("--sessions", sessions, "loadgen --sessions (default 4)");
    cli.add_option("--window", window, "loadgen --window (default 64)");
    cli.add_option("--client", client, "loadgen --client: c or wire (default c)");
    cli.add_option("--write-mix", writeMix, "loadgen --mix of the write run (default create=50,set=50)");
    cli.add_option("--read-mix", readMix, "loadgen --mix of the read run (default get=90,exists=10)");
    if (auto status = zooscope::cli::parse(cli, argc, argv)) return *status;
    spec.kind = kind == "engine" ? NodeKind::Engine : NodeKind::ApacheZooKeeper;
    pause = fault == "pause";
    spdlog::set_level(spdlog::level::warn);
    // Progress goes to stderr in JSON mode so stdout is the one result line.
    FILE* progress = json ? stderr : stdout;
    std::fprintf(progress, "%d-node %s ensemble, tickTime %d ms, %d rounds\n", spec.size, toString(spec.kind),
                 spec.tickTime, rounds);
    Json result{{"kind", toString(spec.kind)}, {"size", spec.size}, {"tick_time", spec.tickTime}};

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
            std::fprintf(progress, "the nodes serve standalone: there is no election to measure\n");
            result["standalone"] = true;
            if (json) printJson(result);
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
        std::fprintf(progress, "round %d: first leader node %d after %6.0f ms; after %s of it, node %d after %6.0f ms\n",
                     r, leader + 1, first.back(), pause ? "SIGSTOP" : "kill -9", next + 1, reelect.back());
        std::fflush(progress);
    }
    if (!json) {
        summary("start -> first leader", stats(first));
        summary(pause ? "SIGSTOP leader -> new leader" : "kill -9 leader -> new leader", stats(reelect));
    }

    Json writeJson, readJson;  // loadgen's --json lines, null without --loadgen
    if (!loadgen.empty()) {
        std::string error;
        auto e = Ensemble::start(spec, &error);
        if (!e) {
            std::fprintf(stderr, "throughput: %s\n", error.c_str());
            return 1;
        }
        for (int i = 0; i < e->nodeCount(); ++i)
            if (!e->waitReady(i, std::chrono::seconds(60), &error)) {
                std::fprintf(stderr, "throughput: %s\n", error.c_str());
                return 1;
            }
        if (spec.kind == NodeKind::Engine && e->mode(0) == NodeMode::Standalone) {
            result["standalone"] = true;
            if (json) printJson(result);
            return 0;
        }
        for (const auto& [name, mix, out] :
             {std::tuple{"write", writeMix, &writeJson}, std::tuple{"read", readMix, &readJson}}) {
            bool ok = false;
            const std::string line = capture({loadgen, "--connect", e->connectString(), "--client", client, "--sessions", sessions,
                                              "--window", window, "--mix", mix, "--duration", duration, "--json"},
                                             &ok);
            *out = Json::parse(line, nullptr, false);  // discarded when it is not JSON
            if (!ok || !out->is_object()) {
                std::fprintf(stderr, "throughput: loadgen %s run failed: %s\n", name, line.c_str());
                return 1;
            }
            std::fprintf(progress, "%s: %s\n", name, line.c_str());
        }
    }
    if (json) {
        result["standalone"] = false;
        result["first_leader"] = statsJson(stats(first));
        result["new_leader"] = statsJson(stats(reelect));
        result["fault"] = pause ? "pause" : "kill";
        result["write"] = std::move(writeJson);
        result["read"] = std::move(readJson);
        printJson(result);
    }
    return 0;
}
