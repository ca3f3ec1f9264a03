// The engine-side reader of a `srvr`/`stat` answer (zooscope/ensemble.h
// parseSrvrMode), which the ensemble launcher and the demos trust to tell a
// leader from a follower.
//
// Input: the answer (seeds: srvr and stat of engine members standalone, leader
// and follower, captured by fuzz/tools/capture_seeds.sh; the engine writes
// them in ZooKeeper's format; and Apache ZooKeeper 3.8's own, apache-*:
// standalone, leader, follower, observer, and its "not currently serving"
// answer). Checked: a mode other than Unknown comes from a "Mode: "
// line naming it.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "zooscope/ensemble.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string text(zooscope::fuzz::bytesOf(data, size));
    const zooscope::NodeMode mode = zooscope::parseSrvrMode(text);
    if (mode != zooscope::NodeMode::Unknown)
        ZS_FUZZ_CHECK(text.find(std::string("Mode: ") + zooscope::toString(mode)) != std::string::npos);
    return 0;
}
