// readServerWatches(): one server's watches from its words (or AdminServer),
// sessions joined to client addresses. The parsers are monitor's.
#include <algorithm>
#include <set>

#include "zooscope/recipe_readers.h"
#include "zooscope/server_answers.h"
#include "zooscope/watch_readers.h"
#include "word_or_admin.h"

namespace zooscope::readers {

namespace {

using namespace monitor;

// srvr's version names the engine: "3.8.0-zooscope-<version>".
bool isEngine(const std::string& srvr) {
    const auto a = parseSrvr(srvr);
    return a.ok() && a.value.version.find("-zooscope-") != std::string::npos;
}

void readWchk(const WchkAnswer& a, bool detail, ServerWatches* out) {
    out->source = "wchk";
    out->allKinds = true;
    out->byKind = a.counts;
    std::set<std::string> paths;
    for (const auto& s : a.sessions) {
        SessionWatchList l{s.sessionId, std::nullopt, {}, {}};
        for (const auto& kp : s.paths) {
            paths.insert(kp.path);
            l.paths.push_back(kp.path);
            l.kinds[kp.path] = kp.kinds;
            out->watches += static_cast<int64_t>(kp.kinds.size());
        }
        if (detail) out->detail.push_back(std::move(l));
    }
    out->sessions = static_cast<int64_t>(a.sessions.size());
    out->paths = static_cast<int64_t>(paths.size());
}

}  // namespace

ServerWatches readServerWatches(const WatchQuery& query, const FourLetterWordTransport& words,
                                const AdminTransport& admin) {
    ServerWatches out;
    out.server = query.target.client.text();
    const WordOrAdmin ask(query.target, query.timeout, words, admin);
    bool viaAdmin = false;

    if (isEngine(ask.word("srvr"))) {
        const auto a = parseWchk(ask.word("wchk"));
        if (a.ok()) readWchk(a.value, query.detail, &out);
        else out.error = "wchk: " + a.message + ".";
    }
    if (out.source.empty()) {
        if (auto s = ask.ask<WatchSummary>("wchs", parseWchs, "watch_summary", parseAdminWatchSummary, &viaAdmin,
                                           &out.error)) {
            out.source = viaAdmin ? "admin" : "wchs";
            out.sessions = s->connections;
            out.paths = s->paths;
            out.watches = s->watches;
        }
        if (query.detail) {
            viaAdmin = false;
            if (auto c = ask.ask<std::vector<SessionWatches>>("wchc", parseWchc, "watches", parseAdminWatches,
                                                              &viaAdmin, &out.error)) {
                for (auto& s : *c) {
                    std::sort(s.paths.begin(), s.paths.end());
                    out.detail.push_back(SessionWatchList{s.sessionId, std::nullopt, std::move(s.paths), {}});
                }
                if (out.source.empty()) out.source = viaAdmin ? "admin" : "wchc";
            }
        }
    }
    if (!query.detail || out.detail.empty()) return out;

    viaAdmin = false;
    if (auto cons = ask.ask<std::vector<ClientConnection>>("cons", parseCons, "connections", parseAdminConnections,
                                                           &viaAdmin, &out.error)) {
        for (SessionWatchList& l : out.detail) {
            for (const ClientConnection& c : *cons)
                if (c.sessionId == l.session) l.client = clientAddressText(c);
        }
    }
    std::sort(out.detail.begin(), out.detail.end(),
              [](const SessionWatchList& a, const SessionWatchList& b) { return a.session < b.session; });
    return out;
}

}  // namespace zooscope::readers
