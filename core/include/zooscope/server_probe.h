// zooscope/server_probe.h — asking one ZooKeeper server how it is: its
// four-letter words on the client port and its AdminServer over HTTP, each
// bounded by a deadline, turned into one ServerSample (zooscope/server_sample.h).
// The dashboard's poller and zooscope-ctl's `ensemble` call probeServer() on a
// worker thread per server, so a paused or dead server delays nobody else.
//
// Transports are seams: a FourLetterWordTransport sends one word and returns
// what the server wrote until it closed (fetchFourLetterWord, below, is the
// real one); an AdminTransport fetches one AdminServer command
// (fetchAdminCommand). Tests pass canned answers.
//
// Threads: every function here is thread-safe and blocks the caller only up
// to its deadline (plus the time the transports overrun theirs); nothing
// throws for runtime conditions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "zooscope/server_sample.h"

namespace zooscope::monitor {

struct Endpoint {
    std::string host;  // name or address; an IPv6 literal without brackets
    uint16_t port = 0;
    std::string text() const;  // "host:port", "[v6]:port"
};

// One AdminServer fetch.
struct Fetched {
    bool answered = false;  // a complete HTTP response arrived in time
    int httpStatus = 0;     // when answered
    std::string body;       // when answered (Jetty's error pages too)
    // When not: why, as data (an Admin* note, which probeServer passes on)
    // and in English (its noteText, for logs and callers that print it). A
    // transport that leaves `failure` unset gets a plain AdminFailed note.
    std::optional<SampleNote> failure;
    std::string error;
};

// GET http://<admin>/<commandUrl>/<command> (ZooKeeper's default commandUrl is
// "/commands"). The connect, each read and each write wait at most
// `timeout`, and a body still arriving at the deadline is cut off (no
// answer); only a server that dribbles its response headers slower than that
// can stretch the call past `timeout`. A body over 16 MiB is refused. Plain
// HTTP, as ZooKeeper's AdminServer serves by default.
Fetched fetchAdminCommand(const Endpoint& admin, std::string_view command, std::chrono::milliseconds timeout,
                          std::string_view commandUrl = "/commands");

// Sends `word` to a server's client port and returns what it wrote until it
// closed the connection; "" when it could not be reached or did not finish
// within `timeout` (connect, write and read together; the host name lookup
// before them is the system's and not bounded). Plain TCP, IPv4 or IPv6.
std::string fetchFourLetterWord(const Endpoint& server, std::string_view word, std::chrono::milliseconds timeout);

// What the server wrote after `word` until it closed the connection; "" when
// it could not be reached or did not finish within `timeout`.
using FourLetterWordTransport =
    std::function<std::string(const Endpoint& server, std::string_view word, std::chrono::milliseconds timeout)>;
using AdminTransport =
    std::function<Fetched(const Endpoint& admin, std::string_view command, std::chrono::milliseconds timeout)>;

// The AdminTransport over fetchAdminCommand, for servers whose
// admin.commandURL is `commandUrl`.
AdminTransport httpAdminTransport(std::string commandUrl = "/commands");
// The FourLetterWordTransport over fetchFourLetterWord.
FourLetterWordTransport tcpFourLetterWordTransport();

struct ProbeTarget {
    Endpoint client;                // the client port (four-letter words)
    std::optional<Endpoint> admin;  // the AdminServer, when the profile knows one
};

struct ProbeOptions {
    // The whole probe's deadline: each question gets what is left of it.
    std::chrono::milliseconds timeout{2000};
    // Ask mntr, wchs and conf after srvr (srvr is always asked: ZooKeeper
    // 3.8 always allows it). Off: srvr alone, for servers known to refuse.
    bool detailWords = true;
};

// Asks srvr (then mntr, wchs, conf) and, at the same time on a thread of its
// own when the target has an AdminServer, monitor, server_stats, leader,
// zabstate, watch_summary and configuration; merges both (mergeSamples).
// Each channel has the whole deadline; one that leaves a question unanswered
// (or runs out of time) is not asked the rest. When nothing answered, the
// mode is Down and the notes say what was tried. The transports are called
// from two threads at once.
ServerSample probeServer(const ProbeTarget& target, const ProbeOptions& options,
                         const FourLetterWordTransport& fourLetterWords,
                         const AdminTransport& admin = httpAdminTransport());

}  // namespace zooscope::monitor
