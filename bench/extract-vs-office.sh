#!/usr/bin/env bash
# govforms extract against what a user would otherwise run to get the text of
# a form: LibreOffice (soffice --headless --convert-to txt) and pandoc, on the
# same DOCX files, one run. Prints per-tool mean ms per document, peak RSS of
# one run, and the ratios.
#   bench/extract-vs-office.sh [FILE.docx...]     (default: samples/*.docx)
set -euo pipefail
cd "$(dirname "$0")/.."
G=${GOVFORMS:-build/govforms}
files=("$@")
[ ${#files[@]} -gt 0 ] || files=(samples/*.docx)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
peak() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

n=${#files[@]}
start=$(date +%s%N)
for f in "${files[@]}"; do "$G" extract "$f" >/dev/null || true; done
g_ms=$(ms "$start")
g_rss=$(peak "$G" extract "${files[0]}")

start=$(date +%s%N)
for f in "${files[@]}"; do pandoc -f docx -t plain "$f" -o "$T/p.txt"; done
p_ms=$(ms "$start")
p_rss=$(peak pandoc -f docx -t plain "${files[0]}" -o "$T/p.txt")

# LibreOffice: one process per document, as a script would call it
start=$(date +%s%N)
for f in "${files[@]}"; do
  soffice --headless -env:UserInstallation=file://"$T"/lo --convert-to txt:Text --outdir "$T" "$f" >/dev/null 2>&1
done
s_ms=$(ms "$start")
s_rss=$(peak soffice --headless -env:UserInstallation=file://"$T"/lo --convert-to txt:Text --outdir "$T" "${files[0]}")

awk -v n="$n" -v g="$g_ms" -v p="$p_ms" -v s="$s_ms" -v gr="$g_rss" -v pr="$p_rss" -v sr="$s_rss" 'BEGIN {
  printf "%d documents\n", n
  printf "%-34s %10s %14s\n", "tool", "ms/doc", "peak RSS MiB"
  printf "%-34s %10.2f %14.1f\n", "govforms extract (record)", g/n, gr/1024
  printf "%-34s %10.2f %14.1f\n", "pandoc -t plain (text only)", p/n, pr/1024
  printf "%-34s %10.2f %14.1f\n", "soffice --convert-to txt (text)", s/n, sr/1024
  printf "ratio: %.0fx faster than LibreOffice, %.0fx faster than pandoc\n", s/(g>0?g:1), p/(g>0?g:1)
}'
