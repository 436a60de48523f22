/* pdf.h - one PDF document being drawn: pages, text through the font
 * chains, rules and boxes, QR codes, the attached record, metadata.
 *
 * A gf_pdf belongs to one thread and one document. Text is given as shaped
 * glyphs (shape.h); each face used gets its own subset font, written at
 * gf_pdf_finish as a Type0/CIDFontType2 font (Identity-H, CID = glyph id of
 * the subset) with our ToUnicode CMap, through libharu's object API. All
 * coordinates are PDF points from the page's lower-left corner. Numbers are
 * written with a fixed format, so the same drawing gives the same bytes.
 */
#ifndef GF_SHEET_PDF_H
#define GF_SHEET_PDF_H

#include "core/error.h"
#include "sheet/font.h"
#include "sheet/shape.h"

#include <stddef.h>
#include <stdint.h>

typedef struct gf_pdf gf_pdf;

/* A font built once for the fixed text of a layout (its labels, options,
 * digits...): subset, compressed, ToUnicode and widths ready, so a document
 * only subsets and compresses the glyphs of its values. Read-only after
 * gf_prefont_build; shared by threads. Characters are drawn with it when it
 * has them, else with the document's own subset of the same face. */
typedef struct gf_prefont gf_prefont;
int gf_prefont_build(gf_prefont **out, const gf_face *face, const uint32_t *cps,
		     const uint16_t *gids, size_t n, gf_error *err);
void gf_prefont_free(gf_prefont *pf);

int gf_pdf_new(gf_pdf **out, const gf_fonts *fonts, gf_error *err);
/* Use these pre-built fonts (not owned; they must outlive the gf_pdf). */
void gf_pdf_set_prefonts(gf_pdf *p, gf_prefont *const *pre, size_t n);
void gf_pdf_free(gf_pdf *p);

/* Start a new page of w x h points; drawing goes to it. */
int gf_pdf_page(gf_pdf *p, double w, double h);

/* Glyphs g[0..n) at baseline (x, y), font size `size`. */
int gf_pdf_glyphs(gf_pdf *p, double x, double y, double size, const gf_glyph *g, size_t n);

void gf_pdf_line_width(gf_pdf *p, double w);
int gf_pdf_line(gf_pdf *p, double x1, double y1, double x2, double y2);
int gf_pdf_rect(gf_pdf *p, double x, double y, double w, double h, int fill);

/* A QR code (libqrencode, level M, 8-bit mode) of `payload` with its lower
 * left corner at (x, y), each module `module` points, drawn as filled
 * rectangles. *side_out gets the size in points (quiet zone not included). */
int gf_pdf_qr(gf_pdf *p, double x, double y, double module, const char *payload,
	      double *side_out, gf_error *err);
/* Side in modules of the QR code for payload (0 on failure). The code is
 * encoded once and kept for the following calls with the same payload. */
int gf_pdf_qr_modules(gf_pdf *p, const char *payload);

typedef struct gf_pdf_meta {
	const char *title, *subject, *keywords, *author; /* UTF-8, may be NULL */
	const char *creator, *producer;
	const char *lang;        /* e.g. "zh-CN" */
	long long date;          /* seconds since the epoch, UTC; < 0 = no dates */
	unsigned char id[16];    /* the file identifier (/ID) */
	/* the attached file (PDF/A-3 associated file), or name == NULL */
	const char *att_name, *att_mime, *att_desc;
	const void *att_data;
	size_t att_len;
} gf_pdf_meta;

/* Build the fonts, metadata, attachment and write the file. *out is the
 * PDF (caller frees with gf_free). The gf_pdf cannot be drawn on afterwards. */
int gf_pdf_finish(gf_pdf *p, const gf_pdf_meta *meta, unsigned char **out, size_t *len_out,
		  gf_error *err);

/* An ICC v2 RGB display profile (sRGB primaries, gamma 2.2) for the PDF/A
 * output intent. Appends to out. */
struct gf_buf;
int gf_icc_srgb(struct gf_buf *out);

#endif
