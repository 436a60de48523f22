# Helpers for the service's shell tests (sourced): start a server on a free
# loopback port, stop it, make tokens. Needs curl.
set -euo pipefail

gf_tmp=$(mktemp -d /tmp/gf-serve-test.XXXXXX)
gf_pids=()
gf_cleanup() {
  for p in "${gf_pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$gf_tmp"
}
trap gf_cleanup EXIT

# gf_start BIN DATA [args...]: sets GF_PID and GF_URL
gf_start() {
  local bin=$1 data=$2; shift 2
  local log="$gf_tmp/server.$RANDOM.log"
  "$bin" serve --listen 127.0.0.1:0 --data "$data" "$@" >"$log" 2>&1 &
  GF_PID=$!
  gf_pids+=("$GF_PID")
  local i
  for i in $(seq 1 300); do
    if grep -q "listening on" "$log"; then
      GF_URL=$(sed -n 's|.*listening on \(http://[^ ]*\)/ .*|\1|p' "$log" | head -1)
      GF_LOG=$log
      return 0
    fi
    if ! kill -0 "$GF_PID" 2>/dev/null; then cat "$log" >&2; echo "server died" >&2; return 1; fi
    sleep 0.1
  done
  cat "$log" >&2
  echo "server did not start" >&2
  return 1
}

# gf_stop: SIGTERM and wait; fails if it does not stop cleanly
gf_stop() {
  kill -TERM "$GF_PID"
  wait "$GF_PID"
}

fail() { echo "FAIL: $*" >&2; exit 1; }
