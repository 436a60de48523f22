#!/usr/bin/env bash
# `govforms serve` on the real pipeline over loopback: health and metrics,
# uploads of the bundled samples (raw and multipart), records as JSON and
# XML, the sheet PDF, the unit check, `token` and `audit` commands, token
# revocation, a tampered audit log, and SIGTERM finishing an upload in
# flight. Needs curl, pdftotext (poppler-utils), sqlite3.
source "$(dirname "$0")/serve_lib.sh"
: "${GOVFORMS:?}" "${GF_SOURCE_DIR:?}"
S="$GF_SOURCE_DIR/samples"
D="$gf_tmp/var"
G=$GOVFORMS

"$G" serve --help | grep -c -- "--max-body" >/dev/null || fail "serve --help"
"$G" token --help | grep -c "revoke" >/dev/null || fail "token --help"
"$G" audit --help | grep -c "verify" >/dev/null || fail "audit --help"
set +e
"$G" token create --role unit --data "$D" 2>/dev/null; [ $? -eq 64 ] || fail "unit token without --unit is a usage error"
"$G" token create --role provider --provider 铁通 --data "$D" 2>/dev/null; [ $? -eq 64 ] || fail "unknown provider is a usage error"
set -e

gf_start "$G" "$D" --no-samples
U=$GF_URL
ADMIN=$(cat "$D/admin-token")
EDU=$("$G" token create --role unit --unit 淮北市教育局 --data "$D" 2>/dev/null)
[ "${EDU:0:4}" = gft_ ] || fail "token create prints the token"

curl -fsS "$U/healthz" | grep -c '"status":"ok"' >/dev/null || fail healthz
code=$(curl -s -o /dev/null -w '%{http_code}' "$U/api/v1/submissions")
[ "$code" = 401 ] || fail "no token: $code"

# raw body
out=$(curl -sS -w '\n%{http_code}' -H "Authorization: Bearer $EDU" \
  --data-binary @"$S/request-edu.docx" "$U/api/v1/submissions?name=request-edu.docx")
[ "$(tail -1 <<<"$out")" = 201 ] || fail "raw upload: $out"
grep -q '"valid":true' <<<"$out" || fail "request-edu.docx is valid"
id=$(head -1 <<<"$out" | sed -n 's/^{"id":\([0-9]*\),.*/\1/p')
[ -n "$id" ] || fail "no id in $out"

# multipart, an invalid form of the same unit's... another unit: refused
code=$(curl -s -o "$gf_tmp/mm.json" -w '%{http_code}' -H "Authorization: Bearer $EDU" \
  -F "file=@$S/request-invalid-required.docx" "$U/api/v1/submissions")
[ "$code" = 403 ] || fail "another unit's form: $code"
grep -q unit_mismatch "$gf_tmp/mm.json" || fail "unit_mismatch"
grep -q '"diagnostics"' "$gf_tmp/mm.json" || fail "the refusal carries the record"
# the admin may submit it: a normal answer with diagnostics
code=$(curl -s -o "$gf_tmp/inv.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" \
  -F "file=@$S/request-invalid-required.docx" "$U/api/v1/submissions")
[ "$code" = 201 ] || fail "invalid form: $code"
grep -q '"valid":false' "$gf_tmp/inv.json" || fail "invalid form not marked invalid"
grep -q '"code":"required"' "$gf_tmp/inv.json" || fail "required diagnostic"
inv=$(sed -n 's/^{"id":\([0-9]*\),.*/\1/p' "$gf_tmp/inv.json")
# unreadable input is an answer too, never a 500
code=$(curl -s -o "$gf_tmp/bad.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" \
  --data-binary 'PK\003\004 not a zip' "$U/api/v1/submissions?name=x.docx")
[ "$code" = 201 ] || fail "unreadable: $code"
grep -q '"validity":"unreadable"' "$gf_tmp/bad.json" || fail "unreadable state"

# record as JSON and XML, original bytes
curl -fsS -H "Authorization: Bearer $EDU" "$U/api/v1/submissions/$id/record" | grep -c '"form":"request"' >/dev/null || fail record
curl -fsS -H "Authorization: Bearer $EDU" "$U/api/v1/submissions/$id/record?format=xml" | grep -c '<record form="request"' >/dev/null || fail "record xml"
curl -fsS -H "Authorization: Bearer $EDU" -o "$gf_tmp/orig" "$U/api/v1/submissions/$id/original"
cmp -s "$gf_tmp/orig" "$S/request-edu.docx" || fail "original bytes differ"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $EDU" "$U/api/v1/submissions/$inv")
[ "$code" = 404 ] || fail "a unit reads another unit's submission: $code"

# the sheet: rendered with a cloud id, then from the cache
curl -fsS -H "Authorization: Bearer $EDU" -o "$gf_tmp/s1.pdf" "$U/api/v1/submissions/$id/sheet"
txt=$(pdftotext -layout "$gf_tmp/s1.pdf" -)
grep -q "HBZWY-$(date +%Y)-000001" <<<"$txt" || fail "cloud id on the sheet"
grep -q "淮北市教育局" <<<"$txt" || fail "unit on the sheet"
curl -fsS -H "Authorization: Bearer $ADMIN" -o "$gf_tmp/s2.pdf" "$U/api/v1/submissions/$id/sheet"
cmp -s "$gf_tmp/s1.pdf" "$gf_tmp/s2.pdf" || fail "cached sheet differs"
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$U/api/v1/submissions/$inv/sheet")
[ "$code" = 409 ] || fail "sheet of an invalid form: $code"
# overrides by the admin change the sheet
code=$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "Authorization: Bearer $ADMIN" \
  -d '{"no.such.key":"x"}' "$U/api/v1/submissions/$id/overrides")
[ "$code" = 400 ] || fail "unknown override key: $code"
curl -fsS -X PUT -H "Authorization: Bearer $ADMIN" -d '{"system.operating_hours":"5×8小时"}' \
  "$U/api/v1/submissions/$id/overrides" >/dev/null
curl -fsS -H "Authorization: Bearer $EDU" -o "$gf_tmp/s3.pdf" "$U/api/v1/submissions/$id/sheet"
pdftotext -layout "$gf_tmp/s3.pdf" - | grep -c "☑5×8小时" >/dev/null || fail "override not on the sheet"

curl -fsS "$U/metrics" | grep -c 'govforms_submissions{form="request",validity="valid"} 1' >/dev/null || fail metrics

# revocation
tid=$("$G" token list --data "$D" | grep -B3 '"unit": "淮北市教育局"' | sed -n 's/.*"id": \([0-9]*\).*/\1/p' | head -1)
"$G" token revoke "$tid" --data "$D" 2>/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $EDU" "$U/api/v1/me")
[ "$code" = 401 ] || fail "revoked token still works: $code"

# SIGTERM with an upload in flight: it completes, then the server exits 0
big="$gf_tmp/slow.docx"
cp "$S/request-long-60hosts.docx" "$big"
curl -sS -o "$gf_tmp/slow.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" \
  --limit-rate 20K --data-binary @"$big" "$U/api/v1/submissions?name=slow.docx" >"$gf_tmp/slow.code" &
cpid=$!
seen=0
for i in $(seq 1 200); do
  if curl -fsS "$U/metrics" | grep -c '^govforms_uploads_in_flight 1' >/dev/null; then seen=1; break; fi
  sleep 0.05
done
[ $seen = 1 ] || fail "the slow upload never showed as in flight"
gf_stop || fail "server did not exit cleanly on SIGTERM"
wait $cpid || true
[ "$(cat "$gf_tmp/slow.code")" = 201 ] || fail "upload in flight at SIGTERM: $(cat "$gf_tmp/slow.code")"

# the audit log holds, until someone edits it
"$G" audit verify --data "$D" | grep -c "chain intact" >/dev/null || fail "audit verify"
n=$("$G" audit list --data "$D" | grep -c '"action": "record.read"')
[ "$n" -ge 3 ] || fail "reads are audited ($n)"
sqlite3 "$D/govforms.db" "DROP TRIGGER audit_no_update; UPDATE audit SET detail='valid' WHERE seq=(SELECT min(seq) FROM audit WHERE action='record.create.denied');"
set +e
"$G" audit verify --data "$D" >"$gf_tmp/verify.txt"; rc=$?
set -e
[ $rc -eq 1 ] || fail "a changed entry is not detected (exit $rc)"
grep -q "BROKEN" "$gf_tmp/verify.txt" || fail "verify output"
echo "cli_serve: 1 passed, 0 failed"
