#include "server/quorum_state.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "storage/txn_codec.h"

namespace zooscope::server {

namespace {

constexpr int32_t kProtocolTickMs = 50;

int32_t ticksFor(int32_t limit, int32_t tickTime, int32_t protoTick) {
    const int64_t ms = int64_t(limit) * tickTime;
    return int32_t(std::max<int64_t>(1, (ms + protoTick - 1) / protoTick));
}

// A missing file reads as 0 (a fresh member); anything else unreadable is an error.
Status readNumber(Env& env, const std::string& path, int64_t* out) {
    *out = 0;
    if (!env.fileExists(path)) return Status::ok();
    std::string text;
    if (Status s = env.readFileToString(path, &text); !s) return s;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), *out);
    if (ec != std::errc() || p != text.data() + text.size() || *out < 0)
        return Status::corruption(path + ": not a number: '" + text + "'");
    return Status::ok();
}

Status writeNumber(Env& env, const std::string& path, int64_t value) {
    const std::string tmp = path + ".tmp";
    std::unique_ptr<WritableFile> f;
    Status s = env.newWritableFile(tmp, &f);
    if (s) s = f->append(std::to_string(value) + "\n");
    if (s) s = f->sync();
    if (s) s = f->close();
    if (s) s = env.renameFile(tmp, path);
    return s;
}

}  // namespace

int32_t protocolTickMs(const ServerConfig& config) { return std::clamp(config.tickTime, 1, kProtocolTickMs); }

Status writeEpochs(Env& env, const std::string& dir, int64_t acceptedEpoch, int64_t currentEpoch) {
    if (Status s = writeNumber(env, dir + "/acceptedEpoch", acceptedEpoch); !s) return s;
    if (Status s = writeNumber(env, dir + "/currentEpoch", currentEpoch); !s) return s;
    return env.syncDir(dir);
}

bool isEnsemble(const ServerConfig& config, std::string* error) {
    if (config.servers.empty()) return false;
    std::set<int64_t> ids;
    bool self = false, observers = false;
    for (const auto& p : config.servers) {
        if (!ids.insert(p.id).second) {
            if (error) *error = "zoo.cfg lists server." + std::to_string(p.id) + " twice";
            return false;
        }
        self = self || p.id == config.myid;
        observers = observers || p.observer;
    }
    if (config.servers.size() == 1 && !observers) return false;  // ZooKeeper runs one server standalone
    if (!self) {
        if (error)
            *error = "this server's id (myid " + std::to_string(config.myid) +
                     ") is not among the server.N lines of zoo.cfg; write it to " + config.dataDir + "/myid";
        return false;
    }
    return true;
}

std::unique_ptr<QuorumSetup> loadQuorumSetup(std::shared_ptr<Env> env, const ServerConfig& config,
                                             storage::Storage* storage, const storage::RecoveredState* recovered,
                                             std::string* error) {
    auto setup = std::make_unique<QuorumSetup>();
    quorum::QuorumConfig& q = setup->config;
    q.self = config.myid;
    for (const auto& p : config.servers) (p.observer ? q.observers : q.voters).push_back(p.id);
    const int32_t tick = protocolTickMs(config);
    q.initLimit = ticksFor(config.initLimit, config.tickTime, tick);
    q.syncLimit = ticksFor(config.syncLimit, config.tickTime, tick);
    q.finalizeWaitTicks = 1;
    q.electionResendTicks = std::max(1, 200 / tick);
    q.snapCount = config.snapCount;

    if (config.dataDir.empty()) return setup;  // in memory: a fresh member every start
    setup->epochDir = config.dataDir;
    int64_t accepted = 0, current = 0, incarnation = 0;
    Status s = readNumber(*env, config.dataDir + "/acceptedEpoch", &accepted);
    if (s) s = readNumber(*env, config.dataDir + "/currentEpoch", &current);
    if (s) s = readNumber(*env, config.dataDir + "/incarnation", &incarnation);
    if (s) s = writeNumber(*env, config.dataDir + "/incarnation", incarnation + 1);
    if (s) s = env->syncDir(config.dataDir);
    if (!s) {
        if (error) *error = s.toString();
        return nullptr;
    }
    if (current > accepted) {
        if (error)
            *error = config.dataDir + ": currentEpoch " + std::to_string(current) + " is above acceptedEpoch " +
                     std::to_string(accepted) + "; the epoch files are damaged";
        return nullptr;
    }
    q.incarnation = incarnation + 1;
    setup->durable.acceptedEpoch = accepted;
    setup->durable.currentEpoch = current;
    const int64_t base = recovered ? recovered->lastZxid : 0;
    setup->durable.snapshotZxid = base;
    if (storage) {
        auto it = storage->log().readFrom(base + 1);
        while (it->next()) {
            if (it->header().zxid <= base) continue;
            setup->durable.log.push_back(quorum::LogEntry{it->header().zxid, storage::encodeTxn(it->header(), it->txn())});
        }
        if (!it->status()) {
            if (error) *error = it->status().toString();
            return nullptr;
        }
    }
    spdlog::info("quorum state: epochs {}/{}, applied through 0x{:x}, {} log records after it, incarnation {}",
                 accepted, current, base, setup->durable.log.size(), q.incarnation);
    return setup;
}

}  // namespace zooscope::server
