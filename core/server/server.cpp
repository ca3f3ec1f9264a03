// Server::start: the engine's composition root. A ServerCore (recovery, the
// client protocol, the commit path: server_core.h) on the real clock and disk
// (Env::system()) - or, for tests, on the Env they give startOnEnv() -
// driven by the socket layer (network.h), which is its timers and, in an
// ensemble, its peer transport.
#include "zooscope/server.h"

#include <spdlog/spdlog.h>

#include "env/env.h"
#include "server/network.h"
#include "server/server_core.h"
#include "server/server_on_env.h"

namespace zooscope {

namespace {

class RunningServer final : public Server {
public:
    // `network` must be the core's Timers and PeerLink.
    RunningServer(std::unique_ptr<server::ServerCore> core, std::unique_ptr<server::Network> network)
        : core_(std::move(core)), network_(std::move(network)) {}
    // The network thread stops first, then the core (joining its log syncer,
    // which may still post to the network's stopped loop: those callbacks are
    // dropped unrun), then the network.
    ~RunningServer() override {
        stop();
        core_.reset();
        network_.reset();
    }

    uint16_t port() const override { return network_->port(); }
    bool failed() const override { return core_->failed(); }
    void stop() override { network_->stop(); }

private:
    std::unique_ptr<server::ServerCore> core_;
    std::unique_ptr<server::Network> network_;
};

}  // namespace

std::unique_ptr<Server> Server::start(const ServerConfig& config, std::string* error,
                                      const std::vector<SeedNode>& seed) {
    return server::startOnEnv(Env::system(), config, error, seed);
}

namespace server {

std::unique_ptr<Server> startOnEnv(std::shared_ptr<Env> env, const ServerConfig& config, std::string* error,
                                   const std::vector<SeedNode>& seed) {
    if (config.juteMaxBuffer <= 0) {
        if (error) *error = "jute.maxbuffer must be positive";
        return nullptr;
    }
    auto network = std::make_unique<Network>(config);
    auto core = ServerCore::open(config, Seams{std::move(env), network.get(), network.get(), {}}, error);
    if (!core) return nullptr;
    if (!network->bind(*core, error)) return nullptr;
    if (auto* host = core->quorumHost(); host && !network->bindPeers(*host, error)) return nullptr;
    for (const auto& n : seed) core->seed(n.path, n.data);
    network->run();
    return std::make_unique<RunningServer>(std::move(core), std::move(network));
}

}  // namespace server

}  // namespace zooscope
