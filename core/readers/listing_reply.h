// readers/listing_reply: the body of a multiRead reply whose request held
// only getChildren ops, one per path (what MultiReadSession sends), taken
// apart into one listing per path. Pure, so the fuzzers can feed it
// anything a server (or something pretending to be one) might send.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/protocol.h"

namespace zooscope::readers::detail {

// One path's answer: its children's names (unsorted, as the server sent them)
// or the error the server gave for that op (NoNode: deleted meanwhile,
// NoAuth: not readable); names is empty whenever err is not Ok.
struct Listing {
    proto::Err err = proto::Err::Ok;
    std::vector<std::string> names;
};

// The MultiResponse `body` (the bytes after the ReplyHeader) for a request of
// `paths` getChildren ops. Throws proto::DecodeError when the body is
// malformed or truncated, has trailing bytes, answers another number of ops,
// or holds a result that is neither a getChildren result nor an error (or an
// error result saying Ok).
std::vector<Listing> decodeListings(std::string_view body, std::size_t paths);

}  // namespace zooscope::readers::detail
