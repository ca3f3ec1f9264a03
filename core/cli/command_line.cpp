#include "zooscope/command_line.h"

#include "zooscope/decimal.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iostream>

namespace zooscope::cli {

namespace {

std::string shortest(double v) {
    char buf[32];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc() ? std::string(buf, p) : std::to_string(v);
}

void printError(const CLI::App& app, const std::string& message) {
    std::cerr << app.get_name() << ": " << message << "\nRun with --help for more information.\n";
}

}  // namespace

void useConventions(CLI::App& app) {
    // The hand-written loops these replace let a later flag win; scripts and
    // the test harness rely on it (a default --config, then the caller's).
    app.option_defaults()->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.get_formatter()->column_width(30);
}

std::optional<int> parse(CLI::App& app, int argc, char** argv) {
    try {
        app.parse(argc, argv);
        return std::nullopt;
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return app.exit(e);  // --help, --version
        printError(app, e.what());
        return kUsageStatus;
    }
}

std::string parse(CLI::App& app, const std::vector<std::string>& args) {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 consumes from the back
    try {
        app.parse(reversed);
        return {};
    } catch (const CLI::ParseError& e) {
        return e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success) ? std::string("--help or --version given")
                                                                               : std::string(e.what());
    }
}

int usageError(const CLI::App& app, const std::string& message) {
    printError(app, message);
    return kUsageStatus;
}

CLI::Validator integer(long long lo, long long hi) {
    const std::string range = std::to_string(lo) + ".." + std::to_string(hi);
    return CLI::Validator(
        [lo, hi](std::string& text) -> std::string {
            const auto v = parseDecimal<long long>(text);
            if (!v || *v < lo || *v > hi)
                return "'" + text + "' is not an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
            text = std::to_string(*v);
            return {};
        },
        range);
}

CLI::Validator unsignedInteger() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const auto v = parseDecimal<std::uint64_t>(text);
            if (!v) return "'" + text + "' is not an unsigned 64-bit integer";
            text = std::to_string(*v);
            return {};
        },
        "0..2^64-1");
}

CLI::Validator number(double lo, double hi) {
    const std::string range = shortest(lo) + ".." + shortest(hi);
    return CLI::Validator(
        [lo, hi](std::string& text) -> std::string {
            const auto v = parseDecimal<double>(text);
            if (!v || !std::isfinite(*v) || *v < lo || *v > hi)
                return "'" + text + "' is not a number from " + shortest(lo) + " to " + shortest(hi);
            text = shortest(*v);
            return {};
        },
        range);
}

}  // namespace zooscope::cli
