#include "text/node_errors.h"

#include <QCoreApplication>

#include <spdlog/spdlog.h>

namespace zooscope::ui {

using client::Operation;
using proto::Err;

namespace {

// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }

// ZooKeeper's permission name an operation needs (a technical name, the same
// in every language, as zkCli and the server's docs spell it); "" when the
// operation needs more than one or none in particular.
QString permissionFor(Operation op) {
    switch (op) {
    case Operation::GetData:
    case Operation::GetChildren: return QStringLiteral("READ");
    case Operation::SetData: return QStringLiteral("WRITE");
    case Operation::Create: return QStringLiteral("CREATE");
    case Operation::Delete: return QStringLiteral("DELETE");
    case Operation::SetACL: return QStringLiteral("ADMIN");
    default: return {};
    }
}

}  // namespace

QString describeNodeError(Err err, Operation op, const QString& path, const QString& fallback) {
    switch (err) {
    case Err::NoNode:
        if (op == Operation::Create)
            return tr("Cannot create %1: its parent does not exist.").arg(path);
        return tr("%1 does not exist (any more): another client may have deleted it.").arg(path);
    case Err::NoAuth:
        if (op == Operation::GetACL)
            return tr("Not allowed: the ACL of %1 grants this session neither READ nor ADMIN, so its ACL cannot "
                      "be read.")
                .arg(path);
        if (const QString perm = permissionFor(op); !perm.isEmpty())
            return tr("Not allowed: the ACL of %1 does not grant %2 to this session.").arg(path, perm);
        return tr("Not allowed: the ACL of %1 does not grant this session the permission this operation needs.")
            .arg(path);
    case Err::BadVersion:
        if (op == Operation::SetACL)
            return tr("The ACL of %1 changed on the server since you loaded it. Reload to see it, then apply "
                      "your change again.")
                .arg(path);
        return tr("%1 changed on the server since you loaded it.").arg(path);
    case Err::NodeExists: return tr("%1 already exists.").arg(path);
    case Err::NoChildrenForEphemerals:
        return tr("Cannot create %1: its parent is ephemeral, and ephemeral nodes cannot have children.").arg(path);
    case Err::NotEmpty: return tr("%1 has children; delete them first.").arg(path);
    case Err::InvalidACL:
        return tr("The server refused the ACL for %1: it is empty or invalid, or uses the auth scheme while "
                  "this session has not authenticated.")
            .arg(path);
    case Err::ConnectionLoss:
        return tr("The connection to the server was lost; the request may or may not have been applied. "
                  "Reload %1 once reconnected.")
            .arg(path);
    case Err::SessionExpired:
        return tr("The session expired. Reconnect, then reload %1.").arg(path);
    case Err::OperationTimeout:
    case Err::RequestTimeout: return tr("The server did not answer in time. Reload %1 to see its state.").arg(path);
    case Err::Unimplemented:
        if (op == Operation::Create)
            return tr("The server does not support this kind of node (TTL nodes need extendedTypesEnabled=true "
                      "on the server).");
        return tr("The server does not support this operation.");
    case Err::QuotaExceeded: return tr("Cannot write %1: its quota is exceeded.").arg(path);
    case Err::NotReadOnly: return tr("The server is in read-only mode and refuses writes.");
    case Err::AuthFailed: return tr("The server refused this session's credentials.");
    case Err::BadArguments:
        return tr("The request for %1 was refused as invalid (for example a malformed path or version).").arg(path);
    case Err::SessionMoved:
        return tr("The session moved to another server while the request for %1 was under way. Reload %1 to see "
                  "its state.")
            .arg(path);
    case Err::Throttled:
        return tr("The server is overloaded and refused the request for %1. Try again in a moment.").arg(path);
    default: break;
    }
    // The client's sentence is English: it goes to the log, the user gets the
    // code's name (technical, untranslated) inside a translated sentence.
    if (!fallback.isEmpty()) spdlog::debug("ui: {} on {}: {}", proto::errName(err), path.toStdString(),
                                           fallback.toStdString());
    const std::string_view name = proto::errName(err);
    return tr("The operation on %1 failed (%2).").arg(path, QString::fromUtf8(name.data(), qsizetype(name.size())));
}

}  // namespace zooscope::ui
