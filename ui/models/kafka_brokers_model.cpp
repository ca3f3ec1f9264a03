#include "models/kafka_brokers_model.h"

#include <QBrush>
#include <QColor>
#include <QFont>

#include <algorithm>
#include <cmath>

namespace zooscope::ui {

namespace readers = zooscope::readers;

KafkaBrokersModel::Skew KafkaBrokersModel::skewLevel(double percent) {
    const double away = std::abs(percent);
    if (away > kRedPastPercent) return Skew::Red;
    if (away > kAmberPastPercent) return Skew::Amber;
    return Skew::Even;
}

KafkaBrokersModel::KafkaBrokersModel(QObject* parent) : QAbstractTableModel(parent) {}

void KafkaBrokersModel::setItem(const readers::PartitionItem& item) {
    std::vector<Broker> next;
    if (item.recipe == readers::PartitionRecipe::Kafka) {
        for (const std::string& id : item.members) {  // live brokers, numeric order
            Broker b{id};
            if (auto it = item.leaders.find(id); it != item.leaders.end()) b.leaders = it->second;
            if (auto it = item.skewPercent.find(id); it != item.skewPercent.end()) b.skew = it->second;
            for (const auto& [partition, replicas] : item.replicas) {
                if (std::find(replicas.begin(), replicas.end(), id) == replicas.end()) continue;
                ++b.replicas;
                if (std::find(item.underReplicated.begin(), item.underReplicated.end(), partition) !=
                    item.underReplicated.end())
                    ++b.underReplicated;
            }
            next.push_back(std::move(b));
        }
    }
    const std::string controller = item.controller.value_or(std::string());
    if (next.size() == brokers_.size()) {
        brokers_ = std::move(next);
        controller_ = controller;
        if (!brokers_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    brokers_ = std::move(next);
    controller_ = controller;
    endResetModel();
}

int KafkaBrokersModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(brokers_.size()); }
int KafkaBrokersModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant KafkaBrokersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case BrokerColumn: return tr("Broker");
    case LeadersColumn: return tr("Leaders");
    case SkewColumn: return tr("Leader skew");
    case ReplicasColumn: return tr("Replicas");
    case UnderReplicatedColumn: return tr("Under-replicated");
    }
    return {};
}

QVariant KafkaBrokersModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const Broker& b = brokers_[size_t(index.row())];
    const bool controller = b.id == controller_;
    const Skew level = skewLevel(b.skew);
    switch (role) {
    case SkewLevelRole: return int(level);
    case Qt::FontRole:
        if (controller && index.column() == BrokerColumn) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::BackgroundRole:
        if (index.column() == UnderReplicatedColumn && b.underReplicated > 0) return QBrush(QColor(0xfd, 0xec, 0xea));
        if (index.column() != SkewColumn && index.column() != LeadersColumn) return {};
        if (level == Skew::Red) return QBrush(QColor(0xf8, 0xc9, 0xc4));
        if (level == Skew::Amber) return QBrush(QColor(0xff, 0xe0, 0xb2));
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SkewColumn)
            return tr("Leaders away from the mean: amber past %1 %, red past %2 %")
                .arg(kAmberPastPercent)
                .arg(kRedPastPercent);
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case BrokerColumn:
        return controller ? tr("%1 (controller)").arg(QString::fromStdString(b.id)) : QString::fromStdString(b.id);
    case LeadersColumn: return qlonglong(b.leaders);
    case SkewColumn: return QStringLiteral("%1%2 %").arg(b.skew > 0 ? QStringLiteral("+") : QString()).arg(b.skew);
    case ReplicasColumn: return b.replicas;
    case UnderReplicatedColumn: return b.underReplicated;
    }
    return {};
}

}  // namespace zooscope::ui
