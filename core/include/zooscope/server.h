// The embedded engine: a ZooKeeper-compatible server that runs inside the
// calling process.
//
// Threads: start() spawns one network thread that owns every connection, the
// data tree and the sessions; nothing else touches them. Server's own methods
// are safe to call from any one thread at a time (not concurrently).
// Ownership: the caller owns the Server; destroying it stops it.
// Errors: start() returns nullptr and fills *error (address in use, the
// AdminServer's too, a data directory that is locked by another server or
// corrupt in the middle of its log, ...); it never throws for runtime
// conditions.
// Durability: with config.dataDir set, every transaction is in the fsynced
// log before any client sees its effect, and start() recovers the directory
// (snapshot + log). With dataDir empty the server keeps everything in memory.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "zooscope/config.h"

namespace zooscope {

// A persistent znode (open ACL) created at start if it is absent: sample or
// bootstrap data for embedders. Parents must come before children.
struct SeedNode {
    std::string path;
    std::string data;
};

class Server {
public:
    // Binds config.clientPortAddress:config.clientPort (port 0 picks a free
    // one), creates the `seed` nodes, and returns once the server accepts
    // connections.
    static std::unique_ptr<Server> start(const ServerConfig& config, std::string* error,
                                         const std::vector<SeedNode>& seed = {});

    virtual ~Server() = default;

    // The bound client port.
    virtual uint16_t port() const = 0;
    // The AdminServer's bound HTTP port (config.adminEnableServer); 0 when it
    // serves none.
    virtual uint16_t adminPort() const = 0;
    // True once the server hit a fatal error (its transaction log could not be
    // written or synced) and stopped serving; a restart recovers. Any thread.
    virtual bool failed() const = 0;
    // Stops accepting, closes every connection, joins the network thread.
    // Idempotent. Sessions are not expired: a later server over the same
    // dataDir recovers them.
    virtual void stop() = 0;
};

}  // namespace zooscope
