// AdminServer: the engine's answer to ZooKeeper's JettyAdminServer. HTTP on
// admin.serverAddress:admin.serverPort (cpp-httplib); GET
// <admin.commandURL>/<command> answers the command's JSON (admin_commands.h),
// GET <admin.commandURL> lists the commands. As ZooKeeper does: an unknown
// command answers 200 with {"command", "error": "Unknown command: ..."},
// another path 404, another method 405.
//
// Its only way into the server is an AdminFiguresSource (admin_figures.h):
// every request takes a fresh copy of the figures within kFiguresTimeout, or
// answers 503 with a JSON error when the server's thread does not hand one
// over in time (stopping, or stalled) — it never touches server state itself.
//
// Bad requests cannot harm the server: the request line and each header line
// are limited to 8 KiB by cpp-httplib (414 / 400 beyond), all headers
// together to 8 KiB (431, as Jetty), bodies to 64 KiB, each connection to a
// few requests and 2 s of silence; four worker threads answer (one per open
// connection), so a flood queues instead of spawning threads. cpp-httplib 0.11 reads a request's
// headers whole before anything can refuse them, so a client that streams
// headers without end costs memory until its connection goes: bind the
// AdminServer to an address only trusted hosts reach (ZooKeeper's advice for
// its own).
//
// Threads: start() binds on the caller's thread (a bind error returns at
// once) and serves on a thread of its own; stop() (idempotent; the
// destructor calls it) closes the port and joins, and must run before the
// figures source goes away.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/admin_figures.h"
#include "zooscope/config.h"

namespace zooscope::server {

class AdminServer {
public:
    static constexpr std::chrono::milliseconds kFiguresTimeout{2000};

    // Binds config.adminServerAddress:config.adminServerPort (port 0 picks a
    // free one) and serves config.adminCommandUrl. nullptr and *error (the
    // address and the system's reason) when it cannot bind.
    static std::unique_ptr<AdminServer> start(const ServerConfig& config, AdminFiguresSource& source,
                                              std::string* error);

    virtual ~AdminServer() = default;
    virtual uint16_t port() const = 0;
    virtual void stop() = 0;
};

}  // namespace zooscope::server
