#include "text/process_exit.h"

#include <QCoreApplication>

#include <cstring>

namespace zooscope::ui {

namespace {

// lupdate files the tr() calls of free functions under the enclosing
// namespace, so that is the context they are looked up in.
QString tr(const char* text) { return QCoreApplication::translate("zooscope::ui", text); }

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
        return tr("could not be waited for (%1)").arg(QString::fromLocal8Bit(std::strerror(exit.number)));
    }
    return QString::fromStdString(exitText(exit));
}

}  // namespace zooscope::ui
