#include "recipes/recipe_base.h"

#include <spdlog/spdlog.h>

namespace zooscope::recipes::detail {

RecipeBase::RecipeBase(std::shared_ptr<SessionCore> session, std::string path)
    : session_(std::move(session)), path_(std::move(path)), pathProblem_(checkRecipePath(path_)) {}

State RecipeBase::state() const {
    std::lock_guard lock(mu_);
    return shown_;
}

void RecipeBase::setStateListener(StateListener listener) {
    std::lock_guard lock(mu_);
    listener_ = std::move(listener);
}

void RecipeBase::detachListeners() {
    // On the recipe thread this may be inside one of our own listeners
    // (which may destroy the recipe): the recursive mutex lets it through.
    std::lock_guard lock(callMu_);
    detached_ = true;
}

Status RecipeBase::lastError() const {
    std::lock_guard lock(mu_);
    return lastError_;
}

void RecipeBase::setLastError(const Status& s) {
    std::lock_guard lock(mu_);
    lastError_ = s;
}

void RecipeBase::setState(State s) {
    if (s == state_) return;
    state_ = s;
    StateListener listener;
    {
        std::lock_guard lock(mu_);
        shown_ = s;
        listener = listener_;
    }
    spdlog::debug("recipes: {} is {}", path_, stateName(s));
    if (listener) callListener([&] { listener(s); });
}

std::optional<Status> RecipeBase::pathMisuse() const {
    if (pathProblem_.empty()) return std::nullopt;
    return status(Code::Misuse, pathProblem_);
}

namespace {

void findOrCreate(const std::shared_ptr<SessionCore>& session, const std::string& parent, const std::string& name,
                  const std::string& data, proto::CreateMode parentMode, std::function<void(Result<std::string>)> done);

void createOnce(const std::shared_ptr<SessionCore>& session, const std::string& parent, const std::string& name,
                const std::string& data, proto::CreateMode parentMode, std::function<void(Result<std::string>)> done) {
    const uint64_t epoch = session->connectEpoch();
    session->create(childPath(parent, name), data, proto::CreateMode::EphemeralSequential, parentMode,
                    [session, parent, name, data, parentMode, done, epoch](client::Result<client::Created> r) {
                        if (r.ok()) {
                            Result<std::string> out;
                            out.value = nodeName(r.value.path);
                            return done(std::move(out));
                        }
                        if ((r.err == proto::Err::ConnectionLoss || r.err == proto::Err::OperationTimeout) &&
                            !session->terminal()) {
                            // The create may have happened: look for it once back.
                            session->whenConnectedAfter(epoch,
                                                        [session, parent, name, data, parentMode, done](Status s) {
                                                            if (!s.ok()) {
                                                                Result<std::string> out;
                                                                static_cast<Status&>(out) = s;
                                                                return done(std::move(out));
                                                            }
                                                            findOrCreate(session, parent, name, data, parentMode, done);
                                                        });
                            return;
                        }
                        Result<std::string> out;
                        static_cast<Status&>(out) = session->statusFor(r.err, r.message);
                        done(std::move(out));
                    });
}

void findOrCreate(const std::shared_ptr<SessionCore>& session, const std::string& parent, const std::string& name,
                  const std::string& data, proto::CreateMode parentMode,
                  std::function<void(Result<std::string>)> done) {
    session->getChildren(parent, false,
                         [session, parent, name, data, parentMode, done](Result<std::vector<std::string>> r) {
                             if (!r.ok() && r.err != proto::Err::NoNode) {
                                 Result<std::string> out;
                                 static_cast<Status&>(out) = r;
                                 return done(std::move(out));
                             }
                             for (const std::string& child : r.value) {
                                 if (child.compare(0, name.size(), name) == 0) {
                                     spdlog::debug("recipes: found {}/{} after a connection loss", parent, child);
                                     Result<std::string> out;
                                     out.value = child;
                                     return done(std::move(out));
                                 }
                             }
                             createOnce(session, parent, name, data, parentMode, done);
                         });
}

}  // namespace

void readContenders(const std::shared_ptr<SessionCore>& session, const std::string& parent, layout::Scheme scheme,
                    const std::string& what, std::function<void(Result<std::vector<client::ChildRow>>)> done) {
    using Rows = std::vector<client::ChildRow>;
    session->getChildren(parent, false, [session, parent, scheme, what, done](Result<std::vector<std::string>> r) {
        if (r.err == proto::Err::NoNode) return done(Result<Rows>{});
        if (!r.ok()) return done(withStatus<Rows>(r));
        const layout::Ordered o = layout::contenders(scheme, r.value);
        if (!o.problem.empty()) return done(withStatus<Rows>(status(Code::DamagedLayout, what + ": " + o.problem)));
        session->childrenWithData(parent, o.nodes, [done](Result<Rows> rows) {
            if (rows.ok())
                std::erase_if(rows.value, [](const client::ChildRow& row) { return row.err == proto::Err::NoNode; });
            done(std::move(rows));
        });
    });
}

void createSequential(const std::shared_ptr<SessionCore>& session, const std::string& parent, const std::string& name,
                      const std::string& data, proto::CreateMode parentMode,
                      std::function<void(Result<std::string>)> done) {
    createOnce(session, parent, name, data, parentMode, std::move(done));
}

void createEphemeral(const std::shared_ptr<SessionCore>& session, const std::string& path, const std::string& data,
                     proto::CreateMode parentMode, std::function<void(Status)> done) {
    const uint64_t epoch = session->connectEpoch();
    session->create(path, data, proto::CreateMode::Ephemeral, parentMode,
                    [session, path, data, parentMode, done, epoch](client::Result<client::Created> r) {
                        if (r.ok()) return done(Status{});
                        if ((r.err == proto::Err::ConnectionLoss || r.err == proto::Err::OperationTimeout) &&
                            !session->terminal()) {
                            session->whenConnectedAfter(epoch, [session, path, data, parentMode, done](Status s) {
                                if (!s.ok()) return done(s);
                                createEphemeral(session, path, data, parentMode, done);
                            });
                            return;
                        }
                        if (r.err != proto::Err::NodeExists) return done(session->statusFor(r.err, r.message));
                        session->exists(path, false, [session, path, done, r](Result<std::optional<proto::Stat>> e) {
                            if (!e.ok()) return done(e);
                            if (e.value && e.value->ephemeralOwner == session->sessionId()) return done(Status{});
                            // Gone meanwhile, or someone else's.
                            Status s = session->statusFor(r.err, r.message);
                            done(s);
                        });
                    });
}

}  // namespace zooscope::recipes::detail
