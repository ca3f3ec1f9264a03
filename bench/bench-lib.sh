# Shared helpers for the scripts in bench/ (run-server-bench.sh, run-gui-bench.sh,
# run-ensemble-bench.sh, memory-per-znode.sh).
# Sourced, not executed. Servers listen on 127.0.0.1 only; every server this
# file starts is killed by stop_server or by the EXIT trap of the caller.

ZS_SOURCE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD_DIR=${BUILD_DIR:-$ZS_SOURCE_DIR/build}
ENGINE_BIN=${ENGINE_BIN:-$BUILD_DIR/bin/zooscope-server}
LOADGEN_BIN=${LOADGEN_BIN:-$BUILD_DIR/bin/zooscope-loadgen}
ZK_CLASSPATH=${ZK_CLASSPATH:-/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-simple.jar}
JAVA=${JAVA:-java}
TICK_TIME=${TICK_TIME:-2000}
SERVER_CPU=${SERVER_CPU:-0}
LOADGEN_CPU=${LOADGEN_CPU:-1}
# Scheduling priority of the servers and load generators (nice -n; below 0
# needs root). On a machine shared with niced builds, -10 keeps their CPU
# share from deciding the result; both servers get the same.
BENCH_NICE=${BENCH_NICE:-0}
PIN_SERVER=(nice -n "$BENCH_NICE" taskset -c "$SERVER_CPU")
PIN_LOADGEN=(nice -n "$BENCH_NICE" taskset -c "$LOADGEN_CPU")

die() { echo "error: $*" >&2; exit 1; }

check_tools() {
    [[ -x $ENGINE_BIN ]] || die "no engine at $ENGINE_BIN (build target zooscope-server, or set BUILD_DIR/ENGINE_BIN)"
    [[ -x $LOADGEN_BIN ]] || die "no loadgen at $LOADGEN_BIN (build target zooscope-loadgen, or set BUILD_DIR/LOADGEN_BIN)"
    command -v taskset >/dev/null || die "taskset not found (util-linux)"
    command -v "$JAVA" >/dev/null || die "java not found"
    command -v python3 >/dev/null || die "python3 not found"
    local jar
    for jar in ${ZK_CLASSPATH//:/ }; do [[ -f $jar ]] || die "missing $jar (Debian packages zookeeper, libslf4j-java)"; done
}

# free_port: a port nothing listens on right now.
free_port() {
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# four_letter PORT WORD: the server's answer ("" on failure).
four_letter() {
    python3 - "$1" "$2" <<'PY'
import socket, sys
try:
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=2)
    s.sendall(sys.argv[2].encode())
    out = b""
    while True:
        b = s.recv(4096)
        if not b: break
        out += b
    sys.stdout.write(out.decode(errors="replace"))
except OSError:
    pass
PY
}

# write_cfg FILE PORT DATADIR: the same zoo.cfg for both servers (fsync on:
# ZooKeeper's default forceSync=yes is left alone).
write_cfg() {
    cat >"$1" <<CFG
tickTime=$TICK_TIME
initLimit=10
syncLimit=5
dataDir=$3
clientPort=$2
clientPortAddress=127.0.0.1
4lw.commands.whitelist=srvr,ruok,mntr
admin.enableServer=false
CFG
    # EXTRA_CFG: more zoo.cfg lines for both servers (e.g. "snapCount=1000000"), newline-separated.
    [[ -z ${EXTRA_CFG:-} ]] || printf '%s\n' "$EXTRA_CFG" >>"$1"
}

# start_server KIND DIR PORT [HEAP]: starts "engine" or "zookeeper" pinned to
# SERVER_CPU with its dataDir in DIR/data; sets SERVER_PID and
# SERVER_CMD; waits (up to 60 s) until `srvr` reports a Mode. HEAP (e.g. 2g)
# is ZooKeeper's JVM -Xmx; without it the JVM picks its default. The engine
# ignores HEAP.
start_server() {
    local kind=$1 dir=$2 port=$3 heap=${4:-}
    mkdir -p "$dir/data"
    write_cfg "$dir/zoo.cfg" "$port" "$dir/data"
    if [[ $kind == engine ]]; then
        SERVER_CMD=("${PIN_SERVER[@]}" "$ENGINE_BIN" --config "$dir/zoo.cfg" --log-level warn)
    else
        # Default JVM settings, as `zkServer.sh start` with an empty java.env
        # would use; only the log destination (and HEAP, when given) is set.
        SERVER_CMD=("${PIN_SERVER[@]}" "$JAVA")
        [[ -n $heap ]] && SERVER_CMD+=("-Xmx$heap")
        SERVER_CMD+=("-Dorg.slf4j.simpleLogger.logFile=$dir/server.log"
                     -cp "$ZK_CLASSPATH" org.apache.zookeeper.server.ZooKeeperServerMain "$dir/zoo.cfg")
    fi
    "${SERVER_CMD[@]}" >>"$dir/server.log" 2>&1 &
    SERVER_PID=$!
    local i
    for ((i = 0; i < 600; i++)); do
        if four_letter "$port" srvr | grep -q '^Mode:'; then return 0; fi
        kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$dir/server.log" >&2; die "$kind exited during start"; }
        sleep 0.1
    done
    tail -20 "$dir/server.log" >&2
    die "$kind did not come up on port $port within 60 s"
}

stop_server() {
    [[ -n ${SERVER_PID:-} ]] || return 0
    kill "$SERVER_PID" 2>/dev/null || true
    local i
    for ((i = 0; i < 100; i++)); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# machine_info DATA_DIR: markdown bullet list of what the numbers ran on.
machine_info() {
    local src fstype
    src=$(findmnt -no SOURCE -T "$1" 2>/dev/null | head -1)
    fstype=$(findmnt -no FSTYPE -T "$1" 2>/dev/null | head -1)
    local dev=${src#/dev/}
    local rota=""
    [[ -n $dev && -r /sys/block/${dev%%[0-9]*}/queue/rotational ]] &&
        rota=$(cat "/sys/block/${dev%%[0-9]*}/queue/rotational")
    echo "- nproc: $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "- kernel: $(uname -sr); memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "- data disk: $src ($fstype$( [[ $rota == 0 ]] && echo ", non-rotational")$( [[ $rota == 1 ]] && echo ", rotational")), dataDirs under $1"
    echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- java: $("$JAVA" -version 2>&1 | head -1); ZooKeeper: $(basename "$(readlink -f /usr/share/java/zookeeper.jar)")"
    echo "- zooscope: $(git -C "$ZS_SOURCE_DIR" rev-parse --short HEAD 2>/dev/null); latest core/storage commit: $(git -C "$ZS_SOURCE_DIR" log -1 --format="%h %s" -- core/storage 2>/dev/null | cut -c1-100)"
}

# run_client_per_server NAME BIN [ARGS...]: the shape of the one-client
# benches. Checks BIN and the engine, makes OUT_DIR (default a temp dir named
# for NAME) and MACHINE, then for each kind of $KINDS starts that server, runs
# BIN --connect 127.0.0.1:PORT ARGS... pinned to LOADGEN_CPU into
# $OUT_DIR/<kind>.txt (stderr: .err), requires its DONE line, stops the server.
run_client_per_server() {
    local name=$1 bin=$2 kind port
    shift 2
    [[ -x $bin ]] || die "no $bin (build target $(basename "$bin"), or set BUILD_DIR)"
    [[ -x $ENGINE_BIN ]] || die "no engine at $ENGINE_BIN (build target zooscope-server)"
    command -v taskset >/dev/null || die "taskset not found (util-linux)"
    OUT_DIR=${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/zs-$name-bench.XXXXXX")}
    trap 'stop_server' EXIT
    MACHINE=$(machine_info "$OUT_DIR")
    echo "bench: results in $OUT_DIR" >&2
    for kind in $KINDS; do
        port=$(free_port)
        start_server "$kind" "$OUT_DIR/$kind" "$port"
        echo "bench: $kind" >&2
        "${PIN_LOADGEN[@]}" "$bin" --connect "127.0.0.1:$port" "$@" >"$OUT_DIR/$kind.txt" 2>"$OUT_DIR/$kind.err" ||
            die "$kind failed: $(tail -3 "$OUT_DIR/$kind.err")"
        grep -q '^DONE' "$OUT_DIR/$kind.txt" || die "$kind did not finish"
        stop_server
    done
}

# cpu_ticks PID: utime+stime of all its threads, in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
ticks_to_s() { awk -v t="$1" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.2f", t / hz}'; }
# secs 20s|500ms|2m|20 -> seconds for sleep.
secs() {
    case $1 in
    *ms) awk -v v="${1%ms}" 'BEGIN {print v / 1000}' ;;
    *s) echo "${1%s}" ;;
    *m) awk -v v="${1%m}" 'BEGIN {print v * 60}' ;;
    *) echo "$1" ;;
    esac
}
