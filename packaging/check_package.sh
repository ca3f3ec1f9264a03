#!/usr/bin/env bash
# Builds the .deb with CPack and checks it.
#
#   packaging/check_package.sh validate    BUILD_DIR   # cpack -G DEB; desktop-file-validate and
#                                                     # appstreamcli validate --no-net on the files in the .deb
#   packaging/check_package.sh debootstrap BUILD_DIR   # also: a fresh Debian 12 root (debootstrap,
#                                                     # Debian's mirror only), apt installs the .deb there and
#                                                     # the three binaries' --version run inside it. Needs root.
#
# BUILD_DIR must have zooscope, zooscope-server and zooscope-ctl built. Exit status 0 = every check passed.
set -euo pipefail

mode="${1:?usage: check_package.sh validate|debootstrap BUILD_DIR}"
build="$(cd "${2:?usage: check_package.sh validate|debootstrap BUILD_DIR}" && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/zooscope-pkg.XXXXXX")"
root="$work/root"
cleanup() {
  if [ -d "$root" ]; then
    for m in proc sys dev/pts dev; do umount -l "$root/$m" 2>/dev/null || true; done
  fi
  rm -rf "$work"
}
trap cleanup EXIT
say() { printf '==> %s\n' "$*"; }

say "cpack -G DEB in $build"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb="$(ls "$work"/out/zooscope_*.deb)"
say "built $(basename "$deb")"
dpkg-deb --field "$deb" Package Version Architecture Depends Recommends
dpkg-deb -c "$deb" | awk '{print $6}' | tee "$work/contents"

for f in ./usr/bin/zooscope ./usr/bin/zooscope-server ./usr/bin/zooscope-ctl ./usr/share/icons/hicolor/scalable/apps/zooscope.svg \
         ./usr/share/applications/io.github.zooscope.ZooScope.desktop \
         ./usr/share/metainfo/io.github.zooscope.ZooScope.metainfo.xml; do
  grep -qx "$f" "$work/contents" || { echo "missing in the package: $f"; exit 1; }
done

dpkg-deb -x "$deb" "$work/extract"
say "desktop-file-validate"
desktop-file-validate "$work/extract/usr/share/applications/io.github.zooscope.ZooScope.desktop"
say "appstreamcli validate --no-net"
appstreamcli validate --no-net "$work/extract/usr/share/metainfo/io.github.zooscope.ZooScope.metainfo.xml"
"$work/extract/usr/bin/zooscope" --version
"$work/extract/usr/bin/zooscope-server" --version
"$work/extract/usr/bin/zooscope-ctl" --version

[ "$mode" = validate ] && { say "validate: OK"; exit 0; }
[ "$mode" = debootstrap ] || { echo "unknown mode $mode"; exit 2; }
source "$(dirname "$0")/debian_root.sh"
zs_debian_root "$root" "$work/debootstrap.log"
mount -t proc proc "$root/proc"
cp "$deb" "$root/tmp/"
say "apt-get install ./$(basename "$deb") in the fresh root"
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
chroot "$root" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "/tmp/$(basename "$deb")" >"$work/install.log" 2>&1 || { tail -40 "$work/install.log"; exit 1; }
say "running the installed binaries"
chroot "$root" /usr/bin/zooscope --version
chroot "$root" /usr/bin/zooscope-server --version
chroot "$root" /usr/bin/zooscope-ctl --version
chroot "$root" dpkg -L zooscope | grep -E '^/usr/(bin|share/(applications|metainfo|icons))/' 
say "debootstrap: OK ($(date -u +%Y-%m-%d), $(basename "$deb"))"
