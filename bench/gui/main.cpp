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
#include <QJsonDocument>
#include <QJsonObject>

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <charconv>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "gui_bench.h"
#include "tree_writer.h"
#include "zooscope/server.h"

namespace {

const char* const kUsage =
    "Usage: zooscope-gui-bench [options]\n"
    "  --mode gui|populate|changer  what to do (default gui)\n"
    "  --connect HOST:PORT    the server (gui mode: or --embedded)\n"
    "  --embedded             gui mode: start an in-memory engine in this process and populate it\n"
    "  --populate             gui mode: populate --connect first\n"
    "  --root PATH            parent of the benchmark tree (default /bench)\n"
    "  --nodes N              znodes under ROOT/tree, 1,000 per directory (default 1000000)\n"
    "  --big N                children of ROOT/big (default 200000)\n"
    "  --mid N                children of ROOT/mid (default 20000)\n"
    "  --watched N            children of ROOT/watched, changed by the changer (default 1000)\n"
    "  --rate OPS             changer: changes per second (default 5000)\n"
    "  --duration SECONDS     changer: how long (default 60)\n"
    "  --changer-cpu N        gui mode: run the changer under taskset -c N\n"
    "  --screenshot FILE.png  gui mode: the tab after scrolling the big level\n"
    "  --verbose              progress on stderr\n"
    "Exit status: 0 done, 1 a step failed, 2 bad arguments.\n";

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

template <typename T>
std::optional<T> number(const std::string& s) {
    T v{};
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
    return v;
}

std::optional<Args> parse(int argc, char** argv, std::string* error) {
    Args a;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        auto value = [&]() -> std::optional<std::string> {
            if (i + 1 >= argc) {
                *error = flag + " needs a value";
                return std::nullopt;
            }
            return std::string(argv[++i]);
        };
        auto count = [&](long long lo, long long hi) -> std::optional<long long> {
            auto v = value();
            if (!v) return std::nullopt;
            auto n = number<long long>(*v);
            if (!n || *n < lo || *n > hi) {
                *error = flag + ": '" + *v + "' is not an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
                return std::nullopt;
            }
            return n;
        };
        auto positive = [&]() -> std::optional<double> {
            auto v = value();
            if (!v) return std::nullopt;
            auto d = number<double>(*v);
            if (!d || !(*d > 0) || *d > 1e9) {
                *error = flag + ": '" + *v + "' is not a positive number";
                return std::nullopt;
            }
            return d;
        };
        if (flag == "--mode") {
            auto v = value();
            if (!v) return std::nullopt;
            if (*v != "gui" && *v != "populate" && *v != "changer") {
                *error = "--mode: '" + *v + "' is not gui, populate or changer";
                return std::nullopt;
            }
            a.mode = *v;
        } else if (flag == "--connect") {
            auto v = value();
            if (!v) return std::nullopt;
            a.connect = *v;
        } else if (flag == "--embedded") {
            a.embedded = true;
        } else if (flag == "--populate") {
            a.populate = true;
        } else if (flag == "--root") {
            auto v = value();
            if (!v) return std::nullopt;
            if (v->size() < 2 || (*v)[0] != '/' || v->back() == '/') {
                *error = "--root: '" + *v + "' must be an absolute znode path other than / without a trailing /";
                return std::nullopt;
            }
            a.shape.root = *v;
        } else if (flag == "--nodes") {
            auto n = count(0, 100000000);
            if (!n) return std::nullopt;
            a.shape.treeNodes = *n;
        } else if (flag == "--big") {
            auto n = count(0, 10000000);
            if (!n) return std::nullopt;
            a.shape.big = int(*n);
        } else if (flag == "--mid") {
            auto n = count(0, 10000000);
            if (!n) return std::nullopt;
            a.shape.mid = int(*n);
        } else if (flag == "--watched") {
            auto n = count(1, 10000);
            if (!n) return std::nullopt;
            a.shape.watched = int(*n);
        } else if (flag == "--rate") {
            auto d = positive();
            if (!d) return std::nullopt;
            a.rate = *d;
        } else if (flag == "--duration") {
            auto d = positive();
            if (!d) return std::nullopt;
            a.seconds = *d;
        } else if (flag == "--screenshot") {
            auto v = value();
            if (!v) return std::nullopt;
            a.screenshot = *v;
        } else if (flag == "--changer-cpu") {
            auto n = count(0, 4095);
            if (!n) return std::nullopt;
            a.changerCpu = int(*n);
        } else if (flag == "--verbose") {
            a.verbose = true;
        } else {
            *error = "unknown argument '" + flag + "'";
            return std::nullopt;
        }
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

void printJson(const QJsonObject& o) {
    std::cout << QJsonDocument(o).toJson(QJsonDocument::Compact).toStdString() << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string(argv[i]) == "--help" || std::string(argv[i]) == "-h") {
            std::cout << kUsage;
            return 0;
        }
    }
    std::string error;
    auto args = parse(argc, argv, &error);
    if (!args) {
        std::cerr << "zooscope-gui-bench: " << error << "\n" << kUsage;
        return 2;
    }
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
