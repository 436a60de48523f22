#!/usr/bin/env bash
# Drive `govforms serve` with wrk on loopback. One run, figures on standard
# output:
#  1. submissions with their confirmation sheet rendered (?sheet=1): each
#     request reads a sample DOCX, validates it, stores it durably (group
#     commit), assigns a cloud id and renders the sheet PDF;
#  2. submissions alone (read, validate, store durably);
#  3. the server's RSS after 1,000 and after 20,000 requests.
# Needs wrk and curl (Debian).   bench/serve.sh [SAMPLE.docx]
#   BUILD_DIR=build  CONNECTIONS=8  SECONDS_EACH=20
set -euo pipefail
cd "$(dirname "$0")/.."
G=${BUILD_DIR:-build}/govforms
SAMPLE=${1:-samples/request-edu.docx}
CONN=${CONNECTIONS:-8}
SECS=${SECONDS_EACH:-20}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
tmp=$(mktemp -d /tmp/gf-bench.XXXXXX)
pid= wpid=
trap '[ -n "$wpid" ] && kill $wpid 2>/dev/null; [ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$tmp"' EXIT
"$G" serve --listen 127.0.0.1:0 --data "$tmp/var" --no-samples --quiet --max-uploads 1024 2>"$tmp/log" &
pid=$!
for i in $(seq 1 100); do grep -q "listening on" "$tmp/log" && break; sleep 0.1; done
url=$(sed -n 's|.*listening on \(http://[^ ]*\)/ .*|\1|p' "$tmp/log")
unit=$("$G" extract "$SAMPLE" 2>/dev/null | tr -d '\n' | sed -n 's/.*"unit": *{ *"name": *"\([^"]*\)".*/\1/p')
tok=$("$G" token create --role unit --unit "${unit:-淮北市教育局}" --data "$tmp/var" 2>/dev/null)
export GF_TOKEN=$tok GF_FILE=$(realpath "$SAMPLE")
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
answered() { curl -fsS "$url/metrics" | awk -F'} ' '/^govforms_http_requests_total\{route="POST/ {s += $2} END {print s + 0}'; }
run() { wrk -t2 -c"$CONN" -d"$SECS"s -s bench/serve-submit.lua "$url" | grep -E "created|latency|errors|Requests/sec"; }
# load in the background until `answered` reaches $1
load_until() {
  wrk -t2 -c"$CONN" -d3600s -s bench/serve-submit.lua "$url" >/dev/null & wpid=$!
  while [ "$(answered)" -lt "$1" ]; do sleep 0.2; done
  kill $wpid; wait $wpid 2>/dev/null || true; wpid=
}
echo "== govforms serve, $(nproc) cores, $SAMPLE (unit ${unit:-?}), $CONN connections"
load_until 1000
echo "RSS after $(answered) requests: $(rss)"
echo "-- ${SECS}s of submissions with their sheet rendered"
run
echo "-- ${SECS}s of submissions without sheets"
GF_QUERY=x=0 run
GF_QUERY=x=0 load_until 20000
echo "RSS after $(answered) requests: $(rss)"
echo "store: $(du -sh "$tmp/var" | cut -f1)"
