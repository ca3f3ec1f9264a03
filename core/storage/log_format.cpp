#include <cstring>

#include "storage/crc32c.h"
#include "storage/log_format_internal.h"

namespace zooscope::storage::detail {

std::string fileHeader(const char (&magic)[4], uint32_t version, int64_t zxid) {
    std::string h(magic, 4);
    putU32(h, version);
    putU64(h, uint64_t(zxid));
    putU32(h, crc32c(h));
    return h;
}

HeaderCheck checkFileHeader(std::string_view bytes, const char (&magic)[4], uint32_t* version, int64_t* zxid) {
    if (bytes.size() < 20) return HeaderCheck::Short;
    if (crc32c(bytes.substr(0, 16)) != getU32(bytes, 16)) return HeaderCheck::BadCrc;
    if (std::memcmp(bytes.data(), magic, 4) != 0) return HeaderCheck::BadMagic;
    *version = getU32(bytes, 4);
    *zxid = int64_t(getU64(bytes, 8));
    return HeaderCheck::Ok;
}

std::string frame(std::string_view payload) {
    std::string out;
    out.reserve(8 + payload.size());
    putU32(out, uint32_t(payload.size()));
    const uint32_t crc = crc32c(payload, crc32c(out));
    putU32(out, crc);
    out.append(payload);
    return out;
}

FrameCheck checkFrame(std::string_view bytes, size_t pos, uint32_t maxLen, std::string_view* payload, size_t* next) {
    if (bytes.size() - pos < 8) return FrameCheck::Partial;
    const uint32_t len = getU32(bytes, pos);
    const uint32_t crc = getU32(bytes, pos + 4);
    if (len == 0 && crc == 0) return FrameCheck::ZeroMarker;
    if (len == 0 || len > maxLen) return FrameCheck::BadLength;
    if (bytes.size() - pos - 8 < len) return FrameCheck::Partial;
    const std::string_view body = bytes.substr(pos + 8, len);
    if (crc32c(body, crc32c(bytes.substr(pos, 4))) != crc) return FrameCheck::BadCrc;
    *payload = body;
    *next = pos + 8 + len;
    return FrameCheck::Ok;
}

const char* frameCheckName(FrameCheck c) {
    switch (c) {
    case FrameCheck::Ok: return "ok";
    case FrameCheck::ZeroMarker: return "zero-filled region";
    case FrameCheck::Partial: return "partial record";
    case FrameCheck::BadLength: return "bad record length";
    case FrameCheck::BadCrc: return "checksum mismatch";
    }
    return "?";
}

bool allZero(std::string_view bytes) {
    for (char c : bytes)
        if (c != 0) return false;
    return true;
}

size_t findValidFrameAfter(std::string_view bytes, size_t from, uint32_t maxLen) {
    for (size_t pos = from + 1; pos + 8 < bytes.size(); ++pos) {
        std::string_view payload;
        size_t next = 0;
        // Cheap filter before the CRC: a plausible, fitting length.
        const uint32_t len = getU32(bytes, pos);
        if (len == 0 || len > maxLen || len > bytes.size() - pos - 8) continue;
        if (checkFrame(bytes, pos, maxLen, &payload, &next) == FrameCheck::Ok) return pos;
    }
    return std::string_view::npos;
}

}  // namespace zooscope::storage::detail
