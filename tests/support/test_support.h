// zooscope::testing — the Qt-free harness every ZooScope test reuses to start
// real servers on 127.0.0.1: Debian's Apache ZooKeeper 3.8 (the reference) and
// the ZooScope engine (in-process or as the zooscope-server executable).
// Processes, ports, four-letter words and relays are core's own (core/launch:
// zooscope/child_process.h, loopback.h, loopback_relay.h, apache_zookeeper.h),
// the same code the ensemble launcher and the app's demo ensembles run.
//
// Contracts:
// - Every server listens on 127.0.0.1 on a free port and keeps its data in a
//   fresh temp dir (under $TMPDIR or /tmp) that its destructor removes; set
//   ZS_KEEP_TEST_DIRS=1 to keep it for debugging (the path is logged).
// - A process-backed server runs in its own process group with
//   PR_SET_PDEATHSIG(SIGKILL), so it dies with the thread that started it; the
//   destructor kills and reaps it. Start servers from the test's main thread
//   (a worker thread that exits would take the child with it).
// - Errors never throw: start functions return nullptr and fill *error with a
//   message that includes the tail of the server's log.
// - Not thread-safe: one thread drives a TestServer at a time.
// - Cost: one JVM start is a second or two; a test binary starts Apache
//   ZooKeeper once (initTestCase), never per test case.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/config.h"
#include "zooscope/loopback.h"
#include "zooscope/loopback_relay.h"

namespace zooscope::testing {

// A port free on 127.0.0.1 right now, 0 if none (zooscope/loopback.h).
// Another process may grab it before the caller binds it; start functions
// retry on "address in use".
using zooscope::freeLoopbackPort;

// Sends a four-letter word (e.g. "ruok", "srvr", "mntr") to 127.0.0.1:port and
// returns everything the server wrote until it closed the connection. Returns
// "" on connect failure or timeout (the whole exchange is bounded by timeoutMs).
inline std::string fourLetterWord(uint16_t port, std::string_view cmd, int timeoutMs = 5000) {
    return fourLetterWordLoopback(port, cmd, std::chrono::milliseconds(timeoutMs));
}

// A running server under test. Destroying it stops it and removes its temp dir.
class TestServer {
public:
    virtual ~TestServer() = default;

    // "zookeeper" (Apache ZooKeeper) or "engine" (ZooScope).
    virtual std::string name() const = 0;
    virtual uint16_t port() const = 0;
    // "127.0.0.1:PORT", ready for zookeeper_init / kazoo / Curator.
    std::string connectString() const;
    // The AdminServer's HTTP port (ApacheOptions::adminServer, or the
    // engine's config.adminEnableServer); 0 when it serves none.
    virtual uint16_t adminPort() const { return 0; }
    // The server's data directory (inside the temp dir).
    virtual std::string dataDir() const = 0;
    // Last `lines` lines of the server's log ("" when it has none).
    virtual std::string logTail(int lines = 40) const = 0;

    // Stops the server (graceful, then SIGKILL after a few seconds for a
    // process). Idempotent.
    virtual void stop() = 0;

    // Process-backed servers only; an in-process server returns false / -1.
    // SIGKILL to the process group, then reap. Returns false if not running.
    virtual bool kill9() { return false; }
    // Stops (if running) and starts again on the same port with the same
    // dataDir; waits until ready. On failure returns false and fills *error.
    virtual bool restart(std::string* error);
    // The child's pid while running, else -1.
    virtual int pid() const { return -1; }
};

// Settings for Apache ZooKeeper. The zoo.cfg always holds the reference
// settings: clientPortAddress=127.0.0.1, extendedTypesEnabled=true, tickTime,
// the whitelist and the AdminServer (below); `extra` adds or overrides keys
// (e.g. {"maxSessionTimeout","60000"}).
struct ApacheOptions {
    int tickTime = 2000;
    // 4lw.commands.whitelist: every word by default; "srvr" is ZooKeeper
    // 3.8's own default.
    std::string fourLetterWhitelist = "*";
    // admin.enableServer on 127.0.0.1 and a free port (TestServer::adminPort);
    // off: admin.enableServer=false.
    bool adminServer = false;
    std::map<std::string, std::string> extra;
    // Extra JVM arguments, e.g. "-Djute.maxbuffer=4096".
    std::vector<std::string> jvmArgs;
    int startTimeoutMs = 60000;
};

// Starts Debian's ZooKeeper 3.8 (ZooKeeperServerMain, standalone) and waits
// until `ruok` answers `imok` and `srvr` reports a Mode. Logs go to <tempdir>/zookeeper.log.
std::unique_ptr<TestServer> startApacheZooKeeper(const ApacheOptions& options, std::string* error);

// Settings for the ZooScope engine.
struct EngineOptions {
    enum class Mode { InProcess, Process };
    Mode mode = Mode::InProcess;
    // The engine's configuration; clientPort and dataDir are overwritten by
    // the harness, and so are the AdminServer's address and port when
    // config.adminEnableServer is set (127.0.0.1, a free port). Defaults to
    // the reference settings (see referenceEngineConfig()).
    ServerConfig config = referenceEngineConfig();
    // Process mode: extra command-line arguments for zooscope-server.
    std::vector<std::string> extraArgs;
    int startTimeoutMs = 30000;

    // The same reference settings as Apache's zoo.cfg: 127.0.0.1, all
    // four-letter words, TTL nodes enabled, tickTime 2000.
    static ServerConfig referenceEngineConfig();
};

// Starts the engine. InProcess: zooscope::Server::start(config) with port 0.
// Process: writes options.config as <tempdir>/zoo.cfg and runs
// $ZS_BIN_DIR/zooscope-server --config zoo.cfg --port P --data-dir D, then waits
// until the port accepts connections (ZS_BIN_DIR is set by zs_add_qtest).
std::unique_ptr<TestServer> startEngine(const EngineOptions& options, std::string* error);

// A loopback TCP relay to 127.0.0.1:targetPort, for cutting a client off
// from a server without closing its session: one route of a
// zooscope::LoopbackRelay (a background thread relays every connection).
// cut() closes every relayed connection and hangs up on new ones (the client
// then sees connection loss and reconnects in vain). block() does the same
// until unblock(): a client cut off for a while that then comes back (e.g. to
// learn that its session expired meanwhile); both return once the relayed
// connections are closed. The destructor closes everything.
class TcpProxy {
public:
    explicit TcpProxy(uint16_t targetPort);
    // 0 if the listener could not be set up.
    uint16_t port() const { return port_; }
    std::string connectString() const { return "127.0.0.1:" + std::to_string(port_); }
    void cut() { relay_.setCut(kClientEnd, true); }
    void block() { relay_.setCut(kClientEnd, true); }
    void unblock() { relay_.setCut(kClientEnd, false); }

private:
    static constexpr int kClientEnd = 0;
    LoopbackRelay relay_;
    uint16_t port_ = 0;
};

}  // namespace zooscope::testing
