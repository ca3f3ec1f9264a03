// zooscope::Ensemble — starts, stops, kills, pauses, resumes and restarts the
// nodes of a local ZooKeeper ensemble on free 127.0.0.1 ports, for the
// real-process ensemble tests and the desktop app's demo ensembles.
//
// Node kinds:
// - ApacheZooKeeper: Debian's zookeeper package (jars in /usr/share/java),
//   run as `java -cp ... QuorumPeerMain zoo.cfg` (size 1 without observers:
//   ZooKeeperServerMain). Needs Java and the zookeeper package.
// - Engine: the zooscope-server executable with the same generated zoo.cfg.
//   Today the engine serves standalone even when zoo.cfg lists server.N lines
//   (it logs so); nothing in the launcher depends on that, so the launcher is
//   unchanged when the engine gains ensembles.
//
// Files: every node gets <baseDir>/node<N>/{zoo.cfg, data/myid, node.log}.
// baseDir is a fresh temp dir unless EnsembleSpec::baseDir names one; the
// destructor removes a temp baseDir unless keepFiles(true) was called (a
// caller-supplied baseDir is never removed). A process killed -9 cannot: its
// temp baseDir is marked with its owner (zooscope/temp_dir.h), and the next
// Ensemble::start() of any process removes it.
//
// Process ownership: every node is a zooscope::ChildProcess
// (zooscope/child_process.h: its own process group, PR_SET_PDEATHSIG). fork()
// happens on a private launcher thread that lives as long as the Ensemble, so
// when the owning process dies for any reason (even SIGKILL) the kernel kills
// the nodes. The launcher thread also reaps exited nodes (state Dead). The
// destructor SIGKILLs every node's process group and reaps it.
//
// Partitions: with EnsembleSpec::proxiedPeers every peer connection (quorum
// and election ports) runs through loopback TCP relays
// (zooscope/loopback_relay.h) that live inside the Ensemble (one relay
// thread). Node i's zoo.cfg lists its own server.i line
// with its real ports (a node binds its own line's ports) and every other
// server.j line with the ports of relays that lead from i to j (a node
// connects to the other lines' ports). isolate(i) closes every relayed
// connection to and from node i and refuses new ones until heal(i); the
// node's process, its client port and its clients are untouched. The relays
// rewrite the address a node advertises in ZooKeeper's election handshake
// (which a peer with a higher id connects back to) to the matching relay,
// and retry a refusing target (a node still starting) for up to 3 s.
//
// Slow links: with proxiedPeers, slow(i, d) adds d of latency to every
// relayed peer connection from or to node i, in each direction (a round trip
// between node i and a peer takes 2d more); slow(i, 0ms) restores it. Like
// isolate(), it leaves the node's process and its clients alone.
//
// The actions of the desktop app's server cards (and of anything that drives
// a demo ensemble) are exactly these calls, by node index, each returning
// false + *error when it does not apply: kill (SIGKILL), stop, pause
// (SIGSTOP), resume (SIGCONT), restart, startNode, isolate, heal and slow.
// What a card shows comes from nodes() (state, pid, ports, isolated,
// peerDelay, exit) and mode(); the launcher has no callbacks and no UI
// types: the caller polls.
//
// Errors never throw: failing calls return false (or nullptr) and fill *error
// (which may be null) with a message that includes the tail of the node's log.
//
// Thread-safety: every public method is safe to call from any thread; one
// mutex guards the node table. Blocking calls (start, stop, restart,
// waitReady) do their waiting without holding it.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zooscope/child_process.h"

namespace zooscope {

enum class NodeKind { Engine, ApacheZooKeeper };

// What the launcher knows about a node's process.
//   Running: started and not stopped by the launcher (it may still be starting).
//   Paused:  SIGSTOPped by pause(); resume() sends SIGCONT.
//   Dead:    killed by kill() or exited on its own (see NodeInfo::exit).
//   Stopped: never started, or stopped cleanly by stop().
enum class NodeState { Running, Paused, Dead, Stopped };

// The node's role as reported by `srvr` ("Mode: ...").
enum class NodeMode { Unknown, Standalone, Leader, Follower, Observer };

const char* toString(NodeKind kind);
const char* toString(NodeState state);
const char* toString(NodeMode mode);

struct EnsembleSpec {
    NodeKind kind = NodeKind::Engine;
    // Voting members: 1, 3 or 5 (any positive number is accepted; even sizes
    // are legal in ZooKeeper but tolerate no more failures than size - 1).
    int size = 3;
    // Non-voting members, appended after the participants (ids size+1 ...).
    int observers = 0;
    int tickTime = 2000;
    int initLimit = 10;
    int syncLimit = 5;
    // 4lw.commands.whitelist of every node: "*" (all words) by default;
    // "srvr" is ZooKeeper 3.8's own default, as on most real clusters.
    std::string fourLetterWhitelist = "*";
    // Every node serves the AdminServer (admin.enableServer=true) on
    // 127.0.0.1 and a free port of its own (NodeInfo::adminPort); off:
    // admin.enableServer=false. Apache nodes get Debian's servlet-api.jar on
    // their class path, without which their AdminServer does not start.
    bool adminServer = false;
    // Added to every node's zoo.cfg; overrides the generated keys except
    // dataDir, clientPort and server.N, which the launcher owns.
    std::map<std::string, std::string> extraConfig;
    // Where node dirs go; "" = a fresh dir under $TMPDIR (or /tmp).
    std::string baseDir;
    // Engine nodes: path of zooscope-server. "" = $ZS_BIN_DIR/zooscope-server,
    // then zooscope-server next to the current executable, then $PATH.
    std::string engineBinary;
    // ApacheZooKeeper nodes: java executable ("" = $JAVA_HOME/bin/java, then
    // /usr/bin/java) and extra JVM arguments.
    std::string javaBinary;
    std::vector<std::string> jvmArgs;
    // Route peer traffic through relays the Ensemble controls (see
    // isolate()/heal()). Off: zoo.cfg lists every node's real ports.
    bool proxiedPeers = false;
    // start()/startNode()/restart() wait at most this long for the process to
    // listen on its client port (not for a quorum: see waitReady()).
    std::chrono::milliseconds launchTimeout{30000};
};

struct NodeInfo {
    int id = 0;  // myid, 1-based
    bool observer = false;
    NodeState state = NodeState::Stopped;
    int pid = -1;  // -1 unless Running or Paused
    int clientPort = 0;
    int quorumPort = 0;
    int electionPort = 0;
    int adminPort = 0;    // the AdminServer's HTTP port; 0 without EnsembleSpec::adminServer
    std::string dir;      // <baseDir>/node<id>
    std::string configFile;
    std::string dataDir;
    std::string logFile;  // the process's stdout+stderr (and the JVM's log)
    std::optional<ProcessExit> exit;  // how its process ended; nullopt while alive and before it ran
    bool isolated = false;   // isolate()d and not yet heal()ed (proxiedPeers only)
    std::chrono::milliseconds peerDelay{0};  // slow()'s added latency, 0 when not slowed
};

class Ensemble {
public:
    // Validates the spec, allocates ports, writes every node's zoo.cfg and
    // myid, launches every node and waits until each listens on its client
    // port (an Apache node in an ensemble answers `ruok` before it has a
    // quorum; call waitReady() for "serving"). Returns nullptr on failure
    // after cleaning up whatever it started.
    static std::unique_ptr<Ensemble> start(const EnsembleSpec& spec, std::string* error);

    ~Ensemble();
    Ensemble(const Ensemble&) = delete;
    Ensemble& operator=(const Ensemble&) = delete;

    const EnsembleSpec& spec() const;
    int nodeCount() const;  // participants + observers
    // Node indexes are 0-based (node i has myid i + 1).
    std::vector<NodeInfo> nodes() const;
    NodeInfo node(int i) const;
    // "127.0.0.1:p1,127.0.0.1:p2,..." over every node (observers included).
    std::string connectString() const;
    std::string baseDir() const;

    // Launches a Stopped or Dead node with its existing zoo.cfg and data and
    // waits until it listens. False if it is already Running/Paused.
    bool startNode(int i, std::string* error);
    // SIGTERM to the process group, SIGKILL after `grace`; state Stopped.
    bool stop(int i, std::string* error, std::chrono::milliseconds grace = std::chrono::milliseconds(5000));
    // SIGKILL to the process group (a crash); state Dead.
    bool kill(int i, std::string* error);
    // SIGSTOP / SIGCONT to the process group; state Paused / Running.
    // pause() returns once every thread of the node has stopped (at most 5 s;
    // a node that takes longer is logged), so it no longer answers.
    bool pause(int i, std::string* error);
    bool resume(int i, std::string* error);
    // stop() (SIGKILL for a Paused node) then startNode().
    bool restart(int i, std::string* error);

    // Partitions (EnsembleSpec::proxiedPeers only; false + *error otherwise,
    // or for a bad index). isolate(i) closes every relayed peer connection
    // from or to node i and refuses new ones (accepted, then closed at once,
    // so the connecting node sees its peer hang up); it returns after the
    // connections are closed. heal(i) lets new connections through again
    // (the nodes reconnect on their own). Either works whatever the node's
    // process state, and survives restarts of the node.
    bool isolate(int i, std::string* error = nullptr);
    bool heal(int i, std::string* error = nullptr);
    // Adds `delay` of latency to node i's relayed peer connections, each
    // direction (proxiedPeers only); 0 restores them. Takes effect at once for
    // the bytes relayed from then on; survives restarts of the node.
    bool slow(int i, std::chrono::milliseconds delay, std::string* error = nullptr);
    // Relayed peer connections from or to node i that are up right now
    // (0 without proxiedPeers).
    int peerConnections(int i) const;
    // The relay port node `from`'s zoo.cfg names for node `to` (quorum or
    // election port); 0 without proxiedPeers, for from == to, or out of range.
    int peerProxyPort(int from, int to, bool election) const;

    // Polls until the node's `srvr` reports a Mode (it serves clients; srvr is
    // allowed by every whitelist). False on timeout or when the node is not
    // Running.
    bool waitReady(int i, std::chrono::milliseconds timeout, std::string* error);
    // The node's mode from `srvr`; Unknown when it does not serve or answer.
    NodeMode mode(int i) const;
    // Sends a four-letter word to node i; "" if it does not answer in time.
    std::string fourLetterWord(int i, const std::string& word, std::chrono::milliseconds timeout =
                                                                   std::chrono::milliseconds(2000)) const;

    // Keep the node dirs (logs, data) after destruction; the path is logged.
    void keepFiles(bool keep);
    // The last `lines` lines of node i's log.
    std::string logTail(int i, int lines = 30) const;

    class Impl;

private:
    explicit Ensemble(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Parses the "Mode: ..." line of a `srvr`/`stat` answer.
NodeMode parseSrvrMode(const std::string& srvr);

}  // namespace zooscope
