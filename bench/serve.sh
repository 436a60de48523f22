#!/usr/bin/env bash
# Drive `govforms serve` with wrk on loopback. One run, figures on standard
# output:
#  1. submissions with their confirmation sheet rendered (?sheet=1): each
#     request reads a sample DOCX, validates it, stores it durably (group
#     commit), assigns a cloud id and renders the sheet PDF;
#  2. submissions alone (read, validate, store durably);
#  3. RSS after 1,000 and after 20,000 requests.
# Needs wrk (Debian).   bench/serve.sh [SAMPLE.docx]
#   BUILD_DIR=build  CONNECTIONS=8  SECONDS_EACH=20
set -euo pipefail
cd "$(dirname "$0")/.."
G=${BUILD_DIR:-build}/govforms
SAMPLE=${1:-samples/request-edu.docx}
CONN=${CONNECTIONS:-8}
SECS=${SECONDS_EACH:-20}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
tmp=$(mktemp -d /tmp/gf-bench.XXXXXX)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
"$G" serve --listen 127.0.0.1:0 --data "$tmp/var" --no-samples --quiet --max-uploads 1024 2>"$tmp/log" &
pid=$!
for i in $(seq 1 100); do grep -q "listening on" "$tmp/log" && break; sleep 0.1; done
url=$(sed -n 's|.*listening on \(http://[^ ]*\)/ .*|\1|p' "$tmp/log")
unit=$("$G" extract "$SAMPLE" 2>/dev/null | tr -d '\n' | sed -n 's/.*"unit": *{ *"name": *"\([^"]*\)".*/\1/p')
tok=$("$G" token create --role unit --unit "${unit:-淮北市教育局}" --data "$tmp/var" 2>/dev/null)
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
export GF_TOKEN=$tok GF_FILE=$(realpath "$SAMPLE") GF_THREADS=2
run() { wrk -t2 -c"$CONN" "$@" -s bench/serve-submit.lua "$url" | grep -E "created|latency|errors|Requests/sec"; }
echo "== govforms serve, $(nproc) cores, $SAMPLE (unit ${unit:-?}), $CONN connections"
echo "-- 1,000 requests with sheets (warm-up)"
GF_REQUESTS=1000 run -d300s
echo "RSS after 1,000 requests: $(rss)"
echo "-- ${SECS}s of submissions with their sheet rendered"
run -d"${SECS}s"
echo "-- ${SECS}s of submissions without sheets"
GF_QUERY=x=0 run -d"${SECS}s"
done_so_far=$(curl -fsS "$url/metrics" | awk -F'} ' '/^govforms_http_requests_total/ {s += $2} END {print s}')
left=$((20000 - done_so_far))
if [ "$left" -gt 0 ]; then
  echo "-- $left more requests with sheets, to reach 20,000"
  GF_REQUESTS=$left run -d600s
fi
echo "RSS after 20,000 requests: $(rss)"
echo "store: $(du -sh "$tmp/var" | cut -f1)"
