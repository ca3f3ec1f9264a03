// The member-to-leader forwarding codec (server/forwarded_request.h): what a
// leader decodes from a learner's Request message before it prepares a
// transaction.
//
// Input: one forwarded request (seeds: what members of a three-node
// ensemble forwarded while kazoo, zkCli.sh and Curator wrote through them).
// Whatever decodes must re-encode to bytes that decode to the same request and
// re-encode to themselves; whatever is refused says why.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.h"
#include "server/forwarded_request.h"

namespace forward = zooscope::server::forward;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    const std::optional<forward::Request> r = forward::decode(zooscope::fuzz::bytesOf(data, size), &error);
    if (!r) {
        ZS_FUZZ_CHECK(!error.empty());
        return 0;
    }
    const std::string once = forward::encode(*r);
    const std::optional<forward::Request> again = forward::decode(once);
    ZS_FUZZ_CHECK(again.has_value() && *again == *r);
    ZS_FUZZ_CHECK(forward::encode(*again) == once);
    return 0;
}
