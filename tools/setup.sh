#!/usr/bin/env bash
# Set up a Debian 12 machine for govforms and build it.
#   tools/setup.sh            install what is missing (as root, via apt-get), configure, build
#   tools/setup.sh --deps     only install packages
# Build directory: build/ (override with BUILD_DIR). Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

# Build: compiler, cmake, pkg-config and the libraries.
build_pkgs="gcc g++ make libc6-dev cmake pkg-config
  libxml2-dev libzip-dev libpcre2-dev libfreetype-dev libhpdf-dev libjansson-dev
  libqrencode-dev libmicrohttpd-dev libsqlite3-dev libzbar-dev libjpeg-dev libpng-dev
  libmupdf-dev libmujs-dev libgumbo-dev libjbig2dec0-dev libopenjp2-7-dev libharfbuzz-dev
  libcmocka-dev"
# Run time: the fonts of the confirmation sheets (see fonts/README.md).
font_pkgs="fonts-arphic-uming fonts-wqy-zenhei fonts-hanazono fonts-babelstone-han fonts-dejavu-core"
# Tests: PDF text/fonts/structure checks, QR decoding, the browser test, a fuzz
# replay and sanitizer runtime, valgrind.
test_pkgs="poppler-utils qpdf zbar-tools clang libclang-rt-14-dev valgrind
  chromium curl sqlite3 file procps"
# Node.js drives Chromium in the page's test; a machine that has node and npm
# already (from nodesource or nvm) keeps them: Debian's npm would conflict.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  test_pkgs="$test_pkgs nodejs npm"
fi

want="$build_pkgs $font_pkgs"
if [ "${1:-}" = "--test" ] || [ "${GF_SETUP_TESTS:-0}" = 1 ]; then
  want="$want $test_pkgs"
fi

missing=""
for p in $want; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  echo "govforms setup: installing$missing" >&2
  if [ "$(id -u)" -ne 0 ]; then
    SUDO=sudo
  else
    SUDO=
  fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  # shellcheck disable=SC2086
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ "${1:-}" = "--deps" ] && exit 0

BUILD_DIR=${BUILD_DIR:-build}
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
