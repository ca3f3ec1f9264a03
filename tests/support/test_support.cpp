// Implementation of the test harness (see test_support.h for the contracts).
#include "test_support.h"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "zooscope/apache_zookeeper.h"
#include "zooscope/child_process.h"
#include "zooscope/server.h"
#include "zooscope/temp_dir.h"
#include "zooscope/text_file.h"

namespace fs = std::filesystem;

namespace zooscope::testing {
namespace {

using Clock = std::chrono::steady_clock;

int elapsedMs(Clock::time_point since) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

void removeTempDir(const std::string& dir) {
    if (dir.empty()) return;
    const char* keep = std::getenv("ZS_KEEP_TEST_DIRS");
    if (keep && std::string_view(keep) == "1") {
        spdlog::info("test harness: keeping {}", dir);
        return;
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
}

// Base for servers that run as a child process on a fixed port.
class ProcessServer : public TestServer {
public:
    ~ProcessServer() override {
        child_.kill();
        removeTempDir(tempDir_);
    }
    uint16_t port() const override { return port_; }
    std::string dataDir() const override { return tempDir_ + "/data"; }
    std::string logTail(int lines) const override { return readTail(logFile_, lines); }
    void stop() override { child_.terminate(std::chrono::milliseconds(5000)); }
    bool kill9() override { return child_.kill(); }
    int pid() const override { return child_.running() ? child_.pid() : -1; }
    bool restart(std::string* error) override {
        std::string ignored;
        if (!error) error = &ignored;
        child_.kill();
        return launchAndWait(error);
    }

    // Picks a port, launches, waits; retries on a port taken under our feet.
    bool start(std::string* error) {
        for (int attempt = 0; attempt < 3; ++attempt) {
            port_ = freeLoopbackPort();
            if (port_ == 0) {
                *error = "no free loopback port";
                return false;
            }
            if (!prepare(error)) return false;
            if (launchAndWait(error)) return true;
            if (!fileContains(logFile_, "Address already in use")) return false;
            spdlog::warn("test harness: port {} was taken, retrying", port_);
        }
        return false;
    }

protected:
    // Writes config files for port_ (called before each launch attempt).
    virtual bool prepare(std::string* error) = 0;
    virtual std::vector<std::string> commandLine() const = 0;
    virtual bool ready() const = 0;

    bool launchAndWait(std::string* error) {
        if (!child_.spawn(commandLine(), outputFile_, error)) return false;
        const auto start = Clock::now();
        while (elapsedMs(start) < startTimeoutMs_) {
            ProcessExit how;
            if (child_.exited(&how)) {
                *error = name() + " " + exitText(how) + " before it was ready on port " + std::to_string(port_) +
                         "; last log lines:\n" + tails();
                return false;
            }
            if (ready()) {
                spdlog::debug("test harness: {} ready on port {} after {} ms", name(), port_, elapsedMs(start));
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        child_.kill();
        *error = name() + " did not become ready on port " + std::to_string(port_) + " within " +
                 std::to_string(startTimeoutMs_) + " ms; last log lines:\n" + tails();
        return false;
    }

    std::string tails() const {
        std::string t = readTail(logFile_, 30);
        if (outputFile_ != logFile_) {
            std::string o = readTail(outputFile_, 15);
            if (!o.empty()) t += "--- stdout/stderr:\n" + o;
        }
        return t.empty() ? std::string("(no log output)\n") : t;
    }

    ChildProcess child_;
    std::string tempDir_;
    std::string logFile_;
    std::string outputFile_;
    uint16_t port_ = 0;
    int startTimeoutMs_ = 60000;
};

class ApacheServer final : public ProcessServer {
public:
    explicit ApacheServer(ApacheOptions options) : options_(std::move(options)) {}
    std::string name() const override { return "zookeeper"; }
    uint16_t adminPort() const override { return adminPort_; }

    bool init(std::string* error) {
        classPath_ = apacheClassPath(error);
        if (classPath_.empty()) return false;
        java_ = findJava({}, error);
        if (java_.empty()) return false;
        tempDir_ = makeTempDir("zs-zookeeper", error);
        if (tempDir_.empty()) return false;
        fs::create_directories(dataDir());
        logFile_ = tempDir_ + "/zookeeper.log";
        outputFile_ = tempDir_ + "/zookeeper.out";
        startTimeoutMs_ = options_.startTimeoutMs;
        return true;
    }

protected:
    bool prepare(std::string* error) override {
        std::map<std::string, std::string> cfg = {
            {"tickTime", std::to_string(options_.tickTime)},
            {"initLimit", "10"},
            {"syncLimit", "5"},
            {"dataDir", dataDir()},
            {"clientPort", std::to_string(port_)},
            {"clientPortAddress", "127.0.0.1"},
            {"4lw.commands.whitelist", options_.fourLetterWhitelist},
            {"admin.enableServer", options_.adminServer ? "true" : "false"},
            {"extendedTypesEnabled", "true"},
        };
        if (options_.adminServer) {
            adminPort_ = freeLoopbackPort();
            if (adminPort_ == 0) {
                *error = "no free loopback port for the AdminServer";
                return false;
            }
            cfg["admin.serverAddress"] = "127.0.0.1";
            cfg["admin.serverPort"] = std::to_string(adminPort_);
        }
        for (const auto& [k, v] : options_.extra) cfg[k] = v;
        std::ofstream out(tempDir_ + "/zoo.cfg", std::ios::trunc);
        for (const auto& [k, v] : cfg) out << k << "=" << v << "\n";
        if (!out) {
            *error = "cannot write " + tempDir_ + "/zoo.cfg";
            return false;
        }
        return true;
    }

    std::vector<std::string> commandLine() const override {
        std::vector<std::string> cmd = {java_};
        const auto jvm = apacheJvmOptions();
        cmd.insert(cmd.end(), jvm.begin(), jvm.end());
        cmd.push_back("-Dorg.slf4j.simpleLogger.logFile=" + logFile_);
        cmd.insert(cmd.end(), options_.jvmArgs.begin(), options_.jvmArgs.end());
        cmd.insert(cmd.end(), {"-cp", classPath_, "org.apache.zookeeper.server.ZooKeeperServerMain",
                               tempDir_ + "/zoo.cfg"});
        return cmd;
    }

    // `srvr` tells when the request pipeline serves ("not currently serving
    // requests" before); it is the one word every whitelist allows.
    bool ready() const override {
        return fourLetterWord(port_, "srvr", 1000).find("Mode:") != std::string::npos &&
               (adminPort_ == 0 || loopbackAccepts(static_cast<uint16_t>(adminPort_), std::chrono::milliseconds(500)));
    }

private:
    ApacheOptions options_;
    uint16_t adminPort_ = 0;
    std::string classPath_;
    std::string java_;
};

// The engine's settings as a zoo.cfg (zooscope-server --config), so a
// process-backed engine runs with the same EngineOptions::config as an
// in-process one. --port and --data-dir on the command line override
// clientPort and dataDir.
std::string toZooCfg(const ServerConfig& c) {
    std::string whitelist;
    for (const auto& w : c.fourLetterWhitelist) whitelist += (whitelist.empty() ? "" : ",") + w;
    std::string out;
    auto kv = [&](const std::string& k, const std::string& v) { out += k + "=" + v + "\n"; };
    kv("tickTime", std::to_string(c.tickTime));
    kv("clientPortAddress", c.clientPortAddress.empty() ? "127.0.0.1" : c.clientPortAddress);
    kv("maxClientCnxns", std::to_string(c.maxClientCnxns));
    kv("minSessionTimeout", std::to_string(c.minSessionTimeout));
    kv("maxSessionTimeout", std::to_string(c.maxSessionTimeout));
    if (!whitelist.empty()) kv("4lw.commands.whitelist", whitelist);
    kv("jute.maxbuffer", std::to_string(c.juteMaxBuffer));
    kv("extendedTypesEnabled", c.extendedTypesEnabled ? "true" : "false");
    if (!c.superDigest.empty()) kv("DigestAuthenticationProvider.superDigest", c.superDigest);
    kv("znode.container.checkIntervalMs", std::to_string(c.containerCheckIntervalMs));
    kv("znode.container.maxNeverUsedIntervalMs", std::to_string(c.containerMaxNeverUsedIntervalMs));
    kv("snapCount", std::to_string(c.snapCount));
    kv("preAllocSize", std::to_string(c.preAllocSizeKb));
    kv("autopurge.snapRetainCount", std::to_string(c.snapRetainCount));
    kv("autopurge.purgeInterval", std::to_string(c.purgeIntervalHours));
    kv("admin.enableServer", c.adminEnableServer ? "true" : "false");
    if (c.adminEnableServer) {
        kv("admin.serverAddress", c.adminServerAddress);
        kv("admin.serverPort", std::to_string(c.adminServerPort));
        kv("admin.commandURL", c.adminCommandUrl);
    }
    return out;
}

class EngineProcessServer final : public ProcessServer {
public:
    explicit EngineProcessServer(EngineOptions options) : options_(std::move(options)) {}
    std::string name() const override { return "engine"; }
    uint16_t adminPort() const override { return options_.config.adminEnableServer ? options_.config.adminServerPort : 0; }

    bool init(std::string* error) {
        const char* binDir = std::getenv("ZS_BIN_DIR");
        if (!binDir || !*binDir) {
            *error = "ZS_BIN_DIR is not set (zs_add_qtest sets it to the build's bin dir)";
            return false;
        }
        exe_ = std::string(binDir) + "/zooscope-server";
        if (::access(exe_.c_str(), X_OK) != 0) {
            *error = "engine executable not found: " + exe_;
            return false;
        }
        tempDir_ = makeTempDir("zs-engine", error);
        if (tempDir_.empty()) return false;
        fs::create_directories(dataDir());
        logFile_ = outputFile_ = tempDir_ + "/engine.log";
        startTimeoutMs_ = options_.startTimeoutMs;
        return true;
    }

protected:
    bool prepare(std::string* error) override {
        if (options_.config.adminEnableServer) {
            options_.config.adminServerAddress = "127.0.0.1";
            options_.config.adminServerPort = freeLoopbackPort();
            if (options_.config.adminServerPort == 0) {
                *error = "no free loopback port for the AdminServer";
                return false;
            }
        }
        std::ofstream cfg(tempDir_ + "/zoo.cfg");
        cfg << toZooCfg(options_.config);
        if (!cfg) {
            *error = "cannot write " + tempDir_ + "/zoo.cfg";
            return false;
        }
        return true;
    }
    std::vector<std::string> commandLine() const override {
        std::vector<std::string> cmd = {exe_,     "--config",  tempDir_ + "/zoo.cfg", "--port",
                                        std::to_string(port_), "--data-dir", dataDir()};
        cmd.insert(cmd.end(), options_.extraArgs.begin(), options_.extraArgs.end());
        return cmd;
    }
    bool ready() const override {
        return loopbackAccepts(port_, std::chrono::milliseconds(500)) &&
               (adminPort() == 0 || loopbackAccepts(static_cast<uint16_t>(adminPort()), std::chrono::milliseconds(500)));
    }

private:
    EngineOptions options_;
    std::string exe_;
};

class EngineInProcessServer final : public TestServer {
public:
    ~EngineInProcessServer() override {
        stop();
        removeTempDir(tempDir_);
    }
    std::string name() const override { return "engine"; }
    uint16_t port() const override { return port_; }
    uint16_t adminPort() const override { return server_ ? server_->adminPort() : 0; }
    std::string dataDir() const override { return tempDir_ + "/data"; }
    std::string logTail(int) const override { return {}; }  // logs go through spdlog
    void stop() override {
        if (server_) server_->stop();
        server_.reset();
    }

    bool start(const EngineOptions& options, std::string* error) {
        tempDir_ = makeTempDir("zs-engine", error);
        if (tempDir_.empty()) return false;
        fs::create_directories(dataDir());
        ServerConfig config = options.config;
        config.clientPortAddress = "127.0.0.1";
        config.clientPort = 0;
        config.dataDir = dataDir();
        config.adminServerAddress = "127.0.0.1";
        config.adminServerPort = 0;
        std::string err;
        server_ = Server::start(config, &err);
        if (!server_) {
            *error = "the engine did not start in-process: " + (err.empty() ? std::string("(no message)") : err);
            return false;
        }
        port_ = server_->port();
        return true;
    }

private:
    std::unique_ptr<Server> server_;
    std::string tempDir_;
    uint16_t port_ = 0;
};

}  // namespace

TcpProxy::TcpProxy(uint16_t targetPort) {
    std::string error;
    LoopbackRelay::Route route;
    route.from = kClientEnd;
    if (!relay_.open({route}, &error)) {
        spdlog::error("test harness: TcpProxy setup failed: {}", error);
        return;
    }
    relay_.setTarget(route.targetKey, targetPort);
    port_ = relay_.port(0);
}

std::string TestServer::connectString() const { return "127.0.0.1:" + std::to_string(port()); }

bool TestServer::restart(std::string* error) {
    if (error) *error = name() + " runs in-process and cannot be restarted";
    return false;
}

ServerConfig EngineOptions::referenceEngineConfig() {
    ServerConfig c;
    c.tickTime = 2000;
    c.clientPortAddress = "127.0.0.1";
    c.clientPort = 0;
    c.fourLetterWhitelist = {"*"};
    c.extendedTypesEnabled = true;
    return c;
}

std::unique_ptr<TestServer> startApacheZooKeeper(const ApacheOptions& options, std::string* error) {
    std::string ignored;
    if (!error) error = &ignored;
    auto server = std::make_unique<ApacheServer>(options);
    if (!server->init(error) || !server->start(error)) return nullptr;
    spdlog::info("test harness: Apache ZooKeeper on {} (pid {}, dir {})", server->connectString(), server->pid(),
                 server->dataDir());
    return server;
}

std::unique_ptr<TestServer> startEngine(const EngineOptions& options, std::string* error) {
    std::string ignored;
    if (!error) error = &ignored;
    if (options.mode == EngineOptions::Mode::InProcess) {
        auto server = std::make_unique<EngineInProcessServer>();
        if (!server->start(options, error)) return nullptr;
        return server;
    }
    auto server = std::make_unique<EngineProcessServer>(options);
    if (!server->init(error) || !server->start(error)) return nullptr;
    return server;
}

}  // namespace zooscope::testing
