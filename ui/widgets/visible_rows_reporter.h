// VisibleRowsReporter: tells a ZnodeTreeModel which of its rows a tree view
// shows (ZnodeTreeModel::setRowsOnScreen), so exactly those rows get their
// stats and keep a data watch; rows scrolled away lose theirs.
//
// Reports after scrolling, resizing, expanding, collapsing and row changes,
// debounced (one report per burst), and at most kMaxRows rows per report.
// Threads: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

class QAbstractProxyModel;
class QTreeView;

namespace zooscope::ui {

class ZnodeTreeModel;

class VisibleRowsReporter : public QObject {
    Q_OBJECT
public:
    static constexpr int kDebounceMs = 40;
    static constexpr int kMaxRows = 500;

    // `view` shows `model` through `proxy` (which maps to `model`).
    VisibleRowsReporter(QTreeView* view, QAbstractProxyModel* proxy, ZnodeTreeModel* model, QObject* parent = nullptr);

    // Reports soon (debounced).
    void schedule() { timer_.start(); }
    // Reports now.
    void report();

private:
    QPointer<QTreeView> view_;
    QPointer<QAbstractProxyModel> proxy_;
    QPointer<ZnodeTreeModel> model_;
    QTimer timer_;
};

}  // namespace zooscope::ui
