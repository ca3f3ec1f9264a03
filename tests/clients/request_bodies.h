// Well-formed request bodies for every opcode, for tests that send raw
// frames (tst_opcode_sweep, the garbage test) and need a valid starting
// point. Pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zooscope::testing {

// A well-formed body for opcode `op`, naming nodes under root/<tag> (root
// itself for reads and watches), so that callers choosing distinct tags do
// not meet each other's nodes. Creates are ephemeral (gone with the session),
// a container or a TTL node. nullopt for the numbers that carry no body:
// ping, whoAmI, closeSession, createSession, and no opcode at all.
std::optional<std::string> wellFormedBody(int32_t op, const std::string& root, const std::string& tag);

}  // namespace zooscope::testing
