#include "server/admin_commands.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace zooscope::server {

namespace {

// Members in the order ZooKeeper writes them.
using Json = nlohmann::ordered_json;

constexpr std::string_view kNotServing = "This ZooKeeper instance is not currently serving requests";

// mntr's text values as the JSON types ZooKeeper's monitor gives them: longs,
// doubles ("0.0", "1.0E-4"), else strings.
Json typed(const std::string& v) {
    int64_t i = 0;
    if (auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), i); ec == std::errc() && end == v.data() + v.size())
        return i;
    double d = 0;
    if (v.find_first_of(".E") != std::string::npos) {
        if (auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
            ec == std::errc() && end == v.data() + v.size() && std::isfinite(d))
            return d;
    }
    return v;
}

std::string conf(const AdminFigures& f, std::string_view key) {
    for (const auto& [k, v] : f.conf) {
        if (k == key) return v;
    }
    return {};
}

Json confNumber(const AdminFigures& f, std::string_view key) { return typed(conf(f, key)); }

std::string monitorValue(const AdminFigures& f, std::string_view key) {
    for (const auto& [k, v] : f.monitor) {
        if (k == key) return v;
    }
    return {};
}

Json bufferStats(const AdminFigures& f) {
    return Json{{"last_buffer_size", f.lastResponseSize},
                {"min_buffer_size", f.minResponseSize},
                {"max_buffer_size", f.maxResponseSize}};
}

// ZooKeeperServer's ServerStats as the AdminServer writes it.
Json serverStats(const AdminFigures& f) {
    return Json{
        {"packets_sent", f.packetsSent},
        {"packets_received", f.packetsReceived},
        {"fsync_threshold_exceed_count", 0},
        {"client_response_stats", bufferStats(f)},
        {"data_dir_size", confNumber(f, "dataDirSize")},
        {"log_dir_size", confNumber(f, "dataLogSize")},
        {"provider_null", false},
        {"server_state", f.mode},
        {"last_processed_zxid", f.lastProcessedZxid},
        {"outstanding_requests", 0},
        {"avg_latency", f.avgLatencyMs},
        {"max_latency", f.maxLatencyMs},
        {"min_latency", f.minLatencyMs},
        {"num_alive_client_connections", f.connections.size()},
        {"uptime", f.uptimeMs},
        {"auth_failed_count", f.authFailed},
        {"non_mtlsremote_conn_count", 0},
        {"non_mtlslocal_conn_count", 0},
    };
}

// ServerCnxn.getConnectionInfo: brief (stats) or with the session's figures.
Json connection(const AdminConnection& c, bool brief) {
    Json j{
        {"remote_socket_address", c.address + ":" + std::to_string(c.port)},
        {"interest_ops", c.idle ? 1 : 0},
        {"outstanding_requests", 0},
        {"packets_received", c.packetsReceived},
        {"packets_sent", c.packetsSent},
    };
    if (brief || c.sessionId == 0) return j;
    j["session_id"] = c.sessionId;
    j["last_operation"] = c.lastOperation;
    j["established"] = c.establishedWallMs;
    j["session_timeout"] = c.sessionTimeoutMs;
    j["last_cxid"] = c.lastCxid;
    j["last_zxid"] = c.lastZxid;
    j["last_response_time"] = c.lastResponseMs;
    j["last_latency"] = c.lastLatencyMs;
    j["min_latency"] = c.minLatencyMs;
    j["avg_latency"] = c.avgLatencyMs;
    j["max_latency"] = c.maxLatencyMs;
    return j;
}

Json connections(const AdminFigures& f, bool brief) {
    Json list = Json::array();
    for (const auto& c : f.connections) list.push_back(connection(c, brief));
    return list;
}

std::string hostPort(const std::string& host, uint16_t port) {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// MultipleAddresses as Jackson writes it (one address per member here).
Json multipleAddresses(const std::string& host, uint16_t port) {
    const std::string a = hostPort(host, port);
    return Json{
        {"empty", false},
        {"all_addresses", Json::array({a})},
        {"all_reachable_addresses", Json::array({a})},
        {"one", a},
        {"reachable_address", a},
        {"wildcard_addresses", Json::array({"0.0.0.0:" + std::to_string(port)})},
        {"all_ports", Json::array({port})},
        {"all_host_strings", Json::array({host})},
        {"all_reachable_addresses_or_all", Json::array({a})},
        {"reachable_or_one", a},
    };
}

std::string clientAddress(const PeerSpec& p) {
    return p.clientPort ? hostPort(p.clientAddress.value_or("0.0.0.0"), *p.clientPort) : std::string();
}

const PeerSpec* member(const AdminQuorumFigures& q, int64_t id) {
    for (const auto& p : q.members) {
        if (p.id == id) return &p;
    }
    return nullptr;
}

// "0x" and lowercase hex, as the AdminServer writes a zxid.
std::string hexZxid(int64_t v) {
    char buf[24];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, uint64_t(v), 16);
    (void)ec;
    return "0x" + std::string(buf, end);
}

Json commandJson(const AdminCommand& cmd, const AdminFigures& f) {
    const std::string_view name = cmd.name;
    Json j = Json::object();
    if (name == "monitor") {
        j["version"] = f.version;
        j["server_state"] = f.mode;
        for (const auto& [k, v] : f.monitor) {
            if (k != "version" && k != "server_state") j[k] = typed(v);
        }
    } else if (name == "stats" || name == "server_stats") {
        j["version"] = f.version;
        j["read_only"] = false;
        j["server_stats"] = serverStats(f);
        j["client_response"] = bufferStats(f);
        if (f.mode == "leader") {  // the leader's proposal sizes (BufferStats)
            j["proposal_stats"] = Json{{"last_buffer_size", typed(monitorValue(f, "last_proposal_size"))},
                                       {"min_buffer_size", typed(monitorValue(f, "min_proposal_size"))},
                                       {"max_buffer_size", typed(monitorValue(f, "max_proposal_size"))}};
        }
        j["node_count"] = f.nodeCount;
        if (name == "stats") {
            j["connections"] = connections(f, true);
            j["secure_connections"] = Json::array();
        }
    } else if (name == "leader") {
        if (!f.quorum) return Json{{"error", "server is not initialized"}, {"command", name}};
        const PeerSpec* leader = member(*f.quorum, f.quorum->leaderId);
        j["is_leader"] = f.quorum->isLeader;
        j["leader_id"] = f.quorum->leaderId;
        j["leader_ip"] = leader ? leader->host : std::string();
    } else if (name == "zabstate") {
        // Without a serving quorum member: what ZooKeeper says with no server.
        if (!f.quorum || f.mode.empty()) {
            j["voting"] = false;
            j["zabstate"] = "";
        } else {
            const AdminQuorumFigures& q = *f.quorum;
            const PeerSpec* self = member(q, q.myid);
            j["myid"] = q.myid;
            j["is_leader"] = q.isLeader;
            if (self) {
                j["quorum_address"] = multipleAddresses(self->host, self->quorumPort);
                j["election_address"] = multipleAddresses(self->host, self->electionPort);
                j["client_address"] = clientAddress(*self);
            }
            j["voting"] = q.voting;
            j["last_zxid"] = hexZxid(f.lastProcessedZxid);
            j["zab_epoch"] = int64_t(uint64_t(f.lastProcessedZxid) >> 32);
            j["zab_counter"] = f.lastProcessedZxid & 0xffffffff;
            j["zabstate"] = q.zabPhase;
        }
    } else if (name == "voting_view") {
        Json members = Json::object();
        if (f.quorum) {
            std::vector<const PeerSpec*> voters;
            for (const auto& p : f.quorum->members) {
                if (!p.observer) voters.push_back(&p);
            }
            std::sort(voters.begin(), voters.end(), [](const PeerSpec* a, const PeerSpec* b) { return a->id < b->id; });
            for (const PeerSpec* p : voters) {
                members[std::to_string(p->id)] = Json{
                    {"server_addresses", Json::array({hostPort(p->host, p->quorumPort)})},
                    {"election_addresses", Json::array({hostPort(p->host, p->electionPort)})},
                    {"client_address", clientAddress(*p)},
                    {"learner_type", "participant"},
                };
            }
        }
        j["current_config"] = members;
    } else if (name == "connections") {
        j["connections"] = connections(f, false);
        j["secure_connections"] = Json::array();
    } else if (name == "watch_summary") {
        j["num_connections"] = f.watchingConnections;
        j["num_paths"] = f.watchedPaths;
        j["num_total_watches"] = f.watches;
    } else if (name == "configuration") {
        j["client_port"] = confNumber(f, "clientPort");
        j["data_dir"] = conf(f, "dataDir");
        j["data_log_dir"] = conf(f, "dataLogDir");
        j["tick_time"] = confNumber(f, "tickTime");
        j["max_client_cnxns"] = confNumber(f, "maxClientCnxns");
        j["min_session_timeout"] = confNumber(f, "minSessionTimeout");
        j["max_session_timeout"] = confNumber(f, "maxSessionTimeout");
        j["server_id"] = confNumber(f, "serverId");
        j["client_port_listen_backlog"] = confNumber(f, "clientPortListenBacklog");
    } else if (name == "watches") {
        Json map = Json::object();
        for (const auto& [sid, paths] : f.watchesBySession) map[std::to_string(sid)] = paths;
        j["session_id_to_watched_paths"] = map;
    } else if (name == "watches_by_path") {
        Json map = Json::object();
        for (const auto& [path, sids] : f.watchesByPath) map[path] = sids;
        j["path_to_session_ids"] = map;
    } else if (name == "dirs") {
        j["datadir_size"] = confNumber(f, "dataDirSize");
        j["logdir_size"] = confNumber(f, "dataLogSize");
    } else if (name == "is_read_only") {
        j["read_only"] = false;
    }
    j["command"] = name;
    j["error"] = nullptr;
    return j;
}

// Jackson's pretty printer indents by two; nlohmann writes `"key": value`
// where Jackson writes `"key" : value`, which no JSON reader minds. Strings
// that are not UTF-8 (znode paths are bytes in the engine) get U+FFFD.
std::string dump(const Json& j) { return j.dump(2, ' ', false, Json::error_handler_t::replace); }

}  // namespace

const std::vector<AdminCommand>& adminCommands() {
    static const std::vector<AdminCommand> commands = {
        {"configuration", {"conf", "config"}, AdminDetail::Summary, true},
        {"connections", {"cons"}, AdminDetail::Summary, true},
        {"dirs", {}, AdminDetail::Summary, true},
        {"is_read_only", {"isro"}, AdminDetail::Summary, true},
        {"leader", {"lead"}, AdminDetail::Summary, true},
        {"monitor", {"mntr"}, AdminDetail::Summary, true},
        {"ruok", {}, AdminDetail::Summary, false},
        {"server_stats", {"srvr"}, AdminDetail::Summary, true},
        {"stats", {"stat"}, AdminDetail::Summary, true},
        {"voting_view", {}, AdminDetail::Summary, true},
        {"watch_summary", {"wchs"}, AdminDetail::Summary, true},
        {"watches", {"wchc"}, AdminDetail::WatchesBySession, true},
        {"watches_by_path", {"wchp"}, AdminDetail::WatchesByPath, true},
        {"zabstate", {}, AdminDetail::Summary, false},
    };
    return commands;
}

const AdminCommand* findAdminCommand(std::string_view name) {
    for (const auto& c : adminCommands()) {
        if (c.name == name || std::find(c.aliases.begin(), c.aliases.end(), name) != c.aliases.end()) return &c;
    }
    return nullptr;
}

std::string adminAnswer(const AdminCommand& command, const AdminFigures& figures) {
    if (command.needsServing && figures.mode.empty()) return adminError(command.name, kNotServing);
    return dump(commandJson(command, figures));
}

std::string adminUnknownCommand(std::string_view name) {
    return dump(Json{{"command", name}, {"error", "Unknown command: " + std::string(name)}});
}

std::string adminError(std::string_view command, std::string_view error) {
    return dump(Json{{"command", command}, {"error", error}});
}

}  // namespace zooscope::server
