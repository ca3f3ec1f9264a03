#include "widgets/cluster_tab.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QInputDialog>
#include <QKeyEvent>
#include <QSaveFile>
#include <QHeaderView>
#include <QMenu>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPainter>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "models/admin_task_model.h"
#include "models/znode_filter_proxy.h"
#include "models/znode_tree_model.h"
#include "widgets/admin_dialogs.h"
#include "widgets/conflict_dialog.h"
#include "widgets/node_panel.h"
#include "zooscope/znode_path.h"

namespace zooscope::ui {

namespace {

constexpr int kFirstBackoffMs = 1000;
constexpr int kMaxBackoffMs = 30000;
constexpr int kLatencyEveryMs = 5000;
constexpr int kSrvrEveryMs = 60000;
// Paths named one by one in a confirmation or a result message.
constexpr int kListedPaths = 12;

// "a, b, c and 4 more" style lists, one path a line.
QString pathList(const QStringList& paths) {
    QStringList shown = paths.mid(0, kListedPaths);
    QString text = shown.join(QLatin1Char('\n'));
    if (paths.size() > kListedPaths)
        text += QLatin1Char('\n') + QCoreApplication::translate("zooscope::ui::ClusterTab", "... and %n more", nullptr,
                                                                int(paths.size() - kListedPaths));
    return text;
}

// A small padlock, drawn so it needs no emoji font or icon theme.
QIcon drawLock(bool locked) {
    QPixmap pm(32, 32);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    const QColor colour = locked ? QColor(0xb2, 0x6a, 0x00) : QColor(0x2e, 0x7d, 0x32);
    p.setPen(QPen(colour, 3.5));
    p.setBrush(Qt::NoBrush);
    if (locked) p.drawArc(QRectF(9, 3, 14, 16), 0, 180 * 16);
    else p.drawArc(QRectF(15, 1, 14, 16), 0, 180 * 16);
    p.drawLine(QPointF(9, 11), QPointF(9, 15));
    if (locked) p.drawLine(QPointF(23, 11), QPointF(23, 15));
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    p.drawRoundedRect(QRectF(5, 14, 22, 16), 3, 3);
    return QIcon(pm);
}

QFrame* banner(const QString& objectName, const QString& style) {
    auto* f = new QFrame;
    f->setObjectName(objectName);
    f->setStyleSheet(QStringLiteral("QFrame#%1 { %2 border-radius: 4px; }").arg(objectName, style));
    return f;
}

}  // namespace

ClusterTab::ClusterTab(const ConnectionProfile& profile, const QString& password, QWidget* parent)
    : QWidget(parent),
      profile_(profile),
      password_(password),
      adapter_(new ClientAdapter(this)),
      model_(new ZnodeTreeModel(adapter_, this)),
      proxy_(new ZnodeFilterProxy(this)),
      view_(new QTreeView),
      filter_(new QLineEdit),
      task_(new AdminTask(this)) {
    proxy_->setSourceModel(model_);
    connect(task_, &AdminTask::progress, this, [this](admin::Phase phase, quint64 done, quint64 total) {
        onAdminProgress(int(phase), done, total);
    });

    // Guard banner: visible for guarded profiles, says whether writes are possible.
    guardBanner_ = banner("guardBanner", "background: #fff3cd; color: #5c4400; border: 1px solid #e0c270;");
    guardLabel_ = new QLabel;
    guardLabel_->setWordWrap(true);
    guardButton_ = new QPushButton;
    auto* gl = new QHBoxLayout(guardBanner_);
    gl->setContentsMargins(8, 4, 8, 4);
    gl->addWidget(guardLabel_, 1);
    gl->addWidget(guardButton_);
    connect(guardButton_, &QPushButton::clicked, this, [this] {
        if (unlocked_) {
            lockWrites();
            return;
        }
        if (confirm(tr("Unlock writes"),
                    tr("%1 is marked as a guarded (production) cluster.\n\nAllow changes to it until this tab is "
                       "closed?")
                        .arg(profile_.name)))
            unlockWrites();
    });

    message_ = new QLabel;
    message_->setObjectName("tabMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();

    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &ZnodeFilterProxy::setNameFilter);

    // "Load all stats" bar: sorting a big level by a stat column needs every stat.
    loadAllBar_ = banner("loadAllBar", "background: palette(alternate-base); border: 1px solid palette(mid);");
    loadAllLabel_ = new QLabel;
    loadAllLabel_->setWordWrap(true);
    loadAllButton_ = new QPushButton;
    loadAllButton_->setObjectName("loadAllButton");
    loadAllProgress_ = new QProgressBar;
    loadAllProgress_->setObjectName("loadAllProgress");
    loadAllProgress_->setMaximumWidth(200);
    loadAllProgress_->hide();
    auto* ll = new QHBoxLayout(loadAllBar_);
    ll->setContentsMargins(8, 4, 8, 4);
    ll->addWidget(loadAllLabel_, 1);
    ll->addWidget(loadAllProgress_);
    ll->addWidget(loadAllButton_);
    loadAllBar_->hide();
    connect(loadAllButton_, &QPushButton::clicked, this, [this] {
        const QModelIndex parent = model_->indexOf(loadAllPath_);
        if (!parent.isValid()) return;
        if (!loadAllProgress_->isHidden()) {
            model_->cancelLoadAllStats(parent);
            loadAllProgress_->hide();
            loadAllButton_->setText(tr("Load all stats"));
            return;
        }
        loadAllProgress_->setRange(0, 0);
        loadAllProgress_->show();
        loadAllButton_->setText(tr("Cancel"));
        model_->loadAllStats(parent);
    });
    connect(model_, &ZnodeTreeModel::statsProgress, this, [this](const QString& path, int done, int total) {
        if (path != loadAllPath_) return;
        loadAllProgress_->setRange(0, total);
        loadAllProgress_->setValue(done);
    });
    connect(model_, &ZnodeTreeModel::levelStatsComplete, this, [this](const QString& path) {
        if (path == loadAllPath_) {
            loadAllBar_->hide();
            loadAllProgress_->hide();
            loadAllButton_->setText(tr("Load all stats"));
        }
    });

    view_->setModel(proxy_);
    view_->setUniformRowHeights(true);
    view_->setSortingEnabled(true);
    view_->sortByColumn(ZnodeTreeModel::NameColumn, Qt::AscendingOrder);
    view_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view_->setAlternatingRowColors(true);
    // Fixed widths from the font (ResizeToContents would measure rows, which
    // a level of 200,000 children cannot afford). The ephemeral owner is in
    // the Stat tab; its column is hidden so the names keep their room.
    QHeaderView* header = view_->header();
    header->setStretchLastSection(true);
    header->setMinimumSectionSize(40);
    header->setSectionResizeMode(QHeaderView::Interactive);
    const QFontMetrics fm = view_->fontMetrics();
    const auto fit = [&](int column) {
        const QString title = model_->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column, fm.horizontalAdvance(title) + 28);
    };
    header->resizeSection(ZnodeTreeModel::NameColumn, fm.horizontalAdvance(QLatin1Char('x')) * 34);
    fit(ZnodeTreeModel::ChildrenColumn);
    fit(ZnodeTreeModel::DataLengthColumn);
    fit(ZnodeTreeModel::VersionColumn);
    header->resizeSection(ZnodeTreeModel::ModifiedColumn, fm.horizontalAdvance(QStringLiteral("2026-11-25 00:00:00")) + 16);
    header->setSectionHidden(ZnodeTreeModel::OwnerColumn, true);
    connect(view_->header(), &QHeaderView::sortIndicatorChanged, this, &ClusterTab::onSortChanged);
    connect(view_, &QTreeView::expanded, this, [this](const QModelIndex& i) {
        model_->setExpanded(proxy_->mapToSource(i), true);
        statsTimer_.start();
        if (i == view_->currentIndex()) updateLoadAllBar();
    });
    connect(view_, &QTreeView::collapsed, this, [this](const QModelIndex& i) {
        model_->setExpanded(proxy_->mapToSource(i), false);
        statsTimer_.start();  // its rows left the screen: their watches go
        if (i == view_->currentIndex()) updateLoadAllBar();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });

    // Stats only for rows on screen: debounce scrolling and row changes.
    statsTimer_.setSingleShot(true);
    statsTimer_.setInterval(40);
    connect(&statsTimer_, &QTimer::timeout, this, &ClusterTab::requestVisibleStats);
    connect(view_->verticalScrollBar(), &QScrollBar::valueChanged, &statsTimer_, qOverload<>(&QTimer::start));
    // The range moves when the viewport is resized: other rows come on screen.
    connect(view_->verticalScrollBar(), &QScrollBar::rangeChanged, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::rowsInserted, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::rowsRemoved, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::layoutChanged, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::modelReset, &statsTimer_, qOverload<>(&QTimer::start));

    connect(model_, &ZnodeTreeModel::listed, this, [this](const QString& path) {
        // The level in view may have changed (the expanded current node got
        // its children, a level grew past the automatic stats limit).
        updateLoadAllBar();
        if (path == QLatin1String("/") && !rootListedOnce_) {
            rootListedOnce_ = true;
            view_->expand(proxy_->index(0, 0));
            emit rootListed();
        }
    });
    connect(model_, &ZnodeTreeModel::operationFailed, this,
            [this](const QString&, const QString& error) { showMessage(error, true); });

    panel_ = new NodePanel;
    panel_->setSource(std::make_shared<AdapterNodeSource>(adapter_));
    panel_->setReadOnly(!writesAllowed());
    connect(panel_, &NodePanel::nodeCreated, this, &ClusterTab::refreshParentOf);
    connect(model_, &ZnodeTreeModel::shownNodeDeleted, this, [this](const QString& path) {
        showMessage(tr("%1 was deleted on the server.").arg(path), true);
    });

    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, &ClusterTab::showContextMenu);
    // Delete / Shift+Delete on the tree only (a window-wide shortcut would
    // steal the key from the data editor).
    view_->installEventFilter(this);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(filter_);
    leftLayout->addWidget(loadAllBar_);
    leftLayout->addWidget(view_, 1);

    splitter_ = new QSplitter(Qt::Horizontal);
    splitter_->addWidget(left);
    splitter_->addWidget(panel_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({620, 560});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(guardBanner_);
    layout->addWidget(message_);
    layout->addWidget(splitter_, 1);

    connect(adapter_, &ClientAdapter::stateChanged, this, &ClusterTab::onState);
    reconnectTimer_.setSingleShot(true);
    connect(&reconnectTimer_, &QTimer::timeout, this, &ClusterTab::connectSession);
    stableTimer_.setSingleShot(true);
    stableTimer_.setInterval(kStableSessionMs);
    connect(&stableTimer_, &QTimer::timeout, this, [this] { reconnectDelayMs_ = 0; });
    latencyTimer_.setInterval(kLatencyEveryMs);
    connect(&latencyTimer_, &QTimer::timeout, this, &ClusterTab::probeLatency);
    srvrTimer_.setInterval(kSrvrEveryMs);
    connect(&srvrTimer_, &QTimer::timeout, this, &ClusterTab::probeServer);

    status_.guarded = guarded();
    retranslateUi();
    connectSession();
}

ClusterTab::~ClusterTab() {
    // The model and the adapter are children; close first so no result of
    // this session reaches a half-destroyed tab. close() reports Closed
    // synchronously: neither this tab nor its owner may hear it any more.
    // A running subtree operation stops sending; the task (a child created
    // after the adapter, so destroyed after it) joins its worker.
    blockSignals(true);
    task_->cancel();
    disconnect(task_, nullptr, this, nullptr);
    disconnect(adapter_, nullptr, this, nullptr);
    reconnectTimer_.stop();
    adapter_->close();
}

void ClusterTab::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void ClusterTab::retranslateUi() {
    filter_->setPlaceholderText(tr("Filter loaded nodes by name"));
    loadAllButton_->setText(!loadAllProgress_->isHidden() ? tr("Cancel") : tr("Load all stats"));
    status_.state = stateText(lastState_);
    updateGuardBanner();  // banner texts, title, status
}

bool ClusterTab::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Delete && !(key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier))) {
            if (key->modifiers() & Qt::ShiftModifier) {
                if (!currentPath().isEmpty()) deleteRecursive(currentPath());
            } else {
                deleteNodes(selectedPaths());
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

QString ClusterTab::title() const {
    if (!guarded()) return profile_.name;
    return unlocked_ ? tr("%1 (unlocked)").arg(profile_.name) : tr("%1 (read-only)").arg(profile_.name);
}

QIcon ClusterTab::icon() const {
    if (!guarded()) return {};
    return lockIcon(!unlocked_);
}

QIcon ClusterTab::lockIcon(bool locked) {
    static const QIcon closed = drawLock(true);
    static const QIcon open = drawLock(false);
    return locked ? closed : open;
}

void ClusterTab::connectSession() {
    QString error;
    spdlog::info("opening {} ({})", profile_.name.toStdString(), profile_.connectString().toStdString());
    if (!adapter_->open(toClientOptions(profile_, password_), &error)) {
        status_.state = tr("Not connected");
        status_.healthy = false;
        status_.terminal = true;
        showMessage(tr("Cannot connect to %1: %2").arg(profile_.name, error), true);
        emit statusChanged();
    }
}

void ClusterTab::onState(ClientAdapter::State state) {
    using S = ClientAdapter::State;
    lastState_ = state;
    status_.state = stateText(state);
    status_.healthy = adapter_->isConnected();
    status_.terminal = state == S::Expired || state == S::AuthFailed || state == S::Closed;
    status_.sessionId = adapter_->sessionId();
    status_.server = adapter_->currentServer();
    spdlog::info("{}: session {} {}", profile_.name.toStdString(),
                 ClusterStatusBar::sessionIdText(status_.sessionId).toStdString(),
                 ClientAdapter::stateName(state).toStdString());

    if (adapter_->isConnected()) {
        if (!stableTimer_.isActive()) stableTimer_.start();
        if (message_->property("connection").toBool()) message_->hide();
        // Expanding "/" makes the view fetch it (one getChildren2) and the
        // model keep its child watch.
        if (proxy_->rowCount() > 0) view_->expand(proxy_->index(0, 0));
        probeServer();
        probeLatency();
        latencyTimer_.start();
        srvrTimer_.start();
    } else {
        stableTimer_.stop();
        latencyTimer_.stop();
        status_.latencyMs = -1;
    }
    if (state == S::Suspended) {
        showMessage(tr("The connection to %1 was lost. Reconnecting; the session survives if it comes back "
                       "within the session timeout. Until then the tree shows what was loaded before and may be "
                       "out of date.")
                        .arg(profile_.name),
                    true);
        message_->setProperty("connection", true);
    } else if (state == S::Expired) {
        scheduleReconnect();
    } else if (state == S::AuthFailed) {
        showMessage(tr("The server refused the credentials of %1. Edit the profile's digest user or password "
                       "and open it again.")
                        .arg(profile_.name),
                    true);
    }
    emit statusChanged();
}

QString ClusterTab::stateText(ClientAdapter::State state) const {
    using S = ClientAdapter::State;
    switch (state) {
        case S::Disconnected: return tr("Disconnected");
        case S::Connecting: return tr("Connecting");
        case S::Connected: return tr("Connected");
        case S::Suspended: return tr("Connection lost, reconnecting");
        case S::Reconnected: return tr("Reconnected");
        case S::Expired: return tr("Session expired");
        case S::AuthFailed: return tr("Authentication failed");
        case S::Closed: return tr("Closed");
    }
    return {};
}

int ClusterTab::nextReconnectDelayMs(int previousMs) {
    return previousMs <= 0 ? kFirstBackoffMs : std::min(previousMs * 2, kMaxBackoffMs);
}

void ClusterTab::scheduleReconnect() {
    reconnectDelayMs_ = nextReconnectDelayMs(reconnectDelayMs_);
    showMessage(tr("The session expired (ephemeral nodes and watches of this session are gone). "
                   "Opening a new session in %n second(s).",
                   nullptr, reconnectDelayMs_ / 1000),
                true);
    message_->setProperty("connection", true);
    spdlog::warn("{}: session expired; reconnecting in {} ms", profile_.name.toStdString(), reconnectDelayMs_);
    reconnectTimer_.start(reconnectDelayMs_);
}

void ClusterTab::probeServer() {
    QPointer<ClusterTab> self(this);
    adapter_->fourLetterWord(QStringLiteral("srvr"), [self](FourLetterReply reply) {
        if (!self) return;
        if (reply.refused) {
            self->status_.srvrError.clear();
            self->status_.srvr = SrvrInfo{};
            self->status_.srvr.answered = true;
            self->status_.srvr.whitelisted = false;
        } else if (!reply.error.isEmpty()) {
            self->status_.srvrError = reply.error;
            self->status_.srvr = SrvrInfo{};
        } else {
            self->status_.srvrError.clear();
            self->status_.srvr = parseSrvr(reply.text);
        }
        emit self->statusChanged();
    });
}

void ClusterTab::probeLatency() {
    QPointer<ClusterTab> self(this);
    adapter_->measureLatency([self](qint64 ms) {
        if (!self) return;
        self->status_.latencyMs = ms;
        self->status_.server = self->adapter_->currentServer();
        emit self->statusChanged();
    });
}

bool ClusterTab::checkWrite(const QString& action) {
    if (writesAllowed()) return true;
    showMessage(tr("Refused: %1. %2 is read-only guarded; use \"Unlock writes\" above to allow changes for this "
                   "session.")
                    .arg(action, profile_.name),
                true);
    spdlog::info("{}: write refused by the read-only guard: {}", profile_.name.toStdString(), action.toStdString());
    return false;
}

void ClusterTab::unlockWrites() {
    if (!guarded() || unlocked_) return;
    unlocked_ = true;
    spdlog::warn("{}: writes unlocked for this session", profile_.name.toStdString());
    updateGuardBanner();
}

void ClusterTab::lockWrites() {
    if (!guarded() || !unlocked_) return;
    unlocked_ = false;
    updateGuardBanner();
}

void ClusterTab::updateGuardBanner() {
    guardBanner_->setVisible(guarded());
    if (unlocked_) {
        guardLabel_->setText(tr("<b>Writes unlocked</b> for this session on a guarded cluster. Changes go to the "
                                "server."));
        guardButton_->setText(tr("Lock again"));
        guardBanner_->setStyleSheet(
            "QFrame#guardBanner { background: #fde2e1; color: #6b1512; border: 1px solid #e6a19c; border-radius: 4px; }");
    } else {
        guardLabel_->setText(tr("<b>Read-only guard:</b> this cluster refuses every write until you unlock it for "
                                "this session."));
        guardButton_->setText(tr("Unlock writes"));
        guardBanner_->setStyleSheet(
            "QFrame#guardBanner { background: #fff3cd; color: #5c4400; border: 1px solid #e0c270; border-radius: 4px; }");
    }
    status_.guarded = guarded() && !unlocked_;
    if (panel_) panel_->setReadOnly(!writesAllowed());
    emit titleChanged(title());
    emit statusChanged();
}

void ClusterTab::showMessage(const QString& text, bool error) {
    message_->setProperty("connection", false);
    message_->setText(text);
    message_->setStyleSheet(error ? "QLabel { background: #fdecea; color: #611a15; padding: 4px; border-radius: 4px; }"
                                  : "QLabel { background: #e8f4fd; color: #0d3c61; padding: 4px; border-radius: 4px; }");
    message_->setVisible(!text.isEmpty());
}

QString ClusterTab::message() const { return message_->isHidden() ? QString() : message_->text(); }

void ClusterTab::selectPath(const QString& path) {
    const QModelIndex src = model_->indexOf(path);
    if (!src.isValid()) return;
    const QModelIndex idx = proxy_->mapFromSource(src);
    view_->setCurrentIndex(idx);
    view_->scrollTo(idx);
}

QStringList ClusterTab::selectedPaths() const {
    QStringList paths;
    for (const QModelIndex& i : view_->selectionModel()->selectedRows(0)) paths << model_->pathOf(proxy_->mapToSource(i));
    return paths;
}

QString ClusterTab::currentPath() const { return model_->pathOf(proxy_->mapToSource(view_->currentIndex())); }

void ClusterTab::setConfirmer(Confirmer confirmer) {
    confirmer_ = std::move(confirmer);
    panel_->setConfirmer(confirmer_);
}

bool ClusterTab::confirm(const QString& title, const QString& question) {
    if (confirmer_) return confirmer_(title, question);
    QMessageBox box(QMessageBox::Warning, title, question, QMessageBox::Yes | QMessageBox::No, this);
    box.setDefaultButton(QMessageBox::No);
    return box.exec() == QMessageBox::Yes;
}

void ClusterTab::showContextMenu(const QPoint& pos) {
    const QModelIndex at = view_->indexAt(pos);
    const QString path = model_->pathOf(proxy_->mapToSource(at));
    QMenu menu(this);
    if (!path.isEmpty()) {
        menu.addAction(tr("Copy path"), this, [path] { QApplication::clipboard()->setText(path); });
        menu.addAction(tr("Refresh"), this, [this, at] { model_->refresh(proxy_->mapToSource(at)); });
        menu.addSeparator();
        menu.addAction(tr("New child node..."), this, [this, at] {
            view_->setCurrentIndex(at);
            if (checkWrite(tr("create a node"))) panel_->openCreateDialog();
        });
        const QStringList selected = selectedPaths();
        const QStringList paths = selected.contains(path) ? selected : QStringList{path};
        // The key is handled by the tree (eventFilter); the text only shows it.
        menu.addAction((paths.size() == 1 ? tr("Delete") : tr("Delete %n nodes", nullptr, int(paths.size()))) +
                           QStringLiteral("\t") + QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText),
                       this, [this, paths] { deleteNodes(paths); });
        menu.addAction(tr("Delete recursively...") + QStringLiteral("\t") +
                           QKeySequence(Qt::SHIFT | Qt::Key_Delete).toString(QKeySequence::NativeText),
                       this, [this, path] { deleteRecursive(path); });
        menu.addSeparator();
        menu.addAction(tr("Export subtree..."), this, [this, path] { exportSubtreeInteractive(path); });
        menu.addAction(tr("Import into this node..."), this, [this, path] { importInteractive(path); });
        menu.addAction(tr("Compare with..."), this, [this, path] { emit compareRequested(path); });
    }
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

// ---------------------------------------------------------------- subtree operations

bool ClusterTab::adminBusy() const { return task_->isRunning(); }

AdminProgressDialog* ClusterTab::progressDialog() const { return progress_; }

ImportPreviewDialog* ClusterTab::importPreviewDialog() const { return previewDialog_; }

AdminResultDialog* ClusterTab::resultDialog() const { return resultDialog_; }

bool ClusterTab::adminReady(const QString& action, bool write) {
    if (write && !checkWrite(action)) {
        emit adminFinished(message(), false);
        return false;
    }
    if (task_->isRunning()) {
        finishAdmin(tr("Not started: %1. Another operation is still running in this tab; wait for it or cancel it.")
                        .arg(action),
                    false);
        return false;
    }
    if (!adapter_->clientShared()) {
        finishAdmin(tr("Not started: %1. There is no session with %2.").arg(action, profile_.name), false);
        return false;
    }
    return true;
}

void ClusterTab::finishAdmin(const QString& summary, bool ok) {
    showMessage(summary, !ok);
    spdlog::info("{}: {}", profile_.name.toStdString(), summary.toStdString());
    emit adminFinished(summary, ok);
}

void ClusterTab::notStarted(const std::shared_ptr<QMetaObject::Connection>& pending) {
    // adminReady() checked the usual reasons; this is the rest (the session
    // went away in between).
    disconnect(*pending);
    endProgress();
    finishAdmin(tr("The operation could not start: there is no session with %1.").arg(profile_.name), false);
}

void ClusterTab::startProgress(const QString& title) {
    endProgress();
    auto* dialog = new AdminProgressDialog(title, this);
    // Cancelling stops new requests; those in flight finish, and the report
    // that follows says exactly what was done.
    connect(dialog, &AdminProgressDialog::canceled, task_, &AdminTask::cancel);
    progress_ = dialog;
    dialog->show();
}

void ClusterTab::onAdminProgress(int phase, quint64 done, quint64 total) {
    if (progress_) progress_->setProgress(AdminTask::phaseText(admin::Phase(phase)), done, total);
}

void ClusterTab::endProgress() {
    if (!progress_) return;
    progress_->disconnect(task_);
    progress_->close();
    progress_->deleteLater();
    progress_ = nullptr;
}

void ClusterTab::refreshParentOf(const QString& path) {
    const std::string utf8 = path.toStdString();
    const QModelIndex p = model_->indexOf(QString::fromUtf8(parentOf(utf8)));
    if (p.isValid()) model_->refresh(p);
}

AdminResultDialog* ClusterTab::showResultDialog() {
    if (!resultDialog_) {
        resultDialog_ = new AdminResultDialog(this);
        resultDialog_->setAttribute(Qt::WA_DeleteOnClose);
    }
    resultDialog_->show();
    resultDialog_->raise();
    return resultDialog_;
}

void ClusterTab::deleteNodes(const QStringList& paths) {
    if (paths.isEmpty()) return;
    const int n = int(paths.size());
    if (!adminReady(tr("delete %n node(s)", nullptr, n), true)) return;
    const QString question = n == 1 ? tr("Delete %1?\n\nOnly this node; one that has children is not deleted.")
                                          .arg(paths.first())
                                    : tr("Delete these %n nodes?\n\n%1\n\nOnly the nodes themselves; those that have "
                                         "children are not deleted.",
                                         nullptr, n)
                                          .arg(pathList(paths));
    if (!confirm(n == 1 ? tr("Delete node") : tr("Delete %n nodes", nullptr, n), question)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::batchDeleteFinished, this,
                    [this, conn](std::shared_ptr<const std::vector<admin::PathResult>> results) {
                        disconnect(*conn);
                        QStringList deleted, problems;
                        for (const auto& r : *results) {
                            const QString path = QString::fromStdString(r.path);
                            if (r.deleted()) {
                                deleted << path;
                                refreshParentOf(path);
                            } else if (!r.attempted && r.err == proto::Err::Ok) {
                                problems << tr("%1: not deleted, the operation was cancelled first.").arg(path);
                            } else if (!r.attempted) {
                                problems << tr("%1: refused, this node is protected or the path is invalid (%2).")
                                                .arg(path, QString::fromStdString(r.message));
                            } else if (r.err == proto::Err::NotEmpty) {
                                problems << tr("%1 has children: use \"Delete recursively\" to remove it with "
                                               "everything below it.")
                                                .arg(path);
                            } else if (r.err == proto::Err::NoNode) {
                                problems << tr("%1 was already gone (another client deleted it).").arg(path);
                            } else {
                                problems << describeNodeError(r.err, client::Operation::Delete, path,
                                                              QString::fromStdString(r.message));
                            }
                        }
                        const int total = int(results->size());
                        QString summary;
                        if (problems.isEmpty())
                            summary = total == 1 ? tr("Deleted %1.").arg(deleted.first())
                                                 : tr("Deleted %n nodes:", nullptr, total) + QLatin1Char('\n') +
                                                       pathList(deleted);
                        else
                            summary = tr("Deleted %1 of %n node(s).", nullptr, total).arg(deleted.size()) +
                                      QLatin1Char('\n') + pathList(problems);
                        finishAdmin(summary, problems.isEmpty());
                    });
    if (!task_->startBatchDelete(adapter_->clientShared(), paths)) notStarted(conn);
}

void ClusterTab::deleteRecursive(const QString& path) {
    if (path.isEmpty()) return;
    if (!adminReady(tr("delete %1 recursively").arg(path), true)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::planReady, this, [this, conn](std::shared_ptr<const admin::DeletePlan> plan) {
        disconnect(*conn);
        endProgress();
        onPlanReady(std::move(plan));
    });
    startProgress(tr("Counting the nodes below %1").arg(path));
    if (!task_->startPlanDelete(adapter_->clientShared(), path)) notStarted(conn);
}

void ClusterTab::onPlanReady(std::shared_ptr<const admin::DeletePlan> plan) {
    const QString root = QString::fromStdString(plan->root);
    if (!plan->refused.empty()) {
        finishAdmin(tr("%1 cannot be deleted recursively: %2").arg(root, QString::fromStdString(plan->refused)), false);
        return;
    }
    if (plan->cancelled) {
        finishAdmin(tr("Recursive delete of %1 cancelled while counting; nothing was deleted.").arg(root), false);
        return;
    }
    const int count = int(plan->count());
    QStringList sample;
    for (const auto& p : plan->sample) sample << QString::fromStdString(p);
    QString question = tr("Delete %1 and everything below it?\n\nThis removes %n node(s) (counted just now), for "
                          "example:",
                          nullptr, count)
                           .arg(root) +
                       QLatin1Char('\n') + sample.join(QLatin1Char('\n'));
    if (plan->count() > uint64_t(sample.size()))
        question += QLatin1Char('\n') +
                    tr("... and %n more", nullptr, int(plan->count() - uint64_t(sample.size())));
    if (!plan->errors.empty())
        question += QStringLiteral("\n\n") +
                    tr("%n node(s) below could not be listed (%1); they and their parents will be left.", nullptr,
                       int(plan->errors.size()))
                        .arg(QString::fromStdString(plan->errors.front().message));
    question += QStringLiteral("\n\n") + tr("Nodes created meanwhile below it are deleted too. This cannot be undone.");
    if (!confirm(tr("Delete %n node(s) recursively", nullptr, count), question)) {
        finishAdmin(tr("Recursive delete of %1 not confirmed; nothing was deleted.").arg(root), true);
        return;
    }
    if (!adminReady(tr("delete %1 recursively").arg(root), true)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::deleteFinished, this,
                    [this, conn, root](std::shared_ptr<const admin::DeleteReport> report) {
                        disconnect(*conn);
                        endProgress();
                        refreshParentOf(root);
                        const int deleted = int(report->deleted.size());
                        const quint64 left = report->planned > report->deleted.size() + report->vanished
                                                 ? report->planned - report->deleted.size() - report->vanished
                                                 : 0;
                        QString summary;
                        if (report->cancelled)
                            summary = tr("Recursive delete of %1 cancelled: %2 of %3 node(s) deleted, %4 left.")
                                          .arg(root)
                                          .arg(deleted)
                                          .arg(report->planned)
                                          .arg(left);
                        else if (report->errors.empty())
                            summary = tr("Deleted %1 and everything below it: %n node(s).", nullptr, deleted).arg(root);
                        else
                            summary = tr("Deleted %2 of %3 node(s) under %1; %n could not be deleted.", nullptr,
                                         int(report->errors.size()))
                                          .arg(root)
                                          .arg(deleted)
                                          .arg(report->planned);
                        if (report->vanished > 0)
                            summary += QLatin1Char(' ') + tr("%n node(s) were already gone (deleted by another "
                                                             "client).",
                                                             nullptr, int(report->vanished));
                        if (!report->retried.empty())
                            summary += QLatin1Char(' ') + tr("%n subtree(s) gained children meanwhile and were "
                                                             "listed again.",
                                                             nullptr, int(report->retried.size()));
                        if (!report->errors.empty())
                            showResultDialog()->showErrors(tr("Recursive delete"), summary, report->errors);
                        finishAdmin(summary, report->complete());
                    });
    startProgress(tr("Deleting %1").arg(root));
    if (!task_->startDelete(adapter_->clientShared(), std::move(plan))) notStarted(conn);
}

void ClusterTab::exportSubtree(const QString& path, const QString& file, const admin::ExportOptions& options) {
    if (path.isEmpty() || file.isEmpty()) return;
    if (!adminReady(tr("export %1").arg(path), false)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::exportFinished, this,
                    [this, conn, path, file, options](std::shared_ptr<const admin::Snapshot> snap, QByteArray json) {
                        disconnect(*conn);
                        endProgress();
                        // The hidden modes are known here (the adapter lives on
                        // this thread), once the subtree's paths are: the
                        // file is written again only when a hint applies.
                        const admin::ModeHints hints = snap->cancelled ? admin::ModeHints{} : knownModeHints(*snap);
                        if (!hints.empty()) {
                            auto annotated = std::make_shared<admin::Snapshot>(*snap);
                            for (auto& node : annotated->nodes) {
                                const auto h = hints.find(node.path);
                                if (h == hints.end()) continue;
                                node.mode = h->second.mode;
                                node.ttlMs = h->second.mode == admin::NodeMode::Ttl ? h->second.ttlMs : 0;
                                node.modeAnnotated = true;
                            }
                            json = QByteArray::fromStdString(admin::toJson(*annotated, options));
                            snap = std::move(annotated);
                        }
                        if (snap->cancelled) {
                            finishAdmin(tr("Export of %1 cancelled; no file was written.").arg(path), false);
                            return;
                        }
                        if (snap->nodes.empty()) {
                            const QString why = snap->errors.empty()
                                                    ? QString()
                                                    : QString::fromStdString(snap->errors.front().message);
                            finishAdmin(tr("Nothing exported: %1 could not be read. %2").arg(path, why), false);
                            return;
                        }
                        QSaveFile out(file);
                        if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit()) {
                            finishAdmin(tr("Cannot write %1: %2").arg(file, out.errorString()), false);
                            return;
                        }
                        QString summary = tr("Exported %n node(s) under %1 to %2.", nullptr, int(snap->nodes.size()))
                                              .arg(path, file);
                        if (!hints.empty())
                            summary += QLatin1Char(' ') + tr("%n container or TTL node(s) created in this session "
                                                             "are marked with their mode (the server does not "
                                                             "report it).",
                                                             nullptr, int(hints.size()));
                        if (!snap->errors.empty()) {
                            summary += QLatin1Char(' ') + tr("%n node(s) could not be read and are missing from the "
                                                             "file (it lists them as unreadable).",
                                                             nullptr, int(snap->errors.size()));
                            showResultDialog()->showErrors(tr("Export"), summary, snap->errors);
                        }
                        finishAdmin(summary, snap->errors.empty());
                    });
    startProgress(tr("Exporting %1").arg(path));
    if (!task_->startExport(adapter_->clientShared(), path, {}, options)) notStarted(conn);
}

admin::ModeHints ClusterTab::knownModeHints(const admin::Snapshot& snapshot) const {
    admin::ModeHints hints;
    if (!adapter_->hasKnownCreateModes()) return hints;
    for (const auto& node : snapshot.nodes) {
        // A mode the server reported (ephemeral, or a raw container/TTL
        // owner) wins, as in admin::readSubtree.
        if (node.mode != admin::NodeMode::Persistent || node.modeAnnotated) continue;
        const QString path = QString::fromStdString(node.path);
        const auto mode = adapter_->knownCreateMode(path);
        if (!mode) continue;
        if (*mode == proto::CreateMode::Container) {
            hints[node.path] = admin::ModeHint{admin::NodeMode::Container, 0};
        } else if (proto::isTtl(*mode)) {
            hints[node.path] = admin::ModeHint{admin::NodeMode::Ttl, adapter_->knownTtlMs(path)};
        }
    }
    return hints;
}


std::shared_ptr<const admin::Snapshot> ClusterTab::readExportFile(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        finishAdmin(tr("Cannot read %1: %2").arg(file, in.errorString()), false);
        return nullptr;
    }
    QString error;
    auto snapshot = AdminTask::parseExportFile(in.readAll(), &error);
    if (!snapshot) finishAdmin(error, false);
    return snapshot;
}

void ClusterTab::importFile(const QString& file, const QString& target) {
    if (file.isEmpty() || target.isEmpty()) return;
    if (!adminReady(tr("import into %1").arg(target), true)) return;
    if (auto snapshot = readExportFile(file)) importSnapshot(std::move(snapshot), file, target);
}

void ClusterTab::importSnapshot(std::shared_ptr<const admin::Snapshot> snapshot, const QString& file,
                                const QString& target) {
    if (!adminReady(tr("import into %1").arg(target), true)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::previewReady, this,
                    [this, conn, snapshot, file, target](std::shared_ptr<const admin::ImportPreview> preview) {
                        disconnect(*conn);
                        endProgress();
                        if (!preview->refused.empty()) {
                            finishAdmin(tr("Cannot import into %1: %2")
                                            .arg(target, QString::fromStdString(preview->refused)),
                                        false);
                            return;
                        }
                        if (preview->cancelled) {
                            finishAdmin(tr("Import preview cancelled; nothing was written."), false);
                            return;
                        }
                        if (previewDialog_) previewDialog_->deleteLater();
                        auto* dialog = new ImportPreviewDialog(preview, file, this);
                        dialog->setAttribute(Qt::WA_DeleteOnClose);
                        previewDialog_ = dialog;
                        connect(dialog, &QDialog::rejected, this, [this, target] {
                            finishAdmin(tr("Import into %1 not applied; nothing was written.").arg(target), true);
                        });
                        connect(dialog, &QDialog::accepted, this, [this, dialog, snapshot, preview, target] {
                            const admin::ImportOptions options = dialog->options();
                            if (!adminReady(tr("import into %1").arg(target), true)) return;
                            auto done = std::make_shared<QMetaObject::Connection>();
                            *done = connect(task_, &AdminTask::importFinished, this,
                                            [this, done, target](std::shared_ptr<const admin::ImportReport> r) {
                                                disconnect(*done);
                                                endProgress();
                                                refreshParentOf(target);
                                                QString summary =
                                                    tr("Imported into %1: %2 created, %3 updated, %4 unchanged, %5 "
                                                       "skipped, %6 in conflict (not written).")
                                                        .arg(target)
                                                        .arg(r->created + r->parentsCreated)
                                                        .arg(r->updated)
                                                        .arg(r->unchanged)
                                                        .arg(r->skipped)
                                                        .arg(r->conflicts);
                                                if (r->cancelled)
                                                    summary = tr("Import cancelled.") + QLatin1Char(' ') + summary;
                                                if (!r->errors.empty()) {
                                                    summary += QLatin1Char(' ') +
                                                               tr("%n request(s) failed.", nullptr, int(r->errors.size()));
                                                    showResultDialog()->showErrors(tr("Import"), summary, r->errors);
                                                }
                                                finishAdmin(summary, r->complete());
                                            });
                            startProgress(tr("Importing into %1").arg(target));
                            if (!task_->startApplyImport(adapter_->clientShared(), snapshot, preview, options))
                                notStarted(done);
                        });
                        dialog->setWindowModality(Qt::WindowModal);
                        dialog->show();
                    });
    startProgress(tr("Previewing the import into %1").arg(target));
    if (!task_->startPreviewImport(adapter_->clientShared(), snapshot, target)) notStarted(conn);
}

void ClusterTab::compareWith(const QString& path, ClusterTab* other, const QString& otherPath) {
    if (path.isEmpty() || otherPath.isEmpty()) return;
    if (!other) other = this;
    if (!adminReady(tr("compare %1").arg(path), false)) return;
    auto right = other->adapter()->clientShared();
    const QString leftName = tr("%1 on %2").arg(path, profile_.name);
    const QString rightName = tr("%1 on %2").arg(otherPath, other->profile().name);
    if (!right) {
        finishAdmin(tr("Not started: compare %1. There is no session with %2.").arg(path, other->profile().name),
                    false);
        return;
    }
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::compareFinished, this,
                    [this, conn, leftName, rightName](std::shared_ptr<const admin::CompareResult> r) {
                        disconnect(*conn);
                        endProgress();
                        QString summary;
                        if (r->cancelled)
                            summary = tr("Comparison cancelled.");
                        else if (r->identical())
                            summary = tr("%1 and %2 are identical: %n node(s) each, same data, ACLs and modes.",
                                         nullptr, int(r->leftCount))
                                          .arg(leftName, rightName);
                        else
                            summary = tr("%1 (%2 nodes) and %3 (%4 nodes) differ in %n place(s).", nullptr,
                                         int(r->differences.size()))
                                          .arg(leftName)
                                          .arg(r->leftCount)
                                          .arg(rightName)
                                          .arg(r->rightCount);
                        if (!r->errors.empty())
                            summary += QLatin1Char(' ') + tr("%n node(s) could not be read, so the comparison is "
                                                             "incomplete.",
                                                             nullptr, int(r->errors.size()));
                        if (!r->cancelled) showResultDialog()->showComparison(tr("Comparison"), summary, *r);
                        finishAdmin(summary, r->identical());
                    });
    startProgress(tr("Comparing %1 with %2").arg(leftName, rightName));
    if (!task_->startCompare(adapter_->clientShared(), path, std::move(right), otherPath)) notStarted(conn);
}

void ClusterTab::exportSubtreeInteractive(const QString& path) {
    if (path.isEmpty()) return;
    QString name = path == QLatin1String("/") ? QStringLiteral("root") : path.mid(1);
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    const QString file = QFileDialog::getSaveFileName(this, tr("Export %1").arg(path),
                                                      QStringLiteral("%1.zooscope.json").arg(name),
                                                      tr("ZooScope export (*.json);;All files (*)"));
    if (!file.isEmpty()) exportSubtree(path, file);
}

void ClusterTab::importInteractive(const QString& target) {
    const QString at = target.isEmpty() ? QStringLiteral("/") : target;
    // Refuse before asking for anything on a guarded cluster.
    if (!adminReady(tr("import into %1").arg(at), true)) return;
    const QString file = QFileDialog::getOpenFileName(this, tr("Import a subtree"), QString(),
                                                      tr("ZooScope export (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    auto snapshot = readExportFile(file);
    if (!snapshot) return;
    // The exported root lands below the chosen node under its own name.
    const QString rootName = QString::fromStdString(snapshot->root).section(QLatin1Char('/'), -1);
    QString proposal = at;
    if (!rootName.isEmpty()) proposal = (at == QLatin1String("/") ? QString() : at) + QLatin1Char('/') + rootName;
    bool ok = false;
    const QString into = QInputDialog::getText(
        this, tr("Import a subtree"),
        tr("The exported root %1 becomes this path (missing parents are created). A preview follows; nothing is "
           "written yet.")
            .arg(QString::fromStdString(snapshot->root)),
        QLineEdit::Normal, proposal, &ok);
    if (ok && !into.trimmed().isEmpty()) importSnapshot(std::move(snapshot), file, into.trimmed());
}

void ClusterTab::requestVisibleStats() {
    const QRect vp = view_->viewport()->rect();
    QModelIndex idx = view_->indexAt(QPoint(1, 1));
    // Group the visible rows by parent; one batch per level.
    std::map<int, std::pair<QModelIndex, std::pair<int, int>>> levels;  // key: insertion order
    QHash<QPersistentModelIndex, int> keyOf;
    int guard = 0;
    while (idx.isValid() && guard++ < 500) {
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
    // The rows on screen get their stats and, while they stay, a data watch.
    std::vector<ZnodeTreeModel::RowRange> ranges;
    for (auto& [key, level] : levels) ranges.push_back({level.first, level.second.first, level.second.second});
    model_->setRowsOnScreen(ranges);
}

void ClusterTab::onCurrentChanged(const QModelIndex& current) {
    updateLoadAllBar();
    const QString path = model_->pathOf(proxy_->mapToSource(current));
    if (path.isEmpty() || path == panel_->path()) return;
    if (panel_->isModified()) {
        // Never a modal question here: this runs inside selection changes,
        // also while rows are being removed. The edit stays; say how to go on.
        showMessage(tr("%1 has an unsaved edit, so the panel keeps showing it. Save it or press Reload to discard "
                       "it, then select %2 again.")
                        .arg(panel_->path(), path),
                    false);
        return;
    }
    model_->setShownNode(path);
    panel_->loadNode(path);
}

void ClusterTab::onSortChanged(int, Qt::SortOrder) { updateLoadAllBar(); }

QModelIndex ClusterTab::currentLevel() const {
    const QModelIndex current = view_->currentIndex();
    if (!current.isValid()) return model_->index(0, 0);  // the children of "/"
    const QModelIndex source = proxy_->mapToSource(current);
    // An expanded node with children: the user looks at its children.
    if (view_->isExpanded(current) && model_->rowCount(source) > 0) return source;
    const QModelIndex parent = source.parent();
    return parent.isValid() ? parent : model_->index(0, 0);
}

void ClusterTab::updateLoadAllBar() {
    if (view_->header()->sortIndicatorSection() == ZnodeTreeModel::NameColumn) {
        loadAllBar_->hide();
        return;
    }
    showLoadAllFor(currentLevel());
}

QString ClusterTab::loadAllStatsLevel() const { return loadAllBar_->isHidden() ? QString() : loadAllPath_; }

void ClusterTab::showLoadAllFor(const QModelIndex& sourceParent) {
    const QString path = model_->pathOf(sourceParent);
    // A bulk load of this level is running: keep its progress on screen.
    if (!loadAllBar_->isHidden() && !loadAllProgress_->isHidden() && path == loadAllPath_) return;
    // Levels up to kAutoStatsLimit children get their stats on their own.
    if (!sourceParent.isValid() || model_->rowCount(sourceParent) <= ZnodeTreeModel::kAutoStatsLimit ||
        model_->levelStatsLoaded(sourceParent)) {
        loadAllBar_->hide();
        return;
    }
    loadAllPath_ = model_->pathOf(sourceParent);
    loadAllLabel_->setText(tr("%1 has %n child(ren) without stats; it stays sorted by name until every stat is "
                              "loaded.",
                              nullptr, model_->rowCount(sourceParent))
                               .arg(loadAllPath_));
    loadAllProgress_->hide();
    loadAllButton_->setText(tr("Load all stats"));
    loadAllBar_->show();
}

}  // namespace zooscope::ui
