#!/usr/bin/env bash
# The Locks view while 1,000 locks churn (issue 19), on the ZooKeeper engine and
# on Apache ZooKeeper 3.8 in the same run. Builds nothing.
#
# Per server: start it (bench-lib's start_server: a free 127.0.0.1 port, pinned
# to SERVER_CPU), then `zooscope-coordination-bench --connect` (offscreen; the
# app's RecipeWatch, LocksModel and Locks page) with LOCKS locks churned at RATE
# changes per second for SECONDS. One JSON line per server: the longest UI stall
# and the 99th percentile gap of a 5 ms timer while the churn runs, the lag
# until every row names the writer's holder, the jobs (batched reads).
#
# Usage: bench/run-coordination-bench.sh BUILD_DIR
#   LOCKS=1000 RATE=500 SECONDS_=20 SERVERS="engine zookeeper" DATA_ROOT=${TMPDIR:-/tmp}
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,15p' "$0" >&2; exit 2; }
BUILD_DIR=$(cd "$1" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

BENCH_BIN=$BUILD_DIR/bin/zooscope-coordination-bench
LOCKS=${LOCKS:-1000}
RATE=${RATE:-500}
SECONDS_=${SECONDS_:-20}
SERVERS=${SERVERS:-engine zookeeper}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}
[[ -x $BENCH_BIN ]] || die "no bench at $BENCH_BIN (build target zooscope-coordination-bench)"
OUT=$(mktemp -d "$DATA_ROOT/zs-coordination-bench.XXXX")
trap 'stop_server; rm -rf "$OUT"' EXIT

machine_info "$OUT"
for kind in $SERVERS; do
    port=$(free_port)
    start_server "$kind" "$OUT/$kind" "$port"
    echo "$kind: $(QT_QPA_PLATFORM=offscreen "$BENCH_BIN" --connect "127.0.0.1:$port" --locks "$LOCKS" \
        --rate "$RATE" --seconds "$SECONDS_" 2>/dev/null | grep '^{')"
    stop_server
done
