/* shape.h - text to glyphs through a font chain, and the line-breaking
 * classes of characters (CJK rules: no break before closing punctuation,
 * none after opening punctuation; Latin words stay whole).
 */
#ifndef GF_SHEET_SHAPE_H
#define GF_SHEET_SHAPE_H

#include "core/error.h"
#include "sheet/font.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gf_glyph {
	const gf_face *face; /* NULL only for a line break ('\n') */
	uint16_t gid;
	uint16_t adv;        /* advance in 1/1000 em */
	uint32_t cp;         /* character shown (U+FFFD when replaced) */
	uint32_t src;        /* character in the text */
	bool missing;        /* no face of the chain has `src` */
} gf_glyph;

typedef struct gf_shaped {
	gf_glyph *g;
	size_t n, cap;
	size_t max;          /* cap on n (0 = 1,000,000) */
} gf_shaped;

/* Append the glyphs of UTF-8 text s[0..len) drawn with `chain`. Tabs become
 * spaces, other control characters are dropped, '\n' is kept as a line
 * break. A character no face has is drawn as U+FFFD (or .notdef) and marked
 * missing. Invalid UTF-8 bytes become U+FFFD. */
int gf_shape(gf_shaped *out, const gf_fonts *fs, int chain, const char *s, size_t len,
	     gf_error *err);
void gf_shaped_free(gf_shaped *sh);

/* Width in 1/1000 em of g[0..n). */
long gf_glyphs_width(const gf_glyph *g, size_t n);

/* Line breaking classes. */
bool gf_brk_closing(uint32_t cp);  /* may not start a line */
bool gf_brk_opening(uint32_t cp);  /* may not end a line */
bool gf_brk_ideographic(uint32_t cp); /* a break is allowed on either side */
bool gf_brk_space(uint32_t cp);
/* May a line break fall between a and b? */
bool gf_brk_allowed(uint32_t a, uint32_t b);

#endif
