#include "widgets/watches_page.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

#include "models/recipe_items_model.h"
#include "models/recipe_snapshot.h"
#include "models/session_filter_proxy.h"
#include "models/watches_model.h"
#include "session/watches_poll.h"
#include "widgets/session_filter_bar.h"

namespace zooscope::ui {

WatchesPage::WatchesPage(WatchesPoll* poll, QWidget* parent)
    : QWidget(parent),
      poll_(poll),
      model_(poll->model()),
      proxy_(new SessionFilterProxy(this)),
      readNow_(new QPushButton),
      status_(new QLabel),
      summary_(new QLabel),
      note_(new QLabel),
      detail_(new QPushButton),
      detailNote_(new QLabel),
      sessionBar_(new SessionFilterBar),
      view_(new QTreeView) {
    status_->setObjectName("watchesStatus");
    proxy_->setSourceModel(model_);
    view_->setObjectName("watchesView");
    view_->setModel(proxy_);
    view_->setAlternatingRowColors(true);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    view_->header()->setSectionResizeMode(QHeaderView::Interactive);
    view_->setUniformRowHeights(true);
    summary_->setObjectName("watchesSummary");
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    note_->setObjectName("watchesNote");
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: #5f6368;"));
    detail_->setObjectName("watchesDetail");
    detail_->setCheckable(true);
    detailNote_->setWordWrap(true);

    auto* top = new QHBoxLayout;
    top->addWidget(readNow_);
    top->addWidget(status_, 1);
    auto* detail = new QHBoxLayout;
    detail->addWidget(detail_);
    detail->addWidget(detailNote_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(summary_);
    layout->addWidget(note_);
    layout->addLayout(detail);
    layout->addWidget(sessionBar_);
    layout->addWidget(view_, 1);

    connect(readNow_, &QPushButton::clicked, poll_, &WatchesPoll::readNow);
    connect(detail_, &QPushButton::toggled, poll_, &WatchesPoll::setDetail);
    connect(sessionBar_, &SessionFilterBar::sessionRequested, this, &WatchesPage::sessionFilterRequested);
    connect(view_, &QTreeView::activated, this, &WatchesPage::activate);
    connect(view_, &QTreeView::customContextMenuRequested, this, &WatchesPage::showContextMenu);
    connect(poll_, &WatchesPoll::read, this, [this] {
        updateStatus();
        updateSessionStrip();
        if (proxy_->session() != 0) view_->expandAll();
    });
    retranslateUi();
}

void WatchesPage::setSession(qint64 session) {
    proxy_->setSession(session);
    sessionBar_->setSession(session);
    if (session) view_->expandAll();
    updateSessionStrip();
}

void WatchesPage::activate(const QModelIndex& index) {
    if (!index.isValid()) return;
    const QString path = index.data(RecipeItemsModel::PathRole).toString();
    if (!path.isEmpty()) emit selectInTree(path);
    else emit sessionFilterRequested(index.data(RecipeItemsModel::SessionRole).toLongLong());
}

void WatchesPage::showContextMenu(const QPoint& pos) {
    const QModelIndex index = view_->indexAt(pos);
    if (!index.isValid()) return;
    QMenu menu(this);
    const QString path = index.data(RecipeItemsModel::PathRole).toString();
    const qint64 session = index.data(RecipeItemsModel::SessionRole).toLongLong();
    if (!path.isEmpty())
        menu.addAction(tr("Show %1 in the tree").arg(path), this, [this, path] { emit selectInTree(path); });
    sessionBar_->addMenuActions(&menu, session, proxy_->session() != 0);
    menu.addAction(tr("Copy the rows"), this, [this] { QApplication::clipboard()->setText(model_->dump()); });
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

QString WatchesPage::statusText() const { return status_->text(); }
QString WatchesPage::summaryText() const { return summary_->text(); }

void WatchesPage::updateStatus() {
    const qint64 at = model_->readAtMs();
    QString text = at == 0 ? tr("Not read yet.")
                           : tr("Read at %1").arg(QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("HH:mm:ss")));
    text += QStringLiteral(" · ") + tr("every %n s", nullptr, std::max(1, poll_->intervalMs() / 1000));
    status_->setText(text);

    QStringList lines;
    bool missing = false, partial = false;
    for (const readers::ServerWatches& w : model_->servers()) {
        const QString server = QString::fromStdString(w.server);
        QString line;
        if (w.source.empty()) {
            line = tr("%1: not read").arg(server);
        } else {
            line = tr("%1: %2 sessions watching %3 paths, %4 watches").arg(server).arg(w.sessions).arg(w.paths).arg(w.watches);
            if (w.allKinds) {
                QStringList kinds;
                for (const auto& [kind, n] : w.byKind) kinds << QStringLiteral("%1 %2").arg(QString::fromStdString(kind)).arg(n);
                line += QStringLiteral(" (") + tr("every kind, from wchk: %1").arg(kinds.join(QStringLiteral(", "))) +
                        QStringLiteral(")");
            } else {
                partial = true;
                line += QStringLiteral(" (") +
                        (w.source == "admin" ? tr("data and exists watches, from the AdminServer")
                                             : tr("data and exists watches, from %1").arg(QString::fromStdString(w.source))) +
                        QStringLiteral(")");
            }
        }
        if (!w.error.empty()) {
            missing = true;
            line += QStringLiteral(" — ") + QString::fromStdString(w.error);
        }
        lines << line;
    }
    summary_->setText(lines.join('\n'));
    summary_->setStyleSheet(missing ? QStringLiteral("color: #8a4b00;") : QString());
    note_->setVisible(partial);
}

void WatchesPage::updateSessionStrip() {
    const qint64 session = proxy_->session();
    if (session == 0) {
        sessionBar_->setInfo({});
        return;
    }
    const QString client = model_->clientOf(session);
    const QString from = client.isEmpty() ? tr("client address unknown") : tr("connected from %1").arg(client);
    int paths = 0;
    for (int r = 0; r < proxy_->rowCount(); ++r) paths += proxy_->rowCount(proxy_->index(r, 0));
    sessionBar_->setInfo(tr("Session %1, %2: %n watched path(s) here", nullptr, paths).arg(sessionText(session), from));
}

void WatchesPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void WatchesPage::retranslateUi() {
    readNow_->setText(tr("Read now"));
    note_->setText(tr("ZooKeeper 3.8's wchs, wchc and wchp count data and exists watches only, not child watches "
                      "(mntr's watch count includes them)."));
    detail_->setText(tr("List sessions and paths"));
    detailNote_->setText(tr("Each read then asks every server for wchc (or the AdminServer's watches), which walks the "
                            "server's whole watch table while it answers: it costs the server."));
    updateStatus();
    updateSessionStrip();
}

}  // namespace zooscope::ui
