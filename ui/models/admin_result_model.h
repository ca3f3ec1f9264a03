// zooscope::ui::AdminResultModel — the rows of a subtree operation's result
// (zooscope::admin, run by AdminTask) for a table view.
//
// Threads: GUI thread only.
#pragma once

#include <QAbstractTableModel>
#include <QString>

#include <vector>

#include "zooscope/admin.h"

namespace zooscope::ui {

// Rows of a result for a table view: an import preview, a comparison, or the
// failures of a delete/import. Columns: path, what (action / difference /
// error name), detail (note / difference detail / message). Read-only.
class AdminResultModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { PathColumn, WhatColumn, DetailColumn, ColumnCount };
    // Raw values for filtering and icons.
    enum Role { CodeRole = Qt::UserRole + 1 };  // ImportAction / DiffKind / Err as int

    explicit AdminResultModel(QObject* parent = nullptr);

    void showPreview(const admin::ImportPreview& preview);
    void showComparison(const admin::CompareResult& result);
    void showErrors(const std::vector<admin::NodeError>& errors);
    void clear();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString actionText(admin::ImportAction a);
    static QString diffText(admin::DiffKind k);
    // Translated detail cells, worded from the structured fields (core's
    // English detail/note sentences are for logs and the CLI only).
    static QString differenceDetail(const admin::Difference& d);
    static QString importNoteText(const admin::ImportItem& item);

private:
    struct Row {
        QString path, what, detail;
        int code = 0;
    };
    void reset(std::vector<Row> rows);
    std::vector<Row> rows_;
};

}  // namespace zooscope::ui
