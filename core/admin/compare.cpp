// Subtree comparison (see zooscope/admin.h).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "admin/pipeline.h"

namespace zooscope::admin {

std::string_view diffKindName(DiffKind k) {
    switch (k) {
        case DiffKind::OnlyLeft: return "only left";
        case DiffKind::OnlyRight: return "only right";
        case DiffKind::DataDiffers: return "data differs";
        case DiffKind::AclDiffers: return "ACL differs";
        case DiffKind::ModeDiffers: return "mode differs";
    }
    return "unknown";
}

namespace {

std::string relativeOf(const std::string& root, const std::string& path) {
    if (root == "/") return path == "/" ? std::string() : path;
    return path.substr(root.size());
}

std::string describeData(const NodeRecord& n) {
    if (n.isNull) return "null";
    if (n.data.empty()) return "empty";
    return std::to_string(n.data.size()) + " bytes";
}

std::string describeMode(const NodeRecord& n) {
    std::string s(nodeModeName(n.mode));
    if (n.mode == NodeMode::Ttl) s += " " + std::to_string(n.ttlMs) + " ms";
    return s;
}

DiffSide sideOf(const NodeRecord& n) {
    DiffSide s;
    s.present = true;
    s.isNull = n.isNull;
    s.dataSize = n.isNull ? 0 : n.data.size();
    s.mode = n.mode;
    s.ttlMs = n.ttlMs;
    s.acl = n.acl;
    return s;
}

Difference makeDifference(DiffKind kind, const std::string& rel, std::string detail, const NodeRecord* a,
                          const NodeRecord* b) {
    Difference d;
    d.kind = kind;
    d.relativePath = rel;
    d.detail = std::move(detail);
    if (a) d.left = sideOf(*a);
    if (b) d.right = sideOf(*b);
    return d;
}

}  // namespace

std::string aclSummary(const proto::ACLList& acl) {
    std::string s;
    for (const auto& a : acl) {
        if (!s.empty()) s += ", ";
        s += a.id.scheme + ":" + a.id.id + ":";
        static constexpr struct {
            int32_t bit;
            char c;
        } kBits[] = {{proto::perms::kCreate, 'c'}, {proto::perms::kDelete, 'd'}, {proto::perms::kRead, 'r'},
                     {proto::perms::kWrite, 'w'}, {proto::perms::kAdmin, 'a'}};
        for (const auto& b : kBits)
            if (a.perms & b.bit) s += b.c;
    }
    return s;
}

CompareResult compareSnapshots(const Snapshot& left, const Snapshot& right, const CompareOptions& options) {
    CompareResult out;
    out.errors = left.errors;
    out.errors.insert(out.errors.end(), right.errors.begin(), right.errors.end());
    out.cancelled = left.cancelled || right.cancelled;
    std::map<std::string, const NodeRecord*> l, r;
    for (const auto& n : left.nodes)
        if (!(options.ignoreEphemerals && n.mode == NodeMode::Ephemeral)) l[relativeOf(left.root, n.path)] = &n;
    for (const auto& n : right.nodes)
        if (!(options.ignoreEphemerals && n.mode == NodeMode::Ephemeral)) r[relativeOf(right.root, n.path)] = &n;
    out.leftCount = l.size();
    out.rightCount = r.size();
    for (const auto& [rel, a] : l) {
        auto it = r.find(rel);
        if (it == r.end()) {
            out.differences.push_back(makeDifference(DiffKind::OnlyLeft, rel, describeData(*a), a, nullptr));
            continue;
        }
        const NodeRecord* b = it->second;
        if (a->isNull != b->isNull || a->data != b->data) {
            std::string detail = describeData(*a) + " vs " + describeData(*b);
            if (describeData(*a) == describeData(*b)) detail = "same length, different bytes";
            out.differences.push_back(makeDifference(DiffKind::DataDiffers, rel, std::move(detail), a, b));
        }
        if (options.compareAcl && !detail::aclEquivalent(a->acl, b->acl))
            out.differences.push_back(
                makeDifference(DiffKind::AclDiffers, rel, aclSummary(a->acl) + " vs " + aclSummary(b->acl), a, b));
        if (options.compareMode && (a->mode != b->mode || a->ttlMs != b->ttlMs))
            out.differences.push_back(
                makeDifference(DiffKind::ModeDiffers, rel, describeMode(*a) + " vs " + describeMode(*b), a, b));
    }
    for (const auto& [rel, b] : r)
        if (!l.count(rel))
            out.differences.push_back(makeDifference(DiffKind::OnlyRight, rel, describeData(*b), nullptr, b));
    std::stable_sort(out.differences.begin(), out.differences.end(), [](const Difference& x, const Difference& y) {
        return std::tie(x.relativePath, x.kind) < std::tie(y.relativePath, y.kind);
    });
    return out;
}

CompareResult compareSubtrees(client::Client& left, const std::string& leftRoot, client::Client& right,
                              const std::string& rightRoot, const CompareOptions& options, const Control& control) {
    Snapshot a = readSubtree(left, leftRoot, control);
    Snapshot b;
    if (control.cancel.cancelled()) {
        b.root = rightRoot;
        b.cancelled = true;
    } else {
        b = readSubtree(right, rightRoot, control);
    }
    CompareResult out = compareSnapshots(a, b, options);
    spdlog::info("admin: compared {} ({} nodes) with {} ({} nodes): {} differences, {} errors", leftRoot,
                 out.leftCount, rightRoot, out.rightCount, out.differences.size(), out.errors.size());
    return out;
}

}  // namespace zooscope::admin
