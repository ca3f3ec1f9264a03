// PeerProxies — the loopback TCP relays an Ensemble puts between its nodes
// when EnsembleSpec::proxiedPeers is set, so that a test can cut a node off
// from its peers (a partition) without touching the node's process.
//
// Routing: one listener per ordered pair (from, to) of nodes and per peer
// channel (quorum, election). Node `from`'s zoo.cfg names the listener of
// (from, to, channel) as node `to`'s address, so every byte `from` sends to
// `to` (and `to`'s replies on that connection) passes through it, and the
// relay knows both ends of every connection without looking at addresses.
//
// Connect-back: in ZooKeeper's election handshake a node advertises its own
// election address, and a peer with a higher id hangs up and connects back
// to that address. On election links the relay therefore rewrites the
// address in that first message (protocol versions -65536/-65535 only;
// anything else passes unchanged) to the relay the receiver uses for the
// sender, so connect-backs are relayed, and cut, too.
//
// Refused targets: a relay accepts before it knows whether the target
// listens, so when the target refuses (a node still starting, a new leader
// whose quorum port is not open yet) the relay retries the target for up to
// 3 s before closing the accepted side; a direct connect would have failed
// and been retried by the node itself.
//
// Threads: one relay thread owns every socket (poll loop, non-blocking I/O).
// The public methods may be called from any thread; mutex_ guards the
// targets and the isolated set, and isolate()/heal() return only after the
// relay thread has applied them (existing connections are closed by then).
//
// Not part of the public API: core/ensemble only.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace zooscope::detail {

enum class PeerChannel { Quorum = 0, Election = 1 };

class PeerProxies {
public:
    PeerProxies() = default;
    ~PeerProxies();  // stops the relay thread and closes every socket
    PeerProxies(const PeerProxies&) = delete;
    PeerProxies& operator=(const PeerProxies&) = delete;

    // Binds 2 * n * (n - 1) listeners on 127.0.0.1 (kernel-chosen ports) and
    // starts the relay thread. False + *error if a socket cannot be set up.
    bool open(int nodes, std::string* error);

    // The listener node `from` must use to reach node `to` on `channel`;
    // 0 for from == to or an index out of range.
    int port(int from, int to, PeerChannel channel) const;

    // Where connections to node `to` on `channel` go (its real port). Set
    // before the node's peers start, and again when ports are reallocated.
    void setTarget(int to, PeerChannel channel, int port);

    // Cuts / restores node i: while isolated, every relayed connection from
    // or to node i is closed and new ones are accepted and closed at once
    // (the connecting node sees its peer hang up). Synchronous.
    void setIsolated(int i, bool isolated);
    bool isolated(int i) const;

    // Relayed connections (both ends up) from or to node i right now.
    int connections(int i) const;

private:
    struct Listener {
        int fd = -1;
        int port = 0;
        int from = 0;
        int to = 0;
        PeerChannel channel = PeerChannel::Quorum;
    };
    struct Link;

    void run();
    void applyIsolation();
    void wake();

    int nodes_ = 0;
    std::vector<Listener> listeners_;  // fixed after open(); read by any thread
    int wakeFd_[2] = {-1, -1};
    std::thread thread_;
    std::atomic<bool> quit_{false};

    mutable std::mutex mutex_;
    std::condition_variable applied_;
    std::vector<int> targets_;       // guarded by mutex_; [to * 2 + channel]
    std::set<int> isolated_;         // guarded by mutex_
    uint64_t requested_ = 0;         // guarded by mutex_; bumped by setIsolated
    uint64_t done_ = 0;              // guarded by mutex_; relay thread caught up to
    bool stopped_ = false;           // guarded by mutex_; the relay thread has ended
    std::vector<int> linkCount_;     // guarded by mutex_; per node, live links
};

}  // namespace zooscope::detail
