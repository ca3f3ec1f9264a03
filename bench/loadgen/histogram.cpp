#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace zooscope::bench {

// Values below kSub map one to one; above, each power of two [2^m, 2^(m+1))
// is split into kSub equal buckets.
int Histogram::indexOf(uint64_t v) {
    if (v < static_cast<uint64_t>(kSub)) return static_cast<int>(v);
    const int msb = 63 - std::countl_zero(v);
    const int shift = msb - kSubBits;
    return (shift + 1) * kSub + static_cast<int>((v >> shift) - kSub);
}

int64_t Histogram::valueOf(int index) {
    if (index < kSub) return index;
    const int shift = index / kSub - 1;
    const uint64_t low = (static_cast<uint64_t>(index % kSub) + kSub) << shift;
    const uint64_t width = uint64_t{1} << shift;
    return static_cast<int64_t>(low + width / 2);
}

void Histogram::record(int64_t value) {
    const uint64_t v = value < 0 ? 0 : static_cast<uint64_t>(value);
    ++buckets_[static_cast<size_t>(indexOf(v))];
    ++count_;
    max_ = std::max<int64_t>(max_, static_cast<int64_t>(v));
}

void Histogram::merge(const Histogram& other) {
    for (size_t i = 0; i < buckets_.size(); ++i) buckets_[i] += other.buckets_[i];
    count_ += other.count_;
    max_ = std::max(max_, other.max_);
}

int64_t Histogram::quantile(double q) const {
    if (count_ == 0) return 0;
    q = std::clamp(q, 0.0, 1.0);
    const auto rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * static_cast<double>(count_))));
    uint64_t seen = 0;
    for (size_t i = 0; i < buckets_.size(); ++i) {
        seen += buckets_[i];
        if (seen >= rank) return std::min(valueOf(static_cast<int>(i)), max_);
    }
    return max_;
}

}  // namespace zooscope::bench
