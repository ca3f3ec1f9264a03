// zooscope-handover-bench: how long after the server deletes a lock holder's
// node the readers name the next holder, by the live views' mechanism: one
// child watch on the lock node (left by readers::readRecipeNodes), and on
// its event a re-read of that node. Each round: a Curator-shaped mutex with a
// holder (session A) and a waiter (session B); the reader reads it with a
// watch and checks A holds; then A's session is closed (the server deletes
// its ephemeral node while it closes the session, before it answers) and the
// time runs until a re-read names B.
//
//   zooscope-handover-bench --connect HOST:PORT [--root /handover] [--rounds 50]
//   -> "ROUND <ms from close() called> <ms from close() returned>" per round,
//      then "DONE" (exit 0); errors on stderr (exit 1).
// The server's deletion lies between the two instants, so the two figures
// bound the delay from above and below.
#include <spdlog/spdlog.h>
#include <zooscope/recipe_readers.h>
#include <zooscope/recipes.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <set>
#include <string>

#include "blocking_call.h"  // tests/support, header-only and Qt-free

namespace r = zooscope::recipes;
namespace c = zooscope::client;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

int fail(const std::string& why) {
    std::fprintf(stderr, "zooscope-handover-bench: %s\n", why.c_str());
    return 1;
}

// Child events of the reader's session, waited on by path.
class Events {
public:
    void fired(const std::string& path) {
        std::lock_guard lock(m_);
        fired_.insert(path);
        cv_.notify_all();
    }
    bool wait(const std::string& path, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_);
        const bool ok = cv_.wait_for(lock, timeout, [&] { return fired_.contains(path); });
        fired_.erase(path);
        return ok;
    }

private:
    std::mutex m_;
    std::condition_variable cv_;
    std::set<std::string> fired_;
};

// "" or why `path` could not be created (tests/support's blockingCall: a
// callback that never comes is reported after 30 s, not waited for forever).
std::string create(c::Client& client, const std::string& path, zooscope::proto::CreateMode mode) {
    c::CreateOptions o;
    o.mode = mode;
    const auto res = zooscope::testing::blockingCall<c::Created>(
        [&](c::Callback<c::Created> done) { client.create(path, "", o, std::move(done)); });
    return res.ok() ? std::string() : res.message;
}

std::unique_ptr<r::Session> open(const std::string& hosts, std::string* error, c::Callbacks forward = {}) {
    c::ClientOptions o;
    o.connectString = hosts;
    o.sessionTimeout = 30s;
    auto s = r::Session::connect(o, error, std::move(forward));
    if (!s) return nullptr;
    if (const r::Status st = s->waitConnected(30s); !st.ok()) {
        *error = st.message;
        return nullptr;
    }
    return s;
}

// The holder's session of the lock at `path`, 0 when none is read.
int64_t holderOf(const zooscope::readers::ScanResult& read) {
    if (read.items.size() != 1 || read.items.front().holders.empty()) return 0;
    return read.items.front().holders.front().session;
}

}  // namespace

int main(int argc, char** argv) {
    std::string hosts, root = "/handover";
    int rounds = 50;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--connect") hosts = value;
        else if (key == "--root") root = value;
        else if (key == "--rounds") rounds = std::stoi(value);
        else return fail("unknown option " + key);
    }
    if (hosts.empty() || rounds < 1) return fail("usage: --connect HOST:PORT [--root P] [--rounds N]");
    spdlog::set_level(spdlog::level::warn);

    Events events;
    std::string error;
    c::Callbacks callbacks;
    callbacks.onWatch = [&](zooscope::proto::EventType type, const std::string& path) {
        if (type == zooscope::proto::EventType::NodeChildrenChanged) events.fired(path);
    };
    auto reader = open(hosts, &error, callbacks);
    if (!reader) return fail("reader: " + error);
    if (std::string e = create(reader->client(), root, zooscope::proto::CreateMode::Persistent);
        !e.empty())
        return fail("create " + root + ": " + e);

    zooscope::readers::ScanLimits limits;
    for (int round = 0; round < rounds; ++round) {
        const std::string lock = root + "/l" + std::to_string(round);
        if (std::string e = create(reader->client(), lock, zooscope::proto::CreateMode::Persistent);
            !e.empty())
            return fail("create " + lock + ": " + e);
        auto a = open(hosts, &error);
        auto b = open(hosts, &error);
        if (!a || !b) return fail("contender: " + error);
        char prefix[96];
        int contender = 0;
        for (auto* s : {a.get(), b.get()}) {  // A first: the lower sequence holds
            std::snprintf(prefix, sizeof(prefix), "/_c_%08x-0000-4000-8000-%012x-lock-", round, contender++);
            if (std::string e = create(s->client(), lock + prefix, zooscope::proto::CreateMode::EphemeralSequential);
                !e.empty())
                return fail("contender create: " + e);
        }
        const int64_t holderA = a->client().sessionId(), holderB = b->client().sessionId();
        const auto before = zooscope::readers::readRecipeNodes(reader->client(), {lock}, true, limits);
        if (holderOf(before) != holderA) return fail("round " + std::to_string(round) + ": A does not hold");

        const auto closing = Clock::now();
        a->close();
        const auto closed = Clock::now();
        bool named = false;
        while (!named) {
            if (!events.wait(lock, 30s)) return fail("no child event on " + lock + " within 30 s");
            const auto after = zooscope::readers::readRecipeNodes(reader->client(), {lock}, true, limits);
            named = holderOf(after) == holderB;
        }
        const auto seen = Clock::now();
        std::printf("ROUND %.3f %.3f\n", std::chrono::duration<double, std::milli>(seen - closing).count(),
                    std::chrono::duration<double, std::milli>(seen - closed).count());
        std::fflush(stdout);
        b->close();
    }
    std::printf("DONE\n");
    reader->close();
    return 0;
}
