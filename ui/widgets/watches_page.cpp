#include "widgets/watches_page.h"

#include <QApplication>
#include <QClipboard>
#include <QDateTime>
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
#include "models/recipe_snapshot.h"
#include "models/session_filter_proxy.h"
#include "models/watches_model.h"
#include "session/watches_poll.h"

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
      sessionLabel_(new QLabel),
      session_(new QLineEdit),
      sessionInfo_(new QLabel),
      view_(new QTreeView) {
    proxy_->setSourceModel(model_);
    view_->setModel(proxy_);
    view_->setObjectName("watchesView");
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    view_->header()->setStretchLastSection(true);
    view_->header()->setSectionResizeMode(QHeaderView::Interactive);

    status_->setObjectName("watchesStatus");
    summary_->setObjectName("watchesSummary");
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    note_->setObjectName("watchesNote");
    note_->setWordWrap(true);
    note_->setStyleSheet(QStringLiteral("color: palette(mid);"));
    detail_->setObjectName("watchesDetail");
    detail_->setCheckable(true);
    detailNote_->setWordWrap(true);
    session_->setObjectName("watchesSession");
    session_->setClearButtonEnabled(true);
    session_->setMaximumWidth(200);
    sessionInfo_->setObjectName("watchesSessionInfo");

    auto* top = new QHBoxLayout;
    top->addWidget(readNow_);
    top->addWidget(status_, 1);
    auto* detail = new QHBoxLayout;
    detail->addWidget(detail_);
    detail->addWidget(detailNote_, 1);
    auto* filter = new QHBoxLayout;
    filter->addWidget(sessionLabel_);
    filter->addWidget(session_);
    filter->addWidget(sessionInfo_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(summary_);
    layout->addWidget(note_);
    layout->addLayout(detail);
    layout->addLayout(filter);
    layout->addWidget(view_, 1);

    connect(readNow_, &QPushButton::clicked, poll_, &WatchesPoll::readNow);
    connect(detail_, &QPushButton::toggled, poll_, &WatchesPoll::setDetail);
    connect(session_, &QLineEdit::editingFinished, this,
            [this] { emit sessionFilterRequested(sessionFromText(session_->text())); });
    connect(session_, &QLineEdit::textChanged, this, [this](const QString& t) {
        if (t.isEmpty()) emit sessionFilterRequested(0);
    });
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
    const QString text = session ? sessionText(session) : QString();
    if (sessionFromText(session_->text()) != session) session_->setText(text);
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
    menu.addAction(tr("Show everything of session %1").arg(sessionText(session)), this,
                   [this, session] { emit sessionFilterRequested(session); });
    if (proxy_->session() != 0)
        menu.addAction(tr("Show all sessions"), this, [this] { emit sessionFilterRequested(0); });
    menu.addAction(tr("Copy the rows"), this, [this] { QApplication::clipboard()->setText(model_->dump()); });
    menu.exec(view_->viewport()->mapToGlobal(pos));
}

QString WatchesPage::statusText() const { return status_->text(); }
QString WatchesPage::summaryText() const { return summary_->text(); }

void WatchesPage::updateStatus() {
    const qint64 at = model_->readAtMs();
    QString text = at == 0 ? tr("Not read yet.")
                           : tr("Read at %1").arg(QDateTime::fromMSecsSinceEpoch(at).toString(QStringLiteral("HH:mm:ss")));
    text += QStringLiteral(" · ") + tr("every %n s", nullptr, WatchesPoll::kEveryMs / 1000);
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
        sessionInfo_->clear();
        return;
    }
    const QString client = model_->clientOf(session);
    const QString from = client.isEmpty() ? tr("client address unknown") : tr("connected from %1").arg(client);
    int paths = 0;
    for (int r = 0; r < proxy_->rowCount(); ++r) paths += proxy_->rowCount(proxy_->index(r, 0));
    sessionInfo_->setText(tr("Session %1, %2: %n watched paths here", nullptr, paths).arg(sessionText(session), from));
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
    sessionLabel_->setText(tr("Session:"));
    session_->setPlaceholderText(tr("0x… (all sessions)"));
    updateStatus();
    updateSessionStrip();
}

}  // namespace zooscope::ui
