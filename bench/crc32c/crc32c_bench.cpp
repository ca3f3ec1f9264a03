// bench_crc32c: throughput of storage::crc32c (ISA-L's crc32_iscsi) and of the
// hand-written slicing-by-4 it replaced, over buffers of the sizes the log and
// snapshots checksum (a small txn record up to a snapshot chunk), after
// checking that both give the published check values.
//
//   bench_crc32c     (no options; about 0.5 s per size and implementation)
//
// Output: one markdown table row per size, the best of 5 rounds in GB/s.
// Exit 1 when an implementation fails the check value.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "slicing_by_4.h"
#include "storage/crc32c.h"

namespace {

using Clock = std::chrono::steady_clock;
using CrcFn = uint32_t (*)(std::string_view, uint32_t);
constexpr double kSeconds = 0.5;  // per size and implementation

uint32_t storageCrc(std::string_view data, uint32_t crc) { return zooscope::storage::crc32c(data, crc); }

bool passesCheck(const char* name, CrcFn fn) {
    const uint32_t got = fn("123456789", 0);
    const uint32_t zeros = fn(std::string(32, '\0'), 0);
    const bool ok = got == 0xE3069283u && zeros == 0x8A9136AAu;
    std::printf("%s: crc(\"123456789\") = 0x%08X, crc(32 zero bytes) = 0x%08X: %s\n", name, got, zeros,
                ok ? "ok" : "WRONG");
    return ok;
}

// Best GB/s of five rounds of kSeconds / 5 each.
double gbPerSecond(CrcFn fn, const std::string& buf) {
    double best = 0;
    uint32_t sink = 0;
    for (int round = 0; round < 5; ++round) {
        uint64_t bytes = 0;
        const auto start = Clock::now();
        const auto until = start + std::chrono::duration<double>(kSeconds / 5);
        Clock::time_point now;
        do {
            for (int i = 0; i < 64; ++i) sink = fn(buf, sink);
            bytes += 64 * buf.size();
            now = Clock::now();
        } while (now < until);
        best = std::max(best, double(bytes) / std::chrono::duration<double>(now - start).count() / 1e9);
    }
    if (sink == 0x12345678u) std::printf(" ");  // keeps the loop from being optimized away
    return best;
}

}  // namespace

int main(int argc, char**) {
    if (argc > 1) {
        std::fprintf(stderr, "usage: bench_crc32c (it takes no options)\n");
        return 2;
    }
    const bool storageOk = passesCheck("storage::crc32c", storageCrc);
    const bool slicingOk = passesCheck("slicing-by-4", zooscope::bench::crc32cSlicingBy4);
    if (!storageOk || !slicingOk) return 1;

    std::printf("\n| bytes | slicing-by-4 GB/s | storage::crc32c (ISA-L) GB/s | ISA-L / slicing-by-4 |\n"
                "|---:|---:|---:|---:|\n");
    for (size_t size : {64u, 512u, 4096u, 65536u, 1u << 20}) {
        std::string buf(size, '\0');
        uint32_t x = 1;
        for (char& c : buf) c = char((x = x * 1103515245u + 12345u) >> 16);
        const double slicing = gbPerSecond(zooscope::bench::crc32cSlicingBy4, buf);
        const double isal = gbPerSecond(storageCrc, buf);
        std::printf("| %zu | %.2f | %.2f | %.1f |\n", size, slicing, isal, isal / slicing);
    }
    return 0;
}
