#include "server/outbox.h"

namespace zooscope::server {

Outbox::Outbox(std::function<ClientLink*(uint64_t)> find) : find_(std::move(find)) {}

void Outbox::send(uint64_t linkId, std::string framed) {
    if (holding_) {
        held_.push_back(Held{linkId, std::move(framed), false});
        return;
    }
    if (ClientLink* link = find_(linkId)) link->send(std::move(framed));
}

void Outbox::close(uint64_t linkId) {
    if (holding_) {
        held_.push_back(Held{linkId, {}, true});
        return;
    }
    if (ClientLink* link = find_(linkId)) link->closeAfterFlush();
}

void Outbox::hold() { holding_ = true; }

void Outbox::release() {
    holding_ = false;
    std::vector<Held> out;
    out.swap(held_);
    for (auto& h : out) {
        // Looked up each time: a close may detach its link at once.
        ClientLink* link = find_(h.linkId);
        if (!link) continue;
        if (h.close) link->closeAfterFlush();
        else link->send(std::move(h.framed));
    }
}

void Outbox::discard() {
    holding_ = true;
    held_.clear();
}

}  // namespace zooscope::server
