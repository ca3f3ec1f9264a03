#include "widgets/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QLocale>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <spdlog/spdlog.h>

#include "models/log_model.h"
#include "models/znode_tree_model.h"
#include "settings/secret_store.h"
#include "widgets/admin_dialogs.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/console_page.h"
#include "widgets/workload_page.h"
#include "widgets/connection_sidebar.h"
#include "widgets/language.h"
#include "widgets/log_panel.h"
#include "widgets/new_demo_dialog.h"
#include "widgets/operation_dialogs.h"
#include "widgets/profile_dialog.h"
#include "widgets/settings_dialog.h"
#include "widgets/status_bar.h"

namespace zooscope::ui {

MainWindow::MainWindow(QSettings* settings, SecretStore* secrets, LogModel* logModel, const QString& logFile,
                       QWidget* parent)
    : QMainWindow(parent),
      settings_(settings),
      secrets_(secrets),
      logModel_(logModel),
      profiles_(settings),
      sidebar_(new ConnectionSidebar),
      tabs_(new QTabWidget),
      splitter_(new QSplitter(Qt::Horizontal)),
      statusBar_(new ClusterStatusBar) {
    setWindowTitle(tr("ZooScope"));
    setObjectName("mainWindow");
    tabs_->setObjectName("clusterTabs");
    tabs_->setTabsClosable(true);
    tabs_->setMovable(true);
    tabs_->setDocumentMode(true);
    auto* empty = new QLabel;
    emptyHint_ = empty;
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setObjectName("emptyHint");

    auto* centre = new QSplitter(Qt::Horizontal);
    splitter_ = centre;
    centre->addWidget(sidebar_);
    centre->addWidget(tabs_);
    centre->setStretchFactor(1, 1);
    centre->setSizes({250, 1030});
    setCentralWidget(centre);
    tabs_->setCornerWidget(nullptr);
    statusBar()->addPermanentWidget(statusBar_, 1);

    if (logModel_) {
        logDock_ = new QDockWidget(this);
        logDock_->setObjectName("logDock");
        logDock_->setWidget(new LogPanel(logModel_, logFile));
        addDockWidget(Qt::BottomDockWidgetArea, logDock_);
        logDock_->hide();
    }

    connect(tabs_, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::updateStatus);
    connect(sidebar_, &ConnectionSidebar::connectRequested, this, &MainWindow::openProfile);
    connect(sidebar_, &ConnectionSidebar::embeddedRequested, this, [this] {
        QString error;
        if (!openEmbedded(&error)) QMessageBox::warning(this, tr("Embedded engine"), error);
    });
    connect(sidebar_, &ConnectionSidebar::newRequested, this, &MainWindow::newProfile);
    connect(sidebar_, &ConnectionSidebar::editRequested, this, &MainWindow::editProfile);
    connect(sidebar_, &ConnectionSidebar::removeRequested, this, &MainWindow::removeProfile);

    buildMenus();
    reloadProfiles();
    resize(1360, 840);
    restoreGeometry(settings_->value("window/geometry").toByteArray());
    updateStatus();
}

MainWindow::~MainWindow() {
    // Quitting: the tabs go first (a demo's tab starts its demo's shutdown,
    // also one closed just before and not yet deleted), then every demo's
    // processes are waited for, so none outlives the window.
    qDeleteAll(findChildren<ClusterTab*>());
    DemoEnsemble::finishShutdowns();
}

void MainWindow::buildMenus() {
    // Texts (and translated shortcuts) come from retranslateUi().
    connMenu_ = menuBar()->addMenu(QString());
    newAction_ = connMenu_->addAction(QString(), this, &MainWindow::newProfile);
    newAction_->setShortcut(QKeySequence::New);
    newDemoAction_ = connMenu_->addAction(QString(), this, &MainWindow::newDemo);
    newDemoAction_->setObjectName("newDemoAction");
    auto* toolbar = addToolBar(QString());
    toolbar->setObjectName("mainToolbar");
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addAction(newDemoAction_);
    toolbar_ = toolbar;
    openStringAction_ = connMenu_->addAction(QString(), this, [this] {
        bool ok = false;
        const QString text = QInputDialog::getText(this, tr("Open connect string"),
                                                   tr("host:port[,host:port...][/chroot]"), QLineEdit::Normal,
                                                   QString(), &ok);
        if (!ok || text.isEmpty()) return;
        QString error;
        if (!openConnectString(text, &error)) QMessageBox::warning(this, tr("Open connect string"), error);
    });
    connMenu_->addSeparator();
    importProfilesAction_ = connMenu_->addAction(QString(), this, &MainWindow::importProfiles);
    exportProfilesAction_ = connMenu_->addAction(QString(), this, &MainWindow::exportProfiles);
    connMenu_->addSeparator();
    closeTabAction_ = connMenu_->addAction(QString(), this, [this] { closeTab(tabs_->currentIndex()); });
    closeTabAction_->setShortcut(QKeySequence::Close);
    quitAction_ = connMenu_->addAction(QString(), this, &QWidget::close);
    quitAction_->setShortcut(QKeySequence::Quit);

    // The node menu acts on the current tab's current node (and, for Delete,
    // its selection). Delete keys are handled by the tree itself: a window
    // shortcut would take the key from the data editor.
    nodeMenu_ = menuBar()->addMenu(QString());
    nodeMenu_->setObjectName("nodeMenu");
    refreshAction_ = nodeMenu_->addAction(QString(), this, [this] {
        if (ClusterTab* t = currentTab(); t && !t->browser()->currentPath().isEmpty()) {
            const QModelIndex i = t->treeModel()->indexOf(t->browser()->currentPath());
            if (i.isValid()) t->treeModel()->refresh(i);
        }
    });
    nodeMenu_->addSeparator();
    deleteAction_ = nodeMenu_->addAction(QString(), this, [this] {
        if (ClusterTab* t = currentTab()) t->operations()->deleteNodes(t->browser()->selectedPaths());
    });
    deleteRecursiveAction_ = nodeMenu_->addAction(QString(), this, [this] {
        if (ClusterTab* t = currentTab()) t->operations()->deleteRecursive(t->browser()->currentPath());
    });
    nodeMenu_->addSeparator();
    exportSubtreeAction_ = nodeMenu_->addAction(QString(), this, [this] {
        if (ClusterTab* t = currentTab()) t->dialogs()->exportInteractive(t->browser()->currentPath());
    });
    importSubtreeAction_ = nodeMenu_->addAction(QString(), this, [this] {
        if (ClusterTab* t = currentTab()) t->dialogs()->importInteractive(t->browser()->currentPath());
    });
    compareAction_ = nodeMenu_->addAction(QString(), this, [this] {
        if (ClusterTab* t = currentTab()) compareCurrent(t->browser()->currentPath());
    });
    connect(nodeMenu_, &QMenu::aboutToShow, this, &MainWindow::updateNodeActions);

    viewMenu_ = menuBar()->addMenu(QString());
    if (logDock_) {
        logAction_ = logDock_->toggleViewAction();
        viewMenu_->addAction(logAction_);
    }
    settingsAction_ = viewMenu_->addAction(QString(), this, &MainWindow::showSettings);
    settingsAction_->setShortcut(QKeySequence::Preferences);

    helpMenu_ = menuBar()->addMenu(QString());
    aboutAction_ = helpMenu_->addAction(QString(), this, &MainWindow::showAbout);
    retranslateUi();
}

void MainWindow::retranslateUi() {
    connMenu_->setTitle(tr("&Connection"));
    newAction_->setText(tr("&New connection..."));
    newDemoAction_->setText(tr("New &demo ensemble…"));
    newDemoAction_->setToolTip(tr("Start a local ensemble of 1, 3 or 5 nodes with a workload, to break on purpose"));
    toolbar_->setWindowTitle(tr("Toolbar"));
    openStringAction_->setText(tr("Open &connect string..."));
    openStringAction_->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    importProfilesAction_->setText(tr("&Import profiles..."));
    exportProfilesAction_->setText(tr("&Export profiles..."));
    closeTabAction_->setText(tr("Close &tab"));
    quitAction_->setText(tr("&Quit"));

    nodeMenu_->setTitle(tr("&Node"));
    refreshAction_->setText(tr("&Refresh"));
    // The keys are the tree's own (see buildMenus); the text after the tab
    // only shows them.
    deleteAction_->setText(tr("&Delete selected") + QStringLiteral("\t") +
                           QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText));
    deleteRecursiveAction_->setText(tr("Delete &recursively...") + QStringLiteral("\t") +
                                    QKeySequence(Qt::SHIFT | Qt::Key_Delete).toString(QKeySequence::NativeText));
    exportSubtreeAction_->setText(tr("&Export subtree..."));
    importSubtreeAction_->setText(tr("&Import subtree..."));
    compareAction_->setText(tr("&Compare with..."));

    viewMenu_->setTitle(tr("&View"));
    if (logAction_) {
        logAction_->setText(tr("&Log panel"));
        logAction_->setShortcut(QKeySequence(tr("Ctrl+L")));
    }
    settingsAction_->setText(tr("&Settings..."));
    helpMenu_->setTitle(tr("&Help"));
    aboutAction_->setText(tr("&About ZooScope"));

    if (logDock_) logDock_->setWindowTitle(tr("Log"));
    emptyHint_->setText(tr("Open a connection from the list on the left, or create one with "
                           "Connection \u2192 New connection."));
    updateStatus();  // window title
}

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::updateNodeActions() {
    ClusterTab* t = currentTab();
    const bool node = t && !t->browser()->currentPath().isEmpty();
    for (QAction* a : {refreshAction_, deleteRecursiveAction_, exportSubtreeAction_, compareAction_})
        a->setEnabled(node);
    deleteAction_->setEnabled(t && !t->browser()->selectedPaths().isEmpty());
    importSubtreeAction_->setEnabled(t != nullptr);
}

bool MainWindow::applyLanguage(const QString& language) { return switchLanguage(language, catalogueDir_); }

void MainWindow::compareCurrent(const QString& path) {
    ClusterTab* left = currentTab();
    if (!left || path.isEmpty()) return;
    QList<QPair<QString, int>> clusters;
    for (int i = 0; i < tabs_->count(); ++i)
        if (auto* t = qobject_cast<ClusterTab*>(tabs_->widget(i))) clusters.append({t->title(), i});
    CompareDialog dialog(tr("%1 on %2").arg(path, left->profile().name), clusters, tabs_->indexOf(left), path, this);
    if (dialog.exec() != QDialog::Accepted) return;
    auto* right = qobject_cast<ClusterTab*>(tabs_->widget(dialog.clusterKey()));
    if (!right) return;  // closed meanwhile
    left->operations()->compareWith(path, right->operations(), dialog.path());
}

void MainWindow::setEmbeddedStarter(EmbeddedStarter starter) {
    embeddedStarter_ = std::move(starter);
    sidebar_->setEmbeddedAvailable(bool(embeddedStarter_));
}

void MainWindow::reloadProfiles() { sidebar_->setProfiles(profiles_.profiles()); }

ClusterTab* MainWindow::currentTab() const { return qobject_cast<ClusterTab*>(tabs_->currentWidget()); }

ClusterTab* MainWindow::openTab(const ConnectionProfile& profile, const QString& password) {
    auto* tab = new ClusterTab(profile, password);
    tab->console()->setHistorySettings(settings_);
    const int index = tabs_->addTab(tab, tab->icon(), tab->title());
    tabs_->setTabToolTip(index, profile.connectString());
    connect(tab, &ClusterTab::statusChanged, this, [this, tab] {
        if (tab == currentTab()) updateStatus();
    });
    connect(tab, &ClusterTab::compareRequested, this, [this, tab](const QString& path) {
        tabs_->setCurrentWidget(tab);
        compareCurrent(path);
    });
    connect(tab, &ClusterTab::titleChanged, this, [this, tab](const QString& title) {
        const int i = tabs_->indexOf(tab);
        if (i >= 0) {
            tabs_->setTabText(i, title);
            tabs_->setTabIcon(i, tab->icon());
        }
    });
    tabs_->setCurrentIndex(index);
    emit tabOpened(tab);
    return tab;
}

bool MainWindow::openConnectString(const QString& connect, QString* error) {
    auto profile = ConnectionProfile::fromConnectString(connect, error);
    if (!profile) return false;
    const QStringList problems = validateProfile(*profile);
    if (!problems.isEmpty()) {
        if (error) *error = problems.join('\n');
        return false;
    }
    openTab(*profile, QString());
    return true;
}

bool MainWindow::openEmbedded(QString* error) {
    if (!embeddedConnect_) {
        if (!embeddedStarter_) {
            if (error) *error = tr("This window has no embedded engine.");
            return false;
        }
        embeddedConnect_ = embeddedStarter_(error);
        if (!embeddedConnect_) return false;
    }
    auto profile = ConnectionProfile::fromConnectString(*embeddedConnect_, error);
    if (!profile) return false;
    profile->name = tr("Embedded engine");
    openTab(*profile, QString());
    return true;
}

void MainWindow::newDemo() {
    NewDemoDialog dialog(this);
    if (dialog.exec() != QDialog::Accepted) return;
    startDemo(dialog.spec(), dialog.workload());
}

DemoEnsemble* MainWindow::startDemo(const DemoSpec& spec, const std::optional<WorkloadSpec>& workload) {
    auto* demo = new DemoEnsemble(spec, this);
    statusBar()->showMessage(tr("Starting %1…").arg(demo->title()));
    connect(demo, &DemoEnsemble::failed, this, [this, demo](const QString& error) {
        statusBar()->clearMessage();
        emit demoFailed(error);
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Demo ensemble"), error, QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->show();
        if (!demo->isStarted()) demo->deleteLater();  // a workload that failed leaves the demo running
    });
    connect(demo, &DemoEnsemble::started, this, [this, demo, workload] {
        statusBar()->clearMessage();
        ConnectionProfile profile;
        profile.id = ConnectionProfile::newId();
        profile.name = demo->title();
        profile.hosts = demo->connectString();
        profile.adminPort = 0;
        profile.adminPorts = demo->adminPorts();
        ClusterTab* tab = openTab(profile, QString());
        tabs_->setTabToolTip(tabs_->indexOf(tab), tr("%1\nFiles in %2").arg(profile.hosts, demo->baseDir()));
        tab->setDemo(demo);
        if (workload) tab->workload()->startWorkload(*workload);
        emit demoOpened(tab);
    });
    demo->start();
    return demo;
}

std::optional<QString> MainWindow::askSessionSecret(const ConnectionProfile& p, const QString& why) {
    // The same dialog QInputDialog::getText shows, named so tests can find it.
    QInputDialog dialog(this);
    dialog.setObjectName(QStringLiteral("sessionSecretDialog"));
    dialog.setInputMode(QInputDialog::TextInput);
    dialog.setTextEchoMode(QLineEdit::Password);
    dialog.setWindowTitle(tr("Password for %1").arg(p.name));
    dialog.setLabelText(
        tr("%1\n\nPassword of digest user '%2' (kept in memory for this session only):").arg(why, p.digestUser));
    spdlog::info("profile {}: asking for the digest password for this session", p.name.toStdString());
    if (dialog.exec() != QDialog::Accepted) return std::nullopt;
    const QString secret = dialog.textValue();
    secrets_->setSessionSecret(p.id, secret);
    return secret;
}

void MainWindow::openProfile(const QString& profileId) {
    auto p = profiles_.find(profileId);
    if (!p) return;
    const QStringList problems = validateProfile(*p);
    if (!problems.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot connect"),
                             tr("%1 cannot be opened:\n\n%2").arg(p->name, problems.join('\n')));
        return;
    }
    if (!p->hasDigest()) {
        openTab(*p, QString());
        return;
    }
    const ConnectionProfile profile = *p;
    secrets_->fetch(profile.id, [this, profile](const SecretResult& r) {
        if (r.ok()) {
            openTab(profile, r.secret);
            return;
        }
        const QString why = r.status == SecretResult::Status::NotFound
                                ? tr("No password is stored for this profile.")
                                : r.message;
        if (auto secret = askSessionSecret(profile, why)) openTab(profile, *secret);
    });
}

void MainWindow::saveSecret(const ConnectionProfile& p, const QString& password) {
    secrets_->store(p.id, password, [this, p, password](const SecretResult& r) {
        if (r.ok()) return;
        if (r.status == SecretResult::Status::Unavailable) {
            secrets_->setSessionSecret(p.id, password);
            QMessageBox::information(this, tr("No keychain"),
                                     tr("%1\n\nZooScope will ask for it again after a restart.").arg(r.message));
        } else {
            QMessageBox::warning(this, tr("Keychain"), r.message);
        }
    });
}

void MainWindow::newProfile() {
    ConnectionProfile p;
    p.hosts = QStringLiteral("127.0.0.1:2181");
    ProfileDialog dialog(p, this);
    if (dialog.exec() != QDialog::Accepted) return;
    p = dialog.profile();
    p.id = profiles_.save(p);
    if (p.hasDigest() && dialog.passwordChanged()) saveSecret(p, dialog.password());
    spdlog::info("profile {} added", p.name.toStdString());
    reloadProfiles();
}

void MainWindow::editProfile(const QString& id) {
    auto p = profiles_.find(id);
    if (!p) return;
    ProfileDialog dialog(*p, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const ConnectionProfile updated = dialog.profile();
    profiles_.save(updated);
    if (!updated.hasDigest() && p->hasDigest()) secrets_->erase(id, {});
    else if (updated.hasDigest() && dialog.passwordChanged()) saveSecret(updated, dialog.password());
    reloadProfiles();
}

void MainWindow::removeProfile(const QString& id) {
    auto p = profiles_.find(id);
    if (!p) return;
    if (QMessageBox::question(this, tr("Delete connection"),
                              tr("Delete the connection \"%1\" and its stored password?").arg(p->name)) !=
        QMessageBox::Yes)
        return;
    profiles_.remove(id);
    secrets_->erase(id, {});
    reloadProfiles();
}

void MainWindow::importProfiles() {
    const QString file = QFileDialog::getOpenFileName(this, tr("Import profiles"), QString(),
                                                      tr("ZooScope profiles (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        QMessageBox::warning(this, tr("Import profiles"), tr("Cannot read %1: %2").arg(file, f.errorString()));
        return;
    }
    QString error;
    const int n = profiles_.importJson(f.readAll(), &error);
    if (n < 0) {
        QMessageBox::warning(this, tr("Import profiles"), error);
        return;
    }
    reloadProfiles();
    statusBar()->showMessage(tr("Imported %n profile(s). Passwords are not part of an export: enter them when "
                                "connecting.",
                                nullptr, n),
                             8000);
}

void MainWindow::exportProfiles() {
    const QString file = QFileDialog::getSaveFileName(this, tr("Export profiles"), QStringLiteral("zooscope-profiles.json"),
                                                      tr("ZooScope profiles (*.json)"));
    if (file.isEmpty()) return;
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
        f.write(ProfileStore::exportJson(profiles_.profiles())) < 0) {
        QMessageBox::warning(this, tr("Export profiles"), tr("Cannot write %1: %2").arg(file, f.errorString()));
        return;
    }
    statusBar()->showMessage(tr("Exported %n profile(s) without passwords.", nullptr, int(profiles_.profiles().size())),
                             8000);
}

void MainWindow::showSettings() {
    const AppSettings before = AppSettings::load(*settings_);
    SettingsDialog dialog(before, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const AppSettings after = dialog.settings();
    after.save(*settings_);
    applyTheme(after.theme);
    spdlog::default_logger()->set_level(spdlog::level::from_str(after.logLevel.toStdString()));
    if (after.language != before.language && !applyLanguage(after.language) && !after.language.isEmpty() &&
        after.language != QLatin1String("en"))
        QMessageBox::warning(this, tr("Language"),
                             tr("This build has no translation for %1; the texts stay in English.")
                                 .arg(QLocale(after.language).nativeLanguageName()));
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About ZooScope"),
                       tr("<h3>ZooScope %1</h3><p>A desktop client for Apache ZooKeeper 3.8 ensembles, with its "
                          "own ZooKeeper-compatible engine.</p>")
                           .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::closeTab(int index) {
    QWidget* w = tabs_->widget(index);
    if (!w) return;
    tabs_->removeTab(index);
    w->deleteLater();
    updateStatus();
}

void MainWindow::updateStatus() {
    ClusterTab* tab = currentTab();
    if (!tab) {
        statusBar_->clear();
        setWindowTitle(tr("ZooScope"));
        return;
    }
    statusBar_->setStatus(tab->status());
    setWindowTitle(tr("%1 \u2014 ZooScope").arg(tab->profile().name));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    settings_->setValue("window/geometry", saveGeometry());
    QMainWindow::closeEvent(event);
}

}  // namespace zooscope::ui
