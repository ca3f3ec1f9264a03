// The engine's client protocol meeting one client's bytes: ConnectionDispatcher
// and everything behind it (request processing, the data tree, watches,
// sessions, four-letter words, the commit path), on a fresh in-memory
// standalone ServerCore per input, fed as network.cpp feeds it.
//
// Input: what a client sends on one connection (seeds: kazoo, zkCli.sh,
// Curator and the C client talking to the engine, captured on the wire). As
// on a socket, the first four bytes may be a four-letter word; otherwise
// length-prefixed frames: the ConnectRequest, then requests of every opcode,
// multi and multiRead with their ops. Then the connection closes and the
// clock runs on for two minutes (the session expires, container and TTL
// checks run).
//
// Checked: every frame the server sends is a whole frame; while the
// connection stays open every request gets its answer, in request order (the
// request's xid; -2 for a ping; a ConnectResponse for createSession), so
// none is left waiting; once the session has expired, no ephemeral node and
// no session is left.
//
// The link detaches from the engine inside closeAfterFlush(), the harshest
// thing the ClientLink contract allows (network.cpp does so when no write is
// in flight).
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "env/env.h"
#include "fuzz_support.h"
#include "proto/archive.h"
#include "proto/frame.h"
#include "proto/records.h"
#include "server/client_link.h"
#include "server/server_core.h"
#include "server/timers.h"

namespace proto = zooscope::proto;
namespace server = zooscope::server;
using zooscope::fuzz::bytesOf;

namespace {

class Clock final : public zooscope::Env {
public:
    int64_t wallMs() override { return 1'700'000'000'000 + now; }
    int64_t monotonicMs() override { return now; }
    bool backgroundThreads() const override { return false; }
    int64_t now = 1'000'000;
};

// The owning thread's loop: posts run in order; timers when the clock
// reaches them.
class Loop final : public server::Timers {
public:
    explicit Loop(Clock& clock) : clock_(clock) {}
    void post(std::function<void()> fn) override { posted_.push_back(std::move(fn)); }
    void after(int64_t delayMs, std::function<void()> fn) override {
        due_.emplace(clock_.now + std::max<int64_t>(delayMs, 0), std::move(fn));
    }
    void runPosted() {
        while (!posted_.empty()) {
            auto fn = std::move(posted_.front());
            posted_.pop_front();
            fn();
        }
    }
    void runUntil(int64_t t) {
        runPosted();
        while (!due_.empty() && due_.begin()->first <= t) {
            auto it = due_.begin();
            clock_.now = std::max(clock_.now, it->first);
            auto fn = std::move(it->second);
            due_.erase(it);
            fn();
            runPosted();
        }
        clock_.now = std::max(clock_.now, t);
    }

private:
    Clock& clock_;
    std::deque<std::function<void()>> posted_;
    std::multimap<int64_t, std::function<void()>> due_;
};

class Link final : public server::ClientLink {
public:
    explicit Link(server::ServerCore& core) : core_(core) {}
    void send(std::string framed) override {
        ZS_FUZZ_CHECK(attached);
        ZS_FUZZ_CHECK(framed.size() >= 4);
        proto::InputArchive in(std::string_view(framed).substr(0, 4));
        ZS_FUZZ_CHECK(size_t(in.readInt()) == framed.size() - 4);
        sent.push_back(framed.substr(4));
    }
    void closeAfterFlush() override {
        if (!attached) return;
        attached = false;
        core_.detach(*this);
    }
    uint64_t linkId() const override { return 1; }
    const std::string& remoteAddress() const override { return address_; }

    bool attached = false;
    std::vector<std::string> sent;  // payloads, in order

private:
    server::ServerCore& core_;
    const std::string address_ = "127.0.0.1";
};

struct Header {
    int32_t xid = 0;
    int32_t type = 0;
};

std::optional<Header> headerOf(std::string_view payload) {
    if (payload.size() < 8) return std::nullopt;
    proto::InputArchive in(payload);
    Header h;
    h.xid = in.readInt();
    h.type = in.readInt();
    return h;
}

bool isNotification(std::string_view payload) {
    try {
        proto::InputArchive in(payload);
        proto::ReplyHeader h;
        proto::read(in, h);
        return h.xid == proto::kXidNotification && h.zxid == -1;
    } catch (const proto::DecodeError&) {
        return false;
    }
}

// The answers after the ConnectResponse match the requests one by one, in
// order; all of them unless the connection closed.
void checkAnswers(const std::vector<std::string>& requests, const std::vector<std::string>& sent, bool open) {
    std::vector<std::string_view> answers;
    for (size_t i = 1; i < sent.size(); ++i) {
        if (!isNotification(sent[i])) answers.push_back(sent[i]);
    }
    ZS_FUZZ_CHECK(answers.size() <= requests.size());
    if (open) ZS_FUZZ_CHECK(answers.size() == requests.size());
    for (size_t i = 0; i < answers.size(); ++i) {
        const std::optional<Header> req = headerOf(requests[i]);
        ZS_FUZZ_CHECK(req.has_value());  // a frame without a header closes the connection unanswered
        const auto op = proto::OpCode(req->type);
        if (op == proto::OpCode::CreateSession) continue;  // answered with a ConnectResponse
        const std::optional<Header> ans = headerOf(answers[i]);
        ZS_FUZZ_CHECK(ans.has_value());
        ZS_FUZZ_CHECK(ans->xid == (op == proto::OpCode::Ping ? proto::kXidPing : req->xid));
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view stream = bytesOf(data, size);
    auto clock = std::make_shared<Clock>();
    Loop loop(*clock);
    zooscope::ServerConfig config;
    config.clientPort = 0;
    config.fourLetterWhitelist = {"*"};
    config.extendedTypesEnabled = true;
    std::string error;
    auto core = server::ServerCore::open(config, server::Seams{clock, &loop, nullptr, {}}, &error);
    ZS_FUZZ_CHECK(core != nullptr);
    core->start();

    Link link(*core);
    link.attached = core->attach(link);
    ZS_FUZZ_CHECK(link.attached);

    proto::FrameReader reader(config.juteMaxBuffer);
    reader.feed(stream);
    std::vector<std::string> requests;  // the frames after the ConnectRequest
    bool first = true;
    if (auto raw = reader.peekLength()) {
        const uint32_t v = uint32_t(*raw);
        const char word[4] = {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
        if (auto answer = core->fourLetterWord(std::string_view(word, 4), &link)) {
            link.closeAfterFlush();
            first = false;
        }
    }
    while (link.attached) {
        std::optional<std::string> frame = reader.next();
        if (!frame) break;
        if (!first) requests.push_back(*frame);
        core->onFrame(link, *frame);
        loop.runPosted();
        first = false;
    }
    if (reader.failed()) link.closeAfterFlush();
    loop.runPosted();
    if (!requests.empty() || link.attached) checkAnswers(requests, link.sent, link.attached);

    // The client goes away; its session expires, containers and TTLs are checked.
    link.closeAfterFlush();
    loop.runUntil(clock->now + 130'000);
    ZS_FUZZ_CHECK(core->tree().ephemeralCount() == 0);
    return 0;
}
