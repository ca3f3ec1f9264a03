// Sentences for what went wrong with a request on one znode.
//
// Contract: pure (no shared state), thread-safe; sentences are translated
// (context "zooscope::ui").
#pragma once

#include <QString>

#include "zooscope/client.h"

namespace zooscope::ui {

// A translated sentence for `err` during `op` on `path`. `fallback` (the
// client's English sentence) is only logged: codes without a specific text
// get a translated sentence naming the code.
QString describeNodeError(proto::Err err, client::Operation op, const QString& path,
                          const QString& fallback = {});

}  // namespace zooscope::ui
