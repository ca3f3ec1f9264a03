#include "env/env.h"

#include <chrono>

namespace zooscope {

namespace {
class SystemEnv final : public Env {
public:
    int64_t wallMs() override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
    }
    int64_t monotonicMs() override {
        using namespace std::chrono;
        return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
    }
};
}  // namespace

std::shared_ptr<Env> Env::system() {
    static const std::shared_ptr<Env> env = std::make_shared<SystemEnv>();
    return env;
}

}  // namespace zooscope
