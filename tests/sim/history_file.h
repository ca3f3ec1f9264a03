// Client histories as text, one operation per line, for the linearizability
// checker (linearizability.h) and the sequential-create check. Written by the
// ensemble history clients (tests/ensemble/history_client.cpp), read back by
// tst_ensemble_histories, and kept as must-reject excerpts in
// tests/sim/histories/ for tst_linearizability.
//
// Format (tab-separated; times are steady_clock nanoseconds, shared by every
// process on one machine; "?" as the response time: indeterminate):
//   reg  CLIENT KIND KEY VALUE EXPECT_VERSION INVOKE RESPONSE OK EXISTS READ_VALUE READ_VERSION
//        KIND is create|write|cas|read; VALUE / READ_VALUE are "-" when unused
//   seq  CLIENT VALUE INVOKE RESPONSE OK NAME
//        a sequential create whose data is VALUE; NAME is the created node's
//        last path component ("-" unless acknowledged)
// Lines starting with '#' and empty lines are ignored. Values must not
// contain tabs or newlines.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "linearizability.h"

namespace zooscope::sim {

struct SeqCreate {
    int client = 0;
    std::string value;          // unique per create: ties a child to its create
    int64_t invoke = 0;
    int64_t response = RegOp::kNever;
    bool ok = false;
    std::string name;           // e.g. "n-0000000042" when ok
};

struct History {
    std::vector<RegOp> registers;
    std::vector<SeqCreate> creates;
};

std::string formatLine(const RegOp& op);
std::string formatLine(const SeqCreate& op);

// Appends the line's operation to *history; false + a message naming the
// field on a malformed line (nothing appended).
bool parseLine(const std::string& line, History* history, std::string* error);
// Every line of the file; false + "path:line: message" on the first bad line
// or an unreadable file.
bool readHistoryFile(const std::string& path, History* history, std::string* error);

// A child found under the sequential parent at the end: its name and data.
struct SeqChild {
    std::string name;
    std::string value;
};

// What a ZooKeeper sequential create promises: every name unique; an
// acknowledged create that responded before another was invoked has the
// lower sequence number; every acknowledged create is among `present` with
// its name and value; every present child comes from exactly one create (no
// phantom, no create applied twice). Indeterminate creates may or may not
// be present. Returns the violations, empty when there is none.
std::vector<std::string> checkSequentialCreates(const std::vector<SeqCreate>& creates,
                                                const std::vector<SeqChild>& present);

}  // namespace zooscope::sim
