// A ZooKeeper C client session for the conformance suite, recording
// everything it observes as transcript lines.
//
// Threads: the C client (zookeeper_mt) calls watchers and async completions
// on its completion thread, in the order the server's replies and
// notifications arrived; those callbacks only append to a mutex-guarded
// queue. Everything else runs on the test thread.
#pragma once

#include <zookeeper/zookeeper.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace zooscope::conformance {

// "ZOK", "ZNONODE", ... for a C client return code; "Z<n>" if unknown.
std::string rcName(int rc);
std::string eventTypeName(int type);
std::string stateName(int state);

// Owns the strings behind a C-client ACL_vector.
class AclList {
public:
    AclList() = default;
    AclList(std::initializer_list<std::tuple<int, std::string, std::string>> entries);
    AclList(const AclList& other);
    AclList& operator=(const AclList&) = delete;
    void add(int perms, std::string scheme, std::string id);
    ACL_vector* vector();

private:
    std::deque<std::string> strings_;
    std::vector<ACL> acls_;
    ACL_vector vec_{};
};

class Session {
public:
    // Connects to `hosts`; returns once the session is connected or
    // connectTimeoutMs passed (check state()). `clientId` reconnects an
    // existing session.
    Session(std::string label, const std::string& hosts, int sessionTimeoutMs,
            const clientid_t* clientId = nullptr, int connectTimeoutMs = 10000);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const std::string& label() const { return label_; }
    zhandle_t* zh() const { return zh_; }
    int state() const;
    int64_t sessionId() const;
    clientid_t clientId() const;

    // A watcher context whose events are recorded under `tag`.
    struct WatchTag {
        Session* session;
        std::string tag;
    };
    WatchTag* tag(const std::string& name);
    static void watcherFn(zhandle_t* zh, int type, int state, const char* path, void* ctx);

    // Waits until every notification the server sent before now has been
    // delivered (an async round trip through the same ordered queue), then
    // returns and clears the node-watch events seen so far.
    std::vector<std::string> drainEvents(int timeoutMs = 10000);

    // Session-state changes seen by the default watcher ("CONNECTED", ...),
    // and waiting for one of them.
    bool waitState(int state, int timeoutMs);
    std::vector<std::string> sessionStates();

    // zoo_add_auth, waiting for the server's answer.
    int addAuth(const std::string& scheme, const std::string& cert, int timeoutMs = 10000);
    // zoo_async (the sync opcode), waiting for the completion.
    int sync(const std::string& path, std::string* returnedPath, int timeoutMs = 10000);

    // Closes the session (zookeeper_close); idempotent. Returns its rc.
    int close();

private:
    void push(std::string event);
    static void barrierDone(int rc, const Stat* stat, const void* data);
    static void voidDone(int rc, const void* data);
    static void stringDone(int rc, const char* value, const void* data);

    std::string label_;
    zhandle_t* zh_ = nullptr;
    std::list<WatchTag> tags_;  // stable addresses for the C client's contexts
    WatchTag defaultTag_;

    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::vector<std::string> events_;   // GUARDED_BY(mu_)
    std::vector<int> states_;           // GUARDED_BY(mu_)
    int barriersDone_ = 0;              // GUARDED_BY(mu_)
    int barriersSent_ = 0;              // test thread only
    std::optional<int> completionRc_;   // GUARDED_BY(mu_)
    std::string completionValue_;       // GUARDED_BY(mu_)
};

}  // namespace zooscope::conformance
