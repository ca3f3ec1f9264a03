// MainWindow: the application shell: sidebar of saved connections, one tab per
// open cluster (several at once), the status bar of the current tab, the log
// panel, settings, profile import/export.
//
// Secrets: a profile's digest password comes from SecretStore (OS keychain).
// When no keychain is available the user is asked for it for this session
// only, with the reason shown; it is never written anywhere.
// Threads: GUI thread only.
#pragma once

#include <QMainWindow>
#include <QSettings>

#include <functional>
#include <optional>

#include "demo/demo_ensemble.h"
#include "settings/profile_store.h"

class QDockWidget;
class QLabel;
class QMenu;
class QAction;
class QTabWidget;
class QToolBar;
class QSplitter;

namespace zooscope::ui {

class ClusterStatusBar;
class ClusterTab;
class ConnectionSidebar;
class LogModel;
class SecretStore;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Starts the embedded engine (once) and returns its connect string, or
    // nullopt + *error. Supplied by the composition root (app/main.cpp).
    using EmbeddedStarter = std::function<std::optional<QString>(QString* error)>;

    // `settings` and `secrets` must outlive the window; `logModel` may be null.
    MainWindow(QSettings* settings, SecretStore* secrets, LogModel* logModel, const QString& logFile,
               QWidget* parent = nullptr);
    ~MainWindow() override;

    void setEmbeddedStarter(EmbeddedStarter starter);

    // Opens a tab for `connect` ("host:port[,...][/chroot]") without saving a
    // profile. false + *error when the string is malformed.
    bool openConnectString(const QString& connect, QString* error);
    // Starts (if needed) and opens the embedded engine. false + *error.
    bool openEmbedded(QString* error);
    // "New demo ensemble…": asks (NewDemoDialog, modal) and starts what was
    // asked.
    void newDemo();
    // Starts a demo ensemble off the GUI thread; once every node serves, opens
    // its tab with the dashboard in front and starts `workload` on it (if
    // any). The returned demo belongs to the window until its tab takes it;
    // demoFailed() if it cannot start.
    DemoEnsemble* startDemo(const DemoSpec& spec, const std::optional<WorkloadSpec>& workload);
    // Opens a saved profile (fetching its secret first when it has a digest user).
    void openProfile(const QString& profileId);
    // Opens a tab for `profile` with `password` (tests; no keychain involved).
    ClusterTab* openTab(const ConnectionProfile& profile, const QString& password);

    QTabWidget* tabs() const { return tabs_; }
    ClusterTab* currentTab() const;
    ClusterStatusBar* clusterStatusBar() const { return statusBar_; }
    ConnectionSidebar* sidebar() const { return sidebar_; }
    ProfileStore& profiles() { return profiles_; }

    // Switches the language now (see widgets/language.h); every open window
    // retranslates. false when no catalogue exists for it (English stays).
    bool applyLanguage(const QString& language);
    // Where the .qm catalogues are (default ":/i18n", embedded in the app).
    void setCatalogueDirectory(const QString& directory) { catalogueDir_ = directory; }

    // Subtree operations on the current tab's current node (menu actions).
    void compareCurrent(const QString& path);
    // The Node menu (tests look at its title).
    QMenu* nodeMenu() const { return nodeMenu_; }

signals:
    // A tab was opened (tests, --smoke-test).
    void tabOpened(zooscope::ui::ClusterTab* tab);
    // A demo ensemble's tab is open (its nodes serve; its workload may be starting).
    void demoOpened(zooscope::ui::ClusterTab* tab);
    void demoFailed(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildMenus();
    void retranslateUi();
    void updateNodeActions();
    void reloadProfiles();
    void newProfile();
    void editProfile(const QString& id);
    void removeProfile(const QString& id);
    void saveSecret(const ConnectionProfile& p, const QString& password);
    void importProfiles();
    void exportProfiles();
    void showSettings();
    void showAbout();
    void closeTab(int index);
    void updateStatus();
    std::optional<QString> askSessionSecret(const ConnectionProfile& p, const QString& why);

    QSettings* settings_;
    SecretStore* secrets_;
    LogModel* logModel_;
    ProfileStore profiles_;
    EmbeddedStarter embeddedStarter_;
    std::optional<QString> embeddedConnect_;

    ConnectionSidebar* sidebar_;
    QTabWidget* tabs_;
    QSplitter* splitter_;
    ClusterStatusBar* statusBar_;
    QDockWidget* logDock_ = nullptr;
    QString catalogueDir_ = QStringLiteral(":/i18n");
    QLabel* emptyHint_ = nullptr;
    QToolBar* toolbar_ = nullptr;

    // Menus and actions, texts set in retranslateUi().
    QMenu* connMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* nodeMenu_ = nullptr;
    QMenu* helpMenu_ = nullptr;
    QAction* newAction_ = nullptr;
    QAction* newDemoAction_ = nullptr;
    QAction* openStringAction_ = nullptr;
    QAction* importProfilesAction_ = nullptr;
    QAction* exportProfilesAction_ = nullptr;
    QAction* closeTabAction_ = nullptr;
    QAction* quitAction_ = nullptr;
    QAction* logAction_ = nullptr;
    QAction* settingsAction_ = nullptr;
    QAction* deleteAction_ = nullptr;
    QAction* deleteRecursiveAction_ = nullptr;
    QAction* exportSubtreeAction_ = nullptr;
    QAction* importSubtreeAction_ = nullptr;
    QAction* compareAction_ = nullptr;
    QAction* refreshAction_ = nullptr;
    QAction* aboutAction_ = nullptr;
};

}  // namespace zooscope::ui
