#include "proto/packets.h"

namespace zooscope::proto {

std::string requestPayload(int32_t xid, OpCode op, std::string_view body) {
    OutputArchive out;
    write(out, RequestHeader{xid, op});
    std::string payload = out.take();
    payload.append(body);
    return payload;
}

Reply splitReply(std::string_view payload) {
    InputArchive in(payload);
    Reply r;
    read(in, r.header);
    r.body = payload.substr(in.position());
    return r;
}

ConnectResponse decodeConnectResponse(std::string_view payload) {
    InputArchive in(payload);
    ConnectResponse r;
    r.protocolVersion = in.readInt();
    r.timeOut = in.readInt();
    r.sessionId = in.readLong();
    r.passwd = in.readBuffer();
    r.hasReadOnly = !in.atEnd();
    if (r.hasReadOnly) r.readOnly = in.readBool();
    if (!in.atEnd()) throw DecodeError(std::to_string(in.remaining()) + " trailing bytes after ConnectResponse");
    return r;
}

}  // namespace zooscope::proto
