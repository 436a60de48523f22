#!/usr/bin/env bash
# Set up a Debian 12 machine, build govforms, and run the main job on the
# bundled samples: every filled form in samples/ is read, validated and
# written as a record to out/ (JSON and XML), with a summary on the terminal.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
G=build/govforms
mkdir -p out
status=0
for f in samples/*.docx samples/*.xml; do
  name=$(basename "${f%.*}").${f##*.}
  "$G" extract "$f" -o "out/$name.json" || status=$?
  "$G" extract --format xml "$f" -o "out/$name.xml" || true
done
"$G" validate samples/*.docx samples/*.xml || true
echo
echo "records in out/ (JSON and XML); exit status of the worst form: $status"
