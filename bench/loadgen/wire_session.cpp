#include "wire_session.h"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <optional>
#include <fcntl.h>
#include <system_error>

#include "proto/frame.h"
#include "proto/packets.h"
#include "proto/records.h"
#include "zooscope/client.h"

namespace zooscope::bench {

namespace {

constexpr int kConnectionLoss = -4;    // ZCONNECTIONLOSS
constexpr int32_t kMaxReply = 64 << 20;  // a reply longer than this is a broken stream
constexpr size_t kReadChunk = 256 * 1024;

int64_t nowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Length prefix + RequestHeader{xid, op} + body, appended to `out`.
void appendRequest(std::string& out, int32_t xid, proto::OpCode op, std::string_view body) {
    out += proto::frame(proto::requestPayload(xid, op, body));
}

// Waits until fd is ready for `events` or the deadline passes.
bool waitFor(int fd, short events, int64_t deadlineMs) {
    for (;;) {
        const int64_t left = deadlineMs - nowMs();
        if (left <= 0) return false;
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left));
        if (n > 0) return true;
        if (n < 0 && errno != EINTR) return false;
    }
}

// One frame's payload read from a blocking-with-deadline socket.
bool readFrameBefore(int fd, int64_t deadlineMs, std::string* payload, std::string* error) {
    proto::FrameReader reader(kMaxReply);
    for (;;) {
        if (auto frame = reader.next()) {
            *payload = std::move(*frame);
            return true;
        }
        if (reader.failed()) {
            *error = "the handshake answer has a bad length";
            return false;
        }
        if (!waitFor(fd, POLLIN, deadlineMs)) {
            *error = "no answer to the handshake in time";
            return false;
        }
        char tmp[4096];
        const ssize_t n = ::recv(fd, tmp, sizeof tmp, 0);
        if (n == 0) {
            *error = "the server closed the connection during the handshake";
            return false;
        }
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            *error = std::string("handshake read failed: ") + std::strerror(errno);
            return false;
        }
        reader.feed(tmp, static_cast<size_t>(n));
    }
}

bool sendAllBefore(int fd, std::string_view bytes, int64_t deadlineMs, std::string* error) {
    while (!bytes.empty()) {
        if (!waitFor(fd, POLLOUT, deadlineMs)) {
            *error = "the handshake could not be sent in time";
            return false;
        }
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR || errno == EAGAIN) continue;
            *error = std::string("handshake send failed: ") + std::strerror(errno);
            return false;
        }
        bytes.remove_prefix(static_cast<size_t>(n));
    }
    return true;
}

// The server number `index` (round robin) of a connect string, through the
// client layer's own parser (the C client's rules); a chroot is refused.
std::optional<client::HostPort> pickServer(const std::string& connectString, int index, std::string* error) {
    const auto parsed = client::parseConnectString(connectString, error);
    if (!parsed) return std::nullopt;
    if (!parsed->chroot.empty()) {
        *error = "--client wire does not take a chroot in --connect";
        return std::nullopt;
    }
    return parsed->hosts[static_cast<size_t>(index) % parsed->hosts.size()];
}

int connectTcp(const std::string& host, const std::string& port, int64_t deadlineMs, std::string* error) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* res = nullptr;
    if (const int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &res); rc != 0) {
        *error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
        return -1;
    }
    int fd = -1;
    *error = "cannot connect to " + host + ":" + port;
    for (addrinfo* ai = res; ai && fd < 0; ai = ai->ai_next) {
        fd = ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        int rc = ::connect(fd, ai->ai_addr, ai->ai_addrlen);
        if (rc < 0 && errno == EINPROGRESS) {
            int soErr = ETIMEDOUT;
            socklen_t len = sizeof soErr;
            if (waitFor(fd, POLLOUT, deadlineMs)) ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soErr, &len);
            rc = soErr == 0 ? 0 : -1;
            errno = soErr;
        }
        if (rc < 0) {
            *error = "cannot connect to " + host + ":" + port + ": " + std::strerror(errno);
            ::close(fd);
            fd = -1;
        }
    }
    ::freeaddrinfo(res);
    if (fd >= 0) {
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    return fd;
}

}  // namespace

// ------------------------------------------------------------ WireSession

WireSession::WireSession(WireLoop& loop, int fd, int64_t sessionId, int timeoutMs, WireCompletion done)
    : loop_(loop), fd_(fd), sessionId_(sessionId), timeoutMs_(timeoutMs), done_(done), lastSendMs_(nowMs()) {}

WireSession::~WireSession() { ::close(fd_); }

bool WireSession::send(proto::OpCode op, std::string_view body, void* tag) {
    bool wasEmpty = false;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (dead_.load(std::memory_order_relaxed)) return false;
        const int32_t xid = nextXid_++;
        wasEmpty = queued_.empty();
        appendRequest(queued_, xid, op, body);
        pending_.push_back(Pending{xid, tag});
    }
    // Sends made on the loop thread are flushed at the end of its turn.
    if (wasEmpty && std::this_thread::get_id() != loop_.thread_.get_id()) loop_.wake();
    return true;
}

bool WireSession::readAvailable() {
    char buf[kReadChunk];
    for (;;) {
        const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
        if (n == 0) return false;
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return false;
        }
        in_.feed(buf, static_cast<size_t>(n));
        if (static_cast<size_t>(n) < sizeof buf) break;
    }
    try {
        while (auto frame = in_.next()) {
            const proto::Reply reply = proto::splitReply(*frame);
            const int32_t xid = reply.header.xid;
            if (xid == proto::kXidPing || xid == -1) continue;  // ping answers; no watches are set
            Pending p{};
            {
                std::lock_guard<std::mutex> lock(mu_);
                if (pending_.empty() || pending_.front().xid != xid) return false;  // out of order: protocol error
                p = pending_.front();
                pending_.pop_front();
            }
            done_(p.tag, static_cast<int>(reply.header.err), reply.body);
        }
    } catch (const std::exception&) {
        return false;  // an undecodable reply header: a broken stream
    }
    return !in_.failed();
}

bool WireSession::flush() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (unsent_.empty())
            unsent_.swap(queued_);
        else {
            unsent_ += queued_;
            queued_.clear();
        }
    }
    size_t off = 0;
    while (off < unsent_.size()) {
        const ssize_t n = ::send(fd_, unsent_.data() + off, unsent_.size() - off, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) break;
            return false;
        }
        off += static_cast<size_t>(n);
    }
    if (off > 0) lastSendMs_ = nowMs();
    unsent_.erase(0, off);
    const bool blocked = !unsent_.empty();
    if (blocked != wantWrite_) {
        loop_.watchWritable(*this, blocked);
        wantWrite_ = blocked;
    }
    return true;
}

void WireSession::fail() {
    std::deque<Pending> lost;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (dead_.exchange(true)) return;
        lost.swap(pending_);
        queued_.clear();
    }
    unsent_.clear();
    for (const Pending& p : lost) done_(p.tag, kConnectionLoss, {});
}

void WireSession::pingIfIdle(int64_t now) {
    if (now - lastSendMs_ < timeoutMs_ / 3) return;
    std::lock_guard<std::mutex> lock(mu_);
    appendRequest(queued_, proto::kXidPing, proto::OpCode::Ping, {});
}

// ------------------------------------------------------------ WireLoop

WireLoop::WireLoop(WireCompletion done) : done_(done) {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wakeFd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (epfd_ < 0 || wakeFd_ < 0) {
        const int e = errno;
        if (epfd_ >= 0) ::close(epfd_);
        if (wakeFd_ >= 0) ::close(wakeFd_);
        throw std::system_error(e, std::generic_category(), "wire loop");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr;  // nullptr = the wake-up fd
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, wakeFd_, &ev);
    thread_ = std::thread([this] { run(); });
}

WireLoop::~WireLoop() {
    stop_ = true;
    wake();
    thread_.join();
    std::lock_guard<std::mutex> lock(sessionsMu_);
    for (auto& s : sessions_) {
        if (s->dead()) continue;
        // Best effort: the server ends the session now instead of at expiry.
        std::string bye;
        appendRequest(bye, 0x7fffffff, proto::OpCode::CloseSession, {});
        [[maybe_unused]] const ssize_t n = ::send(s->fd_, bye.data(), bye.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    sessions_.clear();
    ::close(wakeFd_);
    ::close(epfd_);
}

void WireLoop::wake() {
    if (woken_.exchange(true)) return;
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = ::write(wakeFd_, &one, sizeof one);
}

void WireLoop::watchWritable(WireSession& s, bool on) {
    epoll_event ev{};
    ev.events = EPOLLIN | (on ? EPOLLOUT : 0u);
    ev.data.ptr = &s;
    ::epoll_ctl(epfd_, EPOLL_CTL_MOD, s.fd_, &ev);
}

WireSession* WireLoop::connect(const std::string& connectString, int index, int sessionTimeoutMs,
                               int connectTimeoutMs, std::string* error) {
    const auto server = pickServer(connectString, index, error);
    if (!server) return nullptr;
    const std::string& host = server->host;
    const std::string port = std::to_string(server->port);
    const int64_t deadline = nowMs() + connectTimeoutMs;
    const int fd = connectTcp(host, port, deadline, error);
    if (fd < 0) return nullptr;
    proto::ConnectRequest req;
    req.timeOut = sessionTimeoutMs;
    req.passwd = std::string(16, '\0');
    std::string payload;
    try {
        const std::string hello = proto::frame(proto::encode(req));
        proto::ConnectResponse resp;
        if (!sendAllBefore(fd, hello, deadline, error) || !readFrameBefore(fd, deadline, &payload, error)) {
            ::close(fd);
            return nullptr;
        }
        resp = proto::decodeConnectResponse(payload);
        if (resp.timeOut <= 0) {
            *error = "the server at " + host + ":" + port + " refused the session";
            ::close(fd);
            return nullptr;
        }
        std::unique_ptr<WireSession> s(new WireSession(*this, fd, resp.sessionId, resp.timeOut, done_));
        WireSession* raw = s.get();
        {
            std::lock_guard<std::mutex> lock(sessionsMu_);
            sessions_.push_back(std::move(s));
        }
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.ptr = raw;
        ::epoll_ctl(epfd_, EPOLL_CTL_ADD, fd, &ev);
        wake();
        return raw;
    } catch (const std::exception& e) {
        *error = std::string("undecodable handshake answer: ") + e.what();
        ::close(fd);
        return nullptr;
    }
}

void WireLoop::run() {
    std::vector<WireSession*> live;
    epoll_event events[64];
    while (!stop_.load()) {
        const int n = ::epoll_wait(epfd_, events, 64, 1000);
        for (int i = 0; i < n; ++i) {
            auto* s = static_cast<WireSession*>(events[i].data.ptr);
            if (!s) {
                uint64_t count = 0;
                [[maybe_unused]] const ssize_t r = ::read(wakeFd_, &count, sizeof count);
                woken_ = false;
                continue;
            }
            if (s->dead()) continue;
            if ((events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) && !s->readAvailable()) s->fail();
        }
        // Everything queued during this turn leaves now, one send() per session.
        {
            std::lock_guard<std::mutex> lock(sessionsMu_);
            live.clear();
            for (auto& s : sessions_)
                if (!s->dead()) live.push_back(s.get());
        }
        const int64_t now = nowMs();
        for (WireSession* s : live) {
            s->pingIfIdle(now);
            if (!s->flush()) s->fail();
        }
    }
}

}  // namespace zooscope::bench
