#!/usr/bin/env bash
# The page end to end in Debian's headless Chromium (tests/e2e/page.test.mjs,
# playwright-core pinned in tests/e2e/package-lock.json) against the real
# `govforms serve` with the bundled samples. Needs chromium, nodejs, npm, curl.
source "$(dirname "$0")/serve_lib.sh"
: "${GOVFORMS:?}" "${GF_SOURCE_DIR:?}"
command -v chromium >/dev/null || fail "chromium is not installed (tools/setup.sh --test installs it)"
command -v node >/dev/null || fail "nodejs is not installed"
e2e="$GF_SOURCE_DIR/tests/e2e"
if [ ! -d "$e2e/node_modules/playwright-core" ]; then
  (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --silent) \
    || fail "npm ci in tests/e2e failed"
fi
S="$GF_SOURCE_DIR/samples"
gf_start "$GOVFORMS" "$gf_tmp/var" --samples "$S"
tok() { "$GOVFORMS" token create --data "$gf_tmp/var" "$@" 2>/dev/null; }
export BASE_URL=$GF_URL
export ADMIN_TOKEN=$(cat "$gf_tmp/var/admin-token")
export BAD_UNIT=淮北市民政局 UNIT=淮北市教育局 PROVIDER=移动
export BAD_UNIT_TOKEN=$(tok --role unit --unit "$BAD_UNIT")
export UNIT_TOKEN=$(tok --role unit --unit "$UNIT")
export PROVIDER_TOKEN=$(tok --role provider --provider "$PROVIDER")
export INVALID_FORM="$S/request-invalid-required.docx" VALID_FORM="$S/request-edu.docx"
export SHOT_DIR=${SHOT_DIR:-$gf_tmp/shots}
mkdir -p "$SHOT_DIR"
node "$e2e/page.test.mjs"
gf_stop
"$GOVFORMS" audit verify --data "$gf_tmp/var" >/dev/null || fail "audit log does not verify after the browser session"
