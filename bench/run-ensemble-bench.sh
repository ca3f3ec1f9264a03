#!/usr/bin/env bash
# Ensembles: a 3-node zooscope-server ensemble vs a 3-node Apache ZooKeeper 3.8
# ensemble, same machine, same tickTime, one run. For each kind,
# ensemble_election_bench (tests/ensemble/bench_election.cpp, the ensemble
# launcher) measures over ROUNDS fresh ensembles the time from start to the
# first leader and from kill -9 of the leader to a new leader (srvr polled
# every 20 ms), then on one more fresh ensemble the write and read throughput
# of zooscope-loadgen with --connect over all three nodes.
# Prints a markdown section (machine, command, table with an engine/ZooKeeper
# ratio column). An engine build that still serves standalone gets "not yet".
#
# Usage: bench/run-ensemble-bench.sh            (knobs are environment variables)
#   BUILD_DIR=build  ROUNDS=20  TICK_TIME=2000  DURATION=10s  SESSIONS=4  WINDOW=64
#   WRITE_MIX=create=50,set=50  READ_MIX=get=90,exists=10  KINDS="zookeeper engine"
#   OUT_DIR=${TMPDIR:-/tmp}/zs-ensemble-bench.XXXX
# Needs the targets ensemble_election_bench, zooscope-server, zooscope-loadgen.
# Every node runs in its own process group and dies with the bench (the
# launcher's PR_SET_PDEATHSIG), so an interrupted run leaves nothing behind.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

ROUNDS=${ROUNDS:-20}
DURATION=${DURATION:-10s}
SESSIONS=${SESSIONS:-4}
WINDOW=${WINDOW:-64}
WRITE_MIX=${WRITE_MIX:-create=50,set=50}
READ_MIX=${READ_MIX:-get=90,exists=10}
KINDS=${KINDS:-zookeeper engine}
CLIENT=${CLIENT:-wire}  # zooscope-loadgen --client (see run-server-bench.sh)
ELECTION_BIN=${ELECTION_BIN:-$BUILD_DIR/bin/ensemble_election_bench}

[[ -x $ELECTION_BIN ]] || die "no $ELECTION_BIN (build target ensemble_election_bench, or set BUILD_DIR)"
[[ -x $ENGINE_BIN ]] || die "no engine at $ENGINE_BIN (build target zooscope-server)"
[[ -x $LOADGEN_BIN ]] || die "no loadgen at $LOADGEN_BIN (build target zooscope-loadgen)"
command -v python3 >/dev/null || die "python3 not found"

OUT_DIR=${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/zs-ensemble-bench.XXXXXX")}
mkdir -p "$OUT_DIR"
RESULTS=$OUT_DIR/results.jsonl
: >"$RESULTS"
COMMAND="ROUNDS=$ROUNDS TICK_TIME=$TICK_TIME DURATION=$DURATION SESSIONS=$SESSIONS WINDOW=$WINDOW WRITE_MIX=$WRITE_MIX READ_MIX=$READ_MIX CLIENT=$CLIENT bench/run-ensemble-bench.sh"
MACHINE=$(machine_info "$OUT_DIR")
echo "bench: results in $OUT_DIR" >&2

for kind in $KINDS; do
    cmd=("$ELECTION_BIN" --kind "$kind" --size 3 --rounds "$ROUNDS" --tick-time "$TICK_TIME" --json
         --loadgen "$LOADGEN_BIN" --duration "$DURATION" --sessions "$SESSIONS" --window "$WINDOW" --client "$CLIENT"
         --write-mix "$WRITE_MIX" --read-mix "$READ_MIX")
    echo "bench: ${cmd[*]}" >&2
    # The launcher finds zooscope-server through ZS_BIN_DIR.
    ZS_BIN_DIR=$(dirname "$ENGINE_BIN") "${cmd[@]}" >"$OUT_DIR/$kind.json" 2> >(tee "$OUT_DIR/$kind.log" >&2) ||
        die "$kind: ensemble_election_bench failed (see $OUT_DIR/$kind.log)"
    tail -1 "$OUT_DIR/$kind.json" >>"$RESULTS"
done

LOADGEN_EXAMPLE="zooscope-loadgen --client $CLIENT --connect HOST1,HOST2,HOST3 --sessions $SESSIONS --window $WINDOW --mix MIX --duration $DURATION --json"
python3 - "$RESULTS" "$COMMAND" "$LOADGEN_EXAMPLE" "$MACHINE" <<'PY'
import json, sys
results_file, command, loadgen, machine = sys.argv[1:5]
by = {}
for line in open(results_file):
    if line.strip():
        r = json.loads(line)
        by[r["kind"]] = r
zk, en = by.get("zookeeper"), by.get("engine")
tick = (zk or en or {}).get("tick_time", "?")
print("## Ensembles: engine vs ZooKeeper\n")
print(machine)
print(f"- command: `{command}`")
print(f"- throughput per mix: `{loadgen}` on a fresh 3-node ensemble\n")

def live(r):
    return r is not None and not r.get("standalone", False)

rows = [
    ("start -> first leader, median (ms)", lambda r: r["first_leader"]["median_ms"]),
    ("start -> first leader, max (ms)", lambda r: r["first_leader"]["max_ms"]),
    ("kill -9 leader -> new leader, median (ms)", lambda r: r["new_leader"]["median_ms"]),
    ("kill -9 leader -> new leader, max (ms)", lambda r: r["new_leader"]["max_ms"]),
    ("write ops/s (" + ((zk or en or {}).get("write") or {}).get("mix", "write") + ")", lambda r: r["write"]["ops_per_s"]),
    ("write p99 (ms)", lambda r: r["write"]["total"]["p99_us"] / 1000),
    ("read ops/s (" + ((zk or en or {}).get("read") or {}).get("mix", "read") + ")", lambda r: r["read"]["ops_per_s"]),
    ("read p99 (ms)", lambda r: r["read"]["total"]["p99_us"] / 1000),
]
n = ((zk if live(zk) else en if live(en) else None) or {}).get("first_leader", {}).get("n", "?")
print(f"3 nodes each, tickTime {tick} ms, {n} rounds (a fresh ensemble per round; "
      "times include the JVM or process start for the first leader).\n")
print("| measure | engine | ZooKeeper 3.8 | engine/ZooKeeper |")
print("|---|---:|---:|---:|")
for name, get in rows:
    z = get(zk) if live(zk) else None
    e = get(en) if live(en) else None
    fmt = (lambda v: f"{v:.2f}") if "p99" in name else (lambda v: f"{v:.0f}")
    zs = fmt(z) if z is not None else ("not run" if zk is None else "n/a")
    es = fmt(e) if e is not None else ("not yet" if en is not None else "not run")
    ratio = f"{e / z:.2f}x" if e is not None and z else "-"
    print(f"| {name} | {es} | {zs} | {ratio} |")
if en is not None and not live(en):
    print("\nengine: \"not yet\": zooscope-server still serves standalone (srvr says Mode: standalone); "
          "the table is rerun once its quorum layer is wired.")
errs = [f'{k} {m}: {by[k][m]["errors"]} errors' for k in by if live(by[k]) for m in ("write", "read") if by[k].get(m) and by[k][m]["errors"]]
if errs:
    print("\nloadgen errors: " + "; ".join(errs))
PY
