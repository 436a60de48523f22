#!/usr/bin/env bash
# kill -9 during a load: after a restart every acknowledged submission (and
# sheet) is there, the audit chain holds and every stored file matches its
# SHA-256. The load is bounded: 4 clients, at most 60 uploads each.
# Needs curl, sha256sum.
source "$(dirname "$0")/serve_lib.sh"
: "${GOVFORMS:?}" "${GF_SOURCE_DIR:?}"
S="$GF_SOURCE_DIR/samples"
D="$gf_tmp/var"
G=$GOVFORMS
gf_start "$G" "$D" --no-samples --quiet
U=$GF_URL
ADMIN=$(cat "$D/admin-token")
files=("$S/request-edu.docx" "$S/hosting-request-medical.docx" "$S/exit-request-culture.xml"
       "$S/request-invalid-format.docx" "$S/change-request-edu-delete.docx")

client() {
  local n=$1 i f out
  for i in $(seq 1 60); do
    f=${files[$(( (i + n) % ${#files[@]} ))]}
    out=$(curl -s -m 10 -w '\n%{http_code}' -H "Authorization: Bearer $ADMIN" \
      --data-binary @"$f" "$U/api/v1/submissions?name=$(basename "$f")") || return 0
    [ "$(tail -1 <<<"$out")" = 201 ] || continue
    id=$(head -1 <<<"$out" | sed -n 's/^{"id":\([0-9]*\),.*"valid":\(true\|false\).*/\1 \2/p')
    echo "$id" >>"$gf_tmp/acked.$n"
    # a sheet for valid ones: acknowledged once its PDF arrived
    if [ "${id#* }" = true ]; then
      curl -s -m 10 -o "$gf_tmp/sheet.$n.pdf" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" \
        "$U/api/v1/submissions/${id% *}/sheet" >"$gf_tmp/code.$n" || return 0
      [ "$(cat "$gf_tmp/code.$n")" = 200 ] && echo "${id% *} $(sha256sum <"$gf_tmp/sheet.$n.pdf" | cut -c1-64)" >>"$gf_tmp/sheets.$n"
    fi
  done
}
cpids=()
for n in 1 2 3 4; do client $n & cpids+=($!); done
# kill once a fair number were acknowledged (or the clients are done)
for i in $(seq 1 600); do
  acked=$( (cat "$gf_tmp"/acked.* 2>/dev/null || true) | wc -l)
  [ "$acked" -ge 40 ] && break
  sleep 0.05
done
kill -9 "$GF_PID"
wait "$GF_PID" 2>/dev/null || true
for p in "${cpids[@]}"; do wait "$p" || true; done
acked=$(cat "$gf_tmp"/acked.* | wc -l)
[ "$acked" -ge 10 ] || fail "only $acked uploads acknowledged before the kill"

gf_start "$G" "$D" --no-samples --quiet
U=$GF_URL
missing=0
while read -r id valid; do
  code=$(curl -s -o "$gf_tmp/got.json" -w '%{http_code}' -H "Authorization: Bearer $ADMIN" "$U/api/v1/submissions/$id")
  if [ "$code" != 200 ] || ! grep -c "\"valid\":$valid" "$gf_tmp/got.json" >/dev/null; then
    echo "lost: submission $id ($code)" >&2; missing=$((missing + 1))
  fi
done < <(cat "$gf_tmp"/acked.*)
[ $missing -eq 0 ] || fail "$missing acknowledged submissions lost"
sheets=0
while read -r id sha; do
  curl -fsS -o "$gf_tmp/again.pdf" -H "Authorization: Bearer $ADMIN" "$U/api/v1/submissions/$id/sheet"
  [ "$(sha256sum <"$gf_tmp/again.pdf" | cut -c1-64)" = "$sha" ] || fail "sheet of $id changed after the crash"
  sheets=$((sheets + 1))
done < <(cat "$gf_tmp"/sheets.* 2>/dev/null)
gf_stop
# every stored body matches its name, checked independently of govforms
bad=0
while read -r f; do
  [ "$(sha256sum <"$f" | cut -c1-64)" = "$(basename "$f")" ] || { echo "damaged: $f" >&2; bad=$((bad + 1)); }
done < <(find "$D/blobs" -type f ! -name '.tmp-*')
[ $bad -eq 0 ] || fail "$bad stored files do not match their hash"
"$G" audit verify --data "$D" >"$gf_tmp/verify.txt" || { cat "$gf_tmp/verify.txt"; fail "audit verify after kill -9"; }
echo "cli_serve_crash: $acked acknowledged uploads and $sheets sheets survived kill -9"
echo "1 passed, 0 failed"
