# Sourced by check_package.sh and check_fresh_machine.sh: the one way this
# project makes a fresh Debian 12 root. Not run on its own.
#
#   zs_debian_root ROOT LOG   debootstrap --variant=minbase bookworm into ROOT (Debian's
#                             mirrors only, ZS_DEBIAN_MIRROR / ZS_DEBIAN_SECURITY_MIRROR to
#                             override), with bookworm, -updates and -security in its
#                             sources.list and the host's resolv.conf. Output goes to LOG;
#                             on failure its tail is printed and the status is 1.

zs_debian_root() {
  local root="$1" log="$2"
  local mirror="${ZS_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
  local security_mirror="${ZS_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
  [ "$(id -u)" -eq 0 ] || { echo "a Debian root needs root (debootstrap, chroot, mounts)" >&2; return 1; }
  command -v debootstrap >/dev/null || { echo "debootstrap is not installed (apt-get install debootstrap)" >&2; return 1; }
  printf '==> %s\n' "debootstrap --variant=minbase bookworm into $root from $mirror"
  debootstrap --variant=minbase bookworm "$root" "$mirror" >"$log" 2>&1 || { tail -30 "$log"; return 1; }
  cat >"$root/etc/apt/sources.list" <<SOURCES
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $security_mirror bookworm-security main
SOURCES
  cp /etc/resolv.conf "$root/etc/resolv.conf"
}
