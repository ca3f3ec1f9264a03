// zooscope-ctl's --profile NAME: a connection saved in the desktop app
// (ProfileStore in the app's QSettings) with its digest password from the
// keychain (SecretStore). Needs a QCoreApplication named like the app's
// ("ZooScope"/"ZooScope"), so both read the same settings file.
#pragma once

#include <string>

#include "zooscope/ctl.h"

namespace zooscope::app {

// The profile named `name` (or whose id is `name`): kExitUsage when there is
// no such profile, several share the name, or it is invalid;
// kExitCannotConnect when its password cannot be read from the keychain.
// Blocks on a local event loop while the keychain answers.
ctl::ProfileLookup lookupProfile(const std::string& name);

}  // namespace zooscope::app
