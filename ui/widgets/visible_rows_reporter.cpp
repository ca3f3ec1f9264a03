#include "widgets/visible_rows_reporter.h"

#include <QAbstractProxyModel>
#include <QHash>
#include <QScrollBar>
#include <QTreeView>

#include <algorithm>
#include <map>

#include "models/znode_tree_model.h"

namespace zooscope::ui {

VisibleRowsReporter::VisibleRowsReporter(QTreeView* view, QAbstractProxyModel* proxy, ZnodeTreeModel* model,
                                         QObject* parent)
    : QObject(parent), view_(view), proxy_(proxy), model_(model) {
    timer_.setSingleShot(true);
    timer_.setInterval(kDebounceMs);
    connect(&timer_, &QTimer::timeout, this, &VisibleRowsReporter::report);
    const auto soon = qOverload<>(&QTimer::start);
    connect(view->verticalScrollBar(), &QScrollBar::valueChanged, &timer_, soon);
    // The range moves when the viewport is resized: other rows come on screen.
    connect(view->verticalScrollBar(), &QScrollBar::rangeChanged, &timer_, soon);
    // Collapsed rows leave the screen: their watches go.
    connect(view, &QTreeView::expanded, &timer_, soon);
    connect(view, &QTreeView::collapsed, &timer_, soon);
    connect(proxy, &QAbstractItemModel::rowsInserted, &timer_, soon);
    connect(proxy, &QAbstractItemModel::rowsRemoved, &timer_, soon);
    connect(proxy, &QAbstractItemModel::layoutChanged, &timer_, soon);
    connect(proxy, &QAbstractItemModel::modelReset, &timer_, soon);
}

void VisibleRowsReporter::report() {
    if (!view_ || !proxy_ || !model_) return;
    const QRect vp = view_->viewport()->rect();
    QModelIndex idx = view_->indexAt(QPoint(1, 1));
    // Group the visible rows by parent; one range per level.
    std::map<int, std::pair<QModelIndex, std::pair<int, int>>> levels;  // key: insertion order
    QHash<QPersistentModelIndex, int> keyOf;
    int rows = 0;
    while (idx.isValid() && rows++ < kMaxRows) {
        if (view_->visualRect(idx).top() > vp.bottom()) break;
        const QModelIndex src = proxy_->mapToSource(idx);
        const QModelIndex parent = src.parent();
        if (parent.isValid()) {
            auto it = keyOf.find(parent);
            if (it == keyOf.end()) {
                const int key = int(keyOf.size());
                keyOf.insert(parent, key);
                levels[key] = {parent, {src.row(), src.row()}};
            } else {
                auto& range = levels[*it].second;
                range.first = std::min(range.first, src.row());
                range.second = std::max(range.second, src.row());
            }
        }
        idx = view_->indexBelow(idx);
    }
    std::vector<ZnodeTreeModel::RowRange> ranges;
    for (auto& [key, level] : levels) ranges.push_back({level.first, level.second.first, level.second.second});
    model_->setRowsOnScreen(ranges);
}

}  // namespace zooscope::ui
