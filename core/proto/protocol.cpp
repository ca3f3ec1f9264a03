#include "zooscope/protocol.h"

namespace zooscope::proto {

// Texts of KeeperException.getCodeMessage() in 3.8, byte for byte, so logs and
// error strings read like Java's "KeeperErrorCode = <text>". Java has no text
// for UnknownSession and RequestTimeout (it prints "Unknown error <NAME>");
// those get their enum name here.
std::string_view errName(Err e) {
    switch (e) {
    case Err::Ok: return "ok";
    case Err::SystemError: return "SystemError";
    case Err::RuntimeInconsistency: return "RuntimeInconsistency";
    case Err::DataInconsistency: return "DataInconsistency";
    case Err::ConnectionLoss: return "ConnectionLoss";
    case Err::MarshallingError: return "MarshallingError";
    case Err::Unimplemented: return "Unimplemented";
    case Err::OperationTimeout: return "OperationTimeout";
    case Err::BadArguments: return "BadArguments";
    case Err::UnknownSession: return "UnknownSession";
    case Err::NewConfigNoQuorum: return "NewConfigNoQuorum";
    case Err::ReconfigInProgress: return "ReconfigInProgress";
    case Err::APIError: return "APIError";
    case Err::NoNode: return "NoNode";
    case Err::NoAuth: return "NoAuth";
    case Err::BadVersion: return "BadVersion";
    case Err::NoChildrenForEphemerals: return "NoChildrenForEphemerals";
    case Err::NodeExists: return "NodeExists";
    case Err::NotEmpty: return "Directory not empty";
    case Err::SessionExpired: return "Session expired";
    case Err::InvalidCallback: return "Invalid callback";
    case Err::InvalidACL: return "InvalidACL";
    case Err::AuthFailed: return "AuthFailed";
    case Err::SessionMoved: return "Session moved";
    case Err::NotReadOnly: return "Not a read-only call";
    case Err::EphemeralOnLocalSession: return "Ephemeral node on local session";
    case Err::NoWatcher: return "No such watcher";
    case Err::RequestTimeout: return "RequestTimeout";
    case Err::ReconfigDisabled: return "Reconfig is disabled";
    case Err::SessionClosedRequireSaslAuth: return "Session closed because client failed to authenticate";
    case Err::QuotaExceeded: return "Quota has exceeded";
    case Err::Throttled: return "Op throttled due to high load";
    }
    return "Unknown";
}

}  // namespace zooscope::proto
