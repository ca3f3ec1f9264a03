// tcpFourLetterWordTransport: one word over one TCP connection, bounded.
#include "zooscope/four_letter_transport.h"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace zooscope::monitor {

namespace {

using Clock = std::chrono::steady_clock;

int msLeft(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return left > 0 ? int(left) : 0;
}

// Waits for `events` on fd until the deadline; false on timeout or error.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const int budget = msLeft(deadline);
        if (budget == 0) return false;
        pollfd p{fd, events, 0};
        const int r = ::poll(&p, 1, budget);
        if (r > 0) return true;
        if (r < 0 && errno != EINTR) return false;
    }
}

struct FdCloser {
    int fd;
    ~FdCloser() {
        if (fd >= 0) ::close(fd);
    }
};

// A connected non-blocking socket to one of the addresses, or -1.
int connectTo(const addrinfo* candidates, Clock::time_point deadline) {
    for (const addrinfo* a = candidates; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) continue;
        FdCloser guard{fd};
        if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            if (errno != EINPROGRESS || !waitFor(fd, POLLOUT, deadline)) continue;
            int error = 0;
            socklen_t len = sizeof error;
            if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &len) != 0 || error != 0) continue;
        }
        guard.fd = -1;
        return fd;
    }
    return -1;
}

std::string askOnce(const Endpoint& server, std::string_view word, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (::getaddrinfo(server.host.c_str(), std::to_string(server.port).c_str(), &hints, &found) != 0) return {};
    const std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, &::freeaddrinfo);
    const int fd = connectTo(addresses.get(), deadline);
    if (fd < 0) return {};
    const FdCloser closer{fd};
    size_t written = 0;
    while (written < word.size()) {
        if (!waitFor(fd, POLLOUT, deadline)) return {};
        const ssize_t n = ::send(fd, word.data() + written, word.size() - written, MSG_NOSIGNAL);
        if (n < 0 && errno != EAGAIN && errno != EINTR) return {};
        if (n > 0) written += size_t(n);
    }
    std::string answer;
    char buffer[8192];
    for (;;) {
        if (!waitFor(fd, POLLIN, deadline)) return {};  // cut short: no answer
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n > 0) answer.append(buffer, size_t(n));
        else if (n == 0) return answer;
        else if (errno != EAGAIN && errno != EINTR) return answer;  // a reset after the reply
    }
}

}  // namespace

FourLetterWordTransport tcpFourLetterWordTransport() { return &askOnce; }

}  // namespace zooscope::monitor
