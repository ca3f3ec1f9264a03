// A linearizability checker for per-znode registers with compare-and-set,
// for the quorum simulator and for the histories of real ensembles
// (tst_ensemble_histories; history_file.h reads and writes them): Wing &
// Gong's search with Lowe's memoization of (linearized set, state), as
// Knossos and Porcupine do.
//
// Each key is checked on its own (linearizability is compositional). An
// operation whose response never came (timeout, crash) is "indeterminate": it
// may have taken effect at any time after its invocation, or never.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace zooscope::sim {

struct RegOp {
    enum Kind { Create, Write, Cas, Read };
    static constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

    Kind kind = Read;
    int client = 0;
    std::string key;
    std::string value;          // Create / Write / Cas: the value written
    int32_t expectVersion = 0;  // Cas
    int64_t invoke = 0;
    int64_t response = kNever;  // kNever: indeterminate
    // Results (ignored when indeterminate).
    bool ok = false;            // Create/Write/Cas took effect (false: NodeExists / NoNode / BadVersion)
    bool exists = false;        // Read
    std::string readValue;      // Read
    int32_t readVersion = 0;    // Read
};

struct LinResult {
    bool linearizable = true;
    bool exhausted = false;  // search budget ran out (reported, counted as not proven)
    std::string key;         // first key that failed
    std::string explanation;
};

// `maxStates` bounds the memo size per key.
LinResult checkLinearizable(const std::vector<RegOp>& history, size_t maxStates = 2'000'000);

std::string describe(const RegOp& op);

}  // namespace zooscope::sim
