// zooscope/ensemble_sample.h — one sample of a whole ensemble: which servers
// to ask (the connect string's, plus the members /zookeeper/config lists),
// where their AdminServers are (a default port per profile, overridable per
// server), and every server probed at once (zooscope/server_probe.h), so a
// paused or dead server costs its own deadline and nobody else's. The result
// is what the alert rules (zooscope/alert_rules.h), zooscope-ctl's
// `ensemble` and the dashboard read.
//
// Threads: ensembleTargets and assembleSample are pure; probeTargets starts
// one thread per target and joins them all before it returns (within the probe's deadline
// plus what the transports overrun). Both are thread-safe; nothing throws
// for runtime conditions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zooscope/alert_rules.h"
#include "zooscope/server_probe.h"

namespace zooscope::monitor {

// Where each server's AdminServer listens. ZooKeeper's default is 8080 on
// every server; a profile may change it for all, or for one server (by the
// name it has in the sample: "host:port" as the connect string writes it,
// or as /zookeeper/config gives it). Port 0: do not ask that AdminServer.
struct AdminPorts {
    uint16_t defaultPort = 8080;
    std::map<std::string, uint16_t> perServer;
    uint16_t portFor(const std::string& server) const;
};

// One server to ask, or a member that cannot be asked.
struct SampleTarget {
    std::string name;                 // "host:port"; an unreachable member: "host:quorumPort:electionPort"
    std::optional<Endpoint> client;   // nullopt: a member with no client address (Unreachable)
    std::optional<Endpoint> admin;    // nullopt: no AdminServer to ask
    std::optional<int64_t> memberId;  // server.N, when matched to the membership
    bool fromMembership = false;      // not in the connect string: added from /zookeeper/config
};

// The connect string's servers (in its order, named as it writes them),
// then the members of `membership` none of them matched (in its order). A
// member matches a server when its client port is the server's and its
// client address is the server's host (a wildcard or absent address: the
// member's host). A member with no client port is Unreachable.
std::vector<SampleTarget> ensembleTargets(const std::vector<Endpoint>& connectString,
                                          const std::optional<Membership>& membership, const AdminPorts& adminPorts);

// Probes every target at once; one sample per target, in order. A target
// without a client address is Unreachable, with a note saying why.
std::vector<ServerSample> probeTargets(const std::vector<SampleTarget>& targets, const ProbeOptions& options,
                                       const FourLetterWordTransport& fourLetterWords,
                                       const AdminTransport& admin = httpAdminTransport());

// The sample of the ensemble from one sample per target (in order): each
// server's member id is the target's, else the id the server reports. A
// member the connect string names differently from /zookeeper/config (a
// host name for an address) was asked twice and is kept once, as the
// connect string names it.
EnsembleObservation assembleSample(const std::vector<SampleTarget>& targets, std::vector<ServerSample> samples,
                                   const std::optional<Membership>& membership);

// probeTargets, then assembleSample.
EnsembleObservation sampleEnsemble(const std::vector<SampleTarget>& targets,
                                   const std::optional<Membership>& membership, const ProbeOptions& options,
                                   const FourLetterWordTransport& fourLetterWords,
                                   const AdminTransport& admin = httpAdminTransport());

}  // namespace zooscope::monitor
