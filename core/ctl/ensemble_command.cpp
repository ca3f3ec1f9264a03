// ensemble: one sample of every server (zooscope/ensemble_sample.h), the
// built-in alerts over it (zooscope/alert_rules.h), as text or JSON.
#include <sstream>

#include "ctl/commands.h"
#include "ctl/output.h"
#include "zooscope/alert_rules.h"
#include "zooscope/ensemble_sample.h"

namespace zooscope::ctl {

namespace {

using nlohmann::ordered_json;

bool serves(const monitor::ServerSample& s) {
    using monitor::ServerMode;
    return s.mode && (*s.mode == ServerMode::Leader || *s.mode == ServerMode::Follower ||
                      *s.mode == ServerMode::Observer || *s.mode == ServerMode::Standalone ||
                      *s.mode == ServerMode::ReadOnly);
}

// Where the sample's figures came from: the AdminServer's win the merge.
const char* sourceOf(const monitor::ServerSample& s) {
    if (s.fromAdminServer) return "admin";
    if (s.fromFourLetterWords) return "4lw";
    return "client";
}

// /zookeeper/config through `client`; nullopt and *why when it cannot be had.
std::optional<monitor::Membership> readMembership(const Invocation& inv, const Environment& env,
                                                  client::Client& client, std::string* why) {
    std::ostringstream refusal;
    Context ctx{inv, env, client, nullptr, *env.out, refusal, {}};
    int code = kExitOk;
    auto config = callClient<client::NodeData>(
        ctx, [](client::Client& c, auto done) { c.getConfig(false, done); }, &code);
    if (!config) {
        *why = refusal.str().empty() ? "interrupted" : refusal.str().substr(0, refusal.str().find('\n'));
        return std::nullopt;
    }
    if (config->data.empty()) return monitor::Membership{};  // a standalone server's: no members
    auto parsed = monitor::parseMembership(config->data);
    if (!parsed.ok()) {
        *why = parsed.message;
        return std::nullopt;
    }
    return std::move(parsed.value);
}

template <class T>
ordered_json orNull(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json serverJson(const monitor::ObservedServer& o, const std::vector<monitor::Alert>& alerts) {
    const monitor::ServerSample& s = o.sample;
    ordered_json j;
    j["server"] = o.name;
    j["id"] = orNull(o.memberId);
    j["mode"] = s.mode ? ordered_json(std::string(monitor::modeName(*s.mode))) : ordered_json(nullptr);
    j["zxid"] = s.zxid ? ordered_json(hexId(*s.zxid)) : ordered_json(nullptr);
    j["epoch"] = orNull(s.epoch());
    j["latency"] = s.latency ? ordered_json{{"min", s.latency->minMs}, {"avg", s.latency->avgMs}, {"max", s.latency->maxMs}}
                             : ordered_json(nullptr);
    j["connections"] = orNull(s.connections);
    j["outstanding"] = orNull(s.outstanding);
    j["znodes"] = orNull(s.znodes);
    j["watches"] = orNull(s.watches);
    j["ephemerals"] = orNull(s.ephemerals);
    j["followers"] = orNull(s.followers);
    j["syncedFollowers"] = orNull(s.syncedFollowers);
    j["version"] = orNull(s.version);
    j["source"] = sourceOf(s);
    ordered_json names = ordered_json::array();
    for (const monitor::Alert& a : alerts) {
        if (a.server == o.name || a.server.empty()) names.push_back(std::string(monitor::alertRuleName(a.rule)));
    }
    j["alerts"] = std::move(names);
    ordered_json notes = ordered_json::array();
    for (const monitor::SampleNote& n : s.notes) notes.push_back(monitor::noteText(n));
    j["notes"] = std::move(notes);
    return j;
}

template <class T>
std::string textOf(const std::optional<T>& v) {
    if (!v) return "-";
    std::ostringstream s;
    s << *v;
    return s.str();
}

void writeAlert(std::ostream& out, const monitor::Alert& a) {
    out << "  " << monitor::alertRuleName(a.rule) << " (" << monitor::severityName(a.severity) << "): " << a.detail
        << '\n';
}

void writeText(std::ostream& out, const monitor::EnsembleObservation& sample, const std::vector<monitor::Alert>& alerts) {
    for (const monitor::ObservedServer& o : sample.servers) {
        const monitor::ServerSample& s = o.sample;
        out << o.name << "  " << (s.mode ? monitor::modeName(*s.mode) : "unknown") << "  id " << textOf(o.memberId)
            << "  zxid " << (s.zxid ? hexId(*s.zxid) : "-") << "  epoch " << textOf(s.epoch()) << "  source "
            << sourceOf(s) << '\n';
        out << "  latency min/avg/max "
            << (s.latency ? textOf(std::optional(s.latency->minMs)) + "/" + textOf(std::optional(s.latency->avgMs)) +
                                "/" + textOf(std::optional(s.latency->maxMs)) + " ms"
                          : std::string("-"))
            << ", connections " << textOf(s.connections) << ", outstanding " << textOf(s.outstanding) << '\n';
        out << "  znodes " << textOf(s.znodes) << ", watches " << textOf(s.watches) << ", ephemerals "
            << textOf(s.ephemerals) << ", followers " << textOf(s.followers) << " (synced "
            << textOf(s.syncedFollowers) << ")\n";
        if (s.version) out << "  version " << *s.version << '\n';
        for (const monitor::Alert& a : alerts) {
            if (a.server == o.name) writeAlert(out, a);
        }
        for (const monitor::SampleNote& n : s.notes) out << "  note: " << monitor::noteText(n) << '\n';
    }
    bool header = false;
    for (const monitor::Alert& a : alerts) {
        if (!a.server.empty()) continue;
        if (!header) out << "ensemble\n";
        header = true;
        writeAlert(out, a);
    }
}

}  // namespace

int runEnsemble(const Invocation& inv, const Environment& env, const std::string& connectString,
                const ClientSource& client) {
    std::string error;
    const auto parsed = client::parseConnectString(connectString, &error);
    if (!parsed) {
        *env.err << "ensemble: " << connectString << ": " << error << '\n';
        return kExitUsage;
    }
    std::vector<monitor::Endpoint> hosts;
    for (const client::HostPort& h : parsed->hosts) hosts.push_back({h.host, h.port});

    monitor::ProbeOptions probe;
    probe.timeout = inv.probeTimeout;
    const auto words = monitor::tcpFourLetterWordTransport();
    const auto admin = monitor::httpAdminTransport();

    // The connect string's servers first; /zookeeper/config only through a
    // server that serves (a session to an ensemble without a quorum would
    // only wait out the connect timeout).
    std::vector<monitor::SampleTarget> targets = monitor::ensembleTargets(hosts, std::nullopt, inv.adminPorts);
    std::vector<monitor::ServerSample> samples = monitor::probeTargets(targets, probe, words, admin);
    std::optional<monitor::Membership> membership;
    std::string why;
    if (std::none_of(samples.begin(), samples.end(), serves)) {
        why = "no server of " + connectString + " serves clients";
    } else if (client::Client* c = client(&why)) {
        membership = readMembership(inv, env, *c, &why);
    }
    if (env.stop.stop_requested()) return kExitInterrupted;
    if (membership) {
        targets = monitor::ensembleTargets(hosts, membership, inv.adminPorts);
        const std::vector<monitor::SampleTarget> members(targets.begin() + std::ptrdiff_t(samples.size()), targets.end());
        for (monitor::ServerSample& s : monitor::probeTargets(members, probe, words, admin)) samples.push_back(std::move(s));
    } else {
        *env.err << "ensemble: /zookeeper/config was not read (" << why
                 << "); the sample covers the connect string's servers only.\n";
    }

    const monitor::EnsembleObservation sample = monitor::assembleSample(targets, std::move(samples), membership);
    const std::vector<monitor::Alert> alerts = monitor::evaluateAlerts(sample, inv.thresholds);
    if (inv.global.json) {
        ordered_json out = ordered_json::array();
        for (const monitor::ObservedServer& o : sample.servers) out.push_back(serverJson(o, alerts));
        *env.out << dumpJson(out, 2) << '\n';
    } else {
        writeText(*env.out, sample, alerts);
    }
    return kExitOk;
}

}  // namespace zooscope::ctl
