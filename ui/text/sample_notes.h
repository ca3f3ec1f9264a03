// Sentences for why a dashboard card lacks a figure: the monitor's notes
// (zooscope/server_sample.h, data: a kind, names, numbers and the server's own
// words) worded in the user's language. The CLI words the same notes in
// English with monitor::noteText().
//
// Contract: pure, thread-safe; sentences are translated (context
// "zooscope::ui"); a note's detail is shown verbatim, never translated.
#pragma once

#include <QString>

#include "zooscope/server_sample.h"

namespace zooscope::ui {

QString describeSampleNote(const monitor::SampleNote& note);

}  // namespace zooscope::ui
