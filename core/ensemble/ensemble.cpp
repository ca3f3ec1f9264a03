// Implementation of zooscope::Ensemble (contracts in zooscope/ensemble.h).
//
// Locking: Impl::mutex_ guards nodes_ and every signal sent to a node's
// process (Node::proc), so a pid is never signalled after it was reaped (and
// possibly reused). fork() runs only on the launcher thread
// (PR_SET_PDEATHSIG follows the forking *thread*, so a short-lived caller
// thread must not be the parent).
#include "zooscope/ensemble.h"
#include "zooscope/apache_zookeeper.h"
#include "zooscope/child_process.h"
#include "zooscope/loopback.h"
#include "zooscope/temp_dir.h"
#include "zooscope/text_file.h"

#include "peer_proxy.h"

#include <signal.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <sstream>
#include <thread>

namespace fs = std::filesystem;

namespace zooscope {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// How long pause() waits for every thread of a node to stop.
constexpr milliseconds kStopTimeout{5000};

milliseconds since(Clock::time_point t) {
    return std::chrono::duration_cast<milliseconds>(Clock::now() - t);
}

void setError(std::string* error, std::string message) {
    if (error) *error = std::move(message);
}

bool executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

std::string findEngineBinary(const EnsembleSpec& spec, std::string* error) {
    if (!spec.engineBinary.empty()) {
        if (executable(spec.engineBinary)) return spec.engineBinary;
        setError(error, "engine binary is not executable: " + spec.engineBinary);
        return {};
    }
    std::string found = findZooScopeExecutable("zooscope-server", error);
    if (found.empty() && error) *error += "; set EnsembleSpec::engineBinary";
    return found;
}

constexpr const char* kTempPrefix = "zs-ensemble";

// Runs closures on one long-lived thread (the parent of every node) and
// reaps exited nodes between them.
class LauncherThread {
public:
    explicit LauncherThread(std::function<void()> reap) : reap_(std::move(reap)) {
        thread_ = std::thread([this] { run(); });
    }
    ~LauncherThread() {
        {
            std::lock_guard lock(mutex_);
            quit_ = true;
        }
        cv_.notify_all();
        thread_.join();
    }
    template <typename F>
    auto call(F f) -> decltype(f()) {
        std::packaged_task<decltype(f())()> task(std::move(f));
        auto result = task.get_future();
        {
            std::lock_guard lock(mutex_);
            tasks_.emplace_back([&task] { task(); });
        }
        cv_.notify_all();
        return result.get();  // the task (a reference to it) runs before get() returns
    }

private:
    void run() {
        std::unique_lock lock(mutex_);
        while (!quit_) {
            cv_.wait_for(lock, milliseconds(100), [this] { return quit_ || !tasks_.empty(); });
            while (!tasks_.empty()) {
                auto task = std::move(tasks_.front());
                tasks_.pop_front();
                lock.unlock();
                task();
                lock.lock();
            }
            lock.unlock();
            reap_();
            lock.lock();
        }
    }
    std::function<void()> reap_;
    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::function<void()>> tasks_;
    bool quit_ = false;
    std::thread thread_;
};

}  // namespace

const char* toString(NodeKind kind) { return kind == NodeKind::Engine ? "engine" : "zookeeper"; }

const char* toString(NodeState state) {
    switch (state) {
    case NodeState::Running: return "running";
    case NodeState::Paused: return "paused";
    case NodeState::Dead: return "dead";
    case NodeState::Stopped: return "stopped";
    }
    return "?";
}

const char* toString(NodeMode mode) {
    switch (mode) {
    case NodeMode::Unknown: return "unknown";
    case NodeMode::Standalone: return "standalone";
    case NodeMode::Leader: return "leader";
    case NodeMode::Follower: return "follower";
    case NodeMode::Observer: return "observer";
    }
    return "?";
}

NodeMode parseSrvrMode(const std::string& srvr) {
    const auto at = srvr.find("Mode: ");
    if (at == std::string::npos) return NodeMode::Unknown;
    const auto end = srvr.find_first_of("\r\n", at);
    const std::string m = srvr.substr(at + 6, end == std::string::npos ? std::string::npos : end - at - 6);
    if (m == "leader") return NodeMode::Leader;
    if (m == "follower") return NodeMode::Follower;
    if (m == "observer") return NodeMode::Observer;
    if (m == "standalone") return NodeMode::Standalone;
    return NodeMode::Unknown;
}

class Ensemble::Impl {
public:
    struct Node {
        NodeInfo info;
        ChildProcess proc;           // info.pid mirrors proc.pid()
        bool stopRequested = false;  // the next exit is a stop(), not a death
        bool killRequested = false;  // the next exit is our SIGKILL: expected, not logged
    };

    EnsembleSpec spec;
    std::string baseDir;
    bool ownsBaseDir = false;
    std::string program;    // java or zooscope-server
    std::string classPath;  // Apache only

    mutable std::mutex mutex_;
    std::vector<Node> nodes_;  // guarded by mutex_
    bool keep_ = false;        // guarded by mutex_
    std::unique_ptr<LauncherThread> launcher;
    // Set once in start() when spec.proxiedPeers; itself thread-safe.
    std::unique_ptr<detail::PeerProxies> proxies;

    ~Impl() {
        {
            std::lock_guard lock(mutex_);
            for (auto& n : nodes_) {
                n.stopRequested = true;  // an owner's teardown, not a crash: no warning
                killLocked(n, "destroyed");
            }
        }
        launcher.reset();
        bool keep;
        {
            std::lock_guard lock(mutex_);
            keep = keep_;
        }
        if (keep) {
            if (ownsBaseDir) disownTempDir(baseDir);
            spdlog::info("ensemble: keeping {}", baseDir);
        } else if (ownsBaseDir && !baseDir.empty()) {
            std::error_code ec;
            fs::remove_all(baseDir, ec);
        }
    }

    // Sends `sig` to node i's process group when it is in state `from` (after
    // reaping, so a node that died meanwhile is reported as dead), and records
    // state `to`. Takes the lock.
    bool signalIf(int i, NodeState from, int sig, NodeState to, const char* refusal, std::string* error) {
        std::lock_guard lock(mutex_);
        if (!validIndex(i, error)) return false;
        auto& n = nodes_[static_cast<size_t>(i)];
        reapLocked(n);
        if (n.info.state != from) {
            setError(error, "node " + std::to_string(n.info.id) + " is " + toString(n.info.state) + ", " + refusal);
            return false;
        }
        n.proc.signal(sig);
        // pause() returns once the node is stopped, not while it still answers.
        if (sig == SIGSTOP && !n.proc.waitStopped(kStopTimeout))
            spdlog::warn("ensemble: node {} (pid {}) not stopped {} ms after SIGSTOP", n.info.id, n.info.pid,
                         kStopTimeout.count());
        n.info.state = to;
        return true;
    }

    bool validIndex(int i, std::string* error) const {
        if (i >= 0 && i < static_cast<int>(nodes_.size())) return true;
        setError(error, "no node " + std::to_string(i) + " (the ensemble has " + std::to_string(nodes_.size()) + ")");
        return false;
    }

    // Reaps node n if its process has ended. Caller holds mutex_.
    void reapLocked(Node& n) {
        ProcessExit how;
        if (n.info.pid > 0 && n.proc.exited(&how)) recordExitLocked(n, how);
    }

    // Node n's process has been reaped. Caller holds mutex_.
    void recordExitLocked(Node& n, const ProcessExit& how) {
        n.info.exit = how;
        if (!n.stopRequested && !n.killRequested)
            spdlog::warn("ensemble: node {} (pid {}) {}", n.info.id, n.info.pid, exitText(how));
        n.info.state = n.stopRequested ? NodeState::Stopped : NodeState::Dead;
        n.info.pid = -1;
        n.stopRequested = n.killRequested = false;
    }

    // From the launcher thread. try_lock: launch() holds mutex_ while it
    // waits for the launcher thread, so blocking here could deadlock.
    void reapAll() {
        std::unique_lock lock(mutex_, std::try_to_lock);
        if (!lock.owns_lock()) return;
        for (auto& n : nodes_) reapLocked(n);
    }

    // SIGKILL to the node's process group, then reap. Caller holds mutex_.
    void killLocked(Node& n, const char* why) {
        if (n.info.pid <= 0) return;
        spdlog::info("ensemble: SIGKILL node {} (pid {}): {}", n.info.id, n.info.pid, why);
        n.killRequested = true;
        ProcessExit how;
        n.proc.kill(&how);
        recordExitLocked(n, how);
    }

    std::string zooCfg(const Node& me) const {
        const int total = static_cast<int>(nodes_.size());
        std::map<std::string, std::string> cfg = {
            {"tickTime", std::to_string(spec.tickTime)},
            {"initLimit", std::to_string(spec.initLimit)},
            {"syncLimit", std::to_string(spec.syncLimit)},
            {"clientPortAddress", "127.0.0.1"},
            {"4lw.commands.whitelist", spec.fourLetterWhitelist},
            {"admin.enableServer", spec.adminServer ? "true" : "false"},
            {"extendedTypesEnabled", "true"},
            // One participant and no observer: ZooKeeper's standalone mode.
            {"standaloneEnabled", spec.size == 1 && spec.observers == 0 ? "true" : "false"},
            {"reconfigEnabled", "false"},
        };
        if (me.info.observer) cfg["peerType"] = "observer";
        if (spec.adminServer) {
            cfg["admin.serverAddress"] = "127.0.0.1";
            cfg["admin.serverPort"] = std::to_string(me.info.adminPort);
        }
        for (const auto& [k, v] : spec.extraConfig) cfg[k] = v;
        cfg["dataDir"] = me.info.dataDir;
        cfg["clientPort"] = std::to_string(me.info.clientPort);
        std::string out = "# Generated by the ZooScope ensemble launcher.\n";
        for (const auto& [k, v] : cfg)
            if (k.rfind("server.", 0) != 0) out += k + "=" + v + "\n";
        const int self = me.info.id - 1;
        for (int j = 0; j < total; ++j) {
            const NodeInfo& p = nodes_[static_cast<size_t>(j)].info;
            // A node binds its own line's ports and connects to the others'
            // lines: with relays, the others' lines name the relays.
            const bool relayed = proxies && j != self;
            const int quorum = relayed ? proxies->port(self, j, detail::PeerChannel::Quorum) : p.quorumPort;
            const int election = relayed ? proxies->port(self, j, detail::PeerChannel::Election) : p.electionPort;
            out += "server." + std::to_string(p.id) + "=127.0.0.1:" + std::to_string(quorum) + ":" +
                   std::to_string(election) + (p.observer ? ":observer" : ":participant") + ";127.0.0.1:" +
                   std::to_string(p.clientPort) + "\n";
        }
        return out;
    }

    // Allocates ports and (re)writes every node's zoo.cfg and myid.
    bool prepareFiles(std::string* error) {
        std::lock_guard lock(mutex_);
        const size_t perNode = spec.adminServer ? 4 : 3;
        const std::vector<uint16_t> ports = freeLoopbackPorts(static_cast<int>(perNode * nodes_.size()));
        if (ports.empty()) {
            setError(error, "cannot find free loopback ports");
            return false;
        }
        for (size_t j = 0; j < nodes_.size(); ++j) {
            nodes_[j].info.clientPort = ports[perNode * j];
            nodes_[j].info.quorumPort = ports[perNode * j + 1];
            nodes_[j].info.electionPort = ports[perNode * j + 2];
            nodes_[j].info.adminPort = spec.adminServer ? ports[perNode * j + 3] : 0;
            if (proxies) {
                proxies->setTarget(static_cast<int>(j), detail::PeerChannel::Quorum, nodes_[j].info.quorumPort);
                proxies->setTarget(static_cast<int>(j), detail::PeerChannel::Election, nodes_[j].info.electionPort);
            }
        }
        for (const auto& n : nodes_) {
            std::error_code ec;
            fs::create_directories(n.info.dataDir, ec);
            std::ofstream cfg(n.info.configFile, std::ios::trunc);
            cfg << zooCfg(n);
            std::ofstream myid(n.info.dataDir + "/myid", std::ios::trunc);
            myid << n.info.id << "\n";
            if (ec || !cfg || !myid) {
                setError(error, "cannot write the files of node " + std::to_string(n.info.id) + " in " + n.info.dir +
                                    (ec ? ": " + ec.message() : std::string()));
                return false;
            }
        }
        return true;
    }

    std::vector<std::string> commandLine(const NodeInfo& n) const {
        if (spec.kind == NodeKind::Engine) return {program, "--config", n.configFile};
        std::vector<std::string> cmd = {program};
        const auto jvm = apacheJvmOptions();
        cmd.insert(cmd.end(), jvm.begin(), jvm.end());
        cmd.insert(cmd.end(), spec.jvmArgs.begin(), spec.jvmArgs.end());
        cmd.insert(cmd.end(), {"-cp", classPath, "org.apache.zookeeper.server.quorum.QuorumPeerMain", n.configFile});
        return cmd;
    }

    // Spawns node i (on the launcher thread) if it is not running.
    bool launch(int i, std::string* error) {
        std::lock_guard lock(mutex_);
        if (!validIndex(i, error)) return false;
        Node& n = nodes_[static_cast<size_t>(i)];
        reapLocked(n);
        if (n.info.pid > 0) {
            setError(error, "node " + std::to_string(n.info.id) + " is already " + toString(n.info.state));
            return false;
        }
        const auto argv = commandLine(n.info);
        const std::string dir = n.info.dir, log = n.info.logFile;
        std::string err;
        // The launcher thread never blocks on mutex_ (reapAll try-locks), so
        // waiting for it while holding mutex_ cannot deadlock.
        const bool spawned = launcher->call([&] { return n.proc.spawn(argv, log, &err, dir); });
        if (!spawned) {
            setError(error, err);
            return false;
        }
        const int pid = n.proc.pid();
        n.info.pid = pid;
        n.info.state = NodeState::Running;
        n.info.exit.reset();
        n.stopRequested = n.killRequested = false;
        spdlog::info("ensemble: node {} ({}) pid {} client port {}", n.info.id, toString(spec.kind), pid,
                     n.info.clientPort);
        return true;
    }

    // Waits until node i listens on its client port; on timeout kills it.
    bool waitListening(int i, std::string* error) {
        const auto start = Clock::now();
        int port = 0;
        for (;;) {
            {
                std::lock_guard lock(mutex_);
                Node& n = nodes_[static_cast<size_t>(i)];
                reapLocked(n);
                if (n.info.pid <= 0) {
                    setError(error, "node " + std::to_string(n.info.id) + " " +
                                        (n.info.exit ? exitText(*n.info.exit) : std::string("ended")) +
                                        " before it listened on port " + std::to_string(n.info.clientPort) +
                                        "; last log lines:\n" + readTail(n.info.logFile, 30));
                    return false;
                }
                port = n.info.clientPort;
                if (since(start) > spec.launchTimeout) {
                    killLocked(n, "launch timeout");
                    setError(error, "node " + std::to_string(n.info.id) + " did not listen on port " +
                                        std::to_string(port) + " within " +
                                        std::to_string(spec.launchTimeout.count()) + " ms; last log lines:\n" +
                                        readTail(n.info.logFile, 30));
                    return false;
                }
            }
            if (loopbackAccepts(static_cast<uint16_t>(port), milliseconds(300))) return true;
            std::this_thread::sleep_for(milliseconds(50));
        }
    }

    bool anyLogSays(std::string_view needle) const {
        std::lock_guard lock(mutex_);
        for (const auto& n : nodes_)
            if (fileContains(n.info.logFile, needle)) return true;
        return false;
    }

    // The node for a relay action; nullptr + *error for a bad index or
    // without relays. Caller holds mutex_.
    Node* relayedNodeLocked(int i, const char* action, std::string* error) {
        if (!validIndex(i, error)) return nullptr;
        if (!proxies) {
            setError(error, std::string("cannot ") + action +
                                " a node: the ensemble was started without EnsembleSpec::proxiedPeers");
            return nullptr;
        }
        return &nodes_[static_cast<size_t>(i)];
    }

    bool setDelay(int i, milliseconds delay, std::string* error) {
        if (delay.count() < 0) {
            setError(error, "a peer link delay cannot be negative");
            return false;
        }
        {
            std::lock_guard lock(mutex_);
            Node* n = relayedNodeLocked(i, "slow", error);
            if (!n) return false;
            n->info.peerDelay = delay;
        }
        proxies->setDelay(i, delay);
        spdlog::info("ensemble: node {} peer links {}", i + 1,
                     delay.count() > 0 ? "slowed by " + std::to_string(delay.count()) + " ms" : "back to full speed");
        return true;
    }

    bool setIsolation(int i, bool on, std::string* error) {
        {
            std::lock_guard lock(mutex_);
            Node* n = relayedNodeLocked(i, on ? "isolate" : "heal", error);
            if (!n) return false;
            n->info.isolated = on;
        }
        // Outside mutex_: this waits for the relay thread (which never takes mutex_).
        proxies->setIsolated(i, on);
        spdlog::info("ensemble: node {} {}", i + 1, on ? "isolated from its peers" : "healed");
        return true;
    }

    void killAll(const char* why) {
        std::lock_guard lock(mutex_);
        for (auto& n : nodes_) killLocked(n, why);
    }
};

Ensemble::Ensemble(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Ensemble::~Ensemble() = default;

std::unique_ptr<Ensemble> Ensemble::start(const EnsembleSpec& spec, std::string* error) {
    if (spec.size < 1 || spec.observers < 0 || spec.size + spec.observers > 254) {
        setError(error, "an ensemble needs 1 to 254 nodes with at least one participant (size " +
                            std::to_string(spec.size) + ", observers " + std::to_string(spec.observers) + ")");
        return nullptr;
    }
    if (spec.tickTime <= 0 || spec.initLimit <= 0 || spec.syncLimit <= 0) {
        setError(error, "tickTime, initLimit and syncLimit must be positive");
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->spec = spec;
    if (spec.kind == NodeKind::Engine) {
        impl->program = findEngineBinary(spec, error);
        if (impl->program.empty()) return nullptr;
    } else {
        impl->classPath = apacheClassPath(error);
        if (impl->classPath.empty()) return nullptr;
        impl->program = findJava(spec.javaBinary, error);
        if (impl->program.empty()) return nullptr;
    }
    if (spec.baseDir.empty()) {
        // The temp dirs of owners that were killed -9 go first.
        if (const int orphans = removeOrphanedTempDirs(kTempPrefix))
            spdlog::info("ensemble: removed {} temp dir(s) left by ensembles whose process was killed", orphans);
        impl->baseDir = makeOwnedTempDir(kTempPrefix, error);
        impl->ownsBaseDir = true;
        if (impl->baseDir.empty()) return nullptr;
    } else {
        std::error_code ec;
        fs::create_directories(spec.baseDir, ec);
        if (ec) {
            setError(error, "cannot create " + spec.baseDir + ": " + ec.message());
            return nullptr;
        }
        impl->baseDir = fs::absolute(spec.baseDir).string();
    }
    const int total = spec.size + spec.observers;
    for (int j = 0; j < total; ++j) {
        Impl::Node n;
        n.info.id = j + 1;
        n.info.observer = j >= spec.size;
        n.info.dir = impl->baseDir + "/node" + std::to_string(n.info.id);
        n.info.configFile = n.info.dir + "/zoo.cfg";
        n.info.dataDir = n.info.dir + "/data";
        n.info.logFile = n.info.dir + "/node.log";
        impl->nodes_.push_back(std::move(n));
    }
    if (spec.proxiedPeers) {
        impl->proxies = std::make_unique<detail::PeerProxies>();
        if (!impl->proxies->open(total, error)) return nullptr;
    }
    Impl* raw = impl.get();
    impl->launcher = std::make_unique<LauncherThread>([raw] { raw->reapAll(); });

    for (int attempt = 0; attempt < 3; ++attempt) {
        std::string err;
        bool ok = impl->prepareFiles(&err);
        for (int j = 0; ok && j < total; ++j) ok = impl->launch(j, &err);
        for (int j = 0; ok && j < total; ++j) ok = impl->waitListening(j, &err);
        if (ok) {
            spdlog::info("ensemble: {} {} node(s) started in {}", total, toString(spec.kind), impl->baseDir);
            return std::unique_ptr<Ensemble>(new Ensemble(std::move(impl)));
        }
        impl->killAll("start failed");
        if (!impl->anyLogSays("Address already in use")) {
            setError(error, err);
            return nullptr;
        }
        spdlog::warn("ensemble: a port was taken under our feet; retrying with new ports");
        for (auto& n : impl->nodes_) {
            std::error_code ec;
            fs::remove(n.info.logFile, ec);
        }
    }
    setError(error, "ports kept being taken by other processes (Address already in use)");
    return nullptr;
}

const EnsembleSpec& Ensemble::spec() const { return impl_->spec; }

int Ensemble::nodeCount() const {
    std::lock_guard lock(impl_->mutex_);
    return static_cast<int>(impl_->nodes_.size());
}

std::vector<NodeInfo> Ensemble::nodes() const {
    std::lock_guard lock(impl_->mutex_);
    std::vector<NodeInfo> out;
    for (auto& n : impl_->nodes_) {
        impl_->reapLocked(n);
        out.push_back(n.info);
    }
    return out;
}

NodeInfo Ensemble::node(int i) const {
    std::lock_guard lock(impl_->mutex_);
    if (!impl_->validIndex(i, nullptr)) return {};
    auto& n = impl_->nodes_[static_cast<size_t>(i)];
    impl_->reapLocked(n);
    return n.info;
}

std::string Ensemble::connectString() const {
    std::lock_guard lock(impl_->mutex_);
    std::string out;
    for (const auto& n : impl_->nodes_) out += (out.empty() ? "" : ",") + ("127.0.0.1:" + std::to_string(n.info.clientPort));
    return out;
}

std::string Ensemble::baseDir() const { return impl_->baseDir; }

bool Ensemble::startNode(int i, std::string* error) {
    return impl_->launch(i, error) && impl_->waitListening(i, error);
}

bool Ensemble::stop(int i, std::string* error, milliseconds grace) {
    {
        std::lock_guard lock(impl_->mutex_);
        if (!impl_->validIndex(i, error)) return false;
        auto& n = impl_->nodes_[static_cast<size_t>(i)];
        impl_->reapLocked(n);
        if (n.info.pid <= 0) {
            setError(error, "node " + std::to_string(n.info.id) + " is not running (" + toString(n.info.state) + ")");
            return false;
        }
        n.stopRequested = true;
        n.proc.signal(SIGTERM);
        n.proc.signal(SIGCONT);  // a paused node must run to handle SIGTERM
    }
    const auto start = Clock::now();
    for (;;) {
        {
            std::lock_guard lock(impl_->mutex_);
            auto& n = impl_->nodes_[static_cast<size_t>(i)];
            impl_->reapLocked(n);
            if (n.info.pid <= 0) return true;
            if (since(start) >= grace) {
                impl_->killLocked(n, "stop grace period over");
                return true;
            }
        }
        std::this_thread::sleep_for(milliseconds(20));
    }
}

bool Ensemble::kill(int i, std::string* error) {
    std::lock_guard lock(impl_->mutex_);
    if (!impl_->validIndex(i, error)) return false;
    auto& n = impl_->nodes_[static_cast<size_t>(i)];
    impl_->reapLocked(n);
    if (n.info.pid <= 0) {
        setError(error, "node " + std::to_string(n.info.id) + " is not running (" + toString(n.info.state) + ")");
        return false;
    }
    impl_->killLocked(n, "kill()");
    return true;
}

bool Ensemble::pause(int i, std::string* error) {
    return impl_->signalIf(i, NodeState::Running, SIGSTOP, NodeState::Paused, "not running", error);
}

bool Ensemble::resume(int i, std::string* error) {
    return impl_->signalIf(i, NodeState::Paused, SIGCONT, NodeState::Running, "not paused", error);
}

bool Ensemble::restart(int i, std::string* error) {
    {
        std::lock_guard lock(impl_->mutex_);
        if (!impl_->validIndex(i, error)) return false;
        auto& n = impl_->nodes_[static_cast<size_t>(i)];
        impl_->reapLocked(n);
        if (n.info.state == NodeState::Paused) {
            n.stopRequested = true;
            impl_->killLocked(n, "restart of a paused node");
        }
    }
    if (node(i).pid > 0 && !stop(i, error)) return false;
    return startNode(i, error);
}

bool Ensemble::isolate(int i, std::string* error) { return impl_->setIsolation(i, true, error); }
bool Ensemble::heal(int i, std::string* error) { return impl_->setIsolation(i, false, error); }
bool Ensemble::slow(int i, milliseconds delay, std::string* error) { return impl_->setDelay(i, delay, error); }

int Ensemble::peerConnections(int i) const { return impl_->proxies ? impl_->proxies->connections(i) : 0; }

int Ensemble::peerProxyPort(int from, int to, bool election) const {
    if (!impl_->proxies) return 0;
    return impl_->proxies->port(from, to, election ? detail::PeerChannel::Election : detail::PeerChannel::Quorum);
}

bool Ensemble::waitReady(int i, milliseconds timeout, std::string* error) {
    const auto start = Clock::now();
    for (;;) {
        const NodeInfo n = node(i);
        if (n.id == 0) {
            setError(error, "no node " + std::to_string(i));
            return false;
        }
        if (n.state != NodeState::Running) {
            setError(error, "node " + std::to_string(n.id) + " is " + toString(n.state) +
                                (n.exit ? " (" + exitText(*n.exit) + ")" : "") + "; last log lines:\n" +
                                readTail(n.logFile, 30));
            return false;
        }
        // srvr: the one word every 4lw.commands.whitelist allows.
        if (parseSrvrMode(fourLetterWordLoopback(static_cast<uint16_t>(n.clientPort), "srvr", milliseconds(1000))) !=
            NodeMode::Unknown)
            return true;
        if (since(start) >= timeout) {
            setError(error, "node " + std::to_string(n.id) + " does not serve after " +
                                std::to_string(timeout.count()) + " ms; last log lines:\n" + readTail(n.logFile, 30));
            return false;
        }
        std::this_thread::sleep_for(milliseconds(100));
    }
}

NodeMode Ensemble::mode(int i) const { return parseSrvrMode(fourLetterWord(i, "srvr")); }

std::string Ensemble::fourLetterWord(int i, const std::string& word, milliseconds timeout) const {
    const NodeInfo n = node(i);
    if (n.id == 0 || n.state != NodeState::Running) return {};
    return fourLetterWordLoopback(static_cast<uint16_t>(n.clientPort), word, timeout);
}

void Ensemble::keepFiles(bool keep) {
    std::lock_guard lock(impl_->mutex_);
    impl_->keep_ = keep;
}

std::string Ensemble::logTail(int i, int lines) const {
    const NodeInfo n = node(i);
    return n.id == 0 ? std::string() : readTail(n.logFile, lines);
}

}  // namespace zooscope
