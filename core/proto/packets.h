// The client side of a session's packets, shared by every program that speaks
// the protocol itself rather than through the C client (the recipe readers'
// multiRead session, the tests' raw client): what goes after the length
// prefix of a request, and how a reply or a ConnectResponse is taken apart.
//
// Contract: pure functions, no I/O. The decoders throw DecodeError on
// anything malformed and never read past the payload they are given.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "proto/records.h"

namespace zooscope::proto {

// RequestHeader{xid, op} followed by `body`: a request's payload, to be
// framed (proto::frame) before it is sent.
std::string requestPayload(int32_t xid, OpCode op, std::string_view body);

// A reply payload: its header and the bytes after it (a view into the
// payload passed in).
struct Reply {
    ReplyHeader header;
    std::string_view body;
};
Reply splitReply(std::string_view payload);

// A ConnectResponse whose trailing readOnly byte may be missing (an "old
// client" answer, see records.h): hasReadOnly says whether it was there.
// Trailing bytes after it are a DecodeError.
ConnectResponse decodeConnectResponse(std::string_view payload);

}  // namespace zooscope::proto
