/* marks.h - tick boxes and tick marks in text.
 *
 * Forms mark options with a box glyph (☐ □ unchecked; ☑ ☒ ■ ▣ ✅ ⊠ checked),
 * a box followed by a tick (☐√), or a tick standing in for the box (√选项).
 * Readers turn structured checkboxes (w14:checkbox, FORMCHECKBOX, w:sym) into
 * ☑ / ☐ in cell text, so everything downstream sees marks as text.
 *
 * Emphasis markers: readers may wrap runs of text in private-use code points
 * so the option parser can see options struck out or singled out by
 * formatting; gf_marks_strip removes them for display.
 */
#ifndef GF_CORE_MARKS_H
#define GF_CORE_MARKS_H

#include "core/arena.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define GF_MARK_STRIKE_ON 0xE000u  /* text struck through (w:strike, w:dstrike) */
#define GF_MARK_STRIKE_OFF 0xE001u
#define GF_MARK_EMPH_ON 0xE002u    /* highlighted, shaded, underlined, boxed or bold */
#define GF_MARK_EMPH_OFF 0xE003u
#define GF_MARK_STRIKE_ON_S "\xEE\x80\x80"
#define GF_MARK_STRIKE_OFF_S "\xEE\x80\x81"
#define GF_MARK_EMPH_ON_S "\xEE\x80\x82"
#define GF_MARK_EMPH_OFF_S "\xEE\x80\x83"

typedef enum {
	GF_MC_NONE = 0,
	GF_MC_BOX_EMPTY,   /* ☐ □ ▢ ◻ ⬜ ○ ◯ */
	GF_MC_BOX_CHECKED, /* ☑ ☒ ■ ▣ ✅ ⊠ ⬛ ● ◉ */
	GF_MC_TICK         /* √ ✓ ✔ ✗ ✘ ╳ */
} gf_mark_class;

gf_mark_class gf_mark_classify(uint32_t cp);
bool gf_mark_is_emphasis(uint32_t cp); /* one of the GF_MARK_* code points */

/* One box found in text: the marker spans bytes [start, end) (box plus a
 * tick right after it, spaces between allowed); its label is the trimmed text
 * up to the next box or line end, [label_start, label_end). */
typedef struct gf_box {
	size_t start, end;
	size_t label_start, label_end;
	bool checked;
} gf_box;

/* Find boxes (box glyphs, or a tick standing alone before a label) in text.
 * Writes at most max entries and returns how many there are in all. */
size_t gf_marks_scan(const char *text, gf_box *out, size_t max);

/* Copy of text without the GF_MARK_* emphasis code points (in the arena). */
char *gf_marks_strip(gf_arena *a, const char *text);

#endif
