#!/bin/bash
# cli_batch.sh - `govforms batch`: exit codes, outputs identical for -j1/-j2,
# progress, interruption and resume, templates.
set -u
GOV=${GOVFORMS:?}
SRC=${GF_SOURCE_DIR:?}
ENTRY=$SRC/tests/data/entry
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
		fail "$what: exit $got, expected $want: $(head -c 300 "$tmp/err")"
	else
		ok
	fi
}

# usage
expect_exit 64 "no -d" "$GOV" batch "$ENTRY/request.csv"
expect_exit 64 "no input" "$GOV" batch -d "$tmp/x"
expect_exit 64 "bad -j" "$GOV" batch -j 0 -d "$tmp/x" "$ENTRY/request.csv"
expect_exit 64 "bad --progress" "$GOV" batch --progress=fancy -d "$tmp/x" "$ENTRY/request.csv"
expect_exit 64 "unknown --form" "$GOV" batch --form nope -d "$tmp/x" "$ENTRY/request.csv"

# all valid -> 0, with a record, a sheet and its sheet record
expect_exit 0 "valid XML" "$GOV" batch -q -d "$tmp/v" "$SRC/samples/exit-request-culture.xml"
[ -s "$tmp/v/exit-request-culture.xml.json" ] && ok || fail "no record for a valid input"
if [ -s "$tmp/v/exit-request-culture.xml.pdf" ]; then
	head -c 5 "$tmp/v/exit-request-culture.xml.pdf" | grep -q '%PDF-' && ok || fail "sheet is not a PDF"
	grep -q '"cloud_id"' "$tmp/v/exit-request-culture.xml.sheet.json" && ok || fail "sheet record has no cloud id"
	grep -q ',valid,exit-request,HBZWY-' "$tmp/v/report.csv" && ok || fail "report lacks the cloud id"
else
	fail "no sheet for a valid input"
fi

# some invalid -> 1 (spreadsheets in UTF-8 and GB18030, XLSX from LibreOffice)
expect_exit 1 "entry fixtures" "$GOV" batch -d "$tmp/e1" -j 1 "$ENTRY/request.csv" \
	"$ENTRY/exit-request-gb18030.csv" "$ENTRY/lo-exit-request.xlsx" "$ENTRY/change-request-2sheets.xlsx"
grep -q '^[0-9]* inputs: ' "$tmp/out" && ok || fail "no summary line: $(cat "$tmp/out")"
grep -q 'request.csv,4,R-002,invalid,request' "$tmp/e1/report.csv" && ok || fail "row 4 not invalid"
grep -q 'row 4, column 11' "$tmp/e1/report.csv" && ok || fail "scientific notation not located"
grep -q '"status":"valid","form":"exit-request"' "$tmp/e1/report.json" && ok || fail "report.json items"
node -e 'const d=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")); if (d.summary.items!==d.items.length) process.exit(1)' \
	"$tmp/e1/report.json" && ok || fail "report.json is not valid JSON"

# the same with two workers: byte-identical outputs
expect_exit 1 "entry fixtures -j2" "$GOV" batch -d "$tmp/e2" -j 2 "$ENTRY/request.csv" \
	"$ENTRY/exit-request-gb18030.csv" "$ENTRY/lo-exit-request.xlsx" "$ENTRY/change-request-2sheets.xlsx"
diff -r "$tmp/e1" "$tmp/e2" >/dev/null && ok || fail "-j1 and -j2 outputs differ"

# an unreadable input -> 2
printf 'PK\003\004broken' >"$tmp/broken.docx"
expect_exit 2 "unreadable" "$GOV" batch -q -d "$tmp/u" "$tmp/broken.docx" "$SRC/samples/exit-request-culture.xml"
grep -q 'broken.docx,,,unreadable' "$tmp/u/report.csv" && ok || fail "unreadable not reported"

# machine-readable progress on standard error
expect_exit 1 "progress json" "$GOV" batch --progress=json -q -d "$tmp/p" "$ENTRY/request.csv"
tail -n 1 "$tmp/err" | node -e 'const d=JSON.parse(require("fs").readFileSync(0,"utf8")); if (!(d.final && d.done===4 && d.total===4)) process.exit(1)' \
	&& ok || fail "progress json: $(tail -n 2 "$tmp/err")"
expect_exit 1 "progress bar" "$GOV" batch --progress=bar -q -d "$tmp/pb" "$ENTRY/request.csv"
grep -q '4/4 100%' "$tmp/err" && ok || fail "progress bar: $(cat "$tmp/err")"

# interruption and resume: a spreadsheet of 3000 forms (records only: fast)
# the header rows and the valid row R-001, 3000 times with its own ref
{
	sed -n '1,2p' "$ENTRY/request.csv" | sed '1s/^\xEF\xBB\xBF//'
	row=$(sed -n '3p' "$ENTRY/request.csv")
	for i in $(seq -w 1 3000); do
		printf '%s\n' "${row/R-001/B-$i}"
	done
} >"$tmp/big.csv"
"$GOV" batch -q -j 2 --no-sheets -d "$tmp/full" "$tmp/big.csv" >/dev/null 2>&1
"$GOV" batch -q -j 2 --no-sheets -d "$tmp/part" "$tmp/big.csv" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do
	[ -n "$(ls "$tmp/part/big.csv" 2>/dev/null | head -n 1)" ] && break
	sleep 0.05
done
kill -INT "$pid" 2>/dev/null
wait "$pid"
st=$?
if [ "$st" = 130 ]; then
	grep -q '"interrupted": true' "$tmp/part/report.json" && ok || fail "interrupted report"
	n=$(ls "$tmp/part/big.csv" | grep -c '\.json$')
	[ "$n" -lt 3000 ] && ok || fail "interrupted run converted everything"
else
	# it finished before the signal: still a complete run
	[ "$st" = 0 ] && ok || fail "interrupted run exit $st"
fi
find "$tmp/part" -name '*.tmp~*' | grep -q . && fail "temporary files left" || ok
"$GOV" batch -q -j 2 --no-sheets --resume -d "$tmp/part" "$tmp/big.csv" >"$tmp/out" 2>&1
diff -r "$tmp/full" "$tmp/part" >/dev/null && ok || fail "resumed run differs from a full run"

# templates
"$GOV" batch --template exit-request >"$tmp/t.csv" && ok || fail "--template"
head -c 3 "$tmp/t.csv" | od -An -tx1 | grep -q 'ef bb bf' && ok || fail "template BOM"
grep -q '^form,ref,unit.name,exit_kind' "$tmp/t.csv" && ok || fail "template key row"
expect_exit 64 "--rows of a form without tables" "$GOV" batch --template exit-request --rows

echo "$passed passed, $fails failed"
[ "$fails" = 0 ]
