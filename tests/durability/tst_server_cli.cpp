// zooscope-server as a user runs it: flags, a user's zoo.cfg, refusing
// Apache ZooKeeper's data, clear errors for bad input, clean shutdown on
// SIGTERM and SIGINT.
#include <QtTest>

#include <csignal>

#include "test_support.h"

using namespace zooscope::testing;

namespace {

QString serverExe() { return QString::fromLocal8Bit(qgetenv("ZS_BIN_DIR")) + "/zooscope-server"; }

struct Run {
    int exitCode = -1;
    QString output;
};

Run runToEnd(const QStringList& args, int timeoutMs = 10000) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(serverExe(), args);
    p.waitForFinished(timeoutMs);
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.output = QString::fromLocal8Bit(p.readAll());
    return r;
}

void writeFile(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

}  // namespace

class TstServerCli : public QObject {
    Q_OBJECT
private slots:
    void version() {
        auto r = runToEnd({"--version"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.output.startsWith("zooscope-server "), qPrintable(r.output));
    }

    void help() {
        auto r = runToEnd({"--help"});
        QCOMPARE(r.exitCode, 0);
        for (const char* option : {"--config", "--port", "--data-dir", "--sample-data", "--log-level", "--version"})
            QVERIFY2(r.output.contains(option), qPrintable(r.output));
    }

    // Exit status 2 and a message that names the option; the value never
    // silently becomes 0 or a default.
    void badCommandLineIsAnError_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("unknown flag") << QStringList{"--no-such-flag"} << "--no-such-flag";
        QTest::newRow("stray argument") << QStringList{"zoo.cfg"} << "zoo.cfg";
        QTest::newRow("port too big") << QStringList{"--port", "70000"} << "--port";
        QTest::newRow("port not a number") << QStringList{"--port", "abc"} << "--port";
        QTest::newRow("port with junk") << QStringList{"--port", "2181x"} << "--port";
        QTest::newRow("port negative") << QStringList{"-p", "-1"} << "--port";
        QTest::newRow("port empty") << QStringList{"--port="} << "--port";
        QTest::newRow("port missing") << QStringList{"--port"} << "--port";
        QTest::newRow("log level unknown") << QStringList{"--log-level", "loud"} << "--log-level";
    }
    void badCommandLineIsAnError() {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        auto r = runToEnd(args);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.output.contains(named), qPrintable(r.output));
    }

    // What the command line says is what runs: "010" is ten (CLI11 alone
    // would read octal 8), a repeated option keeps its last value (the test
    // harness relies on it), and srvr reports the version --version prints,
    // the project's, with no build date in it.
    void commandLineReachesTheServer() {
        const QString version = runToEnd({"--version"}).output.trimmed().section(' ', 1);
        QVERIFY(!version.isEmpty());
        QTemporaryDir dir;
        writeFile(dir.filePath("zoo.cfg"), "clientPort=1\n4lw.commands.whitelist=*\n");
        const uint16_t port = freeLoopbackPort();
        const QString padded = "0" + QString::number(port);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(serverExe(), {"--config", dir.filePath("zoo.cfg"), "--port", "1", "--port", padded});
        QVERIFY(p.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(fourLetterWord(port, "ruok", 1000)), QString("imok"), 15000);
        const QString srvr = QString::fromStdString(fourLetterWord(port, "srvr"));
        QVERIFY2(srvr.startsWith("Zookeeper version: 3.8.0-zooscope-" + version + "\n"), qPrintable(srvr));
        ::kill(pid_t(p.processId()), SIGTERM);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }

    void refusesApacheDataAndLeavesItAlone() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("version-2"));
        writeFile(dir.filePath("version-2/log.1"), "apache bytes");
        auto r = runToEnd({"--port", "0", "--data-dir", dir.path()});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains("version-2") && r.output.contains("will not use or overwrite"), qPrintable(r.output));
        QFile f(dir.filePath("version-2/log.1"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), QByteArray("apache bytes"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files).size(), 0);  // nothing of ours written
    }

    void malformedConfigNamesTheKey() {
        QTemporaryDir dir;
        writeFile(dir.filePath("zoo.cfg"), "tickTime=2000\nclientPort=notaport\n");
        auto r = runToEnd({"--config", dir.filePath("zoo.cfg")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains("clientPort"), qPrintable(r.output));
        r = runToEnd({"--config", dir.filePath("missing.cfg")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.output.contains("missing.cfg"), qPrintable(r.output));
    }

    // A user's existing ensemble zoo.cfg (Debian's example plus the keys real
    // configs carry) starts the engine; keys it does not use are warnings.
    void usersZooCfgStartsAndStopsCleanly_data() {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void usersZooCfgStartsAndStopsCleanly() {
        QFETCH(int, signal);
        QTemporaryDir dir;
        const uint16_t port = freeLoopbackPort();
        const QByteArray cfg = "tickTime=2000\ninitLimit=10\nsyncLimit=5\n"
                               "dataDir=" + dir.filePath("data").toLocal8Bit() + "\n"
                               "clientPort=" + QByteArray::number(port) + "\nclientPortAddress=127.0.0.1\n"
                               "4lw.commands.whitelist=ruok,srvr\nautopurge.snapRetainCount=3\n"
                               "server.1=127.0.0.1:2888:3888\nsomeVendor.customKey=42\n";
        QVERIFY(QDir(dir.path()).mkpath("data"));
        writeFile(dir.filePath("zoo.cfg"), cfg);
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(serverExe(), {"--config", dir.filePath("zoo.cfg")});
        QVERIFY(p.waitForStarted());
        QTRY_COMPARE_WITH_TIMEOUT(QString::fromStdString(fourLetterWord(port, "ruok", 1000)), QString("imok"), 15000);
        QVERIFY(QString::fromStdString(fourLetterWord(port, "srvr")).contains("Mode: standalone"));
        // Not whitelisted here.
        QCOMPARE(QString::fromStdString(fourLetterWord(port, "stat")),
                 QString("stat is not executed because it is not in the whitelist.\n"));
        ::kill(pid_t(p.processId()), signal);
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(p.readAll());
        QVERIFY2(out.contains("someVendor.customKey"), qPrintable(out));
        QVERIFY2(out.contains("shutting down"), qPrintable(out));
    }
};

QTEST_GUILESS_MAIN(TstServerCli)
#include "tst_server_cli.moc"
