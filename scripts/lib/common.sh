# Shared by scripts/build, scripts/run and scripts/test. Sourced, not run.
set -euo pipefail

ZS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ZS_BUILD="${ZS_BUILD_DIR:-$ZS_ROOT/build}"

# Debian 12 packages: toolchain, libraries, and the real peers the tests drive.
ZS_PACKAGES=(
  build-essential cmake ninja-build pkg-config python3
  # libqt6opengl6-dev: Qt6Charts' CMake config needs Qt6OpenGL, which qt6-base-dev only recommends.
  qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
  libssl-dev qtkeychain-qt6-dev libzookeeper-mt-dev libspdlog-dev libasio-dev libyaml-cpp-dev
  libisal-dev  # ISA-L: CRC-32C of the transaction log (bench/crc32c)
  libxxhash-dev  # XXH64 of the stream ring (core/stream, header-only)
  python3-xxhash  # the stream tests' outside checker recomputes the ring
  libcli11-dev nlohmann-json3-dev  # CLI11: every command line; nlohmann: JSON of export, benches, zooscope-ctl
  libcpp-httplib-dev
  zookeeper zookeeper-bin python3-kazoo
  libservlet-api-java  # servlet-api.jar: without it Debian's ZooKeeper runs no AdminServer
  default-jdk-headless  # javac, for the Curator helper of tst_recipes_interop
  libcurator-framework-java libcurator-recipes-java libcurator-client-java
  libzookeeper-java  # zookeeper-recipes-lock/-election jars: ZooKeeper's own recipes in tst_reader_interop
  xvfb xauth gnome-keyring dbus-x11 libsecret-1-0
  openssl  # tst_acl_model cross-checks digest ACL hashes with the openssl command
  fonts-wqy-microhei  # a CJK font, so Chinese renders under Xvfb and in the zh_CN screenshot
  desktop-file-utils appstream debootstrap
  file  # CPack's DEB generator runs it (dpkg-shlibdeps on the binaries)
  # The fuzz build (fuzz/build.sh): clang, libFuzzer, and the ASan/UBSan runtimes
  # (libclang-rt-14-dev, which clang only recommends).
  clang libfuzzer-14-dev libclang-rt-14-dev
)

zs_log() { printf '==> %s\n' "$*" >&2; }

zs_install_deps() {
  local missing=()
  for p in "${ZS_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  zs_log "installing missing Debian packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# zs_ctest_label_args ARRAY: appends to ARRAY the ctest label filters both
# test scripts share: every label but `slow` unless ZS_TEST_EXCLUDE says
# otherwise (empty: exclude nothing), and ZS_TEST_LABELS as -L when set.
zs_ctest_label_args() {
  local -n out="$1"
  local exclude="${ZS_TEST_EXCLUDE-slow}"
  [ -n "$exclude" ] && out+=(-LE "$exclude")
  [ -n "${ZS_TEST_LABELS:-}" ] && out+=(-L "$ZS_TEST_LABELS")
  return 0
}

zs_configure_build() {
  local preset="default"
  [ "${CI:-}" = "true" ] && preset="ci"
  if [ ! -f "$ZS_BUILD/build.ninja" ]; then
    zs_log "configuring ($preset) in $ZS_BUILD"
    cmake -S "$ZS_ROOT" -B "$ZS_BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      $([ "$preset" = ci ] && echo -DZOOSCOPE_WERROR=ON) >/dev/null
  fi
  zs_log "building"
  cmake --build "$ZS_BUILD" -j"$(nproc)"
}
