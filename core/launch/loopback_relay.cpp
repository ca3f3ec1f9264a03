// Implementation of zooscope/loopback_relay.h.
//
// The relay thread owns every socket. A link is one accepted connection
// (side a, from end `from`) and one outgoing connection to the target
// (side b, to end `to`); each direction has a bounded buffer that is filled
// only when empty, so a stalled reader (a SIGSTOPped node) stalls only its
// own link, never the loop.
#include "zooscope/loopback_relay.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

namespace zooscope {

namespace {

constexpr size_t kBufferSize = 64 * 1024;
// A node that is starting (or a leader that has not opened its quorum port
// yet) refuses connections for a moment. A direct connect would fail and the
// connecting side would retry; through a relay the connect has already
// succeeded, so the relay retries for it, and only gives up (closing the
// accepted side, which the connecting side sees as its peer hanging up) after
// this.
constexpr std::chrono::milliseconds kTargetRetryFor{3000};
constexpr std::chrono::milliseconds kTargetRetryEvery{50};

void closeFd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// A listening socket on 127.0.0.1 with a kernel-chosen port; -1 on failure.
int listenLoopback(uint16_t* port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        return -1;
    }
    *port = ntohs(addr.sin_port);
    return fd;
}

// Starts a non-blocking connect to 127.0.0.1:port; -1 if it failed at once.
int startConnect(int port, bool* pending) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) return -1;
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int rc = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    if (rc == 0) {
        *pending = false;
    } else if (errno == EINPROGRESS) {
        *pending = true;
    } else {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

int64_t readBigEndian(const char* p, int bytes) {
    int64_t v = 0;
    for (int k = 0; k < bytes; ++k) v = (v << 8) | static_cast<unsigned char>(p[k]);
    return v;
}

// ZooKeeper's election handshake (QuorumCnxManager, protocol versions
// -65536 and -65535) starts with: int64 version, int64 sid, int32 length,
// then the sender's own election address(es) as "host:port[|host:port]".
// A peer with a higher sid drops the connection and connects BACK to that
// advertised address, which would bypass the relays. So the relay replaces
// it with the relay address the receiving node uses for the sender
// (Route::advertiseRoute). Any other first message passes unchanged. Returns
// false while more bytes are needed; then `out` holds what to forward.
bool rewriteInitialMessage(const std::vector<char>& head, int advertisePort, std::vector<char>* out) {
    constexpr int64_t kV1 = -65536, kV2 = -65535;
    if (head.size() < 8) return false;
    const int64_t version = readBigEndian(head.data(), 8);
    if (version != kV1 && version != kV2) {
        *out = head;
        return true;
    }
    if (head.size() < 20) return false;
    const int64_t len = readBigEndian(head.data() + 16, 4);
    if (len <= 0 || len > 4096) {  // not an address: leave it to the node to refuse
        *out = head;
        return true;
    }
    if (head.size() < static_cast<size_t>(20 + len)) return false;
    const std::string addr = "127.0.0.1:" + std::to_string(advertisePort);
    out->assign(head.begin(), head.begin() + 16);
    const uint32_t n = static_cast<uint32_t>(addr.size());
    for (int k = 3; k >= 0; --k) out->push_back(static_cast<char>((n >> (8 * k)) & 0xff));
    out->insert(out->end(), addr.begin(), addr.end());
    out->insert(out->end(), head.begin() + 20 + len, head.end());
    return true;
}

// One relayed connection; owned and touched by the relay thread only.
struct Link {
    int a = -1;  // accepted from end `from`
    int b = -1;  // connected to end `to`
    int from = 0;
    int to = 0;
    bool connecting = true;
    int targetPort = 0;
    std::chrono::steady_clock::time_point giveUpAt;  // stop retrying the target then
    std::chrono::steady_clock::time_point retryAt;   // next attempt while b < 0
    // Election links: the first message from `from` is still being read
    // (see rewriteInitialMessage). Bytes collect in `head` until then.
    bool sniffing = false;
    int advertisePort = 0;  // the relay `to` uses to reach `from` (Route::advertiseRoute)
    std::vector<char> head;
    std::vector<char> ab, ba;  // pending bytes a->b, b->a
    size_t abOff = 0, baOff = 0;
    bool dead = false;

    // Moves bytes from src into buf (only when buf is drained). False on
    // EOF or error.
    static bool readInto(int src, std::vector<char>& buf, size_t& off) {
        if (!buf.empty()) return true;
        buf.resize(kBufferSize);
        const ssize_t n = ::recv(src, buf.data(), buf.size(), 0);
        if (n > 0) {
            buf.resize(static_cast<size_t>(n));
            off = 0;
            return true;
        }
        buf.clear();
        return n < 0 && (errno == EAGAIN || errno == EINTR);
    }
    static bool writeFrom(int dst, std::vector<char>& buf, size_t& off) {
        while (off < buf.size()) {
            const ssize_t n = ::send(dst, buf.data() + off, buf.size() - off, MSG_NOSIGNAL);
            if (n < 0) return errno == EAGAIN || errno == EINTR;
            off += static_cast<size_t>(n);
        }
        buf.clear();
        off = 0;
        return true;
    }
    void close() {
        closeFd(a);
        closeFd(b);
        dead = true;
    }
};

}  // namespace

class LoopbackRelay::Impl {
public:
    ~Impl() {
        quit_ = true;
        wake();
        if (thread_.joinable()) thread_.join();
        for (auto& l : listeners_) closeFd(l.fd);
        closeFd(wakeFd_[0]);
        closeFd(wakeFd_[1]);
    }

    bool open(const std::vector<Route>& routes, std::string* error) {
        if (thread_.joinable()) {
            if (error) *error = "loopback relay: already open";
            return false;
        }
        if (::pipe2(wakeFd_, O_CLOEXEC | O_NONBLOCK) != 0) {
            if (error) *error = std::string("loopback relay: pipe failed: ") + std::strerror(errno);
            return false;
        }
        int ends = 0;
        for (const Route& r : routes) {
            if (r.from < 0 || r.to < 0) {
                if (error) *error = "loopback relay: a route's ends must not be negative";
                return false;
            }
            Listener l;
            l.route = r;
            l.fd = listenLoopback(&l.port);
            if (l.fd < 0) {
                if (error) *error = std::string("loopback relay: cannot listen on 127.0.0.1: ") + std::strerror(errno);
                return false;
            }
            listeners_.push_back(l);
            ends = std::max({ends, r.from + 1, r.to + 1});
        }
        {
            std::lock_guard lock(mutex_);
            linkCount_.assign(static_cast<size_t>(ends), 0);
        }
        thread_ = std::thread([this] { run(); });
        return true;
    }

    uint16_t port(size_t route) const { return route < listeners_.size() ? listeners_[route].port : 0; }

    void setTarget(int key, uint16_t port) {
        std::lock_guard lock(mutex_);
        targets_[key] = port;
    }

    void setCut(int end, bool on) {
        std::unique_lock lock(mutex_);
        if (on)
            cut_.insert(end);
        else
            cut_.erase(end);
        const uint64_t want = ++requested_;
        if (!thread_.joinable()) return;  // not open: nothing to close
        lock.unlock();
        wake();
        lock.lock();
        applied_.wait(lock, [&] { return done_ >= want || stopped_; });
    }

    bool isCut(int end) const {
        std::lock_guard lock(mutex_);
        return cut_.count(end) > 0;
    }

    int connections(int end) const {
        std::lock_guard lock(mutex_);
        return end >= 0 && end < static_cast<int>(linkCount_.size()) ? linkCount_[static_cast<size_t>(end)] : 0;
    }

private:
    struct Listener {
        int fd = -1;
        uint16_t port = 0;
        Route route;
    };

    void wake() {
        if (wakeFd_[1] >= 0) {
            const char c = 1;
            [[maybe_unused]] const ssize_t n = ::write(wakeFd_[1], &c, 1);
        }
    }

    void run();

    std::vector<Listener> listeners_;  // fixed after open(); read by any thread
    int wakeFd_[2] = {-1, -1};
    std::thread thread_;
    std::atomic<bool> quit_{false};

    mutable std::mutex mutex_;
    std::condition_variable applied_;
    std::map<int, uint16_t> targets_;  // guarded by mutex_; targetKey -> port
    std::set<int> cut_;                // guarded by mutex_
    uint64_t requested_ = 0;           // guarded by mutex_; bumped by setCut
    uint64_t done_ = 0;                // guarded by mutex_; relay thread caught up to
    bool stopped_ = false;             // guarded by mutex_; the relay thread has ended
    std::vector<int> linkCount_;       // guarded by mutex_; per end, live links
};

void LoopbackRelay::Impl::run() {
    std::vector<std::unique_ptr<Link>> links;
    std::vector<pollfd> fds;
    // What each pollfd stands for: a listener index (>= 0) or a link end.
    struct Slot {
        int listener = -1;
        Link* link = nullptr;
        bool endA = false;
    };
    std::vector<Slot> slots;

    while (!quit_) {
        // Apply cuts: close every link touching a cut end.
        uint64_t requested;
        std::set<int> cut;
        {
            std::lock_guard lock(mutex_);
            requested = requested_;
            cut = cut_;
        }
        for (auto& l : links)
            if (!l->dead && (cut.count(l->from) || cut.count(l->to))) l->close();

        // Drop dead links and publish the per-end counts (and the applied
        // request, so setCut() returns after the closes above).
        std::erase_if(links, [](const std::unique_ptr<Link>& l) { return l->dead; });
        {
            std::lock_guard lock(mutex_);
            std::fill(linkCount_.begin(), linkCount_.end(), 0);
            for (const auto& l : links)
                if (!l->connecting) {
                    ++linkCount_[static_cast<size_t>(l->from)];
                    ++linkCount_[static_cast<size_t>(l->to)];
                }
            done_ = requested;
        }
        applied_.notify_all();

        // Links whose target refused: retry, or give up after kTargetRetryFor.
        const auto now = std::chrono::steady_clock::now();
        int timeoutMs = 200;
        for (auto& l : links) {
            if (l->dead || !l->connecting || l->b >= 0) continue;
            if (now >= l->giveUpAt) {
                l->close();
                continue;
            }
            if (now >= l->retryAt) {
                bool pending = false;
                l->b = startConnect(l->targetPort, &pending);
                if (l->b >= 0 && !pending) l->connecting = false;
                if (l->b < 0) l->retryAt = now + kTargetRetryEvery;
            }
            if (l->b < 0) timeoutMs = std::min<int>(timeoutMs, static_cast<int>(kTargetRetryEvery.count()));
        }
        std::erase_if(links, [](const std::unique_ptr<Link>& l) { return l->dead; });

        fds.clear();
        slots.clear();
        fds.push_back({wakeFd_[0], POLLIN, 0});
        slots.push_back({});
        for (size_t k = 0; k < listeners_.size(); ++k) {
            fds.push_back({listeners_[k].fd, POLLIN, 0});
            slots.push_back({static_cast<int>(k), nullptr, false});
        }
        for (auto& l : links) {
            short ea = 0, eb = 0;
            if (l->connecting) {
                eb = POLLOUT;
            } else {
                if (l->ab.empty()) ea |= POLLIN;
                if (!l->ba.empty()) ea |= POLLOUT;
                if (l->ba.empty()) eb |= POLLIN;
                if (!l->ab.empty()) eb |= POLLOUT;
            }
            fds.push_back({l->a, ea, 0});
            slots.push_back({-1, l.get(), true});
            fds.push_back({l->b, eb, 0});
            slots.push_back({-1, l.get(), false});
        }

        if (::poll(fds.data(), fds.size(), timeoutMs) < 0) {
            if (errno == EINTR) continue;
            spdlog::error("loopback relay: poll failed: {}", std::strerror(errno));
            break;
        }
        if (fds[0].revents & POLLIN) {
            char buf[64];
            while (::read(wakeFd_[0], buf, sizeof buf) > 0) {
            }
        }
        for (size_t k = 1; k < fds.size(); ++k) {
            const short re = fds[k].revents;
            if (!re) continue;
            const Slot& s = slots[k];
            if (s.listener >= 0) {
                const Listener& lis = listeners_[static_cast<size_t>(s.listener)];
                const Route& route = lis.route;
                for (;;) {
                    const int fd = ::accept4(lis.fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                    if (fd < 0) break;
                    int target = 0;
                    {
                        std::lock_guard lock(mutex_);
                        if (auto it = targets_.find(route.targetKey); it != targets_.end()) target = it->second;
                    }
                    if (cut.count(route.from) || cut.count(route.to) || target <= 0) {
                        ::close(fd);  // refused: the connecting side sees its peer hang up
                        continue;
                    }
                    bool pending = false;
                    const int b = startConnect(target, &pending);
                    const auto now = std::chrono::steady_clock::now();
                    const int one = 1;
                    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
                    auto link = std::make_unique<Link>();
                    link->a = fd;
                    link->b = b;
                    link->from = route.from;
                    link->to = route.to;
                    link->connecting = b < 0 || pending;
                    link->targetPort = target;
                    link->giveUpAt = now + kTargetRetryFor;
                    link->retryAt = now + kTargetRetryEvery;
                    if (route.advertiseRoute >= 0) {
                        link->sniffing = true;
                        link->advertisePort = port(static_cast<size_t>(route.advertiseRoute));
                    }
                    links.push_back(std::move(link));
                }
                continue;
            }
            Link* l = s.link;
            if (l->dead) continue;
            if (l->connecting) {
                if (s.endA) {
                    if (re & (POLLHUP | POLLERR)) l->close();  // the source gave up first
                    continue;
                }
                int err = 0;
                socklen_t len = sizeof err;
                ::getsockopt(l->b, SOL_SOCKET, SO_ERROR, &err, &len);
                if (err == 0) {
                    l->connecting = false;
                } else {
                    closeFd(l->b);  // refused: retried from the top of the loop
                    l->retryAt = std::chrono::steady_clock::now() + kTargetRetryEvery;
                }
                continue;
            }
            const int self = s.endA ? l->a : l->b;
            const int other = s.endA ? l->b : l->a;
            auto& inBuf = s.endA ? l->ab : l->ba;  // bytes read from self
            auto& inOff = s.endA ? l->abOff : l->baOff;
            auto& outBuf = s.endA ? l->ba : l->ab;  // bytes to write to self
            auto& outOff = s.endA ? l->baOff : l->abOff;
            bool ok = true;
            if (re & POLLOUT) ok = Link::writeFrom(self, outBuf, outOff);
            if (ok && (re & (POLLIN | POLLHUP | POLLERR))) {
                ok = Link::readInto(self, inBuf, inOff);
                if (s.endA && l->sniffing && !inBuf.empty()) {
                    l->head.insert(l->head.end(), inBuf.begin(), inBuf.end());
                    inBuf.clear();
                    inOff = 0;
                    if (rewriteInitialMessage(l->head, l->advertisePort, &inBuf)) {
                        l->sniffing = false;
                        l->head.clear();
                    } else if (l->head.size() > 8192) {
                        ok = false;  // no sane handshake is this long
                    }
                }
                // Pass what arrived on at once; a later POLLOUT finishes it.
                if (ok || !inBuf.empty()) Link::writeFrom(other, inBuf, inOff);
            }
            if (!ok) l->close();  // EOF or error on one end ends both (ZooKeeper never half-closes)
        }
    }
    for (auto& l : links) l->close();
    {
        std::lock_guard lock(mutex_);
        done_ = requested_;
        stopped_ = true;
        std::fill(linkCount_.begin(), linkCount_.end(), 0);
    }
    applied_.notify_all();
}

LoopbackRelay::LoopbackRelay() : impl_(std::make_unique<Impl>()) {}
LoopbackRelay::~LoopbackRelay() = default;

bool LoopbackRelay::open(const std::vector<Route>& routes, std::string* error) { return impl_->open(routes, error); }
uint16_t LoopbackRelay::port(size_t route) const { return impl_->port(route); }
void LoopbackRelay::setTarget(int targetKey, uint16_t port) { impl_->setTarget(targetKey, port); }
void LoopbackRelay::setCut(int end, bool cut) { impl_->setCut(end, cut); }
bool LoopbackRelay::isCut(int end) const { return impl_->isCut(end); }
int LoopbackRelay::connections(int end) const { return impl_->connections(end); }

}  // namespace zooscope
