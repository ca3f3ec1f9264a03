// AdminFigures: a copy of everything the AdminServer's commands report,
// taken on the network thread from the same read-only views the four-letter
// words read (FourLetterContext), then handed to the AdminServer's HTTP
// threads, which turn it into JSON (admin_commands.h). Plain data: nothing in
// it points back into the server.
//
// AdminFiguresSource is the AdminServer's only way into the server: a
// data-only seam that the composition root (Server::start) implements by
// posting adminFigures() to the network thread and waiting for the copy.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zooscope/config.h"

namespace zooscope::server {

struct FourLetterContext;

// What to copy besides the summary: wchc/wchp's listings grow with the
// watches, so only the commands that print them ask for them.
enum class AdminDetail { Summary, WatchesBySession, WatchesByPath };

struct AdminConnection {
    std::string address;  // "127.0.0.1"
    uint16_t port = 0;
    bool idle = true;     // interest ops: 1 (reading) for a served connection
    uint64_t packetsReceived = 0;
    uint64_t packetsSent = 0;
    int64_t sessionId = 0;  // 0: no session yet
    std::string lastOperation;
    int64_t establishedWallMs = 0;
    int32_t sessionTimeoutMs = 0;
    int64_t lastCxid = 0;
    int64_t lastZxid = 0;
    int64_t lastResponseMs = 0;
    int64_t lastLatencyMs = 0;
    int64_t minLatencyMs = 0;
    int64_t avgLatencyMs = 0;
    int64_t maxLatencyMs = 0;
};

struct AdminQuorumFigures {
    int64_t myid = 0;
    bool isLeader = false;
    int64_t leaderId = 0;  // 0 while electing
    std::string zabPhase;  // "election", "synchronization", "broadcast"
    bool voting = false;   // a participant (not an observer) that serves
    std::vector<PeerSpec> members;
};

struct AdminFigures {
    std::string version;
    // "standalone", "leader", "follower", "observer"; "" while an ensemble
    // member does not serve (the commands that need a serving server then
    // answer ZooKeeper's "not currently serving requests").
    std::string mode;
    std::vector<std::pair<std::string, std::string>> monitor;  // mntr's figures
    std::vector<std::pair<std::string, std::string>> conf;     // conf's figures
    // server_stats
    uint64_t packetsSent = 0;
    uint64_t packetsReceived = 0;
    int64_t minLatencyMs = 0;
    double avgLatencyMs = 0;
    int64_t maxLatencyMs = 0;
    int64_t lastProcessedZxid = 0;
    int64_t uptimeMs = 0;
    uint64_t authFailed = 0;
    int32_t lastResponseSize = -1;
    int32_t minResponseSize = -1;
    int32_t maxResponseSize = -1;
    uint64_t nodeCount = 0;  // ZooKeeper's count: the root twice
    std::vector<AdminConnection> connections;
    // watch_summary
    uint64_t watchingConnections = 0;
    uint64_t watchedPaths = 0;
    uint64_t watches = 0;
    // watches / watches_by_path (AdminDetail)
    std::vector<std::pair<int64_t, std::vector<std::string>>> watchesBySession;
    std::vector<std::pair<std::string, std::vector<int64_t>>> watchesByPath;
    std::optional<AdminQuorumFigures> quorum;  // ensemble members only
};

// Copies the figures out of the server's views. Call on the network thread.
AdminFigures adminFigures(const FourLetterContext& ctx, AdminDetail detail);

class AdminFiguresSource {
public:
    virtual ~AdminFiguresSource() = default;
    // A copy taken on the thread that owns the server; nullopt when it did
    // not come within `timeout` (the server is stopping or its thread is
    // stalled). Safe to call from any thread.
    virtual std::optional<AdminFigures> adminFigures(AdminDetail detail, std::chrono::milliseconds timeout) = 0;
};

}  // namespace zooscope::server
