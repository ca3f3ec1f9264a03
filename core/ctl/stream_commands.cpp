// stream setup|worker|status|config: the stream workload (stream.h) on the
// command line.
#include <future>
#include <iomanip>
#include <sstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "ctl/commands.h"
#include "ctl/output.h"
#include "zooscope/stream.h"

namespace zooscope::ctl {

namespace {

using namespace std::chrono_literals;
using Json = nlohmann::ordered_json;

int exitCodeFor(const stream::Status& s) {
    switch (s.code) {
        case stream::Code::Ok: return kExitOk;
        case stream::Code::ZooKeeper: return ctl::exitCodeFor(s.err);
        case stream::Code::BadArgument: return kExitUsage;
        case stream::Code::Cancelled: return kExitInterrupted;
        case stream::Code::NotSetUp:
        case stream::Code::AlreadySetUp:
        case stream::Code::Damaged: return kExitRefused;
    }
    return kExitRefused;
}

// The stream result's exit code, its sentence on ctx.err when not Ok.
int finish(Context& ctx, const std::optional<stream::Status>& s) {
    if (!s) return kExitInterrupted;
    if (s->ok()) return kExitOk;
    return fail(ctx, exitCodeFor(*s), s->message);
}

Json offsetJson(const stream::OffsetRecord& r) { return Json{{"offset", r.offset}, {"sum", r.sum}, {"owner", r.owner}}; }

Json statusJson(const stream::JobStatus& s) {
    Json j;
    j["generation"] = s.generation;
    j["members"] = s.members;
    Json owners = Json::object();
    for (const auto& [p, id] : s.assignment.owners) owners[std::to_string(p)] = id;
    j["owners"] = std::move(owners);
    Json offsets = Json::object();
    for (const auto& [p, r] : s.offsets) offsets[std::to_string(p)] = offsetJson(r);
    j["offsets"] = std::move(offsets);
    Json workers = Json::object();
    for (const auto& [id, w] : s.workers) workers[id] = Json::parse(stream::toJson(w));
    j["workers"] = std::move(workers);
    Json overrides = Json::object();
    for (const auto& [id, o] : s.overrides) overrides[id] = Json::parse(stream::toJson(o));
    j["overrides"] = std::move(overrides);
    return j;
}

std::string configText(const stream::JobConfig& c) {
    std::ostringstream out;
    out << c.partitions << " partitions, " << c.vnodes << " vnodes, batch " << c.batch << ", rate "
        << c.ratePerPartition << "/s" << (c.ratePerPartition == 0 ? " (unthrottled)" : "") << ", "
        << (c.paused ? "paused" : "running");
    return out.str();
}

void printStatusText(std::ostream& out, const std::string& job, const stream::JobStatus& s) {
    out << "job " << job << ": " << configText(s.config) << " (config version " << s.configVersion << ")\n";
    out << "generation " << s.generation << ", " << s.members.size() << " member" << (s.members.size() == 1 ? "" : "s");
    for (const auto& m : s.members) out << ' ' << lineData(m);
    out << '\n';
    out << std::left << std::setw(24) << "worker" << std::setw(12) << "partitions" << std::setw(12) << "events/s"
        << "committed\n";
    for (const auto& [id, w] : s.workers)
        out << std::setw(24) << lineData(id) << std::setw(12) << w.partitions.size() << std::setw(12) << w.eventsPerSec
            << w.committed << '\n';
    for (const auto& [id, o] : s.overrides) out << "worker " << lineData(id) << " overrides " << stream::toJson(o) << '\n';
    out << std::setw(10) << "partition" << std::setw(24) << "owner" << std::setw(14) << "offset" << std::setw(16)
        << "sum" << "last committed by\n";
    for (int p = 0; p < s.config.partitions; ++p) {
        auto owner = s.assignment.owners.find(p);
        auto offset = s.offsets.find(p);
        out << std::setw(10) << p << std::setw(24) << (owner == s.assignment.owners.end() ? "-" : lineData(owner->second));
        if (offset == s.offsets.end()) out << "?\n";
        else
            out << std::setw(14) << offset->second.offset << std::setw(16) << offset->second.sum
                << (offset->second.owner.empty() ? "-" : lineData(offset->second.owner)) << '\n';
    }
}

}  // namespace

int runStreamSetup(Context& ctx) {
    stream::JobConfig config;
    config.partitions = ctx.inv.stream.partitions;
    config.vnodes = ctx.inv.stream.vnodes;
    config.batch = ctx.inv.stream.batch;
    config.ratePerPartition = ctx.inv.stream.rate;
    auto r = awaitStream<client::Empty>(ctx.env.stop, [&](stream::Callback<client::Empty> done) {
        stream::setupJob(ctx.client, ctx.inv.path, config, std::move(done));
    });
    const int code = finish(ctx, r ? std::optional<stream::Status>(*r) : std::nullopt);
    if (code == kExitOk) ctx.out << "Set up " << ctx.inv.path << ": " << configText(config) << ".\n";
    return code;
}

int runStreamStatus(Context& ctx) {
    auto r = awaitStream<stream::JobStatus>(ctx.env.stop, [&](stream::Callback<stream::JobStatus> done) {
        stream::readJobStatus(ctx.client, ctx.inv.path, std::move(done));
    });
    if (!r || !r->ok()) return finish(ctx, r ? std::optional<stream::Status>(*r) : std::nullopt);
    if (ctx.inv.global.json) ctx.out << dumpJson(statusJson(r->value), -1) << '\n';
    else printStatusText(ctx.out, ctx.inv.path, r->value);
    // What could not be read is said, and makes the exit status 1; the rest is shown.
    for (const auto& problem : r->value.problems) ctx.err << problem << '\n';
    return r->value.problems.empty() ? kExitOk : kExitRefused;
}

int runStreamConfig(Context& ctx) {
    const auto& s = ctx.inv.stream;
    if (s.reset) {
        if (s.worker.empty() || !s.settings.empty())
            return fail(ctx, kExitUsage, "--reset goes with --worker ID and no SETTINGS.");
        auto r = awaitStream<client::Empty>(ctx.env.stop, [&](stream::Callback<client::Empty> done) {
            stream::clearWorkerConfig(ctx.client, ctx.inv.path, s.worker, std::move(done));
        });
        const int code = finish(ctx, r ? std::optional<stream::Status>(*r) : std::nullopt);
        if (code == kExitOk && !ctx.inv.global.json) ctx.out << "Worker " << lineData(s.worker) << " runs " << ctx.inv.path << "'s config.\n";
        return code;
    }
    if (s.settings.empty())
        return fail(ctx, kExitUsage, "SETTINGS is required: at least one key=value (batch, ratePerPartition, paused).");
    std::string error;
    auto change = stream::parseConfigChange(s.settings, &error);
    if (!change) return fail(ctx, kExitUsage, error);
    if (!s.worker.empty()) {
        auto r = awaitStream<stream::ConfigChange>(ctx.env.stop, [&](stream::Callback<stream::ConfigChange> done) {
            stream::changeWorkerConfig(ctx.client, ctx.inv.path, s.worker, *change, std::move(done));
        });
        if (!r || !r->ok()) return finish(ctx, r ? std::optional<stream::Status>(*r) : std::nullopt);
        if (ctx.inv.global.json) ctx.out << stream::toJson(r->value) << '\n';
        else ctx.out << "Worker " << lineData(s.worker) << " overrides " << stream::toJson(r->value) << ".\n";
        return kExitOk;
    }
    auto r = awaitStream<stream::JobConfig>(ctx.env.stop, [&](stream::Callback<stream::JobConfig> done) {
        stream::changeConfig(ctx.client, ctx.inv.path, *change, std::move(done));
    });
    if (!r || !r->ok()) return finish(ctx, r ? std::optional<stream::Status>(*r) : std::nullopt);
    if (ctx.inv.global.json) ctx.out << stream::toJson(r->value) << '\n';
    else ctx.out << ctx.inv.path << ": " << configText(r->value) << ".\n";
    return kExitOk;
}

int runStreamWorker(const Invocation& inv, const Environment& env, client::ClientOptions options) {
    stream::WorkerOptions wo;
    wo.client = std::move(options);
    wo.client.sessionTimeout = inv.stream.sessionTimeout ? *inv.stream.sessionTimeout
                               : inv.global.sessionTimeout ? *inv.global.sessionTimeout
                                                           : std::chrono::milliseconds(10000);
    wo.job = inv.path;
    wo.id = inv.stream.id;
    std::string error;
    auto worker = stream::Worker::start(wo, &error);
    if (!worker) {
        *env.err << error << '\n';
        return kExitUsage;
    }
    const stream::Status started = worker->waitStarted(inv.global.connectTimeout, env.stop);
    if (!started.ok()) {
        worker->stop();
        if (started.code == stream::Code::Cancelled) return kExitInterrupted;
        *env.err << started.message << '\n';
        return started.code == stream::Code::ZooKeeper && started.err == proto::Err::ConnectionLoss ? kExitCannotConnect
                                                                                                  : exitCodeFor(started);
    }
    *env.out << "Worker " << inv.stream.id << " joined " << inv.path << " (session 0x" << std::hex
             << worker->snapshot().sessionId << std::dec << ").\n";
    env.out->flush();
    while (!env.stop.stop_requested()) std::this_thread::sleep_for(50ms);
    worker->stop();
    const stream::WorkerSnapshot last = worker->snapshot();
    *env.out << "Worker " << inv.stream.id << " left " << inv.path << " after committing " << last.committed
             << " events.\n";
    return kExitOk;
}

}  // namespace zooscope::ctl
