// bench_sync_probe [SECONDS] [DIR] [RECORD_BYTES]: appends RECORD_BYTES
// (default 4096, about one group commit of the server bench) to a file in DIR
// (default /tmp) and syncs it, over and over for SECONDS (default 15), through
// the engine's Env, as the transaction log does: the file preallocated in 64
// MiB chunks (zoo.cfg's preAllocSize default), each append followed by
// sync() (write + fdatasync). One sync at a time, nothing else running in
// this process.
//
// Prints one line: how many syncs, their latency percentiles, the longest,
// and the stalls (syncs over 20 ms): how many and how much time they cover.
// A server's acknowledged write cannot come back before the sync that makes
// it durable, so the longest stall here is a floor under any server's write
// latency on the same disk at the same time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

#include "env/env.h"

using namespace zooscope;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const double seconds = argc > 1 ? std::atof(argv[1]) : 15.0;
    const std::string dir = argc > 2 ? argv[2] : "/tmp";
    const size_t recordBytes = argc > 3 ? size_t(std::atol(argv[3])) : 4096;
    if (seconds <= 0 || recordBytes == 0) {
        std::fprintf(stderr, "usage: bench_sync_probe [SECONDS>0] [DIR] [RECORD_BYTES>0]\n");
        return 2;
    }
    constexpr uint64_t kPrealloc = 64ull << 20;
    const std::string path = dir + "/sync-probe." + std::to_string(::getpid()) + ".log";
    std::shared_ptr<Env> env = Env::system();
    std::unique_ptr<WritableFile> file;
    if (Status s = env->newWritableFile(path, &file); !s) {
        std::fprintf(stderr, "bench_sync_probe: %s\n", s.toString().c_str());
        return 1;
    }
    const std::string record(recordBytes, 'r');
    uint64_t allocated = 0;
    std::vector<double> ms;
    ms.reserve(1 << 20);
    const auto end = Clock::now() + std::chrono::duration<double>(seconds);
    int rc = 0;
    while (Clock::now() < end) {
        if (file->size() + recordBytes > allocated) {
            allocated += kPrealloc;
            if (Status s = file->preallocate(allocated); !s) {
                std::fprintf(stderr, "bench_sync_probe: %s\n", s.toString().c_str());
                rc = 1;
                break;
            }
        }
        const auto t0 = Clock::now();
        Status s = file->append(record);
        if (s) s = file->sync();
        if (!s) {
            std::fprintf(stderr, "bench_sync_probe: %s\n", s.toString().c_str());
            rc = 1;
            break;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    file->close();
    env->removeFile(path);
    if (ms.empty()) return rc ? rc : 1;
    double stalled = 0;
    size_t stalls = 0;
    for (double v : ms)
        if (v > 20.0) ++stalls, stalled += v;
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) { return ms[std::min(ms.size() - 1, size_t(p * double(ms.size())))]; };
    std::printf("syncs %zu  p50 %.2f  p99 %.2f  p999 %.2f  max %.1f ms  stalls>20ms %zu covering %.0f ms of %.0f\n",
                ms.size(), pct(0.50), pct(0.99), pct(0.999), ms.back(), stalls, stalled, seconds * 1000);
    return rc;
}
