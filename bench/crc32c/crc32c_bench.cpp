// bench_crc32c: throughput of storage::crc32c and of ISA-L's crc32_iscsi over
// buffers of the sizes the log and snapshots checksum (a small txn record up to
// a snapshot chunk), after checking that both give the published check value.
//
//   bench_crc32c [--seconds S]    (S per size and implementation, default 0.5)
//
// Output: one markdown table row per size, the best of 5 rounds in GB/s.
// Exit 1 when an implementation fails the check value.
#include <isa-l/crc.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "storage/crc32c.h"

namespace {

using Clock = std::chrono::steady_clock;
using CrcFn = uint32_t (*)(std::string_view, uint32_t);

// ISA-L's convention: no inversion on entry or exit (CRC-32C inverts both),
// and an int length.
uint32_t isal(std::string_view data, uint32_t crc) {
    auto* p = reinterpret_cast<unsigned char*>(const_cast<char*>(data.data()));  // ISA-L only reads
    return ~crc32_iscsi(p, int(data.size()), ~crc);
}

uint32_t storageCrc(std::string_view data, uint32_t crc) { return zooscope::storage::crc32c(data, crc); }

bool passesCheck(const char* name, CrcFn fn) {
    const uint32_t got = fn("123456789", 0);
    const uint32_t zeros = fn(std::string(32, '\0'), 0);
    const bool ok = got == 0xE3069283u && zeros == 0x8A9136AAu;
    std::printf("%s: crc(\"123456789\") = 0x%08X, crc(32 zero bytes) = 0x%08X: %s\n", name, got, zeros,
                ok ? "ok" : "WRONG");
    return ok;
}

// Best GB/s of five rounds of `seconds` / 5 each.
double gbPerSecond(CrcFn fn, const std::string& buf, double seconds) {
    double best = 0;
    uint32_t sink = 0;
    for (int round = 0; round < 5; ++round) {
        uint64_t bytes = 0;
        const auto start = Clock::now();
        const auto until = start + std::chrono::duration<double>(seconds / 5);
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

int main(int argc, char** argv) {
    double seconds = 0.5;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            char* end = nullptr;
            seconds = std::strtod(argv[++i], &end);
            if (*end || seconds <= 0) {
                std::fprintf(stderr, "bench_crc32c: --seconds needs a positive number\n");
                return 2;
            }
        } else {
            std::fprintf(stderr, "usage: bench_crc32c [--seconds S]\n");
            return 2;
        }
    }
    const bool storageOk = passesCheck("storage::crc32c", storageCrc);
    const bool isalOk = passesCheck("ISA-L crc32_iscsi", isal);
    if (!storageOk || !isalOk) return 1;

    std::printf("\n| bytes | storage::crc32c GB/s | ISA-L crc32_iscsi GB/s | ISA-L / storage |\n|---:|---:|---:|---:|\n");
    for (size_t size : {64u, 512u, 4096u, 65536u, 1u << 20}) {
        std::string buf(size, '\0');
        uint32_t x = 1;
        for (char& c : buf) c = char((x = x * 1103515245u + 12345u) >> 16);
        const double mine = gbPerSecond(storageCrc, buf, seconds);
        const double theirs = gbPerSecond(isal, buf, seconds);
        std::printf("| %zu | %.2f | %.2f | %.1f |\n", size, mine, theirs, theirs / mine);
    }
    return 0;
}
