// zooscope-server: the engine as a standalone process. Composition only:
// parse the command line, read zoo.cfg, start the server, wait for SIGTERM/SIGINT.
#include <spdlog/spdlog.h>

#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "zooscope/command_line.h"
#include "zooscope/config.h"
#include "zooscope/sample_data.h"
#include "zooscope/server.h"

namespace {

constexpr const char* kDescription =
    "Runs the ZooScope engine, a ZooKeeper-compatible server, on 127.0.0.1 unless\n"
    "zoo.cfg sets clientPortAddress. --port and --data-dir override zoo.cfg.";

volatile std::sig_atomic_t gStop = 0;
void onSignal(int) { gStop = 1; }

}  // namespace

int main(int argc, char** argv) {
    std::string configPath;
    int port = 0;
    std::string dataDir;
    bool sample = false;
    std::string logLevel = "info";
    CLI::App cli{kDescription, "zooscope-server"};
    zooscope::cli::useConventions(cli);
    cli.add_option("-c,--config", configPath, "a zoo.cfg (Java properties), e.g. an existing ZooKeeper's")
        ->type_name("FILE");
    auto* portOption = cli.add_option("-p,--port", port, "client port; 0 picks a free one (default: zoo.cfg's, else 2181)")
                           ->transform(zooscope::cli::integer(0, 65535));
    auto* dataDirOption =
        cli.add_option("-d,--data-dir", dataDir, "where the log and snapshots go (default: zoo.cfg's, else in memory)")
            ->type_name("DIR");
    cli.add_flag("--sample-data", sample, "seed a few example znodes (config files, a Kafka-like layout)");
    cli.add_option("--log-level", logLevel, "log threshold (default info)")
        ->type_name("LEVEL")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
    cli.set_version_flag("--version", "zooscope-server " ZOOSCOPE_VERSION);
    if (auto status = zooscope::cli::parse(cli, argc, argv)) return *status;
    spdlog::set_level(spdlog::level::from_str(logLevel));

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
    if (portOption->count()) config.clientPort = uint16_t(port);
    if (dataDirOption->count()) config.dataDir = dataDir;
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
