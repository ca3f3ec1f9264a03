// Internal to core/client: wording shared by the sentence helpers and the client.
#pragma once

#include <string>
#include <string_view>

#include "zooscope/client.h"

namespace zooscope::client {

// "read /a", "list the children of /a", "add credentials": the action part of
// describeError's "Cannot <action>: <reason>." sentences.
std::string actionPhrase(Operation op, std::string_view path);

}  // namespace zooscope::client
