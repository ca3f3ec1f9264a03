// Latency histogram with bounded relative error (log-linear buckets, like
// HdrHistogram with 7 significant bits): fixed memory, O(1) record, exact
// merge. A percentile is reported as the midpoint of its bucket, so it is
// within 0.4% of the true sample value.
//
// Not thread-safe: each session owns its histograms and the report merges
// them after the run.
#pragma once

#include <array>
#include <cstdint>

namespace zooscope::bench {

class Histogram {
public:
    // Values are nanoseconds (any non-negative integer; negatives count as 0).
    void record(int64_t value);
    void merge(const Histogram& other);

    uint64_t count() const { return count_; }
    int64_t max() const { return max_; }
    // q in [0, 1]: the smallest recorded bucket value v such that at least
    // q * count() samples are <= v. 0 when empty.
    int64_t quantile(double q) const;

private:
    static constexpr int kSubBits = 7;
    static constexpr int kSub = 1 << kSubBits;
    static constexpr int kBuckets = (64 - kSubBits + 1) * kSub;
    static int indexOf(uint64_t v);
    static int64_t valueOf(int index);

    std::array<uint64_t, kBuckets> buckets_{};
    uint64_t count_ = 0;
    int64_t max_ = 0;
};

}  // namespace zooscope::bench
