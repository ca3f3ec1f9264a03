// zooscope/command_line.h — the command line of ZooScope's Qt-free
// executables (zooscope-server, zooscope-loadgen, the quorum simulator and
// the benches), on CLI11. The Qt executables use QCommandLineParser instead.
//
// Contract shared by all of them: --help prints the options and exits 0; a
// bad command line prints "<program>: <message naming the option>" and a hint
// to --help on stderr and exits 2; a repeated option keeps its last value.
//
// Numbers go through the validators below, never through CLI11's own
// conversion alone: CLI11 2.1 reads "010" as octal, wraps "-5" into an
// unsigned and saturates on overflow. The validators accept plain decimal
// only, check the range, and hand CLI11 the same number re-spelt canonically.
//
// Not thread-safe (CLI::App is not); one parse per process start.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <vector>

namespace zooscope::cli {

// Exit status of a bad command line.
inline constexpr int kUsageStatus = 2;

// Applies the shared conventions to `app` (name it: CLI::App{description, name}).
// Call before adding options.
void useConventions(CLI::App& app);

// Parses argv. nullopt: go on. Otherwise the status to exit with now: 0 after
// --help or --version printed to stdout, kUsageStatus after the error on stderr.
std::optional<int> parse(CLI::App& app, int argc, char** argv);

// Parses `args` (in order, without the program name). "" on success, else the
// error message (--help and --version count as errors here: for tests and
// library callers, who have no use for them).
std::string parse(CLI::App& app, const std::vector<std::string>& args);

// Prints a usage error found after parsing (a rule between options) the way
// parse() prints CLI11's; returns kUsageStatus.
int usageError(const CLI::App& app, const std::string& message);

// Transforming validators; attach with Option::transform(). Each message says
// what was given and what is allowed; CLI11 puts the option's name in front.
CLI::Validator integer(long long lo, long long hi);  // decimal, lo <= n <= hi
CLI::Validator unsignedInteger();                     // decimal, 0 .. 2^64-1
CLI::Validator number(double lo, double hi);          // finite decimal, lo <= x <= hi

}  // namespace zooscope::cli
