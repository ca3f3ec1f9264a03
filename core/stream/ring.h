// stream/ring: the ring with the position function as a parameter, so tests
// can make points collide (XXH64 collisions cannot be found on purpose) and
// check the tie rule. ringOwners() (stream.h) is this with ringHash.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zooscope::stream::detail {

using PositionFn = uint64_t (*)(std::string_view);

std::vector<std::string> ringOwnersWith(PositionFn position, const std::vector<std::string>& members, int partitions,
                                        int vnodes);

}  // namespace zooscope::stream::detail
