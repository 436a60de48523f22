#!/bin/bash
# cli_archive.sh - `govforms archive`: add (scanner PDF, phone photo), the
# same file twice, no readable code then attach by hand, search filters,
# show, get (bytes identical), a unit token sees only its own, verify
# catches a changed file, the HTTP endpoints on `govforms serve`.
set -u
GOV=${GOVFORMS:?}
MAKE=${GF_MAKE_SCANS:?}
SRC=${GF_SOURCE_DIR:?}
tmp=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$tmp"' EXIT
fails=0
passed=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }
ok() { passed=$((passed + 1)); }
expect_exit() { # want, description, command...
	local want=$1 what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	local got=$?
	if [ "$got" != "$want" ]; then
		fail "$what: exit $got, expected $want: $(head -c 300 "$tmp/err") $(head -c 300 "$tmp/out")"
	else
		ok
	fi
}
expect_out() { # pattern, description
	if grep -q -- "$1" "$tmp/out"; then ok; else fail "$2: no \"$1\" in: $(head -c 400 "$tmp/out")"; fi
}

D=$tmp/var
mkdir -p "$tmp/hr" "$tmp/edu"
cid=$("$MAKE" --data "$D" --record "$SRC/tests/data/records/request.json" --out "$tmp/hr") ||
	{ echo "FAIL: make_scans"; exit 1; }
cid2=$("$MAKE" --data "$D" --record "$SRC/tests/data/records/change-request.json" --out "$tmp/edu") ||
	{ echo "FAIL: make_scans"; exit 1; }

expect_exit 0 "--help" "$GOV" archive --help
expect_out "attach" "--help names attach"
expect_exit 64 "no subcommand" "$GOV" archive
expect_exit 64 "unknown subcommand" "$GOV" archive frobnicate
expect_exit 64 "attach without --cloud-id" "$GOV" archive attach --data "$D" "$tmp/hr/nocode.pdf"

# add: a scanner's PDF and a phone photo
expect_exit 0 "add scanner pdf" "$GOV" archive add --data "$D" "$tmp/hr/scanner-300.pdf"
expect_out "matched to $cid (activation sheet of 淮北市人力资源和社会保障局" "add summary"
expect_out "unit ✔, provider ✔, bureau ✖" "seals of the 300 dpi scan"
expect_exit 0 "add photo" "$GOV" archive add --data "$D" --json "$tmp/edu/photo.jpg"
expect_out '"kind": "change"' "photo kind"
expect_out '"seals_complete": false' "photo seals incomplete"
v=$(grep -o '"verdict": "[a-z]*"' "$tmp/out" | sed 's/.*: "//; s/"//' | tr '\n' ' ')
[ "$v" = "present absent present " ] && ok || fail "photo seal verdicts: $v"
expect_exit 0 "add all seals" "$GOV" archive add --data "$D" "$tmp/edu/scanner-200-all.pdf"
expect_out "unit ✔, provider ✔, bureau ✔" "three seals"
expect_exit 0 "the same file again" "$GOV" archive add --data "$D" "$tmp/hr/scanner-300.pdf"
expect_out "already archived" "same file twice"

# no readable code: refused, then attached by hand
expect_exit 2 "no code" "$GOV" archive add --data "$D" "$tmp/hr/nocode.pdf"
grep -q "by hand" "$tmp/err" && ok || fail "no-code message: $(cat "$tmp/err")"
expect_exit 1 "attach to an unknown number" "$GOV" archive attach --data "$D" --cloud-id HBZWY-1999-000001 "$tmp/hr/nocode.pdf"
expect_exit 0 "attach by hand" "$GOV" archive attach --data "$D" --cloud-id "$cid" "$tmp/hr/nocode.pdf"
expect_out "attached by hand to $cid" "hand summary"
expect_exit 2 "not a scan" "$GOV" archive add --data "$D" "$SRC/tests/data/records/request.json"

# search, show, get
expect_exit 0 "search all" "$GOV" archive search --data "$D"
expect_out "^4 of 4" "four entries"
expect_exit 0 "search complete" "$GOV" archive search --data "$D" --complete
expect_out "^1 of 1" "one complete"
expect_exit 0 "search by cloud id" "$GOV" archive search --data "$D" --cloud-id "$cid" --json
expect_out '"total": 2' "two entries for $cid"
expect_exit 1 "search finds nothing" "$GOV" archive search --data "$D" --kind exit
expect_exit 0 "show" "$GOV" archive show --data "$D" 1
expect_out "archive 1:" "show 1"
expect_exit 0 "get" "$GOV" archive get --data "$D" 1 -o "$tmp/got.pdf"
cmp -s "$tmp/got.pdf" "$tmp/hr/scanner-300.pdf" && ok || fail "get: bytes differ"
expect_exit 1 "show missing" "$GOV" archive show --data "$D" 99

# a unit token sees its own scans only
tok=$("$GOV" token create --data "$D" --role unit --unit 淮北市教育局 2>/dev/null)
expect_exit 0 "unit search" "$GOV" archive search --data "$D" --token "$tok"
expect_out "^2 of 2" "the unit's two entries"
expect_exit 1 "unit show other" "$GOV" archive show --data "$D" --token "$tok" 1
expect_exit 1 "unit get other" "$GOV" archive get --data "$D" --token "$tok" 1 -o "$tmp/x.pdf"
expect_exit 1 "unit adds another's scan" "$GOV" archive add --data "$D" --token "$tok" "$tmp/hr/scanner-200-all.pdf"
expect_exit 1 "unit verify" "$GOV" archive verify --data "$D" --token "$tok"

# the HTTP API on the real pipeline
atok=$("$GOV" token create --data "$D" --role admin 2>/dev/null)
"$GOV" serve --data "$D" --listen 127.0.0.1:0 --quiet >"$tmp/serve.out" 2>&1 &
srv=$!
port=
for _ in $(seq 1 100); do
	port=$(grep -o 'http://127.0.0.1:[0-9]*' "$tmp/serve.out" | head -1 | sed 's/.*://')
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -n "$port" ]; then
	U=http://127.0.0.1:$port
	code=$(curl -s -o "$tmp/h.json" -w '%{http_code}' -H "Authorization: Bearer $tok" "$U/api/v1/archive?complete=true")
	[ "$code" = 200 ] && grep -q '"total": *1' "$tmp/h.json" && ok || fail "GET archive as unit: $code $(cat "$tmp/h.json")"
	code=$(curl -s -o "$tmp/h.json" -w '%{http_code}' -H "Authorization: Bearer $tok" --data-binary @"$tmp/edu/scanner-300.pdf" "$U/api/v1/archive?name=s.pdf")
	[ "$code" = 201 ] && grep -q '"match": *"qr"' "$tmp/h.json" && ok || fail "POST archive: $code $(cat "$tmp/h.json")"
	code=$(curl -s -o "$tmp/h.bin" -w '%{http_code}' -H "Authorization: Bearer $tok" "$U/api/v1/archive/1/scan")
	[ "$code" = 404 ] && ok || fail "unit fetches another's scan: $code"
	code=$(curl -s -o "$tmp/h.bin" -w '%{http_code}' -H "Authorization: Bearer $atok" "$U/api/v1/archive/1/scan")
	[ "$code" = 200 ] && cmp -s "$tmp/h.bin" "$tmp/hr/scanner-300.pdf" && ok || fail "admin download: $code"
	code=$(curl -s -o "$tmp/h.json" -w '%{http_code}' -H "Authorization: Bearer $tok" --data-binary @"$tmp/hr/nocode.pdf" "$U/api/v1/archive?cloud_id=$cid")
	[ "$code" = 403 ] && ok || fail "unit attaches by hand: $code"
	code=$(curl -s -o "$tmp/h.json" -w '%{http_code}' -H "Authorization: Bearer $tok" --data-binary @"$tmp/hr/nocode.pdf" "$U/api/v1/archive")
	[ "$code" = 422 ] && ok || fail "no code over HTTP: $code"
	code=$(curl -s -o "$tmp/h.html" -w '%{http_code}' "$U/archive.html")
	[ "$code" = 200 ] && grep -q "not a legal verdict" "$tmp/h.html" && ok || fail "archive page: $code"
	kill "$srv"
	wait "$srv" 2>/dev/null
	srv=
else
	fail "serve did not start: $(cat "$tmp/serve.out")"
fi

# a file changed on disk
expect_exit 0 "verify intact" "$GOV" archive verify --data "$D"
sha=$(sha256sum "$tmp/edu/photo.jpg" | cut -d' ' -f1)
f="$D/blobs/${sha:0:2}/$sha"
chmod u+w "$f" 2>/dev/null
printf 'X' | dd of="$f" bs=1 seek=200 conv=notrunc 2>/dev/null
expect_exit 1 "verify damaged" "$GOV" archive verify --data "$D"
expect_out "DAMAGED" "verify names the entry"
expect_exit 2 "get damaged" "$GOV" archive get --data "$D" 2 -o "$tmp/y.jpg"

echo "$passed passed, $fails failed"
[ "$fails" = 0 ]
