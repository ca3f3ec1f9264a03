// MetricCharts: the dashboard's charts (QtCharts), one per Metric (latency,
// outstanding requests, packets/s, znodes, watches, data size, follower lag),
// each with a line per server, over the last 5 minutes or the last hour. A
// server's lines have one colour in every chart (lineColor, shown on its
// card), so the charts need no legends.
// The lines are the EnsembleModel rows' series (bounded there); a refresh
// draws at most kMaxPoints points per line.
// Threads: GUI thread only.
#pragma once

#include <QColor>
#include <QWidget>

#include <vector>

class QChart;
class QChartView;

namespace zooscope::ui {

class EnsembleModel;

class MetricCharts : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMaxPoints = 600;
    explicit MetricCharts(EnsembleModel* model, QWidget* parent = nullptr);

    void setWindowMs(qint64 ms);
    qint64 windowMs() const { return windowMs_; }
    // Redraws every chart as of `nowMs` (wall clock).
    void refresh(qint64 nowMs);
    // For tests: the points chart `metric` draws for `server`.
    int pointCount(int metric, const QString& server) const;
    // The colour of row `row`'s lines (the cards show it next to the name).
    static QColor lineColor(int row);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    EnsembleModel* model_;
    qint64 windowMs_ = 5 * 60 * 1000;
    std::vector<QChartView*> views_;  // by Metric
};

}  // namespace zooscope::ui
