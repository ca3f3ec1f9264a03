#include "server/outbox.h"

namespace zooscope::server {

Outbox::Outbox(std::function<ClientLink*(uint64_t)> find) : find_(std::move(find)) {}

void Outbox::send(uint64_t linkId, std::string framed) {
    if (stopped_) return;
    if (ClientLink* link = find_(linkId)) link->send(std::move(framed));
}

void Outbox::close(uint64_t linkId) {
    if (stopped_) return;
    if (ClientLink* link = find_(linkId)) link->closeAfterFlush();
}

}  // namespace zooscope::server
