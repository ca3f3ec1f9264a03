#include "server/server_state.h"

namespace zooscope::server {

ServerState::ServerState(const ServerConfig& configIn, std::shared_ptr<Env> envIn,
                         std::unique_ptr<tree::DataTree> treeIn)
    : config(configIn),
      env(std::move(envIn)),
      tree(treeIn ? std::move(treeIn) : std::make_unique<tree::DataTree>()),
      // Standalone ZooKeeper uses server id 1 for session ids; an ensemble member its myid.
      sessions(config.myid > 0 ? config.myid : 1, config.tickTime, env->wallMs()),
      processor(std::make_unique<RequestProcessor>(*tree, config)) {
    stats.startedAtMs = env->monotonicMs();
}

storage::SessionTable ServerState::sessionTable() const {
    storage::SessionTable table;
    for (const auto& [id, s] : sessions.all()) table[id] = s.timeoutMs;
    return table;
}

void ServerState::resetProcessor() { processor = std::make_unique<RequestProcessor>(*tree, config); }

}  // namespace zooscope::server
