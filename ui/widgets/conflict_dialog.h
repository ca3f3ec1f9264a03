// The edit-conflict view: what the user loaded (base), what the server has
// now (theirs) and the user's edit (mine), side by side with changed lines
// highlighted (text/three_way.h), above an editable result prefilled with
// the three-way merge. The user picks: save the result against the server's
// new version, overwrite (version -1; the owner asks for confirmation), or
// reload. The dialog only reports the choice (chosen()); NodePanel acts.
// GUI thread only.
#pragma once

#include <QDialog>

#include "text/three_way.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace zooscope::ui {

struct ConflictInput {
    QString path;
    QString base;    // as loaded, in the editor's encoding
    QString theirs;  // the server's current data, same encoding
    QString mine;    // the user's edit
    int baseVersion = 0;
    int theirsVersion = 0;
    QString encodingName;  // shown so the user knows what the text means
    QString note;          // optional extra sentence for the summary
};

class ConflictDialog : public QDialog {
    Q_OBJECT
public:
    enum class Choice { SaveMerged, Overwrite, Reload, Cancel };
    Q_ENUM(Choice)

    explicit ConflictDialog(QWidget* parent = nullptr);

    void setInput(const ConflictInput& input);
    const ConflictInput& input() const { return input_; }
    const MergeResult& merge() const { return merge_; }

    QString resultText() const;
    void setResultText(const QString& text);
    // Conflict-marker regions still in the result.
    bool resultHasConflicts() const;

    // Same as pressing the button: emits chosen(choice) and closes the dialog
    // (Cancel rejects; the others accept).
    void choose(Choice choice);

signals:
    void chosen(zooscope::ui::ConflictDialog::Choice choice);

private:
    void refreshResultState();

    ConflictInput input_;
    MergeResult merge_;
    QLabel* summary_;
    QLabel* baseTitle_;
    QLabel* theirsTitle_;
    QLabel* mineTitle_;
    QPlainTextEdit* base_;
    QPlainTextEdit* theirs_;
    QPlainTextEdit* mine_;
    QPlainTextEdit* result_;
    QLabel* resultState_;
    QPushButton* saveButton_;
};

}  // namespace zooscope::ui
