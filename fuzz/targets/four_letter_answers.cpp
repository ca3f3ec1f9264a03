// The monitor's readers of four-letter-word answers (zooscope/server_answers.h:
// srvr, stat, mntr, cons, wchs, wchc, wchp, wchk, conf, and /zookeeper/config's
// membership), what the dashboard, zooscope-ctl and the recipe readers take
// from every server they are pointed at, over the network.
//
// Input: one byte choosing the reader (its value modulo the number of
// readers, in the order above), then the answer's bytes. Seeds: real answers
// of Apache ZooKeeper 3.8 and of the engine (standalone, leader, follower,
// not serving, default whitelist), from tests/data/monitor/, each behind its
// reader's byte (fuzz/tools/monitor_seeds.py). Checked: the readers' contract (answer_check.h).
#include <cstdint>
#include <string>
#include <string_view>

#include "answer_check.h"

namespace m = zooscope::monitor;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const std::string_view text = zooscope::fuzz::bytesOf(data + 1, size - 1);
    switch (data[0] % 10) {
    case 0: zooscope::fuzz::checkAnswer(m::parseSrvr(text)); break;
    case 1: zooscope::fuzz::checkAnswer(m::parseStat(text)); break;
    case 2: zooscope::fuzz::checkAnswer(m::parseMntr(text)); break;
    case 3: zooscope::fuzz::checkAnswer(m::parseCons(text)); break;
    case 4: zooscope::fuzz::checkAnswer(m::parseWchs(text)); break;
    case 5: zooscope::fuzz::checkAnswer(m::parseWchc(text)); break;
    case 6: zooscope::fuzz::checkAnswer(m::parseWchp(text)); break;
    case 7: zooscope::fuzz::checkAnswer(m::parseWchk(text)); break;
    case 8: zooscope::fuzz::checkAnswer(m::parseConf(text)); break;
    case 9: zooscope::fuzz::checkAnswer(m::parseMembership(text)); break;
    }
    return 0;
}
