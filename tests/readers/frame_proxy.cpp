#include "frame_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>

#include "proto/frame.h"
#include "proto/records.h"
#include "zooscope/loopback.h"

namespace zooscope::testing {

namespace {

constexpr int32_t kMaxFrame = 256 << 20;

bool sendAll(int fd, const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

// zooscope::connectLoopback's socket, made blocking for sendAll().
int connectToServer(uint16_t port) {
    const int fd = zooscope::connectLoopback(port, std::chrono::seconds(5));
    if (fd < 0) return -1;
    ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

}  // namespace

FrameProxy::FrameProxy(uint16_t serverPort) : serverPort_(serverPort) {
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(listener_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        return;
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { acceptLoop(); });
}

FrameProxy::~FrameProxy() {
    closing_ = true;
    if (listener_ >= 0) ::shutdown(listener_, SHUT_RDWR);
    {
        std::lock_guard lock(mutex_);
        for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
    }
    if (acceptor_.joinable()) acceptor_.join();
    for (std::thread& t : connections_) t.join();
    if (listener_ >= 0) ::close(listener_);
}

void FrameProxy::setHook(Hook hook) {
    std::lock_guard lock(mutex_);
    hook_ = std::move(hook);
}

std::map<proto::OpCode, int> FrameProxy::counts() const {
    std::lock_guard lock(mutex_);
    return counts_;
}

void FrameProxy::acceptLoop() {
    while (!closing_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        const int client = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0) continue;
        if (cut_) {
            ::close(client);
            continue;
        }
        std::lock_guard lock(mutex_);
        fds_.push_back(client);
        connections_.emplace_back([this, client] { serve(client); });
    }
}

FrameProxy::Action FrameProxy::decide(const std::string& payload) {
    Hook hook;
    int n = 0;
    {
        std::lock_guard lock(mutex_);
        hook = hook_;
        n = ++multiReads_;
    }
    return hook ? hook(n, payload) : Action::Forward;
}

// Client frames one at a time (the first is the ConnectRequest); server
// frames forwarded whole, so a reply the proxy makes up never lands inside
// one of the server's.
void FrameProxy::serve(int client) {
    const int server = connectToServer(serverPort_);
    if (server >= 0) {
        std::lock_guard lock(mutex_);
        fds_.push_back(server);
    }
    proto::FrameReader fromClient(kMaxFrame), fromServer(kMaxFrame);
    bool first = true, frozen = false;
    char buf[65536];
    while (server >= 0 && !closing_ && !cut_) {
        pollfd p[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
        if (::poll(p, frozen ? 0 : 2, 100) <= 0) continue;
        bool ok = true;
        if (p[1].revents) {
            const ssize_t n = ::recv(server, buf, sizeof buf, 0);
            if (n <= 0) break;
            fromServer.feed(buf, size_t(n));
            while (auto f = fromServer.next()) ok = ok && sendAll(client, proto::frame(*f));
        }
        if (p[0].revents) {
            const ssize_t n = ::recv(client, buf, sizeof buf, 0);
            if (n <= 0) break;
            fromClient.feed(buf, size_t(n));
            while (ok && !frozen && !cut_) {
                auto f = fromClient.next();
                if (!f) break;
                proto::RequestHeader h{0, proto::OpCode::CreateSession};
                if (!first) {
                    proto::InputArchive in(*f);
                    try {
                        proto::read(in, h);
                    } catch (const proto::DecodeError&) {
                    }
                }
                first = false;
                {
                    std::lock_guard lock(mutex_);
                    ++counts_[h.type];
                }
                const Action a = h.type == proto::OpCode::MultiRead ? decide(*f) : Action::Forward;
                if (a == Action::Forward) {
                    ok = sendAll(server, proto::frame(*f));
                } else if (a == Action::Refuse) {
                    proto::OutputArchive out;
                    proto::write(out, proto::ReplyHeader{h.xid, 0, refusal_.load()});
                    ok = sendAll(client, proto::frame(out.take()));
                } else if (a == Action::Swallow) {
                    // dropped
                } else if (a == Action::Freeze) {
                    frozen = true;
                } else {
                    cut_ = true;
                    std::lock_guard lock(mutex_);
                    for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
                }
            }
        }
        if (!ok || fromClient.failed() || fromServer.failed()) break;
    }
    // A frozen connection stays open (a stopped server keeps its sockets)
    // until the proxy closes.
    while (frozen && !closing_) ::poll(nullptr, 0, 50);
    std::lock_guard lock(mutex_);
    for (int fd : {client, server}) {
        if (fd < 0) continue;
        std::erase(fds_, fd);
        ::close(fd);
    }
}

}  // namespace zooscope::testing
