// RecipeItemsModel: the base of the coordination views' models (LocksModel,
// ElectionsModel; later views build on it the same way). A two-level tree:
// one row per recipe item of a RecipeSnapshot that the subclass accepts,
// sorted by path, and under it one row per contender in the writing
// library's order (holders, then waiters; for an election the leader, then
// the other candidates). Subclasses give the columns and the highlights.
//
// Contracts:
// - setSnapshot() changes the rows in place (removes, inserts, dataChanged by
//   path), so selections and expansions survive a new snapshot.
// - Every row answers PathRole (the znode a row selects in the tree: the
//   item's node, or the contender's), SessionsRole (the sessions of its
//   contenders, for the session filter), HighlightsRole (Highlight bits).
// Threads: GUI thread only.
#pragma once

#include <QAbstractItemModel>
#include <QDateTime>

#include <vector>

#include "models/recipe_snapshot.h"

namespace zooscope::ui {

class RecipeItemsModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Role {
        PathRole = Qt::UserRole + 1,  // QString
        SessionsRole,                 // QList<qint64>
        SessionRole,                  // qint64: the holder's / contender's (0: none)
        HighlightsRole,               // int, Highlight bits
        RecipeRole,                   // QString, readers::recipeName
    };

    explicit RecipeItemsModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;

    void setSnapshot(RecipeSnapshotPtr snapshot);
    RecipeSnapshotPtr snapshot() const { return snapshot_; }
    // The clock the highlights and durations use (wall clock, ms); a change
    // re-announces every item row (RecipeWatch moves it every few seconds).
    void setNow(qint64 nowMs);
    qint64 now() const { return nowMs_; }
    // A lock held longer than this is highlighted (0: never).
    void setHeldTooLongMs(qint64 ms);
    qint64 heldTooLongMs() const { return heldTooLongMs_; }

    const readers::RecipeItem& item(int row) const { return rows_[size_t(row)]; }
    int rowOf(const QString& path) const;
    // Row of the item and the contender of a child row; false for an item row.
    struct ContenderRef {
        const readers::RecipeItem* item = nullptr;
        const readers::Contender* contender = nullptr;
        bool holder = false;
        int position = 0;  // 0-based in the library's order
    };
    ContenderRef contenderAt(const QModelIndex& index) const;

    // A text dump, one line per row ("path|col1|col2..." with contenders
    // indented), for tests and for copying out of the view.
    QString dump() const;
    // "45 s", "12 min", "3 h".
    static QString spanText(qint64 ms);

protected:
    // The subclass's columns; its item rows' highlights; the display and
    // tool tip texts (the base answers the roles above and the colours).
    virtual int columns() const = 0;
    virtual bool accepts(const readers::RecipeItem& item) const = 0;
    virtual int highlights(const readers::RecipeItem& item) const = 0;
    virtual QVariant itemData(const readers::RecipeItem& item, int column, int role) const = 0;
    virtual QVariant contenderData(const ContenderRef& ref, int column, int role) const = 0;

    // Helpers for the subclasses.
    QString addressOf(int64_t session) const;
    static QString timeText(qint64 ms);
    QString durationText(qint64 fromMs) const;
    static QString idText(const readers::Contender& c);
    static QString suspiciousText(const readers::RecipeItem& item);
    static QString recipeText(readers::Recipe recipe);
    // The Flags column: the highlights in `bits`, then suspicious reasons.
    QString flagsText(const readers::RecipeItem& item, int bits) const;

private:
    static int contenderCount(const readers::RecipeItem& item) { return int(item.holders.size() + item.waiters.size()); }
    void replaceRow(int row, const readers::RecipeItem& next);
    // A contender's address or gone flag differs between `before` and now.
    bool contendersLookChanged(const RecipeSnapshot& before, const readers::RecipeItem& item) const;
    void contendersChanged(int row);
    static QVariant highlightBrush(int bits, int role);

    RecipeSnapshotPtr snapshot_ = std::make_shared<RecipeSnapshot>();
    std::vector<readers::RecipeItem> rows_;
    qint64 nowMs_ = 0;
    qint64 heldTooLongMs_ = 0;
};

}  // namespace zooscope::ui
