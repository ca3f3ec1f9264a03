#include "models/watches_model.h"

#include <algorithm>
#include <tuple>

#include "models/recipe_items_model.h"
#include "models/recipe_snapshot.h"

namespace zooscope::ui {

// Session rows have internal id 0; path rows their session row's Row::id.
WatchesModel::WatchesModel(QObject* parent) : QAbstractItemModel(parent) {}

QModelIndex WatchesModel::index(int row, int column, const QModelIndex& parent) const {
    if (!hasIndex(row, column, parent)) return {};
    return createIndex(row, column, parent.isValid() ? rows_[size_t(parent.row())].id : quintptr(0));
}

QModelIndex WatchesModel::parent(const QModelIndex& child) const {
    if (!child.isValid() || child.internalId() == 0) return {};
    const int row = rowById_.value(child.internalId(), -1);
    return row < 0 ? QModelIndex() : createIndex(row, 0, quintptr(0));
}

int WatchesModel::rowCount(const QModelIndex& parent) const {
    if (!parent.isValid()) return int(rows_.size());
    if (parent.internalId() != 0 || parent.column() != 0) return 0;
    return int(rows_[size_t(parent.row())].list.paths.size());
}

int WatchesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() && parent.column() != 0 ? 0 : ColumnCount;
}

QVariant WatchesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case SessionColumn: return tr("Session / path");
    case ClientColumn: return tr("Client");
    case ServerColumn: return tr("Server");
    case WatchesColumn: return tr("Watches");
    default: return {};
    }
}

QString WatchesModel::kindsText(const Row& row, const std::string& path) {
    const auto k = row.list.kinds.find(path);
    if (k == row.list.kinds.end()) return {};
    QStringList kinds;
    for (const std::string& kind : k->second) kinds << QString::fromStdString(kind);
    return kinds.join(QStringLiteral(", "));
}

QVariant WatchesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) return {};
    const bool pathRow = index.internalId() != 0;
    const Row& row = rows_[size_t(pathRow ? rowById_.value(index.internalId()) : index.row())];
    const qint64 session = row.list.session;
    switch (role) {
    case RecipeItemsModel::PathRole:
        return pathRow ? QString::fromStdString(row.list.paths[size_t(index.row())]) : QString();
    case RecipeItemsModel::SessionRole: return session;
    case RecipeItemsModel::SessionsRole: return QVariant::fromValue(QList<qint64>{session});
    default: break;
    }
    if (pathRow) {
        const std::string& path = row.list.paths[size_t(index.row())];
        const QString kinds = kindsText(row, path);
        if (role == Qt::DisplayRole) {
            if (index.column() == SessionColumn) return QString::fromStdString(path);
            if (index.column() == WatchesColumn) return kinds.isEmpty() ? tr("data or exists") : kinds;
        }
        if (role == Qt::ToolTipRole && index.column() == WatchesColumn && kinds.isEmpty())
            return tr("ZooKeeper 3.8's wchc does not say which kind, and leaves child watches out.");
        return {};
    }
    if (role != Qt::DisplayRole) return {};
    switch (index.column()) {
    case SessionColumn: return sessionText(session);
    case ClientColumn: return row.list.client ? QString::fromStdString(*row.list.client) : QString();
    case ServerColumn: return QString::fromStdString(row.server);
    case WatchesColumn: return tr("%n path(s)", nullptr, int(row.list.paths.size()));
    default: return {};
    }
}

bool WatchesModel::before(const Row& a, const Row& b) {
    return std::tie(a.list.session, a.server) < std::tie(b.list.session, b.server);
}

void WatchesModel::reindex() {
    rowById_.clear();
    for (size_t i = 0; i < rows_.size(); ++i) rowById_.insert(rows_[i].id, int(i));
}

void WatchesModel::setRead(const std::vector<readers::ServerWatches>& servers, qint64 atMs) {
    servers_ = servers;
    readAtMs_ = atMs;
    std::vector<Row> next;
    for (const readers::ServerWatches& s : servers)
        for (const readers::SessionWatchList& l : s.detail) next.push_back(Row{0, s.server, l});
    std::sort(next.begin(), next.end(), before);
    const auto contains = [](const std::vector<Row>& rows, const Row& r) {
        return std::binary_search(rows.begin(), rows.end(), r, before);
    };

    // Gone sessions leave, last first.
    for (int i = int(rows_.size()) - 1; i >= 0; --i) {
        if (contains(next, rows_[size_t(i)])) continue;
        beginRemoveRows({}, i, i);
        rows_.erase(rows_.begin() + i);
        reindex();
        endRemoveRows();
    }
    // New ones come in at their places; kept ones change in place.
    for (size_t i = 0; i < next.size(); ++i) {
        Row& n = next[i];
        if (i >= rows_.size() || before(n, rows_[i])) {
            beginInsertRows({}, int(i), int(i));
            n.id = nextId_++;
            rows_.insert(rows_.begin() + qsizetype(i), n);
            reindex();
            endInsertRows();
            continue;
        }
        Row& r = rows_[i];
        const QModelIndex parent = index(int(i), 0);
        const size_t had = r.list.paths.size(), has = n.list.paths.size();
        const bool same = r.list.paths == n.list.paths && r.list.kinds == n.list.kinds && r.list.client == n.list.client;
        if (same) continue;
        // Paths: the surplus leaves, the rows both have change, then the
        // rest comes in (each step consistent on its own).
        if (has < had) {
            beginRemoveRows(parent, int(has), int(had) - 1);
            r.list.paths.resize(has);
            endRemoveRows();
        }
        const size_t common = std::min(had, has);
        r.list = n.list;
        r.list.paths.resize(common);
        emit dataChanged(index(int(i), 0), index(int(i), ColumnCount - 1));
        if (common > 0) emit dataChanged(index(0, 0, parent), index(int(common) - 1, ColumnCount - 1, parent));
        if (has > had) {
            beginInsertRows(parent, int(had), int(has) - 1);
            r.list = n.list;
            endInsertRows();
        }
    }
}

int WatchesModel::rowOf(qint64 session, const QString& server) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].list.session == session && (server.isEmpty() || QString::fromStdString(rows_[i].server) == server))
            return int(i);
    return -1;
}

QString WatchesModel::clientOf(qint64 session) const {
    for (const Row& r : rows_)
        if (r.list.session == session && r.list.client) return QString::fromStdString(*r.list.client);
    return {};
}

QString WatchesModel::dump() const {
    QStringList lines;
    for (int r = 0; r < rowCount(); ++r) {
        QStringList cells;
        for (int c = 0; c < ColumnCount; ++c) cells << index(r, c).data().toString();
        lines << cells.join('|');
        const QModelIndex parent = index(r, 0);
        for (int p = 0; p < rowCount(parent); ++p)
            lines << "  " + index(p, SessionColumn, parent).data().toString() + "|" +
                         index(p, WatchesColumn, parent).data().toString();
    }
    return lines.join('\n');
}

}  // namespace zooscope::ui
