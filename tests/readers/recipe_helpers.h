// The real recipe clients of the readers' tests, one process each, driven by
// line commands (java/ReaderInterop: Curator and ZooKeeper's own recipes;
// python/kazoo_readers.py: kazoo): start it, start contenders, wait until one
// holds, drop a contender's session. Header-only; for tst_reader_interop and
// the coordination views' test (tests/gui).
#pragma once

#include <QRegularExpression>
#include <QTest>
#include <QString>
#include <QStringList>

#include <optional>

#include "tst_clients_common.h"

namespace zooscope::readertests {

inline const QString kJarDir = QStringLiteral("/usr/share/java");
inline const QString kPython = QStringLiteral("/usr/bin/python3");
inline constexpr int kWaitMs = 60000;  // far above any handover; a wait, never an assertion on time

// A contender as it reports itself.
struct Self {
    QString session;  // "0x..."
    QString address;  // "127.0.0.1:PORT"
};

// One helper process (the JVM or the python interpreter).
class Helper {
public:
    bool start(const QString& program, const QStringList& args, QString* error) {
        if (!proc_.start(program, args, error)) return false;
        if (proc_.waitFor(QStringLiteral("READY\n"), kWaitMs) < 0) {
            *error = QStringLiteral("no READY: ") + proc_.output();
            return false;
        }
        return true;
    }
    void quit() {
        proc_.send(QStringLiteral("quit"));
        proc_.finish(20000);
    }
    // Sends a command that starts contender `tag`; its SESSION line.
    std::optional<Self> join(const QString& command, const QString& tag) {
        proc_.send(command);
        const QRegularExpression re(QStringLiteral("SESSION %1 (0x[0-9a-f]+) (\\S+)\\n").arg(tag));
        if (proc_.waitFor(re, kWaitMs) < 0) return std::nullopt;
        const auto m = re.match(proc_.output());
        return Self{m.captured(1), m.captured(2)};
    }
    bool holds(const QString& tag) { return proc_.waitFor(QStringLiteral("HOLDS %1\n").arg(tag), kWaitMs) >= 0; }
    bool holdsNow(const QString& tag) { return proc_.output().contains(QStringLiteral("HOLDS %1\n").arg(tag)); }
    bool drop(const QString& tag) {
        proc_.send(QStringLiteral("drop ") + tag);
        return proc_.waitFor(QStringLiteral("DROPPED %1\n").arg(tag), kWaitMs) >= 0;
    }
    QString tail() { return proc_.output().right(3000); }

private:
    clienttests::ClientProcess proc_;
};

// For a case's _data(): the column "which", rows "engine" (0) and "zookeeper" (1).
inline void addServerRows() {
    QTest::addColumn<int>("which");
    QTest::newRow("engine") << 0;
    QTest::newRow("zookeeper") << 1;
}

// The connect string of the current row's server.
inline QString currentHosts(const clienttests::ServerPair& servers) {
    QFETCH(int, which);
    return QString::fromStdString((which == 0 ? *servers.engine : *servers.zookeeper).connectString());
}

// The JVM running ReaderInterop from `classes` (the build's javac output).
inline bool startJavaHelper(Helper& helper, const QString& classes, QString* error) {
    const QStringList cp = {classes, kJarDir + "/curator-recipes.jar", kJarDir + "/zookeeper-recipes-lock.jar",
                            kJarDir + "/zookeeper-recipes-election.jar", kJarDir + "/slf4j-nop.jar"};
    return helper.start(clienttests::javaExecutable(), {"-Djava.awt.headless=true", "-cp", cp.join(':'), "ReaderInterop"},
                        error);
}

// python3 running kazoo_readers.py from tests/readers (`readersSourceDir`).
inline bool startKazooHelper(Helper& helper, const QString& readersSourceDir, QString* error) {
    if (helper.start(kPython, {readersSourceDir + "/python/kazoo_readers.py"}, error)) return true;
    *error += " (kazoo: Debian package python3-kazoo)";
    return false;
}

}  // namespace zooscope::readertests
