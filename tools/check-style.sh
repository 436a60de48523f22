#!/usr/bin/env bash
# Standing checks on the sources: banned calls, and no stray exit() in the library.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|gets|atoi)\s*\('
if grep -rnE "$banned" src --include='*.c' --include='*.h'; then
  echo "check-style: banned calls above (use snprintf, strtok_r, gf_buf, strtol)" >&2
  status=1
fi
if grep -rnE '\bexit\s*\(' src --include='*.c' | grep -v '^src/cli/main.c' ; then
  echo "check-style: exit() outside main(): return an error code instead" >&2
  status=1
fi
exit $status
