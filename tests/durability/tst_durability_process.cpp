// The engine as a real process, killed with SIGKILL under write load and
// restarted on the same dataDir: every write a client saw acknowledged must
// be there after recovery. The load generator records each acknowledged
// create (path, version, data hash); verifyRecord reads them all back.
//
// kill -9 alone cannot lose fsync'd data (the page cache survives it), so this
// test proves the recovery path end to end; the fault-injecting Env in
// tst_storage_crash proves that only synced bytes are ever acknowledged.
#include <QtTest>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "loadgen.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::testing;
namespace fs = std::filesystem;

namespace {

size_t countLines(const std::string& path) {
    std::ifstream in(path);
    size_t n = 0;
    std::string line;
    while (std::getline(in, line)) ++n;
    return n;
}

bench::Options createLoad(const TestServer& server, const std::string& record, uint64_t ops) {
    bench::Options o;
    o.connect = server.connectString();
    o.sessions = 4;
    o.window = 64;
    o.mix = {100, 0, 0, 0};
    o.valueSize = 32;
    o.totalOps = ops;
    o.root = "/durable";
    o.recordPath = record;
    o.sessionTimeoutMs = 10000;
    o.connectTimeoutMs = 10000;
    o.seed = 42;
    return o;
}

bench::VerifyReport verify(const TestServer& server, const std::string& record) {
    bench::Options o;
    o.connect = server.connectString();
    o.verifyPath = record;
    o.connectTimeoutMs = 15000;
    return bench::verifyRecord(o);
}

// Every acknowledged write in `record` is on the server, none stale or torn.
void expectAllAcknowledged(const TestServer& server, const std::string& record, size_t acked) {
    auto v = verify(server, record);
    QVERIFY2(v.ok, (v.error + " " + (v.examples.empty() ? "" : v.examples.front())).c_str());
    QCOMPARE(v.missing, uint64_t(0));
    QCOMPARE(v.stale, uint64_t(0));
    QCOMPARE(v.corrupt, uint64_t(0));
    QCOMPARE(v.paths, uint64_t(acked));
}

std::unique_ptr<TestServer> startDurableEngine(int snapCount) {
    EngineOptions opts;
    opts.mode = EngineOptions::Mode::Process;
    opts.config.snapCount = snapCount;
    std::string err;
    auto s = startEngine(opts, &err);
    if (!s) qWarning("%s", err.c_str());
    return s;
}

}  // namespace

class TstDurabilityProcess : public QObject {
    Q_OBJECT
private slots:
    // 50,000 acknowledged creates, kill -9, restart: all of them are there.
    void killAfterLoad() {
        auto server = startDurableEngine(1000000);  // no snapshot: recovery from the log alone
        QVERIFY(server);
        QTemporaryDir dir;
        const std::string record = dir.filePath("acked.txt").toStdString();
        auto report = bench::runLoad(createLoad(*server, record, 50000));
        QVERIFY2(report.setupOk, report.setupError.c_str());
        QCOMPARE(report.errors(), uint64_t(0));
        // 50,000 creates plus the few parents the load generator makes first.
        const size_t acked = countLines(record);
        QVERIFY(acked >= 50000);

        QVERIFY(server->kill9());
        std::string err;
        QVERIFY2(server->restart(&err), err.c_str());
        expectAllAcknowledged(*server, record, acked);
    }

    // kill -9 while writes are in flight: whatever was acknowledged survives
    // (writes in flight may or may not; none may be half there).
    void killDuringLoad() {
        auto server = startDurableEngine(1000000);
        QVERIFY(server);
        QTemporaryDir dir;
        const std::string record = dir.filePath("acked.txt").toStdString();
        std::atomic<bool> done{false};
        std::thread load([&] {
            bench::runLoad(createLoad(*server, record, 200000));
            done = true;
        });
        // Kill once a good share is acknowledged.
        QTRY_VERIFY_WITH_TIMEOUT(countLines(record) >= 20000 || done, 120000);
        QVERIFY(server->kill9());
        load.join();
        const size_t acked = countLines(record);
        QVERIFY(acked >= 20000);

        std::string err;
        QVERIFY2(server->restart(&err), err.c_str());
        expectAllAcknowledged(*server, record, acked);
    }

    // Snapshots taken during the load, then kill -9: recovery starts from the
    // newest snapshot and replays the log tail on top of it.
    void recoverFromSnapshotAndLogTail() {
        auto server = startDurableEngine(8000);
        QVERIFY(server);
        QTemporaryDir dir;
        const std::string record = dir.filePath("acked.txt").toStdString();
        auto report = bench::runLoad(createLoad(*server, record, 50000));
        QVERIFY2(report.setupOk, report.setupError.c_str());
        QCOMPARE(report.errors(), uint64_t(0));
        const size_t acked = countLines(record);
        QVERIFY(acked >= 50000);

        int snapshots = 0;
        for (const auto& e : fs::directory_iterator(server->dataDir())) {
            const auto name = e.path().filename().string();
            if (name.rfind("snapshot.", 0) == 0 && name.find(".tmp") == std::string::npos) ++snapshots;
        }
        QVERIFY2(snapshots >= 1, "no snapshot was written during 50,000 writes with snapCount=8000");

        QVERIFY(server->kill9());
        std::string err;
        QVERIFY2(server->restart(&err), err.c_str());
        // The restarted server said it started from a snapshot and replayed a tail.
        QVERIFY2(server->logTail(200).find("on snapshot snapshot.") != std::string::npos,
                 server->logTail(20).c_str());
        expectAllAcknowledged(*server, record, acked);
    }
};

QTEST_GUILESS_MAIN(TstDurabilityProcess)
#include "tst_durability_process.moc"
