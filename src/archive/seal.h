/* seal.h - the seal check on a scanned sheet page: where the sheet's
 * signature block and seal squares are on the scan (from the QR code's
 * corners, then the block's frame lines), and how much of each square is
 * seal ink. Thresholds and parties are data (templates/archive/seals.xml).
 * A help for the clerk, not a legal verdict.
 */
#ifndef GF_ARCHIVE_SEAL_H
#define GF_ARCHIVE_SEAL_H

#include "core/error.h"
#include "sheet/sheet.h"

#define GF_SEAL_PARTY_KEY 24

typedef struct gf_seal_party {
	char key[GF_SEAL_PARTY_KEY]; /* "unit", "provider", "bureau" */
	char zh[64], en[64];
} gf_seal_party;

typedef struct gf_seal_config {
	double hue_min, hue_max;  /* degrees, hue_min may be negative */
	double sat_min, val_min, excess_min;
	double present_min;       /* coverage at or above: present */
	double absent_max;        /* coverage at or below: absent */
	double outside_max;       /* more of the square off the image: uncertain */
	double frame_min;         /* frame score below which the block is not found */
	gf_seal_party parties[GF_SHEET_MAX_PARTIES];
	int n_parties;
} gf_seal_config;

/* Read templates/archive/seals.xml (path to the file). */
int gf_seal_config_load(gf_seal_config *out, const char *path, gf_error *err);

/* Sheet points (origin lower-left) -> image pixels: u = a x + b y + c,
 * v = d x + e y + f. */
typedef struct gf_affine {
	double a, b, c, d, e, f;
} gf_affine;

/* Least-squares affine map taking the sheet's QR square (corners
 * top-left, bottom-left, bottom-right, top-right) onto the corners found
 * on the image. GF_EINVAL when the corners are degenerate. */
int gf_affine_from_qr(gf_affine *out, gf_sheet_rect qr, const double corners[4][2]);

/* An RGB image (3 bytes a pixel, rows of w * 3 bytes). */
typedef struct gf_image {
	const unsigned char *rgb;
	int w, h;
} gf_image;

/* Find the signature block of `g` on the page: the vertical shift (in
 * points) of its frame from where the sheet puts it, searched over the
 * whole page, and a score in 0..1 (both frame lines found across the page,
 * no table lines inside). */
void gf_seal_locate(const gf_image *im, const gf_affine *t, const gf_sheet_geom *g,
		    double *dy_out, double *score_out);

typedef enum { GF_SEAL_ABSENT = 0, GF_SEAL_PRESENT, GF_SEAL_UNCERTAIN } gf_seal_verdict;

typedef struct gf_seal_result {
	gf_seal_verdict verdict;
	double coverage; /* 0..1 */
	double outside;  /* fraction of the square off the image */
} gf_seal_result;

/* Measure one seal square (sheet points) on the image. */
void gf_seal_measure(const gf_seal_config *cfg, const gf_image *im, const gf_affine *t,
		     gf_sheet_rect square, gf_seal_result *out);

const char *gf_seal_verdict_name(gf_seal_verdict v); /* "present", "absent", "uncertain" */

#endif
