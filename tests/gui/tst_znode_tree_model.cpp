// ZnodeTreeModel against Apache ZooKeeper 3.8 and the engine (every case is
// data-driven by server). The model runs under QAbstractItemModelTester
// except with 200,000 rows (the tester walks every row on every signal).
// A second client (zooscope::client) plays "another user". No sleeps: every
// wait is a QTRY_* bound on a condition.
#include <QAbstractItemModelTester>
#include <QtTest>

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <future>
#include <memory>
#include <regex>
#include <set>

#include "adapter/client_adapter.h"
#include "blocking_call.h"
#include "models/znode_filter_proxy.h"
#include "models/znode_tree_model.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;
using proto::Err;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 30000;

template <class T, class Submit>
client::Result<T> call(Submit&& submit) {
    return zooscope::testing::blockingCall<T>(std::forward<Submit>(submit), std::chrono::seconds(60));
}

// Text dump of the LOADED rows below `index`: "name children dataLength",
// two spaces per level. Stats not loaded show as "?".
void dump(const QAbstractItemModel& m, const QModelIndex& index, int depth, QStringList& out) {
    for (int r = 0; r < m.rowCount(index); ++r) {
        const QModelIndex c = m.index(r, 0, index);
        const QString kids = m.index(r, ZnodeTreeModel::ChildrenColumn, index).data().toString();
        const QString len = m.index(r, ZnodeTreeModel::DataLengthColumn, index).data().toString();
        out << QString(depth * 2, QLatin1Char(' ')) + c.data().toString() + QLatin1Char(' ') +
                   (kids.isEmpty() ? QStringLiteral("?") : kids) + QLatin1Char(' ') +
                   (len.isEmpty() ? QStringLiteral("?") : len);
        dump(m, c, depth + 1, out);
    }
}
QStringList dump(const QAbstractItemModel& m, const QModelIndex& index) {
    QStringList out;
    dump(m, index, 0, out);
    return out;
}

QStringList childNames(const QAbstractItemModel& m, const QModelIndex& parent, int limit = -1) {
    QStringList out;
    const int n = limit < 0 ? m.rowCount(parent) : std::min(limit, m.rowCount(parent));
    for (int r = 0; r < n; ++r) out << m.index(r, 0, parent).data().toString();
    return out;
}

long long packetsReceived(uint16_t port) {
    const std::string reply = fourLetterWord(port, "srvr");
    std::smatch m;
    static const std::regex re("Received: (\\d+)");
    if (!std::regex_search(reply, m, re)) return -1;
    return std::stoll(m[1].str());
}

// Every watch the server holds, data and child ("zk_watch_count" of mntr;
// wchs/wchc report data watches only, in ZooKeeper and in the engine).
long long watchCount(uint16_t port) {
    const std::string reply = fourLetterWord(port, "mntr");
    std::smatch m;
    static const std::regex re("zk_watch_count\\s+(\\d+)");
    if (!std::regex_search(reply, m, re)) return -1;
    return std::stoll(m[1].str());
}

// The paths one session holds DATA watches on, from `wchc` ("0x<session>" then one
// tab-indented path per line).
QStringList watchedPaths(uint16_t port, int64_t session) {
    const std::string reply = fourLetterWord(port, "wchc");
    std::set<std::string> out;
    bool mine = false;
    size_t pos = 0;
    while (pos < reply.size()) {
        size_t eol = reply.find('\n', pos);
        if (eol == std::string::npos) eol = reply.size();
        const std::string line = reply.substr(pos, eol - pos);
        pos = eol + 1;
        if (line.rfind("0x", 0) == 0) mine = std::stoull(line.substr(2), nullptr, 16) == uint64_t(session);
        else if (mine && !line.empty() && line[0] == '\t') out.insert(line.substr(1));
    }
    QStringList list;
    for (const auto& p : out) list << QString::fromStdString(p);
    return list;
}

}  // namespace

class TstZnodeTreeModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void loadsLazilyAndDumps_data() { servers(); }
    void loadsLazilyAndDumps();
    void expandCollapse_data() { servers(); }
    void expandCollapse();
    void followsAnotherClient_data() { servers(); }
    void followsAnotherClient();
    void watchesOnlyExpandedAndShown_data() { servers(); }
    void watchesOnlyExpandedAndShown();
    void sortsByNameAndStat_data() { servers(); }
    void sortsByNameAndStat();
    void filtersByName_data() { servers(); }
    void filtersByName();
    void recoversFromConnectionLoss_data() { servers(); }
    void recoversFromConnectionLoss();
    void recoversFromExpiry_data() { servers(); }
    void recoversFromExpiry();
    void viewExpandListsOnce_data() { servers(); }
    void viewExpandListsOnce();
    void rowsOnScreenAreWatched_data() { servers(); }
    void rowsOnScreenAreWatched();
    void kindsAndIcons_data() { servers(); }
    void kindsAndIcons();
    // Last: the testers of other cases would walk its 200,000 rows.
    void twoHundredThousandChildren_data() { servers(); }
    void twoHundredThousandChildren();

private:
    void servers() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    TestServer* server() {
        QFETCH(QString, server);
        return server == QLatin1String("zookeeper") ? zk_.get() : engine_.get();
    }
    std::unique_ptr<client::Client> other(TestServer* s) {
        client::ClientOptions o;
        o.connectString = s->connectString();
        std::string err;
        auto c = client::Client::connect(o, {}, &err);
        for (int i = 0; c && i < 600 && c->state() != client::SessionState::Connected; ++i) QTest::qWait(50);
        return c;
    }
    bool openAdapter(ClientAdapter& a, const std::string& connect) {
        client::ClientOptions o;
        o.connectString = connect;
        o.sessionTimeout = 20s;
        QString err;
        if (!a.open(o, &err)) return false;
        return QTest::qWaitFor([&] { return a.isConnected(); }, kWaitMs);
    }
    // Creates `paths` in order (parents first) with data = the path's last
    // segment repeated `dataRepeat` times.
    bool createAll(client::Client& c, const QStringList& paths, const QByteArray& data = {}) {
        for (const QString& p : paths) {
            const auto r = call<client::Created>(
                [&](auto cb) { c.create(p.toStdString(), data.toStdString(), {}, cb); });
            if (!r.ok() && r.err != Err::NodeExists) return false;
        }
        return true;
    }
    // Expands `path` (and its ancestors) in the model, waiting for each listing.
    QModelIndex expand(ZnodeTreeModel& m, const QString& path) {
        QModelIndex idx = m.index(0, 0);
        m.setExpanded(idx, true);
        if (!QTest::qWaitFor([&] { return m.isListed(idx); }, kWaitMs)) return {};
        QString cur = QStringLiteral("/");
        for (const QString& seg : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
            cur = cur == QLatin1String("/") ? QLatin1Char('/') + seg : cur + QLatin1Char('/') + seg;
            if (!QTest::qWaitFor([&] { return m.indexOf(cur).isValid(); }, kWaitMs)) return {};
            idx = m.indexOf(cur);
            m.setExpanded(idx, true);
            if (!QTest::qWaitFor([&] { return m.isListed(m.indexOf(cur)); }, kWaitMs)) return {};
            idx = m.indexOf(cur);
        }
        return idx;
    }

    std::unique_ptr<TestServer> zk_, engine_;
};

void TstZnodeTreeModel::initTestCase() {
    std::string err;
    ApacheOptions ao;
    ao.extra["forceSync"] = "no";  // 200,000 creates; durability is not under test
    ao.extra["extendedTypesEnabled"] = "true";  // TTL nodes (the engine's reference config has them)
    zk_ = startApacheZooKeeper(ao, &err);
    QVERIFY2(zk_, err.c_str());
    engine_ = startEngine({}, &err);
    QVERIFY2(engine_, err.c_str());
}

void TstZnodeTreeModel::cleanupTestCase() {
    zk_.reset();
    engine_.reset();
}

void TstZnodeTreeModel::loadsLazilyAndDumps() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/lazy", "/lazy/a", "/lazy/b", "/lazy/b/x", "/lazy/b/y", "/lazy/c"}, "12"));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(m.rowCount(), 1);
    const QModelIndex root = m.index(0, 0);
    QCOMPARE(root.data().toString(), QStringLiteral("/"));
    QCOMPARE(m.pathOf(root), QStringLiteral("/"));
    QVERIFY(m.hasChildren(root));
    const QModelIndex lazy = expand(m, "/lazy/b");
    QVERIFY(lazy.isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m.levelStatsLoaded(m.indexOf("/lazy")) && m.levelStatsLoaded(m.indexOf("/lazy/b")),
                             kWaitMs);
    const QStringList expected = {"lazy 3 2", "  a 0 2", "  b 2 2", "    x 0 2", "    y 0 2", "  c 0 2"};
    QStringList got;
    const QModelIndex lazyIdx = m.indexOf("/lazy");
    got << m.index(lazyIdx.row(), 0, lazyIdx.parent()).data().toString() + QLatin1Char(' ') +
               m.index(lazyIdx.row(), ZnodeTreeModel::ChildrenColumn, lazyIdx.parent()).data().toString() +
               QLatin1Char(' ') + m.index(lazyIdx.row(), ZnodeTreeModel::DataLengthColumn, lazyIdx.parent()).data().toString();
    for (const QString& l : dump(m, lazyIdx)) got << QStringLiteral("  ") + l;
    QCOMPARE(got, expected);
    QCOMPARE(m.data(m.indexOf("/lazy/b/x"), ZnodeTreeModel::PathRole).toString(), QStringLiteral("/lazy/b/x"));
    QCOMPARE(m.data(m.indexOf("/lazy/b/x"), Qt::DecorationRole).typeId(), QMetaType::QIcon);
    QVERIFY(!m.data(m.indexOf("/lazy/b/x"), Qt::DecorationRole).value<QIcon>().isNull());
}

void TstZnodeTreeModel::expandCollapse() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/ec", "/ec/p", "/ec/p/one"}));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/ec/p").isValid());
    QVERIFY(m.isExpanded(m.indexOf("/ec/p")));
    QCOMPARE(childNames(m, m.indexOf("/ec/p")), QStringList{"one"});
    m.setExpanded(m.indexOf("/ec/p"), false);
    QVERIFY(!m.isExpanded(m.indexOf("/ec/p")));
    // Changed while collapsed: not watched, so the rows stay as they were...
    QVERIFY(createAll(*o, {"/ec/p/two"}));
    QCOMPARE(childNames(m, m.indexOf("/ec/p")), QStringList{"one"});
    // ...and expanding again lists it anew.
    m.setExpanded(m.indexOf("/ec/p"), true);
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/ec/p")), (QStringList{"one", "two"}), kWaitMs);
}

void TstZnodeTreeModel::followsAnotherClient() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/live", "/live/a", "/live/c"}));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/live").isValid());
    QCOMPARE(childNames(m, m.indexOf("/live")), (QStringList{"a", "c"}));
    QSignalSpy inserted(&m, &QAbstractItemModel::rowsInserted);
    // Added -> inserted in name order.
    QVERIFY(createAll(*o, {"/live/b"}));
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/live")), (QStringList{"a", "b", "c"}), kWaitMs);
    QVERIFY(inserted.size() >= 1);
    // Removed -> row removed.
    QVERIFY(call<client::Empty>([&](auto cb) { o->remove("/live/a", -1, cb); }).ok());
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/live")), (QStringList{"b", "c"}), kWaitMs);
    // Shown node's data changed -> its row shows the new version and length.
    m.setShownNode("/live/c");
    QSignalSpy changed(&m, &ZnodeTreeModel::shownNodeChanged);
    QTRY_VERIFY_WITH_TIMEOUT(m.data(m.indexOf("/live/c"), ZnodeTreeModel::StatLoadedRole).toBool(), kWaitMs);
    // The data watch is in place before the other client writes.
    QTRY_VERIFY_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()).contains("/live/c"), kWaitMs);
    QVERIFY(call<proto::Stat>([&](auto cb) { o->setData("/live/c", "hello", -1, cb); }).ok());
    auto col = [&](int c) {
        const QModelIndex i = m.indexOf("/live/c");
        return i.isValid() ? m.index(i.row(), c, i.parent()).data().toString() : QString();
    };
    QTRY_COMPARE_WITH_TIMEOUT(col(ZnodeTreeModel::VersionColumn), QStringLiteral("1"), kWaitMs);
    QCOMPARE(col(ZnodeTreeModel::DataLengthColumn), QStringLiteral("5"));
    QVERIFY(changed.size() >= 1);
    // A second change is seen too (the watch was re-armed).
    QVERIFY(call<proto::Stat>([&](auto cb) { o->setData("/live/c", "hello!", -1, cb); }).ok());
    QTRY_COMPARE_WITH_TIMEOUT(col(ZnodeTreeModel::VersionColumn), QStringLiteral("2"), kWaitMs);
    // An ephemeral of the other client shows its owner as 0x....
    client::CreateOptions eph;
    eph.mode = proto::CreateMode::Ephemeral;
    QVERIFY(call<client::Created>([&](auto cb) { o->create("/live/e", "", eph, cb); }).ok());
    QTRY_VERIFY_WITH_TIMEOUT(m.indexOf("/live/e").isValid() &&
                                 m.data(m.indexOf("/live/e"), ZnodeTreeModel::StatLoadedRole).toBool(),
                             kWaitMs);
    const QModelIndex e = m.indexOf("/live/e");
    QCOMPARE(m.index(e.row(), ZnodeTreeModel::OwnerColumn, e.parent()).data().toString(),
             QStringLiteral("0x") + QString::number(quint64(o->sessionId()), 16));
    QVERIFY(m.data(e, ZnodeTreeModel::KindRole).toInt() & ZnodeTreeModel::Ephemeral);
}

// Only expanded nodes hold a child watch and only the shown node a data
// watch, however much the model has listed (the tester lists every level).
void TstZnodeTreeModel::watchesOnlyExpandedAndShown() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QStringList paths{"/wc"};
    for (int i = 0; i < 20; ++i) {
        paths << QStringLiteral("/wc/n%1").arg(i);
        for (int j = 0; j < 5; ++j) paths << QStringLiteral("/wc/n%1/k%2").arg(i).arg(j);
    }
    QVERIFY(createAll(*o, paths));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/wc/n3").isValid());
    QVERIFY(expand(m, "/wc/n7").isValid());
    m.setShownNode("/wc/n7/k2");
    // The tester has fetched every level by now or soon: wait for all 20.
    QTRY_VERIFY_WITH_TIMEOUT(m.isListed(m.indexOf("/wc/n19")) && m.isListed(m.indexOf("/wc/n0")), kWaitMs);
    // Data watch: the shown node only. All watches: child watches on the 4
    // expanded nodes ("/", /wc, /wc/n3, /wc/n7) + that one (no other session
    // of this server holds any now).
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), QStringList{"/wc/n7/k2"}, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 5LL, kWaitMs);
    // Collapse one, move the panel: their watches go.
    m.setExpanded(m.indexOf("/wc/n3"), false);
    m.setShownNode("/wc/n7");
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), QStringList{"/wc/n7"}, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 4LL, kWaitMs);
    qInfo("%s wchs: %s", qPrintable(QTest::currentDataTag()), fourLetterWord(s->port(), "wchs").c_str());
}

void TstZnodeTreeModel::sortsByNameAndStat() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/sort"}));
    // Names and data lengths in different orders.
    const std::vector<std::pair<std::string, std::string>> kids{{"a", "xxx"}, {"b", "x"}, {"c", "xxxx"}, {"d", "xx"}};
    for (const auto& [n, d] : kids)
        QVERIFY(call<client::Created>([&](auto cb) { o->create("/sort/" + n, d, {}, cb); }).ok());
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/sort").isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m.levelStatsLoaded(m.indexOf("/sort")), kWaitMs);
    QCOMPARE(childNames(m, m.indexOf("/sort")), (QStringList{"a", "b", "c", "d"}));
    m.sort(ZnodeTreeModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(childNames(m, m.indexOf("/sort")), (QStringList{"d", "c", "b", "a"}));
    m.sort(ZnodeTreeModel::DataLengthColumn, Qt::AscendingOrder);
    QCOMPARE(childNames(m, m.indexOf("/sort")), (QStringList{"b", "d", "a", "c"}));
    // A change that moves a row keeps the level in stat order.
    m.setShownNode("/sort/b");
    QTRY_VERIFY_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()).contains("/sort/b"), kWaitMs);
    QVERIFY(call<proto::Stat>([&](auto cb) { o->setData("/sort/b", "xxxxxxx", -1, cb); }).ok());
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/sort")), (QStringList{"d", "a", "c", "b"}), kWaitMs);
    // A newcomer under a stat-sorted level lands in place once its stat is in.
    QVERIFY(call<client::Created>([&](auto cb) { o->create("/sort/e", "x", {}, cb); }).ok());
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/sort")).join(','), QStringLiteral("e,d,a,c,b"), kWaitMs);
}

void TstZnodeTreeModel::filtersByName() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/flt", "/flt/alpha", "/flt/beta", "/flt/beta/gamma-x", "/flt/delta"}));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    ZnodeFilterProxy proxy;
    proxy.setSourceModel(&m);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/flt/beta").isValid());
    auto proxyIndex = [&](const QString& p) { return proxy.mapFromSource(m.indexOf(p)); };
    QCOMPARE(childNames(proxy, proxyIndex("/flt")), (QStringList{"alpha", "beta", "delta"}));
    proxy.setNameFilter("ALPHA");
    QCOMPARE(childNames(proxy, proxyIndex("/flt")), QStringList{"alpha"});
    // A match deeper down keeps its ancestors.
    proxy.setNameFilter("gamma");
    QCOMPARE(childNames(proxy, proxyIndex("/flt")), QStringList{"beta"});
    QCOMPARE(childNames(proxy, proxyIndex("/flt/beta")), QStringList{"gamma-x"});
    QCOMPARE(proxy.rowCount(), 1);  // "/" always stays
    proxy.setNameFilter("");
    QCOMPARE(childNames(proxy, proxyIndex("/flt")), (QStringList{"alpha", "beta", "delta"}));
    // Sorting through the proxy sorts the source.
    proxy.sort(ZnodeTreeModel::NameColumn, Qt::DescendingOrder);
    QCOMPARE(childNames(proxy, proxyIndex("/flt")), (QStringList{"delta", "beta", "alpha"}));
    QCOMPARE(m.sortOrder(), Qt::DescendingOrder);
}

// Connection cut (session alive): the tree stays, marked stale; after the
// client reconnects (to the direct address) the model is fresh and live.
void TstZnodeTreeModel::recoversFromConnectionLoss() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/cut", "/cut/a"}));
    TcpProxy proxy(s->port());
    QVERIFY(proxy.port() != 0);
    ClientAdapter a;
    zoo_deterministic_conn_order(1);  // the proxy first
    const bool opened = openAdapter(a, proxy.connectString() + "," + s->connectString());
    zoo_deterministic_conn_order(0);
    QVERIFY(opened);
    QCOMPARE(a.currentServer(), QString::fromStdString(proxy.connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/cut").isValid());
    QSignalSpy stale(&m, &ZnodeTreeModel::staleChanged);
    proxy.cut();
    QTRY_VERIFY_WITH_TIMEOUT(stale.size() >= 1 && stale.at(0).at(0).toBool(), kWaitMs);
    QCOMPARE(childNames(m, m.indexOf("/cut")), QStringList{"a"});  // kept
    // Changed while we were away.
    QVERIFY(createAll(*o, {"/cut/b"}));
    QTRY_VERIFY_WITH_TIMEOUT(a.state() == ClientAdapter::State::Reconnected, kWaitMs);
    QTRY_VERIFY(!m.isStale());
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/cut")), (QStringList{"a", "b"}), kWaitMs);
    QVERIFY(createAll(*o, {"/cut/c"}));
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/cut")), (QStringList{"a", "b", "c"}), kWaitMs);
}

// Session expired: the tree stays (stale); the owner opens a new session on
// the same adapter and the model re-lists expanded nodes and re-sets watches.
void TstZnodeTreeModel::recoversFromExpiry() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/exp", "/exp/a"}));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/exp").isValid());
    m.setShownNode("/exp/a");
    QSignalSpy stale(&m, &ZnodeTreeModel::staleChanged);
    // Expire the session: another handle attaches to it and closes it. The
    // adapter may win its connection back before the close goes out; then
    // try again (bounded).
    for (int attempt = 0; attempt < 5 && a.state() != ClientAdapter::State::Expired; ++attempt) {
        client::ClientOptions ko;
        ko.connectString = s->connectString();
        ko.sessionTimeout = 20s;
        ko.resume = a.sessionCredentials();
        std::string err;
        auto killer = client::Client::connect(ko, {}, &err);
        QVERIFY2(killer, err.c_str());
        if (QTest::qWaitFor([&] { return killer->state() == client::SessionState::Connected; }, 10000))
            killer->close();
        killer.reset();
        (void)QTest::qWaitFor([&] { return a.state() == ClientAdapter::State::Expired; }, 5000);
    }
    QTRY_COMPARE_WITH_TIMEOUT(a.state(), ClientAdapter::State::Expired, kWaitMs);
    QVERIFY(m.isStale());
    QCOMPARE(childNames(m, m.indexOf("/exp")), QStringList{"a"});  // kept
    QVERIFY(createAll(*o, {"/exp/b"}));
    // What the app does after expiry: a new session on the same adapter.
    const qint64 oldSession = a.sessionId();
    client::ClientOptions no;
    no.connectString = s->connectString();
    no.sessionTimeout = 20s;
    QString err;
    QVERIFY2(a.open(no, &err), qPrintable(err));
    QTRY_VERIFY_WITH_TIMEOUT(a.isConnected(), kWaitMs);
    QVERIFY(a.sessionId() != oldSession);
    QTRY_VERIFY(!m.isStale());
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/exp")), (QStringList{"a", "b"}), kWaitMs);
    // Watches are set again on the new session: live changes show.
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), QStringList{"/exp/a"}, kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 3LL, kWaitMs);  // + "/" and /exp child watches
    QVERIFY(call<client::Empty>([&](auto cb) { o->remove("/exp/b", -1, cb); }).ok());
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/exp")), QStringList{"a"}, kWaitMs);
}

// QTreeView::expand() calls fetchMore() and then emits expanded() (the
// owner's setExpanded(true)): that must be ONE getChildren2, with the watch,
// not an unwatched listing followed by a watched one. No tester here: it
// fetches every level on its own, which is not the sequence under test.
void TstZnodeTreeModel::viewExpandListsOnce() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/once", "/once/a", "/once/b"}));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QVERIFY(expand(m, "/").isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m.indexOf("/once").isValid(), kWaitMs);
    const QModelIndex once = m.indexOf("/once");
    QVERIFY(m.canFetchMore(once));
    QSignalSpy listed(&m, &ZnodeTreeModel::listed);
    m.fetchMore(once);
    QVERIFY(!m.canFetchMore(once));  // queued: a second fetchMore adds nothing
    m.setExpanded(once, true);
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/once")), (QStringList{"a", "b"}), kWaitMs);
    // A round trip after it (results reach the GUI thread in order): a second
    // listing sent before would be back by now.
    bool roundTrip = false;
    a.exists("/", false, [&](client::Result<std::optional<proto::Stat>> r) { roundTrip = r.ok(); });
    QTRY_VERIFY_WITH_TIMEOUT(roundTrip, kWaitMs);
    QCOMPARE(listed.count(), 1);
    QCOMPARE(listed.at(0).at(0).toString(), QStringLiteral("/once"));
    // ...and it left the child watch: a change by another client shows.
    QVERIFY(createAll(*o, {"/once/c"}));
    QTRY_COMPARE_WITH_TIMEOUT(childNames(m, m.indexOf("/once")), (QStringList{"a", "b", "c"}), kWaitMs);
    // Child watches: "/" and /once, nothing else (the other client holds none).
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 2LL, kWaitMs);
    m.setExpanded(m.indexOf("/once"), false);
}

void TstZnodeTreeModel::twoHundredThousandChildren() {
    constexpr int kChildren = 200000;
    constexpr int kBatch = 1000;
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QVERIFY(createAll(*o, {"/huge"}));
    std::atomic<int> pending{kChildren / kBatch}, failed{0};
    std::promise<void> allDone;
    for (int b = 0; b < kChildren / kBatch; ++b) {
        std::vector<client::Op> ops;
        ops.reserve(kBatch);
        for (int i = 0; i < kBatch; ++i)
            ops.push_back(client::Op::makeCreate("/huge/n" + std::to_string(b * kBatch + i), std::to_string(i % 7)));
        o->multi(ops, [&](client::Result<std::vector<client::OpResult>> r) {
            if (!r.ok()) ++failed;
            if (--pending == 0) allDone.set_value();
        });
    }
    QVERIFY(allDone.get_future().wait_for(240s) == std::future_status::ready);
    QCOMPARE(failed.load(), 0);

    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QVERIFY(expand(m, "/").isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m.indexOf("/huge").isValid() && m.levelStatsLoaded(m.index(0, 0)), kWaitMs);
    o.reset();  // its pings would count
    const long long before = packetsReceived(s->port());
    QVERIFY(before >= 0);
    m.setExpanded(m.indexOf("/huge"), true);
    QTRY_VERIFY_WITH_TIMEOUT(m.isListed(m.indexOf("/huge")), 60000);
    const long long after = packetsReceived(s->port());
    const QModelIndex huge = m.indexOf("/huge");
    QCOMPARE(m.rowCount(huge), kChildren);
    // One getChildren2 (plus a ping or two); no stats for a level this big.
    QVERIFY2(after - before >= 1 && after - before <= 3, qPrintable(QString::number(after - before)));
    QVERIFY(!m.levelStatsLoaded(huge));
    QCOMPARE(childNames(m, huge, 3), (QStringList{"n0", "n1", "n10"}));
    // Sorting by a stat before the level's stats are in keeps name order.
    m.sort(ZnodeTreeModel::DataLengthColumn, Qt::DescendingOrder);
    QCOMPARE(childNames(m, m.indexOf("/huge"), 2), (QStringList{"n99999", "n99998"}));
    m.sort(ZnodeTreeModel::NameColumn, Qt::AscendingOrder);
    // The rows on screen get their stats in one pipelined batch.
    const long long rowsBefore = packetsReceived(s->port());
    m.fetchStats(m.indexOf("/huge"), 100, 149);
    QTRY_VERIFY_WITH_TIMEOUT(m.data(m.index(149, 0, m.indexOf("/huge")), ZnodeTreeModel::StatLoadedRole).toBool(),
                             kWaitMs);
    const long long rowsAfter = packetsReceived(s->port());
    QVERIFY2(rowsAfter - rowsBefore >= 50 && rowsAfter - rowsBefore <= 53,
             qPrintable(QString::number(rowsAfter - rowsBefore)));
    QVERIFY(m.data(m.index(100, 0, m.indexOf("/huge")), ZnodeTreeModel::StatLoadedRole).toBool());
    QVERIFY(!m.data(m.index(99, 0, m.indexOf("/huge")), ZnodeTreeModel::StatLoadedRole).toBool());
    QVERIFY(!m.data(m.index(150, 0, m.indexOf("/huge")), ZnodeTreeModel::StatLoadedRole).toBool());
    // Everything, explicitly, with progress.
    QSignalSpy progress(&m, &ZnodeTreeModel::statsProgress);
    QSignalSpy loaded(&m, &ZnodeTreeModel::levelStatsComplete);
    m.loadAllStats(m.indexOf("/huge"));
    QTRY_VERIFY_WITH_TIMEOUT(m.levelStatsLoaded(m.indexOf("/huge")), 120000);
    QTRY_VERIFY(loaded.size() >= 1);
    QVERIFY(progress.size() >= kChildren / ZnodeTreeModel::kStatsBatch);
    int last = -1;
    for (const auto& p : progress) {
        QVERIFY(p.at(1).toInt() >= last);
        last = p.at(1).toInt();
        QCOMPARE(p.at(2).toInt(), kChildren);
    }
    // Now stat sorting applies: data lengths 1 ("0".."6"), version 0: by
    // length then name; descending puts the longest names of the same
    // length last... all lengths equal, so name order decides.
    m.sort(ZnodeTreeModel::DataLengthColumn, Qt::AscendingOrder);
    QCOMPARE(childNames(m, m.indexOf("/huge"), 2), (QStringList{"n0", "n1"}));
    // No child watch beyond the expanded path.
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 2LL, kWaitMs);  // "/" and /huge: child watches
    // Clean up so the other cases' trees stay small.
    m.setExpanded(m.indexOf("/huge"), false);
}


// Rows on screen hold a data watch (and only they, plus the shown node), so
// another client's change to one shows without a refresh; scrolled-away rows
// lose theirs.
void TstZnodeTreeModel::rowsOnScreenAreWatched() {
    TestServer* s = server();
    auto o = other(s);
    QVERIFY(o);
    QStringList paths{"/rows"};
    for (int i = 0; i < 30; ++i) paths << QStringLiteral("/rows/r%1").arg(i, 2, 10, QLatin1Char('0'));
    QVERIFY(createAll(*o, paths));
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    ZnodeTreeModel m(&a);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/rows").isValid());
    auto expected = [](int from, int to) {
        QStringList out;
        for (int i = from; i <= to; ++i) out << QStringLiteral("/rows/r%1").arg(i, 2, 10, QLatin1Char('0'));
        return out;
    };
    auto version = [&](const QString& path) {
        const QModelIndex i = m.indexOf(path);
        return i.isValid() ? m.index(i.row(), ZnodeTreeModel::VersionColumn, i.parent()).data().toString() : QString();
    };
    auto setData = [&](const char* path, const char* data) {
        return call<proto::Stat>([&](auto cb) { o->setData(path, data, -1, cb); }).ok();
    };
    const QModelIndex rows = m.indexOf("/rows");
    m.setRowsOnScreen({{rows, 0, 9}});
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), expected(0, 9), kWaitMs);
    QCOMPARE(m.rowWatchCount(), 10);
    // Child watches on "/" and /rows, data watches on the ten rows.
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 12LL, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(m.data(m.indexOf("/rows/r03"), ZnodeTreeModel::StatLoadedRole).toBool(), kWaitMs);
    QCOMPARE(version("/rows/r03"), QStringLiteral("0"));
    // Another client changes a row on screen: it shows, twice (re-armed).
    QVERIFY(setData("/rows/r03", "one"));
    QTRY_COMPARE_WITH_TIMEOUT(version("/rows/r03"), QStringLiteral("1"), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), expected(0, 9), kWaitMs);
    QVERIFY(setData("/rows/r03", "two"));
    QTRY_COMPARE_WITH_TIMEOUT(version("/rows/r03"), QStringLiteral("2"), kWaitMs);
    // Scrolled: the old rows' watches go, the new rows get theirs.
    m.setRowsOnScreen({{rows, 20, 24}});
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), expected(20, 24), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(watchCount(s->port()), 7LL, kWaitMs);
    QCOMPARE(m.rowWatchCount(), 5);
    // A change off screen is not followed; one on screen after it is (so the
    // first one's event, had there been a watch, would have arrived by then).
    QVERIFY(setData("/rows/r05", "off"));
    QVERIFY(setData("/rows/r21", "on"));
    QTRY_COMPARE_WITH_TIMEOUT(version("/rows/r21"), QStringLiteral("1"), kWaitMs);
    QCOMPARE(version("/rows/r05"), QStringLiteral("0"));
    // The shown node keeps its watch when its row scrolls away.
    m.setShownNode("/rows/r20");
    m.setRowsOnScreen({{rows, 0, 1}});
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), (expected(0, 1) << "/rows/r20"), kWaitMs);
    // A row on screen deleted by the other client: row and watch go.
    QVERIFY(call<client::Empty>([&](auto cb) { o->remove("/rows/r00", -1, cb); }).ok());
    QTRY_VERIFY_WITH_TIMEOUT(!m.indexOf("/rows/r00").isValid(), kWaitMs);
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), (QStringList{"/rows/r01", "/rows/r20"}), kWaitMs);
    // Nothing on screen: only the shown node's watch is left of the data watches.
    m.setRowsOnScreen({});
    QTRY_COMPARE_WITH_TIMEOUT(watchedPaths(s->port(), a.sessionId()), QStringList{"/rows/r20"}, kWaitMs);
    QCOMPARE(m.rowWatchCount(), 0);
}

// Each kind of node has its flag and its own icon. Container and TTL are
// known for nodes created through this adapter, whose creates a
// CreateModeCache records (the servers report them like persistent nodes).
void TstZnodeTreeModel::kindsAndIcons() {
    TestServer* s = server();
    ClientAdapter a;
    QVERIFY(openAdapter(a, s->connectString()));
    CreateModeCache modes(&a);
    auto create = [&](const QString& path, proto::CreateMode mode, QString* actual = nullptr) {
        client::CreateOptions co;
        co.mode = mode;
        if (mode == proto::CreateMode::PersistentWithTTL) co.ttlMs = 3600000;
        bool done = false, ok = false;
        a.create(path, "x", co, [&](client::Result<client::Created> r) {
            ok = r.ok();
            if (ok && actual) *actual = QString::fromStdString(r.value.path);
            if (!ok) qWarning("create %s: %s", qPrintable(path), r.message.c_str());
            done = true;
        });
        return QTest::qWaitFor([&] { return done; }, kWaitMs) && ok;
    };
    QString seq;
    QVERIFY(create("/kinds", proto::CreateMode::Persistent));
    QVERIFY(create("/kinds/plain", proto::CreateMode::Persistent));
    QVERIFY(create("/kinds/eph", proto::CreateMode::Ephemeral));
    QVERIFY(create("/kinds/seq-", proto::CreateMode::PersistentSequential, &seq));
    QVERIFY(create("/kinds/box", proto::CreateMode::Container));
    QVERIFY(create("/kinds/box/child", proto::CreateMode::Persistent));  // keeps the container alive
    QVERIFY(create("/kinds/ttl", proto::CreateMode::PersistentWithTTL));
    ZnodeTreeModel m(&a);
    m.setCreateModes(&modes);
    QAbstractItemModelTester tester(&m, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(expand(m, "/kinds").isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m.levelStatsLoaded(m.indexOf("/kinds")), kWaitMs);
    const QList<QPair<QString, int>> rows = {
        {"/kinds/plain", ZnodeTreeModel::Persistent},
        {"/kinds/eph", ZnodeTreeModel::Ephemeral},
        {seq, ZnodeTreeModel::Sequential},
        {"/kinds/box", ZnodeTreeModel::Container},
        {"/kinds/ttl", ZnodeTreeModel::Ttl},
    };
    QSet<qint64> icons;
    for (const auto& [path, kind] : rows) {
        const QModelIndex i = m.indexOf(path);
        QVERIFY2(i.isValid(), qPrintable(path));
        QCOMPARE(m.data(i, ZnodeTreeModel::KindRole).toInt(), kind);
        const QIcon icon = m.data(i, Qt::DecorationRole).value<QIcon>();
        QVERIFY2(!icon.isNull(), qPrintable(path));
        icons.insert(icon.cacheKey());
    }
    QCOMPARE(icons.size(), rows.size());  // five kinds, five different icons
    // A model on another adapter (another session) cannot tell container/TTL.
    ClientAdapter b;
    QVERIFY(openAdapter(b, s->connectString()));
    CreateModeCache otherModes(&b);
    ZnodeTreeModel m2(&b);
    m2.setCreateModes(&otherModes);
    QVERIFY(expand(m2, "/kinds").isValid());
    QTRY_VERIFY_WITH_TIMEOUT(m2.levelStatsLoaded(m2.indexOf("/kinds")), kWaitMs);
    QCOMPARE(m2.data(m2.indexOf("/kinds/box"), ZnodeTreeModel::KindRole).toInt(), int(ZnodeTreeModel::Persistent));
    QCOMPARE(m2.data(m2.indexOf("/kinds/ttl"), ZnodeTreeModel::KindRole).toInt(), int(ZnodeTreeModel::Persistent));
}

QTEST_MAIN(TstZnodeTreeModel)
#include "tst_znode_tree_model.moc"
