#include "embedded_engine.h"

#include <spdlog/spdlog.h>

#include "zooscope/sample_data.h"

namespace zooscope::app {

std::unique_ptr<EmbeddedEngine> EmbeddedEngine::start(std::string* error) {
    ServerConfig config;
    config.clientPortAddress = "127.0.0.1";
    config.clientPort = 0;
    config.fourLetterWhitelist = {"*"};
    config.extendedTypesEnabled = true;  // TTL nodes can be tried out
    std::unique_ptr<EmbeddedEngine> engine(new EmbeddedEngine);
    engine->server_ = Server::start(config, error, sampleNodes());
    if (!engine->server_) return nullptr;
    spdlog::info("embedded engine listening on {}", engine->connectString());

    client::ClientOptions options;
    options.connectString = engine->connectString();
    std::string clientError;
    engine->holder_ = client::Client::connect(options, {}, &clientError);
    if (!engine->holder_) {
        spdlog::warn("embedded engine: no session for the sample ephemerals: {}", clientError);
        return engine;
    }
    // Requests queue until the session is up; the C client sends them then.
    for (const auto& e : sampleEphemerals()) {
        client::CreateOptions co;
        co.mode = e.mode;
        engine->holder_->create(e.path, e.data, co, [path = e.path](client::Result<client::Created> r) {
            if (!r.ok()) spdlog::warn("embedded engine: sample ephemeral {}: {}", path, r.message);
        });
    }
    return engine;
}

EmbeddedEngine::~EmbeddedEngine() {
    if (holder_) holder_->close();
    holder_.reset();
    if (server_) server_->stop();
}

std::string EmbeddedEngine::connectString() const {
    return server_ ? "127.0.0.1:" + std::to_string(server_->port()) : std::string();
}

}  // namespace zooscope::app
