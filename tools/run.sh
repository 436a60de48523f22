#!/usr/bin/env bash
# Set up a Debian 12 machine, build govforms, and run the main job on the
# bundled samples: every filled form in samples/ is read and validated; its
# record goes to out/NAME.json and, for a valid form, its confirmation sheet
# to out/NAME.pdf; a summary is printed on the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
G=build/govforms
mkdir -p out
status=0
"$G" convert samples/*.docx samples/*.xml -d out --set system.operating_hours=7×24小时 \
  2>out/convert.log || status=$?
"$G" validate samples/*.docx samples/*.xml || true
echo
echo "out/: $(ls out/*.json | wc -l) records, $(ls out/*.pdf | wc -l) sheets" \
  "(invalid forms get a record only; see out/convert.log)"
