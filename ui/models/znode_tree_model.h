// zooscope::ui::ZnodeTreeModel — a lazy, watch-driven item model of one
// ZooKeeper namespace, fed by a ClientAdapter.
//
// Shape: one top-level row, "/", below it the znodes. Columns: Column enum.
// Nothing is loaded until asked:
// - canFetchMore/fetchMore list one level with ONE getChildren2 call (also a
//   node with 200,000 children). The parent's own stat comes with it.
// - Stats of children are fetched only for what is needed: the whole level at
//   once when it has at most kAutoStatsLimit children; otherwise only the rows
//   the view reports with fetchStats() (the visible range), or everything after
//   an explicit loadAllStats() (batches, statsProgress signals).
// - Sorting (sort()) is done here, per level, not in a proxy: by name always;
//   by a stat column only in levels whose stats are all loaded (other levels
//   stay in name order until their stats arrive, then re-sort).
// - Watches: a child watch only on nodes marked setExpanded(true) (the "/"
//   row counts once expanded); a data watch (exists) on setShownNode() and on
//   each row setRowsOnScreen() reports. Collapsing, changing the shown node
//   or scrolling a row away removes its watch (removeWatches on the server).
//   Other listed levels are not watched: they are re-listed when expanded
//   again. So the server holds at most #expanded + #rows on screen + 1
//   watches, never one per loaded node.
// - Live: child added/removed under an expanded node -> rows inserted/removed
//   (one getChildren2 per watch event, at most one per kRelistIntervalMs per
//   node: a level another process changes thousands of times a second is
//   re-listed ~10 times a second, not as fast as round trips allow);
//   the shown node's data changed -> its row updated (nodeChanged signal);
//   a row on screen changed -> its stat fetched again (with a new watch), at
//   most once per kRelistIntervalMs; the row keeps its place (a level sorted
//   by a stat column is re-sorted by the next sort or listing, so rows do not
//   jump under the pointer while another process changes them).
// - Session: Suspended/Expired mark the tree stale (isStale, staleChanged);
//   nothing is thrown away. On Reconnected, or Connected with a new session
//   (after expiry the owner calls ClientAdapter::open again), every expanded
//   node is re-listed with a new watch and the shown node's watch is re-set.
//
// Container and TTL nodes: ZooKeeper reports them to clients like persistent
// nodes (ephemeralOwner 0), so the model only knows them when they were
// created through the same ClientAdapter and its CreateModeCache
// (setCreateModes) saw that.
// Ephemeral: ephemeralOwner != 0. Sequential: a name ending in 10 digits.
//
// Threads: the model lives on the GUI thread, like the adapter. What a
// listing changes (names decoded, sorted, compared with the level's names,
// new rows built) is worked out on one worker thread, so a listing of
// 200,000 names does not freeze the window; the GUI thread only splices the
// result in. Memory: per row one compact Item (name + a few ints, ~100
// bytes); no data bytes are kept.
#pragma once

#include <QAbstractItemModel>
#include <QHash>
#include <QIcon>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QThreadPool>
#include <QTimer>

#include <cstdint>
#include <memory>
#include <vector>

#include "adapter/client_adapter.h"
#include "models/create_mode_cache.h"

namespace zooscope::ui {

class ZnodeTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { NameColumn, ChildrenColumn, DataLengthColumn, VersionColumn, ModifiedColumn, OwnerColumn, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        PathRole = Qt::UserRole + 1,  // QString, absolute path
        SortRole,                     // raw value of the column (QString / qint64)
        StatLoadedRole,               // bool
        KindRole,                     // int, NodeKind flags
        EphemeralOwnerRole,           // qint64
        NumChildrenRole,              // int (-1 unknown)
    };

    enum NodeKind {
        Persistent = 0,
        Ephemeral = 1,
        Sequential = 2,
        Container = 4,
        Ttl = 8,
    };

    // Levels with at most this many children get all their stats at once.
    static constexpr int kAutoStatsLimit = 10000;
    // Names per getChildrenWithStats batch in loadAllStats.
    static constexpr int kStatsBatch = 2000;
    // Shortest time between two watch-driven listings of one node.
    static constexpr int kRelistIntervalMs = 100;

    explicit ZnodeTreeModel(ClientAdapter* adapter, QObject* parent = nullptr);
    ~ZnodeTreeModel() override;
    // Where Container and TTL kinds come from (not owned; null: nowhere).
    void setCreateModes(CreateModeCache* modes) { modes_ = modes; }

    // QAbstractItemModel
    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    QHash<int, QByteArray> roleNames() const override;

    // ---- lookups
    QString pathOf(const QModelIndex& index) const;
    // The loaded row of `path` (column 0), invalid when not loaded.
    QModelIndex indexOf(const QString& path) const;
    // Children listed (at least once) for this node.
    bool isListed(const QModelIndex& index) const;
    // Every child of this level has its stat: stat-column sorting applies.
    bool levelStatsLoaded(const QModelIndex& parent) const;
    int sortColumn() const { return sortColumn_; }
    Qt::SortOrder sortOrder() const { return sortOrder_; }
    bool isStale() const { return stale_; }

    // ---- what the view tells the model
    // Expanded nodes keep a child watch (and get listed when not yet).
    void setExpanded(const QModelIndex& index, bool expanded);
    bool isExpanded(const QModelIndex& index) const;
    // The node shown in the panel keeps a data watch ("" = none).
    void setShownNode(const QString& path);
    QString shownNode() const { return shownPath_; }
    // Rows first..last of `parent` are on screen: fetch the stats they lack
    // (one pipelined batch). No watches.
    void fetchStats(const QModelIndex& parent, int first, int last);
    struct RowRange {
        QModelIndex parent;
        int first = 0;
        int last = -1;
    };
    // These are ALL the rows on screen now (it replaces the previous call's
    // set; at most kMaxRowsOnScreen rows are taken): each gets its stat if it
    // lacks one and keeps a data watch while it stays on screen, so a change
    // made by another client shows without a refresh.
    void setRowsOnScreen(const std::vector<RowRange>& ranges);
    static constexpr int kMaxRowsOnScreen = 500;
    // Rows that hold a data watch now (setRowsOnScreen); for tests and status.
    int rowWatchCount() const { return int(rowWatches_.size()); }
    // Fetches every missing stat of this level in batches (statsProgress).
    void loadAllStats(const QModelIndex& parent);
    void cancelLoadAllStats(const QModelIndex& parent);
    // Re-lists this node (and its stat) now.
    void refresh(const QModelIndex& index);

signals:
    void staleChanged(bool stale);
    // loadAllStats progress: done of total stats of parentPath's children.
    void statsProgress(const QString& parentPath, int done, int total);
    // All stats of parentPath's children are loaded (stat sorting applies).
    void levelStatsComplete(const QString& parentPath);
    // A listing finished (ok) or failed (error: a sentence).
    void listed(const QString& path);
    void operationFailed(const QString& path, const QString& error);
    // The shown node changed on the server (data/stat) or was deleted.
    void shownNodeChanged(const QString& path);
    void shownNodeDeleted(const QString& path);

private:
    struct Item;
    Item* itemOf(const QModelIndex& index) const;
    QModelIndex indexOfItem(const Item* item, int column = 0) const;
    Item* findItem(const QString& path) const;
    static QString pathOfItem(const Item* item);
    static QString childPath(const QString& parentPath, const QString& name);

    struct ListingDiff;
    void list(Item* item, bool watch);
    void relistSoon(Item* item);
    void onListed(const QString& path, bool watch, quint64 seq, client::Result<client::Children> r);
    // Pure (runs on the worker): `listed` against the level's `current` names.
    static std::unique_ptr<ListingDiff> diffListing(std::vector<QString> current, std::vector<std::string> listed,
                                                    bool ascending);
    void applyListing(const QString& path, quint64 seq, const proto::Stat& stat, ListingDiff& diff);
    void applyDiff(Item* item, ListingDiff& diff);
    static bool awaitingDiff(const Item* item);
    static QString listingFailure(proto::Err err, const QString& path, const std::string& detail);
    void removeItem(Item* item);
    void requestStats(Item* parent, std::vector<std::string> names, bool progress);
    void applyStats(const QString& parentPath, std::vector<client::ChildRow> rows, bool progress);
    void applyStat(Item* item, const proto::Stat& st);
    void setStale(bool stale);
    void onState(ClientAdapter::State state);
    void onNodeEvent(proto::EventType type, const QString& path);
    void armShownWatch();
    void watchRow(const QString& path);
    void refreshChangedRows();
    void resync(Item* item);
    bool lessThan(const Item* a, const Item* b, int column) const;
    void sortLevel(Item* parent, bool notify);
    int insertPosition(Item* parent, const Item* probe) const;
    void renumber(Item* parent, int from);
    int kindOf(const Item* item) const;
    void loadAllStatsStep(const QString& parentPath);

    QPointer<ClientAdapter> adapter_;
    QPointer<CreateModeCache> modes_;
    std::unique_ptr<Item> root_;  // invisible; its only child is "/"
    QString shownPath_;
    bool stale_ = false;
    int sortColumn_ = NameColumn;
    Qt::SortOrder sortOrder_ = Qt::AscendingOrder;
    int lastGeneration_ = 0;
    qint64 lastSession_ = 0;
    QHash<QString, int> bulkTotals_;  // loadAllStats in progress: parent path -> total
    QIcon icons_[5];
    QSet<QString> onScreen_;    // paths of the rows on screen (setRowsOnScreen)
    QSet<QString> rowWatches_;  // rows whose data watch is (believed to be) set
    QSet<QString> changedRows_; // rows whose watch fired; refreshed by rowTimer_
    QTimer* rowTimer_ = nullptr;
    quint64 listSeq_ = 0;  // numbers every getChildren2 sent (Item::lastListSeq)
    // One thread, so diffs finish in the order they were queued. Declared
    // last: destroyed first, it waits for a running diff, whose result is
    // then posted to this (still valid) QObject and dropped with it.
    QThreadPool differ_;
};

}  // namespace zooscope::ui
