#!/usr/bin/env bash
# Collects the seed corpora of the fuzz targets from real traffic and real
# files, and keeps of them what reaches distinct code:
#   fuzz/tools/capture_seeds.sh BUILD_DIR
# BUILD_DIR is a normal build (its bin/zooscope-server runs the engine) whose
# fuzz build is BUILD_DIR/clang-fuzz (fuzz/build.sh; its binaries merge).
#
# 1. A standalone engine (snapCount 40, so that snapshots are taken) behind
#    record_relay.py, driven by the real clients: kazoo (the tst_kazoo
#    scenario), Curator (the tst_curator scenario), zkCli.sh and the C
#    client's cli_mt (commands from their tests), and four-letter words.
# 2. A three-member engine ensemble whose members reach each other through
#    the relay (the peer transport connects out to every peer, so a plain
#    relay sees every message), with kazoo writing through each member.
# 3. split_seeds.py cuts the recordings, the data directories, the srvr and
#    stat answers of every member and the configuration files into inputs
#    per target; real zoo.cfg and Java
#    properties files of this machine and the export files of
#    tests/unit/data join them.
# 4. libFuzzer -merge keeps, per target, the inputs that add coverage:
#    fuzz/corpus/<target>/seed/ is replaced (only for the targets named in
#    ZS_SEED_TARGETS, space-separated, when it is set).
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "$0")/../.." && pwd)
fuzzbin=$build/clang-fuzz/bin
server=$build/bin/zooscope-server
py=/usr/bin/python3
work=$(mktemp -d "${TMPDIR:-/tmp}/zs-capture-XXXXXX")
cap=$work/capture
mkdir -p "$cap/data" "$cap/cfg" "$cap/export"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

freeport() {
  $py -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "nothing listens on $1" >&2
  return 1
}
fourletter_answer() {
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%s' "$2" >&3
  cat <&3 || true
  exec 3<&-
}
fourletter() {
  exec 3<>"/dev/tcp/127.0.0.1/$1"
  printf '%s' "$2" >&3
  cat <&3 >/dev/null || true
  exec 3<&-
}

# ---- 1. standalone engine, real clients
port=$(freeport)
relay=$(freeport)
mkdir -p "$cap/data/standalone"
cat >"$cap/cfg/standalone.cfg" <<CFG
tickTime=2000
dataDir=$cap/data/standalone
clientPort=$port
clientPortAddress=127.0.0.1
4lw.commands.whitelist=*
extendedTypesEnabled=true
snapCount=40
CFG
"$server" --config "$cap/cfg/standalone.cfg" --log-level warn &
pids+=($!)
$py "$src/fuzz/tools/record_relay.py" "$cap" "client:$relay:$port" >/dev/null &
pids+=($!)
wait_port "$port"
wait_port "$relay"

echo "==> kazoo" >&2
$py "$src/tests/clients/python/kazoo_scenario.py" "127.0.0.1:$relay" >/dev/null || true

echo "==> Curator" >&2
coproc CURATOR { java -Djava.awt.headless=true -cp /usr/share/java/curator-recipes.jar:/usr/share/java/slf4j-nop.jar \
  "$src/tests/clients/java/CuratorScenario.java" "127.0.0.1:$relay" 2>&1; }
while read -r line <&"${CURATOR[0]}"; do
  case $line in "READY cache") echo cache-done >&"${CURATOR[1]}" ;; DONE | ERROR*) break ;; esac
done
wait "$CURATOR_PID" || true

echo "==> zkCli.sh" >&2
/usr/share/zookeeper/bin/zkCli.sh -server "127.0.0.1:$relay" >/dev/null 2>&1 <<'CMDS' || true
create /zs hello
create -e /zs/eph e1
create -s /zs/seq- s1
create -c /zs/cont c
create -t 60000 /zs/ttl t
ls -s /zs
ls -R /zs
get -s /zs
set /zs world
set -v 7 /zs bad
stat /zs
getEphemerals /zs
whoami
addauth digest user:pass
create /zs/acl x
setAcl /zs/acl auth:user:pass:crdwa
getAcl /zs/acl
sync /zs
addWatch -m PERSISTENT_RECURSIVE /zs
set /zs again
removewatches /zs
getAllChildrenNumber /zs
deleteall /zs
quit
CMDS

echo "==> cli_mt" >&2
{
  for c in "create /cm" "create +e /cm/e" "create +s /cm/s-" "create +c /cm/c" "create +t=60000 /cm/t" \
           "create2 /cm/two" "ls /cm" "ls2 /cm" "get /cm" "set /cm hello" "wexists /cm/w" "exists /cm" \
           "sync /cm" "addauth digest u:p" "delete /cm/two" "config" "quit"; do
    echo "$c"
    sleep 0.3
  done
} | /usr/lib/zookeeper/bin/cli_mt "127.0.0.1:$relay" >/dev/null 2>&1 || true

echo "==> four-letter words" >&2
for w in ruok srvr stat mntr cons envi conf wchs dump isro; do fourletter "$relay" "$w"; done
# The answers the dashboard and the ensemble launcher read (srvr_mode, srvr_info).
mkdir -p "$cap/srvr"
for w in srvr stat; do fourletter_answer "$port" "$w" >"$cap/srvr/standalone-$w.txt"; done

kill "${pids[@]}"
wait "${pids[@]}" 2>/dev/null || true
pids=()

# ---- 2. an ensemble of three engines; each member reaches its peers through the relay
echo "==> ensemble" >&2
declare -A cport qport eport
specs=()
for i in 1 2 3; do cport[$i]=$(freeport); qport[$i]=$(freeport); eport[$i]=$(freeport); done
for i in 1 2 3; do
  mkdir -p "$cap/data/member$i"
  echo "$i" >"$cap/data/member$i/myid"
  {
    printf 'tickTime=200\ninitLimit=10\nsyncLimit=5\nsnapCount=40\n4lw.commands.whitelist=*\n'
    printf 'dataDir=%s\nclientPort=%s\nclientPortAddress=127.0.0.1\n' "$cap/data/member$i" "${cport[$i]}"
    for j in 1 2 3; do
      if [ "$i" = "$j" ]; then
        printf 'server.%s=127.0.0.1:%s:%s\n' "$j" "${qport[$j]}" "${eport[$j]}"
      else
        q=$(freeport); e=$(freeport)
        specs+=("peer:$q:${qport[$j]}" "peer:$e:${eport[$j]}")
        printf 'server.%s=127.0.0.1:%s:%s\n' "$j" "$q" "$e"
      fi
    done
  } >"$cap/cfg/member$i.cfg"
done
$py "$src/fuzz/tools/record_relay.py" "$cap" "${specs[@]}" >/dev/null &
pids+=($!)
for i in 1 2 3; do
  "$server" --config "$cap/cfg/member$i.cfg" --log-level warn &
  pids+=($!)
done
for i in 1 2 3; do wait_port "${cport[$i]}"; done
$py - "${cport[1]}" "${cport[2]}" "${cport[3]}" <<'PY'
import sys, time
from kazoo.client import KazooClient
for port in sys.argv[1:]:
    for attempt in range(60):
        try:
            c = KazooClient(hosts=f"127.0.0.1:{port}", timeout=10.0)
            c.start(timeout=10)
            break
        except Exception:
            time.sleep(0.5)
    base = f"/e{port}"
    c.create(base, b"member")
    c.create(base + "/eph", b"e", ephemeral=True)
    c.create(base + "/seq-", b"s", sequence=True)
    c.set(base, b"changed")
    t = c.transaction()
    t.create(base + "/t1", b"x")
    t.check(base, 1)
    t.set_data(base, b"in-txn")
    t.commit()
    c.set_acls(base + "/t1", c.get_acls(base)[0])
    c.sync(base)
    c.delete(base + "/t1")
    for i in range(30):
        c.set(base, str(i).encode())
    c.stop()
    c.close()
PY
for i in 1 2 3; do
  for w in srvr stat; do fourletter_answer "${cport[$i]}" "$w" >"$cap/srvr/member$i-$w.txt"; done
done
kill "${pids[@]}"
wait "${pids[@]}" 2>/dev/null || true
pids=()

# ---- 3. real files of this machine and of the tests; then one input per file
for f in /etc/zookeeper/conf/zoo.cfg; do [ -f "$f" ] && cp "$f" "$cap/cfg/debian-zoo.cfg"; done
for f in /etc/zookeeper/conf/log4j.properties /etc/java-*/logging.properties /etc/java-*/net.properties \
         /etc/java-*/security/java.security; do
  [ -f "$f" ] && cp "$f" "$cap/cfg/$(basename "$(dirname "$f")")-$(basename "$f")"
done
cp "$src"/tests/unit/data/export_v1_*.json "$cap/export/"
$py "$src/fuzz/tools/split_seeds.py" "$cap" "$work/raw"

# ---- 4. keep what adds coverage
for dir in "$work"/raw/*/; do
  target=$(basename "$dir")
  case " ${ZS_SEED_TARGETS:-$target} " in *" $target "*) ;; *) continue ;; esac
  seed=$src/fuzz/corpus/$target/seed
  rm -rf "$seed"
  mkdir -p "$seed"
  "$fuzzbin/fuzz_$target" -merge=1 -timeout=10 -rss_limit_mb=2048 "$seed" "$dir" 2>"$work/merge-$target.log" ||
    { cat "$work/merge-$target.log" >&2; exit 1; }
  echo "$target: $(ls "$dir" | wc -l) captured, $(ls "$seed" | wc -l) kept" >&2
done
