#include "widgets/cluster_tab.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QApplication>
#include <QClipboard>
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

#include "models/znode_filter_proxy.h"
#include "models/znode_tree_model.h"
#include "widgets/conflict_dialog.h"
#include "widgets/node_panel.h"

namespace zooscope::ui {

namespace {

constexpr int kFirstBackoffMs = 1000;
constexpr int kMaxBackoffMs = 30000;
constexpr int kLatencyEveryMs = 5000;
constexpr int kSrvrEveryMs = 60000;

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
      filter_(new QLineEdit) {
    proxy_->setSourceModel(model_);

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
        const auto answer = QMessageBox::question(
            this, tr("Unlock writes"),
            tr("%1 is marked as a guarded (production) cluster.\n\nAllow changes to it until this tab is closed?")
                .arg(profile_.name),
            QMessageBox::Yes | QMessageBox::No, QMessageBox::No);
        if (answer == QMessageBox::Yes) unlockWrites();
    });

    message_ = new QLabel;
    message_->setObjectName("tabMessage");
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->hide();

    filter_->setPlaceholderText(tr("Filter loaded nodes by name"));
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &ZnodeFilterProxy::setNameFilter);

    // "Load all stats" bar: sorting a big level by a stat column needs every stat.
    loadAllBar_ = banner("loadAllBar", "background: palette(alternate-base); border: 1px solid palette(mid);");
    loadAllLabel_ = new QLabel;
    loadAllLabel_->setWordWrap(true);
    loadAllButton_ = new QPushButton(tr("Load all stats"));
    loadAllProgress_ = new QProgressBar;
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
        if (loadAllProgress_->isVisible()) {
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
    });
    connect(view_, &QTreeView::collapsed, this,
            [this](const QModelIndex& i) { model_->setExpanded(proxy_->mapToSource(i), false); });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });

    // Stats only for rows on screen: debounce scrolling and row changes.
    statsTimer_.setSingleShot(true);
    statsTimer_.setInterval(40);
    connect(&statsTimer_, &QTimer::timeout, this, &ClusterTab::requestVisibleStats);
    connect(view_->verticalScrollBar(), &QScrollBar::valueChanged, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::rowsInserted, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::layoutChanged, &statsTimer_, qOverload<>(&QTimer::start));
    connect(proxy_, &QAbstractItemModel::modelReset, &statsTimer_, qOverload<>(&QTimer::start));

    connect(model_, &ZnodeTreeModel::listed, this, [this](const QString& path) {
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
    connect(panel_, &NodePanel::nodeCreated, this, [this](const QString& path) {
        const QString parent = path.section('/', 0, -2);
        const QModelIndex p = model_->indexOf(parent.isEmpty() ? QStringLiteral("/") : parent);
        if (p.isValid()) model_->refresh(p);
    });
    connect(model_, &ZnodeTreeModel::shownNodeDeleted, this, [this](const QString& path) {
        showMessage(tr("%1 was deleted on the server.").arg(path), true);
    });

    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, &ClusterTab::showContextMenu);

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
    latencyTimer_.setInterval(kLatencyEveryMs);
    connect(&latencyTimer_, &QTimer::timeout, this, &ClusterTab::probeLatency);
    srvrTimer_.setInterval(kSrvrEveryMs);
    connect(&srvrTimer_, &QTimer::timeout, this, &ClusterTab::probeServer);

    status_.guarded = guarded();
    updateGuardBanner();
    connectSession();
}

ClusterTab::~ClusterTab() {
    // The model and the adapter are children; close first so no result of
    // this session reaches a half-destroyed tab. close() reports Closed
    // synchronously: neither this tab nor its owner may hear it any more.
    blockSignals(true);
    disconnect(adapter_, nullptr, this, nullptr);
    reconnectTimer_.stop();
    adapter_->close();
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
    switch (state) {
        case S::Disconnected: status_.state = tr("Disconnected"); break;
        case S::Connecting: status_.state = tr("Connecting"); break;
        case S::Connected: status_.state = tr("Connected"); break;
        case S::Suspended: status_.state = tr("Connection lost, reconnecting"); break;
        case S::Reconnected: status_.state = tr("Reconnected"); break;
        case S::Expired: status_.state = tr("Session expired"); break;
        case S::AuthFailed: status_.state = tr("Authentication failed"); break;
        case S::Closed: status_.state = tr("Closed"); break;
    }
    status_.healthy = adapter_->isConnected();
    status_.terminal = state == S::Expired || state == S::AuthFailed || state == S::Closed;
    status_.sessionId = adapter_->sessionId();
    status_.server = adapter_->currentServer();
    spdlog::info("{}: session {} {}", profile_.name.toStdString(),
                 ClusterStatusBar::sessionIdText(status_.sessionId).toStdString(),
                 ClientAdapter::stateName(state).toStdString());

    if (adapter_->isConnected()) {
        reconnectDelayMs_ = 0;
        if (message_->property("connection").toBool()) message_->hide();
        // Expanding "/" makes the view fetch it (one getChildren2) and the
        // model keep its child watch.
        if (proxy_->rowCount() > 0) view_->expand(proxy_->index(0, 0));
        probeServer();
        probeLatency();
        latencyTimer_.start();
        srvrTimer_.start();
    } else {
        latencyTimer_.stop();
        status_.latencyMs = -1;
    }
    if (state == S::Suspended) {
        showMessage(tr("The connection to %1 was lost. Reconnecting; the session survives if it comes back "
                       "within the session timeout.")
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

void ClusterTab::scheduleReconnect() {
    reconnectDelayMs_ = reconnectDelayMs_ == 0 ? kFirstBackoffMs : std::min(reconnectDelayMs_ * 2, kMaxBackoffMs);
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
        const QStringList paths = selectedPaths().contains(path) ? selectedPaths() : QStringList{path};
        menu.addAction(paths.size() == 1 ? tr("Delete") : tr("Delete %n nodes", nullptr, int(paths.size())), this,
                       [this, paths] { deleteNodes(paths); });
    }
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

void ClusterTab::deleteNodes(const QStringList& paths) {
    if (paths.isEmpty() || !checkWrite(tr("delete %n node(s)", nullptr, int(paths.size())))) return;
    const QString question =
        paths.size() == 1 ? tr("Delete %1?").arg(paths.first())
                          : tr("Delete these %n nodes?\n\n%1", nullptr, int(paths.size())).arg(paths.mid(0, 20).join('\n'));
    if (QMessageBox::question(this, tr("Delete"), question) != QMessageBox::Yes) return;
    for (const QString& path : paths) {
        QPointer<ClusterTab> self(this);
        adapter_->remove(path, -1, [self, path](client::Result<client::Empty> r) {
            if (!self) return;
            if (r.ok()) {
                const QString parent = path.section('/', 0, -2);
                const QModelIndex p = self->model_->indexOf(parent.isEmpty() ? QStringLiteral("/") : parent);
                if (p.isValid()) self->model_->refresh(p);
                self->showMessage(tr("Deleted %1.").arg(path), false);
            } else if (r.err == proto::Err::NotEmpty) {
                self->showMessage(tr("%1 has children; delete them first (recursive delete lists them before "
                                     "removing anything).")
                                      .arg(path),
                                  true);
            } else {
                self->showMessage(describeNodeError(r.err, client::Operation::Delete, path,
                                                    QString::fromStdString(r.message)),
                                  true);
            }
        });
    }
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
    for (auto& [key, level] : levels) model_->fetchStats(level.first, level.second.first, level.second.second);
}

void ClusterTab::onCurrentChanged(const QModelIndex& current) {
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
    if (view_->header()->sortIndicatorSection() != ZnodeTreeModel::NameColumn) {
        showLoadAllFor(proxy_->mapToSource(current).parent());
    }
}

void ClusterTab::onSortChanged(int column, Qt::SortOrder) {
    if (column == ZnodeTreeModel::NameColumn) {
        loadAllBar_->hide();
        return;
    }
    QModelIndex level = proxy_->mapToSource(view_->currentIndex()).parent();
    if (!level.isValid()) level = model_->index(0, 0);  // the children of "/"
    showLoadAllFor(level);
}

void ClusterTab::showLoadAllFor(const QModelIndex& sourceParent) {
    if (!sourceParent.isValid() || model_->levelStatsLoaded(sourceParent)) {
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
