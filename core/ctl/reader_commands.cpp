// locks, elections: a bounded walk of --root (zooscope/recipe_readers.h),
// printed as a table or as {"complete","nodesRead","stoppedBecause","items"}.
#include "ctl/commands.h"
#include "ctl/output.h"
#include "zooscope/recipe_readers.h"

namespace zooscope::ctl {

namespace {

using nlohmann::ordered_json;

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

// holderAddress needs cons (the server's client list), not read yet: null.
ordered_json lockJson(const readers::RecipeItem& item) {
    ordered_json j = itemHead(item);
    const readers::Contender* h = item.holders.empty() ? nullptr : &item.holders.front();
    j["holder"] = h ? ordered_json(lineData(h->id)) : ordered_json(nullptr);
    j["holderNode"] = h ? ordered_json(h->node) : ordered_json(nullptr);
    j["holderSession"] = h ? ordered_json(hexId(h->session)) : ordered_json(nullptr);
    j["holderAddress"] = nullptr;
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

std::string joined(const std::vector<std::string>& parts) {
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
}

int runReader(Context& ctx, bool locks) {
    int code = kExitOk;
    if (!statOf(ctx, &code)) return code;
    readers::ScanLimits limits;
    limits.maxNodes = ctx.inv.scanMaxNodes;
    limits.maxTime = ctx.inv.scanTime;
    readers::ScanResult scan = readers::scanSubtree(ctx.client, ctx.inv.path, limits, ctx.env.stop);
    if (scan.err != proto::Err::Ok) return fail(ctx, exitCodeFor(scan.err), scan.message);
    if (ctx.env.stop.stop_requested()) return kExitInterrupted;

    std::vector<const readers::RecipeItem*> items;
    for (const auto& item : scan.items)
        if (locks ? readers::isLockRecipe(item.recipe) : readers::isElectionRecipe(item.recipe)) items.push_back(&item);

    if (ctx.inv.global.json) {
        ordered_json j;
        j["complete"] = scan.complete;
        j["nodesRead"] = scan.nodesRead;
        j["stoppedBecause"] = scan.complete ? ordered_json(nullptr) : ordered_json(scan.stoppedBecause);
        auto list = ordered_json::array();
        for (const auto* item : items) list.push_back(locks ? lockJson(*item) : electionJson(*item));
        j["items"] = std::move(list);
        ctx.out << dumpJson(j, 2) << '\n';
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

}  // namespace

int runLocks(Context& ctx) { return runReader(ctx, true); }
int runElections(Context& ctx) { return runReader(ctx, false); }

}  // namespace zooscope::ctl
