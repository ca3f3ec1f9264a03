// OperationDialogs: the windows of one cluster's subtree operations
// (SubtreeOperations): a cancellable progress dialog while one runs, the
// import preview (its Import button applies the import), the result dialog
// (a comparison, failures), and the file dialogs of the interactive export
// and import.
//
// Contract: at most one of each is open; the progress dialog closes when the
// operation ends, the others stay until the user closes them.
// Threads: GUI thread only.
#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace zooscope::ui {

class AdminProgressDialog;
class AdminResultDialog;
class ImportPreviewDialog;
class SubtreeOperations;

class OperationDialogs : public QObject {
    Q_OBJECT
public:
    // Dialogs open over `window` (their parent).
    OperationDialogs(SubtreeOperations* operations, QWidget* window);
    ~OperationDialogs() override;

    // Asks for the file, then exports `path` to it.
    void exportInteractive(const QString& path);
    // Asks for an export file and the path its root becomes (below `target`),
    // then previews the import. A guarded cluster refuses before asking.
    void importInteractive(const QString& target);

    // Open while an operation runs (nullptr otherwise).
    AdminProgressDialog* progressDialog() const;
    // The last import preview / result dialog while it is open.
    ImportPreviewDialog* importPreviewDialog() const;
    AdminResultDialog* resultDialog() const;

private:
    void startProgress(const QString& title);
    void endProgress();
    AdminResultDialog* showResultDialog();

    QPointer<SubtreeOperations> operations_;
    QWidget* window_;
    QPointer<AdminProgressDialog> progress_;
    QPointer<ImportPreviewDialog> preview_;
    QPointer<AdminResultDialog> result_;
};

}  // namespace zooscope::ui
