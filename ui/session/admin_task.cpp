#include "session/admin_task.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>

namespace zooscope::ui {

AdminTask::AdminTask(QObject* parent) : QObject(parent) {}

AdminTask::~AdminTask() {
    // Cancels and joins: the worker's last queued deliveries target this
    // object and are discarded by Qt with it. Only then may the clients go.
    job_.reset();
    clients_.clear();
}

void AdminTask::cancel() {
    if (job_) job_->cancel();
}

template <typename R>
bool AdminTask::start(std::vector<ClientPtr> clients, std::function<R(const admin::Control&)> work,
                      std::function<void(std::shared_ptr<const R>)> deliver) {
    if (job_) return false;
    for (const auto& c : clients)
        if (!c) return false;
    // The work functors capture plain references; these keep them valid.
    clients_ = std::move(clients);
    const int generation = ++generation_;
    admin::Control k = control_;
    k.cancel = admin::CancelToken();
    QPointer<AdminTask> self(this);
    // Runs on the worker: post to the GUI thread. The QPointer is only read
    // there (the task may be gone by then).
    k.onProgress = [self, generation](const admin::Progress& p) {
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, p] {
                if (self && self->generation_ == generation) emit self->progress(p.phase, p.done, p.total);
            },
            Qt::QueuedConnection);
    };
    job_ = admin::startJob<R>(std::move(work),
                              [self, generation, deliver = std::move(deliver)](R result) {
                                  auto shared = std::make_shared<const R>(std::move(result));
                                  QMetaObject::invokeMethod(
                                      QCoreApplication::instance(),
                                      [self, generation, deliver, shared] {
                                          if (!self || self->generation_ != generation) return;
                                          // The worker has finished its body; joining is immediate.
                                          self->job_.reset();
                                          self->clients_.clear();
                                          deliver(shared);
                                          emit self->finished();
                                      },
                                      Qt::QueuedConnection);
                              },
                              std::move(k));
    return true;
}

bool AdminTask::startPlanDelete(ClientPtr client, const QString& root) {
    if (!client) return false;
    client::Client& c = *client;
    return start<admin::DeletePlan>(
        {std::move(client)}, [&c, r = root.toStdString()](const admin::Control& k) { return admin::planRecursiveDelete(c, r, k); },
        [this](std::shared_ptr<const admin::DeletePlan> p) { emit planReady(std::move(p)); });
}

bool AdminTask::startDelete(ClientPtr client, std::shared_ptr<const admin::DeletePlan> plan) {
    if (!plan || !client) return false;
    client::Client& c = *client;
    return start<admin::DeleteReport>(
        {std::move(client)}, [&c, plan](const admin::Control& k) { return admin::executeRecursiveDelete(c, *plan, k); },
        [this](std::shared_ptr<const admin::DeleteReport> r) { emit deleteFinished(std::move(r)); });
}

bool AdminTask::startBatchDelete(ClientPtr client, const QStringList& paths) {
    if (!client) return false;
    client::Client& c = *client;
    std::vector<std::string> list;
    list.reserve(size_t(paths.size()));
    for (const auto& p : paths) list.push_back(p.toStdString());
    using Results = std::vector<admin::PathResult>;
    return start<Results>(
        {std::move(client)}, [&c, list = std::move(list)](const admin::Control& k) { return admin::deleteNodes(c, list, k); },
        [this](std::shared_ptr<const Results> r) { emit batchDeleteFinished(std::move(r)); });
}

namespace {
struct Exported {
    admin::Snapshot snapshot;
    QByteArray json;
};
}  // namespace

bool AdminTask::startExport(ClientPtr client, const QString& root, admin::ModeHints hints,
                            admin::ExportOptions options) {
    if (!client) return false;
    client::Client& c = *client;
    return start<Exported>(
        {std::move(client)}, [&c, r = root.toStdString(), hints = std::move(hints), options](const admin::Control& k) {
            Exported e;
            e.snapshot = admin::readSubtree(c, r, k, hints);
            if (!e.snapshot.cancelled) e.json = QByteArray::fromStdString(admin::toJson(e.snapshot, options));
            return e;
        },
        [this](std::shared_ptr<const Exported> e) {
            // Aliasing constructor: the snapshot stays owned by the result.
            emit exportFinished(std::shared_ptr<const admin::Snapshot>(e, &e->snapshot), e->json);
        });
}

bool AdminTask::startPreviewImport(ClientPtr client, std::shared_ptr<const admin::Snapshot> snapshot,
                                   const QString& target) {
    if (!snapshot || !client) return false;
    client::Client& c = *client;
    return start<admin::ImportPreview>(
        {std::move(client)}, [&c, snapshot, t = target.toStdString()](const admin::Control& k) {
            return admin::previewImport(c, *snapshot, t, k);
        },
        [this](std::shared_ptr<const admin::ImportPreview> p) { emit previewReady(std::move(p)); });
}

bool AdminTask::startApplyImport(ClientPtr client, std::shared_ptr<const admin::Snapshot> snapshot,
                                 std::shared_ptr<const admin::ImportPreview> preview, admin::ImportOptions options) {
    if (!snapshot || !preview || !client) return false;
    client::Client& c = *client;
    return start<admin::ImportReport>(
        {std::move(client)}, [&c, snapshot, preview, options](const admin::Control& k) {
            return admin::applyImport(c, *snapshot, *preview, options, k);
        },
        [this](std::shared_ptr<const admin::ImportReport> r) { emit importFinished(std::move(r)); });
}

bool AdminTask::startCompare(ClientPtr leftClient, const QString& leftRoot, ClientPtr rightClient,
                             const QString& rightRoot, admin::CompareOptions options) {
    if (!leftClient || !rightClient) return false;
    client::Client& left = *leftClient;
    client::Client& right = *rightClient;
    return start<admin::CompareResult>(
        {std::move(leftClient), std::move(rightClient)}, [&left, &right, l = leftRoot.toStdString(), r = rightRoot.toStdString(), options](const admin::Control& k) {
            return admin::compareSubtrees(left, l, right, r, options, k);
        },
        [this](std::shared_ptr<const admin::CompareResult> r) { emit compareFinished(std::move(r)); });
}

std::shared_ptr<const admin::Snapshot> AdminTask::parseExportFile(const QByteArray& json, QString* error) {
    std::string why;
    auto snap = admin::parseExport(std::string_view(json.constData(), size_t(json.size())), &why);
    if (!snap) {
        if (error) *error = tr("This file cannot be imported: %1").arg(QString::fromStdString(why));
        return nullptr;
    }
    return std::make_shared<const admin::Snapshot>(std::move(*snap));
}

QString AdminTask::phaseText(admin::Phase phase) {
    switch (phase) {
        case admin::Phase::Listing: return tr("Listing nodes");
        case admin::Phase::Reading: return tr("Reading nodes");
        case admin::Phase::Deleting: return tr("Deleting nodes");
        case admin::Phase::Writing: return tr("Writing nodes");
    }
    return {};
}

}  // namespace zooscope::ui
