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

// Asks `word` unless the channel already failed or the time is up; records
// why not in `notes`.
std::optional<std::string> ask(const FourLetterWordTransport& transport, const Endpoint& server, std::string_view word,
                               Clock::time_point deadline, bool* channelDown, std::vector<std::string>* notes) {
    if (*channelDown) return std::nullopt;
    const milliseconds budget = left(deadline);
    if (budget.count() == 0) {
        notes->push_back(std::string(word) + ": not asked, the poll ran out of time");
        return std::nullopt;
    }
    std::string answer = transport(server, word, budget);
    if (answer.empty()) {
        *channelDown = true;
        notes->push_back("no answer to " + std::string(word) + " from " + server.text() + " within " +
                         std::to_string(budget.count()) + " ms");
        return std::nullopt;
    }
    return answer;
}

std::optional<std::string> ask(const AdminTransport& transport, const Endpoint& admin, std::string_view command,
                               Clock::time_point deadline, bool* channelDown, std::vector<std::string>* notes) {
    if (*channelDown) return std::nullopt;
    const milliseconds budget = left(deadline);
    if (budget.count() == 0) {
        notes->push_back(std::string(command) + ": not asked, the poll ran out of time");
        return std::nullopt;
    }
    Fetched f = transport(admin, command, budget);
    if (!f.answered) {
        *channelDown = true;
        notes->push_back(f.error.empty() ? "no answer to " + std::string(command) + " from the AdminServer at " +
                                               admin.text()
                                         : f.error);
        return std::nullopt;
    }
    // Error pages are bodies too: the parsers name what they say.
    return std::move(f.body);
}

}  // namespace

ServerSample probeServer(const ProbeTarget& target, const ProbeOptions& options,
                         const FourLetterWordTransport& fourLetterWords, const AdminTransport& admin) {
    const auto deadline = Clock::now() + options.timeout;
    std::vector<std::string> notes;

    FourLetterAnswers words;
    bool wordsDown = false;
    words.srvr = ask(fourLetterWords, target.client, "srvr", deadline, &wordsDown, &notes);
    if (options.detailWords) {
        words.mntr = ask(fourLetterWords, target.client, "mntr", deadline, &wordsDown, &notes);
        words.wchs = ask(fourLetterWords, target.client, "wchs", deadline, &wordsDown, &notes);
        words.conf = ask(fourLetterWords, target.client, "conf", deadline, &wordsDown, &notes);
    }

    AdminAnswers answers;
    bool adminDown = !target.admin;
    if (target.admin) {
        const Endpoint& at = *target.admin;
        answers.monitor = ask(admin, at, "monitor", deadline, &adminDown, &notes);
        answers.serverStats = ask(admin, at, "server_stats", deadline, &adminDown, &notes);
        answers.leader = ask(admin, at, "leader", deadline, &adminDown, &notes);
        answers.zabstate = ask(admin, at, "zabstate", deadline, &adminDown, &notes);
        answers.watchSummary = ask(admin, at, "watch_summary", deadline, &adminDown, &notes);
        answers.configuration = ask(admin, at, "configuration", deadline, &adminDown, &notes);
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
