// The recipe layout readers (recipes/layout.h): how Curator's and kazoo's
// lock, latch and read-write lock nodes are recognised, ordered and judged
// from a listing of a recipe path - a tree anyone with write access can fill
// with names of their own.
//
// Input: byte 0 picks the scheme (low 3 bits), whether the read lock owns the
// write lock (bit 3) and which child is ours (the rest, modulo the count,
// one more meaning none); the rest is the children, one name per line
// (seeds: listings written by hand in the names layout.h documents for
// Curator 5.4 and kazoo 2.8 - mutex, latch, read-write lock, kazoo lock,
// a sequence past overflow - with junk and the other library's nodes).
//
// Checked: librarySort gives a permutation of the children (Curator) or of
// the ones the scheme recognises (kazoo); decide() answers Missing exactly
// when ours is not sorted in, Waits names another sorted child, Damaged says
// why; contenders() lists only the scheme's nodes, in the library's order.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "recipes/layout.h"

namespace layout = zooscope::recipes::layout;
using layout::Decision;
using layout::Scheme;

namespace {

constexpr Scheme kSchemes[] = {Scheme::CuratorMutex, Scheme::CuratorLatch, Scheme::CuratorRead, Scheme::CuratorWrite,
                               Scheme::KazooLock};

bool isCurator(Scheme s) { return s != Scheme::KazooLock; }

std::vector<std::string> sortedCopy(std::vector<std::string> v) {
    std::sort(v.begin(), v.end());
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    const Scheme scheme = kSchemes[(data[0] & 7) % std::size(kSchemes)];
    const bool ownsWrite = data[0] & 8;
    std::vector<std::string> children;
    std::string_view rest = zooscope::fuzz::bytesOf(data + 1, size - 1);
    while (!rest.empty()) {
        const size_t nl = rest.find('\n');
        children.emplace_back(rest.substr(0, nl));
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    }
    const size_t pick = size_t(data[0] >> 4) % (children.size() + 1);
    const std::string ours = pick < children.size() ? children[pick] : std::string("not-a-child");

    const std::vector<std::string> sorted = layout::librarySort(scheme, children);
    std::vector<std::string> expected;
    for (const std::string& c : children) {
        if (isCurator(scheme) || layout::isSchemeNode(scheme, c)) expected.push_back(c);
    }
    ZS_FUZZ_CHECK(sortedCopy(sorted) == sortedCopy(expected));

    const Decision d = layout::decide(scheme, children, ours, ownsWrite);
    const bool sortedIn = std::find(sorted.begin(), sorted.end(), ours) != sorted.end();
    switch (d.kind) {
    case Decision::Kind::Missing: ZS_FUZZ_CHECK(!sortedIn); break;
    case Decision::Kind::Holds: ZS_FUZZ_CHECK(sortedIn); break;
    case Decision::Kind::Waits:
        ZS_FUZZ_CHECK(sortedIn);
        ZS_FUZZ_CHECK(std::find(sorted.begin(), sorted.end(), d.watch) != sorted.end());
        break;
    case Decision::Kind::Damaged: ZS_FUZZ_CHECK(!d.problem.empty()); break;
    }

    const layout::Ordered o = layout::contenders(scheme, children);
    if (!o.problem.empty()) {
        ZS_FUZZ_CHECK(o.nodes.empty());
        return 0;
    }
    size_t at = 0;  // o.nodes is a subsequence of the library's order
    for (const std::string& n : o.nodes) {
        ZS_FUZZ_CHECK(layout::isSchemeNode(scheme, n));
        while (at < sorted.size() && sorted[at] != n) ++at;
        ZS_FUZZ_CHECK(at < sorted.size());
        ++at;
    }
    return 0;
}
