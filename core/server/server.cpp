// Server::start: the engine's composition root. A ServerCore (recovery, the
// client protocol, the commit path: server_core.h) on the real clock and disk
// (Env::system()), driven by the socket layer (network.h), which is its
// timers and, in an ensemble, its peer transport.
#include "zooscope/server.h"

#include <spdlog/spdlog.h>

#include "env/env.h"
#include "server/network.h"
#include "server/server_core.h"

namespace zooscope {

namespace {

class RunningServer final : public Server {
public:
    // `network` must be the core's Timers and PeerLink.
    RunningServer(std::unique_ptr<server::ServerCore> core, std::unique_ptr<server::Network> network)
        : core_(std::move(core)), network_(std::move(network)) {}
    // The network thread stops before the core goes; the network (with every
    // pending callback into the core) goes first.
    ~RunningServer() override { stop(); }

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
    if (config.juteMaxBuffer <= 0) {
        if (error) *error = "jute.maxbuffer must be positive";
        return nullptr;
    }
    auto network = std::make_unique<server::Network>(config);
    auto core = server::ServerCore::open(config, server::Seams{Env::system(), network.get(), network.get(), {}}, error);
    if (!core) return nullptr;
    if (!network->bind(*core, error)) return nullptr;
    if (auto* host = core->quorumHost(); host && !network->bindPeers(*host, error)) return nullptr;
    for (const auto& n : seed) core->seed(n.path, n.data);
    network->run();
    return std::make_unique<RunningServer>(std::move(core), std::move(network));
}

}  // namespace zooscope
