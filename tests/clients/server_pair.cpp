#include "server_pair.h"

#include <cstdlib>

#include "proto/records.h"
#include "raw_client.h"

namespace zooscope::testing {

std::string startServerPair(ServerPair* pair, const std::string& root) {
    std::string err;
    const char* self = std::getenv("ZS_CONFORMANCE_SELFTEST");
    pair->reference = startApacheZooKeeper({}, &err);
    if (!pair->reference) return "Apache ZooKeeper did not start: " + err;
    EngineOptions engine;
    engine.mode = EngineOptions::Mode::Process;
    pair->candidate = self && std::string(self) == "1" ? startApacheZooKeeper({}, &err) : startEngine(engine, &err);
    if (!pair->candidate) return "the candidate server did not start: " + err;
    for (TestServer* s : {pair->reference.get(), pair->candidate.get()}) {
        RawClient c;
        const RawConnectResult cr = c.connect(s->port());
        if (!cr.ok) return "cannot connect to 127.0.0.1:" + std::to_string(s->port()) + ": " + cr.error;
        const RawReply r = c.call(proto::OpCode::Create,
                                  proto::CreateRequest{root, std::string("root"), proto::openAclUnsafe(), 0});
        if (!r.ok || r.header.err != proto::Err::Ok)
            return "cannot create " + root + ": " + (r.ok ? std::string(proto::errName(r.header.err)) : r.error);
        c.closeSession(2000);
    }
    return {};
}

}  // namespace zooscope::testing
