// The pure half of the client API: names, sentences, connect-string parsing
// and option checks. No C client calls here, so tests need no server.
#include <algorithm>
#include <charconv>
#include <optional>

#include "client_text.h"

namespace zooscope::client {

using proto::Err;

std::string_view sessionStateName(SessionState s) {
    switch (s) {
    case SessionState::Connecting: return "connecting";
    case SessionState::Connected: return "connected";
    case SessionState::Suspended: return "suspended";
    case SessionState::Reconnected: return "reconnected";
    case SessionState::Expired: return "expired";
    case SessionState::AuthFailed: return "auth failed";
    case SessionState::Closed: return "closed";
    }
    return "unknown";
}

bool isTerminal(SessionState s) {
    return s == SessionState::Expired || s == SessionState::AuthFailed || s == SessionState::Closed;
}

Capabilities buildCapabilities() {
    // Debian's libzookeeper-mt 3.8.0 is built without HAVE_OPENSSL_H and
    // HAVE_CYRUS_SASL_H (no zookeeper_init_ssl / zookeeper_init_sasl symbols),
    // and its C API has no addWatch/whoAmI and no TTL op in multi.
    return Capabilities{};
}

namespace {

// The verb phrase of an operation, so sentences read "to read /a".
std::string_view verb(Operation op) {
    switch (op) {
    case Operation::Connect: return "connect";
    case Operation::Create: return "create";
    case Operation::Delete: return "delete";
    case Operation::Exists: return "look up";
    case Operation::GetData: return "read";
    case Operation::SetData: return "write";
    case Operation::GetChildren: return "list the children of";
    case Operation::GetACL: return "read the ACL of";
    case Operation::SetACL: return "change the ACL of";
    case Operation::Sync: return "sync";
    case Operation::Multi: return "run the transaction on";
    case Operation::RemoveWatches: return "remove the watches on";
    case Operation::GetConfig: return "read the configuration";
    case Operation::AddAuth: return "add credentials";
    case Operation::SetServers: return "change the server list";
    case Operation::Reconfig: return "reconfigure the ensemble";
    }
    return "use";
}

// The permission ZooKeeper checks for an operation, and whether it is checked
// on the parent (create/delete) rather than on the node itself.
struct PermCheck {
    std::string_view perm;
    bool onParent;
};
PermCheck permFor(Operation op) {
    switch (op) {
    case Operation::Create: return {"CREATE", true};
    case Operation::Delete: return {"DELETE", true};
    case Operation::GetData:
    case Operation::GetChildren:
    case Operation::Exists:
    case Operation::GetConfig: return {"READ", false};
    case Operation::SetData: return {"WRITE", false};
    case Operation::GetACL: return {"READ or ADMIN", false};
    case Operation::SetACL: return {"ADMIN", false};
    default: return {"", false};
    }
}

}  // namespace

std::string actionPhrase(Operation op, std::string_view path) {
    std::string s(verb(op));
    if (!path.empty()) {
        s += ' ';
        s += path;
    }
    return s;
}

std::string describeError(Err err, Operation op, std::string_view path) {
    const std::string what = actionPhrase(op, path);
    const std::string p = path.empty() ? std::string("the node") : std::string(path);
    switch (err) {
    case Err::Ok: return {};
    case Err::NoAuth: {
        if (op == Operation::Reconfig)
            return "Not authorised to " + what +
                   ": the ACL of /zookeeper/config does not grant WRITE to this session's identities "
                   "(reconfiguration needs it, or a superuser).";
        const PermCheck pc = permFor(op);
        std::string s = "Not authorised to " + what + ": the " + (pc.onParent ? "parent node's" : "node's") +
                        " ACL does not grant it";
        if (!pc.perm.empty()) s += " (" + std::string(pc.perm) + ")";
        return s + " to this session's identities.";
    }
    case Err::NoNode:
        if (op == Operation::Create) return "Cannot " + what + ": its parent node does not exist.";
        return "Cannot " + what + ": " + p + " does not exist.";
    case Err::NodeExists: return "Cannot " + what + ": " + p + " already exists.";
    case Err::BadVersion:
        return "Cannot " + what + ": " + p + " was changed by someone else (its version no longer matches).";
    case Err::NotEmpty: return "Cannot " + what + ": " + p + " still has children.";
    case Err::NoChildrenForEphemerals:
        return "Cannot " + what + ": ephemeral nodes cannot have children.";
    case Err::InvalidACL: return "Cannot " + what + ": the ACL is invalid or empty.";
    case Err::BadArguments: return "Cannot " + what + ": the path or arguments are invalid.";
    case Err::ConnectionLoss:
        return "Cannot " + what + ": the connection to the server was lost before it answered; "
                                  "the operation may or may not have been applied.";
    case Err::OperationTimeout: return "Cannot " + what + ": the operation timed out.";
    case Err::SessionExpired:
        return "Cannot " + what + ": the session has expired; reconnect to start a new one.";
    case Err::SessionMoved: return "Cannot " + what + ": the session moved to another server.";
    case Err::AuthFailed: return "Cannot " + what + ": the server rejected this session's credentials.";
    case Err::NoWatcher: return "Cannot " + what + ": there is no such watch.";
    case Err::NotReadOnly:
        return "Cannot " + what + ": the server is read-only (partitioned from its ensemble).";
    case Err::Unimplemented:
        return "Cannot " + what + ": the server or this client does not implement that operation.";
    case Err::QuotaExceeded: return "Cannot " + what + ": a quota would be exceeded.";
    case Err::Throttled: return "Cannot " + what + ": the server is overloaded and throttled the request; retry.";
    case Err::ReconfigDisabled:
        return "Cannot " + what + ": dynamic reconfiguration is disabled on the server (reconfigEnabled=false).";
    case Err::NewConfigNoQuorum:
        return "Cannot " + what + ": no quorum of the new configuration is connected and in sync with the leader; "
                                  "retry once the new servers have joined.";
    case Err::ReconfigInProgress:
        return "Cannot " + what + ": another reconfiguration is in progress; retry when it has finished.";
    case Err::EphemeralOnLocalSession:
        return "Cannot " + what + ": ephemeral nodes need a global session.";
    case Err::RequestTimeout: return "Cannot " + what + ": the request timed out.";
    case Err::MarshallingError: return "Cannot " + what + ": the request or reply could not be encoded.";
    default: break;
    }
    return "Cannot " + what + ": " + std::string(proto::errName(err)) + " (error " +
           std::to_string(static_cast<int32_t>(err)) + ").";
}

std::optional<ConnectString> parseConnectString(std::string_view text, std::string* error,
                                                ConnectStringProblem* problem) {
    std::string ignored;
    if (!error) error = &ignored;
    ConnectStringProblem ignoredProblem;
    if (!problem) problem = &ignoredProblem;
    *problem = {};
    const auto refuse = [problem](ConnectStringError code, std::string_view subject) {
        problem->code = code;
        problem->subject = std::string(subject);
    };
    ConnectString out;
    std::string_view hosts = text;
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
        hosts = text.substr(0, slash);
        std::string_view chroot = text.substr(slash);
        if (chroot.size() > 1 && chroot.back() == '/') {
            *error = "The chroot \"" + std::string(chroot) + "\" must not end with '/'.";
            refuse(ConnectStringError::ChrootTrailingSlash, chroot);
            return std::nullopt;
        }
        if (chroot.find("//") != std::string_view::npos || chroot.find('\0') != std::string_view::npos) {
            *error = "The chroot \"" + std::string(chroot) + "\" is not a valid znode path.";
            refuse(ConnectStringError::ChrootInvalid, chroot);
            return std::nullopt;
        }
        for (std::string_view seg : {std::string_view("/./"), std::string_view("/../")}) {
            const std::string probe = std::string(chroot) + "/";
            if (probe.find(seg) != std::string::npos) {
                *error = "The chroot \"" + std::string(chroot) + "\" must not contain '.' or '..' segments.";
                refuse(ConnectStringError::ChrootDotSegment, chroot);
                return std::nullopt;
            }
        }
        if (chroot != "/") out.chroot = std::string(chroot);
    }
    if (hosts.empty()) {
        *error = "The connect string names no server; expected host:port[,host:port...][/chroot].";
        refuse(ConnectStringError::NoServer, {});
        return std::nullopt;
    }
    size_t start = 0;
    while (start <= hosts.size()) {
        const size_t comma = hosts.find(',', start);
        std::string_view item =
            hosts.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.empty()) {
            *error = "The connect string has an empty server entry.";
            refuse(ConnectStringError::EmptyEntry, {});
            return std::nullopt;
        }
        const size_t colon = item.rfind(':');
        if (colon == std::string_view::npos || colon == 0) {
            *error = "The server \"" + std::string(item) + "\" needs the form host:port.";
            refuse(ConnectStringError::MissingPort, item);
            return std::nullopt;
        }
        std::string_view host = item.substr(0, colon);
        // IPv6 literal in brackets: [::1]:2181.
        if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
        // "[]:2181", and a bracket left in the host ("[[]82]]:2181", "a]:2181"):
        // brackets only ever enclose a whole IPv6 literal (both found by the
        // connect_string fuzz target; the second did not read back the same).
        if (host.empty() || host.find_first_of("[]") != std::string_view::npos) {
            *error = "The server \"" + std::string(item) + "\" needs the form host:port.";
            refuse(ConnectStringError::MissingPort, item);
            return std::nullopt;
        }
        // A host is a name or an address: letters, digits, '-', '.', '_', and for
        // IPv6 ':' and '%' (a zone). Anything else (a space or control byte inside
        // brackets, '@', '`') would not reach a server and would not be written
        // back the same (the connect_string fuzz target found "[ \0`]:28").
        const bool hostCharsOk = std::all_of(host.begin(), host.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || c == '-' ||
                   c == '.' || c == '_' || c == ':' || c == '%';
        });
        if (!hostCharsOk) {
            *error = "The server \"" + std::string(item) +
                     "\" has an invalid host (letters, digits, '-', '.', '_'; ':' and '%' in an IPv6 address).";
            refuse(ConnectStringError::BadHost, item);
            return std::nullopt;
        }
        const std::string_view portText = item.substr(colon + 1);
        unsigned port = 0;
        const auto [ptr, ec] = std::from_chars(portText.data(), portText.data() + portText.size(), port);
        if (portText.empty() || ec != std::errc() || ptr != portText.data() + portText.size() || port == 0 ||
            port > 65535) {
            *error = "The server \"" + std::string(item) + "\" has an invalid port (expected 1-65535).";
            refuse(ConnectStringError::BadPort, item);
            return std::nullopt;
        }
        out.hosts.push_back(HostPort{std::string(host), static_cast<uint16_t>(port)});
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return out;
}

std::vector<OptionProblem> validateOptions(const ClientOptions& o) {
    std::vector<OptionProblem> problems;
    std::string err;
    if (!parseConnectString(o.connectString, &err)) problems.push_back({OptionField::ConnectString, err});
    if (o.sessionTimeout.count() <= 0 || o.sessionTimeout.count() > INT32_MAX)
        problems.push_back({OptionField::SessionTimeout, "The session timeout must be a positive number of milliseconds."});
    for (const AuthInfo& a : o.auth) {
        if (a.scheme.empty()) {
            problems.push_back({OptionField::Auth, "A credential has no authentication scheme."});
        } else if (a.scheme == "digest" && a.credential.find(':') == std::string::npos) {
            // Never echo the credential: it is the password.
            problems.push_back({OptionField::Auth, "Digest credentials must have the form user:password."});
        }
    }
    const Capabilities caps = buildCapabilities();
    if (o.ssl.enabled && !caps.ssl)
        problems.push_back({OptionField::Ssl,
                            "TLS (SSL) connections are not supported by this build: Debian's ZooKeeper C client "
                            "3.8.0 is compiled without OpenSSL."});
    if (o.sasl.enabled && !caps.sasl)
        problems.push_back({OptionField::Sasl,
                            "SASL authentication is not supported by this build: Debian's ZooKeeper C client "
                            "3.8.0 is compiled without Cyrus SASL."});
    if (o.juteMaxBuffer <= 0)
        problems.push_back({OptionField::JuteMaxBuffer, "jute.maxbuffer must be a positive number of bytes."});
    return problems;
}

namespace {

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

bool allDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}

// The first comma-separated entry of `list` (trimmed) that `ok` rejects.
template <class Pred>
std::optional<std::string> firstBadEntry(std::string_view list, Pred&& ok) {
    size_t start = 0;
    for (;;) {
        const size_t comma = list.find(',', start);
        const std::string_view item =
            trimmed(list.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
        if (!ok(item)) return std::string(item);
        if (comma == std::string_view::npos) return std::nullopt;
        start = comma + 1;
    }
}

// "server.<id>=<value>" with a numeric id and a non-empty value.
bool isServerLine(std::string_view e) {
    constexpr std::string_view kPrefix = "server.";
    const size_t eq = e.find('=');
    if (e.substr(0, kPrefix.size()) != kPrefix || eq == std::string_view::npos) return false;
    return allDigits(e.substr(kPrefix.size(), eq - kPrefix.size())) && !trimmed(e.substr(eq + 1)).empty();
}

// A membership line: a server line, or group./weight. lines of hierarchical
// quorums ("<key>=<value>", both non-empty).
bool isMemberLine(std::string_view e) {
    const size_t eq = e.find('=');
    if (eq == std::string_view::npos || eq == 0 || trimmed(e.substr(eq + 1)).empty()) return false;
    if (e.substr(0, 7) == "server.") return isServerLine(e);
    return e.substr(0, 6) == "group." || e.substr(0, 7) == "weight.";
}

}  // namespace

std::string validateReconfig(const ReconfigChange& c) {
    const std::string what = "Cannot " + actionPhrase(Operation::Reconfig, {}) + ": ";
    for (const std::string* f : {&c.joining, &c.leaving, &c.members})
        if (f->find('\0') != std::string::npos) return what + "the change contains a NUL character.";
    const bool incremental = !trimmed(c.joining).empty() || !trimmed(c.leaving).empty();
    const bool whole = !trimmed(c.members).empty();
    if (!incremental && !whole)
        return what + "no change was given (name servers joining or leaving, or a whole new membership).";
    if (incremental && whole)
        return what + "give either servers joining or leaving (an incremental change) or a whole new "
                      "membership, not both.";
    if (c.fromConfigVersion < -1)
        return what + "the configuration version must be -1 (any) or a version the ensemble reported.";
    if (!trimmed(c.leaving).empty()) {
        if (auto bad = firstBadEntry(c.leaving, allDigits))
            return what + "\"" + *bad + "\" in the leaving list is not a server id (a number).";
    }
    if (!trimmed(c.joining).empty()) {
        if (auto bad = firstBadEntry(c.joining, isServerLine))
            return what + "\"" + *bad +
                   "\" in the joining list is not a server line "
                   "(server.<id>=<host>:<quorumPort>:<electionPort>[:<role>];[<clientHost>:]<clientPort>).";
    }
    if (whole) {
        if (auto bad = firstBadEntry(c.members, isMemberLine))
            return what + "\"" + *bad + "\" in the new membership is not a server line (server.<id>=...).";
    }
    return {};
}

Op Op::makeCreate(std::string path, std::string data, CreateOptions options) {
    Op op;
    op.kind = Kind::Create;
    op.path = std::move(path);
    op.data = std::move(data);
    op.create = std::move(options);
    return op;
}

Op Op::makeDelete(std::string path, int32_t version) {
    Op op;
    op.kind = Kind::Delete;
    op.path = std::move(path);
    op.version = version;
    return op;
}

Op Op::makeSetData(std::string path, std::string data, int32_t version) {
    Op op;
    op.kind = Kind::SetData;
    op.path = std::move(path);
    op.data = std::move(data);
    op.version = version;
    return op;
}

Op Op::makeCheck(std::string path, int32_t version) {
    Op op;
    op.kind = Kind::Check;
    op.path = std::move(path);
    op.version = version;
    return op;
}

}  // namespace zooscope::client
