#!/usr/bin/env bash
# Recipe detection over a big tree: zooscope-detection-bench writes ZNODES
# znodes (LOCKS Curator mutexes and ELECTIONS LeaderLatches, three contenders
# each, the rest plain) and times readers::scanSubtree (what `zooscope-ctl
# locks|elections` runs: a window of 64 reads, every node listed, recipe
# nodes read with stats and data) to a complete result, RUNS times, on the
# engine and on Apache ZooKeeper 3.8, one server at a time. Prints a markdown
# section (machine, command, median / min / max ms, nodes read, and the Apache
# over engine ratio of the medians, and the requests the server received
# during a walk, from its srvr). MULTIREAD=0 times the per-node walk (one
# getChildren2 per node through the C client) instead of the bulk listing.
#
# Usage: bench/run-detection-bench.sh   (knobs are environment variables)
#   BUILD_DIR=build  ZNODES=100000  LOCKS=1000  ELECTIONS=100  RUNS=5
#   KINDS="engine zookeeper"  MULTIREAD=1  OUT_DIR=${TMPDIR:-/tmp}/zs-detect-bench.XXXX
# The server is pinned to SERVER_CPU, the bench to LOADGEN_CPU (bench-lib).
# Needs the targets zooscope-server and zooscope-detection-bench.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

ZNODES=${ZNODES:-100000}
LOCKS=${LOCKS:-1000}
ELECTIONS=${ELECTIONS:-100}
RUNS=${RUNS:-5}
MULTIREAD=${MULTIREAD:-1}
KINDS=${KINDS:-engine zookeeper}
DETECT_BIN=${DETECT_BIN:-$BUILD_DIR/bin/zooscope-detection-bench}

COMMAND="ZNODES=$ZNODES LOCKS=$LOCKS ELECTIONS=$ELECTIONS RUNS=$RUNS KINDS=\"$KINDS\" bench/run-detection-bench.sh"
[[ $MULTIREAD == 1 ]] || COMMAND="MULTIREAD=$MULTIREAD $COMMAND"
run_client_per_server detect "$DETECT_BIN" --znodes "$ZNODES" --locks "$LOCKS" --elections "$ELECTIONS" --runs "$RUNS" \
    --multi-read "$MULTIREAD"

python3 - "$OUT_DIR" "$COMMAND" "$MACHINE" "$KINDS" "$ZNODES" "$LOCKS" "$ELECTIONS" <<'PY'
import statistics, sys
out, command, machine, kinds, znodes, locks, elections = sys.argv[1:8]
print("### Recipe detection over %s znodes (%s locks, %s elections)\n" % (znodes, locks, elections))
print("Machine:\n" + machine + "\n")
print("Command: `" + command + "`\n")
print("| server | runs | median ms | min ms | max ms | nodes read | items found | requests received |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
medians = {}
for kind in kinds.split():
    runs = [l.split() for l in open(f"{out}/{kind}.txt") if l.startswith("RUN ")]
    ms = [float(r[1]) for r in runs]
    medians[kind] = statistics.median(ms)
    name = "engine" if kind == "engine" else "Apache ZooKeeper 3.8"
    requests = runs[0][5] if len(runs[0]) > 5 else "?"
    print(f"| {name} | {len(ms)} | {medians[kind]:.0f} | {min(ms):.0f} | {max(ms):.0f} | {runs[0][2]} | {runs[0][3]} | {requests} |")
if "engine" in medians and "zookeeper" in medians:
    print(f"\nApache / engine (medians): {medians['zookeeper'] / medians['engine']:.2f}")
PY
