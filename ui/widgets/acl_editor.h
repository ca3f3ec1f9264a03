// ACL view and editor: a table of entries (scheme, id, r/w/c/d/a checkboxes),
// add/remove, a digest generator (user + password -> digest id; the password
// field is cleared once used and never stored or logged), and the problems
// validateAcl() finds. GUI thread only; it does not talk to a server: the
// owner reads acl() and applies it (NodePanel, CreateNodeDialog).
#pragma once

#include <QWidget>

#include "zooscope/client.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace zooscope::ui {

class AclTableModel;

class AclEditor : public QWidget {
    Q_OBJECT
public:
    explicit AclEditor(QWidget* parent = nullptr);

    void setAcl(const proto::ACLList& acl);
    proto::ACLList acl() const;
    bool isModified() const;
    // Problems of the current entries as sentences (empty = fine).
    QStringList problems() const;

    // Read-only: view only; the generator stays usable (it changes nothing).
    void setReadOnly(bool readOnly);
    // Shows the "Apply ACL" button (NodePanel) or not (CreateNodeDialog).
    void setApplyVisible(bool visible);

    // The generator: digest id from the user/password fields, "" + a shown
    // problem when the user name is unusable. Clears the password field.
    QString generateDigest();
    // Generates and appends a digest entry with all permissions; returns its
    // row, or -1 when generation failed or the editor is read-only.
    int addDigestEntry();

    AclTableModel* model() const { return model_; }

signals:
    void applyRequested();
    void modifiedChanged(bool modified);

private:
    void refreshProblems();

    AclTableModel* model_;
    QTableView* table_;
    QPushButton* addButton_;
    QPushButton* removeButton_;
    QPushButton* applyButton_;
    QLineEdit* user_;
    QLineEdit* password_;
    QLineEdit* result_;
    QPushButton* generateButton_;
    QPushButton* addDigestButton_;
    QLabel* problems_;
    bool readOnly_ = false;
};

}  // namespace zooscope::ui
