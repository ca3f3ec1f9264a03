// zooscope-detection-bench: the recipe readers' walk (readers::scanSubtree,
// what `zooscope-ctl locks|elections` runs) over a big tree. Writes ROOT with
// --znodes znodes in all: --locks Curator mutexes and --elections Curator
// LeaderLatches with three contenders each (ephemeral, this session's), the
// rest plain nodes in folders of 100; then walks ROOT --runs times:
//
//   zooscope-detection-bench --connect HOST:PORT [--root /bench] [--znodes 100000]
//                            [--locks 1000] [--elections 100] [--runs 5] [--window 64]
//                            [--multi-read 1|0]
//   -> "RUN <ms> <nodesRead> <items> <complete> <requests>" per walk, then "DONE"
//      (exit 0); errors on stderr (exit 1). A walk that does not find every
//      lock and election, or stops early, is an error: a fast wrong answer is
//      not a result. <requests>: how many requests the server received
//      during the walk (srvr's "Received" before and after; the bench's own
//      session is idle meanwhile, so this is the walk's requests plus a ping
//      or two). --multi-read 0: the per-node walk (ScanLimits::multiRead).
#include <spdlog/spdlog.h>
#include <zooscope/loopback.h>
#include <zooscope/recipe_readers.h>
#include <zooscope/recipes.h>
#include <zooscope/server_answers.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <vector>

namespace r = zooscope::recipes;
namespace c = zooscope::client;
using namespace std::chrono_literals;

namespace {

int fail(const std::string& why) {
    std::fprintf(stderr, "zooscope-detection-bench: %s\n", why.c_str());
    return 1;
}

// A Curator protected name: "_c_<uuid>-<marker><10-digit seq>".
std::string curatorName(int owner, int contender, const char* marker, int seq) {
    char buf[96];
    std::snprintf(buf, sizeof(buf), "_c_%08x-0000-4000-8000-%012x-%s%010d", owner, contender, marker, seq);
    return buf;
}

// Creates ops in multis of 500, `inFlight` multis at a time.
class Writer {
public:
    explicit Writer(c::Client& client) : client_(client) {}
    void add(std::string path, c::CreateOptions o = {}) {
        batch_.push_back(c::Op::makeCreate(std::move(path), "", o));
        ++count_;
        if (batch_.size() == 500) flush();
    }
    // Waits for everything; the first error, or "".
    std::string finish() {
        flush();
        for (auto& f : pending_)
            if (std::string e = f.get(); !e.empty()) return e;
        pending_.clear();
        return {};
    }
    size_t count() const { return count_; }

private:
    void flush() {
        if (batch_.empty()) return;
        auto p = std::make_shared<std::promise<std::string>>();
        pending_.push_back(p->get_future());
        client_.multi(batch_, [p](c::Result<std::vector<c::OpResult>> res) {
            p->set_value(res.ok() ? std::string() : res.message);
        });
        batch_.clear();
        if (pending_.size() >= 8) {
            // Parent folders are created in earlier multis: keep order by waiting.
            for (auto& f : pending_) f.wait();
        }
    }
    c::Client& client_;
    std::vector<c::Op> batch_;
    std::vector<std::future<std::string>> pending_;
    size_t count_ = 0;
};

// srvr's "Received" of the server at 127.0.0.1:port, -1 when it does not answer.
int64_t packetsReceived(uint16_t port) {
    const auto srvr = zooscope::monitor::parseSrvr(zooscope::fourLetterWordLoopback(port, "srvr", 5s));
    return srvr.ok() ? srvr.value.received : -1;
}

}  // namespace

int main(int argc, char** argv) {
    std::string hosts, root = "/bench";
    int znodes = 100000, locks = 1000, elections = 100, runs = 5, window = 64, multiRead = 1;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--connect") hosts = value;
        else if (key == "--root") root = value;
        else if (key == "--znodes") znodes = std::stoi(value);
        else if (key == "--locks") locks = std::stoi(value);
        else if (key == "--elections") elections = std::stoi(value);
        else if (key == "--runs") runs = std::stoi(value);
        else if (key == "--window") window = std::stoi(value);
        else if (key == "--multi-read") multiRead = std::stoi(value);
        else return fail("unknown option " + key);
    }
    const int fixed = 4 + 4 * (locks + elections);  // root, 3 folders, recipe nodes and contenders
    if (hosts.empty() || runs < 1 || window < 1 || locks < 0 || elections < 0 || znodes < fixed + 2)
        return fail("usage: --connect HOST:PORT [--root P] [--znodes N] [--locks N] [--elections N] [--runs N]");
    spdlog::set_level(spdlog::level::warn);

    c::ClientOptions o;
    o.connectString = hosts;
    o.sessionTimeout = 30s;
    std::string error;
    auto session = r::Session::connect(o, &error);
    if (!session) return fail(error);
    if (const r::Status st = session->waitConnected(30s); !st.ok()) return fail(st.message);
    c::Client& client = session->client();

    const auto t0 = std::chrono::steady_clock::now();
    Writer w(client);
    c::CreateOptions ephemeral;
    ephemeral.mode = zooscope::proto::CreateMode::Ephemeral;
    for (const char* p : {"", "/locks", "/elections", "/data"}) w.add(root + p);
    for (int i = 0; i < locks; ++i) {
        const std::string lock = root + "/locks/l" + std::to_string(i);
        w.add(lock);
        for (int k = 0; k < 3; ++k) w.add(lock + "/" + curatorName(i, k, "lock-", k), ephemeral);
    }
    for (int i = 0; i < elections; ++i) {
        const std::string latch = root + "/elections/e" + std::to_string(i);
        w.add(latch);
        for (int k = 0; k < 3; ++k) w.add(latch + "/" + curatorName(i, k, "latch-", k), ephemeral);
    }
    for (int d = 0; static_cast<int>(w.count()) < znodes; ++d) {
        const std::string dir = root + "/data/d" + std::to_string(d);
        w.add(dir);
        for (int n = 0; n < 100 && static_cast<int>(w.count()) < znodes; ++n) w.add(dir + "/n" + std::to_string(n));
    }
    if (std::string e = w.finish(); !e.empty()) return fail("writing the tree: " + e);
    std::fprintf(stderr, "wrote %zu znodes in %.1f s\n", w.count(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());

    zooscope::readers::ScanLimits limits;
    limits.maxNodes = static_cast<size_t>(znodes) * 2;
    limits.maxTime = 120s;
    limits.window = static_cast<size_t>(window);
    limits.multiRead = multiRead != 0;
    const uint16_t port = static_cast<uint16_t>(std::stoi(hosts.substr(hosts.rfind(':') + 1)));
    for (int run = 0; run < runs; ++run) {
        const int64_t receivedBefore = packetsReceived(port);
        const auto start = std::chrono::steady_clock::now();
        const auto result = zooscope::readers::scanSubtree(client, root, limits);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (result.err != zooscope::proto::Err::Ok) return fail("walk: " + result.message);
        if (!result.complete) return fail("walk stopped early: " + result.stoppedBecause);
        if (result.items.size() != static_cast<size_t>(locks + elections))
            return fail("found " + std::to_string(result.items.size()) + " items, wrote " +
                        std::to_string(locks + elections));
        const int64_t receivedAfter = packetsReceived(port);
        const int64_t requests = receivedBefore < 0 || receivedAfter < 0 ? -1 : receivedAfter - receivedBefore;
        std::printf("RUN %.1f %zu %zu %d %lld\n", ms, result.nodesRead, result.items.size(), result.complete ? 1 : 0,
                    static_cast<long long>(requests));
        std::fflush(stdout);
    }
    std::printf("DONE\n");
    session->close();
    return 0;
}
