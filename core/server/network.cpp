// The socket layer (network.h): accepts TCP connections on the client port,
// reads frames, hands them to ServerCore, writes what it queues. One
// io_context on one thread owns every connection and the ServerCore, so
// nothing here locks.
#include "server/network.h"

#include <spdlog/spdlog.h>

#include <asio.hpp>
#include <atomic>
#include <deque>
#include <future>
#include <thread>

#include "proto/frame.h"
#include "server/peer_transport.h"

namespace zooscope::server {

namespace {

using asio::ip::tcp;

class Connection final : public ClientLink, public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket, ServerCore& core, uint64_t id, int32_t maxBuffer,
               std::function<void(uint64_t)> onGone)
        : socket_(std::move(socket)), core_(core), id_(id), reader_(maxBuffer), onGone_(std::move(onGone)) {
        asio::error_code ec;
        auto ep = socket_.remote_endpoint(ec);
        address_ = ec ? "unknown" : ep.address().to_string();
        remotePort_ = ec ? 0 : ep.port();
        auto local = socket_.local_endpoint(ec);
        localPort_ = ec ? 0 : local.port();
        socket_.set_option(tcp::no_delay(true), ec);
    }

    void start() {
        if (!core_.attach(*this)) {
            // Refused (maxClientCnxns): close at once, as ZooKeeper does.
            attached_ = false;
            shutdown();
            return;
        }
        attached_ = true;
        readMore();
    }

    // Held: no socket read is started and buffered frames wait in reader_.
    // Released: the buffered frames go to the core from a fresh handler (the
    // release may come from inside onFrame), then reading resumes.
    void holdInput(bool hold) override {
        if (hold == held_) return;
        held_ = hold;
        if (held_) return;
        asio::post(socket_.get_executor(), [this, self = shared_from_this()] {
            if (held_ || closed_ || closeAfterFlush_) return;
            handFrames();
            if (!reading_ && !held_ && !closed_ && !closeAfterFlush_) readMore();
        });
    }

    void send(std::string framed) override {
        if (closed_) return;
        out_.push_back(std::move(framed));
        if (!writing_) writeMore();
    }

    void closeAfterFlush() override {
        closeAfterFlush_ = true;
        if (!writing_) shutdown();
    }

    uint64_t linkId() const override { return id_; }
    const std::string& remoteAddress() const override { return address_; }
    uint16_t remotePort() const override { return remotePort_; }
    uint16_t localPort() const override { return localPort_; }

    // Server stop: no more callbacks into the core.
    void abort() {
        if (attached_) core_.detach(*this);
        attached_ = false;
        closed_ = true;
        asio::error_code ec;
        socket_.close(ec);
    }

private:
    void readMore() {
        auto self = shared_from_this();
        reading_ = true;
        socket_.async_read_some(asio::buffer(buf_), [this, self](asio::error_code ec, std::size_t n) {
            reading_ = false;
            if (ec || closed_) {
                shutdown();
                return;
            }
            onBytes(n);
            if (!closed_ && !closeAfterFlush_ && !held_) readMore();
        });
    }

    void onBytes(std::size_t n) {
        reader_.feed(buf_.data(), n);
        if (!sawFirstFrame_) {
            // A four-letter word is recognised only in place of the first
            // length prefix of a fresh connection.
            auto raw = reader_.peekLength();
            if (!raw) return;
            const uint32_t v = uint32_t(*raw);
            const char word[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
            if (auto answer = core_.fourLetterWord(std::string_view(word, 4), this)) {
                send(std::move(*answer));
                closeAfterFlush();
                return;
            }
        }
        handFrames();
    }

    void handFrames() {
        while (!closed_ && !closeAfterFlush_ && !held_) {
            auto frame = reader_.next();
            if (!frame) break;
            sawFirstFrame_ = true;
            core_.onFrame(*this, *frame);
        }
        // A malformed length behind a held frame is reported once the hold
        // ends, in stream order.
        if (!held_ && reader_.failed()) {
            spdlog::warn("{} (from {})", reader_.error(), address_);
            shutdown();
        }
    }

    // Everything queued while a write was in flight goes out in one gathered
    // write: one syscall for many replies under pipelined load.
    void writeMore() {
        if (out_.empty()) {
            writing_ = false;
            if (closeAfterFlush_) shutdown();
            return;
        }
        writing_ = true;
        inFlight_.clear();
        while (!out_.empty() && inFlight_.size() < kMaxGather) {
            inFlight_.push_back(std::move(out_.front()));
            out_.pop_front();
        }
        buffers_.clear();
        for (const auto& b : inFlight_) buffers_.push_back(asio::buffer(b));
        auto self = shared_from_this();
        asio::async_write(socket_, buffers_, [this, self](asio::error_code ec, std::size_t) {
            if (ec) {
                writing_ = false;
                out_.clear();
                shutdown();
                return;
            }
            writeMore();
        });
    }

    void shutdown() {
        if (closed_) return;
        closed_ = true;
        if (attached_) core_.detach(*this);
        attached_ = false;
        asio::error_code ec;
        socket_.shutdown(tcp::socket::shutdown_both, ec);
        socket_.close(ec);
        onGone_(id_);
    }

    tcp::socket socket_;
    ServerCore& core_;
    uint64_t id_;
    proto::FrameReader reader_;
    std::function<void(uint64_t)> onGone_;
    std::string address_;
    std::array<char, 64 * 1024> buf_{};
    static constexpr size_t kMaxGather = 64;  // under IOV_MAX, plenty for batching
    std::deque<std::string> out_;
    std::vector<std::string> inFlight_;
    std::vector<asio::const_buffer> buffers_;
    uint16_t remotePort_ = 0;
    uint16_t localPort_ = 0;
    bool writing_ = false;
    bool closeAfterFlush_ = false;
    bool closed_ = false;
    bool attached_ = false;
    bool sawFirstFrame_ = false;
    bool held_ = false;     // holdInput(true): the session is being set up
    bool reading_ = false;  // an async_read_some is outstanding
};

}  // namespace

class Network::Impl {
public:
    explicit Impl(const ServerConfig& config) : config_(config), acceptor_(io_) {}

    bool bind(ServerCore& core, std::string* error) {
        core_ = &core;
        asio::error_code ec;
        auto addr = asio::ip::make_address(config_.clientPortAddress.empty() ? "127.0.0.1" : config_.clientPortAddress, ec);
        if (ec) return fail(error, "bad clientPortAddress '" + config_.clientPortAddress + "': " + ec.message());
        tcp::endpoint ep(addr, config_.clientPort);
        acceptor_.open(ep.protocol(), ec);
        if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
        if (!ec) acceptor_.bind(ep, ec);
        if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
        if (ec) {
            return fail(error, "cannot listen on " + config_.clientPortAddress + ":" + std::to_string(config_.clientPort) +
                                   ": " + ec.message());
        }
        port_ = acceptor_.local_endpoint().port();
        return true;
    }

    bool bindPeers(QuorumHost& host, std::string* error) {
        std::vector<PeerAddress> peers;
        PeerAddress self;
        for (const auto& p : config_.servers) {
            PeerAddress a{p.id, p.host, p.quorumPort, p.electionPort};
            if (p.id == config_.myid) self = a;
            peers.push_back(std::move(a));
        }
        peers_ = std::make_unique<PeerTransport>(
            io_, config_.myid, std::move(peers), [&host](quorum::Message m) { host.onPeerMessage(m); },
            [&host](quorum::ServerId id) { host.onPeerUnreachable(id); },
            [&host](quorum::ServerId id) { host.onPeerConnected(id); });
        return peers_->listen(self, error);
    }

    void run() {
        accept();
        asio::post(io_, [this] {
            if (peers_) peers_->start();
            core_->start();
        });
        thread_ = std::thread([this] {
            spdlog::info("serving clients on {}:{}", config_.clientPortAddress, port_);
            io_.run();
        });
    }

    void stop() {
        if (stopped_.exchange(true)) return;
        if (thread_.joinable()) {
            asio::post(io_, [this] {
                asio::error_code ec;
                acceptor_.close(ec);
                if (peers_) peers_->stop();
                auto conns = connections_;
                for (auto& [id, c] : conns) c->abort();
                connections_.clear();
                // Pending timers never run: the loop stops here.
                io_.stop();
            });
            thread_.join();
            spdlog::info("server on port {} stopped", port_);
        }
    }

    uint16_t port() const { return port_; }

    void post(std::function<void()> fn) { asio::post(io_, std::move(fn)); }

    void after(int64_t delayMs, std::function<void()> fn) {
        auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(delayMs));
        timer->async_wait([timer, fn = std::move(fn)](asio::error_code ec) {
            if (!ec) fn();
        });
    }

    void send(quorum::ServerId to, const quorum::Message& msg) {
        if (peers_) peers_->send(to, msg);
    }

private:
    static bool fail(std::string* error, std::string msg) {
        if (error) *error = std::move(msg);
        return false;
    }

    void accept() {
        acceptor_.async_accept([this](asio::error_code ec, tcp::socket socket) {
            if (ec) {
                if (ec != asio::error::operation_aborted) {
                    spdlog::warn("accept failed: {}", ec.message());
                    accept();
                }
                return;
            }
            const uint64_t id = ++nextConnectionId_;
            auto conn = std::make_shared<Connection>(std::move(socket), *core_, id, config_.juteMaxBuffer,
                                                     [this](uint64_t gone) { connections_.erase(gone); });
            connections_.emplace(id, conn);
            conn->start();
            accept();
        });
    }

    ServerConfig config_;
    asio::io_context io_;
    ServerCore* core_ = nullptr;
    tcp::acceptor acceptor_;
    std::unique_ptr<PeerTransport> peers_;
    std::thread thread_;
    std::unordered_map<uint64_t, std::shared_ptr<Connection>> connections_;
    uint64_t nextConnectionId_ = 0;
    uint16_t port_ = 0;
    std::atomic<bool> stopped_{false};
};

Network::Network(const ServerConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Network::~Network() { stop(); }
bool Network::bind(ServerCore& core, std::string* error) { return impl_->bind(core, error); }
bool Network::bindPeers(QuorumHost& host, std::string* error) { return impl_->bindPeers(host, error); }
void Network::run() { impl_->run(); }
void Network::stop() { impl_->stop(); }
uint16_t Network::port() const { return impl_->port(); }
void Network::post(std::function<void()> fn) { impl_->post(std::move(fn)); }
void Network::after(int64_t delayMs, std::function<void()> fn) { impl_->after(delayMs, std::move(fn)); }
void Network::send(quorum::ServerId to, const quorum::Message& msg) { impl_->send(to, msg); }

}  // namespace zooscope::server
