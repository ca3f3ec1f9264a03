// core/tree/acl: digest values, the AuthPacket handler, checkACL per scheme
// (world, digest, ip with IPv4/IPv6 CIDR, super) and fixupACL's errors and
// expansion.
//
// Digest literals were computed outside this code, e.g.
//   echo -n user:pw | openssl dgst -binary -sha1 | base64
// and agree with `java DigestAuthenticationProvider user:pw` of ZooKeeper 3.8.
#include <QtTest>

#include <string>
#include <vector>

#include "proto/digest.h"
#include "tree/acl.h"

using namespace zooscope;
using namespace zooscope::tree;
using zooscope::proto::digestOf;
namespace perms = zooscope::proto::perms;

namespace {
QByteArray bytes(std::string_view s) { return QByteArray(s.data(), static_cast<qsizetype>(s.size())); }
std::string str(const QByteArray& b) { return std::string(b.constData(), static_cast<size_t>(b.size())); }

const std::string kUserPwDigest = "user:2Om+GBbT2q/tS6pdvACZbbm7/1A=";
const std::string kSuperDigest = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=";  // super:secret
const std::string kBobDigest = "bob:X1weBMmhh4G+1kOSLdsTdv+wUDQ=";     // bob:s3cret

proto::ACL acl(int32_t p, std::string scheme, std::string id) { return proto::ACL{p, proto::Id{std::move(scheme), std::move(id)}}; }
proto::Id ipId(std::string a) { return proto::Id{"ip", std::move(a)}; }
proto::Id digestId(std::string d) { return proto::Id{"digest", std::move(d)}; }
}  // namespace

class TestAcl : public QObject {
    Q_OBJECT
private slots:
    void digest_data();
    void digest();
    void authenticateDigest();
    void authenticateSuper();
    void authenticateOtherSchemes();
    void addAuthIdIsASet();
    void ipMatch_data();
    void ipMatch();
    void validIds_data();
    void validIds();
    void checkWorldAndEmpty();
    void checkDigest();
    void checkIp();
    void checkSuper();
    void checkPermBits();
    void fixupErrors_data();
    void fixupErrors();
    void fixupExpandsAuth();
    void fixupDuplicates();
};

void TestAcl::digest_data() {
    QTest::addColumn<QByteArray>("idPassword");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("user:pw") << QByteArray("user:pw") << bytes(kUserPwDigest);
    QTest::newRow("super:secret") << QByteArray("super:secret") << bytes(kSuperDigest);
    // From zookeeper-3.8.0.jar: the name stops at the first ':'; no ':' keeps it all.
    QTest::newRow("no colon") << QByteArray("nocolon") << QByteArray("nocolon:Ra+cHr2ZoHvBjtNArFGNGlVie4g=");
    QTest::newRow("empty user") << QByteArray(":x") << QByteArray(":57b19mLA2vMhI/edHul/TytWqWE=");
    QTest::newRow("colon in password") << QByteArray("a:b:c") << QByteArray("a:cLzgnoJ6mP5qz3w+mwvPE2vDgu0=");
    QTest::newRow("utf8") << QByteArray("\xc3\xa9:\xc3\xbc") << QByteArray("\xc3\xa9:Ztqg8TrMmzkSFpOaDBO87lu10+c=");
}

void TestAcl::digest() {
    QFETCH(QByteArray, idPassword);
    QFETCH(QByteArray, expected);
    QCOMPARE(bytes(digestOf(str(idPassword))), expected);
}

void TestAcl::authenticateDigest() {
    const AuthResult r = authenticate("digest", "bob:s3cret");
    QVERIFY(r.ok);
    QCOMPARE(bytes(r.id.scheme), QByteArray("digest"));
    QCOMPARE(bytes(r.id.id), bytes(kBobDigest));
    QVERIFY(!r.superUser);
    // The wrong password gives a different id, which then matches nothing.
    const AuthResult wrong = authenticate("digest", "bob:wrong");
    QVERIFY(wrong.ok);
    QVERIFY(wrong.id.id != kBobDigest);
}

void TestAcl::authenticateSuper() {
    AuthContext ctx;
    ctx.superDigest = kSuperDigest;
    const AuthResult r = authenticate("digest", "super:secret", ctx);
    QVERIFY(r.ok);
    QVERIFY(r.superUser);
    QCOMPARE(bytes(r.id.id), bytes(kSuperDigest));
    QVERIFY(!authenticate("digest", "super:guess", ctx).superUser);
    QVERIFY(!authenticate("digest", "super:secret").superUser);  // none configured
}

void TestAcl::authenticateOtherSchemes() {
    AuthContext ctx;
    ctx.clientAddress = "10.1.2.3";
    const AuthResult ip = authenticate("ip", "ignored", ctx);
    QVERIFY(ip.ok);
    QVERIFY(ip.id == ipId("10.1.2.3"));
    QVERIFY(!authenticate("sasl", "x").ok);
    QVERIFY(!authenticate("x509", "x").ok);
    QVERIFY(!authenticate("world", "anyone").ok);
    QVERIFY(!authenticate("", "").ok);
}

void TestAcl::addAuthIdIsASet() {
    std::vector<proto::Id> ids{ipId("127.0.0.1")};
    QVERIFY(addAuthId(ids, digestId(kBobDigest)));
    QVERIFY(!addAuthId(ids, digestId(kBobDigest)));
    QVERIFY(!addAuthId(ids, ipId("127.0.0.1")));
    QCOMPARE(ids.size(), size_t(2));
}

void TestAcl::ipMatch_data() {
    QTest::addColumn<QByteArray>("client");
    QTest::addColumn<QByteArray>("expr");
    QTest::addColumn<bool>("match");
    QTest::newRow("v4 exact") << QByteArray("10.1.2.3") << QByteArray("10.1.2.3") << true;
    QTest::newRow("v4 exact other") << QByteArray("10.1.2.4") << QByteArray("10.1.2.3") << false;
    QTest::newRow("v4 /24 in") << QByteArray("10.1.2.200") << QByteArray("10.1.2.0/24") << true;
    QTest::newRow("v4 /24 out") << QByteArray("10.1.3.1") << QByteArray("10.1.2.0/24") << false;
    QTest::newRow("v4 /12 in") << QByteArray("172.31.255.1") << QByteArray("172.16.0.0/12") << true;
    QTest::newRow("v4 /12 out") << QByteArray("172.32.0.1") << QByteArray("172.16.0.0/12") << false;
    QTest::newRow("v4 host bits in expr ignored") << QByteArray("10.1.2.3") << QByteArray("10.1.2.99/24") << true;
    QTest::newRow("v4 /0") << QByteArray("8.8.8.8") << QByteArray("0.0.0.0/0") << true;
    QTest::newRow("v4 /32") << QByteArray("10.0.0.1") << QByteArray("10.0.0.1/32") << true;
    QTest::newRow("v4 /33 invalid") << QByteArray("10.0.0.1") << QByteArray("10.0.0.1/33") << false;
    QTest::newRow("v4 leading zeros as Java") << QByteArray("10.0.0.1") << QByteArray("010.0.0.001") << true;
    QTest::newRow("v4 bad octet") << QByteArray("10.0.0.1") << QByteArray("10.0.0.256") << false;
    QTest::newRow("v4 three parts") << QByteArray("10.0.0.1") << QByteArray("10.0.1") << false;
    QTest::newRow("v4 empty bits") << QByteArray("10.0.0.1") << QByteArray("10.0.0.1/") << false;
    QTest::newRow("v4 junk bits") << QByteArray("10.0.0.1") << QByteArray("10.0.0.1/x") << false;
    QTest::newRow("v4 mapped client") << QByteArray("::ffff:10.1.2.3") << QByteArray("10.1.2.0/24") << true;
    QTest::newRow("v6 exact") << QByteArray("::1") << QByteArray("::1") << true;
    QTest::newRow("v6 Java long form") << QByteArray("0:0:0:0:0:0:0:1") << QByteArray("::1") << true;
    QTest::newRow("v6 scope ignored") << QByteArray("fe80::1%lo") << QByteArray("fe80::/10") << true;
    QTest::newRow("v6 /64 in") << QByteArray("2001:db8:1:2::99") << QByteArray("2001:db8:1:2::/64") << true;
    QTest::newRow("v6 /64 out") << QByteArray("2001:db8:1:3::99") << QByteArray("2001:db8:1:2::/64") << false;
    QTest::newRow("v6 /127 odd") << QByteArray("2001:db8::3") << QByteArray("2001:db8::2/127") << true;
    QTest::newRow("v6 /128 other") << QByteArray("2001:db8::3") << QByteArray("2001:db8::2/128") << false;
    QTest::newRow("v6 /129 invalid") << QByteArray("::1") << QByteArray("::1/129") << false;
    QTest::newRow("family mismatch") << QByteArray("127.0.0.1") << QByteArray("::1/0") << false;
    QTest::newRow("hostname is no address") << QByteArray("127.0.0.1") << QByteArray("localhost") << false;
    QTest::newRow("garbage client") << QByteArray("nonsense") << QByteArray("0.0.0.0/0") << false;
}

void TestAcl::ipMatch() {
    QFETCH(QByteArray, client);
    QFETCH(QByteArray, expr);
    QFETCH(bool, match);
    QCOMPARE(ipMatches(str(client), str(expr)), match);
}

void TestAcl::validIds_data() {
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<bool>("valid");
    QTest::newRow("world anyone") << QByteArray("world") << QByteArray("anyone") << true;
    QTest::newRow("world other") << QByteArray("world") << QByteArray("everyone") << false;
    QTest::newRow("digest ok") << QByteArray("digest") << bytes(kBobDigest) << true;
    QTest::newRow("digest no hash") << QByteArray("digest") << QByteArray("bob") << false;
    QTest::newRow("digest trailing colon") << QByteArray("digest") << QByteArray("bob:") << false;
    QTest::newRow("digest three parts") << QByteArray("digest") << QByteArray("a:b:c") << false;
    QTest::newRow("digest trailing empty dropped") << QByteArray("digest") << QByteArray("a:b:") << true;
    QTest::newRow("digest empty user") << QByteArray("digest") << QByteArray(":h") << true;
    QTest::newRow("digest only colon") << QByteArray("digest") << QByteArray(":") << false;
    QTest::newRow("ip v4") << QByteArray("ip") << QByteArray("10.0.0.1") << true;
    QTest::newRow("ip cidr") << QByteArray("ip") << QByteArray("10.0.0.0/8") << true;
    QTest::newRow("ip negative bits") << QByteArray("ip") << QByteArray("10.0.0.0/-1") << false;
    QTest::newRow("ip v6 cidr") << QByteArray("ip") << QByteArray("fd00::/8") << true;
    QTest::newRow("ip hostname") << QByteArray("ip") << QByteArray("example.org") << false;
    QTest::newRow("super") << QByteArray("super") << QByteArray("") << false;
    QTest::newRow("sasl not built") << QByteArray("sasl") << QByteArray("bob") << false;
    QTest::newRow("empty scheme") << QByteArray("") << QByteArray("x") << false;
}

void TestAcl::validIds() {
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, id);
    QFETCH(bool, valid);
    QCOMPARE(isValidAclId(proto::Id{str(scheme), str(id)}), valid);
}

void TestAcl::checkWorldAndEmpty() {
    const std::vector<proto::Id> anon{ipId("127.0.0.1")};
    QVERIFY(checkPermission({}, perms::kAdmin, anon, ""));
    QVERIFY(checkPermission(proto::openAclUnsafe(), perms::kWrite, anon, ""));
    QVERIFY(checkPermission(proto::readAclUnsafe(), perms::kRead, anon, ""));
    QVERIFY(!checkPermission(proto::readAclUnsafe(), perms::kWrite, anon, ""));
    // "world" with another id is not world:anyone.
    QVERIFY(!checkPermission({acl(perms::kAll, "world", "everyone")}, perms::kRead, anon, ""));
}

void TestAcl::checkDigest() {
    const proto::ACLList nodeAcl{acl(perms::kAll, "digest", kBobDigest)};
    std::vector<proto::Id> ids{ipId("127.0.0.1")};
    QVERIFY(!checkPermission(nodeAcl, perms::kRead, ids, ""));
    ids.push_back(authenticate("digest", "bob:wrong").id);
    QVERIFY(!checkPermission(nodeAcl, perms::kRead, ids, ""));
    ids.push_back(authenticate("digest", "bob:s3cret").id);
    QVERIFY(checkPermission(nodeAcl, perms::kRead, ids, ""));
    // Scheme must match too: the same text as an ip id grants nothing.
    QVERIFY(!checkPermission(nodeAcl, perms::kRead, {proto::Id{"ip", kBobDigest}}, ""));
}

void TestAcl::checkIp() {
    const proto::ACLList nodeAcl{acl(perms::kRead, "ip", "192.168.0.0/16"), acl(perms::kAll, "ip", "::1")};
    QVERIFY(checkPermission(nodeAcl, perms::kRead, {ipId("192.168.44.5")}, ""));
    QVERIFY(!checkPermission(nodeAcl, perms::kWrite, {ipId("192.168.44.5")}, ""));
    QVERIFY(!checkPermission(nodeAcl, perms::kRead, {ipId("192.169.0.1")}, ""));
    QVERIFY(checkPermission(nodeAcl, perms::kWrite, {ipId("::1")}, ""));
    // An ip ACL is matched against ip ids only, never a digest id's text.
    QVERIFY(!checkPermission(nodeAcl, perms::kRead, {digestId("192.168.0.1")}, ""));
}

void TestAcl::checkSuper() {
    const proto::ACLList locked{acl(perms::kRead, "digest", kBobDigest)};
    const std::vector<proto::Id> superById{ipId("127.0.0.1"), proto::Id{"super", ""}};
    QVERIFY(checkPermission(locked, perms::kAdmin | perms::kDelete, superById, ""));
    const std::vector<proto::Id> superByDigest{ipId("127.0.0.1"), digestId(kSuperDigest)};
    QVERIFY(checkPermission(locked, perms::kAdmin, superByDigest, kSuperDigest));
    // Without the configured superDigest that digest is just another user.
    QVERIFY(!checkPermission(locked, perms::kAdmin, superByDigest, ""));
    QVERIFY(!checkPermission(locked, perms::kAdmin, superByDigest, kBobDigest));
}

void TestAcl::checkPermBits() {
    const proto::ACLList nodeAcl{acl(perms::kRead | perms::kCreate, "world", "anyone")};
    const std::vector<proto::Id> anon{ipId("127.0.0.1")};
    QVERIFY(checkPermission(nodeAcl, perms::kCreate, anon, ""));
    QVERIFY(!checkPermission(nodeAcl, perms::kDelete, anon, ""));
    QVERIFY(!checkPermission(nodeAcl, perms::kAdmin, anon, ""));
    // Any one requested bit granted is enough, as checkACL's (perms & perm) != 0.
    QVERIFY(checkPermission(nodeAcl, perms::kDelete | perms::kRead, anon, ""));
}

void TestAcl::fixupErrors_data() {
    QTest::addColumn<QByteArray>("scheme");
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<bool>("withDigest");  // session authenticated with a digest
    QTest::addColumn<bool>("ok");
    QTest::newRow("world anyone") << QByteArray("world") << QByteArray("anyone") << false << true;
    QTest::newRow("world other") << QByteArray("world") << QByteArray("nobody") << false << false;
    QTest::newRow("auth unauthenticated") << QByteArray("auth") << QByteArray("") << false << false;
    QTest::newRow("auth authenticated") << QByteArray("auth") << QByteArray("") << true << true;
    QTest::newRow("digest well formed") << QByteArray("digest") << bytes(kBobDigest) << false << true;
    QTest::newRow("digest clear text") << QByteArray("digest") << QByteArray("bob") << false << false;
    QTest::newRow("ip address") << QByteArray("ip") << QByteArray("127.0.0.1") << false << true;
    QTest::newRow("ip cidr") << QByteArray("ip") << QByteArray("10.0.0.0/8") << false << true;
    QTest::newRow("ip bad") << QByteArray("ip") << QByteArray("10.0.0.0/40") << false << false;
    QTest::newRow("unknown scheme") << QByteArray("kerberos") << QByteArray("x") << true << false;
    QTest::newRow("super scheme") << QByteArray("super") << QByteArray("") << true << false;
}

void TestAcl::fixupErrors() {
    QFETCH(QByteArray, scheme);
    QFETCH(QByteArray, id);
    QFETCH(bool, withDigest);
    QFETCH(bool, ok);
    std::vector<proto::Id> session{ipId("127.0.0.1")};
    if (withDigest) session.push_back(digestId(kBobDigest));
    const FixupResult r = fixupAcl({acl(perms::kAll, str(scheme), str(id))}, session);
    QCOMPARE(r.err, ok ? proto::Err::Ok : proto::Err::InvalidACL);
    QCOMPARE(r.acl.empty(), !ok);
    if (!ok) QVERIFY(!r.detail.empty());
}

void TestAcl::fixupExpandsAuth() {
    const std::vector<proto::Id> session{ipId("127.0.0.1"), digestId(kBobDigest), proto::Id{"super", ""},
                                         digestId(kUserPwDigest)};
    const FixupResult r =
        fixupAcl({acl(perms::kRead, "world", "anyone"), acl(perms::kAll, "auth", "whatever")}, session);
    QCOMPARE(r.err, proto::Err::Ok);
    // ip and super ids are not authenticated ids: only the two digests.
    const proto::ACLList expected{acl(perms::kRead, "world", "anyone"), acl(perms::kAll, "digest", kBobDigest),
                                  acl(perms::kAll, "digest", kUserPwDigest)};
    QCOMPARE(r.acl.size(), expected.size());
    QVERIFY(r.acl == expected);

    // An empty list is invalid, whoever asks.
    QCOMPARE(fixupAcl({}, session).err, proto::Err::InvalidACL);
    // One bad entry spoils the whole list.
    QCOMPARE(fixupAcl({acl(perms::kAll, "world", "anyone"), acl(perms::kAll, "ip", "x")}, session).err,
             proto::Err::InvalidACL);
}

void TestAcl::fixupDuplicates() {
    const std::vector<proto::Id> session{ipId("127.0.0.1"), digestId(kBobDigest)};
    // Exact duplicates go (first kept); same id with other perms stays.
    const FixupResult r = fixupAcl({acl(perms::kRead, "ip", "10.0.0.1"), acl(perms::kAll, "world", "anyone"),
                                    acl(perms::kRead, "ip", "10.0.0.1"), acl(perms::kWrite, "ip", "10.0.0.1")},
                                   session);
    QCOMPARE(r.err, proto::Err::Ok);
    const proto::ACLList expected{acl(perms::kRead, "ip", "10.0.0.1"), acl(perms::kAll, "world", "anyone"),
                                  acl(perms::kWrite, "ip", "10.0.0.1")};
    QVERIFY(r.acl == expected);
    // Deduplication happens before "auth" expansion, as in ZooKeeper: an
    // explicit digest entry and the same id from "auth" both remain.
    const FixupResult e = fixupAcl({acl(perms::kAll, "digest", kBobDigest), acl(perms::kAll, "auth", "")}, session);
    QCOMPARE(e.err, proto::Err::Ok);
    QCOMPARE(e.acl.size(), size_t(2));
    QVERIFY(e.acl[0] == e.acl[1]);
}

QTEST_APPLESS_MAIN(TestAcl)
#include "tst_acl.moc"
