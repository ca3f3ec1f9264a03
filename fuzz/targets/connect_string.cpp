// The connect string reader (zooscope/client.h parseConnectString): what a
// user types or a profile stores, read before the app connects.
//
// Input: a connect string (seeds: written by hand: one and three servers,
// chroots, IPv6, and the refusals tst_client_text lists). Checked: a refusal says why, as a sentence and as a code; an
// accepted string has a host, ports in 1-65535 and a chroot that is "" or an
// absolute path without a trailing '/', and written out again
// ("host:port,...[chroot]", an IPv6 host in brackets) it reads back the
// same.
#include <cstdint>
#include <optional>
#include <string>

#include "fuzz_support.h"
#include "zooscope/client.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string error;
    zooscope::client::ConnectStringProblem problem;
    const std::optional<zooscope::client::ConnectString> cs =
        zooscope::client::parseConnectString(zooscope::fuzz::bytesOf(data, size), &error, &problem);
    if (!cs) {
        ZS_FUZZ_CHECK(!error.empty());
        ZS_FUZZ_CHECK(problem.code != zooscope::client::ConnectStringError::None);
        return 0;
    }
    ZS_FUZZ_CHECK(!cs->hosts.empty());
    std::string again;
    for (const auto& h : cs->hosts) {
        ZS_FUZZ_CHECK(h.port >= 1);
        const bool v6 = h.host.find(':') != std::string::npos;  // written back in brackets
        again += (again.empty() ? "" : ",") + (v6 ? "[" + h.host + "]" : h.host) + ":" + std::to_string(h.port);
    }
    if (!cs->chroot.empty()) {
        ZS_FUZZ_CHECK(cs->chroot.front() == '/' && cs->chroot.back() != '/');
        again += cs->chroot;
    }
    std::string error2;
    const std::optional<zooscope::client::ConnectString> back = zooscope::client::parseConnectString(again, &error2);
    ZS_FUZZ_CHECK(back.has_value());
    ZS_FUZZ_CHECK(back->chroot == cs->chroot && back->hosts == cs->hosts);
    return 0;
}
