// The server of the GUI benches: --connect HOST:PORT, or --embedded (an
// in-memory engine in this process, for the smoke tests). Header-only.
#pragma once

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>
#include <string>

#include "zooscope/server.h"

namespace zooscope::bench {

struct ServerChoice {
    QCommandLineOption connect{"connect", "The server.", "HOST:PORT"};
    QCommandLineOption embedded{"embedded", "An in-memory engine in this process."};

    // Exactly one of the two was given.
    bool given(const QCommandLineParser& parser) const { return parser.isSet(connect) != parser.isSet(embedded); }
    // The connect string; for --embedded the engine started into *server
    // (kept alive by the caller). "" and *error when it does not start.
    std::string hosts(const QCommandLineParser& parser, std::unique_ptr<Server>* server, std::string* error) const {
        if (!parser.isSet(embedded)) return parser.value(connect).toStdString();
        ServerConfig config;
        config.clientPort = 0;
        *server = Server::start(config, error);
        return *server ? "127.0.0.1:" + std::to_string((*server)->port()) : std::string();
    }
};

}  // namespace zooscope::bench
