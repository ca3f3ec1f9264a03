#!/usr/bin/env bash
# Throughput/latency: the ZooScope engine vs Apache ZooKeeper 3.8 standalone,
# one after the other in one run, same zoo.cfg (tickTime, fsync default on),
# dataDirs side by side on the same disk. The server is pinned to SERVER_CPU
# and zooscope-loadgen to LOADGEN_CPU with taskset, for both servers.
# Prints a markdown report (machine, command, table, engine/ZooKeeper ratios)
# and keeps the raw JSON lines and server logs in OUT_DIR.
#
# Usage: bench/run-server-bench.sh            (knobs are environment variables)
#   BUILD_DIR=build  DURATION=20s  WARMUP=3s  SESSIONS=4  WINDOW=64  KEYS=1000
#   VALUE_SIZE=100  WRITE_MIX=create=50,set=50  READ_MIX=get=90,exists=10
#   SERVERS="engine zookeeper"  SERVER_CPU=0  LOADGEN_CPU=1  TICK_TIME=2000
#   DATA_ROOT=${TMPDIR:-/tmp}  OUT_DIR=<DATA_ROOT>/zs-bench.XXXX
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-3s}
SESSIONS=${SESSIONS:-4}
WINDOW=${WINDOW:-64}
KEYS=${KEYS:-1000}
VALUE_SIZE=${VALUE_SIZE:-100}
WRITE_MIX=${WRITE_MIX:-create=50,set=50}
READ_MIX=${READ_MIX:-get=90,exists=10}
SERVERS=${SERVERS:-engine zookeeper}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}

check_tools
OUT_DIR=${OUT_DIR:-$(mktemp -d "$DATA_ROOT/zs-bench.XXXXXX")}
mkdir -p "$OUT_DIR"
trap 'stop_server' EXIT
RESULTS=$OUT_DIR/results.jsonl
: >"$RESULTS"

COMMAND="DURATION=$DURATION WARMUP=$WARMUP SESSIONS=$SESSIONS WINDOW=$WINDOW KEYS=$KEYS VALUE_SIZE=$VALUE_SIZE WRITE_MIX=$WRITE_MIX READ_MIX=$READ_MIX SERVER_CPU=$SERVER_CPU LOADGEN_CPU=$LOADGEN_CPU TICK_TIME=$TICK_TIME bench/run-server-bench.sh"
MACHINE=$(machine_info "$OUT_DIR")
echo "bench: results and logs in $OUT_DIR" >&2

for server in $SERVERS; do
    port=$(free_port)
    start_server "$server" "$OUT_DIR/$server" "$port"
    echo "bench: $server up on port $port (pid $SERVER_PID): ${SERVER_CMD[*]}" >&2
    for mix_name in write read; do
        mix=$WRITE_MIX
        [[ $mix_name == read ]] && mix=$READ_MIX
        loadgen=(taskset -c "$LOADGEN_CPU" "$LOADGEN_BIN" --connect "127.0.0.1:$port" --sessions "$SESSIONS"
                 --window "$WINDOW" --keys "$KEYS" --value-size "$VALUE_SIZE" --mix "$mix"
                 --duration "$DURATION" --warmup "$WARMUP" --json)
        echo "bench: $server $mix_name: ${loadgen[*]}" >&2
        line=$("${loadgen[@]}") || die "loadgen failed against $server: $line"
        printf '{"server":"%s","mix_name":"%s","rss_kib":%s,"result":%s}\n' \
            "$server" "$mix_name" "$(rss_kib "$SERVER_PID")" "$line" >>"$RESULTS"
    done
    stop_server
done

LOADGEN_EXAMPLE="taskset -c $LOADGEN_CPU zooscope-loadgen --connect 127.0.0.1:PORT --sessions $SESSIONS --window $WINDOW --keys $KEYS --value-size $VALUE_SIZE --mix MIX --duration $DURATION --warmup $WARMUP --json"
python3 - "$RESULTS" "$COMMAND" "$LOADGEN_EXAMPLE" "$MACHINE" <<'PY'
import json, sys
results_file, command, loadgen, machine = sys.argv[1:5]
rows = [json.loads(l) for l in open(results_file) if l.strip()]
print("## Server benchmark: engine vs Apache ZooKeeper 3.8\n")
print(machine)
print(f"- command: `{command}`")
print(f"- loadgen per mix: `{loadgen}`\n")
print("| server | mix | ops/s | p50 ms | p99 ms | p999 ms | errors | server RSS MiB |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
by = {}
for r in rows:
    t = r["result"]["total"]
    by[(r["server"], r["mix_name"])] = t
    print(f'| {r["server"]} | {r["mix_name"]} ({r["result"]["mix"]}) | {t["ops_per_s"]:.0f} | {t["p50_us"]/1000:.2f} | '
          f'{t["p99_us"]/1000:.2f} | {t["p999_us"]/1000:.2f} | {r["result"]["errors"]} | {r["rss_kib"]/1024:.0f} |')
if any(k[0] == "engine" for k in by) and any(k[0] == "zookeeper" for k in by):
    print("\n| mix | throughput engine/ZK | p99 engine/ZK | p50 engine/ZK |")
    print("|---|---:|---:|---:|")
    for mix in ("write", "read"):
        e, z = by.get(("engine", mix)), by.get(("zookeeper", mix))
        if not e or not z: continue
        ratio = lambda a, b: f"{a/b:.2f}x" if b else "n/a"
        print(f'| {mix} | {ratio(e["ops_per_s"], z["ops_per_s"])} | {ratio(e["p99_us"], z["p99_us"])} | {ratio(e["p50_us"], z["p50_us"])} |')
PY
