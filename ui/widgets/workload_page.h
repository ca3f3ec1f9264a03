// WorkloadPage: the stream workload of a demo ensemble's tab. Before it runs:
// workers, partitions and virtual nodes, and a Start button. While it runs:
// the workers' table (WorkloadModel: process, membership, partitions,
// events/s, committed events, offsets), the summary line that says whether
// every partition's sum is exact (red when one is not), and the actions: add
// a worker; kill, pause, resume or stop the selected one; pause the job or
// change its rate live (stream::changeConfig, as `zooscope-ctl stream
// config`); give the selected worker its own rate or pause its commits, or
// put it back on the job's config (stream::changeWorkerConfig, as `stream
// config --worker`). Worker actions go on the dashboard's timeline too.
// Threads: GUI thread only.
#pragma once

#include <QWidget>

#include "demo/demo_ensemble.h"
#include "zooscope/stream.h"

class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableView;

namespace zooscope::ui {

class TimelineModel;
class WorkloadModel;
class WorkloadWatch;

// The ranges and defaults of a workload's workers, partitions and virtual
// nodes (stream.h's limits), for every form that asks for them.
void setUpWorkloadSpinBoxes(QSpinBox* workers, QSpinBox* partitions, QSpinBox* vnodes);

class WorkloadPage : public QWidget {
    Q_OBJECT
public:
    // `demo` and `timeline` must outlive the page.
    WorkloadPage(DemoEnsemble* demo, TimelineModel* timeline, QWidget* parent = nullptr);

    WorkloadModel* model() const;
    WorkloadWatch* watch() const { return watch_; }
    QTableView* table() const { return table_; }
    QString summaryText() const;

    // What the buttons do (tests call them too).
    void startWorkload(const WorkloadSpec& spec);
    void actOnWorker(const QString& id, WorkerAction action);
    // Pauses or resumes the whole job, or sets its events per second per
    // partition, live (the Pause job button and the rate field).
    void changeJob(const stream::ConfigChange& change);
    // Worker `id`'s own overrides, live (the selected worker's rate field and
    // buttons); clearWorker() puts it back on the job's config.
    void changeWorker(const QString& id, const stream::ConfigChange& change);
    void clearWorker(const QString& id);
    // The worker of the selected row, "" when none.
    QString selectedWorker() const;

signals:
    void message(const QString& text, bool error);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateState();
    void setSummaryStyle(const char* style);
    static QString actionText(WorkerAction action, const QString& id);
    // Does worker `id` run paused (its overrides over the job's config)?
    bool workerPaused(const QString& id) const;

    DemoEnsemble* demo_;
    TimelineModel* timeline_;
    WorkloadWatch* watch_;
    QWidget* setup_;
    QLabel* setupLabel_;
    QLabel* workersLabel_;
    QLabel* partitionsLabel_;
    QLabel* vnodesLabel_;
    QSpinBox* workers_;
    QSpinBox* partitions_;
    QSpinBox* vnodes_;
    QPushButton* start_;
    QWidget* controls_;
    QPushButton* add_;
    QPushButton* kill_;
    QPushButton* pause_;
    QPushButton* resume_;
    QPushButton* stop_;
    QPushButton* pauseJob_;
    QLabel* rateLabel_;
    QDoubleSpinBox* rate_;
    QPushButton* applyRate_;
    QWidget* workerConfig_;
    QLabel* workerConfigLabel_;
    QDoubleSpinBox* workerRate_;
    QPushButton* applyWorkerRate_;
    QPushButton* pauseWorkerCommits_;
    QPushButton* clearWorkerConfig_;
    QLabel* summary_;
    QTableView* table_;
};

}  // namespace zooscope::ui
