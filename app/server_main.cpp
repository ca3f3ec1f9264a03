// zooscope-server: the engine as a standalone process. Composition only:
// parse flags, read zoo.cfg, start the server, wait for SIGTERM/SIGINT.
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "zooscope/config.h"
#include "zooscope/sample_data.h"
#include "zooscope/server.h"

namespace {

constexpr const char* kUsage =
    "Usage: zooscope-server [--config zoo.cfg] [--port N] [--data-dir DIR] [--sample-data]\n"
    "                       [--log-level trace|debug|info|warn|error] [--version] [--help]\n"
    "\n"
    "Runs the ZooScope engine, a ZooKeeper-compatible server, on 127.0.0.1 unless\n"
    "zoo.cfg sets clientPortAddress. --port and --data-dir override zoo.cfg.\n";

int parseInt(const char* flag, const char* value) {
    char* end = nullptr;
    long v = std::strtol(value, &end, 10);
    if (!value[0] || *end || v < 0 || v > 65535) {
        std::cerr << "zooscope-server: " << flag << " needs a number from 0 to 65535, got '" << value << "'\n";
        std::exit(2);
    }
    return int(v);
}

volatile std::sig_atomic_t gStop = 0;
void onSignal(int) { gStop = 1; }

}  // namespace

int main(int argc, char** argv) {
    std::string configPath;
    std::optional<int> port;
    std::optional<std::string> dataDir;
    bool sample = false;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto value = [&]() -> const char* {
            if (i + 1 >= argc) {
                std::cerr << "zooscope-server: " << a << " needs a value\n" << kUsage;
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--config" || a == "-c") configPath = value();
        else if (a == "--port" || a == "-p") port = parseInt("--port", value());
        else if (a == "--data-dir" || a == "-d") dataDir = value();
        else if (a == "--sample-data") sample = true;
        else if (a == "--log-level") spdlog::set_level(spdlog::level::from_str(value()));
        else if (a == "--version") {
            std::cout << "zooscope-server " ZOOSCOPE_VERSION "\n";
            return 0;
        } else if (a == "--help" || a == "-h") {
            std::cout << kUsage;
            return 0;
        } else {
            std::cerr << "zooscope-server: unknown argument '" << a << "'\n" << kUsage;
            return 2;
        }
    }

    zooscope::ServerConfig config;
    if (!configPath.empty()) {
        std::string err;
        auto loaded = zooscope::loadZooCfg(configPath, &err);
        if (!loaded) {
            spdlog::error("{}", err);
            return 1;
        }
        config = *loaded;
        for (const auto& k : config.unknownKeys) spdlog::warn("zoo.cfg: ignoring unknown key '{}'", k);
        for (const auto& k : config.unsupportedKeys) {
            spdlog::warn("zoo.cfg: '{}' needs TLS or SASL, which this build does not have; ignored", k);
        }
        if (!config.servers.empty()) {
            spdlog::info("zoo.cfg lists {} servers; this is server {}", config.servers.size(), config.myid);
        }
    }
    if (port) config.clientPort = uint16_t(*port);
    if (dataDir) config.dataDir = *dataDir;
    if (!config.dataDir.empty()) {
        // Never touch Apache ZooKeeper's own files.
        std::error_code ec;
        if (std::filesystem::exists(std::filesystem::path(config.dataDir) / "version-2", ec)) {
            spdlog::error("{} holds Apache ZooKeeper data (version-2/); zooscope-server will not use or "
                          "overwrite it. Point dataDir elsewhere.",
                          config.dataDir);
            return 1;
        }
    }

    std::signal(SIGTERM, onSignal);
    std::signal(SIGINT, onSignal);

    std::string err;
    auto server = zooscope::Server::start(config, &err, sample ? zooscope::sampleNodes() : std::vector<zooscope::SeedNode>{});
    if (!server) {
        spdlog::error("cannot start: {}", err);
        return 1;
    }
    const std::string hostPort = config.clientPortAddress + ":" + std::to_string(server->port());
    spdlog::info("zooscope-server {} ready on {}", ZOOSCOPE_VERSION, hostPort);
    if (sample) {
        std::cout << "ZooScope engine is running on " << hostPort << " with sample data.\n"
                  << "Connect with:\n"
                  << "  /usr/share/zookeeper/bin/zkCli.sh -server " << hostPort << "\n"
                  << "  /usr/lib/zookeeper/bin/cli_mt " << hostPort << "\n"
                  << "Stop with Ctrl-C.\n"
                  << std::flush;
    }
    while (!gStop && !server->failed()) {
        struct timespec ts{0, 100 * 1000 * 1000};
        nanosleep(&ts, nullptr);
    }
    const bool failed = server->failed();
    spdlog::info("shutting down");
    server->stop();
    return failed ? 1 : 0;
}
