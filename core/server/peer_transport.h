// PeerTransport: quorum messages between engine ensemble members over TCP.
//
// Each member listens on its own server.N line's quorum and election ports
// and keeps one OUTGOING connection to every other member per port: election
// notifications go over the election port, everything else over the quorum
// port. Incoming connections only receive. So each direction of each pair is
// one TCP stream (FIFO), and no connection-ownership tie-break is needed.
//
// Wire: the connecting side first writes "ZSQP", a version byte (1) and its
// server id (8 bytes, big-endian); then frames of a 4-byte big-endian length
// and a quorum::encode()d message. A receiver drops a connection whose
// handshake is wrong, whose frame is longer than kMaxFrameBytes, that does not
// decode, or whose message claims another sender.
//
// Best effort: send() queues on the connection if it is up and drops the
// message otherwise; the protocol copes with loss (ZAB links number their
// messages). A connection whose queue passes kMaxQueuedBytes (a peer that
// stopped reading, e.g. SIGSTOPped) is closed. Lost connections are retried
// with backoff (50 ms doubling to 1 s); every loss or failed attempt is
// reported through `unreachable` so a learner notices its leader's death at
// once; an election connection coming up is reported through `connected`.
//
// Threads: everything runs on the given io_context's thread (the server's
// network thread); callbacks are invoked there. Not thread-safe otherwise.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "quorum/messages.h"

namespace asio {
class io_context;
}

namespace zooscope::server {

struct PeerAddress {
    quorum::ServerId id = 0;
    std::string host;
    uint16_t quorumPort = 0;
    uint16_t electionPort = 0;
};

class PeerTransport {
public:
    static constexpr uint32_t kMaxFrameBytes = 1u << 30;          // a SNAP of a large tree
    static constexpr size_t kMaxQueuedBytes = size_t(512) << 20;

    PeerTransport(asio::io_context& io, quorum::ServerId self, std::vector<PeerAddress> peers,
                  std::function<void(quorum::Message)> deliver, std::function<void(quorum::ServerId)> unreachable,
                  std::function<void(quorum::ServerId)> connected = {});
    ~PeerTransport();
    PeerTransport(const PeerTransport&) = delete;
    PeerTransport& operator=(const PeerTransport&) = delete;

    // Binds this member's quorum and election ports (on `self`'s host). False
    // and *error when a port is taken or the address is bad.
    bool listen(const PeerAddress& self, std::string* error);
    // Starts accepting and connecting. io thread.
    void start();
    void send(quorum::ServerId to, const quorum::Message& msg);
    // Closes everything; no callbacks afterwards. io thread.
    void stop();

    class Impl;

private:
    std::shared_ptr<Impl> impl_;
};

}  // namespace zooscope::server
