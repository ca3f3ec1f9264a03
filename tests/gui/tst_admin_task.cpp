// AdminTask and AdminResultModel on both servers: operations run off the GUI
// thread, every signal arrives on it, cancel works, and the result model
// passes QAbstractItemModelTester.
#include <QAbstractItemModelTester>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTranslator>
#include <QtTest>

#include <future>
#include <map>

#include "marking_translator.h"
#include "models/admin_result_model.h"
#include "session/admin_task.h"
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


admin::NodeRecord record(std::string path, std::string data, proto::ACLList acl = proto::openAclUnsafe()) {
    admin::NodeRecord n;
    n.path = std::move(path);
    n.data = std::move(data);
    n.acl = std::move(acl);
    return n;
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
    void comparisonDetailsAreWordedByTheUi();
    void previewNotesAreWordedByTheUi();
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

// The detail column is built from the numbers and modes a Difference carries,
// through AdminResultModel's tr(); core's English detail is not shown.
void TstAdminTask::comparisonDetailsAreWordedByTheUi() {
    admin::Snapshot left, right;
    left.root = "/l";
    right.root = "/r";
    left.nodes = {record("/l", "123456789"), record("/l/acl", "a", {{proto::perms::kRead, {"world", "anyone"}}}),
                  record("/l/gone", "xy"), record("/l/null", ""), record("/l/one", "1"), record("/l/same", "abc"),
                  record("/l/ttl", "")};
    left.nodes[3].isNull = true;
    left.nodes[6].mode = admin::NodeMode::Ttl;
    left.nodes[6].ttlMs = 5000;
    right.nodes = {record("/r", "123456789012"), record("/r/acl", "a"), record("/r/new", ""),
                   record("/r/null", ""), record("/r/one", "12"), record("/r/same", "abd"), record("/r/ttl", "")};
    const admin::CompareResult result = admin::compareSnapshots(left, right);

    zooscope::testing::MarkingTranslator marks("zooscope::ui::AdminResultModel");
    QVERIFY(QCoreApplication::installTranslator(&marks));
    const auto uninstall = qScopeGuard([&marks] { QCoreApplication::removeTranslator(&marks); });
    AdminResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.showComparison(result);
    const auto t = [](const char* s) { return AdminResultModel::tr(s); };
    const auto vs = [&t](const QString& a, const QString& b) { return t("%1 vs %2").arg(a, b); };
    const QMap<QString, QString> want{
        {"/", vs(t("%1 bytes").arg(9), t("%1 bytes").arg(12))},
        {"/acl", vs("world:anyone:r", "world:anyone:cdrwa")},
        {"/gone", t("%1 bytes").arg(2)},
        {"/new", t("empty")},
        {"/null", vs(t("null"), t("empty"))},
        {"/one", vs(t("1 byte"), t("%1 bytes").arg(2))},
        {"/same", t("Same length, different bytes")},
        {"/ttl", vs(t("TTL (%1 ms)").arg(5000), t("persistent"))},
    };
    QCOMPARE(model.rowCount(), int(want.size()));
    QCOMPARE(int(result.differences.size()), int(want.size()));
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString path = model.index(r, AdminResultModel::PathColumn).data().toString();
        const QString detail = model.index(r, AdminResultModel::DetailColumn).data().toString();
        QVERIFY2(want.contains(path), qPrintable(path));
        QCOMPARE(detail, want.value(path));
        QVERIFY2(detail.startsWith(QChar(0xab)), qPrintable(detail));  // went through tr()
        QCOMPARE(detail, AdminResultModel::differenceDetail(result.differences[size_t(r)]));
        // Not core's English summary.
        QVERIFY2(detail != QString::fromStdString(result.differences[size_t(r)].detail), qPrintable(detail));
    }
    // Without a catalogue the English source reads as core's summary did.
    QCoreApplication::removeTranslator(&marks);
    QCOMPARE(AdminResultModel::differenceDetail(result.differences[0]), QString("9 bytes vs 12 bytes"));
}

// Preview notes (Skip / Conflict / remarks) are worded from ImportItem's
// codes and modes, not copied from core's English note.
void TstAdminTask::previewNotesAreWordedByTheUi() {
    admin::ImportPreview pv;
    pv.sourceRoot = "/s";
    pv.target = "/t";
    const auto item = [&pv](std::string path, admin::ImportAction action, admin::ImportNote note) -> admin::ImportItem& {
        admin::ImportItem i;
        i.index = pv.items.size();
        i.targetPath = std::move(path);
        i.action = action;
        i.noteKind = note;
        i.note = note == admin::ImportNote::None ? "" : "core's English note";
        pv.items.push_back(i);
        return pv.items.back();
    };
    using A = admin::ImportAction;
    using N = admin::ImportNote;
    item("/t/eph", A::Skip, N::EphemeralInFile).fileMode = admin::NodeMode::Ephemeral;
    item("/t/locked", A::Conflict, N::TargetUnreadable).targetErr = proto::Err::NoAuth;
    item("/t/e/child", A::Conflict, N::ParentEphemeral);
    item("/t/c", A::Unchanged, N::ModeUnreadable).fileMode = admin::NodeMode::Container;
    auto& mism = item("/t/m", A::Conflict, N::ModeMismatch);
    mism.targetMode = admin::NodeMode::Ephemeral;
    mism.fileMode = admin::NodeMode::Ttl;
    mism.fileTtlMs = 60000;
    item("/t/n", A::Conflict, N::NullOverData);
    auto& upd = item("/t/u", A::Update, N::ModeUnreadable);
    upd.fileMode = admin::NodeMode::Container;
    upd.dataDiffers = true;
    item("/t/plain", A::Create, N::None);

    zooscope::testing::MarkingTranslator marks("zooscope::ui::AdminResultModel");
    QVERIFY(QCoreApplication::installTranslator(&marks));
    const auto uninstall = qScopeGuard([&marks] { QCoreApplication::removeTranslator(&marks); });
    AdminResultModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.showPreview(pv);
    const auto t = [](const char* s) { return AdminResultModel::tr(s); };
    const QString unreadable =
        t("The file says %1, but the target's mode cannot be read (containers and TTL nodes read as persistent); it is "
          "left as it is.")
            .arg(t("container"));
    const QStringList want{
        t("Ephemeral node: it belongs to a session on the source and is not imported."),
        t("Cannot read the target: %1")
            .arg(t("Not allowed: the node's ACL does not grant this session the permission this step needs.")),
        t("Its parent %1 is ephemeral at the target and cannot have children.").arg("/t/e"),
        unreadable,
        t("The target exists as a %1 node; the file says %2. A node's mode cannot be changed in place.")
            .arg(t("ephemeral"), t("TTL (%1 ms)").arg(60000)),
        t("The file holds null data, but an existing node cannot be set to null; delete the target node to import "
          "it."),
        t("Differs: %1").arg(t("data")) + ' ' + unreadable,
        QString(),
    };
    QCOMPARE(model.rowCount(), int(want.size()));
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString detail = model.index(r, AdminResultModel::DetailColumn).data().toString();
        QCOMPARE(detail, want[r]);
        QVERIFY2(!detail.contains("core's English note"), qPrintable(detail));
    }
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
