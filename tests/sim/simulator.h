// The quorum simulator: 3 to 5 voters (plus sometimes an observer), each the
// production engine - server::ServerCore with its QuorumHost, RequestProcessor,
// DataTree and Storage, exactly as Server::start composes them - on simulated
// seams: a disk in memory under FaultInjectionEnv (a crash keeps only what was
// synced), a clock and timers on the simulator's event queue, and a network
// that loses, duplicates, delays, reorders and partitions messages. Clients
// speak the ZooKeeper wire protocol to the engine through in-memory
// connections (handshake, session re-attach, writes, sync + read). Everything
// is decided by one seed.
//
// Checked at every quorum effect (the host's EffectTap): at most one
// established leader per epoch; a replica never truncates or un-applies a
// committed txn; every replica's applied sequence is a prefix of one global
// history, byte for byte; a replica recovers (restart) or installs (SNAP) a
// committed state. At the end: every replica holds the same tree, the client
// history is linearizable (writes, CAS and sync+read), and a leader is
// elected and every client completes its requests within a bound once faults
// stop.
//
// Single-threaded; each runSeed() call is independent (run several in threads).
// The engine logs through spdlog: runners turn it down (quorum_sim, the tests).
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
    size_t clientOps = 0;      // requests answered or given up: handshakes, reads, writes, syncs
    size_t indeterminate = 0;  // ... of which given up (timeout, connection lost): outcome unknown
    size_t events = 0;
    size_t crashes = 0;
    size_t snapSyncs = 0, truncSyncs = 0, diffSyncs = 0;
    size_t sessionsExpired = 0;
};

SimReport runSeed(uint64_t seed, const SimOptions& options = {});

}  // namespace zooscope::sim
