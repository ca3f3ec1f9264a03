#include "quorum/messages.h"

#include <stdexcept>

namespace zooscope::quorum {
namespace {

struct Damaged : std::runtime_error {
    using std::runtime_error::runtime_error;
};

constexpr uint64_t kMaxBlob = 1ULL << 30;  // a sanity bound, far above any real message

struct Writer {
    std::string out;
    void u(uint64_t v) {
        while (v >= 0x80) {
            out.push_back(char(uint8_t(v) | 0x80));
            v >>= 7;
        }
        out.push_back(char(v));
    }
    void i(int64_t v) { u((uint64_t(v) << 1) ^ uint64_t(v >> 63)); }
    void field(int64_t& v) { i(v); }
    void field(bool& v) { u(v ? 1 : 0); }
    void field(PeerState& v) { u(uint8_t(v)); }
    void field(std::string& v) {
        u(v.size());
        out += v;
    }
};

struct Reader {
    std::string_view in;
    size_t pos = 0;
    uint64_t u() {
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= in.size()) throw Damaged("truncated varint at byte " + std::to_string(pos));
            uint8_t b = uint8_t(in[pos++]);
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v;
        }
        throw Damaged("varint longer than 10 bytes");
    }
    int64_t i() {
        uint64_t z = u();
        return int64_t(z >> 1) ^ -int64_t(z & 1);
    }
    void field(int64_t& v) { v = i(); }
    void field(bool& v) {
        uint64_t x = u();
        if (x > 1) throw Damaged("bad boolean " + std::to_string(x));
        v = x == 1;
    }
    void field(PeerState& v) {
        uint64_t x = u();
        if (x > 3) throw Damaged("bad peer state " + std::to_string(x));
        v = PeerState(x);
    }
    void field(std::string& v) {
        uint64_t n = u();
        if (n > kMaxBlob || n > in.size() - pos) throw Damaged("length " + std::to_string(n) + " beyond the input");
        v.assign(in.substr(pos, n));
        pos += n;
    }
};

template <class A> void fields(A& a, Vote& v) { a.field(v.leader); a.field(v.zxid); a.field(v.epoch); }
template <class A> void fields(A& a, LogEntry& v) { a.field(v.zxid); a.field(v.payload); }
template <class A> void fields(A& a, Notification& v) { fields(a, v.vote); a.field(v.round); a.field(v.state); }
template <class A> void fields(A& a, FollowerInfo& v) { a.field(v.acceptedEpoch); a.field(v.lastZxid); a.field(v.observer); }
template <class A> void fields(A& a, AckEpoch& v) { a.field(v.currentEpoch); a.field(v.lastZxid); }
template <class A> void fields(A& a, Ack& v) { a.field(v.zxid); a.field(v.round); }
template <class A> void fields(A& a, Request& v) { a.field(v.payload); }
template <class A> void fields(A& a, SyncRequest& v) { a.field(v.tag); }
template <class A> void fields(A& a, LeaderInfo& v) { a.field(v.newEpoch); }
template <class A> void fields(A& a, Diff& v) { a.field(v.fromZxid); }
template <class A> void fields(A& a, Trunc& v) { a.field(v.zxid); }
template <class A> void fields(A& a, Snap& v) { a.field(v.zxid); a.field(v.state); }
template <class A> void fields(A& a, Proposal& v) { fields(a, v.entry); }
template <class A> void fields(A& a, NewLeader& v) { a.field(v.epoch); a.field(v.zxid); }
template <class A> void fields(A& a, UpToDate& v) { a.field(v.commit); }
template <class A> void fields(A& a, Commit& v) { a.field(v.zxid); }
template <class A> void fields(A& a, Ping& v) { a.field(v.round); }
template <class A> void fields(A& a, SyncDone& v) { a.field(v.tag); }

template <size_t I = 0>
void decodeBody(Reader& r, size_t type, Message::Body& body) {
    if constexpr (I < std::variant_size_v<Message::Body>) {
        if (type == I) {
            std::variant_alternative_t<I, Message::Body> v{};
            fields(r, v);
            body = std::move(v);
            return;
        }
        decodeBody<I + 1>(r, type, body);
    } else {
        throw Damaged("unknown message type " + std::to_string(type));
    }
}

constexpr const char* kTypeNames[] = {"NOTIFICATION", "FOLLOWERINFO", "ACKEPOCH", "ACK",    "REQUEST", "SYNC",
                                      "LEADERINFO",   "DIFF",         "TRUNC",    "SNAP",   "PROPOSAL", "NEWLEADER",
                                      "UPTODATE",     "COMMIT",       "PING",   "SYNCDONE"};
static_assert(std::size(kTypeNames) == std::variant_size_v<Message::Body>);

}  // namespace

const char* stateName(PeerState s) {
    switch (s) {
    case PeerState::Looking: return "LOOKING";
    case PeerState::Following: return "FOLLOWING";
    case PeerState::Leading: return "LEADING";
    case PeerState::Observing: return "OBSERVING";
    }
    return "?";
}

const char* typeName(const Message& m) { return kTypeNames[m.body.index()]; }

std::string encode(const Message& m) {
    Writer w;
    w.out.push_back(char(kWireVersion));
    w.out.push_back(char(m.body.index()));
    w.i(m.from);
    w.i(m.link);
    w.i(m.seq);
    std::visit([&](const auto& b) {
        auto copy = b;  // fields() is shared with the reader, so it takes a mutable ref
        fields(w, copy);
    }, m.body);
    return std::move(w.out);
}

std::optional<Message> decode(std::string_view bytes, std::string* error) {
    try {
        if (bytes.size() < 2) throw Damaged("message shorter than its 2-byte header");
        if (uint8_t(bytes[0]) != kWireVersion) throw Damaged("unknown wire version " + std::to_string(uint8_t(bytes[0])));
        Reader r{bytes, 2};
        Message m;
        size_t type = uint8_t(bytes[1]);
        m.from = r.i();
        m.link = r.i();
        m.seq = r.i();
        decodeBody(r, type, m.body);
        if (r.pos != bytes.size()) throw Damaged(std::to_string(bytes.size() - r.pos) + " trailing bytes");
        return m;
    } catch (const Damaged& e) {
        if (error) *error = e.what();
        return std::nullopt;
    }
}

}  // namespace zooscope::quorum
