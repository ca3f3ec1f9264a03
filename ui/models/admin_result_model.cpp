#include "models/admin_result_model.h"

#include <QCoreApplication>

#include <spdlog/spdlog.h>

#include "zooscope/znode_path.h"

namespace zooscope::ui {

namespace {

// A translated sentence for one node's failure in a subtree operation (the
// path is in its own column). The client's English message only goes to the
// log; the code's name is technical and stays as it is.
const char* nodeErrorSource(proto::Err err) {
    switch (err) {
        case proto::Err::NoNode:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The node does not exist (any more): another client may have deleted it.");
        case proto::Err::NoAuth:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "Not allowed: the node's ACL does not grant this session the permission this step "
                                     "needs.");
        case proto::Err::NotEmpty:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The node has children (another client may have added one meanwhile).");
        case proto::Err::BadVersion:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The node changed on the server meanwhile.");
        case proto::Err::NodeExists:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The node already exists.");
        case proto::Err::NoChildrenForEphemerals:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "Its parent is ephemeral, and ephemeral nodes cannot have children.");
        case proto::Err::InvalidACL:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The server refused the node's ACL: it is empty or invalid.");
        case proto::Err::ConnectionLoss:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The connection to the server was lost; this step may or may not have been applied.");
        case proto::Err::SessionExpired:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The session expired.");
        case proto::Err::OperationTimeout:
        case proto::Err::RequestTimeout:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The server did not answer in time.");
        case proto::Err::QuotaExceeded:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The node's quota is exceeded.");
        case proto::Err::NotReadOnly:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The server is in read-only mode and refuses writes.");
        case proto::Err::Unimplemented:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The server does not support this kind of node or operation.");
        case proto::Err::BadArguments:
            return QT_TRANSLATE_NOOP("zooscope::ui::AdminResultModel",
                                     "The request was refused as invalid (for example a malformed path).");
        default: return nullptr;
    }
}

QString nodeErrorText(proto::Err err, const std::string& path, const std::string& clientMessage) {
    if (const char* source = nodeErrorSource(err))
        return QCoreApplication::translate("zooscope::ui::AdminResultModel", source);
    const std::string_view name = proto::errName(err);
    spdlog::debug("ui: admin: {} on {}: {}", name, path, clientMessage);
    return QCoreApplication::translate("zooscope::ui::AdminResultModel", "The operation failed (%1).")
        .arg(QString::fromUtf8(name.data(), qsizetype(name.size())));
}

// One side's data for a comparison detail: "null", "empty" or a byte count.
QString dataText(const admin::DiffSide& side) {
    if (side.isNull) return QCoreApplication::translate("zooscope::ui::AdminResultModel", "null");
    if (side.dataSize == 0) return QCoreApplication::translate("zooscope::ui::AdminResultModel", "empty");
    if (side.dataSize == 1) return QCoreApplication::translate("zooscope::ui::AdminResultModel", "1 byte");
    return QCoreApplication::translate("zooscope::ui::AdminResultModel", "%1 bytes").arg(side.dataSize);
}

QString modeText(admin::NodeMode mode, int64_t ttlMs) {
    switch (mode) {
        case admin::NodeMode::Persistent:
            return QCoreApplication::translate("zooscope::ui::AdminResultModel", "persistent");
        case admin::NodeMode::Ephemeral:
            return QCoreApplication::translate("zooscope::ui::AdminResultModel", "ephemeral");
        case admin::NodeMode::Container:
            return QCoreApplication::translate("zooscope::ui::AdminResultModel", "container");
        case admin::NodeMode::Ttl:
            return QCoreApplication::translate("zooscope::ui::AdminResultModel", "TTL (%1 ms)").arg(ttlMs);
    }
    return {};
}

QString versus(const QString& left, const QString& right) {
    return QCoreApplication::translate("zooscope::ui::AdminResultModel", "%1 vs %2").arg(left, right);
}

QString aclText(const proto::ACLList& acl) {
    // The notation (scheme:id:cdrwa) is the same in every language.
    return QString::fromStdString(admin::aclSummary(acl));
}

}  // namespace

QString AdminResultModel::differenceDetail(const admin::Difference& d) {
    switch (d.kind) {
        case admin::DiffKind::OnlyLeft: return dataText(d.left);
        case admin::DiffKind::OnlyRight: return dataText(d.right);
        case admin::DiffKind::DataDiffers:
            if (d.sameDataSize()) return tr("Same length, different bytes");
            return versus(dataText(d.left), dataText(d.right));
        case admin::DiffKind::AclDiffers: return versus(aclText(d.left.acl), aclText(d.right.acl));
        case admin::DiffKind::ModeDiffers:
            return versus(modeText(d.left.mode, d.left.ttlMs), modeText(d.right.mode, d.right.ttlMs));
    }
    return {};
}

QString AdminResultModel::importNoteText(const admin::ImportItem& item) {
    switch (item.noteKind) {
        case admin::ImportNote::None: break;
        case admin::ImportNote::EphemeralInFile:
            return tr("Ephemeral node: it belongs to a session on the source and is not imported.");
        case admin::ImportNote::TargetUnreadable:
            return tr("Cannot read the target: %1").arg(nodeErrorText(item.targetErr, item.targetPath, item.note));
        case admin::ImportNote::ParentEphemeral: {
            return tr("Its parent %1 is ephemeral at the target and cannot have children.")
                .arg(QString::fromUtf8(parentOf(item.targetPath)));
        }
        case admin::ImportNote::ModeUnreadable:
            return tr("The file says %1, but the target's mode cannot be read (containers and TTL nodes read as "
                      "persistent); it is left as it is.")
                .arg(modeText(item.fileMode, item.fileTtlMs));
        case admin::ImportNote::ModeMismatch:
            return tr("The target exists as a %1 node; the file says %2. A node's mode cannot be changed in place.")
                .arg(modeText(item.targetMode, item.targetTtlMs), modeText(item.fileMode, item.fileTtlMs));
        case admin::ImportNote::NullOverData:
            return tr("The file holds null data, but an existing node cannot be set to null; delete the target node "
                      "to import it.");
    }
    // A note without a code (none is made today): the English sentence
    // beats an empty cell.
    return QString::fromStdString(item.note);
}

// ---------------------------------------------------------------- AdminResultModel

AdminResultModel::AdminResultModel(QObject* parent) : QAbstractTableModel(parent) {}

QString AdminResultModel::actionText(admin::ImportAction a) {
    switch (a) {
        case admin::ImportAction::Create: return tr("Create");
        case admin::ImportAction::Update: return tr("Update");
        case admin::ImportAction::Unchanged: return tr("Unchanged");
        case admin::ImportAction::Conflict: return tr("Conflict");
        case admin::ImportAction::Skip: return tr("Skip");
    }
    return {};
}

QString AdminResultModel::diffText(admin::DiffKind k) {
    switch (k) {
        case admin::DiffKind::OnlyLeft: return tr("Only left");
        case admin::DiffKind::OnlyRight: return tr("Only right");
        case admin::DiffKind::DataDiffers: return tr("Data differs");
        case admin::DiffKind::AclDiffers: return tr("ACL differs");
        case admin::DiffKind::ModeDiffers: return tr("Mode differs");
    }
    return {};
}

void AdminResultModel::showPreview(const admin::ImportPreview& preview) {
    std::vector<Row> rows;
    rows.reserve(preview.parentsToCreate.size() + preview.items.size());
    for (const auto& p : preview.parentsToCreate)
        rows.push_back({QString::fromStdString(p), actionText(admin::ImportAction::Create),
                        tr("Missing parent, created empty"), int(admin::ImportAction::Create)});
    for (const auto& item : preview.items) {
        QString detail = importNoteText(item);
        if (item.action == admin::ImportAction::Update) {
            QStringList what;
            if (item.dataDiffers) what << tr("data");
            if (item.aclDiffers) what << tr("ACL");
            const QString differs = tr("Differs: %1").arg(what.join(QStringLiteral(", ")));
            // A remark (ModeUnreadable) stays visible after the difference.
            detail = detail.isEmpty() ? differs : differs + QLatin1Char(' ') + detail;
        }
        rows.push_back({QString::fromStdString(item.targetPath), actionText(item.action), detail, int(item.action)});
    }
    reset(std::move(rows));
}

void AdminResultModel::showComparison(const admin::CompareResult& result) {
    std::vector<Row> rows;
    rows.reserve(result.differences.size() + result.errors.size());
    for (const auto& d : result.differences)
        rows.push_back({d.relativePath.empty() ? QStringLiteral("/") : QString::fromStdString(d.relativePath),
                        diffText(d.kind), differenceDetail(d), int(d.kind)});
    for (const auto& e : result.errors)
        rows.push_back({QString::fromStdString(e.path), tr("Not read"), nodeErrorText(e.err, e.path, e.message),
                        int(e.err)});
    reset(std::move(rows));
}

void AdminResultModel::showErrors(const std::vector<admin::NodeError>& errors) {
    std::vector<Row> rows;
    rows.reserve(errors.size());
    for (const auto& e : errors)
        rows.push_back({QString::fromStdString(e.path), QString::fromUtf8(proto::errName(e.err).data(),
                                                                          qsizetype(proto::errName(e.err).size())),
                        nodeErrorText(e.err, e.path, e.message), int(e.err)});
    reset(std::move(rows));
}

void AdminResultModel::clear() { reset({}); }

void AdminResultModel::reset(std::vector<Row> rows) {
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
}

int AdminResultModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

int AdminResultModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant AdminResultModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& r = rows_[size_t(index.row())];
    if (role == CodeRole) return r.code;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
    switch (index.column()) {
        case PathColumn: return r.path;
        case WhatColumn: return r.what;
        case DetailColumn: return r.detail;
    }
    return {};
}

QVariant AdminResultModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
        case PathColumn: return tr("Path");
        case WhatColumn: return tr("What");
        case DetailColumn: return tr("Detail");
    }
    return {};
}

}  // namespace zooscope::ui
