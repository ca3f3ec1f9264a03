// ConfigValue: one znode's value, followed with a data watch (or an exists
// watch while it is missing).
#include <spdlog/spdlog.h>

#include "recipes/follower.h"

namespace zooscope::recipes {

namespace detail {

class ValueCore final : public FollowerCore<Value> {
public:
    ValueCore(std::shared_ptr<SessionCore> session, std::string path)
        : FollowerCore<Value>(std::move(session), path, "the value of " + path) {}

    static std::shared_ptr<ValueCore> make(std::shared_ptr<SessionCore> session, std::string path) {
        auto core = std::make_shared<ValueCore>(session, std::move(path));
        session->post([core] { core->session_->addObserver(core); });
        return core;
    }

    void set(std::string data, int32_t version, Callback<int32_t> done) {
        auto self = selfAs<ValueCore>();
        onLoop<int32_t>(
            [self, data = std::move(data), version, done] {
                if (auto misuse = self->pathMisuse()) return done(withStatus<int32_t>(*misuse));
                self->session_->setData(self->path_, data, version, [done](Result<proto::Stat> r) {
                    Result<int32_t> out = withStatus<int32_t>(r);
                    out.value = r.value.version;
                    done(std::move(out));
                });
            },
            done);
    }

private:
    void refresh(uint64_t gen) override {
        std::weak_ptr<ValueCore> weak = selfAs<ValueCore>();
        const auto id = session_->expectWatch(path_, [weak, gen](proto::EventType) {
            if (auto self = weak.lock(); self && self->current(gen)) self->refresh(self->nextGeneration());
        });
        auto self = selfAs<ValueCore>();
        session_->getData(path_, true, [self, gen, id](Result<client::NodeData> r) {
            if (!self->current(gen)) return self->session_->cancelWatch(id);
            if (r.ok()) {
                Value v;
                v.exists = true;
                v.data = std::move(r.value.data);
                v.isNull = r.value.isNull;
                v.version = r.value.stat.version;
                v.stat = r.value.stat;
                return self->publish(v);
            }
            if (r.err != proto::Err::NoNode) {
                self->session_->cancelWatch(id);
                if (r.code == Code::SessionLost || r.code == Code::Closed) return;
                return self->fail(r);
            }
            // Missing: an exists watch catches its creation (same handler).
            self->session_->exists(self->path_, true, [self, gen](Result<std::optional<proto::Stat>> e) {
                if (!self->current(gen) || !e.ok()) return;
                if (e.value) return self->refresh(self->nextGeneration());  // created meanwhile
                self->publish(Value{});
            });
        });
    }

    // A write, or a delete and create, changes mzxid/czxid even when the
    // version comes out the same.
    bool changed(const Value& a, const Value& b) const override {
        return a.exists != b.exists || a.version != b.version || a.stat.mzxid != b.stat.mzxid ||
               a.stat.czxid != b.stat.czxid;
    }
};

}  // namespace detail

ConfigValue::ConfigValue(Session& session, std::string path)
    : core_(detail::ValueCore::make(session.core_, std::move(path))) {}
ConfigValue::~ConfigValue() { core_->shutdown(detail::status(Code::Cancelled, "the value object was destroyed")); }
void ConfigValue::start() { core_->start(); }
void ConfigValue::close() { core_->stop(detail::status(Code::Closed, "the value was closed")); }
std::optional<Value> ConfigValue::current() const { return core_->latest(); }
State ConfigValue::state() const { return core_->state(); }
void ConfigValue::setValueListener(std::function<void(const Value&)> listener) {
    core_->setListener(std::move(listener));
}
void ConfigValue::setStateListener(StateListener listener) { core_->setStateListener(std::move(listener)); }
Result<Value> ConfigValue::awaitValue(Timeout timeout, std::stop_token stop) {
    return detail::waitForCall<Value>(
        *core_->sessionCore(), [&](Callback<Value> cb) { core_->awaitFirst(timeout, std::move(cb)); },
        [&] { core_->cancelAwaits(); }, std::move(stop));
}
void ConfigValue::setAsync(std::string data, int32_t expectedVersion, Callback<int32_t> done) {
    core_->set(std::move(data), expectedVersion, std::move(done));
}

}  // namespace zooscope::recipes
