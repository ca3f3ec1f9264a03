// bench_snapshot_walk [NODES] [ROUNDS] [DIR]: builds a tree like the server
// bench's write mix leaves behind (NODES sequential children spread over 4
// parents, 100-byte values; every other create followed by a set of an
// earlier node, which reallocates its blob, so blobs are not in walk order),
// then takes ROUNDS snapshots of it into DIR (default /tmp) the way the
// server does: storage::SnapshotWriter, its file written by its own thread,
// the walk driven by step() calls of 250 nodes. Prints the owner thread's
// time in step() per node (what the server's request loop loses), its longest
// single step (how long one turn of that loop can stall), and the wall time
// until the file is written.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <spdlog/spdlog.h>

#include "env/env.h"
#include "zooscope/protocol.h"
#include "storage/snapshot.h"
#include "tree/data_tree.h"
#include "tree/txn.h"

using namespace zooscope;

// As the server's SnapshotRunner.
constexpr size_t kNodesPerStep = 250;

int main(int argc, char** argv) {
    const long nodes = argc > 1 ? std::atol(argv[1]) : 500000;
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
    tree::DataTree t;
    int64_t zxid = 0;
    auto apply = [&](proto::OpCode op, tree::Txn txn) {
        tree::TxnHeader h;
        h.zxid = ++zxid;
        h.time = 1;
        h.type = op;
        t.apply(h, txn);
    };
    const std::string value(100, 'v');
    apply(proto::OpCode::Create, tree::Txn{proto::OpCode::Create, tree::CreateTxn{"/zsbench", "", proto::openAclUnsafe(), 0, 1}});
    for (int s = 0; s < 4; ++s)
        apply(proto::OpCode::Create,
              tree::Txn{proto::OpCode::Create, tree::CreateTxn{"/zsbench/s" + std::to_string(s), "", proto::openAclUnsafe(), 0, s + 1}});
    std::vector<std::string> paths;
    paths.reserve(size_t(nodes));
    char name[64];
    for (long i = 0; i < nodes; ++i) {
        const int s = int(i % 4);
        std::snprintf(name, sizeof name, "/zsbench/s%d/c-%010ld", s, i / 4);
        paths.emplace_back(name);
        apply(proto::OpCode::Create,
              tree::Txn{proto::OpCode::Create, tree::CreateTxn{name, value, proto::openAclUnsafe(), 0, int32_t(i / 4 + 1)}});
        if (i % 2 == 1) {
            const std::string& p = paths[size_t(std::rand()) % paths.size()];
            apply(proto::OpCode::SetData, tree::Txn{proto::OpCode::SetData, tree::SetDataTxn{p, value, -1}});
        }
    }
    spdlog::set_level(spdlog::level::warn);
    const std::string dir = argc > 3 ? argv[3] : "/tmp";
    storage::SessionTable sessions;
    std::vector<double> stepNs, wallMs;
    std::chrono::nanoseconds longestStep{0};
    for (int r = 0; r < rounds; ++r) {
        std::unique_ptr<storage::SnapshotWriter> w;
        const auto t0 = std::chrono::steady_clock::now();
        if (auto st = storage::SnapshotWriter::begin(Env::system(), dir, t, sessions, &w); !st) {
            std::fprintf(stderr, "begin: %s\n", st.toString().c_str());
            return 1;
        }
        std::chrono::nanoseconds inStep{0};
        for (bool walked = false; !walked;) {
            const auto s0 = std::chrono::steady_clock::now();
            walked = w->step(t, kNodesPerStep);
            const auto d = std::chrono::steady_clock::now() - s0;
            inStep += d;
            longestStep = std::max(longestStep, d);
        }
        if (auto st = w->wait(); !st) {
            std::fprintf(stderr, "wait: %s\n", st.toString().c_str());
            return 1;
        }
        const auto t1 = std::chrono::steady_clock::now();
        (void)Env::system()->removeFile(dir + "/" + w->fileName());
        stepNs.push_back(double(inStep.count()) / double(w->nodeCount()));
        wallMs.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(stepNs.begin(), stepNs.end());
    std::sort(wallMs.begin(), wallMs.end());
    std::printf("nodes %ld  owner ns/node median %.1f (min %.1f max %.1f)  longest step %.2f ms  written after ms median %.0f  "
                "(%d rounds, %zu nodes per step)\n",
                nodes + 6, stepNs[stepNs.size() / 2], stepNs.front(), stepNs.back(),
                std::chrono::duration<double, std::milli>(longestStep).count(), wallMs[wallMs.size() / 2], rounds,
                kNodesPerStep);
}
