// PartitionRing: a stream job's consistent-hash ring drawn: every worker's
// vnode points as ticks on the circle, every partition as a dot at its hash
// position, coloured by the worker the job's assignment names, and a legend
// of the workers with the partitions each owns.
// - Positions come from core's stream::ringLayout() (the workers' own ring
//   code), so a dot sits where the workers hash it; nothing is recomputed here.
// - Colours are stable per worker: a worker keeps the colour it was first
//   shown with for the widget's life (its preferred palette slot is picked
//   by ringHash of its id; a taken slot passes to the next free one).
// - When the owners or the members change, the move is animated (kMoveMs):
//   moved dots lift off the ring and turn from the old owner's colour to the
//   new one's; a leaving worker's ticks fade out, a joining one's fade in.
// Threads: GUI thread only.
#pragma once

#include <QColor>
#include <QHash>
#include <QWidget>

#include <optional>
#include <string>
#include <vector>

#include "zooscope/partition_readers.h"
#include "zooscope/stream.h"

class QVariantAnimation;

namespace zooscope::ui {

class PartitionRing : public QWidget {
    Q_OBJECT
public:
    static constexpr int kMoveMs = 600;

    explicit PartitionRing(QWidget* parent = nullptr);

    // Shows `item` (a stream job); anything else clears the ring.
    void setItem(const readers::PartitionItem& item);
    void clear();

    // Where partition p is drawn: its angle in degrees clockwise from the top
    // (its ringHash position over 2^64) and the owner the assignment names
    // ("" for nobody); nullopt outside 0..partitions-1.
    struct Placement {
        double angleDegrees = 0;
        QString owner;
    };
    std::optional<Placement> placement(int partition) const;
    // Whom the ring itself gives partition p for the members shown (core's
    // ringOwners: what the coordinator will publish).
    QString ringOwner(int partition) const;
    int partitions() const { return int(layout_.partitionAt.size()); }
    QColor colourOf(const QString& worker) const;
    bool animating() const;
    // The assignment generation last painted (-1: none); painted() after each paint.
    qint64 paintedGeneration() const { return paintedGeneration_; }

    QSize sizeHint() const override { return {520, 440}; }
    QSize minimumSizeHint() const override { return {240, 200}; }

signals:
    void painted(qint64 generation);

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    struct Shown {
        std::vector<std::pair<uint64_t, std::string>> points;  // ring order
        std::vector<std::string> owners;                       // the assignment's, per partition
    };
    QColor colourFor(const std::string& worker);

    readers::PartitionItem item_;
    stream::RingLayout layout_;
    Shown now_, before_;
    std::vector<bool> moved_;
    QHash<QString, int> slots_;  // worker -> palette slot (never given back)
    QVariantAnimation* move_;
    double progress_ = 1;        // 0..1 through the move animation
    qint64 generation_ = -1;
    qint64 paintedGeneration_ = -1;
};

}  // namespace zooscope::ui
