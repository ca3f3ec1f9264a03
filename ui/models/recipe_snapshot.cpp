#include "models/recipe_snapshot.h"

#include "zooscope/znode_path.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

std::vector<std::string> recipeSourceNodes(const readers::RecipeItem& item) {
    switch (item.recipe) {
    case readers::Recipe::CuratorSemaphore: return {item.path + "/leases", item.path + "/locks"};
    case readers::Recipe::KazooSemaphore: return {item.path, item.path + "-__lock__"};
    case readers::Recipe::StreamClaim: return {std::string(zooscope::parentOf(item.path))};
    default: return {item.path};
    }
}

QString contenderPath(const readers::RecipeItem& item, const readers::Contender& c, bool holder) {
    const QString path = QString::fromStdString(item.path);
    const QString node = QString::fromStdString(c.node);
    switch (item.recipe) {
    case readers::Recipe::CuratorSemaphore:
        // Leases in "leases"; a waiter's lease node may already be made
        // (joinSemaphoreQueues), else it waits in the "locks" mutex.
        return path + (holder || node.contains(QLatin1String("-lease-")) ? "/leases/" : "/locks/") + node;
    case readers::Recipe::KazooSemaphore: return path + (holder ? "/" : "-__lock__/") + node;
    case readers::Recipe::StreamClaim: return path;
    default: return (path == QLatin1String("/") ? QString() : path) + "/" + node;
    }
}

QString sessionText(int64_t session) { return QStringLiteral("0x%1").arg(quint64(session), 0, 16); }

qint64 sessionFromText(const QString& text) {
    const QString t = text.trimmed();
    bool ok = false;
    if (t.startsWith(QLatin1String("0x"), Qt::CaseInsensitive)) return qint64(t.mid(2).toULongLong(&ok, 16)) * ok;
    const qint64 v = t.toLongLong(&ok, 10);
    return ok ? v : qint64(t.toULongLong(&ok, 16)) * ok;
}

bool sessionGone(const RecipeSnapshot& s, const readers::Contender& c) {
    return s.addressesAtMs > 0 && c.session != 0 && c.ctimeMs < s.addressesAtMs - kClockSlackMs &&
           !s.addresses.contains(c.session);
}

namespace {

int goneHighlight(const RecipeSnapshot& s, const readers::RecipeItem& item) {
    for (const auto* list : {&item.holders, &item.waiters})
        for (const readers::Contender& c : *list)
            if (sessionGone(s, c)) return SessionGone;
    return NoHighlight;
}

}  // namespace

int lockHighlights(const RecipeSnapshot& s, const readers::RecipeItem& item, qint64 nowMs, qint64 heldTooLongMs) {
    int h = goneHighlight(s, item);
    for (const readers::Contender& c : item.holders)
        if (heldTooLongMs > 0 && c.ctimeMs > 0 && nowMs - c.ctimeMs > heldTooLongMs) h |= HeldTooLong;
    return h;
}

int electionHighlights(const RecipeSnapshot& s, const readers::RecipeItem& item) {
    // An empty "lock or election" is as likely a free lock: only the
    // election recipes are leaderless.
    const bool leaderless = item.holders.empty() && !readers::isLockRecipe(item.recipe);
    return goneHighlight(s, item) | (leaderless ? Leaderless : NoHighlight);
}

bool layoutWatches(const std::string& layout, std::optional<readers::PartitionRecipe> recipe, const std::string& path) {
    if (path == layout) return true;
    const std::string prefix = layout == "/" ? layout : layout + "/";
    if (!path.starts_with(prefix)) return false;
    const std::string relative = path.substr(prefix.size());
    for (auto r : {readers::PartitionRecipe::StreamJob, readers::PartitionRecipe::KazooSetPartitioner,
                   readers::PartitionRecipe::Kafka})
        if ((!recipe || *recipe == r) && readers::partitionWatchOf(r, relative) != readers::PartitionWatch::None)
            return true;
    return false;
}

bool sameContenders(const std::vector<readers::Contender>& a, const std::vector<readers::Contender>& b) {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const auto& x, const auto& y) {
        return x.node == y.node && x.session == y.session && x.id == y.id && x.ctimeMs == y.ctimeMs;
    });
}

bool sameItem(const readers::RecipeItem& a, const readers::RecipeItem& b) {
    return a.path == b.path && a.recipe == b.recipe && a.suspicious == b.suspicious && a.leases == b.leases &&
           a.maxLeases == b.maxLeases && sameContenders(a.holders, b.holders) && sameContenders(a.waiters, b.waiters);
}

}  // namespace zooscope::ui
