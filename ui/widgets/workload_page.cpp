#include "widgets/workload_page.h"

#include <QDateTime>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

#include "demo/workload_model.h"
#include "demo/workload_watch.h"
#include "models/timeline_model.h"
#include "text/process_exit.h"
#include "zooscope/stream.h"

namespace zooscope::ui {

namespace {
const char* kExactStyle = "QLabel { background: #e8f5e9; color: #1b5e20; padding: 4px; border-radius: 4px; }";
const char* kInexactStyle = "QLabel { background: #fdecea; color: #611a15; padding: 4px; border-radius: 4px; font-weight: bold; }";
const char* kPlainStyle = "QLabel { background: #e8f4fd; color: #0d3c61; padding: 4px; border-radius: 4px; }";
}  // namespace

void setUpWorkloadSpinBoxes(QSpinBox* workers, QSpinBox* partitions, QSpinBox* vnodes) {
    const WorkloadSpec defaults;
    workers->setRange(0, 32);
    workers->setValue(defaults.workers);
    partitions->setRange(1, stream::kMaxPartitions);
    partitions->setValue(defaults.partitions);
    vnodes->setRange(1, stream::kMaxVnodes);
    vnodes->setValue(defaults.vnodes);
}

QString WorkloadPage::actionText(WorkerAction action, const QString& id) {
    switch (action) {
    case WorkerAction::Kill: return tr("kill -9 worker %1").arg(id);
    case WorkerAction::Pause: return tr("pause worker %1").arg(id);
    case WorkerAction::Resume: return tr("resume worker %1").arg(id);
    case WorkerAction::Stop: return tr("stop worker %1").arg(id);
    }
    return id;
}

WorkloadPage::WorkloadPage(DemoEnsemble* demo, TimelineModel* timeline, QWidget* parent)
    : QWidget(parent),
      demo_(demo),
      timeline_(timeline),
      watch_(new WorkloadWatch(demo, this)),
      setup_(new QWidget),
      setupLabel_(new QLabel),
      workersLabel_(new QLabel),
      partitionsLabel_(new QLabel),
      vnodesLabel_(new QLabel),
      workers_(new QSpinBox),
      partitions_(new QSpinBox),
      vnodes_(new QSpinBox),
      start_(new QPushButton),
      controls_(new QWidget),
      add_(new QPushButton),
      kill_(new QPushButton),
      pause_(new QPushButton),
      resume_(new QPushButton),
      stop_(new QPushButton),
      pauseJob_(new QPushButton),
      rateLabel_(new QLabel),
      rate_(new QDoubleSpinBox),
      applyRate_(new QPushButton),
      workerConfig_(new QWidget),
      workerConfigLabel_(new QLabel),
      workerRate_(new QDoubleSpinBox),
      applyWorkerRate_(new QPushButton),
      pauseWorkerCommits_(new QPushButton),
      clearWorkerConfig_(new QPushButton),
      summary_(new QLabel),
      table_(new QTableView) {
    setObjectName("workloadPage");
    setUpWorkloadSpinBoxes(workers_, partitions_, vnodes_);
    start_->setObjectName("startWorkload");
    auto* setup = new QHBoxLayout(setup_);
    setup->setContentsMargins(0, 0, 0, 0);
    setup->addWidget(setupLabel_);
    for (auto [label, box] : {std::pair{workersLabel_, workers_}, {partitionsLabel_, partitions_}, {vnodesLabel_, vnodes_}}) {
        setup->addWidget(label);
        setup->addWidget(box);
    }
    setup->addWidget(start_);
    setup->addStretch(1);

    add_->setObjectName("addWorker");
    kill_->setObjectName("killWorker");
    pause_->setObjectName("pauseWorker");
    resume_->setObjectName("resumeWorker");
    stop_->setObjectName("stopWorker");
    auto* controls = new QHBoxLayout(controls_);
    controls->setContentsMargins(0, 0, 0, 0);
    for (QPushButton* b : {add_, kill_, pause_, resume_, stop_}) controls->addWidget(b);
    controls->addStretch(1);
    pauseJob_->setObjectName("pauseJob");
    rate_->setObjectName("jobRate");
    applyRate_->setObjectName("applyRate");
    for (QWidget* w : std::initializer_list<QWidget*>{rateLabel_, rate_, applyRate_, pauseJob_}) controls->addWidget(w);
    workerRate_->setObjectName("workerRate");
    applyWorkerRate_->setObjectName("applyWorkerRate");
    pauseWorkerCommits_->setObjectName("pauseWorkerCommits");
    clearWorkerConfig_->setObjectName("clearWorkerConfig");
    for (QDoubleSpinBox* box : {rate_, workerRate_}) {
        box->setRange(0, 100000);
        box->setDecimals(1);
        box->setValue(stream::JobConfig().ratePerPartition);
    }
    auto* workerConfig = new QHBoxLayout(workerConfig_);
    workerConfig->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : std::initializer_list<QWidget*>{workerConfigLabel_, workerRate_, applyWorkerRate_, pauseWorkerCommits_,
                                                      clearWorkerConfig_})
        workerConfig->addWidget(w);
    workerConfig->addStretch(1);

    summary_->setObjectName("workloadSummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table_->setObjectName("workloadTable");
    table_->setModel(watch_->model());
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(setup_);
    layout->addWidget(controls_);
    layout->addWidget(workerConfig_);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);

    connect(start_, &QPushButton::clicked, this, [this] {
        startWorkload({workers_->value(), partitions_->value(), vnodes_->value()});
    });
    connect(add_, &QPushButton::clicked, this, [this] {
        timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action, tr("Asked: add a worker")}});
        demo_->addWorker();
    });
    const std::pair<QPushButton*, WorkerAction> workerButtons[] = {
        {kill_, WorkerAction::Kill}, {pause_, WorkerAction::Pause}, {resume_, WorkerAction::Resume}, {stop_, WorkerAction::Stop}};
    for (auto [button, action] : workerButtons)
        connect(button, &QPushButton::clicked, this, [this, action] {
            if (const QString id = selectedWorker(); !id.isEmpty()) actOnWorker(id, action);
        });
    connect(pauseJob_, &QPushButton::clicked, this, [this] {
        stream::ConfigChange change;
        const auto status = watch_->model()->status();
        change.paused = !(status && status->config.paused);
        changeJob(change);
    });
    connect(applyRate_, &QPushButton::clicked, this, [this] {
        stream::ConfigChange change;
        change.ratePerPartition = rate_->value();
        changeJob(change);
    });
    connect(applyWorkerRate_, &QPushButton::clicked, this, [this] {
        stream::ConfigChange change;
        change.ratePerPartition = workerRate_->value();
        if (const QString id = selectedWorker(); !id.isEmpty()) changeWorker(id, change);
    });
    connect(pauseWorkerCommits_, &QPushButton::clicked, this, [this] {
        const QString id = selectedWorker();
        if (id.isEmpty()) return;
        stream::ConfigChange change;
        change.paused = !workerPaused(id);
        changeWorker(id, change);
    });
    connect(clearWorkerConfig_, &QPushButton::clicked, this, [this] {
        if (const QString id = selectedWorker(); !id.isEmpty()) clearWorker(id);
    });
    connect(watch_, &WorkloadWatch::workerConfigChanged, this, [this](const QString& id, bool ok, const QString& error) {
        timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                            ok ? tr("Done: worker %1's configuration changed").arg(id)
                               : tr("Failed: worker %1's configuration (%2)").arg(id, error)}});
        if (!ok) emit message(tr("Worker %1's configuration could not change: %2").arg(id, error), true);
    });
    connect(watch_, &WorkloadWatch::configChanged, this, [this](bool ok, const QString& error) {
        timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                            ok ? tr("Done: the job's configuration changed") : tr("Failed: the job's configuration (%1)").arg(error)}});
        if (!ok) emit message(tr("The job's configuration could not change: %1").arg(error), true);
    });
    connect(watch_->model(), &WorkloadModel::summaryChanged, this, &WorkloadPage::updateState);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &WorkloadPage::updateState);
    connect(demo_, &DemoEnsemble::workloadStarted, this, [this] {
        watch_->start();
        updateState();
    });
    connect(demo_, &DemoEnsemble::workersChanged, this, &WorkloadPage::updateState);
    connect(demo_, &DemoEnsemble::failed, this, &WorkloadPage::updateState);  // Start is offered again
    connect(demo_, &DemoEnsemble::workerActionDone, this,
            [this](const QString& id, WorkerAction action, bool ok, const QString& error) {
                const QString what = actionText(action, id);
                timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                                    ok ? tr("Done: %1").arg(what) : tr("Failed: %1 (%2)").arg(what, error)}});
                if (!ok) emit message(tr("%1 failed: %2").arg(what, error), true);
            });
    connect(demo_, &DemoEnsemble::workerEnded, this, [this](const QString& id, const ProcessExit& how, const QString& logTail) {
        const QString sentence = describeWorkerEnd(id, how);
        timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action, sentence}});
        // The log's lines are the worker's own (English, like every log).
        emit message(logTail.isEmpty() ? sentence : tr("%1 The last lines of its log:\n%2").arg(sentence, logTail), true);
    });
    retranslateUi();
    if (demo_->hasWorkload()) watch_->start();
    updateState();
}

WorkloadModel* WorkloadPage::model() const { return watch_->model(); }

QString WorkloadPage::summaryText() const { return summary_->text(); }

void WorkloadPage::startWorkload(const WorkloadSpec& spec) {
    start_->setEnabled(false);
    timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                        tr("Asked: start the workload (%1 workers, %2 partitions, %3 virtual nodes)")
                            .arg(spec.workers)
                            .arg(spec.partitions)
                            .arg(spec.vnodes)}});
    demo_->startWorkload(spec);
}

void WorkloadPage::actOnWorker(const QString& id, WorkerAction action) {
    timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                        tr("Asked: %1").arg(actionText(action, id))}});
    demo_->actOnWorker(id, action);
}

void WorkloadPage::changeJob(const stream::ConfigChange& change) {
    QStringList what;
    if (change.paused) what << (*change.paused ? tr("pause the job") : tr("resume the job"));
    if (change.ratePerPartition) what << tr("%1 events/s per partition").arg(*change.ratePerPartition);
    timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                        tr("Asked: %1").arg(what.join(QStringLiteral(", ")))}});
    watch_->changeConfig(change);
}

void WorkloadPage::changeWorker(const QString& id, const stream::ConfigChange& change) {
    QStringList what;
    if (change.paused) what << (*change.paused ? tr("pause the commits of worker %1").arg(id)
                                               : tr("resume the commits of worker %1").arg(id));
    if (change.ratePerPartition)
        what << tr("%1 events/s per partition for worker %2").arg(*change.ratePerPartition).arg(id);
    if (change.batch) what << tr("batch %1 for worker %2").arg(*change.batch).arg(id);
    timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                        tr("Asked: %1").arg(what.join(QStringLiteral(", ")))}});
    watch_->changeWorkerConfig(id, change);
}

void WorkloadPage::clearWorker(const QString& id) {
    timeline_->append({{QDateTime::currentMSecsSinceEpoch(), QString(), EventKind::Action,
                        tr("Asked: worker %1 back on the job's configuration").arg(id)}});
    watch_->clearWorkerConfig(id);
}

bool WorkloadPage::workerPaused(const QString& id) const {
    const auto status = watch_->model()->status();
    if (!status) return false;
    return stream::applyChange(status->config, watch_->model()->overrides(id)).paused;
}

QString WorkloadPage::selectedWorker() const {
    const QModelIndexList rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : watch_->model()->workerId(rows.first().row());
}

void WorkloadPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) {
        watch_->model()->retranslate();
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void WorkloadPage::retranslateUi() {
    setupLabel_->setText(tr("The stream job on this demo:"));
    workersLabel_->setText(tr("Workers:"));
    partitionsLabel_->setText(tr("Partitions:"));
    vnodesLabel_->setText(tr("Virtual nodes:"));
    start_->setText(tr("Start the workload"));
    add_->setText(tr("Add a worker"));
    kill_->setText(tr("Kill (SIGKILL)"));
    pause_->setText(tr("Pause (SIGSTOP)"));
    resume_->setText(tr("Resume"));
    stop_->setText(tr("Stop (leaves cleanly)"));
    rateLabel_->setText(tr("Events/s per partition:"));
    applyRate_->setText(tr("Apply"));
    workerConfigLabel_->setText(tr("The selected worker's own events/s per partition:"));
    applyWorkerRate_->setText(tr("Apply to this worker"));
    clearWorkerConfig_->setText(tr("Back to the job's configuration"));
    updateState();
}

void WorkloadPage::setSummaryStyle(const char* style) {
    // setStyleSheet() re-polishes even an unchanged sheet; this runs every second.
    if (summary_->styleSheet() != QLatin1String(style)) summary_->setStyleSheet(QLatin1String(style));
}

void WorkloadPage::updateState() {
    const bool running = demo_->hasWorkload();
    setup_->setVisible(!running);
    start_->setEnabled(!running && demo_->isStarted());
    controls_->setVisible(running);
    const QString id = selectedWorker();
    bool paused = false, present = false;
    for (const DemoWorker& w : demo_->workers())
        if (w.id == id) {
            present = true;
            paused = w.paused;
        }
    kill_->setEnabled(present);
    stop_->setEnabled(present);
    pause_->setEnabled(present && !paused);
    resume_->setEnabled(present && paused);
    WorkloadModel* model = watch_->model();
    const bool jobPaused = model->status() && model->status()->config.paused;
    pauseJob_->setText(jobPaused ? tr("Resume the job") : tr("Pause the job"));
    pauseJob_->setEnabled(model->status().has_value());
    applyRate_->setEnabled(model->status().has_value());
    // A worker's overrides can be written whether or not its process runs
    // (a worker of that id follows them when it runs again).
    const bool inJob = !id.isEmpty() && model->status().has_value();
    workerConfig_->setVisible(running);
    applyWorkerRate_->setEnabled(inJob);
    pauseWorkerCommits_->setEnabled(inJob);
    pauseWorkerCommits_->setText(inJob && workerPaused(id) ? tr("Resume its commits") : tr("Pause its commits"));
    clearWorkerConfig_->setEnabled(inJob && !model->overrides(id).empty());
    if (!running) {
        summary_->setText(tr("No workload runs on this demo yet."));
        setSummaryStyle(kPlainStyle);
        return;
    }
    summary_->setText(model->summary());
    setSummaryStyle(!model->inexactSums().isEmpty() ? kInexactStyle
                    : model->status()           ? kExactStyle
                                                : kPlainStyle);
    summary_->setToolTip(model->inexactSums().join(QLatin1Char('\n')));
}

}  // namespace zooscope::ui
