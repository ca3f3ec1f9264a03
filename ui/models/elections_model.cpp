#include "models/elections_model.h"

namespace zooscope::ui {

namespace readers = zooscope::readers;

ElectionsModel::ElectionsModel(QObject* parent) : RecipeItemsModel(parent) {}

int ElectionsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() && parent.column() != 0 ? 0 : ColumnCount;
}

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

QString ElectionsModel::flagsText(const readers::RecipeItem& item, int bits) const {
    QStringList out;
    if (bits & Leaderless) out << tr("no leader");
    if (bits & SessionGone) out << tr("a session is gone");
    if (!item.suspicious.empty()) out << tr("suspicious: %1").arg(suspiciousText(item));
    return out.join(QStringLiteral("; "));
}

QVariant ElectionsModel::itemData(const readers::RecipeItem& item, int column, int role) const {
    const readers::Contender* l = item.holders.empty() ? nullptr : &item.holders.front();
    if (role == Qt::BackgroundRole || role == Qt::ForegroundRole) return highlightBrush(highlights(item), role);
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
    const bool gone = sessionGone(*snapshot(), c);
    if (role == Qt::BackgroundRole || role == Qt::ForegroundRole) return highlightBrush(gone ? SessionGone : 0, role);
    if (role != Qt::DisplayRole) return {};
    switch (column) {
    case PathColumn: return QString::fromStdString(c.node);
    case RecipeColumn: return ref.holder ? tr("leads") : tr("candidate %1").arg(ref.position + 1);
    case LeaderColumn: return idText(c);
    case SessionColumn: return sessionText(c.session);
    case AddressColumn: return addressOf(c.session);
    case FlagsColumn: return gone ? tr("session gone") : QString();
    }
    return {};
}

}  // namespace zooscope::ui
