/* text.h - text normalisation shared by the readers, the extractor and the
 * value parsers. All results are NUL-terminated UTF-8 allocated in the given
 * arena; NULL means out of memory. Invalid UTF-8 bytes become U+FFFD.
 */
#ifndef GF_CORE_TEXT_H
#define GF_CORE_TEXT_H

#include "core/arena.h"

#include <stdbool.h>
#include <stdint.h>

/* Whitespace in forms: ASCII blanks, NBSP, the Unicode spaces, U+3000
 * (ideographic space), zero-width space and BOM. */
bool gf_text_is_space(uint32_t cp);
/* Full-width ASCII variants U+FF01..U+FF5E -> ASCII, U+3000 -> ' ';
 * other code points are returned unchanged. */
uint32_t gf_text_fold_width(uint32_t cp);

/* Trim and fold every whitespace run (newlines included) to one ' '. The
 * characters themselves are kept as written (full-width stays full-width). */
char *gf_text_clean(gf_arena *a, const char *s);
/* gf_text_clean after folding full-width ASCII to ASCII: for typed values
 * (numbers, dates, phones, emails) before they are parsed. */
char *gf_text_fold(gf_arena *a, const char *s);
/* The key used to compare a printed label with cell text: width folded,
 * all whitespace removed, '*' and colons removed, ASCII lower-cased,
 * 其它 -> 其他, a leading section number ("一、", "1、", "(一)", "2.") and
 * trailing colon dropped. "＊电子 邮箱：" -> "电子邮箱". */
char *gf_text_label_key(gf_arena *a, const char *s);
/* Like gf_text_label_key but keeps the leading section number. */
char *gf_text_compact(gf_arena *a, const char *s);

/* True when s has no characters other than whitespace. NULL counts as blank. */
bool gf_text_blank(const char *s);

#endif
