#include "widgets/coordination_page.h"

#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include "models/recipe_items_model.h"
#include "models/session_filter_proxy.h"
#include "session/recipe_watch.h"
#include "widgets/session_filter_bar.h"

namespace zooscope::ui {

CoordinationPage::CoordinationPage(RecipeWatch* watch, RecipeItemsModel* model, int sessionColumn, QWidget* parent)
    : QWidget(parent),
      watch_(watch),
      model_(model),
      sessionColumn_(sessionColumn),
      proxy_(new SessionFilterProxy(this)),
      rootLabel_(new QLabel),
      root_(new QLineEdit),
      rescan_(new QPushButton),
      status_(new QLabel),
      sessionBar_(new SessionFilterBar),
      view_(new QTreeView) {
    proxy_->setSourceModel(model_);
    view_->setModel(proxy_);
    view_->setObjectName("coordinationView");
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    view_->header()->setStretchLastSection(true);
    view_->header()->setSectionResizeMode(QHeaderView::Interactive);

    root_->setObjectName("coordinationRoot");
    root_->setText(watch_->root());
    root_->setMaximumWidth(260);
    status_->setObjectName("coordinationStatus");
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* top = new QHBoxLayout;
    top->addWidget(rootLabel_);
    top->addWidget(root_);
    top->addWidget(rescan_);
    top->addWidget(status_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(sessionBar_);
    layout->addWidget(view_, 1);

    connect(root_, &QLineEdit::editingFinished, this, [this] { watch_->setRoot(root_->text()); });
    connect(rescan_, &QPushButton::clicked, watch_, &RecipeWatch::rescanNow);
    connect(sessionBar_, &SessionFilterBar::sessionRequested, this, &CoordinationPage::sessionFilterRequested);
    connect(view_, &QTreeView::activated, this, &CoordinationPage::activate);
    connect(view_, &QTreeView::customContextMenuRequested, this, &CoordinationPage::showContextMenu);
    connect(watch_, &RecipeWatch::snapshotChanged, this, [this] {
        updateStatus();
        updateSessionStrip();
        if (root_->text() != watch_->root() && !root_->hasFocus()) root_->setText(watch_->root());
    });
    retranslateUi();
}

void CoordinationPage::setSession(qint64 session) {
    proxy_->setSession(session);
    sessionBar_->setSession(session);
    if (session) view_->expandAll();
    updateSessionStrip();
}

void CoordinationPage::activate(const QModelIndex& index) {
    if (!index.isValid()) return;
    const qint64 session = index.data(RecipeItemsModel::SessionRole).toLongLong();
    if (index.column() == sessionColumn_ && session != 0) {
        emit sessionFilterRequested(session);
        return;
    }
    emit selectInTree(index.data(RecipeItemsModel::PathRole).toString());
}

void CoordinationPage::showContextMenu(const QPoint& pos) {
    const QModelIndex index = view_->indexAt(pos);
    if (!index.isValid()) return;
    QMenu menu(this);
    const QString path = index.data(RecipeItemsModel::PathRole).toString();
    const qint64 session = index.data(RecipeItemsModel::SessionRole).toLongLong();
    menu.addAction(tr("Show %1 in the tree").arg(path), this, [this, path] { emit selectInTree(path); });
    sessionBar_->addMenuActions(&menu, session, proxy_->session() != 0);
    menu.addAction(tr("Copy the rows"), this, [this] { QApplication::clipboard()->setText(model_->dump()); });
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

QString CoordinationPage::statusText() const { return status_->text(); }

void CoordinationPage::updateStatus() {
    const RecipeSnapshotPtr s = watch_->snapshot();
    QString text;
    if (!s->rescannedAt.isValid()) text = tr("Not scanned yet.");
    else if (!s->rescanError.isEmpty())
        text = tr("Rescan at %1 failed: %2").arg(s->rescannedAt.toString(QStringLiteral("HH:mm:ss")), s->rescanError);
    else
        text = tr("Rescanned at %1: %n nodes read", nullptr, int(s->nodesRead))
                   .arg(s->rescannedAt.toString(QStringLiteral("HH:mm:ss")));
    if (s->rescannedAt.isValid() && !s->rescanComplete) text += QStringLiteral(" ") + tr("(incomplete: %1)").arg(s->stoppedBecause);
    text += QStringLiteral(" · ") + tr("%n recipe nodes watched", nullptr, s->childWatches);
    if (s->addressesAtMs == 0 && !s->items.empty()) text += QStringLiteral(" · ") + tr("some servers refuse cons: no client addresses");
    status_->setText(text);
    status_->setStyleSheet(s->rescanError.isEmpty() && s->rescanComplete ? QString() : QStringLiteral("color: #8a4b00;"));
}

void CoordinationPage::updateSessionStrip() {
    const qint64 session = proxy_->session();
    if (session == 0) {
        sessionBar_->setInfo({});
        return;
    }
    const RecipeSnapshotPtr s = watch_->snapshot();
    const auto address = s->addresses.find(session);
    const QString from = address != s->addresses.end() ? tr("connected from %1").arg(address->second)
                                                       : tr("client address unknown");
    sessionBar_->setInfo(tr("Session %1, %2: %n rows here", nullptr, proxy_->rowCount()).arg(sessionText(session), from));
}

void CoordinationPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void CoordinationPage::retranslateUi() {
    rootLabel_->setText(tr("Root:"));
    rescan_->setText(tr("Rescan now"));
    updateStatus();
    updateSessionStrip();
}

}  // namespace zooscope::ui
