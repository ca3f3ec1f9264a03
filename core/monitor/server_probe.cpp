// probeServer: the questions one poll asks, in order, within one deadline.
#include "zooscope/server_probe.h"

#include <algorithm>

namespace zooscope::monitor {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

milliseconds left(Clock::time_point deadline) {
    return std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(deadline - Clock::now()));
}

// Asks `what` through `fetch` (given the time left) unless the channel
// already failed or the time is up; records why not in `notes`.
template <class Fetch>
std::optional<std::string> ask(std::string_view what, Clock::time_point deadline, bool* channelDown,
                               std::vector<std::string>* notes, Fetch fetch) {
    if (*channelDown) return std::nullopt;
    const milliseconds budget = left(deadline);
    if (budget.count() == 0) {
        notes->push_back(std::string(what) + ": not asked, the poll ran out of time");
        return std::nullopt;
    }
    Fetched f = fetch(budget);
    if (!f.answered) {
        *channelDown = true;
        notes->push_back(f.error);
        return std::nullopt;
    }
    // Error pages are bodies too: the parsers name what they say.
    return std::move(f.body);
}

std::optional<std::string> askWord(const FourLetterWordTransport& transport, const Endpoint& server,
                                   std::string_view word, Clock::time_point deadline, bool* down,
                                   std::vector<std::string>* notes) {
    return ask(word, deadline, down, notes, [&](milliseconds budget) {
        std::string answer = transport(server, word, budget);
        if (!answer.empty()) return Fetched{true, 0, std::move(answer), {}};
        return Fetched{false, 0, {},
                       "no answer to " + std::string(word) + " from " + server.text() + " within " +
                           std::to_string(budget.count()) + " ms"};
    });
}

std::optional<std::string> askAdmin(const AdminTransport& transport, const Endpoint& admin, std::string_view command,
                                    Clock::time_point deadline, bool* down, std::vector<std::string>* notes) {
    return ask(command, deadline, down, notes, [&](milliseconds budget) {
        Fetched f = transport(admin, command, budget);
        if (!f.answered && f.error.empty())
            f.error = "no answer to " + std::string(command) + " from the AdminServer at " + admin.text();
        return f;
    });
}

}  // namespace

ServerSample probeServer(const ProbeTarget& target, const ProbeOptions& options,
                         const FourLetterWordTransport& fourLetterWords, const AdminTransport& admin) {
    const auto deadline = Clock::now() + options.timeout;
    std::vector<std::string> notes;

    FourLetterAnswers words;
    bool wordsDown = false;
    words.srvr = askWord(fourLetterWords, target.client, "srvr", deadline, &wordsDown, &notes);
    if (options.detailWords) {
        words.mntr = askWord(fourLetterWords, target.client, "mntr", deadline, &wordsDown, &notes);
        words.wchs = askWord(fourLetterWords, target.client, "wchs", deadline, &wordsDown, &notes);
        words.conf = askWord(fourLetterWords, target.client, "conf", deadline, &wordsDown, &notes);
    }

    AdminAnswers answers;
    bool adminDown = !target.admin;
    if (target.admin) {
        const Endpoint& at = *target.admin;
        answers.monitor = askAdmin(admin, at, "monitor", deadline, &adminDown, &notes);
        answers.serverStats = askAdmin(admin, at, "server_stats", deadline, &adminDown, &notes);
        answers.leader = askAdmin(admin, at, "leader", deadline, &adminDown, &notes);
        answers.zabstate = askAdmin(admin, at, "zabstate", deadline, &adminDown, &notes);
        answers.watchSummary = askAdmin(admin, at, "watch_summary", deadline, &adminDown, &notes);
        answers.configuration = askAdmin(admin, at, "configuration", deadline, &adminDown, &notes);
    }

    ServerSample s = mergeSamples(sampleFromFourLetterWords(words), sampleFromAdminServer(answers));
    if (wordsDown && adminDown && !s.mode) s.mode = ServerMode::Down;
    if (!target.admin && !s.fromAdminServer)
        notes.push_back("no AdminServer address is set for " + target.client.text());
    notes.insert(notes.end(), s.notes.begin(), s.notes.end());
    s.notes = std::move(notes);
    return s;
}

}  // namespace zooscope::monitor
