#include "widgets/stat_view.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "text/stat_format.h"

namespace zooscope::ui {

StatView::StatView(QWidget* parent) : QWidget(parent), tree_(new QTreeWidget(this)) {
    tree_->setObjectName(QStringLiteral("statTree"));
    tree_->setColumnCount(2);
    tree_->setHeaderLabels({tr("Field"), tr("Value")});
    tree_->setRootIsDecorated(false);
    tree_->setAlternatingRowColors(true);
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    tree_->header()->setStretchLastSection(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tree_);
}

void StatView::setStat(const proto::Stat& stat) {
    tree_->clear();
    for (const StatField& f : statFields(stat)) {
        auto* item = new QTreeWidgetItem(tree_, {f.label, f.value});
        item->setData(0, Qt::UserRole, f.key);
        item->setToolTip(0, f.key);
        item->setToolTip(1, f.toolTip);
        // Selectable text so values can be copied (Ctrl+C on the view).
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    }
}

void StatView::clear() { tree_->clear(); }

QString StatView::valueText(const QString& key) const {
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        const QTreeWidgetItem* item = tree_->topLevelItem(i);
        if (item->data(0, Qt::UserRole).toString() == key) return item->text(1);
    }
    return {};
}

}  // namespace zooscope::ui
