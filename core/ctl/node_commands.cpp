// ls, get, stat, set: one client call each.
#include <algorithm>

#include "ctl/commands.h"
#include "ctl/output.h"

namespace zooscope::ctl {

std::optional<proto::Stat> statOf(Context& ctx, int* code) {
    auto stat = callClient<std::optional<proto::Stat>>(
        ctx, [&](client::Client& c, auto done) { c.exists(ctx.inv.path, false, done); }, code);
    if (!stat) return std::nullopt;
    if (!*stat) {
        *code = fail(ctx, kExitRefused, client::describeError(proto::Err::NoNode, client::Operation::Exists, ctx.inv.path));
        return std::nullopt;
    }
    return *stat;
}

int runLs(Context& ctx) {
    int code = kExitOk;
    auto names = callClient<std::vector<std::string>>(
        ctx, [&](client::Client& c, auto done) { c.getChildren(ctx.inv.path, false, done); }, &code);
    if (!names) return code;
    std::sort(names->begin(), names->end());
    if (ctx.inv.global.json) {
        ctx.out << dumpJson(nlohmann::ordered_json(*names), 2) << '\n';
    } else {
        for (const auto& n : *names) ctx.out << n << '\n';
    }
    return kExitOk;
}

int runGet(Context& ctx) {
    int code = kExitOk;
    auto node = callClient<client::NodeData>(
        ctx, [&](client::Client& c, auto done) { c.getData(ctx.inv.path, false, done); }, &code);
    if (!node) return code;
    if (ctx.inv.global.json) {
        ctx.out << dumpJson(nodeJson(ctx.inv.path, *node), 2) << '\n';
    } else {
        ctx.out.write(node->data.data(), static_cast<std::streamsize>(node->data.size()));
    }
    return kExitOk;
}

int runStat(Context& ctx) {
    int code = kExitOk;
    auto stat = statOf(ctx, &code);
    if (!stat) return code;
    ctx.out << (ctx.inv.global.json ? dumpJson(statJson(*stat), 2) + '\n' : statText(*stat));
    return kExitOk;
}

int runSet(Context& ctx) {
    int code = kExitOk;
    auto stat = callClient<proto::Stat>(
        ctx, [&](client::Client& c, auto done) { c.setData(ctx.inv.path, ctx.data, ctx.inv.version, done); }, &code);
    if (!stat) return code;
    if (ctx.inv.global.json) ctx.out << dumpJson(statJson(*stat), 2) << '\n';
    return kExitOk;
}

}  // namespace zooscope::ctl
