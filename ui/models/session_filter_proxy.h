// SessionFilterProxy: the coordination views' filter by session: only the
// top-level rows whose SessionsRole (RecipeItemsModel, or any model giving
// that role) names the session, with all their children. Session 0: no
// filter. "Everything this session holds or waits for", in any view.
// Threads: GUI thread only.
#pragma once

#include <QSortFilterProxyModel>

namespace zooscope::ui {

class SessionFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit SessionFilterProxy(QObject* parent = nullptr);

    void setSession(qint64 session);
    qint64 session() const { return session_; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    qint64 session_ = 0;
};

}  // namespace zooscope::ui
