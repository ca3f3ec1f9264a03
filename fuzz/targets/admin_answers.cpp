// The monitor's readers of AdminServer answers (zooscope/server_answers.h:
// the JSON of /commands/monitor, server_stats, leader, zabstate, voting_view,
// connections, watch_summary, configuration, watches, watches_by_path),
// what the dashboard and zooscope-ctl read from every AdminServer over HTTP.
//
// Input: one byte choosing the reader (its value modulo the number of
// readers, in the order above), then the body. Seeds: real AdminServer
// answers of Apache ZooKeeper 3.8 and of the engine (standalone, leader,
// follower, an unknown command's error), from tests/data/monitor/, each
// behind its reader's byte (fuzz/tools/monitor_seeds.py). Checked: the readers' contract (answer_check.h).
#include <cstdint>
#include <string>
#include <string_view>

#include "answer_check.h"

namespace m = zooscope::monitor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view body = zooscope::fuzz::bytesOf(data + 1, size - 1);
    switch (data[0] % 10) {
    case 0: zooscope::fuzz::checkAnswer(m::parseAdminMonitor(body)); break;
    case 1: zooscope::fuzz::checkAnswer(m::parseAdminStats(body)); break;
    case 2: zooscope::fuzz::checkAnswer(m::parseAdminLeader(body)); break;
    case 3: zooscope::fuzz::checkAnswer(m::parseAdminZabState(body)); break;
    case 4: zooscope::fuzz::checkAnswer(m::parseAdminVotingView(body)); break;
    case 5: zooscope::fuzz::checkAnswer(m::parseAdminConnections(body)); break;
    case 6: zooscope::fuzz::checkAnswer(m::parseAdminWatchSummary(body)); break;
    case 7: zooscope::fuzz::checkAnswer(m::parseAdminConfiguration(body)); break;
    case 8: zooscope::fuzz::checkAnswer(m::parseAdminWatches(body)); break;
    case 9: zooscope::fuzz::checkAnswer(m::parseAdminWatchesByPath(body)); break;
    }
    return 0;
}
