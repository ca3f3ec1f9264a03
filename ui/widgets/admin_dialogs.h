// Dialogs of the subtree operations (zooscope::admin through AdminTask):
// - ImportPreviewDialog: the dry run of an import (what would be created,
//   updated, left, refused) before anything is written; Apply accepts.
// - AdminResultDialog: a summary sentence over a table of rows (a comparison,
//   or the nodes an operation could not handle).
// - CompareDialog: where to compare a subtree with (an open cluster + a path).
// - AdminProgressDialog: progress of a running operation with Cancel.
// They show data only; SubtreeOperations runs the operations. Translated texts
// are set in retranslateUi(), so a language switch reaches open dialogs.
// Threads: GUI thread only.
#pragma once

#include <QDialog>
#include <QList>
#include <QPair>

#include <memory>

#include "zooscope/admin.h"

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace zooscope::ui {

class AdminResultModel;

class ImportPreviewDialog : public QDialog {
    Q_OBJECT
public:
    // `source` names the file (shown only); `target` is the preview's target.
    ImportPreviewDialog(std::shared_ptr<const admin::ImportPreview> preview, const QString& source,
                        QWidget* parent = nullptr);

    std::shared_ptr<const admin::ImportPreview> preview() const { return preview_; }
    admin::ImportOptions options() const;
    void setOverwrite(bool overwrite);
    AdminResultModel* model() const { return model_; }
    QTableView* table() const { return table_; }
    QPushButton* applyButton() const { return apply_; }
    QString summaryText() const;
    // Nothing to write (everything unchanged, skipped or in conflict).
    bool nothingToDo() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();
    void updateApply();

    std::shared_ptr<const admin::ImportPreview> preview_;
    QString source_;
    AdminResultModel* model_;
    QLabel* summary_;
    QTableView* table_;
    QCheckBox* overwrite_;
    QDialogButtonBox* buttons_;
    QPushButton* apply_;
};

class AdminResultDialog : public QDialog {
    Q_OBJECT
public:
    explicit AdminResultDialog(QWidget* parent = nullptr);

    // Title, one summary sentence (plain text) and the rows (model owned here).
    void showComparison(const QString& title, const QString& summary, const admin::CompareResult& result);
    void showErrors(const QString& title, const QString& summary, const std::vector<admin::NodeError>& errors);
    AdminResultModel* model() const { return model_; }
    QString summaryText() const;

private:
    void fitColumns();

    AdminResultModel* model_;
    QLabel* summary_;
    QTableView* table_;
};

class CompareDialog : public QDialog {
    Q_OBJECT
public:
    // `clusters`: (title, key) of each open cluster; `current` is preselected.
    CompareDialog(const QString& leftDescription, const QList<QPair<QString, int>>& clusters, int current,
                  const QString& path, QWidget* parent = nullptr);
    int clusterKey() const;
    QString path() const;

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslateUi();

    QString leftDescription_;
    QLabel* intro_;
    QLabel* clusterLabel_;
    QLabel* pathLabel_;
    QComboBox* cluster_;
    QLineEdit* path_;
    QDialogButtonBox* buttons_;
};

// Unlike QProgressDialog, updating it never spins the event loop (a modal
// QProgressDialog's setValue() does, which lets the operation's result
// arrive in the middle of a progress update).
class AdminProgressDialog : public QDialog {
    Q_OBJECT
public:
    explicit AdminProgressDialog(const QString& title, QWidget* parent = nullptr);
    // total 0: unknown (a busy bar).
    void setProgress(const QString& phase, quint64 done, quint64 total);
    QString labelText() const;
    QPushButton* cancelButton() const { return cancel_; }
    bool wasCancelled() const { return cancelled_; }

signals:
    // Once, when the user cancels (button, Escape, closing the window).
    void canceled();

protected:
    void reject() override;

private:
    QLabel* heading_;
    QLabel* label_;
    QProgressBar* bar_;
    QPushButton* cancel_;
    bool cancelled_ = false;
};

}  // namespace zooscope::ui
