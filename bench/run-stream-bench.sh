#!/usr/bin/env bash
# The stream workload (issue 15, docs/stream.md): prints a markdown section
# for docs/BENCHMARKS.md with the machine, the command and four tables, all
# measured by stream_bench (bench/stream/stream_bench.cpp):
#   1. partitions moved when an 11th worker joins 10 (P = 1,024), ring with
#      V = 1, 16, 128 against `p mod N`, and max/mean load;
#   2. failover: kill -9 of a `zooscope-ctl stream worker` process -> all its
#      partitions committing again elsewhere, against the session timeout
#      (standalone server, tickTime 500, 4 workers, 64 partitions);
#   3. a config change -> applied by each of 4 in-process workers, p50/p99;
#   4. events (and commits) per second on a 3-node ensemble of each kind,
#      4 worker processes, unthrottled, batch BATCH.
#
# Usage: bench/run-stream-bench.sh      (knobs are environment variables)
#   BUILD_DIR=build  KINDS="engine zookeeper"  TIMEOUTS=2000,4000,8000  ROUNDS=3
#   CHANGES=100  SECONDS_=20  BATCH=100
# Needs the targets stream_bench, zooscope-ctl, zooscope-server. Every server
# and worker dies with the bench (PR_SET_PDEATHSIG).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

KINDS=${KINDS:-engine zookeeper}
TIMEOUTS=${TIMEOUTS:-2000,4000,8000}
ROUNDS=${ROUNDS:-3}
CHANGES=${CHANGES:-100}
SECONDS_=${SECONDS_:-20}
BATCH=${BATCH:-100}
BENCH=$BUILD_DIR/bin/stream_bench
[[ -x $BENCH ]] || die "no $BENCH (build target stream_bench, or set BUILD_DIR)"
export ZS_BIN_DIR=$BUILD_DIR/bin

echo "### Stream workload (issue 15)"
echo
machine_info "${TMPDIR:-/tmp}"
echo "- command: \`KINDS=\"$KINDS\" TIMEOUTS=$TIMEOUTS ROUNDS=$ROUNDS CHANGES=$CHANGES SECONDS_=$SECONDS_ BATCH=$BATCH bench/run-stream-bench.sh\`"
echo
echo "#### Partitions moved when an 11th worker joins 10 (P = 1,024)"
echo
"$BENCH" ring
echo
echo "#### Failover: kill -9 of a worker -> its partitions committing again elsewhere"
echo
header=1
for kind in $KINDS; do
    "$BENCH" failover --kind "$kind" --session-timeouts "$TIMEOUTS" --rounds "$ROUNDS" | { if ((header)); then cat; else tail -n +3; fi; }
    header=0
done
echo
echo "#### Config change -> applied by every worker (4 in-process workers, $CHANGES changes)"
echo
echo "| server | changes | workers | per worker p50 | per worker p99 | all workers p50 | all workers p99 |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for kind in $KINDS; do "$BENCH" config --kind "$kind" --changes "$CHANGES"; done
echo
echo "#### Events committed per second, 3-node ensemble, 64 partitions, unthrottled"
echo
echo "| server | nodes | workers | batch | window | events/s | commits/s |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for kind in $KINDS; do "$BENCH" throughput --kind "$kind" --size 3 --seconds "$SECONDS_" --batch "$BATCH"; done
echo
echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
