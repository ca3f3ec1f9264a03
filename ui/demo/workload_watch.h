// WorkloadWatch: reads a stream job's status once a second over a session of
// its own (core's stream::readJobStatus, the same read as `zooscope-ctl
// stream status`) and hands it to a WorkloadModel; it also tells the model
// the demo's worker processes whenever they change.
//
// Threads: GUI thread only; the reads are asynchronous (client threads), and
// their answers come back to the GUI thread. A read still in flight when the
// next second comes is not doubled. Destruction closes the session (the C
// client waits a few seconds at most).
#pragma once

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

#include "zooscope/stream.h"

namespace zooscope::ui {

class DemoEnsemble;
class WorkloadModel;

class WorkloadWatch : public QObject {
    Q_OBJECT
public:
    WorkloadWatch(DemoEnsemble* demo, QObject* parent = nullptr);
    ~WorkloadWatch() override;

    WorkloadModel* model() const { return model_; }
    // Connects and starts reading the demo's job (once the demo serves).
    void start();
    // Reads now (the timer does it every second).
    void read();
    // Changes the job's live configuration (stream::changeConfig, as
    // `zooscope-ctl stream config`); answered by configChanged().
    void changeConfig(const stream::ConfigChange& change);
    // Changes worker `id`'s own overrides (stream::changeWorkerConfig, as
    // `zooscope-ctl stream config JOB --worker ID`), or removes them
    // (clearWorkerConfig); answered by workerConfigChanged().
    void changeWorkerConfig(const QString& id, const stream::ConfigChange& change);
    void clearWorkerConfig(const QString& id);

signals:
    void configChanged(bool ok, const QString& error);
    void workerConfigChanged(const QString& id, bool ok, const QString& error);

private:
    // A stream write's answer (ok, error sentence) back on the GUI thread,
    // then a fresh read; dropped once this watch is gone.
    std::function<void(bool, const QString&)> onGuiThread(std::function<void(bool, const QString&)> then);

    QPointer<DemoEnsemble> demo_;
    WorkloadModel* model_;
    std::unique_ptr<client::Client> client_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards answers after destruction
    bool reading_ = false;
    QTimer timer_;
};

}  // namespace zooscope::ui
