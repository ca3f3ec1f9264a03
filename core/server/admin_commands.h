// The AdminServer's commands: their names (with ZooKeeper's short aliases)
// and the JSON each answers, built from an AdminFigures copy in ZooKeeper
// 3.8's shapes (JettyAdminServer's Commands: the same members, types and
// order; tests/data/monitor/ holds Apache's answers next to the engine's).
//
// Served: monitor (mntr), stats (stat), server_stats (srvr), leader (lead),
// zabstate, voting_view, connections (cons), watch_summary (wchs),
// configuration (conf, config), watches (wchc), watches_by_path (wchp), dirs,
// is_read_only (isro), ruok. ZooKeeper's other commands (environment, dump,
// the resets, trace masks, ...) answer "Unknown command" here: the engine's
// AdminServer reads and never changes the server.
//
// Pure functions of their inputs; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/admin_figures.h"

namespace zooscope::server {

struct AdminCommand {
    std::string_view name;                  // "monitor"
    std::vector<std::string_view> aliases;  // {"mntr"}
    AdminDetail detail = AdminDetail::Summary;
    // Answers ZooKeeper's "not currently serving requests" error while an
    // ensemble member does not serve, as ZooKeeper's command does.
    bool needsServing = true;
};

// The command `name` names (its name or an alias), or nullptr.
const AdminCommand* findAdminCommand(std::string_view name);
// Every served command, in name order.
const std::vector<AdminCommand>& adminCommands();

// The JSON answer (pretty-printed) of `command` over `figures`.
std::string adminAnswer(const AdminCommand& command, const AdminFigures& figures);
// The answers that carry no figures: an unknown command, a server whose
// figures did not come in time.
std::string adminUnknownCommand(std::string_view name);
std::string adminError(std::string_view command, std::string_view error);

}  // namespace zooscope::server
