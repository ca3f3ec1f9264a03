// Four-letter words on the client port (ruok, srvr, ...), answered from
// read-only getters, in ZooKeeper 3.8's exact output format.
//
// ZooKeeper recognises a word only as the first four bytes of a fresh
// connection; a word it knows but whose name is missing from
// 4lw.commands.whitelist is answered with
// "<word> is not executed because it is not in the whitelist.\n".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "server/server_stats.h"
#include "server/session_tracker.h"
#include "tree/data_tree.h"
#include "zooscope/config.h"

namespace zooscope::server {

struct FourLetterContext {
    const ServerConfig& config;
    const tree::DataTree& tree;
    const SessionTracker& sessions;
    ServerStats& stats;
    size_t connections;
    int64_t nowMonotonicMs;
};

// True if ZooKeeper 3.8 knows `word` as a four-letter word.
bool isFourLetterWord(std::string_view word);

// The full answer to `word` (the connection is closed after it is sent), or
// nullopt if `word` is not a four-letter word.
std::optional<std::string> runFourLetterWord(std::string_view word, FourLetterContext& ctx);

// The version string the engine reports in srvr/stat/mntr/envi.
std::string engineVersion();

}  // namespace zooscope::server
