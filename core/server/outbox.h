// Outbox: everything a server sends to its clients (replies, watch events,
// connection closes) goes through here, so that the group commit can hold it
// back: from hold() on, output waits in order until release() - after the
// transaction log was synced - or is thrown away by discard() when the sync
// failed. No client ever sees the effect of a transaction that is not on disk.
//
// Single-threaded: the server's owning thread.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

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

    // From now on output waits (transactions were logged, not yet synced).
    void hold();
    // Sends everything held, in order, and stops holding.
    void release();
    // Drops everything held and keeps holding: nothing goes out any more
    // (the log could not be synced; the server stops serving).
    void discard();
    bool holding() const { return holding_; }

private:
    struct Held {
        uint64_t linkId;
        std::string framed;  // empty with close == true
        bool close = false;
    };

    std::function<ClientLink*(uint64_t)> find_;
    std::vector<Held> held_;
    bool holding_ = false;
};

}  // namespace zooscope::server
