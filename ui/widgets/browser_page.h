// BrowserPage: the znode browser of a cluster tab: the lazy tree with a name
// filter and the "load all stats" strip on the left, the node panel on the
// right.
//
// Contracts:
// - The tree asks the model for what it shows only: the rows on screen get
//   their stats and a data watch (VisibleRowsReporter); expanded nodes keep
//   a child watch; the current node is shown in the panel (an unsaved edit
//   keeps the panel where it is, and message() says how to go on).
// - "Load all stats": while the tree is sorted by a stat column, the strip
//   offers the level the user looks at (the current node when it is expanded
//   and has children, else the current row's level); see LoadAllStatsBar.
// - Subtree operations are asked for, not run: the context menu, Delete
//   (selected rows) and Shift+Delete (the current row, recursively) on the
//   tree emit the *Requested signals; the tab runs them.
// - Writes from the panel and "New child node" ask the WriteGuard first.
// Threads: GUI thread only.
#pragma once

#include <QPointer>
#include <QStringList>
#include <QWidget>

class QLineEdit;
class QModelIndex;
class QSplitter;
class QTreeView;

namespace zooscope::ui {

class ClientAdapter;
class LoadAllStatsBar;
class NodePanel;
class VisibleRowsReporter;
class WriteGuard;
class ZnodeFilterProxy;
class ZnodeTreeModel;

class BrowserPage : public QWidget {
    Q_OBJECT
public:
    BrowserPage(ZnodeTreeModel* model, ClientAdapter* adapter, WriteGuard* guard, QWidget* parent = nullptr);

    QTreeView* treeView() const { return view_; }
    NodePanel* nodePanel() const { return panel_; }
    // Selects and shows `path` once loaded: expands its ancestors one level
    // at a time as they are listed (a later call replaces a pending one; a
    // path that turns out not to exist selects its deepest ancestor).
    void selectPath(const QString& path);
    // Selected rows' paths (multi-selection).
    QStringList selectedPaths() const;
    // The current row's path, "" when none.
    QString currentPath() const;
    // The level the "load all stats" strip offers while it is shown, "".
    QString loadAllStatsLevel() const;
    // Expands "/" (the view lists it, the model keeps its child watch).
    void expandRoot();

signals:
    void message(const QString& text, bool error);
    // The tree's root level is listed for the first time.
    void rootListed();
    void deleteRequested(const QStringList& paths);
    void deleteRecursivelyRequested(const QString& path);
    void exportRequested(const QString& path);
    void importRequested(const QString& path);
    void compareRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onCurrentChanged(const QModelIndex& current);
    // The level the user looks at (see the contract), as a model index.
    QModelIndex currentLevel() const;
    void updateLoadAllBar();
    void showContextMenu(const QPoint& pos);
    void continueReveal();

    ZnodeTreeModel* model_;
    QPointer<WriteGuard> guard_;
    ZnodeFilterProxy* proxy_;
    QTreeView* view_;
    QLineEdit* filter_;
    LoadAllStatsBar* loadAll_;
    VisibleRowsReporter* rows_;
    NodePanel* panel_;
    QSplitter* splitter_;
    bool rootListedOnce_ = false;
    QString reveal_;  // the path selectPath() still expands towards
};

}  // namespace zooscope::ui
