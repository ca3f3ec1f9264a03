#!/usr/bin/env bash
# The desktop app against a million znodes, on the ZooScope engine and on
# Apache ZooKeeper 3.8 in the same run. Builds nothing.
#
# Per server: start it (dataDir under DATA_ROOT, a free 127.0.0.1 port, pinned
# to SERVER_CPU), populate the tree with `zooscope-gui-bench --mode populate`
# (NODES znodes under /bench/tree, /bench/big with BIG children, /bench/mid
# with MID, /bench/watched with WATCHED), then run `zooscope-gui-bench` (the
# real ClusterTab, pinned to GUI_CPU, under xvfb-run or offscreen) which
# times the paints, takes RSS and runs the stall probe while its changer
# process (pinned to CHANGER_CPU) changes /bench/watched at RATE per second for
# DURATION seconds. Prints a markdown report with engine/ZooKeeper ratios.
#
# Usage: bench/run-gui-bench.sh BUILD_DIR     (knobs are environment variables)
#   NODES=1000000 BIG=200000 MID=20000 WATCHED=1000 RATE=5000 DURATION=60
#   SERVERS="engine zookeeper" ZK_HEAP=2g SERVER_CPU=0 GUI_CPU=1 CHANGER_CPU=0
#   PLATFORM=xvfb|offscreen  DATA_ROOT=${TMPDIR:-/tmp}  OUT_DIR=<DATA_ROOT>/zs-gui-bench.XXXX
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,20p' "$0" >&2; exit 2; }
BUILD_DIR=$(cd "$1" && pwd)
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

GUI_BENCH_BIN=${GUI_BENCH_BIN:-$BUILD_DIR/bin/zooscope-gui-bench}
NODES=${NODES:-1000000}
BIG=${BIG:-200000}
MID=${MID:-20000}
WATCHED=${WATCHED:-1000}
RATE=${RATE:-5000}
DURATION=${DURATION:-60}
SERVERS=${SERVERS:-engine zookeeper}
ZK_HEAP=${ZK_HEAP:-2g}
GUI_CPU=${GUI_CPU:-1}
CHANGER_CPU=${CHANGER_CPU:-$SERVER_CPU}
PLATFORM=${PLATFORM:-xvfb}
DATA_ROOT=${DATA_ROOT:-${TMPDIR:-/tmp}}

# bench-lib's check_tools wants the loadgen, which this bench does not use.
LOADGEN_BIN=/bin/true check_tools
[[ -x $GUI_BENCH_BIN ]] || die "no gui bench at $GUI_BENCH_BIN (build target zooscope-gui-bench)"
if [[ $PLATFORM == xvfb ]]; then
    command -v xvfb-run >/dev/null || die "xvfb-run not found (Debian package xvfb), or use PLATFORM=offscreen"
    GUI_RUN=(xvfb-run -a -s "-screen 0 1600x1000x24")
else
    GUI_RUN=(env QT_QPA_PLATFORM=offscreen)
fi
OUT_DIR=${OUT_DIR:-$(mktemp -d "$DATA_ROOT/zs-gui-bench.XXXXXX")}
mkdir -p "$OUT_DIR"
trap 'stop_server' EXIT
RESULTS=$OUT_DIR/results.jsonl
: >"$RESULTS"

COMMAND="NODES=$NODES BIG=$BIG MID=$MID WATCHED=$WATCHED RATE=$RATE DURATION=$DURATION ZK_HEAP=$ZK_HEAP SERVER_CPU=$SERVER_CPU GUI_CPU=$GUI_CPU CHANGER_CPU=$CHANGER_CPU PLATFORM=$PLATFORM bench/run-gui-bench.sh BUILD_DIR"
MACHINE=$(machine_info "$OUT_DIR")
echo "gui-bench: results and logs in $OUT_DIR" >&2

shape=(--nodes "$NODES" --big "$BIG" --mid "$MID" --watched "$WATCHED")
for server in $SERVERS; do
    port=$(free_port)
    # ZooKeeper gets ZK_HEAP: the JVM's default heap is too small for ~1.2M znodes.
    start_server "$server" "$OUT_DIR/$server" "$port" "$ZK_HEAP"
    echo "gui-bench: $server up on port $port (pid $SERVER_PID): ${SERVER_CMD[*]}" >&2
    populate=(taskset -c "$GUI_CPU" "$GUI_BENCH_BIN" --mode populate --connect "127.0.0.1:$port" "${shape[@]}")
    echo "gui-bench: $server: ${populate[*]}" >&2
    "${populate[@]}" >"$OUT_DIR/$server/populate.json" || die "populate failed on $server: $(cat "$OUT_DIR/$server/populate.json")"
    server_rss=$(rss_kib "$SERVER_PID")
    gui=("${GUI_RUN[@]}" taskset -c "$GUI_CPU" "$GUI_BENCH_BIN" --connect "127.0.0.1:$port" "${shape[@]}"
         --rate "$RATE" --duration "$DURATION" --changer-cpu "$CHANGER_CPU" --screenshot "$OUT_DIR/$server/big.png" --verbose)
    echo "gui-bench: $server: ${gui[*]}" >&2
    load0=$(cut -d' ' -f1 /proc/loadavg)
    "${gui[@]}" >"$OUT_DIR/$server/gui.json" 2>"$OUT_DIR/$server/gui.log" ||
        die "gui bench failed on $server: $(tail -5 "$OUT_DIR/$server/gui.log") $(cat "$OUT_DIR/$server/gui.json")"
    load1=$(cut -d' ' -f1 /proc/loadavg)
    printf '{"server":"%s","server_rss_kib":%s,"loadavg":"%s..%s","populate":%s,"gui":%s}\n' "$server" "$server_rss" \
        "$load0" "$load1" "$(tail -1 "$OUT_DIR/$server/populate.json")" "$(tail -1 "$OUT_DIR/$server/gui.json")" >>"$RESULTS"
    stop_server
done

GUI_EXAMPLE="${GUI_RUN[*]} taskset -c $GUI_CPU zooscope-gui-bench --connect 127.0.0.1:PORT ${shape[*]} --rate $RATE --duration $DURATION --changer-cpu $CHANGER_CPU"
python3 - "$RESULTS" "$COMMAND" "$GUI_EXAMPLE" "$MACHINE" <<'PY'
import json, sys
results_file, command, gui, machine = sys.argv[1:5]
rows = {r["server"]: r for r in (json.loads(l) for l in open(results_file) if l.strip())}
print("## GUI: browsing a million znodes\n")
print(machine)
print(f"- command: `{command}`")
print(f"- per server: `{gui}`\n")
def g(r, k):
    return r["gui"].get(k)
metrics = [
    # label, getter, unit/format, target
    ("populate (znodes / s)", lambda r: f'{r["populate"]["created"]:,} / {r["populate"]["seconds"]:.1f} s', None, ""),
    ("server RSS after populate, MiB", lambda r: r["server_rss_kib"] / 1024, "{:.0f}", ""),
    ("connect -> root's children painted, ms", lambda r: g(r, "first_paint_root_ms"), "{:.0f}", ""),
    ("expand 20,000 children -> rows painted, ms", lambda r: g(r, "mid_rows_painted_ms"), "{:.0f}", "< 300"),
    ("... -> stats of the rows on screen painted, ms", lambda r: g(r, "mid_stats_painted_ms"), "{:.0f}", ""),
    ("... longest UI stall during it, ms", lambda r: g(r, "mid_expand_max_stall_ms"), "{:.0f}", ""),
    ("expand 200,000 children -> rows painted, ms", lambda r: g(r, "big_rows_painted_ms"), "{:.0f}", "< 1000"),
    ("... -> stats of the rows on screen painted, ms", lambda r: g(r, "big_stats_painted_ms"), "{:.0f}", ""),
    ("... longest UI stall during it, ms", lambda r: g(r, "big_expand_max_stall_ms"), "{:.0f}", ""),
    ("scroll through 200,000 in 40 steps: slowest step, ms", lambda r: g(r, "big_scroll_step_worst_ms"), "{:.0f}", ""),
    ("jump to the middle -> stats there painted, ms", lambda r: g(r, "big_jump_stats_painted_ms"), "{:.0f}", ""),
    ("GUI RSS after browsing, MiB", lambda r: g(r, "rss_after_browsing_kib") / 1024, "{:.0f}", "< 300"),
    ("GUI RSS after the changes / peak, MiB", lambda r: f'{g(r, "rss_after_changes_kib")/1024:.0f} / {g(r, "rss_peak_kib")/1024:.0f}', None, ""),
    ("changes acknowledged / s (set, delete, create)", lambda r: f'{r["gui"]["changer"]["rate"]:.0f} ({r["gui"]["changer"]["sets"]:,}, {r["gui"]["changer"]["deletes"]:,}, {r["gui"]["changer"]["creates"]:,})', None, "5,000"),
    ("watch events reaching the GUI (child / data)", lambda r: f'{g(r, "change_child_events"):,} / {g(r, "change_data_events"):,}', None, ""),
    ("re-listings of the watched level", lambda r: g(r, "change_relists"), "{:,}", ""),
    ("longest UI stall while changing, ms", lambda r: g(r, "change_max_stall_ms"), "{:.0f}", "<= 50"),
    ("99th percentile probe gap (5 ms timer), ms", lambda r: g(r, "change_p99_gap_ms"), "{:.1f}", ""),
    ("probe gaps over 16 ms / over 50 ms", lambda r: f'{g(r, "change_gaps_over_16ms")} / {g(r, "change_gaps_over_50ms")}', None, ""),
    ("level whole again after the changer stopped, ms", lambda r: g(r, "change_caught_up_ms"), "{:.0f}", ""),
    ("rows on screen showing the server's version after it (data watches held)", lambda r: f'{g(r, "change_rows_on_screen_current")} of {g(r, "change_rows_on_screen")} ({g(r, "change_row_watches")})', None, "all"),
    ("load average during the GUI run", lambda r: r["loadavg"], None, ""),
]
servers = [s for s in ("engine", "zookeeper") if s in rows]
both = len(servers) == 2
print("| measurement | " + " | ".join(servers) + (" | engine/ZooKeeper" if both else "") + " | target |")
print("|---|" + "---:|" * len(servers) + ("---:|" if both else "") + "---|")
for label, get, fmt, target in metrics:
    vals = [get(rows[s]) for s in servers]
    cells = [fmt.format(v) if fmt else str(v) for v in vals]
    ratio = ""
    if both and fmt and vals[1]:
        ratio = f"{vals[0]/vals[1]:.2f}x"
    print(f"| {label} | " + " | ".join(cells) + (f" | {ratio}" if both else "") + f" | {target} |")
print(f'\n- Qt platform: {rows[servers[0]]["gui"].get("platform")}')
PY
