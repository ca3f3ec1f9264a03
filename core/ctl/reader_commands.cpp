// locks, elections: a bounded walk of --root (zooscope/recipe_readers.h),
// printed as a table or as {"complete","nodesRead","stoppedBecause","items"}.
#include <algorithm>

#include "ctl/commands.h"
#include "ctl/output.h"
#include "zooscope/ensemble_sample.h"
#include "zooscope/partition_readers.h"
#include "zooscope/recipe_readers.h"
#include "zooscope/watch_readers.h"

namespace zooscope::ctl {

namespace {

using nlohmann::ordered_json;

// Each server's cons answer; a server that stays silent costs at most this.
constexpr std::chrono::milliseconds kConsTimeout{2000};

ordered_json contenderJson(const readers::Contender& c) {
    ordered_json j;
    j["node"] = c.node;
    j["session"] = hexId(c.session);
    j["id"] = lineData(c.id);
    return j;
}

ordered_json contendersJson(const std::vector<readers::Contender>& cs) {
    auto list = ordered_json::array();
    for (const auto& c : cs) list.push_back(contenderJson(c));
    return list;
}

template <class T>
ordered_json orNull(const std::optional<T>& v) {
    return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json itemHead(const readers::RecipeItem& item) {
    ordered_json j;
    j["path"] = item.path;
    j["recipe"] = readers::recipeName(item.recipe);
    j["suspicious"] = item.suspicious;
    return j;
}

// holderAddress: the holder session's client address from cons, null when
// no server named it (cons refused, or the session is gone).
ordered_json lockJson(const readers::RecipeItem& item, const readers::ClientAddresses& addresses) {
    ordered_json j = itemHead(item);
    const readers::Contender* h = item.holders.empty() ? nullptr : &item.holders.front();
    j["holder"] = h ? ordered_json(lineData(h->id)) : ordered_json(nullptr);
    j["holderNode"] = h ? ordered_json(h->node) : ordered_json(nullptr);
    j["holderSession"] = h ? ordered_json(hexId(h->session)) : ordered_json(nullptr);
    const auto address = h ? addresses.bySession.find(h->session) : addresses.bySession.end();
    j["holderAddress"] = address != addresses.bySession.end() ? ordered_json(address->second) : ordered_json(nullptr);
    j["heldSinceMs"] = h ? ordered_json(h->ctimeMs) : ordered_json(nullptr);
    j["holders"] = contendersJson(item.holders);
    j["leases"] = orNull(item.leases);
    j["maxLeases"] = orNull(item.maxLeases);
    j["waiters"] = item.waiters.size();
    j["waitersList"] = contendersJson(item.waiters);
    return j;
}

ordered_json electionJson(const readers::RecipeItem& item) {
    ordered_json j = itemHead(item);
    const readers::Contender* l = item.holders.empty() ? nullptr : &item.holders.front();
    j["leader"] = l ? ordered_json(lineData(l->id)) : ordered_json(nullptr);
    j["leaderSession"] = l ? ordered_json(hexId(l->session)) : ordered_json(nullptr);
    std::vector<readers::Contender> all = item.holders;
    all.insert(all.end(), item.waiters.begin(), item.waiters.end());
    j["candidates"] = contendersJson(all);
    return j;
}

// How far a walk under --root may go (--max-nodes, --timeout).
readers::ScanLimits scanLimits(const Context& ctx) {
    readers::ScanLimits limits;
    limits.maxNodes = ctx.inv.scanMaxNodes;
    limits.maxTime = ctx.inv.scanTime;
    return limits;
}

// A walk as {"complete","nodesRead","stoppedBecause","items"}.
template <class Walk>
ordered_json walkJson(const Walk& scan, ordered_json items) {
    ordered_json j;
    j["complete"] = scan.complete;
    j["nodesRead"] = scan.nodesRead;
    j["stoppedBecause"] = scan.complete ? ordered_json(nullptr) : ordered_json(scan.stoppedBecause);
    j["items"] = std::move(items);
    return j;
}

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

// Asks the connect string's servers for cons only when some lock is held;
// a server that refuses it, for its AdminServer's connections (where
// --admin-port, or ZooKeeper's default 8080, says it listens).
readers::ClientAddresses holderAddresses(Context& ctx, const std::vector<const readers::RecipeItem*>& items) {
    if (std::none_of(items.begin(), items.end(), [](const auto* i) { return !i->holders.empty(); })) return {};
    std::string error;  // the session connected with it, so it parses
    const auto parsed = client::parseConnectString(ctx.client.options().connectString, &error);
    if (!parsed) return {};
    std::vector<monitor::Endpoint> hosts;
    for (const client::HostPort& h : parsed->hosts) hosts.push_back({h.host, h.port});
    std::vector<monitor::ProbeTarget> servers;
    for (const monitor::SampleTarget& t : monitor::ensembleTargets(hosts, std::nullopt, ctx.inv.adminPorts))
        servers.push_back({*t.client, t.admin});
    return readers::clientAddresses(servers, kConsTimeout, monitor::tcpFourLetterWordTransport(),
                                    monitor::httpAdminTransport());
}

int runReader(Context& ctx, bool locks) {
    int code = kExitOk;
    if (!statOf(ctx, &code)) return code;
    readers::ScanResult scan = readers::scanSubtree(ctx.client, ctx.inv.path, scanLimits(ctx), ctx.env.stop);
    if (scan.err != proto::Err::Ok) return fail(ctx, exitCodeFor(scan.err), scan.message);
    if (ctx.env.stop.stop_requested()) return kExitInterrupted;

    std::vector<const readers::RecipeItem*> items;
    for (const auto& item : scan.items)
        if (locks ? readers::isLockRecipe(item.recipe) : readers::isElectionRecipe(item.recipe)) items.push_back(&item);

    const readers::ClientAddresses addresses = locks ? holderAddresses(ctx, items) : readers::ClientAddresses{};
    for (const std::string& why : addresses.unanswered)
        ctx.err << "No client addresses from " << why << ".\n";

    if (ctx.inv.global.json) {
        auto list = ordered_json::array();
        for (const auto* item : items) list.push_back(locks ? lockJson(*item, addresses) : electionJson(*item));
        ctx.out << dumpJson(walkJson(scan, std::move(list)), 2) << '\n';
        return kExitOk;
    }
    for (const auto* item : items) {
        const readers::Contender* h = item->holders.empty() ? nullptr : &item->holders.front();
        ctx.out << item->path << '\t' << readers::recipeName(item->recipe) << '\t'
                << (h ? hexId(h->session) : "-") << '\t' << (h ? lineData(h->id) : "-") << '\t';
        if (locks && item->leases)
            ctx.out << *item->leases << '/' << (item->maxLeases ? std::to_string(*item->maxLeases) : "unknown")
                    << " leases, ";
        ctx.out << item->waiters.size() << (locks ? " waiting" : " other candidates");
        if (!item->suspicious.empty()) ctx.out << "\tsuspicious: " << joined(item->suspicious);
        ctx.out << '\n';
    }
    if (!scan.complete) ctx.err << "Incomplete: " << scan.stoppedBecause << " " << scan.nodesRead << " nodes read.\n";
    return kExitOk;
}

// ---------------------------------------------------------------- partitions

ordered_json partitionJson(const readers::PartitionItem& item) {
    ordered_json j;
    j["path"] = item.path;
    j["recipe"] = readers::partitionRecipeName(item.recipe);
    j["suspicious"] = item.suspicious;
    j["members"] = item.members;
    ordered_json owners = ordered_json::object();
    for (const auto& [what, owner] : item.assignments) owners[what] = orNull(owner);
    j["assignments"] = std::move(owners);
    switch (item.recipe) {
        case readers::PartitionRecipe::StreamJob:
            j["generation"] = orNull(item.generation);
            j["lastMoves"] = item.lastMoves;
            j["claims"] = item.claims;
            j["offsets"] = item.offsets;
            break;
        case readers::PartitionRecipe::Kafka:
            j["controller"] = orNull(item.controller);
            j["leaders"] = item.leaders;
            j["skewPercent"] = item.skewPercent;
            j["underReplicated"] = item.underReplicated;
            j["offline"] = item.offline;
            break;
        case readers::PartitionRecipe::KazooSetPartitioner:
            break;
    }
    return j;
}

void printPartitions(std::ostream& out, const readers::PartitionItem& item) {
    size_t owned = 0;
    for (const auto& [what, owner] : item.assignments) owned += owner ? 1 : 0;
    out << item.path << '\t' << readers::partitionRecipeName(item.recipe) << "\tmembers "
        << (item.members.empty() ? std::string("-") : joined(item.members))
        << '\t' << owned << '/' << item.assignments.size() << " owned";
    if (item.recipe == readers::PartitionRecipe::Kafka) {
        out << "\tcontroller " << item.controller.value_or("none") << "\tleaders";
        for (const auto& [broker, n] : item.leaders)
            out << ' ' << broker << ':' << n << " (" << (item.skewPercent.at(broker) >= 0 ? "+" : "")
                << item.skewPercent.at(broker) << "%)";
        out << "\tunder-replicated " << item.underReplicated.size() << "\toffline " << item.offline.size();
    }
    if (!item.suspicious.empty()) out << "\tsuspicious: " << joined(item.suspicious);
    out << '\n';
    for (const auto& [what, owner] : item.assignments) out << "  " << what << '\t' << owner.value_or("-") << '\n';
}

// ---------------------------------------------------------------- watches

constexpr const char* kDetailCost = "wchc walks every watch of the server while it answers: it costs the server.";

ordered_json serverWatchesJson(const readers::ServerWatches& w) {
    ordered_json j;
    j["server"] = w.server;
    j["source"] = w.source.empty() ? ordered_json(nullptr) : ordered_json(w.source);
    j["allKinds"] = w.allKinds;
    j["sessions"] = w.sessions;
    j["paths"] = w.paths;
    j["watches"] = w.watches;
    if (w.byKind.empty()) {
        j["byKind"] = nullptr;
    } else {
        ordered_json kinds = ordered_json::object();
        for (const auto& [kind, n] : w.byKind) kinds[kind] = n;
        j["byKind"] = std::move(kinds);
    }
    j["error"] = w.error.empty() ? ordered_json(nullptr) : ordered_json(w.error);
    return j;
}

ordered_json sessionWatchesJson(const readers::ServerWatches& server, const readers::SessionWatchList& l) {
    ordered_json j;
    j["server"] = server.server;
    j["session"] = hexId(l.session);
    j["client"] = orNull(l.client);
    j["paths"] = l.paths;
    j["kinds"] = server.allKinds ? ordered_json(l.kinds) : ordered_json(nullptr);
    return j;
}

std::string sourceNote(const readers::ServerWatches& w) {
    if (w.allKinds) return "every kind (the engine's wchk)";
    return "data and exists watches only (" + (w.source.empty() ? std::string("no answer") : w.source) + ")";
}

}  // namespace

int runLocks(Context& ctx) { return runReader(ctx, true); }
int runElections(Context& ctx) { return runReader(ctx, false); }

int runPartitions(Context& ctx) {
    int code = kExitOk;
    if (!statOf(ctx, &code)) return code;
    readers::PartitionScanResult scan =
        readers::scanPartitions(ctx.client, ctx.inv.path, scanLimits(ctx), ctx.env.stop);
    if (scan.err != proto::Err::Ok) return fail(ctx, exitCodeFor(scan.err), scan.message);
    if (ctx.env.stop.stop_requested()) return kExitInterrupted;
    if (ctx.inv.global.json) {
        auto list = ordered_json::array();
        for (const auto& item : scan.items) list.push_back(partitionJson(item));
        ctx.out << dumpJson(walkJson(scan, std::move(list)), 2) << '\n';
        return kExitOk;
    }
    for (const auto& item : scan.items) printPartitions(ctx.out, item);
    if (!scan.complete) ctx.err << "Incomplete: " << scan.stoppedBecause << " " << scan.nodesRead << " nodes read.\n";
    return kExitOk;
}

int runWatches(Context& ctx) {
    const std::string connect = ctx.client.options().connectString;
    std::string error;
    const auto parsed = client::parseConnectString(connect, &error);
    if (!parsed) return fail(ctx, kExitUsage, "watches: " + connect + ": " + error);
    std::vector<monitor::Endpoint> hosts;
    for (const client::HostPort& h : parsed->hosts) hosts.push_back({h.host, h.port});

    const auto words = monitor::tcpFourLetterWordTransport();
    const auto admin = monitor::httpAdminTransport();
    std::vector<readers::ServerWatches> servers;
    for (const monitor::SampleTarget& t : monitor::ensembleTargets(hosts, std::nullopt, ctx.inv.adminPorts)) {
        if (ctx.env.stop.stop_requested()) return kExitInterrupted;
        readers::WatchQuery q{monitor::ProbeTarget{*t.client, t.admin}, ctx.inv.watchDetail, ctx.inv.probeTimeout};
        servers.push_back(readers::readServerWatches(q, words, admin));
    }
    bool complete = true;
    int64_t sessions = 0, paths = 0, watches = 0;
    for (const auto& w : servers) {
        complete = complete && !w.source.empty() && w.error.empty();
        sessions += w.sessions;
        paths += w.paths;
        watches += w.watches;
    }
    if (ctx.inv.global.json) {
        ordered_json j;
        j["complete"] = complete;
        j["nodesRead"] = 0;
        j["sessions"] = sessions;
        j["paths"] = paths;
        j["watches"] = watches;
        j["note"] = readers::kWatchCountNote;
        j["detailNote"] = ctx.inv.watchDetail ? ordered_json(kDetailCost) : ordered_json(nullptr);
        auto list = ordered_json::array();
        auto items = ordered_json::array();
        for (const auto& w : servers) {
            list.push_back(serverWatchesJson(w));
            for (const auto& l : w.detail) items.push_back(sessionWatchesJson(w, l));
        }
        j["servers"] = std::move(list);
        j["items"] = std::move(items);
        ctx.out << dumpJson(j, 2) << '\n';
    } else {
        for (const auto& w : servers) {
            ctx.out << w.server << '\t' << w.sessions << " sessions watching " << w.paths << " paths, " << w.watches
                    << " watches: " << sourceNote(w);
            for (const auto& [kind, n] : w.byKind) ctx.out << (kind == w.byKind.front().first ? "; " : ", ") << kind << ' ' << n;
            ctx.out << '\n';
            for (const auto& l : w.detail) {
                ctx.out << "  " << hexId(l.session) << '\t' << l.client.value_or("-") << '\n';
                for (const auto& p : l.paths) {
                    ctx.out << "    " << p;
                    if (auto k = l.kinds.find(p); k != l.kinds.end()) ctx.out << '\t' << joined(k->second);
                    ctx.out << '\n';
                }
            }
        }
        ctx.out << "Note: " << readers::kWatchCountNote << '\n';
        if (ctx.inv.watchDetail) ctx.out << "Note: " << kDetailCost << '\n';
    }
    for (const auto& w : servers)
        if (!w.error.empty()) ctx.err << w.server << ": " << w.error << '\n';
    return complete ? kExitOk : kExitRefused;
}

}  // namespace zooscope::ctl
