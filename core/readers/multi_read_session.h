// readers/multi_read_session: a minimal ZooKeeper session of its own that
// lists the children of many znodes in one request (multiRead, opcode 22,
// served by ZooKeeper 3.6+ and the engine), which the C client under
// zooscope/client.h cannot send. The recipe walk uses it to read a subtree
// in a few hundred requests instead of one per node.
//
// What it does and nothing more: connect to one server, shake hands with the
// options' session timeout, send the options' auth packets (so it sees what
// the user's session sees), check that the server answers multiRead, then
// list; pings while idle; closes its session when destroyed. No watches, no
// reconnect, no writes: a lost connection fails what is pending and
// everything after it.
//
// Bounded waits: open() within settings.openTimeout; a request whose reply
// does not arrive (or stops arriving) for two thirds of the negotiated
// session timeout fails the session (OperationTimeout), as the C client
// declares a connection dead; answered pings do not keep such a request
// alive, an unanswered ping fails the session the same way; the goodbye in
// the destructor waits at most 1 s.
//
// Threads: one thread of its own (an asio io_context) does all socket work.
// list() is safe from any thread; its callback runs on the session's thread,
// exactly once (also when the session failed or is being destroyed), and must
// not block or destroy the session.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "readers/listing_reply.h"
#include "zooscope/client.h"

namespace zooscope::readers::detail {

struct MultiReadSettings {
    std::string host;  // "127.0.0.1", "::1", a name
    uint16_t port = 0;
    std::string chroot;  // "" or "/app": put before every path, as the client's chroot
    std::chrono::milliseconds sessionTimeout{30000};
    std::vector<client::AuthInfo> auth;  // secrets: never logged
    bool canBeReadOnly = false;
    std::chrono::milliseconds openTimeout{5000};

    // The server `client` is connected to, with its options; nullopt and
    // *why when a session of ours could not be the same as the client's:
    // TLS or SASL in the options (this session speaks neither), no current
    // server, or an address that does not parse.
    static std::optional<MultiReadSettings> sameAs(const client::Client& client, std::string* why);
};

class MultiReadSession {
public:
    // err Ok: `listings` has one entry per path, in order (per-path errors
    // inside). Otherwise no listings: the server refused the whole request
    // (err from its reply header), or the session failed (ConnectionLoss,
    // OperationTimeout, MarshallingError for a reply that does not decode),
    // and `message` is a sentence saying so.
    using Done = std::function<void(proto::Err err, std::string message, std::vector<Listing> listings)>;

    // Connects, shakes hands, authenticates and lists `probePath` once with
    // multiRead to learn that the server serves it. nullptr and *why (a
    // sentence) when any step fails or openTimeout passes first: connection
    // refused, session refused, credentials refused, multiRead refused (a
    // 3.5 server answers Unimplemented). Blocks the caller.
    static std::unique_ptr<MultiReadSession> open(const MultiReadSettings& settings, const std::string& probePath,
                                                  std::string* why);
    // Closes the session (CloseSession, bounded) and joins the thread;
    // pending requests end with ConnectionLoss first.
    ~MultiReadSession();
    MultiReadSession(const MultiReadSession&) = delete;
    MultiReadSession& operator=(const MultiReadSession&) = delete;

    // Lists the children of each of `paths` (valid absolute paths, relative
    // to the chroot) in one multiRead; non-empty.
    void list(std::vector<std::string> paths, Done done);

    // Requests sent so far (connect, auth, multiRead, ping, close), for the
    // benchmark's count.
    std::size_t requestsSent() const;

    struct Impl;

private:
    explicit MultiReadSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace zooscope::readers::detail
