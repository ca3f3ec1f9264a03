#include "models/metric_series.h"

#include <algorithm>

namespace zooscope::ui {

void MetricSeries::append(qint64 atMs, double value) {
    const QPointF p(double(atMs), value);
    if (!points_.empty()) {
        const size_t newest = (head_ + points_.size() - 1) % points_.size();
        if (double(atMs) < points_[newest].x()) return;
        if (double(atMs) == points_[newest].x()) {
            points_[newest] = p;
            return;
        }
    }
    if (points_.size() < capacity_) {
        // Doubling, but never past the capacity: a full ring holds no slack
        // (push_back alone would end at 4096 points for 3600).
        if (points_.size() == points_.capacity())
            points_.reserve(std::min(capacity_, std::max<size_t>(16, points_.size() * 2)));
        points_.push_back(p);
        return;
    }
    points_[head_] = p;
    head_ = (head_ + 1) % points_.size();
}

QPointF MetricSeries::last() const { return at(points_.size() - 1); }

QList<QPointF> MetricSeries::points(qint64 sinceMs, int maxPoints) const {
    // The first point at or after sinceMs (the ring is in time order).
    size_t lo = 0, hi = points_.size();
    while (lo < hi) {
        const size_t mid = (lo + hi) / 2;
        if (at(mid).x() < double(sinceMs)) lo = mid + 1;
        else hi = mid;
    }
    const size_t count = points_.size() - lo;
    QList<QPointF> out;
    if (count == 0 || maxPoints <= 0) return out;
    const size_t perBucket = (count + size_t(maxPoints) - 1) / size_t(maxPoints);
    out.reserve(qsizetype((count + perBucket - 1) / perBucket));
    for (size_t i = lo; i < points_.size(); i += perBucket) {
        const size_t end = std::min(points_.size(), i + perBucket);
        double top = at(i).y();
        for (size_t j = i + 1; j < end; ++j) top = std::max(top, at(j).y());
        out.append(QPointF(at(end - 1).x(), top));
    }
    return out;
}

}  // namespace zooscope::ui
