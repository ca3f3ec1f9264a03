// zooscope::readers — who owns which partition, read from the znodes of three
// layouts: ZooScope's stream job (docs/stream.md), kazoo's SetPartitioner and
// Kafka's ZooKeeper layout (Kafka 3.x and older). Qt-free.
//
// Two parts, as in recipe_readers.h:
// - partitionLayoutOf() and readPartitions(): pure. The names under a node say
//   which layout it roots; the loaded subtree says who owns what. Damaged
//   layouts give suspicious reasons, never a wrong owner: an owner that
//   cannot be known is left out (null), and the reason says why.
// - scanPartitions(): the bounded, pipelined walk of recipe_readers.h's
//   scanSubtree(); where a node roots a layout, the parts of it the reader
//   needs are loaded (stats and data) instead of walked on, and its other
//   children are walked as usual (a layout may sit inside another's root).
//
// Layouts (checked against the writers' sources):
// - Stream job: JOB/{config, members/<id>, assignment, locks/<p>, offsets/<p>};
//   the assignment names the owners, a claim (locks/<p>, ephemeral) is held by
//   the session of the owner's member node once settled.
// - kazoo SetPartitioner (kazoo/recipe/partitioner.py): members are
//   ShallowParty nodes PATH/party/<uuidhex>-<identifier> (ephemeral); item i
//   is a kazoo Lock at PATH/locks/<i> whose contenders carry no data, so the
//   owner is the party member whose node has the lock holder's session.
// - Kafka (kafka.zk.ZkData): /controller {"brokerid"}, /brokers/ids/<id>
//   (ephemeral, live brokers), /brokers/topics/<t> {"partitions":{"<p>":[replicas]}},
//   /brokers/topics/<t>/partitions/<p>/state {"leader","isr",...}; leader -1
//   means none.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "zooscope/client.h"
#include "zooscope/recipe_readers.h"

namespace zooscope::readers {

enum class PartitionRecipe { StreamJob, KazooSetPartitioner, Kafka };

// "zooscope-stream-job", "kazoo-set-partitioner", "kafka".
const char* partitionRecipeName(PartitionRecipe recipe);

// The layout a node roots, judged by its children's names: a stream job has
// config, assignment, members, locks and offsets; a SetPartitioner party and
// locks; a Kafka root brokers and controller or controller_epoch.
std::optional<PartitionRecipe> partitionLayoutOf(const std::vector<std::string>& children);

// The children of a layout's root that its reader needs (loaded with every
// node below them).
std::vector<std::string> partitionParts(PartitionRecipe recipe);

// A node read with its stat and data, and the children below it that were
// loaded.
struct LoadedNode {
    std::string data;
    proto::Stat stat;
    std::map<std::string, LoadedNode> children;
};

struct PartitionItem {
    std::string path;
    PartitionRecipe recipe = PartitionRecipe::StreamJob;
    std::vector<std::string> suspicious;
    // Stream job: worker ids; SetPartitioner: party identifiers; Kafka: live
    // broker ids. Sorted (Kafka's numerically).
    std::vector<std::string> members;
    // Item -> owner (nullopt: nobody, or not knowable; suspicious says which).
    // Stream job: partition -> the assignment's owner; SetPartitioner: item ->
    // the member holding its lock; Kafka: "topic/partition" -> leader broker.
    std::map<std::string, std::optional<std::string>> assignments;

    // Stream job.
    std::optional<int64_t> generation;
    std::vector<std::string> lastMoves;          // the assignment's "moved"
    std::map<std::string, std::string> claims;   // partition -> the worker id its claim carries
    std::map<std::string, uint64_t> offsets;     // partition -> committed offset
    int partitions = 0;                          // the config's (0: unreadable)
    int vnodes = 0;                              // the config's, else the assignment's (0: unknown)

    // Kafka.
    std::optional<std::string> controller;          // broker id
    std::map<std::string, int64_t> leaders;         // live broker -> partitions it leads
    std::map<std::string, double> skewPercent;      // live broker -> (leaders - mean) / mean * 100
    std::vector<std::string> underReplicated;       // "topic/partition": ISR smaller than the replicas
    std::vector<std::string> offline;               // "topic/partition": no live leader
    // "topic/partition" -> broker ids, in the order Kafka wrote them (the
    // topic node's replicas; the state node's in-sync replicas). Absent where
    // that node did not say.
    std::map<std::string, std::vector<std::string>> replicas;
    std::map<std::string, std::vector<std::string>> isr;
};

// What the loaded parts under `path` mean. Pure; never throws on any input.
PartitionItem readPartitions(const std::string& path, PartitionRecipe recipe, const LoadedNode& root);

struct PartitionScanResult {
    bool complete = true;
    std::string stoppedBecause;
    size_t nodesRead = 0;
    std::vector<PartitionItem> items;  // sorted by path
    std::vector<std::string> gone;     // readPartitionLayouts(): paths that do not exist (sorted)
    proto::Err err = proto::Err::Ok;
    std::string message;
};

// scanSubtree()'s walk and contract (limits, stop, NoNode, NoAuth), reading
// partition layouts instead of recipes. nodesRead counts listings, the
// layouts' own included.
PartitionScanResult scanPartitions(client::Client& client, const std::string& root, const ScanLimits& limits,
                                   std::stop_token stop = {});

// Which nodes of a layout a live view watches, by their path relative to the
// layout's root ("members", "brokers/topics/t/partitions/0/state"): child
// watches where members, owners and claims come and go (stream job: members,
// locks; SetPartitioner: party, locks, locks/<item>; Kafka: brokers/ids,
// brokers/topics), data watches where the view shows data (the stream job's
// assignment; Kafka's controller and partition states). Nothing else.
enum class PartitionWatch { None, Children, Data };
PartitionWatch partitionWatchOf(PartitionRecipe recipe, const std::string& relative);

// Exactly the layouts rooted at `paths` (no walk): each path is listed and,
// where its children make a layout, loaded as scanPartitions() loads it.
// With `watch`, the reads themselves leave the watches partitionWatchOf()
// names, plus a child watch on each path (an empty node is listed anyway, so
// its first child is seen); a data-watched node's data is the watched read's.
// A path that is gone is in `gone`; one that no longer makes a layout is in
// neither list. Blocks; the limits and stop as in scanSubtree().
PartitionScanResult readPartitionLayouts(client::Client& client, const std::vector<std::string>& paths, bool watch,
                                         const ScanLimits& limits, std::stop_token stop = {});

}  // namespace zooscope::readers
