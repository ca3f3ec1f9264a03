// ServerConfig: the settings the engine takes, read from ZooKeeper's own zoo.cfg.
//
// Contract: plain data. parseZooCfg() never throws for unknown keys; it records
// them in `unknownKeys` so the caller can log a warning (a user's existing
// zoo.cfg must start the engine). Malformed values of keys it does use are
// errors, returned as a message.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zooscope {

// One `server.N=host:quorumPort:electionPort[:participant|:observer][;[addr:]clientPort]` line.
struct PeerSpec {
    int64_t id = 0;
    std::string host;
    uint16_t quorumPort = 0;
    uint16_t electionPort = 0;
    bool observer = false;
    std::optional<std::string> clientAddress;
    std::optional<uint16_t> clientPort;
};

struct ServerConfig {
    int32_t tickTime = 2000;
    int32_t initLimit = 10;
    int32_t syncLimit = 5;
    std::string dataDir;      // empty: in-memory only
    std::string dataLogDir;   // empty: same as dataDir
    std::string clientPortAddress = "127.0.0.1";
    uint16_t clientPort = 2181;  // 0: pick a free port
    int32_t maxClientCnxns = 60; // per client IP; 0 = unlimited
    int32_t minSessionTimeout = -1;  // -1: 2 * tickTime
    int32_t maxSessionTimeout = -1;  // -1: 20 * tickTime
    std::vector<std::string> fourLetterWhitelist = {"srvr"};  // ZooKeeper's default; "*" = all
    int32_t juteMaxBuffer = 0xfffff;
    bool extendedTypesEnabled = false;  // TTL nodes
    // ZooKeeper's container manager (znode.container.*): how often empty
    // containers and expired TTL nodes are looked for, and how long a
    // container that never had a child may live (0 = forever).
    int32_t containerCheckIntervalMs = 60000;
    int32_t containerMaxNeverUsedIntervalMs = 0;
    // Durability (used when dataDir is set). A snapshot is taken after about
    // snapCount transactions (randomised between snapCount/2 and snapCount, as
    // ZooKeeper does, so ensemble members do not snapshot together).
    int32_t snapCount = 100000;
    int32_t preAllocSizeKb = 65536;
    // autopurge: keep snapRetainCount snapshots (>= 3) and the logs they
    // need; purgeInterval 0 (ZooKeeper's default) disables purging.
    int32_t snapRetainCount = 3;
    int32_t purgeIntervalHours = 0;
    std::string superDigest;            // "super:<base64 sha1>", empty = none
    // The AdminServer: HTTP GET <adminCommandUrl>/<command> answers JSON
    // (monitor, stats, leader, ...). Off unless admin.enableServer=true:
    // ZooKeeper's default is on at 0.0.0.0:8080, but the engine does not open
    // a port its zoo.cfg did not ask for. adminServerPort 0 picks a free port.
    bool adminEnableServer = false;
    std::string adminServerAddress = "0.0.0.0";
    uint16_t adminServerPort = 8080;
    std::string adminCommandUrl = "/commands";
    int64_t myid = 0;
    std::vector<PeerSpec> servers;
    std::vector<std::string> unknownKeys;  // seen in zoo.cfg, not used
    // Valid ZooKeeper keys for features this build lacks (TLS, SASL, dynamic
    // reconfig files, hierarchical quorums...): the caller warns, never fails.
    std::vector<std::string> unsupportedKeys;

    int32_t effectiveMinSessionTimeout() const { return minSessionTimeout > 0 ? minSessionTimeout : 2 * tickTime; }
    int32_t effectiveMaxSessionTimeout() const { return maxSessionTimeout > 0 ? maxSessionTimeout : 20 * tickTime; }
};

// Parses zoo.cfg text (Java properties syntax). Returns std::nullopt and sets
// *error (when non-null) on a malformed value of a known key; the message
// names the key and the line ("line 3: tickTime: 'abc' is not an integer").
// Pure function, thread-safe. Paths are kept as written. Which keys are used,
// ignored or unsupported is listed at the top of core/config/zoo_cfg.cpp.
std::optional<ServerConfig> parseZooCfg(const std::string& text, std::string* error);

// Reads and parses a zoo.cfg file (messages are prefixed with the path). Then,
// as ZooKeeper does: relative dataDir/dataLogDir are made absolute against the
// current directory, `myid` is read from dataDir when that file exists, and the
// client part of this server's `server.N` line supplies clientPort /
// clientPortAddress. Not thread-safe against concurrent chdir().
std::optional<ServerConfig> loadZooCfg(const std::string& path, std::string* error);

}  // namespace zooscope
