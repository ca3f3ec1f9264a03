#include "models/session_filter_proxy.h"

#include "models/recipe_items_model.h"

namespace zooscope::ui {

SessionFilterProxy::SessionFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {}

void SessionFilterProxy::setSession(qint64 session) {
    if (session == session_) return;
    session_ = session;
    invalidateRowsFilter();
}

bool SessionFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const {
    if (session_ == 0 || sourceParent.isValid()) return true;
    const QVariant sessions = sourceModel()->index(sourceRow, 0).data(RecipeItemsModel::SessionsRole);
    return sessions.value<QList<qint64>>().contains(session_);
}

}  // namespace zooscope::ui
