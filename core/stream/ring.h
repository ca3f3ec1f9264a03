// stream/ring: the ring with the position function as a parameter, so tests
// can make points collide (XXH64 collisions cannot be found on purpose) and
// check the tie rule. ringOwners() (stream.h) is this with ringHash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/stream.h"

namespace zooscope::stream::detail {

using PositionFn = uint64_t (*)(std::string_view);

RingLayout ringLayoutWith(PositionFn position, const std::vector<std::string>& members, int partitions, int vnodes);

inline std::vector<std::string> ringOwnersWith(PositionFn position, const std::vector<std::string>& members,
                                               int partitions, int vnodes) {
    return ringLayoutWith(position, members, partitions, vnodes).owners;
}

}  // namespace zooscope::stream::detail
