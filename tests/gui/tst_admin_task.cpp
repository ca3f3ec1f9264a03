// AdminTask and AdminResultModel on both servers: operations run off the GUI
// thread, every signal arrives on it, cancel works, and the result model
// passes QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include <future>
#include <map>

#include "models/admin_task_model.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(std::shared_ptr<const zooscope::admin::DeletePlan>)

namespace {

std::unique_ptr<client::Client> openClient(const std::string& connect, std::string* error) {
    client::ClientOptions o;
    o.connectString = connect;
    auto connected = std::make_shared<std::promise<void>>();
    auto once = std::make_shared<std::once_flag>();
    auto c = client::Client::connect(
        o,
        client::Callbacks{[connected, once](client::SessionState s) {
                              if (s == client::SessionState::Connected)
                                  std::call_once(*once, [&] { connected->set_value(); });
                          },
                          {}},
        error);
    if (c && connected->get_future().wait_for(30s) != std::future_status::ready) {
        *error = "never connected";
        return nullptr;
    }
    return c;
}

// Creates paths in order and waits for the last (FIFO order).
bool createAll(client::Client& c, const std::vector<std::string>& paths, const std::string& data = "d") {
    std::vector<std::future<bool>> fs;
    for (const auto& p : paths) {
        auto pr = std::make_shared<std::promise<bool>>();
        fs.push_back(pr->get_future());
        c.create(p, data, {}, [pr](client::Result<client::Created> r) { pr->set_value(r.ok()); });
    }
    bool ok = true;
    for (auto& f : fs) ok = f.wait_for(30s) == std::future_status::ready && f.get() && ok;
    return ok;
}

std::vector<std::string> tree(const std::string& root, int n) {
    std::vector<std::string> out{root};
    for (int i = 0; i < n; ++i) out.push_back(root + "/c" + std::to_string(i));
    return out;
}

}  // namespace

class TstAdminTask : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void planAndDelete_data() { rows(); }
    void planAndDelete();
    void cancelDelete_data() { rows(); }
    void cancelDelete();
    void exportImportCompare_data() { rows(); }
    void exportImportCompare();
    void badFileAndBusy();
    void taskKeepsClient_data() { rows(); }
    void taskKeepsClient();

private:
    void rows() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    client::Client& c() { return *cp(); }
    std::shared_ptr<client::Client> cp() {
        QFETCH(QString, server);
        return clients_.at(server);
    }
    std::unique_ptr<testing::TestServer> zk_, engine_;
    std::map<QString, std::shared_ptr<client::Client>> clients_;
};

void TstAdminTask::initTestCase() {
    std::string err;
    zk_ = testing::startApacheZooKeeper({}, &err);
    QVERIFY2(zk_, err.c_str());
    engine_ = testing::startEngine({}, &err);
    QVERIFY2(engine_, err.c_str());
    clients_["zookeeper"] = openClient(zk_->connectString(), &err);
    QVERIFY2(clients_["zookeeper"], err.c_str());
    clients_["engine"] = openClient(engine_->connectString(), &err);
    QVERIFY2(clients_["engine"], err.c_str());
}

void TstAdminTask::cleanupTestCase() {
    clients_.clear();
    zk_.reset();
    engine_.reset();
}

void TstAdminTask::planAndDelete() {
    QVERIFY(createAll(c(), tree("/gt", 12)));
    AdminTask task;
    task.control().progressInterval = 0ms;
    QThread* gui = QThread::currentThread();
    bool offThreadSignal = false;
    std::vector<quint64> done;
    connect(&task, &AdminTask::progress, this, [&](admin::Phase, quint64 d, quint64) {
        offThreadSignal |= QThread::currentThread() != gui;
        done.push_back(d);
    });
    std::shared_ptr<const admin::DeletePlan> plan;
    connect(&task, &AdminTask::planReady, this, [&](auto p) {
        offThreadSignal |= QThread::currentThread() != gui;
        plan = p;
    });
    QSignalSpy finished(&task, &AdminTask::finished);
    QVERIFY(task.startPlanDelete(cp(), "/gt"));
    QVERIFY(task.isRunning());
    QVERIFY(finished.wait(30000));
    QVERIFY(!task.isRunning());
    QVERIFY(plan);
    QCOMPARE(plan->count(), uint64_t(13));
    QVERIFY(!done.empty());

    std::shared_ptr<const admin::DeleteReport> report;
    connect(&task, &AdminTask::deleteFinished, this, [&](auto r) { report = r; });
    done.clear();
    QVERIFY(task.startDelete(cp(), plan));
    QVERIFY(finished.wait(30000));
    QVERIFY(report);
    QVERIFY(report->complete());
    QCOMPARE(report->deleted.size(), size_t(13));
    QCOMPARE(done.back(), quint64(13));
    QVERIFY(!offThreadSignal);
}

void TstAdminTask::cancelDelete() {
    QVERIFY(createAll(c(), tree("/gc", 40)));
    AdminTask task;
    task.control().window = 1;
    task.control().progressInterval = 0ms;
    std::shared_ptr<const admin::DeletePlan> plan;
    connect(&task, &AdminTask::planReady, this, [&](auto p) { plan = p; });
    QSignalSpy finished(&task, &AdminTask::finished);
    QVERIFY(task.startPlanDelete(cp(), "/gc"));
    QVERIFY(finished.wait(30000));
    QCOMPARE(plan->count(), uint64_t(41));

    std::shared_ptr<const admin::DeleteReport> report;
    connect(&task, &AdminTask::deleteFinished, this, [&](auto r) { report = r; });
    QVERIFY(task.startDelete(cp(), plan));
    // At once: 41 sequential round trips (window 1) cannot be over by now.
    task.cancel();
    QVERIFY(finished.wait(30000));
    QVERIFY(report);
    QVERIFY(report->cancelled);
    QVERIFY2(report->deleted.size() < 41, qPrintable(QString::number(report->deleted.size())));
    // Clean up without the task.
    const auto rest = admin::planRecursiveDelete(c(), "/gc");
    QCOMPARE(rest.count(), uint64_t(41 - report->deleted.size()));
    QVERIFY(admin::executeRecursiveDelete(c(), rest).complete());
}

void TstAdminTask::exportImportCompare() {
    QVERIFY(createAll(c(), tree("/ge", 3), std::string("\x00\xff bin", 6)));
    AdminTask task;
    QSignalSpy finished(&task, &AdminTask::finished);
    QByteArray file;
    connect(&task, &AdminTask::exportFinished, this, [&](auto snap, QByteArray json) {
        QVERIFY(snap->complete());
        file = json;
    });
    QVERIFY(task.startExport(cp(), "/ge"));
    QVERIFY(finished.wait(30000));
    QVERIFY(file.contains("\"format\": \"zooscope-export\""));

    QString error;
    auto snap = AdminTask::parseExportFile(file, &error);
    QVERIFY2(snap, qPrintable(error));

    std::shared_ptr<const admin::ImportPreview> preview;
    connect(&task, &AdminTask::previewReady, this, [&](auto p) { preview = p; });
    QVERIFY(task.startPreviewImport(cp(), snap, "/ge-copy"));
    QVERIFY(finished.wait(30000));
    QVERIFY(preview);
    AdminResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.showPreview(*preview);
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), 3);
    for (int r = 0; r < 4; ++r) {
        QCOMPARE(model.index(r, AdminResultModel::WhatColumn).data().toString(), AdminResultModel::tr("Create"));
        QCOMPARE(model.index(r, 0).data(AdminResultModel::CodeRole).toInt(), int(admin::ImportAction::Create));
    }
    QCOMPARE(model.index(0, 0).data().toString(), QString("/ge-copy"));

    std::shared_ptr<const admin::ImportReport> report;
    connect(&task, &AdminTask::importFinished, this, [&](auto r) { report = r; });
    QVERIFY(task.startApplyImport(cp(), snap, preview, {}));
    QVERIFY(finished.wait(30000));
    QVERIFY(report && report->complete());
    QCOMPARE(report->created, uint64_t(4));

    std::shared_ptr<const admin::CompareResult> cmp;
    connect(&task, &AdminTask::compareFinished, this, [&](auto r) { cmp = r; });
    QVERIFY(createAll(c(), {"/ge-copy/extra"}));
    QVERIFY(task.startCompare(cp(), "/ge", cp(), "/ge-copy"));
    QVERIFY(finished.wait(30000));
    QVERIFY(cmp);
    model.showComparison(*cmp);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0, 0).data().toString(), QString("/extra"));
    QCOMPARE(model.index(0, 1).data().toString(), AdminResultModel::tr("Only right"));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TstAdminTask::badFileAndBusy() {
    QString error;
    QVERIFY(!AdminTask::parseExportFile("{\"format\":\"zooscope-export\",\"version\":1,\"root\":\"/x\",\"nodes\":[]}", &error));
    QVERIFY2(error.contains("/x"), qPrintable(error));
    AdminTask task;
    task.control().window = 1;
    QVERIFY(createAll(*clients_.at("engine"), tree("/busy", 30)));
    QVERIFY(task.startPlanDelete(clients_.at("engine"), "/busy"));
    QVERIFY(!task.startPlanDelete(clients_.at("engine"), "/busy"));  // one at a time
    // Destroying a running task cancels and joins; no signal reaches a dead object.
}

// The task holds the client for the job's lifetime: the owner may drop its
// reference (ClientAdapter replacing an expired session) while the job runs;
// the task lets go once the result is delivered. A null client is refused.
void TstAdminTask::taskKeepsClient() {
    QFETCH(QString, server);
    const std::string where = server == "zookeeper" ? zk_->connectString() : engine_->connectString();
    std::string err;
    std::shared_ptr<client::Client> own = openClient(where, &err);
    QVERIFY2(own, err.c_str());
    QVERIFY(createAll(*own, tree("/gk", 60)));
    std::weak_ptr<client::Client> watch = own;

    AdminTask task;
    task.control().window = 1;  // 61 round trips: still running when the owner lets go
    std::shared_ptr<const admin::DeletePlan> plan;
    connect(&task, &AdminTask::planReady, this, [&](auto p) { plan = p; });
    QSignalSpy finished(&task, &AdminTask::finished);
    QVERIFY(!task.startPlanDelete(nullptr, "/gk"));
    QVERIFY(!task.isRunning());
    QVERIFY(task.startPlanDelete(own, "/gk"));
    own.reset();
    QVERIFY(!watch.expired());  // the task holds it
    QVERIFY(finished.wait(30000));
    QVERIFY(plan);
    QVERIFY2(plan->ok(), plan->refused.c_str());
    QCOMPARE(plan->count(), uint64_t(61));
    QVERIFY(watch.expired());  // released with the result
    QVERIFY(admin::executeRecursiveDelete(c(), admin::planRecursiveDelete(c(), "/gk")).complete());
}

QTEST_GUILESS_MAIN(TstAdminTask)
#include "tst_admin_task.moc"
