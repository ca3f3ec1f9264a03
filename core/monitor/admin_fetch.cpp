// fetchAdminCommand: one GET to a ZooKeeper AdminServer over Debian's
// cpp-httplib (its split build: the declarations here, the code in
// libcpp-httplib.so; CMake passes the same CPPHTTPLIB_* definitions the
// library was built with, so the classes agree).
#include <httplib.h>

#include "zooscope/server_probe.h"

namespace zooscope::monitor {

namespace {

using Clock = std::chrono::steady_clock;

// wchc / wchp on a big server are the largest answers; far beyond this is
// not an AdminServer.
constexpr size_t kMaxBody = 16u << 20;

}  // namespace

std::string Endpoint::text() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Fetched fetchAdminCommand(const Endpoint& admin, std::string_view command, std::chrono::milliseconds timeout,
                          std::string_view commandUrl) {
    Fetched out;
    const std::string url = std::string(commandUrl) + "/" + std::string(command);
    const auto deadline = Clock::now() + timeout;
    httplib::Client client(admin.host, admin.port);
    // Each step (connect, each read and write) gets the whole budget; the
    // progress callback below cuts a body that runs past the deadline.
    client.set_connection_timeout(timeout);
    client.set_read_timeout(timeout);
    client.set_write_timeout(timeout);
    client.set_keep_alive(false);
    client.set_follow_location(false);
    bool late = false, tooBig = false;
    auto res = client.Get(url, [&](uint64_t current, uint64_t) {
        late = Clock::now() > deadline;
        tooBig = current > kMaxBody;
        return !late && !tooBig;
    });
    const auto fail = [&](NoteKind kind, std::string detail, std::optional<int64_t> ms) {
        out.failure = SampleNote{kind, std::string(command), admin.text(), std::move(detail), ms};
        out.error = noteText(*out.failure);
        return out;
    };
    if (!res) {
        if (late) return fail(NoteKind::AdminLate, {}, timeout.count());
        if (tooBig) return fail(NoteKind::AdminTooBig, {}, std::nullopt);
        if (res.error() == httplib::Error::Connection || res.error() == httplib::Error::ConnectionTimeout)
            return fail(NoteKind::AdminUnreachable, httplib::to_string(res.error()), std::nullopt);
        return fail(NoteKind::AdminFailed, httplib::to_string(res.error()), std::nullopt);
    }
    if (Clock::now() > deadline) return fail(NoteKind::AdminLate, {}, timeout.count());
    out.answered = true;
    out.httpStatus = res->status;
    out.body = std::move(res->body);
    return out;
}

AdminTransport httpAdminTransport(std::string commandUrl) {
    return [commandUrl = std::move(commandUrl)](const Endpoint& admin, std::string_view command,
                                                std::chrono::milliseconds timeout) {
        return fetchAdminCommand(admin, command, timeout, commandUrl);
    };
}

}  // namespace zooscope::monitor
