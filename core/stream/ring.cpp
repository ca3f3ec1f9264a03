// The consistent-hash ring and the event values: pure functions.
#define XXH_INLINE_ALL  // header-only XXH64 from Debian's libxxhash-dev: no runtime library
#include <xxhash.h>

#include <algorithm>
#include <map>
#include <string>
#include <utility>

#include "stream/ring.h"
#include "zooscope/stream.h"

namespace zooscope::stream {

uint64_t ringHash(std::string_view bytes) { return XXH64(bytes.data(), bytes.size(), 0); }

namespace detail {

RingLayout ringLayoutWith(PositionFn position, const std::vector<std::string>& members, int partitions, int vnodes) {
    RingLayout layout;
    if (partitions < 1 || vnodes < 1) return layout;
    layout.owners.resize(static_cast<size_t>(partitions));
    layout.partitionAt.resize(static_cast<size_t>(partitions));
    std::vector<std::string> ids = members;
    std::sort(ids.begin(), ids.end());  // std::string compares bytewise (char_traits<char> is unsigned-compare)
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

    // (position, index into ids): sorting the pairs puts equal positions in
    // bytewise id order, because ids is sorted.
    std::vector<std::pair<uint64_t, size_t>> points;
    points.reserve(ids.size() * static_cast<size_t>(vnodes));
    for (size_t w = 0; w < ids.size(); ++w)
        for (int v = 0; v < vnodes; ++v) points.emplace_back(position(ids[w] + "#" + std::to_string(v)), w);
    std::sort(points.begin(), points.end());
    layout.points.reserve(points.size());
    for (const auto& [at, w] : points) layout.points.emplace_back(at, ids[w]);

    for (int p = 0; p < partitions; ++p) {
        const uint64_t at = position(std::to_string(p));
        layout.partitionAt[static_cast<size_t>(p)] = at;
        if (points.empty()) continue;
        auto it = std::lower_bound(points.begin(), points.end(), std::make_pair(at, size_t{0}));
        if (it == points.end()) it = points.begin();
        layout.owners[static_cast<size_t>(p)] = ids[it->second];
    }
    return layout;
}

}  // namespace detail

RingLayout ringLayout(const std::vector<std::string>& members, int partitions, int vnodes) {
    return detail::ringLayoutWith(&ringHash, members, partitions, vnodes);
}

std::vector<std::string> ringOwners(const std::vector<std::string>& members, int partitions, int vnodes) {
    return ringLayout(members, partitions, vnodes).owners;
}

double loadImbalance(const std::vector<std::string>& owners, size_t members) {
    if (owners.empty() || members == 0) return 0;
    std::map<std::string_view, size_t> load;
    size_t most = 0;
    for (const auto& o : owners) most = std::max(most, ++load[o]);
    return static_cast<double>(most) * static_cast<double>(members) / static_cast<double>(owners.size());
}

uint64_t eventValue(int partition, uint64_t index) {
    return (static_cast<uint64_t>(partition + 1) * ((index + 1) % 997)) % 997;
}

uint64_t expectedSum(int partition, uint64_t offset) {
    // p+1 not a multiple of 997 (the modulus is prime): one period of 997
    // events takes every residue once, 0 + 1 + ... + 996. Otherwise every value is 0.
    const bool unit = (partition + 1) % 997 != 0;
    const uint64_t periodSum = unit ? 996ull * 997ull / 2 : 0;
    uint64_t sum = (offset / 997) * periodSum;
    for (uint64_t i = offset - offset % 997; i < offset; ++i) sum += eventValue(partition, i);
    return sum;
}

}  // namespace zooscope::stream
