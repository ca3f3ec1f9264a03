"""The stream ring (docs/stream.md) written from its definition, independently
of core/stream: XXH64 seed 0 (python3-xxhash) of UTF-8 strings; worker w has
points hash("<w>#<v>"), partition p sits at hash("<p>"); the first point at or
after it owns it, wrapping; equal positions go to the bytewise-smaller id."""
import bisect
import sys

import xxhash


def h(text):
    return xxhash.xxh64_intdigest(text.encode("utf-8"), seed=0)


def owners(members, partitions, vnodes):
    ids = sorted(set(members), key=lambda m: m.encode("utf-8"))
    if not ids:
        return [""] * partitions
    points = sorted((h("%s#%d" % (w, v)), w.encode("utf-8"), w) for w in ids for v in range(vnodes))
    keys = [p[0] for p in points]
    out = []
    for p in range(partitions):
        i = bisect.bisect_left(keys, h(str(p)))
        out.append(points[i % len(points)][2])
    return out


if __name__ == "__main__":
    # ring.py P V member... -> one owner per line
    P, V = int(sys.argv[1]), int(sys.argv[2])
    for o in owners(sys.argv[3:], P, V):
        print(o)
