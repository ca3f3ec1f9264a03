#!/usr/bin/env bash
# Lock handover as the live views see it: zooscope-handover-bench closes a
# Curator-shaped mutex holder's session ROUNDS times and times, from the
# close, the reader's child watch firing and its re-read naming the waiter
# as the new holder (readers::readRecipeNodes, what the Locks view runs on
# an event), on the engine and on Apache ZooKeeper 3.8, one server at a time.
# Prints a markdown section: median / p90 / max ms from close() called (an
# upper bound of the delay since the server deleted the node) and from
# close() returned (a lower bound).
#
# Usage: bench/run-handover-bench.sh   (knobs are environment variables)
#   BUILD_DIR=build  ROUNDS=50  KINDS="engine zookeeper"
#   OUT_DIR=${TMPDIR:-/tmp}/zs-handover-bench.XXXX
# The server is pinned to SERVER_CPU, the bench to LOADGEN_CPU (bench-lib).
# Needs the targets zooscope-server and zooscope-handover-bench.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

ROUNDS=${ROUNDS:-50}
KINDS=${KINDS:-engine zookeeper}
HANDOVER_BIN=${HANDOVER_BIN:-$BUILD_DIR/bin/zooscope-handover-bench}

COMMAND="ROUNDS=$ROUNDS KINDS=\"$KINDS\" bench/run-handover-bench.sh"
run_client_per_server handover "$HANDOVER_BIN" --rounds "$ROUNDS"

python3 - "$OUT_DIR" "$COMMAND" "$MACHINE" "$KINDS" <<'PY'
import statistics, sys
out, command, machine, kinds = sys.argv[1:5]
print("### Lock handover: the holder's session closed -> the next holder read\n")
print("Machine:\n" + machine + "\n")
print("Command: `" + command + "`\n")
print("| server | rounds | from close() called: median / p90 / max ms | from close() returned: median / p90 / max ms |")
print("|---|---:|---|---|")
def q(xs, f):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(f * len(xs)))]
for kind in kinds.split():
    rows = [l.split() for l in open(f"{out}/{kind}.txt") if l.startswith("ROUND ")]
    up = [float(r[1]) for r in rows]
    low = [float(r[2]) for r in rows]
    name = "engine" if kind == "engine" else "Apache ZooKeeper 3.8"
    print(f"| {name} | {len(rows)} | {statistics.median(up):.2f} / {q(up, .9):.2f} / {max(up):.2f} "
          f"| {statistics.median(low):.2f} / {q(low, .9):.2f} / {max(low):.2f} |")
PY
