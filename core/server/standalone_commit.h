// StandaloneCommit: the commit path of a standalone server. Each write is
// prepared (RequestProcessor::prepare), appended to the transaction log
// (buffered), applied to the tree and answered - all on the spot. From the
// first logged txn on, the Outbox holds everything clients would see; a
// callback posted after the requests already received runs the group commit:
// one fdatasync for every txn logged since the last one, then the held output
// goes out in order. A failed append or sync is fatal (ClientAnswers::fail).
// Every ~snapCount txns (randomised, as ZooKeeper's SyncRequestProcessor) a
// fuzzy snapshot starts after a group commit.
//
// Without a data directory (`storage` null) nothing is logged or held.
//
// Single-threaded: the server's owning thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "server/commit_path.h"
#include "server/outbox.h"
#include "server/server_state.h"
#include "server/snapshot_runner.h"
#include "server/timers.h"
#include "storage/storage.h"

namespace zooscope::server {

class StandaloneCommit final : public CommitPath {
public:
    // `lastZxid`: the last zxid recovered from `storage` (0 in memory).
    StandaloneCommit(ServerState& state, Outbox& outbox, ClientAnswers& answers, Timers& timers,
                     std::unique_ptr<storage::Storage> storage, int64_t lastZxid);
    ~StandaloneCommit() override;

    void start() override {}
    bool serving() const override { return true; }
    std::optional<QuorumView> quorumView() const override { return std::nullopt; }
    bool createSession(uint64_t linkId, int64_t sessionId, int32_t timeoutMs) override;
    bool closeSession(int64_t sessionId, CloseRequester requester) override;
    bool write(const ClientContext& ctx, PendingRequest request, std::string_view body) override;
    bool sync(int64_t sessionId, PendingRequest request) override;
    void tick() override;
    void checkContainers() override;
    bool seed(const std::string& path, const std::string& data) override;

private:
    // Logs (when durable) and applies one transaction; its effects reach
    // clients only after the next group commit.
    tree::ApplyResult commit(const Prepared& p);
    void groupCommit();
    void close(int64_t sessionId, std::optional<CloseRequester> requester);
    int64_t nextZxid() { return ++lastZxid_; }

    ServerState& state_;
    Outbox& outbox_;
    ClientAnswers& answers_;
    Timers& timers_;
    std::unique_ptr<storage::Storage> storage_;
    SnapshotRunner snapshots_;
    int64_t lastZxid_;
    bool commitScheduled_ = false;
    int64_t txnsSinceSnapshot_ = 0;
    int64_t snapshotThreshold_ = 0;
};

}  // namespace zooscope::server
