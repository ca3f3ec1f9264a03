// Four-letter words on the client port (ruok, srvr, stat, mntr, cons, ...),
// answered from read-only views of the server, in ZooKeeper 3.8's output
// format (NIOServerCnxnFactory, standalone).
//
// ZooKeeper recognises a word only as the first four bytes of a fresh
// connection; a word it knows but whose name is missing from
// 4lw.commands.whitelist is answered with
// "<word> is not executed because it is not in the whitelist.\n" (srvr is
// always allowed, as zkServer.sh needs it).
//
// Where the engine's answer differs from ZooKeeper's by design:
// - versions read engineVersion();
// - envi: java.* keys are kept (so parsers see ZooKeeper's key set) and read
//   "<NA>" (ZooKeeper's own value for an unset property), except
//   java.io.tmpdir ($TMPDIR or /tmp); os.memory.* describe the process and
//   machine (free = MemAvailable, max = MemTotal, total = resident set);
// - mntr lists ZooKeeper 3.8's standalone key set in its order; the keys the
//   engine measures are live (see four_letter_words.cpp), the other metrics
//   read 0; the dynamic *_per_namespace and per-learner-handler summary sets
//   are not produced; an ensemble member adds peer_state and quorum_size, a
//   leader its learner gauges (not leader_uptime nor the synced observer and
//   non-voting counts) and "followers", the pre-3.6 name of "learners";
// - gtmk reports ZooKeeper's default trace mask; stmk answers nothing (its
//   8-byte mask argument is not read); hash answers nothing (no digest log).
//
// One word of the engine's own, not ZooKeeper's (whitelisted like the others):
// wchk lists every watch with its kinds, since 3.8's wchs/wchc/wchp leave out
// child watches:
//   Watches by kind: data=N exists=N child=N persistent=N persistent-recursive=N
//   0x<session>
//   \t<path>\t<kind>[,<kind>...]      (kinds named and ordered as on the first
//   ...                               line; by session, then path)
//   <empty line>
//
// Single-threaded: called on the network thread that owns the server.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zooscope/protocol.h"
#include "server/server_stats.h"
#include "server/session_tracker.h"
#include "tree/data_tree.h"
#include "zooscope/config.h"

namespace zooscope::server {

// One live connection as cons/stat/dump/wchc see it.
struct ConnectionView {
    uint64_t linkId = 0;           // the WatcherId of its watches
    std::string remoteAddress;     // "127.0.0.1"
    uint16_t remotePort = 0;
    bool asker = false;            // the connection the word came on (interest ops 0)
    int64_t sessionId = 0;         // 0 before the handshake
    int32_t sessionTimeoutMs = 0;
    int64_t establishedWallMs = 0;
    ConnectionStats* stats = nullptr;  // never null; crst resets it
};

// An ensemble member's view for srvr/stat/mntr/conf.
struct QuorumView {
    std::string mode;  // "leader", "follower", "observer"; "" while not serving
    size_t learners = 0;         // leader only
    size_t syncedFollowers = 0;  // leader only
    size_t pendingSyncs = 0;     // leader only
    int64_t lastProposalSize = 0, minProposalSize = 0, maxProposalSize = 0;  // leader only (bytes)
    // For the AdminServer's leader and zabstate.
    int64_t leaderId = 0;     // the leader followed (or this server); 0 while electing
    std::string zabPhase;     // "election", "synchronization", "broadcast"
};

struct FourLetterContext {
    const ServerConfig& config;
    const tree::DataTree& tree;
    const SessionTracker& sessions;
    ServerStats& stats;
    std::vector<ConnectionView> connections;  // ordered by linkId
    int64_t nowMonotonicMs = 0;
    int64_t nowWallMs = 0;
    uint16_t clientPort = 0;  // the port actually served (conf)
    std::optional<QuorumView> quorum;  // ensemble members only
    std::optional<SyncStats> sync;     // with a transaction log only
};

// The name ZooKeeper gives `word` if it knows it ("telnet close" for the
// telnet IAC sequence), else nullopt.
std::optional<std::string> fourLetterWordName(std::string_view word);
inline bool isFourLetterWord(std::string_view word) { return fourLetterWordName(word).has_value(); }

// The full answer to `word` (the connection is closed after it is sent), or
// nullopt if `word` is not a four-letter word to answer (the caller then reads
// the bytes as a frame length, as ZooKeeper does).
std::optional<std::string> runFourLetterWord(std::string_view word, FourLetterContext& ctx);

// What mntr and conf print, as (key, value) pairs in their order: mntr's
// keys without "zk_", conf's without the membership. The AdminServer's
// monitor and configuration answer the same figures as JSON.
std::vector<std::pair<std::string, std::string>> monitorValues(const FourLetterContext& ctx);
std::vector<std::pair<std::string, std::string>> confValues(const FourLetterContext& ctx);

// The version string the engine reports in srvr/stat/mntr/envi:
// "3.8.0-zooscope-<project version>", the same for every build of a version.
std::string engineVersion();

// The ensemble as ZooKeeper writes it to /zookeeper/config and after conf's
// "membership:": "server.N=host:quorumPort:electionPort:participant[;addr:port]"
// lines by id, then "version=0" (static configuration). No trailing newline.
std::string membershipText(const ServerConfig& config);

// The 4-letter "last operation" name cons shows for a request type
// (FinalRequestProcessor's lastOp), e.g. "GETD", "CREA", "PING".
std::string_view lastOpName(proto::OpCode op);

// Java's Double.toString for the values ZooKeeper prints (averages rounded to
// 4 decimals): "0.0", "1.8571", "1.0E-4".
std::string javaDouble(double v);

}  // namespace zooscope::server
