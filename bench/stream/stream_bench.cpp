// stream_bench: the numbers of the stream workload (docs/BENCHMARKS.md, issue 15).
//
//   stream_bench ring
//       Partitions moved when an 11th worker joins 10 (P = 1,024) for the ring
//       with V = 1, 16, 128 against `p mod N`, and max/mean partitions per worker.
//   stream_bench failover --kind engine|zookeeper [--session-timeouts 2000,4000,8000] [--rounds 3]
//       4 `zooscope-ctl stream worker` processes on a standalone server; kill -9
//       one; the time until every partition it owned is committing again
//       elsewhere (owner changed and offset past its value at the kill),
//       offsets polled every 10 ms.
//   stream_bench config --kind engine|zookeeper [--changes 50] [--workers 4]
//       4 in-process stream::Workers (own sessions); each change writes
//       JOB/config (stream::changeConfig); the time until each worker runs it
//       (its snapshot, polled every 0.2 ms).
//   stream_bench throughput --kind engine|zookeeper [--size 3] [--seconds 20] [--workers 4] [--batch 100]
//       worker processes, unthrottled (ratePerPartition 0), on a SIZE-node
//       ensemble; events and commits per second over the window.
//
// Servers come from the ensemble launcher (size 1 = standalone) on free
// 127.0.0.1 ports; zooscope-ctl and zooscope-server are found through
// ZS_BIN_DIR, else next to this executable. Every child dies with the bench.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <map>
#include <numeric>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "zooscope/command_line.h"
#include "zooscope/client.h"
#include "zooscope/ensemble.h"
#include "zooscope/stream.h"

using namespace zooscope;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

const std::string kJob = "/bench/sums";

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

double percentile(std::vector<double> v, double q) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(q * static_cast<double>(v.size() - 1) + 0.5));
    return v[i];
}

std::string binDir() {
    if (const char* d = std::getenv("ZS_BIN_DIR"); d && *d) return d;
    return std::filesystem::read_symlink("/proc/self/exe").parent_path().string();
}

// ---------------------------------------------------------------- ring

int runRing() {
    constexpr int kP = 1024;
    std::vector<std::string> ten, eleven;
    for (int i = 1; i <= 11; ++i) (i <= 10 ? ten : eleven).push_back("worker-" + std::to_string(i));
    eleven.insert(eleven.begin(), ten.begin(), ten.end());
    std::printf("| placement | partitions moved (10 -> 11 workers) | of 1,024 | max/mean, 10 workers | max/mean, 11 workers |\n");
    std::printf("|---|---:|---:|---:|---:|\n");
    auto row = [&](const std::string& name, const std::vector<std::string>& before, const std::vector<std::string>& after) {
        int moved = 0;
        for (int p = 0; p < kP; ++p) moved += before[static_cast<size_t>(p)] != after[static_cast<size_t>(p)];
        std::printf("| %s | %d | %.1f %% | %.2f | %.2f |\n", name.c_str(), moved, 100.0 * moved / kP,
                    stream::loadImbalance(before, 10), stream::loadImbalance(after, 11));
    };
    for (int v : {1, 16, 128})
        row("ring, V = " + std::to_string(v), stream::ringOwners(ten, kP, v), stream::ringOwners(eleven, kP, v));
    std::vector<std::string> modBefore, modAfter;
    for (int p = 0; p < kP; ++p) {
        modBefore.push_back(ten[static_cast<size_t>(p % 10)]);
        modAfter.push_back(eleven[static_cast<size_t>(p % 11)]);
    }
    row("`p mod N`", modBefore, modAfter);
    std::printf("\nA placement that stays balanced must move at least 1,024 / 11 = 93 partitions (9.1 %%) to the new worker.\n");
    return 0;
}

// ---------------------------------------------------------------- servers, workers, reads

std::unique_ptr<Ensemble> startServers(const std::string& kind, int size, int tickTime) {
    EnsembleSpec spec;
    spec.kind = kind == "zookeeper" ? NodeKind::ApacheZooKeeper : NodeKind::Engine;
    spec.size = size;
    spec.tickTime = tickTime;
    spec.engineBinary = binDir() + "/zooscope-server";
    std::string error;
    auto e = Ensemble::start(spec, &error);
    if (!e) {
        spdlog::error("cannot start {} x{}: {}", kind, size, error);
        return nullptr;
    }
    for (int i = 0; i < size; ++i)
        if (!e->waitReady(i, 60s, &error)) {
            spdlog::error("node {} not ready: {}", i, error);
            return nullptr;
        }
    return e;
}

// Worker processes (zooscope-ctl stream worker), killed with the bench.
class WorkerProcesses {
public:
    explicit WorkerProcesses(std::string connect) : connect_(std::move(connect)) {}
    ~WorkerProcesses() {
        for (auto& [id, pid] : pids_) {
            ::kill(pid, SIGKILL);
            ::waitpid(pid, nullptr, 0);
        }
    }
    bool start(const std::string& id, int sessionTimeoutMs) {
        const std::string ctl = binDir() + "/zooscope-ctl";
        const std::string timeout = std::to_string(sessionTimeoutMs);
        std::fflush(nullptr);  // the child must not write our buffered output again
        const pid_t pid = ::fork();
        if (pid < 0) return false;
        if (pid == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            std::freopen("/dev/null", "w", stdout);
            std::freopen("/dev/null", "w", stderr);
            ::execl(ctl.c_str(), ctl.c_str(), "--connect", connect_.c_str(), "stream", "worker", kJob.c_str(), "--id",
                    id.c_str(), "--session-timeout", timeout.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        pids_[id] = pid;
        return true;
    }
    void killHard(const std::string& id) {
        ::kill(pids_.at(id), SIGKILL);
        ::waitpid(pids_.at(id), nullptr, 0);
        pids_.erase(id);
    }

private:
    std::string connect_;
    std::map<std::string, pid_t> pids_;
};

// A client with blocking helpers for the bench's own reads and writes.
class Reader {
public:
    bool connect(const std::string& cs) {
        client::ClientOptions o;
        o.connectString = cs;
        o.sessionTimeout = 30s;
        std::string error;
        auto up = std::make_shared<std::promise<void>>();
        auto once = std::make_shared<std::once_flag>();
        client::Callbacks cb;
        cb.onState = [up, once](client::SessionState s) {
            if (s == client::SessionState::Connected) std::call_once(*once, [&] { up->set_value(); });
        };
        client_ = client::Client::connect(o, cb, &error);
        if (!client_) return false;
        return up->get_future().wait_for(30s) == std::future_status::ready;
    }
    std::optional<stream::JobStatus> status() {
        auto p = std::make_shared<std::promise<stream::Result<stream::JobStatus>>>();
        stream::readJobStatus(*client_, kJob, [p](stream::Result<stream::JobStatus> r) { p->set_value(std::move(r)); });
        auto r = p->get_future().get();
        if (!r.ok()) return std::nullopt;
        return std::move(r.value);
    }
    // offsets/<p>: (offset, version) for every partition, pipelined.
    std::optional<std::vector<std::pair<uint64_t, int32_t>>> offsets(int partitions, std::vector<std::string>* owners = nullptr) {
        std::vector<std::string> names;
        for (int p = 0; p < partitions; ++p) names.push_back(std::to_string(p));
        auto pr = std::make_shared<std::promise<client::Result<std::vector<client::ChildRow>>>>();
        client_->getChildrenWithStats(kJob + "/offsets", names, client::RowDetail::StatAndData,
                                      [pr](client::Result<std::vector<client::ChildRow>> r) { pr->set_value(std::move(r)); });
        auto r = pr->get_future().get();
        if (!r.ok()) return std::nullopt;
        std::vector<std::pair<uint64_t, int32_t>> out;
        if (owners) owners->clear();
        for (const auto& row : r.value) {
            std::string error;
            auto rec = stream::parseOffset(row.data, &error);
            if (row.err != proto::Err::Ok || !rec) return std::nullopt;
            out.emplace_back(rec->offset, row.stat.version);
            if (owners) owners->push_back(rec->owner);
        }
        return out;
    }
    // offsets(), tried again (every 10 ms, up to 30 s) while a read fails.
    std::optional<std::vector<std::pair<uint64_t, int32_t>>> offsetsRetrying(int partitions) {
        const auto start = Clock::now();
        auto r = offsets(partitions);
        while (!r && Clock::now() - start < 30s) {
            std::this_thread::sleep_for(10ms);
            r = offsets(partitions);
        }
        if (!r) spdlog::error("cannot read the offsets");
        return r;
    }
    bool setup(const stream::JobConfig& config) {
        auto p = std::make_shared<std::promise<stream::Status>>();
        stream::setupJob(*client_, kJob, config, [p](stream::Result<client::Empty> r) { p->set_value(r); });
        const auto s = p->get_future().get();
        if (!s.ok()) spdlog::error("setup: {}", s.message);
        return s.ok();
    }
    bool change(const stream::ConfigChange& change) {
        auto p = std::make_shared<std::promise<stream::Status>>();
        stream::changeConfig(*client_, kJob, change, [p](stream::Result<stream::JobConfig> r) { p->set_value(r); });
        return p->get_future().get().ok();
    }

private:
    std::unique_ptr<client::Client> client_;
};

// Waits until the members are `count`, the assignment is their ring, and
// every partition's offsets node names its owner; the status that showed
// it, nullopt on timeout.
std::optional<stream::JobStatus> waitSettled(Reader& reader, size_t count, std::chrono::seconds limit) {
    const auto start = Clock::now();
    std::string last = "no status read";
    while (Clock::now() - start < limit) {
        auto s = reader.status();
        if (s)
            last = std::to_string(s->members.size()) + " members, generation " + std::to_string(s->generation) + ", " +
                   std::to_string(s->assignment.owners.size()) + " owners, " + std::to_string(s->offsets.size()) +
                   " offsets read";
        if (s && s->members.size() == count && static_cast<int>(s->assignment.owners.size()) == s->config.partitions &&
            s->offsets.size() == s->assignment.owners.size()) {
            // The assignment is the ring of these members (not an older
            // generation's), and every owner has fenced its partitions.
            const auto ring = stream::ringOwners(s->members, s->config.partitions, s->config.vnodes);
            bool ok = true;
            for (const auto& [p, owner] : s->assignment.owners)
                ok = ok && ring[static_cast<size_t>(p)] == owner && s->offsets[p].owner == owner;
            if (ok) return s;
        }
        std::this_thread::sleep_for(50ms);
    }
    spdlog::error("not settled within {} s: {}", limit.count(), last);
    return std::nullopt;
}

// ---------------------------------------------------------------- failover

int runFailover(const std::string& kind, const std::vector<int>& timeouts, int rounds) {
    std::printf("| server | session timeout | rounds | partitions moved per kill | committing again elsewhere after kill -9: median | min | max |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int timeoutMs : timeouts) {
        std::vector<double> times;
        std::vector<double> moved;
        for (int round = 0; round < rounds; ++round) {
            auto servers = startServers(kind, 1, 500);
            if (!servers) return 1;
            Reader reader;
            if (!reader.connect(servers->connectString()) || !reader.setup({64, 128, 10, 20, false})) return 1;
            WorkerProcesses workers(servers->connectString());
            for (int w = 1; w <= 4; ++w) workers.start("w" + std::to_string(w), timeoutMs);
            const auto before = waitSettled(reader, 4, 60s);
            if (!before) return 1;
            std::vector<int> theirs;
            for (const auto& [p, owner] : before->assignment.owners)
                if (owner == "w2") theirs.push_back(p);
            const auto at = reader.offsetsRetrying(64);
            if (!at) return 1;
            const auto killed = Clock::now();
            workers.killHard("w2");
            std::set<int> waiting(theirs.begin(), theirs.end());
            while (!waiting.empty() && msSince(killed) < 120000) {
                std::vector<std::string> owners;
                auto now = reader.offsets(64, &owners);
                if (now)
                    for (auto it = waiting.begin(); it != waiting.end();) {
                        const auto p = static_cast<size_t>(*it);
                        if (owners[p] != "w2" && (*now)[p].first > (*at)[p].first) it = waiting.erase(it);
                        else ++it;
                    }
                std::this_thread::sleep_for(10ms);
            }
            if (!waiting.empty()) {
                spdlog::error("{} partitions never moved", waiting.size());
                return 1;
            }
            times.push_back(msSince(killed));
            moved.push_back(static_cast<double>(theirs.size()));
        }
        std::printf("| %s | %d ms | %d | %.0f | %.0f ms | %.0f ms | %.0f ms |\n", kind.c_str(), timeoutMs, rounds,
                    std::accumulate(moved.begin(), moved.end(), 0.0) / static_cast<double>(moved.size()),
                    percentile(times, 0.5), percentile(times, 0), percentile(times, 1));
        std::fflush(stdout);
    }
    return 0;
}

// ---------------------------------------------------------------- config

int runConfig(const std::string& kind, int changes, int workerCount) {
    auto servers = startServers(kind, 1, 500);
    if (!servers) return 1;
    Reader reader;
    if (!reader.connect(servers->connectString()) || !reader.setup({64, 128, 10, 20, false})) return 1;
    std::vector<std::unique_ptr<stream::Worker>> workers;
    for (int w = 1; w <= workerCount; ++w) {
        stream::WorkerOptions o;
        o.client.connectString = servers->connectString();
        o.job = kJob;
        o.id = "c" + std::to_string(w);
        std::string error;
        workers.push_back(stream::Worker::start(o, &error));
        if (!workers.back() || !workers.back()->waitStarted(30s).ok()) return 1;
    }
    if (!waitSettled(reader, static_cast<size_t>(workerCount), 60s)) return 1;
    std::vector<double> each, all;
    for (int k = 1; k <= changes; ++k) {
        const double rate = 20 + k;
        stream::ConfigChange change;
        change.ratePerPartition = rate;
        const auto start = Clock::now();
        if (!reader.change(change)) return 1;
        // Measured from before the write was sent: the write's own round trip is included.
        std::vector<bool> done(workers.size(), false);
        size_t left = workers.size();
        while (left > 0 && msSince(start) < 30000) {
            for (size_t i = 0; i < workers.size(); ++i)
                if (!done[i] && workers[i]->snapshot().config.ratePerPartition == rate) {
                    done[i] = true;
                    --left;
                    each.push_back(msSince(start));
                }
            std::this_thread::sleep_for(200us);
        }
        if (left > 0) return 1;
        all.push_back(msSince(start));
        std::this_thread::sleep_for(100ms);
    }
    std::printf("| %s | %d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms |\n", kind.c_str(), changes, workerCount,
                percentile(each, 0.5), percentile(each, 0.99), percentile(all, 0.5), percentile(all, 0.99));
    for (auto& w : workers) w->stop();
    return 0;
}

// ---------------------------------------------------------------- throughput

int runThroughput(const std::string& kind, int size, int seconds, int workerCount, int batch) {
    auto servers = startServers(kind, size, 2000);
    if (!servers) return 1;
    Reader reader;
    if (!reader.connect(servers->connectString()) || !reader.setup({64, 128, batch, 0, false})) return 1;
    WorkerProcesses workers(servers->connectString());
    for (int w = 1; w <= workerCount; ++w) workers.start("t" + std::to_string(w), 10000);
    if (!waitSettled(reader, static_cast<size_t>(workerCount), 60s)) return 1;
    std::this_thread::sleep_for(3s);  // warm up
    auto sum = [](const std::vector<std::pair<uint64_t, int32_t>>& v) {
        std::pair<uint64_t, uint64_t> s{0, 0};
        for (const auto& [o, ver] : v) {
            s.first += o;
            s.second += static_cast<uint64_t>(ver);
        }
        return s;
    };
    const auto a = reader.offsetsRetrying(64);
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(seconds));
    const auto b = reader.offsetsRetrying(64);
    const double dt = msSince(t0) / 1000;
    if (!a || !b) return 1;
    const auto [e0, c0] = sum(*a);
    const auto [e1, c1] = sum(*b);
    std::printf("| %s | %d | %d | %d | %d s | %.0f | %.0f |\n", kind.c_str(), size, workerCount, batch, seconds,
                static_cast<double>(e1 - e0) / dt, static_cast<double>(c1 - c0) / dt);
    return 0;
}

std::vector<int> parseList(const std::string& text) {
    std::vector<int> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) out.push_back(std::stoi(item));
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    // Logs (the C client's included) to stderr: stdout carries the tables.
    spdlog::set_default_logger(spdlog::stderr_color_mt("stream_bench"));
    spdlog::set_level(spdlog::level::warn);
    CLI::App app{"The stream workload's benchmarks (docs/BENCHMARKS.md).", "stream_bench"};
    cli::useConventions(app);
    app.require_subcommand(1);
    std::string kind = "engine";
    std::string timeouts = "2000,4000,8000";
    int rounds = 3, changes = 50, workers = 4, size = 3, seconds = 20, batch = 100;
    app.add_subcommand("ring", "partitions moved and balance, ring vs p mod N");
    auto* failover = app.add_subcommand("failover", "kill -9 of a worker -> its partitions committing elsewhere");
    auto* config = app.add_subcommand("config", "config change -> applied by every worker");
    auto* throughput = app.add_subcommand("throughput", "events committed per second");
    for (auto* sub : {failover, config, throughput})
        sub->add_option("--kind", kind, "engine or zookeeper")->check(CLI::IsMember({"engine", "zookeeper"}));
    failover->add_option("--session-timeouts", timeouts, "comma-separated milliseconds");
    failover->add_option("--rounds", rounds)->transform(cli::integer(1, 1000));
    config->add_option("--changes", changes)->transform(cli::integer(1, 100000));
    config->add_option("--workers", workers)->transform(cli::integer(1, 64));
    throughput->add_option("--workers", workers)->transform(cli::integer(1, 64));
    throughput->add_option("--size", size)->transform(cli::integer(1, 7));
    throughput->add_option("--seconds", seconds)->transform(cli::integer(1, 3600));
    throughput->add_option("--batch", batch)->transform(cli::integer(1, 100000));
    if (auto status = cli::parse(app, argc, argv)) return *status;

    if (app.got_subcommand("ring")) return runRing();
    if (failover->parsed()) return runFailover(kind, parseList(timeouts), rounds);
    if (config->parsed()) return runConfig(kind, changes, workers);
    return runThroughput(kind, size, seconds, workers, batch);
}
