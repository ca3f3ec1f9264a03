#include "demo/workload_watch.h"

#include <spdlog/spdlog.h>

#include "demo/demo_ensemble.h"
#include "demo/workload_model.h"
#include "zooscope/client.h"

namespace zooscope::ui {

WorkloadWatch::WorkloadWatch(DemoEnsemble* demo, QObject* parent)
    : QObject(parent), demo_(demo), model_(new WorkloadModel(this)) {
    connect(demo, &DemoEnsemble::workersChanged, this, [this] {
        if (demo_) model_->setProcesses(demo_->workers());
    });
    timer_.setInterval(1000);
    connect(&timer_, &QTimer::timeout, this, &WorkloadWatch::read);
}

WorkloadWatch::~WorkloadWatch() {
    *alive_ = false;
    if (client_) client_->close();
}

void WorkloadWatch::start() {
    if (client_ || !demo_ || !demo_->isStarted()) return;
    client::ClientOptions options;
    options.connectString = demo_->connectString().toStdString();
    std::string error;
    client_ = client::Client::connect(options, {}, &error);
    if (!client_) {
        model_->setReadError(tr("Cannot read the job: %1").arg(QString::fromStdString(error)));
        return;
    }
    model_->setProcesses(demo_->workers());
    timer_.start();
    read();
}

void WorkloadWatch::read() {
    if (!client_ || reading_ || !demo_) return;
    reading_ = true;
    std::weak_ptr<bool> alive = alive_;
    QPointer<WorkloadWatch> self(this);
    stream::readJobStatus(*client_, demo_->spec().job.toStdString(),
                          [alive, self](stream::Result<stream::JobStatus> r) {
                              if (auto a = alive.lock(); !a || !*a) return;
                              QMetaObject::invokeMethod(self.data(), [self, r = std::move(r)] {
                                  if (!self) return;
                                  self->reading_ = false;
                                  if (r.ok()) self->model_->setStatus(r.value);
                                  else self->model_->setReadError(
                                      tr("Cannot read the job: %1").arg(QString::fromStdString(r.message)));
                              });
                          });
}

std::function<void(bool, const QString&)> WorkloadWatch::onGuiThread(std::function<void(bool, const QString&)> then) {
    std::weak_ptr<bool> alive = alive_;
    QPointer<WorkloadWatch> self(this);
    return [alive, self, then](bool ok, const QString& error) {
        if (auto a = alive.lock(); !a || !*a) return;
        QMetaObject::invokeMethod(self.data(), [self, then, ok, error] {
            if (!self) return;
            then(ok, error);
            self->read();
        });
    };
}

void WorkloadWatch::changeConfig(const stream::ConfigChange& change) {
    if (!client_ || !demo_) return emit configChanged(false, tr("The workload is not running."));
    auto answer = onGuiThread([this](bool ok, const QString& error) { emit configChanged(ok, error); });
    stream::changeConfig(*client_, demo_->spec().job.toStdString(), change, [answer](stream::Result<stream::JobConfig> r) {
        answer(r.ok(), QString::fromStdString(r.message));
    });
}

void WorkloadWatch::changeWorkerConfig(const QString& id, const stream::ConfigChange& change) {
    if (!client_ || !demo_) return emit workerConfigChanged(id, false, tr("The workload is not running."));
    auto answer = onGuiThread([this, id](bool ok, const QString& error) { emit workerConfigChanged(id, ok, error); });
    stream::changeWorkerConfig(*client_, demo_->spec().job.toStdString(), id.toStdString(), change,
                               [answer](stream::Result<stream::ConfigChange> r) {
                                   answer(r.ok(), QString::fromStdString(r.message));
                               });
}

void WorkloadWatch::clearWorkerConfig(const QString& id) {
    if (!client_ || !demo_) return emit workerConfigChanged(id, false, tr("The workload is not running."));
    auto answer = onGuiThread([this, id](bool ok, const QString& error) { emit workerConfigChanged(id, ok, error); });
    stream::clearWorkerConfig(*client_, demo_->spec().job.toStdString(), id.toStdString(),
                              [answer](stream::Result<client::Empty> r) { answer(r.ok(), QString::fromStdString(r.message)); });
}

}  // namespace zooscope::ui
