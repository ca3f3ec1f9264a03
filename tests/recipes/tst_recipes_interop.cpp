// ZooScope's recipes sharing paths with the real libraries, on the engine
// (the zooscope-server process) and on Apache ZooKeeper 3.8:
// - C++ Lock vs Curator InterProcessMutex on one path, C++ Lock in kazoo
//   layout vs kazoo Lock on another. Every contender does unguarded
//   read-modify-write increments of one counter znode while it holds the
//   lock; the final count proves mutual exclusion.
// - C++ and Curator LeaderLatch candidates: each logs the start and end of
//   its leadership on CLOCK_MONOTONIC; the intervals never overlap, every
//   candidate leads once, in the order of their sequence numbers (the leader
//   is always the lowest), and leadership moves on as each leader goes.
// - C++ and Curator semaphore leases never exceed the limit together.
//
// One JVM for the whole binary runs java/RecipeInterop (compiled by the
// build with javac); kazoo runs python/kazoo_interop.py per scenario.
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <thread>

#include "recipe_test_support.h"
#include "tst_clients_common.h"

using namespace zooscope;
using namespace zooscope::recipetests;
using namespace zooscope::clienttests;
using recipes::Code;

namespace {

const QString kJarDir = QStringLiteral("/usr/share/java");
const QString kPython = QStringLiteral("/usr/bin/python3");

int64_t monotonicNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

struct Interval {
    int64_t start = 0;
    int64_t end = 0;
    std::string who;
    std::string node;  // latch: the leader's node
};

QString intervalsText(const std::vector<Interval>& v) {
    QStringList out;
    for (const Interval& i : v)
        out << QStringLiteral("%1 [%2, %3] %4")
                   .arg(QString::fromStdString(i.who))
                   .arg(i.start)
                   .arg(i.end)
                   .arg(QString::fromStdString(i.node));
    return out.join('\n');
}

// The sequence number at the end of a latch node's path.
long long sequenceOf(const std::string& node) {
    const size_t at = node.rfind("latch-");
    return at == std::string::npos ? -1 : std::stoll(node.substr(at + 6));
}

// Runs `fn(i)` on n threads; returns the errors they reported.
QStringList onThreads(int n, const std::function<QString(int)>& fn) {
    std::vector<std::thread> threads;
    std::mutex mu;
    QStringList errors;
    for (int i = 0; i < n; ++i)
        threads.emplace_back([&, i] {
            const QString e = fn(i);
            if (e.isEmpty()) return;
            std::lock_guard l(mu);
            errors << e;
        });
    for (auto& t : threads) t.join();
    return errors;
}

// One C++ contender: `iterations` times take `lock`, increment the counter
// without a version check, give the lock back. "" or the first problem.
QString incrementUnderLock(const std::string& hosts, const std::string& lockPath, const std::string& counter,
                           recipes::LockLayout layout, int iterations, int index) {
    auto s = openSession(hosts);
    if (!s) return QStringLiteral("C++ contender %1 could not connect").arg(index);
    recipes::Lock lock(*s, lockPath, {layout, "cpp-" + std::to_string(index)});
    for (int i = 0; i < iterations; ++i) {
        const recipes::Status st = lock.acquire(60s);
        if (!st.ok()) return QString::fromStdString("acquire: " + st.message);
        const auto got = readNode(*s, counter);
        if (!got.ok()) return QString::fromStdString("read: " + got.message);
        const int value = std::stoi(got.value.data);
        std::this_thread::sleep_for(1ms);  // widen the window a missing exclusion would show in
        const auto set =
            call<proto::Stat>([&](auto cb) { s->client().setData(counter, std::to_string(value + 1), -1, cb); });
        if (!set.ok()) return QString::fromStdString("write: " + set.message);
        const recipes::Status rel = lock.release();
        if (!rel.ok()) return QString::fromStdString("release: " + rel.message);
    }
    return {};
}

constexpr int kContenders = 3;   // per library
constexpr int kIterations = 25;  // per contender

}  // namespace

class TstRecipesInterop : public QObject {
    Q_OBJECT
private slots:
    void initTestCase();
    void cleanupTestCase();
    void mutexWithCurator_data();
    void mutexWithCurator();
    void mutexWithKazoo_data();
    void mutexWithKazoo();
    void leaderLatchWithCurator_data();
    void leaderLatchWithCurator();
    void semaphoreWithCurator_data();
    void semaphoreWithCurator();

private:
    void serverColumn();
    TestServer& server();
    std::string fresh(const char* name) { return "/interop-" + std::string(name) + "-" + std::to_string(++counter_); }
    // Java lines "<prefix> TAG ..." seen so far.
    QStringList javaLines(const QString& prefix, const QString& tag);
    bool waitJava(const QString& line, int timeoutMs = 120000);

    ServerPair servers_;
    std::unique_ptr<ClientProcess> java_;
    std::unique_ptr<recipes::Session> admin_[2];
    int counter_ = 0;
};

void TstRecipesInterop::initTestCase() {
    QVERIFY2(QFile::exists(kJarDir + "/curator-recipes.jar"),
             "Curator is missing (Debian package libcurator-recipes-java)");
    const QString classes = QStringLiteral(ZS_RECIPE_JAVA_CLASSES);
    QVERIFY2(QFile::exists(classes + "/RecipeInterop.class"),
             qPrintable("RecipeInterop.class was not built in " + classes +
                        " (javac: Debian package default-jdk-headless)"));
    QProcess probe;
    probe.start(kPython, {"-c", "import kazoo"});
    QVERIFY2(probe.waitForFinished(20000) && probe.exitCode() == 0,
             "/usr/bin/python3 cannot import kazoo (python3-kazoo)");

    servers_ = startServerPair();
    QVERIFY2(servers_.engine && servers_.zookeeper, servers_.error.c_str());
    admin_[0] = openSession(servers_.engine->connectString());
    admin_[1] = openSession(servers_.zookeeper->connectString());
    QVERIFY(admin_[0] && admin_[1]);

    java_ = std::make_unique<ClientProcess>();
    QString error;
    QVERIFY2(
        java_->start(javaExecutable(),
                     {"-Djava.awt.headless=true", "-cp",
                      classes + ":" + kJarDir + "/curator-recipes.jar:" + kJarDir + "/slf4j-nop.jar", "RecipeInterop"},
                     &error),
        qPrintable(error));
    QVERIFY2(java_->waitFor(QStringLiteral("READY\n"), 60000) >= 0, qPrintable(java_->output()));
}

void TstRecipesInterop::cleanupTestCase() {
    if (java_) {
        java_->send(QStringLiteral("quit"));
        java_->finish(20000);
        java_.reset();
    }
    admin_[0].reset();
    admin_[1].reset();
    servers_ = ServerPair();
}

void TstRecipesInterop::serverColumn() {
    QTest::addColumn<int>("which");
    QTest::newRow("engine") << 0;
    QTest::newRow("zookeeper") << 1;
}

TestServer& TstRecipesInterop::server() {
    QFETCH(int, which);
    return which == 0 ? *servers_.engine : *servers_.zookeeper;
}

QStringList TstRecipesInterop::javaLines(const QString& prefix, const QString& tag) {
    QStringList out;
    for (const QString& l : java_->output().split('\n'))
        if (l.startsWith(prefix + ' ' + tag + ' ')) out << l;
    return out;
}

bool TstRecipesInterop::waitJava(const QString& line, int timeoutMs) {
    return java_->waitFor(QRegularExpression(QRegularExpression::escape(line) + QStringLiteral("\\n")), timeoutMs) >= 0;
}

// ------------------------------------------------------------ locks

void TstRecipesInterop::mutexWithCurator_data() { serverColumn(); }

void TstRecipesInterop::mutexWithCurator() {
    QFETCH(int, which);
    TestServer& srv = server();
    const std::string base = fresh("curator-mutex");
    const std::string lock = base + "/lock", counter = base + "/counter";
    QVERIFY(createNode(*admin_[which], base, "").ok());
    QVERIFY(createNode(*admin_[which], counter, "0").ok());
    const QString tag = QStringLiteral("mutex%1").arg(counter_);
    java_->send(QStringLiteral("mutex %1 %2 %3 %4 %5 %6")
                    .arg(tag, QString::fromStdString(srv.connectString()), QString::fromStdString(lock),
                         QString::fromStdString(counter))
                    .arg(kContenders)
                    .arg(kIterations));
    const QStringList errors = onThreads(kContenders, [&](int i) {
        return incrementUnderLock(srv.connectString(), lock, counter, recipes::LockLayout::Curator, kIterations, i);
    });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    QVERIFY2(waitJava("DONE " + tag), qPrintable(java_->output().right(3000)));
    QVERIFY(javaLines(QStringLiteral("ERROR"), tag).isEmpty());
    const auto final = readNode(*admin_[which], counter);
    QVERIFY(final.ok());
    QCOMPARE(QString::fromStdString(final.value.data), QString::number(2 * kContenders * kIterations));
    QVERIFY(childrenOf(*admin_[which], lock).empty());
}

void TstRecipesInterop::mutexWithKazoo_data() { serverColumn(); }

void TstRecipesInterop::mutexWithKazoo() {
    QFETCH(int, which);
    TestServer& srv = server();
    const std::string base = fresh("kazoo-mutex");
    const std::string lock = base + "/lock", counter = base + "/counter";
    QVERIFY(createNode(*admin_[which], base, "").ok());
    QVERIFY(createNode(*admin_[which], counter, "0").ok());
    ClientProcess py;
    QString error;
    QVERIFY2(py.start(kPython,
                      {QStringLiteral(ZS_RECIPES_SOURCE_DIR) + "/python/kazoo_interop.py", "mutex",
                       QString::fromStdString(srv.connectString()), QString::fromStdString(lock),
                       QString::fromStdString(counter), QString::number(kContenders), QString::number(kIterations)},
                      &error),
             qPrintable(error));
    const QStringList errors = onThreads(kContenders, [&](int i) {
        return incrementUnderLock(srv.connectString(), lock, counter, recipes::LockLayout::Kazoo, kIterations, i);
    });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    QVERIFY2(py.finish(120000) && py.exitCode() == 0, qPrintable(py.output()));
    QVERIFY2(py.output().contains(QStringLiteral("DONE")), qPrintable(py.output()));
    const auto final = readNode(*admin_[which], counter);
    QVERIFY(final.ok());
    QCOMPARE(QString::fromStdString(final.value.data), QString::number(2 * kContenders * kIterations));
    QVERIFY(childrenOf(*admin_[which], lock).empty());
}

// ------------------------------------------------------------ leader latch

void TstRecipesInterop::leaderLatchWithCurator_data() { serverColumn(); }

void TstRecipesInterop::leaderLatchWithCurator() {
    QFETCH(int, which);
    TestServer& srv = server();
    const std::string path = fresh("latch");
    const QString group = QStringLiteral("g%1").arg(counter_);
    const QString hosts = QString::fromStdString(srv.connectString());
    constexpr int kHoldMs = 150;

    // C++ candidates: the listener stamps the start; the test thread ends a
    // leadership (stamp, then close) once the group may go and it was held
    // long enough.
    struct Candidate {
        std::unique_ptr<recipes::Session> session;
        std::unique_ptr<recipes::LeaderLatch> latch;
        std::atomic<int64_t> start{0};
        std::string node;
        int64_t end = 0;
    };
    Candidate cpp[2];
    std::mutex nodeMu;
    for (int i = 0; i < 2; ++i) {
        cpp[i].session = openSession(srv.connectString());
        QVERIFY(cpp[i].session);
        cpp[i].latch = std::make_unique<recipes::LeaderLatch>(*cpp[i].session, path, "cpp-" + std::to_string(i));
        Candidate* c = &cpp[i];
        c->latch->setLeadershipListener([c, &nodeMu](bool leader) {
            if (!leader) return;
            std::lock_guard l(nodeMu);
            c->node = c->latch->ourPath();
            c->start = monotonicNs();
        });
    }
    // Join in turns: Java, C++, Java, C++ (sequence numbers interleave).
    const QStringList javaTags = {group + "-java0", group + "-java1"};
    for (int i = 0; i < 2; ++i) {
        java_->send(QStringLiteral("latch %1 %2 %3 java-%4 %5 %6")
                        .arg(javaTags[i], hosts, QString::fromStdString(path))
                        .arg(i)
                        .arg(kHoldMs)
                        .arg(group));
        QVERIFY2(java_->waitFor(QRegularExpression("JOINED " + javaTags[i] + " /\\S+\\n"), 60000) >= 0,
                 qPrintable(java_->output().right(2000)));
        cpp[i].latch->start();
        QVERIFY(eventuallyCount(*admin_[which], path, static_cast<size_t>(2 * i + 2)));
    }
    java_->send(QStringLiteral("go ") + group);
    // Drive the C++ leaders; wait for every Java END.
    QElapsedTimer timer;
    timer.start();
    auto javaEnded = [&] {
        return javaLines(QStringLiteral("LEADER"), javaTags[0]).filter(QStringLiteral(" END ")).size() +
               javaLines(QStringLiteral("LEADER"), javaTags[1]).filter(QStringLiteral(" END ")).size();
    };
    while ((javaEnded() < 2 || cpp[0].end == 0 || cpp[1].end == 0) && timer.elapsed() < 120000) {
        for (Candidate& c : cpp) {
            const int64_t s = c.start.load();
            if (s != 0 && c.end == 0 && monotonicNs() - s >= int64_t(kHoldMs) * 1000000) {
                c.end = monotonicNs();
                c.latch->close();
            }
        }
        java_->waitFor(QStringLiteral("\n"), 5, java_->size());
    }
    QVERIFY2(javaEnded() == 2 && cpp[0].end != 0 && cpp[1].end != 0, qPrintable(java_->output().right(3000)));

    std::vector<Interval> intervals;
    for (int i = 0; i < 2; ++i) {
        std::lock_guard l(nodeMu);
        intervals.push_back({cpp[i].start.load(), cpp[i].end, "cpp-" + std::to_string(i), cpp[i].node});
    }
    for (const QString& tag : javaTags) {
        Interval iv;
        iv.who = tag.toStdString();
        for (const QString& l : javaLines(QStringLiteral("LEADER"), tag)) {
            const QStringList w = l.split(' ');
            if (w.size() >= 4 && w[2] == QLatin1String("START")) {
                iv.start = w[3].toLongLong();
                if (w.size() >= 5) iv.node = w[4].toStdString();
            } else if (w.size() >= 4 && w[2] == QLatin1String("END")) {
                iv.end = w[3].toLongLong();
            }
        }
        intervals.push_back(iv);
    }
    std::sort(intervals.begin(), intervals.end(),
              [](const Interval& a, const Interval& b) { return a.start < b.start; });
    const QString text = intervalsText(intervals);
    QCOMPARE(intervals.size(), size_t(4));
    for (size_t i = 0; i < intervals.size(); ++i) {
        QVERIFY2(intervals[i].start > 0 && intervals[i].end > intervals[i].start, qPrintable(text));
        // Never two leaders at once.
        if (i > 0) QVERIFY2(intervals[i].start >= intervals[i - 1].end, qPrintable(text));
        // The leader is always the lowest remaining: leadership follows the sequence.
        if (i > 0) QVERIFY2(sequenceOf(intervals[i].node) > sequenceOf(intervals[i - 1].node), qPrintable(text));
    }
    // Java and C++ candidates alternate, as they joined.
    QVERIFY2(intervals[0].who.rfind(javaTags[0].toStdString(), 0) == 0, qPrintable(text));
    QVERIFY2(intervals[1].who == "cpp-0" && intervals[3].who == "cpp-1", qPrintable(text));
    QVERIFY(eventuallyCount(*admin_[which], path, 0));
}

// ------------------------------------------------------------ semaphore

void TstRecipesInterop::semaphoreWithCurator_data() { serverColumn(); }

void TstRecipesInterop::semaphoreWithCurator() {
    QFETCH(int, which);
    TestServer& srv = server();
    const std::string path = fresh("sem");
    constexpr int kMax = 2, kRounds = 5, kHoldMs = 20;
    const QString tag = QStringLiteral("sem%1").arg(counter_);
    java_->send(QStringLiteral("sem %1 %2 %3 %4 %5 %6 %7")
                    .arg(tag, QString::fromStdString(srv.connectString()), QString::fromStdString(path))
                    .arg(kMax)
                    .arg(kContenders)
                    .arg(kRounds)
                    .arg(kHoldMs));
    std::mutex mu;
    std::vector<Interval> intervals;
    const QStringList errors = onThreads(kContenders, [&](int i) -> QString {
        auto s = openSession(srv.connectString());
        if (!s) return QStringLiteral("no session");
        recipes::Semaphore sem(*s, path, kMax, "cpp-" + std::to_string(i));
        for (int r = 0; r < kRounds; ++r) {
            const auto lease = sem.acquire(60s);
            if (!lease.ok()) return QString::fromStdString("acquire: " + lease.message);
            Interval iv;
            iv.start = monotonicNs();
            std::this_thread::sleep_for(std::chrono::milliseconds(kHoldMs));
            iv.end = monotonicNs();
            iv.who = "cpp";
            const recipes::Status rel = sem.release(lease.value);
            if (!rel.ok()) return QString::fromStdString("release: " + rel.message);
            std::lock_guard l(mu);
            intervals.push_back(iv);
        }
        return {};
    });
    QVERIFY2(errors.isEmpty(), qPrintable(errors.join('\n')));
    QVERIFY2(waitJava("DONE " + tag), qPrintable(java_->output().right(3000)));
    QVERIFY(javaLines(QStringLiteral("ERROR"), tag).isEmpty());
    // Open leases over time, both libraries together: +1 at every enter,
    // -1 at every exit (each side stamps inside its lease).
    std::vector<std::pair<int64_t, int>> edges;
    for (const Interval& iv : intervals) {
        edges.emplace_back(iv.start, +1);
        edges.emplace_back(iv.end, -1);
    }
    int javaLeases = 0;
    for (const QString& l : javaLines(QStringLiteral("SEM"), tag)) {
        const QStringList w = l.split(' ');
        if (w.size() < 4) continue;
        const bool enter = w[2] == QLatin1String("ENTER");
        javaLeases += enter ? 1 : 0;
        edges.emplace_back(w[3].toLongLong(), enter ? +1 : -1);
    }
    QCOMPARE(javaLeases, kContenders * kRounds);
    QCOMPARE(intervals.size(), size_t(kContenders * kRounds));
    std::sort(edges.begin(), edges.end());  // at one instant, an exit before an enter
    int now = 0, most = 0;
    for (const auto& [t, d] : edges) most = std::max(most, now += d);
    QVERIFY2(most <= kMax, qPrintable(QStringLiteral("%1 leases held at once").arg(most)));
    QVERIFY2(most >= 1, "no lease was ever held");
    QVERIFY(eventuallyCount(*admin_[which], path + "/leases", 0));
}

QTEST_GUILESS_MAIN(TstRecipesInterop)
#include "tst_recipes_interop.moc"
