// zooscope/sample_data.h — the one set of sample data ZooScope's engine is
// started with on request: by the desktop app's embedded engine
// (zooscope --embedded, or a first start) and by zooscope-server --sample-data.
// A small picture of what admins keep in ZooKeeper: config nodes in several
// formats (JSON, YAML, XML, .properties, text, binary), a Kafka-like
// broker/topic layout and coordination nodes (locks, election, services).
//
// Data only; each call builds fresh vectors, so any thread may call it.
#pragma once

#include <string>
#include <vector>

#include "zooscope/server.h"
// proto::CreateMode, as zooscope/client.h exposes it.
#include "zooscope/protocol.h"

namespace zooscope {

// The persistent nodes, parents before children, as Server::start seeds them.
std::vector<SeedNode> sampleNodes();

// A node a client session creates after the server is up and holds for as
// long as it lives: `mode` is Ephemeral or EphemeralSequential (then `path` is
// the prefix the server appends the counter to). Every parent is in
// sampleNodes().
struct SampleEphemeral {
    std::string path;
    std::string data;
    proto::CreateMode mode = proto::CreateMode::Ephemeral;
};

// Broker registrations, a controller, a lock holder, election candidates and a
// service instance. Only a host that keeps a session open can offer them (the
// app's embedded engine does; zooscope-server has no session of its own).
std::vector<SampleEphemeral> sampleEphemerals();

}  // namespace zooscope
