// models/acl_model.h: digest generation (checked against openssl), permission
// letters, ACL validation and the editable table model under
// QAbstractItemModelTester. No server.
#include <QtTest>

#include <QAbstractItemModelTester>
#include <QProcess>
#include <QStandardPaths>

#include "models/acl_model.h"

using namespace zooscope::ui;
namespace proto = zooscope::proto;
namespace perms = zooscope::proto::perms;

namespace {

// `echo -n user:pw | openssl dgst -binary -sha1 | base64`, the credential fed
// on stdin (not on a command line).
QString opensslDigest(const QString& credential) {
    QProcess p;
    p.start(QStringLiteral("sh"), {QStringLiteral("-c"), QStringLiteral("openssl dgst -binary -sha1 | base64")});
    if (!p.waitForStarted(10000)) return {};
    p.write(credential.toUtf8());
    p.closeWriteChannel();
    if (!p.waitForFinished(10000) || p.exitCode() != 0) return {};
    return QString::fromLatin1(p.readAllStandardOutput()).trimmed();
}

proto::ACL entry(int32_t p, const char* scheme, const char* id) { return proto::ACL{p, proto::Id{scheme, id}}; }

}  // namespace

class TstAclModel : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void digest_data();
    void digest();
    void digestRefuses_data();
    void digestRefuses();
    void permLetters_data();
    void permLetters();
    void validation_data();
    void validation();
    void tableModel();
    void tableModelReadOnly();
};

void TstAclModel::initTestCase() {
    if (QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty())
        QFAIL("openssl is not installed (Debian package openssl; scripts/test installs it); the digest cross-check needs it");
}

void TstAclModel::digest_data() {
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::newRow("simple") << "alice" << "secret";
    QTest::newRow("super") << "super" << "superpw";
    QTest::newRow("empty password") << "bob" << "";
    QTest::newRow("colon in password") << "carol" << "a:b:c";
    QTest::newRow("utf-8") << QStringLiteral("jürgen") << QStringLiteral("pässwörd");
}

void TstAclModel::digest() {
    QFETCH(QString, user);
    QFETCH(QString, password);
    const QString expectedHash = opensslDigest(user + ':' + password);
    QVERIFY2(expectedHash.size() == 28, qPrintable(expectedHash));
    QString error;
    const auto id = generateDigest(user, password, &error);
    QVERIFY2(id.has_value(), qPrintable(error));
    QCOMPARE(*id, user + ':' + expectedHash);
    QVERIFY(!id->contains(password) || password.isEmpty() || user.contains(password));
    // What the generator makes is what validation accepts for digest ids.
    QVERIFY(validateAcl({proto::ACL{perms::kAll, proto::Id{"digest", id->toStdString()}}}).isEmpty());
}

void TstAclModel::digestRefuses_data() {
    QTest::addColumn<QString>("user");
    QTest::newRow("empty") << "";
    QTest::newRow("colon") << "a:b";
}

void TstAclModel::digestRefuses() {
    QFETCH(QString, user);
    QString error;
    QVERIFY(!generateDigest(user, QStringLiteral("pw"), &error).has_value());
    QVERIFY(!error.isEmpty());
    QVERIFY(!error.contains(QStringLiteral("pw")));
}

void TstAclModel::permLetters_data() {
    QTest::addColumn<int>("perms");
    QTest::addColumn<QString>("text");
    QTest::newRow("all") << int(perms::kAll) << "cdrwa";
    QTest::newRow("none") << 0 << "";
    QTest::newRow("read") << int(perms::kRead) << "r";
    QTest::newRow("rw") << int(perms::kRead | perms::kWrite) << "rw";
    QTest::newRow("admin create") << int(perms::kAdmin | perms::kCreate) << "ca";
}

void TstAclModel::permLetters() {
    QFETCH(int, perms);
    QFETCH(QString, text);
    QCOMPARE(permsToString(perms), text);
    QCOMPARE(permsFromString(text), std::optional<int32_t>(perms));
    // Any order, upper case too.
    std::reverse(text.begin(), text.end());
    QCOMPARE(permsFromString(text.toUpper()), std::optional<int32_t>(perms));
    QVERIFY(!permsFromString(QStringLiteral("rx")).has_value());
    QVERIFY(!permsFromString(QStringLiteral("rr")).has_value());
    QCOMPARE(aclEntryText(entry(perms::kAll, "world", "anyone")), QStringLiteral("world:anyone:cdrwa"));
}

void TstAclModel::validation_data() {
    QTest::addColumn<int>("perms");
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("id");
    QTest::addColumn<bool>("ok");
    const int all = perms::kAll;
    QTest::newRow("world anyone") << all << "world" << "anyone" << true;
    QTest::newRow("world other") << all << "world" << "everyone" << false;
    QTest::newRow("digest ok") << all << "digest" << "bob:RtsqvZtOmXmnNm8zWpD0oc9Ec7s=" << true;
    QTest::newRow("digest password") << all << "digest" << "bob:secret" << false;
    QTest::newRow("digest no user") << all << "digest" << "RtsqvZtOmXmnNm8zWpD0oc9Ec7s=" << false;
    QTest::newRow("ip") << all << "ip" << "127.0.0.1" << true;
    QTest::newRow("ip cidr") << all << "ip" << "10.0.0.0/8" << true;
    QTest::newRow("ip bad octet") << all << "ip" << "10.0.0.256" << false;
    QTest::newRow("ip bad bits") << all << "ip" << "10.0.0.0/33" << false;
    QTest::newRow("ip v6") << all << "ip" << "::1" << true;
    QTest::newRow("ip name") << all << "ip" << "localhost" << false;
    QTest::newRow("auth") << all << "auth" << "" << true;
    QTest::newRow("x509") << all << "x509" << "CN=me" << true;
    QTest::newRow("unknown scheme") << all << "kerberos" << "x" << false;
    QTest::newRow("no permission") << 0 << "world" << "anyone" << false;
    QTest::newRow("unknown bits") << (all | 64) << "world" << "anyone" << false;
}

void TstAclModel::validation() {
    QFETCH(int, perms);
    QFETCH(QString, scheme);
    QFETCH(QString, id);
    QFETCH(bool, ok);
    const QList<AclProblem> problems =
        validateAcl({proto::ACL{perms, proto::Id{scheme.toStdString(), id.toStdString()}}});
    QCOMPARE(problems.isEmpty(), ok);
    for (const AclProblem& p : problems) {
        QCOMPARE(p.row, 0);
        QVERIFY(p.message.contains(QStringLiteral("1")) || p.message.contains(scheme));
    }
    QCOMPARE(validateAcl({}).size(), 1);
    QCOMPARE(validateAcl({}).first().row, -1);
}

void TstAclModel::tableModel() {
    AclTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy edited(&model, &AclTableModel::edited);
    const proto::ACLList loaded{entry(perms::kAll, "world", "anyone"), entry(perms::kRead, "ip", "127.0.0.1")};
    model.setAcl(loaded);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(AclTableModel::ColumnCount));
    QCOMPARE(model.acl(), loaded);
    QVERIFY(!model.isModified());
    QCOMPARE(edited.count(), 0);

    const QModelIndex write1 = model.index(1, AclTableModel::WriteColumn);
    QCOMPARE(model.data(write1, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(model.data(model.index(1, AclTableModel::ReadColumn), Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(model.flags(write1) & Qt::ItemIsUserCheckable);
    QVERIFY(model.setData(write1, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(model.acl()[1].perms, perms::kRead | perms::kWrite);
    QVERIFY(model.isModified());
    QCOMPARE(edited.count(), 1);

    QVERIFY(model.setData(model.index(1, AclTableModel::IdColumn), QStringLiteral(" 10.0.0.0/8 "), Qt::EditRole));
    QCOMPARE(model.acl()[1].id.id, std::string("10.0.0.0/8"));
    QCOMPARE(model.data(model.index(1, AclTableModel::IdColumn)).toString(), QStringLiteral("10.0.0.0/8"));

    const int row = model.addEntry(entry(perms::kAll, "digest", "bob:RtsqvZtOmXmnNm8zWpD0oc9Ec7s="));
    QCOMPARE(row, 2);
    QCOMPARE(model.rowCount(), 3);
    // Switching a row's scheme keeps its id; validation then flags the mismatch.
    QVERIFY(model.setData(model.index(2, AclTableModel::SchemeColumn), QStringLiteral("world"), Qt::EditRole));
    QCOMPARE(model.acl()[2].id.id, std::string("bob:RtsqvZtOmXmnNm8zWpD0oc9Ec7s="));
    QCOMPARE(validateAcl(model.acl()).size(), 1);
    QCOMPARE(validateAcl(model.acl()).first().row, 2);
    QVERIFY(model.removeRows(0, 1));
    QCOMPARE(model.rowCount(), 2);
    QVERIFY(!model.removeRows(5, 1));

    // Undo every change by hand: not modified any more.
    model.removeRows(0, 2);
    model.addEntry(loaded[0]);
    model.addEntry(loaded[1]);
    QVERIFY(!model.isModified());
    QCOMPARE(model.permForColumn(AclTableModel::AdminColumn), perms::kAdmin);
    QCOMPARE(model.permForColumn(AclTableModel::IdColumn), 0);
}

void TstAclModel::tableModelReadOnly() {
    AclTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAcl({entry(perms::kRead, "world", "anyone")});
    model.setReadOnly(true);
    const QModelIndex w = model.index(0, AclTableModel::WriteColumn);
    QVERIFY(!(model.flags(w) & Qt::ItemIsUserCheckable));
    QVERIFY(!(model.flags(model.index(0, AclTableModel::IdColumn)) & Qt::ItemIsEditable));
    QVERIFY(!model.setData(w, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!model.removeRows(0, 1));
    QCOMPARE(model.acl()[0].perms, perms::kRead);
    QVERIFY(!model.isModified());
}

QTEST_GUILESS_MAIN(TstAclModel)
#include "tst_acl_model.moc"
