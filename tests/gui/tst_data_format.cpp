// Data formats of the node panel (text/data_format.h) and the Stat texts
// (text/stat_format.h): detection, validation with positions, pretty-print,
// and exact byte round trips through every encoding. No server, no widgets.
#include <QtTest>

#include "text/data_format.h"
#include "text/stat_format.h"

using namespace zooscope::ui;

Q_DECLARE_METATYPE(zooscope::ui::DataFormat)
Q_DECLARE_METATYPE(zooscope::ui::TextEncoding)

class TstDataFormat : public QObject {
    Q_OBJECT
private slots:
    void detect_data();
    void detect();
    void validatePosition_data();
    void validatePosition();
    void validateAcceptsValid_data();
    void validateAcceptsValid();
    void prettyPrint_data();
    void prettyPrint();
    void prettyPrintRefuses_data();
    void prettyPrintRefuses();
    void prettyPrintIsStable();
    void roundTrip_data();
    void roundTrip();
    void encodeErrors_data();
    void encodeErrors();
    void lineColumn();
    void statTexts();
};

void TstDataFormat::detect_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<DataFormat>("format");
    QTest::newRow("empty") << QByteArray() << DataFormat::Text;
    QTest::newRow("json object") << QByteArray(R"({"a": 1, "b": [true, null]})") << DataFormat::Json;
    QTest::newRow("json array") << QByteArray("  [1, 2, 3]\n") << DataFormat::Json;
    QTest::newRow("broken json still json") << QByteArray(R"({"a": )") << DataFormat::Json;
    QTest::newRow("ini section is not json") << QByteArray("[section]\nkey value") << DataFormat::Text;
    QTest::newRow("xml with declaration") << QByteArray("<?xml version=\"1.0\"?>\n<a><b/></a>") << DataFormat::Xml;
    QTest::newRow("xml element") << QByteArray("<config><port>2181</port></config>") << DataFormat::Xml;
    QTest::newRow("properties") << QByteArray("# zoo\ntickTime=2000\ndataDir = /var/zk\n") << DataFormat::Properties;
    QTest::newRow("properties continuation")
        << QByteArray("servers=a,\\\n    b\nport=1\n") << DataFormat::Properties;
    QTest::newRow("yaml mapping") << QByteArray("broker:\n  id: 1\n  hosts:\n    - a\n    - b\n") << DataFormat::Yaml;
    QTest::newRow("yaml document") << QByteArray("---\n- one\n- two\n") << DataFormat::Yaml;
    QTest::newRow("one-line sentence") << QByteArray("Note: this is text") << DataFormat::Text;
    QTest::newRow("plain text") << QByteArray("hello world") << DataFormat::Text;
    QTest::newRow("utf-8 text") << QByteArray("h\xc3\xa9llo w\xc3\xb6rld") << DataFormat::Text;
    QTest::newRow("nul bytes") << QByteArray("\x00\x01\x02", 3) << DataFormat::Binary;
    QTest::newRow("invalid utf-8") << QByteArray("\xff\xfe abc") << DataFormat::Binary;
    QTest::newRow("truncated utf-8") << QByteArray("ab\xc3") << DataFormat::Binary;
    QTest::newRow("control character") << QByteArray("abc\x1b[0m") << DataFormat::Binary;
    QTest::newRow("serialized java") << QByteArray("\xac\xed\x00\x05sr", 6) << DataFormat::Binary;
}

void TstDataFormat::detect() {
    QFETCH(QByteArray, bytes);
    QFETCH(DataFormat, format);
    QCOMPARE(detectFormat(bytes), format);
    // Whatever the format, the suggested encoding shows the bytes exactly.
    const TextEncoding e = suggestEncoding(bytes);
    QVERIFY(decode(bytes, e).exact);
    if (format == DataFormat::Binary && !decode(bytes, TextEncoding::Utf8).exact) QCOMPARE(e, TextEncoding::Hex);
}

void TstDataFormat::validatePosition_data() {
    QTest::addColumn<DataFormat>("format");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QChar>("at");  // the character the position must point at ('\0': end of text)
    // JSON: QJsonParseError's byte offset, turned into characters (the é is two bytes).
    QTest::newRow("json missing value") << DataFormat::Json << QStringLiteral("{\"é\": 1,\n  \"b\": }") << 2 << 8
                                        << QChar(u'}');
    QTest::newRow("json unterminated") << DataFormat::Json << QStringLiteral("[1,\n2,\n3") << 3 << 1 << QChar(u'3');
    QTest::newRow("xml mismatched tag") << DataFormat::Xml << QStringLiteral("<a>\n  <b>\n</a>") << 3 << 4
                                        << QChar(u'>');
    QTest::newRow("xml empty") << DataFormat::Xml << QString() << 1 << 1 << QChar();
    QTest::newRow("yaml unclosed flow") << DataFormat::Yaml << QStringLiteral("a: 1\nb: [1, 2\nc: 3\n") << 3 << 2
                                        << QChar(u':');
    QTest::newRow("yaml bad indentation") << DataFormat::Yaml << QStringLiteral("a:\n  b: 1\n c: 2\n") << 3 << 2
                                          << QChar(u'c');
    QTest::newRow("properties bad unicode escape")
        << DataFormat::Properties << QStringLiteral("ok=1\nname=caf\\u00g9") << 2 << 9 << QChar(u'\\');
    QTest::newRow("hex bad digit") << DataFormat::Binary << QStringLiteral("0a 0b\nzz") << 2 << 1 << QChar(u'z');
    QTest::newRow("hex odd digits") << DataFormat::Binary << QStringLiteral("0a 0") << 1 << 4 << QChar(u'0');
}

void TstDataFormat::validatePosition() {
    QFETCH(DataFormat, format);
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QChar, at);
    const Validation v = validate(format, text);
    QVERIFY(!v.ok);
    QVERIFY2(!v.message.isEmpty(), "a reason is given");
    QCOMPARE(v.line, line);
    QCOMPARE(v.column, column);
    const qsizetype offset = offsetOf(text, v.line, v.column);
    if (at.isNull())
        QCOMPARE(offset, text.size());
    else
        QCOMPARE(text.at(offset), at);
    QVERIFY(v.describe().contains(QString::number(line)));
}

void TstDataFormat::validateAcceptsValid_data() {
    QTest::addColumn<DataFormat>("format");
    QTest::addColumn<QString>("text");
    QTest::newRow("json") << DataFormat::Json << QStringLiteral("{\"a\": [1, 2.5e3, \"x\"]}");
    QTest::newRow("xml") << DataFormat::Xml << QStringLiteral("<?xml version=\"1.0\"?><a x='1'><!-- c --><b/></a>");
    QTest::newRow("yaml multi-doc") << DataFormat::Yaml << QStringLiteral("a: 1\n---\nb: 2\n");
    QTest::newRow("properties") << DataFormat::Properties << QStringLiteral("# c\nname=caf\\u00e9\nflag\n");
    QTest::newRow("text") << DataFormat::Text << QStringLiteral("{ not json");
    QTest::newRow("hex") << DataFormat::Binary << QStringLiteral("00 ff\n\tAb");
}

void TstDataFormat::validateAcceptsValid() {
    QFETCH(DataFormat, format);
    QFETCH(QString, text);
    const Validation v = validate(format, text);
    QVERIFY2(v.ok, qPrintable(v.describe()));
    QCOMPARE(v.describe(), QString());
}

void TstDataFormat::prettyPrint_data() {
    QTest::addColumn<DataFormat>("format");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("pretty");
    // Key order and number literals survive (a QJsonDocument round trip would
    // sort keys and turn 12345678901234567890 into a double).
    QTest::newRow("json")
        << DataFormat::Json << QStringLiteral(R"({"z":12345678901234567890,"a":[1,{}],"s":"x, y: {z}","e":[]})")
        << QStringLiteral("{\n    \"z\": 12345678901234567890,\n    \"a\": [\n        1,\n        {}\n    ],\n"
                          "    \"s\": \"x, y: {z}\",\n    \"e\": []\n}\n");
    QTest::newRow("json escapes") << DataFormat::Json << QStringLiteral(R"(["a\"b\\",1])")
                                  << QStringLiteral("[\n    \"a\\\"b\\\\\",\n    1\n]\n");
    QTest::newRow("xml") << DataFormat::Xml << QStringLiteral("<a><b x=\"1\">t</b><c/></a>")
                         << QStringLiteral("<a>\n  <b x=\"1\">t</b>\n  <c/>\n</a>\n");
    QTest::newRow("xml reindent") << DataFormat::Xml << QStringLiteral("<a>\n      <b/>\n</a>")
                                  << QStringLiteral("<a>\n  <b/>\n</a>\n");
    QTest::newRow("properties") << DataFormat::Properties << QStringLiteral("  a = 1\nb:2\nc 3\n# keep: me\n")
                                << QStringLiteral("a=1\nb=2\nc=3\n# keep: me\n");
    QTest::newRow("yaml flow to block") << DataFormat::Yaml << QStringLiteral("a: {b: 1, c: [x, y]}")
                                        << QStringLiteral("a:\n  b: 1\n  c:\n    - x\n    - y\n");
}

void TstDataFormat::prettyPrint() {
    QFETCH(DataFormat, format);
    QFETCH(QString, text);
    QFETCH(QString, pretty);
    QString error;
    const auto out = zooscope::ui::prettyPrint(format, text, &error);
    QVERIFY2(out.has_value(), qPrintable(error));
    QCOMPARE(*out, pretty);
    QVERIFY(validate(format, *out).ok);
}

void TstDataFormat::prettyPrintRefuses_data() {
    QTest::addColumn<DataFormat>("format");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reasonContains");
    QTest::newRow("invalid json") << DataFormat::Json << QStringLiteral("{\"a\":") << QStringLiteral("Line 1");
    QTest::newRow("yaml comments") << DataFormat::Yaml << QStringLiteral("a: 1 # port\n") << QStringLiteral("comment");
    QTest::newRow("text") << DataFormat::Text << QStringLiteral("x") << QStringLiteral("no pretty");
    QTest::newRow("binary") << DataFormat::Binary << QStringLiteral("00") << QStringLiteral("no pretty");
}

void TstDataFormat::prettyPrintRefuses() {
    QFETCH(DataFormat, format);
    QFETCH(QString, text);
    QFETCH(QString, reasonContains);
    QString error;
    QVERIFY(!zooscope::ui::prettyPrint(format, text, &error).has_value());
    QVERIFY2(error.contains(reasonContains), qPrintable(error));
}

void TstDataFormat::prettyPrintIsStable() {
    // Pretty-printing pretty output changes nothing.
    const QString json = QStringLiteral(R"({"a":{"b":[1,2,{"c":null}]},"d":"e"})");
    const auto once = zooscope::ui::prettyPrint(DataFormat::Json, json, nullptr);
    QVERIFY(once);
    QCOMPARE(zooscope::ui::prettyPrint(DataFormat::Json, *once, nullptr).value_or(QString()), *once);
    const QString xml = QStringLiteral("<?xml version=\"1.0\"?><a><b>t</b><!-- c --></a>");
    const auto x1 = zooscope::ui::prettyPrint(DataFormat::Xml, xml, nullptr);
    QVERIFY(x1);
    QVERIFY(x1->startsWith(QStringLiteral("<?xml version=\"1.0\"")));
    QVERIFY(x1->contains(QStringLiteral("<!-- c -->")));
    QCOMPARE(zooscope::ui::prettyPrint(DataFormat::Xml, *x1, nullptr).value_or(QString()), *x1);
}

void TstDataFormat::roundTrip_data() {
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("utf8Exact");
    QTest::addColumn<bool>("utf16Exact");  // little and big endian alike here
    QByteArray all;
    for (int i = 0; i < 256; ++i) all.append(char(i));
    QTest::newRow("empty") << QByteArray() << true << true;
    QTest::newRow("ascii") << QByteArray("key=value\n") << true << true;
    QTest::newRow("utf-8 with bom") << QByteArray("\xef\xbb\xbfh\xc3\xa9") << true << true;
    QTest::newRow("4-byte utf-8") << QByteArray("\xf0\x9f\x98\x80!") << true << false;
    QTest::newRow("invalid utf-8") << QByteArray("a\xffz\xc0\xaf") << false << false;
    QTest::newRow("lone utf-8 surrogate") << QByteArray("\xed\xa0\x80") << false << false;
    QTest::newRow("binary with nul") << QByteArray("\x00\x01\xfe\xff", 4) << false << true;
    QTest::newRow("all 256 bytes") << all << false << false;
    QTest::newRow("odd length") << QByteArray("abc") << true << false;
}

void TstDataFormat::roundTrip() {
    QFETCH(QByteArray, bytes);
    QFETCH(bool, utf8Exact);
    QFETCH(bool, utf16Exact);
    QCOMPARE(decode(bytes, TextEncoding::Utf8).exact, utf8Exact);
    // UTF-16: exact means every unit pair decodes and re-encodes to the same
    // bytes; "binary with nul" is two valid UTF-16 units in each order.
    if (bytes.size() % 2 == 0 && bytes.size() > 0 && !utf16Exact) {
        QVERIFY(!decode(bytes, TextEncoding::Utf16LE).exact || !decode(bytes, TextEncoding::Utf16BE).exact);
    }
    for (TextEncoding e : allEncodings()) {
        const Decoded d = decode(bytes, e);
        if (e == TextEncoding::Latin1 || e == TextEncoding::Hex) QVERIFY2(d.exact, qPrintable(encodingName(e)));
        if (!d.exact) continue;  // the editor refuses this encoding for these bytes
        QString error;
        const auto back = encode(d.text, e, &error);
        QVERIFY2(back.has_value(), qPrintable(error));
        QCOMPARE(*back, bytes);
    }
    if (utf16Exact && !bytes.isEmpty()) QVERIFY(decode(bytes, TextEncoding::Utf16LE).exact);
}

void TstDataFormat::encodeErrors_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<TextEncoding>("encoding");
    QTest::addColumn<QString>("position");
    QTest::newRow("latin-1 euro") << QStringLiteral("price:\n  9 €") << TextEncoding::Latin1
                                  << QStringLiteral("Line 2, column 5");
    QTest::newRow("hex letter") << QStringLiteral("00 1g") << TextEncoding::Hex << QStringLiteral("Line 1, column 5");
    QTest::newRow("hex odd") << QStringLiteral("00 1") << TextEncoding::Hex << QStringLiteral("Line 1, column 4");
    QTest::newRow("unpaired surrogate") << QString(QChar(0xd800)) << TextEncoding::Utf8
                                        << QStringLiteral("Line 1, column 1");
}

void TstDataFormat::encodeErrors() {
    QFETCH(QString, text);
    QFETCH(TextEncoding, encoding);
    QFETCH(QString, position);
    QString error;
    QVERIFY(!encode(text, encoding, &error).has_value());
    QVERIFY2(error.startsWith(position), qPrintable(error));
}

void TstDataFormat::lineColumn() {
    const QString t = QStringLiteral("ab\ncd\n\nef");
    int l = 0, c = 0;
    lineColumnAt(t, 4, &l, &c);
    QCOMPARE(l, 2);
    QCOMPARE(c, 2);
    QCOMPARE(t.at(offsetOf(t, 2, 2)), QChar(u'd'));
    QCOMPARE(t.at(offsetOf(t, 4, 1)), QChar(u'e'));
    // Past the end of a line clamps to its end, past the text to the end.
    QCOMPARE(offsetOf(t, 1, 99), qsizetype(2));
    QCOMPARE(offsetOf(t, 99, 1), t.size());
}

void TstDataFormat::statTexts() {
    zooscope::proto::Stat s;
    s.czxid = 0x100000003;
    s.mzxid = 0x20000000a;
    s.pzxid = 0x100000003;
    s.ctime = 1500;
    s.mtime = 1700000000123;
    s.version = 4;
    s.cversion = 2;
    s.aversion = 1;
    s.ephemeralOwner = 0x1000a2b3c4d0001;
    s.dataLength = 17;
    s.numChildren = 3;
    const QList<StatField> fields = statFields(s);
    QCOMPARE(fields.size(), 11);
    QHash<QString, StatField> byKey;
    for (const StatField& f : fields) byKey.insert(f.key, f);
    QCOMPARE(byKey.value("czxid").value, QStringLiteral("0x100000003"));
    QVERIFY(byKey.value("czxid").toolTip.contains(QStringLiteral("epoch 1, counter 3")));
    QCOMPARE(byKey.value("mzxid").value, QStringLiteral("0x20000000a"));
    QCOMPARE(byKey.value("ephemeralOwner").value, QStringLiteral("0x1000a2b3c4d0001"));
    QVERIFY(byKey.value("ctime").value.contains(QStringLiteral("1970-01-01T00:00:01.500Z")));
    QVERIFY(byKey.value("mtime").value.contains(QStringLiteral("2023-11-14T22:13:20.123Z")));
    // The local part is the same instant in local time.
    const QString local = QDateTime::fromMSecsSinceEpoch(1700000000123).toString("yyyy-MM-dd HH:mm:ss.zzz");
    QVERIFY(byKey.value("mtime").value.startsWith(local));
    QCOMPARE(byKey.value("dataVersion").value, QStringLiteral("4"));
    QCOMPARE(byKey.value("cversion").value, QStringLiteral("2"));
    QCOMPARE(byKey.value("aclVersion").value, QStringLiteral("1"));
    QCOMPARE(byKey.value("dataLength").value, QStringLiteral("17"));
    QCOMPARE(byKey.value("numChildren").value, QStringLiteral("3"));
    QCOMPARE(formatHex64(0), QStringLiteral("0x0"));
    QCOMPARE(formatHex64(-1), QStringLiteral("0xffffffffffffffff"));
    QCOMPARE(formatTime(0), QStringLiteral("0 (not set)"));
}

QTEST_GUILESS_MAIN(TstDataFormat)
#include "tst_data_format.moc"
