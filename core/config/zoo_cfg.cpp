// zoo.cfg -> ServerConfig, following ZooKeeper 3.8's QuorumPeerConfig.
//
// How each key is treated (a key appearing twice: the last line wins, as in
// java.util.Properties):
//   used      tickTime initLimit syncLimit dataDir dataLogDir clientPort
//             clientPortAddress maxClientCnxns min/maxSessionTimeout server.N
//             4lw.commands.whitelist jute.maxbuffer extendedTypesEnabled
//             DigestAuthenticationProvider.superDigest admin.enableServer
//             admin.serverAddress admin.serverPort admin.commandURL (the
//             last eight also with a `zookeeper.` prefix, their Java
//             system-property name)
//   ignored   valid ZooKeeper keys with no effect here. Those ZooKeeper itself
//             parses strictly (autopurge.*, electionAlg, peerType, the booleans
//             standaloneEnabled, reconfigEnabled, quorumListenOnAllIPs,
//             syncEnabled, localSessions*, multiAddress.*; the integers
//             observerMasterPort, clientPortListenBacklog, ...) are validated
//             the same way; tuning knobs that ZooKeeper reads as system
//             properties (snapCount, preAllocSize, admin.idleTimeout, metricsProvider.*,
//             jvm.pause.*, ...) are not, because ZooKeeper silently falls back
//             to a default on a bad value there too.
//   unsupported  TLS, SASL/Kerberos and X.509 auth, dynamic reconfig files,
//             hierarchical quorums, skipACL: recorded in unsupportedKeys.
//   unknown   everything else: recorded in unknownKeys.
// Deliberate differences from ZooKeeper: dataDir may be empty (in-memory
// engine); clientPort defaults to 2181 instead of "no client port"; booleans
// ZooKeeper reads with Boolean.getBoolean (extendedTypesEnabled) must be
// true/false here instead of silently meaning false; min/maxSessionTimeout 0
// also mean "default"; `zookeeper.`-prefixed forms are accepted for the
// eight keys above although ZooKeeper only honours them as -D options;
// admin.enableServer defaults to false (see zooscope/config.h).
#include "zooscope/config.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <set>
#include <sstream>
#include <string_view>

#include "config/java_properties.h"

namespace zooscope {
namespace {

using config::Property;

std::string inQuotes(const std::string& v) { return "'" + v + "'"; }

std::string trim(std::string_view s) {
    size_t b = 0;
    size_t e = s.size();
    while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
    while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
    return std::string(s.substr(b, e - b));
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool startsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Integer.parseInt/Long.parseLong: optional sign, decimal digits, nothing else.
template <typename T>
bool parseDecimal(std::string_view s, T* out) {
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    if (s.empty() || s[0] == '+') return false;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
    return ec == std::errc() && ptr == s.data() + s.size();
}

// Integer.decode, which Integer.getInteger("jute.maxbuffer") uses: decimal,
// 0x/0X/# hex, a leading 0 for octal, optional sign.
bool parseJavaDecode(std::string_view s, int32_t* out) {
    bool negative = false;
    if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
        negative = s[0] == '-';
        s.remove_prefix(1);
    }
    int base = 10;
    if (startsWith(s, "0x") || startsWith(s, "0X")) {
        base = 16;
        s.remove_prefix(2);
    } else if (startsWith(s, "#")) {
        base = 16;
        s.remove_prefix(1);
    } else if (s.size() > 1 && s[0] == '0') {
        base = 8;
        s.remove_prefix(1);
    }
    if (s.empty() || s[0] == '-' || s[0] == '+') return false;
    int64_t v = 0;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, base);
    if (ec != std::errc() || ptr != s.data() + s.size()) return false;
    if (negative) v = -v;
    if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) return false;
    *out = static_cast<int32_t>(v);
    return true;
}

struct PendingServer {
    int line = 0;
    std::string key;
    std::string value;
};

// Everything the parse learns, including what loadZooCfg needs afterwards.
struct ParseState {
    ServerConfig cfg;
    std::map<std::string, int> lineOf;  // key -> line of its last occurrence
    bool clientPortSet = false;
    bool multiAddressEnabled = false;
    std::map<std::string, PendingServer> serverLines;  // by key; last wins
    std::string error;

    bool fail(const Property& p, const std::string& msg) {
        error = "line " + std::to_string(p.line) + ": " + p.key + ": " + msg;
        return false;
    }
};

void addOnce(std::vector<std::string>* list, const std::string& key) {
    if (std::find(list->begin(), list->end(), key) == list->end()) list->push_back(key);
}

bool intValue(ParseState& st, const Property& p, int32_t* out) {
    if (!parseDecimal(p.value, out)) return st.fail(p, inQuotes(p.value) + " is not an integer");
    return true;
}

bool intAtLeast(ParseState& st, const Property& p, int32_t min, int32_t* out) {
    if (!intValue(st, p, out)) return false;
    if (*out < min) return st.fail(p, inQuotes(p.value) + " must be at least " + std::to_string(min));
    return true;
}

bool boolValue(ParseState& st, const Property& p, bool* out) {
    const std::string v = lower(p.value);
    if (v == "true") *out = true;
    else if (v == "false") *out = false;
    else return st.fail(p, inQuotes(p.value) + " is not a boolean; use true or false");
    return true;
}

bool portValue(ParseState& st, const Property& p, int32_t min, uint16_t* out) {
    int32_t v = 0;
    if (!intValue(st, p, &v)) return false;
    if (v < min || v > 65535)
        return st.fail(p, "port " + inQuotes(p.value) + " is out of range " + std::to_string(min) + "..65535");
    *out = static_cast<uint16_t>(v);
    return true;
}

// A session timeout: -1 is ZooKeeper's documented "unset"; other negatives are errors.
bool timeoutValue(ParseState& st, const Property& p, int32_t* out) {
    if (!intValue(st, p, out)) return false;
    if (*out < -1) return st.fail(p, inQuotes(p.value) + " must not be negative");
    return true;
}

std::string stripBrackets(const std::string& host) {
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') return host.substr(1, host.size() - 2);
    return host;
}

using Handler = std::function<bool(ParseState&, const Property&)>;

bool ignore(ParseState&, const Property&) { return true; }
bool ignoreInt(ParseState& st, const Property& p) { int32_t v; return intValue(st, p, &v); }
bool ignoreBool(ParseState& st, const Property& p) { bool v; return boolValue(st, p, &v); }
bool ignorePort(ParseState& st, const Property& p) { uint16_t v; return portValue(st, p, 0, &v); }
bool unsupported(ParseState& st, const Property& p) {
    addOnce(&st.cfg.unsupportedKeys, p.key);
    return true;
}

// Keys as QuorumPeerConfig.parseProperties() matches them (exact names).
const std::map<std::string, Handler, std::less<>>& exactKeys() {
    static const std::map<std::string, Handler, std::less<>> keys = {
        {"tickTime", [](ParseState& st, const Property& p) {
             if (!intAtLeast(st, p, 1, &st.cfg.tickTime)) return false;
             // 20 * tickTime is the default max session timeout; keep it in int32.
             if (st.cfg.tickTime > std::numeric_limits<int32_t>::max() / 20)
                 return st.fail(p, inQuotes(p.value) + " is too large");
             return true;
         }},
        {"initLimit", [](ParseState& st, const Property& p) { return intAtLeast(st, p, 0, &st.cfg.initLimit); }},
        {"syncLimit", [](ParseState& st, const Property& p) { return intAtLeast(st, p, 0, &st.cfg.syncLimit); }},
        {"dataDir", [](ParseState& st, const Property& p) {
             st.cfg.dataDir = p.value;
             return true;
         }},
        {"dataLogDir", [](ParseState& st, const Property& p) {
             st.cfg.dataLogDir = p.value;
             return true;
         }},
        {"clientPort", [](ParseState& st, const Property& p) {
             st.clientPortSet = true;
             return portValue(st, p, 0, &st.cfg.clientPort);
         }},
        {"clientPortAddress", [](ParseState& st, const Property& p) {
             if (p.value.empty()) return st.fail(p, "empty address");
             st.cfg.clientPortAddress = stripBrackets(p.value);
             return true;
         }},
        {"maxClientCnxns", [](ParseState& st, const Property& p) { return intAtLeast(st, p, 0, &st.cfg.maxClientCnxns); }},
        {"minSessionTimeout", [](ParseState& st, const Property& p) { return timeoutValue(st, p, &st.cfg.minSessionTimeout); }},
        {"maxSessionTimeout", [](ParseState& st, const Property& p) { return timeoutValue(st, p, &st.cfg.maxSessionTimeout); }},

        // Parsed by ZooKeeper with Integer.parseInt / parseBoolean: same checks, no effect.
        {"autopurge.snapRetainCount", [](ParseState& st, const Property& p) {
             return intAtLeast(st, p, 3, &st.cfg.snapRetainCount);
         }},
        {"autopurge.purgeInterval", [](ParseState& st, const Property& p) {
             return intAtLeast(st, p, 0, &st.cfg.purgeIntervalHours);
         }},
        {"standaloneEnabled", ignoreBool},
        {"reconfigEnabled", ignoreBool},
        {"quorumListenOnAllIPs", ignoreBool},
        {"syncEnabled", ignoreBool},
        {"localSessionsEnabled", ignoreBool},
        {"localSessionsUpgradingEnabled", ignoreBool},
        {"observerMasterPort", ignorePort},
        {"clientPortListenBacklog", ignoreInt},
        {"connectToLearnerMasterLimit", ignoreInt},
        {"quorum.cnxn.threads.size", ignoreInt},
        {"multiAddress.enabled", [](ParseState& st, const Property& p) { return boolValue(st, p, &st.multiAddressEnabled); }},
        {"multiAddress.reachabilityCheckEnabled", ignoreBool},
        {"multiAddress.reachabilityCheckTimeoutMs", ignoreInt},
        {"electionAlg", [](ParseState& st, const Property& p) {
             int32_t v = 0;
             if (!intValue(st, p, &v)) return false;
             if (v != 3) return st.fail(p, inQuotes(p.value) + " is not supported; only 3 (fast leader election) is");
             return true;
         }},
        {"peerType", [](ParseState& st, const Property& p) {
             const std::string v = lower(p.value);
             if (v != "observer" && v != "participant")
                 return st.fail(p, inQuotes(p.value) + " is neither observer nor participant");
             return true;
         }},
        {"oraclePath", ignore},
        {"version", ignore},  // dynamic-config version stamp

        // Features this build does not have.
        {"secureClientPort", unsupported},
        {"secureClientPortAddress", unsupported},
        {"sslQuorum", unsupported},
        {"sslQuorumReloadCertFiles", unsupported},
        {"portUnification", unsupported},
        {"dynamicConfigFile", unsupported},
    };
    return keys;
}

// Keys ZooKeeper copies to Java system properties as "zookeeper.<key>". They
// are also accepted here under that full name.
const std::map<std::string, Handler, std::less<>>& systemPropertyKeys() {
    static const std::map<std::string, Handler, std::less<>> keys = {
        {"4lw.commands.whitelist", [](ParseState& st, const Property& p) {
             // FourLetterCommands.isEnabled(): comma list, trimmed, "*" = all;
             // "srvr" is always on because zkServer.sh status depends on it.
             std::vector<std::string> list;
             std::stringstream in(p.value);
             std::string item;
             bool all = false;
             while (std::getline(in, item, ',')) {
                 item = trim(item);
                 if (item == "*") all = true;
                 else if (!item.empty()) addOnce(&list, item);
             }
             if (all) list = {"*"};
             else addOnce(&list, "srvr");
             st.cfg.fourLetterWhitelist = std::move(list);
             return true;
         }},
        {"jute.maxbuffer", [](ParseState& st, const Property& p) {
             int32_t v = 0;
             if (!parseJavaDecode(p.value, &v)) return st.fail(p, inQuotes(p.value) + " is not an integer (decimal or 0x hex)");
             if (v <= 0) return st.fail(p, inQuotes(p.value) + " must be positive");
             st.cfg.juteMaxBuffer = v;
             return true;
         }},
        {"extendedTypesEnabled", [](ParseState& st, const Property& p) { return boolValue(st, p, &st.cfg.extendedTypesEnabled); }},
        {"znode.container.checkIntervalMs", [](ParseState& st, const Property& p) {
             return intAtLeast(st, p, 1, &st.cfg.containerCheckIntervalMs);
         }},
        {"znode.container.maxNeverUsedIntervalMs", [](ParseState& st, const Property& p) {
             return intAtLeast(st, p, 0, &st.cfg.containerMaxNeverUsedIntervalMs);
         }},
        {"DigestAuthenticationProvider.superDigest", [](ParseState& st, const Property& p) {
             const auto colon = p.value.find(':');
             if (colon == std::string::npos || colon == 0 || colon + 1 == p.value.size())
                 return st.fail(p, "expected user:base64digest, e.g. super:<base64 of sha1(\"super:password\")>");
             st.cfg.superDigest = p.value;
             return true;
         }},

        // The AdminServer (JettyAdminServer's system properties).
        {"admin.enableServer", [](ParseState& st, const Property& p) { return boolValue(st, p, &st.cfg.adminEnableServer); }},
        {"admin.serverAddress", [](ParseState& st, const Property& p) {
             if (p.value.empty()) return st.fail(p, "empty address");
             st.cfg.adminServerAddress = stripBrackets(p.value);
             return true;
         }},
        {"admin.serverPort", [](ParseState& st, const Property& p) { return portValue(st, p, 0, &st.cfg.adminServerPort); }},
        {"admin.commandURL", [](ParseState& st, const Property& p) {
             if (p.value.empty() || p.value.front() != '/') return st.fail(p, inQuotes(p.value) + " must start with /");
             st.cfg.adminCommandUrl = p.value;
             return true;
         }},
        {"admin.idleTimeout", ignoreInt},
        {"admin.portUnification", unsupported},
        {"admin.forceHttps", unsupported},
        {"admin.needClientAuth", unsupported},

        // Tuning knobs read with Integer.getInteger & co.: no effect here.
        {"preAllocSize", [](ParseState& st, const Property& p) {
             return intAtLeast(st, p, 0, &st.cfg.preAllocSizeKb);
         }},
        {"snapCount", [](ParseState& st, const Property& p) { return intAtLeast(st, p, 2, &st.cfg.snapCount); }},
        {"snapSizeLimitInKb", ignore},
        {"txnLogSizeLimitInKb", ignore},
        {"commitLogCount", ignore},
        {"globalOutstandingLimit", ignore},
        {"forceSync", ignore},
        {"fsync.warningthresholdms", ignore},
        {"maxCnxns", ignore},
        {"cnxTimeout", ignore},
        {"electionPortBindRetry", ignore},
        {"tcpKeepAlive", ignore},
        {"serverCnxnFactory", ignore},
        {"flushDelay", ignore},
        {"maxWriteQueuePollTime", ignore},
        {"maxBatchSize", ignore},
        {"requestThrottleLimit", ignore},
        {"requestThrottleStallTime", ignore},
        {"requestThrottleDropStale", ignore},
        {"throttledOpWaitTime", ignore},
        {"largeRequestMaxBytes", ignore},
        {"largeRequestThreshold", ignore},
        {"readonlymode.enabled", ignore},
        {"audit.enable", ignore},
        {"digest.enabled", ignore},
        {"snapshot.trust.empty", ignore},
        {"watchManagerName", ignore},
        {"outstandingHandshake.limit", ignore},
        {"maxResponseCacheSize", ignore},
        {"maxGetChildrenResponseCacheSize", ignore},
        {"closeSessionTxn.enabled", ignore},

        // Security features this build does not have.
        {"skipACL", unsupported},
        {"sessionRequireClientSASLAuth", unsupported},
        {"enforce.auth.enabled", unsupported},
        {"enforce.auth.schemes", unsupported},
        {"requireClientAuthScheme", unsupported},
        {"X509AuthenticationProvider.superUser", unsupported},
        {"client.secure", unsupported},
        {"client.portUnification", unsupported},
    };
    return keys;
}

// Prefix families, checked after the exact names.
bool handlePrefixed(ParseState& st, const Property& p, std::string_view key, bool* handled) {
    *handled = true;
    static constexpr std::string_view kIgnoredPrefixes[] = {
        "metricsProvider.", "admin.", "jvm.pause.", "connection_throttle_", "learner.", "leader.",
        "fastleader.", "nio.", "netty.", "znode.container.", "snapshot.", "serializeLastProcessedZxid.",
    };
    static constexpr std::string_view kUnsupportedPrefixes[] = {
        "ssl.", "quorum.auth.", "kerberos.", "group.", "weight.",
    };
    for (auto prefix : kIgnoredPrefixes)
        if (startsWith(key, prefix)) return true;
    for (auto prefix : kUnsupportedPrefixes)
        if (startsWith(key, prefix)) return unsupported(st, p);
    if (startsWith(key, "authProvider.")) {
        // Digest auth is built in; any other provider (SASL, X.509, custom) is not.
        if (p.value == "org.apache.zookeeper.server.auth.DigestAuthenticationProvider") return true;
        return unsupported(st, p);
    }
    *handled = false;
    return true;
}

bool parseServerKeyId(const std::string& key, int64_t* id) {
    return parseDecimal(std::string_view(key).substr(7), id) && *id >= 0;
}

// ConfigUtils.getHostAndPort: "[v6]:a:b" or "host:a:b", split on ':'.
bool splitHostAndPorts(const std::string& s, std::vector<std::string>* parts, std::string* why) {
    parts->clear();
    std::string rest = s;
    if (!s.empty() && s[0] == '[') {
        const auto close = s.find(']');
        if (close == std::string::npos) {
            *why = inQuotes(s) + " starts with '[' but has no matching ']'";
            return false;
        }
        if (close + 1 >= s.size() || s[close + 1] != ':') {
            *why = inQuotes(s) + " has no port after the ']'";
            return false;
        }
        parts->push_back(s.substr(1, close - 1));
        rest = s.substr(close + 2);
    } else {
        const auto colon = s.find(':');
        parts->push_back(trim(s.substr(0, colon)));
        rest = colon == std::string::npos ? std::string() : s.substr(colon + 1);
        if (colon == std::string::npos) return true;
    }
    std::stringstream in(rest);
    std::string item;
    while (std::getline(in, item, ':')) parts->push_back(trim(item));
    if (!rest.empty() && rest.back() == ':') parts->push_back("");
    return true;
}

bool serverPort(ParseState& st, const Property& p, const std::string& text, const char* what, uint16_t* out) {
    int32_t v = 0;
    if (!parseDecimal(text, &v)) return st.fail(p, std::string(what) + " " + inQuotes(text) + " is not a number");
    if (v < 1 || v > 65535) return st.fail(p, std::string(what) + " " + inQuotes(text) + " is out of range 1..65535");
    *out = static_cast<uint16_t>(v);
    return true;
}

// server.N=host:quorumPort:electionPort[:participant|:observer][;[clientAddr:]clientPort]
bool parseServer(ParseState& st, const PendingServer& ps, PeerSpec* peer) {
    const Property p{ps.key, ps.value, ps.line};
    static const std::string kForm =
        "expected host:quorumPort:electionPort[:participant|:observer][;[clientAddress:]clientPort]";
    if (!parseServerKeyId(ps.key, &peer->id))
        return st.fail(p, "server id " + inQuotes(ps.key.substr(7)) + " is not a non-negative integer");

    const auto semi = ps.value.find(';');
    const std::string serverPart = trim(ps.value.substr(0, semi));
    if (semi != std::string::npos) {
        const std::string clientPart = trim(ps.value.substr(semi + 1));
        if (clientPart.find(';') != std::string::npos) return st.fail(p, "more than one ';' in " + inQuotes(ps.value));
        std::vector<std::string> cp;
        std::string why;
        if (clientPart.empty()) return st.fail(p, "empty client part after ';'; " + kForm);
        if (!splitHostAndPorts(clientPart, &cp, &why)) return st.fail(p, why);
        if (cp.size() > 2) return st.fail(p, "client part " + inQuotes(clientPart) + " is not [address:]port");
        uint16_t port = 0;
        if (!serverPort(st, p, cp.back(), "client port", &port)) return false;
        peer->clientPort = port;
        if (cp.size() == 2) {
            if (cp[0].empty()) return st.fail(p, "empty client address in " + inQuotes(clientPart));
            peer->clientAddress = cp[0];
        }
    }

    std::string first = serverPart;
    const auto pipe = serverPart.find('|');
    if (pipe != std::string::npos) {
        // Several addresses per server (ZOOKEEPER-3188): ZooKeeper refuses them
        // unless multiAddress.enabled; we then use the first one only.
        if (!st.multiAddressEnabled)
            return st.fail(p, "several addresses given but multiAddress.enabled is not true");
        addOnce(&st.cfg.unsupportedKeys, "multiAddress.enabled");
        first = trim(serverPart.substr(0, pipe));
    }
    std::vector<std::string> parts;
    std::string why;
    if (!splitHostAndPorts(first, &parts, &why)) return st.fail(p, why);
    if (parts.size() < 3 || parts.size() > 4) return st.fail(p, inQuotes(ps.value) + ": " + kForm);
    peer->host = parts[0];
    if (peer->host.empty()) return st.fail(p, "empty host in " + inQuotes(ps.value));
    if (!serverPort(st, p, parts[1], "quorum port", &peer->quorumPort)) return false;
    if (!serverPort(st, p, parts[2], "election port", &peer->electionPort)) return false;
    if (peer->quorumPort == peer->electionPort)
        return st.fail(p, "quorum and election ports must differ (both " + parts[1] + ")");
    if (parts.size() == 4) {
        const std::string type = lower(parts[3]);
        if (type == "observer") peer->observer = true;
        else if (type != "participant")
            return st.fail(p, "peer type " + inQuotes(parts[3]) + " is neither participant nor observer");
    }
    return true;
}

bool finish(ParseState& st) {
    ServerConfig& cfg = st.cfg;
    auto where = [&](const char* key) {
        const auto it = st.lineOf.find(key);
        if (it != st.lineOf.end()) return "line " + std::to_string(it->second);
        const std::string_view k = key;
        if (k == "minSessionTimeout") return std::string("default 2 * tickTime");
        if (k == "maxSessionTimeout") return std::string("default 20 * tickTime");
        return std::string("default");
    };
    if (cfg.effectiveMinSessionTimeout() > cfg.effectiveMaxSessionTimeout()) {
        st.error = "minSessionTimeout (" + where("minSessionTimeout") + ") = " +
                   std::to_string(cfg.effectiveMinSessionTimeout()) + " is larger than maxSessionTimeout (" +
                   where("maxSessionTimeout") + ") = " + std::to_string(cfg.effectiveMaxSessionTimeout());
        return false;
    }

    // In file order, so a clash is reported on the later line.
    std::vector<const PendingServer*> lines;
    for (const auto& entry : st.serverLines) lines.push_back(&entry.second);
    std::sort(lines.begin(), lines.end(), [](auto* a, auto* b) { return a->line < b->line; });
    std::map<int64_t, std::pair<PeerSpec, int>> byId;  // id -> peer, line
    for (const PendingServer* line : lines) {
        const PendingServer& ps = *line;
        const std::string& key = ps.key;
        PeerSpec peer;
        if (!parseServer(st, ps, &peer)) return false;
        const auto [it, inserted] = byId.emplace(peer.id, std::make_pair(peer, ps.line));
        if (!inserted) {
            st.error = "line " + std::to_string(ps.line) + ": " + key + ": server id " + std::to_string(peer.id) +
                       " is already defined on line " + std::to_string(it->second.second);
            return false;
        }
    }
    size_t participants = 0;
    for (auto& [id, entry] : byId) {
        if (!entry.first.observer) ++participants;
        cfg.servers.push_back(std::move(entry.first));
    }
    if (!cfg.servers.empty() && participants == 0) {
        st.error = "line " + std::to_string(lines.front()->line) + ": " + lines.front()->key +
                   ": every server.N is an observer; an ensemble needs participants";
        return false;
    }
    // QuorumPeerConfig.checkValidity(): an ensemble needs both limits.
    if (participants > 1) {
        if (cfg.initLimit == 0) {
            st.error = "initLimit (" + where("initLimit") + ") must be positive in an ensemble";
            return false;
        }
        if (cfg.syncLimit == 0) {
            st.error = "syncLimit (" + where("syncLimit") + ") must be positive in an ensemble";
            return false;
        }
    }
    return true;
}

bool parseInto(const std::string& text, ParseState& st) {
    std::vector<Property> props;
    if (!config::readJavaProperties(text, &props, &st.error)) return false;
    constexpr std::string_view kSysPrefix = "zookeeper.";
    for (const Property& p : props) {
        if (p.key.empty()) {
            st.error = "line " + std::to_string(p.line) + ": entry has no key";
            return false;
        }
        st.lineOf[p.key] = p.line;
        if (startsWith(p.key, "server.")) {
            st.serverLines[p.key] = PendingServer{p.line, p.key, p.value};
            continue;
        }
        if (const auto it = exactKeys().find(p.key); it != exactKeys().end()) {
            if (!it->second(st, p)) return false;
            continue;
        }
        std::string_view bare = p.key;
        if (startsWith(bare, kSysPrefix)) bare.remove_prefix(kSysPrefix.size());
        if (const auto it = systemPropertyKeys().find(bare); it != systemPropertyKeys().end()) {
            if (!it->second(st, p)) return false;
            continue;
        }
        bool handled = false;
        if (!handlePrefixed(st, p, bare, &handled)) return false;
        if (!handled) addOnce(&st.cfg.unknownKeys, p.key);
    }
    return finish(st);
}

void setError(std::string* error, std::string msg) {
    if (error) *error = std::move(msg);
}

}  // namespace

std::optional<ServerConfig> parseZooCfg(const std::string& text, std::string* error) {
    ParseState st;
    if (!parseInto(text, st)) {
        setError(error, st.error);
        return std::nullopt;
    }
    return std::move(st.cfg);
}

std::optional<ServerConfig> loadZooCfg(const std::string& path, std::string* error) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec && ec != std::errc::no_such_file_or_directory) {
        setError(error, path + ": cannot access: " + ec.message());
        return std::nullopt;
    }
    if (!fs::exists(status)) {
        setError(error, path + ": configuration file does not exist");
        return std::nullopt;
    }
    if (fs::is_directory(status)) {
        setError(error, path + ": is a directory, not a configuration file");
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        setError(error, path + ": cannot open: " + std::strerror(errno));
        return std::nullopt;
    }
    std::stringstream buf;
    buf << in.rdbuf();
    if (in.bad()) {
        setError(error, path + ": read error");
        return std::nullopt;
    }

    ParseState st;
    if (!parseInto(buf.str(), st)) {
        setError(error, path + ": " + st.error);
        return std::nullopt;
    }
    ServerConfig& cfg = st.cfg;

    // ZooKeeper opens dataDir with new File(value): relative to the working
    // directory of the process, not to the config file. Pin that down now.
    for (std::string* dir : {&cfg.dataDir, &cfg.dataLogDir}) {
        if (dir->empty() || fs::path(*dir).is_absolute()) continue;
        const fs::path abs = fs::absolute(*dir, ec);
        if (ec) {
            setError(error, path + ": cannot resolve " + inQuotes(*dir) + ": " + ec.message());
            return std::nullopt;
        }
        *dir = abs.lexically_normal().string();
    }

    // QuorumPeerConfig.setupMyId(): optional; first line, a number.
    bool haveMyid = false;
    if (!cfg.dataDir.empty()) {
        const fs::path myidPath = fs::path(cfg.dataDir) / "myid";
        if (fs::is_regular_file(myidPath, ec)) {
            std::ifstream myidIn(myidPath, std::ios::binary);
            std::string line;
            if (!myidIn || (!std::getline(myidIn, line) && !myidIn.eof())) {
                setError(error, myidPath.string() + ": cannot read: " + std::strerror(errno));
                return std::nullopt;
            }
            const std::string id = trim(line);
            if (!parseDecimal(id, &cfg.myid) || cfg.myid < 0) {
                setError(error, myidPath.string() + ": myid " + inQuotes(id) + " is not a non-negative integer");
                return std::nullopt;
            }
            haveMyid = true;
        }
    }
    if (haveMyid && cfg.extendedTypesEnabled && cfg.myid > 254) {
        // TTL node ids embed the server id in one byte (EphemeralType.validateServerId).
        setError(error, path + ": extendedTypesEnabled requires myid <= 254, got " + std::to_string(cfg.myid));
        return std::nullopt;
    }

    // QuorumPeerConfig.setupClientPort(): this server's line may carry the client address.
    if (haveMyid) {
        const auto me = std::find_if(cfg.servers.begin(), cfg.servers.end(),
                                     [&](const PeerSpec& p) { return p.id == cfg.myid; });
        if (me != cfg.servers.end() && me->clientPort) {
            if (st.clientPortSet && cfg.clientPort != *me->clientPort) {
                setError(error, path + ": clientPort " + std::to_string(cfg.clientPort) + " differs from the client port " +
                                    std::to_string(*me->clientPort) + " in server." + std::to_string(cfg.myid));
                return std::nullopt;
            }
            cfg.clientPort = *me->clientPort;
            if (me->clientAddress) cfg.clientPortAddress = stripBrackets(*me->clientAddress);
        }
    }
    return std::move(cfg);
}

}  // namespace zooscope
