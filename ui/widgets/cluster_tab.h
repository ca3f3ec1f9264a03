// ClusterTab: one open cluster: its session (ClientAdapter), the lazy znode
// tree with a name filter, the node panel, the read-only guard, automatic
// reconnect with backoff and the data the status bar shows.
//
// Contracts:
// - Read-only guard: when the profile has readOnlyGuard, writesAllowed() is
//   false until unlockWrites() (for the life of this tab only; never saved).
//   Every write path in the tab asks checkWrite() first, which refuses with a
//   visible sentence while locked.
// - Reconnect: a Suspended session is resumed by the C client itself (the
//   tree is marked stale meanwhile and re-listed when it is back). An Expired
//   session is replaced by a new one after a backoff of 1, 2, 4 ... 30 seconds
//   (nextReconnectDelayMs); the backoff starts again at 1 s only after a
//   session stayed connected for kStableSessionMs, so a cluster that expires
//   every new session is not hammered. AuthFailed and refused options are not
//   retried: retrying cannot fix them.
// - "Load all stats": while the tree is sorted by a stat column, the bar above
//   it offers to load every stat of the level the user looks at (the current
//   node when it is expanded and has children, else the current row's level)
//   when that level has more than ZnodeTreeModel::kAutoStatsLimit children
//   (smaller levels get their stats on their own).
// - Export writes the modes the server hides (containers and TTL nodes read
//   as persistent) when this tab knows them: containers and TTL nodes created
//   through its adapter (ClientAdapter::knownCreateMode), with the TTL value
//   for those created from the node panel; they carry "modeAnnotated": true.
//   A TTL node whose TTL is unknown is written as persistent, and the summary
//   names it.
// - Nothing here blocks the GUI thread: all requests are asynchronous.
// - Subtree operations (batch delete, recursive delete, export, import,
//   compare) run through one AdminTask per tab, one at a time, on a worker
//   thread holding the session's client (ClientAdapter::clientShared()).
//   Deletes and imports are writes: the guard refuses them. Every operation
//   ends with one sentence in the message line and adminFinished(); long
//   ones show a cancellable progress dialog; rows (comparison, failures)
//   appear in a result dialog.
// - Questions go through the Confirmer (default: a QMessageBox), so tests
//   and scripted use can answer them.
// Threads: GUI thread only.
#pragma once

#include <QHash>
#include <QIcon>
#include <QPointer>
#include <QStringList>
#include <QTimer>
#include <QWidget>

#include <functional>
#include <memory>

#include "adapter/client_adapter.h"
#include "zooscope/admin.h"
#include "models/profile_store.h"
#include "widgets/status_bar.h"

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSplitter;
class QTreeView;
class QFrame;

namespace zooscope::ui {

class ZnodeTreeModel;
class ZnodeFilterProxy;
class NodePanel;
class AdminTask;
class AdminResultDialog;
class AdminProgressDialog;
class ImportPreviewDialog;

class ClusterTab : public QWidget {
    Q_OBJECT
public:
    // Starts connecting at once. `password` is the digest password (unused
    // without a digest user); it is handed to the client and not kept here.
    ClusterTab(const ConnectionProfile& profile, const QString& password, QWidget* parent = nullptr);
    ~ClusterTab() override;

    const ConnectionProfile& profile() const { return profile_; }
    ClientAdapter* adapter() const { return adapter_; }
    ZnodeTreeModel* treeModel() const { return model_; }
    QTreeView* treeView() const { return view_; }
    ClusterStatus status() const { return status_; }
    // Title for the tab: profile name, with a lock while the guard is on.
    QString title() const;
    // A padlock for guarded tabs (closed while locked), null otherwise.
    QIcon icon() const;
    static QIcon lockIcon(bool locked);

    bool guarded() const { return profile_.readOnlyGuard; }
    bool writesAllowed() const { return !profile_.readOnlyGuard || unlocked_; }
    // True when writes are allowed; else shows why (naming `action`) and
    // returns false.
    bool checkWrite(const QString& action);
    void unlockWrites();
    void lockWrites();

    // Current reconnect delay (ms) after an expiry, 0 when none pending.
    int pendingReconnectMs() const { return reconnectTimer_.isActive() ? reconnectDelayMs_ : 0; }
    // The delay after `previousMs` (0: none yet): 1 s, then doubling up to 30 s.
    static int nextReconnectDelayMs(int previousMs);
    // A session connected this long resets the backoff to its first step.
    static constexpr int kStableSessionMs = 60000;
    // The level the "load all stats" bar offers to load while it is shown,
    // "" while it is hidden.
    QString loadAllStatsLevel() const;
    // Shows a message above the tree (errors: warning colours).
    void showMessage(const QString& text, bool error);
    QString message() const;
    // Selects and shows `path` once loaded (tests, --connect with a path).
    void selectPath(const QString& path);
    NodePanel* nodePanel() const { return panel_; }
    // Selected rows' paths (multi-selection).
    QStringList selectedPaths() const;
    // The current row's path, "" when none.
    QString currentPath() const;

    // Asks a yes/no question (title, question); true = go ahead. The default
    // shows a warning QMessageBox. Also used by the node panel.
    using Confirmer = std::function<bool(const QString& title, const QString& question)>;
    void setConfirmer(Confirmer confirmer);

    // ---- subtree operations (see the contract above). Each returns at once;
    // the outcome arrives as adminFinished(). A refusal (guard, busy, not
    // connected, bad input) is reported the same way, also at once.
    // Deletes each path (single nodes, version -1) after one confirmation;
    // the result names every path that was not deleted and why.
    void deleteNodes(const QStringList& paths);
    // Counts the subtree under `path` (cancellable), asks with that count,
    // then deletes it bottom-up with a cancellable progress dialog.
    void deleteRecursive(const QString& path);
    // Reads the subtree and writes it to `file` (zooscope-export JSON).
    void exportSubtree(const QString& path, const QString& file, const admin::ExportOptions& options = {});
    // Reads `file`, previews importing it into `target` (a dry run: nothing
    // is written) and shows the preview dialog; its Import button applies it.
    void importFile(const QString& file, const QString& target);
    // Compares `path` here with `otherPath` on `other` (this tab or another
    // open cluster); the differences appear in a result dialog.
    void compareWith(const QString& path, ClusterTab* other, const QString& otherPath);
    // The same, asking for the file (and the target) with file dialogs.
    void exportSubtreeInteractive(const QString& path);
    void importInteractive(const QString& target);

    AdminTask* adminTask() const { return task_; }
    bool adminBusy() const;
    // Open while an operation runs (nullptr otherwise).
    AdminProgressDialog* progressDialog() const;
    // The last import preview / result dialog while it is open.
    ImportPreviewDialog* importPreviewDialog() const;
    AdminResultDialog* resultDialog() const;

signals:
    void statusChanged();
    void titleChanged(const QString& title);
    // The tree's root level is listed (used by --smoke-test and tests).
    void rootListed();
    // A subtree operation ended (or was refused): the sentence shown in the
    // message line; ok = it did everything it was asked to.
    void adminFinished(const QString& summary, bool ok);
    // The user asked to compare `path` with something (the window asks what).
    void compareRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void retranslateUi();
    QString stateText(ClientAdapter::State state) const;
    // Common checks before a subtree operation; false = refused and reported.
    bool adminReady(const QString& action, bool write);
    void finishAdmin(const QString& summary, bool ok);
    void startProgress(const QString& title);
    void onAdminProgress(int phase, quint64 done, quint64 total);
    void endProgress();
    void refreshParentOf(const QString& path);
    bool confirm(const QString& title, const QString& question);
    void onPlanReady(std::shared_ptr<const admin::DeletePlan> plan);
    void notStarted(const std::shared_ptr<QMetaObject::Connection>& pending);
    std::shared_ptr<const admin::Snapshot> readExportFile(const QString& file);
    void importSnapshot(std::shared_ptr<const admin::Snapshot> snapshot, const QString& file, const QString& target);
    AdminResultDialog* showResultDialog();
    void connectSession();
    void onState(ClientAdapter::State state);
    void scheduleReconnect();
    void probeServer();
    void probeLatency();
    void updateGuardBanner();
    void requestVisibleStats();
    void onCurrentChanged(const QModelIndex& current);
    void onSortChanged(int column, Qt::SortOrder order);
    // The level the user looks at (see the contract), as a source index.
    QModelIndex currentLevel() const;
    // Shows or hides the "load all stats" bar for currentLevel().
    void updateLoadAllBar();
    void showLoadAllFor(const QModelIndex& sourceParent);
    // The modes the server hides (container, TTL with its value), as far as
    // this session's adapter knows them, for the nodes of `snapshot`.
    admin::ModeHints knownModeHints(const admin::Snapshot& snapshot) const;
    void showContextMenu(const QPoint& pos);

    ConnectionProfile profile_;
    QString password_;  // kept only to reconnect after an expiry; never logged
    bool unlocked_ = false;
    ClusterStatus status_;

    ClientAdapter* adapter_;
    ZnodeTreeModel* model_;
    ZnodeFilterProxy* proxy_;
    QTreeView* view_;
    QLineEdit* filter_;
    QFrame* guardBanner_;
    QLabel* guardLabel_;
    QPushButton* guardButton_;
    QLabel* message_;
    QFrame* loadAllBar_;
    QLabel* loadAllLabel_;
    QPushButton* loadAllButton_;
    QProgressBar* loadAllProgress_;
    QString loadAllPath_;
    QSplitter* splitter_;
    NodePanel* panel_ = nullptr;

    QTimer reconnectTimer_;
    int reconnectDelayMs_ = 0;
    QTimer stableTimer_;  // connected for kStableSessionMs: reset the backoff
    // TTLs of nodes created from the node panel (ClientAdapter knows only the
    // mode); bounded like the adapter's modes.
    QTimer latencyTimer_;
    QTimer srvrTimer_;
    QTimer statsTimer_;
    bool rootListedOnce_ = false;
    ClientAdapter::State lastState_ = ClientAdapter::State::Disconnected;

    Confirmer confirmer_;
    AdminTask* task_;
    QPointer<AdminProgressDialog> progress_;
    QPointer<ImportPreviewDialog> previewDialog_;
    QPointer<AdminResultDialog> resultDialog_;
};

}  // namespace zooscope::ui
