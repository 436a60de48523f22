#!/usr/bin/env bash
# Set up a Debian 12 machine, build govforms, and run the main job: the
# service on http://127.0.0.1:8080/ with its embedded default store in ./var
# and the bundled samples submitted on first start. The admin token is
# printed once and kept in var/admin-token. Stop with Ctrl-C (or SIGTERM):
# requests in flight finish and the store closes cleanly.
#   GOVFORMS_LISTEN=0.0.0.0:8080 tools/run.sh      another address
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
listen=${GOVFORMS_LISTEN:-127.0.0.1:8080}
echo "govforms: serving http://$listen/ (data in $PWD/var; Ctrl-C stops)" >&2
if [ -s var/admin-token ]; then
  echo "govforms: admin token in var/admin-token" >&2
fi
exec build/govforms serve --listen "$listen" --data var
