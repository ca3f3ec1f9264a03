// PeerProxies: see peer_proxy.h for the contract.
#include "peer_proxy.h"

#include <vector>

namespace zooscope::detail {

namespace {

// The relay's target key for node `to`'s port on `channel`.
int targetKey(int to, PeerChannel channel) { return to * 2 + static_cast<int>(channel); }

}  // namespace

int PeerProxies::route(int from, int to, PeerChannel channel) const {
    if (from == to || from < 0 || to < 0 || from >= nodes_ || to >= nodes_) return -1;
    // Routes are laid out by (from, to) with to != from, two channels each.
    const int pair = from * (nodes_ - 1) + (to < from ? to : to - 1);
    return pair * 2 + static_cast<int>(channel);
}

bool PeerProxies::open(int nodes, std::string* error) {
    nodes_ = nodes;
    std::vector<LoopbackRelay::Route> routes;
    for (int from = 0; from < nodes; ++from)
        for (int to = 0; to < nodes; ++to)
            for (PeerChannel ch : {PeerChannel::Quorum, PeerChannel::Election}) {
                if (from == to) continue;
                LoopbackRelay::Route r;
                r.from = from;
                r.to = to;
                r.targetKey = targetKey(to, ch);
                // The receiver reaches the sender through route (to, from).
                if (ch == PeerChannel::Election) r.advertiseRoute = route(to, from, ch);
                routes.push_back(r);
            }
    return relay_.open(routes, error);
}

int PeerProxies::port(int from, int to, PeerChannel channel) const {
    const int r = route(from, to, channel);
    return r < 0 ? 0 : relay_.port(static_cast<size_t>(r));
}

void PeerProxies::setTarget(int to, PeerChannel channel, int port) {
    relay_.setTarget(targetKey(to, channel), static_cast<uint16_t>(port));
}

}  // namespace zooscope::detail
