// zoo.cfg (zooscope/config.h parseZooCfg) as the engine and the ensemble
// launcher read it, then the check that decides standalone or ensemble
// (server/quorum_state.h isEnsemble).
//
// Input: the text of a zoo.cfg (seeds: Debian's and ZooKeeper's sample
// configurations, the ones the test harness and the ensemble launcher write).
// Checked: a refusal says why; an accepted file has the numbers the engine
// divides and sleeps by in range.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.h"
#include "server/quorum_state.h"
#include "zooscope/config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    const std::optional<zooscope::ServerConfig> config =
        zooscope::parseZooCfg(std::string(zooscope::fuzz::bytesOf(data, size)), &error);
    if (!config) {
        ZS_FUZZ_CHECK(!error.empty());
        return 0;
    }
    ZS_FUZZ_CHECK(config->tickTime > 0);
    std::string ensembleError;
    zooscope::server::isEnsemble(*config, &ensembleError);
    return 0;
}
