// The small workload the monitor's fixtures and tests run before they look at
// a server: /app, /app/config ("v1"), an ephemeral sequential /app/lock-N, and
// three watches (data on /app/config, child on /app, exists on /missing),
// through the ZooKeeper C client. The session stays open while the object
// lives, so cons, wchc and friends have something to show. Header-only; used
// by capture_monitor_fixtures and tst_admin_server.
#pragma once

#include <zookeeper/zookeeper.h>

#include <chrono>
#include <string>
#include <thread>

namespace zooscope::testing {

class MonitorWorkload {
public:
    // Connects to `hosts` and sets the watches; creates the nodes first when
    // `create` (a second session on another member only watches). error()
    // says what failed, "" when all went well.
    MonitorWorkload(const std::string& hosts, bool create) {
        using namespace std::chrono_literals;
        zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
        zh_ = zookeeper_init(hosts.c_str(), nullptr, 10000, nullptr, nullptr, 0);
        const auto start = std::chrono::steady_clock::now();
        while (zh_ && zoo_state(zh_) != ZOO_CONNECTED_STATE && std::chrono::steady_clock::now() - start < 20s)
            std::this_thread::sleep_for(20ms);
        if (!zh_ || zoo_state(zh_) != ZOO_CONNECTED_STATE) {
            error_ = "no session to " + hosts;
            return;
        }
        if (create && !(check(zoo_create(zh_, "/app", "", 0, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0), "create /app") &&
                        check(zoo_create(zh_, "/app/config", "v1", 2, &ZOO_OPEN_ACL_UNSAFE, 0, nullptr, 0),
                              "create /app/config") &&
                        check(zoo_create(zh_, "/app/lock-", "me", 2, &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL | ZOO_SEQUENCE,
                                         nullptr, 0),
                              "create /app/lock-")))
            return;
        char buf[64];
        int len = sizeof buf;
        String_vector children{};
        if (!check(zoo_wget(zh_, "/app/config", noop, nullptr, buf, &len, nullptr), "get /app/config") ||
            !check(zoo_wget_children(zh_, "/app", noop, nullptr, &children), "get children of /app"))
            return;
        deallocate_String_vector(&children);
        const int rc = zoo_wexists(zh_, "/missing", noop, nullptr, nullptr);
        if (rc != ZNONODE) error_ = std::string("exists /missing: ") + zerror(rc);
    }
    ~MonitorWorkload() {
        if (zh_) zookeeper_close(zh_);
    }
    MonitorWorkload(const MonitorWorkload&) = delete;
    MonitorWorkload& operator=(const MonitorWorkload&) = delete;

    const std::string& error() const { return error_; }
    // The session id, 0 without a session.
    int64_t sessionId() const {
        const clientid_t* id = zh_ ? zoo_client_id(zh_) : nullptr;
        return id ? id->client_id : 0;
    }

private:
    static void noop(zhandle_t*, int, int, const char*, void*) {}
    bool check(int rc, const std::string& what) {
        if (rc == ZOK) return true;
        error_ = what + ": " + zerror(rc);
        return false;
    }
    zhandle_t* zh_ = nullptr;
    std::string error_;
};

}  // namespace zooscope::testing
