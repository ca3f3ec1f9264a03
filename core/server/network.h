// Network: the socket layer of a running server. It owns the io_context and
// its one thread, accepts TCP connections on the client port (each a
// ClientLink: frames in, queued writes out, four-letter words on a fresh
// connection), and for an ensemble member the PeerTransport on its quorum and
// election ports. It is the engine's Timers (asio timers on that thread) and
// PeerLink. Server::start (server.cpp) composes it with a ServerCore.
//
// Threads: bind()/bindPeers()/run() on the caller's thread before the
// network thread starts; after run() everything happens on the network
// thread. stop() from any one thread; it joins the network thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "server/quorum_host.h"
#include "server/server_core.h"
#include "server/timers.h"
#include "zooscope/config.h"

namespace zooscope::server {

class Network final : public Timers, public PeerLink {
public:
    explicit Network(const ServerConfig& config);
    ~Network() override;  // stops
    Network(const Network&) = delete;
    Network& operator=(const Network&) = delete;

    // Binds config.clientPortAddress:clientPort (0 picks a free port); the
    // connections will go to `core`, which must outlive the network thread.
    // False and *error when the address is bad or the port taken.
    bool bind(ServerCore& core, std::string* error);
    // An ensemble member: binds its server.N line's quorum and election
    // ports; peer messages go to `host`.
    bool bindPeers(QuorumHost& host, std::string* error);
    // Starts the network thread: accepting, the peer transport, and the
    // core's start() on that thread.
    void run();
    // Stops accepting, closes every connection, drops pending timers, joins
    // the thread. Idempotent.
    void stop();
    uint16_t port() const;

    // Timers, on the network thread.
    void post(std::function<void()> fn) override;
    void after(int64_t delayMs, std::function<void()> fn) override;
    // PeerLink.
    void send(quorum::ServerId to, const quorum::Message& msg) override;

    class Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace zooscope::server
