#include "widgets/cluster_tab.h"

#include <QEvent>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

#include "adapter/client_adapter.h"
#include "demo/demo_ensemble.h"
#include "models/create_mode_cache.h"
#include "models/elections_model.h"
#include "models/locks_model.h"
#include "models/znode_tree_model.h"
#include "session/ensemble_watch.h"
#include "session/recipe_watch.h"
#include "session/session_supervisor.h"
#include "session/watches_poll.h"
#include "session/write_guard.h"
#include "widgets/browser_page.h"
#include "widgets/console_page.h"
#include "widgets/coordination_page.h"
#include "widgets/partitions_page.h"
#include "widgets/dashboard_page.h"
#include "widgets/demo_card_actions.h"
#include "widgets/guard_banner.h"
#include "widgets/node_panel.h"
#include "widgets/operation_dialogs.h"
#include "widgets/watches_page.h"
#include "widgets/workload_page.h"

namespace zooscope::ui {

ClusterTab::ClusterTab(const ConnectionProfile& profile, const QString& password, QWidget* parent)
    : QWidget(parent),
      profile_(profile),
      adapter_(new ClientAdapter(this)),
      modes_(new CreateModeCache(adapter_, this)),
      model_(new ZnodeTreeModel(adapter_, this)),
      guard_(new WriteGuard(profile.name, profile.readOnlyGuard, this)),
      supervisor_(new SessionSupervisor(adapter_, profile, password, {}, this)),
      operations_(new SubtreeOperations(adapter_, guard_, modes_, profile.name, this)),
      dialogs_(new OperationDialogs(operations_, this)),
      guardBanner_(new GuardBanner(guard_, profile.name)),
      message_(new QLabel),
      pages_(new QTabWidget),
      browser_(new BrowserPage(model_, adapter_, guard_)),
      ensemble_(new EnsembleWatch(adapter_, profile, {}, this)),
      dashboard_(new DashboardPage(ensemble_->model(), ensemble_->timeline())),
      recipes_(new RecipeWatch(adapter_, ensemble_->timeline(), this)),
      locksPage_(new CoordinationPage(recipes_, recipes_->locks(), LocksModel::SessionColumn)),
      electionsPage_(new CoordinationPage(recipes_, recipes_->elections(), ElectionsModel::SessionColumn)),
      partitionsPage_(new PartitionsPage(recipes_)),
      watches_(new WatchesPoll(profile, this)),
      watchesPage_(new WatchesPage(watches_)),
      console_(new ConsolePage(adapter_, guard_, profile.id)) {
    model_->setCreateModes(modes_);
    recipes_->setAdminPorts(profile.adminServerPorts());
    setConfirmer({});

    message_->setObjectName("tabMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();

    pages_->setObjectName("clusterPages");
    pages_->setDocumentMode(true);
    pages_->setTabBarAutoHide(true);
    pages_->addTab(browser_, QString());
    pages_->addTab(dashboard_, QString());
    pages_->addTab(locksPage_, QString());
    pages_->addTab(electionsPage_, QString());
    pages_->addTab(partitionsPage_, QString());
    pages_->addTab(watchesPage_, QString());
    pages_->addTab(console_, QString());

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(guardBanner_);
    layout->addWidget(message_);
    layout->addWidget(pages_, 1);

    connect(supervisor_, &SessionSupervisor::statusChanged, this, &ClusterTab::statusChanged);
    connect(supervisor_, &SessionSupervisor::problem, this, [this](const QString& text, bool clearedByConnect) {
        showMessage(text, true);
        message_->setProperty("connection", clearedByConnect);
    });
    connect(supervisor_, &SessionSupervisor::connected, this, [this] {
        if (message_->property("connection").toBool()) message_->hide();
        browser_->expandRoot();
    });
    connect(guard_, &WriteGuard::refused, this, [this](const QString& sentence) { showMessage(sentence, true); });
    connect(guard_, &WriteGuard::changed, this, [this] {
        emit titleChanged(title());
        emit statusChanged();
    });
    connect(operations_, &SubtreeOperations::finished, this,
            [this](const QString& summary, bool ok) { showMessage(summary, !ok); });
    connect(operations_, &SubtreeOperations::parentChanged, this, [this](const QString& path) {
        const QModelIndex p = model_->indexOf(path);
        if (p.isValid()) model_->refresh(p);
    });
    connect(browser_, &BrowserPage::message, this, &ClusterTab::showMessage);
    connect(browser_, &BrowserPage::rootListed, this, &ClusterTab::rootListed);
    connect(browser_, &BrowserPage::compareRequested, this, &ClusterTab::compareRequested);
    connect(browser_, &BrowserPage::deleteRequested, operations_, &SubtreeOperations::deleteNodes);
    connect(browser_, &BrowserPage::deleteRecursivelyRequested, operations_, &SubtreeOperations::deleteRecursive);
    connect(browser_, &BrowserPage::exportRequested, dialogs_, &OperationDialogs::exportInteractive);
    connect(browser_, &BrowserPage::importRequested, dialogs_, &OperationDialogs::importInteractive);
    connect(dashboard_, &DashboardPage::message, this, &ClusterTab::showMessage);
    connect(ensemble_->model(), &EnsembleModel::alertsChanged, this, [this] {
        if (ensemble_->model()->alertCount() == shownAlerts_) return;
        shownAlerts_ = ensemble_->model()->alertCount();
        emit titleChanged(title());
    });

    connect(partitionsPage_, &PartitionsPage::selectInTree, this, &ClusterTab::selectPath);
    const auto filterBySession = [this](qint64 session) {
        locksPage_->setSession(session);
        electionsPage_->setSession(session);
        watchesPage_->setSession(session);
    };
    for (CoordinationPage* page : {locksPage_, electionsPage_}) {
        connect(page, &CoordinationPage::selectInTree, this, &ClusterTab::selectPath);
        connect(page, &CoordinationPage::sessionFilterRequested, this, filterBySession);
    }
    connect(watchesPage_, &WatchesPage::selectInTree, this, &ClusterTab::selectPath);
    connect(watchesPage_, &WatchesPage::sessionFilterRequested, this, filterBySession);
    console_->setProfileServers(profile.adminServerPorts(), profile.thresholds());
    // Settings (no dialog yet): the threshold of a lock held too long and
    // how often the coordination views rescan the tree for new recipes.
    const QSettings settings;
    recipes_->setHeldTooLongMs(
        qint64(settings.value("coordination/heldTooLongMinutes", RecipeWatch::kHeldTooLongMs / 60000).toDouble() * 60000));
    recipes_->setRescanIntervalMs(
        settings.value("coordination/rescanSeconds", RecipeWatch::kRescanEveryMs / 1000).toInt() * 1000);

    retranslateUi();
    supervisor_->open();
    ensemble_->start();
    recipes_->start();
    watches_->start();
}

ClusterTab::~ClusterTab() {
    // Neither this tab nor its owner may hear of the session any more: a
    // running subtree operation stops sending (its task joins its worker when
    // the operations go), and the session closes before the children that
    // listen to it are destroyed.
    blockSignals(true);
    operations_->cancel();
    disconnect(operations_, nullptr, this, nullptr);
    disconnect(supervisor_, nullptr, this, nullptr);
    supervisor_->close();
    ensemble_->stop();
    recipes_->stop();
    watches_->stop();
    // The workload's session closes while the nodes still serve; then the
    // demo stops its workers and its nodes on its own thread (the GUI does
    // not wait; quitting does: MainWindow's destructor).
    delete workload_;
    if (demo_) demo_->shutDown();
}

void ClusterTab::setDemo(DemoEnsemble* demo) {
    demo_ = demo;
    demo->setParent(this);
    demoActions_ = new DemoCardActions(demo, dashboard_, ensemble_->timeline(), this);
    workload_ = new WorkloadPage(demo, ensemble_->timeline());
    pages_->addTab(workload_, QString());
    connect(demoActions_, &DemoCardActions::message, this, &ClusterTab::showMessage);
    connect(workload_, &WorkloadPage::message, this, &ClusterTab::showMessage);
    retranslateUi();
    pages_->setCurrentWidget(dashboard_);
}

void ClusterTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void ClusterTab::retranslateUi() {
    pages_->setTabText(pages_->indexOf(browser_), tr("Browser"));
    pages_->setTabText(pages_->indexOf(dashboard_), tr("Dashboard"));
    pages_->setTabText(pages_->indexOf(locksPage_), tr("Locks"));
    pages_->setTabText(pages_->indexOf(electionsPage_), tr("Elections"));
    pages_->setTabText(pages_->indexOf(partitionsPage_), tr("Partitions"));
    pages_->setTabText(pages_->indexOf(watchesPage_), tr("Watches"));
    pages_->setTabText(pages_->indexOf(console_), tr("Console"));
    if (workload_) pages_->setTabText(pages_->indexOf(workload_), tr("Workload"));
    emit titleChanged(title());
    emit statusChanged();  // the state's name is in the current language
}

ClusterStatus ClusterTab::status() const {
    ClusterStatus s = supervisor_->status();
    s.guarded = guard_->locked();
    return s;
}

QString ClusterTab::title() const {
    QString name = profile_.name;
    if (guard_->guarded())
        name = guard_->writesAllowed() ? tr("%1 (unlocked)").arg(profile_.name) : tr("%1 (read-only)").arg(profile_.name);
    const int alerts = ensemble_->model()->alertCount();
    return alerts > 0 ? tr("%1  ⚠ %2", "the tab title with the dashboard's alert count").arg(name).arg(alerts) : name;
}

QIcon ClusterTab::icon() const { return guard_->guarded() ? GuardBanner::lockIcon(guard_->locked()) : QIcon(); }

void ClusterTab::showMessage(const QString& text, bool error) {
    message_->setProperty("connection", false);
    message_->setText(text);
    message_->setStyleSheet(error ? "QLabel { background: #fdecea; color: #611a15; padding: 4px; border-radius: 4px; }"
                                  : "QLabel { background: #e8f4fd; color: #0d3c61; padding: 4px; border-radius: 4px; }");
    message_->setVisible(!text.isEmpty());
}

QString ClusterTab::message() const { return message_->isHidden() ? QString() : message_->text(); }

void ClusterTab::selectPath(const QString& path) {
    pages_->setCurrentWidget(browser_);
    browser_->selectPath(path);
}

void ClusterTab::setConfirmer(Confirmer confirmer) {
    if (confirmer) browser_->nodePanel()->setConfirmer(confirmer);
    else confirmer = [this](const QString& title, const QString& question) { return askWithMessageBox(title, question); };
    operations_->setConfirmer(confirmer);
    guardBanner_->setConfirmer(confirmer);
}

bool ClusterTab::askWithMessageBox(const QString& title, const QString& question) {
    QMessageBox box(QMessageBox::Warning, title, question, QMessageBox::Yes | QMessageBox::No, this);
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

}  // namespace zooscope::ui
