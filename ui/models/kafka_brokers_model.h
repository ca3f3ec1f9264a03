// KafkaBrokersModel: the broker table of one Kafka cluster of the Partitions
// view: per live broker (numeric order) the partitions it leads, its leader
// skew from the mean in percent, the partitions it replicates and how many of
// them are under-replicated, and whether it is the controller.
// Skew is coloured as Kafka admins read it: amber past 10 % away from the
// mean, red past 20 % (either way: a broker leading too few is as skewed as
// one leading too many).
// Threads: GUI thread only.
#pragma once

#include <QAbstractTableModel>

#include <string>
#include <vector>

#include "zooscope/partition_readers.h"

namespace zooscope::ui {

class KafkaBrokersModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { BrokerColumn, LeadersColumn, SkewColumn, ReplicasColumn, UnderReplicatedColumn, ColumnCount };
    enum class Skew { Even, Amber, Red };
    static constexpr double kAmberPastPercent = 10;
    static constexpr double kRedPastPercent = 20;
    static Skew skewLevel(double percent);
    enum Role { SkewLevelRole = Qt::UserRole + 1 };  // int(Skew) on every cell of a row

    explicit KafkaBrokersModel(QObject* parent = nullptr);

    // Shows `item` (a Kafka item; anything else empties the table).
    void setItem(const readers::PartitionItem& item);
    QString controller() const { return QString::fromStdString(controller_); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    struct Broker {
        std::string id;
        int64_t leaders = 0;
        double skew = 0;
        int replicas = 0;
        int underReplicated = 0;
    };
    std::vector<Broker> brokers_;
    std::string controller_;
};

}  // namespace zooscope::ui
