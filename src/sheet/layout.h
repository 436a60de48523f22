/* layout.h - sheet layouts read from templates/sheets/<kind>.xml, and the
 * engine that draws a sheet's fields with them.
 *
 * A layout declares the sheet's fields (keys, types, options, required),
 * the page, text styles, the page header (annex label, title, document
 * number and QR code), the body as stacked tables of rows and cells
 * (labels, values, option boxes, fill-in blanks, fixed paragraphs, row
 * spans, repeated rows from a list field with a header repeated on every
 * page), the signature block and the page footer. The format is described
 * in docs/sheets.md. Loading checks the whole template and reports the file
 * and line of the first problem. A gf_layout is read-only after loading.
 */
#ifndef GF_SHEET_LAYOUT_H
#define GF_SHEET_LAYOUT_H

#include "core/error.h"
#include "sheet/font.h"
#include "sheet/pdf.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
	GF_FT_TEXT = 0,
	GF_FT_DATE,
	GF_FT_INT,
	GF_FT_NUMBER, /* gb, kW, ... */
	GF_FT_PHONE,
	GF_FT_EMAIL,
	GF_FT_CHOICE,
	GF_FT_MULTI,
	GF_FT_LIST    /* array of objects; `sub` describes one item */
} gf_ftype;

/* A field of the sheet form, as declared by the layout. */
typedef struct gf_sfield {
	const char *key;       /* full path ("system.networks"), or item key in a list */
	const char *label;     /* printed label, for diagnostics */
	gf_ftype type;
	const char **options;  /* CHOICE / MULTI */
	size_t n_options;
	const char *other;     /* the option whose text goes to <key>_other, or NULL */
	bool required;         /* '*' on the form: a blank is a warning */
	bool hand;             /* filled by hand at signing: blank is expected */
	const struct gf_sfield *sub; /* LIST: item fields */
	size_t n_sub;
} gf_sfield;

typedef struct gf_layout gf_layout;

/* Load and check a layout; its text is measured with `fonts` (so every
 * printed character is checked against the chains here, once). */
int gf_layout_load(gf_layout **out, const char *path, const gf_fonts *fonts, gf_error *err);
void gf_layout_free(gf_layout *l);

const char *gf_layout_form(const gf_layout *l);  /* "activation-sheet" */
const char *gf_layout_kind(const gf_layout *l);  /* "activation" */
const char *gf_layout_title(const gf_layout *l);
const gf_sfield *gf_layout_fields(const gf_layout *l, size_t *n);
/* Declared field by full key ("system.operating_hours"), or NULL. */
const gf_sfield *gf_layout_field(const gf_layout *l, const char *key);

/* What one rendering needs besides the fields. */
typedef struct gf_render_in {
	const json_t *fields;     /* the sheet record's "fields" */
	const char *doc_number;   /* system.cloud_id */
	json_t *warnings;         /* diagnostics are appended here */
	/* Called once, after measuring (every warning is known) and before
	 * drawing: the QR payload, valid until render returns; NULL = no QR. */
	int (*qr)(void *ud, const char **payload);
	void *qr_ud;
	/* When non-NULL: filled with where the QR code, the signature block
	 * and the seal squares were drawn. */
	struct gf_sheet_geom *geom;
} gf_render_in;

/* Draw the sheet into `pdf` (pages are added). Blank required fields, text
 * that had to be cut, and characters no font has become warnings. */
int gf_layout_render(const gf_layout *l, const gf_fonts *fonts, gf_pdf *pdf,
		     const gf_render_in *in, int *pages_out, gf_error *err);

/* Append a diagnostic {severity, code, field, label, message} to arr. */
int gf_sheet_diag(json_t *arr, const char *severity, const char *code, const char *field,
		  const char *label, const char *zh, const char *en);

/* Value at a key path ("hosts[2].cpu", "system.name") in an object; NULL
 * when absent. */
json_t *gf_json_path(const json_t *root, const char *path);
/* True when v is absent, null, "" (or only spaces) or []. */
bool gf_json_blank(const json_t *v);

#endif
