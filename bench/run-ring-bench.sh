#!/usr/bin/env bash
# The Partitions view's ring while stream workers leave and join (issue 19), on
# the ZooKeeper engine and on Apache ZooKeeper 3.8 in the same run. Builds nothing.
#
# Per server: start it (bench-lib's start_server: a free 127.0.0.1 port, pinned
# to SERVER_CPU), then `zooscope-ring-bench --connect` (offscreen; the app's
# RecipeWatch, PartitionsModel and Partitions page) over a stream job of
# PARTITIONS partitions and WORKERS workers; ROUNDS times a worker stops and
# starts again. One JSON line per server: the lag from the assignment change on
# the server (its mtime) to the ring's first paint of that assignment, per
# change, with median and maximum.
#
# Usage: bench/run-ring-bench.sh BUILD_DIR
#   PARTITIONS=64 WORKERS=6 ROUNDS=5 SERVERS="engine zookeeper" DATA_ROOT=${TMPDIR:-/tmp}
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,15p' "$0" >&2; exit 2; }
BUILD_DIR=$(cd "$1" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

BENCH_BIN=$BUILD_DIR/bin/zooscope-ring-bench
PARTITIONS=${PARTITIONS:-64}
WORKERS=${WORKERS:-6}
ROUNDS=${ROUNDS:-5}
SERVERS=${SERVERS:-engine zookeeper}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}
[[ -x $BENCH_BIN ]] || die "no bench at $BENCH_BIN (build target zooscope-ring-bench)"
OUT=$(mktemp -d "$DATA_ROOT/zs-ring-bench.XXXX")
trap 'stop_server; rm -rf "$OUT"' EXIT

machine_info "$OUT"
for kind in $SERVERS; do
    port=$(free_port)
    start_server "$kind" "$OUT/$kind" "$port"
    echo "$kind: $(QT_QPA_PLATFORM=offscreen "$BENCH_BIN" --connect "127.0.0.1:$port" --partitions "$PARTITIONS" \
        --workers "$WORKERS" --rounds "$ROUNDS" 2>/dev/null | grep '^{')"
    stop_server
done
