/* entry.h - the data-entry layout (docs/batch.md): spreadsheet rows in,
 * raw form trees out, ready for gf_intake_raw.
 *
 * A forms sheet holds one form per row under one to three header rows
 * (columns named by field key or printed label; merged group headers such as
 * 系统负责人 over 办公电话 / 电子邮箱 tell repeated labels apart). Meta
 * columns: `form` (form id, annex or title), `ref` (the form's reference,
 * joining its table rows), `序号` (ignored). Table rows (hosts, changes,
 * devices, cabinets, backups) come from rows sheets: columns `ref`, `table`
 * (or a sheet named after the table) and the table's columns.
 *
 * Spreadsheet quirks are settled here, before typing: Excel date serials
 * become dates, integers turned into floats (16.0) lose the fraction, a
 * landline that lost its leading 0 gets it back (a warning), a number shown
 * in scientific notation with digits lost is refused with its own
 * diagnostic, whitespace runs fold. Every diagnostic carries the sheet row
 * and column.
 *
 * A gf_entry owns its header maps and the rows-sheet index (one entry per
 * distinct ref, not per row); it reads rows sheets in step with the forms
 * sheet, so memory stays flat when both list forms in the same order. It
 * borrows the formset, the values and the row sources.
 */
#ifndef GF_TABLE_ENTRY_H
#define GF_TABLE_ENTRY_H

#include "core/arena.h"
#include "core/diag.h"
#include "core/error.h"
#include "form/formdef.h"
#include "form/values.h"
#include "table/table.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct gf_entry gf_entry;

typedef struct gf_entry_opts {
	const gf_formset *fs;
	const gf_values *values;
	const char *hint;    /* sheet or file name: may name the form ("request.csv") */
	const char *form_id; /* every row is this form, or NULL (form column, hint, headers) */
} gf_entry_opts;

/* Read the header rows of `forms`. Caller frees with gf_entry_free. Returns
 * GF_EUNREADABLE when the sheet has no header naming any field. */
int gf_entry_open(gf_entry **out, const gf_entry_opts *opts, gf_rows forms, gf_error *err);
void gf_entry_free(gf_entry *en);

/* Table rows from a rows sheet, read in two passes over the same rows:
 * gf_entry_index_rows with a first reader (counts each ref's rows), then
 * gf_entry_add_rows with a second one, which the gf_entry reads as forms
 * come (it must stay open until gf_entry_next returns 0). `table` is the
 * table key when the sheet is named after one, else NULL (a `table` column
 * then names it per row). Call both before the first gf_entry_next. */
int gf_entry_index_rows(gf_entry *en, gf_rows rows, const char *table, gf_error *err);
int gf_entry_add_rows(gf_entry *en, gf_rows rows, const char *table, gf_error *err);

/* One form read from a row. */
typedef struct gf_entry_loc {
	const char *path; /* "owner.email", "hosts[0].cpu", "hosts[0]" */
	gf_loc loc;
} gf_entry_loc;

typedef struct gf_entry_form {
	gf_arena *arena;       /* owns everything here but `fields` */
	int line;              /* the form's sheet row */
	const char *ref;       /* the ref column, or NULL */
	const char *form_id;   /* NULL when the form could not be told */
	json_t *fields;        /* raw tree for gf_intake_raw (owned) */
	gf_diags diags;        /* diagnostics of the spreadsheet itself */
	const char **replaced; /* paths whose value was refused here: intake's
				* `required` on them is redundant */
	size_t nreplaced;
	gf_entry_loc *locs;
	size_t nlocs;
} gf_entry_form;

/* Next form: 1 with *out (caller frees with gf_entry_form_free), 0 at the
 * end, or an error (a row source failed: GF_EUNREADABLE, GF_ELIMIT...).
 * Blank rows are skipped. */
int gf_entry_next(gf_entry *en, gf_entry_form **out, gf_error *err);
void gf_entry_form_free(gf_entry_form *f);

/* After the end: table rows whose ref named no form, one gf_entry_form per
 * row (form_id NULL, a `format` diagnostic). 1, 0 when none are left. */
int gf_entry_next_orphan(gf_entry *en, gf_entry_form **out, gf_error *err);

/* gf_locate_fn over a gf_entry_form (ctx). */
void gf_entry_locate(void *ctx, const char *path, gf_loc *loc);

/* Merge the form's own diagnostics into a record from gf_intake_raw (or
 * build one when form_id is NULL): drop intake's `required` on replaced
 * paths, sort by place, set `valid`. */
int gf_entry_merge(const gf_entry_form *f, json_t *record);

/* Rows read so far from the forms sheet (for progress). */
int gf_entry_line(const gf_entry *en);

/* A blank data-entry template for form f as CSV (UTF-8 with a BOM, CRLF):
 * the forms sheet (rows = false: 表单/编号 then every field and <key>_other
 * column, a label row with '*' on required fields over a key row), or the
 * rows sheet of its tables (rows = true: 编号, 明细类型, the tables' part
 * columns). GF_ENOTFOUND for a rows sheet of a form without tables. */
struct gf_buf;
int gf_entry_template(const gf_formdef *f, bool rows, struct gf_buf *out);

/* "2026-03-05" from an Excel serial (1900 system, 1 = 1900-01-01, the
 * phantom 1900-02-29 refused); out holds 11 bytes. 0 or GF_EINVAL. */
int gf_excel_date(double serial, bool date1904, char out[11]);

#endif
