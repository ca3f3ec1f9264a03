#include "raw_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>

#include <spdlog/spdlog.h>

#include "proto/archive.h"
#include "proto/frame.h"
#include "proto/packets.h"

namespace zooscope::testing {
namespace {

using proto::OpCode;

constexpr std::size_t kMaxFrame = 64u << 20;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

uint32_t beLength(const std::string& buf) {
    const auto* p = reinterpret_cast<const unsigned char*>(buf.data());
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

}  // namespace

RawClient::RawClient(int defaultTimeoutMs) : defaultTimeoutMs_(defaultTimeoutMs) {}

RawClient::~RawClient() { close(); }

void RawClient::close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    peerClosed_ = false;
    in_.clear();
    heldFrames_.clear();
}

bool RawClient::open(uint16_t port, std::string* error) {
    close();
    xid_ = 0;
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        if (error) *error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    const int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    // Loopback connects complete (or are refused) at once; no timeout needed.
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        if (error) *error = "connect 127.0.0.1:" + std::to_string(port) + ": " + std::strerror(errno);
        ::close(fd_);
        fd_ = -1;
        return false;
    }
    return true;
}

RawConnectResult RawClient::connect(uint16_t port, const RawConnectOptions& options) {
    RawConnectResult r;
    if (!open(port, &r.error)) return r;
    return handshake(options);
}

RawConnectResult RawClient::handshake(const RawConnectOptions& options) {
    RawConnectResult r;
    proto::ConnectRequest req;
    req.protocolVersion = options.protocolVersion;
    req.lastZxidSeen = options.lastZxidSeen;
    req.timeOut = options.timeoutMs;
    req.sessionId = options.sessionId;
    req.passwd = options.passwd;
    req.readOnly = options.readOnly;
    req.hasReadOnly = options.sendReadOnly;
    if (!sendFrame(proto::encode(req))) {
        r.error = "write failed";
        return r;
    }
    Frame f = readFrame();
    if (f.status != ReadStatus::Frame) {
        r.error = f.status == ReadStatus::Closed ? "closed by peer" : "timeout";
        return r;
    }
    r.raw = f.payload;
    try {
        r.response = proto::decodeConnectResponse(r.raw);
    } catch (const proto::DecodeError& e) {
        r.error = std::string("bad ConnectResponse: ") + e.what();
        return r;
    }
    r.ok = true;
    if (r.response.timeOut > 0) {
        sessionId_ = r.response.sessionId;
        passwd_ = r.response.passwd;
        timeout_ = r.response.timeOut;
    }
    return r;
}

bool RawClient::sendRaw(std::string_view bytes) {
    if (fd_ < 0) return false;
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR) continue;
            spdlog::debug("raw client: send failed: {}", std::strerror(errno));
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

bool RawClient::sendFrame(std::string_view payload) { return sendRaw(proto::frame(payload)); }

void RawClient::shutdownWrite() {
    if (fd_ >= 0) ::shutdown(fd_, SHUT_WR);
}

std::optional<int32_t> RawClient::send(OpCode op, std::string_view body) {
    const int32_t xid = ++xid_;
    if (!sendFrame(proto::requestPayload(xid, op, body))) return std::nullopt;
    return xid;
}

RawClient::Fill RawClient::fill(int64_t deadlineMs) {
    if (fd_ < 0 || peerClosed_) return Fill::Closed;
    for (;;) {
        const int64_t left = deadlineMs - nowMs();
        if (left <= 0) return Fill::Timeout;
        pollfd p{fd_, POLLIN, 0};
        const int pr = ::poll(&p, 1, static_cast<int>(left));
        if (pr < 0) {
            if (errno == EINTR) continue;
            return Fill::Closed;
        }
        if (pr == 0) return Fill::Timeout;
        char buf[65536];
        const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
        if (n <= 0) {  // EOF, or a reset (ECONNRESET): the peer is gone either way
            peerClosed_ = true;
            return Fill::Closed;
        }
        in_.append(buf, static_cast<std::size_t>(n));
        return Fill::Data;
    }
}

std::optional<std::string> RawClient::takeBufferedFrame(bool* broken) {
    *broken = false;
    if (in_.size() < 4) return std::nullopt;
    const uint32_t len = beLength(in_);
    if (len > kMaxFrame) {
        *broken = true;
        return std::nullopt;
    }
    if (in_.size() < 4 + static_cast<std::size_t>(len)) return std::nullopt;
    std::string payload = in_.substr(4, len);
    in_.erase(0, 4 + static_cast<std::size_t>(len));
    return payload;
}

RawClient::Frame RawClient::readSocketFrame(int64_t deadlineMs) {
    for (;;) {
        bool broken = false;
        if (auto p = takeBufferedFrame(&broken)) return {ReadStatus::Frame, std::move(*p)};
        if (broken) return {ReadStatus::Closed, {}};
        switch (fill(deadlineMs)) {
        case Fill::Data: break;
        case Fill::Closed: return {ReadStatus::Closed, {}};
        case Fill::Timeout: return {ReadStatus::Timeout, {}};
        }
    }
}

RawClient::Frame RawClient::readFrame(int timeoutMs) {
    if (!heldFrames_.empty()) {
        Frame f{ReadStatus::Frame, std::move(heldFrames_.front())};
        heldFrames_.pop_front();
        return f;
    }
    return readSocketFrame(nowMs() + timeoutOr(timeoutMs));
}

RawReply RawClient::callWithXid(int32_t xid, OpCode op, std::string_view body, int timeoutMs) {
    RawReply r;
    if (!sendFrame(proto::requestPayload(xid, op, body))) {
        r.error = "write failed";
        return r;
    }
    const int64_t deadline = nowMs() + timeoutOr(timeoutMs);
    for (;;) {
        Frame f = readSocketFrame(deadline);
        if (f.status != ReadStatus::Frame) {
            r.error = f.status == ReadStatus::Closed ? "closed by peer" : "timeout";
            return r;
        }
        proto::Reply reply;
        try {
            reply = proto::splitReply(f.payload);
        } catch (const proto::DecodeError& e) {
            r.error = std::string("bad reply header: ") + e.what();
            return r;
        }
        const proto::ReplyHeader& hdr = reply.header;
        if (hdr.xid == proto::kXidNotification) {
            try {
                proto::InputArchive in(reply.body);
                proto::WatcherEvent ev;
                proto::read(in, ev);
                events_.push_back(std::move(ev));
            } catch (const proto::DecodeError& e) {
                spdlog::warn("raw client: undecodable notification: {}", e.what());
            }
            continue;
        }
        if (hdr.xid == xid) {
            if (hdr.zxid > lastZxid_) lastZxid_ = hdr.zxid;
            r.ok = true;
            r.header = hdr;
            r.body = std::string(reply.body);
            return r;
        }
        if (hdr.xid == proto::kXidPing) continue;  // a ping nobody waits for
        heldFrames_.push_back(std::move(f.payload));
    }
}

RawReply RawClient::call(OpCode op, std::string_view body, int timeoutMs) {
    return callWithXid(++xid_, op, body, timeoutMs);
}

RawReply RawClient::ping(int timeoutMs) { return callWithXid(proto::kXidPing, OpCode::Ping, {}, timeoutMs); }

RawReply RawClient::addAuth(const std::string& scheme, const std::string& auth, int timeoutMs) {
    return callWithXid(proto::kXidAuth, OpCode::Auth, proto::encode(proto::AuthPacket{0, scheme, auth}), timeoutMs);
}

RawReply RawClient::closeSession(int timeoutMs) { return call(OpCode::CloseSession, {}, timeoutMs); }

std::optional<proto::WatcherEvent> RawClient::nextEvent(int timeoutMs) {
    const int64_t deadline = nowMs() + timeoutMs;
    for (;;) {
        if (!events_.empty()) {
            proto::WatcherEvent ev = std::move(events_.front());
            events_.pop_front();
            return ev;
        }
        Frame f = readSocketFrame(deadline);
        if (f.status != ReadStatus::Frame) return std::nullopt;
        try {
            proto::InputArchive in(f.payload);
            proto::ReplyHeader hdr;
            proto::read(in, hdr);
            if (hdr.xid == proto::kXidNotification) {
                proto::WatcherEvent ev;
                proto::read(in, ev);
                events_.push_back(std::move(ev));
                continue;
            }
        } catch (const proto::DecodeError& e) {
            spdlog::warn("raw client: undecodable frame while waiting for an event: {}", e.what());
        }
        heldFrames_.push_back(std::move(f.payload));
    }
}

std::deque<proto::WatcherEvent> RawClient::takeEvents() { return std::exchange(events_, {}); }

bool RawClient::isClosedByPeer(int timeoutMs) {
    const int64_t deadline = nowMs() + timeoutMs;
    for (;;) {
        switch (fill(deadline)) {
        case Fill::Closed: return true;
        case Fill::Timeout: return false;
        case Fill::Data: {
            bool broken = false;
            while (auto p = takeBufferedFrame(&broken)) heldFrames_.push_back(std::move(*p));
            if (broken) return true;
            break;
        }
        }
    }
}

}  // namespace zooscope::testing
