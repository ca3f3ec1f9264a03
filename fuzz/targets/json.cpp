// The JSON reader under the export/import format (admin/json.h), which reads
// files a user hands the app.
//
// Input: a JSON text (seeds: export files of real trees, written by the app's
// export). Checked: a refusal names a line and column inside the text; an
// accepted value written out (compact and pretty) reads back to the same value.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "admin/json.h"
#include "fuzz_support.h"

namespace json = zooscope::admin::json;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = zooscope::fuzz::bytesOf(data, size);
    json::ParseError error;
    const std::optional<json::Value> v = json::parse(text, &error);
    if (!v) {
        const auto lines = 1 + std::count(text.begin(), text.end(), '\n');
        ZS_FUZZ_CHECK(!error.message.empty());
        ZS_FUZZ_CHECK(error.line >= 1 && error.line <= lines);
        ZS_FUZZ_CHECK(error.column >= 1);
        return 0;
    }
    for (int indent : {0, 2}) {
        const std::string written = json::write(*v, indent);
        json::ParseError again;
        const std::optional<json::Value> back = json::parse(written, &again);
        ZS_FUZZ_CHECK(back.has_value());
        ZS_FUZZ_CHECK(*back == *v);
    }
    return 0;
}
