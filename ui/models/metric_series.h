// MetricSeries: one number of one server over time, for the dashboard's
// charts. Bounded: a ring of `capacity` points (the oldest go first), 3600 by
// default, one hour of one-second polls; 56.25 KiB per series when full
// (bytes(): the storage grows to exactly `capacity` points, no slack).
// Threads: none of its own; used from one thread.
#pragma once

#include <QList>
#include <QPointF>

#include <cstddef>
#include <vector>

namespace zooscope::ui {

class MetricSeries {
public:
    static constexpr size_t kDefaultCapacity = 3600;
    MetricSeries() : MetricSeries(kDefaultCapacity) {}
    explicit MetricSeries(size_t capacity) : capacity_(capacity ? capacity : 1) {}

    // Points come in time order; one older than the last is dropped, one at
    // the same time replaces it (one value per instant: the follower lag is
    // worked out again for every row sampled at that instant).
    void append(qint64 atMs, double value);
    size_t size() const { return points_.size(); }
    size_t capacity() const { return capacity_; }
    bool empty() const { return points_.empty(); }
    // The memory the points hold (allocated, not just used): at most
    // capacity() * sizeof(QPointF).
    size_t bytes() const { return points_.capacity() * sizeof(QPointF); }
    // The newest point; only when !empty().
    QPointF last() const;

    // The points at or after `sinceMs` (x = ms since the epoch), in time
    // order, at most `maxPoints` of them: past that, consecutive points are
    // merged into buckets that keep their largest value (a spike stays
    // visible) at the bucket's last time.
    QList<QPointF> points(qint64 sinceMs, int maxPoints) const;

private:
    const QPointF& at(size_t i) const { return points_[(head_ + i) % points_.size()]; }
    size_t capacity_;
    std::vector<QPointF> points_;  // a ring once full: head_ is the oldest
    size_t head_ = 0;
};

}  // namespace zooscope::ui
