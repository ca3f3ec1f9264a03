// A session id as the readers write it in what they report: "0x" and
// lowercase hex, as ZooKeeper's own logs and four-letter words show it.
// Internal to core/readers.
#pragma once

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <string>

namespace zooscope::readers {

inline std::string hexSession(int64_t session) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "0x%" PRIx64, static_cast<uint64_t>(session));
    return buf;
}

}  // namespace zooscope::readers
