// Length-prefixed framing of the client protocol: every packet in either
// direction is a 4-byte big-endian length followed by that many bytes.
//
// What ZooKeeper 3.8's server does with the length (NIOServerCnxn.readLength;
// NettyServerCnxn.receiveMessage does the same checks):
//   1. Before the connection is initialized (no ConnectRequest yet), the four
//      bytes are first compared with the four-letter words ("ruok", "stat",
//      ...). A match is answered as a command and never treated as a length.
//      FrameReader::peekLength() exposes the raw four bytes for that check.
//   2. If len < 0 || len > jute.maxbuffer (default 0xfffff, the limit is
//      inclusive: len == maxbuffer is accepted), it throws
//      IOException("Len error. A message from <addr> with advertised length of
//      <len> is either a malformed message or too large to process (length is
//      greater than jute.maxbuffer=<max>)"); doIO catches it, logs
//      "Close of session 0x..." and closes the socket (DisconnectReason
//      IO_EXCEPTION). No reply is sent; the session (if any) is not closed
//      but will expire.
//   3. ZooKeeperServer.checkRequestSizeWhenReceivingMessage(len): only when
//      zookeeper.largeRequestThreshold != -1 (the default is -1, i.e. off) and
//      len exceeds it, and the bytes of large requests in flight plus len
//      would exceed zookeeper.largeRequestMaxBytes (100 MiB), it throws
//      IOException("Rejecting large request"), which closes the connection as
//      in 2. That is server policy and outside this codec.
//   4. len == 0 is accepted: an empty payload is read and handed to the
//      request parser, whose deserialization fails (EOF), closing the
//      connection as in 2. FrameReader returns such frames as "".
// The Java client (ClientCnxnSocket.readLength) applies the same
// "len < 0 || len > jute.maxbuffer" rule to replies and drops the connection.
//
// Contract: pure state machine, no I/O, single-threaded per instance.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "zooscope/protocol.h"

namespace zooscope::proto {

class FrameReader {
public:
    // maxBuffer is jute.maxbuffer; frames longer than it are an error.
    explicit FrameReader(int32_t maxBuffer = kDefaultJuteMaxBuffer);

    // Appends received bytes. Ignored once the reader has failed.
    void feed(const char* data, std::size_t size);
    void feed(std::string_view bytes) { feed(bytes.data(), bytes.size()); }

    // The next complete payload (without its length prefix), or nullopt when
    // more bytes are needed or the reader has failed. Once a length prefix is
    // negative or larger than maxBuffer the reader fails for good: the caller
    // should close the connection, as ZooKeeper does.
    std::optional<std::string> next();

    // The raw first four bytes of the next frame, as a big-endian int, before
    // any validation; nullopt until four bytes are buffered. For the
    // four-letter-word check, which ZooKeeper does before the length check.
    std::optional<int32_t> peekLength() const;

    bool failed() const { return !error_.empty(); }
    // Why the reader failed (empty if it has not), worded like ZooKeeper's
    // "Len error" message.
    const std::string& error() const { return error_; }
    // Bytes received but not yet returned by next().
    std::size_t buffered() const { return buf_.size() - pos_; }
    int32_t maxBuffer() const { return maxBuffer_; }

private:
    int32_t maxBuffer_;
    std::string buf_;
    std::size_t pos_ = 0;  // start of the first unconsumed byte in buf_
    std::string error_;
};

// payload prefixed with its 4-byte big-endian length. Throws
// std::length_error above INT32_MAX bytes.
std::string frame(std::string_view payload);

}  // namespace zooscope::proto
