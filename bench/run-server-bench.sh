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
#   BENCH_NICE=0 (see bench-lib.sh)
#   MIXES="write read read-under-writes"  READ_RATE=5000  BG_SESSIONS=2  BG_WINDOW=16
# read-under-writes: reads offered at READ_RATE per second (open loop, get only)
# while a second loadgen writes WRITE_MIX closed-loop with BG_SESSIONS x
# BG_WINDOW in flight; both loadgens on LOADGEN_CPU. Its row is the reads'.
# BG_RATE (writes per second, default 10000; 0 = closed loop) paces the
# background writes so both servers carry the same write load while their
# reads are compared (closed loop, the faster server would carry more).
#   DATA_ROOT=${TMPDIR:-/tmp}  OUT_DIR=<DATA_ROOT>/zs-bench.XXXX
#   BUSY_DISK=0|1: 1 keeps the dataDirs' disk busy during every mix with a
#   writer of its own (dd of BUSY_DISK_MB MiB with fdatasync, over and over, in
#   OUT_DIR, on LOADGEN_CPU): the case where a slow fsync used to stall the
#   whole engine while ZooKeeper kept serving.
#   Before the servers, bench_sync_probe measures the disk itself under the
#   same writer for PROBE_SECONDS (default 10; one 4 KiB append + fdatasync at
#   a time, through the engine's Env, on SERVER_CPU): the report's "disk under
#   the busy writer" line. Its longest sync is a floor under any server's
#   write latency while the writer runs.
#   CLIENT=wire|c: who sends the load (zooscope-loadgen --client). wire (the
#   default) costs the loadgen ~1/7 of the C client's CPU per request, so the
#   server, not the loadgen's core, is what the numbers measure; c is the
#   ZooKeeper C client, an implementation independent of the engine's codec.
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
MIXES=${MIXES:-write read read-under-writes}
READ_RATE=${READ_RATE:-5000}
BG_SESSIONS=${BG_SESSIONS:-2}
BG_WINDOW=${BG_WINDOW:-16}
BG_RATE=${BG_RATE:-10000}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}
CLIENT=${CLIENT:-wire}
BUSY_DISK=${BUSY_DISK:-0}
BUSY_DISK_MB=${BUSY_DISK_MB:-256}
PROBE_SECONDS=${PROBE_SECONDS:-10}
PROBE_BIN=${PROBE_BIN:-$BUILD_DIR/bin/bench_sync_probe}

check_tools
OUT_DIR=${OUT_DIR:-$(mktemp -d "$DATA_ROOT/zs-bench.XXXXXX")}
mkdir -p "$OUT_DIR"
BUSY_PID=
start_busy_disk() {
    [[ $BUSY_DISK == 1 ]] || return 0
    ("${PIN_LOADGEN[@]}" bash -c 'while :; do dd if=/dev/zero of="$1" bs=1M count="$2" conv=fdatasync status=none; done' \
        busy "$OUT_DIR/busy-disk.bin" "$BUSY_DISK_MB") &
    BUSY_PID=$!
}
stop_busy_disk() {
    [[ -n $BUSY_PID ]] || return 0
    pkill -P "$BUSY_PID" 2>/dev/null || true
    kill "$BUSY_PID" 2>/dev/null || true
    wait "$BUSY_PID" 2>/dev/null || true
    pkill -f "of=$OUT_DIR/busy-disk.bin" 2>/dev/null || true
    BUSY_PID=
    rm -f "$OUT_DIR/busy-disk.bin"
}
trap 'stop_busy_disk; stop_server' EXIT
RESULTS=$OUT_DIR/results.jsonl
: >"$RESULTS"
: >"$OUT_DIR/datadir_kib.txt"

COMMAND="DURATION=$DURATION WARMUP=$WARMUP SESSIONS=$SESSIONS WINDOW=$WINDOW KEYS=$KEYS VALUE_SIZE=$VALUE_SIZE WRITE_MIX=$WRITE_MIX READ_MIX=$READ_MIX SERVER_CPU=$SERVER_CPU LOADGEN_CPU=$LOADGEN_CPU TICK_TIME=$TICK_TIME BENCH_NICE=$BENCH_NICE MIXES='$MIXES' READ_RATE=$READ_RATE BG_SESSIONS=$BG_SESSIONS BG_WINDOW=$BG_WINDOW BG_RATE=$BG_RATE CLIENT=$CLIENT BUSY_DISK=$BUSY_DISK BUSY_DISK_MB=$BUSY_DISK_MB bench/run-server-bench.sh"
MACHINE=$(machine_info "$OUT_DIR")
echo "bench: results and logs in $OUT_DIR" >&2

: >"$OUT_DIR/disk_floor.txt"
if [[ $BUSY_DISK == 1 ]]; then
    [[ -x $PROBE_BIN ]] || die "no sync probe at $PROBE_BIN (build target bench_sync_probe, or set BUILD_DIR/PROBE_BIN)"
    start_busy_disk
    sleep 1
    echo "bench: the disk under the busy writer: bench_sync_probe $PROBE_SECONDS $OUT_DIR" >&2
    "${PIN_SERVER[@]}" "$PROBE_BIN" "$PROBE_SECONDS" "$OUT_DIR" >"$OUT_DIR/disk_floor.txt" || die "bench_sync_probe failed"
    stop_busy_disk
fi

for server in $SERVERS; do
    port=$(free_port)
    start_server "$server" "$OUT_DIR/$server" "$port"
    echo "bench: $server up on port $port (pid $SERVER_PID): ${SERVER_CMD[*]}" >&2
    for mix_name in $MIXES; do
        mix=$WRITE_MIX
        [[ $mix_name == read ]] && mix=$READ_MIX
        [[ $mix_name == read-under-writes ]] && mix=get=100
        loadgen=("${PIN_LOADGEN[@]}" "$LOADGEN_BIN" --connect "127.0.0.1:$port" --client "$CLIENT" --sessions "$SESSIONS"
                 --window "$WINDOW" --keys "$KEYS" --value-size "$VALUE_SIZE" --mix "$mix"
                 --duration "$DURATION" --warmup "$WARMUP" --json)
        bg_pid=
        if [[ $mix_name == read-under-writes ]]; then
            loadgen+=(--rate "$READ_RATE")
            bg=("${PIN_LOADGEN[@]}" "$LOADGEN_BIN" --connect "127.0.0.1:$port" --client "$CLIENT" --sessions "$BG_SESSIONS"
                --window "$BG_WINDOW" --keys "$KEYS" --value-size "$VALUE_SIZE" --mix "$WRITE_MIX" --root /zsbench-bg
                --duration "$(awk -v w="$(secs "$WARMUP")" -v d="$(secs "$DURATION")" 'BEGIN {print w + d + 2}')s" --warmup "$WARMUP" --json)
            [[ $BG_RATE != 0 ]] && bg+=(--rate "$BG_RATE")
            echo "bench: $server background writes: ${bg[*]}" >&2
            "${bg[@]}" >"$OUT_DIR/$server/background-writes.json" &
            bg_pid=$!
            sleep 1
        elif [[ $mix_name != write && $mix_name != read ]]; then
            die "unknown mix name in MIXES: $mix_name"
        fi
        start_busy_disk
        echo "bench: $server $mix_name: ${loadgen[*]}" >&2
        out=$OUT_DIR/$server/$mix_name.json
        "${loadgen[@]}" >"$out" &
        lg_pid=$!
        # CPU time each side burns in the measured window: on a shared machine
        # ops per server CPU-second is steadier than wall-clock ops/s.
        sleep "$(secs "$WARMUP")"
        s0=$(cpu_ticks "$SERVER_PID"); l0=$(cpu_ticks "$lg_pid"); load0=$(cut -d' ' -f1 /proc/loadavg)
        sleep "$(secs "$DURATION")"
        s1=$(cpu_ticks "$SERVER_PID"); l1=$(cpu_ticks "$lg_pid"); load1=$(cut -d' ' -f1 /proc/loadavg)
        wait "$lg_pid" || die "loadgen failed against $server: $(cat "$out")"
        stop_busy_disk
        background=null
        if [[ -n $bg_pid ]]; then
            wait "$bg_pid" || die "background writes failed against $server"
            background=$(cat "$OUT_DIR/$server/background-writes.json")
        fi
        printf '{"server":"%s","mix_name":"%s","rss_kib":%s,"server_cpu_s":%s,"loadgen_cpu_s":%s,"loadavg":"%s..%s","result":%s,"background":%s}\n' \
            "$server" "$mix_name" "$(rss_kib "$SERVER_PID")" "$(ticks_to_s $((s1 - s0)))" "$(ticks_to_s $((l1 - l0)))" \
            "$load0" "$load1" "$(cat "$out")" "$background" >>"$RESULTS"
    done
    stop_server
    echo "$server $(du -sk "$OUT_DIR/$server/data" | cut -f1)" >>"$OUT_DIR/datadir_kib.txt"
done

LOADGEN_EXAMPLE="${PIN_LOADGEN[*]} zooscope-loadgen --client $CLIENT --connect 127.0.0.1:PORT --sessions $SESSIONS --window $WINDOW --keys $KEYS --value-size $VALUE_SIZE --mix MIX --duration $DURATION --warmup $WARMUP --json"
python3 - "$RESULTS" "$COMMAND" "$LOADGEN_EXAMPLE" "$MACHINE" "$OUT_DIR/datadir_kib.txt" "$OUT_DIR/disk_floor.txt" "$PROBE_SECONDS" <<'PY'
import json, sys
results_file, command, loadgen, machine, datadirs, floor_file, probe_seconds = sys.argv[1:8]
rows = [json.loads(l) for l in open(results_file) if l.strip()]
print("## Server benchmark: engine vs Apache ZooKeeper 3.8\n")
print(machine)
print(f"- command: `{command}`")
print(f"- loadgen per mix: `{loadgen}`\n")
for l in open(datadirs):
    name, kib = l.split()
    print(f"- {name} dataDir after the run: {int(kib)/1024:.1f} MiB" + (" (nothing persisted: in-memory, no fsync)" if int(kib) < 64 else ""))
floor = open(floor_file).read().strip()
if floor:
    print(f"- the disk under the busy writer, before the servers (bench_sync_probe {probe_seconds}: one 4 KiB append + fdatasync at a time): {floor}")
print()
print("| server | mix | ops/s | p50 ms | p99 ms | p999 ms | errors | server CPU s | ops per server CPU-s | loadgen CPU s | load avg | server RSS MiB |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|")
by = {}
for r in rows:
    t = r["result"]["total"]
    eff = r["result"]["ops"] / r["server_cpu_s"] if r["server_cpu_s"] else 0
    by[(r["server"], r["mix_name"])] = (t, eff)
    print(f'| {r["server"]} | {r["mix_name"]} ({r["result"]["mix"]}) | {t["ops_per_s"]:.0f} | {t["p50_us"]/1000:.2f} | '
          f'{t["p99_us"]/1000:.2f} | {t["p999_us"]/1000:.2f} | {r["result"]["errors"]} | {r["server_cpu_s"]:.1f} | {eff:.0f} | '
          f'{r["loadgen_cpu_s"]:.1f} | {r["loadavg"]} | {r["rss_kib"]/1024:.0f} |')
for r in rows:
    if r.get("background"):
        b, t = r["background"], r["result"]
        print(f'\n{r["server"]} read-under-writes: reads offered at {t["rate"]:.0f}/s, served {t["ops_per_s"]:.0f}/s '
              f'({t["late_submits"]} times a due read found its window full); background writes ({b["mix"]}, '
              f'{b["sessions"]} x {b["window"]} in flight, offered ' + (f'{b["rate"]:.0f}/s' if b.get("rate") else 'closed loop') + f'): {b["ops_per_s"]:.0f} ops/s, p99 {b["total"]["p99_us"]/1000:.2f} ms, '
              f'{b["errors"]} errors')
if any(k[0] == "engine" for k in by) and any(k[0] == "zookeeper" for k in by):
    print("\n| mix | throughput engine/ZK | p99 engine/ZK | p50 engine/ZK | ops per server CPU-s engine/ZK |")
    print("|---|---:|---:|---:|---:|")
    for mix in ("write", "read", "read-under-writes"):
        e, z = by.get(("engine", mix)), by.get(("zookeeper", mix))
        if not e or not z: continue
        ratio = lambda a, b: f"{a/b:.2f}x" if b else "n/a"
        print(f'| {mix} | {ratio(e[0]["ops_per_s"], z[0]["ops_per_s"])} | {ratio(e[0]["p99_us"], z[0]["p99_us"])} | '
              f'{ratio(e[0]["p50_us"], z[0]["p50_us"])} | {ratio(e[1], z[1])} |')
PY
