// The hand-written CRC-32C that storage::crc32c was until ISA-L replaced it,
// kept as bench_crc32c's baseline so the choice can be measured again.
#include "slicing_by_4.h"

#include <array>

namespace zooscope::bench {

namespace {
constexpr uint32_t kPoly = 0x82F63B78u;  // reversed Castagnoli polynomial

// Slicing-by-4 tables: four bytes per step.
constexpr std::array<std::array<uint32_t, 256>, 4> makeTables() {
    std::array<std::array<uint32_t, 256>, 4> t{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (c >> 1) ^ kPoly : c >> 1;
        t[0][i] = c;
    }
    for (uint32_t i = 0; i < 256; ++i) {
        for (int s = 1; s < 4; ++s) t[s][i] = (t[s - 1][i] >> 8) ^ t[0][t[s - 1][i] & 0xff];
    }
    return t;
}
constexpr auto kTables = makeTables();
}  // namespace

uint32_t crc32cSlicingBy4(std::string_view data, uint32_t crc) {
    uint32_t c = ~crc;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    size_t n = data.size();
    while (n >= 4) {
        c ^= uint32_t(p[0]) | uint32_t(p[1]) << 8 | uint32_t(p[2]) << 16 | uint32_t(p[3]) << 24;
        c = kTables[3][c & 0xff] ^ kTables[2][(c >> 8) & 0xff] ^ kTables[1][(c >> 16) & 0xff] ^ kTables[0][c >> 24];
        p += 4;
        n -= 4;
    }
    while (n--) c = kTables[0][(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

}  // namespace zooscope::bench
