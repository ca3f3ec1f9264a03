// The dashboard's reader of a `srvr` answer (ui/monitor/srvr_info.h
// parseSrvr): what each server of a cluster tells the monitor, every few
// seconds, over the network.
//
// Input: the answer as bytes, read as UTF-8 as the monitor reads it (seeds:
// srvr and stat of engine members standalone, leader and follower, captured
// by fuzz/tools/capture_seeds.sh, ZooKeeper's "not in the whitelist"
// refusal, and Apache ZooKeeper 3.8's own answers, apache-*: standalone,
// leader, follower, observer, and "not currently serving"). Checked: parseSrvr never fails; an empty or blank
// answer is "not answered"; a refusal leaves version and mode unknown.
#include <QString>
#include <cstdint>

#include "fuzz_support.h"
#include "monitor/srvr_info.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const QString text = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const zooscope::ui::SrvrInfo info = zooscope::ui::parseSrvr(text);
    ZS_FUZZ_CHECK(info.answered == !text.trimmed().isEmpty());
    if (!info.whitelisted) ZS_FUZZ_CHECK(info.version.isEmpty() && info.mode.isEmpty());
    return 0;
}
