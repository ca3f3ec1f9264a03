#include "session/subtree_operations.h"

#include <QCoreApplication>
#include <QFile>
#include <QSaveFile>

#include <spdlog/spdlog.h>

#include "adapter/client_adapter.h"
#include "models/create_mode_cache.h"
#include "session/admin_task.h"
#include "session/write_guard.h"
#include "text/node_errors.h"
#include "zooscope/znode_path.h"

namespace zooscope::ui {

namespace {

// Paths named one by one in a confirmation or a result message.
constexpr int kListedPaths = 12;

// One path a line, the first kListedPaths, then "... and N more".
QString pathList(const QStringList& paths) {
    QStringList shown = paths.mid(0, kListedPaths);
    QString text = shown.join(QLatin1Char('\n'));
    if (paths.size() > kListedPaths)
        text += QLatin1Char('\n') + QCoreApplication::translate("zooscope::ui::SubtreeOperations", "... and %n more",
                                                                nullptr, int(paths.size() - kListedPaths));
    return text;
}

}  // namespace

SubtreeOperations::SubtreeOperations(ClientAdapter* adapter, WriteGuard* guard, CreateModeCache* modes,
                                     const QString& clusterName, QObject* parent)
    : QObject(parent),
      adapter_(adapter),
      guard_(guard),
      modes_(modes),
      clusterName_(clusterName),
      task_(new AdminTask(this)) {
    connect(task_, &AdminTask::progress, this, &SubtreeOperations::progress);
}

SubtreeOperations::~SubtreeOperations() {
    // A running operation stops sending; the task (a child) joins its worker.
    task_->cancel();
    disconnect(task_, nullptr, this, nullptr);
}

ClientAdapter* SubtreeOperations::adapter() const { return adapter_; }

bool SubtreeOperations::isBusy() const { return task_->isRunning(); }

void SubtreeOperations::cancel() { task_->cancel(); }

bool SubtreeOperations::confirm(const QString& title, const QString& question) {
    return confirmer_ && confirmer_(title, question);
}

bool SubtreeOperations::ready(const QString& action, bool write) {
    if (write && guard_ && !guard_->check(action)) {
        emit finished(guard_->refusal(action), false);
        return false;
    }
    if (task_->isRunning()) {
        finish(tr("Not started: %1. Another operation is still running in this tab; wait for it or cancel it.")
                   .arg(action),
               false);
        return false;
    }
    if (!adapter_ || !adapter_->clientShared()) {
        finish(tr("Not started: %1. There is no session with %2.").arg(action, clusterName_), false);
        return false;
    }
    return true;
}

void SubtreeOperations::finish(const QString& summary, bool ok) {
    spdlog::info("{}: {}", clusterName_.toStdString(), summary.toStdString());
    emit finished(summary, ok);
}

void SubtreeOperations::notStarted(const std::shared_ptr<QMetaObject::Connection>& pending) {
    // ready() checked the usual reasons; this is the rest (the session went
    // away in between).
    disconnect(*pending);
    emit progressEnded();
    finish(tr("The operation could not start: there is no session with %1.").arg(clusterName_), false);
}

void SubtreeOperations::changedBelowParentOf(const QString& path) {
    const std::string utf8 = path.toStdString();
    emit parentChanged(QString::fromUtf8(parentOf(utf8)));
}

void SubtreeOperations::deleteNodes(const QStringList& paths) {
    if (paths.isEmpty()) return;
    const int n = int(paths.size());
    if (!ready(tr("delete %n node(s)", nullptr, n), true)) return;
    const QString question = n == 1 ? tr("Delete %1?\n\nOnly this node; one that has children is not deleted.")
                                          .arg(paths.first())
                                    : tr("Delete these %n nodes?\n\n%1\n\nOnly the nodes themselves; those that have "
                                         "children are not deleted.",
                                         nullptr, n)
                                          .arg(pathList(paths));
    if (!confirm(n == 1 ? tr("Delete node") : tr("Delete %n nodes", nullptr, n), question)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::batchDeleteFinished, this,
                    [this, conn](std::shared_ptr<const std::vector<admin::PathResult>> results) {
                        disconnect(*conn);
                        QStringList deleted, problems;
                        for (const auto& r : *results) {
                            const QString path = QString::fromStdString(r.path);
                            if (r.deleted()) {
                                deleted << path;
                                changedBelowParentOf(path);
                            } else if (!r.attempted && r.err == proto::Err::Ok) {
                                problems << tr("%1: not deleted, the operation was cancelled first.").arg(path);
                            } else if (!r.attempted) {
                                problems << tr("%1: refused, this node is protected or the path is invalid (%2).")
                                                .arg(path, QString::fromStdString(r.message));
                            } else if (r.err == proto::Err::NotEmpty) {
                                problems << tr("%1 has children: use \"Delete recursively\" to remove it with "
                                               "everything below it.")
                                                .arg(path);
                            } else if (r.err == proto::Err::NoNode) {
                                problems << tr("%1 was already gone (another client deleted it).").arg(path);
                            } else {
                                problems << describeNodeError(r.err, client::Operation::Delete, path,
                                                              QString::fromStdString(r.message));
                            }
                        }
                        const int total = int(results->size());
                        QString summary;
                        if (problems.isEmpty())
                            summary = total == 1 ? tr("Deleted %1.").arg(deleted.first())
                                                 : tr("Deleted %n nodes:", nullptr, total) + QLatin1Char('\n') +
                                                       pathList(deleted);
                        else
                            summary = tr("Deleted %1 of %n node(s).", nullptr, total).arg(deleted.size()) +
                                      QLatin1Char('\n') + pathList(problems);
                        finish(summary, problems.isEmpty());
                    });
    if (!task_->startBatchDelete(adapter_->clientShared(), paths)) notStarted(conn);
}

void SubtreeOperations::deleteRecursive(const QString& path) {
    if (path.isEmpty()) return;
    if (!ready(tr("delete %1 recursively").arg(path), true)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::planReady, this, [this, conn](std::shared_ptr<const admin::DeletePlan> plan) {
        disconnect(*conn);
        emit progressEnded();
        onPlanReady(std::move(plan));
    });
    emit progressStarted(tr("Counting the nodes below %1").arg(path));
    if (!task_->startPlanDelete(adapter_->clientShared(), path)) notStarted(conn);
}

void SubtreeOperations::onPlanReady(std::shared_ptr<const admin::DeletePlan> plan) {
    const QString root = QString::fromStdString(plan->root);
    if (!plan->refused.empty()) {
        finish(tr("%1 cannot be deleted recursively: %2").arg(root, QString::fromStdString(plan->refused)), false);
        return;
    }
    if (plan->cancelled) {
        finish(tr("Recursive delete of %1 cancelled while counting; nothing was deleted.").arg(root), false);
        return;
    }
    const int count = int(plan->count());
    QStringList sample;
    for (const auto& p : plan->sample) sample << QString::fromStdString(p);
    QString question = tr("Delete %1 and everything below it?\n\nThis removes %n node(s) (counted just now), for "
                          "example:",
                          nullptr, count)
                           .arg(root) +
                       QLatin1Char('\n') + sample.join(QLatin1Char('\n'));
    if (plan->count() > uint64_t(sample.size()))
        question += QLatin1Char('\n') +
                    tr("... and %n more", nullptr, int(plan->count() - uint64_t(sample.size())));
    if (!plan->errors.empty())
        question += QStringLiteral("\n\n") +
                    tr("%n node(s) below could not be listed (%1); they and their parents will be left.", nullptr,
                       int(plan->errors.size()))
                        .arg(QString::fromStdString(plan->errors.front().message));
    question += QStringLiteral("\n\n") + tr("Nodes created meanwhile below it are deleted too. This cannot be undone.");
    if (!confirm(tr("Delete %n node(s) recursively", nullptr, count), question)) {
        finish(tr("Recursive delete of %1 not confirmed; nothing was deleted.").arg(root), true);
        return;
    }
    if (!ready(tr("delete %1 recursively").arg(root), true)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::deleteFinished, this,
                    [this, conn, root](std::shared_ptr<const admin::DeleteReport> report) {
                        disconnect(*conn);
                        emit progressEnded();
                        changedBelowParentOf(root);
                        const int deleted = int(report->deleted.size());
                        const quint64 left = report->planned > report->deleted.size() + report->vanished
                                                 ? report->planned - report->deleted.size() - report->vanished
                                                 : 0;
                        QString summary;
                        if (report->cancelled)
                            summary = tr("Recursive delete of %1 cancelled: %2 of %3 node(s) deleted, %4 left.")
                                          .arg(root)
                                          .arg(deleted)
                                          .arg(report->planned)
                                          .arg(left);
                        else if (report->errors.empty())
                            summary = tr("Deleted %1 and everything below it: %n node(s).", nullptr, deleted).arg(root);
                        else
                            summary = tr("Deleted %2 of %3 node(s) under %1; %n could not be deleted.", nullptr,
                                         int(report->errors.size()))
                                          .arg(root)
                                          .arg(deleted)
                                          .arg(report->planned);
                        if (report->vanished > 0)
                            summary += QLatin1Char(' ') + tr("%n node(s) were already gone (deleted by another "
                                                             "client).",
                                                             nullptr, int(report->vanished));
                        if (!report->retried.empty())
                            summary += QLatin1Char(' ') + tr("%n subtree(s) gained children meanwhile and were "
                                                             "listed again.",
                                                             nullptr, int(report->retried.size()));
                        if (!report->errors.empty()) emit errorsReported(tr("Recursive delete"), summary, report->errors);
                        finish(summary, report->complete());
                    });
    emit progressStarted(tr("Deleting %1").arg(root));
    if (!task_->startDelete(adapter_->clientShared(), std::move(plan))) notStarted(conn);
}

void SubtreeOperations::exportSubtree(const QString& path, const QString& file, const admin::ExportOptions& options) {
    if (path.isEmpty() || file.isEmpty()) return;
    if (!ready(tr("export %1").arg(path), false)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::exportFinished, this,
                    [this, conn, path, file, options](std::shared_ptr<const admin::Snapshot> snap, QByteArray json) {
                        disconnect(*conn);
                        emit progressEnded();
                        // The hidden modes are known here (the cache lives on
                        // this thread), once the subtree's paths are: the
                        // file is written again only when a hint applies.
                        const admin::ModeHints hints = snap->cancelled ? admin::ModeHints{} : knownModeHints(*snap);
                        if (!hints.empty()) {
                            auto annotated = std::make_shared<admin::Snapshot>(*snap);
                            for (auto& node : annotated->nodes) {
                                const auto h = hints.find(node.path);
                                if (h == hints.end()) continue;
                                node.mode = h->second.mode;
                                node.ttlMs = h->second.mode == admin::NodeMode::Ttl ? h->second.ttlMs : 0;
                                node.modeAnnotated = true;
                            }
                            json = QByteArray::fromStdString(admin::toJson(*annotated, options));
                            snap = std::move(annotated);
                        }
                        if (snap->cancelled) {
                            finish(tr("Export of %1 cancelled; no file was written.").arg(path), false);
                            return;
                        }
                        if (snap->nodes.empty()) {
                            const QString why = snap->errors.empty()
                                                    ? QString()
                                                    : QString::fromStdString(snap->errors.front().message);
                            finish(tr("Nothing exported: %1 could not be read. %2").arg(path, why), false);
                            return;
                        }
                        QSaveFile out(file);
                        if (!out.open(QIODevice::WriteOnly) || out.write(json) != json.size() || !out.commit()) {
                            finish(tr("Cannot write %1: %2").arg(file, out.errorString()), false);
                            return;
                        }
                        QString summary = tr("Exported %n node(s) under %1 to %2.", nullptr, int(snap->nodes.size()))
                                              .arg(path, file);
                        if (!hints.empty())
                            summary += QLatin1Char(' ') + tr("%n container or TTL node(s) created in this session "
                                                             "are marked with their mode (the server does not "
                                                             "report it).",
                                                             nullptr, int(hints.size()));
                        if (!snap->errors.empty()) {
                            summary += QLatin1Char(' ') + tr("%n node(s) could not be read and are missing from the "
                                                             "file (it lists them as unreadable).",
                                                             nullptr, int(snap->errors.size()));
                            emit errorsReported(tr("Export"), summary, snap->errors);
                        }
                        finish(summary, snap->errors.empty());
                    });
    emit progressStarted(tr("Exporting %1").arg(path));
    if (!task_->startExport(adapter_->clientShared(), path, {}, options)) notStarted(conn);
}

admin::ModeHints SubtreeOperations::knownModeHints(const admin::Snapshot& snapshot) const {
    admin::ModeHints hints;
    if (!modes_ || modes_->isEmpty()) return hints;
    for (const auto& node : snapshot.nodes) {
        // A mode the server reported (ephemeral, or a raw container/TTL
        // owner) wins, as in admin::readSubtree.
        if (node.mode != admin::NodeMode::Persistent || node.modeAnnotated) continue;
        const QString path = QString::fromStdString(node.path);
        const auto mode = modes_->knownCreateMode(path);
        if (!mode) continue;
        if (*mode == proto::CreateMode::Container) {
            hints[node.path] = admin::ModeHint{admin::NodeMode::Container, 0};
        } else if (proto::isTtl(*mode)) {
            hints[node.path] = admin::ModeHint{admin::NodeMode::Ttl, modes_->knownTtlMs(path)};
        }
    }
    return hints;
}

std::shared_ptr<const admin::Snapshot> SubtreeOperations::readExportFile(const QString& file) {
    QFile in(file);
    if (!in.open(QIODevice::ReadOnly)) {
        finish(tr("Cannot read %1: %2").arg(file, in.errorString()), false);
        return nullptr;
    }
    QString error;
    auto snapshot = AdminTask::parseExportFile(in.readAll(), &error);
    if (!snapshot) finish(error, false);
    return snapshot;
}

void SubtreeOperations::importFile(const QString& file, const QString& target) {
    if (file.isEmpty() || target.isEmpty()) return;
    if (!ready(tr("import into %1").arg(target), true)) return;
    if (auto snapshot = readExportFile(file)) previewImport(std::move(snapshot), file, target);
}

void SubtreeOperations::previewImport(std::shared_ptr<const admin::Snapshot> snapshot, const QString& file,
                                      const QString& target) {
    if (!ready(tr("import into %1").arg(target), true)) return;
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::previewReady, this,
                    [this, conn, snapshot, file, target](std::shared_ptr<const admin::ImportPreview> preview) {
                        disconnect(*conn);
                        emit progressEnded();
                        if (!preview->refused.empty()) {
                            finish(tr("Cannot import into %1: %2")
                                       .arg(target, QString::fromStdString(preview->refused)),
                                   false);
                            return;
                        }
                        if (preview->cancelled) {
                            finish(tr("Import preview cancelled; nothing was written."), false);
                            return;
                        }
                        emit importPreviewReady(snapshot, preview, file, target);
                    });
    emit progressStarted(tr("Previewing the import into %1").arg(target));
    if (!task_->startPreviewImport(adapter_->clientShared(), snapshot, target)) notStarted(conn);
}

void SubtreeOperations::declineImport(const QString& target) {
    finish(tr("Import into %1 not applied; nothing was written.").arg(target), true);
}

void SubtreeOperations::applyImport(std::shared_ptr<const admin::Snapshot> snapshot,
                                    std::shared_ptr<const admin::ImportPreview> preview, const QString& target,
                                    const admin::ImportOptions& options) {
    if (!ready(tr("import into %1").arg(target), true)) return;
    auto done = std::make_shared<QMetaObject::Connection>();
    *done = connect(task_, &AdminTask::importFinished, this,
                    [this, done, target](std::shared_ptr<const admin::ImportReport> r) {
                        disconnect(*done);
                        emit progressEnded();
                        changedBelowParentOf(target);
                        QString summary = tr("Imported into %1: %2 created, %3 updated, %4 unchanged, %5 "
                                             "skipped, %6 in conflict (not written).")
                                              .arg(target)
                                              .arg(r->created + r->parentsCreated)
                                              .arg(r->updated)
                                              .arg(r->unchanged)
                                              .arg(r->skipped)
                                              .arg(r->conflicts);
                        if (r->cancelled) summary = tr("Import cancelled.") + QLatin1Char(' ') + summary;
                        if (!r->errors.empty()) {
                            summary += QLatin1Char(' ') + tr("%n request(s) failed.", nullptr, int(r->errors.size()));
                            emit errorsReported(tr("Import"), summary, r->errors);
                        }
                        finish(summary, r->complete());
                    });
    emit progressStarted(tr("Importing into %1").arg(target));
    if (!task_->startApplyImport(adapter_->clientShared(), std::move(snapshot), std::move(preview), options))
        notStarted(done);
}

void SubtreeOperations::compareWith(const QString& path, SubtreeOperations* other, const QString& otherPath) {
    if (path.isEmpty() || otherPath.isEmpty()) return;
    if (!other) other = this;
    if (!ready(tr("compare %1").arg(path), false)) return;
    auto right = other->adapter() ? other->adapter()->clientShared() : nullptr;
    const QString leftName = tr("%1 on %2").arg(path, clusterName_);
    const QString rightName = tr("%1 on %2").arg(otherPath, other->clusterName());
    if (!right) {
        finish(tr("Not started: compare %1. There is no session with %2.").arg(path, other->clusterName()), false);
        return;
    }
    auto conn = std::make_shared<QMetaObject::Connection>();
    *conn = connect(task_, &AdminTask::compareFinished, this,
                    [this, conn, leftName, rightName](std::shared_ptr<const admin::CompareResult> r) {
                        disconnect(*conn);
                        emit progressEnded();
                        QString summary;
                        if (r->cancelled)
                            summary = tr("Comparison cancelled.");
                        else if (r->identical())
                            summary = tr("%1 and %2 are identical: %n node(s) each, same data, ACLs and modes.",
                                         nullptr, int(r->leftCount))
                                          .arg(leftName, rightName);
                        else
                            summary = tr("%1 (%2 nodes) and %3 (%4 nodes) differ in %n place(s).", nullptr,
                                         int(r->differences.size()))
                                          .arg(leftName)
                                          .arg(r->leftCount)
                                          .arg(rightName)
                                          .arg(r->rightCount);
                        if (!r->errors.empty())
                            summary += QLatin1Char(' ') + tr("%n node(s) could not be read, so the comparison is "
                                                             "incomplete.",
                                                             nullptr, int(r->errors.size()));
                        if (!r->cancelled) emit comparisonReady(tr("Comparison"), summary, *r);
                        finish(summary, r->identical());
                    });
    emit progressStarted(tr("Comparing %1 with %2").arg(leftName, rightName));
    if (!task_->startCompare(adapter_->clientShared(), path, std::move(right), otherPath)) notStarted(conn);
}

}  // namespace zooscope::ui
