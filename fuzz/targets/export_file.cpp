// The export/import file reader (zooscope/admin.h parseExport): what the app
// reads before it imports a subtree into a cluster.
//
// Input: an export file (seeds: exports of real trees, written by the app's
// export). Checked: a refusal says why; an accepted file written out again
// (toJson) reads back and writes out to the same bytes.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.h"
#include "zooscope/admin.h"

namespace admin = zooscope::admin;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    const std::optional<admin::Snapshot> s = admin::parseExport(zooscope::fuzz::bytesOf(data, size), &error);
    if (!s) {
        ZS_FUZZ_CHECK(!error.empty());
        return 0;
    }
    const std::string once = admin::toJson(*s);
    std::string error2;
    const std::optional<admin::Snapshot> again = admin::parseExport(once, &error2);
    ZS_FUZZ_CHECK(again.has_value());
    ZS_FUZZ_CHECK(admin::toJson(*again) == once);
    return 0;
}
