// zooscope-ctl run as scripts run it: the built executable in a child
// process, its exit code and both streams. Header-only; for tst_ctl and
// tst_ctl_ensemble (ZS_BIN_DIR names the build's bin/).
#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace zooscope::testing {

// Far above any one run; a wait, never an assertion on time.
inline constexpr int kCtlWaitMs = 30000;

inline QString ctlExe() { return QString::fromLocal8Bit(qgetenv("ZS_BIN_DIR")) + "/zooscope-ctl"; }

struct Run {
    int code = -1;  // -1: did not finish or crashed
    QByteArray out;
    QByteArray err;
    QString describe() const {
        return QStringLiteral("exit %1, stdout [%2], stderr [%3]")
            .arg(code)
            .arg(QString::fromUtf8(out.left(2000)), QString::fromUtf8(err.left(2000)));
    }
};

// Waits for `p` to end (killed after `timeoutMs`) and collects its output.
inline Run finish(QProcess& p, int timeoutMs = kCtlWaitMs) {
    Run r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
    } else if (p.exitStatus() == QProcess::NormalExit) {
        r.code = p.exitCode();
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

inline void startCtl(QProcess& p, const QStringList& args,
                     const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    p.setProcessEnvironment(env);
    p.start(ctlExe(), args);
}

// One run to its end, `input` on its stdin.
inline Run runCtl(const QStringList& args, const QByteArray& input = {},
                  const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    startCtl(p, args, env);
    if (!p.waitForStarted(kCtlWaitMs)) return {};
    p.write(input);
    p.closeWriteChannel();
    return finish(p);
}

}  // namespace zooscope::testing
