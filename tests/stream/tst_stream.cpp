// The stream workload for real: `zooscope-ctl stream worker` processes on one
// job of 64 partitions, checked from outside by python/stream_checker.py
// (kazoo, with its own ring from python3-xxhash), through every fault of the
// issue, on one server kind (ZS_STREAM_SERVER: "zookeeper" = Apache ZooKeeper
// 3.8, "engine" = zooscope-server):
//   - on a standalone server: kill -9 a worker; SIGSTOP one past its session
//     timeout, then SIGCONT (its commits fail, it lets go and joins again with
//     a new session); delete a worker's claim as an admin would; add workers;
//     pause and unpause live; SIGTERM (a clean leave);
//   - on a 3-node ensemble: kill -9 the ZooKeeper leader under load.
// After each: the checker waits until every partition is owned by exactly one
// live worker (assignment = ring of the members, claims held by the owners'
// sessions, offsets fenced by the owners) and committing again; all along it
// records any sum that is not exact for its offset and any offset or version
// that goes backwards. The CLI's grammar and exit codes are checked first.
//
// Rounds of the standalone fault sequence and of the leader kill:
// $ZS_STREAM_ROUNDS (default 1; the slow soak runs more).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <signal.h>
#include <sys/prctl.h>

#include <map>
#include <memory>
#include <thread>

#include "test_support.h"
#include "tst_clients_common.h"
#include "zooscope/ensemble.h"
#include "zooscope/stream.h"

using namespace zooscope;
using namespace std::chrono_literals;

namespace {

const QString kPython = QStringLiteral("/usr/bin/python3");
const QString kJob = QStringLiteral("/jobs/sums");
constexpr int kPartitions = 64;
constexpr int kSessionTimeoutMs = 2000;          // standalone workers
constexpr int kEnsembleSessionTimeoutMs = 4000;  // an election may take a few seconds
constexpr double kSettleSeconds = 45;            // generous: the machine may be busy

bool isApache() { return QStringLiteral(ZS_STREAM_SERVER) == QLatin1String("zookeeper"); }

QString binary(const QString& name) { return QString::fromUtf8(qgetenv("ZS_BIN_DIR")) + "/" + name; }

QString streamDir() { return QString::fromUtf8(qgetenv("ZS_SOURCE_DIR")) + "/tests/stream"; }

struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

// zooscope-ctl with args, to completion.
Run ctl(const QString& connect, const QStringList& args, int timeoutMs = 60000) {
    QProcess p;
    p.start(binary("zooscope-ctl"), QStringList{"--connect", connect, "--connect-timeout", "20"} + args);
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        r.err = "did not finish";
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString describe(const Run& r) { return QStringLiteral("exit %1\nstdout: %2\nstderr: %3").arg(r.exitCode).arg(r.out, r.err); }

// The worker processes of one job. Each dies with the test (PDEATHSIG) and
// logs to its own file (SPDLOG_LEVEL=info), shown when a check fails.
class Workers {
public:
    Workers(QString connect, int sessionTimeoutMs) : connect_(std::move(connect)), timeoutMs_(sessionTimeoutMs) {}
    ~Workers() {
        for (auto& [id, p] : procs_) {
            ::kill(static_cast<pid_t>(p->processId()), SIGCONT);
            p->kill();
            p->waitForFinished(5000);
        }
    }

    bool start(const QString& id) {
        auto p = std::make_unique<QProcess>();
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("SPDLOG_LEVEL", "info");
        p->setProcessEnvironment(env);
        p->setStandardOutputFile(logs_.filePath(id + ".log"), QIODevice::Append);
        p->setStandardErrorFile(logs_.filePath(id + ".log"), QIODevice::Append);
        p->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
        p->start(binary("zooscope-ctl"), {"--connect", connect_, "stream", "worker", kJob, "--id", id,
                                          "--session-timeout", QString::number(timeoutMs_)});
        if (!p->waitForStarted(10000)) return false;
        procs_[id] = std::move(p);
        return true;
    }
    pid_t pid(const QString& id) const { return static_cast<pid_t>(procs_.at(id)->processId()); }
    void signal(const QString& id, int sig) { ::kill(pid(id), sig); }
    void killHard(const QString& id) {
        signal(id, SIGKILL);
        procs_[id]->waitForFinished(10000);
        procs_.erase(id);
    }
    // SIGTERM; the exit code, or -1 when it did not end in time.
    int terminate(const QString& id, int timeoutMs = 20000) {
        signal(id, SIGTERM);
        auto& p = procs_[id];
        if (!p->waitForFinished(timeoutMs) || p->exitStatus() != QProcess::NormalExit) return -1;
        const int code = p->exitCode();
        procs_.erase(id);
        return code;
    }
    QString log(const QString& id) const {
        QFile f(logs_.filePath(id + ".log"));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }
    QStringList ids() const {
        QStringList out;
        for (const auto& [id, p] : procs_) out << id;
        return out;
    }
    QString tails() const {
        QString out;
        for (const auto& [id, p] : procs_) {
            const QStringList lines = log(id).split('\n');
            out += "--- " + id + "\n" + lines.mid(std::max<qsizetype>(0, lines.size() - 12)).join('\n') + "\n";
        }
        return out;
    }

private:
    QString connect_;
    int timeoutMs_;
    QTemporaryDir logs_;
    std::map<QString, std::unique_ptr<QProcess>> procs_;
};

// python/stream_checker.py, one command and one JSON answer at a time.
class Checker {
public:
    bool start(const QString& connect, QString* error) {
        if (!proc_.start(kPython, {streamDir() + "/python/stream_checker.py", connect, kJob}, error)) return false;
        const auto ready = next(60000);
        if (!ready.value("ready").toBool()) {
            *error = "stream_checker.py did not start:\n" + proc_.output();
            return false;
        }
        return true;
    }
    QJsonObject ask(const QString& command, int timeoutMs = 120000) {
        proc_.send(command);
        return next(timeoutMs);
    }
    QString output() { return proc_.output(); }
    ~Checker() {
        proc_.send("quit");
        proc_.finish(30000);
    }

private:
    // The next line that is a JSON object (the checker's stderr is merged in).
    QJsonObject next(int timeoutMs) {
        static const QRegularExpression line(QStringLiteral("\\{[^\\n]*\\}\\n"));
        const qsizetype end = proc_.waitFor(line, timeoutMs, read_);
        if (end < 0) return {};
        const QString text = proc_.output().mid(read_, end - read_);
        read_ = end;
        const auto m = line.match(text);
        return QJsonDocument::fromJson(m.captured(0).toUtf8()).object();
    }
    clienttests::ClientProcess proc_;
    qsizetype read_ = 0;
};

QString settleCommand(const QStringList& members, bool moving = true) {
    return QStringLiteral("settle %1 %2 %3").arg(kSettleSeconds).arg(moving ? 1 : 0).arg(members.join(','));
}

}  // namespace

class TstStream : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cliGrammarAndRefusals();
    void workloadThroughWorkerFaults();
    void workloadThroughLeaderKill();
    void cleanupTestCase();

private:
    // Fails the test with the checker's answer and the workers' logs.
    void expectSettled(Checker& checker, Workers& workers, const QStringList& members, const char* after,
                       bool moving = true);
    void expectNoViolations(Checker& checker, Workers& workers);
    void expectExactSumsInStatus(const QString& connect);
    struct Offsets {
        uint64_t own = 0, others = 0;
        int owned = 0;
    };
    static Offsets offsetsByOwner(const QString& connect, const QString& id);

    std::unique_ptr<testing::TestServer> server_;
};

void TstStream::initTestCase() {
    QProcess probe;
    probe.start(kPython, {"-c", "import kazoo, xxhash"});
    QVERIFY2(probe.waitForFinished(20000) && probe.exitCode() == 0,
             "/usr/bin/python3 cannot import kazoo and xxhash (Debian packages python3-kazoo and python3-xxhash; "
             "scripts/test installs them)");
    QVERIFY2(QFile::exists(binary("zooscope-ctl")), qPrintable(binary("zooscope-ctl") + " is missing"));
    std::string error;
    if (isApache()) {
        testing::ApacheOptions options;
        options.tickTime = 500;  // sessions of 1 s to 10 s
        server_ = testing::startApacheZooKeeper(options, &error);
    } else {
        testing::EngineOptions options;
        options.config.tickTime = 500;
        server_ = testing::startEngine(options, &error);
    }
    QVERIFY2(server_, error.c_str());
}

void TstStream::cleanupTestCase() { server_.reset(); }

void TstStream::expectSettled(Checker& checker, Workers& workers, const QStringList& members, const char* after,
                              bool moving) {
    const QJsonObject answer = checker.ask(settleCommand(members, moving));
    if (!answer.value("settled").toBool())
        QFAIL(qPrintable(QStringLiteral("not settled after %1 for %2: %3\n%4\nchecker output:\n%5")
                             .arg(after, members.join(','), QString::fromUtf8(QJsonDocument(answer).toJson()),
                                  workers.tails(), checker.output().right(3000))));
    qInfo("settled after %s in %.2f s", after, answer.value("seconds").toDouble());
}

void TstStream::expectNoViolations(Checker& checker, Workers& workers) {
    const QJsonObject report = checker.ask("report");
    QVERIFY2(report.contains("violations"), qPrintable(checker.output().right(3000)));
    const QJsonArray violations = report.value("violations").toArray();
    QVERIFY2(violations.isEmpty(), qPrintable(QString::fromUtf8(QJsonDocument(violations).toJson()) + workers.tails()));
    QVERIFY2(report.value("polls").toInt() > 10, "the checker hardly polled");
    QVERIFY(report.value("events").toDouble() > 0);
    qInfo("%d polls, %.0f events committed, generation %d", report.value("polls").toInt(),
          report.value("events").toDouble(), report.value("generation").toInt());
}

// `stream status --json` from the CLI: every sum exact for its offset
// (stream::expectedSum, the closed form; the checker sums event by event).
void TstStream::expectExactSumsInStatus(const QString& connect) {
    const Run status = ctl(connect, {"--json", "stream", "status", kJob});
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    const QJsonObject j = QJsonDocument::fromJson(status.out.toUtf8()).object();
    const QJsonObject offsets = j.value("offsets").toObject();
    QCOMPARE(offsets.size(), kPartitions);
    for (auto it = offsets.begin(); it != offsets.end(); ++it) {
        const QJsonObject r = it.value().toObject();
        const auto offset = static_cast<uint64_t>(r.value("offset").toInteger());
        QCOMPARE(static_cast<uint64_t>(r.value("sum").toInteger()), stream::expectedSum(it.key().toInt(), offset));
    }
}

// From `stream status --json`: the offsets of the partitions assigned to
// `id`, of the others, and how many partitions it is assigned.
TstStream::Offsets TstStream::offsetsByOwner(const QString& connect, const QString& id) {
    Offsets out;
    const Run status = ctl(connect, {"--json", "stream", "status", kJob});
    const QJsonObject j = QJsonDocument::fromJson(status.out.toUtf8()).object();
    const QJsonObject owners = j.value("owners").toObject();
    const QJsonObject offsets = j.value("offsets").toObject();
    for (auto it = offsets.begin(); it != offsets.end(); ++it) {
        const bool mine = owners.value(it.key()).toString() == id;
        const auto offset = static_cast<uint64_t>(it.value().toObject().value("offset").toInteger());
        (mine ? out.own : out.others) += offset;
        out.owned += mine ? 1 : 0;
    }
    return out;
}

void TstStream::cliGrammarAndRefusals() {
    const QString cs = QString::fromStdString(server_->connectString());
    const QString job = "/cli/job";
    struct Case {
        QStringList args;
        int code;
        QString mentions;  // in stderr
    };
    const Case before[] = {
        {{"stream"}, 2, ""},
        {{"stream", "bogus", job}, 2, ""},
        {{"stream", "setup", job}, 2, "--partitions"},
        {{"stream", "setup", job, "--partitions", "0"}, 2, "--partitions"},
        {{"stream", "setup", job, "--partitions", "x"}, 2, "--partitions"},
        {{"stream", "setup", job, "--partitions", "4097"}, 2, "--partitions"},
        {{"stream", "setup", job, "--partitions", "8", "--vnodes", "2000"}, 2, "--vnodes"},
        {{"stream", "setup", job, "--partitions", "8", "--rate", "-1"}, 2, "--rate"},
        {{"stream", "setup", "no-slash", "--partitions", "8"}, 2, "path"},
        {{"stream", "setup", "/", "--partitions", "8"}, 2, "below /"},
        {{"stream", "status", job}, 1, "not set up"},
        {{"stream", "config", job, "paused=true"}, 1, "not set up"},
        {{"stream", "worker", job, "--id", "w1"}, 1, "not set up"},
        {{"stream", "worker", job, "--id", "a/b"}, 2, "'/'"},
        {{"stream", "worker", job}, 2, "--id"},
        {{"stream", "worker", job, "--id", "w1", "--session-timeout", "0"}, 2, "--session-timeout"},
    };
    for (const Case& c : before) {
        const Run r = ctl(cs, c.args);
        QVERIFY2(r.exitCode == c.code, qPrintable(c.args.join(' ') + "\n" + describe(r)));
        QVERIFY2(r.err.contains(c.mentions), qPrintable(c.args.join(' ') + "\n" + describe(r)));
    }
    // The refused worker left nothing behind: no members/ or election/ parent
    // to trip the setup below (it joined before reading the config once).
    for (const char* part : {"/members", "/election"}) {
        const Run left = ctl(cs, {"stat", job + part});
        QVERIFY2(left.exitCode != 0, qPrintable(job + part + " exists:\n" + describe(left)));
    }
    // No server: exit 3 with a sentence, from every subcommand that connects.
    const QString nobody = QStringLiteral("127.0.0.1:%1").arg(testing::freeLoopbackPort());
    for (const QStringList& args : {QStringList{"stream", "worker", job, "--id", "w1"}, QStringList{"stream", "status", job},
                                    QStringList{"stream", "setup", job, "--partitions", "8"},
                                    QStringList{"stream", "config", job, "paused=true"}}) {
        QProcess p;
        p.start(binary("zooscope-ctl"), QStringList{"--connect", nobody, "--connect-timeout", "2"} + args);
        QVERIFY(p.waitForFinished(30000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(p.exitCode() == 3 && err.contains(nobody), qPrintable(args.join(' ') + ": " + err));
    }
    Run setup = ctl(cs, {"stream", "setup", job, "--partitions", "8", "--vnodes", "4", "--batch", "3", "--rate", "0"});
    QVERIFY2(setup.exitCode == 0, qPrintable(describe(setup)));
    QVERIFY(setup.out.contains("8 partitions, 4 vnodes, batch 3"));

    const Case after[] = {
        {{"stream", "setup", job, "--partitions", "8"}, 1, "already set up"},
        {{"stream", "config", job, "partitions=16"}, 2, "fixed"},
        {{"stream", "config", job, "vnodes=16"}, 2, "fixed"},
        {{"stream", "config", job, "speed=3"}, 2, "Unknown key"},
        {{"stream", "config", job, "batch=0"}, 2, "batch"},
        {{"stream", "config", job, "paused=yes"}, 2, "paused"},
        {{"stream", "config", job}, 2, "SETTINGS"},
        {{"stream", "config", job, "--reset"}, 2, "--worker"},
        {{"stream", "config", job, "--worker", "w9", "--reset", "paused=true"}, 2, "--reset"},
        {{"stream", "config", job, "--worker", "w9"}, 2, "SETTINGS"},
        {{"stream", "config", job, "--worker", "a/b", "paused=true"}, 2, "'/'"},
        {{"stream", "config", job, "--worker", "w9", "batch=0"}, 2, "batch"},
        {{"stream", "config", job, "--worker", "w9", "vnodes=3"}, 2, "fixed"},
        {{"stream", "config", "/cli/nojob", "--worker", "w9", "paused=true"}, 1, "not set up"},
    };
    for (const Case& c : after) {
        const Run r = ctl(cs, c.args);
        QVERIFY2(r.exitCode == c.code, qPrintable(c.args.join(' ') + "\n" + describe(r)));
        QVERIFY2(r.err.contains(c.mentions), qPrintable(c.args.join(' ') + "\n" + describe(r)));
    }
    // The refusals changed nothing.
    Run status = ctl(cs, {"--json", "stream", "status", job});
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    QJsonObject j = QJsonDocument::fromJson(status.out.toUtf8()).object();
    QCOMPARE(j.keys(), (QStringList{"generation", "members", "offsets", "overrides", "owners", "workers"}));
    QCOMPARE(j.value("overrides").toObject(), QJsonObject{});
    QVERIFY2(ctl(cs, {"stat", job + "/overrides"}).exitCode != 0, "a refused change wrote JOB/overrides");
    QCOMPARE(j.value("generation").toInt(), 0);
    QCOMPARE(j.value("offsets").toObject().size(), 8);
    QCOMPARE(j.value("offsets").toObject().value("7").toObject(), (QJsonObject{{"offset", 0}, {"sum", 0}, {"owner", ""}}));
    // The issue's word order, --json after JOB, prints the same.
    const Run jsonLast = ctl(cs, {"stream", "status", job, "--json"});
    QVERIFY2(jsonLast.exitCode == 0, qPrintable(describe(jsonLast)));
    QCOMPARE(jsonLast.out, status.out);

    Run change = ctl(cs, {"stream", "config", job, "batch=5", "ratePerPartition=2.5", "paused=true"});
    QVERIFY2(change.exitCode == 0, qPrintable(describe(change)));
    Run config = ctl(cs, {"get", job + "/config"});
    QCOMPARE(config.out, QStringLiteral(R"({"partitions":8,"vnodes":4,"batch":5,"ratePerPartition":2.5,"paused":true})"));

    // One worker's overrides: merged key by key, shown by status, removed by --reset.
    Run own = ctl(cs, {"stream", "config", job, "--worker", "w9", "ratePerPartition=3"});
    QVERIFY2(own.exitCode == 0, qPrintable(describe(own)));
    own = ctl(cs, {"--json", "stream", "config", job, "--worker", "w9", "paused=true"});
    QVERIFY2(own.exitCode == 0, qPrintable(describe(own)));
    QCOMPARE(own.out.trimmed(), QStringLiteral(R"({"ratePerPartition":3,"paused":true})"));
    QCOMPARE(ctl(cs, {"get", job + "/overrides/w9"}).out, QStringLiteral(R"({"ratePerPartition":3,"paused":true})"));
    status = ctl(cs, {"--json", "stream", "status", job});
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    QCOMPARE(QJsonDocument::fromJson(status.out.toUtf8()).object().value("overrides").toObject(),
             (QJsonObject{{"w9", QJsonObject{{"ratePerPartition", 3}, {"paused", true}}}}));
    QCOMPARE(ctl(cs, {"get", job + "/config"}).out, config.out);  // the job's config is untouched
    // Damaged by hand: status names it (exit 1); a change refuses to guess.
    QCOMPARE(ctl(cs, {"set", job + "/overrides/w9", R"({"paused":"yes"})"}).exitCode, 0);
    status = ctl(cs, {"--json", "stream", "status", job});
    QCOMPARE(status.exitCode, 1);
    QVERIFY2(status.err.contains(job + "/overrides/w9: The worker's overrides: \"paused\" must be true or false."),
             qPrintable(describe(status)));
    own = ctl(cs, {"stream", "config", job, "--worker", "w9", "batch=2"});
    QVERIFY2(own.exitCode == 1 && own.err.contains(job + "/overrides/w9"), qPrintable(describe(own)));
    own = ctl(cs, {"stream", "config", job, "--worker", "w9", "--reset"});
    QVERIFY2(own.exitCode == 0, qPrintable(describe(own)));
    QVERIFY(ctl(cs, {"stat", job + "/overrides/w9"}).exitCode != 0);
    QCOMPARE(ctl(cs, {"stream", "config", job, "--worker", "w9", "--reset"}).exitCode, 0);  // none: still fine

    // A damaged offsets node: status names it, exits 1, and still prints the rest.
    QCOMPARE(ctl(cs, {"set", job + "/offsets/3", "not json"}).exitCode, 0);
    status = ctl(cs, {"--json", "stream", "status", job});
    QCOMPARE(status.exitCode, 1);
    QVERIFY2(status.err.contains(job + "/offsets/3: The offset record is not JSON."), qPrintable(describe(status)));
    j = QJsonDocument::fromJson(status.out.toUtf8()).object();
    QCOMPARE(j.value("offsets").toObject().size(), 7);
    // Text form.
    status = ctl(cs, {"stream", "status", job});
    QVERIFY(status.out.startsWith("job /cli/job: 8 partitions, 4 vnodes, batch 5, rate 2.5/s, paused"));
}

void TstStream::workloadThroughWorkerFaults() {
    const QString cs = QString::fromStdString(server_->connectString());
    const Run setup = ctl(cs, {"stream", "setup", kJob, "--partitions", QString::number(kPartitions), "--vnodes", "64",
                               "--batch", "10", "--rate", "20"});
    QVERIFY2(setup.exitCode == 0, qPrintable(describe(setup)));

    Workers workers(cs, kSessionTimeoutMs);
    for (const QString id : {"w1", "w2", "w3", "w4"}) QVERIFY(workers.start(id));
    Checker checker;
    QString error;
    QVERIFY2(checker.start(cs, &error), qPrintable(error));
    expectSettled(checker, workers, workers.ids(), "start");

    // Status from the CLI: who is there and what they report.
    std::this_thread::sleep_for(1500ms);  // one status write
    Run status = ctl(cs, {"--json", "stream", "status", kJob});
    QVERIFY2(status.exitCode == 0, qPrintable(describe(status)));
    QJsonObject j = QJsonDocument::fromJson(status.out.toUtf8()).object();
    QCOMPARE(j.value("members").toArray(), (QJsonArray{"w1", "w2", "w3", "w4"}));
    QCOMPARE(j.value("owners").toObject().size(), kPartitions);
    QCOMPARE(j.value("workers").toObject().keys(), (QStringList{"w1", "w2", "w3", "w4"}));
    int claimed = 0;
    for (const auto& w : j.value("workers").toObject()) claimed += w.toObject().value("partitions").toArray().size();
    QCOMPARE(claimed, kPartitions);

    const int rounds = std::max(1, qEnvironmentVariableIntValue("ZS_STREAM_ROUNDS"));
    int next = 5;
    for (int round = 0; round < rounds; ++round) {
        QStringList alive = workers.ids();
        // kill -9 a worker: its session times out, its partitions move.
        const QString victim = alive.front();
        workers.killHard(victim);
        alive.removeAll(victim);
        expectSettled(checker, workers, alive, "kill -9");

        // SIGSTOP past the session timeout, then SIGCONT: its session has
        // expired, its commits fail, and it joins again with a new session.
        const QString sleeper = alive.front();
        const QString oldSession = checker.ask("member " + sleeper).value("session").toString();
        workers.signal(sleeper, SIGSTOP);
        std::this_thread::sleep_for(std::chrono::milliseconds(kSessionTimeoutMs + 2500));
        expectSettled(checker, workers, alive.mid(1), "SIGSTOP past the session timeout");
        workers.signal(sleeper, SIGCONT);
        expectSettled(checker, workers, alive, "SIGCONT");
        const QString newSession = checker.ask("member " + sleeper).value("session").toString();
        QVERIFY2(!newSession.isEmpty() && newSession != oldSession,
                 qPrintable("the stopped worker kept session " + oldSession));
        QVERIFY2(workers.log(sleeper).contains("lost its session"), qPrintable(workers.tails()));

        // An admin deletes a claim: the owner's next commit fails, and it claims again.
        const QJsonObject claim = checker.ask("claim 7");
        QVERIFY2(claim.contains("czxid"), qPrintable(checker.output().right(2000)));
        QVERIFY(checker.ask("delete-claim 7").value("deleted").toInt() == 7);
        expectSettled(checker, workers, alive, "deleting a claim");
        const QJsonObject reclaimed = checker.ask("claim 7");
        QCOMPARE(reclaimed.value("owner").toString(), claim.value("owner").toString());
        QVERIFY(reclaimed.value("czxid").toDouble() > claim.value("czxid").toDouble());
        QVERIFY2(workers.log(claim.value("owner").toString()).contains("drops partition 7"),
                 qPrintable(workers.tails()));

        // Add workers.
        for (int k = 0; k < 2; ++k) {
            const QString id = "w" + QString::number(next++);
            QVERIFY(workers.start(id));
            alive << id;
        }
        expectSettled(checker, workers, alive, "adding workers");

        // Pause and unpause live.
        Run paused = ctl(cs, {"stream", "config", kJob, "paused=true"});
        QVERIFY2(paused.exitCode == 0, qPrintable(describe(paused)));
        std::this_thread::sleep_for(1000ms);  // commits in flight land
        const QJsonObject stalled = checker.ask("stalled 2");
        QVERIFY2(stalled.value("stalled").toBool(), qPrintable(QString::fromUtf8(QJsonDocument(stalled).toJson())));
        expectSettled(checker, workers, alive, "pausing", false);
        Run resumed = ctl(cs, {"stream", "config", kJob, "paused=false"});
        QVERIFY2(resumed.exitCode == 0, qPrintable(describe(resumed)));
        expectSettled(checker, workers, alive, "unpausing");

        // One worker paused through its own overrides: its partitions stand
        // still, the others' go on; cleared, it commits again.
        const QString slow = alive.front();
        Run own = ctl(cs, {"stream", "config", kJob, "--worker", slow, "paused=true"});
        QVERIFY2(own.exitCode == 0, qPrintable(describe(own)));
        std::this_thread::sleep_for(1500ms);  // its commits in flight land
        const auto first = offsetsByOwner(cs, slow);
        std::this_thread::sleep_for(2500ms);
        const auto second = offsetsByOwner(cs, slow);
        QVERIFY2(first.owned > 0, "the paused worker owns no partition");
        QCOMPARE(second.owned, first.owned);
        QCOMPARE(second.own, first.own);
        QVERIFY2(second.others > first.others, "the other workers stopped too");
        QVERIFY2(workers.log(slow).contains("with its overrides {\"paused\":true}"), qPrintable(workers.log(slow).right(2000)));
        own = ctl(cs, {"stream", "config", kJob, "--worker", slow, "--reset"});
        QVERIFY2(own.exitCode == 0, qPrintable(describe(own)));
        expectSettled(checker, workers, alive, "clearing a worker's overrides");
        QVERIFY2(offsetsByOwner(cs, slow).own > second.own, "the worker did not commit again");

        // SIGTERM: commits and leaves cleanly (exit 0), no session timeout to wait for.
        const QString leaver = alive.back();
        QCOMPARE(workers.terminate(leaver), 0);
        QVERIFY2(workers.log(leaver).contains("Worker " + leaver + " left " + kJob + " after committing"),
                 qPrintable(workers.log(leaver).right(2000)));
        alive.removeAll(leaver);
        expectSettled(checker, workers, alive, "SIGTERM");
        expectNoViolations(checker, workers);
    }
    expectExactSumsInStatus(cs);
}

void TstStream::workloadThroughLeaderKill() {
    EnsembleSpec spec;
    spec.kind = isApache() ? NodeKind::ApacheZooKeeper : NodeKind::Engine;
    spec.size = 3;
    spec.tickTime = 500;
    std::string error;
    auto ensemble = Ensemble::start(spec, &error);
    QVERIFY2(ensemble, error.c_str());
    for (int i = 0; i < 3; ++i) QVERIFY2(ensemble->waitReady(i, 60s, &error), error.c_str());
    const QString cs = QString::fromStdString(ensemble->connectString());

    const Run setup = ctl(cs, {"stream", "setup", kJob, "--partitions", QString::number(kPartitions), "--batch", "10",
                               "--rate", "20"});
    QVERIFY2(setup.exitCode == 0, qPrintable(describe(setup)));
    Workers workers(cs, kEnsembleSessionTimeoutMs);
    for (const QString id : {"e1", "e2", "e3"}) QVERIFY(workers.start(id));
    Checker checker;
    QString checkerError;
    QVERIFY2(checker.start(cs, &checkerError), qPrintable(checkerError));
    expectSettled(checker, workers, workers.ids(), "start (ensemble)");

    // Each round kills the node that leads now, waits for the job to settle
    // through a new leader, and brings the killed node back (so the next
    // round has a quorum to lose a leader from).
    const int rounds = std::max(1, qEnvironmentVariableIntValue("ZS_STREAM_ROUNDS"));
    for (int round = 0; round < rounds; ++round) {
        int leader = -1;
        for (int attempt = 0; attempt < 300 && leader < 0; ++attempt) {
            for (int i = 0; i < 3; ++i)
                if (ensemble->mode(i) == NodeMode::Leader) leader = i;
            if (leader < 0) std::this_thread::sleep_for(100ms);
        }
        QVERIFY2(leader >= 0, "no node says it leads");
        // Under load: commits are flowing when the leader dies.
        const QJsonObject flowing = checker.ask("stalled 1");
        QVERIFY2(flowing.contains("stalled") && !flowing.value("stalled").toBool(),
                 qPrintable("no commits just before the leader kill: " + QString::fromUtf8(QJsonDocument(flowing).toJson())));
        QVERIFY2(ensemble->kill(leader, &error), error.c_str());
        // Sessions may or may not outlive the election; either way the job
        // must settle with every worker and exact sums.
        expectSettled(checker, workers, workers.ids(), "kill -9 of the ZooKeeper leader");
        // The commits the checker saw after the kill went through a new leader.
        int newLeader = -1;
        for (int i = 0; i < 3; ++i)
            if (i != leader && ensemble->mode(i) == NodeMode::Leader) newLeader = i;
        QVERIFY2(newLeader >= 0, "no surviving node leads");
        if (round + 1 < rounds) {
            QVERIFY2(ensemble->startNode(leader, &error), error.c_str());
            QVERIFY2(ensemble->waitReady(leader, 60s, &error), error.c_str());
            expectSettled(checker, workers, workers.ids(), "restarting the killed node");
        }
    }
    int lost = 0;
    for (const QString& id : workers.ids()) lost += workers.log(id).count("lost its session");
    qInfo("%d worker session(s) lost over %d leader kill(s)", lost, rounds);
    expectNoViolations(checker, workers);
    expectExactSumsInStatus(cs);
}

QTEST_GUILESS_MAIN(TstStream)
#include "tst_stream.moc"
