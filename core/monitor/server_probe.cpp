// probeServer: the questions one poll asks, in order, within one deadline.
#include "zooscope/server_probe.h"

#include <algorithm>
#include <thread>

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
                               std::vector<SampleNote>* notes, Fetch fetch) {
    if (*channelDown) return std::nullopt;
    const milliseconds budget = left(deadline);
    if (budget.count() == 0) {
        *channelDown = true;
        notes->push_back(SampleNote{NoteKind::OutOfTime, std::string(what), {}, {}, std::nullopt});
        return std::nullopt;
    }
    Fetched f = fetch(budget);
    if (!f.answered) {
        *channelDown = true;
        notes->push_back(std::move(*f.failure));
        return std::nullopt;
    }
    // Error pages are bodies too: the parsers name what they say.
    return std::move(f.body);
}

std::optional<std::string> askWord(const FourLetterWordTransport& transport, const Endpoint& server,
                                   std::string_view word, Clock::time_point deadline, bool* down,
                                   std::vector<SampleNote>* notes) {
    return ask(word, deadline, down, notes, [&](milliseconds budget) {
        Fetched f;
        f.body = transport(server, word, budget);
        f.answered = !f.body.empty();
        if (!f.answered) f.failure = SampleNote{NoteKind::NoAnswer, std::string(word), server.text(), {}, budget.count()};
        return f;
    });
}

std::optional<std::string> askAdmin(const AdminTransport& transport, const Endpoint& admin, std::string_view command,
                                    Clock::time_point deadline, bool* down, std::vector<SampleNote>* notes) {
    return ask(command, deadline, down, notes, [&](milliseconds budget) {
        Fetched f = transport(admin, command, budget);
        if (!f.answered && !f.failure)
            f.failure = SampleNote{NoteKind::AdminFailed, std::string(command), admin.text(), {}, std::nullopt};
        return f;
    });
}

}  // namespace

ServerSample probeServer(const ProbeTarget& target, const ProbeOptions& options,
                         const FourLetterWordTransport& fourLetterWords, const AdminTransport& admin) {
    const auto deadline = Clock::now() + options.timeout;

    // The AdminServer on its own thread: each channel has the whole
    // deadline, so a client port that swallows the words does not starve it.
    AdminAnswers answers;
    bool adminDown = !target.admin;
    std::vector<SampleNote> adminNotes;
    std::jthread adminChannel;
    if (target.admin) {
        adminChannel = std::jthread([&] {
            const Endpoint& at = *target.admin;
            const auto ask = [&](std::string_view command) {
                return askAdmin(admin, at, command, deadline, &adminDown, &adminNotes);
            };
            answers.monitor = ask("monitor");
            answers.serverStats = ask("server_stats");
            answers.leader = ask("leader");
            answers.zabstate = ask("zabstate");
            answers.watchSummary = ask("watch_summary");
            answers.configuration = ask("configuration");
        });
    }

    FourLetterAnswers words;
    bool wordsDown = false;
    std::vector<SampleNote> notes;
    words.srvr = askWord(fourLetterWords, target.client, "srvr", deadline, &wordsDown, &notes);
    if (options.detailWords) {
        words.mntr = askWord(fourLetterWords, target.client, "mntr", deadline, &wordsDown, &notes);
        words.wchs = askWord(fourLetterWords, target.client, "wchs", deadline, &wordsDown, &notes);
        words.conf = askWord(fourLetterWords, target.client, "conf", deadline, &wordsDown, &notes);
    }
    if (adminChannel.joinable()) adminChannel.join();
    notes.insert(notes.end(), adminNotes.begin(), adminNotes.end());

    ServerSample s = mergeSamples(sampleFromFourLetterWords(words), sampleFromAdminServer(answers));
    if (wordsDown && adminDown && !s.mode) s.mode = ServerMode::Down;
    if (!target.admin && !s.fromAdminServer)
        notes.push_back(SampleNote{NoteKind::NoAdminAddress, {}, target.client.text(), {}, std::nullopt});
    notes.insert(notes.end(), s.notes.begin(), s.notes.end());
    s.notes = std::move(notes);
    return s;
}

}  // namespace zooscope::monitor
