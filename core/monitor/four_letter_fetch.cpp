// fetchFourLetterWord: one four-letter word over a plain TCP connection,
// bounded by one deadline (non-blocking connect, poll for each step).
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include "zooscope/server_probe.h"

namespace zooscope::monitor {

namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? int(left) : 0;
}

// Waits for `events` on fd until the deadline; false when it passed.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const int left = msLeft(deadline);
        if (left == 0) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, left);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
}

// A connected non-blocking socket to one of `host`'s addresses, or -1.
int connectTo(const Endpoint& server, Clock::time_point deadline) {
    addrinfo hints{};
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_family = AF_UNSPEC;
    addrinfo* found = nullptr;
    if (::getaddrinfo(server.host.c_str(), std::to_string(server.port).c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* a = found; a && fd < 0; a = a->ai_next) {
        fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            int error = errno;
            if (error == EINPROGRESS && waitFor(fd, POLLOUT, deadline)) {
                socklen_t len = sizeof error;
                if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0) error = errno;
            } else if (error == EINPROGRESS) {
                error = ETIMEDOUT;
            }
            if (error != 0) {
                ::close(fd);
                fd = -1;
            }
        }
    }
    ::freeaddrinfo(found);
    return fd;
}

}  // namespace

std::string fetchFourLetterWord(const Endpoint& server, std::string_view word, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    const int fd = connectTo(server, deadline);
    if (fd < 0) return {};
    std::string out;
    size_t sent = 0;
    bool ok = true;
    while (ok && sent < word.size()) {
        const ssize_t n = ::send(fd, word.data() + sent, word.size() - sent, MSG_NOSIGNAL);
        if (n > 0) sent += size_t(n);
        else ok = (n < 0 && (errno == EAGAIN || errno == EINTR)) && waitFor(fd, POLLOUT, deadline);
    }
    char buf[4096];
    while (ok) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n > 0) out.append(buf, size_t(n));
        else if (n == 0 || (errno != EAGAIN && errno != EINTR)) break;  // closed, or reset after the answer
        else ok = waitFor(fd, POLLIN, deadline);
    }
    ::close(fd);
    if (!ok) out.clear();  // cut short by the deadline: no answer
    return out;
}

FourLetterWordTransport tcpFourLetterWordTransport() {
    return [](const Endpoint& server, std::string_view word, std::chrono::milliseconds timeout) {
        return fetchFourLetterWord(server, word, timeout);
    };
}

}  // namespace zooscope::monitor
