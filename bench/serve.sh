#!/usr/bin/env bash
# Drive `govforms serve` with wrk on loopback: submissions per second and
# latency percentiles, each request a sample DOCX submitted with its
# confirmation sheet rendered (?sheet=1); RSS after 1,000 and 20,000
# requests. One run; figures on standard output. Needs wrk (Debian).
#   bench/serve.sh [SAMPLE.docx]       (BUILD_DIR=build, CONNECTIONS=16)
set -euo pipefail
cd "$(dirname "$0")/.."
G=${BUILD_DIR:-build}/govforms
SAMPLE=${1:-samples/request-edu.docx}
CONN=${CONNECTIONS:-16}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
tmp=$(mktemp -d /tmp/gf-bench.XXXXXX)
trap 'kill -9 $pid 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$G" serve --listen 127.0.0.1:0 --data "$tmp/var" --no-samples --quiet \
  --max-uploads 256 2>"$tmp/log" &
pid=$!
for i in $(seq 1 100); do grep -q "listening on" "$tmp/log" && break; sleep 0.1; done
url=$(sed -n 's|.*listening on \(http://[^ ]*\)/ .*|\1|p' "$tmp/log")
unit=$("$G" extract "$SAMPLE" | sed -n 's/.*"unit": *{ *"name": *"\([^"]*\)".*/\1/p' | head -1)
tok=$("$G" token create --role unit --unit "${unit:-淮北市教育局}" --data "$tmp/var" 2>/dev/null)
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$pid/status"; }
export GF_TOKEN=$tok GF_FILE=$(realpath "$SAMPLE")
echo "== govforms serve on $url, $(nproc) cores, sample $SAMPLE, $CONN connections"
echo "-- warm-up: 1,000 requests"
GF_REQUESTS=1000 wrk -t2 -c"$CONN" -d120s -s bench/serve-submit.lua "$url" | grep -E "created|Requests/sec"
echo "RSS after 1,000 requests: $(rss)"
echo "-- 19,000 more requests (measured)"
GF_REQUESTS=19000 wrk -t2 -c"$CONN" -d600s -s bench/serve-submit.lua "$url" \
  | grep -E "created|latency|errors|Requests/sec|Transfer"
echo "RSS after 20,000 requests: $(rss)"
echo "store: $(du -sh "$tmp/var" | cut -f1) for $(ls "$tmp/var/blobs" | wc -l) blob directories"
