// WatchesModel: the Watches view's rows. One row per session holding watches
// on a server (core's readServerWatches details: wchc, the AdminServer's
// watches or the engine's wchk, joined to cons), sorted by session then
// server: its session, client address, server and how many paths it
// watches; under it one row per path, with the kinds of watch where the
// server names them (the engine's wchk; ZooKeeper 3.8's wchc does not).
// It also keeps each server's summary of the same read (wchs first) for
// the page above the rows.
//
// Contracts:
// - setRead() changes the rows in place (removes, inserts, dataChanged by
//   session and server), so selections and expansions survive a new read.
// - Every row answers the roles the coordination views share
//   (RecipeItemsModel::PathRole: the path a row selects in the tree, "" on a
//   session row; SessionsRole and SessionRole: its session), so the
//   SessionFilterProxy filters this view as it does the others.
// Threads: GUI thread only.
#pragma once

#include <QAbstractItemModel>
#include <QHash>

#include <string>
#include <vector>

#include "zooscope/watch_readers.h"

namespace zooscope::ui {

class WatchesModel : public QAbstractItemModel {
    Q_OBJECT
public:
    // Path rows: the path in the first column, its kinds in the last.
    enum Column { SessionColumn, ClientColumn, ServerColumn, WatchesColumn, ColumnCount };

    explicit WatchesModel(QObject* parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // One read of every server (`atMs`: wall clock, ms, when it ended). The
    // rows come from the servers' details; a read without details (the user
    // did not ask for them) leaves no rows.
    void setRead(const std::vector<readers::ServerWatches>& servers, qint64 atMs);
    const std::vector<readers::ServerWatches>& servers() const { return servers_; }
    qint64 readAtMs() const { return readAtMs_; }

    // The row of `session` on `server` ("" = any server), -1 when none.
    int rowOf(qint64 session, const QString& server = {}) const;
    // The client address a read named for `session`, "" when none did.
    QString clientOf(qint64 session) const;
    // "session|client|server|n" per session and "  path|kinds" under it, for
    // tests and for copying out of the view.
    QString dump() const;

private:
    struct Row {
        quint64 id = 0;  // stable: the internal id of its path rows
        std::string server;
        readers::SessionWatchList list;
    };
    static bool before(const Row& a, const Row& b);
    static QString kindsText(const Row& row, const std::string& path);
    void reindex();

    std::vector<readers::ServerWatches> servers_;
    std::vector<Row> rows_;
    QHash<quint64, int> rowById_;
    quint64 nextId_ = 1;
    qint64 readAtMs_ = 0;
};

}  // namespace zooscope::ui
