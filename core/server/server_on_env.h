// Server::start (zooscope/server.h) on an Env of the caller's instead of the
// real clock and disk: tests run the whole engine - sockets, network thread,
// log syncer - on a FaultInjectionEnv to stall a sync or pull the plug.
// Not part of the public API. The Env must allow background threads if the
// caller wants the log syncer's thread (Env::backgroundThreads()).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "env/env.h"
#include "zooscope/server.h"

namespace zooscope::server {

std::unique_ptr<Server> startOnEnv(std::shared_ptr<Env> env, const ServerConfig& config, std::string* error,
                                   const std::vector<SeedNode>& seed = {});

}  // namespace zooscope::server
