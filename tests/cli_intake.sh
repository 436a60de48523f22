#!/usr/bin/env bash
# govforms extract / validate / grid from the command line: exit codes, one
# clear message for unreadable input, outputs that parse.
set -u
G=${GOVFORMS:?}
S=${GF_SOURCE_DIR:?}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
pass() { :; }
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect STATUS CMD... : run, compare exit status
expect() {
  local want=$1; shift
  "$@" >"$T/out" 2>"$T/err"
  local got=$?
  [ "$got" = "$want" ] || fail "$* -> exit $got, expected $want: $(head -c 300 "$T/err")"
}
# the stderr of the last command is exactly one line naming the file
one_line() {
  local n; n=$(wc -l <"$T/err")
  [ "$n" = 1 ] || fail "$1: expected one line on stderr, got $n: $(cat "$T/err")"
}
has() { grep -q -- "$2" "$T/$1" || fail "expected \"$2\" in $1: $(head -c 400 "$T/$1")"; }

# valid and invalid forms
expect 0 "$G" extract "$S/samples/request-edu.docx"
has out '"valid": true'
has out '"name": "淮北市教育局"'
expect 0 "$G" extract "$S/samples/request-edu.xml"
expect 1 "$G" extract "$S/samples/request-invalid-format.docx"
has out '"code": "format"'
has out '"field": "owner.email"'
has out '"where": "table 1, row 5, cell 2"'
expect 0 "$G" extract --format xml "$S/samples/exit-request-culture.docx"
has out '<record form="exit-request">'
has out '<name>淮北市文化和旅游局</name>'
expect 0 "$G" extract -o "$T/rec.json" "$S/samples/change-sheet-edu.docx"
grep -q '"form": "change-sheet"' "$T/rec.json" || fail "extract -o wrote no record"
# --form overrides detection
expect 1 "$G" extract --form exit-request "$S/samples/request-edu.docx"
has out '"form": "exit-request"'

# validate: people's output, in Chinese with English
expect 1 "$G" validate "$S/samples/request-invalid-format.docx"
has out '第1个表格第5行第2列 “电子邮箱”格式不正确'
has out '(invalid email'
expect 0 "$G" validate -q "$S/samples/request-edu.docx" "$S/samples/exit-sheet-culture.docx"
[ ! -s "$T/out" ] || fail "validate -q printed something"

# not one of the forms: readable, exit 1 with unknown-form
expect 1 "$G" extract "$S/tests/data/docx-real/docx2python__merged_cells.docx"
has out '"code": "unknown-form"'
printf '<?xml version="1.0"?><invoice><total>3</total></invoice>' >"$T/other.xml"
expect 1 "$G" extract "$T/other.xml"
has out '"code": "unknown-form"'
printf '<form type="letter"><fields/></form>' >"$T/letter.xml"
expect 1 "$G" extract "$T/letter.xml"

# schema violations: format diagnostics with their line, exit 1
printf '<form type="exit-request">\n<fields>\n<unit><name>淮北市文化和旅游局</name></unit>\n<colour>red</colour>\n</fields>\n</form>\n' >"$T/bad.xml"
expect 1 "$G" extract "$T/bad.xml"
has out '"where": "line 4"'

# unreadable or unsafe: exit 2, one line on stderr naming the file
: >"$T/empty.docx"
expect 2 "$G" extract "$T/empty.docx"; one_line empty
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR' >"$T/image.docx"
expect 2 "$G" extract "$T/image.docx"; one_line png
has err image.docx
head -c 3000 "$S/samples/request-edu.docx" >"$T/truncated.docx"
expect 2 "$G" extract "$T/truncated.docx"; one_line truncated
has out '"code": "unreadable"'
printf '<?xml version="1.0"?>\n<!DOCTYPE form [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<form type="request"><fields><unit><name>&x;</name></unit></fields></form>\n' >"$T/xxe.xml"
expect 2 "$G" extract "$T/xxe.xml"; one_line xxe
if grep -q root: "$T/out"; then fail "XXE leaked a file"; fi
{
  printf '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
  for i in 1 2 3 4 5 6 7 8 9; do printf '<!ENTITY lol%d "&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;&lol%s;">' $i "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))" "$((i-1))"; done
  printf ']>\n<form type="request"><fields><unit><name>&lol9;</name></unit></fields></form>\n'
} | sed 's/&lol0;/\&lol;/g' >"$T/lolz.xml"
expect 2 timeout 10 "$G" extract "$T/lolz.xml"; one_line lolz
printf '<form type="request"><fields><unit><name>\xff\xfe</name></unit></fields></form>' >"$T/utf8.xml"
expect 2 "$G" extract "$T/utf8.xml"; one_line utf8
{ for i in $(seq 3000); do printf '<a>'; done; } >"$T/deep.xml"
expect 2 timeout 10 "$G" extract "$T/deep.xml"; one_line deep
expect 2 "$G" extract "$T/does-not-exist.docx"; one_line missing
expect 2 "$G" grid "$T/image.docx"; one_line grid

# grid: the reader's view
expect 0 "$G" grid "$S/samples/request-edu.docx"
has out '"tables"'
has out '"rowspan"'
has out '"checked": true'

# usage errors: 64
expect 64 "$G"
expect 64 "$G" frobnicate
expect 64 "$G" extract
expect 64 "$G" extract --format yaml "$S/samples/request-edu.docx"
expect 64 "$G" extract --form nosuch "$S/samples/request-edu.docx"
expect 0 "$G" --help
has out 'extract'
expect 0 "$G" extract --help
has out 'Exit status'

# the committed XML Schemas are what the form definitions give
for f in request hosting-request change-request exit-request activation-sheet change-sheet exit-sheet; do
  "$G" schema "$f" >"$T/$f.xsd" || fail "schema $f"
  cmp -s "$T/$f.xsd" "$S/templates/schemas/$f.xsd" ||
    fail "templates/schemas/$f.xsd is stale: run govforms schema $f > templates/schemas/$f.xsd"
done

[ "$fails" = 0 ] && echo "cli_intake: all passed"
exit $((fails > 0))
