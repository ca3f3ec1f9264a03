// What a server did with something a RawClient sent it, in words two servers'
// runs can be compared by: no times, ids or zxids. Shared by the raw-socket
// suites that run the same bytes against Apache ZooKeeper and the engine
// (tst_bad_input, tst_opcode_sweep, tst_garbage_stream).
//
// Contracts: every wait is bounded by the waitMs given; nothing throws (an
// undecodable frame is described as such). Not thread-safe, like RawClient.
#pragma once

#include <cstdint>
#include <string>

#include "raw_client.h"

namespace zooscope::testing {

// "reply xid=<req|n> err=<name> bodylen=<n>" for a reply frame's payload
// (xid "req" when it is requestXid), or "undecodable frame of <n> bytes".
std::string describeReply(const std::string& payload, int32_t requestXid);

// "connect-response len=<n> timeout=<ms> sid=0|sid!=0 passwdlen=<n>".
std::string describeConnectResponse(const std::string& payload);

// The reaction to a handshake (or garbage in its place) on a connection
// without a session: the answer or "closed" or "silent" (nothing within
// waitMs), then ", then closed" or ", then still open".
std::string observeHandshake(RawClient& c, int waitMs);

// The reaction to a request on a live session: the reply, "closed" or
// "silent" (nothing within waitMs), then whether the connection survived it:
// ", then ping ok", ", then closed" or ", then ping <error>".
//
// Survival is probed with two pings in a row, both of which must be
// answered. One is not enough to tell: ZooKeeper closes a connection by
// queueing a close marker behind the reply (ServerCnxn.sendCloseSession), and
// its NIO writer writes every queued buffer before it looks for the marker,
// so a ping that reached the server between the reply and the close is
// sometimes answered just before the connection goes. A second ping, sent
// after that answer arrived, always finds the connection closed.
std::string observeRequest(RawClient& c, int32_t requestXid, int waitMs);

// Whether a server still serves: a new session on 127.0.0.1:port creates the
// ephemeral node `path` with data "ok", reads it back and closes.
// "health: ok", or "health: <what failed>".
std::string health(uint16_t port, const std::string& path);

}  // namespace zooscope::testing
