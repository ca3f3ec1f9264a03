#include "widgets/browser_page.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLineEdit>
#include <QMenu>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "models/znode_filter_proxy.h"
#include "models/znode_tree_model.h"
#include "session/write_guard.h"
#include "widgets/load_all_stats_bar.h"
#include "widgets/node_panel.h"
#include "widgets/visible_rows_reporter.h"
#include "zooscope/znode_path.h"

namespace zooscope::ui {

BrowserPage::BrowserPage(ZnodeTreeModel* model, ClientAdapter* adapter, WriteGuard* guard, QWidget* parent)
    : QWidget(parent),
      model_(model),
      guard_(guard),
      proxy_(new ZnodeFilterProxy(this)),
      view_(new QTreeView),
      filter_(new QLineEdit),
      loadAll_(new LoadAllStatsBar(model)),
      panel_(new NodePanel) {
    proxy_->setSourceModel(model_);
    filter_->setClearButtonEnabled(true);
    connect(filter_, &QLineEdit::textChanged, proxy_, &ZnodeFilterProxy::setNameFilter);

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
    connect(header, &QHeaderView::sortIndicatorChanged, this, [this] { updateLoadAllBar(); });
    connect(view_, &QTreeView::expanded, this, [this](const QModelIndex& i) {
        model_->setExpanded(proxy_->mapToSource(i), true);
        if (i == view_->currentIndex()) updateLoadAllBar();
    });
    connect(view_, &QTreeView::collapsed, this, [this](const QModelIndex& i) {
        model_->setExpanded(proxy_->mapToSource(i), false);
        if (i == view_->currentIndex()) updateLoadAllBar();
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });
    rows_ = new VisibleRowsReporter(view_, proxy_, model_, this);

    connect(model_, &ZnodeTreeModel::listed, this, [this](const QString& path) {
        // The level in view may have changed (the expanded current node got
        // its children, a level grew past the automatic stats limit).
        updateLoadAllBar();
        if (path == QLatin1String("/") && !rootListedOnce_) {
            rootListedOnce_ = true;
            view_->expand(proxy_->index(0, 0));
            emit rootListed();
        }
        continueReveal();
    });
    connect(model_, &ZnodeTreeModel::operationFailed, this,
            [this](const QString&, const QString& error) { emit message(error, true); });
    connect(model_, &ZnodeTreeModel::shownNodeDeleted, this, [this](const QString& path) {
        emit message(tr("%1 was deleted on the server.").arg(path), true);
    });

    panel_->setSource(std::make_shared<AdapterNodeSource>(adapter));
    panel_->setReadOnly(guard_ && !guard_->writesAllowed());
    if (guard_)
        connect(guard_, &WriteGuard::changed, panel_, [this] { panel_->setReadOnly(!guard_->writesAllowed()); });
    connect(panel_, &NodePanel::nodeCreated, this, [this](const QString& path) {
        const std::string utf8 = path.toStdString();
        const QModelIndex p = model_->indexOf(QString::fromUtf8(parentOf(utf8)));
        if (p.isValid()) model_->refresh(p);
    });

    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, &BrowserPage::showContextMenu);
    // Delete / Shift+Delete on the tree only (a window-wide shortcut would
    // steal the key from the data editor).
    view_->installEventFilter(this);

    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addWidget(filter_);
    leftLayout->addWidget(loadAll_);
    leftLayout->addWidget(view_, 1);

    splitter_ = new QSplitter(Qt::Horizontal);
    splitter_->addWidget(left);
    splitter_->addWidget(panel_);
    splitter_->setStretchFactor(0, 1);
    splitter_->setStretchFactor(1, 1);
    splitter_->setSizes({620, 560});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter_, 1);
    filter_->setPlaceholderText(tr("Filter loaded nodes by name"));
}

void BrowserPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) filter_->setPlaceholderText(tr("Filter loaded nodes by name"));
    QWidget::changeEvent(event);
}

bool BrowserPage::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Delete && !(key->modifiers() & ~(Qt::ShiftModifier | Qt::KeypadModifier))) {
            if (key->modifiers() & Qt::ShiftModifier) {
                if (!currentPath().isEmpty()) emit deleteRecursivelyRequested(currentPath());
            } else {
                emit deleteRequested(selectedPaths());
            }
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void BrowserPage::expandRoot() {
    if (proxy_->rowCount() > 0) view_->expand(proxy_->index(0, 0));
}

void BrowserPage::selectPath(const QString& path) {
    reveal_ = path;
    continueReveal();
}

void BrowserPage::continueReveal() {
    if (reveal_.isEmpty()) return;
    // The deepest loaded node on the way to reveal_.
    QString loaded = QStringLiteral("/");
    if (!model_->indexOf(loaded).isValid()) return;  // the root is not listed yet
    for (const QString& part : reveal_.split('/', Qt::SkipEmptyParts)) {
        const QString next = (loaded == QLatin1String("/") ? QString() : loaded) + "/" + part;
        if (!model_->indexOf(next).isValid()) break;
        loaded = next;
    }
    const QModelIndex src = model_->indexOf(loaded);
    const QModelIndex idx = proxy_->mapFromSource(src);
    if (loaded == reveal_ || model_->isListed(src)) {
        // There, or the next level is listed without it: as near as it gets.
        reveal_.clear();
        view_->setCurrentIndex(idx);
        view_->scrollTo(idx);
        return;
    }
    view_->expand(idx);  // lists the level; continueReveal() runs again on listed()
}

QStringList BrowserPage::selectedPaths() const {
    QStringList paths;
    for (const QModelIndex& i : view_->selectionModel()->selectedRows(0)) paths << model_->pathOf(proxy_->mapToSource(i));
    return paths;
}

QString BrowserPage::currentPath() const { return model_->pathOf(proxy_->mapToSource(view_->currentIndex())); }

QString BrowserPage::loadAllStatsLevel() const { return loadAll_->level(); }

void BrowserPage::showContextMenu(const QPoint& pos) {
    const QModelIndex at = view_->indexAt(pos);
    const QString path = model_->pathOf(proxy_->mapToSource(at));
    QMenu menu(this);
    if (!path.isEmpty()) {
        menu.addAction(tr("Copy path"), this, [path] { QApplication::clipboard()->setText(path); });
        menu.addAction(tr("Refresh"), this, [this, at] { model_->refresh(proxy_->mapToSource(at)); });
        menu.addSeparator();
        menu.addAction(tr("New child node..."), this, [this, at] {
            view_->setCurrentIndex(at);
            if (!guard_ || guard_->check(tr("create a node"))) panel_->openCreateDialog();
        });
        const QStringList selected = selectedPaths();
        const QStringList paths = selected.contains(path) ? selected : QStringList{path};
        // The key is handled by the tree (eventFilter); the text only shows it.
        menu.addAction((paths.size() == 1 ? tr("Delete") : tr("Delete %n nodes", nullptr, int(paths.size()))) +
                           QStringLiteral("\t") + QKeySequence(QKeySequence::Delete).toString(QKeySequence::NativeText),
                       this, [this, paths] { emit deleteRequested(paths); });
        menu.addAction(tr("Delete recursively...") + QStringLiteral("\t") +
                           QKeySequence(Qt::SHIFT | Qt::Key_Delete).toString(QKeySequence::NativeText),
                       this, [this, path] { emit deleteRecursivelyRequested(path); });
        menu.addSeparator();
        menu.addAction(tr("Export subtree..."), this, [this, path] { emit exportRequested(path); });
        menu.addAction(tr("Import into this node..."), this, [this, path] { emit importRequested(path); });
        menu.addAction(tr("Compare with..."), this, [this, path] { emit compareRequested(path); });
    }
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

void BrowserPage::onCurrentChanged(const QModelIndex& current) {
    updateLoadAllBar();
    const QString path = model_->pathOf(proxy_->mapToSource(current));
    if (path.isEmpty() || path == panel_->path()) return;
    if (panel_->isModified()) {
        // Never a modal question here: this runs inside selection changes,
        // also while rows are being removed. The edit stays; say how to go on.
        emit message(tr("%1 has an unsaved edit, so the panel keeps showing it. Save it or press Reload to discard "
                        "it, then select %2 again.")
                         .arg(panel_->path(), path),
                     false);
        return;
    }
    model_->setShownNode(path);
    panel_->loadNode(path);
}

QModelIndex BrowserPage::currentLevel() const {
    const QModelIndex current = view_->currentIndex();
    if (!current.isValid()) return model_->index(0, 0);  // the children of "/"
    const QModelIndex source = proxy_->mapToSource(current);
    // An expanded node with children: the user looks at its children.
    if (view_->isExpanded(current) && model_->rowCount(source) > 0) return source;
    const QModelIndex parent = source.parent();
    return parent.isValid() ? parent : model_->index(0, 0);
}

void BrowserPage::updateLoadAllBar() {
    if (view_->header()->sortIndicatorSection() == ZnodeTreeModel::NameColumn) {
        loadAll_->offerFor(QModelIndex());
        return;
    }
    loadAll_->offerFor(currentLevel());
}

}  // namespace zooscope::ui
