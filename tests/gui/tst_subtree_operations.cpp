// SubtreeOperations, headless (no widget, no dialog), against the in-process
// engine: each operation ends with one finished(summary, ok); questions go to
// the confirmer; refusals (guard, busy, no session, unreadable file) end at
// once and send nothing; progress starts and ends in pairs; export marks the
// modes the CreateModeCache knows; an import is previewed, then applied or
// declined; a comparison across two clusters' operations.
// (End to end through the window, on both servers: tst_admin_window.)
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>
#include <optional>

#include "adapter/client_adapter.h"
#include "models/create_mode_cache.h"
#include "session/admin_task.h"
#include "session/subtree_operations.h"
#include "session/write_guard.h"
#include "test_support.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;
using namespace std::chrono_literals;

namespace {

constexpr int kWaitMs = 30000;

// One cluster's session and operations, as a cluster tab wires them.
struct Cluster {
    ClientAdapter adapter;
    CreateModeCache modes{&adapter};
    WriteGuard guard;
    SubtreeOperations operations;
    QStringList titles, questions;
    bool answer = true;
    int progressOpen = 0, progressStarts = 0;
    QStringList changedParents;

    Cluster(const QString& name, bool guarded)
        : guard(name, guarded), operations(&adapter, &guard, &modes, name) {
        operations.setConfirmer([this](const QString& title, const QString& question) {
            titles << title;
            questions << question;
            return answer;
        });
        QObject::connect(&operations, &SubtreeOperations::progressStarted, &operations, [this] {
            ++progressOpen;
            ++progressStarts;
        });
        QObject::connect(&operations, &SubtreeOperations::progressEnded, &operations, [this] { --progressOpen; });
        QObject::connect(&operations, &SubtreeOperations::parentChanged, &operations,
                         [this](const QString& path) { changedParents << path; });
    }
    bool open(const TestServer& s) {
        client::ClientOptions o;
        o.connectString = s.connectString();
        o.sessionTimeout = 20s;
        QString err;
        return adapter.open(o, &err) && QTest::qWaitFor([&] { return adapter.isConnected(); }, kWaitMs);
    }
    // Runs `start`; the first finished() (summary, ok), or "<not finished>".
    std::pair<QString, bool> run(const std::function<void()>& start) {
        QSignalSpy done(&operations, &SubtreeOperations::finished);
        start();
        if (done.isEmpty() && !done.wait(kWaitMs)) return {QStringLiteral("<not finished>"), false};
        return {done.first().at(0).toString(), done.first().at(1).toBool()};
    }
    bool create(const QString& path, proto::CreateMode mode = proto::CreateMode::Persistent, qint64 ttlMs = 0) {
        client::CreateOptions o;
        o.mode = mode;
        o.ttlMs = ttlMs;
        std::optional<bool> ok;
        adapter.create(path, "d", o, [&](client::Result<client::Created> r) { ok = r.ok() || r.err == proto::Err::NodeExists; });
        return QTest::qWaitFor([&] { return ok.has_value(); }, kWaitMs) && *ok;
    }
    bool exists(const QString& path) {
        std::optional<bool> there;
        adapter.exists(path, false, [&](client::Result<std::optional<proto::Stat>> r) { there = r.ok() && r.value; });
        if (!QTest::qWaitFor([&] { return there.has_value(); }, kWaitMs)) qFatal("exists timed out");
        return *there;
    }
};

}  // namespace

class TstSubtreeOperations : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void deletesNodesAfterOneQuestion();
    void declinedBatchDeleteStartsNothing();
    void deletesRecursivelyWithTheCountInTheQuestion();
    void guardRefusesWritesAtOnce();
    void refusesWhileBusyAndWithoutSession();
    void exportMarksKnownModes();
    void importIsPreviewedThenAppliedOrDeclined();
    void unreadableImportFile();
    void comparesAcrossClusters();

private:
    std::unique_ptr<TestServer> engine_;
    QTemporaryDir dir_;
};

void TstSubtreeOperations::initTestCase() {
    QVERIFY(dir_.isValid());
    std::string err;
    engine_ = startEngine({}, &err);
    QVERIFY2(engine_, err.c_str());
}

void TstSubtreeOperations::cleanupTestCase() { engine_.reset(); }

void TstSubtreeOperations::deletesNodesAfterOneQuestion() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    for (const char* p : {"/bd", "/bd/a", "/bd/b", "/bd/b/child"}) QVERIFY(c.create(p));
    const auto [summary, ok] = c.run([&] { c.operations.deleteNodes({"/bd/a", "/bd/b"}); });
    QCOMPARE(c.questions.size(), 1);
    QCOMPARE(c.titles.first(), QString("Delete 2 nodes"));
    QVERIFY2(c.questions.first().contains("/bd/a\n/bd/b"), qPrintable(c.questions.first()));
    QVERIFY(!ok);
    QVERIFY2(summary.startsWith("Deleted 1 of 2 node(s)."), qPrintable(summary));
    QVERIFY2(summary.contains("/bd/b has children"), qPrintable(summary));
    QVERIFY(!c.exists("/bd/a"));
    QVERIFY(c.exists("/bd/b"));
    QCOMPARE(c.changedParents, QStringList{"/bd"});
    QCOMPARE(c.progressStarts, 0);  // a batch delete shows no progress
}

void TstSubtreeOperations::declinedBatchDeleteStartsNothing() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    QVERIFY(c.create("/keep"));
    c.answer = false;
    QSignalSpy done(&c.operations, &SubtreeOperations::finished);
    c.operations.deleteNodes({"/keep"});
    QCOMPARE(c.questions.size(), 1);
    QCOMPARE(c.titles.first(), QString("Delete node"));
    QVERIFY(!c.operations.isBusy());
    QTest::qWait(300);
    QCOMPARE(done.count(), 0);
    QVERIFY(c.exists("/keep"));
}

void TstSubtreeOperations::deletesRecursivelyWithTheCountInTheQuestion() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    for (const char* p : {"/rd", "/rd/a", "/rd/a/b", "/rd/c"}) QVERIFY(c.create(p));
    // Not confirmed: counted, asked, nothing deleted.
    c.answer = false;
    auto [no, noOk] = c.run([&] { c.operations.deleteRecursive("/rd"); });
    QVERIFY(noOk);
    QVERIFY2(no.contains("not confirmed; nothing was deleted"), qPrintable(no));
    QVERIFY2(c.questions.first().contains("This removes 4 node(s)"), qPrintable(c.questions.first()));
    QCOMPARE(c.titles.first(), QString("Delete 4 node(s) recursively"));
    QVERIFY(c.exists("/rd/a/b"));
    QCOMPARE(c.progressOpen, 0);
    // Confirmed.
    c.answer = true;
    auto [yes, yesOk] = c.run([&] { c.operations.deleteRecursive("/rd"); });
    QVERIFY2(yesOk, qPrintable(yes));
    QCOMPARE(yes, QString("Deleted /rd and everything below it: 4 node(s)."));
    QVERIFY(!c.exists("/rd"));
    QCOMPARE(c.progressOpen, 0);
    QCOMPARE(c.progressStarts, 3);  // counting twice, deleting once
    QVERIFY(c.changedParents.contains("/"));
    // A protected root is refused by the plan, and nothing is asked.
    c.questions.clear();
    auto [refused, refusedOk] = c.run([&] { c.operations.deleteRecursive("/zookeeper"); });
    QVERIFY(!refusedOk);
    QVERIFY2(refused.contains("/zookeeper cannot be deleted recursively"), qPrintable(refused));
    QVERIFY(c.questions.isEmpty());
}

// Deletes and imports are writes: refused at once with the guard's sentence,
// nothing asked, nothing sent. Reading (export, compare) is allowed.
void TstSubtreeOperations::guardRefusesWritesAtOnce() {
    Cluster c("Production EU", true);
    QVERIFY(c.open(*engine_));
    QVERIFY(c.create("/gd"));
    QSignalSpy refusedByGuard(&c.guard, &WriteGuard::refused);
    QSignalSpy done(&c.operations, &SubtreeOperations::finished);
    c.operations.deleteNodes({"/gd"});
    QCOMPARE(done.count(), 1);  // at once
    QVERIFY(!done.at(0).at(1).toBool());
    QCOMPARE(done.at(0).at(0).toString(), c.guard.refusal("delete 1 node(s)"));
    c.operations.deleteRecursive("/gd");
    c.operations.importFile(dir_.filePath("whatever.json"), "/gd");
    QCOMPARE(done.count(), 3);
    QCOMPARE(refusedByGuard.count(), 3);
    QVERIFY(c.questions.isEmpty());
    QVERIFY(!c.operations.isBusy());
    QVERIFY(c.exists("/gd"));
    const QString file = dir_.filePath("gd.json");
    auto [exported, exportOk] = c.run([&] { c.operations.exportSubtree("/gd", file); });
    QVERIFY2(exportOk, qPrintable(exported));
    c.guard.unlock();
    auto [deleted, deleteOk] = c.run([&] { c.operations.deleteNodes({"/gd"}); });
    QVERIFY2(deleteOk, qPrintable(deleted));
    QVERIFY(!c.exists("/gd"));
}

void TstSubtreeOperations::refusesWhileBusyAndWithoutSession() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    QVERIFY(c.create("/busy"));
    QSignalSpy done(&c.operations, &SubtreeOperations::finished);
    // The export's job runs until its result reaches this thread: the second
    // operation, in the same turn of the event loop, finds the task busy.
    c.operations.exportSubtree("/busy", dir_.filePath("busy.json"));
    QVERIFY(c.operations.isBusy());
    c.operations.compareWith("/busy", &c.operations, "/busy");
    QCOMPARE(done.count(), 1);
    QVERIFY2(done.at(0).at(0).toString().startsWith("Not started: compare /busy. Another operation is still running"),
             qPrintable(done.at(0).at(0).toString()));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, kWaitMs);
    QVERIFY2(done.at(1).at(1).toBool(), qPrintable(done.at(1).at(0).toString()));
    QCOMPARE(c.progressOpen, 0);

    Cluster closed("nowhere", false);  // never opened
    QSignalSpy refused(&closed.operations, &SubtreeOperations::finished);
    closed.operations.exportSubtree("/x", dir_.filePath("x.json"));
    QCOMPARE(refused.count(), 1);
    QCOMPARE(refused.at(0).at(0).toString(), QString("Not started: export /x. There is no session with nowhere."));
    QCOMPARE(closed.progressStarts, 0);
    // Comparing with a cluster that has no session.
    auto [cross, crossOk] = c.run([&] { c.operations.compareWith("/busy", &closed.operations, "/x"); });
    QVERIFY(!crossOk);
    QCOMPARE(cross, QString("Not started: compare /busy. There is no session with nowhere."));
}

// Containers and TTL nodes read as persistent; the export writes the modes
// the cache saw this session create.
void TstSubtreeOperations::exportMarksKnownModes() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    QVERIFY(c.create("/modes"));
    QVERIFY(c.create("/modes/box", proto::CreateMode::Container));
    QVERIFY(c.create("/modes/box/keep"));
    QVERIFY(c.create("/modes/lease", proto::CreateMode::PersistentWithTTL, 60000));
    const QString file = dir_.filePath("modes.json");
    auto [summary, ok] = c.run([&] { c.operations.exportSubtree("/modes", file); });
    QVERIFY2(ok, qPrintable(summary));
    QVERIFY2(summary.startsWith("Exported 4 node(s) under /modes to "), qPrintable(summary));
    QVERIFY2(summary.contains("2 container or TTL node(s)"), qPrintable(summary));
    QCOMPARE(c.progressStarts, 1);
    QCOMPARE(c.progressOpen, 0);
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadOnly));
    QMap<QString, QJsonObject> nodes;
    for (const QJsonValue v : QJsonDocument::fromJson(f.readAll()).object().value("nodes").toArray())
        nodes.insert(v.toObject().value("path").toString(), v.toObject());
    QCOMPARE(nodes.size(), 4);
    QCOMPARE(nodes["/modes/box"].value("mode").toString(), QString("container"));
    QCOMPARE(nodes["/modes/box"].value("modeAnnotated").toBool(), true);
    QCOMPARE(nodes["/modes/lease"].value("mode").toString(), QString("ttl"));
    QCOMPARE(nodes["/modes/lease"].value("ttl").toInteger(), qint64(60000));
    QVERIFY(!nodes["/modes/box/keep"].contains("modeAnnotated"));
}

void TstSubtreeOperations::importIsPreviewedThenAppliedOrDeclined() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    for (const char* p : {"/src", "/src/a", "/src/b"}) QVERIFY(c.create(p));
    const QString file = dir_.filePath("src.json");
    auto [exported, exportOk] = c.run([&] { c.operations.exportSubtree("/src", file); });
    QVERIFY2(exportOk, qPrintable(exported));

    std::shared_ptr<const admin::Snapshot> snapshot;
    std::shared_ptr<const admin::ImportPreview> preview;
    QString previewFile, previewTarget;
    connect(&c.operations, &SubtreeOperations::importPreviewReady, this,
            [&](auto s, auto p, const QString& f, const QString& t) {
                snapshot = s;
                preview = p;
                previewFile = f;
                previewTarget = t;
            });
    QSignalSpy done(&c.operations, &SubtreeOperations::finished);
    c.operations.importFile(file, "/copy/src");
    QTRY_VERIFY_WITH_TIMEOUT(preview != nullptr, kWaitMs);
    QCOMPARE(done.count(), 0);  // previewed, not finished: the user decides
    QCOMPARE(previewFile, file);
    QCOMPARE(previewTarget, QString("/copy/src"));
    QVERIFY(!c.exists("/copy"));  // a dry run
    QCOMPARE(c.progressOpen, 0);

    auto [declined, declinedOk] = c.run([&] { c.operations.declineImport(previewTarget); });
    QVERIFY(declinedOk);
    QCOMPARE(declined, QString("Import into /copy/src not applied; nothing was written."));
    QVERIFY(!c.exists("/copy"));

    auto [applied, appliedOk] =
        c.run([&] { c.operations.applyImport(snapshot, preview, previewTarget, admin::ImportOptions{}); });
    QVERIFY2(appliedOk, qPrintable(applied));
    QVERIFY2(applied.startsWith("Imported into /copy/src: 4 created"), qPrintable(applied));
    QVERIFY(c.exists("/copy/src/b"));
    QVERIFY(c.changedParents.contains("/copy"));
    QCOMPARE(c.progressOpen, 0);
}

void TstSubtreeOperations::unreadableImportFile() {
    Cluster c("dev", false);
    QVERIFY(c.open(*engine_));
    auto [missing, missingOk] = c.run([&] { c.operations.importFile(dir_.filePath("missing.json"), "/x"); });
    QVERIFY(!missingOk);
    QVERIFY2(missing.startsWith("Cannot read " + dir_.filePath("missing.json")), qPrintable(missing));
    QFile bad(dir_.filePath("bad.json"));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write("{\"format\": \"something else\"}");
    bad.close();
    auto [garbage, garbageOk] = c.run([&] { c.operations.importFile(bad.fileName(), "/x"); });
    QVERIFY(!garbageOk);
    QVERIFY2(garbage.startsWith("This file cannot be imported: "), qPrintable(garbage));
    QCOMPARE(c.progressStarts, 0);
    QVERIFY(!c.exists("/x"));
}

void TstSubtreeOperations::comparesAcrossClusters() {
    Cluster left("left", false), right("right", false);
    QVERIFY(left.open(*engine_));
    QVERIFY(right.open(*engine_));
    for (const char* p : {"/cmp", "/cmp/a", "/cmp2", "/cmp2/a", "/cmp2/extra"}) QVERIFY(left.create(p));
    std::optional<admin::CompareResult> result;
    QString title;
    connect(&left.operations, &SubtreeOperations::comparisonReady, this,
            [&](const QString& t, const QString&, const admin::CompareResult& r) {
                title = t;
                result = r;
            });
    auto [same, sameOk] = left.run([&] { left.operations.compareWith("/cmp", &right.operations, "/cmp"); });
    QVERIFY2(sameOk, qPrintable(same));
    QCOMPARE(same, QString("/cmp on left and /cmp on right are identical: 2 node(s) each, same data, ACLs and modes."));
    QVERIFY(result && result->identical());
    QCOMPARE(title, QString("Comparison"));
    auto [differ, differOk] = left.run([&] { left.operations.compareWith("/cmp", &right.operations, "/cmp2"); });
    QVERIFY(!differOk);
    QVERIFY2(differ.endsWith("differ in 1 place(s)."), qPrintable(differ));
    QCOMPARE(int(result->differences.size()), 1);
}

QTEST_GUILESS_MAIN(TstSubtreeOperations)
#include "tst_subtree_operations.moc"
