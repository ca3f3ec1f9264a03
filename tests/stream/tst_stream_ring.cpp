// The pure parts of core/stream: the ring (golden values from an independent
// computation, the tie rule, balance, minimal movement, the same answer in
// another process and from python/ring.py), the event values, the job's JSON
// forms with damaged input, config changes and worker ids. No server.
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "stream/ring.h"
#include "zooscope/stream.h"

using namespace zooscope::stream;

namespace {

// Debian's interpreter: the one that has python3-xxhash.
const QString kPython = QStringLiteral("/usr/bin/python3");

std::vector<std::string> split(const std::string& text, char sep) {
    std::vector<std::string> out;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, sep))
        if (!item.empty()) out.push_back(item);
    return out;
}

std::string join(const std::vector<std::string>& items, char sep) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) out += (i ? std::string(1, sep) : "") + items[i];
    return out;
}

std::vector<std::string> workers(int n, const std::string& prefix = "w") {
    std::vector<std::string> out;
    for (int i = 1; i <= n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

// Runs argv; its stdout, or a failure message in *error.
QString runForOutput(const QString& program, const QStringList& args, const QProcessEnvironment& env, QString* error) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        *error = program + " failed: " + QString::fromUtf8(p.readAllStandardError());
        return {};
    }
    return QString::fromUtf8(p.readAllStandardOutput());
}

uint64_t constantPosition(std::string_view) { return 42; }
// Partitions at their number * 100; worker "a" has points at 1000, 2000, ...
// and "b" at 500, 1500, ... (vnode v: (v + 1) * 1000 and v * 1000 + 500).
uint64_t stepPosition(std::string_view s) {
    const auto hash = s.find('#');
    if (hash == std::string_view::npos) return std::stoull(std::string(s)) * 100;
    const uint64_t v = std::stoull(std::string(s.substr(hash + 1)));
    return s[0] == 'a' ? (v + 1) * 1000 : v * 1000 + 500;
}

}  // namespace

class TstStreamRing : public QObject {
    Q_OBJECT
private slots:
    void hashGoldenValues();
    void ownersGoldenValues_data();
    void ownersGoldenValues();
    void tiesGoToTheBytewiseSmallerId();
    void wrapsToTheSmallestPoint();
    void edgeCases();
    void imbalance();
    void balance_data();
    void balance();
    void joinMovesOnlyToTheNewWorker_data();
    void joinMovesOnlyToTheNewWorker();
    void leaveMovesOnlyTheLeaversPartitions();
    void sameAnswerInAnotherProcess();
    void sameAnswerAsTheIndependentPython();

    void eventValues();
    void expectedSumMatchesTheDirectSum();

    void jsonRoundTrips();
    void damagedJson_data();
    void damagedJson();
    void configChanges_data();
    void configChanges();
    void workerIds_data();
    void workerIds();
    void setupValues();
    void jobPaths();
};

void TstStreamRing::hashGoldenValues() {
    // xxh64sum (Debian's xxhash) and python3-xxhash, by hand.
    QCOMPARE(ringHash(""), 0xef46db3751d8e999ull);
    QCOMPARE(ringHash("0"), 0x633457081244afecull);
    QCOMPARE(ringHash("1"), 0xb7b41276360564d4ull);
    QCOMPARE(ringHash("63"), 0x147353229b2300fdull);
    QCOMPARE(ringHash("w1#0"), 0xfed5760f83f217b3ull);
    QCOMPARE(ringHash("worker-\xc3\xa9#3"), 0xa33717e33bff3bc1ull);
}

void TstStreamRing::ownersGoldenValues_data() {
    QTest::addColumn<QString>("members");
    QTest::addColumn<int>("partitions");
    QTest::addColumn<int>("vnodes");
    QTest::addColumn<QString>("owners");
    // From tests/stream/python/ring.py (python3-xxhash), written down once.
    QTest::newRow("3 workers, V=4") << "w1,w2,w3" << 16 << 4 << "w3,w3,w1,w2,w3,w3,w2,w2,w3,w2,w2,w2,w2,w2,w3,w2";
    QTest::newRow("2 workers, V=1") << "a,b" << 12 << 1 << "a,a,a,b,a,a,b,b,a,b,a,b";
    QTest::newRow("4 workers, V=16") << "w1,w2,w3,w4" << 16 << 16 << "w3,w3,w1,w4,w1,w3,w1,w1,w4,w3,w2,w4,w2,w4,w1,w3";
    QTest::newRow("UTF-8 ids") << QString::fromUtf8("\xc3\xbc,u,z") << 10 << 2
                               << QString::fromUtf8("u,\xc3\xbc,u,z,u,u,z,z,\xc3\xbc,z");
}

void TstStreamRing::ownersGoldenValues() {
    QFETCH(QString, members);
    QFETCH(int, partitions);
    QFETCH(int, vnodes);
    QFETCH(QString, owners);
    const auto got = ringOwners(split(members.toStdString(), ','), partitions, vnodes);
    QCOMPARE(QString::fromStdString(join(got, ',')), owners);
    // The order members are given in does not matter.
    auto reversed = split(members.toStdString(), ',');
    std::reverse(reversed.begin(), reversed.end());
    QCOMPARE(ringOwners(reversed, partitions, vnodes), got);
}

void TstStreamRing::tiesGoToTheBytewiseSmallerId() {
    // Every point and partition at one position: the bytewise-smallest id
    // owns everything. "~" (0x7E) is smaller than "é" (0xC3 0xA9) bytewise,
    // though a signed char comparison would say otherwise.
    auto owners = detail::ringOwnersWith(&constantPosition, {"\xc3\xa9", "~"}, 8, 3);
    QCOMPARE(std::set<std::string>(owners.begin(), owners.end()), std::set<std::string>{"~"});
    owners = detail::ringOwnersWith(&constantPosition, {"b", "Zed", "a"}, 4, 1);
    QCOMPARE(std::set<std::string>(owners.begin(), owners.end()), std::set<std::string>{"Zed"});
}

void TstStreamRing::wrapsToTheSmallestPoint() {
    // Points: b@500, a@1000, b@1500, a@2000. Partition p at p * 100.
    const auto owners = detail::ringOwnersWith(&stepPosition, {"b", "a"}, 25, 2);
    for (int p = 0; p < 25; ++p) {
        const char* expected = p <= 5 ? "b" : p <= 10 ? "a" : p <= 15 ? "b" : p <= 20 ? "a" : "b";  // 21..: wraps to b@500
        QCOMPARE(owners[static_cast<size_t>(p)], std::string(expected));
    }
}

void TstStreamRing::edgeCases() {
    QCOMPARE(ringOwners({}, 3, 16), (std::vector<std::string>{"", "", ""}));
    QVERIFY(ringOwners({"a"}, 0, 16).empty());
    QVERIFY(ringOwners({"a"}, 3, 0).empty());
    // Duplicates count once.
    QCOMPARE(ringOwners({"w1", "w2", "w1"}, 64, 16), ringOwners({"w1", "w2"}, 64, 16));
}

void TstStreamRing::imbalance() {
    QCOMPARE(loadImbalance({"a", "a", "b", "b"}, 2), 1.0);
    QCOMPARE(loadImbalance({"a", "a", "a", "b"}, 2), 1.5);
    QCOMPARE(loadImbalance({"a", "a", "a", "a"}, 4), 4.0);  // three members own nothing
    QCOMPARE(loadImbalance({}, 3), 0.0);
    QCOMPARE(loadImbalance({"a"}, 0), 0.0);
}

void TstStreamRing::balance_data() {
    QTest::addColumn<int>("vnodes");
    QTest::addColumn<double>("limit");
    // 10 workers, 1,024 partitions. The limits are loose bounds on a
    // deterministic value (docs/BENCHMARKS.md has the exact numbers).
    QTest::newRow("V=1") << 1 << 4.0;
    QTest::newRow("V=16") << 16 << 1.6;
    QTest::newRow("V=128") << 128 << 1.25;
}

void TstStreamRing::balance() {
    QFETCH(int, vnodes);
    QFETCH(double, limit);
    const auto ids = workers(10);
    const double ratio = loadImbalance(ringOwners(ids, 1024, vnodes), ids.size());
    QVERIFY2(ratio <= limit, qPrintable(QStringLiteral("max/mean %1 > %2").arg(ratio).arg(limit)));
    // More points never make it worse than a single point per worker.
    QVERIFY(ratio <= loadImbalance(ringOwners(ids, 1024, 1), ids.size()));
}

void TstStreamRing::joinMovesOnlyToTheNewWorker_data() {
    QTest::addColumn<int>("vnodes");
    QTest::newRow("V=1") << 1;
    QTest::newRow("V=16") << 16;
    QTest::newRow("V=128") << 128;
}

void TstStreamRing::joinMovesOnlyToTheNewWorker() {
    QFETCH(int, vnodes);
    for (int n = 1; n <= 10; ++n) {
        auto ids = workers(n);
        const auto before = ringOwners(ids, 1024, vnodes);
        ids.push_back("joiner-" + std::to_string(n));
        const auto after = ringOwners(ids, 1024, vnodes);
        int moved = 0;
        for (size_t p = 0; p < before.size(); ++p) {
            if (before[p] == after[p]) continue;
            ++moved;
            QCOMPARE(after[p], ids.back());
        }
        // The joiner gets something (1,024 partitions, >= 1 point each).
        QVERIFY2(moved > 0, qPrintable(QStringLiteral("n=%1: nothing moved to the joiner").arg(n)));
    }
}

void TstStreamRing::leaveMovesOnlyTheLeaversPartitions() {
    for (int vnodes : {1, 16, 128}) {
        const auto ids = workers(8);
        const auto before = ringOwners(ids, 1024, vnodes);
        for (const auto& leaver : ids) {
            std::vector<std::string> rest;
            for (const auto& id : ids)
                if (id != leaver) rest.push_back(id);
            const auto after = ringOwners(rest, 1024, vnodes);
            for (size_t p = 0; p < before.size(); ++p) {
                if (before[p] != leaver) QCOMPARE(after[p], before[p]);
                else QVERIFY(after[p] != leaver);
            }
        }
    }
}

void TstStreamRing::sameAnswerInAnotherProcess() {
    // This binary, started again with ZS_STREAM_RING_PRINT (see main()).
    const std::vector<std::string> ids = {"alpha", "beta", "\xce\xb3\xce\xac\xce\xbc\xce\xbc\xce\xb1", "d-4", "e.5"};
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("ZS_STREAM_RING_PRINT", QString::fromStdString("512 16 " + join(ids, ' ')));
    QString error;
    const QString out = runForOutput(QCoreApplication::applicationFilePath(), {}, env, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(out.toStdString(), join(ringOwners(ids, 512, 16), '\n') + "\n");
}

void TstStreamRing::sameAnswerAsTheIndependentPython() {
    const QString script = QString::fromUtf8(std::getenv("ZS_SOURCE_DIR")) + "/tests/stream/python/ring.py";
    const std::vector<std::string> ids = {"worker-1", "worker-2", "worker-\xc3\xa9", "w", "W", "worker-10", "7"};
    for (int vnodes : {1, 16, 128}) {
        QStringList args = {script, "1024", QString::number(vnodes)};
        for (const auto& id : ids) args << QString::fromStdString(id);
        QString error;
        const QString out = runForOutput(kPython, args, QProcessEnvironment::systemEnvironment(), &error);
        QVERIFY2(error.isEmpty(), qPrintable(error + " (python3-xxhash is installed by scripts/test)"));
        QCOMPARE(out.toStdString(), join(ringOwners(ids, 1024, vnodes), '\n') + "\n");
    }
}

void TstStreamRing::eventValues() {
    QCOMPARE(eventValue(0, 0), 1ull);
    QCOMPARE(eventValue(0, 995), 996ull);
    QCOMPARE(eventValue(0, 996), 0ull);  // 997 % 997
    QCOMPARE(eventValue(2, 400), (3ull * 401) % 997);
    QCOMPARE(eventValue(996, 12345), 0ull);  // p + 1 = 997
    QCOMPARE(eventValue(4095, 1ull << 40), (4096ull * ((1ull << 40) + 1)) % 997);
}

void TstStreamRing::expectedSumMatchesTheDirectSum() {
    for (int p : {0, 1, 63, 995, 996, 1993, 4095}) {
        uint64_t sum = 0;
        for (uint64_t offset = 0; offset <= 4000; ++offset) {
            QCOMPARE(expectedSum(p, offset), sum);
            sum += ((static_cast<uint64_t>(p) + 1) * (offset + 1)) % 997;
        }
    }
}

void TstStreamRing::jsonRoundTrips() {
    std::string error;
    JobConfig c{64, 16, 10, 20, true};
    QCOMPARE(toJson(c), std::string(R"({"partitions":64,"vnodes":16,"batch":10,"ratePerPartition":20,"paused":true})"));
    QCOMPARE(parseConfig(toJson(c), &error), std::optional<JobConfig>(c));
    c.ratePerPartition = 2.5;
    QCOMPARE(parseConfig(toJson(c), &error), std::optional<JobConfig>(c));

    Assignment a;
    a.generation = 7;
    a.vnodes = 16;
    a.owners = {{0, "w1"}, {10, "w\xc3\xa9"}, {2, "w1"}};
    a.moved = {2, 10};
    QCOMPARE(toJson(a), std::string("{\"generation\":7,\"vnodes\":16,\"owners\":{\"0\":\"w1\",\"2\":\"w1\",\"10\":\"w\xc3\xa9\"},\"moved\":[2,10]}"));
    QCOMPARE(parseAssignment(toJson(a), &error), std::optional<Assignment>(a));

    OffsetRecord r{18446744073709551615ull, 123, "w2"};
    QCOMPARE(toJson(OffsetRecord{}), std::string(R"({"offset":0,"sum":0,"owner":""})"));
    QCOMPARE(parseOffset(toJson(r), &error), std::optional<OffsetRecord>(r));
    // Unknown keys are ignored.
    QCOMPARE(parseOffset(R"({"offset":1,"sum":1,"owner":"x","note":"hi"})", &error), std::optional<OffsetRecord>(OffsetRecord{1, 1, "x"}));

    WorkerStatus s{{1, 4, 9}, 412.5, 73020};
    QCOMPARE(toJson(s), std::string(R"({"partitions":[1,4,9],"eventsPerSec":412.5,"committed":73020})"));
    QCOMPARE(parseWorkerStatus(toJson(s), &error), std::optional<WorkerStatus>(s));

    // A worker's overrides: only the keys it holds, in the documented order.
    ConfigChange o;
    QCOMPARE(toJson(o), std::string("{}"));
    o.paused = true;
    o.ratePerPartition = 2.5;
    QCOMPARE(toJson(o), std::string(R"({"ratePerPartition":2.5,"paused":true})"));
    o.batch = 7;
    QCOMPARE(toJson(o), std::string(R"({"batch":7,"ratePerPartition":2.5,"paused":true})"));
    for (const ConfigChange& each : {ConfigChange{}, o, ConfigChange{std::nullopt, 0.0, std::nullopt}}) {
        const auto back = parseOverrides(toJson(each), &error);
        QVERIFY2(back, error.c_str());
        QCOMPARE(toJson(*back), toJson(each));
    }
    // Merged key by key; applied over the job's config, absent keys follow it.
    const ConfigChange merged = mergeChange(ConfigChange{3, 1.0, std::nullopt}, ConfigChange{std::nullopt, 9.0, false});
    QCOMPARE(toJson(merged), std::string(R"({"batch":3,"ratePerPartition":9,"paused":false})"));
    const JobConfig runs = applyChange(JobConfig{64, 16, 100, 50, true}, ConfigChange{std::nullopt, 5.0, std::nullopt});
    QCOMPARE(runs, (JobConfig{64, 16, 100, 5, true}));
}

void TstStreamRing::damagedJson_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("config not json") << "config" << QByteArray("{partitions:1") << "not JSON";
    QTest::newRow("config array") << "config" << QByteArray("[1]") << "not a JSON object";
    QTest::newRow("config empty") << "config" << QByteArray("") << "not JSON";
    QTest::newRow("config no partitions") << "config" << QByteArray(R"({"vnodes":1,"batch":1,"ratePerPartition":1,"paused":false})") << "partitions";
    QTest::newRow("config zero partitions") << "config" << QByteArray(R"({"partitions":0,"vnodes":1,"batch":1,"ratePerPartition":1,"paused":false})") << "partitions";
    QTest::newRow("config too many partitions") << "config" << QByteArray(R"({"partitions":4097,"vnodes":1,"batch":1,"ratePerPartition":1,"paused":false})") << "partitions";
    QTest::newRow("config negative batch") << "config" << QByteArray(R"({"partitions":2,"vnodes":1,"batch":-1,"ratePerPartition":1,"paused":false})") << "batch";
    QTest::newRow("config fractional vnodes") << "config" << QByteArray(R"({"partitions":2,"vnodes":1.5,"batch":1,"ratePerPartition":1,"paused":false})") << "vnodes";
    QTest::newRow("config string rate") << "config" << QByteArray(R"({"partitions":2,"vnodes":1,"batch":1,"ratePerPartition":"9","paused":false})") << "ratePerPartition";
    QTest::newRow("config negative rate") << "config" << QByteArray(R"({"partitions":2,"vnodes":1,"batch":1,"ratePerPartition":-2,"paused":false})") << "ratePerPartition";
    QTest::newRow("config paused 1") << "config" << QByteArray(R"({"partitions":2,"vnodes":1,"batch":1,"ratePerPartition":1,"paused":1})") << "paused";
    QTest::newRow("assignment owners array") << "assignment" << QByteArray(R"({"generation":1,"vnodes":1,"owners":[],"moved":[]})") << "owners";
    QTest::newRow("assignment key not a number") << "assignment" << QByteArray(R"({"generation":1,"vnodes":1,"owners":{"x":"a"},"moved":[]})") << "\"x\"";
    QTest::newRow("assignment key leading zero") << "assignment" << QByteArray(R"({"generation":1,"vnodes":1,"owners":{"01":"a"},"moved":[]})") << "\"01\"";
    QTest::newRow("assignment owner number") << "assignment" << QByteArray(R"({"generation":1,"vnodes":1,"owners":{"1":5},"moved":[]})") << "partition 1";
    QTest::newRow("assignment moved negative") << "assignment" << QByteArray(R"({"generation":1,"vnodes":1,"owners":{},"moved":[-1]})") << "moved";
    QTest::newRow("assignment negative generation") << "assignment" << QByteArray(R"({"generation":-1,"vnodes":1,"owners":{},"moved":[]})") << "generation";
    QTest::newRow("offset negative") << "offset" << QByteArray(R"({"offset":-1,"sum":0,"owner":""})") << "offset";
    QTest::newRow("offset too big") << "offset" << QByteArray(R"({"offset":18446744073709551616,"sum":0,"owner":""})") << "offset";
    QTest::newRow("offset no owner") << "offset" << QByteArray(R"({"offset":1,"sum":0})") << "owner";
    QTest::newRow("offset owner null") << "offset" << QByteArray(R"({"offset":1,"sum":0,"owner":null})") << "owner";
    QTest::newRow("offset sum float") << "offset" << QByteArray(R"({"offset":1,"sum":0.5,"owner":""})") << "sum";
    QTest::newRow("offset truncated") << "offset" << QByteArray(R"({"offset":1,"sum":0,"own)") << "not JSON";
    QTest::newRow("offset binary") << "offset" << QByteArray("\xff\xfe\x00\x01", 4) << "not JSON";
    QTest::newRow("status partitions string") << "status" << QByteArray(R"({"partitions":"1","eventsPerSec":0,"committed":0})") << "partitions";
    QTest::newRow("status eps missing") << "status" << QByteArray(R"({"partitions":[],"committed":0})") << "eventsPerSec";
    QTest::newRow("overrides not json") << "overrides" << QByteArray("{paused") << "not JSON";
    QTest::newRow("overrides array") << "overrides" << QByteArray("[]") << "not a JSON object";
    QTest::newRow("overrides batch zero") << "overrides" << QByteArray(R"({"batch":0})") << "batch";
    QTest::newRow("overrides rate negative") << "overrides" << QByteArray(R"({"ratePerPartition":-1})") << "ratePerPartition";
    QTest::newRow("overrides paused string") << "overrides" << QByteArray(R"({"paused":"yes"})") << "paused";
    QTest::newRow("overrides paused null") << "overrides" << QByteArray(R"({"paused":null})") << "paused";
}

void TstStreamRing::damagedJson() {
    QFETCH(QString, kind);
    QFETCH(QByteArray, json);
    QFETCH(QString, mentions);
    const std::string_view text(json.constData(), static_cast<size_t>(json.size()));
    std::string error;
    bool parsed = true;
    if (kind == "config") parsed = parseConfig(text, &error).has_value();
    else if (kind == "assignment") parsed = parseAssignment(text, &error).has_value();
    else if (kind == "offset") parsed = parseOffset(text, &error).has_value();
    else if (kind == "overrides") parsed = parseOverrides(text, &error).has_value();
    else parsed = parseWorkerStatus(text, &error).has_value();
    QVERIFY(!parsed);
    QVERIFY2(QString::fromStdString(error).contains(mentions), error.c_str());
}

void TstStreamRing::configChanges_data() {
    QTest::addColumn<QStringList>("words");
    QTest::addColumn<QString>("result");  // "batch rate paused" of the applied change, or "error: <part of the message>"
    QTest::newRow("batch") << QStringList{"batch=5"} << "5 50 false";
    QTest::newRow("all three") << QStringList{"batch=7", "ratePerPartition=0.5", "paused=true"} << "7 0.5 true";
    QTest::newRow("last wins") << QStringList{"paused=true", "paused=false"} << "100 50 false";
    QTest::newRow("rate zero") << QStringList{"ratePerPartition=0"} << "100 0 false";
    QTest::newRow("partitions refused") << QStringList{"partitions=8"} << "error: fixed";
    QTest::newRow("vnodes refused") << QStringList{"batch=2", "vnodes=8"} << "error: fixed";
    QTest::newRow("unknown key") << QStringList{"speed=8"} << "error: Unknown key";
    QTest::newRow("no equals") << QStringList{"paused"} << "error: not key=value";
    QTest::newRow("empty key") << QStringList{"=1"} << "error: not key=value";
    QTest::newRow("nothing") << QStringList{} << "error: at least one";
    QTest::newRow("batch zero") << QStringList{"batch=0"} << "error: batch";
    QTest::newRow("batch negative") << QStringList{"batch=-3"} << "error: batch";
    QTest::newRow("batch hex") << QStringList{"batch=0x10"} << "error: batch";
    QTest::newRow("batch overflow") << QStringList{"batch=99999999999"} << "error: batch";
    QTest::newRow("batch empty") << QStringList{"batch="} << "error: batch";
    QTest::newRow("rate negative") << QStringList{"ratePerPartition=-1"} << "error: ratePerPartition";
    QTest::newRow("rate nan") << QStringList{"ratePerPartition=nan"} << "error: ratePerPartition";
    QTest::newRow("rate exponent") << QStringList{"ratePerPartition=1e3"} << "error: ratePerPartition";
    QTest::newRow("rate two dots") << QStringList{"ratePerPartition=1.2.3"} << "error: ratePerPartition";
    QTest::newRow("paused yes") << QStringList{"paused=yes"} << "error: paused";
    QTest::newRow("paused caps") << QStringList{"paused=True"} << "error: paused";
}

void TstStreamRing::configChanges() {
    QFETCH(QStringList, words);
    QFETCH(QString, result);
    std::vector<std::string> w;
    for (const auto& word : words) w.push_back(word.toStdString());
    std::string error;
    const auto change = parseConfigChange(w, &error);
    if (result.startsWith("error: ")) {
        QVERIFY(!change);
        QVERIFY2(QString::fromStdString(error).contains(result.mid(7)), error.c_str());
        return;
    }
    QVERIFY2(change, error.c_str());
    JobConfig base{64, 16, 100, 50, false};
    const JobConfig after = applyChange(base, *change);
    QCOMPARE(after.partitions, 64);
    QCOMPARE(after.vnodes, 16);
    QCOMPARE(QStringLiteral("%1 %2 %3").arg(after.batch).arg(after.ratePerPartition).arg(after.paused ? "true" : "false"),
             result);
}

void TstStreamRing::workerIds_data() {
    QTest::addColumn<QByteArray>("id");
    QTest::addColumn<bool>("ok");
    QTest::newRow("plain") << QByteArray("w1") << true;
    QTest::newRow("utf8") << QByteArray("arbeiter-\xc3\xa4") << true;
    QTest::newRow("dots inside") << QByteArray("a.b") << true;
    QTest::newRow("empty") << QByteArray("") << false;
    QTest::newRow("slash") << QByteArray("a/b") << false;
    QTest::newRow("dot") << QByteArray(".") << false;
    QTest::newRow("dotdot") << QByteArray("..") << false;
    QTest::newRow("newline") << QByteArray("a\nb") << false;
    QTest::newRow("bad utf8") << QByteArray("a\xff") << false;
    QTest::newRow("too long") << QByteArray(201, 'x') << false;
}

void TstStreamRing::workerIds() {
    QFETCH(QByteArray, id);
    QFETCH(bool, ok);
    const std::string why = checkWorkerId(std::string_view(id.constData(), static_cast<size_t>(id.size())));
    QCOMPARE(why.empty(), ok);
}

void TstStreamRing::setupValues() {
    QVERIFY(checkSetup(JobConfig{64, 128, 100, 50, false}).empty());
    QVERIFY(checkSetup(JobConfig{4096, 1024, 1, 0, false}).empty());
    QVERIFY(!checkSetup(JobConfig{0, 16, 1, 1, false}).empty());
    QVERIFY(!checkSetup(JobConfig{4097, 16, 1, 1, false}).empty());
    QVERIFY(!checkSetup(JobConfig{8, 0, 1, 1, false}).empty());
    QVERIFY(!checkSetup(JobConfig{8, 1025, 1, 1, false}).empty());
    QVERIFY(!checkSetup(JobConfig{8, 16, 0, 1, false}).empty());
    QVERIFY(!checkSetup(JobConfig{8, 16, 1, -1, false}).empty());
}

void TstStreamRing::jobPaths() {
    const JobPaths p("/jobs/sums/");
    QCOMPARE(p.config(), std::string("/jobs/sums/config"));
    QCOMPARE(p.lock(12), std::string("/jobs/sums/locks/12"));
    QCOMPARE(p.offset(0), std::string("/jobs/sums/offsets/0"));
    QCOMPARE(p.status("w1"), std::string("/jobs/sums/status/w1"));
    QCOMPARE(p.election(), std::string("/jobs/sums/election"));
    QCOMPARE(p.workerOverrides("w1"), std::string("/jobs/sums/overrides/w1"));
    QVERIFY(checkJobPath("/jobs/sums").empty());
    QVERIFY(checkJobPath("/j").empty());
    for (const char* bad : {"/", "", "jobs/sums", "/jobs//sums", "/jobs/sums/", "/jobs/\x01"})
        QVERIFY2(!checkJobPath(bad).empty(), bad);
}

// ZS_STREAM_RING_PRINT="P V member...": print the owners, one per line, and
// exit (the second process of sameAnswerInAnotherProcess).
int main(int argc, char** argv) {
    if (const char* spec = std::getenv("ZS_STREAM_RING_PRINT")) {
        const auto words = split(spec, ' ');
        if (words.size() < 2) return 2;
        const std::vector<std::string> members(words.begin() + 2, words.end());
        for (const auto& owner : ringOwners(members, std::stoi(words[0]), std::stoi(words[1]))) std::cout << owner << '\n';
        return 0;
    }
    QCoreApplication app(argc, argv);
    TstStreamRing test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_stream_ring.moc"
