// zooscope::ui::ZnodeFilterProxy — filters a ZnodeTreeModel by name.
//
// A row stays when its name contains the pattern (case-insensitive), when a
// loaded descendant matches (so the path to a match stays visible), or when
// it is the "/" row. Only loaded rows can match: the tree is lazy, nothing is
// listed for the filter's sake.
//
// Sorting is NOT done by this proxy: sort() is forwarded to the source model,
// which sorts per level and knows which levels have their stats (see
// ZnodeTreeModel). So the proxy keeps source order and stays cheap on a level
// with 200,000 rows. fetchMore/canFetchMore pass through (base class).
// Map indexes with mapToSource before calling the source's setExpanded,
// fetchStats, loadAllStats.
#pragma once

#include <QSortFilterProxyModel>

namespace zooscope::ui {

class ZnodeTreeModel;

class ZnodeFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ZnodeFilterProxy(QObject* parent = nullptr);

    void setSourceModel(QAbstractItemModel* source) override;
    ZnodeTreeModel* treeModel() const;

    // "" shows everything.
    void setNameFilter(const QString& text);
    QString nameFilter() const { return pattern_; }

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    QString pattern_;
};

}  // namespace zooscope::ui
