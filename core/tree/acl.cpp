// Pure functions; see acl.h for the contract.
#include "tree/acl.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>

#include <spdlog/spdlog.h>

#include "proto/digest.h"
#include "proto/path_utils.h"

namespace zooscope::tree {

namespace {

// Number of pieces Java's s.split(String.valueOf(sep)) returns: trailing
// empty pieces are dropped, and "" gives one piece.
size_t javaSplitCount(std::string_view s, char sep) {
    if (s.empty()) return 1;
    std::vector<std::string_view> parts;
    size_t start = 0;
    for (;;) {
        const size_t p = s.find(sep, start);
        if (p == std::string_view::npos) {
            parts.push_back(s.substr(start));
            break;
        }
        parts.push_back(s.substr(start, p - start));
        start = p + 1;
    }
    while (!parts.empty() && parts.back().empty()) parts.pop_back();
    return parts.size();
}

// Integer.parseInt: optional sign, at least one ASCII digit, fits in int32.
std::optional<int32_t> parseJavaInt(std::string_view s) {
    if (s.empty()) return std::nullopt;
    bool negative = false;
    if (s.front() == '+' || s.front() == '-') {
        negative = s.front() == '-';
        s.remove_prefix(1);
        if (s.empty()) return std::nullopt;
    }
    int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
        if (v > int64_t{INT32_MAX} + 1) return std::nullopt;
    }
    if (negative) v = -v;
    if (v > INT32_MAX || v < INT32_MIN) return std::nullopt;
    return static_cast<int32_t>(v);
}

struct IpBytes {
    std::array<uint8_t, 16> b{};
    size_t len = 0;  // 4 or 16
};

// IPv4 as IPAuthenticationProvider.v4addr2Bytes reads it: exactly four
// dot-separated Integer.parseInt values in 0..255 ("010" and "+1" included).
std::optional<IpBytes> parseV4(std::string_view s) {
    IpBytes out;
    out.len = 4;
    size_t start = 0;
    for (size_t i = 0; i < 4; ++i) {
        const size_t dot = s.find('.', start);
        const bool last = i == 3;
        if (last != (dot == std::string_view::npos)) return std::nullopt;
        const std::string_view part = last ? s.substr(start) : s.substr(start, dot - start);
        const auto v = parseJavaInt(part);
        if (!v || *v < 0 || *v > 255) return std::nullopt;
        out.b[i] = static_cast<uint8_t>(*v);
        start = dot + 1;
    }
    return out;
}

std::optional<IpBytes> parseV6(std::string_view s) {
    if (s.size() >= INET6_ADDRSTRLEN) return std::nullopt;
    char buf[INET6_ADDRSTRLEN] = {};
    std::memcpy(buf, s.data(), s.size());
    IpBytes out;
    out.len = 16;
    if (inet_pton(AF_INET6, buf, out.b.data()) != 1) return std::nullopt;
    return out;
}

// addr2Bytes: an address with ':' is IPv6, else one with '.' is IPv4.
std::optional<IpBytes> parseAddr(std::string_view s) {
    if (s.find(':') != std::string_view::npos) return parseV6(s);
    if (s.find('.') != std::string_view::npos) return parseV4(s);
    return std::nullopt;
}

// The connection's own address, as Java's InetAddress would hold it.
std::optional<IpBytes> parseClientAddr(std::string_view s) {
    if (const size_t pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct);
    auto a = parseAddr(s);
    if (a && a->len == 16) {
        static constexpr std::array<uint8_t, 12> kMapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::equal(kMapped.begin(), kMapped.end(), a->b.begin())) {
            IpBytes v4;
            v4.len = 4;
            std::copy(a->b.begin() + 12, a->b.end(), v4.b.begin());
            return v4;
        }
    }
    return a;
}

struct IpExpr {
    IpBytes addr;
    int32_t bits = 0;
};

// "addr" or "addr/bits" (split at the first '/'), bits in 0..len*8.
std::optional<IpExpr> parseIpExpr(std::string_view expr) {
    const size_t slash = expr.find('/');
    auto addr = parseAddr(expr.substr(0, slash));
    if (!addr) return std::nullopt;
    IpExpr out{*addr, static_cast<int32_t>(addr->len * 8)};
    if (slash != std::string_view::npos) {
        const auto bits = parseJavaInt(expr.substr(slash + 1));
        if (!bits || *bits < 0 || *bits > out.bits) return std::nullopt;
        out.bits = *bits;
    }
    return out;
}

bool prefixEqual(const IpBytes& a, const IpBytes& b, int32_t bits) {
    for (size_t i = 0; i < a.len && bits > 0; ++i, bits -= 8) {
        const uint8_t mask = bits >= 8 ? 0xff : static_cast<uint8_t>(0xff << (8 - bits));
        if ((a.b[i] & mask) != (b.b[i] & mask)) return false;
    }
    return true;
}

bool isWorldAnyone(const proto::Id& id) { return id.scheme == "world" && id.id == "anyone"; }

// AuthenticationProvider.isAuthenticated, for the providers in this build.
bool isAuthenticatedScheme(std::string_view scheme) { return scheme == "digest"; }

}  // namespace

AuthResult authenticate(std::string_view scheme, std::string_view authData, const AuthContext& ctx) {
    AuthResult r;
    if (scheme == "digest") {
        const std::string digest = proto::digestOf(proto::javaUtf8RoundTrip(authData));
        if (digest.empty()) return r;
        r.ok = true;
        r.superUser = !ctx.superDigest.empty() && digest == ctx.superDigest;
        r.id = proto::Id{"digest", digest};
    } else if (scheme == "ip") {
        r.ok = true;
        r.id = proto::Id{"ip", std::string(ctx.clientAddress)};
    }
    return r;
}

bool addAuthId(std::vector<proto::Id>& sessionIds, proto::Id id) {
    if (std::find(sessionIds.begin(), sessionIds.end(), id) != sessionIds.end()) return false;
    sessionIds.push_back(std::move(id));
    return true;
}

bool ipMatches(std::string_view clientAddress, std::string_view aclExpr) {
    const auto expr = parseIpExpr(aclExpr);
    if (!expr) return false;
    const auto client = parseClientAddr(clientAddress);
    if (!client || client->len != expr->addr.len) return false;
    return prefixEqual(*client, expr->addr, expr->bits);
}

bool isValidAclId(const proto::Id& id) {
    if (id.scheme == "world") return id.id == "anyone";
    if (id.scheme == "digest") return javaSplitCount(id.id, ':') == 2;
    if (id.scheme == "ip") return parseIpExpr(id.id).has_value();
    return false;
}

bool checkPermission(const proto::ACLList& acl, int32_t perm, const std::vector<proto::Id>& ids,
                     std::string_view superDigest) {
    if (acl.empty()) return true;
    for (const proto::Id& held : ids) {
        if (held.scheme == "super") return true;
        if (!superDigest.empty() && held.scheme == "digest" && held.id == superDigest) return true;
    }
    for (const proto::ACL& entry : acl) {
        if ((entry.perms & perm) == 0) continue;
        if (isWorldAnyone(entry.id)) return true;
        for (const proto::Id& held : ids) {
            if (held.scheme != entry.id.scheme) continue;
            if (held.scheme == "digest" && held.id == entry.id.id) return true;
            if (held.scheme == "ip" && ipMatches(held.id, entry.id.id)) return true;
        }
    }
    return false;
}

FixupResult fixupAcl(const proto::ACLList& in, const std::vector<proto::Id>& sessionIds) {
    FixupResult r;
    auto invalid = [&r](std::string why) {
        r.err = proto::Err::InvalidACL;
        r.acl.clear();
        r.detail = std::move(why);
        spdlog::debug("fixupAcl: {}", r.detail);
        return r;
    };
    if (in.empty()) return invalid("empty ACL");

    proto::ACLList unique;
    unique.reserve(in.size());
    for (const proto::ACL& a : in) {
        if (std::find(unique.begin(), unique.end(), a) == unique.end()) unique.push_back(a);
    }

    for (const proto::ACL& a : unique) {
        if (isWorldAnyone(a.id)) {
            r.acl.push_back(a);
        } else if (a.id.scheme == "auth") {
            bool any = false;
            for (const proto::Id& held : sessionIds) {
                if (!isAuthenticatedScheme(held.scheme)) continue;
                any = true;
                r.acl.push_back(proto::ACL{a.perms, held});
            }
            if (!any) return invalid("\"auth\" ACL but the session has no authenticated id");
        } else if (!isValidAclId(a.id)) {
            return invalid("invalid id " + a.id.scheme + ":" + a.id.id);
        } else {
            r.acl.push_back(a);
        }
    }
    return r;
}

}  // namespace zooscope::tree
