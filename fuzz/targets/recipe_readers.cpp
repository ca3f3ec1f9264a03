// The recipe readers of core/readers (zooscope/recipe_readers.h readNode,
// joinSemaphoreQueues; zooscope/partition_readers.h readPartitions): what
// zooscope-ctl locks|elections|partitions and the coordination views make of
// a tree anyone with write access can fill with names, data and sessions of
// their own (Curator, kazoo, ZooKeeper's recipes, the stream job, Kafka).
//
// Input: byte 0 picks the reader (even: readNode on the root and on each
// child with children, then joinSemaphoreQueues; odd: readPartitions of the
// recipe (byte 0 >> 1) % 3); the rest is the tree, one node per line:
// "relative/path<TAB>owner<TAB>data" (owner: the ephemeralOwner in decimal,
// its ctime is the line number; an empty path is the root's own data).
// Seeds: trees in the layouts the readers know, written by hand from
// tests/readers and the libraries' sources.
//
// Checked: nothing is invented: every contender named is a child of the node
// it was read from, with that child's session, and none is both holder and
// waiter; joining semaphore queues never adds an item; readPartitions names
// only live Kafka brokers as leaders, with a skew for each, and puts only
// known items in its lists.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "zooscope/partition_readers.h"
#include "zooscope/recipe_readers.h"

namespace rd = zooscope::readers;

namespace {

rd::LoadedNode parseTree(std::string_view text) {
    rd::LoadedNode root;
    int64_t line = 0;
    while (!text.empty()) {
        const size_t nl = text.find('\n');
        std::string_view l = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
        ++line;
        const size_t t1 = l.find('\t');
        const std::string_view path = l.substr(0, t1);
        std::string_view rest = t1 == std::string_view::npos ? std::string_view() : l.substr(t1 + 1);
        const size_t t2 = rest.find('\t');
        const std::string_view owner = rest.substr(0, t2);
        const std::string_view data = t2 == std::string_view::npos ? std::string_view() : rest.substr(t2 + 1);
        rd::LoadedNode* node = &root;
        size_t at = 0;
        while (at < path.size()) {
            const size_t slash = path.find('/', at);
            const std::string name(path.substr(at, slash - at));
            at = slash == std::string_view::npos ? path.size() : slash + 1;
            if (!name.empty()) node = &node->children[name];
        }
        node->data.assign(data);
        int64_t o = 0;
        for (const char c : owner)
            if (c >= '0' && c <= '9' && o < (INT64_MAX - 9) / 10) o = o * 10 + (c - '0');
        node->stat.ephemeralOwner = o;
        node->stat.ctime = line;
        node->stat.numChildren = static_cast<int32_t>(node->children.size());
    }
    return root;
}

rd::NodeView viewOf(const std::string& path, const rd::LoadedNode& node) {
    rd::NodeView v{path, node.data, {}};
    for (const auto& [name, c] : node.children) v.children.push_back(rd::ChildNode{name, c.stat, c.data, false});
    return v;
}

void checkItems(const rd::NodeView& view, const std::vector<rd::RecipeItem>& items) {
    std::map<std::string, int64_t> sessions;
    for (const auto& c : view.children) sessions[c.name] = c.stat.ephemeralOwner;
    for (const rd::RecipeItem& item : items) {
        std::set<std::string> seen;
        for (const auto* list : {&item.holders, &item.waiters}) {
            for (const rd::Contender& c : *list) {
                const auto s = sessions.find(c.node);
                ZS_FUZZ_CHECK(s != sessions.end());
                ZS_FUZZ_CHECK(s->second == c.session);
                ZS_FUZZ_CHECK(seen.insert(c.node).second);
            }
        }
    }
}

void readNodes(const std::string& path, const rd::LoadedNode& node, std::vector<rd::RecipeItem>* all, int depth) {
    if (depth > 64) return;
    const rd::NodeView view = viewOf(path, node);
    const std::vector<rd::RecipeItem> items = rd::readNode(view);
    checkItems(view, items);
    all->insert(all->end(), items.begin(), items.end());
    for (const auto& [name, c] : node.children)
        if (!c.children.empty()) readNodes(path + (path == "/" ? "" : "/") + name, c, all, depth + 1);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    const rd::LoadedNode root = parseTree(zooscope::fuzz::bytesOf(data + 1, size - 1));
    if (data[0] % 2 == 0) {
        std::vector<rd::RecipeItem> items;
        readNodes("/r", root, &items, 0);
        const size_t before = items.size();
        rd::joinSemaphoreQueues(items);
        ZS_FUZZ_CHECK(items.size() <= before);
        return 0;
    }
    const auto recipe = static_cast<rd::PartitionRecipe>((data[0] >> 1) % 3);
    const rd::PartitionItem p = rd::readPartitions("/r", recipe, root);
    ZS_FUZZ_CHECK(p.path == "/r" && p.recipe == recipe);
    if (recipe == rd::PartitionRecipe::Kafka) {
        const std::set<std::string> live(p.members.begin(), p.members.end());
        for (const auto& [broker, n] : p.leaders) {
            ZS_FUZZ_CHECK(live.contains(broker));
            ZS_FUZZ_CHECK(p.skewPercent.contains(broker));
        }
        for (const auto* list : {&p.underReplicated, &p.offline})
            for (const std::string& tp : *list) ZS_FUZZ_CHECK(p.assignments.contains(tp));
    }
    return 0;
}
