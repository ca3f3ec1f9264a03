// Small RAII pieces over the ZooKeeper C client (multi-threaded flavour)
// shared by the load run and the verifier.
#pragma once

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace zooscope::bench {

// "ZCONNECTIONLOSS" for -4 etc.; "Z<rc>" for codes this build does not know.
std::string errorName(int rc);

// Sets the C client's global log level once (ERROR, or INFO when verbose).
void setClientLogLevel(bool verbose);

// One session. Thread-safe: handle() may be used from any thread for async
// calls (the C client serializes them); the destructor closes the session,
// which completes every outstanding request (ZCLOSING) before returning.
class ZkHandle {
public:
    // Connects and waits up to connectTimeoutMs for SyncConnected.
    static std::unique_ptr<ZkHandle> connect(const std::string& hosts, int sessionTimeoutMs,
                                             int connectTimeoutMs, std::string* error);
    ~ZkHandle();
    ZkHandle(const ZkHandle&) = delete;
    ZkHandle& operator=(const ZkHandle&) = delete;

    zhandle_t* handle() const { return zh_; }
    bool expired() const { return expired_.load(std::memory_order_relaxed); }
    // Idempotent; the destructor calls it.
    void close();

private:
    ZkHandle() = default;
    static void onWatch(zhandle_t* zh, int type, int state, const char* path, void* context);

    zhandle_t* zh_ = nullptr;
    std::mutex mu_;
    std::condition_variable cv_;
    bool connected_ = false;  // guarded by mu_
    std::atomic<bool> expired_{false};
};

// Bounds the number of requests in flight across threads: acquire() blocks
// while `window` are outstanding; the completion calls release(ok).
class InflightLimiter {
public:
    explicit InflightLimiter(int window) : window_(window) {}
    void acquire();
    void release();
    // Waits until nothing is in flight or timeoutMs passes; true when drained.
    bool drain(int timeoutMs);

private:
    std::mutex mu_;
    std::condition_variable cv_;
    int window_;
    int inflight_ = 0;  // guarded by mu_
};

}  // namespace zooscope::bench
