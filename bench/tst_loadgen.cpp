// zooscope-loadgen's library: option parsing (bad input gets a message, never
// a crash; the executable's --help and exit status), histogram quantiles, and a 1-second smoke run against an
// in-process engine followed by the no-loss check over its record, including
// records the check must reject; the --json lines, read back with Qt's own
// JSON parser. No timing assertions: numbers belong in docs/BENCHMARKS.md.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <chrono>

#include <fstream>
#include <thread>

#include "loadgen.h"
#include "zooscope/server.h"

using namespace zooscope::bench;

class TestLoadgen : public QObject {
    Q_OBJECT
private slots:
    void parseMix_data();
    void parseMix();
    void parseBadOptions_data();
    void parseBadOptions();
    void parseNumbersAsDecimal();
    void executableCommandLine_data();
    void executableCommandLine();
    void histogramQuantiles();
    void jsonLines();
    void smokeAgainstEngine_data();
    void smokeAgainstEngine();
    void wireClientWhenTheServerDies();
};

namespace {

// An in-process engine on a free loopback port.
std::unique_ptr<zooscope::Server> startLoopbackEngine(std::string* error) {
    zooscope::ServerConfig config;
    config.clientPort = 0;
    config.clientPortAddress = "127.0.0.1";
    return zooscope::Server::start(config, error);
}

// One line of --json output as an object; false when it is not one.
bool jsonLine(const std::string& text, QJsonObject* out) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray::fromStdString(text), &error);
    *out = doc.object();
    return error.error == QJsonParseError::NoError && doc.isObject() && text.find('\n') == std::string::npos;
}

}  // namespace

void TestLoadgen::parseMix_data() {
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("ok");
    QTest::addColumn<QString>("expected");  // formatMix() of the result, or a word of the error
    QTest::newRow("default") << "create=25,set=25,get=40,exists=10" << true << "create=25,set=25,get=40,exists=10";
    QTest::newRow("any order, omitted ops") << "get=90,create=10" << true << "create=10,get=90";
    QTest::newRow("one op") << "create=100" << true << "create=100";
    QTest::newRow("sum too big") << "create=50,get=60" << false << "110";
    QTest::newRow("sum too small") << "get=10" << false << "10";
    QTest::newRow("unknown op") << "delete=100" << false << "unknown op";
    QTest::newRow("twice") << "get=50,get=50" << false << "twice";
    QTest::newRow("no equals") << "get" << false << "op=percent";
    QTest::newRow("not a number") << "get=lots" << false << "percent";
    QTest::newRow("negative") << "get=110,set=-10" << false << "percent";
}

void TestLoadgen::parseMix() {
    QFETCH(QString, spec);
    QFETCH(bool, ok);
    QFETCH(QString, expected);
    std::string error;
    const auto mix = zooscope::bench::parseMix(spec.toStdString(), &error);
    QCOMPARE(mix.has_value(), ok);
    if (ok)
        QCOMPARE(QString::fromStdString(formatMix(*mix)), expected);
    else
        QVERIFY2(QString::fromStdString(error).contains(expected), error.c_str());
}

void TestLoadgen::parseBadOptions_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("errorPart");
    QTest::newRow("unknown flag") << QStringList{"--frobnicate"} << "--frobnicate";
    QTest::newRow("stray argument") << QStringList{"127.0.0.1:2181"} << "127.0.0.1:2181";
    QTest::newRow("missing value") << QStringList{"--sessions"} << "--sessions";
    QTest::newRow("zero sessions") << QStringList{"--sessions", "0"} << "--sessions";
    QTest::newRow("window not a number") << QStringList{"--window", "ten"} << "--window";
    QTest::newRow("window with junk") << QStringList{"--window", "10x"} << "--window";
    QTest::newRow("window in hex") << QStringList{"--window", "0x10"} << "--window";
    QTest::newRow("ops negative") << QStringList{"--ops", "-5"} << "--ops";
    QTest::newRow("seed negative") << QStringList{"--seed", "-5"} << "--seed";
    QTest::newRow("seed beyond 64 bits") << QStringList{"--seed", "18446744073709551616"} << "--seed";
    QTest::newRow("bad mix") << QStringList{"--mix", "get=50"} << "--mix";
    QTest::newRow("bad duration") << QStringList{"--duration", "soon"} << "not a duration";
    QTest::newRow("zero duration") << QStringList{"--duration", "0"} << "--duration";
    QTest::newRow("relative root") << QStringList{"--root", "bench"} << "--root";
    QTest::newRow("keys 0 with reads") << QStringList{"--keys", "0", "--mix", "get=100"} << "--keys";
    QTest::newRow("empty connect") << QStringList{"--connect", ""} << "--connect";
    QTest::newRow("rate negative") << QStringList{"--rate", "-1"} << "--rate";
    QTest::newRow("rate not a number") << QStringList{"--rate", "fast"} << "--rate";
    QTest::newRow("unknown client") << QStringList{"--client", "java"} << "--client";
    QTest::newRow("wire with a chroot") << QStringList{"--client", "wire", "--connect", "127.0.0.1:2181/app"}
                                        << "chroot";
}

void TestLoadgen::parseBadOptions() {
    QFETCH(QStringList, args);
    QFETCH(QString, errorPart);
    std::vector<std::string> argv;
    for (const auto& a : args) argv.push_back(a.toStdString());
    std::string error;
    QVERIFY(!parseOptions(argv, &error).has_value());
    QVERIFY2(QString::fromStdString(error).contains(errorPart), error.c_str());
}

// Plain decimal, as the hand-written parser read it (CLI11 alone would take
// "010" as octal 8), and a repeated option keeps its last value.
void TestLoadgen::parseNumbersAsDecimal() {
    std::string error;
    const auto o = parseOptions({"--sessions", "010", "--window", "3", "--window", "7", "--seed", "18446744073709551615",
                                 "--duration", "500ms", "--mix", "create=100", "--keys", "0"},
                                &error);
    QVERIFY2(o, error.c_str());
    QCOMPARE(o->sessions, 10);
    QCOMPARE(o->window, 7);
    QCOMPARE(o->seed, uint64_t{18446744073709551615ULL});
    QCOMPARE(o->durationSeconds, 0.5);
    QCOMPARE(o->warmupSeconds, 1.0);
    QCOMPARE(formatMix(o->mix), std::string("create=100"));
}

// The executable itself: --help lists the options and exits 0; a bad command
// line exits 2 with a message naming the option.
void TestLoadgen::executableCommandLine_data() {
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("help") << QStringList{"--help"} << 0 << "--fail-on-error";
    QTest::newRow("sessions not a number") << QStringList{"--sessions", "abc"} << 2 << "--sessions";
    QTest::newRow("rule between options") << QStringList{"--keys", "0"} << 2 << "--keys";
    QTest::newRow("unknown flag") << QStringList{"--frobnicate"} << 2 << "--frobnicate";
}

void TestLoadgen::executableCommandLine() {
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QCoreApplication::applicationDirPath() + "/zooscope-loadgen", args);
    QVERIFY2(p.waitForFinished(10000), qPrintable(p.errorString()));
    const QString out = QString::fromLocal8Bit(p.readAll());
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), exitCode);
    QVERIFY2(out.contains(expected), qPrintable(out));
    QVERIFY2(out.startsWith(exitCode == 0 ? "A pipelined load generator" : "zooscope-loadgen: "), qPrintable(out));
}

void TestLoadgen::histogramQuantiles() {
    Histogram h;
    QCOMPARE(h.quantile(0.5), int64_t{0});
    for (int64_t us = 1; us <= 1000; ++us) h.record(us * 1000);
    QCOMPARE(h.count(), uint64_t{1000});
    QCOMPARE(h.max(), int64_t{1000000});
    // Buckets are within 1/128 of the value.
    auto near = [](int64_t got, int64_t want) { return std::llabs(got - want) <= want / 128 + 1; };
    QVERIFY2(near(h.quantile(0.5), 500000), std::to_string(h.quantile(0.5)).c_str());
    QVERIFY2(near(h.quantile(0.99), 990000), std::to_string(h.quantile(0.99)).c_str());
    QVERIFY2(near(h.quantile(0.999), 999000), std::to_string(h.quantile(0.999)).c_str());
    Histogram other;
    other.record(5'000'000'000);
    h.merge(other);
    QCOMPARE(h.count(), uint64_t{1001});
    QCOMPARE(h.quantile(1.0), int64_t{5'000'000'000});
}

void TestLoadgen::jsonLines() {
    Report r;
    r.options.connect = "127.0.0.1:1,\"odd\"\\host\n\x01";
    r.options.mix = {0, 50, 50, 0};
    r.setupError = "could not connect: \"x\"\t";
    std::string text = formatJson(r);
    QJsonObject j;
    QVERIFY2(jsonLine(text, &j), text.c_str());
    QCOMPARE(j.value("connect").toString(), QString::fromStdString(r.options.connect));
    QCOMPARE(j.value("setup_ok").toBool(true), false);
    QCOMPARE(j.value("setup_error").toString(), QString::fromStdString(r.setupError));
    QCOMPARE(j.value("mix").toString(), QString("set=50,get=50"));

    r.setupOk = true;
    r.measuredSeconds = 2;
    r.warmupSeconds = 1.0004;
    r.perOp[1].ok = 2001;
    r.perOp[1].latencyNs.record(1'234'567);
    r.total = r.perOp[1];
    r.total.errors = 3;
    r.errorsByCode = {{"ZCONNECTIONLOSS", 2}, {"ZNONODE", 1}};
    r.recordedWrites = 7;
    text = formatJson(r);
    QVERIFY2(jsonLine(text, &j), text.c_str());
    // Keys in the order readers of the lines have always seen.
    size_t at = 0;
    for (const char* key : {"tool", "connect", "sessions", "window", "mix", "value_size", "keys", "client", "setup_ok", "warmup_s",
                            "measured_s", "ops", "ops_per_s", "errors", "errors_by_code", "total", "set", "get",
                            "sessions_expired", "unfinished", "recorded_writes", "rate", "late_submits"}) {
        at = text.find("\"" + std::string(key) + "\":", at);
        QVERIFY2(at != std::string::npos, key);
    }
    QCOMPARE(j.keys().size(), 23);
    QCOMPARE(j.value("client").toString(), QString("c"));
    QCOMPARE(j.value("warmup_s").toDouble(), 1.0);  // rounded to ms, as the table shows it
    QCOMPARE(j.value("ops_per_s").toDouble(), 1000.5);
    QCOMPARE(j.value("errors").toInt(), 3);
    QCOMPARE(j.value("errors_by_code").toObject().value("ZCONNECTIONLOSS").toInt(), 2);
    QCOMPARE(j.value("set").toObject().value("ok").toInt(), 2001);
    QVERIFY(!j.contains("create"));  // ops outside the mix are left out
    QVERIFY(j.value("get").toObject().contains("p999_us"));
    QCOMPARE(j.value("recorded_writes").toInt(), 7);

    VerifyReport v;
    v.recordLines = 10;
    v.missing = 1;
    v.examples = {"/a: missing", "/b \"q\": stale"};
    text = formatVerify(v, true);
    QVERIFY2(jsonLine(text, &j), text.c_str());
    QCOMPARE(j.value("mode").toString(), QString("verify"));
    QCOMPARE(j.value("ok").toBool(true), false);
    QVERIFY(!j.contains("error"));
    QCOMPARE(j.value("missing").toInt(), 1);
    QCOMPARE(j.value("examples").toArray().at(1).toString(), QString("/b \"q\": stale"));
    v.error = "cannot open \"f\"";
    text = formatVerify(v, true);
    QVERIFY2(jsonLine(text, &j), text.c_str());
    QCOMPARE(j.value("error").toString(), QString::fromStdString(v.error));
}

// Both clients: the C client, and --client wire (the loadgen's own
// sessions), whose acknowledged writes are then read back through the C
// client, an independent reader.
void TestLoadgen::smokeAgainstEngine_data() {
    QTest::addColumn<QString>("client");
    QTest::newRow("c") << "c";
    QTest::newRow("wire") << "wire";
}

void TestLoadgen::smokeAgainstEngine() {
    QFETCH(QString, client);
    std::string error;
    auto server = startLoopbackEngine(&error);
    QVERIFY2(server, error.c_str());

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::string parseError;
    const auto parsed = parseOptions({"--client", client.toStdString()}, &parseError);
    QVERIFY2(parsed, parseError.c_str());
    Options o = *parsed;
    o.connect = "127.0.0.1:" + std::to_string(server->port());
    o.sessions = 2;
    o.window = 16;
    o.keys = 50;
    o.durationSeconds = 1;
    o.warmupSeconds = 0;
    o.recordPath = dir.filePath("record.txt").toStdString();
    const Report r = runLoad(o);
    QVERIFY2(r.setupOk, r.setupError.c_str());
    QVERIFY2(r.total.ok > 0, formatTable(r).c_str());
    QVERIFY2(r.errors() == 0, formatTable(r).c_str());
    for (int i = 0; i < kOpCount; ++i) QVERIFY2(r.perOp[size_t(i)].ok > 0, opName(Op(i)));
    QCOMPARE(r.total.latencyNs.count(), r.total.ok);
    QVERIFY(r.recordedWrites > 0);
    QVERIFY(formatJson(r).find("\"ops_per_s\":") != std::string::npos);
    QVERIFY(formatJson(r).find("\"client\":\"" + client.toStdString() + "\"") != std::string::npos);
    QCOMPARE(r.unfinished, uint64_t{0});

    // Open loop: 200 reads offered at 400/s all complete, and cannot all have
    // been sent in less than the 199 intervals between them (a lower bound,
    // so a slow machine cannot fail it).
    Options paced = o;
    paced.recordPath.clear();
    paced.mix = {0, 0, 100, 0};
    paced.rate = 400;
    paced.totalOps = 200;
    const auto t0 = std::chrono::steady_clock::now();
    const Report pr = runLoad(paced);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    QVERIFY2(pr.setupOk, pr.setupError.c_str());
    QCOMPARE(pr.total.ok + pr.errors(), uint64_t(200));
    QVERIFY2(seconds >= 199.0 / 400, formatTable(pr).c_str());
    QVERIFY(formatJson(pr).find("\"rate\":400") != std::string::npos);

    Options v = o;
    v.verifyPath = o.recordPath;
    VerifyReport good = verifyRecord(v);
    QVERIFY2(good.ok, formatVerify(good, false).c_str());
    QVERIFY(good.paths > 0);
    QCOMPARE(good.recordLines, r.recordedWrites);

    // Records the server cannot satisfy: a version it never reached, a path
    // it never had, and a different value at the current version.
    {
        std::ofstream out(o.recordPath, std::ios::app);
        out << "1000000 0 0000000000000000 /zsbench/s0/k1\n";
        out << "0 0 0000000000000000 /zsbench/never-written\n";
        out << "0 9223372036854775807 0123456789abcdef /zsbench/s1\n";  // version 0 holds the setup value
    }
    VerifyReport bad = verifyRecord(v);
    QVERIFY(!bad.ok);
    QCOMPARE(bad.stale, uint64_t{1});
    QCOMPARE(bad.missing, uint64_t{1});
    QCOMPARE(bad.corrupt, uint64_t{1});

    {
        std::ofstream out(o.recordPath, std::ios::app);
        out << "garbage line\n";
    }
    VerifyReport unreadable = verifyRecord(v);
    QVERIFY(!unreadable.ok);
    QVERIFY2(unreadable.error.find("malformed") != std::string::npos, unreadable.error.c_str());
    server->stop();
}

// The server goes away mid-run: the outstanding requests complete as
// connection losses, the run ends on time, nothing hangs.
void TestLoadgen::wireClientWhenTheServerDies() {
    std::string error;
    auto server = startLoopbackEngine(&error);
    QVERIFY2(server, error.c_str());
    Options o;
    o.client = ClientKind::Wire;
    o.connect = "127.0.0.1:" + std::to_string(server->port());
    o.sessions = 2;
    o.window = 16;
    o.keys = 20;
    o.durationSeconds = 3;
    o.warmupSeconds = 0;
    o.sessionTimeoutMs = 5000;
    std::thread killer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(800));
        server.reset();
    });
    const Report r = runLoad(o);
    killer.join();
    QVERIFY2(r.setupOk, r.setupError.c_str());
    QVERIFY2(r.total.ok > 0, formatTable(r).c_str());
    QVERIFY2(r.errorsByCode.count("ZCONNECTIONLOSS") == 1, formatTable(r).c_str());
    QCOMPARE(r.unfinished, uint64_t{0});
    QCOMPARE(r.sessionsExpired, 2);
}

QTEST_GUILESS_MAIN(TestLoadgen)
#include "tst_loadgen.moc"
