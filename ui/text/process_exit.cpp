#include "text/process_exit.h"

#include <QCoreApplication>

#include <cstring>

namespace zooscope::ui {

namespace {

// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }

// The OS's words for waitpid()'s errno, as they are.
QString errnoText(int number) { return QString::fromLocal8Bit(std::strerror(number)); }

}  // namespace

QString describeProcessExit(const ProcessExit& exit) {
    switch (exit.kind) {
    case ProcessExit::Kind::Exited: return tr("exited with status %1").arg(exit.number);
    case ProcessExit::Kind::Killed: {
        const QString name = QString::fromStdString(signalName(exit.number));
        return name.isEmpty() ? tr("killed by signal %1").arg(exit.number)
                              : tr("killed by signal %1 (%2)").arg(exit.number).arg(name);
    }
    case ProcessExit::Kind::Lost:
        return tr("could not be waited for (%1)").arg(errnoText(exit.number));
    }
    return QString::fromStdString(exitText(exit));
}

QString describeWorkerEnd(const QString& id, const ProcessExit& exit) {
    switch (exit.kind) {
    case ProcessExit::Kind::Exited: return tr("Worker %1 exited with status %2.").arg(id).arg(exit.number);
    case ProcessExit::Kind::Killed: {
        const QString name = QString::fromStdString(signalName(exit.number));
        return name.isEmpty() ? tr("Worker %1 was killed by signal %2.").arg(id).arg(exit.number)
                              : tr("Worker %1 was killed by signal %2 (%3).").arg(id).arg(exit.number).arg(name);
    }
    case ProcessExit::Kind::Lost:
        return tr("Worker %1 could not be waited for (%2).").arg(id, errnoText(exit.number));
    }
    return QString::fromStdString(exitText(exit));
}

}  // namespace zooscope::ui
