/* fill.h - the fields of one document as they are read: typed values, the
 * place each came from, and the diagnostics of typing them.
 *
 * Both readers (DOCX extraction and structured XML) feed a gf_fill through
 * the same calls, so a DOCX and its XML twin give identical fields:
 * gf_fill_text / gf_fill_pick for fields, gf_fill_row_* for table rows.
 * gf_fill_finish then checks required fields and choice counts and builds
 * the `fields` object in the form definition's key order.
 *
 * A gf_fill borrows the arena, the form, the value parsers and the
 * diagnostics list; it owns its json values until gf_fill_fields hands
 * them out, and gf_fill_free releases what is left.
 */
#ifndef GF_FORM_FILL_H
#define GF_FORM_FILL_H

#include "core/arena.h"
#include "core/diag.h"
#include "form/formdef.h"
#include "form/values.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct gf_rowinfo {
	gf_loc loc;        /* the row's first cell / <item> element */
	gf_loc *col_loc;   /* per part key of the table, in column order */
} gf_rowinfo;

typedef struct gf_fill {
	gf_arena *arena;
	const gf_formdef *form;
	const gf_values *values;
	gf_diags *diags;
	json_t **value;    /* per field index: typed value (owned) or NULL */
	gf_loc *loc;       /* per field index: where the value (or its label) is */
	bool *seen;        /* per field index: its label or element was found */
	bool *bad;         /* per field index: a value was refused (no `required` then) */
	json_t **rows;     /* per table index: array of row objects (owned) */
	gf_rowinfo **rowinfo; /* per table index: one per row */
	size_t *nrows;        /* per table index: rows kept */
	size_t *rowcap;       /* per table index: rowinfo capacity */
	gf_loc *table_loc; /* per table index: where the table was found */
	json_t **total;    /* per table index: the typed total row, or NULL */
	gf_loc *total_loc;
} gf_fill;

int gf_fill_init(gf_fill *fl, gf_arena *a, const gf_formdef *form, const gf_values *values,
		 gf_diags *diags);
void gf_fill_free(gf_fill *fl);

/* Mark a field as found (its label is printed) at loc. */
void gf_fill_seen(gf_fill *fl, const gf_fielddef *f, gf_loc loc);

/* Set a scalar field from text as written (any type but choice/multi):
 * blank text leaves it unset; a refused value adds a `format` diagnostic.
 * Returns 0 or GF_ENOMEM. */
int gf_fill_text(gf_fill *fl, const gf_fielddef *f, const char *text, gf_loc loc);

/* Set a choice/multi field from options chosen by index (`n` of them),
 * with `unknown` text marked that is no option (or NULL). Checks: several
 * options in a single choice, unknown options (`choice`). */
int gf_fill_pick(gf_fill *fl, const gf_fielddef *f, const int *chosen, size_t n,
		 const char *unknown, gf_loc loc);

/* Is text the "0" that means "this service is not needed" (备注3)? */
bool gf_fill_is_zero(const char *text);
/* Set a field to that "0" (a choice or multi too: the string "0"). */
int gf_fill_zero(gf_fill *fl, const gf_fielddef *f, gf_loc loc);

/* Table rows: start a row, set its parts from text, end it. A row whose
 * parts all stay empty is dropped by gf_fill_row_end (returns 0). */
typedef struct gf_rowbuild {
	const gf_tabledef *t;
	json_t *row;
	gf_loc loc;
	gf_loc *col_loc;
	bool is_total;
} gf_rowbuild;

int gf_fill_row_begin(gf_fill *fl, const gf_tabledef *t, gf_loc loc, bool is_total,
		      gf_rowbuild *rb);
/* Set part `part_key` of the row from text, typed by the part's type. */
int gf_fill_row_text(gf_fill *fl, gf_rowbuild *rb, const gf_coldef *col, const gf_partdef *p,
		     const char *text, gf_loc loc);
/* Set a column from one cell's text: split columns (disk, cpumem, pattern)
 * are divided into their parts here. */
int gf_fill_row_cell(gf_fill *fl, gf_rowbuild *rb, const gf_coldef *col, const char *text,
		     gf_loc loc);
int gf_fill_row_end(gf_fill *fl, gf_rowbuild *rb);
void gf_fill_table_seen(gf_fill *fl, const gf_tabledef *t, gf_loc loc);

/* Required fields, then the `fields` object in key order (new reference).
 * Values are moved out of the fill. */
int gf_fill_finish(gf_fill *fl, json_t **fields_out);

/* The total of a table's rows: each total column summed over rows x their
 * count (a row without a count counts once), plus the count itself. New
 * reference, NULL when out of memory. */
json_t *gf_fill_total(const gf_tabledef *t, const json_t *rows);

/* Key path of a table cell for diagnostics: "hosts[2].cpu" (arena). */
const char *gf_fill_row_path(gf_fill *fl, const gf_tabledef *t, size_t row, const char *part);

/* Where a key path was read ("owner.email", "hosts[1].cpu", "hosts");
 * unknown = all zero. */
gf_loc gf_fill_where(const gf_fill *fl, const char *path);

/* Bilingual message helpers used across the readers and rules. */
int gf_fill_diag(gf_fill *fl, gf_severity sev, const char *code, const char *field,
		 const char *label, gf_loc loc, const char *zh, const char *en);

/* Set a nested key ("a.b.c") in obj to v (reference stolen). */
int gf_json_set_path(json_t *obj, const char *path, json_t *v);
/* Get a nested key or NULL (borrowed). */
json_t *gf_json_get_path(const json_t *obj, const char *path);

#endif
