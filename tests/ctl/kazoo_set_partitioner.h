// A kazoo SetPartitioner pair for tests of the partition readers and views
// (python3-kazoo, run with `python3 -c SCRIPT HOSTS PATH`). Header-only.
#pragma once

namespace zooscope::testing {

// Two SetPartitioners (identifiers m1, m2; own sessions) on argv[2] over the
// items a..e; once both hold a split of the whole set, prints {id: [items]}
// and keeps it until stdin closes.
inline const char* kKazooSetPartitioner = R"(
import json, sys, time
from kazoo.client import KazooClient
hosts, path = sys.argv[1], sys.argv[2]
items = ["a", "b", "c", "d", "e"]
clients, parts = [], {}
for ident in ("m1", "m2"):
    c = KazooClient(hosts=hosts, timeout=10)
    c.start(timeout=30)
    clients.append(c)
    parts[ident] = c.SetPartitioner(path, set=items, identifier=ident, time_boundary=0.5)
deadline = time.time() + 60
while True:
    for p in parts.values():
        if p.failed:
            sys.exit("a partitioner failed")
        if p.release:
            p.release_set()
    if all(p.acquired for p in parts.values()):
        owned = {k: sorted(list(p)) for k, p in parts.items()}
        flat = [i for v in owned.values() for i in v]
        if sorted(flat) == items:
            break
    if time.time() > deadline:
        sys.exit("no stable split within 60 s")
    time.sleep(0.05)
print(json.dumps(owned), flush=True)
sys.stdin.read()
for p in parts.values():
    p.finish()
for c in clients:
    c.stop()
    c.close()
)";

}  // namespace zooscope::testing
