#include "readers/listing_reply.h"

#include <variant>

#include "proto/multi.h"

namespace zooscope::readers::detail {

std::vector<Listing> decodeListings(std::string_view body, std::size_t paths) {
    proto::InputArchive in(body);
    proto::MultiResponse response;
    proto::read(in, response);
    if (!in.atEnd())
        throw proto::DecodeError(std::to_string(in.remaining()) + " trailing bytes after the multiRead results");
    if (response.results.size() != paths)
        throw proto::DecodeError("multiRead answered " + std::to_string(response.results.size()) + " ops of " +
                                 std::to_string(paths));
    std::vector<Listing> listings(paths);
    for (std::size_t i = 0; i < paths; ++i) {
        proto::MultiResult& r = response.results[i];
        if (auto* children = std::get_if<proto::GetChildrenResponse>(&r.response)) {
            listings[i].names = std::move(children->children);
        } else if (auto* error = std::get_if<proto::ErrorResponse>(&r.response)) {
            // Java reads the code from the body and ignores the header's.
            if (error->err == proto::Err::Ok) throw proto::DecodeError("an error result saying Ok for op " + std::to_string(i));
            listings[i].err = error->err;
        } else {
            throw proto::DecodeError("multiRead result " + std::to_string(i) + " of type " +
                                     std::to_string(static_cast<int32_t>(r.type)) + " for a getChildren op");
        }
    }
    return listings;
}

}  // namespace zooscope::readers::detail
