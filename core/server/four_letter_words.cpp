#include "server/four_letter_words.h"

#include <algorithm>
#include <array>
#include <cstdio>

namespace zooscope::server {

namespace {

constexpr std::array<std::string_view, 19> kWords = {
    "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "ruok", "stmk", "srst",
    "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro", "hash", "cnxn"};

bool whitelisted(const ServerConfig& cfg, std::string_view word) {
    for (const auto& w : cfg.fourLetterWhitelist) {
        if (w == "*" || w == word) return true;
    }
    return false;
}

std::string hex(int64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof(buf), "0x%llx", static_cast<unsigned long long>(v));
    return buf;
}

// The body shared by srvr and stat (ZooKeeper's StatCommand / SrvrCommand).
std::string serverSummary(FourLetterContext& ctx) {
    char latency[96];
    std::snprintf(latency, sizeof(latency), "Latency min/avg/max: %lld/%.4f/%lld\n",
                  static_cast<long long>(ctx.stats.minLatencyMs), ctx.stats.avgLatencyMs(),
                  static_cast<long long>(ctx.stats.maxLatencyMs));
    std::string out;
    out += "Zookeeper version: " + engineVersion() + "\n";
    out += latency;
    out += "Received: " + std::to_string(ctx.stats.packetsReceived) + "\n";
    out += "Sent: " + std::to_string(ctx.stats.packetsSent) + "\n";
    out += "Connections: " + std::to_string(ctx.connections) + "\n";
    out += "Outstanding: 0\n";
    out += "Zxid: " + hex(ctx.tree.lastProcessedZxid()) + "\n";
    out += "Mode: standalone\n";
    out += "Node count: " + std::to_string(ctx.tree.nodeCount()) + "\n";
    return out;
}

}  // namespace

std::string engineVersion() { return "3.8.0-zooscope-0.1.0, built on " __DATE__; }

bool isFourLetterWord(std::string_view word) {
    return std::find(kWords.begin(), kWords.end(), word) != kWords.end();
}

std::optional<std::string> runFourLetterWord(std::string_view word, FourLetterContext& ctx) {
    if (!isFourLetterWord(word)) return std::nullopt;
    if (!whitelisted(ctx.config, word)) {
        return std::string(word) + " is not executed because it is not in the whitelist.\n";
    }
    if (word == "ruok") return std::string("imok");
    if (word == "isro") return std::string("rw");
    if (word == "srvr") return serverSummary(ctx);
    if (word == "srst") {
        ctx.stats.reset();
        return std::string("Server stats reset.\n");
    }
    return std::string(word) + " is not supported by this engine yet.\n";
}

}  // namespace zooscope::server
