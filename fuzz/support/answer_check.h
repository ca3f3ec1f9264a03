// The contract every reader of zooscope/server_answers.h keeps, checked by the
// four_letter_answers and admin_answers targets: an answer that reads is Ok
// with no message; one that does not has a status other than Ok and a
// sentence saying why, which holds no raw control bytes (the server's own
// words are quoted escaped, so a UI can show the sentence as it is).
#pragma once

#include "fuzz_support.h"
#include "zooscope/server_answers.h"

namespace zooscope::fuzz {

template <class T>
void checkAnswer(const monitor::Answer<T>& a) {
    if (a.status == monitor::AnswerStatus::Ok) {
        ZS_FUZZ_CHECK(a.message.empty());
        return;
    }
    ZS_FUZZ_CHECK(!a.message.empty());
    for (const char c : a.message) ZS_FUZZ_CHECK(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
}

}  // namespace zooscope::fuzz
