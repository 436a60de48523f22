#!/bin/sh
# make_entry_fixtures.sh - rebuild the data-entry fixtures and templates.
#
#   templates/entry/<form>.csv, <form>.rows.csv   from the form definitions
#                                                  (govforms batch --template)
#   tests/data/entry/*.csv                         UTF-8 sources copied, and one
#                                                  saved as GB18030 (iconv)
#   tests/data/entry/*.xlsx                        written by LibreOffice from the
#                                                  sources in tests/data/entry/src
#
# usage: tools/make_entry_fixtures.sh [BUILD_DIR]   (needs soffice and iconv)
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
gov=$build/govforms
src=$root/tests/data/entry/src
out=$root/tests/data/entry

for f in request hosting-request change-request exit-request activation-sheet change-sheet exit-sheet; do
	GOVFORMS_TEMPLATES=$root/templates "$gov" batch --template "$f" > "$root/templates/entry/$f.csv"
	if GOVFORMS_TEMPLATES=$root/templates "$gov" batch --template "$f" --rows > "$root/templates/entry/$f.rows.csv" 2>/dev/null; then :; else
		rm -f "$root/templates/entry/$f.rows.csv"
	fi
done

cp "$src/request.csv" "$src/request.rows.csv" "$out/"
# what Chinese Excel saves: GB18030 without a BOM
iconv -f UTF-8 -t GB18030 "$src/exit-request.csv" > "$out/exit-request-gb18030.csv"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# LibreOffice types the CSV cells itself (numbers lose leading zeros, dates
# become serials with a date format, long numbers lose digits)
soffice -env:UserInstallation=file://$tmp/profile --headless \
	--infilter="CSV:44,34,76,1" --convert-to xlsx --outdir "$tmp" "$src/lo-exit-request.csv" >/dev/null
cp "$tmp/lo-exit-request.xlsx" "$out/lo-exit-request.xlsx"
# two sheets, a title row, merged group headers, date and number cells
soffice -env:UserInstallation=file://$tmp/profile --headless \
	--convert-to xlsx --outdir "$tmp" "$src/change-request-2sheets.fods" >/dev/null
cp "$tmp/change-request-2sheets.xlsx" "$out/change-request-2sheets.xlsx"
echo "fixtures written to $out"
