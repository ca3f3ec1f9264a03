// Shared by the tst_* binaries that drive Apache's own clients (zkCli.sh,
// Curator, kazoo, cli_mt) against the engine and against Apache ZooKeeper.
//
// - startServerPair(): the engine as the real `zooscope-server` process (with a
//   zoo.cfg that enables TTL/container nodes, like the reference zoo.cfg) and
//   Debian's ZooKeeper 3.8, each on a free 127.0.0.1 port.
// - ClientProcess: one long-lived client process (one JVM / interpreter per
//   binary per server) fed lines on stdin; its stdout+stderr are merged so
//   the order of the client's own prints is kept.
// - CClient: a second, independent session (ZooKeeper C client) that makes
//   the changes a client under test must observe.
// Everything here runs on the test's main thread; not thread-safe.
#pragma once

#include <zookeeper/zookeeper.h>

#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>
#include <QTemporaryDir>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "test_support.h"

namespace zooscope::clienttests {

using zooscope::testing::TestServer;

// Both servers under comparison. `error` is empty on success.
struct ServerPair {
    std::unique_ptr<QTemporaryDir> configDir;
    std::unique_ptr<TestServer> engine;
    std::unique_ptr<TestServer> zookeeper;
    std::string error;
};

// Starts the engine as a process, plus Apache ZooKeeper unless withApache is
// false. The harness's Process mode only passes --port/--data-dir, so the
// reference settings reach the binary through a zoo.cfg of our own.
inline ServerPair startServerPair(bool withApache = true) {
    ServerPair pair;
    pair.configDir = std::make_unique<QTemporaryDir>();
    const QString cfg = pair.configDir->filePath(QStringLiteral("zoo.cfg"));
    {
        QFile f(cfg);
        if (!f.open(QIODevice::WriteOnly)) {
            pair.error = "cannot write " + cfg.toStdString();
            return pair;
        }
        f.write("tickTime=2000\nclientPortAddress=127.0.0.1\n4lw.commands.whitelist=*\n"
                "extendedTypesEnabled=true\n");
    }
    zooscope::testing::EngineOptions eo;
    eo.mode = zooscope::testing::EngineOptions::Mode::Process;
    eo.extraArgs = {"--config", cfg.toStdString()};
    pair.engine = zooscope::testing::startEngine(eo, &pair.error);
    if (!pair.engine) return pair;
    if (withApache) {
        pair.zookeeper = zooscope::testing::startApacheZooKeeper({}, &pair.error);
    }
    return pair;
}

// A client process driven through stdin, with its merged output captured.
class ClientProcess {
public:
    ClientProcess() { proc_.setProcessChannelMode(QProcess::MergedChannels); }
    ~ClientProcess() { stop(); }
    ClientProcess(const ClientProcess&) = delete;
    ClientProcess& operator=(const ClientProcess&) = delete;

    bool start(const QString& program, const QStringList& args, QString* error) {
        proc_.start(program, args);
        if (!proc_.waitForStarted(10000)) {
            *error = QStringLiteral("cannot start %1: %2").arg(program, proc_.errorString());
            return false;
        }
        return true;
    }

    void send(const QString& line) {
        proc_.write((line + QLatin1Char('\n')).toUtf8());
        proc_.waitForBytesWritten(1000);
    }

    // Waits until the output after `from` matches `re`; returns the offset
    // just past the match, or -1 on timeout / exit.
    qsizetype waitFor(const QRegularExpression& re, int timeoutMs, qsizetype from = 0) {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            pump();
            const auto m = re.match(out_, from);
            if (m.hasMatch()) return m.capturedEnd();
            if (timer.elapsed() > timeoutMs) return -1;
            if (proc_.state() == QProcess::NotRunning) {
                pump();
                const auto last = re.match(out_, from);
                return last.hasMatch() ? last.capturedEnd() : -1;
            }
            proc_.waitForReadyRead(50);
        }
    }
    qsizetype waitFor(const QString& literal, int timeoutMs, qsizetype from = 0) {
        return waitFor(QRegularExpression(QRegularExpression::escape(literal)), timeoutMs, from);
    }

    // Closes stdin and waits for a normal exit (kills after timeoutMs).
    bool finish(int timeoutMs) {
        proc_.closeWriteChannel();
        const bool ok = proc_.waitForFinished(timeoutMs);
        pump();
        if (!ok) stop();
        return ok && proc_.exitStatus() == QProcess::NormalExit;
    }
    void stop() {
        if (proc_.state() != QProcess::NotRunning) {
            proc_.kill();
            proc_.waitForFinished(5000);
        }
    }
    int exitCode() const { return proc_.exitCode(); }

    const QString& output() {
        pump();
        return out_;
    }
    qsizetype size() {
        pump();
        return out_.size();
    }

private:
    void pump() { out_ += QString::fromUtf8(proc_.readAll()); }

    QProcess proc_;
    QString out_;
};

// A synchronous ZooKeeper C-client session ("the other client").
class CClient {
public:
    explicit CClient(const std::string& hosts) {
        zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
        zh_ = zookeeper_init(hosts.c_str(), &CClient::watcher, 10000, nullptr, this, 0);
        if (!zh_) return;
        std::unique_lock lock(mu_);
        cv_.wait_for(lock, std::chrono::seconds(10), [this] { return connected_; });
    }
    ~CClient() {
        if (zh_) zookeeper_close(zh_);
    }
    CClient(const CClient&) = delete;
    CClient& operator=(const CClient&) = delete;

    bool connected() const {
        std::lock_guard lock(mu_);
        return zh_ && connected_;
    }
    int create(const std::string& path, const std::string& data, int mode = ZOO_PERSISTENT) {
        return zoo_create(zh_, path.c_str(), data.data(), static_cast<int>(data.size()),
                          &ZOO_OPEN_ACL_UNSAFE, mode, nullptr, 0);
    }
    int set(const std::string& path, const std::string& data) {
        return zoo_set(zh_, path.c_str(), data.data(), static_cast<int>(data.size()), -1);
    }
    int remove(const std::string& path) { return zoo_delete(zh_, path.c_str(), -1); }
    // ZOK and fills *data, or the error code.
    int get(const std::string& path, std::string* data) {
        char buf[4096];
        int len = sizeof buf;
        const int rc = zoo_get(zh_, path.c_str(), 0, buf, &len, nullptr);
        if (rc == ZOK) data->assign(buf, len > 0 ? static_cast<size_t>(len) : 0);
        return rc;
    }
    int exists(const std::string& path) { return zoo_exists(zh_, path.c_str(), 0, nullptr); }

private:
    static void watcher(zhandle_t*, int type, int state, const char*, void* ctx) {
        auto* self = static_cast<CClient*>(ctx);
        if (type != ZOO_SESSION_EVENT) return;
        std::lock_guard lock(self->mu_);
        self->connected_ = state == ZOO_CONNECTED_STATE;
        self->cv_.notify_all();
    }

    zhandle_t* zh_ = nullptr;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    bool connected_ = false;
};

// $JAVA_HOME/bin/java when JAVA_HOME is set, else Debian's /usr/bin/java.
inline QString javaExecutable() {
    const QString home = qEnvironmentVariable("JAVA_HOME");
    return home.isEmpty() ? QStringLiteral("/usr/bin/java") : home + QStringLiteral("/bin/java");
}

// Directory holding this folder's java/ and python/ sources (set by CMake).
inline QString clientsSourceDir() { return QStringLiteral(ZS_CLIENTS_SOURCE_DIR); }

}  // namespace zooscope::clienttests
