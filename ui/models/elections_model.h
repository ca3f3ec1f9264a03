// ElectionsModel: the Elections view's rows: every election of a
// RecipeSnapshot (readers::isElectionRecipe: Curator LeaderLatch, ZooKeeper's
// election recipe, and "lock or election" nodes, which a Curator
// LeaderSelector or a kazoo Election write). Columns: the election's node,
// recipe, leader (participant id or data text), the leader's session and
// client address, candidates, flags. Under each election its candidates in
// order, the leader first. Highlights: no leader, a candidate whose session
// is gone (red).
// Threads: GUI thread only.
#pragma once

#include "models/recipe_items_model.h"

namespace zooscope::ui {

class ElectionsModel : public RecipeItemsModel {
    Q_OBJECT
public:
    enum Column { PathColumn, RecipeColumn, LeaderColumn, SessionColumn, AddressColumn, CandidatesColumn,
                  FlagsColumn, ColumnCount };

    explicit ElectionsModel(QObject* parent = nullptr);

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

protected:
    int columns() const override { return ColumnCount; }
    bool accepts(const readers::RecipeItem& item) const override;
    int highlights(const readers::RecipeItem& item) const override;
    QVariant itemData(const readers::RecipeItem& item, int column, int role) const override;
    QVariant contenderData(const ContenderRef& ref, int column, int role) const override;
};

}  // namespace zooscope::ui
