// FrameProxy: a loopback TCP proxy in front of a ZooKeeper server that cuts
// both directions into frames, counts the clients' requests by opcode and
// lets a test decide what happens to each multiRead request: forward it,
// answer it with an error itself (a server that does not serve multiRead),
// freeze its connection (a stopped server) or cut every connection (a server
// that died). Tests only; one thread per connection, all bounded by close().
//
// Contracts: the hook runs on the connection's thread before the request is
// forwarded, and may block (e.g. to change the tree through another client);
// counts() and the hook may be used from any thread. The destructor closes
// every connection and joins every thread.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "zooscope/protocol.h"

namespace zooscope::testing {

class FrameProxy {
public:
    // Swallow: the request is dropped, the connection goes on (pings are
    // still answered): a server that never answers that request.
    enum class Action { Forward, Refuse, Swallow, Freeze, Cut };
    // Called for each multiRead request: its n (1 for the first one seen
    // through the proxy) and payload (header + body).
    using Hook = std::function<Action(int n, const std::string& payload)>;

    explicit FrameProxy(uint16_t serverPort);
    ~FrameProxy();
    FrameProxy(const FrameProxy&) = delete;
    FrameProxy& operator=(const FrameProxy&) = delete;

    uint16_t port() const { return port_; }
    std::string connectString() const { return "127.0.0.1:" + std::to_string(port_); }
    void setHook(Hook hook);
    // Refuse answers with this error (Unimplemented by default: ZooKeeper 3.5).
    void setRefusal(proto::Err err) { refusal_ = err; }
    // Requests seen from clients by opcode (the ConnectRequest as CreateSession).
    std::map<proto::OpCode, int> counts() const;

private:
    void acceptLoop();
    void serve(int client);
    Action decide(const std::string& payload);

    uint16_t serverPort_;
    uint16_t port_ = 0;
    int listener_ = -1;
    std::atomic<bool> closing_{false};
    std::atomic<bool> cut_{false};
    std::atomic<proto::Err> refusal_{proto::Err::Unimplemented};
    mutable std::mutex mutex_;
    Hook hook_;
    int multiReads_ = 0;
    std::map<proto::OpCode, int> counts_;
    std::vector<int> fds_;  // every socket open, closed on cut and in the destructor
    std::thread acceptor_;
    std::vector<std::thread> connections_;
};

}  // namespace zooscope::testing
