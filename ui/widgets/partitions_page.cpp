#include "widgets/partitions_page.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

#include "models/kafka_brokers_model.h"
#include "models/partitions_model.h"
#include "session/recipe_watch.h"
#include "widgets/partition_ring.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

PartitionsPage::PartitionsPage(RecipeWatch* watch, QWidget* parent)
    : QWidget(parent),
      watch_(watch),
      model_(watch->partitions()),
      brokers_(new KafkaBrokersModel(this)),
      status_(new QLabel),
      rescan_(new QPushButton),
      view_(new QTreeView),
      side_(new QStackedWidget),
      ring_(new PartitionRing),
      kafka_(new QWidget),
      controller_(new QLabel),
      brokerView_(new QTableView),
      nothing_(new QLabel) {
    view_->setModel(model_);
    view_->setObjectName("partitionsView");
    view_->setUniformRowHeights(true);
    view_->setAlternatingRowColors(true);
    view_->header()->setStretchLastSection(true);
    // Names and owners are short: shown whole (a few hundred rows at most per item).
    view_->header()->setSectionResizeMode(PartitionsModel::NameColumn, QHeaderView::ResizeToContents);
    view_->header()->setSectionResizeMode(PartitionsModel::OwnerColumn, QHeaderView::ResizeToContents);
    brokerView_->setModel(brokers_);
    brokerView_->setObjectName("kafkaBrokersView");
    brokerView_->verticalHeader()->hide();
    brokerView_->horizontalHeader()->setStretchLastSection(true);
    status_->setObjectName("partitionsStatus");
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    nothing_->setAlignment(Qt::AlignCenter);
    nothing_->setWordWrap(true);
    controller_->setObjectName("kafkaController");

    auto* kafkaLayout = new QVBoxLayout(kafka_);
    kafkaLayout->setContentsMargins(0, 0, 0, 0);
    kafkaLayout->addWidget(controller_);
    kafkaLayout->addWidget(brokerView_, 1);
    side_->addWidget(nothing_);
    side_->addWidget(ring_);
    side_->addWidget(kafka_);

    auto* splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(side_);
    splitter->addWidget(view_);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    auto* top = new QHBoxLayout;
    top->addWidget(rescan_);
    top->addWidget(status_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(rescan_, &QPushButton::clicked, watch_, &RecipeWatch::rescanNow);
    connect(view_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (index.isValid()) emit selectInTree(index.data(PartitionsModel::PathRole).toString());
    });
    connect(view_->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& index) {
        if (!index.isValid()) return;
        const QModelIndex item = index.parent().isValid() ? index.parent() : index;
        chosen_ = true;
        showItem(item.data(PartitionsModel::PathRole).toString());
    });
    connect(watch_, &RecipeWatch::snapshotChanged, this, [this] {
        updateStatus();
        refresh();
    });
    retranslateUi();
    refresh();
}

void PartitionsPage::showItem(const QString& path) {
    shown_ = path;
    refresh();
}

void PartitionsPage::refresh() {
    const auto& items = watch_->snapshot()->partitions;
    auto shown = items.find(shown_.toStdString());
    if (shown == items.end() && !chosen_) {
        // Nothing picked yet: the first stream job, else the first item.
        shown = std::find_if(items.begin(), items.end(),
                             [](const auto& e) { return e.second.recipe == readers::PartitionRecipe::StreamJob; });
        if (shown == items.end()) shown = items.begin();
        if (shown != items.end()) shown_ = QString::fromStdString(shown->first);
    }
    if (shown == items.end()) {
        ring_->clear();
        brokers_->setItem({});
        nothing_->setText(tr("No stream job, kazoo SetPartitioner or Kafka layout under the root."));
        side_->setCurrentWidget(nothing_);
        return;
    }
    const readers::PartitionItem& item = shown->second;
    switch (item.recipe) {
    case readers::PartitionRecipe::StreamJob:
        ring_->setItem(item);
        side_->setCurrentWidget(ring_);
        break;
    case readers::PartitionRecipe::Kafka:
        brokers_->setItem(item);
        controller_->setText(item.controller
                                 ? tr("Kafka at %1 · controller: broker %2")
                                       .arg(shown_, QString::fromStdString(*item.controller))
                                 : tr("Kafka at %1 · no controller").arg(shown_));
        side_->setCurrentWidget(kafka_);
        break;
    case readers::PartitionRecipe::KazooSetPartitioner:
        // kazoo's partition function is not a hash ring: the table says it all.
        nothing_->setText(tr("%1 is a kazoo SetPartitioner: its members split the items among themselves in "
                             "order (no hash ring); the table beside lists who holds which.")
                              .arg(shown_));
        side_->setCurrentWidget(nothing_);
        break;
    }
}

QString PartitionsPage::statusText() const { return status_->text(); }

void PartitionsPage::updateStatus() {
    const RecipeSnapshotPtr s = watch_->snapshot();
    QString text = s->rescannedAt.isValid()
                       ? tr("Root %1, rescanned at %2").arg(watch_->root(), s->rescannedAt.toString(QStringLiteral("HH:mm:ss")))
                       : tr("Root %1, not scanned yet").arg(watch_->root());
    text += QStringLiteral(" · ") + tr("%n partition layouts", nullptr, int(s->partitions.size()));
    text += QStringLiteral(" · ") + tr("%n watched", nullptr, s->layoutsWatched);
    status_->setText(text);
}

void PartitionsPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(event);
}

void PartitionsPage::retranslateUi() {
    rescan_->setText(tr("Rescan now"));
    updateStatus();
    refresh();
}

}  // namespace zooscope::ui
