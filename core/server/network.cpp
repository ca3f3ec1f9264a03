// The socket layer: accepts TCP connections on the client port, reads frames,
// hands them to ServerCore, writes what it queues. One io_context on one
// thread owns every connection and the ServerCore, so nothing here locks.
#include <spdlog/spdlog.h>

#include <asio.hpp>
#include <atomic>
#include <deque>
#include <future>
#include <thread>

#include "proto/frame.h"
#include "server/admin_server.h"
#include "server/four_letter_words.h"
#include "server/peer_transport.h"
#include "server/quorum_state.h"
#include "server/server_core.h"
#include "zooscope/server.h"

namespace zooscope {

namespace {

using asio::ip::tcp;

class Connection final : public server::ClientLink, public std::enable_shared_from_this<Connection> {
public:
    Connection(tcp::socket socket, server::ServerCore& core, uint64_t id, int32_t maxBuffer,
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
        socket_.async_read_some(asio::buffer(buf_), [this, self](asio::error_code ec, std::size_t n) {
            if (ec || closed_) {
                shutdown();
                return;
            }
            onBytes(n);
            if (!closed_ && !closeAfterFlush_) readMore();
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
        while (!closed_ && !closeAfterFlush_) {
            auto frame = reader_.next();
            if (!frame) break;
            sawFirstFrame_ = true;
            core_.onFrame(*this, *frame);
        }
        if (reader_.failed()) {
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
    server::ServerCore& core_;
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
};

class ServerImpl final : public Server, private server::PeerLink, private server::AdminFiguresSource {
public:
    ServerImpl(const ServerConfig& config, std::unique_ptr<server::Durability> durability,
               std::unique_ptr<server::QuorumSetup> quorum)
        : config_(config),
          core_(config, Env::system(), [this](std::function<void()> f) { asio::post(io_, std::move(f)); },
                std::move(durability), std::move(quorum)),
          acceptor_(io_),
          tick_(io_),
          containers_(io_),
          quorumTick_(io_) {}

    // Ensemble mode: the peer ports of this member's server.N line.
    bool bindPeers(std::string* error) {
        if (!core_.ensemble()) return true;
        std::vector<server::PeerAddress> peers;
        server::PeerAddress self;
        for (const auto& p : config_.servers) {
            server::PeerAddress a{p.id, p.host, p.quorumPort, p.electionPort};
            if (p.id == config_.myid) self = a;
            peers.push_back(std::move(a));
        }
        peers_ = std::make_unique<server::PeerTransport>(
            io_, config_.myid, std::move(peers), [this](quorum::Message m) { core_.onPeerMessage(m); },
            [this](quorum::ServerId id) { core_.onPeerUnreachable(id); },
            [this](quorum::ServerId id) { core_.onPeerConnected(id); });
        return peers_->listen(self, error);
    }

    ~ServerImpl() override { stop(); }

    bool bind(std::string* error) {
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

    server::ServerCore& core() { return core_; }

    void run() {
        accept();
        scheduleTick();
        scheduleContainerCheck();
        if (peers_) {
            asio::post(io_, [this] {
                peers_->start();
                core_.startQuorum(*this);
                scheduleQuorumTick();
            });
        }
        thread_ = std::thread([this] {
            spdlog::info("serving clients on {}:{}", config_.clientPortAddress, port_);
            io_.run();
        });
    }

    // The AdminServer (admin.enableServer), reading the core through this
    // object's AdminFiguresSource.
    bool startAdminServer(std::string* error) {
        if (!config_.adminEnableServer) return true;
        admin_ = server::AdminServer::start(config_, *this, error);
        return admin_ != nullptr;
    }

    uint16_t port() const override { return port_; }
    uint16_t adminPort() const override { return admin_ ? admin_->port() : 0; }
    bool failed() const override { return core_.failed(); }

    void stop() override {
        if (stopped_.exchange(true)) return;
        if (admin_) admin_->stop();  // its requests wait on the network thread
        if (thread_.joinable()) {
            asio::post(io_, [this] {
                asio::error_code ec;
                acceptor_.close(ec);
                tick_.cancel();
                containers_.cancel();
                quorumTick_.cancel();
                if (peers_) peers_->stop();
                auto conns = connections_;
                for (auto& [id, c] : conns) c->abort();
                connections_.clear();
                io_.stop();
            });
            thread_.join();
        }
        spdlog::info("server on port {} stopped", port_);
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
            auto conn = std::make_shared<Connection>(std::move(socket), core_, id, config_.juteMaxBuffer,
                                                     [this](uint64_t gone) { connections_.erase(gone); });
            connections_.emplace(id, conn);
            conn->start();
            accept();
        });
    }

    void scheduleTick() {
        // Half a tick: expiry deadlines are tick-aligned, so this keeps the
        // lateness under half a tick.
        tick_.expires_after(std::chrono::milliseconds(std::max(10, config_.tickTime / 2)));
        tick_.async_wait([this](asio::error_code ec) {
            if (ec) return;
            core_.tick();
            scheduleTick();
        });
    }

    void scheduleQuorumTick() {
        quorumTick_.expires_after(std::chrono::milliseconds(core_.quorumTickMs()));
        quorumTick_.async_wait([this](asio::error_code ec) {
            if (ec) return;
            core_.quorumTick();
            scheduleQuorumTick();
        });
    }

    void send(quorum::ServerId to, const quorum::Message& msg) override {
        if (peers_) peers_->send(to, msg);
    }

    // From the AdminServer's threads: the copy is taken on the network thread.
    std::optional<server::AdminFigures> adminFigures(server::AdminDetail detail,
                                                     std::chrono::milliseconds timeout) override {
        auto copy = std::make_shared<std::promise<server::AdminFigures>>();
        auto taken = copy->get_future();
        asio::post(io_, [this, detail, copy] { copy->set_value(core_.adminFigures(detail)); });
        if (taken.wait_for(timeout) != std::future_status::ready) return std::nullopt;
        try {
            return taken.get();
        } catch (const std::future_error&) {  // dropped by a stopping io_context
            return std::nullopt;
        }
    }

    void scheduleContainerCheck() {
        containers_.expires_after(std::chrono::milliseconds(std::max(1, config_.containerCheckIntervalMs)));
        containers_.async_wait([this](asio::error_code ec) {
            if (ec) return;
            core_.checkContainers();
            scheduleContainerCheck();
        });
    }

    ServerConfig config_;
    asio::io_context io_;
    server::ServerCore core_;
    tcp::acceptor acceptor_;
    asio::steady_timer tick_;
    asio::steady_timer containers_;
    asio::steady_timer quorumTick_;
    std::unique_ptr<server::PeerTransport> peers_;
    std::unique_ptr<server::AdminServer> admin_;
    std::thread thread_;
    std::unordered_map<uint64_t, std::shared_ptr<Connection>> connections_;
    uint64_t nextConnectionId_ = 0;
    uint16_t port_ = 0;
    std::atomic<bool> stopped_{false};
};

}  // namespace

std::unique_ptr<Server> Server::start(const ServerConfig& config, std::string* error,
                                      const std::vector<SeedNode>& seed) {
    if (config.juteMaxBuffer <= 0) {
        if (error) *error = "jute.maxbuffer must be positive";
        return nullptr;
    }
    std::string ensembleError;
    const bool ensemble = server::isEnsemble(config, &ensembleError);
    if (!ensembleError.empty()) {
        if (error) *error = ensembleError;
        return nullptr;
    }
    std::unique_ptr<server::Durability> durability;
    if (!config.dataDir.empty()) {
        durability = std::make_unique<server::Durability>();
        storage::StorageOptions opts;
        opts.snapDir = config.dataDir;
        opts.logDir = config.dataLogDir;
        opts.log.preallocBytes = uint64_t(config.preAllocSizeKb) * 1024;
        opts.snapRetainCount = std::max(3, config.snapRetainCount);
        opts.purgeAfterSnapshot = config.purgeIntervalHours > 0;
        // An ensemble member's log holds records that are not known to be
        // committed: the quorum protocol applies them, not recovery.
        opts.replayWholeLog = !ensemble;
        auto st = storage::Storage::open(Env::system(), opts, &durability->recovered, &durability->storage);
        if (!st) {
            if (error) *error = "cannot open the data directory " + config.dataDir + ": " + st.toString();
            return nullptr;
        }
    }
    std::unique_ptr<server::QuorumSetup> quorum;
    if (ensemble) {
        quorum = server::loadQuorumSetup(Env::system(), config, durability ? durability->storage.get() : nullptr,
                                         durability ? &durability->recovered : nullptr, error);
        if (!quorum) return nullptr;
    }
    auto server = std::make_unique<ServerImpl>(config, std::move(durability), std::move(quorum));
    if (!server->bind(error) || !server->bindPeers(error)) return nullptr;
    for (const auto& n : seed) server->core().seed(n.path, n.data);
    server->run();
    if (!server->startAdminServer(error)) return nullptr;  // the destructor stops the rest
    return server;
}

}  // namespace zooscope
