#!/usr/bin/env bash
# Memory per znode: (VmRSS with N znodes of VALUE_SIZE bytes - VmRSS empty) / N
# for the ZooScope engine and Apache ZooKeeper 3.8 (default JVM settings),
# one after the other. ZooKeeper is measured after a forced full GC
# (jcmd <pid> GC.run) both times; its live heap after GC is reported too.
# The znodes are filled with zooscope-loadgen's pipelined async creates
# (create-only mix, PERSISTENT_SEQUENTIAL children of a few parents).
#
# Usage: bench/memory-per-znode.sh   (knobs are environment variables)
#   BUILD_DIR=build  ZNODES=1000000  VALUE_SIZE=100  SESSIONS=4  WINDOW=256
#   SERVERS="engine zookeeper"  SERVER_CPU=0  LOADGEN_CPU=1  DATA_ROOT=${TMPDIR:-/tmp}
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

ZNODES=${ZNODES:-1000000}
VALUE_SIZE=${VALUE_SIZE:-100}
SESSIONS=${SESSIONS:-4}
WINDOW=${WINDOW:-256}
SERVERS=${SERVERS:-engine zookeeper}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}

check_tools
command -v jcmd >/dev/null || die "jcmd not found (JDK)"
OUT_DIR=${OUT_DIR:-$(mktemp -d "$DATA_ROOT/zs-memory.XXXXXX")}
mkdir -p "$OUT_DIR"
trap 'stop_server' EXIT
RESULTS=$OUT_DIR/memory.jsonl
: >"$RESULTS"
COMMAND="ZNODES=$ZNODES VALUE_SIZE=$VALUE_SIZE SESSIONS=$SESSIONS WINDOW=$WINDOW bench/memory-per-znode.sh"
MACHINE=$(machine_info "$OUT_DIR")
echo "memory: results and logs in $OUT_DIR" >&2

# settle KIND: let the server go quiet; for the JVM, force a full GC.
settle() {
    if [[ $1 == zookeeper ]]; then
        jcmd "$SERVER_PID" GC.run >/dev/null
        sleep 2
        jcmd "$SERVER_PID" GC.run >/dev/null
    fi
    sleep 2
}

# heap_used_kib: ZooKeeper's used heap after GC, from jcmd GC.heap_info.
heap_used_kib() {
    jcmd "$SERVER_PID" GC.heap_info | awk '/used/ && /total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i+1); sub("K", "", v); s += v } } END { print s + 0 }'
}

for server in $SERVERS; do
    port=$(free_port)
    start_server "$server" "$OUT_DIR/$server" "$port"
    echo "memory: $server up on port $port (pid $SERVER_PID)" >&2
    settle "$server"
    empty=$(rss_kib "$SERVER_PID")
    heap_empty=0
    [[ $server == zookeeper ]] && heap_empty=$(heap_used_kib)
    loadgen=(taskset -c "$LOADGEN_CPU" "$LOADGEN_BIN" --connect "127.0.0.1:$port" --sessions "$SESSIONS"
             --window "$WINDOW" --keys 0 --value-size "$VALUE_SIZE" --mix create=100 --ops "$ZNODES" --json)
    echo "memory: $server fill: ${loadgen[*]}" >&2
    line=$("${loadgen[@]}") || die "loadgen failed against $server: $line"
    settle "$server"
    full=$(rss_kib "$SERVER_PID")
    heap_full=0
    [[ $server == zookeeper ]] && heap_full=$(heap_used_kib)
    nodes=$(four_letter "$port" srvr | awk -F': ' '/^Node count/ {print $2}')
    printf '{"server":"%s","rss_empty_kib":%s,"rss_full_kib":%s,"heap_empty_kib":%s,"heap_full_kib":%s,"node_count":%s,"fill":%s}\n' \
        "$server" "$empty" "$full" "$heap_empty" "$heap_full" "${nodes:-0}" "$line" >>"$RESULTS"
    stop_server
done

python3 - "$RESULTS" "$COMMAND" "$MACHINE" "$ZNODES" <<'PY'
import json, sys
results_file, command, machine, znodes = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = [json.loads(l) for l in open(results_file) if l.strip()]
print("## Memory per znode\n")
print(machine)
print(f"- command: `{command}`\n")
print("| server | znodes created | node count | fill ops/s | RSS empty MiB | RSS full MiB | bytes/znode (RSS) | live heap bytes/znode |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
per = {}
for r in rows:
    created = r["fill"]["ops"]
    per[r["server"]] = (r["rss_full_kib"] - r["rss_empty_kib"]) * 1024 / znodes
    heap = "" if r["server"] != "zookeeper" else f'{(r["heap_full_kib"] - r["heap_empty_kib"]) * 1024 / znodes:.0f}'
    print(f'| {r["server"]} | {created} | {r["node_count"]} | {r["fill"]["ops_per_s"]:.0f} | {r["rss_empty_kib"]/1024:.1f} | '
          f'{r["rss_full_kib"]/1024:.1f} | {per[r["server"]]:.0f} | {heap} |')
if "engine" in per and "zookeeper" in per and per["zookeeper"] > 0:
    print(f'\nengine/ZooKeeper per-znode RSS ratio: **{per["engine"]/per["zookeeper"]:.2f}x** (target <= 0.40x)')
PY
