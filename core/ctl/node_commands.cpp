// ls, get, stat, set: one client call each.
#include <algorithm>

#include "ctl/commands.h"
#include "ctl/output.h"

namespace zooscope::ctl {

int runLs(Context& ctx) {
    auto& c = ctx.session.client();
    auto r = awaitCall<std::vector<std::string>>([&](auto done) { c.getChildren(ctx.inv.path, false, done); },
                                                 ctx.env.stop);
    if (!r) return kExitInterrupted;
    if (!r->ok()) return fail(ctx, exitCodeFor(r->err), r->message);
    std::vector<std::string> names = std::move(r->value);
    std::sort(names.begin(), names.end());
    if (ctx.inv.global.json) {
        ctx.out << dumpJson(nlohmann::ordered_json(names), 2) << '\n';
    } else {
        for (const auto& n : names) ctx.out << n << '\n';
    }
    return kExitOk;
}

int runGet(Context& ctx) {
    auto& c = ctx.session.client();
    auto r = awaitCall<client::NodeData>([&](auto done) { c.getData(ctx.inv.path, false, done); }, ctx.env.stop);
    if (!r) return kExitInterrupted;
    if (!r->ok()) return fail(ctx, exitCodeFor(r->err), r->message);
    if (ctx.inv.global.json) {
        ctx.out << dumpJson(nodeJson(ctx.inv.path, r->value), 2) << '\n';
    } else {
        ctx.out.write(r->value.data.data(), static_cast<std::streamsize>(r->value.data.size()));
    }
    return kExitOk;
}

int runStat(Context& ctx) {
    auto& c = ctx.session.client();
    auto r = awaitCall<std::optional<proto::Stat>>([&](auto done) { c.exists(ctx.inv.path, false, done); },
                                                   ctx.env.stop);
    if (!r) return kExitInterrupted;
    if (!r->ok()) return fail(ctx, exitCodeFor(r->err), r->message);
    if (!r->value)
        return fail(ctx, kExitRefused,
                    client::describeError(proto::Err::NoNode, client::Operation::Exists, ctx.inv.path));
    if (ctx.inv.global.json) {
        ctx.out << dumpJson(statJson(*r->value), 2) << '\n';
    } else {
        ctx.out << statText(*r->value);
    }
    return kExitOk;
}

int runSet(Context& ctx) {
    auto& c = ctx.session.client();
    auto r = awaitCall<proto::Stat>(
        [&](auto done) { c.setData(ctx.inv.path, ctx.data, ctx.inv.version, done); }, ctx.env.stop);
    if (!r) return kExitInterrupted;
    if (!r->ok()) return fail(ctx, exitCodeFor(r->err), r->message);
    if (ctx.inv.global.json) ctx.out << dumpJson(statJson(r->value), 2) << '\n';
    return kExitOk;
}

}  // namespace zooscope::ctl
