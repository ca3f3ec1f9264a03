// PeerProxies — the loopback relays an Ensemble puts between its nodes when
// EnsembleSpec::proxiedPeers is set, so that a test can cut a node off from
// its peers (a partition) without touching the node's process. A
// zooscope::LoopbackRelay (zooscope/loopback_relay.h: cuts, retries of a
// refusing target, threads) laid out for an ensemble.
//
// Routing: one route per ordered pair (from, to) of nodes and per peer
// channel (quorum, election), with the node indexes as the relay's ends.
// Node `from`'s zoo.cfg names the listener of (from, to, channel) as node
// `to`'s address, so every byte `from` sends to `to` (and `to`'s replies on
// that connection) passes through it, and the relay knows both ends of every
// connection without looking at addresses.
//
// Connect-back: in ZooKeeper's election handshake a node advertises its own
// election address, and a peer with a higher id hangs up and connects back
// to that address. Election routes therefore rewrite it to the route the
// receiver uses for the sender, so connect-backs are relayed, and cut, too.
//
// Threads: every method may be called from any thread (the relay's contract).
// Not part of the public API: core/ensemble only.
#pragma once

#include <string>

#include "zooscope/loopback_relay.h"

namespace zooscope::detail {

enum class PeerChannel { Quorum = 0, Election = 1 };

class PeerProxies {
public:
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
    void setIsolated(int i, bool isolated) { relay_.setCut(i, isolated); }
    bool isolated(int i) const { return relay_.isCut(i); }

    // Relayed connections (both ends up) from or to node i right now.
    int connections(int i) const { return relay_.connections(i); }

private:
    // Index of the route (from, to, channel) among open()'s routes; -1 if none.
    int route(int from, int to, PeerChannel channel) const;

    int nodes_ = 0;
    LoopbackRelay relay_;
};

}  // namespace zooscope::detail
