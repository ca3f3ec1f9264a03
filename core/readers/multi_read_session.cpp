#include "readers/multi_read_session.h"

#include <asio/connect.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/write.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <atomic>
#include <deque>
#include <future>
#include <map>
#include <thread>

#include "proto/frame.h"
#include "proto/multi.h"
#include "proto/packets.h"

namespace zooscope::readers::detail {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// Replies are not limited by the server's jute.maxbuffer (the C client
// accepts any size, and so must a walk that promises the same result); this
// only stops a broken stream from growing without end.
constexpr int32_t kMaxReply = 256 << 20;
constexpr milliseconds kTick{100};
constexpr milliseconds kGoodbyeWait{1000};

std::string msText(milliseconds ms) { return std::to_string(ms.count()) + " ms"; }

}  // namespace

std::optional<MultiReadSettings> MultiReadSettings::sameAs(const client::Client& client, std::string* why) {
    const client::ClientOptions& o = client.options();
    if (o.ssl.enabled) {
        *why = "the session uses TLS";
        return std::nullopt;
    }
    if (o.sasl.enabled) {
        *why = "the session uses SASL";
        return std::nullopt;
    }
    const std::string server = client.currentServer();
    const size_t colon = server.rfind(':');
    if (server.empty() || colon == std::string::npos || colon == 0) {
        *why = server.empty() ? "the client is not connected" : "the current server \"" + server + "\" does not parse";
        return std::nullopt;
    }
    MultiReadSettings s;
    s.host = server.substr(0, colon);
    if (s.host.size() > 2 && s.host.front() == '[' && s.host.back() == ']') s.host = s.host.substr(1, s.host.size() - 2);
    try {
        const int port = std::stoi(server.substr(colon + 1));
        if (port < 1 || port > 65535) throw std::out_of_range("port");
        s.port = static_cast<uint16_t>(port);
    } catch (const std::exception&) {
        *why = "the current server \"" + server + "\" has no port";
        return std::nullopt;
    }
    std::string error;
    const std::optional<client::ConnectString> cs = client::parseConnectString(o.connectString, &error);
    if (!cs) {
        *why = "the connect string does not parse: " + error;
        return std::nullopt;
    }
    s.chroot = cs->chroot;
    s.sessionTimeout = o.sessionTimeout;
    s.auth = o.auth;
    s.canBeReadOnly = o.canBeReadOnly;
    return s;
}

// Everything below runs on the io thread, except open()'s wait and the
// posting in list() and the destructor.
struct MultiReadSession::Impl {
    enum class Phase { Opening, Open, Closing, Done };
    struct Pending {
        size_t paths = 0;
        Done done;
        Clock::time_point sentAt;
    };

    explicit Impl(MultiReadSettings s)
        : settings(std::move(s)),
          server((settings.host.find(':') != std::string::npos ? "[" + settings.host + "]" : settings.host) + ":" +
                 std::to_string(settings.port)) {}

    MultiReadSettings settings;
    std::string server;  // for sentences
    asio::io_context io;
    asio::executor_work_guard<asio::io_context::executor_type> work = asio::make_work_guard(io);
    asio::ip::tcp::resolver resolver{io};
    asio::ip::tcp::socket socket{io};
    asio::steady_timer tick{io};
    std::thread thread;

    Phase phase = Phase::Opening;
    proto::FrameReader frames{kMaxReply};
    std::array<char, 64 * 1024> readBuf{};
    std::deque<std::string> writes;
    bool writing = false;
    std::map<int32_t, Pending> pending;  // by xid; the server answers in order
    int32_t xid = 0;
    int32_t closeXid = 0;
    std::atomic<size_t> sent{0};
    bool connected = false;  // ConnectResponse received
    milliseconds readTimeout{0}, pingEvery{0};
    Clock::time_point lastSend, lastReceive, closingSince;
    // When a request's reply last moved: a reply completed, or bytes of one
    // arrived. Ping replies do not count, so a server that answers pings but
    // not requests still times out.
    Clock::time_point lastProgress;
    std::optional<Clock::time_point> pingSentAt;
    proto::Err failedWith = proto::Err::Ok;
    std::string failure;
    std::promise<std::string> opened;  // "" or why not
    bool openReported = false;
    bool ending = false;  // the destructor asked for the goodbye

    void start(const std::string& probePath) {
        resolver.async_resolve(settings.host, std::to_string(settings.port),
                               [this, probePath](const std::error_code& ec, asio::ip::tcp::resolver::results_type r) {
                                   if (ec) return fail(proto::Err::ConnectionLoss, "cannot resolve " + server + ": " + ec.message());
                                   asio::async_connect(socket, r, [this, probePath](const std::error_code& ec2, const auto&) {
                                       if (ec2) return fail(proto::Err::ConnectionLoss, "cannot connect to " + server + ": " + ec2.message());
                                       socket.set_option(asio::ip::tcp::no_delay(true));
                                       handshake(probePath);
                                   });
                               });
        armTick();
    }

    void handshake(const std::string& probePath) {
        proto::ConnectRequest req;
        req.timeOut = static_cast<int32_t>(settings.sessionTimeout.count());
        req.passwd = std::string(16, '\0');
        req.readOnly = settings.canBeReadOnly;
        send(proto::encode(req));
        readMore();
        // Queued behind the ConnectRequest: the server handles them in order
        // once the session exists, so the probe's answer comes after every
        // auth answer.
        for (const client::AuthInfo& a : settings.auth)
            send(proto::requestPayload(proto::kXidAuth, proto::OpCode::Auth,
                                       proto::encode(proto::AuthPacket{0, a.scheme, a.credential})));
        list({probePath}, [this](proto::Err err, std::string message, std::vector<Listing>) {
            if (err == proto::Err::Ok) {
                phase = Phase::Open;
                reportOpen("");
            } else {
                reportOpen(message);
            }
        });
    }

    void reportOpen(std::string why) {
        if (openReported) return;
        openReported = true;
        opened.set_value(std::move(why));
    }

    void send(std::string payload) {
        writes.push_back(proto::frame(payload));
        ++sent;
        lastSend = Clock::now();
        if (!writing) writeNext();
    }

    void writeNext() {
        if (writes.empty() || !socket.is_open()) {
            writing = false;
            return;
        }
        writing = true;
        asio::async_write(socket, asio::buffer(writes.front()), [this](const std::error_code& ec, size_t) {
            if (ec) {
                writing = false;
                return lost(ec);
            }
            writes.pop_front();
            writeNext();
        });
    }

    void readMore() {
        socket.async_read_some(asio::buffer(readBuf), [this](const std::error_code& ec, size_t n) {
            if (ec) return lost(ec);
            lastReceive = Clock::now();
            frames.feed(readBuf.data(), n);
            while (auto payload = frames.next()) {
                onFrame(*payload);
                if (phase == Phase::Done) return;
            }
            if (frames.buffered() > 0) lastProgress = lastReceive;
            if (frames.failed())
                return fail(proto::Err::MarshallingError, server + " sent a frame that cannot be read: " + frames.error());
            readMore();
        });
    }

    void lost(const std::error_code& ec) {
        if (phase == Phase::Closing) return finish();
        fail(proto::Err::ConnectionLoss,
             "The connection to " + server + " for bulk listing was lost (" + ec.message() + ").");
    }

    void onFrame(const std::string& payload) {
        if (!connected) {
            proto::ConnectResponse r;
            try {
                r = proto::decodeConnectResponse(payload);
            } catch (const proto::DecodeError& e) {
                return fail(proto::Err::MarshallingError, server + " sent a ConnectResponse that does not decode: " + e.what());
            }
            if (r.timeOut <= 0) return fail(proto::Err::SessionExpired, server + " refused the session.");
            connected = true;
            readTimeout = milliseconds(r.timeOut * 2 / 3);
            pingEvery = milliseconds(r.timeOut / 3);
            return;
        }
        proto::Reply reply;
        try {
            reply = proto::splitReply(payload);
        } catch (const proto::DecodeError& e) {
            return fail(proto::Err::MarshallingError, server + " sent a reply that does not decode: " + e.what());
        }
        const int32_t id = reply.header.xid;
        if (id == proto::kXidNotification) return;  // no watches are set; nothing to do
        if (id != proto::kXidPing) lastProgress = lastReceive;
        if (id == proto::kXidPing) {
            pingSentAt.reset();
            return;
        }
        if (id == proto::kXidAuth) {
            if (reply.header.err != proto::Err::Ok)
                fail(proto::Err::AuthFailed, server + " refused the session's credentials (" +
                                                 std::string(proto::errName(reply.header.err)) + ").");
            return;
        }
        if (phase == Phase::Closing && id == closeXid) return finish();
        auto it = pending.find(id);
        if (it == pending.end() || it != pending.begin())
            return fail(proto::Err::MarshallingError, server + " answered a request out of order (xid " + std::to_string(id) + ").");
        Pending p = std::move(it->second);
        pending.erase(it);
        if (reply.header.err != proto::Err::Ok) {
            return p.done(reply.header.err,
                          server + " refused a multiRead request (" + std::string(proto::errName(reply.header.err)) + ").",
                          {});
        }
        std::vector<Listing> listings;
        try {
            listings = decodeListings(reply.body, p.paths);
        } catch (const proto::DecodeError& e) {
            const std::string why = server + " sent a multiRead reply that does not decode: " + e.what();
            p.done(proto::Err::MarshallingError, why, {});
            return fail(proto::Err::MarshallingError, why);
        }
        p.done(proto::Err::Ok, {}, std::move(listings));
    }

    void list(std::vector<std::string> paths, Done done) {
        if (phase == Phase::Done || phase == Phase::Closing)
            return done(failedWith == proto::Err::Ok ? proto::Err::ConnectionLoss : failedWith,
                        failure.empty() ? "The bulk listing session was closed." : failure, {});
        proto::MultiRequest req;
        req.ops.reserve(paths.size());
        for (const std::string& p : paths) {
            const std::string full = settings.chroot.empty() ? p : (p == "/" ? settings.chroot : settings.chroot + p);
            req.ops.push_back(proto::MultiOp{proto::OpCode::GetChildren, proto::GetChildrenRequest{full, false}});
        }
        const int32_t id = ++xid;
        pending.emplace(id, Pending{paths.size(), std::move(done), Clock::now()});
        send(proto::requestPayload(id, proto::OpCode::MultiRead, proto::encode(req)));
    }

    void armTick() {
        tick.expires_after(kTick);
        tick.async_wait([this](const std::error_code& ec) {
            if (ec || phase == Phase::Done) return;
            onTick();
            if (phase != Phase::Done) armTick();
        });
    }

    void onTick() {
        const Clock::time_point now = Clock::now();
        if (phase == Phase::Closing) {
            if (now - closingSince >= kGoodbyeWait) finish();
            return;
        }
        if (!connected) return;  // open()'s deadline bounds the handshake
        // The oldest request unanswered and no reply moving for the read
        // timeout, or a ping unanswered and nothing heard for as long: the
        // server is gone, stopped, or will not answer.
        const bool requestStuck =
            !pending.empty() && now - std::max(pending.begin()->second.sentAt, lastProgress) >= readTimeout;
        const bool pingStuck = pingSentAt && now - std::max(*pingSentAt, lastReceive) >= readTimeout;
        if (requestStuck || pingStuck)
            return fail(proto::Err::OperationTimeout,
                        server + " did not answer a bulk listing within " + msText(readTimeout) + ".");
        if (phase == Phase::Open && !pingSentAt && now - lastSend >= pingEvery) {
            pingSentAt = now;
            send(proto::requestPayload(proto::kXidPing, proto::OpCode::Ping, {}));
        }
    }

    // Every pending request and every later one gets `err`.
    void fail(proto::Err err, std::string why) {
        if (phase == Phase::Done) return;
        spdlog::debug("readers: bulk listing session to {}: {}", server, why);
        failedWith = err;
        failure = why;
        auto waiting = std::exchange(pending, {});
        finish();
        reportOpen(why);
        for (auto& [id, p] : waiting) p.done(err, why, {});
    }

    // The destructor's: pending requests end, the server is told (bounded by
    // kGoodbyeWait) and the thread ends once nothing is left to run. Until
    // then the io_context keeps running, so every list() still gets its
    // callback.
    void goodbye() {
        ending = true;
        auto waiting = std::exchange(pending, {});
        for (auto& [id, p] : waiting) p.done(proto::Err::ConnectionLoss, "The bulk listing session was closed.", {});
        reportOpen("The bulk listing session was closed.");
        if (phase == Phase::Done) {
            work.reset();
        } else if (!connected) {
            finish();
        } else {
            phase = Phase::Closing;
            closingSince = Clock::now();
            closeXid = ++xid;
            send(proto::requestPayload(closeXid, proto::OpCode::CloseSession, {}));
        }
    }

    void finish() {
        phase = Phase::Done;
        std::error_code ignored;
        resolver.cancel();
        socket.close(ignored);
        tick.cancel();
        if (ending) work.reset();
    }
};

MultiReadSession::MultiReadSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

std::unique_ptr<MultiReadSession> MultiReadSession::open(const MultiReadSettings& settings,
                                                         const std::string& probePath, std::string* why) {
    auto impl = std::make_unique<Impl>(settings);
    Impl* i = impl.get();
    std::future<std::string> opened = i->opened.get_future();
    asio::post(i->io, [i, probePath] { i->start(probePath); });
    i->thread = std::thread([i] { i->io.run(); });
    std::unique_ptr<MultiReadSession> session(new MultiReadSession(std::move(impl)));
    if (opened.wait_for(settings.openTimeout) != std::future_status::ready) {
        *why = i->server + " did not answer the bulk listing session's first request within " +
               msText(settings.openTimeout) + ".";
        return nullptr;
    }
    if (std::string refused = opened.get(); !refused.empty()) {
        *why = std::move(refused);
        return nullptr;
    }
    return session;
}

MultiReadSession::~MultiReadSession() {
    asio::post(impl_->io, [i = impl_.get()] { i->goodbye(); });
    if (impl_->thread.joinable()) impl_->thread.join();
}

void MultiReadSession::list(std::vector<std::string> paths, Done done) {
    asio::post(impl_->io, [i = impl_.get(), paths = std::move(paths), done = std::move(done)]() mutable {
        i->list(std::move(paths), std::move(done));
    });
}

std::size_t MultiReadSession::requestsSent() const { return impl_->sent; }

}  // namespace zooscope::readers::detail
