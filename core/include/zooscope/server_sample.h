// zooscope/server_sample.h — one poll of one ZooKeeper server, as a dashboard
// card, zooscope-ctl's `ensemble` and the alert rules read it: built from the
// raw answers of its four-letter words and of its AdminServer
// (zooscope/server_answers.h parses them), then merged.
//
// Contracts:
// - Pure functions of their inputs; thread-safe; never throw.
// - A field the answers did not give stays nullopt, never 0: ZooKeeper 3.8
//   whitelists only srvr by default, so a server without an AdminServer
//   gives a mode, a zxid, latencies and counts of connections and nodes, and
//   nothing about watches, ephemerals or file descriptors. `notes` then says
//   why, as data (SampleNote): the UI words each kind in the user's language,
//   the CLI and the logs with noteText() in English.
// - Units: ms, bytes, zxids as 64-bit integers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zooscope/server_answers.h"

namespace zooscope::monitor {

// Why a figure is missing. Each kind is one sentence with fixed slots; what
// fills them is data: names, numbers and the server's or the OS's own words.
enum class NoteKind {
    // An answer that is not the data asked for (the AnswerStatus it read as);
    // subject: the word or command asked; detail: Answer::said.
    Refused,     // a four-letter word outside 4lw.commands.whitelist
    NotServing,  // "not currently serving requests"
    Error,       // an AdminServer "error" member or error page
    Truncated,   // cut short
    Malformed,   // not this answer's format
    Empty,       // no bytes
    // The probe; subject: the word or command, server: the address asked.
    NoAnswer,          // no answer to a word within `ms`
    OutOfTime,         // not asked: the poll's deadline was spent
    AdminUnreachable,  // no connection to the AdminServer; detail: the HTTP client's error name
    AdminLate,         // the AdminServer did not answer within `ms`
    AdminTooBig,       // the AdminServer sent more than 16 MiB
    AdminFailed,       // the AdminServer did not answer; detail: the HTTP client's error name, or ""
    NoAdminAddress,    // the profile sets no AdminServer address for `server`
    NoClientAddress,   // subject ("server.4") has no client address in /zookeeper/config
};
inline constexpr NoteKind kLastNoteKind = NoteKind::NoClientAddress;

struct SampleNote {
    NoteKind kind = NoteKind::NoAnswer;
    std::string subject;         // the word or command ("mntr", "monitor"), or the member ("server.4")
    std::string server;          // "host:port" the note is about, or ""
    std::string detail;          // verbatim words of the server or the OS, or ""; never a sentence of ours
    std::optional<int64_t> ms;   // a time limit, where the kind has one
    bool operator==(const SampleNote&) const = default;
};

// The note in English, for zooscope-ctl and the logs: "mntr: mntr is not in
// the server's 4lw.commands.whitelist (it answered "...")".
std::string noteText(const SampleNote& note);
// The note an answer that is not data (status != Ok) deserves.
template <class T>
SampleNote answerNote(const Answer<T>& a, std::string_view what);
NoteKind noteKindOf(AnswerStatus status);

// One of mntr's avg/min/max/cnt/sum summaries (fsynctime, snapshottime).
struct TimingSummary {
    double avgMs = 0;
    int64_t maxMs = 0;
    int64_t count = 0;
};

struct ServerSample {
    std::optional<ServerMode> mode;
    std::optional<int64_t> zxid;  // the last processed zxid
    // zxid >> 32: the leader epoch of the last transaction.
    std::optional<int64_t> epoch() const {
        return zxid ? std::optional<int64_t>(int64_t(uint64_t(*zxid) >> 32)) : std::nullopt;
    }
    std::optional<Latency> latency;
    std::optional<int64_t> connections;
    std::optional<int64_t> outstanding;
    std::optional<int64_t> znodes;               // ZooKeeper counts the root twice
    std::optional<int64_t> watches;              // mntr's watch_count (child watches too)
    std::optional<int64_t> ephemerals;
    std::optional<int64_t> approximateDataSize;  // bytes of data and paths
    std::optional<int64_t> openFileDescriptors;
    std::optional<int64_t> maxFileDescriptors;
    std::optional<int64_t> followers;            // leader only: learners connected
    std::optional<int64_t> syncedFollowers;      // leader only
    std::optional<int64_t> pendingSyncs;         // leader only
    std::optional<std::string> version;          // "3.8.0-<build>, built on <date>"
    std::optional<int64_t> uptimeMs;
    std::optional<int64_t> packetsReceived;
    std::optional<int64_t> packetsSent;
    std::optional<TimingSummary> fsync;          // log fsyncs
    std::optional<TimingSummary> snapshot;       // snapshot writes
    std::optional<int64_t> fsyncThresholdExceeded;
    std::optional<int64_t> elections;            // elections this server ran since it started
    std::optional<int64_t> serverId;             // myid (0 standalone)
    std::optional<int64_t> leaderId;             // the leader this server follows or is
    std::optional<bool> voting;                  // a voting member, serving
    std::optional<std::string> zabPhase;         // "broadcast", "synchronization", ...

    bool fromFourLetterWords = false;  // at least one word answered with data
    bool fromAdminServer = false;      // at least one AdminServer command did
    std::vector<SampleNote> notes;     // why what is missing is missing
};

// The raw answers of one poll; nullopt: not asked, or no answer (then the
// poller adds its own note, e.g. "no answer from 10.0.0.5:2181 in 1 s").
struct FourLetterAnswers {
    std::optional<std::string> srvr;
    std::optional<std::string> mntr;
    std::optional<std::string> wchs;
    std::optional<std::string> conf;
};
struct AdminAnswers {
    std::optional<std::string> monitor;
    std::optional<std::string> serverStats;  // server_stats (or stats)
    std::optional<std::string> leader;
    std::optional<std::string> zabstate;
    std::optional<std::string> watchSummary;
    std::optional<std::string> configuration;
};

template <class T>
SampleNote answerNote(const Answer<T>& a, std::string_view what) {
    return SampleNote{noteKindOf(a.status), std::string(what), {}, a.said, std::nullopt};
}

ServerSample sampleFromFourLetterWords(const FourLetterAnswers& answers);
ServerSample sampleFromAdminServer(const AdminAnswers& answers);

// One sample from both sources: each field from the AdminServer when it gave
// it (its numbers are typed and it answers what the whitelist refuses), else
// from the four-letter words. The mode: a role one source reports beats
// "not serving" from the other, because with leaderServes=no a healthy
// leader's srvr says it is not serving (Exhibitor restarted such leaders);
// "not serving" stands only when no source reports a role. Notes of both are
// kept.
ServerSample mergeSamples(const ServerSample& fourLetterWords, const ServerSample& adminServer);

}  // namespace zooscope::monitor
