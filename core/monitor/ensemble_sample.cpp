// Which servers one sample asks, and asking them all at once.
#include "zooscope/ensemble_sample.h"

#include <algorithm>
#include <thread>

namespace zooscope::monitor {

namespace {

bool isWildcard(const std::string& address) {
    return address.empty() || address == "0.0.0.0" || address == "::" || address == "0:0:0:0:0:0:0:0";
}

// Where a member's clients connect, as a name and an endpoint.
std::optional<Endpoint> clientEndpoint(const EnsembleMember& m) {
    if (!m.clientPort) return std::nullopt;
    const std::string host = m.clientAddress && !isWildcard(*m.clientAddress) ? *m.clientAddress : m.host;
    return Endpoint{host, *m.clientPort};
}

bool matches(const EnsembleMember& m, const Endpoint& server) {
    if (!m.clientPort || *m.clientPort != server.port) return false;
    return (m.clientAddress && *m.clientAddress == server.host) || m.host == server.host;
}

std::optional<Endpoint> adminOf(const std::string& name, const Endpoint& client, const AdminPorts& ports) {
    const uint16_t port = ports.portFor(name);
    if (port == 0) return std::nullopt;
    return Endpoint{client.host, port};
}

// "host:quorumPort:electionPort", as the member's server.N line writes it.
std::string memberAddress(const EnsembleMember& m) {
    const Endpoint quorum{m.host, m.quorumPort};
    return quorum.text() + ":" + std::to_string(m.electionPort);
}

}  // namespace

uint16_t AdminPorts::portFor(const std::string& server) const {
    const auto it = perServer.find(server);
    return it == perServer.end() ? defaultPort : it->second;
}

std::vector<SampleTarget> ensembleTargets(const std::vector<Endpoint>& connectString,
                                          const std::optional<Membership>& membership, const AdminPorts& adminPorts) {
    std::vector<SampleTarget> out;
    for (const Endpoint& server : connectString) {
        SampleTarget t{server.text(), server, std::nullopt, std::nullopt};
        t.admin = adminOf(t.name, server, adminPorts);
        out.push_back(std::move(t));
    }
    if (!membership) return out;
    const size_t fromConnectString = out.size();
    for (const EnsembleMember& m : membership->members) {
        const auto known = std::find_if(out.begin(), out.begin() + std::ptrdiff_t(fromConnectString),
                                        [&](const SampleTarget& t) { return !t.memberId && matches(m, *t.client); });
        if (known != out.begin() + std::ptrdiff_t(fromConnectString)) {
            known->memberId = m.id;
            continue;
        }
        SampleTarget t;
        t.memberId = m.id;
        t.fromMembership = true;
        t.client = clientEndpoint(m);
        if (t.client) {
            t.name = t.client->text();
            t.admin = adminOf(t.name, *t.client, adminPorts);
        } else {
            t.name = memberAddress(m);
        }
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<ServerSample> probeTargets(const std::vector<SampleTarget>& targets, const ProbeOptions& options,
                                       const FourLetterWordTransport& fourLetterWords, const AdminTransport& admin) {
    std::vector<ServerSample> out(targets.size());
    std::vector<std::jthread> probes;
    for (size_t i = 0; i < targets.size(); ++i) {
        const SampleTarget& t = targets[i];
        if (!t.client) {
            out[i].mode = ServerMode::Unreachable;
            out[i].notes.push_back(SampleNote{NoteKind::NoClientAddress,
                                              "server." + std::to_string(t.memberId.value_or(0)), {}, {}, std::nullopt});
            continue;
        }
        probes.emplace_back([&t, &s = out[i], &options, &fourLetterWords, &admin] {
            s = probeServer(ProbeTarget{*t.client, t.admin}, options, fourLetterWords, admin);
        });
    }
    probes.clear();  // joins them all
    return out;
}

EnsembleObservation assembleSample(const std::vector<SampleTarget>& targets, std::vector<ServerSample> samples,
                                   const std::optional<Membership>& membership) {
    EnsembleObservation out;
    out.membership = membership;
    for (size_t i = 0; i < targets.size() && i < samples.size(); ++i) {
        ObservedServer o{targets[i].name, targets[i].memberId, std::move(samples[i])};
        if (!o.memberId && o.sample.serverId && *o.sample.serverId > 0) o.memberId = o.sample.serverId;
        // A member reached under two names: the connect string's stays.
        const bool twice = targets[i].fromMembership &&
                           std::any_of(out.servers.begin(), out.servers.end(),
                                       [&](const ObservedServer& k) { return k.memberId == o.memberId; });
        if (!twice) out.servers.push_back(std::move(o));
    }
    return out;
}

EnsembleObservation sampleEnsemble(const std::vector<SampleTarget>& targets,
                                   const std::optional<Membership>& membership, const ProbeOptions& options,
                                   const FourLetterWordTransport& fourLetterWords, const AdminTransport& admin) {
    return assembleSample(targets, probeTargets(targets, options, fourLetterWords, admin), membership);
}

}  // namespace zooscope::monitor
