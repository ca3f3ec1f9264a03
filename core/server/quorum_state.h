// The durable side of an ensemble member: what the quorum protocol needs at
// start-up (its epochs, the log after the snapshot, an incarnation number)
// and the epoch files it keeps in dataDir, as ZooKeeper keeps
// acceptedEpoch/currentEpoch.
//
// Files (in dataDir, decimal text, replaced atomically: temp + fsync +
// rename + directory fsync): "acceptedEpoch", "currentEpoch", "incarnation".
// Pure functions over Env; call them from the server's owning thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "env/env.h"
#include "quorum/peer.h"
#include "storage/storage.h"
#include "zooscope/config.h"

namespace zooscope::server {

// An ensemble member's start: the quorum's settings and what this member
// recovered (epochs and the log after its snapshot).
struct QuorumSetup {
    quorum::QuorumConfig config;
    quorum::DurableState durable;
    std::string epochDir;  // where the epoch files live ("" = in memory)
};

// The protocol's tick: finer than ZooKeeper's tickTime so that elections and
// failover take tens of milliseconds; initLimit and syncLimit keep their
// meaning in tickTime units (converted to protocol ticks).
int32_t protocolTickMs(const ServerConfig& config);

Status writeEpochs(Env& env, const std::string& dir, int64_t acceptedEpoch, int64_t currentEpoch);

// True when `config` describes an ensemble this server is a member of (more
// than one server line, or an observer); false for standalone. *error is
// set, and false returned, when the server lines are unusable (myid missing
// from them, duplicate ids).
bool isEnsemble(const ServerConfig& config, std::string* error);

// Builds the quorum setup from the config, the epoch files and the log
// records after the recovered snapshot (`storage` may be null: in memory).
// Bumps and persists the incarnation. nullptr + *error on failure.
std::unique_ptr<QuorumSetup> loadQuorumSetup(std::shared_ptr<Env> env, const ServerConfig& config,
                                             storage::Storage* storage, const storage::RecoveredState* recovered,
                                             std::string* error);

}  // namespace zooscope::server
