// core/proto/path_utils: znode path validation with ZooKeeper's exact messages,
// and the parent (zooscope/znode_path.h), name and prefix helpers. Expected messages were produced by
// org.apache.zookeeper.common.PathUtils of zookeeper-3.8.0.jar.
#include <QtTest>

#include <string>

#include "proto/path_utils.h"
#include "zooscope/znode_path.h"

using namespace zooscope::proto;
using zooscope::parentOf;

namespace {
QByteArray bytes(std::string_view s) { return QByteArray(s.data(), static_cast<qsizetype>(s.size())); }
std::string str(const QByteArray& b) { return std::string(b.constData(), static_cast<size_t>(b.size())); }
}  // namespace

class TestPathUtils : public QObject {
    Q_OBJECT
private slots:
    void validate_data();
    void validate();
    void parentAndName_data();
    void parentAndName();
    void childOf_data();
    void childOf();
    void isUnder_data();
    void isUnder();
    void roundTrip_data();
    void roundTrip();
};

void TestPathUtils::validate_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<bool>("sequential");
    QTest::addColumn<QByteArray>("expected");  // empty = valid

    auto invalid = [](std::string_view shown, std::string_view reason) {
        return bytes("Invalid path string \"" + std::string(shown) + "\" caused by " + std::string(reason));
    };
    QTest::newRow("root") << QByteArray("/") << false << QByteArray();
    QTest::newRow("root seq") << QByteArray("/") << true << QByteArray();
    QTest::newRow("plain") << QByteArray("/zookeeper/quota") << false << QByteArray();
    QTest::newRow("dots in names") << QByteArray("/a/.../b") << false << QByteArray();
    QTest::newRow("dot prefixes") << QByteArray("/a.b/..c/.d") << false << QByteArray();
    QTest::newRow("utf8 names") << QByteArray("/\xc3\xa9/\xc3\xbc") << false << QByteArray();
    QTest::newRow("empty") << QByteArray("") << false << QByteArray("Path length must be > 0");
    QTest::newRow("empty seq") << QByteArray("") << true << QByteArray("Path must start with / character");
    QTest::newRow("relative") << QByteArray("a") << false << QByteArray("Path must start with / character");
    QTest::newRow("trailing slash") << QByteArray("/a/") << false << QByteArray("Path must not end with / character");
    QTest::newRow("trailing slash seq") << QByteArray("/a/") << true << QByteArray();
    QTest::newRow("double slash at 1") << QByteArray("//a") << false << invalid("//a", "empty node name specified @1");
    QTest::newRow("double slash at 3") << QByteArray("/a//b") << false << invalid("/a//b", "empty node name specified @3");
    QTest::newRow("double slash seq") << QByteArray("/a//") << true << invalid("/a//1", "empty node name specified @3");
    QTest::newRow("dot") << QByteArray("/a/.") << false << invalid("/a/.", "relative paths not allowed @3");
    QTest::newRow("dotdot") << QByteArray("/a/..") << false << invalid("/a/..", "relative paths not allowed @4");
    QTest::newRow("leading dot") << QByteArray("/./a") << false << invalid("/./a", "relative paths not allowed @1");
    QTest::newRow("leading dotdot") << QByteArray("/../a") << false << invalid("/../a", "relative paths not allowed @2");
    QTest::newRow("nul") << QByteArray("/a\0b", 4) << false
                         << invalid(std::string_view("/a\0b", 4), "null character not allowed @2");
    QTest::newRow("ctrl 01") << QByteArray("/a\x01") << false << invalid("/a\x01", "invalid character @2");
    QTest::newRow("DEL") << QByteArray("/a\x7f") << false << invalid("/a\x7f", "invalid character @2");
    QTest::newRow("U+0085") << QByteArray("/x\xc2\x85") << false << invalid("/x\xc2\x85", "invalid character @2");
    QTest::newRow("private use") << QByteArray("/ab\xee\x80\x80") << false
                                 << invalid("/ab\xee\x80\x80", "invalid character @3");
    QTest::newRow("U+FFF0") << QByteArray("/\xef\xbf\xb0") << false << invalid("/\xef\xbf\xb0", "invalid character @1");
    // Non-BMP characters are surrogate pairs in Java: invalid at the first unit.
    QTest::newRow("emoji") << QByteArray("/a\xf0\x9f\x98\x80") << false
                           << invalid("/a\xf0\x9f\x98\x80", "invalid character @2");
    // Indexes count UTF-16 units, not bytes.
    QTest::newRow("index after 2-byte chars") << QByteArray("/\xc3\xa9\xc3\xa9\x01") << false
                                              << invalid("/\xc3\xa9\xc3\xa9\x01", "invalid character @3");
    QTest::newRow("index after CJK") << QByteArray("/\xe4\xb8\xad\x01") << false
                                     << invalid("/\xe4\xb8\xad\x01", "invalid character @2");
    // Malformed UTF-8 decodes to U+FFFD, which is invalid; the message shows it.
    QTest::newRow("malformed utf8") << QByteArray("/a\xff" "b") << false
                                    << invalid("/a\xef\xbf\xbd" "b", "invalid character @2");
    QTest::newRow("truncated utf8") << QByteArray("/a\xe4\xb8") << false
                                    << invalid("/a\xef\xbf\xbd", "invalid character @2");
    QTest::newRow("malformed first char") << QByteArray("\xff/a") << false
                                          << QByteArray("Path must start with / character");
}

void TestPathUtils::validate() {
    QFETCH(QByteArray, path);
    QFETCH(bool, sequential);
    QFETCH(QByteArray, expected);
    const auto result = validatePath(std::string_view(path.constData(), static_cast<size_t>(path.size())), sequential);
    if (expected.isEmpty()) {
        QVERIFY2(!result.has_value(), result ? result->c_str() : "");
    } else {
        QVERIFY(result.has_value());
        QCOMPARE(bytes(*result), expected);
    }
}

void TestPathUtils::parentAndName_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("parent");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("root") << QByteArray("/") << QByteArray("") << QByteArray("");
    QTest::newRow("relative") << QByteArray("a") << QByteArray("") << QByteArray("a");
    QTest::newRow("top") << QByteArray("/a") << QByteArray("/") << QByteArray("a");
    QTest::newRow("deep") << QByteArray("/a/bc/d") << QByteArray("/a/bc") << QByteArray("d");
    QTest::newRow("sequential") << QByteArray("/q/lock-0000000007") << QByteArray("/q")
                                << QByteArray("lock-0000000007");
}

void TestPathUtils::parentAndName() {
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, parent);
    QFETCH(QByteArray, name);
    const std::string p = str(path);
    QCOMPARE(bytes(parentOf(p)), parent);
    QCOMPARE(bytes(nameOf(p)), name);
}

void TestPathUtils::childOf_data() {
    QTest::addColumn<QByteArray>("parent");
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("child");
    QTest::newRow("under root") << QByteArray("/") << QByteArray("a") << QByteArray("/a");
    QTest::newRow("top") << QByteArray("/a") << QByteArray("b") << QByteArray("/a/b");
    QTest::newRow("deep") << QByteArray("/a/bc") << QByteArray("lock-0000000007")
                          << QByteArray("/a/bc/lock-0000000007");
}

void TestPathUtils::childOf() {
    QFETCH(QByteArray, parent);
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, child);
    QCOMPARE(bytes(zooscope::proto::childOf(str(parent), str(name))), child);
}

void TestPathUtils::isUnder_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("prefix");
    QTest::addColumn<bool>("under");
    QTest::newRow("root covers all") << QByteArray("/a/b") << QByteArray("/") << true;
    QTest::newRow("root covers root") << QByteArray("/") << QByteArray("/") << true;
    QTest::newRow("equal") << QByteArray("/a") << QByteArray("/a") << true;
    QTest::newRow("child") << QByteArray("/a/b") << QByteArray("/a") << true;
    QTest::newRow("grandchild") << QByteArray("/a/b/c") << QByteArray("/a") << true;
    QTest::newRow("sibling with same prefix") << QByteArray("/ab") << QByteArray("/a") << false;
    QTest::newRow("parent is not under child") << QByteArray("/a") << QByteArray("/a/b") << false;
    QTest::newRow("unrelated") << QByteArray("/b") << QByteArray("/a") << false;
    QTest::newRow("empty prefix") << QByteArray("/a") << QByteArray("") << false;
}

void TestPathUtils::isUnder() {
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, prefix);
    QFETCH(bool, under);
    QCOMPARE(zooscope::proto::isUnder(str(path), str(prefix)), under);
}

void TestPathUtils::roundTrip_data() {
    QTest::addColumn<QByteArray>("in");
    QTest::addColumn<QByteArray>("out");
    QTest::newRow("ascii") << QByteArray("user:pw") << QByteArray("user:pw");
    QTest::newRow("valid 4-byte") << QByteArray("\xf0\x9f\x98\x80") << QByteArray("\xf0\x9f\x98\x80");
    QTest::newRow("lone continuation") << QByteArray("a\x80z") << QByteArray("a\xef\xbf\xbdz");
    // E0 80 is an overlong start: each byte is its own malformed subpart.
    QTest::newRow("overlong") << QByteArray("\xe0\x80\x80") << QByteArray("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    // A truncated sequence is one maximal subpart.
    QTest::newRow("truncated") << QByteArray("\xe4\xb8z") << QByteArray("\xef\xbf\xbdz");
    // An encoded surrogate is one U+FFFD in the JDK (not one per byte).
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QByteArray("\xef\xbf\xbd");
    QTest::newRow("last before surrogates") << QByteArray("\xed\x9f\xbf") << QByteArray("\xed\x9f\xbf");
    QTest::newRow("4-byte bad second") << QByteArray("\xf4\x90\x80\x80")
                                       << QByteArray("\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");
    QTest::newRow("truncated at end") << QByteArray("a\xe1\x80") << QByteArray("a\xef\xbf\xbd");
}

void TestPathUtils::roundTrip() {
    QFETCH(QByteArray, in);
    QFETCH(QByteArray, out);
    QCOMPARE(bytes(javaUtf8RoundTrip(str(in))), out);
}

QTEST_APPLESS_MAIN(TestPathUtils)
#include "tst_path_utils.moc"
