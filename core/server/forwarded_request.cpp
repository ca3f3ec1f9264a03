#include "server/forwarded_request.h"

#include "proto/archive.h"
#include "server/request_processor.h"

namespace zooscope::server::forward {

namespace {

enum class Kind : int32_t { Write = 1, CreateSession = 2, CloseSession = 3, Touch = 4 };

void put(proto::OutputArchive& o, const Write& w) {
    o.writeInt(int32_t(Kind::Write));
    o.writeLong(w.sessionId);
    o.writeInt(w.cxid);
    o.writeInt(int32_t(w.op));
    o.writeInt(int32_t(w.authIds.size()));
    for (const auto& id : w.authIds) {
        o.writeString(id.scheme);
        o.writeString(id.id);
    }
    o.writeBuffer(w.body);
}

void put(proto::OutputArchive& o, const CreateSession& c) {
    o.writeInt(int32_t(Kind::CreateSession));
    o.writeLong(c.sessionId);
    o.writeInt(c.timeoutMs);
}

void put(proto::OutputArchive& o, const CloseSession& c) {
    o.writeInt(int32_t(Kind::CloseSession));
    o.writeLong(c.sessionId);
    o.writeInt(0);
}

void put(proto::OutputArchive& o, const Touch& t) {
    o.writeInt(int32_t(Kind::Touch));
    o.writeInt(int32_t(t.sessions.size()));
    for (int64_t id : t.sessions) o.writeLong(id);
}

Request readWrite(proto::InputArchive& in) {
    Write w;
    w.sessionId = in.readLong();
    w.cxid = in.readInt();
    const int32_t op = in.readInt();
    w.op = proto::OpCode(op);
    if (!RequestProcessor::isWrite(w.op)) throw proto::DecodeError("opcode " + std::to_string(op) + " is not a write");
    const int32_t n = in.readInt();
    if (n < 0 || n > kMaxAuthIds)
        throw proto::DecodeError("identity count " + std::to_string(n) + " outside 0.." + std::to_string(kMaxAuthIds));
    for (int32_t i = 0; i < n; ++i) {
        proto::Id id;
        id.scheme = in.readString();
        id.id = in.readString();
        w.authIds.push_back(std::move(id));
    }
    w.body = in.readBuffer();
    return w;
}

Request readTouch(proto::InputArchive& in) {
    Touch t;
    const size_t n = in.readVectorCount(8);
    t.sessions.reserve(n);  // bounded by the input: readVectorCount checked n * 8 <= remaining
    for (size_t i = 0; i < n; ++i) t.sessions.push_back(in.readLong());
    return t;
}

}  // namespace

std::string encode(const Request& request) {
    proto::OutputArchive o;
    std::visit([&](const auto& r) { put(o, r); }, request);
    return o.take();
}

std::optional<Request> decode(std::string_view bytes, std::string* error) {
    try {
        proto::InputArchive in(bytes);
        const int32_t kind = in.readInt();
        Request out;
        switch (Kind(kind)) {
        case Kind::Write: out = readWrite(in); break;
        case Kind::CreateSession: {
            CreateSession c;
            c.sessionId = in.readLong();
            c.timeoutMs = in.readInt();
            out = c;
            break;
        }
        case Kind::CloseSession: {
            CloseSession c;
            c.sessionId = in.readLong();
            (void)in.readInt();
            out = c;
            break;
        }
        case Kind::Touch: out = readTouch(in); break;
        default: throw proto::DecodeError("unknown forwarded request kind " + std::to_string(kind));
        }
        if (!in.atEnd())
            throw proto::DecodeError(std::to_string(in.remaining()) + " trailing bytes after a forwarded request");
        return out;
    } catch (const proto::DecodeError& e) {
        if (error) *error = e.what();
        return std::nullopt;
    }
}

}  // namespace zooscope::server::forward
