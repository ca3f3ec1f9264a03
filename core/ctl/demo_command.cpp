// demo up: a local ensemble (core/ensemble) with the stream workload on it,
// headless. The order is the contract of its stdout: nodes serving, job set
// up, workers joined and every partition owned, then the one line with the
// connect string; then it waits for a stop request and takes everything down.
//
// Nothing outlives it: the nodes are the Ensemble's children (killed with
// its launcher thread), the workers (stream::WorkerProcesses) are spawned
// from this thread, which runs until the demo ends (PR_SET_PDEATHSIG: killed
// with it, even when zooscope-ctl is killed -9).
#include <algorithm>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include "ctl/commands.h"
#include "zooscope/child_process.h"
#include "zooscope/ensemble.h"
#include "zooscope/stream_workers.h"

namespace zooscope::ctl {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

// Generous: Apache nodes are JVMs, and the machine may be busy.
constexpr auto kServeTimeout = 120s;
constexpr auto kJoinTimeout = 120s;
// Waits until every node serves (ruok + a Mode in srvr); false + *error.
bool waitServing(Ensemble& ensemble, const std::stop_token& stop, std::string* error) {
    const auto deadline = Clock::now() + kServeTimeout;
    for (int i = 0; i < ensemble.nodeCount(); ++i) {
        for (;;) {
            if (stop.stop_requested()) return false;
            if (ensemble.waitReady(i, 1s, error)) break;
            if (ensemble.node(i).state != NodeState::Running || Clock::now() >= deadline) return false;
        }
    }
    return true;
}

// True once every id is a member and every partition has an owner that is a
// member (the coordinator has published an assignment for them).
bool joined(const stream::JobStatus& s, const std::vector<std::string>& ids) {
    const std::set<std::string> members(s.members.begin(), s.members.end());
    for (const auto& id : ids)
        if (!members.count(id)) return false;
    if (static_cast<int>(s.assignment.owners.size()) != s.config.partitions) return false;
    return std::all_of(s.assignment.owners.begin(), s.assignment.owners.end(),
                       [&](const auto& owner) { return members.count(owner.second) > 0; });
}

}  // namespace

int runDemoUp(const Invocation& inv, const Environment& env) {
    std::ostream& err = *env.err;
    const auto& d = inv.demo;
    std::string error;

    // Found before anything starts, so a missing zooscope-ctl costs nothing.
    std::string program;
    if (d.workers > 0) {
        program = findZooScopeExecutable("zooscope-ctl", &error);
        if (program.empty()) {
            err << "demo up: cannot run workers: " << error << ".\n";
            return kExitRefused;
        }
    }

    EnsembleSpec spec;
    spec.kind = d.apache ? NodeKind::ApacheZooKeeper : NodeKind::Engine;
    spec.size = d.nodes;
    spec.observers = d.observer ? 1 : 0;
    spec.baseDir = d.dir;
    spec.proxiedPeers = d.nodes + spec.observers > 1;  // the peer links can be cut and slowed
    spec.adminServer = true;                            // on free ports, for dashboards
    err << "demo up: starting " << d.nodes << (d.observer ? " + 1 observer " : " ") << toString(spec.kind)
        << " node(s)" << (d.dir.empty() ? "" : " in " + d.dir) << ".\n";
    auto ensemble = Ensemble::start(spec, &error);
    if (!ensemble) {
        err << "demo up: " << error << '\n';
        return kExitRefused;
    }
    if (!waitServing(*ensemble, env.stop, &error)) {
        if (env.stop.stop_requested()) return kExitOk;
        err << "demo up: " << error << '\n';
        return kExitRefused;
    }
    const std::string connect = ensemble->connectString();
    for (const NodeInfo& n : ensemble->nodes())
        err << "demo up: node " << n.id << " serves on 127.0.0.1:" << n.clientPort << " ("
            << toString(ensemble->mode(n.id - 1)) << "), AdminServer on 127.0.0.1:" << n.adminPort << ", pid "
            << n.pid << ".\n";

    // The job: set up once (a kept --dir may have it already).
    client::ClientOptions options;
    options.connectString = connect;
    auto session = recipes::Session::connect(options, &error);
    if (!session || !session->waitConnected(std::chrono::duration_cast<std::chrono::milliseconds>(kServeTimeout), env.stop).ok()) {
        if (env.stop.stop_requested()) return kExitOk;
        err << "demo up: cannot connect to " << connect << (error.empty() ? "" : ": " + error) << ".\n";
        return kExitRefused;
    }
    stream::JobConfig config;
    config.partitions = d.partitions;
    config.vnodes = d.vnodes;
    auto setup = awaitStream<client::Empty>(env.stop, [&](stream::Callback<client::Empty> done) {
        stream::setupJob(session->client(), inv.path, config, std::move(done));
    });
    if (!setup) return kExitOk;
    if (setup->code == stream::Code::AlreadySetUp) {
        err << "demo up: job " << inv.path << " is set up already; its workers carry on.\n";
    } else if (!setup->ok()) {
        err << "demo up: cannot set up " << inv.path << ": " << setup->message << '\n';
        return kExitRefused;
    }

    stream::WorkerProcesses workers(program, connect, inv.path, ensemble->baseDir() + "/workers");
    for (int k = 1; k <= d.workers; ++k) {
        if (!workers.start("worker-" + std::to_string(k), &error)) {
            err << "demo up: cannot start a worker: " << error << '\n';
            return kExitRefused;
        }
    }
    const auto deadline = Clock::now() + kJoinTimeout;
    for (bool done = d.workers == 0; !done;) {
        if (auto gone = workers.ended()) {
            err << "demo up: " << stream::WorkerProcesses::endedText(*gone) << '\n';
            return kExitRefused;
        }
        auto status = awaitStream<stream::JobStatus>(env.stop, [&](stream::Callback<stream::JobStatus> cb) {
            stream::readJobStatus(session->client(), inv.path, std::move(cb));
        });
        if (!status) return kExitOk;
        done = status->ok() && joined(status->value, workers.ids());
        if (done) break;
        if (Clock::now() >= deadline) {
            err << "demo up: the workers have not all joined " << inv.path << " after "
                << std::chrono::duration_cast<std::chrono::seconds>(kJoinTimeout).count() << " s.\n";
            return kExitRefused;
        }
        std::this_thread::sleep_for(200ms);
    }
    session->close();
    err << "demo up: " << d.workers << " worker(s) on " << inv.path << " (" << d.partitions
        << " partitions); files in " << ensemble->baseDir() << ". Ctrl-C or SIGTERM stops it.\n";

    *env.out << connect << std::endl;

    while (!env.stop.stop_requested()) {
        // A worker that dies is said once (it leaves the set); the demo keeps serving.
        if (auto gone = workers.ended()) err << "demo up: " << stream::WorkerProcesses::endedText(*gone) << '\n';
        std::this_thread::sleep_for(100ms);
    }
    err << "demo up: stopping.\n";
    workers.stopAll();
    ensemble.reset();
    err << "demo up: stopped" << (d.dir.empty() ? "; the temp folder is removed" : "; files kept in " + d.dir) << ".\n";
    return kExitOk;
}

}  // namespace zooscope::ctl
