// capture_monitor_fixtures: records what real servers answer to the
// four-letter words and AdminServer commands the monitor parses, into
// tests/data/monitor/<scenario>/{4lw/<word>.txt, admin/<command>.json}. Not a
// test: the files it writes are committed, and tst_server_answers reads them.
// docs/monitoring.md lists the scenarios; rerun it with
//   build/bin/capture_monitor_fixtures --kind apache --out tests/data/monitor
//   build/bin/capture_monitor_fixtures --kind engine --out tests/data/monitor
// (engine: ZS_BIN_DIR=build/bin). Every server runs on 127.0.0.1 on free
// ports in a temp dir, through the ensemble launcher.
//
// Each scenario runs MonitorWorkload first (nodes, an ephemeral, a data, a
// child and an exists watch) and keeps its session open while it captures, so cons, wchc and the rest have something
// to show. An AdminServer answer that is not HTTP 200 is saved as
// admin/<command>.http<status>.html.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "monitor_workload.h"
#include "zooscope/ensemble.h"
#include "zooscope/server_probe.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using zooscope::Ensemble;
using zooscope::EnsembleSpec;
using zooscope::NodeKind;
using zooscope::NodeMode;

namespace {

using Clock = std::chrono::steady_clock;

const char* const kWords[] = {"srvr", "stat", "mntr", "cons", "wchs", "wchc", "wchp", "conf"};
const char* const kCommands[] = {"monitor",     "stats",         "server_stats",  "leader",
                                 "zabstate",    "voting_view",   "connections",   "watch_summary",
                                 "configuration", "watches",     "watches_by_path", "no_such_command"};

[[noreturn]] void die(const std::string& why) {
    std::fprintf(stderr, "capture_monitor_fixtures: %s\n", why.c_str());
    std::exit(1);
}

void writeFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << bytes;
    if (!out) die("cannot write " + path.string());
}

// The workload's session; the capture stops at its first failure.
struct Workload : zooscope::testing::MonitorWorkload {
    Workload(const std::string& hosts, bool create) : MonitorWorkload(hosts, create) {
        if (!error().empty()) die(error());
    }
};

void capture(const Ensemble& e, int node, const fs::path& dir, bool admin) {
    const auto info = e.node(node);
    for (const char* w : kWords) {
        const std::string answer = e.fourLetterWord(node, w, 10s);
        if (answer.empty()) die(std::string("no answer to ") + w + " from node " + std::to_string(info.id));
        writeFile(dir / "4lw" / (std::string(w) + ".txt"), answer);
    }
    if (!admin) return;
    const zooscope::monitor::Endpoint at{"127.0.0.1", uint16_t(info.adminPort)};
    for (const char* c : kCommands) {
        const auto f = zooscope::monitor::fetchAdminCommand(at, c, 10s);
        if (!f.answered) die(f.error);
        const std::string name = f.httpStatus == 200 ? std::string(c) + ".json"
                                                     : std::string(c) + ".http" + std::to_string(f.httpStatus) + ".html";
        writeFile(dir / "admin" / name, f.body);
    }
    std::printf("captured %s\n", dir.string().c_str());
}

// Starts an ensemble and waits until `serving` of its nodes serve clients
// (a leader with leaderServes=no never does).
std::unique_ptr<Ensemble> start(NodeKind kind, int size, const std::string& whitelist, int serving,
                                const std::map<std::string, std::string>& extra = {}) {
    EnsembleSpec spec;
    spec.kind = kind;
    spec.size = size;
    spec.tickTime = 500;  // followers notice a dead leader within syncLimit ticks
    spec.adminServer = true;
    spec.fourLetterWhitelist = whitelist;
    spec.extraConfig = extra;
    std::string error;
    auto e = Ensemble::start(spec, &error);
    if (!e) die(error);
    const auto begin = Clock::now();
    for (;;) {
        int n = 0;
        for (int i = 0; i < size; ++i) n += e->mode(i) != NodeMode::Unknown ? 1 : 0;
        if (n >= serving) return e;
        if (Clock::now() - begin > 60s) die("the ensemble did not start serving in 60 s");
        std::this_thread::sleep_for(100ms);
    }
}

int nodeIn(const Ensemble& e, NodeMode mode) {
    for (int i = 0; i < e.nodeCount(); ++i) {
        if (e.mode(i) == mode) return i;
    }
    die(std::string("no ") + zooscope::toString(mode));
}

std::string clientAddress(const Ensemble& e, int i) { return "127.0.0.1:" + std::to_string(e.node(i).clientPort); }

}  // namespace

int main(int argc, char** argv) {
    std::string kindName, out;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string a = argv[i];
        if (a == "--kind") kindName = argv[i + 1];
        else if (a == "--out") out = argv[i + 1];
    }
    if ((kindName != "apache" && kindName != "engine") || out.empty()) {
        std::fprintf(stderr, "usage: capture_monitor_fixtures --kind apache|engine --out DIR\n");
        return 2;
    }
    const NodeKind kind = kindName == "apache" ? NodeKind::ApacheZooKeeper : NodeKind::Engine;
    const fs::path root = fs::path(out);

    {  // standalone, every word allowed
        auto e = start(kind, 1, "*", 1);
        Workload w(clientAddress(*e, 0), true);
        capture(*e, 0, root / (kindName + "-standalone"), true);
    }
    {  // standalone, ZooKeeper 3.8's default whitelist: refusals
        auto e = start(kind, 1, "srvr", 1);
        capture(*e, 0, root / (kindName + "-default-whitelist"), false);
    }
    {  // a 3-node ensemble: leader, follower; then the last node standing
        auto e = start(kind, 3, "*", 3);
        const int leader = nodeIn(*e, NodeMode::Leader);
        const int follower = nodeIn(*e, NodeMode::Follower);
        Workload onFollower(clientAddress(*e, follower), true);
        Workload onLeader(clientAddress(*e, leader), false);
        std::this_thread::sleep_for(500ms);  // the follower applies the commits
        capture(*e, leader, root / (kindName + "-leader"), true);
        capture(*e, follower, root / (kindName + "-follower"), true);
        std::string error;
        int other = 0;
        while (other == leader || other == follower) ++other;
        if (!e->kill(leader, &error) || !e->kill(other, &error)) die(error);
        const auto start = Clock::now();
        while (e->fourLetterWord(follower, "srvr").rfind("This ZooKeeper instance is not currently serving", 0) != 0) {
            if (Clock::now() - start > 60s) die("the last node kept serving");
            std::this_thread::sleep_for(100ms);
        }
        capture(*e, follower, root / (kindName + "-not-serving"), true);
    }
    if (kind == NodeKind::ApacheZooKeeper) {  // leaderServes=no: the leader serves no clients
        auto e = start(kind, 3, "*", 2, {{"leaderServes", "no"}});
        capture(*e, nodeIn(*e, NodeMode::Unknown), root / (kindName + "-leader-serves-no"), true);
    }
    return 0;
}
