/* sfnt.h - read-only access to the tables of one TrueType face inside a
 * mapped font file (TTF or one face of a TTC). Internal to src/sheet.
 *
 * head/hhea/maxp/OS/2/post are copies owned by the gf_sfnt (made by
 * FreeType); loca, glyf and hmtx point into the mapping, whose owner must
 * keep it alive. Every offset is checked against the table bounds.
 */
#ifndef GF_SHEET_SFNT_H
#define GF_SHEET_SFNT_H

#include "core/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gf_sfnt {
	unsigned char *head, *hhea, *maxp, *os2, *post;
	size_t head_len, hhea_len, maxp_len, os2_len;
	const unsigned char *loca, *glyf, *hmtx;
	size_t loca_len, glyf_len, hmtx_len;
	unsigned num_glyphs;
	unsigned n_hmetrics;
	unsigned upem;
	int loca_long;
} gf_sfnt;

static inline uint16_t gf_be16(const unsigned char *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}
static inline uint32_t gf_be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}
static inline void gf_put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}
static inline void gf_put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* Find loca/glyf/hmtx of face `index` in the mapped file and check them
 * against head/hhea/maxp (which must already be loaded). */
int gf_sfnt_locate(gf_sfnt *sf, const unsigned char *file, size_t file_len, unsigned index,
		   gf_error *err, const char *path);
void gf_sfnt_release(gf_sfnt *sf);

/* Glyph `gid`'s bytes in glyf (len 0 for an empty glyph); -1 when the loca
 * entry is out of bounds. */
int gf_sfnt_glyph(const gf_sfnt *sf, unsigned gid, const unsigned char **data, size_t *len);
/* Advance width and left side bearing in font units. */
int gf_sfnt_advance(const gf_sfnt *sf, unsigned gid);
int gf_sfnt_lsb(const gf_sfnt *sf, unsigned gid);

struct gf_face;
const gf_sfnt *gf_face_sfnt(const struct gf_face *f);

#endif
