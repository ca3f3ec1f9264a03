// Pure function; see digest.h for the contract.
#include "proto/digest.h"

#include <openssl/evp.h>

#include <spdlog/spdlog.h>

namespace zooscope::proto {

namespace {

std::string base64(const unsigned char* data, size_t len) {
    std::string out(4 * ((len + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(len));
    out.resize(n > 0 ? static_cast<size_t>(n) : 0);
    return out;
}

}  // namespace

std::string digestOf(std::string_view idPassword) {
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdLen = 0;
    if (EVP_Digest(idPassword.data(), idPassword.size(), md, &mdLen, EVP_sha1(), nullptr) != 1) {
        // Only on a broken libcrypto; an empty digest never equals a stored one.
        spdlog::error("digestOf: SHA-1 unavailable in libcrypto");
        return {};
    }
    const size_t colon = idPassword.find(':');
    std::string out(idPassword.substr(0, colon));
    out += ':';
    out += base64(md, mdLen);
    return out;
}

}  // namespace zooscope::proto
