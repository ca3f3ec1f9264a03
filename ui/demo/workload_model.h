// WorkloadModel: the stream job of a demo ensemble, one row per worker: its
// process (pid, paused, gone), whether it is a member of the job, the
// partitions it commits for, its throughput, the events it committed and the
// offsets of its partitions, and its own config (JOB/overrides/<id> over the
// job's). And the one thing that must never happen: a
// partition whose committed sum is not the exact sum of its first `offset`
// events (stream::expectedSum) is flagged, by partition.
//
// Fed by WorkloadWatch (the job's status, read once a second) and by the
// DemoEnsemble (its worker processes). Threads: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

#include <optional>

#include "demo/demo_ensemble.h"
#include "zooscope/stream.h"

namespace zooscope::ui {

class WorkloadModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { WorkerColumn, ProcessColumn, MemberColumn, PartitionsColumn, RateColumn, CommittedColumn,
                  OffsetsColumn, ConfigColumn, ColumnCount };

    explicit WorkloadModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    void setStatus(const stream::JobStatus& status);
    // The job could not be read (a sentence); the last status stays shown.
    void setReadError(const QString& error);
    void setProcesses(const QList<DemoWorker>& workers);
    void retranslate();

    QString workerId(int row) const;
    // Worker `id`'s overrides as last read (empty when it runs the job's config).
    stream::ConfigChange overrides(const QString& id) const;
    int rowOf(const QString& id) const;
    std::optional<stream::JobStatus> status() const { return status_; }
    // Sum of every partition's committed offset (events processed, exactly once).
    quint64 totalOffset() const;
    // Partitions with an owner in the published assignment.
    int ownedPartitions() const;
    // One sentence per partition whose sum is not exact; empty when all are.
    QStringList inexactSums() const;
    // One line for above the table: partitions, owners, events, the sums' verdict, problems.
    QString summary() const;
    QString readError() const { return readError_; }

signals:
    void summaryChanged();

private:
    void rebuild();

    std::optional<stream::JobStatus> status_;
    QList<DemoWorker> processes_;
    QString readError_;
    QStringList ids_;  // rows
};

}  // namespace zooscope::ui
