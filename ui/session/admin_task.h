// zooscope::ui::AdminTask — the Qt face of zooscope::admin
// (core/include/zooscope/admin.h): subtree delete, export, import and compare
// run on a worker thread; progress and results arrive on the GUI thread as
// signals (AdminResultModel shows them as rows).
//
// Threads: lives on the GUI thread and is used only there. It runs one
// operation at a time on an admin::Job (its own thread); every signal is
// emitted on the GUI thread (queued from the worker). The GUI thread never
// waits on the network, except ~AdminTask, which cancels and joins the
// worker (bounded: requests already in flight finish, nothing new is sent).
//
// Ownership: a start function takes the Client as a shared_ptr and the task
// keeps that reference until the operation has delivered its result (or the
// task is destroyed), so the client outlives the job even when its owner
// (ClientAdapter after a session expiry) lets go of it meanwhile. The task
// drops the reference on the GUI thread; owners close a client before
// letting go (ClientAdapter does), so that never waits on the network.
// A null client is refused (the start function returns false). Results are
// handed out as shared_ptr<const ...> so views may keep them.
#pragma once

#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

#include "zooscope/admin.h"

namespace zooscope::ui {

class AdminTask : public QObject {
    Q_OBJECT
public:
    explicit AdminTask(QObject* parent = nullptr);
    ~AdminTask() override;

    bool isRunning() const { return job_ != nullptr; }

    using ClientPtr = std::shared_ptr<client::Client>;

    // Each start function returns false (and does nothing) while another
    // operation runs, or when a client is null. `window` etc. come from
    // control() (defaults are fine).
    bool startPlanDelete(ClientPtr c, const QString& root);
    bool startDelete(ClientPtr c, std::shared_ptr<const admin::DeletePlan> plan);
    bool startBatchDelete(ClientPtr c, const QStringList& paths);
    // Reads the subtree and renders it (admin::toJson) on the worker thread.
    bool startExport(ClientPtr c, const QString& root, admin::ModeHints hints = {},
                     admin::ExportOptions options = {});
    bool startPreviewImport(ClientPtr c, std::shared_ptr<const admin::Snapshot> snapshot, const QString& target);
    bool startApplyImport(ClientPtr c, std::shared_ptr<const admin::Snapshot> snapshot,
                          std::shared_ptr<const admin::ImportPreview> preview, admin::ImportOptions options);
    bool startCompare(ClientPtr left, const QString& leftRoot, ClientPtr right, const QString& rightRoot,
                      admin::CompareOptions options = {});

    // Settings for the next start (window, progress interval). The cancel
    // token and progress callback are replaced by the task's own.
    admin::Control& control() { return control_; }

    // Parses an export file on the calling thread (pure, no network; fast
    // enough for files of a few hundred MB). nullptr + *error (a sentence
    // naming the line or node) when it is not a valid export.
    static std::shared_ptr<const admin::Snapshot> parseExportFile(const QByteArray& json, QString* error);
    // Translated name of a phase, for a progress label.
    static QString phaseText(admin::Phase phase);

public slots:
    // Stops issuing requests; the running operation still reports what it did.
    void cancel();

signals:
    void progress(zooscope::admin::Phase phase, quint64 done, quint64 total);
    void planReady(std::shared_ptr<const zooscope::admin::DeletePlan> plan);
    void deleteFinished(std::shared_ptr<const zooscope::admin::DeleteReport> report);
    void batchDeleteFinished(std::shared_ptr<const std::vector<zooscope::admin::PathResult>> results);
    // json is the file's bytes (UTF-8).
    void exportFinished(std::shared_ptr<const zooscope::admin::Snapshot> snapshot, QByteArray json);
    void previewReady(std::shared_ptr<const zooscope::admin::ImportPreview> preview);
    void importFinished(std::shared_ptr<const zooscope::admin::ImportReport> report);
    void compareFinished(std::shared_ptr<const zooscope::admin::CompareResult> result);
    // After the operation's own signal; isRunning() is false again.
    void finished();

private:
    template <typename R>
    bool start(std::vector<ClientPtr> clients, std::function<R(const admin::Control&)> work,
               std::function<void(std::shared_ptr<const R>)> deliver);

    admin::Control control_;
    std::unique_ptr<admin::Job> job_;
    // The running job's clients, released on the GUI thread once the job is
    // over (~AdminTask joins the job before it lets them go).
    std::vector<ClientPtr> clients_;
    int generation_ = 0;  // tells a finished job's late delivery from the current one
};

}  // namespace zooscope::ui
