// LogLevelFilter: the rows of a LogModel at or above a minimum level (the log
// panel's "Show:" choice). Keeps the model's order; no sorting.
// Threads: GUI thread only, like the model.
#pragma once

#include <QSortFilterProxyModel>

namespace zooscope::ui {

class LogModel;

class LogLevelFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit LogLevelFilter(QObject* parent = nullptr);
    // The source must be a LogModel.
    void setSourceModel(QAbstractItemModel* source) override;
    // spdlog::level::level_enum as int; 0 (trace) keeps every line.
    void setMinimum(int level);
    int minimum() const { return minimum_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    LogModel* log_ = nullptr;
    int minimum_ = 0;
};

}  // namespace zooscope::ui
