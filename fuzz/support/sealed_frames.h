// For the storage targets: the log and snapshot files checksum their header
// and every record (CRC-32C, docs/storage-format.md), so a mutated file is
// almost always refused at the first checksum and the decoders behind it are
// never reached. seal() recomputes every checksum the file's own lengths
// point at, the way a writer would have, so that a target can feed the
// readers both raw bytes (checksums as they are) and sealed ones (what a
// buggy or hostile writer could produce).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "storage/crc32c.h"

namespace zooscope::fuzz {

inline uint32_t getBigEndian32(std::string_view b, size_t at) {
    return uint32_t(uint8_t(b[at])) << 24 | uint32_t(uint8_t(b[at + 1])) << 16 | uint32_t(uint8_t(b[at + 2])) << 8 |
           uint32_t(uint8_t(b[at + 3]));
}

inline void putBigEndian32(std::string& b, size_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) b[at + size_t(i)] = char(v >> (24 - 8 * i));
}

// File header: 16 bytes + CRC-32C of them; then frames (length u32, CRC-32C of
// the length bytes and the payload, payload) until a zero length or a length
// that runs past the end.
inline void seal(std::string& file) {
    constexpr size_t kHeader = 20;
    if (file.size() < kHeader) return;
    putBigEndian32(file, 16, storage::crc32c(std::string_view(file).substr(0, 16)));
    size_t pos = kHeader;
    while (file.size() - pos >= 8) {
        const uint32_t len = getBigEndian32(file, pos);
        if (len == 0 || file.size() - pos - 8 < len) return;
        const std::string_view view(file);
        putBigEndian32(file, pos + 4, storage::crc32c(view.substr(pos + 8, len), storage::crc32c(view.substr(pos, 4))));
        pos += 8 + len;
    }
}

// The i64 at bytes 8..15 of a file header: the zxid its name carries.
inline int64_t headerZxid(std::string_view file) {
    if (file.size() < 16) return 0;
    return int64_t(uint64_t(getBigEndian32(file, 8)) << 32 | getBigEndian32(file, 12));
}

}  // namespace zooscope::fuzz
