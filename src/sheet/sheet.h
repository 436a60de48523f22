/* sheet.h - confirmation sheets: an intake record in, a stamp-ready PDF out.
 *
 * gf_sheets holds what is loaded once per process: the three sheet layouts
 * and the mapping from templates/sheets/, and the font chains. After
 * gf_sheets_load it is read-only and may be shared by any number of threads
 * (fonts are opened lazily, once, under a lock).
 *
 * gf_sheet_render maps the record to the sheet form (activation for request
 * and hosting-request, change, exit; a *-sheet record as it is), applies the
 * overrides, assigns the document number system.cloud_id (the caller's, or
 * HBZWY-<year>-<6 digits> derived from the record), draws the sheet and
 * returns the PDF with the sheet record attached. The same record and
 * overrides give the same bytes (dates come from SOURCE_DATE_EPOCH or the
 * record).
 */
#ifndef GF_SHEET_SHEET_H
#define GF_SHEET_SHEET_H

#include "core/error.h"

#include <jansson.h>
#include <stddef.h>

typedef struct gf_sheets gf_sheets; /* layouts + fonts, loaded once, shared, read-only */

/* templates_dir: the templates root (holding sheets/) or templates/sheets
 * itself; NULL = $GOVFORMS_TEMPLATES, then the source tree. font_dir: where
 * the font files are looked up by name instead of /usr/share/fonts (NULL =
 * default). Caller frees with gf_sheets_free. */
int gf_sheets_load(gf_sheets **out, const char *templates_dir, const char *font_dir,
		   gf_error *err);
void gf_sheets_free(gf_sheets *s);

/* A rectangle on a sheet page in points, origin at the lower-left corner. */
typedef struct gf_sheet_rect {
	double x, y, w, h;
} gf_sheet_rect;

#define GF_SHEET_MAX_PARTIES 8

/* Where a rendered sheet put what a scan is checked against: the QR code
 * (the same place on every page), and on the last page the signature block
 * and its clear seal squares, one per party in the layout's order
 * (使用单位, 云服务商, 管理单位). */
typedef struct gf_sheet_geom {
	int pages;
	double page_w, page_h;
	gf_sheet_rect qr;
	gf_sheet_rect sign;
	gf_sheet_rect seals[GF_SHEET_MAX_PARTIES];
	int n_seals;
} gf_sheet_geom;

typedef struct gf_sheet_result {
	unsigned char *pdf;
	size_t pdf_len;       /* caller frees with gf_free */
	json_t *sheet_record; /* the sheet form's record (form = *-sheet), caller decrefs */
	json_t *warnings;     /* array of diagnostics in the record's diagnostic shape */
	gf_sheet_geom geom;   /* where the QR code and the seal squares are */
	char qr_payload[256]; /* GFSHEET:<KIND>:<cloud id>:<SHA-256 hex> */
} gf_sheet_result;

/* record: an intake record of any of the 7 forms; overrides: JSON object
 * {"system.operating_hours": "7×24小时", ...} or NULL. A key that is not a
 * field of the sheet, or a value that does not fit it, is GF_EINVAL. */
int gf_sheet_render(const gf_sheets *s, const json_t *record, const json_t *overrides,
		    gf_sheet_result *out, gf_error *err);
void gf_sheet_result_free(gf_sheet_result *r);

/* The document number (system.cloud_id) the sheet of record with overrides
 * carries, into out: the override or the record's own when usable, else the
 * derived HBZWY-<year>-<6 digits>. Cheap: nothing is drawn. */
int gf_sheet_number(const gf_sheets *s, const json_t *record, const json_t *overrides, char *out,
		    size_t cap, gf_error *err);

/* The sheet form a record of `form` turns into ("activation-sheet"), or NULL. */
const char *gf_sheets_target(const gf_sheets *s, const char *form);

/* The canonical bytes of a record (keys sorted, compact, UTF-8): what the
 * QR code's SHA-256 is computed over and what is attached to the PDF.
 * Caller frees with gf_free. */
char *gf_sheet_canonical(const json_t *record, size_t *len_out);

#endif
