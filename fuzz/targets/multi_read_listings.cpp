// The recipe walk's multiRead reply decoder (core/readers listing_reply.h
// decodeListings): what a server, or anything listening on its port, answers
// a bulk listing of the subtree a user walks.
//
// Input: byte 0 is the number of getChildren ops the request held, the rest
// the reply body after its ReplyHeader (seeds: replies as ZooKeeper 3.8 and
// the engine write them for listings, empty listings, NoNode and NoAuth
// results). Checked: a refusal is a DecodeError, never a crash; an accepted
// body has exactly one listing per op, a listing with an error holds no
// names, and the listings written out again as a MultiResponse decode to
// the same listings.
#include <cstdint>
#include <string>

#include "fuzz_support.h"
#include "proto/multi.h"
#include "readers/listing_reply.h"

namespace d = zooscope::readers::detail;
namespace p = zooscope::proto;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const size_t ops = data[0];
    std::vector<d::Listing> listings;
    try {
        listings = d::decodeListings(zooscope::fuzz::bytesOf(data + 1, size - 1), ops);
    } catch (const p::DecodeError&) {
        return 0;
    }
    ZS_FUZZ_CHECK(listings.size() == ops);
    p::MultiResponse again;
    for (const d::Listing& l : listings) {
        ZS_FUZZ_CHECK(l.err == p::Err::Ok || l.names.empty());
        again.results.push_back(l.err == p::Err::Ok ? p::MultiResult::getChildren(l.names) : p::MultiResult::error(l.err));
    }
    const std::vector<d::Listing> back = d::decodeListings(p::encode(again), ops);
    ZS_FUZZ_CHECK(back.size() == listings.size());
    for (size_t i = 0; i < back.size(); ++i)
        ZS_FUZZ_CHECK(back[i].err == listings[i].err && back[i].names == listings[i].names);
    return 0;
}
