// The node panel against Apache ZooKeeper 3.8 and the in-process engine (same
// cases, data-driven by server): load, edit and save; an edit conflict caused
// by a second client, driven through the conflict dialog (save against the new
// version, overwrite with and without confirmation, reload, cancel); create in
// every mode with data and ACL; NoAuth explanations; the read-only guard.
// Offline cases cover the data editor's encodings. A last case saves
// screenshots under ZS_SCREENSHOT_DIR.
#include <QtTest>

#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTextBlock>
#include <QTextLayout>

#include <future>
#include <memory>

#include "adapter/client_adapter.h"
#include "blocking_call.h"
#include "models/acl_model.h"
#include "test_support.h"
#include "text/stat_format.h"
#include "widgets/acl_editor.h"
#include "widgets/conflict_dialog.h"
#include "widgets/create_node_dialog.h"
#include "widgets/data_editor.h"
#include "widgets/node_panel.h"
#include "widgets/stat_view.h"

using namespace zooscope;
using namespace zooscope::ui;
using namespace zooscope::testing;
using proto::CreateMode;
using proto::Err;
using namespace std::chrono_literals;

Q_DECLARE_METATYPE(zooscope::proto::CreateMode)
Q_DECLARE_METATYPE(zooscope::ui::DataFormat)

namespace {

constexpr int kWaitMs = 30000;

// Blocking call on the second ("other") client; its callbacks run on the C
// client's threads, so waiting here does not need the event loop.
template <class T, class Submit>
client::Result<T> call(Submit&& submit) {
    return zooscope::testing::blockingCall<T>(std::forward<Submit>(submit), std::chrono::seconds(30));
}

QByteArray bytesOf(const std::string& s) { return QByteArray(s.data(), qsizetype(s.size())); }

proto::ACL digestEntry(const QString& user, const QString& password, int32_t perms) {
    const auto id = generateDigest(user, password, nullptr);
    return proto::ACL{perms, proto::Id{"digest", id.value_or(QString()).toStdString()}};
}

}  // namespace

class TstNodePanel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void editorEncodingsOffline();
    void editorValidationOffline();
    void loadEditSave_data() { servers(); }
    void loadEditSave();
    void binaryAndLatin1_data() { servers(); }
    void binaryAndLatin1();
    void conflict_data() { servers(); }
    void conflict();
    void createModes_data();
    void createModes();
    void noAuth_data() { servers(); }
    void noAuth();
    void identities_data() { servers(); }
    void identities();
    void readOnlyGuard_data() { servers(); }
    void readOnlyGuard();
    void aclEditSave_data() { servers(); }
    void aclEditSave();
    void aclConflict_data() { servers(); }
    void aclConflict();
    void highlighting_data();
    void highlighting();
    void screenshots();

private:
    void servers() {
        QTest::addColumn<QString>("server");
        QTest::newRow("zookeeper") << "zookeeper";
        QTest::newRow("engine") << "engine";
    }
    QString serverName() {
        QFETCH(QString, server);
        return server;
    }
    TestServer* server() { return serverName() == QLatin1String("zookeeper") ? zk_.get() : engine_.get(); }

    std::unique_ptr<ClientAdapter> connected(TestServer* s, std::vector<client::AuthInfo> auth = {}) {
        auto a = std::make_unique<ClientAdapter>();
        client::ClientOptions o;
        o.connectString = s->connectString();
        o.sessionTimeout = 20s;
        o.auth = std::move(auth);
        QString err;
        if (!a->open(o, &err)) return nullptr;
        if (!QTest::qWaitFor([&] { return a->isConnected(); }, kWaitMs)) return nullptr;
        return a;
    }
    std::unique_ptr<client::Client> other(TestServer* s, std::vector<client::AuthInfo> auth = {}) {
        client::ClientOptions o;
        o.connectString = s->connectString();
        o.auth = std::move(auth);
        std::string err;
        auto c = client::Client::connect(o, {}, &err);
        for (int i = 0; c && i < 600 && c->state() != client::SessionState::Connected; ++i) QTest::qWait(50);
        return c;
    }
    // A panel on its own session; the adapter is kept in adapters_.
    std::unique_ptr<NodePanel> panelOn(TestServer* s, std::vector<client::AuthInfo> auth = {}) {
        auto adapter = connected(s, std::move(auth));
        if (!adapter) return nullptr;
        auto panel = std::make_unique<NodePanel>();
        panel->setSource(std::make_shared<AdapterNodeSource>(adapter.get()));
        panel->setConfirmer([](const QString&, const QString&) { return true; });
        lastAdapter_ = adapter.get();
        adapters_.push_back(std::move(adapter));
        return panel;
    }
    bool create(client::Client* c, const QString& path, const QByteArray& data,
                proto::ACLList acl = proto::openAclUnsafe()) {
        client::CreateOptions o;
        o.acl = std::move(acl);
        auto r = call<client::Created>(
            [&](auto done) { c->create(path.toStdString(), data.toStdString(), o, std::move(done)); });
        if (!r.ok()) qWarning() << "create" << path << r.message.c_str();
        return r.ok();
    }
    client::Result<client::NodeData> read(client::Client* c, const QString& path) {
        return call<client::NodeData>([&](auto done) { c->getData(path.toStdString(), false, std::move(done)); });
    }
    client::Result<proto::Stat> write(client::Client* c, const QString& path, const QByteArray& data) {
        return call<proto::Stat>([&](auto done) { c->setData(path.toStdString(), data.toStdString(), -1, std::move(done)); });
    }
    static bool loaded(NodePanel* p) { return QTest::qWaitFor([p] { return p->hasNode(); }, kWaitMs); }
    client::Result<client::AclData> readAcl(client::Client* c, const QString& path) {
        return call<client::AclData>([&](auto done) { c->getACL(path.toStdString(), std::move(done)); });
    }
    // Edits `panel`'s ACL the way a user does: the digest generator's fields
    // and "Add as entry", then the permission checkboxes of row `row` (space
    // on the cell, as the keyboard toggles them) for every bit in `toggle`.
    static void userEditsAcl(NodePanel* panel, const QString& user, const QString& password, int row,
                             int32_t toggle);

    std::unique_ptr<TestServer> zk_, engine_;
    std::vector<std::unique_ptr<ClientAdapter>> adapters_;
    ClientAdapter* lastAdapter_ = nullptr;
};

void TstNodePanel::userEditsAcl(NodePanel* panel, const QString& user, const QString& password, int row,
                                int32_t toggle) {
    AclEditor* acl = panel->aclEditor();
    panel->tabs()->setCurrentWidget(acl);
    auto* userField = acl->findChild<QLineEdit*>(QStringLiteral("digestUser"));
    auto* passwordField = acl->findChild<QLineEdit*>(QStringLiteral("digestPassword"));
    auto* addDigest = acl->findChild<QPushButton*>(QStringLiteral("addDigestEntry"));
    auto* table = acl->findChild<QTableView*>(QStringLiteral("aclTable"));
    QVERIFY(userField && passwordField && addDigest && table);
    userField->selectAll();  // typing replaces the last user name
    QTest::keyClicks(userField, user);
    QTest::keyClicks(passwordField, password);
    QTest::mouseClick(addDigest, Qt::LeftButton);
    QVERIFY(passwordField->text().isEmpty());  // used once, then gone
    for (int c = AclTableModel::ReadColumn; c < AclTableModel::ColumnCount; ++c) {
        if (!(AclTableModel::permForColumn(c) & toggle)) continue;
        table->setCurrentIndex(acl->model()->index(row, c));
        QTest::keyClick(table, Qt::Key_Space);
    }
}

void TstNodePanel::initTestCase() {
    std::string err;
    zk_ = startApacheZooKeeper({}, &err);
    QVERIFY2(zk_, err.c_str());
    engine_ = startEngine({}, &err);
    QVERIFY2(engine_, err.c_str());
}

void TstNodePanel::cleanupTestCase() {
    adapters_.clear();
    zk_.reset();
    engine_.reset();
}

void TstNodePanel::editorEncodingsOffline() {
    DataEditor e;
    const QByteArray invalid("a\xffz");
    e.setBytes(invalid);
    QCOMPARE(e.dataFormat(), DataFormat::Binary);
    QCOMPARE(e.encoding(), TextEncoding::Hex);
    QCOMPARE(e.text(), QStringLiteral("61 ff 7a"));
    QString error;
    QVERIFY(!e.setEncoding(TextEncoding::Utf8, &error));
    QVERIFY2(error.contains(QStringLiteral("UTF-8")), qPrintable(error));
    QCOMPARE(e.encoding(), TextEncoding::Hex);
    QVERIFY(e.setEncoding(TextEncoding::Latin1, &error));
    QCOMPARE(e.text(), QStringLiteral("a\u00ffz"));
    QCOMPARE(e.currentBytes().value_or(QByteArray()), invalid);
    QVERIFY(!e.isModified());
    // A character Latin-1 cannot hold: refused at save time with a position.
    e.setText(QStringLiteral("a\u20acz"));
    QVERIFY(!e.currentBytes(&error).has_value());
    QVERIFY2(error.contains(QStringLiteral("column 2")), qPrintable(error));
    QVERIFY(e.isModified());
    // Switching encodings is refused while the text cannot be encoded.
    QVERIFY(!e.setEncoding(TextEncoding::Hex, &error));
    e.setText(QStringLiteral("a\u00ffz"));
    QVERIFY(!e.isModified());
    // UTF-16 text survives exactly.
    const QByteArray utf16("h\0i\0", 4);
    e.setBytes(utf16);
    QVERIFY(e.setEncoding(TextEncoding::Utf16LE, &error));
    QCOMPARE(e.text(), QStringLiteral("hi"));
    QCOMPARE(e.currentBytes().value_or(QByteArray()), utf16);
}

void TstNodePanel::editorValidationOffline() {
    DataEditor e;
    e.setBytes(QByteArray("{\"a\": 1,\n \"b\": }"));
    QCOMPARE(e.dataFormat(), DataFormat::Json);
    QVERIFY(!e.validation().ok);
    QTRY_VERIFY(e.statusText().contains(QStringLiteral("Line 2, column 7")));
    QString error;
    QVERIFY(!e.prettyPrint(&error));
    QVERIFY(!error.isEmpty());
    e.setText(QStringLiteral("{\"b\":2,\"a\":[1]}"));
    QVERIFY(e.prettyPrint(&error));
    QCOMPARE(e.text(), QStringLiteral("{\n    \"b\": 2,\n    \"a\": [\n        1\n    ]\n}\n"));
    QTRY_VERIFY(e.statusText().contains(QStringLiteral("Valid JSON")));
    // Undo restores the text before pretty-printing.
    e.textEdit()->undo();
    QCOMPARE(e.text(), QStringLiteral("{\"b\":2,\"a\":[1]}"));
    // The null marker.
    e.setBytes({}, true);
    QVERIFY(e.isNull());
    QTRY_VERIFY(e.statusText().contains(QStringLiteral("null")));
}

void TstNodePanel::loadEditSave() {
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    const QString path = QStringLiteral("/panel_edit_%1").arg(serverName());
    QVERIFY(create(c.get(), path, R"({"name":"broker-1","port":9092})"));
    auto panel = panelOn(s);
    QVERIFY(panel);
    QSignalSpy loadedSpy(panel.get(), &NodePanel::nodeLoaded);
    panel->loadNode(path);
    QVERIFY(loaded(panel.get()));
    QCOMPARE(loadedSpy.count(), 1);
    DataEditor* e = panel->dataEditor();
    QCOMPARE(e->dataFormat(), DataFormat::Json);
    QCOMPARE(e->encoding(), TextEncoding::Utf8);
    const auto server = read(c.get(), path);
    QVERIFY(server.ok());
    QCOMPARE(panel->statView()->valueText("czxid"), formatZxid(server.value.stat.czxid));
    QCOMPARE(panel->statView()->valueText("dataVersion"), QStringLiteral("0"));
    QCOMPARE(panel->statView()->valueText("ephemeralOwner"), QStringLiteral("0x0"));
    QCOMPARE(panel->statView()->valueText("dataLength"), QString::number(server.value.stat.dataLength));
    QTRY_COMPARE_WITH_TIMEOUT(panel->aclEditor()->acl(), proto::openAclUnsafe(), kWaitMs);

    QVERIFY(e->prettyPrint());
    e->setText(e->text().replace(QStringLiteral("9092"), QStringLiteral("9093")));
    QVERIFY(panel->isModified());
    QSignalSpy savedSpy(panel.get(), &NodePanel::saved);
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, kWaitMs);
    QVERIFY2(!panel->messageIsError(), qPrintable(panel->messageText()));
    QVERIFY(panel->messageText().contains(QStringLiteral("version 1")));
    const auto after = read(c.get(), path);
    QCOMPARE(bytesOf(after.value.data), e->currentBytes().value_or(QByteArray()));
    QVERIFY(after.value.data.find("\"port\": 9093") != std::string::npos);
    QCOMPARE(after.value.stat.version, 1);
    QCOMPARE(panel->loadedStat().version, 1);
    QCOMPARE(panel->statView()->valueText("dataVersion"), QStringLiteral("1"));
    QVERIFY(!panel->isModified());

    // A node that is gone: a sentence, not a crash.
    QVERIFY(call<client::Empty>([&](auto d) { c->remove(path.toStdString(), -1, std::move(d)); }).ok());
    panel->reload();
    QTRY_VERIFY_WITH_TIMEOUT(panel->messageIsError(), kWaitMs);
    QVERIFY2(panel->messageText().contains(QStringLiteral("does not exist")), qPrintable(panel->messageText()));
}

void TstNodePanel::binaryAndLatin1() {
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    auto panel = panelOn(s);
    QVERIFY(panel);
    const QString bin = QStringLiteral("/panel_bin_%1").arg(serverName());
    QVERIFY(create(c.get(), bin, QByteArray("\x00\xff\x10", 3)));
    panel->loadNode(bin);
    QVERIFY(loaded(panel.get()));
    QCOMPARE(panel->dataEditor()->dataFormat(), DataFormat::Binary);
    QCOMPARE(panel->dataEditor()->text(), QStringLiteral("00 ff 10"));
    panel->dataEditor()->setText(QStringLiteral("00 ff 11 80"));
    QSignalSpy savedSpy(panel.get(), &NodePanel::saved);
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, kWaitMs);
    QCOMPARE(bytesOf(read(c.get(), bin).value.data), QByteArray("\x00\xff\x11\x80", 4));

    const QString latin = QStringLiteral("/panel_latin1_%1").arg(serverName());
    QVERIFY(create(c.get(), latin, QByteArray("caf\xe9")));
    panel->loadNode(latin);
    QVERIFY(loaded(panel.get()));
    QVERIFY(panel->dataEditor()->setEncoding(TextEncoding::Latin1));
    QCOMPARE(panel->dataEditor()->text(), QStringLiteral("caf\u00e9"));
    panel->dataEditor()->setText(QStringLiteral("caf\u00e8"));
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 2, kWaitMs);
    QCOMPARE(bytesOf(read(c.get(), latin).value.data), QByteArray("caf\xe8"));
    QCOMPARE(panel->dataEditor()->encoding(), TextEncoding::Latin1);
}

void TstNodePanel::conflict() {
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    const QString path = QStringLiteral("/panel_conflict_%1").arg(serverName());
    QVERIFY(create(c.get(), path, "a\nb\nc\nd\n"));
    auto panel = panelOn(s);
    QVERIFY(panel);
    int confirms = 0;
    bool answer = true;
    panel->setConfirmer([&](const QString&, const QString&) {
        ++confirms;
        return answer;
    });
    QSignalSpy conflictSpy(panel.get(), &NodePanel::conflictShown);
    QSignalSpy savedSpy(panel.get(), &NodePanel::saved);
    panel->loadNode(path);
    QVERIFY(loaded(panel.get()));

    // 1. Changes on lines apart merge; saved against the server's version.
    QVERIFY(write(c.get(), path, "a\nB\nc\nd\n").ok());
    panel->dataEditor()->setText(QStringLiteral("a\nb\nc\nD\n"));
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 1, kWaitMs);
    ConflictDialog* d = panel->conflictDialog();
    QVERIFY(d);
    QVERIFY(d->isVisible());
    QCOMPARE(d->input().base, QStringLiteral("a\nb\nc\nd\n"));
    QCOMPARE(d->input().theirs, QStringLiteral("a\nB\nc\nd\n"));
    QCOMPARE(d->input().mine, QStringLiteral("a\nb\nc\nD\n"));
    QCOMPARE(d->input().baseVersion, 0);
    QCOMPARE(d->input().theirsVersion, 1);
    QVERIFY(d->merge().clean());
    QCOMPARE(d->resultText(), QStringLiteral("a\nB\nc\nD\n"));
    QVERIFY(!d->resultHasConflicts());
    d->choose(ConflictDialog::Choice::SaveMerged);
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, kWaitMs);
    auto now = read(c.get(), path);
    QCOMPARE(bytesOf(now.value.data), QByteArray("a\nB\nc\nD\n"));
    QCOMPARE(now.value.stat.version, 2);
    QCOMPARE(confirms, 0);

    // 2. Same line changed on both sides: a conflict; overwrite declined
    // writes nothing, overwrite confirmed writes the edited result.
    QVERIFY(write(c.get(), path, "X\nB\nc\nD\n").ok());
    panel->dataEditor()->setText(QStringLiteral("Y\nB\nc\nD\n"));
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 2, kWaitMs);
    d = panel->conflictDialog();
    QVERIFY(d);
    QCOMPARE(d->merge().conflicts, 1);
    QVERIFY(d->resultHasConflicts());
    d->setResultText(QStringLiteral("Z\nB\nc\nD\n"));
    answer = false;
    d->choose(ConflictDialog::Choice::Overwrite);
    QCOMPARE(confirms, 1);
    QTest::qWait(300);
    now = read(c.get(), path);
    QCOMPARE(bytesOf(now.value.data), QByteArray("X\nB\nc\nD\n"));
    QCOMPARE(now.value.stat.version, 3);
    QCOMPARE(savedSpy.count(), 1);
    answer = true;
    panel->save();  // still against the loaded version: the conflict comes back
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 3, kWaitMs);
    d = panel->conflictDialog();
    QVERIFY(d);
    d->setResultText(QStringLiteral("Z\nB\nc\nD\n"));
    d->choose(ConflictDialog::Choice::Overwrite);
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 2, kWaitMs);
    QCOMPARE(confirms, 2);
    now = read(c.get(), path);
    QCOMPARE(bytesOf(now.value.data), QByteArray("Z\nB\nc\nD\n"));
    QCOMPARE(now.value.stat.version, 4);
    QCOMPARE(panel->dataEditor()->text(), QStringLiteral("Z\nB\nc\nD\n"));

    // 3. Cancel keeps the edit; reload discards it and shows the server's data.
    QVERIFY(write(c.get(), path, "R\n").ok());
    panel->dataEditor()->setText(QStringLiteral("mine\n"));
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 4, kWaitMs);
    panel->conflictDialog()->choose(ConflictDialog::Choice::Cancel);
    QVERIFY(panel->messageIsError());
    QVERIFY(panel->messageText().contains(QStringLiteral("Not saved")));
    QCOMPARE(panel->dataEditor()->text(), QStringLiteral("mine\n"));
    QVERIFY(panel->isModified());
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 5, kWaitMs);
    panel->conflictDialog()->choose(ConflictDialog::Choice::Reload);
    QTRY_COMPARE_WITH_TIMEOUT(panel->dataEditor()->text(), QStringLiteral("R\n"), kWaitMs);
    QVERIFY(!panel->isModified());
    QCOMPARE(panel->loadedStat().version, 5);
    QCOMPARE(bytesOf(read(c.get(), path).value.data), QByteArray("R\n"));

    // 4. Saving the merged result races another write: a new conflict whose
    // base is what was merged against.
    QVERIFY(write(c.get(), path, "R\nS\n").ok());
    panel->dataEditor()->setText(QStringLiteral("M\n"));
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 6, kWaitMs);
    d = panel->conflictDialog();
    QVERIFY(write(c.get(), path, "T\n").ok());
    d->setResultText(QStringLiteral("M\nS\n"));
    d->choose(ConflictDialog::Choice::SaveMerged);
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 7, kWaitMs);
    d = panel->conflictDialog();
    QCOMPARE(d->input().base, QStringLiteral("R\nS\n"));
    QCOMPARE(d->input().theirs, QStringLiteral("T\n"));
    QCOMPARE(d->input().mine, QStringLiteral("M\nS\n"));
    d->choose(ConflictDialog::Choice::Cancel);
}

void TstNodePanel::createModes_data() {
    QTest::addColumn<QString>("server");
    QTest::addColumn<CreateMode>("mode");
    for (const char* srv : {"zookeeper", "engine"}) {
        for (CreateMode m : {CreateMode::Persistent, CreateMode::PersistentSequential, CreateMode::Ephemeral,
                             CreateMode::EphemeralSequential, CreateMode::Container, CreateMode::PersistentWithTTL,
                             CreateMode::PersistentSequentialWithTTL})
            QTest::addRow("%s %d", srv, int(m)) << QString::fromLatin1(srv) << m;
    }
}

void TstNodePanel::createModes() {
    QFETCH(CreateMode, mode);
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    const QString parent = QStringLiteral("/panel_create_%1_%2").arg(serverName()).arg(int(mode));
    QVERIFY(create(c.get(), parent, ""));
    auto panel = panelOn(s);
    QVERIFY(panel);
    panel->loadNode(parent);
    QVERIFY(loaded(panel.get()));
    CreateNodeDialog* dialog = panel->openCreateDialog();
    QVERIFY(dialog);
    QCOMPARE(dialog->parentPath(), parent);
    dialog->setName(QStringLiteral("child"));
    dialog->setMode(mode);
    QCOMPARE(dialog->mode(), mode);
    if (proto::isTtl(mode)) {
        dialog->setTtlMs(0);
        QString error;
        QVERIFY(!dialog->request(&error));
        QVERIFY(error.contains(QStringLiteral("TTL")));
        dialog->accept();  // refused: stays open with the problem shown
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->problemText().isEmpty());
        dialog->setTtlMs(60000);
    }
    dialog->setDataText(QStringLiteral("hello"));
    // The digest generator: fields in, entry out, password field emptied.
    auto* user = dialog->findChild<QLineEdit*>(QStringLiteral("digestUser"));
    auto* password = dialog->findChild<QLineEdit*>(QStringLiteral("digestPassword"));
    QVERIFY(user && password);
    user->setText(QStringLiteral("alice"));
    password->setText(QStringLiteral("pw"));
    QCOMPARE(dialog->aclEditor()->addDigestEntry(), 1);
    QVERIFY(password->text().isEmpty());
    const proto::ACLList expectedAcl{proto::openAclUnsafe()[0], digestEntry("alice", "pw", proto::perms::kAll)};
    QCOMPARE(dialog->aclEditor()->acl(), expectedAcl);

    QSignalSpy created(panel.get(), &NodePanel::nodeCreated);
    dialog->accept();
    QTRY_COMPARE_WITH_TIMEOUT(created.count(), 1, kWaitMs);
    QVERIFY2(!panel->messageIsError(), qPrintable(panel->messageText()));
    const QString path = created.at(0).at(0).toString();
    if (proto::isSequential(mode))
        QVERIFY2(QRegularExpression(QStringLiteral("^%1/child\\d{10}$").arg(parent)).match(path).hasMatch(),
                 qPrintable(path));
    else
        QCOMPARE(path, parent + QStringLiteral("/child"));
    const auto node = read(c.get(), path);
    QVERIFY2(node.ok(), node.message.c_str());
    QCOMPARE(bytesOf(node.value.data), QByteArray("hello"));
    const bool ephemeral = mode == CreateMode::Ephemeral || mode == CreateMode::EphemeralSequential;
    if (ephemeral) QCOMPARE(node.value.stat.ephemeralOwner, lastAdapter_->sessionId());
    if (mode == CreateMode::Persistent || mode == CreateMode::PersistentSequential)
        QCOMPARE(node.value.stat.ephemeralOwner, int64_t(0));
    const auto acl = call<client::AclData>([&](auto d) { c->getACL(path.toStdString(), std::move(d)); });
    QVERIFY(acl.ok());
    QCOMPARE(acl.value.acl, expectedAcl);

    // The same name again: a sentence, not a crash (sequential names differ).
    if (!proto::isSequential(mode)) {
        CreateRequest again;
        again.path = path;
        again.options.mode = mode;
        again.options.ttlMs = proto::isTtl(mode) ? 60000 : 0;
        panel->createNode(again);
        QTRY_VERIFY_WITH_TIMEOUT(panel->messageIsError(), kWaitMs);
        QVERIFY2(panel->messageText().contains(QStringLiteral("already exists")), qPrintable(panel->messageText()));
    }
}

void TstNodePanel::noAuth() {
    TestServer* s = server();
    const std::vector<client::AuthInfo> alice{{"digest", "alice:secret"}};
    auto c = other(s, alice);
    QVERIFY(c);
    const proto::ACL aliceAll = digestEntry("alice", "secret", proto::perms::kAll);
    // Admin for everybody: the ACL itself is readable, the data is not.
    const QString adminOnly = QStringLiteral("/panel_noauth_admin_%1").arg(serverName());
    QVERIFY(create(c.get(), adminOnly, "secret data",
                   {aliceAll, proto::ACL{proto::perms::kAdmin, proto::Id{"world", "anyone"}}}));
    const QString closed = QStringLiteral("/panel_noauth_closed_%1").arg(serverName());
    QVERIFY(create(c.get(), closed, "secret data", {aliceAll}));
    const QString readOnlyAcl = QStringLiteral("/panel_noauth_ro_%1").arg(serverName());
    QVERIFY(create(c.get(), readOnlyAcl, "v0", proto::readAclUnsafe()));

    auto panel = panelOn(s);
    QVERIFY(panel);
    panel->loadNode(adminOnly);
    QTRY_VERIFY_WITH_TIMEOUT(panel->messageText().contains(QStringLiteral("ACL:")), kWaitMs);
    QString m = panel->messageText();
    QVERIFY(panel->messageIsError());
    QVERIFY2(m.contains(QStringLiteral("Not allowed")) && m.contains(QStringLiteral("READ")), qPrintable(m));
    QVERIFY2(m.contains(aclEntryText(aliceAll)), qPrintable(m));
    QVERIFY2(m.contains(QStringLiteral("world:anyone:a")), qPrintable(m));
    QVERIFY2(m.contains(QStringLiteral("ip:127.0.0.1")), qPrintable(m));
    QVERIFY(!panel->hasNode());
    QVERIFY(panel->dataEditor()->text().isEmpty());

    // No permission at all: the ACL cannot be read either (getACL needs READ
    // or ADMIN in ZooKeeper 3.8); the panel says so.
    panel->loadNode(closed);
    QTRY_VERIFY_WITH_TIMEOUT(panel->messageText().contains(QStringLiteral("identities")), kWaitMs);
    m = panel->messageText();
    QVERIFY2(m.contains(QStringLiteral("Not allowed")), qPrintable(m));
    QVERIFY2(m.contains(QStringLiteral("read the node's ACL either")), qPrintable(m));

    // Readable but not writable: the save names WRITE and keeps the edit.
    panel->loadNode(readOnlyAcl);
    QVERIFY(loaded(panel.get()));
    panel->dataEditor()->setText(QStringLiteral("v1"));
    panel->save();
    QTRY_VERIFY_WITH_TIMEOUT(panel->messageText().contains(QStringLiteral("WRITE")), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(panel->messageText().contains(QStringLiteral("world:anyone:r")), kWaitMs);
    QCOMPARE(panel->dataEditor()->text(), QStringLiteral("v1"));
    QCOMPARE(bytesOf(read(c.get(), readOnlyAcl).value.data), QByteArray("v0"));

    // With alice's credentials the same panel code reads the node.
    auto alicePanel = panelOn(s, alice);
    QVERIFY(alicePanel);
    alicePanel->loadNode(closed);
    QVERIFY(loaded(alicePanel.get()));
    QCOMPARE(alicePanel->dataEditor()->text(), QStringLiteral("secret data"));
}

void TstNodePanel::identities() {
    TestServer* s = server();
    auto adapter = connected(s, {{"digest", "bob:pw1"}});
    QVERIFY(adapter);
    AdapterNodeSource source(adapter.get());
    const QStringList ids = source.identities();
    QCOMPARE(ids, (QStringList{QStringLiteral("digest:") + generateDigest("bob", "pw1", nullptr).value_or(""),
                               QStringLiteral("ip:127.0.0.1")}));
    for (const QString& id : ids) QVERIFY(!id.contains(QStringLiteral("pw1")));
    // Once the adapter is gone, calls still complete (ConnectionLoss), later.
    adapter.reset();
    bool returned = false, calledEarly = false, called = false;
    source.getData("/", [&](client::Result<client::NodeData> r) {
        calledEarly = !returned;
        called = true;
        QCOMPARE(r.err, Err::ConnectionLoss);
    });
    returned = true;
    QTRY_VERIFY(called);
    QVERIFY(!calledEarly);
    QVERIFY(source.identities().isEmpty());
}

void TstNodePanel::readOnlyGuard() {
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    const QString path = QStringLiteral("/panel_guard_%1").arg(serverName());
    QVERIFY(create(c.get(), path, "v0"));
    auto panel = panelOn(s);
    QVERIFY(panel);
    panel->setReadOnly(true);
    panel->loadNode(path);
    QVERIFY(loaded(panel.get()));
    QVERIFY(panel->dataEditor()->textEdit()->isReadOnly());
    QSignalSpy messages(panel.get(), &NodePanel::message);

    panel->dataEditor()->setText(QStringLiteral("v1"));  // programmatic edits still happen
    panel->save();
    QVERIFY(panel->messageIsError());
    QVERIFY2(panel->messageText().contains(QStringLiteral("read-only")), qPrintable(panel->messageText()));

    QTRY_COMPARE_WITH_TIMEOUT(panel->aclEditor()->acl(), proto::openAclUnsafe(), kWaitMs);
    panel->saveAcl();
    QVERIFY(panel->messageText().contains(QStringLiteral("read-only")));
    QVERIFY(panel->messageText().contains(QStringLiteral("ACL")));

    CreateRequest req;
    req.path = path + QStringLiteral("/child");
    panel->createNode(req);
    QVERIFY(panel->messageText().contains(QStringLiteral("read-only")));
    QCOMPARE(messages.count(), 3);

    QTest::qWait(300);  // nothing was sent, so nothing can arrive
    const auto now = read(c.get(), path);
    QCOMPARE(bytesOf(now.value.data), QByteArray("v0"));
    QCOMPARE(now.value.stat.version, 0);
    auto child = call<std::optional<proto::Stat>>(
        [&](auto d) { c->exists(req.path.toStdString(), false, std::move(d)); });
    QVERIFY(child.ok());
    QVERIFY(!child.value.has_value());

    // Unlocked: the same edit saves.
    panel->setReadOnly(false);
    QVERIFY(!panel->dataEditor()->textEdit()->isReadOnly());
    QSignalSpy savedSpy(panel.get(), &NodePanel::saved);
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(savedSpy.count(), 1, kWaitMs);
    QCOMPARE(bytesOf(read(c.get(), path).value.data), QByteArray("v1"));
}

void TstNodePanel::aclEditSave() {
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    const QString path = QStringLiteral("/panel_acl_%1").arg(serverName());
    QVERIFY(create(c.get(), path, "acl"));
    auto panel = panelOn(s);
    QVERIFY(panel);
    QSignalSpy aclSaved(panel.get(), &NodePanel::aclSaved);
    panel->loadNode(path);
    QVERIFY(loaded(panel.get()));
    QTRY_COMPARE_WITH_TIMEOUT(panel->aclEditor()->acl(), proto::openAclUnsafe(), kWaitMs);

    // world:anyone loses WRITE and DELETE; alice gets everything.
    userEditsAcl(panel.get(), QStringLiteral("alice"), QStringLiteral("s3cret"), 0,
                 proto::perms::kWrite | proto::perms::kDelete);
    const proto::ACLList expected{
        proto::ACL{proto::perms::kRead | proto::perms::kCreate | proto::perms::kAdmin, proto::Id{"world", "anyone"}},
        digestEntry("alice", "s3cret", proto::perms::kAll)};
    QCOMPARE(panel->aclEditor()->acl(), expected);
    QVERIFY(panel->aclEditor()->isModified());
    QVERIFY(panel->isModified());
    QVERIFY(panel->aclEditor()->problems().isEmpty());

    auto* apply = panel->aclEditor()->findChild<QPushButton*>(QStringLiteral("applyAcl"));
    QVERIFY(apply && apply->isVisibleTo(panel.get()));
    QTest::mouseClick(apply, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(aclSaved.count(), 1, kWaitMs);
    QVERIFY2(!panel->messageIsError(), qPrintable(panel->messageText()));
    QVERIFY2(panel->messageText().contains(QStringLiteral("applied")), qPrintable(panel->messageText()));

    // A separate session reads back exactly what was edited.
    const auto back = readAcl(c.get(), path);
    QVERIFY2(back.ok(), back.message.c_str());
    QCOMPARE(back.value.acl, expected);
    QCOMPARE(back.value.stat.aversion, 1);
    QCOMPARE(back.value.stat.version, 0);  // the data was not touched
    // The panel reloads the ACL after applying: unmodified, at the new version.
    QTRY_VERIFY_WITH_TIMEOUT(!panel->aclEditor()->isModified(), kWaitMs);
    QCOMPARE(panel->aclEditor()->acl(), expected);

    // Applied a second time against the reloaded version: no conflict.
    userEditsAcl(panel.get(), QStringLiteral("bob"), QStringLiteral("pw2"), 1, proto::perms::kDelete);
    QTest::mouseClick(apply, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(aclSaved.count(), 2, kWaitMs);
    const proto::ACLList expected2{expected[0],
                                   digestEntry("alice", "s3cret", proto::perms::kAll & ~proto::perms::kDelete),
                                   digestEntry("bob", "pw2", proto::perms::kAll)};
    const auto back2 = readAcl(c.get(), path);
    QCOMPARE(back2.value.acl, expected2);
    QCOMPARE(back2.value.stat.aversion, 2);
}

void TstNodePanel::aclConflict() {
    TestServer* s = server();
    auto c = other(s);
    QVERIFY(c);
    const QString path = QStringLiteral("/panel_acl_conflict_%1").arg(serverName());
    QVERIFY(create(c.get(), path, "x"));
    auto panel = panelOn(s);
    QVERIFY(panel);
    QSignalSpy aclSaved(panel.get(), &NodePanel::aclSaved);
    QSignalSpy conflicts(panel.get(), &NodePanel::aclConflict);
    panel->loadNode(path);
    QVERIFY(loaded(panel.get()));
    QTRY_COMPARE_WITH_TIMEOUT(panel->aclEditor()->acl(), proto::openAclUnsafe(), kWaitMs);
    userEditsAcl(panel.get(), QStringLiteral("carol"), QStringLiteral("pw"), 0, proto::perms::kWrite);
    const proto::ACLList mine = panel->aclEditor()->acl();
    QCOMPARE(mine.size(), size_t(2));

    // Another client changes the ACL after the panel loaded it.
    const proto::ACLList theirs{proto::ACL{proto::perms::kAll, proto::Id{"world", "anyone"}},
                                proto::ACL{proto::perms::kRead, proto::Id{"ip", "10.1.2.0/24"}}};
    QVERIFY(call<client::Empty>([&](auto d) { c->setACL(path.toStdString(), theirs, 0, std::move(d)); }).ok());

    panel->saveAcl();
    QTRY_COMPARE_WITH_TIMEOUT(conflicts.count(), 1, kWaitMs);
    QCOMPARE(aclSaved.count(), 0);
    QVERIFY(panel->messageIsError());
    const QString m = panel->messageText();
    QVERIFY2(m.contains(QStringLiteral("not applied")) && m.contains(QStringLiteral("another client")), qPrintable(m));
    QVERIFY2(m.contains(path), qPrintable(m));
    // The sentence shows what the server holds now and what the user can do.
    QVERIFY2(m.contains(QStringLiteral("ip:10.1.2.0/24:r")), qPrintable(m));
    QVERIFY2(m.contains(QStringLiteral("apply them again")) && m.contains(QStringLiteral("reload")), qPrintable(m));
    // Nothing lost: the edit is still in the editor, the server kept theirs.
    QCOMPARE(panel->aclEditor()->acl(), mine);
    QVERIFY(panel->aclEditor()->isModified());
    QCOMPARE(readAcl(c.get(), path).value.acl, theirs);

    {  // the conflict as the user sees it (PNG under ZS_SCREENSHOT_DIR)
        const QString dir = QStringLiteral(ZS_SCREENSHOT_DIR);
        QVERIFY(QDir().mkpath(dir));
        panel->resize(900, 620);
        panel->show();
        QCoreApplication::processEvents();
        QVERIFY(panel->grab().save(dir + QStringLiteral("/acl_conflict_%1.png").arg(serverName())));
        panel->hide();
    }

    // Offered again: applying now replaces the server's ACL (the user has
    // seen it), checked against the version the conflict reported.
    panel->saveAcl();
    QTRY_COMPARE_WITH_TIMEOUT(aclSaved.count(), 1, kWaitMs);
    auto back = readAcl(c.get(), path);
    QCOMPARE(back.value.acl, mine);
    QCOMPARE(back.value.stat.aversion, 2);

    // A second conflict, resolved by reloading: the editor takes the server's.
    QTRY_VERIFY_WITH_TIMEOUT(!panel->aclEditor()->isModified(), kWaitMs);
    userEditsAcl(panel.get(), QStringLiteral("dave"), QStringLiteral("pw"), 1, 0);
    QVERIFY(call<client::Empty>([&](auto d) { c->setACL(path.toStdString(), theirs, 2, std::move(d)); }).ok());
    panel->saveAcl();
    QTRY_COMPARE_WITH_TIMEOUT(conflicts.count(), 2, kWaitMs);
    QCOMPARE(panel->aclEditor()->acl().size(), mine.size() + 1);
    panel->reload();
    QTRY_COMPARE_WITH_TIMEOUT(panel->aclEditor()->acl(), theirs, kWaitMs);
    QVERIFY(!panel->aclEditor()->isModified());
    back = readAcl(c.get(), path);
    QCOMPARE(back.value.acl, theirs);
    QCOMPARE(back.value.stat.aversion, 3);
}

void TstNodePanel::highlighting_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<DataFormat>("format");
    // Two pieces of the first line that must get different formats.
    QTest::addColumn<QString>("first");
    QTest::addColumn<QString>("second");
    QTest::newRow("json key vs string") << QByteArray("{\"name\": \"broker-1\", \"port\": 9092}") << DataFormat::Json
                                        << "\"name\"" << "\"broker-1\"";
    QTest::newRow("json number vs keyword") << QByteArray("{\"port\": 9092, \"tls\": false}") << DataFormat::Json
                                            << "9092" << "false";
    QTest::newRow("xml tag vs attribute") << QByteArray("<broker id=\"1\"><host>h</host></broker>")
                                          << DataFormat::Xml << "<broker" << "id";
    QTest::newRow("xml attribute vs value") << QByteArray("<broker id=\"1\"><host>h</host></broker>")
                                            << DataFormat::Xml << "id" << "\"1\"";
    QTest::newRow("yaml key vs string") << QByteArray("name: \"broker-1\"\nport: 9092\n") << DataFormat::Yaml
                                        << "name" << "\"broker-1\"";
    QTest::newRow("properties key vs value") << QByteArray("# brokers\nbroker.host=10.0.0.1\n")
                                             << DataFormat::Properties << "broker.host" << "10.0.0.1";
}

namespace {
// The highlighter's format at `pos` of `block` (the layout holds them as
// additional formats); an invalid format where none applies.
QTextCharFormat formatAt(const QTextBlock& block, int pos) {
    for (const QTextLayout::FormatRange& r : block.layout()->formats())
        if (pos >= r.start && pos < r.start + r.length) return r.format;
    return {};
}
}  // namespace

void TstNodePanel::highlighting() {
    QFETCH(QByteArray, text);
    QFETCH(DataFormat, format);
    QFETCH(QString, first);
    QFETCH(QString, second);
    DataEditor e;
    e.setBytes(text);
    if (e.dataFormat() != format) e.setDataFormat(format);  // detection is tested in tst_data_format
    QCOMPARE(e.dataFormat(), format);
    QTextDocument* doc = e.textEdit()->document();
    // The line holding `first` (the .properties case starts with a comment).
    QTextBlock block = doc->firstBlock();
    while (block.isValid() && !block.text().contains(first)) block = block.next();
    QVERIFY(block.isValid());
    const int a = int(block.text().indexOf(first));
    const int b = int(block.text().indexOf(second, a + first.size()));
    QVERIFY(a >= 0 && b >= 0);
    const QTextCharFormat fa = formatAt(block, a), fb = formatAt(block, b);
    QVERIFY2(fa.hasProperty(QTextFormat::ForegroundBrush), "the first piece has no colour");
    QVERIFY2(fb.hasProperty(QTextFormat::ForegroundBrush), "the second piece has no colour");
    QVERIFY2(fa.foreground() != fb.foreground() || fa.fontWeight() != fb.fontWeight(),
             qPrintable(QStringLiteral("same format for %1 and %2").arg(first, second)));
    // The whole piece carries the same format (not only its first character).
    QCOMPARE(formatAt(block, a + int(first.size()) - 1).foreground(), fa.foreground());
    if (format == DataFormat::Properties) {  // the comment line is one colour, unlike the key
        const QTextBlock comment = doc->firstBlock();
        QVERIFY(formatAt(comment, 0).hasProperty(QTextFormat::ForegroundBrush));
        QVERIFY(formatAt(comment, 0).foreground() != fa.foreground());
    }

    // The same text as plain text: no formats at all.
    e.setDataFormat(DataFormat::Text);
    for (QTextBlock bl = doc->firstBlock(); bl.isValid(); bl = bl.next())
        QVERIFY2(bl.layout()->formats().isEmpty(), qPrintable(bl.text()));
    // And back: highlighted again.
    e.setDataFormat(format);
    QVERIFY(formatAt(block, a).hasProperty(QTextFormat::ForegroundBrush));
}

void TstNodePanel::screenshots() {
    const QString dir = QStringLiteral(ZS_SCREENSHOT_DIR);
    QVERIFY(QDir().mkpath(dir));
    auto c = other(engine_.get());
    QVERIFY(c);
    const QString path = QStringLiteral("/screenshot_config");
    const QByteArray json = R"({"cluster":"orders","brokers":[{"id":1,"host":"10.0.0.11","port":9092},)"
                            R"({"id":2,"host":"10.0.0.12","port":9092}],"retention.ms":604800000,"compact":false})";
    QVERIFY(create(c.get(), path, json,
                   {proto::ACL{proto::perms::kAll, proto::Id{"world", "anyone"}},
                    digestEntry("ops", "pw", proto::perms::kRead | proto::perms::kAdmin),
                    proto::ACL{proto::perms::kRead, proto::Id{"ip", "10.0.0.0/8"}}}));
    auto panel = panelOn(engine_.get());
    QVERIFY(panel);
    panel->resize(900, 620);
    panel->show();
    panel->loadNode(path);
    QVERIFY(loaded(panel.get()));
    QVERIFY(panel->dataEditor()->prettyPrint());
    auto save = [&](QWidget* w, const QString& name) {
        QCoreApplication::processEvents();
        const QString file = dir + QLatin1Char('/') + name;
        QVERIFY2(w->grab().save(file), qPrintable(file));
    };
    save(panel.get(), QStringLiteral("node_panel_json.png"));
    panel->tabs()->setCurrentIndex(1);
    save(panel.get(), QStringLiteral("node_panel_stat.png"));
    panel->tabs()->setCurrentIndex(2);
    QTRY_COMPARE_WITH_TIMEOUT(panel->aclEditor()->acl().size(), size_t(3), kWaitMs);
    save(panel.get(), QStringLiteral("acl_editor.png"));
    panel->tabs()->setCurrentIndex(0);

    // A conflict: the server changed the port of broker 1, we changed the host.
    const QString pretty = panel->dataEditor()->text();
    QString theirs = pretty;
    theirs.replace(QStringLiteral("\"retention.ms\": 604800000"), QStringLiteral("\"retention.ms\": 86400000"));
    theirs.replace(QStringLiteral("\"compact\": false"), QStringLiteral("\"compact\": true"));
    QVERIFY(write(c.get(), path, theirs.toUtf8()).ok());
    QString mine = pretty;
    mine.replace(QStringLiteral("10.0.0.12"), QStringLiteral("10.0.0.22"));
    mine.replace(QStringLiteral("\"compact\": false"), QStringLiteral("\"compact\": false,\n    \"owner\": \"team-a\""));
    panel->dataEditor()->setText(mine);
    QSignalSpy conflictSpy(panel.get(), &NodePanel::conflictShown);
    panel->save();
    QTRY_COMPARE_WITH_TIMEOUT(conflictSpy.count(), 1, kWaitMs);
    ConflictDialog* d = panel->conflictDialog();
    // The loaded data was compact; the edit pretty-printed: the dialog compares
    // pretty forms, so the host change merges and only the tail conflicts.
    QVERIFY(!d->input().note.isEmpty());
    QVERIFY(d->input().base.count(QLatin1Char('\n')) > 10);
    QCOMPARE(d->merge().conflicts, 1);
    QVERIFY(d->resultText().startsWith(QStringLiteral("{\n    \"cluster\"")));
    QVERIFY(d->resultText().contains(QStringLiteral("10.0.0.22")));
    d->resize(1200, 760);
    save(d, QStringLiteral("conflict_view.png"));
    d->choose(ConflictDialog::Choice::Cancel);

    CreateNodeDialog* create = panel->openCreateDialog();
    create->setName(QStringLiteral("session-lease"));
    create->setMode(CreateMode::PersistentWithTTL);
    create->setTtlMs(300000);
    create->setDataText(QStringLiteral("owner=worker-7\nexpires=soon\n"));
    create->dataEditor()->setDataFormat(DataFormat::Properties);
    save(create, QStringLiteral("create_dialog.png"));
    create->reject();

    panel->setReadOnly(true);
    panel->save();
    save(panel.get(), QStringLiteral("node_panel_guarded.png"));
}

QTEST_MAIN(TstNodePanel)
#include "tst_node_panel.moc"
