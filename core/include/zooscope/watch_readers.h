// zooscope::readers — who watches what on a server: a summary from wchs (or
// the AdminServer's watch_summary), and on request the sessions and their
// paths from wchc (watches) joined to the client addresses of cons
// (connections). Qt-free.
//
// What the numbers cover: ZooKeeper 3.8's wchs, wchc and wchp (and their
// AdminServer commands) count data and exists watches only, not child
// watches, although mntr's watch_count includes them (kWatchCountNote). The
// ZooScope engine answers its own word, wchk, with every kind (data, exists,
// child, persistent, persistent-recursive): a server whose srvr names the
// engine is asked wchk instead.
//
// Cost: wchc walks every watch of the server while it answers; ZooKeeper's
// docs warn it may be expensive, so the details are read only when asked.
//
// Threads: readServerWatches() blocks the caller up to about twice its
// timeout (a word, then the AdminServer); thread-safe; never throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zooscope/server_probe.h"

namespace zooscope::readers {

inline constexpr const char* kWatchCountNote =
    "ZooKeeper 3.8's wchs, wchc and wchp count data and exists watches only, not child watches "
    "(mntr's watch_count includes them).";

// One session's watches on one server.
struct SessionWatchList {
    int64_t session = 0;
    std::optional<std::string> client;  // "address:port" from cons / connections
    std::vector<std::string> paths;     // sorted
    // wchk only: path -> kinds ("data", "exists", "child", "persistent",
    // "persistent-recursive"); empty from ZooKeeper.
    std::map<std::string, std::vector<std::string>> kinds;
};

struct ServerWatches {
    std::string server;  // "host:port" of the client port
    // "wchk" (every kind), "wchs"/"wchc" (four-letter words) or "admin"
    // (watch_summary / watches); "" when nothing answered.
    std::string source;
    bool allKinds = false;  // the numbers include child and persistent watches
    int64_t sessions = 0;   // sessions (connections) holding watches
    int64_t paths = 0;
    int64_t watches = 0;
    std::vector<std::pair<std::string, int64_t>> byKind;  // wchk only
    std::vector<SessionWatchList> detail;                 // when asked
    std::string error;  // why something was not read (a sentence), else ""
};

struct WatchQuery {
    monitor::ProbeTarget target;
    bool detail = false;
    std::chrono::milliseconds timeout{2000};
};

// Asks one server: srvr (always allowed) to know the engine, then wchk, or
// wchs (+ wchc and cons with detail); a word the whitelist refuses is asked
// of the AdminServer when the target names one. Partial answers are kept
// and `error` says what is missing.
ServerWatches readServerWatches(const WatchQuery& query, const monitor::FourLetterWordTransport& words,
                                const monitor::AdminTransport& admin);

}  // namespace zooscope::readers
