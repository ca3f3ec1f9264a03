#!/usr/bin/env bash
# Proves the README's promise on a truly fresh Debian 12: a minbase root made
# with debootstrap (only git and ca-certificates added), a clone of this
# checkout's HEAD inside it, and `ZS_TEST_LABELS=unit scripts/test` run there
# as root. The build is whole even though only the unit label runs, so every
# -dev package missing from scripts/lib/common.sh shows up as a configure or
# compile error.
#
#   packaging/check_fresh_machine.sh [SOURCE_DIR]     # needs root; SOURCE_DIR defaults to this checkout
#
# Only what is committed is checked (HEAD, not the work tree). Environment:
#   ZS_DEBIAN_MIRROR, ZS_DEBIAN_SECURITY_MIRROR   mirrors (default deb.debian.org)
#   ZS_FRESH_LABELS   ctest labels to run in the root (default: unit)
#   ZS_FRESH_KEEP=1   keep the root afterwards (its path is printed)
# Exit status 0 = scripts/test passed in the fresh root. The last line names
# the date and commit, for the README.
set -euo pipefail

src="$(cd "${1:-$(dirname "$0")/..}" && pwd)"
labels="${ZS_FRESH_LABELS:-unit}"
say() { printf '==> %s\n' "$*"; }

source "$(dirname "$0")/debian_root.sh"
commit="$(git -C "$src" rev-parse HEAD)"

work="$(mktemp -d "${TMPDIR:-/var/tmp}/zooscope-fresh.XXXXXX")"
root="$work/root"
mounted=()
cleanup() {
  local i
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
  # A process left in the root (a test server) would keep its files busy.
  if [ -d "$root" ]; then
    for p in /proc/[0-9]*; do
      [ "$(readlink "$p/root" 2>/dev/null)" = "$root" ] && kill -9 "${p#/proc/}" 2>/dev/null || true
    done
  fi
  if [ "${ZS_FRESH_KEEP:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
bind() {  # bind SRC DEST-in-root
  mkdir -p "$root$2"
  mount --bind "$1" "$root$2"
  mounted+=("$root$2")
}

zs_debian_root "$root" "$work/debootstrap.log"
mount -t proc proc "$root/proc"; mounted+=("$root/proc")
mount -t sysfs sysfs "$root/sys"; mounted+=("$root/sys")
bind /dev /dev
bind /dev/pts /dev/pts
mount -t tmpfs tmpfs "$root/dev/shm"; mounted+=("$root/dev/shm")

in_root() { chroot "$root" env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/root LANG=C.UTF-8 TERM=dumb "$@"; }

say "adding git and ca-certificates (nothing else)"
in_root apt-get update -qq
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git ca-certificates \
  >"$work/git-install.log" 2>&1 || { tail -30 "$work/git-install.log"; exit 1; }

say "cloning $src at ${commit:0:12} into the root"
bind "$src" /mnt/source
in_root git config --global --add safe.directory '*'
in_root git clone -q /mnt/source /root/zooscope
in_root git -C /root/zooscope checkout -q "$commit"

say "ZS_TEST_LABELS=$labels scripts/test, as root, in the fresh root"
status=0
in_root bash -c "cd /root/zooscope && ZS_TEST_LABELS='$labels' scripts/test" 2>&1 | tee "$work/test.log" ||
  status=$?
if [ "$status" -eq 0 ]; then
  say "fresh machine: OK ($(date -u +%Y-%m-%d), commit ${commit:0:12}, labels $labels)"
else
  say "fresh machine: FAILED with status $status ($(date -u +%Y-%m-%d), commit ${commit:0:12})"
fi
exit "$status"
