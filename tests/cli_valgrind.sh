#!/usr/bin/env bash
# Every sample read under valgrind: no invalid access, no leak (definite or
# indirect). Skipped in the sanitizer build (labelled no-asan). PCRE2's JIT
# code is opaque to valgrind, so the interpreter is used here (GF_NO_JIT).
set -u
G=${GOVFORMS:?}
S=${GF_SOURCE_DIR:?}
command -v valgrind >/dev/null || { echo "valgrind not installed"; exit 1; }
fails=0
for f in "$S"/samples/*.docx "$S"/samples/*.xml "$S"/samples/blank/*.docx; do
  GF_NO_JIT=1 valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=9 "$G" extract "$f" >/dev/null 2>"${TMPDIR:-/tmp}/vg.$$"
  rc=$?
  if [ "$rc" = 9 ]; then
    echo "FAIL: $f"; cat "${TMPDIR:-/tmp}/vg.$$"; fails=$((fails + 1))
  fi
done
rm -f "${TMPDIR:-/tmp}/vg.$$"
[ "$fails" = 0 ] && echo "cli_valgrind: no errors, no leaks"
exit $((fails > 0))
