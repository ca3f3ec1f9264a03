// zooscope-gui-bench: how the desktop app copes with a million znodes.
//
//   --mode gui       (default) the measurements of gui_bench.h against
//                    --connect, or against an in-process engine (--embedded,
//                    which populates it first); prints one JSON line
//   --mode populate  builds the tree (tree_writer.h) on --connect; JSON line
//   --mode changer   the other process of the stall measurement; JSON line
//
// bench/run-gui-bench.sh runs all of it against both servers.
#include <QApplication>
#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "zooscope/decimal.h"
#include "gui_bench.h"
#include "tree_writer.h"
#include "zooscope/server.h"

namespace {

struct Args {
    std::string mode = "gui";
    std::string connect;
    bool embedded = false;
    bool populate = false;
    zooscope::bench::TreeShape shape;
    double rate = 5000;
    double seconds = 60;
    std::string screenshot;
    int changerCpu = -1;
    bool verbose = false;
};

constexpr const char* kProgram = "zooscope-gui-bench";

// The options, on QCommandLineParser. No application object exists while it
// parses: populate and changer mode run headless, without one.
struct CommandLine {
    QCommandLineParser parser;
    QCommandLineOption help{{"h", "help"}, "Print this help and exit."};
    QCommandLineOption mode{"mode", "What to do: gui, populate or changer (default gui).", "MODE", "gui"};
    QCommandLineOption connect{"connect", "The server (gui mode: or --embedded).", "HOST:PORT"};
    QCommandLineOption embedded{"embedded", "Gui mode: start an in-memory engine in this process and populate it."};
    QCommandLineOption populate{"populate", "Gui mode: populate --connect first."};
    QCommandLineOption root{"root", "Parent of the benchmark tree (default /bench).", "PATH"};
    QCommandLineOption nodes{"nodes", "Znodes under ROOT/tree, 1,000 per directory (default 1000000).", "N"};
    QCommandLineOption big{"big", "Children of ROOT/big (default 200000).", "N"};
    QCommandLineOption mid{"mid", "Children of ROOT/mid (default 20000).", "N"};
    QCommandLineOption watched{"watched", "Children of ROOT/watched, changed by the changer (default 1000).", "N"};
    QCommandLineOption rate{"rate", "Changer: changes per second (default 5000).", "OPS"};
    QCommandLineOption duration{"duration", "Changer: how long, in seconds (default 60).", "SECONDS"};
    QCommandLineOption changerCpu{"changer-cpu", "Gui mode: run the changer under taskset -c N.", "N"};
    QCommandLineOption screenshot{"screenshot", "Gui mode: the tab after scrolling the big level.", "FILE.png"};
    QCommandLineOption verbose{"verbose", "Progress on stderr."};

    CommandLine() {
        parser.setApplicationDescription(
            "How the desktop app copes with a million znodes; prints one JSON line.\n"
            "Exit status: 0 done, 1 a step failed, 2 bad arguments.");
        parser.addOptions({help, mode, connect, embedded, populate, root, nodes, big, mid, watched, rate, duration,
                           changerCpu, screenshot, verbose});
    }

    std::string helpText() const {
        // Without an application object Qt cannot name the program.
        return parser.helpText().replace("<executable_name>", kProgram).toStdString();
    }

    // The values after a successful parse(); nullopt + a message naming the option.
    std::optional<Args> args(std::string* error) const {
        Args a;
        bool ok = true;
        auto text = [&](const QCommandLineOption& o) { return parser.value(o).toStdString(); };
        auto fail = [&](const QCommandLineOption& o, const std::string& problem) {
            if (ok) *error = "--" + o.names().constLast().toStdString() + ": '" + text(o) + "' " + problem;
            ok = false;
        };
        auto count = [&](const QCommandLineOption& o, long long lo, long long hi, auto* out) {
            if (!parser.isSet(o)) return;
            const auto n = zooscope::cli::parseDecimal<long long>(text(o));
            if (!n || *n < lo || *n > hi)
                return fail(o, "is not an integer from " + std::to_string(lo) + " to " + std::to_string(hi));
            *out = static_cast<std::remove_pointer_t<decltype(out)>>(*n);
        };
        auto positive = [&](const QCommandLineOption& o, double* out) {
            if (!parser.isSet(o)) return;
            const auto d = zooscope::cli::parseDecimal<double>(text(o));
            if (!d || !(*d > 0) || *d > 1e9) return fail(o, "is not a positive number");
            *out = *d;
        };
        a.mode = text(mode);
        if (a.mode != "gui" && a.mode != "populate" && a.mode != "changer") fail(mode, "is not gui, populate or changer");
        a.connect = text(connect);
        a.embedded = parser.isSet(embedded);
        a.populate = parser.isSet(populate);
        if (parser.isSet(root)) {
            a.shape.root = text(root);
            if (a.shape.root.size() < 2 || a.shape.root[0] != '/' || a.shape.root.back() == '/')
                fail(root, "must be an absolute znode path other than / without a trailing /");
        }
        count(nodes, 0, 100000000, &a.shape.treeNodes);
        count(big, 0, 10000000, &a.shape.big);
        count(mid, 0, 10000000, &a.shape.mid);
        count(watched, 1, 10000, &a.shape.watched);
        positive(rate, &a.rate);
        positive(duration, &a.seconds);
        a.screenshot = text(screenshot);
        count(changerCpu, 0, 4095, &a.changerCpu);
        a.verbose = parser.isSet(verbose);
        if (!ok) return std::nullopt;
        if (const QStringList extra = parser.positionalArguments(); !extra.isEmpty()) {
            *error = "unexpected argument '" + extra.constFirst().toStdString() + "'";
            return std::nullopt;
        }
        if (a.embedded && a.mode != "gui") {
            *error = "--embedded only works with --mode gui";
            return std::nullopt;
        }
        if (!a.embedded && a.connect.empty()) {
            *error = "--connect HOST:PORT is required" + std::string(a.mode == "gui" ? " (or --embedded)" : "");
            return std::nullopt;
        }
        return a;
    }
};

int usageError(const std::string& message) {
    std::cerr << kProgram << ": " << message << "\nRun with --help for more information.\n";
    return 2;
}

void printJson(const QJsonObject& o) {
    std::cout << QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString() << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i) arguments << QString::fromLocal8Bit(argv[i]);
    CommandLine commandLine;
    if (!commandLine.parser.parse(arguments)) return usageError(commandLine.parser.errorText().toStdString());
    if (commandLine.parser.isSet(commandLine.help)) {
        std::cout << commandLine.helpText();
        return 0;
    }
    std::string error;
    auto args = commandLine.args(&error);
    if (!args) return usageError(error);
    // stdout carries the one JSON line; every log line goes to stderr.
    spdlog::set_default_logger(spdlog::stderr_color_mt("zooscope-gui-bench"));
    spdlog::set_level(args->verbose ? spdlog::level::info : spdlog::level::warn);
    using namespace zooscope::bench;

    if (args->mode == "changer") {
        ChangerOptions o;
        o.connect = args->connect;
        o.shape = args->shape;
        o.rate = args->rate;
        o.seconds = args->seconds;
        const ChangerReport r = runChanger(o);
        QJsonObject j{{"ok", r.ok}, {"error", QString::fromStdString(r.error)}, {"sets", qint64(r.sets)},
                      {"deletes", qint64(r.deletes)}, {"creates", qint64(r.creates)}, {"errors", qint64(r.errors)},
                      {"seconds", r.seconds}, {"rate", r.achievedRate()}};
        printJson(j);
        return r.ok ? 0 : 1;
    }

    auto populateOn = [&](const std::string& connect) {
        const PopulateReport r = populate(connect, args->shape);
        if (!r.ok) spdlog::error("gui-bench: {}", r.error);
        else spdlog::info("gui-bench: {} znodes created in {:.1f} s", r.created, r.seconds);
        return QJsonObject{{"ok", r.ok}, {"error", QString::fromStdString(r.error)},
                           {"created", qint64(r.created)}, {"seconds", r.seconds}};
    };
    if (args->mode == "populate") {
        const QJsonObject j = populateOn(args->connect);
        printJson(j);
        return j.value("ok").toBool() ? 0 : 1;
    }

    QApplication app(argc, argv);
    std::unique_ptr<zooscope::Server> server;
    std::string connect = args->connect;
    if (args->embedded) {
        zooscope::ServerConfig config;
        config.clientPort = 0;  // in memory, a free port
        server = zooscope::Server::start(config, &error);
        if (!server) {
            std::cerr << "zooscope-gui-bench: cannot start the embedded engine: " << error << "\n";
            return 1;
        }
        connect = "127.0.0.1:" + std::to_string(server->port());
    }
    QJsonObject populated;
    if (args->embedded || args->populate) {
        populated = populateOn(connect);
        if (!populated.value("ok").toBool()) {
            printJson(QJsonObject{{"ok", false}, {"populate", populated}});
            return 1;
        }
    }
    GuiBenchOptions o;
    o.connect = connect;
    o.shape = args->shape;
    o.rate = args->rate;
    o.changeSeconds = args->seconds;
    o.changerProgram = QCoreApplication::applicationFilePath();
    o.screenshot = QString::fromStdString(args->screenshot);
    o.changerCpu = args->changerCpu;
    QJsonObject result = runGuiBench(o);
    if (!populated.isEmpty()) result["populate"] = populated;
    result["platform"] = QGuiApplication::platformName();
    printJson(result);
    return result.value("ok").toBool() ? 0 : 1;
}
