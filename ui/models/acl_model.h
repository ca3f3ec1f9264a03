// ZooKeeper ACLs for the ACL view/editor: text forms, validation, the digest
// generator, and an editable table model.
//
// Contracts:
// - generateDigest() computes what ZooKeeper's DigestAuthenticationProvider
//   does: "user:" + base64(sha1("user:password")). The password is only used
//   for the hash: never stored, logged or returned.
// - AclTableModel is single-threaded (GUI thread). It keeps a copy of the ACL
//   as loaded so isModified() can compare; it never talks to a server.
// - Sentences for users are translated (context "AclModel").
#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

#include "zooscope/client.h"  // proto::ACL, proto::perms

namespace zooscope::ui {

// The schemes the editor offers. ZooKeeper 3.8 ships these providers; x509
// and sasl need server configuration, so they are accepted but not checked.
QStringList knownAclSchemes();  // world, digest, ip, auth, x509, sasl

// "user:password" -> "user:<base64 sha1>". nullopt and *error when the user is
// empty or holds ':' (the server splits the credential at the first ':').
std::optional<QString> generateDigest(const QString& user, const QString& password, QString* error);

// ZooKeeper CLI order and letters: c d r w a ("cdrwa" = all, "" = none).
QString permsToString(int32_t perms);
// Accepts the letters c d r w a in any order, each at most once; nullopt on
// anything else.
std::optional<int32_t> permsFromString(const QString& text);

// "digest:bob:Ab3..=:cdrwa", as zkCli's getAcl prints an entry on one line.
QString aclEntryText(const proto::ACL& acl);

struct AclProblem {
    int row = -1;      // entry index, -1 for the whole list
    QString message;   // a sentence
};
// What the server would refuse (or what certainly does not do what the user
// means): an empty list, world:<not anyone>, digest without user:hash, a bad
// ip/CIDR, an unknown scheme, an entry granting nothing.
QList<AclProblem> validateAcl(const proto::ACLList& acl);

// A one-line explanation of a scheme for tooltips.
QString aclSchemeHelp(const QString& scheme);

// Columns: Scheme, Id, then one checkable column per permission (r w c d a).
class AclTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SchemeColumn, IdColumn, ReadColumn, WriteColumn, CreateColumn, DeleteColumn, AdminColumn,
                  ColumnCount };

    explicit AclTableModel(QObject* parent = nullptr);

    // Replaces the entries and remembers them as the loaded state.
    void setAcl(const proto::ACLList& acl);
    proto::ACLList acl() const;
    // True when acl() differs from what setAcl() gave.
    bool isModified() const;

    // Read-only: no edits through setData/flags (the view shows, cannot change).
    void setReadOnly(bool readOnly);
    bool isReadOnly() const { return readOnly_; }

    // Appends an entry; returns its row.
    int addEntry(const proto::ACL& entry);
    // Replaces one entry (row must exist).
    void setEntry(int row, const proto::ACL& entry);
    proto::ACL entry(int row) const { return rows_.at(row); }

    // The permission bit shown in a permission column (0 for other columns).
    static int32_t permForColumn(int column);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool removeRows(int row, int count, const QModelIndex& parent = {}) override;

signals:
    // Any change through setData/addEntry/setEntry/removeRows (not setAcl).
    void edited();

private:
    proto::ACLList rows_;
    proto::ACLList loaded_;
    bool readOnly_ = false;
};

}  // namespace zooscope::ui
