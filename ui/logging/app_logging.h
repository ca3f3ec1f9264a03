// The app's logging: spdlog to a rotating file under the XDG data dir, to
// stderr, and to a LogModel (the in-app log panel), with known secrets
// (log_redaction.h) masked before any sink sees a line.
//
// Threads: the sinks run on whatever thread logs (the client's callback
// threads, the engine's network thread...); lines reach the LogModel through
// queued calls.
#pragma once

#include <QString>

#include <string>

namespace zooscope::ui {

class LogModel;

// Makes spdlog's default logger write to <logDir>/zooscope.log (rotating,
// 5 MB x 3), stderr and `model` (may be null), all through the redactor.
// Returns the log file path; "" + *error when the file cannot be opened (the
// other sinks are still installed).
std::string installAppLogging(const QString& logDir, LogModel* model, QString* error);

}  // namespace zooscope::ui
