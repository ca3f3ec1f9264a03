// The quorum message codec (quorum/messages.h) on bytes from a peer: what an
// ensemble member reads from its election and quorum sockets.
//
// Input: one encoded message (seeds: messages engine members exchanged in a
// three-node ensemble, election through broadcast). Whatever decodes must
// re-encode to bytes that decode to the same message and re-encode to
// themselves; whatever is refused says why.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.h"
#include "quorum/messages.h"

namespace quorum = zooscope::quorum;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    const std::optional<quorum::Message> m = quorum::decode(zooscope::fuzz::bytesOf(data, size), &error);
    if (!m) {
        ZS_FUZZ_CHECK(!error.empty());
        return 0;
    }
    const std::string once = quorum::encode(*m);
    const std::optional<quorum::Message> again = quorum::decode(once);
    ZS_FUZZ_CHECK(again.has_value() && *again == *m);
    ZS_FUZZ_CHECK(quorum::encode(*again) == once);
    return 0;
}
