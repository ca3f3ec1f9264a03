// Implementation of zooscope/loopback.h.
#include "zooscope/loopback.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

namespace zooscope {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

int msLeft(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? static_cast<int>(left) : 0;
}

}  // namespace

std::vector<uint16_t> freeLoopbackPorts(int count) {
    std::vector<int> fds;
    std::vector<uint16_t> ports;
    for (int i = 0; i < count; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) break;
        fds.push_back(fd);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof addr;
        if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
            break;
        ports.push_back(ntohs(addr.sin_port));
    }
    for (int fd : fds) ::close(fd);
    if (static_cast<int>(ports.size()) != count) ports.clear();
    return ports;
}

uint16_t freeLoopbackPort() {
    const auto ports = freeLoopbackPorts(1);
    return ports.empty() ? 0 : ports.front();
}

int connectLoopback(uint16_t port, milliseconds timeout) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc != 0 && errno == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        rc = -1;
        if (::poll(&p, 1, static_cast<int>(timeout.count())) == 1) {
            int err = 0;
            socklen_t len = sizeof err;
            ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
            if (err == 0) rc = 0;
        }
    }
    if (rc != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool loopbackAccepts(uint16_t port, milliseconds timeout) {
    const int fd = connectLoopback(port, timeout);
    if (fd < 0) return false;
    ::close(fd);
    return true;
}

std::string fourLetterWordLoopback(uint16_t port, std::string_view word, milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const int fd = connectLoopback(port, timeout);
    if (fd < 0) return {};
    size_t sent = 0;
    while (sent < word.size()) {
        const ssize_t n = ::send(fd, word.data() + sent, word.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            pollfd p{fd, POLLOUT, 0};
            if (::poll(&p, 1, std::max(1, msLeft(deadline))) == 1) continue;
        }
        ::close(fd);
        return {};
    }
    std::string out;
    char buf[4096];
    for (;;) {
        const int left = msLeft(deadline);
        if (left <= 0) {
            out.clear();  // an answer cut short is no answer
            break;
        }
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, left) != 1) continue;
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) {
            out.append(buf, static_cast<size_t>(n));
        } else if (n == 0 || (errno != EAGAIN && errno != EINTR)) {
            break;  // EOF, or a reset after the reply: keep what arrived
        }
    }
    ::close(fd);
    return out;
}

}  // namespace zooscope
