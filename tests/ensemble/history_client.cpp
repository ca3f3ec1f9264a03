// ensemble_history_client: one client of the Jepsen-style history test
// (tst_ensemble_histories). Bound to the one member it is given, it runs for
// --duration-ms and does, one operation at a time, sync-then-read, write
// (setData, version -1) and compare-and-set (setData with the last version
// it saw) on the registers <root>/r0..r<N-1>, and sequential creates under
// <root>-seq; every operation goes to --out as a history line
// (tests/sim/history_file.h) with steady_clock invoke and response times.
//
// An operation whose outcome is unknown (connection loss, timeout, session
// expired or closing) is written as indeterminate for a write; a read with no
// answer constrains nothing and is left out. An expired session is replaced
// by a new one. The client waits while its member does not serve.
//
// Usage: ensemble_history_client --connect HOST:PORT --client N --out FILE
//          [--root /jepsen] [--registers 3] [--duration-ms 20000]
//          [--session-timeout-ms 4000] [--pause-ms 2] [--seed S]
// --pause-ms between operations keeps the history small enough to check.
// Exit status 0 after the run, 2 on bad arguments or an unwritable --out.
#include <zookeeper/zookeeper.h>

#include <array>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <thread>

#include "history_file.h"

using zooscope::sim::RegOp;
using zooscope::sim::SeqCreate;
using Clock = std::chrono::steady_clock;

namespace {

int64_t nowNs() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch()).count();
}

struct Args {
    std::string connect;
    int client = -1;
    std::string out;
    std::string root = "/jepsen";
    int registers = 3;
    int durationMs = 20000;
    int sessionTimeoutMs = 4000;
    int pauseMs = 2;
    uint64_t seed = 0;
};

bool parseArgs(int argc, char** argv, Args* a) {
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string k = argv[i], v = argv[i + 1];
        if (k == "--connect") a->connect = v;
        else if (k == "--client") a->client = std::atoi(v.c_str());
        else if (k == "--out") a->out = v;
        else if (k == "--root") a->root = v;
        else if (k == "--registers") a->registers = std::atoi(v.c_str());
        else if (k == "--duration-ms") a->durationMs = std::atoi(v.c_str());
        else if (k == "--session-timeout-ms") a->sessionTimeoutMs = std::atoi(v.c_str());
        else if (k == "--pause-ms") a->pauseMs = std::atoi(v.c_str());
        else if (k == "--seed") a->seed = std::strtoull(v.c_str(), nullptr, 10);
        else {
            std::fprintf(stderr, "unknown option %s\n", k.c_str());
            return false;
        }
    }
    if (argc % 2 == 0) std::fprintf(stderr, "option %s has no value\n", argv[argc - 1]);
    return argc % 2 == 1 && !a->connect.empty() && a->client >= 0 && !a->out.empty() && a->registers > 0 &&
           a->durationMs > 0;
}

// Only success and these answers say what happened to a write; after any
// other (connection loss, timeout, session expired or moved, closing) it may
// or may not have taken effect.
bool indeterminate(int rc) { return rc != ZOK && rc != ZBADVERSION && rc != ZNONODE && rc != ZNODEEXISTS; }

// One session on the member; replaced when it expires.
class Session {
public:
    Session(std::string hosts, int timeoutMs) : hosts_(std::move(hosts)), timeoutMs_(timeoutMs) { open(); }
    ~Session() {
        if (zh_) zookeeper_close(zh_);
    }

    // Waits until connected (a new session if the old one expired); false
    // when `deadline` passes first.
    zhandle_t* connected(Clock::time_point deadline) {
        for (;;) {
            const int state = zoo_state(zh_);
            if (state == ZOO_CONNECTED_STATE) return zh_;
            if (state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE) {
                zookeeper_close(zh_);
                open();
            }
            if (Clock::now() > deadline) return nullptr;
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    // ZooKeeper's sync, waited for; its result code.
    int sync(const std::string& path) {
        struct Wait {
            std::mutex mu;
            std::condition_variable cv;
            bool done = false;
            int rc = 0;
        } w;
        const int rc = zoo_async(zh_, path.c_str(), [](int rc, const char*, const void* data) {
            auto* w = static_cast<Wait*>(const_cast<void*>(data));
            std::lock_guard lock(w->mu);
            w->rc = rc;
            w->done = true;
            w->cv.notify_all();
        }, &w);
        if (rc != ZOK) return rc;
        std::unique_lock lock(w.mu);
        w.cv.wait(lock, [&] { return w.done; });  // the C client completes every request, at worst at close
        return w.rc;
    }

private:
    void open() { zh_ = zookeeper_init(hosts_.c_str(), nullptr, timeoutMs_, nullptr, nullptr, 0); }

    const std::string hosts_;
    const int timeoutMs_;
    zhandle_t* zh_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
    Args a;
    if (!parseArgs(argc, argv, &a)) {
        std::fprintf(stderr,
                     "usage: ensemble_history_client --connect HOST:PORT --client N --out FILE [--root /jepsen] "
                     "[--registers 3] [--duration-ms 20000] [--session-timeout-ms 4000] [--pause-ms 2] [--seed S]\n");
        return 2;
    }
    FILE* out = std::fopen(a.out.c_str(), "w");
    if (!out) {
        std::perror(a.out.c_str());
        return 2;
    }
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    std::mt19937_64 rng(a.seed ? a.seed : static_cast<uint64_t>(nowNs()) + static_cast<uint64_t>(a.client));
    const auto end = Clock::now() + std::chrono::milliseconds(a.durationMs);
    Session session(a.connect, a.sessionTimeoutMs);
    std::map<std::string, int32_t> lastVersion;  // per register, from this client's reads and writes
    const std::string seqPrefix = a.root + "-seq/n-";
    auto emit = [&](const std::string& line) {
        std::fputs((line + "\n").c_str(), out);
        std::fflush(out);
    };

    for (int64_t n = 0; Clock::now() < end; ++n) {
        if (n > 0) std::this_thread::sleep_for(std::chrono::milliseconds(a.pauseMs));
        zhandle_t* zh = session.connected(end);
        if (!zh) break;
        const std::string value = "c" + std::to_string(a.client) + "-" + std::to_string(n);
        const std::string key = a.root + "/r" + std::to_string(rng() % static_cast<uint64_t>(a.registers));
        const int dice = static_cast<int>(rng() % 100);
        struct Stat st {};
        if (dice < 15) {
            SeqCreate op;
            op.client = a.client;
            op.value = value;
            char name[256];
            op.invoke = nowNs();
            const int rc = zoo_create(zh, seqPrefix.c_str(), value.data(), static_cast<int>(value.size()),
                                      &ZOO_OPEN_ACL_UNSAFE, ZOO_SEQUENCE, name, sizeof name);
            op.response = indeterminate(rc) ? RegOp::kNever : nowNs();
            op.ok = rc == ZOK;
            if (op.ok) op.name = std::strrchr(name, '/') + 1;
            emit(zooscope::sim::formatLine(op));
            continue;
        }
        RegOp op;
        op.client = a.client;
        op.key = key;
        if (dice < 55) {
            op.kind = RegOp::Read;
            op.invoke = nowNs();
            int rc = session.sync(key);
            char buf[256];
            int len = sizeof buf;
            if (rc == ZOK) rc = zoo_get(zh, key.c_str(), 0, buf, &len, &st);
            if (rc != ZOK && rc != ZNONODE) continue;  // no answer: no constraint
            op.response = nowNs();
            op.exists = rc == ZOK;
            if (op.exists) {
                op.readValue.assign(buf, static_cast<size_t>(std::max(len, 0)));
                op.readVersion = st.version;
                lastVersion[key] = st.version;
            }
        } else {
            const bool cas = dice >= 80;
            op.kind = cas ? RegOp::Cas : RegOp::Write;
            op.value = value;
            op.expectVersion = cas ? lastVersion[key] : -1;
            op.invoke = nowNs();
            const int rc = zoo_set2(zh, key.c_str(), value.data(), static_cast<int>(value.size()),
                                    cas ? op.expectVersion : -1, &st);
            op.response = indeterminate(rc) ? RegOp::kNever : nowNs();
            op.ok = rc == ZOK;
            if (!cas) op.expectVersion = 0;
            if (op.ok) lastVersion[key] = st.version;
        }
        emit(zooscope::sim::formatLine(op));
    }
    std::fclose(out);
    return 0;
}
