#!/usr/bin/env bash
# Lock handover latency: ZooScope's C++ Lock (Curator and kazoo layouts) vs
# Curator 5.4's InterProcessMutex vs kazoo 2.8's Lock, against the engine and
# against Apache ZooKeeper 3.8 on the same machine, one server at a time.
#
# Every client runs the same loop: two sessions in one process pass the lock
# back and forth; in each round the waiter's acquire runs on its own thread,
# its node is in place and watching (5 ms after it appears), then the holder
# releases. A round's handover is the time from release() being called to
# acquire() returning in the waiter, both on CLOCK_MONOTONIC. The first WARMUP
# rounds of each client are dropped (JIT, caches). Prints a markdown section
# (machine, command, a table of median / p90 / p99 / mean in ms).
#
# Usage: bench/run-lock-handover-bench.sh   (knobs are environment variables)
#   BUILD_DIR=build  ROUNDS=300  WARMUP=50  KINDS="engine zookeeper"
#   CLIENTS="cpp-curator curator cpp-kazoo kazoo"  TICK_TIME=2000
#   OUT_DIR=${TMPDIR:-/tmp}/zs-lock-bench.XXXX
# The server is pinned to SERVER_CPU, the clients to LOADGEN_CPU (bench-lib).
# Needs the targets zooscope-server and zooscope-lock-handover, javac
# (default-jdk-headless), libcurator-recipes-java and python3-kazoo.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bench-lib.sh"

ROUNDS=${ROUNDS:-300}
WARMUP=${WARMUP:-50}
KINDS=${KINDS:-engine zookeeper}
CLIENTS=${CLIENTS:-cpp-curator curator cpp-kazoo kazoo}
HANDOVER_BIN=${HANDOVER_BIN:-$BUILD_DIR/bin/zooscope-lock-handover}
CURATOR_CP=/usr/share/java/curator-recipes.jar:/usr/share/java/slf4j-nop.jar

[[ -x $HANDOVER_BIN ]] || die "no $HANDOVER_BIN (build target zooscope-lock-handover, or set BUILD_DIR)"
[[ -x $ENGINE_BIN ]] || die "no engine at $ENGINE_BIN (build target zooscope-server)"
command -v javac >/dev/null || die "javac not found (Debian package default-jdk-headless)"
[[ -f /usr/share/java/curator-recipes.jar ]] || die "Curator not found (libcurator-recipes-java)"
/usr/bin/python3 -c 'import kazoo' 2>/dev/null || die "/usr/bin/python3 cannot import kazoo (python3-kazoo)"
command -v taskset >/dev/null || die "taskset not found (util-linux)"

OUT_DIR=${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/zs-lock-bench.XXXXXX")}
mkdir -p "$OUT_DIR/java"
trap 'stop_server' EXIT
javac -nowarn -cp "$CURATOR_CP" -d "$OUT_DIR/java" "$ZS_SOURCE_DIR/tests/recipes/java/RecipeInterop.java" \
  "$ZS_SOURCE_DIR/tests/support/java/Background.java"
COMMAND="ROUNDS=$ROUNDS WARMUP=$WARMUP KINDS=\"$KINDS\" bench/run-lock-handover-bench.sh"
MACHINE=$(machine_info "$OUT_DIR")
echo "bench: results in $OUT_DIR" >&2

run_client() {  # CLIENT HOSTS PATH -> HANDOVER lines on stdout
    local client=$1 hosts=$2 path=$3
    local pin=(taskset -c "$LOADGEN_CPU")
    case $client in
    cpp-curator) "${pin[@]}" "$HANDOVER_BIN" --connect "$hosts" --path "$path" --layout curator --rounds "$ROUNDS" ;;
    cpp-kazoo) "${pin[@]}" "$HANDOVER_BIN" --connect "$hosts" --path "$path" --layout kazoo --rounds "$ROUNDS" ;;
    curator) "${pin[@]}" "$JAVA" -cp "$OUT_DIR/java:$CURATOR_CP" RecipeInterop handover bench "$hosts" "$path" "$ROUNDS" |
        sed -n 's/^HANDOVER bench /HANDOVER /p; /^DONE/p; /^ERROR/p' ;;
    kazoo) "${pin[@]}" /usr/bin/python3 "$ZS_SOURCE_DIR/tests/recipes/python/kazoo_interop.py" handover "$hosts" "$path" "$ROUNDS" ;;
    *) die "unknown client $client" ;;
    esac
}

for kind in $KINDS; do
    port=$(free_port)
    start_server "$kind" "$OUT_DIR/$kind" "$port"
    for client in $CLIENTS; do
        echo "bench: $kind / $client" >&2
        run_client "$client" "127.0.0.1:$port" "/bench-$client" >"$OUT_DIR/$kind-$client.txt" ||
            die "$kind/$client failed (see $OUT_DIR/$kind-$client.txt)"
        grep -q '^DONE' "$OUT_DIR/$kind-$client.txt" || die "$kind/$client did not finish: $(tail -3 "$OUT_DIR/$kind-$client.txt")"
    done
    stop_server
done

python3 - "$OUT_DIR" "$WARMUP" "$COMMAND" "$MACHINE" "$KINDS" "$CLIENTS" <<'PY'
import statistics, sys
out, warmup, command, machine, kinds, clients = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5].split(), sys.argv[6].split()
names = {"cpp-curator": "ZooScope C++ Lock (Curator layout)", "curator": "Curator InterProcessMutex",
         "cpp-kazoo": "ZooScope C++ Lock (kazoo layout)", "kazoo": "kazoo Lock"}
def pct(v, p):
    v = sorted(v)
    return v[min(len(v) - 1, int(round(p / 100 * (len(v) - 1))))]
print("### Lock handover latency\n")
print("Machine:\n" + machine + "\n")
print("Command: `" + command + "`\n")
print("| server | client | rounds | median ms | p90 ms | p99 ms | mean ms |")
print("|---|---|---:|---:|---:|---:|---:|")
for kind in kinds:
    for client in clients:
        ns = [int(l.split()[1]) for l in open(f"{out}/{kind}-{client}.txt") if l.startswith("HANDOVER ")][warmup:]
        ms = [x / 1e6 for x in ns]
        print(f"| {'engine' if kind == 'engine' else 'Apache ZooKeeper'} | {names[client]} | {len(ms)} | "
              f"{statistics.median(ms):.2f} | {pct(ms, 90):.2f} | {pct(ms, 99):.2f} | {statistics.mean(ms):.2f} |")
PY
