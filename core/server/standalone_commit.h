// StandaloneCommit: the commit path of a standalone server, ZooKeeper's
// pipeline in one class: each write is prepared (RequestProcessor::prepare,
// against the tree plus the changes still in flight), handed to the
// LogSyncer (log_syncer.h), whose thread appends and syncs the group that
// queued up meanwhile, and once its sync is reported the txn is applied to
// the tree and answered, in zxid order (ZooKeeper's Prep-, SyncRequest- and
// FinalRequestProcessor). So no read ever sees a transaction before it is on
// disk, while reads keep being answered during a sync. A failed append or
// sync is fatal (ClientAnswers::fail): nothing after the last good sync is
// applied or answered. Every ~snapCount txns (randomised, as ZooKeeper's
// SyncRequestProcessor) a fuzzy snapshot starts after a group commit.
//
// Without a data directory (`storage` null) nothing is logged: each write is
// applied and answered on the spot.
//
// Single-threaded: the server's owning thread (the LogSyncer has its own).
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>

#include "server/commit_path.h"
#include "server/log_syncer.h"
#include "server/server_state.h"
#include "server/snapshot_runner.h"
#include "server/timers.h"
#include "storage/storage.h"

namespace zooscope::server {

class StandaloneCommit final : public CommitPath {
public:
    // `lastZxid`: the last zxid recovered from `storage` (0 in memory).
    StandaloneCommit(ServerState& state, ClientAnswers& answers, Timers& timers,
                     std::unique_ptr<storage::Storage> storage, int64_t lastZxid);
    ~StandaloneCommit() override;

    void start() override {}
    bool serving() const override { return true; }
    std::optional<QuorumView> quorumView() const override { return std::nullopt; }
    std::optional<SyncStats> syncStats() const override;
    bool createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) override;
    bool closeSession(int64_t sessionId, CloseRequester requester) override;
    bool write(const ClientContext& ctx, PendingRequest request, std::string_view body) override;
    bool sync(int64_t sessionId, PendingRequest request) override;
    void tick() override;
    void checkContainers() override;
    bool seed(const std::string& path, const std::string& data) override;

private:
    // A txn on its way to the disk, and what to do once it is applied. A
    // client's sync rides along as an entry without a txn (kind Sync): it is
    // answered once everything before it is applied.
    struct Committing {
        enum Kind { Write, CreateSession, CloseSession, Container, Seed, Sync };
        Kind kind = Write;
        Prepared p;                            // p.header.zxid orders it; Sync: the last zxid before it
        PendingRequest request;                // Write, Sync
        uint64_t linkId = 0;                   // CreateSession
        int32_t timeoutMs = 0;                 // CreateSession
        std::optional<CloseRequester> closer;  // CloseSession asked by its client
    };

    // Logs `c` (or, in memory, finishes it at once).
    void commit(Committing c);
    // The log is durable up to `zxid`: applies and answers what it covers.
    void onSynced(int64_t zxid);
    // Applies one synced entry and answers for it.
    void finish(Committing& c);
    void close(int64_t sessionId, std::optional<CloseRequester> requester);
    void maybeSnapshot();
    int64_t nextZxid() { return ++lastZxid_; }

    ServerState& state_;
    ClientAnswers& answers_;
    std::unique_ptr<storage::Storage> storage_;
    SnapshotRunner snapshots_;
    std::unique_ptr<LogSyncer> syncer_;  // null in memory
    std::deque<Committing> committing_;  // logged, not yet synced; in zxid order
    int64_t lastZxid_;
    int64_t txnsSinceSnapshot_ = 0;
    int64_t snapshotThreshold_ = 0;
};

}  // namespace zooscope::server
