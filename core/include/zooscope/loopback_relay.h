// zooscope/loopback_relay.h — TCP relays on 127.0.0.1 that the owner can cut:
// partitions between the nodes of a local ensemble (the launcher's
// EnsembleSpec::proxiedPeers) and a client cut off from its server without
// its session being closed (the test harness's TcpProxy).
//
// Routes: open() binds one listener per route on 127.0.0.1 (kernel-chosen
// ports). A connection accepted on a route is relayed to 127.0.0.1:<target>,
// the port last given to setTarget() for the route's targetKey (none yet:
// the connection is closed at once). A route joins two "ends", small
// non-negative numbers the owner chooses (the launcher uses node indexes):
// `from` for the side that connects, `to` for the target.
//
// Cuts: while an end is cut, every relayed connection touching it is closed
// and new ones are accepted and closed at once, so the connecting side sees
// its peer hang up. setCut() returns after the relay has closed them.
//
// Refused targets: the relay accepts before it knows whether the target
// listens, so when the target refuses (a node still starting, a leader whose
// quorum port is not open yet) it retries the target for up to 3 s before
// closing the accepted side; a direct connect would have failed and been
// retried by the connecting side itself.
//
// ZooKeeper's election handshake: on a route with advertiseRoute >= 0, the
// first message of a connection, when it is QuorumCnxManager's initial
// message (protocol versions -65536 and -65535), has the sender's advertised
// election address replaced by 127.0.0.1:port(advertiseRoute). A peer with a
// higher id drops the connection and connects back to that address, so the
// connect-back goes through a relay too (and is cut with it). Any other
// first message passes unchanged.
//
// Threads: one relay thread owns every socket (poll loop, non-blocking I/O,
// one bounded buffer per direction, so a stalled reader, such as a
// SIGSTOPped process, stalls only its own connection). Every method is safe
// to call from any thread. The destructor closes every socket and joins the
// thread.
// Errors: open() returns false and fills *error (which may be null); nothing
// throws.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zooscope {

class LoopbackRelay {
public:
    struct Route {
        int from = 0;             // the end that connects to this route's listener
        int to = 1;               // the end the target belongs to
        int targetKey = 0;        // setTarget() key of the target port
        int advertiseRoute = -1;  // >= 0: rewrite ZooKeeper's election handshake (above)
    };

    LoopbackRelay();
    ~LoopbackRelay();
    LoopbackRelay(const LoopbackRelay&) = delete;
    LoopbackRelay& operator=(const LoopbackRelay&) = delete;

    // Binds one listener per route and starts the relay thread. Once only.
    bool open(const std::vector<Route>& routes, std::string* error);

    // The listener port of route `route` (an index into open()'s routes);
    // 0 for an index out of range or before open().
    uint16_t port(size_t route) const;

    // Where connections of routes with this targetKey go from now on
    // (connections already relayed keep their target).
    void setTarget(int targetKey, uint16_t port);

    // Cuts or restores end `end` (see above). Synchronous.
    void setCut(int end, bool cut);
    bool isCut(int end) const;

    // Relayed connections (both sides connected) touching end `end` now.
    int connections(int end) const;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace zooscope
