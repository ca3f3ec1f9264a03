// PartitionsModel: the Partitions view's rows: one per partitioned item of a
// RecipeSnapshot (a ZooScope stream job, a kazoo SetPartitioner, a Kafka
// cluster), sorted by path, and under it one row per partition in number
// order (Kafka: by topic, then number): its owner (Kafka: the leader), the
// claim's worker, the committed offset, the replicas and ISR.
// Item rows: the members, the last moves, the flags (suspicious layouts;
// Kafka's under-replicated and offline partitions).
// Highlights: an under-replicated or offline Kafka partition (red), a
// partition without an owner or claimed by another worker than its owner
// (amber).
//
// Contracts:
// - setSnapshot() changes the rows in place (removes, inserts, dataChanged by
//   path; an item whose partitions changed has its child rows replaced), so
//   selections of items survive a new snapshot.
// - Every row answers PathRole: the znode it selects in the tree (the item's
//   root; a partition's claim, lock or state node).
// Threads: GUI thread only.
#pragma once

#include <QAbstractItemModel>

#include <string>
#include <vector>

#include "models/recipe_snapshot.h"

namespace zooscope::ui {

class PartitionsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, RecipeColumn, OwnerColumn, ClaimColumn, OffsetColumn, ReplicasColumn, IsrColumn,
                  MembersColumn, FlagsColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString
        OwnerRole,                    // QString: a partition's owner / leader ("" none)
        HighlightsRole,               // int, PartitionHighlight bits
    };
    enum PartitionHighlight : int {
        NoPartitionHighlight = 0,
        UnderReplicated = 1,  // Kafka: ISR smaller than the replicas
        Offline = 2,          // Kafka: no live leader
        Unowned = 4,          // nobody owns it
        ClaimMismatch = 8,    // a stream partition claimed by another worker than its owner
    };

    explicit PartitionsModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setSnapshot(RecipeSnapshotPtr snapshot);
    RecipeSnapshotPtr snapshot() const { return snapshot_; }

    const readers::PartitionItem& item(int row) const { return rows_[size_t(row)].item; }
    int rowOf(const QString& path) const;
    // The partition names of an item row in the order of its child rows.
    const std::vector<std::string>& partitionsOf(int row) const { return rows_[size_t(row)].partitions; }

    // One line per row ("path|col1|col2..." with partitions indented), for
    // tests and for copying out of the view.
    QString dump() const;

    // The partition names of `item` in the model's order (numbers numerically;
    // Kafka's by topic, then number).
    static std::vector<std::string> partitionOrder(const readers::PartitionItem& item);
    // The znode a partition row selects.
    static QString partitionPath(const readers::PartitionItem& item, const std::string& partition);
    static int partitionHighlights(const readers::PartitionItem& item, const std::string& partition);

private:
    struct Row {
        readers::PartitionItem item;
        std::vector<std::string> partitions;
    };
    QVariant itemData(const Row& row, int column, int role) const;
    QVariant partitionData(const Row& row, const std::string& partition, int column, int role) const;
    void replaceRow(int row, Row next);

    RecipeSnapshotPtr snapshot_ = std::make_shared<RecipeSnapshot>();
    std::vector<Row> rows_;
};

// "zooscope-stream-job" as the views word it ("Stream job", ...).
QString partitionRecipeText(readers::PartitionRecipe recipe);

}  // namespace zooscope::ui
