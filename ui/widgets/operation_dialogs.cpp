#include "widgets/operation_dialogs.h"

#include <QFileDialog>
#include <QInputDialog>
#include <QWidget>

#include "session/admin_task.h"
#include "session/subtree_operations.h"
#include "widgets/admin_dialogs.h"

namespace zooscope::ui {

OperationDialogs::OperationDialogs(SubtreeOperations* operations, QWidget* window)
    : QObject(window), operations_(operations), window_(window) {
    connect(operations, &SubtreeOperations::progressStarted, this, &OperationDialogs::startProgress);
    connect(operations, &SubtreeOperations::progressEnded, this, &OperationDialogs::endProgress);
    connect(operations, &SubtreeOperations::progress, this, [this](admin::Phase phase, quint64 done, quint64 total) {
        if (progress_) progress_->setProgress(AdminTask::phaseText(phase), done, total);
    });
    connect(operations, &SubtreeOperations::errorsReported, this,
            [this](const QString& title, const QString& summary, const std::vector<admin::NodeError>& errors) {
                showResultDialog()->showErrors(title, summary, errors);
            });
    connect(operations, &SubtreeOperations::comparisonReady, this,
            [this](const QString& title, const QString& summary, const admin::CompareResult& result) {
                showResultDialog()->showComparison(title, summary, result);
            });
    connect(operations, &SubtreeOperations::importPreviewReady, this,
            [this](std::shared_ptr<const admin::Snapshot> snapshot, std::shared_ptr<const admin::ImportPreview> preview,
                   const QString& file, const QString& target) {
                if (preview_) preview_->deleteLater();
                auto* dialog = new ImportPreviewDialog(preview, file, window_);
                dialog->setAttribute(Qt::WA_DeleteOnClose);
                preview_ = dialog;
                connect(dialog, &QDialog::rejected, operations_, [this, target] { operations_->declineImport(target); });
                connect(dialog, &QDialog::accepted, operations_, [this, dialog, snapshot, preview, target] {
                    operations_->applyImport(snapshot, preview, target, dialog->options());
                });
                dialog->setWindowModality(Qt::WindowModal);
                dialog->show();
            });
}

OperationDialogs::~OperationDialogs() {
    if (operations_) disconnect(operations_, nullptr, this, nullptr);
}

AdminProgressDialog* OperationDialogs::progressDialog() const { return progress_; }

ImportPreviewDialog* OperationDialogs::importPreviewDialog() const { return preview_; }

AdminResultDialog* OperationDialogs::resultDialog() const { return result_; }

void OperationDialogs::startProgress(const QString& title) {
    endProgress();
    auto* dialog = new AdminProgressDialog(title, window_);
    // Cancelling stops new requests; those in flight finish, and the report
    // that follows says exactly what was done.
    connect(dialog, &AdminProgressDialog::canceled, operations_, &SubtreeOperations::cancel);
    progress_ = dialog;
    dialog->show();
}

void OperationDialogs::endProgress() {
    if (!progress_) return;
    progress_->disconnect(operations_);
    progress_->close();
    progress_->deleteLater();
    progress_ = nullptr;
}

AdminResultDialog* OperationDialogs::showResultDialog() {
    if (!result_) {
        result_ = new AdminResultDialog(window_);
        result_->setAttribute(Qt::WA_DeleteOnClose);
    }
    result_->show();
    result_->raise();
    return result_;
}

void OperationDialogs::exportInteractive(const QString& path) {
    if (path.isEmpty() || !operations_) return;
    QString name = path == QLatin1String("/") ? QStringLiteral("root") : path.mid(1);
    name.replace(QLatin1Char('/'), QLatin1Char('_'));
    const QString file = QFileDialog::getSaveFileName(window_, tr("Export %1").arg(path),
                                                      QStringLiteral("%1.zooscope.json").arg(name),
                                                      tr("ZooScope export (*.json);;All files (*)"));
    if (!file.isEmpty()) operations_->exportSubtree(path, file);
}

void OperationDialogs::importInteractive(const QString& target) {
    if (!operations_) return;
    const QString at = target.isEmpty() ? QStringLiteral("/") : target;
    // Refuse before asking for anything on a guarded cluster.
    if (!operations_->ready(tr("import into %1").arg(at), true)) return;
    const QString file = QFileDialog::getOpenFileName(window_, tr("Import a subtree"), QString(),
                                                      tr("ZooScope export (*.json);;All files (*)"));
    if (file.isEmpty()) return;
    auto snapshot = operations_->readExportFile(file);
    if (!snapshot) return;
    // The exported root lands below the chosen node under its own name.
    const QString rootName = QString::fromStdString(snapshot->root).section(QLatin1Char('/'), -1);
    QString proposal = at;
    if (!rootName.isEmpty()) proposal = (at == QLatin1String("/") ? QString() : at) + QLatin1Char('/') + rootName;
    bool ok = false;
    const QString into = QInputDialog::getText(
        window_, tr("Import a subtree"),
        tr("The exported root %1 becomes this path (missing parents are created). A preview follows; nothing is "
           "written yet.")
            .arg(QString::fromStdString(snapshot->root)),
        QLineEdit::Normal, proposal, &ok);
    if (ok && !into.trimmed().isEmpty()) operations_->previewImport(std::move(snapshot), file, into.trimmed());
}

}  // namespace zooscope::ui
