#include "monitor/latency_probe.h"

#include "adapter/client_adapter.h"

namespace zooscope::ui {

LatencyProbe::LatencyProbe(ClientAdapter* adapter, QObject* parent) : QObject(parent), adapter_(adapter) {}

void LatencyProbe::measure(Done done) {
    waiting_.push_back(std::move(done));
    if (waiting_.size() > 1) return;  // joins the probe in flight
    clock_.start();
    QPointer<LatencyProbe> self(this);
    const auto deliver = [self](qint64 ms) {
        if (!self) return;
        std::vector<Done> waiting = std::move(self->waiting_);
        self->waiting_.clear();
        for (const Done& d : waiting)
            if (d) d(ms);
    };
    if (!adapter_) {
        QMetaObject::invokeMethod(this, [deliver] { deliver(-1); }, Qt::QueuedConnection);
        return;
    }
    adapter_->exists(QStringLiteral("/"), false, [self, deliver](client::Result<std::optional<proto::Stat>> r) {
        if (self) deliver(r.ok() ? self->clock_.elapsed() : -1);
    });
}

}  // namespace zooscope::ui
