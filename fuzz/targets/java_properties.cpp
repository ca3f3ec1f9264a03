// The Java-properties reader under zoo.cfg (config/java_properties.h).
//
// Input: properties text (seeds: real zoo.cfg files, and the syntax corners
// Properties.load() has: continuations, escapes, \u sequences, ':' and
// whitespace separators, a BOM).
// Checked: a refusal says why; entries come in file order with line numbers
// inside the text.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "config/java_properties.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = zooscope::fuzz::bytesOf(data, size);
    std::vector<zooscope::config::Property> entries;
    std::string error;
    if (!zooscope::config::readJavaProperties(text, &entries, &error)) {
        ZS_FUZZ_CHECK(!error.empty());
        return 0;
    }
    const size_t lines = 1 + size_t(std::count(text.begin(), text.end(), '\n')) +
                         size_t(std::count(text.begin(), text.end(), '\r'));
    int previous = 0;
    for (const auto& e : entries) {
        ZS_FUZZ_CHECK(e.line >= 1 && size_t(e.line) <= lines);
        ZS_FUZZ_CHECK(e.line > previous);
        previous = e.line;
    }
    return 0;
}
