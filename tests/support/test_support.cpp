// Implementation of the test harness (see test_support.h for the contracts).
#include "test_support.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <thread>

#include "zooscope/server.h"
#include "zooscope/text_file.h"

namespace fs = std::filesystem;

namespace zooscope::testing {
namespace {

using Clock = std::chrono::steady_clock;

int elapsedMs(Clock::time_point since) {
    return static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - since).count());
}

// A connected TCP socket to 127.0.0.1:port, or -1. Bounded by timeoutMs.
int connectLoopback(uint16_t port, int timeoutMs) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc != 0 && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        if (::poll(&p, 1, timeoutMs) == 1) {
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            rc = err == 0 ? 0 : -1;
        } else {
            rc = -1;
        }
    }
    if (rc != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool portAcceptsConnections(uint16_t port) {
    int fd = connectLoopback(port, 500);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

// A fresh private directory; "" on failure.
std::string makeTempDir(const char* prefix) {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/" + prefix + "-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!::mkdtemp(buf.data())) return {};
    return buf.data();
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

// A child process in its own process group, stdout/stderr to a file, killed
// with SIGKILL if the starting thread dies.
class ChildProcess {
public:
    ~ChildProcess() { kill9(); }

    bool spawn(const std::vector<std::string>& argv, const std::string& outputFile, std::string* error) {
        // Everything the child needs is prepared before fork(): after fork only
        // async-signal-safe calls are allowed (the test may run client threads).
        std::vector<char*> cargv;
        for (const auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
        cargv.push_back(nullptr);
        int out = ::open(outputFile.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (out < 0) {
            *error = "cannot open " + outputFile + ": " + std::strerror(errno);
            return false;
        }
        int devnull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const pid_t parent = ::getpid();
        pid_t pid = ::fork();
        if (pid < 0) {
            *error = std::string("fork failed: ") + std::strerror(errno);
            ::close(out);
            if (devnull >= 0) ::close(devnull);
            return false;
        }
        if (pid == 0) {
            ::setpgid(0, 0);
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            if (::getppid() != parent) ::_exit(127);  // the parent died before prctl
            if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
            ::dup2(out, STDOUT_FILENO);
            ::dup2(out, STDERR_FILENO);
            ::execv(cargv[0], cargv.data());
            ::_exit(127);
        }
        ::setpgid(pid, pid);  // also from the parent, so kill(-pid) works at once
        ::close(out);
        if (devnull >= 0) ::close(devnull);
        pid_ = pid;
        return true;
    }

    int pid() const { return pid_; }
    bool running() const { return pid_ > 0; }

    // Reaps the child if it has exited; returns true (and a description) then.
    bool exited(std::string* how) {
        if (pid_ <= 0) return true;
        int status = 0;
        pid_t r = ::waitpid(pid_, &status, WNOHANG);
        if (r == 0) return false;
        pid_ = -1;
        if (how) *how = describe(status);
        return true;
    }

    bool kill9() {
        if (pid_ <= 0) return false;
        ::kill(-pid_, SIGKILL);
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
        return true;
    }

    // SIGTERM, then SIGKILL after graceMs.
    void terminate(int graceMs) {
        if (pid_ <= 0) return;
        ::kill(-pid_, SIGTERM);
        const auto start = Clock::now();
        while (elapsedMs(start) < graceMs) {
            if (exited(nullptr)) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        kill9();
    }

private:
    static std::string describe(int status) {
        if (WIFEXITED(status)) return "exited with status " + std::to_string(WEXITSTATUS(status));
        if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
        return "ended";
    }
    pid_t pid_ = -1;
};

// Base for servers that run as a child process on a fixed port.
class ProcessServer : public TestServer {
public:
    ~ProcessServer() override {
        child_.kill9();
        removeTempDir(tempDir_);
    }
    uint16_t port() const override { return port_; }
    std::string dataDir() const override { return tempDir_ + "/data"; }
    std::string logTail(int lines) const override { return readTail(logFile_, lines); }
    void stop() override { child_.terminate(5000); }
    bool kill9() override { return child_.kill9(); }
    int pid() const override { return child_.running() ? child_.pid() : -1; }
    bool restart(std::string* error) override {
        std::string ignored;
        if (!error) error = &ignored;
        child_.kill9();
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
            std::string how;
            if (child_.exited(&how)) {
                *error = name() + " " + how + " before it was ready on port " + std::to_string(port_) +
                         "; last log lines:\n" + tails();
                return false;
            }
            if (ready()) {
                spdlog::debug("test harness: {} ready on port {} after {} ms", name(), port_, elapsedMs(start));
                return true;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        child_.kill9();
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

// The classpath of Debian's ZooKeeper: zookeeper.jar names its dependencies in
// its manifest; slf4j-simple is the logging backend (one file, no config).
std::string apacheClassPath(std::string* error) {
    // servlet-api.jar: without it Debian's ZooKeeper cannot load Jetty and runs
    // without an AdminServer.
    const char* jars[] = {"/usr/share/java/zookeeper.jar", "/usr/share/java/slf4j-simple.jar",
                          "/usr/share/java/servlet-api.jar"};
    std::string cp;
    for (const char* j : jars) {
        if (!fs::exists(j)) {
            *error = std::string("Apache ZooKeeper is not installed: missing ") + j +
                     " (Debian packages zookeeper, libslf4j-java, libservlet-api-java)";
            return {};
        }
        if (!cp.empty()) cp += ":";
        cp += j;
    }
    return cp;
}

std::string findJava() {
    if (const char* home = std::getenv("JAVA_HOME"); home && *home) {
        std::string j = std::string(home) + "/bin/java";
        if (::access(j.c_str(), X_OK) == 0) return j;
    }
    return "/usr/bin/java";
}

class ApacheServer final : public ProcessServer {
public:
    explicit ApacheServer(ApacheOptions options) : options_(std::move(options)) {}
    std::string name() const override { return "zookeeper"; }
    uint16_t adminPort() const override { return adminPort_; }

    bool init(std::string* error) {
        classPath_ = apacheClassPath(error);
        if (classPath_.empty()) return false;
        java_ = findJava();
        if (::access(java_.c_str(), X_OK) != 0) {
            *error = "no java executable at " + java_;
            return false;
        }
        tempDir_ = makeTempDir("zs-zookeeper");
        if (tempDir_.empty()) {
            *error = std::string("cannot create a temp dir: ") + std::strerror(errno);
            return false;
        }
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
        std::vector<std::string> cmd = {
            java_,
            // Start fast: class-data sharing, C1 only, small serial heap.
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xms32m", "-Xmx512m",
            "-Djava.awt.headless=true",
            "-Dorg.slf4j.simpleLogger.logFile=" + logFile_,
            "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dzookeeper.jmx.log4j.disable=true",
        };
        cmd.insert(cmd.end(), options_.jvmArgs.begin(), options_.jvmArgs.end());
        cmd.insert(cmd.end(), {"-cp", classPath_, "org.apache.zookeeper.server.ZooKeeperServerMain",
                               tempDir_ + "/zoo.cfg"});
        return cmd;
    }

    // `srvr` tells when the request pipeline serves ("not currently serving
    // requests" before); it is the one word every whitelist allows.
    bool ready() const override {
        return fourLetterWord(port_, "srvr", 1000).find("Mode:") != std::string::npos &&
               (adminPort_ == 0 || portAcceptsConnections(adminPort_));
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
        tempDir_ = makeTempDir("zs-engine");
        if (tempDir_.empty()) {
            *error = std::string("cannot create a temp dir: ") + std::strerror(errno);
            return false;
        }
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
        return portAcceptsConnections(port_) && (adminPort() == 0 || portAcceptsConnections(adminPort()));
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
        tempDir_ = makeTempDir("zs-engine");
        if (tempDir_.empty()) {
            *error = std::string("cannot create a temp dir: ") + std::strerror(errno);
            return false;
        }
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

uint16_t freeLoopbackPort() {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return 0;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = 0;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    uint16_t port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
        port = ntohs(addr.sin_port);
    }
    ::close(fd);
    return port;
}

std::string fourLetterWord(uint16_t port, std::string_view cmd, int timeoutMs) {
    const auto start = Clock::now();
    int fd = connectLoopback(port, timeoutMs);
    if (fd < 0) return {};
    std::string out;
    size_t sent = 0;
    while (sent < cmd.size()) {
        ssize_t n = ::send(fd, cmd.data() + sent, cmd.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, std::max(1, timeoutMs - elapsedMs(start))) == 1) continue;
        }
        ::close(fd);
        return {};
    }
    char buf[4096];
    for (;;) {
        const int left = timeoutMs - elapsedMs(start);
        if (left <= 0) {
            out.clear();
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, left) != 1) continue;
        ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            out.append(buf, static_cast<size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            break;  // EOF (or reset after the reply: keep what arrived)
        }
    }
    ::close(fd);
    return out;
}

TcpProxy::TcpProxy(uint16_t targetPort) : targetPort_(targetPort) {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listenFd_ < 0 || ::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::listen(listenFd_, 16) != 0 || ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0 ||
        ::pipe2(wakeFd_, O_CLOEXEC) != 0) {
        spdlog::error("test harness: TcpProxy setup failed: {}", std::strerror(errno));
        return;
    }
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] { run(); });
}

TcpProxy::~TcpProxy() {
    cut();
    if (thread_.joinable()) thread_.join();
    for (int fd : {listenFd_, wakeFd_[0], wakeFd_[1]})
        if (fd >= 0) ::close(fd);
}

void TcpProxy::cut() { wake('x'); }

void TcpProxy::block() {
    blocked_ = true;
    const int seq = ++blockRequests_;
    wake('b');
    // Returns once the relay thread has dropped every connection.
    for (int i = 0; i < 5000 && blockDone_.load() < seq; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

void TcpProxy::unblock() { blocked_ = false; }

void TcpProxy::wake(char why) {
    if (wakeFd_[1] < 0) return;
    [[maybe_unused]] ssize_t n = ::write(wakeFd_[1], &why, 1);
}

// Single relay thread: poll() over the listener, the wake pipe and every
// (client, upstream) pair.
void TcpProxy::run() {
    std::vector<std::pair<int, int>> pairs;
    auto closeAll = [&] {
        for (auto [a, b] : pairs) {
            ::close(a);
            ::close(b);
        }
        pairs.clear();
    };
    for (;;) {
        std::vector<pollfd> fds = {{wakeFd_[0], POLLIN, 0}, {listenFd_, POLLIN, 0}};
        for (auto [a, b] : pairs) {
            fds.push_back({a, POLLIN, 0});
            fds.push_back({b, POLLIN, 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) break;
        if (fds[0].revents) {
            char why = 'x';
            if (::read(wakeFd_[0], &why, 1) != 1 || why == 'x') break;  // cut()
            closeAll();                                                   // block()
            blockDone_ = blockRequests_.load();
            continue;
        }
        // Only the pairs in `fds` were polled; one accepted below waits for the next turn.
        const size_t polled = pairs.size();
        if (fds[1].revents & POLLIN) {
            int client = ::accept4(listenFd_, nullptr, nullptr, SOCK_CLOEXEC);
            // Blocked: accept and close at once, so the client retries.
            int upstream = blocked_ ? -1 : connectLoopback(targetPort_, 2000);
            if (client >= 0 && upstream >= 0) {
                int flags = ::fcntl(upstream, F_GETFL);
                ::fcntl(upstream, F_SETFL, flags & ~O_NONBLOCK);
                pairs.emplace_back(client, upstream);
            } else {
                if (client >= 0) ::close(client);
                if (upstream >= 0) ::close(upstream);
            }
        }
        std::vector<std::pair<int, int>> keep(pairs.begin() + static_cast<long>(polled), pairs.end());
        for (size_t i = 0; i < polled; ++i) {
            bool alive = true;
            for (int side = 0; side < 2 && alive; ++side) {
                const pollfd& p = fds[2 + 2 * i + static_cast<size_t>(side)];
                if (!p.revents) continue;
                char buf[65536];
                ssize_t n = ::recv(p.fd, buf, sizeof buf, 0);
                const int to = side == 0 ? pairs[i].second : pairs[i].first;
                if (n <= 0 || ::send(to, buf, static_cast<size_t>(n), MSG_NOSIGNAL) != n) alive = false;
            }
            if (alive) {
                keep.push_back(pairs[i]);
            } else {
                ::close(pairs[i].first);
                ::close(pairs[i].second);
            }
        }
        pairs.swap(keep);
    }
    closeAll();
    ::close(listenFd_);
    listenFd_ = -1;
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
