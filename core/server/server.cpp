// Server::start: the engine's composition root. A ServerCore (recovery, the
// client protocol, the commit path: server_core.h) on the real clock and disk
// (Env::system()) - or, for tests, on the Env they give startOnEnv() -
// driven by the socket layer (network.h), which is its timers and, in an
// ensemble, its peer transport.
#include "zooscope/server.h"

#include <spdlog/spdlog.h>

#include <future>

#include "env/env.h"
#include "server/admin_server.h"
#include "server/network.h"
#include "server/server_core.h"
#include "server/server_on_env.h"

namespace zooscope {

namespace {

// Also the AdminServer's AdminFiguresSource: each copy is taken on the
// network thread.
class RunningServer final : public Server, private server::AdminFiguresSource {
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

    // The AdminServer (admin.enableServer); false and *error when its port
    // cannot be bound.
    bool startAdminServer(const ServerConfig& config, std::string* error) {
        if (!config.adminEnableServer) return true;
        admin_ = server::AdminServer::start(config, *this, error);
        return admin_ != nullptr;
    }

    uint16_t port() const override { return network_->port(); }
    uint16_t adminPort() const override { return admin_ ? admin_->port() : 0; }
    bool failed() const override { return core_->failed(); }
    void stop() override {
        if (admin_) admin_->stop();  // its requests wait on the network thread
        network_->stop();
    }

private:
    std::optional<server::AdminFigures> adminFigures(server::AdminDetail detail,
                                                     std::chrono::milliseconds timeout) override {
        auto copy = std::make_shared<std::promise<server::AdminFigures>>();
        auto taken = copy->get_future();
        network_->post([this, detail, copy] { copy->set_value(core_->adminFigures(detail)); });
        if (taken.wait_for(timeout) != std::future_status::ready) return std::nullopt;
        try {
            return taken.get();
        } catch (const std::future_error&) {  // dropped by a stopping network thread
            return std::nullopt;
        }
    }

    std::unique_ptr<server::ServerCore> core_;
    std::unique_ptr<server::Network> network_;
    std::unique_ptr<server::AdminServer> admin_;
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
    auto running = std::make_unique<RunningServer>(std::move(core), std::move(network));
    if (!running->startAdminServer(config, error)) return nullptr;  // the destructor stops the rest
    return running;
}

}  // namespace server

}  // namespace zooscope
