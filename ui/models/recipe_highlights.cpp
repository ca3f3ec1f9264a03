#include "models/recipe_highlights.h"

#include "models/recipe_items_model.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

RecipeHighlights::RecipeHighlights(QObject* parent) : QObject(parent) {}

QList<TimelineEvent> RecipeHighlights::update(const RecipeSnapshot& s, qint64 nowMs, qint64 heldTooLongMs) {
    std::set<std::string> now;
    QList<TimelineEvent> events;
    auto raise = [&](const std::string& key, EventKind kind, const QString& text) {
        now.insert(key);
        if (!active_.contains(key)) events.append({nowMs, QString(), kind, text});
    };
    for (const auto& [path, item] : s.items) {
        const QString p = QString::fromStdString(path);
        if (readers::isLockRecipe(item.recipe) && !item.holders.empty() &&
            (lockHighlights(s, item, nowMs, heldTooLongMs) & HeldTooLong)) {
            const readers::Contender& h = item.holders.front();
            raise("held " + path + " " + h.node, EventKind::LockHeldLong,
                  tr("%1 held by session %2 for more than %3")
                      .arg(p, sessionText(h.session), RecipeItemsModel::spanText(heldTooLongMs)));
        }
        if (readers::isElectionRecipe(item.recipe) && !readers::isLockRecipe(item.recipe) && item.holders.empty())
            raise("leaderless " + path, EventKind::Leaderless, tr("%1 has no leader").arg(p));
        for (const auto* list : {&item.holders, &item.waiters})
            for (const readers::Contender& c : *list)
                if (sessionGone(s, c))
                    raise("gone " + path + " " + c.node, EventKind::SessionGone,
                          tr("%1: session %2 of %3 is connected to no server")
                              .arg(p, sessionText(c.session), QString::fromStdString(c.node)));
    }
    for (const auto& [path, item] : s.partitions)
        for (const std::string& partition : item.underReplicated) {
            const auto isr = item.isr.find(partition);
            const auto replicas = item.replicas.find(partition);
            raise("urp " + path + " " + partition, EventKind::UnderReplicated,
                  tr("Kafka at %1: partition %2 is under-replicated (%3 of %4 replicas in sync)")
                      .arg(QString::fromStdString(path), QString::fromStdString(partition))
                      .arg(isr != item.isr.end() ? int(isr->second.size()) : 0)
                      .arg(replicas != item.replicas.end() ? int(replicas->second.size()) : 0));
        }
    active_ = std::move(now);
    return events;
}

}  // namespace zooscope::ui
