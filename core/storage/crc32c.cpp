#include "storage/crc32c.h"

#include <isa-l/crc.h>

#include <algorithm>
#include <climits>

namespace zooscope::storage {

uint32_t crc32c(std::string_view data, uint32_t crc) {
    // ISA-L's crc32_iscsi neither inverts the CRC on entry nor on exit (CRC-32C
    // does both), takes an int length, and reads through a non-const pointer.
    auto* p = reinterpret_cast<unsigned char*>(const_cast<char*>(data.data()));
    size_t n = data.size();
    uint32_t c = ~crc;
    while (n > 0) {
        const int chunk = int(std::min<size_t>(n, INT_MAX));
        c = crc32_iscsi(p, chunk, c);
        p += chunk;
        n -= size_t(chunk);
    }
    return ~c;
}

}  // namespace zooscope::storage
