// blockingCall: runs one asynchronous zooscope::client call and waits for its
// callback, for tests that drive a second ("other") client synchronously.
// Never call it on a thread the callback needs (the client's own threads).
// A callback that does not come within `wait` is reported as
// OperationTimeout with a message, so a QCOMPARE on the result shows why.
#pragma once

#include <chrono>
#include <future>
#include <memory>

#include "zooscope/client.h"

namespace zooscope::testing {

template <class T, class Submit>
client::Result<T> blockingCall(Submit&& submit, std::chrono::milliseconds wait = std::chrono::seconds(30)) {
    auto p = std::make_shared<std::promise<client::Result<T>>>();
    auto f = p->get_future();
    submit([p](client::Result<T> r) { p->set_value(std::move(r)); });
    if (f.wait_for(wait) != std::future_status::ready) {
        client::Result<T> r;
        r.err = proto::Err::OperationTimeout;
        r.message = "test: no callback within the wait";
        return r;
    }
    return f.get();
}

}  // namespace zooscope::testing
