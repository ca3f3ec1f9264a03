// LocksModel: the Locks view's rows: every lock, read-write lock, semaphore
// and stream claim of a RecipeSnapshot (readers::isLockRecipe; "lock or
// election" items are in the Elections view too). Columns: the lock's node,
// recipe, holder (participant id or data text), the holder's session and
// client address, held since, waiters, leases of the maximum, and flags
// (suspicious layouts, highlights). Under each lock its contenders in order:
// holders, then waiters. Highlights: held longer than heldTooLongMs (amber),
// a contender whose session is gone (red).
// Threads: GUI thread only.
#pragma once

#include "models/recipe_items_model.h"

namespace zooscope::ui {

class LocksModel : public RecipeItemsModel {
    Q_OBJECT
public:
    enum Column { PathColumn, RecipeColumn, HolderColumn, SessionColumn, AddressColumn, HeldSinceColumn,
                  WaitersColumn, LeasesColumn, FlagsColumn, ColumnCount };

    explicit LocksModel(QObject* parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    int columns() const override { return ColumnCount; }
    bool accepts(const readers::RecipeItem& item) const override;
    int highlights(const readers::RecipeItem& item) const override;
    QVariant itemData(const readers::RecipeItem& item, int column, int role) const override;
    QVariant contenderData(const ContenderRef& ref, int column, int role) const override;
};

}  // namespace zooscope::ui
