#include "models/znode_filter_proxy.h"

#include "models/znode_tree_model.h"

namespace zooscope::ui {

ZnodeFilterProxy::ZnodeFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {
    // A parent stays when a loaded descendant matches.
    setRecursiveFilteringEnabled(true);
    setDynamicSortFilter(true);
}

void ZnodeFilterProxy::setSourceModel(QAbstractItemModel* source) { QSortFilterProxyModel::setSourceModel(source); }

ZnodeTreeModel* ZnodeFilterProxy::treeModel() const { return qobject_cast<ZnodeTreeModel*>(sourceModel()); }

void ZnodeFilterProxy::setNameFilter(const QString& text) {
    if (text == pattern_) return;
    pattern_ = text;
    invalidateRowsFilter();
}

void ZnodeFilterProxy::sort(int column, Qt::SortOrder order) {
    if (sourceModel()) sourceModel()->sort(column, order);
}

bool ZnodeFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (pattern_.isEmpty() || !sourceParent.isValid()) return true;  // the "/" row always
    const QModelIndex idx = sourceModel()->index(sourceRow, ZnodeTreeModel::NameColumn, sourceParent);
    return idx.data(Qt::DisplayRole).toString().contains(pattern_, Qt::CaseInsensitive);
}

}  // namespace zooscope::ui
