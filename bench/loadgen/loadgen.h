// zooscope-loadgen's library: a pipelined load generator and a no-loss
// checker for any ZooKeeper-compatible server, built on the ZooKeeper C
// client (multi-threaded flavour), or with `--client wire` on its own
// sessions (wire_session.h) for the measured load. No Qt; the executable and the smoke test
// both link it.
//
// Model: `sessions` zhandles, each keeping `window` asynchronous requests
// outstanding. Every completion records its latency (steady_clock, submit to
// completion) and submits the next request from the C client's completion
// thread. Operations:
//   create  a PERSISTENT_SEQUENTIAL child <root>/s<i>/c- (always succeeds,
//           so the tree grows by one znode per create)
//   set     setData (version -1) on a random key <root>/s<i>/k<j>, j < keys
//   get     getData on a random key
//   exists  exists on a random key
// Keys are created (if absent) before the measured run when the mix uses
// set/get/exists. Errors are counted per result code, never fatal.
// With a --rate the load is open: requests leave at that rate over all
// sessions (round robin), whatever the server's pace, as long as a session
// has a free slot in its window; latency counts from when a request was due,
// so a server that falls behind shows it in the percentiles.
//
// Threads: runLoad()/verifyRecord() block the calling thread; they are not
// re-entrant with respect to a shared record file.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "histogram.h"

namespace CLI {
class App;
}

namespace zooscope::bench {

enum class Op { Create = 0, Set, Get, Exists };
inline constexpr int kOpCount = 4;
const char* opName(Op op);

// Percent per op, summing to 100.
using Mix = std::array<int, kOpCount>;

// "create=25,set=25,get=40,exists=10" (any order; omitted ops are 0; the sum
// must be 100). Returns nullopt and a message naming the bad part on error.
std::optional<Mix> parseMix(const std::string& text, std::string* error);
std::string formatMix(const Mix& mix);

// "20", "20s", "500ms", "2m" -> seconds. nullopt on anything else or < 0.
std::optional<double> parseDurationSeconds(const std::string& text);

// Who speaks to the server: the ZooKeeper C client (the default, an
// independent implementation) or wire_session.h's own sessions, whose cost
// per request is small enough that a 2-core machine measures the server.
enum class ClientKind { C, Wire };
const char* clientName(ClientKind kind);

struct Options {
    std::string connect = "127.0.0.1:2181";  // ZooKeeper connect string, may list several hosts
    int sessions = 4;
    int window = 64;  // outstanding requests per session
    double rate = 0;  // offered requests per second over all sessions; 0 = closed loop
    Mix mix = {25, 25, 40, 10};
    int valueSize = 100;           // bytes per create/set
    double durationSeconds = 10;   // used when totalOps is unset
    std::optional<uint64_t> totalOps;  // stop after this many submitted ops (all sessions)
    double warmupSeconds = -1;     // < 0: 1 s in duration mode, 0 with totalOps
    int keys = 1000;               // key space per session for set/get/exists
    std::string root = "/zsbench";
    std::string recordPath;        // append acknowledged writes here ("" = off)
    std::string verifyPath;        // verify mode: check this record, no load
    int sessionTimeoutMs = 30000;
    int connectTimeoutMs = 15000;
    uint64_t seed = 0;             // 0: from the clock
    bool json = false;             // print one JSON line instead of the table
    bool failOnError = false;      // exit status 3 when errors > 0 or ops == 0
    bool verbose = false;          // C client log level INFO instead of ERROR
    ClientKind client = ClientKind::C;  // the load's client; setup and --verify always use the C client
};

// zooscope-loadgen's command line (see zooscope/command_line.h), storing each
// option into `*o` as it is parsed, so `*o` must outlive the parse. A bad value
// is a parse error that names the option.
std::unique_ptr<CLI::App> commandLine(Options* o);

// After a successful parse: the rules between options (e.g. --keys 0 needs a
// create-only --mix) and the defaults that depend on others (--warmup).
// false + a message naming the option on bad input.
bool finishOptions(Options* o, std::string* error);

// Both, for arguments in a vector (without argv[0]): nullopt + the message on
// bad input, including --help (the executable handles that itself).
std::optional<Options> parseOptions(const std::vector<std::string>& args, std::string* error);

struct OpStats {
    uint64_t ok = 0;       // completed with ZOK inside the measured window
    uint64_t errors = 0;   // completed or refused with another code (whole run)
    Histogram latencyNs;   // ZOK completions inside the measured window
};

struct Report {
    Options options;
    bool setupOk = false;
    std::string setupError;         // why the run did not start (connect, root create)
    double measuredSeconds = 0;     // measured window (warm-up excluded)
    double warmupSeconds = 0;
    std::array<OpStats, kOpCount> perOp;
    OpStats total;
    std::map<std::string, uint64_t> errorsByCode;  // "ZCONNECTIONLOSS" -> n (whole run)
    uint64_t recordedWrites = 0;    // lines appended to the record file
    int sessionsExpired = 0;
    uint64_t unfinished = 0;        // requests still outstanding at shutdown
    uint64_t lateSubmits = 0;       // --rate: times a due request found its session's window full

    double opsPerSecond() const { return measuredSeconds > 0 ? double(total.ok) / measuredSeconds : 0; }
    uint64_t errors() const { return total.errors; }
};

// Connects, prepares keys, runs the load, drains, closes. Never throws for
// server behaviour; a failed setup comes back as setupOk == false.
Report runLoad(const Options& options);

struct VerifyReport {
    bool ok = false;            // loaded, connected, and no problem found
    std::string error;          // load/connect failure
    uint64_t recordLines = 0;
    uint64_t paths = 0;         // distinct paths checked
    uint64_t missing = 0;       // NONODE
    uint64_t stale = 0;         // server version < acknowledged version
    uint64_t corrupt = 0;       // same version, different data hash
    uint64_t readErrors = 0;    // getData failed with another code
    std::vector<std::string> examples;  // first few problems, human-readable
};

// Reads a record file and checks, with pipelined getData on one session, that
// every path's latest acknowledged write is on the server: version >= the
// acknowledged one, and the same data when the version is equal.
VerifyReport verifyRecord(const Options& options);

// Human table / one JSON line.
std::string formatTable(const Report& report);
std::string formatJson(const Report& report);
std::string formatVerify(const VerifyReport& report, bool json);

// FNV-1a 64-bit over the value bytes (the record's data hash).
uint64_t valueHash(const char* data, size_t size);

}  // namespace zooscope::bench
