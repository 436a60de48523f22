#!/usr/bin/env bash
# bench_sheet.sh - govforms convert (record + PDF) against LibreOffice
# (soffice --headless --convert-to pdf) on the same DOCX files, one run each;
# prints the time per document, the ratio and both peak RSS figures.
#
#   bench/bench_sheet.sh [-B BUILD_DIR] [DOCX...]      (default: samples/*.docx)
#
# When the govforms binary has no working `convert` yet, the govforms side
# times the sheet stage alone (bench_sheet render over tests/data/records) and
# says so.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$root/build
if [ "${1:-}" = "-B" ]; then build=$2; shift 2; fi
bench=$build/bench/bench_sheet
[ -x "$bench" ] || bench=$build/bench_sheet
gov=$build/govforms
[ -x "$bench" ] || { echo "build first: $bench missing" >&2; exit 64; }
docs=("$@")
if [ ${#docs[@]} -eq 0 ]; then
	shopt -s nullglob
	docs=("$root"/samples/*.docx)
fi
[ ${#docs[@]} -gt 0 ] || { echo "no DOCX files (give some, or put them in samples/)" >&2; exit 64; }
n=${#docs[@]}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | tail -1; }

echo "documents: $n"
if "$gov" convert "${docs[0]}" -d "$tmp/probe" >/dev/null 2>&1 && ls "$tmp"/probe/*.pdf >/dev/null 2>&1; then
	out=$("$bench" exec "$gov" convert "${docs[@]}" -d "$tmp/gf")
	gf_ms=$(echo "$out" | field wall_ms)
	gf_rss=$(echo "$out" | field maxrss_kb)
	gf_per=$(awk -v t="$gf_ms" -v n="$n" 'BEGIN { printf "%.2f", t / n }')
	echo "govforms convert: ${gf_ms} ms in all, ${gf_per} ms/document, peak RSS ${gf_rss} KiB"
else
	echo "govforms convert is not available here: timing the sheet stage on tests/data/records"
	out=$("$bench" render -n 1 -t "$root/templates" "$root"/tests/data/records/*.json)
	echo "$out" | sed 's/^/  /'
	gf_per=$(echo "$out" | tail -1 | field mean_ms)
	gf_rss=$(echo "$out" | tail -1 | field maxrss_kb)
	echo "govforms sheets: ${gf_per} ms/document, peak RSS ${gf_rss} KiB"
fi

# LibreOffice: its profile is created first (not timed), then one timed run.
lo="-env:UserInstallation=file://$tmp/lo-profile"
soffice "$lo" --headless --convert-to pdf --outdir "$tmp/lo-warm" "${docs[0]}" >/dev/null 2>&1 || true
out=$("$bench" exec soffice "$lo" --headless --convert-to pdf --outdir "$tmp/lo" "${docs[@]}")
lo_ms=$(echo "$out" | field wall_ms)
lo_rss=$(echo "$out" | field maxrss_kb)
lo_per=$(awk -v t="$lo_ms" -v n="$n" 'BEGIN { printf "%.2f", t / n }')
echo "soffice --convert-to pdf: ${lo_ms} ms in all, ${lo_per} ms/document, peak RSS ${lo_rss} KiB"
awk -v a="$lo_per" -v b="$gf_per" 'BEGIN { printf "ratio: govforms is %.0fx faster per document\n", a / b }'

# One process per document, as a script converting each upload would run
# them (LibreOffice's start-up is part of what a user waits for). Five of
# the documents, both tools.
few=("${docs[@]:0:5}")
m=${#few[@]}
out=$("$bench" exec sh -c 'for f; do "$0" convert "$f" -d "'"$tmp"'/one" >/dev/null 2>&1 || true; done' "$gov" "${few[@]}")
g1=$(echo "$out" | field wall_ms)
out=$("$bench" exec sh -c 'for f; do soffice "'"$lo"'" --headless --convert-to pdf --outdir "'"$tmp"'/lo1" "$f" >/dev/null 2>&1; done' "${few[@]}")
l1=$(echo "$out" | field wall_ms)
awk -v g="$g1" -v l="$l1" -v m="$m" 'BEGIN {
  printf "one process per document (%d documents): govforms convert %.1f ms, soffice --convert-to pdf %.1f ms per document\n", m, g / m, l / m
  printf "ratio: govforms is %.0fx faster per document\n", l / g }'

