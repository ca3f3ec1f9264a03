// zooscope::admin without a server: the export format (write, parse,
// damaged files), its JSON and base64 pieces, mode detection from
// ephemeralOwner, snapshot comparison and the delete guard.
#include <QtTest>

#include "admin/data_encoding.h"
#include "admin/json.h"
#include "zooscope/admin.h"

using namespace zooscope::admin;
namespace proto = zooscope::proto;

namespace {

NodeRecord node(std::string path, std::string data, proto::ACLList acl = proto::openAclUnsafe()) {
    NodeRecord n;
    n.path = std::move(path);
    n.data = std::move(data);
    n.acl = std::move(acl);
    return n;
}

// A snapshot with every kind of payload the format must carry exactly.
Snapshot richSnapshot() {
    Snapshot s;
    s.root = "/app";
    s.nodes.push_back(node("/app", "root text"));
    s.nodes.push_back(node("/app/binary", std::string("\x00\xff\xc3\x28\x80 tail", 10)));
    s.nodes.push_back(node("/app/empty", ""));
    NodeRecord nul = node("/app/null", "");
    nul.isNull = true;
    s.nodes.push_back(nul);
    s.nodes.push_back(node("/app/unicode", "h\xc3\xa9llo \xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x8e\x89 \"quoted\"\n\t\\"));
    s.nodes.push_back(node("/app/acl", "x",
                           {{proto::perms::kAll, {"digest", "alice:Xk1L0iH0xKQ5a7HDhN2k8YUX1b0="}},
                            {proto::perms::kRead, {"world", "anyone"}}}));
    NodeRecord c = node("/app/c", "");
    c.mode = NodeMode::Container;
    c.stat.ephemeralOwner = INT64_MIN;
    s.nodes.push_back(c);
    NodeRecord t = node("/app/t", "ttl");
    t.mode = NodeMode::Ttl;
    t.ttlMs = 3600000;
    s.nodes.push_back(t);
    NodeRecord e = node("/app/e", "eph");
    e.mode = NodeMode::Ephemeral;
    e.stat.ephemeralOwner = 0x100000abcdef01;
    e.stat.czxid = INT64_MAX;
    s.nodes.push_back(e);
    std::sort(s.nodes.begin(), s.nodes.end(), [](auto& a, auto& b) { return a.path < b.path; });
    return s;
}

// richSnapshot() plus what the writer must escape or keep: every ASCII byte
// (all control characters), characters JSON allows raw, a full stat with the
// integer extremes, an annotated mode and the "unreadable" section.
Snapshot goldenSnapshot() {
    Snapshot s = richSnapshot();
    std::string ascii;
    for (int c = 0; c < 0x80; ++c) ascii += char(c);
    s.nodes.push_back(node("/app/ascii", ascii + "/ \xe2\x80\xa8 \xef\xbb\xbf \xf4\x8f\xbf\xbf"));
    NodeRecord st = node("/app/stat", "s", {{proto::perms::kRead | proto::perms::kWrite, {"ip", "10.0.0.0/8"}}});
    st.stat = proto::Stat{INT64_MAX, INT64_MIN, 1700000000000, -1, INT32_MAX, INT32_MIN, 7, 0x100000abcdef01, 1, 2, 42};
    st.mode = NodeMode::Container;
    st.modeAnnotated = true;
    s.nodes.push_back(st);
    std::sort(s.nodes.begin(), s.nodes.end(), [](auto& a, auto& b) { return a.path < b.path; });
    s.errors.push_back({"/app/secret", proto::Err::NoAuth, "not allowed: \"read\"\nfor \\ digest"});
    s.errors.push_back({"/app/gone\t", proto::Err::NoNode, ""});
    return s;
}

// Reads a golden file from the source tree (tests run with ZS_SOURCE_DIR set).
std::string goldenFile(const QString& name) {
    QFile f(qEnvironmentVariable("ZS_SOURCE_DIR") + "/tests/unit/data/" + name);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read golden file %s", qPrintable(f.fileName()));
    return f.readAll().toStdString();
}

// A minimal valid file, with `node` as the only child of the root.
std::string fileWith(const std::string& child) {
    std::string f = R"({"format":"zooscope-export","version":1,"root":"/r","nodes":[
{"path":"/r","data":"","encoding":"utf8","acl":[{"perms":31,"scheme":"world","id":"anyone"}],"mode":"persistent"})";
    if (!child.empty()) f += ",\n" + child;
    f += "]}";
    return f;
}

}  // namespace

class TstAdminFormat : public QObject {
    Q_OBJECT
private slots:
    void base64_data();
    void base64();
    void base64Rejects_data();
    void base64Rejects();
    void utf8Validity_data();
    void utf8Validity();
    void jsonRoundTripKeepsBytesAndInt64();
    void jsonSyntaxErrors_data();
    void jsonSyntaxErrors();
    void jsonDepthLimit();
    void modeFromOwner_data();
    void modeFromOwner();
    void exportRoundTrip();
    void exportUsesBase64OnlyForNonUtf8();
    void exportMatchesGoldenFile_data();
    void exportMatchesGoldenFile();
    void malformedFiles_data();
    void malformedFiles();
    void newerVersionRefused();
    void compareFindsEachKind();
    void deleteGuard_data();
    void deleteGuard();
};

void TstAdminFormat::base64_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("one") << QByteArray("f");
    QTest::newRow("two") << QByteArray("fo");
    QTest::newRow("three") << QByteArray("foo");
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe\x01\x80", 5);
    QByteArray all;
    for (int i = 0; i < 256; ++i) all.append(char(i));
    QTest::newRow("all bytes") << all;
}

void TstAdminFormat::base64() {
    QFETCH(QByteArray, bytes);
    const std::string in(bytes.constData(), size_t(bytes.size()));
    const std::string enc = base64Encode(in);
    // Same text as Qt's RFC 4648 encoder.
    QCOMPARE(QByteArray::fromStdString(enc), bytes.toBase64());
    auto dec = base64Decode(enc);
    QVERIFY(dec);
    QCOMPARE(*dec, in);
}

void TstAdminFormat::base64Rejects_data() {
    QTest::addColumn<QString>("text");
    QTest::newRow("bad length") << "abc";
    QTest::newRow("bad char") << "ab!d";
    QTest::newRow("pad in middle") << "ab==abcd";
    QTest::newRow("pad first") << "=abc";
    QTest::newRow("non-canonical") << "Zh==";  // 'h' leaves non-zero bits
    QTest::newRow("whitespace") << "Zm9v\n";
}

void TstAdminFormat::base64Rejects() {
    QFETCH(QString, text);
    QVERIFY(!base64Decode(text.toStdString()));
}

void TstAdminFormat::utf8Validity_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::newRow("ascii") << QByteArray("abc") << true;
    QTest::newRow("2-byte") << QByteArray("\xc3\xa9") << true;
    QTest::newRow("4-byte") << QByteArray("\xf0\x9f\x8e\x89") << true;
    QTest::newRow("nul") << QByteArray("a\x00b", 3) << true;
    QTest::newRow("lone continuation") << QByteArray("\x80") << false;
    QTest::newRow("overlong") << QByteArray("\xc0\xaf") << false;
    QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << false;
    QTest::newRow("truncated") << QByteArray("\xe4\xb8") << false;
    QTest::newRow("above max") << QByteArray("\xf4\x90\x80\x80") << false;
}

void TstAdminFormat::utf8Validity() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, valid);
    QCOMPARE(isValidUtf8(std::string_view(bytes.constData(), size_t(bytes.size()))), valid);
}

void TstAdminFormat::jsonRoundTripKeepsBytesAndInt64() {
    json::Value o = json::Value::object();
    o["big"] = INT64_MIN;
    o["max"] = INT64_MAX;
    o["s"] = std::string("ctl\x01 \xe4\xb8\xad \"q\" \\", 13);
    o["a"] = json::Value::array({false, nullptr});
    for (int indent : {0, 2}) {
        const std::string text = json::write(o, indent);
        json::ParseError err;
        auto back = json::parse(text, &err);
        QVERIFY2(back, err.message.c_str());
        QCOMPARE(json::asInt64(*json::member(*back, "big")).value(), INT64_MIN);
        QCOMPARE(json::asInt64(*json::member(*back, "max")).value(), INT64_MAX);
        QCOMPARE(json::member(*back, "s")->get<std::string>(), o["s"].get<std::string>());
        QCOMPARE(json::member(*back, "a")->size(), size_t(2));
        QCOMPARE(json::write(*back, indent), text);
    }
    // \u escapes, including a surrogate pair, decode to UTF-8.
    json::ParseError err;
    auto v = json::parse(R"("\u00e9\ud83c\udf89")", &err);
    QVERIFY(v);
    QCOMPARE(v->get<std::string>(), std::string("\xc3\xa9\xf0\x9f\x8e\x89"));
    // Fractions stay numbers, but no integer reading takes them.
    v = json::parse("[1.0, 1e3, -0]", &err);
    QVERIFY2(v, err.message.c_str());
    QVERIFY(!json::asInt64((*v)[0]));
    QVERIFY(!json::asInt64((*v)[1]));
    QCOMPARE(json::asInt64((*v)[2]).value(), int64_t(0));
}

void TstAdminFormat::jsonSyntaxErrors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("contains");
    QTest::newRow("trailing comma") << QByteArray("{\"a\":1,}") << 1 << 8 << "expected string literal";
    QTest::newRow("second line") << QByteArray("{\n \"a\": tru }") << 2 << 7 << "invalid literal";
    QTest::newRow("duplicate key") << QByteArray("{\"a\":1,\"a\":2}") << 1 << 8 << "duplicate key";
    QTest::newRow("garbage after") << QByteArray("{} x") << 1 << 4 << "after the JSON value";
    QTest::newRow("unterminated") << QByteArray("\"abc") << 1 << 5 << "missing closing quote";
    QTest::newRow("lone surrogate") << QByteArray("\"\\ud800\"") << 1 << 8 << "surrogate";
    QTest::newRow("leading zero") << QByteArray("[01]") << 1 << 3 << "unexpected number literal";
    QTest::newRow("deep") << QByteArray(100, '[') << 1 << 66 << "nested too deeply";
    QTest::newRow("empty") << QByteArray("") << 1 << 1 << "end of input";
    // Where each kind of mistake is reported: the start of a token that does
    // not belong, or the character where a token breaks.
    QTest::newRow("broken literal") << QByteArray("[nul]") << 1 << 2 << "invalid literal";
    QTest::newRow("stray character") << QByteArray("[1,?]") << 1 << 4 << "invalid literal";
    QTest::newRow("string for colon") << QByteArray("{\"a\" \"b\"}") << 1 << 6 << "expected ':'";
    QTest::newRow("number for comma") << QByteArray("[1 23]") << 1 << 4 << "expected ']'";
    QTest::newRow("literal after value") << QByteArray("{} true") << 1 << 4 << "after the JSON value";
    QTest::newRow("string after value") << QByteArray("{}\n\"s\"") << 2 << 1 << "after the JSON value";
    QTest::newRow("nul after value") << QByteArray("{}\0", 3) << 1 << 3 << "after the JSON value";
    QTest::newRow("byte order mark") << QByteArray("\xef\xbb\xbf{}") << 1 << 1 << "byte order mark";
    QTest::newRow("bad escape") << QByteArray("\"\\x\"") << 1 << 3 << "forbidden character after backslash";
    QTest::newRow("control character") << QByteArray("\"a\tb\"") << 1 << 3 << "control character";
    QTest::newRow("invalid utf-8") << QByteArray("\"\xff\"") << 1 << 2 << "ill-formed UTF-8";
    QTest::newRow("minus alone") << QByteArray("[-]") << 1 << 3 << "expected digit after '-'";
    QTest::newRow("fraction without digits") << QByteArray("[1.]") << 1 << 4 << "expected digit after '.'";
    QTest::newRow("columns count characters") << QByteArray("{\"\xc3\xa9\":tru}") << 1 << 6 << "invalid literal";
    QTest::newRow("duplicate key later line") << QByteArray("{\"a\":1,\n  \"b\":{},\n  \"a\":2}") << 3 << 3
                                              << "duplicate key";
    QTest::newRow("duplicate escaped key") << QByteArray("{\"a\\\"\":1, \"a\\u0022\":2}") << 1 << 11 << "duplicate key";
    QTest::newRow("broken number for comma") << QByteArray("[1 -]") << 1 << 4 << "expected ']'";
    QTest::newRow("broken string for comma") << QByteArray("{\"a\":1 \"b\nc\"}") << 1 << 8 << "expected '}'";
    QTest::newRow("broken number for key") << QByteArray("{-x:1}") << 1 << 2 << "expected string literal";
    QTest::newRow("broken key") << QByteArray("{\"a\\x\":1}") << 1 << 5 << "forbidden character after backslash";
    QTest::newRow("truncated utf-8") << QByteArray("\"\xe4\xb8\"") << 1 << 2 << "ill-formed UTF-8";
    QTest::newRow("utf-8 surrogate") << QByteArray("\"\xed\xa0\x80\"") << 1 << 2 << "ill-formed UTF-8";
    QTest::newRow("bad hex digit") << QByteArray("\"\\u12x4\"") << 1 << 4 << "4 hex digits";
    QTest::newRow("high surrogate, other escape") << QByteArray("\"\\ud800\\x\"") << 1 << 8 << "surrogate";
    QTest::newRow("high surrogate, not low") << QByteArray("\"\\ud800\\u0041\"") << 1 << 14 << "surrogate";
    QTest::newRow("lone low surrogate") << QByteArray("\"\\udc00\"") << 1 << 8 << "surrogate";
    QTest::newRow("deep scalar") << QByteArray(65, '[') + "1" << 1 << 66 << "nested too deeply";
    QTest::newRow("deep object member") << QByteArray(64, '[') + "{\"a\": 1}" << 1 << 71 << "nested too deeply";
    // Integers stay exact: one that does not fit in int64 is refused, not rounded to a double.
    QTest::newRow("integer above int64") << QByteArray("[1, 9223372036854775808]") << 1 << 5 << "out of range";
    QTest::newRow("integer below int64") << QByteArray("{\"a\":\n -9223372036854775809}") << 2 << 2 << "out of range";
    QTest::newRow("integer above uint64") << QByteArray("99999999999999999999999") << 1 << 1 << "out of range";
    QTest::newRow("number beyond double") << QByteArray("[1e999]") << 1 << 2 << "overflow";
}

void TstAdminFormat::jsonSyntaxErrors() {
    QFETCH(QByteArray, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, contains);
    json::ParseError err;
    QVERIFY(!json::parse(std::string_view(text.constData(), size_t(text.size())), &err));
    QCOMPARE(err.line, line);
    QCOMPARE(err.column, column);
    QVERIFY2(QString::fromStdString(err.message).contains(contains), err.message.c_str());
}

void TstAdminFormat::jsonDepthLimit() {
    // kMaxDepth levels of nesting parse; one more is refused (rows "deep ...").
    const int n = json::kMaxDepth;
    const std::string inner = std::string(size_t(n), '[') + "1" + std::string(size_t(n), ']');
    json::ParseError err;
    QVERIFY2(json::parse(inner, &err), err.message.c_str());
    const std::string empty65 = std::string(size_t(n) + 1, '[') + std::string(size_t(n) + 1, ']');
    QVERIFY2(json::parse(empty65, &err), err.message.c_str());
}

void TstAdminFormat::modeFromOwner_data() {
    QTest::addColumn<qint64>("owner");
    QTest::addColumn<int>("mode");
    QTest::addColumn<qint64>("ttl");
    QTest::newRow("persistent") << qint64(0) << int(NodeMode::Persistent) << qint64(0);
    QTest::newRow("session") << qint64(0x1000123456789) << int(NodeMode::Ephemeral) << qint64(0);
    QTest::newRow("container") << qint64(INT64_MIN) << int(NodeMode::Container) << qint64(0);
    QTest::newRow("ttl") << qint64(int64_t(0xff00000000000000ULL | 60000)) << int(NodeMode::Ttl) << qint64(60000);
}

void TstAdminFormat::modeFromOwner() {
    QFETCH(qint64, owner);
    QFETCH(int, mode);
    QFETCH(qint64, ttl);
    int64_t gotTtl = -1;
    QCOMPARE(int(modeFromEphemeralOwner(owner, &gotTtl)), mode);
    QCOMPARE(qint64(gotTtl), ttl);
}

void TstAdminFormat::exportRoundTrip() {
    const Snapshot s = richSnapshot();
    for (int indent : {0, 1}) {
        const std::string text = toJson(s, {indent, true});
        std::string err;
        auto back = parseExport(text, &err);
        QVERIFY2(back, err.c_str());
        QCOMPARE(back->root, s.root);
        QCOMPARE(back->nodes.size(), s.nodes.size());
        for (size_t i = 0; i < s.nodes.size(); ++i) {
            const auto& a = s.nodes[i];
            const auto& b = back->nodes[i];
            QCOMPARE(b.path, a.path);
            QCOMPARE(b.data, a.data);
            QCOMPARE(b.isNull, a.isNull);
            QVERIFY(b.acl == a.acl);
            QCOMPARE(int(b.mode), int(a.mode));
            QCOMPARE(b.ttlMs, a.ttlMs);
            QVERIFY(b.stat == a.stat);
        }
        QVERIFY(compareSnapshots(s, *back).identical());
    }
}

void TstAdminFormat::exportUsesBase64OnlyForNonUtf8() {
    const std::string text = toJson(richSnapshot());
    json::ParseError pe;
    auto doc = json::parse(text, &pe);
    QVERIFY(doc);
    QCOMPARE(json::member(*doc, "format")->get<std::string>(), std::string("zooscope-export"));
    QCOMPARE(json::asInt64(*json::member(*doc, "version")).value(), int64_t(1));
    for (const auto& n : *json::member(*doc, "nodes")) {
        const std::string path = json::member(n, "path")->get<std::string>();
        const json::Value* enc = json::member(n, "encoding");
        if (path == "/app/null") {
            QVERIFY(!enc);
            QVERIFY(json::member(n, "null")->get<bool>());
            QVERIFY(!json::member(n, "data"));
        } else if (path == "/app/binary") {
            QCOMPARE(enc->get<std::string>(), std::string("base64"));
        } else {
            QCOMPARE(enc->get<std::string>(), std::string("utf8"));
        }
        QCOMPARE(bool(json::member(n, "ttl")), path == "/app/t");
    }
}

void TstAdminFormat::exportMatchesGoldenFile_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("indent");
    QTest::addColumn<bool>("stat");
    QTest::newRow("default") << "export_v1_indent1.json" << 1 << true;
    QTest::newRow("one line") << "export_v1_indent0.json" << 0 << true;
    QTest::newRow("indent 4, no stat") << "export_v1_indent4_nostat.json" << 4 << false;
}

// Byte for byte: key order, whitespace and escaping are part of the format
// (people diff exports and edit them by hand).
void TstAdminFormat::exportMatchesGoldenFile() {
    QFETCH(QString, file);
    QFETCH(int, indent);
    QFETCH(bool, stat);
    const std::string text = toJson(goldenSnapshot(), {indent, stat});
    const std::string golden = goldenFile(file);
    const auto diff = std::mismatch(text.begin(), text.end(), golden.begin(), golden.end());
    QVERIFY2(text == golden, qPrintable(QString("first difference at byte %1 of %2 (golden: %3)")
                                            .arg(diff.first - text.begin())
                                            .arg(text.size())
                                            .arg(golden.size())));
    // What the reader takes from the file writes the same file again.
    std::string err;
    auto back = parseExport(golden, &err);
    QVERIFY2(back, err.c_str());
    back->errors = goldenSnapshot().errors;  // the reader leaves "unreadable" to people
    QVERIFY(toJson(*back, {indent, stat}) == golden);
}

void TstAdminFormat::malformedFiles_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("contains");
    const QString acl = R"("acl":[{"perms":31,"scheme":"world","id":"anyone"}])";
    auto child = [&](const QString& fields) { return QString::fromStdString(fileWith("{" + fields.toStdString() + "}")); };
    QTest::newRow("not json") << "{\"format\": " << "line 1, column 12";
    QTest::newRow("array") << "[]" << "not a JSON object";
    QTest::newRow("wrong format") << R"({"format":"other","version":1,"root":"/","nodes":[]})" << "\"format\"";
    QTest::newRow("version text") << R"({"format":"zooscope-export","version":"1","root":"/","nodes":[]})"
                                  << "\"version\" must be an integer";
    QTest::newRow("no nodes") << R"({"format":"zooscope-export","version":1,"root":"/r"})" << "\"nodes\" must be an array";
    QTest::newRow("bad root") << R"({"format":"zooscope-export","version":1,"root":"r/","nodes":[]})" << "\"root\" is not a valid path";
    QTest::newRow("root missing") << R"({"format":"zooscope-export","version":1,"root":"/r","nodes":[]})"
                                  << "root /r is not among";
    QTest::newRow("bad path") << child(R"("path":"/r//x","data":"","encoding":"utf8","mode":"persistent",)" + acl)
                              << "node 1 (/r//x): \"path\" is not a valid path";
    QTest::newRow("outside root") << child(R"("path":"/other","data":"","encoding":"utf8","mode":"persistent",)" + acl)
                                  << "node 1 (/other): \"path\" is not under the root /r";
    QTest::newRow("duplicate") << child(R"("path":"/r","data":"","encoding":"utf8","mode":"persistent",)" + acl)
                               << "node 1 (/r): the path appears twice";
    QTest::newRow("bad base64") << child(R"("path":"/r/x","data":"%%%","encoding":"base64","mode":"persistent",)" + acl)
                                << "node 1 (/r/x): \"data\" is not valid base64";
    QTest::newRow("bad encoding") << child(R"("path":"/r/x","data":"a","encoding":"hex","mode":"persistent",)" + acl)
                                  << "node 1 (/r/x): \"encoding\" must be";
    QTest::newRow("missing data") << child(R"("path":"/r/x","mode":"persistent",)" + acl)
                                  << "node 1 (/r/x): \"data\" must be a string";
    QTest::newRow("null with data") << child(R"("path":"/r/x","null":true,"data":"a","encoding":"utf8","mode":"persistent",)" + acl)
                                    << "\"null\" is true";
    QTest::newRow("empty acl") << child(R"("path":"/r/x","data":"","encoding":"utf8","mode":"persistent","acl":[])")
                               << "node 1 (/r/x): \"acl\" is empty";
    QTest::newRow("bad perms") << child(R"("path":"/r/x","data":"","encoding":"utf8","mode":"persistent","acl":[{"perms":64,"scheme":"world","id":"anyone"}])")
                               << "\"acl\"[0].perms";
    QTest::newRow("bad mode") << child(R"("path":"/r/x","data":"","encoding":"utf8","mode":"sequential",)" + acl)
                              << "node 1 (/r/x): \"mode\" must be";
    QTest::newRow("ttl missing") << child(R"("path":"/r/x","data":"","encoding":"utf8","mode":"ttl",)" + acl)
                                 << "\"ttl\" must be an integer";
    QTest::newRow("ttl on persistent") << child(R"("path":"/r/x","data":"","encoding":"utf8","mode":"persistent","ttl":5,)" + acl)
                                       << "\"ttl\" is only allowed";
    QTest::newRow("bad stat") << child(R"("path":"/r/x","data":"","encoding":"utf8","mode":"persistent","stat":{"version":"x"},)" + acl)
                              << "\"stat\".\"version\"";
    QTest::newRow("orphan") << child(R"("path":"/r/a/b","data":"","encoding":"utf8","mode":"persistent",)" + acl)
                            << "node /r/a/b: its parent /r/a is not in the file";
    QTest::newRow("child of ephemeral")
        << QString::fromStdString(fileWith(
               R"({"path":"/r/e","data":"","encoding":"utf8","mode":"ephemeral","acl":[{"perms":31,"scheme":"world","id":"anyone"}]},
{"path":"/r/e/x","data":"","encoding":"utf8","mode":"persistent","acl":[{"perms":31,"scheme":"world","id":"anyone"}]})"))
        << "is ephemeral and cannot have children";
}

void TstAdminFormat::malformedFiles() {
    QFETCH(QString, file);
    QFETCH(QString, contains);
    std::string err;
    auto s = parseExport(file.toStdString(), &err);
    QVERIFY(!s);
    QVERIFY2(QString::fromStdString(err).contains(contains), err.c_str());
    // The valid skeleton itself parses: the failure is the row's own fault.
    QVERIFY(parseExport(fileWith(""), &err));
}

void TstAdminFormat::newerVersionRefused() {
    std::string text = toJson(richSnapshot());
    const auto at = text.find("\"version\": 1");
    QVERIFY(at != std::string::npos);
    text.replace(at, 12, "\"version\": 2");
    std::string err;
    QVERIFY(!parseExport(text, &err));
    QVERIFY2(QString::fromStdString(err).contains("format version 2, newer than this build reads"), err.c_str());
}

void TstAdminFormat::compareFindsEachKind() {
    Snapshot left = richSnapshot();
    Snapshot right = richSnapshot();
    right.root = "/copy";
    for (auto& n : right.nodes) n.path.replace(0, 4, "/copy");
    QVERIFY(compareSnapshots(left, right).identical());

    auto find = [&](Snapshot& s, const std::string& rel) -> NodeRecord& {
        for (auto& n : s.nodes)
            if (n.path == s.root + rel) return n;
        qFatal("no node %s", rel.c_str());
    };
    find(right, "/empty").isNull = true;  // null vs empty is a difference
    find(right, "/acl").acl = proto::openAclUnsafe();
    find(right, "/t").ttlMs = 1000;
    std::erase_if(right.nodes, [](const NodeRecord& n) { return n.path == "/copy/unicode"; });
    right.nodes.push_back(node("/copy/extra", "x"));
    const CompareResult r = compareSnapshots(left, right);
    QStringList got;
    for (const auto& d : r.differences)
        got << QString::fromStdString(d.relativePath + " " + std::string(diffKindName(d.kind)));
    const QStringList want{"/acl ACL differs", "/empty data differs", "/extra only right", "/t mode differs",
                           "/unicode only left"};
    QCOMPARE(got, want);
    QCOMPARE(r.differences[1].detail, std::string("empty vs null"));
    // The structured sides a UI words its own text from.
    const Difference& acl = r.differences[0];
    QVERIFY(acl.left.present && acl.right.present);
    QCOMPARE(acl.left.acl.size(), size_t(2));
    QCOMPARE(acl.right.acl, proto::openAclUnsafe());
    QCOMPARE(acl.detail, aclSummary(acl.left.acl) + " vs " + aclSummary(acl.right.acl));
    QCOMPARE(aclSummary(acl.right.acl), std::string("world:anyone:cdrwa"));
    const Difference& data = r.differences[1];
    QVERIFY(!data.left.isNull && data.right.isNull);
    QCOMPARE(data.left.dataSize, uint64_t(0));
    QVERIFY(!data.sameDataSize());
    const Difference& extra = r.differences[2];
    QVERIFY(!extra.left.present && extra.right.present);
    QCOMPARE(extra.right.dataSize, uint64_t(1));
    const Difference& mode = r.differences[3];
    QCOMPARE(mode.left.mode, NodeMode::Ttl);
    QCOMPARE(mode.left.ttlMs, int64_t(3600000));
    QCOMPARE(mode.right.ttlMs, int64_t(1000));
    const Difference& only = r.differences[4];
    QVERIFY(only.left.present && !only.right.present);
    QCOMPARE(only.left.dataSize, uint64_t(find(left, "/unicode").data.size()));
    // Sizes as numbers: 9 vs 12 bytes, and equal sizes with different bytes.
    Snapshot a = richSnapshot(), b = richSnapshot();
    find(b, "").data = "root text!!!";
    find(b, "/binary").data = std::string("0123456789");
    const CompareResult sized = compareSnapshots(a, b);
    QCOMPARE(sized.differences.size(), size_t(2));
    QCOMPARE(sized.differences[0].relativePath, std::string(""));
    QCOMPARE(sized.differences[0].left.dataSize, uint64_t(9));
    QCOMPARE(sized.differences[0].right.dataSize, uint64_t(12));
    QVERIFY(!sized.differences[0].sameDataSize());
    QCOMPARE(sized.differences[0].detail, std::string("9 bytes vs 12 bytes"));
    QCOMPARE(sized.differences[1].relativePath, std::string("/binary"));
    QVERIFY(sized.differences[1].sameDataSize());
    QCOMPARE(sized.differences[1].detail, std::string("same length, different bytes"));
    // Options: ACL and mode differences can be ignored.
    const CompareResult loose = compareSnapshots(left, right, {false, false, false});
    QCOMPARE(loose.differences.size(), size_t(3));
}

void TstAdminFormat::deleteGuard_data() {
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("refused");
    QTest::newRow("root") << "/" << true;
    QTest::newRow("zookeeper") << "/zookeeper" << true;
    QTest::newRow("config") << "/zookeeper/config" << true;
    QTest::newRow("quota") << "/zookeeper/quota" << true;
    QTest::newRow("user quota") << "/zookeeper/quota/app" << false;
    QTest::newRow("relative") << "app" << true;
    QTest::newRow("trailing slash") << "/app/" << true;
    QTest::newRow("normal") << "/app" << false;
    QTest::newRow("zookeeper-like") << "/zookeeperx" << false;
}

void TstAdminFormat::deleteGuard() {
    QFETCH(QString, path);
    QFETCH(bool, refused);
    const std::string why = checkDeletableRoot(path.toStdString());
    QCOMPARE(!why.empty(), refused);
    if (refused) QVERIFY2(QString::fromStdString(why).contains(path), why.c_str());
}

QTEST_APPLESS_MAIN(TstAdminFormat)
#include "tst_admin_format.moc"
