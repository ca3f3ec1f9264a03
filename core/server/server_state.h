// ServerState: what the connections (ConnectionDispatcher) and the commit
// path (StandaloneCommit or QuorumHost) of one server share - its settings,
// clock and disk, the data tree, the session table, the request pipeline and
// the counters the four-letter words report.
//
// The commit path changes the tree and the sessions (it alone applies
// transactions; a QuorumHost may replace the tree with a leader's SNAP); the
// connections read them and touch sessions. Single-threaded: everything runs
// on the thread that owns the server. Not copyable or movable: the request
// pipeline holds references into it.
#pragma once

#include <cstdint>
#include <memory>

#include "env/env.h"
#include "server/request_processor.h"
#include "server/server_stats.h"
#include "server/session_tracker.h"
#include "storage/snapshot.h"
#include "tree/data_tree.h"
#include "zooscope/config.h"

namespace zooscope::server {

struct ServerState {
    // `tree` is the recovered one (null: an empty tree).
    ServerState(const ServerConfig& config, std::shared_ptr<Env> env, std::unique_ptr<tree::DataTree> tree);
    ServerState(const ServerState&) = delete;
    ServerState& operator=(const ServerState&) = delete;

    // The live sessions with their timeouts, as snapshots store them.
    storage::SessionTable sessionTable() const;
    // A fresh pipeline over the current tree, dropping the in-flight view of
    // prepare (after a SNAP replaced the tree, or when leadership changed).
    void resetProcessor();

    const ServerConfig config;
    const std::shared_ptr<Env> env;
    std::unique_ptr<tree::DataTree> tree;
    SessionTracker sessions;
    std::unique_ptr<RequestProcessor> processor;
    ServerStats stats;
};

}  // namespace zooscope::server
