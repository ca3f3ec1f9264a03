// clientAddresses(): which client address each session connects from, as
// the servers' cons lists them (one server at a time, each bounded).
#include "zooscope/recipe_readers.h"
#include "zooscope/server_answers.h"

namespace zooscope::readers {

ClientAddresses clientAddresses(const std::vector<monitor::Endpoint>& servers, std::chrono::milliseconds timeout,
                                const monitor::FourLetterWordTransport& words) {
    ClientAddresses out;
    for (const monitor::Endpoint& server : servers) {
        const auto cons = monitor::parseCons(words(server, "cons", timeout));
        if (!cons.ok()) {
            out.unanswered.push_back(server.text() + ": cons " + std::string(monitor::statusName(cons.status)) +
                                     (cons.message.empty() ? "" : " (" + cons.message + ")"));
            continue;
        }
        for (const monitor::ClientConnection& c : cons.value) {
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
