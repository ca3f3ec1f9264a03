#include "ctl/grammar.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>

#include "proto/path_utils.h"
#include "zooscope/command_line.h"
#include "zooscope/ctl.h"
#include "zooscope/stream.h"

namespace zooscope::ctl {

namespace {

constexpr const char* kDescription =
    "zooscope-ctl: ZooKeeper from scripts. Reads and writes znodes, and runs commands under a lock or "
    "leadership that interoperates with Apache Curator (and kazoo for locks).";

constexpr const char* kFooter = R"(Connection: --connect HOSTS[/chroot] ("127.0.0.1:2181,zk2:2181/app") or --profile NAME (a
connection saved in the ZooScope app; its password comes from the keychain). A guarded profile
refuses set, lock, elect and barrier unless --unlock-writes is given.

ensemble asks every server of HOSTS and every member /zookeeper/config lists, at once, with their
four-letter words and their AdminServers (--admin-port PORT for all, HOST:PORT=PORT for one, 0: none;
ZooKeeper's default is 8080), and prints one sample: per server its mode, zxid, epoch, latency,
counts, version, the source that answered (admin, 4lw, or client: nothing but what the connect
string and /zookeeper/config say) and the alerts of the built-in rules (--threshold KEY=VALUE
changes one: znode-count, connections, data-size-bytes, watch-count, open-file-descriptors,
fsync-ms-per-second, snapshot-ms-per-second, average-latency-ms, follower-lag-zxids). --json: an
array, one object per server, null for what no source gave; quorum-lost is in every server's alerts.

locks and elections walk --root (default /) and read what the recipe nodes mean. Recipes:
lock-or-election (Curator mutex or LeaderSelector, kazoo Lock or Election: in both lists),
curator-read-write-lock, curator-semaphore, kazoo-read-write-lock, kazoo-semaphore, zookeeper-lock,
curator-leader-latch, zookeeper-election, zooscope-stream-claim (a stream job's JOB/locks/<p>). A
line per item: path, recipe, holder session, holder, waiters, suspicious reasons. --json:
{"complete","nodesRead","stoppedBecause","items"}; a lock item has path, recipe, suspicious, holder,
holderNode, holderSession, holderAddress (from cons, null where refused), heldSinceMs, holders, leases,
maxLeases, waiters, waitersList; an election item path, recipe, suspicious, leader, leaderSession,
candidates ({node, session, id} each, in the library's order). Fields: docs/recipes.md.

partitions walks --root the same way and reads who owns which partition: zooscope-stream-job (the
stream job: members, assignments from JOB/assignment, lastMoves, claims, offsets, generation),
kazoo-set-partitioner (members from party/, an item's owner is the member whose session holds its
lock) and kafka (live brokers, "topic/partition" -> leader, controller, leaders and skewPercent per
broker, underReplicated, offline). --json: {"complete","nodesRead","stoppedBecause","items"}, each
item with path, recipe, suspicious, members, assignments (null: no owner).

watches asks every server of HOSTS: wchs (sessions, paths, watches) or with --detail wchc joined to
cons (session, client, paths; wchc walks every watch of the server, so it costs it). ZooKeeper 3.8's
wchs/wchc/wchp count data and exists watches only, not child watches (mntr's watch_count includes
them); the ZooScope engine is asked its own word wchk, which gives every kind (data, exists, child,
persistent, persistent-recursive). Refused words are asked of the AdminServer (--admin-port as for
ensemble). --json: {"complete","nodesRead","sessions","paths","watches","note","servers","items"}.

Output: get writes the node's bytes as they are. --json: ls an array of names; get
{"path","data","encoding":"utf8"|"base64","stat"}; stat, and set's new stat, an object with czxid,
mzxid, pzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, dataLength, numChildren (zxids
and session ids as "0x" + lowercase hex). watch and members print data as is when it is UTF-8 without
control characters and does not start with "base64:", else "base64:" + the base64 of the bytes.

stream runs the stream-processing workload (docs/stream.md): setup creates a job, worker runs one
worker until SIGTERM/SIGINT (it then commits and leaves cleanly), status prints the job (--json: generation,
members, owners, offsets, workers, overrides), config changes batch, ratePerPartition or paused live, for
the whole job or (--worker ID) for one worker.

demo up starts a local ensemble (engine or Apache ZooKeeper, 1, 3 or 5 nodes) with the stream workload
on it, prints its connect string as the only line on stdout and runs until SIGINT/SIGTERM; every process
it started ends with it, even when it is killed.

lock and elect run COMMAND (everything after "--") and pass its exit status through. A lost session,
lock or leadership sends COMMAND SIGTERM; zooscope-ctl then waits for it and exits 75. While the
connection is suspended the lock is kept if the session survives; suspended longer than the session
timeout counts as lost.

zooscope-ctl --version prints the version.

Exit codes:
  0   ok
  1   ZooKeeper refused (no node, bad version, not authorised, damaged lock layout), or the guard;
      stream: the job is not set up, is set up already, or a job node is damaged (status names it)
  2   usage: unknown option, bad path, missing "--", unreadable --file, a refused stream setup value
      or config key (partitions and vnodes are fixed at setup)
  3   cannot connect (or the session was lost outside lock/elect)
  4   timed out waiting (--timeout)
  75  lock or leadership lost while COMMAND ran
  130 interrupted while waiting
  COMMAND's status for lock and elect (127: not found, 126: cannot run)
)";

struct Spec {
    CommandKind kind;
    const char* name;
    const char* help;
    const char* usage;  // the subcommand's help footer
    bool hasPath = true;
};

constexpr Spec kSpecs[] = {
    {CommandKind::Ls, "ls", "List the children of PATH, sorted.",
     "zooscope-ctl [--json] ls PATH\nExit 1 when PATH does not exist."},
    {CommandKind::Get, "get", "Print the data of PATH (raw bytes; --json: with its stat).",
     "zooscope-ctl [--json] get PATH\nExit 1 when PATH does not exist or is not readable (NoAuth)."},
    {CommandKind::Stat, "stat", "Print the stat of PATH.", "zooscope-ctl [--json] stat PATH"},
    {CommandKind::Set, "set", "Set the data of PATH to VALUE or the bytes of --file (\"-\": stdin).",
     "zooscope-ctl [--json] set PATH VALUE|--file F [--version N]\n"
     "Exit 1 when PATH does not exist, its version is not N, or the guard refuses."},
    {CommandKind::Lock, "lock", "Run COMMAND while holding the lock PATH (like flock(1) for a cluster).",
     "zooscope-ctl lock PATH [--layout curator|kazoo] [--timeout S] -- COMMAND...\n"
     "Exit: COMMAND's status; 4 timed out; 75 lost while COMMAND ran (COMMAND got SIGTERM)."},
    {CommandKind::Elect, "elect", "Run COMMAND while leader of PATH (Curator LeaderLatch).",
     "zooscope-ctl elect PATH --id ID [--timeout S] -- COMMAND...\n"
     "Exit: COMMAND's status; 4 timed out; 75 leadership lost while COMMAND ran (COMMAND got SIGTERM)."},
    {CommandKind::Barrier, "barrier", "Enter the double barrier PATH, wait for COUNT members, leave.",
     "zooscope-ctl barrier PATH --count N [--timeout S]\nExit 4 when S seconds pass first."},
    {CommandKind::Members, "members", "Print the members of the group PATH (Curator GroupMember): name TAB data.",
     "zooscope-ctl [--json] members PATH"},
    {CommandKind::Watch, "watch", "Print PATH's value, then one line \"<version> <data>\" per new value, until interrupted.",
     "zooscope-ctl [--json] watch PATH\nExit 0 when interrupted, 1 when PATH is deleted."},
    {CommandKind::Ensemble, "ensemble",
     "Print one sample of every server of the ensemble: mode, zxid, latency, counts, alerts.",
     "zooscope-ctl [--json] ensemble [--admin-port [HOST:PORT=]PORT]... [--threshold KEY=VALUE]... [--timeout S]\n"
     "Exit 0 when the sample was taken, whatever it shows.",
     false},
    {CommandKind::Locks, "locks",
     "Find the locks and semaphores under --root (Curator, kazoo, ZooKeeper's recipe): holders and waiters.",
     "zooscope-ctl [--json] locks [--root PATH] [--max-nodes N] [--timeout S] [--admin-port [HOST:PORT=]PORT]...\n"
     "Holders' client addresses come from cons, else from the AdminServer's connections.\n"
     "Exit 0 when the walk ran, complete or not (--json: \"complete\"); 1 when PATH does not exist.",
     false},
    {CommandKind::Elections, "elections",
     "Find the elections under --root (Curator LeaderLatch, ZooKeeper's recipe; locks that may be elections).",
     "zooscope-ctl [--json] elections [--root PATH] [--max-nodes N] [--timeout S]\n"
     "Exit 0 when the walk ran, complete or not (--json: \"complete\"); 1 when PATH does not exist.",
     false},
    {CommandKind::Partitions, "partitions",
     "Find who owns which partition under --root (the stream job, kazoo SetPartitioner, Kafka).",
     "zooscope-ctl [--json] partitions [--root PATH] [--max-nodes N] [--timeout S]\n"
     "Exit 0 when the walk ran, complete or not (--json: \"complete\"); 1 when PATH does not exist.",
     false},
    {CommandKind::Watches, "watches",
     "Print who watches what on every server: a summary, or sessions and paths with --detail.",
     "zooscope-ctl [--json] watches [--detail] [--admin-port [HOST:PORT=]PORT]... [--timeout S]\n"
     "Exit 0 when every server answered; 1 when one did not (the others are still printed).",
     false},
};

// The index of the subcommand token: the first token that is neither an
// option nor the value of a global option that takes one; args.size() if none.
size_t subcommandIndex(const std::vector<std::string>& args) {
    static const std::vector<std::string> kValued = {"--connect", "--profile", "--connect-timeout",
                                                     "--session-timeout"};
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& t = args[i];
        if (t == "--") return args.size();
        if (std::find(kValued.begin(), kValued.end(), t) != kValued.end()) {
            ++i;
            continue;
        }
        if (!t.empty() && t[0] == '-') continue;
        return i;
    }
    return args.size();
}

std::chrono::milliseconds seconds(double s) {
    return std::chrono::milliseconds(static_cast<int64_t>(std::llround(s * 1000.0)));
}

ParseResult usage(std::string text) {
    ParseResult r;
    r.exitCode = kExitUsage;
    // The shape of every ZooScope command line's errors (core/cli).
    r.text = "zooscope-ctl: " + std::move(text) + "\nRun with --help for more information.";
    return r;
}

// Seconds any timeout may take (a year): enough for a wait, far from overflow.
constexpr double kMaxSeconds = 365.0 * 24 * 3600;

struct Parser {
    CLI::App app{kDescription, "zooscope-ctl"};
    Invocation inv;
    std::vector<std::pair<CommandKind, CLI::App*>> subs;
    std::string value;
    std::string file;
    double timeoutSeconds = -1;
    double connectTimeoutSeconds = 15;
    double sessionTimeoutSeconds = -1;
    std::string layout = "curator";
    std::vector<std::string> adminPorts;
    std::vector<std::string> thresholds;
    double probeTimeoutSeconds = 2;
    double scanSeconds = 10;

    Parser() {
        cli::useConventions(app);
        app.fallthrough();
        app.require_subcommand(1);
        app.footer(kFooter);
        auto* connect = app.add_option("--connect", inv.global.connect, "ZooKeeper servers: host:port[,host:port...][/chroot]")
                            ->type_name("HOSTS");
        auto* profile = app.add_option("--profile", inv.global.profile, "A connection saved in the ZooScope app, by name")
                            ->type_name("NAME");
        connect->excludes(profile);
        app.add_flag("--unlock-writes", inv.global.unlockWrites, "Allow writes through a guarded profile for this run");
        app.add_flag("--json", inv.global.json, "JSON output (ls, get, stat, set, members, watch, stream status/config, ensemble, locks, elections, partitions, watches)");
        app.add_option("--connect-timeout", connectTimeoutSeconds, "Seconds to wait for a session (default 15)")
            ->transform(cli::number(0.001, kMaxSeconds))
            ->type_name("S");
        app.add_option("--session-timeout", sessionTimeoutSeconds,
                       "Session timeout in seconds to ask the server for (default: the profile's, else 30)")
            ->transform(cli::number(0.001, kMaxSeconds))
            ->type_name("S");

        for (const Spec& s : kSpecs) {
            CLI::App* sub = app.add_subcommand(s.name, s.help);
            sub->footer(s.usage);
            subs.emplace_back(s.kind, sub);
            if (s.hasPath) sub->add_option("PATH", inv.path, "Znode path")->required()->type_name("");
            switch (s.kind) {
                case CommandKind::Set: {
                    auto* v = sub->add_option("VALUE", value, "The new data (text; use -- before a value starting with '-')")
                                 ->type_name("");
                    auto* f = sub->add_option("--file", file, "Read the new data from this file (\"-\": stdin)")->type_name("F");
                    v->excludes(f);
                    sub->add_option("--version", inv.version, "Only if the node is at this version (else exit 1)")
                        ->transform(cli::integer(0, INT32_MAX))
                        ->type_name("N");
                    break;
                }
                case CommandKind::Lock:
                    sub->add_option("--layout", layout, "Node layout: curator (InterProcessMutex, default) or kazoo (Lock)")
                        ->check(CLI::IsMember({"curator", "kazoo"}))
                        ->type_name("LAYOUT");
                    addTimeout(sub, "Give up after S seconds waiting for the lock (exit 4)");
                    break;
                case CommandKind::Elect:
                    sub->add_option("--id", inv.id, "This candidate's participant id")->required()->type_name("ID");
                    addTimeout(sub, "Give up after S seconds waiting for leadership (exit 4)");
                    break;
                case CommandKind::Barrier:
                    sub->add_option("--count", inv.count, "How many members the barrier waits for")
                        ->required()
                        ->transform(cli::integer(1, 1000000))
                        ->type_name("N");
                    addTimeout(sub, "Give up after S seconds waiting to enter or leave (exit 4)");
                    break;
                case CommandKind::Ensemble:
                    addAdminPorts(sub);
                    sub->add_option("--threshold", thresholds, "Change one alert threshold")
                        ->type_name("KEY=VALUE")
                        ->allow_extra_args(false)
                        ->take_all();
                    addProbeTimeout(sub);
                    break;
                case CommandKind::Watches:
                    sub->add_flag("--detail", inv.watchDetail, "Sessions and their paths (wchc: costs the server)");
                    addAdminPorts(sub);
                    addProbeTimeout(sub);
                    break;
                case CommandKind::Locks:
                case CommandKind::Elections:
                case CommandKind::Partitions:
                    if (s.kind == CommandKind::Locks) addAdminPorts(sub);
                    sub->add_option("--root", inv.path, "Walk this subtree (default /)")->type_name("PATH");
                    sub->add_option("--max-nodes", inv.scanMaxNodes, "Stop after listing N nodes (default 200000)")
                        ->transform(cli::integer(1, 100000000))
                        ->type_name("N");
                    sub->add_option("--timeout", scanSeconds, "Stop the walk after S seconds (default 10)")
                        ->transform(cli::number(0.001, kMaxSeconds))
                        ->type_name("S");
                    break;
                default:
                    break;
            }
        }
        addStream();
        addDemo();
    }

    // demo up: no connection, so the global connection options are refused
    // in run(), not here.
    CLI::App* demo = nullptr;
    std::string demoKind = "engine";
    void addDemo() {
        inv.demo.vnodes = stream::JobConfig().vnodes;
        demo = app.add_subcommand("demo", "Local demo ensembles: up.");
        demo->require_subcommand(1);
        CLI::App* up = demo->add_subcommand(
            "up", "Start a local ensemble with the stream workload; print its connect string; stop on SIGINT/SIGTERM.");
        up->footer(
            "zooscope-ctl demo up [--nodes 1|3|5] [--observer] [--kind engine|apache] [--workers N] [--job PATH]\n"
            "                     [--partitions P] [--vnodes V] [--dir D]\n"
            "stdout: one line, the client connect string, once every node serves and the workers have joined.\n"
            "Progress and errors on stderr. Exit 0 after SIGINT/SIGTERM stopped everything; 1 when the demo\n"
            "cannot start (the reason on stderr).");
        subs.emplace_back(CommandKind::DemoUp, up);
        inv.path = "/zooscope/demo";
        up->add_option("--nodes", inv.demo.nodes, "Voting members (default 3)")
            ->check(CLI::IsMember({1, 3, 5}))
            ->type_name("N");
        up->add_flag("--observer", inv.demo.observer, "Add one observer");
        up->add_option("--kind", demoKind, "engine (zooscope-server, default) or apache (Apache ZooKeeper)")
            ->check(CLI::IsMember({"engine", "apache"}))
            ->type_name("KIND");
        up->add_option("--workers", inv.demo.workers, "Stream workers to run (default 3; 0: none)")
            ->transform(cli::integer(0, 64))
            ->type_name("N");
        up->add_option("--job", inv.path, "The job's znode path (default /zooscope/demo)")->type_name("PATH");
        up->add_option("--partitions", inv.demo.partitions, "The job's partitions (default 16)")
            ->transform(cli::integer(1, stream::kMaxPartitions))
            ->type_name("P");
        up->add_option("--vnodes", inv.demo.vnodes, "Ring points per worker")
            ->capture_default_str()
            ->transform(cli::integer(1, stream::kMaxVnodes))
            ->type_name("V");
        up->add_option("--dir", inv.demo.dir, "Keep the nodes' data and logs in this folder (default: a temp folder, removed)")
            ->type_name("D");
    }

    // stream setup|worker|status|config JOB: subcommands of "stream".
    CLI::App* stream = nullptr;
    void addStream() {
        const stream::JobConfig defaults;
        inv.stream.vnodes = defaults.vnodes;
        inv.stream.batch = defaults.batch;
        inv.stream.rate = defaults.ratePerPartition;
        stream = app.add_subcommand("stream", "The stream-processing workload: setup, worker, status, config (docs/stream.md).");
        stream->require_subcommand(1);

        CLI::App* setup = addStreamCommand(CommandKind::StreamSetup, "setup",
                                           "Create the job JOB with its config, offsets and directories.",
                                           "zooscope-ctl stream setup JOB --partitions P [--vnodes V] [--batch B] [--rate R]\n"
                                           "Exit 1 when JOB is already set up.");
        setup->add_option("--partitions", inv.stream.partitions, "Number of partitions (fixed)")
            ->required()
            ->transform(cli::integer(1, stream::kMaxPartitions))
            ->type_name("P");
        setup->add_option("--vnodes", inv.stream.vnodes, "Ring points per worker (fixed)")
            ->capture_default_str()
            ->transform(cli::integer(1, stream::kMaxVnodes))
            ->type_name("V");
        setup->add_option("--batch", inv.stream.batch, "Most events per commit (live)")
            ->capture_default_str()
            ->transform(cli::integer(1, INT32_MAX))
            ->type_name("B");
        setup->add_option("--rate", inv.stream.rate, "Events per second per partition, 0 = unthrottled (live)")
            ->capture_default_str()
            ->transform(cli::number(0, 1e9))
            ->type_name("R");

        CLI::App* worker = addStreamCommand(CommandKind::StreamWorker, "worker", "Run one worker of JOB until SIGTERM/SIGINT.",
                                            "zooscope-ctl stream worker JOB --id ID [--session-timeout MS]\n"
                                            "Exit 0 after leaving cleanly, 1 when JOB is not set up, 3 when no session comes up.");
        worker->add_option("--id", inv.stream.id, "This worker's id (its JOB/members node)")->required()->type_name("ID");
        worker->add_option("--session-timeout", workerSessionTimeoutMs, "Session timeout in milliseconds (default 10000)")
            ->transform(cli::integer(1, INT32_MAX))
            ->type_name("MS");

        addStreamCommand(CommandKind::StreamStatus, "status", "Print the job: assignment, offsets, workers.",
                         "zooscope-ctl stream status JOB [--json]\nExit 1 when JOB is not set up or a job node is damaged.");

        CLI::App* config = addStreamCommand(
            CommandKind::StreamConfig, "config", "Change the live config: batch, ratePerPartition, paused.",
            "zooscope-ctl stream config JOB [--worker ID] key=value...\n"
            "zooscope-ctl stream config JOB --worker ID --reset\n"
            "With --worker, the keys override JOB/config for that worker only (JOB/overrides/ID); --reset removes them.\n"
            "Exit 2 for partitions, vnodes, an unknown key or a bad value.");
        // SETTINGS is required unless --reset; runStreamConfig says so.
        config->add_option("SETTINGS", inv.stream.settings, "key=value words")->type_name("");
        config->add_option("--worker", inv.stream.worker, "Change this worker's own overrides instead of JOB/config")
            ->type_name("ID");
        config->add_flag("--reset", inv.stream.reset, "With --worker: remove that worker's overrides");
    }
    // A subcommand of "stream" taking JOB.
    CLI::App* addStreamCommand(CommandKind kind, const char* name, const char* help, const char* footer) {
        CLI::App* sub = stream->add_subcommand(name, help);
        sub->footer(footer);
        sub->add_option("JOB", inv.path, "The job's znode path")->required()->type_name("");
        subs.emplace_back(kind, sub);
        return sub;
    }
    int64_t workerSessionTimeoutMs = 0;

    void addAdminPorts(CLI::App* sub) {
        sub->add_option("--admin-port", adminPorts,
                        "AdminServer port: PORT for every server, HOST:PORT=PORT for one (0: do not ask)")
            ->type_name("[HOST:PORT=]PORT")
            ->allow_extra_args(false)
            ->take_all();
    }
    void addProbeTimeout(CLI::App* sub) {
        sub->add_option("--timeout", probeTimeoutSeconds, "Give up on a server after S seconds (default 2)")
            ->transform(cli::number(0.001, 3600))
            ->type_name("S");
    }

    void addTimeout(CLI::App* sub, const char* help) {
        sub->add_option("--timeout", timeoutSeconds, help)->transform(cli::number(0, kMaxSeconds))->type_name("S");
    }

    CLI::App* selected() const {
        if (app.get_subcommands().empty()) return nullptr;
        CLI::App* top = app.get_subcommands().front();
        if (top != stream && top != demo) return top;
        return top->get_subcommands().empty() ? nullptr : top->get_subcommands().front();
    }
};

bool takesCommand(const std::string& name) { return name == "lock" || name == "elect"; }

// "--admin-port PORT" (every server) or "HOST:PORT=PORT" (the server the
// connect string or /zookeeper/config names so); what is wrong, or nullopt.
std::optional<std::string> readAdminPort(const std::string& text, monitor::AdminPorts* ports) {
    const size_t eq = text.rfind('=');
    const std::string server = eq == std::string::npos ? "" : text.substr(0, eq);
    const std::string value = eq == std::string::npos ? text : text.substr(eq + 1);
    const bool digits = !value.empty() && value.size() <= 5 &&
                        std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; });
    const long port = digits ? std::stol(value) : -1;
    if (port < 0 || port > 65535) return "'" + value + "' is not a port (0-65535; 0: no AdminServer).";
    if (eq == std::string::npos) {
        ports->defaultPort = static_cast<uint16_t>(port);
        return std::nullopt;
    }
    const size_t colon = server.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == server.size())
        return "'" + server + "' is not HOST:PORT, as the connect string names the server.";
    ports->perServer[server] = static_cast<uint16_t>(port);
    return std::nullopt;
}

}  // namespace

bool changesTree(CommandKind kind) {
    switch (kind) {
        case CommandKind::Set:
        case CommandKind::Lock:
        case CommandKind::Elect:
        case CommandKind::Barrier:
        case CommandKind::StreamSetup:
        case CommandKind::StreamWorker:
        case CommandKind::StreamConfig:
            return true;
        default:
            return false;
    }
}

bool needsRecipeSession(CommandKind kind) {
    switch (kind) {
        case CommandKind::Lock:
        case CommandKind::Elect:
        case CommandKind::Barrier:
        case CommandKind::Members:
        case CommandKind::Watch:
            return true;
        default:
            return false;
    }
}

const char* commandName(CommandKind kind) {
    switch (kind) {
        case CommandKind::StreamSetup: return "stream setup";
        case CommandKind::StreamWorker: return "stream worker";
        case CommandKind::StreamStatus: return "stream status";
        case CommandKind::StreamConfig: return "stream config";
        case CommandKind::DemoUp: return "demo up";
        default: break;
    }
    for (const Spec& s : kSpecs)
        if (s.kind == kind) return s.name;
    return "?";
}

void layEnsembleOptions(Invocation* inv, const monitor::AdminPorts& ports, const monitor::AlertThresholds& thresholds) {
    inv->adminPorts = ports;
    inv->thresholds = thresholds;
    // Checked by parseCommandLine: these cannot fail now.
    for (const std::string& a : inv->adminPortWords) (void)readAdminPort(a, &inv->adminPorts);
    std::string error;
    for (const std::string& t : inv->thresholdWords) (void)monitor::setThreshold(&inv->thresholds, t, &error);
}

std::string topLevelHelp() {
    Parser p;
    return p.app.help();
}

ParseResult parseCommandLine(const std::vector<std::string>& args) {
    // lock/elect: COMMAND is everything after the first "--" following the
    // subcommand; CLI11 only sees what comes before it, so COMMAND's own
    // options are never taken for ours.
    const size_t sub = subcommandIndex(args);
    if (sub < args.size() && args[sub] != "stream" && args[sub] != "demo" && std::none_of(std::begin(kSpecs), std::end(kSpecs),
                                          [&](const Spec& s) { return args[sub] == s.name; }))
        return usage("Unknown command \"" + args[sub] + "\".");
    const bool wantsCommand = sub < args.size() && takesCommand(args[sub]);
    std::vector<std::string> ours = args;
    std::optional<std::vector<std::string>> command;
    if (wantsCommand) {
        auto dashes = std::find(args.begin() + static_cast<std::ptrdiff_t>(sub), args.end(), std::string("--"));
        if (dashes != args.end()) {
            ours.assign(args.begin(), dashes);
            command.emplace(dashes + 1, args.end());
        }
    }

    Parser p;
    std::vector<std::string> reversed(ours.rbegin(), ours.rend());  // CLI11 takes them last-first
    try {
        p.app.parse(reversed);
    } catch (const CLI::CallForHelp&) {
        return ParseResult{std::nullopt, kExitOk, p.app.help()};
    } catch (const CLI::CallForAllHelp&) {
        return ParseResult{std::nullopt, kExitOk, p.app.help("", CLI::AppFormatMode::All)};
    } catch (const CLI::ExtrasError& e) {
        if (wantsCommand && !command)
            return usage(args[sub] + ": COMMAND must follow \"--\", e.g. zooscope-ctl " + args[sub] +
                         " /path -- sleep 10");
        return usage(e.what());
    } catch (const CLI::ParseError& e) {
        return usage(e.what());
    }

    CLI::App* selected = p.selected();
    if (!selected) return usage("No command given.");
    Invocation inv = p.inv;
    for (const auto& [kind, app] : p.subs)
        if (app == selected) inv.kind = kind;

    if ((inv.kind == CommandKind::Locks || inv.kind == CommandKind::Elections ||
         inv.kind == CommandKind::Partitions) &&
        selected->count("--root") == 0)
        inv.path = "/";
    for (const std::string& a : p.adminPorts) {
        if (auto bad = readAdminPort(a, &inv.adminPorts)) return usage("--admin-port " + a + ": " + *bad);
    }
    inv.adminPortWords = p.adminPorts;
    if (inv.kind == CommandKind::Ensemble || inv.kind == CommandKind::Watches) {
        inv.probeTimeout = seconds(p.probeTimeoutSeconds);
        for (const std::string& t : p.thresholds) {
            std::string error;
            if (!monitor::setThreshold(&inv.thresholds, t, &error)) return usage("--threshold: " + error + ".");
        }
        inv.thresholdWords = p.thresholds;
    } else if (auto bad = proto::validatePath(inv.path)) {
        return usage("Bad path \"" + inv.path + "\": " + *bad + ".");
    }

    inv.global.connectTimeout = seconds(p.connectTimeoutSeconds);
    if (p.sessionTimeoutSeconds > 0) inv.global.sessionTimeout = seconds(p.sessionTimeoutSeconds);
    if (p.timeoutSeconds >= 0) inv.timeout = seconds(p.timeoutSeconds);
    inv.scanTime = seconds(p.scanSeconds);
    inv.layout = p.layout == "kazoo" ? recipes::LockLayout::Kazoo : recipes::LockLayout::Curator;

    if (inv.kind == CommandKind::Set) {
        const bool hasValue = selected->count("VALUE") > 0;
        const bool hasFile = selected->count("--file") > 0;
        if (!hasValue && !hasFile) return usage("set: give VALUE or --file F.");
        if (hasValue) inv.value = p.value;
        if (hasFile) inv.file = p.file;
    }
    if (wantsCommand) {
        if (!command)
            return usage(args[sub] + ": COMMAND must follow \"--\", e.g. zooscope-ctl " + args[sub] +
                         " /path -- sleep 10");
        if (command->empty()) return usage(args[sub] + ": no COMMAND after \"--\".");
        inv.command = std::move(*command);
    }
    if (inv.kind == CommandKind::Elect && inv.id.empty()) return usage("elect: --id must not be empty.");
    inv.demo.apache = p.demoKind == "apache";
    if (p.workerSessionTimeoutMs > 0) inv.stream.sessionTimeout = std::chrono::milliseconds(p.workerSessionTimeoutMs);
    return ParseResult{std::move(inv), kExitOk, {}};
}

}  // namespace zooscope::ctl
