#include "models/partitions_model.h"

#include <QBrush>
#include <QColor>
#include <QStringList>

#include <algorithm>
#include <charconv>

namespace zooscope::ui {

namespace readers = zooscope::readers;

namespace {

using readers::PartitionRecipe;

// "12" -> 12; anything else sorts after every number, by text.
std::pair<bool, long long> numberOf(std::string_view s) {
    long long v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return {ec == std::errc() && end == s.data() + s.size(), v};
}

bool numericLess(std::string_view a, std::string_view b) {
    const auto [na, va] = numberOf(a);
    const auto [nb, vb] = numberOf(b);
    if (na && nb) return va < vb;
    if (na != nb) return na;
    return a < b;
}

QString joined(const std::vector<std::string>& list) {
    QStringList out;
    for (const std::string& s : list) out << QString::fromStdString(s);
    return out.join(QStringLiteral(", "));
}

bool contains(const std::vector<std::string>& list, const std::string& s) {
    return std::find(list.begin(), list.end(), s) != list.end();
}

const std::string* ownerOf(const readers::PartitionItem& item, const std::string& partition) {
    const auto it = item.assignments.find(partition);
    return it != item.assignments.end() && it->second ? &*it->second : nullptr;
}

}  // namespace

QString partitionRecipeText(readers::PartitionRecipe recipe) {
    switch (recipe) {
    case PartitionRecipe::StreamJob: return PartitionsModel::tr("stream job");
    case PartitionRecipe::KazooSetPartitioner: return PartitionsModel::tr("kazoo SetPartitioner");
    case PartitionRecipe::Kafka: return PartitionsModel::tr("Kafka");
    }
    return {};
}

PartitionsModel::PartitionsModel(QObject* parent) : QAbstractItemModel(parent) {}

std::vector<std::string> PartitionsModel::partitionOrder(const readers::PartitionItem& item) {
    std::vector<std::string> out;
    for (const auto& [name, owner] : item.assignments) out.push_back(name);
    if (item.recipe == PartitionRecipe::Kafka) {
        std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
            const size_t sa = std::min(a.rfind('/'), a.size()), sb = std::min(b.rfind('/'), b.size());
            const std::string_view ta(a.data(), sa), tb(b.data(), sb);
            if (ta != tb) return ta < tb;
            return numericLess(std::string_view(a).substr(std::min(sa + 1, a.size())),
                               std::string_view(b).substr(std::min(sb + 1, b.size())));
        });
    } else {
        std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) { return numericLess(a, b); });
    }
    return out;
}

QString PartitionsModel::partitionPath(const readers::PartitionItem& item, const std::string& partition) {
    const std::string base = item.path == "/" ? std::string() : item.path;
    switch (item.recipe) {
    case PartitionRecipe::StreamJob:
        return QString::fromStdString(base + (item.claims.contains(partition) ? "/locks/" : "/offsets/") + partition);
    case PartitionRecipe::KazooSetPartitioner: return QString::fromStdString(base + "/locks/" + partition);
    case PartitionRecipe::Kafka: {
        const size_t slash = partition.rfind('/');
        if (slash == std::string::npos) return QString::fromStdString(item.path);
        return QString::fromStdString(base + "/brokers/topics/" + partition.substr(0, slash) + "/partitions/" +
                                      partition.substr(slash + 1) + "/state");
    }
    }
    return QString::fromStdString(item.path);
}

int PartitionsModel::partitionHighlights(const readers::PartitionItem& item, const std::string& partition) {
    int bits = NoPartitionHighlight;
    if (contains(item.underReplicated, partition)) bits |= UnderReplicated;
    if (contains(item.offline, partition)) bits |= Offline;
    const std::string* owner = ownerOf(item, partition);
    if (!owner && !(bits & Offline)) bits |= Unowned;
    if (item.recipe == PartitionRecipe::StreamJob && owner) {
        const auto claim = item.claims.find(partition);
        if (claim != item.claims.end() && claim->second != *owner) bits |= ClaimMismatch;
    }
    return bits;
}

QModelIndex PartitionsModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    // Partition rows carry their item's row + 1; item rows 0.
    return createIndex(row, column, parent.isValid() ? quintptr(parent.row() + 1) : quintptr(0));
}

QModelIndex PartitionsModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    return createIndex(int(child.internalId() - 1), 0, quintptr(0));
}

int PartitionsModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(rows_.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return int(rows_[size_t(parent.row())].partitions.size());
}

int PartitionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() && parent.column() != 0 ? 0 : ColumnCount;
}

QVariant PartitionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case NameColumn: return tr("Item / partition");
    case RecipeColumn: return tr("Recipe");
    case OwnerColumn: return tr("Owner / leader");
    case ClaimColumn: return tr("Claim");
    case OffsetColumn: return tr("Offset");
    case ReplicasColumn: return tr("Replicas");
    case IsrColumn: return tr("ISR");
    case MembersColumn: return tr("Members");
    case FlagsColumn: return tr("Flags");
    }
    return {};
}

QVariant PartitionsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    if (index.internalId() == 0) return itemData(rows_[size_t(index.row())], index.column(), role);
    const Row& row = rows_[size_t(index.internalId() - 1)];
    return partitionData(row, row.partitions[size_t(index.row())], index.column(), role);
}

QVariant PartitionsModel::itemData(const Row& row, int column, int role) const {
    const readers::PartitionItem& item = row.item;
    int bits = NoPartitionHighlight;
    if (!item.underReplicated.empty()) bits |= UnderReplicated;
    if (!item.offline.empty()) bits |= Offline;
    switch (role) {
    case PathRole: return QString::fromStdString(item.path);
    case HighlightsRole: return bits;
    case Qt::ToolTipRole:
        if (column == MembersColumn) return joined(item.members);
        if (column != FlagsColumn) return {};
        [[fallthrough]];
    case Qt::DisplayRole:
        break;
    default: return {};
    }
    switch (column) {
    case NameColumn: return QString::fromStdString(item.path);
    case RecipeColumn: return partitionRecipeText(item.recipe);
    case OwnerColumn:
        if (item.recipe == PartitionRecipe::Kafka)
            return item.controller ? tr("controller: broker %1").arg(QString::fromStdString(*item.controller))
                                   : tr("no controller");
        return item.generation ? tr("generation %1").arg(*item.generation) : QString();
    case MembersColumn: return tr("%n members: %1", nullptr, int(item.members.size())).arg(joined(item.members));
    case FlagsColumn: {
        QStringList out;
        if (!item.lastMoves.empty()) out << tr("last moves: %1").arg(joined(item.lastMoves));
        if (!item.underReplicated.empty())
            out << tr("%n under-replicated", nullptr, int(item.underReplicated.size()));
        if (!item.offline.empty()) out << tr("%n offline", nullptr, int(item.offline.size()));
        if (!item.suspicious.empty()) out << tr("suspicious: %1").arg(joined(item.suspicious));
        return out.join(QStringLiteral("; "));
    }
    }
    return {};
}

QVariant PartitionsModel::partitionData(const Row& row, const std::string& partition, int column, int role) const {
    const readers::PartitionItem& item = row.item;
    const std::string* owner = ownerOf(item, partition);
    const int bits = partitionHighlights(item, partition);
    switch (role) {
    case PathRole: return partitionPath(item, partition);
    case OwnerRole: return owner ? QString::fromStdString(*owner) : QString();
    case HighlightsRole: return bits;
    case Qt::BackgroundRole:
        if (bits & (UnderReplicated | Offline)) return QBrush(QColor(0xfd, 0xec, 0xea));
        if (bits & (Unowned | ClaimMismatch)) return QBrush(QColor(0xff, 0xf4, 0xe5));
        return {};
    case Qt::ForegroundRole:
        if (bits & (UnderReplicated | Offline)) return QBrush(QColor(0x9b, 0x1c, 0x1c));
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (column) {
    case NameColumn: return QString::fromStdString(partition);
    case OwnerColumn:
        if (!owner) return item.recipe == PartitionRecipe::Kafka ? tr("(no leader)") : tr("(nobody)");
        return item.recipe == PartitionRecipe::Kafka ? tr("broker %1").arg(QString::fromStdString(*owner))
                                                     : QString::fromStdString(*owner);
    case ClaimColumn: {
        const auto claim = item.claims.find(partition);
        return claim != item.claims.end() ? QString::fromStdString(claim->second) : QString();
    }
    case OffsetColumn: {
        const auto offset = item.offsets.find(partition);
        return offset != item.offsets.end() ? QVariant(qulonglong(offset->second)) : QVariant();
    }
    case ReplicasColumn: {
        const auto it = item.replicas.find(partition);
        return it != item.replicas.end() ? joined(it->second) : QString();
    }
    case IsrColumn: {
        const auto it = item.isr.find(partition);
        return it != item.isr.end() ? joined(it->second) : QString();
    }
    case FlagsColumn: {
        QStringList out;
        if (bits & UnderReplicated) out << tr("under-replicated");
        if (bits & Offline) out << tr("offline");
        if (bits & Unowned) out << tr("no owner");
        if (bits & ClaimMismatch) out << tr("claimed by another worker");
        if (contains(item.lastMoves, partition)) out << tr("moved");
        return out.join(QStringLiteral(", "));
    }
    }
    return {};
}

int PartitionsModel::rowOf(const QString& path) const {
    const std::string p = path.toStdString();
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].item.path == p) return int(i);
    return -1;
}

void PartitionsModel::setSnapshot(RecipeSnapshotPtr snapshot) {
    snapshot_ = snapshot ? std::move(snapshot) : std::make_shared<RecipeSnapshot>();
    const auto& next = snapshot_->partitions;  // sorted by path, as rows_
    for (int i = int(rows_.size()) - 1; i >= 0; --i) {
        if (next.contains(rows_[size_t(i)].item.path)) continue;
        beginRemoveRows({}, i, i);
        rows_.erase(rows_.begin() + i);
        endRemoveRows();
    }
    int i = 0;
    for (const auto& [path, item] : next) {
        Row row{item, partitionOrder(item)};
        if (i < int(rows_.size()) && rows_[size_t(i)].item.path == path) {
            replaceRow(i, std::move(row));
        } else {
            beginInsertRows({}, i, i);
            rows_.insert(rows_.begin() + i, std::move(row));
            endInsertRows();
        }
        ++i;
    }
}

void PartitionsModel::replaceRow(int row, Row next) {
    Row& current = rows_[size_t(row)];
    const QModelIndex parent = index(row, 0);
    if (current.partitions == next.partitions) {
        current = std::move(next);
        if (!current.partitions.empty())
            emit dataChanged(index(0, 0, parent), index(int(current.partitions.size()) - 1, ColumnCount - 1, parent));
    } else {
        // Partitions come and go rarely (a topic made or deleted): all out, then in.
        if (!current.partitions.empty()) {
            beginRemoveRows(parent, 0, int(current.partitions.size()) - 1);
            current.partitions.clear();
            endRemoveRows();
        }
        if (!next.partitions.empty()) {
            beginInsertRows(parent, 0, int(next.partitions.size()) - 1);
            current = std::move(next);
            endInsertRows();
        } else {
            current = std::move(next);
        }
    }
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString PartitionsModel::dump() const {
    QStringList lines;
    for (int r = 0; r < rowCount(); ++r) {
        const QModelIndex item = index(r, 0);
        for (int k = -1; k < rowCount(item); ++k) {
            QStringList cells;
            for (int c = 0; c < ColumnCount; ++c)
                cells << (k < 0 ? index(r, c) : index(k, c, item)).data().toString();
            lines << (k < 0 ? QString() : QStringLiteral("  ")) + cells.join('|');
        }
    }
    return lines.join('\n');
}

}  // namespace zooscope::ui
