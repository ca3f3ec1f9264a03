// Outbox: everything a server sends to its clients (replies, watch events,
// connection closes) goes through here, to the live link of an id. Nothing is
// held back: the commit paths produce output only from state that is durable
// - synced (StandaloneCommit applies a txn after its sync) or committed by a
// quorum (QuorumHost) - so a reply can go out as soon as it is made. After
// stop() (the log could not be written: the server stops serving) nothing
// goes out any more.
//
// Single-threaded: the server's owning thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "server/client_link.h"

namespace zooscope::server {

class Outbox {
public:
    // `find` gives the live link of an id, or nullptr once it is gone (output
    // for a gone link is dropped).
    explicit Outbox(std::function<ClientLink*(uint64_t linkId)> find);

    void send(uint64_t linkId, std::string framed);
    // Closes the link after what was sent to it before.
    void close(uint64_t linkId);
    // Drops all later output.
    void stop() { stopped_ = true; }

private:
    std::function<ClientLink*(uint64_t)> find_;
    bool stopped_ = false;
};

}  // namespace zooscope::server
