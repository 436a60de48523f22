/* symfont.h - the Microsoft symbol fonts (Symbol, Wingdings, Wingdings 2,
 * Wingdings 3, Webdings) mapped to Unicode, for w:sym and for text in runs
 * set in those fonts. Internal to the DOCX reader.
 *
 * Box and tick glyphs map to the code points core/marks.h classifies
 * (☐ ☑ ☒ ✓ ✗), so a box drawn with a symbol font reads as a box.
 */
#ifndef GF_DOCX_SYMFONT_H
#define GF_DOCX_SYMFONT_H

#include <stddef.h>
#include <stdint.h>

enum {
	GF_SYMFONT_NONE = 0,
	GF_SYMFONT_SYMBOL,
	GF_SYMFONT_WINGDINGS,
	GF_SYMFONT_WINGDINGS2,
	GF_SYMFONT_WINGDINGS3,
	GF_SYMFONT_WEBDINGS
};

/* Which symbol font a w:rFonts / w:sym font name is (GF_SYMFONT_NONE for
 * ordinary fonts). Case and spaces are ignored: "Wingdings 2" = "wingdings2". */
int gf_docx__symfont(const char *name, size_t n);

/* The Unicode code point for `code` in symbol font `font`; code is the byte
 * (0x20..0xFF) or its private-use alias U+F020..U+F0FF. 0 when the glyph has
 * no mapping (the caller drops it). */
uint32_t gf_docx__symfont_map(int font, uint32_t code);

#endif
