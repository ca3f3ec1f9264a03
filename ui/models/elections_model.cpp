#include "models/elections_model.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

ElectionsModel::ElectionsModel(QObject* parent) : RecipeItemsModel(parent) {}

QVariant ElectionsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case PathColumn: return tr("Election");
    case RecipeColumn: return tr("Recipe");
    case LeaderColumn: return tr("Leader");
    case SessionColumn: return tr("Session");
    case AddressColumn: return tr("Client");
    case CandidatesColumn: return tr("Candidates");
    case FlagsColumn: return tr("Flags");
    }
    return {};
}

bool ElectionsModel::accepts(const readers::RecipeItem& item) const { return readers::isElectionRecipe(item.recipe); }

int ElectionsModel::highlights(const readers::RecipeItem& item) const { return electionHighlights(*snapshot(), item); }

QVariant ElectionsModel::itemData(const readers::RecipeItem& item, int column, int role) const {
    const readers::Contender* l = item.holders.empty() ? nullptr : &item.holders.front();
    if (role == Qt::ToolTipRole && column == FlagsColumn) return flagsText(item, highlights(item));
    if (role != Qt::DisplayRole) return {};
    switch (column) {
    case PathColumn: return QString::fromStdString(item.path);
    case RecipeColumn: return recipeText(item.recipe);
    case LeaderColumn: return l ? idText(*l) : tr("(none)");
    case SessionColumn: return l ? sessionText(l->session) : QString();
    case AddressColumn: return l ? addressOf(l->session) : QString();
    case CandidatesColumn: return int(item.holders.size() + item.waiters.size());
    case FlagsColumn: return flagsText(item, highlights(item));
    }
    return {};
}

QVariant ElectionsModel::contenderData(const ContenderRef& ref, int column, int role) const {
    const readers::Contender& c = *ref.contender;
    if (role != Qt::DisplayRole) return {};
    switch (column) {
    case PathColumn: return QString::fromStdString(c.node);
    case RecipeColumn: return ref.holder ? tr("leads") : tr("candidate %1").arg(ref.position + 1);
    case LeaderColumn: return idText(c);
    case SessionColumn: return sessionText(c.session);
    case AddressColumn: return addressOf(c.session);
    case FlagsColumn: return sessionGone(*snapshot(), c) ? tr("session gone") : QString();
    }
    return {};
}

}  // namespace zooscope::ui
