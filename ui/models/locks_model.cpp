#include "models/locks_model.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

LocksModel::LocksModel(QObject* parent) : RecipeItemsModel(parent) {}

QVariant LocksModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case PathColumn: return tr("Lock");
    case RecipeColumn: return tr("Recipe");
    case HolderColumn: return tr("Holder");
    case SessionColumn: return tr("Session");
    case AddressColumn: return tr("Client");
    case HeldSinceColumn: return tr("Held since");
    case WaitersColumn: return tr("Waiters");
    case LeasesColumn: return tr("Leases");
    case FlagsColumn: return tr("Flags");
    }
    return {};
}

bool LocksModel::accepts(const readers::RecipeItem& item) const { return readers::isLockRecipe(item.recipe); }

int LocksModel::highlights(const readers::RecipeItem& item) const {
    return lockHighlights(*snapshot(), item, now(), heldTooLongMs());
}

QVariant LocksModel::itemData(const readers::RecipeItem& item, int column, int role) const {
    const readers::Contender* h = item.holders.empty() ? nullptr : &item.holders.front();
    if (role == Qt::ToolTipRole && column == FlagsColumn) return flagsText(item, highlights(item));
    if (role != Qt::DisplayRole) return {};
    switch (column) {
    case PathColumn: return QString::fromStdString(item.path);
    case RecipeColumn: return recipeText(item.recipe);
    case HolderColumn:
        if (!h) return item.suspicious.empty() ? tr("(free)") : tr("(unknown)");
        return item.holders.size() > 1 ? tr("%1 (+%n more)", nullptr, int(item.holders.size() - 1)).arg(idText(*h))
                                       : idText(*h);
    case SessionColumn: return h ? sessionText(h->session) : QString();
    case AddressColumn: return h ? addressOf(h->session) : QString();
    case HeldSinceColumn:
        return h ? QStringLiteral("%1 (%2)").arg(timeText(h->ctimeMs), durationText(h->ctimeMs)) : QString();
    case WaitersColumn: return int(item.waiters.size());
    case LeasesColumn:
        if (!item.leases) return QString();
        return QStringLiteral("%1 / %2").arg(*item.leases).arg(item.maxLeases ? QString::number(*item.maxLeases)
                                                                              : tr("unknown"));
    case FlagsColumn: return flagsText(item, highlights(item));
    }
    return {};
}

QVariant LocksModel::contenderData(const ContenderRef& ref, int column, int role) const {
    const readers::Contender& c = *ref.contender;
    if (role != Qt::DisplayRole) return {};
    switch (column) {
    case PathColumn: return QString::fromStdString(c.node);
    case RecipeColumn:
        return ref.holder ? tr("holds") : tr("waits (%1)").arg(ref.position - int(ref.item->holders.size()) + 1);
    case HolderColumn: return idText(c);
    case SessionColumn: return sessionText(c.session);
    case AddressColumn: return addressOf(c.session);
    case HeldSinceColumn: return ref.holder ? timeText(c.ctimeMs) : tr("waiting since %1").arg(timeText(c.ctimeMs));
    case FlagsColumn: return sessionGone(*snapshot(), c) ? tr("session gone") : QString();
    }
    return {};
}

}  // namespace zooscope::ui
