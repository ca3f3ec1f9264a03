#include "models/metric_series.h"

#include <algorithm>

namespace zooscope::ui {

void MetricSeries::append(qint64 atMs, double value) {
    if (!points_.empty() && double(atMs) < last().x()) return;
    const QPointF p(double(atMs), value);
    if (points_.size() < capacity_) {
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
