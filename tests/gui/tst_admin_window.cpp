// Subtree operations end to end through the main window, on Apache ZooKeeper
// 3.8 and the engine: batch delete of a multi-selection (Delete key and the
// context menu), recursive delete (the count in the confirmation is the real
// count; a second client sees the nodes gone), cancelling a recursive delete
// with the progress dialog's button (some deleted, the rest a consistent
// tree), export -> import (dry-run preview first) -> compare, also across the
// two servers, and the read-only guard refusing deletes and imports.
//
// Confirmations are answered through ClusterTab::setConfirmer (the seam the
// tab uses for every question); the progress and preview dialogs are the
// real widgets, driven by clicking their buttons.
#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QFile>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeView>
#include <QtTest>

#include <functional>
#include <future>
#include <map>

#include "blocking_call.h"
#include "models/admin_result_model.h"
#include "models/znode_filter_proxy.h"
#include "models/znode_tree_model.h"
#include "session/admin_task.h"
#include "session/subtree_operations.h"
#include "session/write_guard.h"
#include "settings/secret_store.h"
#include "test_support.h"
#include "widgets/admin_dialogs.h"
#include "widgets/browser_page.h"
#include "widgets/cluster_tab.h"
#include "widgets/main_window.h"
#include "widgets/operation_dialogs.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace std::chrono_literals;
using zooscope::testing::blockingCall;
using zooscope::testing::TestServer;

namespace {

std::shared_ptr<client::Client> openClient(const std::string& connect, std::string* error) {
    client::ClientOptions o;
    o.connectString = connect;
    auto connected = std::make_shared<std::promise<void>>();
    auto once = std::make_shared<std::once_flag>();
    std::shared_ptr<client::Client> c = client::Client::connect(
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

// Creates the nodes in order (parents first) and waits for all of them.
bool createAll(client::Client& c, const std::vector<std::pair<std::string, std::string>>& nodes,
               const proto::ACLList& acl = {}) {
    std::vector<std::future<bool>> fs;
    for (const auto& [path, data] : nodes) {
        auto pr = std::make_shared<std::promise<bool>>();
        fs.push_back(pr->get_future());
        client::CreateOptions o;
        if (!acl.empty()) o.acl = acl;
        c.create(path, data, o, [pr](client::Result<client::Created> r) { pr->set_value(r.ok()); });
    }
    bool ok = true;
    for (auto& f : fs) ok = f.wait_for(30s) == std::future_status::ready && f.get() && ok;
    return ok;
}

// root + `fan` children, each with `leaves` children.
std::vector<std::pair<std::string, std::string>> fanTree(const std::string& root, int fan, int leaves) {
    std::vector<std::pair<std::string, std::string>> out{{root, "root"}};
    for (int i = 0; i < fan; ++i) {
        const std::string child = root + "/n" + std::to_string(i);
        out.push_back({child, "child " + std::to_string(i)});
        for (int j = 0; j < leaves; ++j) out.push_back({child + "/l" + std::to_string(j), std::to_string(i * j)});
    }
    return out;
}

bool exists(client::Client& c, const std::string& path) {
    auto r = blockingCall<std::optional<proto::Stat>>([&](auto cb) { c.exists(path, false, cb); });
    return r.ok() && r.value.has_value();
}

// Counts the nodes of a subtree with plain getChildren calls (independent of
// zooscope::admin); -1 when a listing fails for another reason than NoNode.
// Also checks that every listed child's parent exists (it was listed).
long countSubtree(client::Client& c, const std::string& root) {
    auto r = blockingCall<std::vector<std::string>>([&](auto cb) { c.getChildren(root, false, cb); });
    if (r.err == proto::Err::NoNode) return 0;
    if (!r.ok()) return -1;
    long n = 1;
    for (const auto& child : r.value) {
        const long sub = countSubtree(c, root + "/" + child);
        if (sub < 0) return -1;
        n += sub;
    }
    return n;
}

std::string dataOf(client::Client& c, const std::string& path) {
    auto r = blockingCall<client::NodeData>([&](auto cb) { c.getData(path, false, cb); });
    return r.ok() ? r.value.data : std::string("<") + std::string(proto::errName(r.err)) + ">";
}

}  // namespace

class TstAdminWindow : public QObject {
    Q_OBJECT

    std::unique_ptr<TestServer> zk_, engine_;
    std::map<QString, std::shared_ptr<client::Client>> others_;  // second, independent clients
    QTemporaryDir dir_;

    struct Window {
        std::unique_ptr<QSettings> settings;
        std::unique_ptr<SecretStore> secrets;
        std::unique_ptr<MainWindow> window;
    };
    // Questions the tab asked, and the answer the test gives.
    QStringList questions_;
    QStringList titles_;
    bool answer_ = true;

    void servers() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    TestServer* server(const QString& name) { return name == "zookeeper" ? zk_.get() : engine_.get(); }
    client::Client& other(const QString& name) { return *others_.at(name); }

    Window makeWindow(const QString& name) {
        Window w;
        w.settings = std::make_unique<QSettings>(dir_.filePath(name + ".ini"), QSettings::IniFormat);
        w.secrets = std::make_unique<SecretStore>("ZooScope-admin-test");
        w.window = std::make_unique<MainWindow>(w.settings.get(), w.secrets.get(), nullptr, QString());
        w.window->resize(1200, 800);
        w.window->show();
        return w;
    }

    // Opens a tab on `server` (guarded or not), waits until "/" is listed,
    // and answers the tab's questions through the test's confirmer.
    ClusterTab* openTab(Window& w, const QString& server, bool guarded = false) {
        QString error;
        auto profile = ConnectionProfile::fromConnectString(QString::fromStdString(this->server(server)->connectString()),
                                                            &error);
        if (!profile) return nullptr;
        profile->name = server;
        profile->readOnlyGuard = guarded;
        ClusterTab* tab = w.window->openTab(*profile, QString());
        QSignalSpy listed(tab, &ClusterTab::rootListed);
        if (!listed.wait(20000)) return nullptr;
        tab->setConfirmer([this](const QString& title, const QString& question) {
            titles_ << title;
            questions_ << question;
            return answer_;
        });
        return tab;
    }

    // Waits for `path` to be loaded in the tree (expanding its ancestors).
    bool showPath(ClusterTab* tab, const QString& path) {
        ZnodeTreeModel* m = tab->treeModel();
        QString at;
        const QStringList parts = path.split('/', Qt::SkipEmptyParts);
        for (int i = 0; i < parts.size(); ++i) {
            const QString parent = at.isEmpty() ? QStringLiteral("/") : at;
            at += '/' + parts[i];
            if (!m->indexOf(parent).isValid()) return false;
            // Expanding lists the level (and keeps it watched), as a click would.
            tab->browser()->treeView()->expand(viewIndex(tab, parent));
            if (!QTest::qWaitFor([&] { return m->indexOf(at).isValid(); }, 15000)) return false;
        }
        return true;
    }

    QModelIndex viewIndex(ClusterTab* tab, const QString& path) {
        auto* proxy = qobject_cast<QAbstractProxyModel*>(tab->browser()->treeView()->model());
        return proxy->mapFromSource(tab->treeModel()->indexOf(path));
    }

    // Selects exactly these rows (a real multi-selection in the view).
    void selectRows(ClusterTab* tab, const QStringList& paths) {
        QItemSelectionModel* sel = tab->browser()->treeView()->selectionModel();
        sel->clearSelection();
        for (const QString& p : paths)
            sel->select(viewIndex(tab, p), QItemSelectionModel::Select | QItemSelectionModel::Rows);
        sel->setCurrentIndex(viewIndex(tab, paths.first()), QItemSelectionModel::NoUpdate);
    }

    // Runs `start` and waits for the end of the tab's subtree operation.
    std::pair<QString, bool> runAdmin(ClusterTab* tab, const std::function<void()>& start, int timeoutMs = 60000) {
        QSignalSpy done(tab->operations(), &SubtreeOperations::finished);
        start();
        if (done.isEmpty() && !done.wait(timeoutMs)) return {QStringLiteral("<not finished>"), false};
        return {done.first().at(0).toString(), done.first().at(1).toBool()};
    }

    void resetQuestions(bool answer = true) {
        questions_.clear();
        titles_.clear();
        answer_ = answer;
    }

private slots:
    void initTestCase() {
        std::string err;
        zk_ = testing::startApacheZooKeeper({}, &err);
        QVERIFY2(zk_, err.c_str());
        engine_ = testing::startEngine({}, &err);
        QVERIFY2(engine_, err.c_str());
        for (const QString name : {"zookeeper", "engine"}) {
            others_[name] = openClient(server(name)->connectString(), &err);
            QVERIFY2(others_[name], err.c_str());
        }
    }

    void cleanupTestCase() {
        others_.clear();
        zk_.reset();
        engine_.reset();
    }

    // Delete key on a multi-selection: one confirmation naming the count,
    // a result that names the node that could not go and why.
    void batchDeleteKey_data() { servers(); }
    void batchDeleteKey() {
        QFETCH(QString, server);
        QVERIFY(createAll(other(server), {{"/bd", ""}, {"/bd/a", "1"}, {"/bd/b", "2"}, {"/bd/c", "3"}, {"/bd/d", "4"},
                                          {"/bd/d/kid", "5"}}));
        auto w = makeWindow("bd-" + server);
        ClusterTab* tab = openTab(w, server);
        QVERIFY(tab);
        QVERIFY(showPath(tab, "/bd/d"));
        selectRows(tab, {"/bd/a", "/bd/b", "/bd/d"});
        QCOMPARE(tab->browser()->selectedPaths().size(), 3);
        resetQuestions();
        const auto [summary, ok] = runAdmin(tab, [&] { QTest::keyClick(tab->browser()->treeView(), Qt::Key_Delete); });
        QCOMPARE(questions_.size(), 1);
        QVERIFY2(questions_.first().contains("Delete these 3 nodes?"), qPrintable(questions_.first()));
        QVERIFY2(questions_.first().contains("/bd/a") && questions_.first().contains("/bd/d"),
                 qPrintable(questions_.first()));
        QVERIFY(!ok);  // /bd/d has a child
        QVERIFY2(summary.contains("Deleted 2 of 3 node"), qPrintable(summary));
        QVERIFY2(summary.contains("/bd/d has children"), qPrintable(summary));
        QCOMPARE(tab->message(), summary);
        QVERIFY(!exists(other(server), "/bd/a"));
        QVERIFY(!exists(other(server), "/bd/b"));
        QVERIFY(exists(other(server), "/bd/c"));
        QVERIFY(exists(other(server), "/bd/d/kid"));
        // The tree follows (watches / refresh).
        QTRY_VERIFY_WITH_TIMEOUT(!tab->treeModel()->indexOf("/bd/a").isValid(), 10000);

        // Saying no deletes nothing.
        selectRows(tab, {"/bd/c"});
        resetQuestions(false);
        QTest::keyClick(tab->browser()->treeView(), Qt::Key_Delete);
        QCOMPARE(questions_.size(), 1);
        QVERIFY(questions_.first().contains("Delete /bd/c?"));
        QTest::qWait(200);
        QVERIFY(exists(other(server), "/bd/c"));
        QVERIFY(admin::executeRecursiveDelete(other(server), admin::planRecursiveDelete(other(server), "/bd")).complete());
    }

    // The context menu on a multi-selection offers the batch delete (and the
    // other subtree operations); choosing it deletes all selected nodes.
    void batchDeleteContextMenu_data() { servers(); }
    void batchDeleteContextMenu() {
        QFETCH(QString, server);
        QVERIFY(createAll(other(server), {{"/cm", ""}, {"/cm/x", ""}, {"/cm/y", ""}, {"/cm/z", ""}}));
        auto w = makeWindow("cm-" + server);
        ClusterTab* tab = openTab(w, server);
        QVERIFY(tab);
        QVERIFY(showPath(tab, "/cm/z"));
        selectRows(tab, {"/cm/x", "/cm/z"});
        QStringList texts;
        bool chose = false;
        // The menu is modal (exec): inspect and choose from inside its loop.
        QTimer::singleShot(200, this, [&] {
            auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
            if (!menu) return;
            for (QAction* a : menu->actions()) texts << a->text();
            for (QAction* a : menu->actions())
                if (a->text().startsWith("Delete 2 nodes")) {
                    menu->setActiveAction(a);
                    chose = true;
                }
            QTest::keyClick(menu, chose ? Qt::Key_Return : Qt::Key_Escape);
        });
        resetQuestions();
        const QRect row = tab->browser()->treeView()->visualRect(viewIndex(tab, "/cm/x"));
        const auto [summary, ok] = runAdmin(tab, [&] { emit tab->browser()->treeView()->customContextMenuRequested(row.center()); });
        QVERIFY2(chose, qPrintable(texts.join(" | ")));
        for (const char* expected : {"Delete recursively...", "Export subtree...", "Import into this node...",
                                     "Compare with..."})
            QVERIFY2(std::any_of(texts.begin(), texts.end(), [&](const QString& t) { return t.startsWith(expected); }),
                     qPrintable(texts.join(" | ")));
        QCOMPARE(questions_.size(), 1);
        QVERIFY(ok);
        QVERIFY2(summary.contains("Deleted 2 nodes") && summary.contains("/cm/x") && summary.contains("/cm/z"),
                 qPrintable(summary));
        QVERIFY(!exists(other(server), "/cm/x"));
        QVERIFY(exists(other(server), "/cm/y"));
        QVERIFY(!exists(other(server), "/cm/z"));
        QVERIFY(admin::executeRecursiveDelete(other(server), admin::planRecursiveDelete(other(server), "/cm")).complete());
    }

    // Shift+Delete: the confirmation states the real number of nodes; after
    // it the subtree is gone for a second client.
    void recursiveDelete_data() { servers(); }
    void recursiveDelete() {
        QFETCH(QString, server);
        QVERIFY(createAll(other(server), fanTree("/rd", 6, 4)));
        QVERIFY(createAll(other(server), {{"/rd-sibling", "stays"}}));
        const long count = countSubtree(other(server), "/rd");
        QCOMPARE(count, 31L);
        auto w = makeWindow("rd-" + server);
        ClusterTab* tab = openTab(w, server);
        QVERIFY(tab);
        QVERIFY(showPath(tab, "/rd"));
        tab->browser()->treeView()->setCurrentIndex(viewIndex(tab, "/rd"));
        QCOMPARE(tab->browser()->currentPath(), QString("/rd"));
        resetQuestions();
        const auto [summary, ok] =
            runAdmin(tab, [&] { QTest::keyClick(tab->browser()->treeView(), Qt::Key_Delete, Qt::ShiftModifier); });
        QCOMPARE(questions_.size(), 1);
        QVERIFY2(questions_.first().contains(QString("This removes %1 node(s)").arg(count)), qPrintable(questions_.first()));
        QCOMPARE(titles_.first(), QString("Delete %1 node(s) recursively").arg(count));
        QVERIFY2(ok, qPrintable(summary));
        QVERIFY2(summary.contains(QString("Deleted /rd and everything below it: %1 node(s)").arg(count)),
                 qPrintable(summary));
        QCOMPARE(countSubtree(other(server), "/rd"), 0L);
        QVERIFY(exists(other(server), "/rd-sibling"));
        QVERIFY(!tab->dialogs()->progressDialog());  // closed with the report
        QTRY_VERIFY_WITH_TIMEOUT(!tab->treeModel()->indexOf("/rd").isValid(), 10000);

        // Refused roots are reported, nothing is asked.
        resetQuestions();
        const auto [refusal, refusedOk] = runAdmin(tab, [&] { tab->operations()->deleteRecursive("/zookeeper"); });
        QVERIFY(!refusedOk);
        QVERIFY(questions_.isEmpty());
        QVERIFY2(refusal.contains("/zookeeper cannot be deleted recursively"), qPrintable(refusal));
        QVERIFY(admin::executeRecursiveDelete(other(server), admin::planRecursiveDelete(other(server), "/rd-sibling"))
                    .complete());
    }

    // The progress dialog's Cancel stops the delete part-way: some nodes are
    // gone, the rest is still a tree under the root, and the report's numbers
    // match what a second client sees.
    void cancelRecursiveDelete_data() { servers(); }
    void cancelRecursiveDelete() {
        QFETCH(QString, server);
        QVERIFY(createAll(other(server), fanTree("/cx", 60, 10)));
        const long count = countSubtree(other(server), "/cx");
        QCOMPARE(count, 661L);
        auto w = makeWindow("cx-" + server);
        ClusterTab* tab = openTab(w, server);
        QVERIFY(tab);
        // One request at a time and every completion reported: the delete is
        // still running when the click arrives.
        tab->operations()->task()->control().window = 1;
        tab->operations()->task()->control().progressInterval = 0ms;
        bool clicked = false;
        connect(tab->operations()->task(), &AdminTask::progress, this, [&](admin::Phase phase, quint64 done, quint64) {
            if (clicked || phase != admin::Phase::Deleting || done < 20) return;
            AdminProgressDialog* dialog = tab->dialogs()->progressDialog();
            QVERIFY(dialog && dialog->isVisible());
            QVERIFY2(dialog->labelText().contains("Deleting nodes"), qPrintable(dialog->labelText()));
            clicked = true;
            QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
            QVERIFY(dialog->wasCancelled());
        });
        resetQuestions();
        const auto [summary, ok] = runAdmin(tab, [&] { tab->operations()->deleteRecursive("/cx"); });
        QVERIFY(clicked);
        QVERIFY(!ok);
        QCOMPARE(questions_.size(), 1);
        QVERIFY(questions_.first().contains(QString("This removes %1 node(s)").arg(count)));
        const long left = countSubtree(other(server), "/cx");
        QVERIFY2(left > 0 && left < count, qPrintable(QString::number(left)));
        QVERIFY(exists(other(server), "/cx"));  // deepest first: the root goes last
        QVERIFY2(summary.contains(QString("of %1 node(s) deleted, %2 left").arg(count).arg(left)), qPrintable(summary));
        QVERIFY2(summary.contains(QString("cancelled: %1 of").arg(count - left)), qPrintable(summary));
        QVERIFY(!tab->dialogs()->progressDialog());
        tab->operations()->task()->control().window = 256;
        const auto [rest, restOk] = runAdmin(tab, [&] { tab->operations()->deleteRecursive("/cx"); });
        QVERIFY2(restOk, qPrintable(rest));
        QVERIFY2(rest.contains(QString("%1 node(s)").arg(left)), qPrintable(rest));
        QCOMPARE(countSubtree(other(server), "/cx"), 0L);
    }

    // Export -> import into another path (dry-run preview first; nothing is
    // written before Import) -> compare reports identical; then across the
    // two servers; a change shows up as a difference; a second import
    // previews it as an update and overwrites it only when asked.
    void exportImportCompare_data() { servers(); }
    void exportImportCompare() {
        QFETCH(QString, server);
        const QString otherName = server == "zookeeper" ? "engine" : "zookeeper";
        const std::string binary("\x00\xff\xfe binary \x80", 12);
        proto::ACLList ipAcl{proto::ACL{proto::perms::kAll, proto::Id{"ip", "127.0.0.1"}}};
        QVERIFY(createAll(other(server), {{"/ex", "{\"a\": 1}"}, {"/ex/text", "plain text \xe4\xb8\xad"},
                                          {"/ex/bin", binary}, {"/ex/empty", ""}, {"/ex/deep", "d"},
                                          {"/ex/deep/er", "e"}}));
        QVERIFY(createAll(other(server), {{"/ex/ip", "acl"}}, ipAcl));
        auto w = makeWindow("ex-" + server);
        ClusterTab* tab = openTab(w, server);
        QVERIFY(tab);
        const QString file = dir_.filePath("ex-" + server + ".json");

        auto [exported, exportOk] = runAdmin(tab, [&] { tab->operations()->exportSubtree("/ex", file); });
        QVERIFY2(exportOk, qPrintable(exported));
        QVERIFY2(exported.contains("Exported 7 node(s) under /ex"), qPrintable(exported));
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QVERIFY(json.contains("\"format\": \"zooscope-export\""));
        QVERIFY(json.contains("\"encoding\": \"base64\""));  // the binary node

        // Preview: a dialog listing 7 creates (+ the missing parent); nothing written yet.
        tab->operations()->importFile(file, "/ex-copy/in");
        QTRY_VERIFY_WITH_TIMEOUT(tab->dialogs()->importPreviewDialog() && tab->dialogs()->importPreviewDialog()->isVisible(), 30000);
        ImportPreviewDialog* preview = tab->dialogs()->importPreviewDialog();
        QCOMPARE(preview->model()->rowCount(), 8);
        for (int r = 0; r < 8; ++r)
            QCOMPARE(preview->model()->index(r, AdminResultModel::WhatColumn).data().toString(), QString("Create"));
        QCOMPARE(preview->model()->index(0, 0).data().toString(), QString("/ex-copy"));
        QVERIFY2(preview->summaryText().contains("Nothing has been written yet"), qPrintable(preview->summaryText()));
        QVERIFY(preview->applyButton()->isEnabled());
        QTest::qWait(100);
        QVERIFY(!exists(other(server), "/ex-copy"));  // the dry run wrote nothing
        auto [imported, importOk] = runAdmin(tab, [&] { QTest::mouseClick(preview->applyButton(), Qt::LeftButton); });
        QVERIFY2(importOk, qPrintable(imported));
        QVERIFY2(imported.contains("8 created"), qPrintable(imported));
        QCOMPARE(dataOf(other(server), "/ex-copy/in/bin"), binary);
        auto acl = blockingCall<client::AclData>([&](auto cb) { other(server).getACL("/ex-copy/in/ip", cb); });
        QVERIFY(acl.ok());
        QCOMPARE(acl.value.acl.size(), size_t(1));
        QCOMPARE(acl.value.acl.front().id.scheme, std::string("ip"));

        // Compare on the same cluster: identical.
        auto [same, sameOk] = runAdmin(tab, [&] { tab->operations()->compareWith("/ex", tab->operations(), "/ex-copy/in"); });
        QVERIFY2(sameOk, qPrintable(same));
        QVERIFY2(same.contains("are identical: 7 node(s) each"), qPrintable(same));
        QVERIFY(tab->dialogs()->resultDialog());
        QCOMPARE(tab->dialogs()->resultDialog()->model()->rowCount(), 0);

        // Across clusters: import the same file on the other server, compare.
        ClusterTab* tab2 = openTab(w, otherName);
        QVERIFY(tab2);
        tab2->operations()->importFile(file, "/ex-x");
        QTRY_VERIFY_WITH_TIMEOUT(tab2->dialogs()->importPreviewDialog() && tab2->dialogs()->importPreviewDialog()->isVisible(), 30000);
        auto [imported2, imported2Ok] =
            runAdmin(tab2, [&] { QTest::mouseClick(tab2->dialogs()->importPreviewDialog()->applyButton(), Qt::LeftButton); });
        QVERIFY2(imported2Ok, qPrintable(imported2));
        auto [cross, crossOk] = runAdmin(tab, [&] { tab->operations()->compareWith("/ex", tab2->operations(), "/ex-x"); });
        QVERIFY2(crossOk, qPrintable(cross));
        QVERIFY2(cross.contains("/ex-x on " + otherName), qPrintable(cross));

        // A change by another client is a difference...
        QVERIFY(blockingCall<proto::Stat>([&](auto cb) { other(server).setData("/ex-copy/in/text", "changed", -1, cb); })
                    .ok());
        auto [diff, diffOk] = runAdmin(tab, [&] { tab->operations()->compareWith("/ex", tab->operations(), "/ex-copy/in"); });
        QVERIFY(!diffOk);
        QVERIFY2(diff.contains("differ in 1 place(s)"), qPrintable(diff));
        QCOMPARE(tab->dialogs()->resultDialog()->model()->rowCount(), 1);
        QCOMPARE(tab->dialogs()->resultDialog()->model()->index(0, 0).data().toString(), QString("/text"));
        QCOMPARE(tab->dialogs()->resultDialog()->model()->index(0, 1).data().toString(), QString("Data differs"));

        // ...that a second import previews as an update: without Overwrite
        // there is nothing to do; Cancel writes nothing.
        // (The first preview dialog is gone; the new one may even live at its
        // old address, so wait for the new preview's content, not a new pointer.)
        tab->operations()->importFile(file, "/ex-copy/in");
        QTRY_VERIFY_WITH_TIMEOUT(tab->dialogs()->importPreviewDialog() && tab->dialogs()->importPreviewDialog()->isVisible() &&
                                     tab->dialogs()->importPreviewDialog()->model()->rowCount() == 7,
                                 30000);
        preview = tab->dialogs()->importPreviewDialog();
        int updates = 0, unchanged = 0;
        for (int r = 0; r < preview->model()->rowCount(); ++r) {
            const int code = preview->model()->index(r, 0).data(AdminResultModel::CodeRole).toInt();
            updates += code == int(admin::ImportAction::Update);
            unchanged += code == int(admin::ImportAction::Unchanged);
        }
        QCOMPARE(updates, 1);
        QCOMPARE(unchanged, 6);
        QVERIFY(!preview->applyButton()->isEnabled());
        auto* overwrite = preview->findChild<QCheckBox*>("importOverwrite");
        QVERIFY(overwrite && overwrite->isEnabled());
        QTest::mouseClick(overwrite, Qt::LeftButton);
        QVERIFY(preview->applyButton()->isEnabled());
        auto [cancelled, cancelledOk] = runAdmin(tab, [&] { preview->reject(); });
        QVERIFY(cancelledOk);
        QVERIFY2(cancelled.contains("not applied"), qPrintable(cancelled));
        QCOMPARE(dataOf(other(server), "/ex-copy/in/text"), std::string("changed"));

        // Applied with Overwrite: identical again.
        tab->operations()->importFile(file, "/ex-copy/in");
        QTRY_VERIFY_WITH_TIMEOUT(tab->dialogs()->importPreviewDialog() && tab->dialogs()->importPreviewDialog()->isVisible(), 30000);
        preview = tab->dialogs()->importPreviewDialog();
        preview->setOverwrite(true);
        auto [overwritten, overwrittenOk] =
            runAdmin(tab, [&] { QTest::mouseClick(preview->applyButton(), Qt::LeftButton); });
        QVERIFY2(overwrittenOk, qPrintable(overwritten));
        QVERIFY2(overwritten.contains("1 updated"), qPrintable(overwritten));
        auto [again, againOk] = runAdmin(tab, [&] { tab->operations()->compareWith("/ex", tab->operations(), "/ex-copy/in"); });
        QVERIFY2(againOk, qPrintable(again));

        for (const char* root : {"/ex", "/ex-copy"})
            QVERIFY(admin::executeRecursiveDelete(other(server), admin::planRecursiveDelete(other(server), root))
                        .complete());
        QVERIFY(admin::executeRecursiveDelete(other(otherName), admin::planRecursiveDelete(other(otherName), "/ex-x"))
                    .complete());
    }

    // A guarded cluster refuses deletes and imports (nothing asked, nothing
    // written); export and compare (reads) still work. Unlocked, it deletes.
    void guardRefuses_data() { servers(); }
    void guardRefuses() {
        QFETCH(QString, server);
        QVERIFY(createAll(other(server), {{"/gd", ""}, {"/gd/a", "1"}, {"/gd/b", "2"}}));
        auto w = makeWindow("gd-" + server);
        ClusterTab* tab = openTab(w, server, true);
        QVERIFY(tab);
        QVERIFY(!tab->guard()->writesAllowed());
        QVERIFY(showPath(tab, "/gd/b"));
        selectRows(tab, {"/gd/a", "/gd/b"});
        resetQuestions();

        auto [batch, batchOk] = runAdmin(tab, [&] { QTest::keyClick(tab->browser()->treeView(), Qt::Key_Delete); });
        QVERIFY(!batchOk);
        QVERIFY2(batch.contains("Refused") && batch.contains("read-only"), qPrintable(batch));
        auto [rec, recOk] = runAdmin(tab, [&] { tab->operations()->deleteRecursive("/gd"); });
        QVERIFY(!recOk);
        QVERIFY2(rec.contains("Refused"), qPrintable(rec));

        const QString file = dir_.filePath("gd-" + server + ".json");
        auto [exported, exportOk] = runAdmin(tab, [&] { tab->operations()->exportSubtree("/gd", file); });
        QVERIFY2(exportOk, qPrintable(exported));
        auto [imp, impOk] = runAdmin(tab, [&] { tab->operations()->importFile(file, "/gd-copy"); });
        QVERIFY(!impOk);
        QVERIFY2(imp.contains("Refused") && imp.contains("/gd-copy"), qPrintable(imp));
        QVERIFY(!tab->dialogs()->importPreviewDialog());
        auto [cmp, cmpOk] = runAdmin(tab, [&] { tab->operations()->compareWith("/gd", tab->operations(), "/gd"); });
        QVERIFY2(cmpOk, qPrintable(cmp));

        QVERIFY(questions_.isEmpty());
        QCOMPARE(countSubtree(other(server), "/gd"), 3L);
        QVERIFY(!exists(other(server), "/gd-copy"));

        tab->guard()->unlock();
        auto [del, delOk] = runAdmin(tab, [&] { tab->operations()->deleteRecursive("/gd"); });
        QVERIFY2(delOk, qPrintable(del));
        QCOMPARE(countSubtree(other(server), "/gd"), 0L);
    }
};

QTEST_MAIN(TstAdminWindow)
#include "tst_admin_window.moc"
