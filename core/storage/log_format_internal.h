// Internal helpers shared by txn_log.cpp and snapshot.cpp: big-endian fields,
// record framing and the damaged-tail scan. Not a public API.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zooscope::storage::detail {

inline void putU32(std::string& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xff));
}
inline void putU64(std::string& out, uint64_t v) {
    for (int s = 56; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xff));
}
inline uint32_t getU32(std::string_view b, size_t at) {
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) v = v << 8 | uint8_t(b[at + i]);
    return v;
}
inline uint64_t getU64(std::string_view b, size_t at) {
    uint64_t v = 0;
    for (size_t i = 0; i < 8; ++i) v = v << 8 | uint8_t(b[at + i]);
    return v;
}

// magic 4 | version 4 | zxid 8 | crc32c of the first 16 bytes 4
std::string fileHeader(const char (&magic)[4], uint32_t version, int64_t zxid);

enum class HeaderCheck { Ok, Short, BadCrc, BadMagic };
HeaderCheck checkFileHeader(std::string_view bytes, const char (&magic)[4], uint32_t* version, int64_t* zxid);

// length 4 | crc32c(length bytes + payload) 4 | payload
std::string frame(std::string_view payload);

enum class FrameCheck { Ok, ZeroMarker, Partial, BadLength, BadCrc };
// Checks the frame at `pos`; on Ok sets *payload and *next.
FrameCheck checkFrame(std::string_view bytes, size_t pos, uint32_t maxLen, std::string_view* payload, size_t* next);
const char* frameCheckName(FrameCheck c);

bool allZero(std::string_view bytes);
// The offset of the first position > `from` where a whole valid frame starts,
// or npos: tells damage in the middle (valid data follows) from a torn tail.
size_t findValidFrameAfter(std::string_view bytes, size_t from, uint32_t maxLen);

}  // namespace zooscope::storage::detail
