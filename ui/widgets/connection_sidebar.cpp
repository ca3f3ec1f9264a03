#include "widgets/connection_sidebar.h"

#include "widgets/guard_banner.h"

#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace zooscope::ui {

namespace {
constexpr int kIdRole = Qt::UserRole + 1;
const QString kEmbeddedId = QStringLiteral("\x01embedded");
}  // namespace

ConnectionSidebar::ConnectionSidebar(QWidget* parent)
    : QWidget(parent),
      list_(new QListWidget),
      title_(new QLabel),
      connect_(new QPushButton),
      add_(new QPushButton),
      edit_(new QPushButton),
      remove_(new QPushButton) {
    list_->setObjectName("connectionList");
    list_->setContextMenuPolicy(Qt::CustomContextMenu);
    list_->setIconSize(QSize(16, 16));
    auto* buttons = new QGridLayout;
    buttons->addWidget(connect_, 0, 0);
    buttons->addWidget(add_, 0, 1);
    buttons->addWidget(edit_, 1, 0);
    buttons->addWidget(remove_, 1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(title_);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);

    connect(list_, &QListWidget::itemActivated, this, &ConnectionSidebar::activate);
    connect(list_, &QListWidget::currentItemChanged, this, &ConnectionSidebar::updateButtons);
    connect(connect_, &QPushButton::clicked, this, [this] { activate(list_->currentItem()); });
    connect(add_, &QPushButton::clicked, this, &ConnectionSidebar::newRequested);
    connect(edit_, &QPushButton::clicked, this, [this] {
        if (!currentProfileId().isEmpty()) emit editRequested(currentProfileId());
    });
    connect(remove_, &QPushButton::clicked, this, [this] {
        if (!currentProfileId().isEmpty()) emit removeRequested(currentProfileId());
    });
    connect(list_, &QListWidget::customContextMenuRequested, this, [this](const QPoint& pos) {
        QListWidgetItem* item = list_->itemAt(pos);
        QMenu menu(this);
        if (item) {
            menu.addAction(tr("Connect"), this, [this, item] { activate(item); });
            if (item->data(kIdRole).toString() != kEmbeddedId) {
                const QString id = item->data(kIdRole).toString();
                menu.addAction(tr("Edit..."), this, [this, id] { emit editRequested(id); });
                menu.addAction(tr("Delete"), this, [this, id] { emit removeRequested(id); });
            }
            menu.addSeparator();
        }
        menu.addAction(tr("New connection..."), this, &ConnectionSidebar::newRequested);
        menu.exec(list_->viewport()->mapToGlobal(pos));
    });
    retranslateUi();
}

void ConnectionSidebar::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void ConnectionSidebar::retranslateUi() {
    title_->setText(tr("<b>Connections</b>"));
    connect_->setText(tr("Connect"));
    add_->setText(tr("New..."));
    edit_->setText(tr("Edit..."));
    remove_->setText(tr("Delete"));
    rebuild();  // the embedded entry's text and the tooltips
}

void ConnectionSidebar::setProfiles(const QList<ConnectionProfile>& profiles) {
    profiles_ = profiles;
    rebuild();
}

void ConnectionSidebar::setEmbeddedAvailable(bool available) {
    embedded_ = available;
    rebuild();
}

void ConnectionSidebar::rebuild() {
    const QString current = list_->currentItem() ? list_->currentItem()->data(kIdRole).toString() : QString();
    list_->clear();
    if (embedded_) {
        auto* item = new QListWidgetItem(style()->standardIcon(QStyle::SP_ComputerIcon),
                                         tr("Embedded engine (sample data)"), list_);
        item->setData(kIdRole, kEmbeddedId);
        item->setToolTip(tr("Starts ZooScope's own ZooKeeper-compatible engine inside the app, with sample data."));
    }
    for (const auto& p : profiles_) {
        auto* item = new QListWidgetItem(
            p.readOnlyGuard ? GuardBanner::lockIcon(true) : style()->standardIcon(QStyle::SP_DriveNetIcon), p.name, list_);
        item->setData(kIdRole, p.id);
        item->setToolTip(p.connectString() + (p.readOnlyGuard ? tr("\nRead-only guard") : QString()));
        if (p.id == current) list_->setCurrentItem(item);
    }
    updateButtons();
}

QString ConnectionSidebar::currentProfileId() const {
    const QListWidgetItem* item = list_->currentItem();
    if (!item) return {};
    const QString id = item->data(kIdRole).toString();
    return id == kEmbeddedId ? QString() : id;
}

int ConnectionSidebar::count() const { return list_->count(); }

void ConnectionSidebar::activate(QListWidgetItem* item) {
    if (!item) return;
    const QString id = item->data(kIdRole).toString();
    if (id == kEmbeddedId) emit embeddedRequested();
    else emit connectRequested(id);
}

void ConnectionSidebar::updateButtons() {
    connect_->setEnabled(list_->currentItem() != nullptr);
    edit_->setEnabled(!currentProfileId().isEmpty());
    remove_->setEnabled(!currentProfileId().isEmpty());
}

}  // namespace zooscope::ui
