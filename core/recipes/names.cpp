// The English names of the recipes' enums (recipes.h).
#include "zooscope/recipes.h"

namespace zooscope::recipes {

std::string_view codeName(Code code) {
    switch (code) {
    case Code::Ok: return "ok";
    case Code::ZooKeeper: return "zookeeper error";
    case Code::TimedOut: return "timed out";
    case Code::Cancelled: return "cancelled";
    case Code::DamagedLayout: return "damaged layout";
    case Code::SessionLost: return "session lost";
    case Code::Closed: return "closed";
    case Code::Misuse: return "misuse";
    }
    return "unknown";
}

std::string_view stateName(State state) {
    switch (state) {
    case State::Idle: return "idle";
    case State::Waiting: return "waiting";
    case State::Held: return "held";
    case State::Suspended: return "suspended";
    case State::Lost: return "lost";
    case State::Failed: return "failed";
    }
    return "unknown";
}

std::string_view layoutName(LockLayout layout) {
    switch (layout) {
    case LockLayout::Curator: return "curator";
    case LockLayout::Kazoo: return "kazoo";
    }
    return "unknown";
}

}  // namespace zooscope::recipes
