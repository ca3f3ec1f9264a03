// Random, valid txn sequences for the storage tests: a small model of what
// the server's prepare step would produce (creates with parent cversions,
// sets with the next version, deletes of leaves, sessions with ephemerals,
// multis, error txns), applied to a reference tree as they are generated.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "storage/snapshot.h"
#include "tree/data_tree.h"
#include "tree/txn.h"

namespace zstest {

struct Entry {
    zooscope::tree::TxnHeader header;
    zooscope::tree::Txn txn;
};

class Workload {
public:
    explicit Workload(uint64_t seed, int64_t firstZxid = 1) : rng_(seed), nextZxid_(firstZxid) {}
    // Generates the next txn and applies it to tree() / sessions().
    Entry next();
    const zooscope::tree::DataTree& tree() const { return tree_; }
    const zooscope::storage::SessionTable& sessions() const { return sessions_; }
    int64_t lastZxid() const { return nextZxid_ - 1; }
    // Forgets everything and re-applies `kept` (entries that survived a crash).
    void resetTo(const std::vector<Entry>& kept);

private:
    std::string randomExisting(bool leafOnly);
    std::string randomData(bool* isNull);
    Entry finish(zooscope::proto::OpCode type, zooscope::tree::Txn txn, int64_t clientId = 1);

    std::mt19937_64 rng_;
    int64_t nextZxid_;
    int64_t nextSession_ = 0x100;
    int nextName_ = 0;
    zooscope::tree::DataTree tree_;
    zooscope::storage::SessionTable sessions_;
};

// Applies entries [0, n) to a fresh tree, as recovery should have.
std::string dumpPrefix(const std::vector<Entry>& entries, size_t n);

}  // namespace zstest
