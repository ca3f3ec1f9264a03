// Placeholder until the network server lands: start() reports that the engine
// is not built yet, so harness code can be written against the real API.
#include "zooscope/server.h"

namespace zooscope {
std::unique_ptr<Server> Server::start(const ServerConfig&, std::string* error) {
    if (error) *error = "the engine's network server is not built yet";
    return nullptr;
}
}  // namespace zooscope
