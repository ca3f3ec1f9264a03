// EmbeddedEngine: the ZooScope engine started inside the app (zooscope with no
// arguments on first start, or --embedded) on 127.0.0.1, a free port, with
// the sample data of zooscope/sample_data.h: its persistent nodes, plus its
// ephemerals held by a client session this object owns, so they live as long
// as the app.
//
// Ownership: destroying it closes the holder session, then stops the server.
// Threads: create and destroy on one thread (the GUI thread); the server runs
// its own network thread.
#pragma once

#include <memory>
#include <string>

#include "zooscope/client.h"
#include "zooscope/server.h"

namespace zooscope::app {

class EmbeddedEngine {
public:
    // nullptr + *error when the server cannot start. The ephemerals are created
    // asynchronously; failures are logged (the engine is still usable).
    static std::unique_ptr<EmbeddedEngine> start(std::string* error);
    ~EmbeddedEngine();

    std::string connectString() const;

private:
    EmbeddedEngine() = default;
    std::unique_ptr<Server> server_;
    std::unique_ptr<client::Client> holder_;
};

}  // namespace zooscope::app
