// CRC-32C (Castagnoli), the checksum of every log record and snapshot chunk.
// Chosen over zlib's crc32 because its polynomial detects more error patterns
// in records of the sizes we write (it is what iSCSI, ext4 metadata and
// leveldb use), and a table-driven version needs no extra library in the core.
#pragma once

#include <cstdint>
#include <string_view>

namespace zooscope::storage {

// CRC of `data` continuing from `crc` (0 to start).
uint32_t crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace zooscope::storage
