#include "storage/tree_dump.h"

#include <algorithm>
#include <set>
#include <vector>

namespace zooscope::storage {

namespace {
std::string escaped(std::string_view s) {
    std::string out;
    static const char* kHex = "0123456789abcdef";
    for (unsigned char c : s) {
        if (c >= 0x20 && c < 0x7f && c != '\\') {
            out.push_back(char(c));
        } else {
            out += "\\x";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
        }
    }
    return out;
}
}  // namespace

std::string dumpTree(const tree::DataTree& t) {
    std::string out;
    std::set<int64_t> owners;
    std::vector<std::string> stack{"/"};
    while (!stack.empty()) {
        std::string path = std::move(stack.back());
        stack.pop_back();
        const tree::Node* n = t.find(path);
        if (!n) {
            out += path + " MISSING\n";
            continue;
        }
        const proto::Stat s = n->stat();
        out += path + (n->dataIsNull() ? " null" : " data=" + escaped(n->data())) + " acl=";
        for (const auto& a : *t.aclOf(*n)) out += std::to_string(a.perms) + ":" + a.id.scheme + ":" + a.id.id + ",";
        out += " stat=" + std::to_string(s.czxid) + "," + std::to_string(s.mzxid) + "," + std::to_string(s.ctime) +
               "," + std::to_string(s.mtime) + "," + std::to_string(s.version) + "," + std::to_string(s.cversion) +
               "," + std::to_string(s.aversion) + "," + std::to_string(s.ephemeralOwner) + "," +
               std::to_string(s.dataLength) + "," + std::to_string(s.numChildren) + "," + std::to_string(s.pzxid) +
               "\n";
        if (tree::ephemeral::isSessionOwned(s.ephemeralOwner)) owners.insert(s.ephemeralOwner);
        // Name order whatever order the tree keeps children in.
        std::vector<std::string> names = t.childNames(*n);
        std::sort(names.begin(), names.end());
        for (auto it = names.rbegin(); it != names.rend(); ++it)
            stack.push_back(path == "/" ? "/" + *it : path + "/" + *it);
    }
    for (int64_t o : owners) {
        out += "ephemerals " + std::to_string(o) + ":";
        for (const auto& p : t.ephemeralsOf(o)) out += " " + p;
        out += "\n";
    }
    out += "containers:";
    for (const auto& p : t.containers()) out += " " + p;
    out += "\nttls:";
    for (const auto& p : t.ttls()) out += " " + p;
    out += "\nnodes=" + std::to_string(t.nodeCount()) + " ephemerals=" + std::to_string(t.ephemeralCount()) +
           " size=" + std::to_string(t.approximateDataSize()) + "\n";
    return out;
}

}  // namespace zooscope::storage
