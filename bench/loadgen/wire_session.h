// zooscope-loadgen's `--client wire`: ZooKeeper sessions spoken directly on
// sockets through core/proto's codec, so that the load generator, not the
// server, stops being the limit on a small machine.
//
// Why: the C client (multi-threaded) pays one send() per request and two
// thread hops per reply; on loopback a send() also runs the receiver's TCP
// path. Measured on the 2-core bench machine, that is ~45 us of the
// generator's CPU per request, which caps a closed-loop write load near
// 20k ops/s for any server. Here every request queued between two wake-ups
// of the loop leaves in one send(), and replies are read in large chunks on
// one thread for all sessions. The bytes are the same as any client's
// (Apache's server parses them too), so both servers meet the same load.
//
// Contracts:
// - WireLoop owns one thread with an epoll set; every WireSession it serves
//   is read, completed and flushed on that thread. Completions run there,
//   with no lock of this file held, in the order the server answered (a
//   session's replies come in request order; a reply whose xid is not the
//   oldest outstanding one ends the session as a protocol error).
// - WireSession::send() may be called from any thread, including from inside
//   a completion. It never blocks on the network.
// - A session that loses its connection completes every outstanding request
//   with rc = ZCONNECTIONLOSS (-4) once and refuses later sends; there is no
//   reconnect (a benchmark reports the errors instead).
// - The loop pings a session that has sent nothing for a third of its
//   negotiated timeout, as the clients do.
// - No chroot and no authentication: a load generator's session.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "proto/frame.h"
#include "zooscope/protocol.h"

namespace zooscope::bench {

class WireLoop;

// Called on the loop thread with the request's tag, the reply's error code
// (ZooKeeper's numbers, ZOK = 0) and the reply body after the ReplyHeader.
using WireCompletion = void (*)(void* tag, int rc, std::string_view body);

class WireSession {
public:
    ~WireSession();
    WireSession(const WireSession&) = delete;
    WireSession& operator=(const WireSession&) = delete;

    // Queues one request (header + body) and wakes the loop. False when the
    // session is gone (the request was not queued; no completion comes).
    bool send(proto::OpCode op, std::string_view body, void* tag);

    bool dead() const { return dead_.load(std::memory_order_relaxed); }
    int64_t sessionId() const { return sessionId_; }

private:
    friend class WireLoop;
    WireSession(WireLoop& loop, int fd, int64_t sessionId, int timeoutMs, WireCompletion done);

    struct Pending {
        int32_t xid;
        void* tag;
    };

    // Loop thread only.
    bool readAvailable();  // false: the connection ended (EOF, error, bad frame)
    bool flush();          // false: the connection ended
    void fail();           // completes the outstanding with ZCONNECTIONLOSS once
    void pingIfIdle(int64_t nowMs);

    WireLoop& loop_;
    const int fd_;
    const int64_t sessionId_;
    const int timeoutMs_;
    const WireCompletion done_;
    std::atomic<bool> dead_{false};

    std::mutex mu_;
    std::string queued_;           // guarded by mu_: frames not yet handed to the socket
    std::deque<Pending> pending_;  // guarded by mu_: sent or queued, not answered
    int32_t nextXid_ = 1;          // guarded by mu_

    // Loop thread only.
    std::string unsent_;           // taken from queued_, not yet accepted by the socket
    proto::FrameReader in_{64 << 20};  // received bytes not yet parsed
    int64_t lastSendMs_ = 0;
    bool wantWrite_ = false;
};

class WireLoop {
public:
    // Starts the loop thread. Throws std::system_error if epoll/eventfd fail.
    explicit WireLoop(WireCompletion done);
    // Stops the thread, then sends each session's CloseSession (best effort)
    // and closes the sockets. Outstanding requests get no completion.
    ~WireLoop();
    WireLoop(const WireLoop&) = delete;
    WireLoop& operator=(const WireLoop&) = delete;

    // Connects to one host:port of `connectString` (index picks it round
    // robin), does the handshake with a bounded wait, and serves the session
    // from the loop. nullptr and a sentence in *error on failure.
    WireSession* connect(const std::string& connectString, int index, int sessionTimeoutMs, int connectTimeoutMs,
                         std::string* error);

private:
    friend class WireSession;
    void wake();
    void run();
    void watchWritable(WireSession& s, bool on);

    WireCompletion done_;
    int epfd_ = -1;
    int wakeFd_ = -1;
    std::atomic<bool> stop_{false};
    std::atomic<bool> woken_{false};
    std::mutex sessionsMu_;
    std::vector<std::unique_ptr<WireSession>> sessions_;  // guarded by sessionsMu_
    std::thread thread_;
};

}  // namespace zooscope::bench
