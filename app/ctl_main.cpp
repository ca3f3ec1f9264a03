// zooscope-ctl: ZooKeeper from scripts. Composition only: logging, stopSignals,
// the profile store for --profile; the grammar and the commands are
// zooscope::ctl (core/ctl).
#include <QCoreApplication>
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <stop_token>
#include <thread>

#include "ctl_profiles.h"
#include "zooscope/ctl.h"

int main(int argc, char** argv) {
    if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
        std::printf("zooscope-ctl %s\n", ZOOSCOPE_VERSION);
        return 0;
    }

    // SIGINT/SIGTERM become a stop request (before any thread starts, so
    // every thread inherits the mask); a second one ends the process at once.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGINT);
    sigaddset(&stopSignals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::stop_source stop;
    std::thread([stopSignals, &stop] {
        for (int n = 0;; ++n) {
            int sig = 0;
            if (sigwait(&stopSignals, &sig) != 0) continue;
            if (n > 0) std::_Exit(128 + sig);
            stop.request_stop();
        }
    }).detach();

    // Logs go to stderr and are off unless SPDLOG_LEVEL asks (stdout carries
    // data, and the commands word their own errors).
    auto logger = spdlog::stderr_logger_mt("zooscope-ctl");
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::off);
    spdlog::cfg::load_env_levels();

    // Made before any session, so COMMANDs inherit only what zooscope-ctl did.
    auto launcher = zooscope::ctl::processLauncher();

    // Qt only for --profile: the app's settings and keychain.
    std::unique_ptr<QCoreApplication> qt;
    int qtArgc = 1;
    zooscope::ctl::Environment env;
    env.out = &std::cout;
    env.err = &std::cerr;
    env.in = &std::cin;
    env.launcher = launcher.get();
    env.stop = stop.get_token();
    env.profiles = [&](const std::string& name) {
        if (!qt) {
            qt = std::make_unique<QCoreApplication>(qtArgc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("ZooScope"));
            QCoreApplication::setOrganizationName(QStringLiteral("ZooScope"));
        }
        return zooscope::app::lookupProfile(name);
    };
    const int code = zooscope::ctl::run(std::vector<std::string>(argv + 1, argv + argc), env);
    std::cout.flush();
    return code;
}
