// How a launched process ended (zooscope/child_process.h: data) as a
// sentence in the user's language; logs and errors use exitText() (English).
//
// Contract: pure, thread-safe; translated (context "zooscope::ui"); the
// signal's name and the OS's error text are shown as they are.
#pragma once

#include <QString>

#include "zooscope/child_process.h"

namespace zooscope::ui {

QString describeProcessExit(const ProcessExit& exit);
// A demo's worker `id` that ended on its own, as a whole sentence per kind
// ("Worker worker-2 exited with status 1.").
QString describeWorkerEnd(const QString& id, const ProcessExit& exit);

}  // namespace zooscope::ui
