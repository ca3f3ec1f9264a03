#include "raw_observe.h"

#include <optional>

#include "proto/archive.h"
#include "proto/records.h"

namespace zooscope::testing {

using proto::Err;
using proto::OpCode;

std::string describeReply(const std::string& payload, int32_t requestXid) {
    try {
        proto::InputArchive in(payload);
        proto::ReplyHeader h;
        proto::read(in, h);
        const std::string xid = h.xid == requestXid ? "req" : std::to_string(h.xid);
        return "reply xid=" + xid + " err=" + std::string(proto::errName(h.err)) +
               " bodylen=" + std::to_string(in.remaining());
    } catch (const proto::DecodeError&) {
        return "undecodable frame of " + std::to_string(payload.size()) + " bytes";
    }
}

std::string describeConnectResponse(const std::string& payload) {
    try {
        proto::InputArchive in(payload);
        proto::ConnectResponse r;
        r.protocolVersion = in.readInt();
        r.timeOut = in.readInt();
        r.sessionId = in.readLong();
        r.passwd = in.readBuffer();
        return "connect-response len=" + std::to_string(payload.size()) + " timeout=" + std::to_string(r.timeOut) +
               (r.sessionId == 0 ? " sid=0" : " sid!=0") + " passwdlen=" + std::to_string(r.passwd.size());
    } catch (const proto::DecodeError&) {
        return "undecodable connect response of " + std::to_string(payload.size()) + " bytes";
    }
}

std::string observeHandshake(RawClient& c, int waitMs) {
    RawClient::Frame f = c.readFrame(waitMs);
    if (f.status == RawClient::ReadStatus::Closed) return "closed";
    std::string out = f.status == RawClient::ReadStatus::Frame ? describeConnectResponse(f.payload) : "silent";
    return out + (c.isClosedByPeer(waitMs) ? ", then closed" : ", then still open");
}

std::string observeRequest(RawClient& c, int32_t requestXid, int waitMs) {
    RawClient::Frame f = c.readFrame(waitMs);
    if (f.status == RawClient::ReadStatus::Closed) return "closed";
    std::string out = f.status == RawClient::ReadStatus::Frame ? describeReply(f.payload, requestXid) : "silent";
    for (int probe = 0; probe < 2; ++probe) {
        const RawReply p = c.ping(2 * waitMs);
        if (p.ok) continue;
        return out + (p.error == "closed by peer" || p.error == "write failed" ? ", then closed"
                                                                               : ", then ping " + p.error);
    }
    return out + ", then ping ok";
}

std::string health(uint16_t port, const std::string& path) {
    RawClient c;
    const auto r = c.connect(port);
    if (!r.ok || r.response.timeOut <= 0) return "health: connect failed (" + r.error + ")";
    const RawReply cr = c.call(OpCode::Create, proto::CreateRequest{path, std::string("ok"), proto::openAclUnsafe(), 1});
    if (!cr.ok || cr.header.err != Err::Ok)
        return "health: create failed (" + (cr.ok ? std::string(proto::errName(cr.header.err)) : cr.error) + ")";
    const RawReply gr = c.call(OpCode::GetData, proto::GetDataRequest{path, false});
    if (!gr.ok || gr.header.err != Err::Ok) return "health: get failed";
    try {
        if (proto::decode<proto::GetDataResponse>(gr.body).data != std::optional<std::string>("ok"))
            return "health: wrong data";
    } catch (const proto::DecodeError& e) {
        return std::string("health: undecodable get reply: ") + e.what();
    }
    c.closeSession(2000);
    return "health: ok";
}

}  // namespace zooscope::testing
