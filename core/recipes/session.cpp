// recipes::Session: the public face of SessionCore.
#include "recipes/session_core.h"

namespace zooscope::recipes {

std::unique_ptr<Session> Session::connect(const client::ClientOptions& options, std::string* error,
                                          client::Callbacks forward) {
    auto core = std::make_shared<detail::SessionCore>();
    if (!core->start(options, std::move(forward), error)) {
        core->close();
        return nullptr;
    }
    return std::unique_ptr<Session>(new Session(std::move(core)));
}

Session::Session(std::shared_ptr<detail::SessionCore> core) : core_(std::move(core)) {}

Session::~Session() { close(); }

Status Session::waitConnected(Timeout timeout, std::stop_token stop) {
    return core_->waitConnected(timeout, std::move(stop));
}

client::Client& Session::client() { return core_->client(); }

client::SessionState Session::state() const { return core_->publishedState(); }

int64_t Session::sessionId() const { return core_->sessionId(); }

int Session::addStateListener(std::function<void(client::SessionState)> listener) {
    return core_->addStateListener(std::move(listener));
}

void Session::removeStateListener(int handle) { core_->removeStateListener(handle); }

void Session::close() { core_->close(); }

}  // namespace zooscope::recipes
