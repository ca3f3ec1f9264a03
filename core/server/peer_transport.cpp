#include "server/peer_transport.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <asio.hpp>
#include <deque>
#include <map>

namespace zooscope::server {

using asio::ip::tcp;

namespace {

constexpr char kMagic[4] = {'Z', 'S', 'Q', 'P'};
constexpr uint8_t kVersion = 1;
constexpr size_t kHandshakeBytes = 4 + 1 + 8;

enum class Channel { Quorum = 0, Election = 1 };

void putBe32(std::string& out, uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(char((v >> s) & 0xff));
}
uint32_t getBe32(const char* p) {
    return uint32_t(uint8_t(p[0])) << 24 | uint32_t(uint8_t(p[1])) << 16 | uint32_t(uint8_t(p[2])) << 8 |
           uint32_t(uint8_t(p[3]));
}

}  // namespace

class PeerTransport::Impl : public std::enable_shared_from_this<Impl> {
public:
    Impl(asio::io_context& io, quorum::ServerId self, std::vector<PeerAddress> peers,
         std::function<void(quorum::Message)> deliver, std::function<void(quorum::ServerId)> unreachable,
         std::function<void(quorum::ServerId)> connected)
        : io_(io),
          self_(self),
          peers_(std::move(peers)),
          deliver_(std::move(deliver)),
          unreachable_(std::move(unreachable)),
          connected_(std::move(connected)),
          quorumAcceptor_(io),
          electionAcceptor_(io) {}

    bool listen(const PeerAddress& self, std::string* error) {
        return bind(quorumAcceptor_, self.host, self.quorumPort, "quorum", error) &&
               bind(electionAcceptor_, self.host, self.electionPort, "election", error);
    }

    void start() {
        accept(quorumAcceptor_);
        accept(electionAcceptor_);
        for (const auto& p : peers_) {
            if (p.id == self_) continue;
            for (Channel c : {Channel::Quorum, Channel::Election}) {
                auto out = std::make_shared<Outgoing>(io_, p, c);
                outgoing_[{p.id, c}] = out;
                connect(out);
            }
        }
    }

    void send(quorum::ServerId to, const quorum::Message& msg) {
        if (stopped_) return;
        const Channel c = std::holds_alternative<quorum::Notification>(msg.body) ? Channel::Election : Channel::Quorum;
        auto it = outgoing_.find({to, c});
        if (it == outgoing_.end() || !it->second->up) return;  // dropped: the protocol copes
        Outgoing& o = *it->second;
        std::string bytes = quorum::encode(msg);
        std::string framed;
        framed.reserve(4 + bytes.size());
        putBe32(framed, uint32_t(bytes.size()));
        framed += bytes;
        o.queuedBytes += framed.size();
        o.queue.push_back(std::move(framed));
        if (o.queuedBytes > kMaxQueuedBytes) {
            spdlog::warn("quorum: server {} is not reading ({} MiB queued); dropping the connection", to,
                         o.queuedBytes >> 20);
            lost(it->second, "send queue full");
            return;
        }
        if (!o.writing) writeMore(it->second);
    }

    void stop() {
        stopped_ = true;
        asio::error_code ec;
        quorumAcceptor_.close(ec);
        electionAcceptor_.close(ec);
        for (auto& [key, o] : outgoing_) {
            o->timer.cancel();
            o->socket.close(ec);
        }
        for (auto& in : incoming_) in->socket.close(ec);
        incoming_.clear();
    }

private:
    struct Outgoing {
        Outgoing(asio::io_context& io, PeerAddress a, Channel c) : addr(std::move(a)), channel(c), socket(io), timer(io) {}
        PeerAddress addr;
        Channel channel;
        tcp::socket socket;
        asio::steady_timer timer;
        bool up = false;
        bool connecting = false;  // an async_connect is outstanding
        bool writing = false;
        std::deque<std::string> queue;
        std::vector<std::string> inFlight;
        size_t queuedBytes = 0;
        int backoffMs = 0;
        uint64_t generation = 0;  // bumps on every loss: stale callbacks see a new value
    };
    struct Incoming {
        explicit Incoming(tcp::socket s) : socket(std::move(s)) {}
        tcp::socket socket;
        quorum::ServerId from = 0;
        std::string buf;
        std::array<char, 64 * 1024> chunk{};
    };

    bool bind(tcp::acceptor& acc, const std::string& host, uint16_t port, const char* what, std::string* error) {
        asio::error_code ec;
        const auto addr = resolve(host.empty() || host == "0.0.0.0" ? "127.0.0.1" : host, ec);
        if (ec) {
            if (error) *error = "cannot resolve this server's address '" + host + "': " + ec.message();
            return false;
        }
        tcp::endpoint ep(addr, port);
        acc.open(ep.protocol(), ec);
        if (!ec) acc.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acc.bind(ep, ec);
        if (!ec) acc.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            if (error)
                *error = std::string("cannot listen on the ") + what + " port " + host + ":" + std::to_string(port) +
                         ": " + ec.message();
            return false;
        }
        return true;
    }

    // A numeric address as it is, a name through the resolver (blocking: it
    // runs at start and on reconnects, and zoo.cfg names are local).
    asio::ip::address resolve(const std::string& host, asio::error_code& ec) {
        auto addr = asio::ip::make_address(host, ec);
        if (!ec) return addr;
        tcp::resolver r(io_);
        auto res = r.resolve(host, "0", ec);
        if (!ec && res.empty()) ec = asio::error::host_not_found;
        return ec ? addr : res.begin()->endpoint().address();
    }

    void accept(tcp::acceptor& acc) {
        auto self = shared_from_this();
        acc.async_accept([this, self, &acc](asio::error_code ec, tcp::socket s) {
            if (stopped_ || ec == asio::error::operation_aborted) return;
            if (!ec) {
                asio::error_code ignored;
                s.set_option(tcp::no_delay(true), ignored);
                auto in = std::make_shared<Incoming>(std::move(s));
                incoming_.push_back(in);
                read(in);
            }
            accept(acc);
        });
    }

    void closeIncoming(const std::shared_ptr<Incoming>& in) {
        asio::error_code ec;
        in->socket.close(ec);
        incoming_.erase(std::remove(incoming_.begin(), incoming_.end(), in), incoming_.end());
    }

    void read(const std::shared_ptr<Incoming>& in) {
        auto self = shared_from_this();
        in->socket.async_read_some(asio::buffer(in->chunk), [this, self, in](asio::error_code ec, size_t n) {
            if (stopped_) return;
            if (ec) {
                closeIncoming(in);
                return;
            }
            in->buf.append(in->chunk.data(), n);
            if (!consume(*in)) {
                closeIncoming(in);
                return;
            }
            read(in);
        });
    }

    // Parses what `in` has buffered; false when the stream is bad.
    bool consume(Incoming& in) {
        size_t pos = 0;
        if (in.from == 0) {
            if (in.buf.size() < kHandshakeBytes) return true;
            if (!std::equal(kMagic, kMagic + 4, in.buf.begin()) || uint8_t(in.buf[4]) != kVersion) {
                spdlog::warn("quorum: dropping a connection that is not an engine peer (bad handshake)");
                return false;
            }
            int64_t id = 0;
            for (int i = 0; i < 8; ++i) id = (id << 8) | uint8_t(in.buf[5 + size_t(i)]);
            if (id == self_ || std::none_of(peers_.begin(), peers_.end(), [&](const PeerAddress& p) { return p.id == id; })) {
                spdlog::warn("quorum: dropping a connection from unknown server id {}", id);
                return false;
            }
            in.from = id;
            pos = kHandshakeBytes;
            kick(id);
        }
        while (in.buf.size() - pos >= 4) {
            const uint32_t len = getBe32(in.buf.data() + pos);
            if (len > kMaxFrameBytes) {
                spdlog::warn("quorum: server {} sent a frame of {} bytes; dropping the connection", in.from, len);
                return false;
            }
            if (in.buf.size() - pos - 4 < len) break;
            std::string err;
            auto msg = quorum::decode(std::string_view(in.buf).substr(pos + 4, len), &err);
            pos += 4 + size_t(len);
            if (!msg || msg->from != in.from) {
                spdlog::warn("quorum: bad message from server {}: {}", in.from, msg ? "wrong sender" : err);
                return false;
            }
            deliver_(std::move(*msg));
            if (stopped_) return false;
        }
        in.buf.erase(0, pos);
        return true;
    }

    // `id` just connected to us, so it is up: connections to it waiting out
    // their backoff try again now (its answers would otherwise be lost).
    void kick(quorum::ServerId id) {
        for (Channel c : {Channel::Quorum, Channel::Election}) {
            auto it = outgoing_.find({id, c});
            if (it == outgoing_.end()) continue;
            auto& o = it->second;
            if (o->up || o->connecting) continue;
            ++o->generation;  // the pending retry timer becomes stale
            o->timer.cancel();
            o->backoffMs = 0;
            connect(o);
        }
    }

    void connect(const std::shared_ptr<Outgoing>& o) {
        if (stopped_) return;
        o->connecting = true;
        asio::error_code ec;
        const auto addr = resolve(o->addr.host, ec);
        if (ec) {
            spdlog::warn("quorum: cannot resolve server {}'s address '{}': {}", o->addr.id, o->addr.host, ec.message());
            o->connecting = false;
            retry(o);
            return;
        }
        const uint16_t port = o->channel == Channel::Election ? o->addr.electionPort : o->addr.quorumPort;
        auto self = shared_from_this();
        const uint64_t gen = o->generation;
        o->socket.async_connect(tcp::endpoint(addr, port), [this, self, o, gen](asio::error_code ec) {
            if (stopped_ || gen != o->generation) return;
            o->connecting = false;
            if (ec) {
                failed(o);
                return;
            }
            asio::error_code ignored;
            o->socket.set_option(tcp::no_delay(true), ignored);
            o->up = true;
            o->backoffMs = 0;
            std::string hello(kMagic, 4);
            hello.push_back(char(kVersion));
            for (int s = 56; s >= 0; s -= 8) hello.push_back(char((uint64_t(self_) >> s) & 0xff));
            o->queue.push_front(std::move(hello));
            if (!o->writing) writeMore(o);
            watchForClose(o);
            if (o->channel == Channel::Election && connected_) connected_(o->addr.id);
        });
    }

    // Outgoing connections never receive; a read completes only when the
    // peer closes or resets, which is how a dead peer is noticed at once.
    void watchForClose(const std::shared_ptr<Outgoing>& o) {
        auto self = shared_from_this();
        auto sink = std::make_shared<std::array<char, 256>>();
        const uint64_t gen = o->generation;
        o->socket.async_read_some(asio::buffer(*sink), [this, self, o, sink, gen](asio::error_code ec, size_t) {
            if (stopped_ || gen != o->generation) return;
            if (ec) lost(o, ec.message());
            else watchForClose(o);
        });
    }

    void writeMore(const std::shared_ptr<Outgoing>& o) {
        if (o->queue.empty()) {
            o->writing = false;
            return;
        }
        o->writing = true;
        o->inFlight.clear();
        while (!o->queue.empty() && o->inFlight.size() < 64) {
            o->inFlight.push_back(std::move(o->queue.front()));
            o->queue.pop_front();
        }
        std::vector<asio::const_buffer> bufs;
        for (const auto& b : o->inFlight) bufs.push_back(asio::buffer(b));
        auto self = shared_from_this();
        const uint64_t gen = o->generation;
        asio::async_write(o->socket, bufs, [this, self, o, gen](asio::error_code ec, size_t n) {
            if (stopped_ || gen != o->generation) return;
            o->queuedBytes -= std::min(o->queuedBytes, n);
            if (ec) {
                lost(o, ec.message());
                return;
            }
            writeMore(o);
        });
    }

    void lost(const std::shared_ptr<Outgoing>& o, const std::string& why) {
        spdlog::info("quorum: lost the {} connection to server {}: {}",
                     o->channel == Channel::Election ? "election" : "quorum", o->addr.id, why);
        reset(o);
        unreachable_(o->addr.id);
        retry(o);
    }

    void failed(const std::shared_ptr<Outgoing>& o) {
        reset(o);
        unreachable_(o->addr.id);
        retry(o);
    }

    void reset(const std::shared_ptr<Outgoing>& o) {
        ++o->generation;
        asio::error_code ec;
        o->socket.close(ec);
        o->socket = tcp::socket(io_);
        o->up = false;
        o->connecting = false;
        o->writing = false;
        o->queue.clear();
        o->inFlight.clear();
        o->queuedBytes = 0;
    }

    void retry(const std::shared_ptr<Outgoing>& o) {
        if (stopped_) return;
        o->backoffMs = o->backoffMs == 0 ? 50 : std::min(1000, o->backoffMs * 2);
        o->timer.expires_after(std::chrono::milliseconds(o->backoffMs));
        auto self = shared_from_this();
        const uint64_t gen = o->generation;
        o->timer.async_wait([this, self, o, gen](asio::error_code ec) {
            if (ec || stopped_ || gen != o->generation) return;
            connect(o);
        });
    }

    asio::io_context& io_;
    quorum::ServerId self_;
    std::vector<PeerAddress> peers_;
    std::function<void(quorum::Message)> deliver_;
    std::function<void(quorum::ServerId)> unreachable_;
    std::function<void(quorum::ServerId)> connected_;
    tcp::acceptor quorumAcceptor_;
    tcp::acceptor electionAcceptor_;
    std::map<std::pair<quorum::ServerId, Channel>, std::shared_ptr<Outgoing>> outgoing_;
    std::vector<std::shared_ptr<Incoming>> incoming_;
    bool stopped_ = false;
};

PeerTransport::PeerTransport(asio::io_context& io, quorum::ServerId self, std::vector<PeerAddress> peers,
                             std::function<void(quorum::Message)> deliver,
                             std::function<void(quorum::ServerId)> unreachable,
                             std::function<void(quorum::ServerId)> connected)
    : impl_(std::make_shared<Impl>(io, self, std::move(peers), std::move(deliver), std::move(unreachable),
                                   std::move(connected))) {}

PeerTransport::~PeerTransport() = default;

bool PeerTransport::listen(const PeerAddress& self, std::string* error) { return impl_->listen(self, error); }
void PeerTransport::start() { impl_->start(); }
void PeerTransport::send(quorum::ServerId to, const quorum::Message& msg) { impl_->send(to, msg); }
void PeerTransport::stop() { impl_->stop(); }

}  // namespace zooscope::server
