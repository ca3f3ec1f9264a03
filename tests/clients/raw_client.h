// zooscope::testing::RawClient — a blocking, raw-socket ZooKeeper client for
// tests. It speaks the client protocol byte by byte through core/proto (the
// jute codec), so a test can send what the C client never sends: the newer
// opcodes (addWatch, multiRead, getEphemerals, whoAmI, setWatches2 ...), an
// old-client ConnectRequest, and outright garbage.
//
// Contracts:
// - One TCP connection to 127.0.0.1:<port> at a time. Every wait is bounded
//   (the per-call timeout, else defaultTimeoutMs); nothing blocks forever.
// - No background thread and no automatic pings: the session lives as long
//   as the test talks to the server within the negotiated timeout (call
//   ping() in long waits).
// - call() sends RequestHeader{xid, op} + body with xids 1, 2, 3 ... and
//   returns the first reply whose xid matches. Watch notifications (xid -1)
//   that arrive before it are queued for nextEvent(); ping replies (xid -2)
//   that nobody waits for are dropped; any other unmatched frame is kept and
//   returned by readFrame().
// - Errors never throw: a failure shows in the returned status / ok flag and
//   a message. Decoding a reply body is the caller's business (proto::decode),
//   and proto::DecodeError is the caller's to catch.
// - Not thread-safe: one thread drives one RawClient.
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "proto/records.h"
#include "zooscope/protocol.h"

namespace zooscope::testing {

// What connect() puts in the ConnectRequest.
struct RawConnectOptions {
    int32_t protocolVersion = 0;
    int64_t lastZxidSeen = 0;
    int32_t timeoutMs = 30000;
    int64_t sessionId = 0;            // 0: ask for a new session
    std::string passwd = std::string(16, '\0');  // what the Java and C clients send for a new session
    bool readOnly = false;
    bool sendReadOnly = true;         // false: an "old client" (pre-3.3) request without the trailing boolean
};

// The outcome of a handshake.
struct RawConnectResult {
    bool ok = false;                  // a ConnectResponse arrived and decoded
    proto::ConnectResponse response;  // hasReadOnly tells whether the server sent the readOnly byte
    std::string raw;                  // the response frame's payload (without the length prefix)
    std::string error;                // why not ok ("closed by peer", "timeout", decode error ...)
};

// The outcome of one request.
struct RawReply {
    bool ok = false;                  // a reply with the request's xid arrived
    proto::ReplyHeader header;
    std::string body;                 // the bytes after the ReplyHeader
    std::string error;                // why not ok
};

class RawClient {
public:
    enum class ReadStatus { Frame, Closed, Timeout };
    struct Frame {
        ReadStatus status = ReadStatus::Timeout;
        std::string payload;          // set when status == Frame
    };

    explicit RawClient(int defaultTimeoutMs = 5000);
    ~RawClient();
    RawClient(const RawClient&) = delete;
    RawClient& operator=(const RawClient&) = delete;

    // TCP connect to 127.0.0.1:port (no handshake). Closes any previous socket.
    bool open(uint16_t port, std::string* error = nullptr);
    // open() then handshake(). On success remembers sessionId/passwd/timeout.
    RawConnectResult connect(uint16_t port, const RawConnectOptions& options = {});
    // Sends the ConnectRequest on the open socket and reads the response.
    RawConnectResult handshake(const RawConnectOptions& options);

    // RequestHeader{next xid, op} + body; waits for the matching reply.
    RawReply call(proto::OpCode op, std::string_view body, int timeoutMs = -1);
    template <class Record>
        requires(!std::is_convertible_v<const Record&, std::string_view>)
    RawReply call(proto::OpCode op, const Record& request, int timeoutMs = -1) {
        return call(op, std::string_view(proto::encode(request)), timeoutMs);
    }
    // As call() with a fixed xid (auth -4, setWatches -8, ping -2); the xid
    // counter does not move.
    RawReply callWithXid(int32_t xid, proto::OpCode op, std::string_view body, int timeoutMs = -1);
    // Only sends (RequestHeader + body, framed); returns the xid used, or
    // nullopt if the write failed.
    std::optional<int32_t> send(proto::OpCode op, std::string_view body);

    // Shorthands.
    RawReply ping(int timeoutMs = -1);                        // xid -2
    RawReply addAuth(const std::string& scheme, const std::string& auth, int timeoutMs = -1);  // xid -4
    RawReply closeSession(int timeoutMs = -1);                // CloseSession; the server then closes

    // The next queued or arriving watch notification, or nullopt after
    // timeoutMs. Non-notification frames that arrive meanwhile are kept for
    // readFrame().
    std::optional<proto::WatcherEvent> nextEvent(int timeoutMs);
    // Queued notifications, oldest first, without reading the socket.
    std::deque<proto::WatcherEvent> takeEvents();

    // Writes bytes as they are (no framing). False if the write failed.
    bool sendRaw(std::string_view bytes);
    // Writes a length prefix + payload.
    bool sendFrame(std::string_view payload);
    // Half-closes the socket (SHUT_WR): the server reads EOF.
    void shutdownWrite();
    // The next frame (held-back ones first), or Closed / Timeout. Frames over
    // 64 MiB count as Closed (a broken stream).
    Frame readFrame(int timeoutMs = -1);
    // True if the peer closes the connection (EOF or reset) within timeoutMs.
    // Frames that arrive first are kept for readFrame().
    bool isClosedByPeer(int timeoutMs);

    void close();
    bool isOpen() const { return fd_ >= 0; }

    int64_t sessionId() const { return sessionId_; }
    const std::string& passwd() const { return passwd_; }
    int32_t negotiatedTimeout() const { return timeout_; }
    // Highest zxid seen in a reply header (for lastZxidSeen / setWatches).
    int64_t lastZxid() const { return lastZxid_; }
    int32_t lastXid() const { return xid_; }

private:
    enum class Fill { Data, Closed, Timeout };
    Fill fill(int64_t deadlineMs);
    std::optional<std::string> takeBufferedFrame(bool* broken);
    Frame readSocketFrame(int64_t deadlineMs);
    int timeoutOr(int timeoutMs) const { return timeoutMs >= 0 ? timeoutMs : defaultTimeoutMs_; }

    int defaultTimeoutMs_;
    int fd_ = -1;
    bool peerClosed_ = false;
    std::string in_;                  // received, not yet framed
    std::deque<std::string> heldFrames_;
    std::deque<proto::WatcherEvent> events_;
    int32_t xid_ = 0;
    int64_t sessionId_ = 0;
    std::string passwd_;
    int32_t timeout_ = 0;
    int64_t lastZxid_ = 0;
};

}  // namespace zooscope::testing
