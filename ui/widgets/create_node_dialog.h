// "Create node" dialog: name under a parent, every create mode (persistent,
// ephemeral, their sequential variants, container, TTL with a TTL in ms),
// data (the data editor, so formats and encodings work as when editing) and
// the ACL (the ACL editor). It only builds the request; the owner
// (NodePanel::createNode) sends it. GUI thread only.
#pragma once

#include <QDialog>

#include <optional>

#include "zooscope/client.h"

class QComboBox;
class QLabel;
class QLineEdit;

namespace zooscope::ui {

class AclEditor;
class DataEditor;

struct CreateRequest {
    QString path;            // full path ("/parent/name"; sequential: the prefix)
    QByteArray data;
    client::CreateOptions options;  // mode, ttlMs, acl
};

class CreateNodeDialog : public QDialog {
    Q_OBJECT
public:
    explicit CreateNodeDialog(const QString& parentPath, QWidget* parent = nullptr);

    // Translated display name of a mode ("Persistent", "Ephemeral sequential", ...).
    static QString modeName(proto::CreateMode mode);
    // Largest TTL ZooKeeper accepts: 2^40 - 1 ms (EphemeralType.TTL).
    static constexpr int64_t kMaxTtlMs = proto::ephemeral::kMaxTtl;

    QString parentPath() const { return parent_; }
    void setName(const QString& name);
    void setMode(proto::CreateMode mode);
    proto::CreateMode mode() const;
    void setTtlMs(int64_t ttlMs);
    void setDataText(const QString& text);
    void setAcl(const proto::ACLList& acl);

    DataEditor* dataEditor() const { return data_; }
    AclEditor* aclEditor() const { return acl_; }

    // The request, or nullopt + *error (a sentence) when the input is not
    // usable: empty or bad name, TTL out of range, data not encodable, ACL
    // problems.
    std::optional<CreateRequest> request(QString* error) const;
    // The problem shown under the form ("" when none).
    QString problemText() const;

public slots:
    // Accepts only a usable request; otherwise shows the problem and stays.
    void accept() override;

private:
    void modeChanged();

    QString parent_;
    QLineEdit* name_;
    QComboBox* mode_;
    QLineEdit* ttl_;
    QLabel* ttlLabel_;
    QLabel* pathPreview_;
    DataEditor* data_;
    AclEditor* acl_;
    QLabel* problem_;
};

}  // namespace zooscope::ui
