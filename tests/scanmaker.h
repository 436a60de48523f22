/* scanmaker.h - scans made from real rendered sheets, for the archive tests,
 * tools/make_scans and bench/bench_archive: rasterise a sheet PDF (MuPDF),
 * stamp red 42 mm seals, photograph it (rotate, scale, uneven light, a
 * colour cast, noise), JPEG-encode (libjpeg) and wrap JPEG pages in a PDF
 * as an office scanner does. Deterministic for a given seed.
 */
#ifndef GF_TESTS_SCANMAKER_H
#define GF_TESTS_SCANMAKER_H

#include <stddef.h>

typedef struct sm_img {
	int w, h;
	unsigned char *rgb; /* w * h * 3, owned: sm_img_free */
	double dpi;         /* pixels per inch of the page */
} sm_img;

void sm_img_free(sm_img *im);

/* Page `page` (0-based) of a PDF at dpi, RGB. 0 or -1. */
int sm_rasterise(const void *pdf, size_t len, int page, double dpi, sm_img *out);

/* A seal of diameter_mm centred at (x_pt, y_pt) in sheet points (origin
 * lower-left, as gf_sheet_geom), in vermilion; strength 0..1 scales the ink
 * (1 = a good impression, 0.3 = faint). */
void sm_stamp(sm_img *im, double page_h_pt, double x_pt, double y_pt, double diameter_mm,
	      double strength, unsigned seed);

/* Paint a rectangle (sheet points) white: an unreadable QR code. */
void sm_blank(sm_img *im, double page_h_pt, double x_pt, double y_pt, double w_pt, double h_pt);

/* A phone photo of the page: rotated by angle_deg, scaled, on a darker
 * background, brightness falling by `gradient` (0..1) across the frame, a
 * warm colour cast and noise. */
int sm_photo(const sm_img *page, sm_img *out, double angle_deg, double scale, double gradient,
	     unsigned seed);

/* JPEG bytes (caller frees with free()). 0 or -1. */
int sm_jpeg(const sm_img *im, int quality, unsigned char **out, size_t *out_len);

/* A PDF of A4 pages, each one JPEG image (caller frees with free()). */
int sm_pdf_of_jpegs(unsigned char *const *jpegs, const size_t *lens, const int *w, const int *h,
		    int n, unsigned char **out, size_t *out_len);

/* A scanner's PDF: every page of `pdf` at dpi, JPEG quality q; seals are
 * stamped on page `seal_page` at the given centres (n_seals of them). */
int sm_scanner_pdf(const void *pdf, size_t len, int pages, double dpi, int q, int seal_page,
		   double page_h_pt, const double (*centres)[2], int n_seals, double strength,
		   unsigned char **out, size_t *out_len);

#endif
