// zooscope-lock-handover: two sessions pass a recipes::Lock back and forth
// and print, per round, the time from release() by the holder to acquire()
// returning in the waiter (CLOCK_MONOTONIC ns), as the Curator and kazoo
// halves of bench/run-lock-handover-bench.sh do:
//
//   zooscope-lock-handover --connect HOST:PORT --path /bench/lock
//                          [--layout curator|kazoo] [--rounds N]
//   -> "HANDOVER <ns>" per round, then "DONE" (exit 0); errors on stderr (exit 1).
//
// Each round: the waiter's acquire runs on its own thread; once its node is
// in place (two children) and 5 ms have passed for its watch, the holder
// releases. The roles swap every round.
#include <spdlog/spdlog.h>
#include <zooscope/recipes.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

namespace r = zooscope::recipes;
using namespace std::chrono_literals;

namespace {

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int fail(const std::string& why) {
    std::fprintf(stderr, "zooscope-lock-handover: %s\n", why.c_str());
    return 1;
}

std::unique_ptr<r::Session> open(const std::string& hosts, std::string* error) {
    zooscope::client::ClientOptions o;
    o.connectString = hosts;
    auto s = r::Session::connect(o, error);
    if (!s) return nullptr;
    const r::Status st = s->waitConnected(30s);
    if (!st.ok()) {
        *error = st.message;
        return nullptr;
    }
    return s;
}

size_t childCount(r::Session& s, const std::string& path) {
    std::promise<size_t> p;
    auto f = p.get_future();
    s.client().getChildren(path, false, [&p](zooscope::client::Result<std::vector<std::string>> res) {
        p.set_value(res.ok() ? res.value.size() : 0);
    });
    return f.get();
}

}  // namespace

int main(int argc, char** argv) {
    std::string hosts, path = "/bench/lock", layout = "curator";
    int rounds = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i], value = argv[i + 1];
        if (key == "--connect")
            hosts = value;
        else if (key == "--path")
            path = value;
        else if (key == "--layout")
            layout = value;
        else if (key == "--rounds")
            rounds = std::stoi(value);
        else
            return fail("unknown option " + key);
    }
    if (hosts.empty() || (layout != "curator" && layout != "kazoo") || rounds < 1)
        return fail("usage: --connect HOST:PORT [--path P] [--layout curator|kazoo] [--rounds N]");
    spdlog::set_level(spdlog::level::warn);
    std::string error;
    auto a = open(hosts, &error);
    auto b = a ? open(hosts, &error) : nullptr;
    if (!a || !b) return fail("cannot connect to " + hosts + ": " + error);
    const r::LockOptions options{layout == "kazoo" ? r::LockLayout::Kazoo : r::LockLayout::Curator, "bench"};
    r::Lock locks[2] = {r::Lock(*a, path, options), r::Lock(*b, path, options)};
    if (const r::Status st = locks[0].acquire(30s); !st.ok()) return fail("first acquire: " + st.message);
    for (int round = 0; round < rounds; ++round) {
        const int holder = round % 2, waiter = 1 - holder;
        int64_t acquiredAt = 0;
        r::Status got;
        std::thread t([&] {
            got = locks[waiter].acquire(30s);
            acquiredAt = nowNs();
        });
        while (childCount(*a, path) < 2) std::this_thread::sleep_for(1ms);
        std::this_thread::sleep_for(5ms);
        const int64_t releasedAt = nowNs();
        if (const r::Status st = locks[holder].release(); !st.ok()) {
            t.join();
            return fail("release: " + st.message);
        }
        t.join();
        if (!got.ok()) return fail("acquire: " + got.message);
        std::printf("HANDOVER %lld\n", static_cast<long long>(acquiredAt - releasedAt));
    }
    (void)locks[rounds % 2].release();
    std::printf("DONE\n");
    return 0;
}
