/* font.h - the font chains used by the sheets, and TrueType subsetting.
 *
 * A gf_fonts holds the faces named in templates/sheets/fonts.xml, located on
 * disk once (gf_fonts_load) and opened lazily, once, on first use: the file
 * is mapped read-only, FreeType reads the face and its Unicode coverage, and
 * the tables the subsetter needs are kept. After that every lookup is
 * lock-free and read-only, so one gf_fonts is shared by all documents and
 * threads. Faces are grouped into chains ("song" for the body, "hei" for
 * titles); a code point is drawn with the first face of the chain that has
 * it.
 *
 * gf_font_subset builds a TrueType font holding only the glyphs a document
 * uses (composite components included, ids renumbered densely, hinting
 * removed, checksums right).
 */
#ifndef GF_SHEET_FONT_H
#define GF_SHEET_FONT_H

#include "core/error.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gf_fonts gf_fonts;
typedef struct gf_face gf_face;

#define GF_FONT_MAX_FACES 16
#define GF_FONT_MAX_CHAINS 8

/* Read the font configuration `config_path` (fonts.xml) and locate every
 * face: in `font_dir` when given (by file name, then by the configured
 * relative path), else under /usr/share/fonts and /usr/local/share/fonts.
 * A face marked required that cannot be found is GF_ENOTFOUND; an optional
 * one is left out of its chains. Caller frees with gf_fonts_free. */
int gf_fonts_load(gf_fonts **out, const char *config_path, const char *font_dir,
		  gf_error *err);
void gf_fonts_free(gf_fonts *fs);

/* Chain index by name ("song", "hei"), or -1. */
int gf_fonts_chain(const gf_fonts *fs, const char *name);

/* The face that draws `cp` in `chain` and its glyph id there. Returns 0, or
 * GF_ENOTFOUND when no face of the chain has the character (*face_out = NULL),
 * or GF_EFONT when a required face cannot be read (err says why). An optional
 * face that cannot be read (not a TrueType font, embedding forbidden...)
 * drops out of its chains. */
int gf_fonts_find(const gf_fonts *fs, int chain, uint32_t cp, const gf_face **face_out,
		  uint16_t *gid_out, gf_error *err);

/* Open every face now (for tests and to fail early); 0 or the first error. */
int gf_fonts_open_all(const gf_fonts *fs, gf_error *err);

/* Face properties (valid once the face was returned by gf_fonts_find or
 * gf_fonts_face). */
int gf_face_index(const gf_face *f);              /* position in fonts.xml */
const char *gf_face_id(const gf_face *f);         /* id in fonts.xml */
const char *gf_face_path(const gf_face *f);       /* located file */
const char *gf_face_psname(const gf_face *f);     /* PostScript name, [A-Za-z0-9-] */
unsigned gf_face_num_glyphs(const gf_face *f);
/* Advance width of a glyph in 1/1000 em, rounded (what the PDF /W says). */
int gf_face_advance(const gf_face *f, uint16_t gid);

/* Metrics for the PDF font descriptor, in 1/1000 em. */
typedef struct gf_face_metrics {
	int ascent, descent, cap_height;
	int bbox[4];
	int italic_angle;
	int stem_v;
	int fixed_pitch;
} gf_face_metrics;
void gf_face_get_metrics(const gf_face *f, gf_face_metrics *out);

/* Face by position (for tests); opens it. NULL when absent or unreadable. */
const gf_face *gf_fonts_face(const gf_fonts *fs, const char *id, gf_error *err);

/* A subset font program. */
typedef struct gf_subset {
	unsigned char *data;  /* the TrueType file; caller frees with gf_free */
	size_t len;
	unsigned n_glyphs;    /* glyph 0 is .notdef, 1..n are the requested ones */
	uint16_t *advance;    /* per new glyph, 1/1000 em; caller frees with gf_free */
} gf_subset;

/* Subset `f` to the glyphs gids[0..n): new glyph i+1 is gids[i] (the same
 * glyph may be asked for twice; it is then stored twice, so each code point
 * keeps its own glyph id). cps[i] is the character drawn with gids[i]; it goes
 * into the subset's cmap (format 4 for the BMP, format 12 for everything).
 * Components of composite glyphs are added after the requested glyphs.
 * At most 65000 glyphs. */
int gf_font_subset(gf_subset *out, const gf_face *f, const uint32_t *cps,
		   const uint16_t *gids, size_t n, gf_error *err);
void gf_subset_free(gf_subset *s);

/* The ToUnicode CMap for a font whose CID i+1 shows cps[i] (i < n), written
 * with bfchar/bfrange blocks of at most 100 entries; characters beyond
 * U+FFFF as UTF-16 surrogate pairs. Appends to `out`. */
struct gf_buf;
int gf_tounicode_write(struct gf_buf *out, const uint32_t *cps, size_t n);

#endif
