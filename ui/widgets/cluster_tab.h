// ClusterTab: one open cluster: its session (ClientAdapter), the lazy znode
// tree with a name filter, the node panel, the read-only guard, automatic
// reconnect with backoff and the data the status bar shows.
//
// Contracts:
// - Read-only guard: when the profile has readOnlyGuard, writesAllowed() is
//   false until unlockWrites() (for the life of this tab only; never saved).
//   Every write path in the tab asks checkWrite() first, which refuses with a
//   visible sentence while locked.
// - Reconnect: a Suspended session is resumed by the C client itself. An
//   Expired session is replaced by a new one after a backoff of 1, 2, 4 ... 30
//   seconds (reset once connected). AuthFailed and refused options are not
//   retried: retrying cannot fix them.
// - Nothing here blocks the GUI thread: all requests are asynchronous.
// Threads: GUI thread only.
#pragma once

#include <QIcon>
#include <QPointer>
#include <QTimer>
#include <QWidget>

#include "adapter/client_adapter.h"
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
    // Shows a message above the tree (errors: warning colours).
    void showMessage(const QString& text, bool error);
    QString message() const;
    // Selects and shows `path` once loaded (tests, --connect with a path).
    void selectPath(const QString& path);
    NodePanel* nodePanel() const { return panel_; }
    // Selected rows' paths (multi-selection).
    QStringList selectedPaths() const;
    // Deletes each path (version -1) after one confirmation; refused by the guard.
    void deleteNodes(const QStringList& paths);

signals:
    void statusChanged();
    void titleChanged(const QString& title);
    // The tree's root level is listed (used by --smoke-test and tests).
    void rootListed();

private:
    void connectSession();
    void onState(ClientAdapter::State state);
    void scheduleReconnect();
    void probeServer();
    void probeLatency();
    void updateGuardBanner();
    void requestVisibleStats();
    void onCurrentChanged(const QModelIndex& current);
    void onSortChanged(int column, Qt::SortOrder order);
    void showLoadAllFor(const QModelIndex& sourceParent);
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
    QTimer latencyTimer_;
    QTimer srvrTimer_;
    QTimer statsTimer_;
    bool rootListedOnce_ = false;
};

}  // namespace zooscope::ui
