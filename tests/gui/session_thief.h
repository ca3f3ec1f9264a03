// Expires a ClientAdapter's session the way ZooKeeper's own tests do: attach
// a second client to the same session id and password, then close it.
// Header-only, for the GUI tests (tst_app, tst_session).
//
// The adapter's client takes the session back as soon as the thief takes it
// (each attach closes the other connection, on both servers), so the thief's
// close can land on a connection that already lost the session. Steal and
// close until `expiredSeen` says the owner noticed (it waits with generous
// deadlines; false when it never did).
#pragma once

#include <QtTest>

#include <functional>
#include <string>

#include "adapter/client_adapter.h"

namespace zooscope::testing {

inline bool stealAndExpireSession(ui::ClientAdapter* adapter, const std::string& connectString, int sessionTimeoutMs,
                                  const std::function<bool()>& expiredSeen) {
    client::ClientOptions o;
    o.connectString = connectString;
    o.sessionTimeout = std::chrono::milliseconds(sessionTimeoutMs);
    o.resume = adapter->sessionCredentials();
    for (int attempt = 0; attempt < 5 && !expiredSeen(); ++attempt) {
        std::string err;
        auto thief = client::Client::connect(o, {}, &err);
        if (!thief) return false;
        // Whatever the thief ends in, closing it is the next step.
        (void)QTest::qWaitFor([&] { return thief->state() == client::SessionState::Connected ||
                                     thief->state() == client::SessionState::Reconnected ||
                                     thief->state() == client::SessionState::Expired; },
                        15000);
        thief->close();
        if (QTest::qWaitFor(expiredSeen, 5000)) break;
    }
    return QTest::qWaitFor(expiredSeen, 30000);
}

}  // namespace zooscope::testing
