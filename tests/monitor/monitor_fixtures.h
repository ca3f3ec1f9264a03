// The answers captured into tests/data/monitor/ (docs/monitoring.md), as the
// monitor's unit tests read them: one file, a scenario's four-letter words
// and AdminServer answers ready for sampleFromFourLetterWords /
// sampleFromAdminServer. Header-only; ZS_SOURCE_DIR names the checkout.
#pragma once

#include <QtGlobal>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "zooscope/server_answers.h"
#include "zooscope/server_sample.h"

namespace zooscope::testing {

inline std::filesystem::path monitorFixtureRoot() {
    return std::filesystem::path(qEnvironmentVariable("ZS_SOURCE_DIR").toStdString()) / "tests/data/monitor";
}

inline std::string readFile(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// "<scenario>/4lw/srvr.txt" or "<scenario>/admin/stats.json".
inline std::string fixture(const std::string& scenario, const std::string& file) {
    const std::filesystem::path p = monitorFixtureRoot() / scenario / file;
    if (!std::filesystem::exists(p)) qFatal("missing fixture %s", p.c_str());
    return readFile(p);
}

// "srvr" for 4lw/srvr.txt, "monitor" for admin/monitor.http500.html.
inline std::string parserFor(const std::filesystem::path& file) {
    std::string name = file.filename().string();
    return name.substr(0, name.find('.'));
}

// The answer of one AdminServer command, whatever its HTTP status.
inline std::string adminFile(const std::string& scenario, const std::string& command) {
    for (const auto& f : std::filesystem::directory_iterator(monitorFixtureRoot() / scenario / "admin")) {
        if (parserFor(f.path()) == command) return readFile(f.path());
    }
    qFatal("no admin answer %s in %s", command.c_str(), scenario.c_str());
}

inline monitor::FourLetterAnswers wordsOf(const std::string& s) {
    return {fixture(s, "4lw/srvr.txt"), fixture(s, "4lw/mntr.txt"), fixture(s, "4lw/wchs.txt"),
            fixture(s, "4lw/conf.txt")};
}

inline monitor::AdminAnswers adminOf(const std::string& s) {
    return {adminFile(s, "monitor"),  adminFile(s, "server_stats"),  adminFile(s, "leader"),
            adminFile(s, "zabstate"), adminFile(s, "watch_summary"), adminFile(s, "configuration")};
}

template <class T>
T must(const monitor::Answer<T>& a, const char* what) {
    if (!a.ok()) qFatal("%s: %s (%s)", what, std::string(monitor::statusName(a.status)).c_str(), a.message.c_str());
    return a.value;
}

}  // namespace zooscope::testing
