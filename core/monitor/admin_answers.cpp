// AdminServer answers (ZooKeeper 3.8's JettyAdminServer: one JSON object per
// command, with "command" and "error" members) -> the structs of
// zooscope/server_answers.h.
//
// A body first has to be one JSON object: empty -> Empty, cut short ->
// Truncated, an HTML page (Jetty's error pages) -> Error with its title,
// anything else -> Malformed. A non-null "error" member -> Error (NotServing
// for ZooKeeper's "not currently serving requests"). Then each command's
// members are read with their JSON types; a member the command always has that
// is missing or of the wrong type -> Malformed, naming it.
#include <nlohmann/json.hpp>

#include "monitor/answer_parsing.h"

namespace zooscope::monitor {

using namespace detail;
// ordered_json: Metrics and member lists keep the server's order.
using Json = nlohmann::ordered_json;

namespace {

struct Parsed {
    std::optional<Verdict> verdict;  // set when the body is not usable
    Json json;
};

// "<title>Error 500 java.lang.NullPointerException: ...</title>" with the
// HTML entities Jetty writes decoded.
std::string htmlTitle(std::string_view body) {
    const auto a = body.find("<title>");
    const auto b = a == std::string_view::npos ? a : body.find("</title>", a);
    if (b == std::string_view::npos) return {};
    std::string t(body.substr(a + 7, b - a - 7));
    const std::pair<std::string_view, std::string_view> entities[] = {
        {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&#39;", "'"}, {"&amp;", "&"}};
    for (const auto& [from, to] : entities) {
        for (size_t p = t.find(from); p != std::string::npos; p = t.find(from, p + to.size()))
            t.replace(p, from.size(), to);
    }
    return t;
}

// `command` is the name the parser reads ("stats" also reads server_stats'
// answers); an answer naming another command is not this one.
Parsed parseBody(std::string_view body, std::string_view command, std::string_view alsoCommand = {}) {
    const std::string_view text = trim(body);
    const std::string what = "the AdminServer's " + std::string(command);
    if (text.empty()) return {Verdict{AnswerStatus::Empty, "the AdminServer sent nothing for " + std::string(command)}, {}};
    if (text.front() == '<') {
        const std::string title = htmlTitle(text);
        if (title.empty()) {
            // A page cut before its title ends, or one without a title.
            if (text.find("</html>") == std::string_view::npos)
                return {Verdict{AnswerStatus::Truncated, what + " was cut short (an HTML page)"}, {}};
            return {Verdict{AnswerStatus::Error, "the AdminServer answered " + std::string(command) +
                                                     " with an HTML page instead of JSON"},
                    {}};
        }
        return {Verdict{AnswerStatus::Error, "the AdminServer answered " + std::string(command) +
                                                 " with an error page: " + excerpt(title),
                            excerpt(title)},
                {}};
    }
    Parsed out;
    try {
        // nlohmann 3.11 parses and destroys without recursion: a deeply nested
        // body costs memory in proportion to its size, not stack.
        out.json = Json::parse(text.begin(), text.end());
    } catch (const Json::parse_error& e) {
        // The parser reports the position of the character it could not use;
        // past the last one means the text ended inside the value.
        if (e.byte > text.size())
            return {Verdict{AnswerStatus::Truncated, what + " was cut short"}, {}};
        return {Verdict{AnswerStatus::Malformed,
                        what + " is not JSON (at byte " + std::to_string(e.byte) + "): " + excerpt(text), excerpt(text)},
                {}};
    } catch (const Json::exception&) {
        // Valid JSON nlohmann cannot hold: a number past a double's range
        // (out_of_range 406, thrown although it is not a parse_error).
        return {Verdict{AnswerStatus::Malformed, what + " holds a number out of range: " + excerpt(text), excerpt(text)},
                {}};
    }
    if (!out.json.is_object())
        return {Verdict{AnswerStatus::Malformed, what + " is not a JSON object: " + excerpt(text), excerpt(text)}, {}};
    if (const auto it = out.json.find("error"); it != out.json.end() && !it->is_null()) {
        const std::string said = it->is_string() ? it->get<std::string>() : it->dump();
        // The server's words go into the sentence only as an excerpt: an
        // error member may hold anything (control bytes, a whole page).
        if (said.find("not currently serving") != std::string::npos)
            return {Verdict{AnswerStatus::NotServing,
                            "the server is not serving requests (its AdminServer answered " + excerpt(said) + ")", said},
                    {}};
        return {Verdict{AnswerStatus::Error, "the AdminServer answered " + std::string(command) + " with " + excerpt(said),
                        excerpt(said)},
                {}};
    }
    if (const auto it = out.json.find("command"); it != out.json.end()) {
        const bool mine = it->is_string() && (*it == command || (!alsoCommand.empty() && *it == alsoCommand));
        if (!mine) return {Verdict{AnswerStatus::Malformed, what + " is the answer to " + excerpt(it->dump()), excerpt(it->dump())}, {}};
    }
    return out;
}

// nlohmann keeps non-negative integers unsigned: the ones past int64 do not
// fit a zxid or a session id.
bool fitsInt64(const Json& v) {
    return v.is_number_integer() && !(v.is_number_unsigned() && v.get<uint64_t>() > uint64_t(INT64_MAX));
}

// Typed reads of one object's members. A reader that meets a missing or
// mistyped required member remembers the first such name; the answer is then
// Malformed.
class Fields {
public:
    Fields(const Json& object, std::string_view command) : object_(object), command_(command) {}

    std::optional<int64_t> optInt(const char* key) {
        const Json* v = find(key);
        if (!v || v->is_null()) return std::nullopt;
        if (fitsInt64(*v)) return v->get<int64_t>();
        return bad(key), std::nullopt;
    }
    int64_t integer(const char* key) { return required(key, optInt(key)).value_or(0); }

    std::optional<double> optNumber(const char* key) {
        const Json* v = find(key);
        if (!v || v->is_null()) return std::nullopt;
        if (v->is_number()) return v->get<double>();
        return bad(key), std::nullopt;
    }
    double number(const char* key) { return required(key, optNumber(key)).value_or(0); }

    std::optional<std::string> optText(const char* key) {
        const Json* v = find(key);
        if (!v || v->is_null()) return std::nullopt;
        if (v->is_string()) return v->get<std::string>();
        return bad(key), std::nullopt;
    }
    std::string text(const char* key) { return required(key, optText(key)).value_or(""); }

    std::optional<bool> optFlag(const char* key) {
        const Json* v = find(key);
        if (!v || v->is_null()) return std::nullopt;
        if (v->is_boolean()) return v->get<bool>();
        return bad(key), std::nullopt;
    }
    bool flag(const char* key) { return required(key, optFlag(key)).value_or(false); }

    // A member that must be an object / array; nullptr (and Malformed) if not.
    const Json* object(const char* key) { return kind(key, &Json::is_object); }
    const Json* array(const char* key) { return kind(key, &Json::is_array); }

    // "0x100000000" as zabstate writes zxids.
    std::optional<int64_t> optHex(const char* key) {
        const auto t = optText(key);
        if (!t) return std::nullopt;
        const auto v = parseHex(*t);
        if (!v) bad(key);
        return v;
    }

    bool ok() const { return badKey_.empty(); }
    template <class T>
    Answer<T> result(T value) {
        if (ok()) return Answer<T>{AnswerStatus::Ok, {}, std::move(value)};
        return Answer<T>{AnswerStatus::Malformed,
                         "the AdminServer's " + std::string(command_) + " has no usable \"" + badKey_ + "\"", {}};
    }
    void bad(const std::string& key) {
        if (badKey_.empty()) badKey_ = key;
    }

private:
    const Json* find(const char* key) const {
        const auto it = object_.find(key);
        return it == object_.end() ? nullptr : &*it;
    }
    template <class T>
    std::optional<T> required(const char* key, std::optional<T> v) {
        if (!v) bad(key);
        return v;
    }
    const Json* kind(const char* key, bool (Json::*is)() const noexcept) {
        const Json* v = find(key);
        if (v && ((*v).*is)()) return v;
        bad(key);
        return nullptr;
    }

    const Json& object_;
    std::string_view command_;
    std::string badKey_;
};

// One entry of connections / stats' connection list (ServerCnxn.getConnectionInfo).
bool readConnection(const Json& j, ClientConnection* c) {
    if (!j.is_object()) return false;
    Fields f(j, "connections");
    const std::string address = f.text("remote_socket_address");
    const auto colon = address.rfind(':');
    if (!f.ok() || colon == std::string::npos) return false;
    const auto port = parseDecimal(std::string_view(address).substr(colon + 1));
    if (!port || *port < 0 || *port > 65535) return false;
    std::string host = address.substr(0, colon);
    if (!host.empty() && host.front() == '/') host.erase(0, 1);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    c->address = host;
    c->port = static_cast<uint16_t>(*port);
    c->queued = f.integer("outstanding_requests");
    c->received = f.integer("packets_received");
    c->sent = f.integer("packets_sent");
    c->sessionId = f.optInt("session_id");
    c->lastOperation = f.optText("last_operation");
    c->establishedMs = f.optInt("established");
    c->sessionTimeoutMs = f.optInt("session_timeout");
    c->lastCxid = f.optInt("last_cxid");
    c->lastZxid = f.optInt("last_zxid");
    c->lastResponseMs = f.optInt("last_response_time");
    c->lastLatencyMs = f.optInt("last_latency");
    c->minLatencyMs = f.optInt("min_latency");
    c->avgLatencyMs = f.optInt("avg_latency");
    c->maxLatencyMs = f.optInt("max_latency");
    return f.ok();
}

bool readConnections(const Json* list, std::vector<ClientConnection>* out) {
    if (!list) return false;
    for (const auto& j : *list) {
        ClientConnection c;
        if (!readConnection(j, &c)) return false;
        out->push_back(std::move(c));
    }
    return true;
}

// A JSON scalar as mntr would print it: numbers as written, strings bare.
std::string scalarText(const Json& v) {
    if (v.is_string()) return v.get<std::string>();
    return v.dump();
}

}  // namespace

namespace {

// `body` read as `command`'s answer (or `alsoCommand`'s): the common checks,
// then `read(fields, json, out)` for the command's own members.
template <class T, class Read>
Answer<T> readAnswer(std::string_view body, std::string_view command, Read read, std::string_view alsoCommand = {}) {
    Parsed p = parseBody(body, command, alsoCommand);
    if (p.verdict) return withVerdict<T>(*p.verdict);
    Fields f(p.json, command);
    T out{};
    read(f, p.json, out);
    return f.result(std::move(out));
}

// An object of `key -> array` (watches, watches_by_path), each array's items
// read by `item` (false: not usable).
template <class Entry, class Item>
void readMapOfArrays(Fields& f, const char* key, std::vector<Entry>* out, Item item) {
    const Json* map = f.object(key);
    if (!map) return;
    for (const auto& [k, list] : map->items()) {
        Entry e{};
        if (!list.is_array() || !item(k, list, &e)) return f.bad(key);
        out->push_back(std::move(e));
    }
}

}  // namespace

Answer<Metrics> parseAdminMonitor(std::string_view json) {
    return readAnswer<Metrics>(json, "monitor", [](Fields& f, const Json& j, Metrics& out) {
        for (const auto& [key, value] : j.items()) {
            if (key == "command" || key == "error") continue;
            if (value.is_structured()) return f.bad(key);
            out.push_back(Metric{key, scalarText(value)});
        }
        if (!metric(out, "version")) f.bad("version");
        if (!metric(out, "server_state")) f.bad("server_state");
    });
}

Answer<AdminServerStats> parseAdminStats(std::string_view json) {
    return readAnswer<AdminServerStats>(
        json, "stats",
        [](Fields& top, const Json& j, AdminServerStats& out) {
            out.version = top.text("version");
            out.readOnly = top.flag("read_only");
            out.nodeCount = top.integer("node_count");
            if (const Json* s = top.object("server_stats")) {
                Fields f(*s, "stats");
                out.packetsSent = f.integer("packets_sent");
                out.packetsReceived = f.integer("packets_received");
                out.latency =
                    Latency{double(f.integer("min_latency")), f.number("avg_latency"), double(f.integer("max_latency"))};
                out.outstanding = f.integer("outstanding_requests");
                out.lastProcessedZxid = f.integer("last_processed_zxid");
                out.connections = f.integer("num_alive_client_connections");
                out.uptimeMs = f.integer("uptime");
                out.dataDirSize = f.optInt("data_dir_size");
                out.logDirSize = f.optInt("log_dir_size");
                out.fsyncThresholdExceeded = f.optInt("fsync_threshold_exceed_count");
                out.authFailed = f.optInt("auth_failed_count");
                out.mode = serverModeFromName(f.text("server_state"));
                if (!f.ok() || !out.mode) top.bad("server_stats");
            }
            // stats lists connections; server_stats does not.
            if (j.contains("connections") && !readConnections(top.array("connections"), &out.clients))
                top.bad("connections");
        },
        "server_stats");
}

Answer<LeaderInfo> parseAdminLeader(std::string_view json) {
    return readAnswer<LeaderInfo>(json, "leader", [](Fields& f, const Json&, LeaderInfo& out) {
        out.isLeader = f.flag("is_leader");
        out.leaderId = f.integer("leader_id");
        out.leaderIp = f.text("leader_ip");
    });
}

Answer<ZabState> parseAdminZabState(std::string_view json) {
    return readAnswer<ZabState>(json, "zabstate", [](Fields& f, const Json&, ZabState& out) {
        out.voting = f.flag("voting");
        out.phase = f.text("zabstate");
        out.myid = f.optInt("myid");
        out.isLeader = f.optFlag("is_leader");
        out.lastZxid = f.optHex("last_zxid");
        out.epoch = f.optInt("zab_epoch");
        out.counter = f.optInt("zab_counter");
        out.clientAddress = f.optText("client_address");
    });
}

Answer<std::vector<VotingMember>> parseAdminVotingView(std::string_view json) {
    return readAnswer<std::vector<VotingMember>>(
        json, "voting_view", [](Fields& top, const Json&, std::vector<VotingMember>& out) {
            const Json* config = top.object("current_config");
            if (!config) return;
            for (const auto& [id, member] : config->items()) {
                const auto n = parseDecimal(id);
                if (!n || !member.is_object()) return top.bad("current_config");
                VotingMember m;
                m.id = *n;
                Fields f(member, "voting_view");
                auto strings = [&f](const char* key, std::vector<std::string>* to) {
                    if (const Json* a = f.array(key)) {
                        for (const auto& s : *a) {
                            if (!s.is_string()) return f.bad(key);
                            to->push_back(s.get<std::string>());
                        }
                    }
                };
                strings("server_addresses", &m.serverAddresses);
                strings("election_addresses", &m.electionAddresses);
                m.clientAddress = f.optText("client_address").value_or("");
                m.learnerType = f.text("learner_type");
                if (!f.ok()) return top.bad("current_config");
                out.push_back(std::move(m));
            }
        });
}

Answer<std::vector<ClientConnection>> parseAdminConnections(std::string_view json) {
    return readAnswer<std::vector<ClientConnection>>(
        json, "connections", [](Fields& f, const Json& j, std::vector<ClientConnection>& out) {
            if (!readConnections(f.array("connections"), &out)) f.bad("connections");
            // TLS connections come in their own list; the engine has none.
            if (j.contains("secure_connections") && !readConnections(f.array("secure_connections"), &out))
                f.bad("secure_connections");
        });
}

Answer<WatchSummary> parseAdminWatchSummary(std::string_view json) {
    return readAnswer<WatchSummary>(json, "watch_summary", [](Fields& f, const Json&, WatchSummary& out) {
        out.connections = f.integer("num_connections");
        out.paths = f.integer("num_paths");
        out.watches = f.integer("num_total_watches");
    });
}

Answer<ServerConf> parseAdminConfiguration(std::string_view json) {
    return readAnswer<ServerConf>(json, "configuration", [](Fields& f, const Json& j, ServerConf& out) {
        for (const auto& [key, value] : j.items()) {
            if (key != "command" && key != "error") out.entries.emplace_back(key, scalarText(value));
        }
        out.serverId = f.integer("server_id");
        out.clientPort = f.integer("client_port");
        out.tickTime = f.optInt("tick_time");
        out.maxClientCnxns = f.optInt("max_client_cnxns");
        out.minSessionTimeout = f.optInt("min_session_timeout");
        out.maxSessionTimeout = f.optInt("max_session_timeout");
        out.dataDir = f.optText("data_dir");
        out.dataLogDir = f.optText("data_log_dir");
    });
}

Answer<std::vector<SessionWatches>> parseAdminWatches(std::string_view json) {
    return readAnswer<std::vector<SessionWatches>>(
        json, "watches", [](Fields& f, const Json&, std::vector<SessionWatches>& out) {
            readMapOfArrays(f, "session_id_to_watched_paths", &out,
                            [](const std::string& sid, const Json& paths, SessionWatches* w) {
                                const auto id = parseDecimal(sid);
                                if (!id) return false;
                                w->sessionId = *id;
                                for (const auto& p : paths) {
                                    if (!p.is_string()) return false;
                                    w->paths.push_back(p.get<std::string>());
                                }
                                return true;
                            });
        });
}

Answer<std::vector<PathWatchers>> parseAdminWatchesByPath(std::string_view json) {
    return readAnswer<std::vector<PathWatchers>>(
        json, "watches_by_path", [](Fields& f, const Json&, std::vector<PathWatchers>& out) {
            readMapOfArrays(f, "path_to_session_ids", &out, [](const std::string& path, const Json& sids, PathWatchers* w) {
                w->path = path;
                for (const auto& sid : sids) {
                    if (!fitsInt64(sid)) return false;
                    w->sessionIds.push_back(sid.get<int64_t>());
                }
                return true;
            });
        });
}

}  // namespace zooscope::monitor
