#!/usr/bin/env bash
# Rewrite tests/golden/*.json from the current build after a deliberate change
# to records; review the diff before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/golden
cmake --build build --target test_samples >/dev/null
GF_UPDATE_GOLDEN=1 GOVFORMS_TEMPLATES="$PWD/templates" ./build/tests/test_samples >/dev/null
git status --short tests/golden
