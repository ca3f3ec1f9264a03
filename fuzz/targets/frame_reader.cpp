// The client protocol's frame reader (proto/frame.h) on a byte stream that
// arrives in pieces, as a socket delivers it.
//
// Input: byte 0 picks jute.maxbuffer (the default, or a small one, so that
// "too long" is reachable with short inputs), byte 1 seeds the piece sizes,
// the rest is the stream (seeds: what kazoo, zkCli.sh, Curator and the C
// client sent the engine). Checked against a plain reading of the stream:
// the reader returns exactly the frames it holds, in order, fails for good at
// the first length below 0 or above maxbuffer and never before, peekLength()
// shows the next four bytes, and buffered() counts what is left.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "proto/frame.h"

using zooscope::fuzz::bytesOf;
using zooscope::proto::FrameReader;

namespace {

int32_t be32(std::string_view s, size_t at) {
    return int32_t(uint32_t(uint8_t(s[at])) << 24 | uint32_t(uint8_t(s[at + 1])) << 16 |
                   uint32_t(uint8_t(s[at + 2])) << 8 | uint32_t(uint8_t(s[at + 3])));
}

struct Expected {
    std::vector<std::string> frames;
    bool fails = false;  // a bad length comes before the stream ends
};

Expected readPlainly(std::string_view stream, int32_t maxBuffer) {
    Expected e;
    size_t at = 0;
    while (stream.size() - at >= 4) {
        const int32_t len = be32(stream, at);
        if (len < 0 || len > maxBuffer) {
            e.fails = true;
            break;
        }
        if (stream.size() - at - 4 < size_t(len)) break;
        e.frames.emplace_back(stream.substr(at + 4, size_t(len)));
        at += 4 + size_t(len);
    }
    return e;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const int32_t maxBuffer = data[0] & 1 ? 0xfffff : int32_t(data[0]);
    uint32_t rng = data[1] * 2654435761u + 1;
    const std::string_view stream = bytesOf(data + 2, size - 2);
    const Expected expected = readPlainly(stream, maxBuffer);

    FrameReader reader(maxBuffer);
    std::vector<std::string> got;
    size_t fed = 0;
    size_t consumed = 0;  // bytes of the stream returned as frames, with their prefixes
    while (fed < stream.size() && !reader.failed()) {
        rng = rng * 1103515245u + 12345u;
        const size_t piece = std::min<size_t>(stream.size() - fed, 1 + (rng >> 16) % 97);
        reader.feed(stream.substr(fed, piece));
        fed += piece;
        while (auto f = reader.next()) {
            consumed += 4 + f->size();
            got.push_back(std::move(*f));
        }
        if (!reader.failed()) {
            ZS_FUZZ_CHECK(reader.buffered() == fed - consumed);
            const std::optional<int32_t> peek = reader.peekLength();
            ZS_FUZZ_CHECK(peek.has_value() == (fed - consumed >= 4));
            if (peek) ZS_FUZZ_CHECK(*peek == be32(stream, consumed));
        }
    }
    ZS_FUZZ_CHECK(got == expected.frames);
    ZS_FUZZ_CHECK(reader.failed() == expected.fails);
    if (reader.failed()) {
        ZS_FUZZ_CHECK(!reader.error().empty());
        reader.feed("\0\0\0\0", 4);
        ZS_FUZZ_CHECK(!reader.next());
    }
    return 0;
}
