// Four-letter-word answers (ZooKeeper 3.8's StatCommand, MonitorCommand,
// ConsCommand, WatchCommand, ConfCommand output) -> the structs of
// zooscope/server_answers.h.
//
// Each parser reads the answer line by line: the complete lines must each
// belong to the format (else Malformed, naming the line), a last line without
// its newline must be the start of one (then Truncated, keeping what the
// complete lines said), and the lines the format always has must be there
// (else Truncated). Keys a later ZooKeeper may add ("Key: value" in srvr,
// "key=value" in conf) are accepted and skipped.
#include <algorithm>
#include <charconv>
#include <initializer_list>

#include "monitor/answer_parsing.h"

namespace zooscope::monitor {

using namespace detail;

namespace {

// A partial last line `tail` that could be the start of a line beginning with
// one of `starts` (or that begins with one of them).
template <class Starts>
bool couldStartWithAny(std::string_view tail, const Starts& starts) {
    for (std::string_view s : starts) {
        if (s.substr(0, tail.size()) == tail || tail.substr(0, s.size()) == s) return true;
    }
    return false;
}
bool couldStartWith(std::string_view tail, std::initializer_list<std::string_view> starts) {
    return couldStartWithAny(tail, starts);
}

// "<key>: <value>" (srvr/stat) split at the first ": ".
bool splitKeyValue(std::string_view line, std::string_view sep, std::string_view* key, std::string_view* value) {
    const auto p = line.find(sep);
    if (p == std::string_view::npos || p == 0) return false;
    *key = line.substr(0, p);
    *value = line.substr(p + sep.size());
    return true;
}

// "min/avg/max" with long min/max and a double average.
bool parseLatency(std::string_view v, Latency* out) {
    const auto a = v.find('/');
    const auto b = a == std::string_view::npos ? a : v.find('/', a + 1);
    if (b == std::string_view::npos) return false;
    const auto mn = parseDecimal(v.substr(0, a));
    const auto avg = parseDouble(v.substr(a + 1, b - a - 1));
    const auto mx = parseDecimal(v.substr(b + 1));
    if (!mn || !avg || !mx) return false;
    *out = Latency{double(*mn), *avg, double(*mx)};
    return true;
}

// "/127.0.0.1:54321" or "host/127.0.0.1:54321" (InetSocketAddress.toString);
// also the AdminServer's "127.0.0.1:54321". IPv6 literals have colons of
// their own: the port follows the last one.
bool parseSocketAddress(std::string_view s, std::string* address, uint16_t* port) {
    if (const auto slash = s.find('/'); slash != std::string_view::npos) s.remove_prefix(slash + 1);
    const auto colon = s.rfind(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    const auto p = parseDecimal(s.substr(colon + 1));
    if (!p || *p < 0 || *p > 65535) return false;
    std::string_view host = s.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    *address = std::string(host);
    *port = static_cast<uint16_t>(*p);
    return true;
}

// ServerCnxn.dumpConnectionInfo:
// " /127.0.0.1:47394[1](queued=0,recved=9,sent=9[,sid=0x..,lop=EXIS,...])".
bool parseConnectionLine(std::string_view line, ClientConnection* c) {
    if (line.size() < 2 || line[0] != ' ' || line.back() != ')') return false;
    const auto bracket = line.find('[');
    const auto paren = line.find("](");
    if (bracket == std::string_view::npos || paren == std::string_view::npos || paren < bracket) return false;
    if (!parseSocketAddress(line.substr(1, bracket - 1), &c->address, &c->port)) return false;
    if (!parseDecimal(line.substr(bracket + 1, paren - bracket - 1))) return false;  // interest ops
    std::string_view fields = line.substr(paren + 2, line.size() - paren - 3);
    bool queued = false, recved = false, sent = false;
    while (!fields.empty()) {
        const auto comma = fields.find(',');
        const std::string_view field = fields.substr(0, comma);
        fields = comma == std::string_view::npos ? std::string_view() : fields.substr(comma + 1);
        const auto eq = field.find('=');
        if (eq == std::string_view::npos) return false;
        const std::string_view k = field.substr(0, eq), v = field.substr(eq + 1);
        auto num = [&](std::optional<int64_t>* out) {
            *out = parseDecimal(v);
            return out->has_value();
        };
        auto hex = [&](std::optional<int64_t>* out) {
            *out = parseHex(v);
            return out->has_value();
        };
        bool ok = true;
        if (k == "queued" || k == "recved" || k == "sent") {
            const auto n = parseDecimal(v);
            ok = n.has_value();
            if (ok) (k == "queued" ? c->queued : k == "recved" ? c->received : c->sent) = *n;
            (k == "queued" ? queued : k == "recved" ? recved : sent) = true;
        } else if (k == "sid") ok = hex(&c->sessionId);
        else if (k == "lop") c->lastOperation = std::string(v);
        else if (k == "est") ok = num(&c->establishedMs);
        else if (k == "to") ok = num(&c->sessionTimeoutMs);
        else if (k == "lcxid") ok = hex(&c->lastCxid);
        else if (k == "lzxid") ok = hex(&c->lastZxid);
        else if (k == "lresp") ok = num(&c->lastResponseMs);
        else if (k == "llat") ok = num(&c->lastLatencyMs);
        else if (k == "minlat") ok = num(&c->minLatencyMs);
        else if (k == "avglat") ok = num(&c->avgLatencyMs);
        else if (k == "maxlat") ok = num(&c->maxLatencyMs);
        if (!ok) return false;
    }
    return queued && recved && sent;
}

// srvr and stat share StatCommand's lines; stat adds "Clients:", the brief
// connection lines and a blank line after the version.
Answer<SrvrAnswer> parseServerSummary(std::string_view text, std::string_view word, bool withClients) {
    if (auto v = fourLetterPreamble(text, word)) return withVerdict<SrvrAnswer>(*v);
    const Lines lines = splitLines(text);
    SrvrAnswer out;
    enum Seen : unsigned { kVersion = 1, kLatency = 2, kReceived = 4, kSent = 8, kConnections = 16,
                           kOutstanding = 32, kZxid = 64, kMode = 128, kNodeCount = 256, kClients = 512 };
    unsigned seen = 0;
    bool inClients = false;
    for (size_t i = 0; i < lines.complete.size(); ++i) {
        const std::string_view line = lines.complete[i];
        if (inClients) {
            if (line.empty()) {
                inClients = false;
                continue;
            }
            ClientConnection c;
            if (!parseConnectionLine(line, &c)) return withVerdict<SrvrAnswer>(notThisAnswer(word, i + 1, line), out);
            out.clients.push_back(std::move(c));
            continue;
        }
        if (withClients && line == "Clients:" && (seen & kVersion) && !(seen & kClients)) {
            seen |= kClients;
            inClients = true;
            continue;
        }
        std::string_view key, value;
        bool ok = splitKeyValue(line, ": ", &key, &value);
        if (ok && key == "Zookeeper version") {
            out.version = std::string(value);
            seen |= kVersion;
        } else if (ok && key == "Latency min/avg/max") {
            ok = parseLatency(value, &out.latency);
            seen |= kLatency;
        } else if (ok && key == "Mode") {
            const auto m = serverModeFromName(value);
            ok = m.has_value();
            if (ok) out.mode = *m;
            seen |= kMode;
        } else if (ok && key == "Zxid") {
            const auto z = parseHex(value);
            ok = z.has_value();
            if (ok) out.zxid = *z;
            seen |= kZxid;
        } else if (ok) {
            struct Counter { std::string_view key; int64_t* field; unsigned bit; };
            const Counter counters[] = {{"Received", &out.received, kReceived}, {"Sent", &out.sent, kSent},
                                        {"Connections", &out.connections, kConnections},
                                        {"Outstanding", &out.outstanding, kOutstanding},
                                        {"Node count", &out.nodeCount, kNodeCount}};
            for (const auto& c : counters) {
                if (key != c.key) continue;
                const auto n = parseDecimal(value);
                ok = n.has_value();
                if (ok) *c.field = *n;
                seen |= c.bit;
            }
            // Other "Key: value" lines (a leader's "Proposal sizes last/min/max")
            // are accepted and skipped.
        }
        if (!ok) return withVerdict<SrvrAnswer>(notThisAnswer(word, i + 1, line), out);
    }
    if (!lines.partial.empty()) {
        if (inClients ? couldStartWith(lines.partial, {" /"})
                      : couldStartWith(lines.partial, {"Zookeeper version: ", "Clients:", "Latency min/avg/max: ",
                                                        "Received: ", "Sent: ", "Connections: ", "Outstanding: ",
                                                        "Zxid: ", "Mode: ", "Node count: ", "Proposal sizes "}))
            return withVerdict<SrvrAnswer>(cutShort(word, "its last line has no end"), out);
        return withVerdict<SrvrAnswer>(notThisAnswer(word, lines.complete.size() + 1, lines.partial), out);
    }
    const unsigned required = kVersion | kLatency | kReceived | kSent | kConnections | kOutstanding | kZxid | kMode |
                              kNodeCount | (withClients ? kClients : 0u);
    if ((seen & required) != required) {
        if (seen == 0) return withVerdict<SrvrAnswer>(notThisAnswer(word, 1, text.substr(0, text.find('\n'))));
        return withVerdict<SrvrAnswer>(cutShort(word, (seen & kNodeCount) ? "a line is missing" : "no \"Node count\" line"),
                                       out);
    }
    return Answer<SrvrAnswer>{AnswerStatus::Ok, {}, std::move(out)};
}

// The start of "<n> connections watching <m> paths".
bool couldStartWchs(std::string_view tail) {
    auto digits = [&tail] {
        const auto n = tail.find_first_not_of("0123456789");
        const bool any = n != 0;
        tail.remove_prefix(n == std::string_view::npos ? tail.size() : n);
        return any;
    };
    auto literal = [&tail](std::string_view word) {
        if (word.substr(0, tail.size()) == tail) {
            tail = {};
            return true;
        }
        if (tail.substr(0, word.size()) != word) return false;
        tail.remove_prefix(word.size());
        return true;
    };
    return digits() && (tail.empty() || (literal(" connections watching ") && (tail.empty() || (digits() &&
                                                                                                 literal(" paths")))));
}

// One `server.N=host:quorumPort:electionPort:role[;clientAddress:clientPort]`
// line as QuorumServer.toString writes it (the role may be missing in a
// hand-written config; the client part may be a bare port).
bool parseMemberLine(std::string_view line, EnsembleMember* m) {
    if (line.substr(0, 7) != "server.") return false;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) return false;
    const auto id = parseDecimal(line.substr(7, eq - 7));
    if (!id || *id < 0) return false;
    m->id = *id;
    std::string_view rest = line.substr(eq + 1);
    std::string_view client;
    if (const auto semi = rest.find(';'); semi != std::string_view::npos) {
        client = rest.substr(semi + 1);
        rest = rest.substr(0, semi);
    }
    // host: "[v6]" or up to the first ':'.
    size_t hostEnd = 0;
    if (!rest.empty() && rest.front() == '[') {
        hostEnd = rest.find(']');
        if (hostEnd == std::string_view::npos) return false;
        m->host = std::string(rest.substr(1, hostEnd - 1));
        ++hostEnd;
    } else {
        hostEnd = rest.find(':');
        if (hostEnd == std::string_view::npos) return false;
        m->host = std::string(rest.substr(0, hostEnd));
    }
    if (m->host.empty() || hostEnd >= rest.size() || rest[hostEnd] != ':') return false;
    std::vector<std::string_view> parts;
    for (std::string_view r = rest.substr(hostEnd + 1);;) {
        const auto c = r.find(':');
        parts.push_back(r.substr(0, c));
        if (c == std::string_view::npos) break;
        r = r.substr(c + 1);
    }
    if (parts.size() < 2 || parts.size() > 3) return false;
    const auto q = parseDecimal(parts[0]), e = parseDecimal(parts[1]);
    if (!q || !e || *q <= 0 || *q > 65535 || *e <= 0 || *e > 65535) return false;
    m->quorumPort = static_cast<uint16_t>(*q);
    m->electionPort = static_cast<uint16_t>(*e);
    if (parts.size() == 3) {
        if (parts[2] != "participant" && parts[2] != "observer") return false;
        m->observer = parts[2] == "observer";
    }
    if (!client.empty()) {
        std::string address;
        uint16_t port = 0;
        if (const auto p = parseDecimal(client); p && *p > 0 && *p <= 65535) {
            port = static_cast<uint16_t>(*p);
            address = "0.0.0.0";
        } else if (!parseSocketAddress(client, &address, &port) || address.empty()) {
            return false;
        }
        m->clientAddress = address;
        m->clientPort = port;
    }
    return true;
}

// Reads membership lines into `out`; false at the first line that is not one.
bool addMembershipLine(std::string_view line, Membership* out) {
    if (line.substr(0, 8) == "version=") {
        const std::string hex = "0x" + std::string(line.substr(8));
        const auto v = parseHex(hex);
        if (!v || out->version) return false;
        out->version = *v;
        return true;
    }
    EnsembleMember m;
    if (out->version || !parseMemberLine(line, &m)) return false;  // version= comes last
    out->members.push_back(std::move(m));
    return true;
}

// The keys ZooKeeper 3.8's conf writes (ZooKeeperServer.dumpConf and
// QuorumPeer's additions), each line's start as it stands.
constexpr std::string_view kConfKeys[] = {
    "clientPort=", "secureClientPort=", "dataDir=", "dataDirSize=", "dataLogDir=", "dataLogSize=", "tickTime=",
    "maxClientCnxns=", "minSessionTimeout=", "maxSessionTimeout=", "clientPortListenBacklog=", "serverId=",
    "initLimit=", "syncLimit=", "electionAlg=", "electionPort=", "quorumPort=", "peerType=", "membership: ",
};

std::optional<int64_t> confNumber(const ServerConf& c, std::string_view key) {
    for (const auto& [k, v] : c.entries) {
        if (k == key) return parseDecimal(v);
    }
    return std::nullopt;
}

std::optional<std::string> confText(const ServerConf& c, std::string_view key) {
    for (const auto& [k, v] : c.entries) {
        if (k == key) return v;
    }
    return std::nullopt;
}

// Line-by-line answers whose lines all share one shape (cons, wchc, wchp):
// `line` accepts a line or not; the answer ends with a blank line.
template <class T, class LineFn>
Answer<T> parseBlankTerminated(std::string_view text, std::string_view word, LineFn line,
                               std::initializer_list<std::string_view> lineStarts) {
    if (auto v = fourLetterPreamble(text, word)) return withVerdict<T>(*v);
    const Lines lines = splitLines(text);
    T out{};
    bool ended = false;
    for (size_t i = 0; i < lines.complete.size(); ++i) {
        const std::string_view l = lines.complete[i];
        if (ended || (l.empty() && i + 1 != lines.complete.size()) || (!l.empty() && !line(l, &out)))
            return withVerdict<T>(notThisAnswer(word, i + 1, l), std::move(out));
        if (l.empty()) ended = true;
    }
    if (!lines.partial.empty()) {
        if (!ended && couldStartWith(lines.partial, lineStarts))
            return withVerdict<T>(cutShort(word, "its last line has no end"), std::move(out));
        return withVerdict<T>(notThisAnswer(word, lines.complete.size() + 1, lines.partial), std::move(out));
    }
    if (!ended) return withVerdict<T>(cutShort(word, "no blank line at the end"), std::move(out));
    return Answer<T>{AnswerStatus::Ok, {}, std::move(out)};
}

}  // namespace

Answer<SrvrAnswer> parseSrvr(std::string_view text) { return parseServerSummary(text, "srvr", false); }
Answer<SrvrAnswer> parseStat(std::string_view text) { return parseServerSummary(text, "stat", true); }

Answer<Metrics> parseMntr(std::string_view text) {
    if (auto v = fourLetterPreamble(text, "mntr")) return withVerdict<Metrics>(*v);
    const Lines lines = splitLines(text);
    Metrics out;
    for (size_t i = 0; i < lines.complete.size(); ++i) {
        const std::string_view line = lines.complete[i];
        const auto tab = line.find('\t');
        if (line.substr(0, 3) != "zk_" || tab == std::string_view::npos || tab == 3 ||
            line.substr(3, tab - 3).find_first_of(" /") != std::string_view::npos)
            return withVerdict<Metrics>(notThisAnswer("mntr", i + 1, line), std::move(out));
        out.push_back(Metric{std::string(line.substr(3, tab - 3)), std::string(line.substr(tab + 1))});
    }
    if (!lines.partial.empty()) {
        if (couldStartWith(lines.partial, {"zk_"}))
            return withVerdict<Metrics>(cutShort("mntr", "its last line has no end"), std::move(out));
        return withVerdict<Metrics>(notThisAnswer("mntr", lines.complete.size() + 1, lines.partial), std::move(out));
    }
    if (!metric(out, "version") || !metric(out, "server_state"))
        return withVerdict<Metrics>(cutShort("mntr", "no zk_version or zk_server_state"), std::move(out));
    return Answer<Metrics>{AnswerStatus::Ok, {}, std::move(out)};
}

Answer<std::vector<ClientConnection>> parseCons(std::string_view text) {
    auto a = parseBlankTerminated<std::vector<ClientConnection>>(
        text, "cons",
        [](std::string_view line, std::vector<ClientConnection>* out) {
            ClientConnection c;
            if (!parseConnectionLine(line, &c)) return false;
            out->push_back(std::move(c));
            return true;
        },
        {" /"});
    // cons lists at least the connection that asked.
    if (a.ok() && a.value.empty()) return withVerdict(notThisAnswer("cons", 1, text), std::move(a.value));
    return a;
}

Answer<WatchSummary> parseWchs(std::string_view text) {
    if (auto v = fourLetterPreamble(text, "wchs")) return withVerdict<WatchSummary>(*v);
    // WatchManager.toString(): "<n> connections watching <m> paths\nTotal watches:<k>\n"
    const Lines lines = splitLines(text);
    WatchSummary out;
    bool first = false, second = false;
    for (size_t i = 0; i < lines.complete.size(); ++i) {
        const std::string_view line = lines.complete[i];
        bool ok = false;
        if (i == 0) {
            const auto a = line.find(" connections watching ");
            if (a != std::string_view::npos && line.size() > 6 && line.substr(line.size() - 6) == " paths") {
                const auto c = parseDecimal(line.substr(0, a));
                const auto p = parseDecimal(line.substr(a + 22, line.size() - 6 - (a + 22)));
                ok = c && p;
                if (ok) out.connections = *c, out.paths = *p, first = true;
            }
        } else if (i == 1 && line.substr(0, 14) == "Total watches:") {
            const auto w = parseDecimal(line.substr(14));
            ok = w.has_value();
            if (ok) out.watches = *w, second = true;
        }
        if (!ok) return withVerdict<WatchSummary>(notThisAnswer("wchs", i + 1, line), out);
    }
    if (!lines.partial.empty()) {
        const bool fits = first ? couldStartWith(lines.partial, {"Total watches:"}) : couldStartWchs(lines.partial);
        if (fits && !second) return withVerdict<WatchSummary>(cutShort("wchs", "its last line has no end"), out);
        return withVerdict<WatchSummary>(notThisAnswer("wchs", lines.complete.size() + 1, lines.partial), out);
    }
    if (!first || !second) return withVerdict<WatchSummary>(cutShort("wchs", "no \"Total watches\" line"), out);
    return Answer<WatchSummary>{AnswerStatus::Ok, {}, out};
}

Answer<std::vector<SessionWatches>> parseWchc(std::string_view text) {
    // "0x<session>" then one "\t<path>" line per watched path.
    return parseBlankTerminated<std::vector<SessionWatches>>(
        text, "wchc",
        [](std::string_view line, std::vector<SessionWatches>* out) {
            if (line[0] == '\t') {
                if (out->empty() || line.size() < 2 || line[1] != '/') return false;
                out->back().paths.emplace_back(line.substr(1));
                return true;
            }
            const auto sid = parseHex(line);
            if (!sid) return false;
            out->push_back(SessionWatches{*sid, {}});
            return true;
        },
        {"0x", "\t/"});
}

Answer<std::vector<PathWatchers>> parseWchp(std::string_view text) {
    // "<path>" then one "\t0x<session>" line per watcher.
    return parseBlankTerminated<std::vector<PathWatchers>>(
        text, "wchp",
        [](std::string_view line, std::vector<PathWatchers>* out) {
            if (line[0] == '\t') {
                const auto sid = parseHex(line.substr(1));
                if (out->empty() || !sid) return false;
                out->back().sessionIds.push_back(*sid);
                return true;
            }
            if (line[0] != '/') return false;
            out->push_back(PathWatchers{std::string(line), {}});
            return true;
        },
        {"/", "\t0x"});
}

Answer<WchkAnswer> parseWchk(std::string_view text) {
    // "Watches by kind: k=N ...", then wchc's shape with "\t<kinds>" after each path.
    constexpr std::string_view kHead = "Watches by kind:";
    return parseBlankTerminated<WchkAnswer>(
        text, "wchk",
        [&](std::string_view line, WchkAnswer* out) {
            if (line.starts_with(kHead)) {
                if (!out->counts.empty() || !out->sessions.empty()) return false;
                for (std::string_view rest = line.substr(kHead.size()); !rest.empty();) {
                    if (rest[0] != ' ') return false;
                    rest.remove_prefix(1);
                    const size_t end = std::min(rest.find(' '), rest.size());
                    const std::string_view pair = rest.substr(0, end);
                    const size_t eq = pair.find('=');
                    int64_t n = 0;
                    if (eq == std::string_view::npos || eq == 0) return false;
                    auto [p, ec] = std::from_chars(pair.data() + eq + 1, pair.data() + pair.size(), n);
                    if (ec != std::errc() || p != pair.data() + pair.size()) return false;
                    out->counts.emplace_back(std::string(pair.substr(0, eq)), n);
                    rest.remove_prefix(end);
                }
                return !out->counts.empty();
            }
            if (out->counts.empty()) return false;
            if (line[0] == '\t') {
                const size_t tab = line.find('\t', 1);
                if (out->sessions.empty() || line.size() < 2 || line[1] != '/' || tab == std::string_view::npos)
                    return false;
                KindedPath kp{std::string(line.substr(1, tab - 1)), {}};
                for (std::string_view kinds = line.substr(tab + 1); !kinds.empty();) {
                    const size_t comma = std::min(kinds.find(','), kinds.size());
                    if (comma == 0) return false;
                    kp.kinds.emplace_back(kinds.substr(0, comma));
                    kinds.remove_prefix(std::min(comma + 1, kinds.size()));
                }
                if (kp.kinds.empty()) return false;
                out->sessions.back().paths.push_back(std::move(kp));
                return true;
            }
            const auto sid = parseHex(line);
            if (!sid) return false;
            out->sessions.push_back(SessionKindedWatches{*sid, {}});
            return true;
        },
        {"Watches by kind:", "0x", "\t/"});
}

Answer<Membership> parseMembership(std::string_view text) {
    if (trim(text).empty()) return Answer<Membership>{AnswerStatus::Empty, "the membership is empty", {}};
    const Lines lines = splitLines(text);
    Membership out;
    // /zookeeper/config has no newline after its last line: the partial line
    // is a line of its own here.
    std::vector<std::string_view> all = lines.complete;
    if (!lines.partial.empty()) all.push_back(lines.partial);
    for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].empty() && i + 1 == all.size()) break;
        if (!addMembershipLine(all[i], &out)) {
            // A cut inside the last line reads as a bad line; say so when the
            // line is the unfinished start of one.
            if (i + 1 == all.size() && !lines.partial.empty() && couldStartWith(all[i], {"server.", "version="}))
                return withVerdict<Membership>(cutShort("the membership", "its last line is incomplete"), out);
            return withVerdict<Membership>(notThisAnswer("the membership", i + 1, all[i]), out);
        }
    }
    if (!out.version) return withVerdict<Membership>(cutShort("the membership", "no version= line"), out);
    return Answer<Membership>{AnswerStatus::Ok, {}, std::move(out)};
}

Answer<ServerConf> parseConf(std::string_view text) {
    if (auto v = fourLetterPreamble(text, "conf")) return withVerdict<ServerConf>(*v);
    // ZooKeeperServer.dumpConf: "key=value" lines; an ensemble member adds
    // QuorumPeer's keys, "membership: " and the membership lines.
    const Lines lines = splitLines(text);
    ServerConf out;
    std::optional<Membership> membership;
    for (size_t i = 0; i < lines.complete.size(); ++i) {
        const std::string_view line = lines.complete[i];
        if (membership) {
            if (!addMembershipLine(line, &*membership))
                return withVerdict<ServerConf>(notThisAnswer("conf", i + 1, line), out);
            continue;
        }
        if (line == "membership: " || line == "membership:") {
            membership.emplace();
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos || eq == 0 || line.substr(0, eq).find(' ') != std::string_view::npos)
            return withVerdict<ServerConf>(notThisAnswer("conf", i + 1, line), out);
        out.entries.emplace_back(std::string(line.substr(0, eq)), std::string(line.substr(eq + 1)));
    }
    out.serverId = confNumber(out, "serverId");
    out.clientPort = confNumber(out, "clientPort");
    out.tickTime = confNumber(out, "tickTime");
    out.maxClientCnxns = confNumber(out, "maxClientCnxns");
    out.minSessionTimeout = confNumber(out, "minSessionTimeout");
    out.maxSessionTimeout = confNumber(out, "maxSessionTimeout");
    out.dataDir = confText(out, "dataDir");
    out.dataLogDir = confText(out, "dataLogDir");
    // ZooKeeper writes no newline after the membership's "version=" line.
    bool finalVersionLine = false;
    if (membership && !membership->version && lines.partial.substr(0, 8) == "version=")
        finalVersionLine = addMembershipLine(lines.partial, &*membership);
    if (!lines.partial.empty() && !finalVersionLine) {
        const bool fits = membership ? couldStartWith(lines.partial, {"server.", "version="})
                                     : couldStartWithAny(lines.partial, kConfKeys);
        if (fits) return withVerdict<ServerConf>(cutShort("conf", "its last line has no end"), out);
        return withVerdict<ServerConf>(notThisAnswer("conf", lines.complete.size() + 1, lines.partial), out);
    }
    if (membership && !membership->version)
        return withVerdict<ServerConf>(cutShort("conf", "the membership has no version= line"), out);
    out.membership = std::move(membership);
    if (!out.serverId || !out.clientPort)
        return withVerdict<ServerConf>(cutShort("conf", "no serverId or clientPort"), out);
    return Answer<ServerConf>{AnswerStatus::Ok, {}, std::move(out)};
}

}  // namespace zooscope::monitor
