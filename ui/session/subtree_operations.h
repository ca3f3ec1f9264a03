// SubtreeOperations: the subtree operations of one cluster tab -- batch
// delete, recursive delete, export, import and compare -- through one
// AdminTask, one at a time, on a worker thread holding the session's client
// (ClientAdapter::clientShared()). Widget-free: OperationDialogs (ui/widgets)
// shows what it reports.
//
// Contracts:
// - Each operation returns at once and ends with finished(summary, ok): one
//   translated sentence, ok = it did everything it was asked to. A refusal
//   (guard, busy, no session, unreadable file) ends the same way, at once.
//   Declining a batch delete's question ends nothing: nothing started.
// - Deletes and imports are writes: the WriteGuard refuses them.
// - Questions go through the Confirmer (without one the answer is no).
// - Long operations: progressStarted(title), AdminTask's progress, then
//   progressEnded(); cancel() stops issuing requests (those in flight finish)
//   and the summary says exactly what was done.
// - Result rows: errorsReported() (failures of a delete, export or import),
//   comparisonReady(). An import is previewed first (a dry run: nothing is
//   written): importPreviewReady(), then applyImport() or declineImport().
// - parentChanged(path): nodes below `path` were created or deleted.
// - Export writes the modes the server hides (containers and TTL nodes read as
//   persistent) when the CreateModeCache knows them, with the TTL where it
//   was given; they carry "modeAnnotated": true, and the summary counts them.
//   A TTL node whose TTL is unknown is written as persistent.
// - Export and import files are read and written on the calling thread.
// Threads: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <vector>

#include "zooscope/admin.h"

namespace zooscope::ui {

class AdminTask;
class ClientAdapter;
class CreateModeCache;
class WriteGuard;

// Asks a yes/no question (title, question); true = go ahead.
using Confirmer = std::function<bool(const QString& title, const QString& question)>;

class SubtreeOperations : public QObject {
    Q_OBJECT
public:
    // None owned; `modes` may be null (no hidden modes are known then).
    SubtreeOperations(ClientAdapter* adapter, WriteGuard* guard, CreateModeCache* modes, const QString& clusterName,
                      QObject* parent = nullptr);
    ~SubtreeOperations() override;

    void setConfirmer(Confirmer confirmer) { confirmer_ = std::move(confirmer); }
    ClientAdapter* adapter() const;
    QString clusterName() const { return clusterName_; }
    AdminTask* task() const { return task_; }
    bool isBusy() const;

    // Deletes each path (single nodes, version -1) after one confirmation;
    // the summary names every path that was not deleted and why.
    void deleteNodes(const QStringList& paths);
    // Counts the subtree under `path` (cancellable), asks with that count,
    // then deletes it bottom-up.
    void deleteRecursive(const QString& path);
    // Reads the subtree and writes it to `file` (zooscope-export JSON).
    void exportSubtree(const QString& path, const QString& file, const admin::ExportOptions& options = {});
    // Reads `file` and previews importing it into `target`.
    void importFile(const QString& file, const QString& target);
    void previewImport(std::shared_ptr<const admin::Snapshot> snapshot, const QString& file, const QString& target);
    // The answers to importPreviewReady().
    void applyImport(std::shared_ptr<const admin::Snapshot> snapshot,
                     std::shared_ptr<const admin::ImportPreview> preview, const QString& target,
                     const admin::ImportOptions& options);
    void declineImport(const QString& target);
    // Compares `path` here with `otherPath` of `other` (these operations or
    // another cluster's); the differences come as comparisonReady().
    void compareWith(const QString& path, SubtreeOperations* other, const QString& otherPath);

    // The common checks before an operation (guard for writes, busy, session);
    // false = refused, and finished() said why. For flows that ask the user
    // for more (files) before they start.
    bool ready(const QString& action, bool write);
    // A parsed export file; nullptr when it cannot be read or parsed, and
    // finished() said why.
    std::shared_ptr<const admin::Snapshot> readExportFile(const QString& file);

public slots:
    void cancel();

signals:
    void finished(const QString& summary, bool ok);
    void progressStarted(const QString& title);
    void progress(zooscope::admin::Phase phase, quint64 done, quint64 total);
    void progressEnded();
    void errorsReported(const QString& title, const QString& summary,
                        const std::vector<zooscope::admin::NodeError>& errors);
    void comparisonReady(const QString& title, const QString& summary, const zooscope::admin::CompareResult& result);
    void importPreviewReady(std::shared_ptr<const zooscope::admin::Snapshot> snapshot,
                            std::shared_ptr<const zooscope::admin::ImportPreview> preview, const QString& file,
                            const QString& target);
    void parentChanged(const QString& path);

private:
    bool confirm(const QString& title, const QString& question);
    void finish(const QString& summary, bool ok);
    void notStarted(const std::shared_ptr<QMetaObject::Connection>& pending);
    void changedBelowParentOf(const QString& path);
    void onPlanReady(std::shared_ptr<const admin::DeletePlan> plan);
    // The modes the server hides, as far as the cache knows them, for the
    // nodes of `snapshot`.
    admin::ModeHints knownModeHints(const admin::Snapshot& snapshot) const;

    QPointer<ClientAdapter> adapter_;
    QPointer<WriteGuard> guard_;
    QPointer<CreateModeCache> modes_;
    QString clusterName_;
    Confirmer confirmer_;
    AdminTask* task_;
};

}  // namespace zooscope::ui
