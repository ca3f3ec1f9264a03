// ServerCore: one server's engine without sockets, assembled from its parts:
//   ServerState           the tree, sessions, request pipeline and counters
//   ConnectionDispatcher  connections, sessions, reads, watch delivery (the client protocol)
//   CommitPath            the write side: StandaloneCommit, or QuorumHost in an ensemble
//   Outbox                output to clients
// open() is the composition shared by production (Server::start, server.cpp,
// with the socket layer of network.cpp) and the quorum simulator (tests/sim):
// it recovers the data directory, reads the quorum state of an ensemble
// member, and picks the commit path - the only place that asks which mode the
// server runs in.
//
// Single-threaded: every call on the thread that owns the server (the
// network thread; the simulator's loop). No locks; failed() alone may be read
// from any thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "env/env.h"
#include "server/client_link.h"
#include "server/connection_dispatcher.h"
#include "server/outbox.h"
#include "server/quorum_host.h"
#include "server/server_state.h"
#include "server/timers.h"
#include "zooscope/config.h"

namespace zooscope::server {

// What the engine runs on: the socket layer's in production, simulated ones
// in the quorum simulator.
struct Seams {
    std::shared_ptr<Env> env;       // clock and disk
    Timers* timers = nullptr;       // the owning thread's loop; must outlive the ServerCore
    PeerLink* peers = nullptr;      // ensemble members: where quorum messages go; must outlive it
    QuorumHost::EffectTap tap;      // optional, ensemble members: sees every quorum effect
};

class ServerCore {
public:
    // Opens the data directory (when config.dataDir is set: lock, repair,
    // recover), reads an ensemble member's quorum state, and builds the
    // server. nullptr and *error when the configuration or the directory is
    // unusable.
    static std::unique_ptr<ServerCore> open(const ServerConfig& config, Seams seams, std::string* error);
    ~ServerCore();
    ServerCore(const ServerCore&) = delete;
    ServerCore& operator=(const ServerCore&) = delete;

    // On the owning thread, once, before serving: starts the periodic work
    // (session expiry every half tickTime, container checks, an ensemble
    // member's election and protocol tick) through Seams::timers.
    void start();

    // Creates a persistent node if absent (sample data before clients
    // connect); false when it was not created (it exists, or an ensemble,
    // whose data comes through its leader).
    bool seed(const std::string& path, const std::string& data) { return commit_->seed(path, data); }

    // ---- the socket layer's calls (see ConnectionDispatcher) ----
    bool attach(ClientLink& link) { return connections_.attach(link); }
    void onFrame(ClientLink& link, std::string_view frame) { connections_.onFrame(link, frame); }
    void detach(ClientLink& link) { connections_.detach(link); }
    std::optional<std::string> fourLetterWord(std::string_view word, ClientLink* asker) {
        return connections_.fourLetterWord(word, asker);
    }
    // The AdminServer's figures (admin_figures.h); read-only.
    AdminFigures adminFigures(AdminDetail detail) { return connections_.adminFigures(detail); }

    // The ensemble member's host (peer messages go there); nullptr standalone.
    QuorumHost* quorumHost() { return quorumHost_; }
    const QuorumHost* quorumHost() const { return quorumHost_; }

    const tree::DataTree& tree() const { return *state_.tree; }
    const ServerStats& stats() const { return state_.stats; }
    // True after the log could not be written or synced. The server then
    // stops serving (ZooKeeper exits); recovery on restart loses nothing that
    // was acknowledged. Readable from any thread.
    bool failed() const { return connections_.failed(); }

private:
    ServerCore(const ServerConfig& config, Seams seams, std::unique_ptr<tree::DataTree> tree);
    void every(int64_t periodMs, void (CommitPath::*work)());

    Seams seams_;
    ServerState state_;
    Outbox outbox_;
    ConnectionDispatcher connections_;
    std::unique_ptr<CommitPath> commit_;
    QuorumHost* quorumHost_ = nullptr;  // commit_, when it is one
};

}  // namespace zooscope::server
