// Helpers shared by the recipe tests (tst_recipes, tst_recipes_interop):
// sessions that wait until connected, a recorder of recipe states, plain
// synchronous calls on a session's client, and ending a session from the
// outside (another handle attaches with its credentials and closes it, which
// the holder learns as Suspended, then Expired: ZooKeeper's way to lose a
// session without waiting out its timeout).
// Everything here runs on the test's thread, except StateLog's callbacks.
#pragma once

#include <QtTest>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "blocking_call.h"
#include "test_support.h"
#include "zooscope/recipes.h"

namespace zooscope::recipetests {

using namespace std::chrono_literals;
namespace recipes = zooscope::recipes;

constexpr auto kWait = 30s;

inline std::unique_ptr<recipes::Session> openSession(const std::string& connect,
                                                     std::chrono::milliseconds sessionTimeout = 20s) {
    client::ClientOptions o;
    o.connectString = connect;
    o.sessionTimeout = sessionTimeout;
    std::string err;
    auto s = recipes::Session::connect(o, &err);
    if (!s) {
        qWarning("recipe session refused: %s", err.c_str());
        return nullptr;
    }
    const recipes::Status st = s->waitConnected(kWait);
    if (!st.ok()) {
        qWarning("recipe session never connected: %s", st.message.c_str());
        return nullptr;
    }
    return s;
}

// Every State a recipe reported, for waiting on and for asserting order.
class StateLog {
public:
    recipes::StateListener listener() {
        return [this](recipes::State s) {
            std::lock_guard l(mu_);
            states_.push_back(s);
            cv_.notify_all();
        };
    }
    // Waits until `s` was reported at or after index `from`.
    bool wait(recipes::State s, size_t from = 0, std::chrono::milliseconds limit = kWait) {
        std::unique_lock l(mu_);
        return cv_.wait_for(l, limit, [&] {
            for (size_t i = from; i < states_.size(); ++i)
                if (states_[i] == s) return true;
            return false;
        });
    }
    size_t size() {
        std::lock_guard l(mu_);
        return states_.size();
    }
    std::vector<recipes::State> copy() {
        std::lock_guard l(mu_);
        return states_;
    }
    QString text() {
        QStringList out;
        for (recipes::State s : copy()) out << QString::fromUtf8(recipes::stateName(s).data());
        return out.join(QStringLiteral(" -> "));
    }

private:
    std::mutex mu_;
    std::condition_variable cv_;
    std::vector<recipes::State> states_;
};

// Plain synchronous operations on a session's client.
template <class T, class Submit>
client::Result<T> call(Submit&& submit) {
    return testing::blockingCall<T>(std::forward<Submit>(submit), kWait);
}

inline client::Result<client::Created> createNode(recipes::Session& s, const std::string& path, const std::string& data,
                                                  proto::CreateMode mode = proto::CreateMode::Persistent) {
    client::CreateOptions o;
    o.mode = mode;
    return call<client::Created>([&](auto cb) { s.client().create(path, data, o, cb); });
}

inline std::vector<std::string> childrenOf(recipes::Session& s, const std::string& path) {
    auto r = call<std::vector<std::string>>([&](auto cb) { s.client().getChildren(path, false, cb); });
    std::sort(r.value.begin(), r.value.end());
    return r.value;
}

inline client::Result<client::NodeData> readNode(recipes::Session& s, const std::string& path) {
    return call<client::NodeData>([&](auto cb) { s.client().getData(path, false, cb); });
}

inline bool nodeExists(recipes::Session& s, const std::string& path) {
    const auto r = call<std::optional<proto::Stat>>([&](auto cb) { s.client().exists(path, false, cb); });
    return r.ok() && r.value.has_value();
}

// One attempt: a second handle attaches with the victim's credentials
// (directly to `server`) and closes the session. "" or why not.
inline std::string closeSessionFromOutside(const std::string& server, const client::SessionCredentials& creds) {
    client::ClientOptions o;
    o.connectString = server;
    o.sessionTimeout = 20s;
    o.resume = creds;
    // The victim's client reconnects at once and may take the session back
    // (each attach moves it), so the killer closes as soon as it was in.
    std::mutex mu;
    std::condition_variable cv;
    bool attached = false, ended = false;
    client::Callbacks cbs;
    cbs.onState = [&](client::SessionState s) {
        std::lock_guard l(mu);
        attached = attached || s == client::SessionState::Connected;
        ended = ended || client::isTerminal(s);
        cv.notify_all();
    };
    std::string err;
    auto killer = client::Client::connect(o, cbs, &err);
    if (!killer) return "killer refused: " + err;
    bool connected;
    {
        std::unique_lock l(mu);
        cv.wait_for(l, kWait, [&] { return attached || ended; });
        connected = attached;
    }
    if (!connected) return "the killer could not attach to the session";
    if (killer->sessionId() != creds.sessionId) return "the killer got another session";
    killer->close();
    return {};
}

// Ends `victim`'s session from outside. The victim must reach the server
// only through `route`: the relay is blocked (so the victim cannot take its
// session back), the session is closed, the relay opens again, and the
// victim learns on reconnecting that its session expired. "" or why not.
inline std::string killSession(const std::string& server, recipes::Session& victim, testing::TcpProxy& route) {
    const client::SessionCredentials creds = victim.client().sessionCredentials();
    for (int attempt = 0; attempt < 3; ++attempt) {
        route.block();
        const std::string err = closeSessionFromOutside(server, creds);
        route.unblock();
        if (!err.empty()) return err;
        for (int i = 0; i < 200 && victim.state() != client::SessionState::Expired; ++i) QTest::qWait(50);
        if (victim.state() == client::SessionState::Expired) return {};
    }
    return "the victim never saw its session expire";
}

// Polls fn() until it is true, up to kWait.
template <class Fn>
bool eventually(Fn&& fn) {
    for (int i = 0; i < 600; ++i) {
        if (fn()) return true;
        QTest::qWait(50);
    }
    return fn();
}

// Waits until `path` has `n` children.
inline bool eventuallyCount(recipes::Session& s, const std::string& path, size_t n) {
    return eventually([&] { return childrenOf(s, path).size() == n; });
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace zooscope::recipetests
