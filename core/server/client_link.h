// ClientLink: what the engine needs of one client connection. Implemented by
// the socket layer (network.cpp's Connection) and by the quorum simulator's
// clients (tests/sim).
#pragma once

#include <cstdint>
#include <string>

namespace zooscope::server {

class ClientLink {
public:
    virtual ~ClientLink() = default;
    // Queues one already-framed packet.
    virtual void send(std::string framed) = 0;
    // Closes after everything queued so far is written. May detach the link
    // from the engine before it returns.
    virtual void closeAfterFlush() = 0;
    virtual uint64_t linkId() const = 0;          // unique per connection; doubles as WatcherId
    virtual const std::string& remoteAddress() const = 0;  // "127.0.0.1"
    // The peer's TCP port, for the 4lw reports (cons, stat, dump); 0 if unknown.
    virtual uint16_t remotePort() const { return 0; }
    // The local (client) port the connection came in on; 0 if unknown. conf
    // reports it, as the configured port may be 0 ("pick a free one").
    virtual uint16_t localPort() const { return 0; }
    // While held, the link reads nothing more from its peer and hands the
    // engine no more frames; released, it goes on where it stopped. The
    // dispatcher holds a connection while its session is being set up, as
    // ZooKeeper disables receiving (NIOServerCnxn.disableRecv) until the
    // ConnectResponse: a client that half-closes right after its requests
    // gets its answers, instead of the close overtaking the session's sync.
    // Links that hand frames in one at a time (the simulator, the fuzzer) may
    // ignore it: the dispatcher queues what arrives while a session is set up.
    // Release may be called from inside a frame's handling; the link must not
    // hand in frames re-entrantly.
    virtual void holdInput(bool hold) { (void)hold; }
};

}  // namespace zooscope::server
