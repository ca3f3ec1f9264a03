#include "widgets/metric_charts.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QEvent>
#include <QGridLayout>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

#include "models/ensemble_model.h"

namespace zooscope::ui {

MetricCharts::MetricCharts(EnsembleModel* model, QWidget* parent) : QWidget(parent), model_(model) {
    auto* grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    for (int m = 0; m < kMetricCount; ++m) {
        auto* chart = new QChart;
        chart->setMargins(QMargins(2, 2, 2, 2));
        chart->legend()->hide();
        auto* x = new QDateTimeAxis;
        x->setFormat("HH:mm");
        x->setTickCount(3);
        auto* y = new QValueAxis;
        y->setLabelFormat("%.0f");
        y->setTickCount(3);
        chart->addAxis(x, Qt::AlignBottom);
        chart->addAxis(y, Qt::AlignLeft);
        auto* view = new QChartView(chart);
        view->setObjectName(QStringLiteral("metricChart%1").arg(m));
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(200, 175);
        views_.push_back(view);
        grid->addWidget(view, m / 4, m % 4);
    }
    retranslateUi();
}

void MetricCharts::setWindowMs(qint64 ms) { windowMs_ = ms; }

void MetricCharts::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void MetricCharts::retranslateUi() {
    for (int m = 0; m < kMetricCount; ++m) views_[size_t(m)]->chart()->setTitle(EnsembleModel::metricText(Metric(m)));
}

void MetricCharts::refresh(qint64 nowMs) {
    const qint64 since = nowMs - windowMs_;
    for (int m = 0; m < kMetricCount; ++m) {
        QChart* chart = views_[size_t(m)]->chart();
        auto* x = qobject_cast<QDateTimeAxis*>(chart->axes(Qt::Horizontal).value(0));
        auto* y = qobject_cast<QValueAxis*>(chart->axes(Qt::Vertical).value(0));
        x->setRange(QDateTime::fromMSecsSinceEpoch(since), QDateTime::fromMSecsSinceEpoch(nowMs));
        // One line per row, named by server; lines of rows gone are removed.
        QList<QAbstractSeries*> existing = chart->series();
        double top = 0;
        for (int r = 0; r < model_->rowCount(); ++r) {
            const ServerRow& row = model_->row(r);
            if (!row.member.reachable) continue;
            QLineSeries* line = nullptr;
            for (QAbstractSeries* s : existing)
                if (s->name() == row.member.server) line = qobject_cast<QLineSeries*>(s);
            if (!line) {
                line = new QLineSeries;
                line->setName(row.member.server);
                line->setColor(lineColor(r));
                chart->addSeries(line);
                line->attachAxis(x);
                line->attachAxis(y);
            } else {
                existing.removeOne(line);
            }
            const QList<QPointF> points = row.seriesOf(Metric(m)).points(since, kMaxPoints);
            for (const QPointF& p : points) top = std::max(top, p.y());
            line->replace(points);
        }
        for (QAbstractSeries* gone : existing) {
            chart->removeSeries(gone);
            delete gone;
        }
        y->setRange(0, top > 0 ? top * 1.15 : 1);
        // setLabelFormat() lays the whole chart out again (axes, title) even
        // for the same format (Qt 6.4; docs/BENCHMARKS.md): only on a change.
        if (const QString format = top >= 10 ? "%.0f" : "%.1f"; y->labelFormat() != format) y->setLabelFormat(format);
    }
}

QColor MetricCharts::lineColor(int row) {
    static const QColor kColors[] = {QColor("#1f77b4"), QColor("#ff7f0e"), QColor("#2ca02c"), QColor("#d62728"),
                                     QColor("#9467bd"), QColor("#8c564b"), QColor("#e377c2"), QColor("#17becf")};
    return kColors[size_t(row) % std::size(kColors)];
}

int MetricCharts::pointCount(int metric, const QString& server) const {
    for (QAbstractSeries* s : views_[size_t(metric)]->chart()->series())
        if (s->name() == server) return int(qobject_cast<QLineSeries*>(s)->count());
    return -1;
}

}  // namespace zooscope::ui
