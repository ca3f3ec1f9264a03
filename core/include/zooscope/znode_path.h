// zooscope/znode_path.h — the parent of a znode path, the one string helper
// that every layer needs (the tree, storage replay, the request processor,
// the admin jobs and the desktop app). It sits in the public API so that
// proto-, tree- and client-side code can all depend on it: it depends on
// nothing but <string_view>.
//
// Pure, no state: safe from any thread. The path is not validated (see
// proto::validatePath); any string works and the result views it.
#pragma once

#include <string_view>

namespace zooscope {

// Parent of an absolute path: "/a/b" -> "/a", "/a" -> "/", "/" -> "" (the
// root has none), and "" for a string without '/'.
constexpr std::string_view parentOf(std::string_view path) {
    if (path.size() <= 1) return {};
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos) return {};
    return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

}  // namespace zooscope
