// The group commit's sync runs on its own thread (server/log_syncer.h); the
// network thread keeps answering while it runs. These tests hold a sync in
// the middle (FaultInjectionEnv::pauseSyncs) and look at the server from a
// second client meanwhile: a read is answered, and it never reveals a
// transaction the sync has not made durable - checked the hard way, by a
// crash that drops the unsynced tail and a recovery that must agree with what
// the read saw. The whole engine runs (sockets, network thread, log syncer)
// on the FaultInjectionEnv; the clients are the ZooKeeper C client.
#include <QTemporaryDir>
#include <QtTest>

#ifndef THREADED
#define THREADED
#endif
#include <zookeeper/zookeeper.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "env/fault_injection_env.h"
#include "server/server_on_env.h"
#include "storage/storage.h"

using namespace zooscope;
using namespace std::chrono_literals;

namespace {

constexpr int64_t kWaitMs = 20000;

// One C-client session, connected before the constructor returns (or not:
// connected() says).
class Client {
public:
    explicit Client(uint16_t port) {
        zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
        const std::string host = "127.0.0.1:" + std::to_string(port);
        zh_ = zookeeper_init(host.c_str(), &Client::watcher, 10000, nullptr, this, 0);
        std::unique_lock lk(mu_);
        cv_.wait_for(lk, std::chrono::milliseconds(kWaitMs), [this] { return connected_; });
    }
    ~Client() {
        if (zh_) zookeeper_close(zh_);
    }
    bool connected() {
        std::lock_guard lk(mu_);
        return connected_;
    }
    zhandle_t* zh() { return zh_; }

    // getData; "" with rc != ZOK when it fails.
    int get(const char* path, std::string* value, bool watch = false) {
        char buf[256];
        int len = sizeof buf;
        struct Stat st;
        const int rc = zoo_get(zh_, path, watch ? 1 : 0, buf, &len, &st);
        value->assign(rc == ZOK && len > 0 ? std::string(buf, size_t(len)) : std::string());
        return rc;
    }
    // Data-changed events seen by the watch of get(..., true).
    int dataEvents() {
        std::lock_guard lk(mu_);
        return dataEvents_;
    }
    bool waitDataEvent(int atLeast) {
        std::unique_lock lk(mu_);
        return cv_.wait_for(lk, std::chrono::milliseconds(kWaitMs), [&] { return dataEvents_ >= atLeast; });
    }

private:
    static void watcher(zhandle_t*, int type, int state, const char*, void* ctx) {
        auto* self = static_cast<Client*>(ctx);
        std::lock_guard lk(self->mu_);
        if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) self->connected_ = true;
        if (type == ZOO_CHANGED_EVENT) ++self->dataEvents_;
        self->cv_.notify_all();
    }

    zhandle_t* zh_ = nullptr;
    std::mutex mu_;
    std::condition_variable cv_;
    bool connected_ = false;
    int dataEvents_ = 0;
};

// The result of one asynchronous call: unset until its completion ran.
struct Pending {
    std::mutex mu;
    std::condition_variable cv;
    bool done = false;
    int rc = 0;

    void complete(int r) {
        std::lock_guard lk(mu);
        done = true;
        rc = r;
        cv.notify_all();
    }
    bool isDone() {
        std::lock_guard lk(mu);
        return done;
    }
    bool wait() {
        std::unique_lock lk(mu);
        return cv.wait_for(lk, std::chrono::milliseconds(kWaitMs), [this] { return done; });
    }
    static void onStat(int rc, const struct Stat*, const void* data) {
        static_cast<Pending*>(const_cast<void*>(data))->complete(rc);
    }
    static void onString(int rc, const char*, const void* data) {
        static_cast<Pending*>(const_cast<void*>(data))->complete(rc);
    }
};

ServerConfig configFor(const QTemporaryDir& dir) {
    ServerConfig c;
    c.dataDir = dir.path().toStdString();
    c.clientPort = 0;
    return c;
}

// The tree a fresh recovery of `dir` finds (nullptr + a test failure message
// when it cannot open it).
std::unique_ptr<tree::DataTree> recover(std::shared_ptr<Env> env, const QTemporaryDir& dir, std::string* error) {
    storage::StorageOptions opts;
    opts.snapDir = dir.path().toStdString();
    storage::RecoveredState st;
    std::unique_ptr<storage::Storage> sto;
    if (auto s = storage::Storage::open(std::move(env), opts, &st, &sto); !s) {
        *error = s.toString();
        return nullptr;
    }
    return std::move(st.tree);
}

std::string dataOf(const tree::DataTree& t, const std::string& path) {
    const tree::Node* n = t.find(path);
    return n ? std::string(n->data()) : std::string("<none>");
}

// A server on a FaultInjectionEnv whose /x holds "v1", a writer and a reader
// session, syncs held from then on, and the writer's set of /x to "v2" on
// its way into the held sync.
struct HeldSync {
    QTemporaryDir dir;
    std::shared_ptr<FaultInjectionEnv> env = std::make_shared<FaultInjectionEnv>(Env::system());
    std::unique_ptr<Server> server;
    Pending set;  // outlives the clients, whose close completes what is outstanding
    std::unique_ptr<Client> writer, reader;

    // "" once the set is sent, else what went wrong.
    std::string start() {
        std::string error;
        server = server::startOnEnv(env, configFor(dir), &error);
        if (!server) return error;
        writer = std::make_unique<Client>(server->port());
        reader = std::make_unique<Client>(server->port());
        if (!writer->connected() || !reader->connected()) return "a client did not connect";
        if (zoo_create(writer->zh(), "/x", "v1", 2, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0) != ZOK) return "create /x failed";
        env->pauseSyncs();
        if (zoo_aset(writer->zh(), "/x", "v2", 2, -1, &Pending::onStat, &set) != ZOK) return "set /x refused";
        return {};
    }
};

}  // namespace

class TstReadDuringSync : public QObject {
    Q_OBJECT
private slots:
    // A read during a sync sees the state before the batch being synced; the
    // crash drops that batch, and recovery agrees with the read.
    void readDuringSyncNeverSeesWhatACrashLoses() {
        HeldSync h;
        const std::string why = h.start();
        QVERIFY2(why.empty(), why.c_str());
        Pending create;
        QCOMPARE(zoo_acreate(h.writer->zh(), "/y", "new", 3, &ZOO_OPEN_ACL_UNSAFE, 0, &Pending::onString, &create),
                 int(ZOK));
        QVERIFY2(h.env->waitForHeldSync(kWaitMs), "the writes never reached a sync");

        // The sync is held; the network thread still answers reads, from the
        // state the disk already has.
        std::string value;
        QCOMPARE(h.reader->get("/x", &value), int(ZOK));
        QCOMPARE(QString::fromStdString(value), QStringLiteral("v1"));
        QCOMPARE(zoo_exists(h.reader->zh(), "/y", 0, nullptr), int(ZNONODE));
        QVERIFY(!h.set.isDone());
        QVERIFY(!create.isDone());

        // Power loss during the sync: the batch is gone. The held sync fails,
        // and the server stops without acknowledging it.
        QVERIFY(h.env->simulateCrash(FaultInjectionEnv::CrashMode::DropUnsynced));
        h.env->resumeSyncs();
        QVERIFY(h.set.wait());
        QVERIFY(create.wait());
        QVERIFY2(h.set.rc != ZOK, "a write acknowledged although its sync failed");
        QVERIFY2(create.rc != ZOK, "a create acknowledged although its sync failed");
        QTRY_VERIFY_WITH_TIMEOUT(h.server->failed(), kWaitMs);
        h.server.reset();

        std::string error;
        auto tree = recover(h.env, h.dir, &error);
        QVERIFY2(tree, error.c_str());
        QCOMPARE(QString::fromStdString(dataOf(*tree, "/x")), QStringLiteral("v1"));
        QVERIFY(!tree->find("/y"));
    }

    // The same held sync, released: the write is answered only after it, the
    // reader's watch fires, and the new value is what the reader and a
    // restarted server see.
    void writeBecomesVisibleOnlyAfterItsSync() {
        HeldSync h;
        const std::string why = h.start();
        QVERIFY2(why.empty(), why.c_str());
        QVERIFY(h.env->waitForHeldSync(kWaitMs));
        std::string value;
        QCOMPARE(h.reader->get("/x", &value, true), int(ZOK));
        QCOMPARE(QString::fromStdString(value), QStringLiteral("v1"));
        // A sync from the reader waits for the write before it (it is
        // ordered with writes), so a read after it sees that write.
        Pending sync;
        QCOMPARE(zoo_async(h.reader->zh(), "/x", &Pending::onString, &sync), int(ZOK));
        QTest::qWait(200);
        QVERIFY(!h.set.isDone());
        QVERIFY(!sync.isDone());
        QCOMPARE(h.reader->dataEvents(), 0);

        h.env->resumeSyncs();
        QVERIFY(h.set.wait());
        QCOMPARE(h.set.rc, int(ZOK));
        QVERIFY(sync.wait());
        QCOMPARE(sync.rc, int(ZOK));
        QVERIFY(h.reader->waitDataEvent(1));
        QCOMPARE(h.reader->get("/x", &value), int(ZOK));
        QCOMPARE(QString::fromStdString(value), QStringLiteral("v2"));

        h.writer.reset();
        h.reader.reset();
        h.server.reset();
        std::string error;
        h.server = server::startOnEnv(h.env, configFor(h.dir), &error);
        QVERIFY2(h.server, error.c_str());
        Client again(h.server->port());
        QVERIFY(again.connected());
        QCOMPARE(again.get("/x", &value), int(ZOK));
        QCOMPARE(QString::fromStdString(value), QStringLiteral("v2"));
    }
};

QTEST_GUILESS_MAIN(TstReadDuringSync)
#include "tst_read_during_sync.moc"
