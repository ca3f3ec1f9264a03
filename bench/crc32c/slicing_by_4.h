// CRC-32C by slicing-by-4 tables: ZooScope's former hand-written storage::crc32c,
// the baseline bench_crc32c measures storage::crc32c (ISA-L) against.
#pragma once

#include <cstdint>
#include <string_view>

namespace zooscope::bench {

// Same contract as storage::crc32c: the CRC of `data` continuing from `crc` (0 to start).
uint32_t crc32cSlicingBy4(std::string_view data, uint32_t crc = 0);

}  // namespace zooscope::bench
