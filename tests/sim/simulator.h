// The quorum simulator: 3 to 5 voters (plus sometimes an observer) running the
// real quorum::QuorumPeer, the real server::RequestProcessor (leader prepare)
// and tree::DataTree (apply), with clients, an in-memory disk that loses
// unsynced entries on a crash, and a network that loses, duplicates, delays,
// reorders and partitions messages. Everything is decided by one seed.
//
// Checked after every step: at most one established leader per epoch; a
// replica never truncates or un-applies a committed txn; every replica's
// applied sequence is a prefix of one global history. At the end: the client
// history is linearizable (writes, CAS and sync+read), a leader is elected and
// every client request completes within a bound once faults stop, and sessions
// and ephemerals agree across replicas.
//
// Single-threaded; each runSeed() call is independent (run several in threads).
#pragma once

#include <cstdint>
#include <string>

namespace zooscope::sim {

struct SimOptions {
    int64_t faultMs = 6000;       // simulated time with faults
    int64_t settleLimitMs = 60000;  // after faults stop, everything must settle within this
    bool trace = false;            // print every event to stderr
};

struct SimReport {
    bool ok = true;
    uint64_t seed = 0;
    std::string failure;
    int voters = 0;
    int observers = 0;
    int64_t electionAfterHealMs = -1;  // faults stopped -> an established leader with a synced quorum
    int64_t settleMs = -1;             // faults stopped -> every client request after that completed
    int64_t maxRequestMsAfterHeal = 0; // slowest client request issued after faults stopped
    size_t committed = 0;
    size_t clientOps = 0;
    size_t indeterminate = 0;
    size_t events = 0;
    size_t crashes = 0;
    size_t snapSyncs = 0, truncSyncs = 0, diffSyncs = 0;
    size_t sessionsExpired = 0;
};

SimReport runSeed(uint64_t seed, const SimOptions& options = {});

}  // namespace zooscope::sim
