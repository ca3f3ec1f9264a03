// clientAddresses(): which client address each session connects from, as
// the servers' cons (or their AdminServer's connections) lists them, one
// server at a time, each bounded.
#include "zooscope/recipe_readers.h"
#include "zooscope/server_answers.h"
#include "word_or_admin.h"

namespace zooscope::readers {

ClientAddresses clientAddresses(const std::vector<monitor::ProbeTarget>& servers, std::chrono::milliseconds timeout,
                                const monitor::FourLetterWordTransport& words, const monitor::AdminTransport& admin) {
    ClientAddresses out;
    for (const monitor::ProbeTarget& server : servers) {
        const WordOrAdmin ask(server, timeout, words, admin);
        bool viaAdmin = false;
        std::string why;
        const auto cons = ask.ask<std::vector<monitor::ClientConnection>>(
            "cons", monitor::parseCons, "connections", monitor::parseAdminConnections, &viaAdmin, &why);
        if (!cons) {
            out.unanswered.push_back(server.client.text() + ": " + why);
            continue;
        }
        for (const monitor::ClientConnection& c : *cons) {
            if (!c.sessionId) continue;
            out.bySession[*c.sessionId] = clientAddressText(c);
        }
    }
    return out;
}

std::string clientAddressText(const monitor::ClientConnection& c) {
    const bool v6 = c.address.find(':') != std::string::npos;
    return (v6 ? "[" + c.address + "]" : c.address) + ":" + std::to_string(c.port);
}

}  // namespace zooscope::readers
