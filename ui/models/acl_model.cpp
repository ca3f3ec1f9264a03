#include "models/acl_model.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QRegularExpression>

namespace zooscope::ui {

namespace perms = proto::perms;

namespace {

// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }

struct PermLetter {
    int32_t bit;
    QChar letter;
};
// zkCli's order.
constexpr PermLetter kLetters[] = {{perms::kCreate, u'c'}, {perms::kDelete, u'd'}, {perms::kRead, u'r'},
                                   {perms::kWrite, u'w'}, {perms::kAdmin, u'a'}};

bool validIpv4(const QString& addr) {
    const QStringList parts = addr.split(QLatin1Char('.'));
    if (parts.size() != 4) return false;
    for (const QString& p : parts) {
        bool ok = false;
        const int v = p.toInt(&ok);
        if (!ok || p.isEmpty() || p.size() > 3 || v < 0 || v > 255) return false;
    }
    return true;
}

bool validIpv6(const QString& addr) {
    static const QRegularExpression re(QStringLiteral("^[0-9A-Fa-f:]+$"));
    return addr.contains(QLatin1Char(':')) && re.match(addr).hasMatch() && addr.count(QLatin1Char(':')) <= 7;
}

// IPAuthenticationProvider: an address, optionally "/bits".
bool validIpAclId(const QString& id) {
    const qsizetype slash = id.indexOf(QLatin1Char('/'));
    const QString addr = slash < 0 ? id : id.left(slash);
    const bool v4 = validIpv4(addr);
    if (!v4 && !validIpv6(addr)) return false;
    if (slash < 0) return true;
    bool ok = false;
    const int bits = id.mid(slash + 1).toInt(&ok);
    return ok && bits >= 0 && bits <= (v4 ? 32 : 128);
}

}  // namespace

QStringList knownAclSchemes() {
    return {QStringLiteral("world"), QStringLiteral("digest"), QStringLiteral("ip"), QStringLiteral("auth"),
            QStringLiteral("x509"), QStringLiteral("sasl")};
}

std::optional<QString> generateDigest(const QString& user, const QString& password, QString* error) {
    if (user.isEmpty()) {
        if (error) *error = tr("Enter a user name.");
        return std::nullopt;
    }
    if (user.contains(QLatin1Char(':'))) {
        if (error) *error = tr("A user name cannot contain ':' (ZooKeeper splits \"user:password\" at the first ':').");
        return std::nullopt;
    }
    QByteArray credential = (user + QLatin1Char(':') + password).toUtf8();
    const QByteArray hash = QCryptographicHash::hash(credential, QCryptographicHash::Sha1).toBase64();
    credential.fill('\0');  // do not leave the password lying around in freed memory
    return user + QLatin1Char(':') + QString::fromLatin1(hash);
}

QString permsToString(int32_t p) {
    QString out;
    for (const PermLetter& l : kLetters)
        if (p & l.bit) out += l.letter;
    return out;
}

std::optional<int32_t> permsFromString(const QString& text) {
    int32_t p = 0;
    for (QChar c : text) {
        bool found = false;
        for (const PermLetter& l : kLetters) {
            if (c.toLower() == l.letter) {
                if (p & l.bit) return std::nullopt;
                p |= l.bit;
                found = true;
            }
        }
        if (!found) return std::nullopt;
    }
    return p;
}

QString aclEntryText(const proto::ACL& acl) {
    return QString::fromStdString(acl.id.scheme) + QLatin1Char(':') + QString::fromStdString(acl.id.id) +
           QLatin1Char(':') + permsToString(acl.perms);
}

QList<AclProblem> validateAcl(const proto::ACLList& acl) {
    QList<AclProblem> out;
    if (acl.empty()) out.append({-1, tr("An ACL needs at least one entry; the server refuses an empty one.")});
    for (int row = 0; row < int(acl.size()); ++row) {
        const proto::ACL& a = acl[size_t(row)];
        const QString scheme = QString::fromStdString(a.id.scheme);
        const QString id = QString::fromStdString(a.id.id);
        const int n = row + 1;
        if ((a.perms & perms::kAll) == 0)
            out.append({row, tr("Entry %1 grants no permission.").arg(n)});
        if ((a.perms & ~perms::kAll) != 0)
            out.append({row, tr("Entry %1 has unknown permission bits.").arg(n)});
        if (scheme == QLatin1String("world")) {
            if (id != QLatin1String("anyone"))
                out.append({row, tr("Entry %1: the world scheme only knows the id \"anyone\".").arg(n)});
        } else if (scheme == QLatin1String("digest")) {
            static const QRegularExpression re(QStringLiteral("^[^:]+:[A-Za-z0-9+/]{27}=$"));
            if (!re.match(id).hasMatch())
                out.append({row, tr("Entry %1: a digest id is \"user:hash\" (28 base64 characters); "
                                    "use the digest generator rather than the password.")
                                     .arg(n)});
        } else if (scheme == QLatin1String("ip")) {
            if (!validIpAclId(id))
                out.append({row, tr("Entry %1: \"%2\" is not an IP address or address/bits.").arg(n).arg(id)});
        } else if (scheme == QLatin1String("auth")) {
            // The server replaces the id with the session's authenticated ids.
        } else if (scheme == QLatin1String("x509") || scheme == QLatin1String("sasl")) {
            if (id.isEmpty()) out.append({row, tr("Entry %1: the %2 scheme needs an id.").arg(n).arg(scheme)});
        } else {
            out.append({row, tr("Entry %1: unknown scheme \"%2\".").arg(n).arg(scheme)});
        }
    }
    return out;
}

QString aclSchemeHelp(const QString& scheme) {
    if (scheme == QLatin1String("world")) return tr("Everybody (id \"anyone\").");
    if (scheme == QLatin1String("digest"))
        return tr("A user name and password hash (user:base64(sha1(user:password))); sessions add it with addauth.");
    if (scheme == QLatin1String("ip")) return tr("Clients from an address or a network (address/bits).");
    if (scheme == QLatin1String("auth")) return tr("Whatever identities the creating session has authenticated as.");
    if (scheme == QLatin1String("x509")) return tr("A TLS client certificate's distinguished name.");
    if (scheme == QLatin1String("sasl")) return tr("A SASL (Kerberos) principal.");
    return tr("A scheme provided by a server plugin.");
}

// ---------------------------------------------------------------- model

AclTableModel::AclTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void AclTableModel::setAcl(const proto::ACLList& acl) {
    beginResetModel();
    rows_ = acl;
    loaded_ = acl;
    endResetModel();
}

proto::ACLList AclTableModel::acl() const { return rows_; }

bool AclTableModel::isModified() const { return rows_ != loaded_; }

void AclTableModel::setReadOnly(bool readOnly) {
    if (readOnly_ == readOnly) return;
    readOnly_ = readOnly;
    if (!rows_.empty()) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int AclTableModel::addEntry(const proto::ACL& entry) {
    const int row = rowCount();
    beginInsertRows({}, row, row);
    rows_.push_back(entry);
    endInsertRows();
    emit edited();
    return row;
}

void AclTableModel::setEntry(int row, const proto::ACL& entry) {
    rows_.at(size_t(row)) = entry;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit edited();
}

int32_t AclTableModel::permForColumn(int column) {
    switch (column) {
    case ReadColumn: return perms::kRead;
    case WriteColumn: return perms::kWrite;
    case CreateColumn: return perms::kCreate;
    case DeleteColumn: return perms::kDelete;
    case AdminColumn: return perms::kAdmin;
    default: return 0;
    }
}

int AclTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

int AclTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AclTableModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const proto::ACL& a = rows_[size_t(index.row())];
    const int32_t bit = permForColumn(index.column());
    if (bit != 0) {
        if (role == Qt::CheckStateRole) return (a.perms & bit) ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole) return headerData(index.column(), Qt::Horizontal, Qt::ToolTipRole);
        return {};
    }
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return QString::fromStdString(index.column() == SchemeColumn ? a.id.scheme : a.id.id);
    case Qt::ToolTipRole:
        if (index.column() == SchemeColumn) return aclSchemeHelp(QString::fromStdString(a.id.scheme));
        if (a.id.scheme == "auth") return tr("Ignored: the server uses the session's authenticated identities.");
        return QString::fromStdString(a.id.id);
    default:
        return {};
    }
}

bool AclTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (readOnly_ || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    proto::ACL& a = rows_[size_t(index.row())];
    const int32_t bit = permForColumn(index.column());
    if (bit != 0) {
        if (role != Qt::CheckStateRole) return false;
        const bool on = value.toInt() == Qt::Checked;
        const int32_t next = on ? (a.perms | bit) : (a.perms & ~bit);
        if (next == a.perms) return true;
        a.perms = next;
    } else {
        if (role != Qt::EditRole) return false;
        const std::string text = value.toString().trimmed().toStdString();
        std::string& field = index.column() == SchemeColumn ? a.id.scheme : a.id.id;
        if (field == text) return true;
        field = text;
        if (index.column() == SchemeColumn && text == "world" && a.id.id.empty()) a.id.id = "anyone";
    }
    emit dataChanged(index.siblingAtColumn(0), index.siblingAtColumn(ColumnCount - 1));
    emit edited();
    return true;
}

Qt::ItemFlags AclTableModel::flags(const QModelIndex& index) const {
    if (!index.isValid()) return Qt::NoItemFlags;
    Qt::ItemFlags f = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (readOnly_) return f;
    if (permForColumn(index.column()) != 0) return f | Qt::ItemIsUserCheckable;
    return f | Qt::ItemIsEditable;
}

QVariant AclTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal) return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case SchemeColumn: return tr("Scheme");
        case IdColumn: return tr("Id");
        case ReadColumn: return tr("r");
        case WriteColumn: return tr("w");
        case CreateColumn: return tr("c");
        case DeleteColumn: return tr("d");
        case AdminColumn: return tr("a");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ReadColumn: return tr("Read: get data and list children");
        case WriteColumn: return tr("Write: set data");
        case CreateColumn: return tr("Create: create children");
        case DeleteColumn: return tr("Delete: delete children");
        case AdminColumn: return tr("Admin: set the ACL");
        default: return {};
        }
    }
    return {};
}

bool AclTableModel::removeRows(int row, int count, const QModelIndex& parent) {
    if (readOnly_ || parent.isValid() || row < 0 || count <= 0 || row + count > rowCount()) return false;
    beginRemoveRows({}, row, row + count - 1);
    rows_.erase(rows_.begin() + row, rows_.begin() + row + count);
    endRemoveRows();
    emit edited();
    return true;
}

}  // namespace zooscope::ui
