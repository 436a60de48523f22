/* scan.h - reading scans of signed sheets: PDF from an office scanner (one
 * image per page: JPEG, CCITT, JBIG2, Flate...) or a photo (JPEG, PNG,
 * TIFF), rendered with MuPDF, QR codes found with zbar.
 *
 * A gf_scanner is made once per process and shared by threads (each call
 * works on its own clone of the MuPDF context). MuPDF's memory comes from
 * an allocator with a process-wide cap, so a hostile file fails with
 * GF_EUNREADABLE instead of exhausting the machine.
 */
#ifndef GF_ARCHIVE_SCAN_H
#define GF_ARCHIVE_SCAN_H

#include "core/error.h"

#include <stddef.h>

typedef struct gf_scanner gf_scanner;

int gf_scanner_new(gf_scanner **out, gf_error *err);
void gf_scanner_free(gf_scanner *s);

#define GF_SCAN_MAX_PAGES 16   /* pages of a file that are looked at */
#define GF_SCAN_MAX_CODES 4    /* QR codes kept per page */
#define GF_SCAN_TEXT_MAX 512

/* A QR code: its text and its four corners in the page image's pixels, in
 * the symbol's own order: top-left, bottom-left, bottom-right, top-right. */
typedef struct gf_scan_code {
	char text[GF_SCAN_TEXT_MAX];
	double pt[4][2];
} gf_scan_code;

/* One page as an RGB image (3 bytes a pixel, rows of w * 3 bytes) at about
 * 145 dpi for an A4 page, with the codes found on it. */
typedef struct gf_scan_page {
	int w, h;
	unsigned char *rgb;
	gf_scan_code codes[GF_SCAN_MAX_CODES];
	int n_codes;
} gf_scan_page;

typedef struct gf_scan {
	const char *format;   /* "pdf", "jpeg", "png" or "tiff" (static) */
	const char *mime;     /* its media type (static) */
	int n_pages;          /* pages in the file */
	int n_read;           /* pages read: min(n_pages, GF_SCAN_MAX_PAGES) */
	gf_scan_page *pages;
} gf_scan;

/* The format of data from its first bytes, or NULL when it is not one of
 * the formats read here. *mime_out (when non-NULL) gets the media type. */
const char *gf_scan_sniff(const void *data, size_t len, const char **mime_out);

/* Render every page (up to GF_SCAN_MAX_PAGES) and decode its QR codes. A
 * file that is not a readable PDF or image is GF_EUNREADABLE. A page
 * without a readable code is not an error (n_codes = 0). Caller frees with
 * gf_scan_free. */
int gf_scan_read(gf_scanner *s, gf_scan *out, const void *data, size_t len, gf_error *err);
void gf_scan_free(gf_scan *scan);

#endif
