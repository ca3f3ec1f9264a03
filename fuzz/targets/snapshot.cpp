// The snapshot reader (storage/snapshot.h) on a snapshot file.
//
// Input: byte 0's low bit asks for the checksums to be recomputed
// (sealed_frames.h); the rest is the file, named by the zxid in its header
// (seeds: snapshots of real data directories).
//
// Checked: a snapshot that reads back whole is written again as an image
// (snapshotImage, the leader's SNAP to a learner) that reads back to the same
// tree (the canonical dump of storage/tree_dump.h) and the same sessions.
#include <cstdint>
#include <string>

#include "env/env.h"
#include "fuzz_support.h"
#include "sealed_frames.h"
#include "storage/format.h"
#include "storage/snapshot.h"
#include "storage/tree_dump.h"
#include "tree/data_tree.h"

namespace storage = zooscope::storage;
namespace tree = zooscope::tree;
using zooscope::fuzz::ScratchDir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    std::string file(zooscope::fuzz::bytesOf(data + 1, size - 1));
    if (data[0] & 1) zooscope::fuzz::seal(file);
    const int64_t zxid = zooscope::fuzz::headerZxid(file);
    const std::string name = storage::fileNameFor(storage::kSnapshotPrefix, zxid > 0 ? zxid : 1);
    ScratchDir& dir = ScratchDir::instance();
    dir.clear();
    dir.write(name, file);

    tree::DataTree read;
    storage::SnapshotContents contents;
    const zooscope::Status st = storage::readSnapshot(*zooscope::Env::system(), dir.path() + "/" + name, &read, &contents);
    if (!st) {
        ZS_FUZZ_CHECK(!st.toString().empty());
        return 0;
    }
    const std::string image = storage::snapshotImage(read, contents.sessions);
    tree::DataTree again;
    storage::SnapshotContents contents2;
    ZS_FUZZ_CHECK(bool(storage::decodeSnapshotImage(image, "image", &again, &contents2)));
    ZS_FUZZ_CHECK(contents2.sessions == contents.sessions);
    ZS_FUZZ_CHECK(storage::dumpTree(again) == storage::dumpTree(read));
    return 0;
}
