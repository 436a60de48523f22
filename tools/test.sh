#!/usr/bin/env bash
# Set up a Debian 12 machine, build govforms twice (optimised, and with
# AddressSanitizer + UndefinedBehaviorSanitizer) and run every test in both.
set -euo pipefail
cd "$(dirname "$0")/.."
GF_SETUP_TESTS=1 tools/setup.sh --deps
tools/check-style.sh

jobs=$(nproc)
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
ctest --test-dir build --output-on-failure -j"$jobs"

cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DGF_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE no-asan
echo "govforms: all tests passed (release and ASan+UBSan builds)"
