#include "models/log_level_filter.h"

#include "models/log_model.h"

namespace zooscope::ui {

LogLevelFilter::LogLevelFilter(QObject* parent) : QSortFilterProxyModel(parent) {}

void LogLevelFilter::setSourceModel(QAbstractItemModel* source) {
    log_ = qobject_cast<LogModel*>(source);
    QSortFilterProxyModel::setSourceModel(source);
}

void LogLevelFilter::setMinimum(int level) {
    if (level == minimum_) return;
    minimum_ = level;
    invalidateFilter();
}

bool LogLevelFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (!log_ || sourceParent.isValid() || sourceRow < 0 || sourceRow >= int(log_->entries().size())) return false;
    return log_->entries()[size_t(sourceRow)].level >= minimum_;
}

}  // namespace zooscope::ui
