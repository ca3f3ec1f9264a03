// CRC-32C (Castagnoli), the checksum of every log record and snapshot chunk.
// Chosen over zlib's crc32 because its polynomial detects more error patterns
// in records of the sizes we write (it is what iSCSI, ext4 metadata and
// leveldb use). Computed by ISA-L's crc32_iscsi (Debian libisal), which picks
// the CPU's CRC32/carry-less-multiply instructions at run time: it gives the
// same check values as the hand-written slicing-by-4 it replaced and is 16 to
// 40 times faster from 512-byte buffers up (docs/BENCHMARKS.md, bench_crc32c).
// Pure; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace zooscope::storage {

// CRC of `data` continuing from `crc` (0 to start).
uint32_t crc32c(std::string_view data, uint32_t crc = 0);

}  // namespace zooscope::storage
