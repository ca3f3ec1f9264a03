// ClusterTab: one open cluster. A layout that wires the pieces, each with one
// job:
// - ClientAdapter: the session's results on the GUI thread;
// - SessionSupervisor: opening, reconnecting with backoff, probes, status;
// - WriteGuard + GuardBanner: the read-only guard and its strip;
// - ZnodeTreeModel (+ CreateModeCache): the lazy tree of the namespace;
// - SubtreeOperations + OperationDialogs: delete, export, import, compare;
// - EnsembleWatch: polls every server of the ensemble for the dashboard;
// - RecipeWatch: the live coordination views' reads and watches;
// - WatchesPoll: who watches what on each server, for the Watches page;
// - the pages: BrowserPage (tree, filter, node panel), DashboardPage (a card
//   per server, charts, alerts, the timeline), the Locks and Elections pages
//   (CoordinationPage each, fed by the RecipeWatch; their highlights go on the
//   dashboard's timeline), the Watches page (WatchesPage; a session chosen
//   on any of these pages filters all of them), ConsolePage (zooscope-ctl's commands and
//   four-letter words); later pages (more coordination views) go beside them
//   in pages();
// - on a demo ensemble's tab (setDemo): the DemoEnsemble itself (the tab owns
//   it: closing the tab stops the demo), DemoCardActions on the cards and the
//   WorkloadPage.
// Above the pages: the guard strip and one message line, which shows the
// last sentence any piece had for the user (errors in warning colours).
//
// Threads: GUI thread only. Nothing here blocks it.
#pragma once

#include <QIcon>
#include <QWidget>

#include "session/cluster_status.h"
#include "session/subtree_operations.h"  // Confirmer
#include "settings/profile_store.h"

class QLabel;
class QTabWidget;

namespace zooscope::ui {

class BrowserPage;
class ClientAdapter;
class ConsolePage;
class CoordinationPage;
class PartitionsPage;
class CreateModeCache;
class DashboardPage;
class DemoCardActions;
class DemoEnsemble;
class WorkloadPage;
class EnsembleWatch;
class GuardBanner;
class OperationDialogs;
class RecipeWatch;
class SessionSupervisor;
class WriteGuard;
class WatchesPage;
class WatchesPoll;
class ZnodeTreeModel;

class ClusterTab : public QWidget {
    Q_OBJECT
public:
    // Starts connecting at once. `password` is the digest password (unused
    // without a digest user); the supervisor keeps it to reconnect.
    ClusterTab(const ConnectionProfile& profile, const QString& password, QWidget* parent = nullptr);
    ~ClusterTab() override;

    const ConnectionProfile& profile() const { return profile_; }
    ClientAdapter* adapter() const { return adapter_; }
    ZnodeTreeModel* treeModel() const { return model_; }
    SessionSupervisor* supervisor() const { return supervisor_; }
    WriteGuard* guard() const { return guard_; }
    SubtreeOperations* operations() const { return operations_; }
    OperationDialogs* dialogs() const { return dialogs_; }
    QTabWidget* pages() const { return pages_; }
    BrowserPage* browser() const { return browser_; }
    DashboardPage* dashboard() const { return dashboard_; }
    ConsolePage* console() const { return console_; }
    EnsembleWatch* ensemble() const { return ensemble_; }
    RecipeWatch* recipes() const { return recipes_; }
    CoordinationPage* locksPage() const { return locksPage_; }
    CoordinationPage* electionsPage() const { return electionsPage_; }
    PartitionsPage* partitionsPage() const { return partitionsPage_; }
    WatchesPoll* watches() const { return watches_; }
    WatchesPage* watchesPage() const { return watchesPage_; }

    // Makes this the tab of a started demo ensemble: takes ownership of it,
    // adds the card actions and the Workload page, and brings the dashboard
    // to the front.
    void setDemo(DemoEnsemble* demo);
    DemoEnsemble* demo() const { return demo_; }
    DemoCardActions* demoActions() const { return demoActions_; }
    WorkloadPage* workload() const { return workload_; }

    // The session's status with the guard's flag.
    ClusterStatus status() const;
    // Title for the tab: profile name, with a lock while the guard is on, and
    // the dashboard's alert count while there are alerts.
    QString title() const;
    // A padlock for guarded tabs (closed while locked), null otherwise.
    QIcon icon() const;

    // Shows a message above the pages (errors: warning colours).
    void showMessage(const QString& text, bool error);
    QString message() const;
    // Shows the browser with `path` selected, once loaded (tests, --connect
    // with a path).
    void selectPath(const QString& path);
    // Who answers yes/no questions (deletes, unlocking writes, the node
    // panel's overwrite); the default shows a warning QMessageBox.
    void setConfirmer(Confirmer confirmer);

signals:
    void statusChanged();
    void titleChanged(const QString& title);
    // The tree's root level is listed (used by --smoke-test and tests).
    void rootListed();
    // The user asked to compare `path` with something (the window asks what).
    void compareRequested(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    bool askWithMessageBox(const QString& title, const QString& question);

    ConnectionProfile profile_;
    ClientAdapter* adapter_;
    CreateModeCache* modes_;
    ZnodeTreeModel* model_;
    WriteGuard* guard_;
    SessionSupervisor* supervisor_;
    SubtreeOperations* operations_;
    OperationDialogs* dialogs_;
    GuardBanner* guardBanner_;
    QLabel* message_;
    QTabWidget* pages_;
    BrowserPage* browser_;
    EnsembleWatch* ensemble_;
    DashboardPage* dashboard_;
    RecipeWatch* recipes_;
    CoordinationPage* locksPage_;
    CoordinationPage* electionsPage_;
    PartitionsPage* partitionsPage_;
    WatchesPoll* watches_;
    WatchesPage* watchesPage_;
    ConsolePage* console_;
    int shownAlerts_ = 0;  // in the title
    DemoEnsemble* demo_ = nullptr;
    DemoCardActions* demoActions_ = nullptr;
    WorkloadPage* workload_ = nullptr;
};

}  // namespace zooscope::ui
