// Env: the engine's window on time (and, with durability, the disk). Everything
// that is not deterministic goes through here so tests can fake it
// (leveldb's Env is the model).
//
// Thread-safety: implementations must be safe to call from any thread.
#pragma once

#include <cstdint>
#include <memory>

namespace zooscope {

class Env {
public:
    virtual ~Env() = default;
    // Wall-clock milliseconds since the epoch: znode ctime/mtime.
    virtual int64_t wallMs() = 0;
    // Monotonic milliseconds: session expiry, latencies.
    virtual int64_t monotonicMs() = 0;

    // The process-wide real Env. Never null.
    static std::shared_ptr<Env> system();
};

}  // namespace zooscope
