/* table.h - rows of a spreadsheet (CSV or XLSX sheet), one at a time.
 *
 * Readers hand out one row per call; the row and its cell strings belong to
 * the reader and stay valid until its next call. Cell text is UTF-8 as
 * stored (not trimmed). Row numbers are the sheet's, 1-based: what a person
 * sees at the left of the spreadsheet.
 */
#ifndef GF_TABLE_TABLE_H
#define GF_TABLE_TABLE_H

#include "core/error.h"

#include <stddef.h>

/* Caps on one row, for every reader. */
#define GF_TABLE_MAX_COLS 1024        /* columns in a row */
#define GF_TABLE_MAX_CELL (64u << 10) /* bytes of one cell */
#define GF_TABLE_MAX_ROW (1u << 20)   /* bytes of one row */
#define GF_TABLE_MAX_ROWS 1048576     /* rows in a sheet (Excel's own limit) */

typedef enum {
	GF_CELL_TEXT = 0, /* text as typed (every CSV cell) */
	GF_CELL_NUMBER,   /* a number cell: text is its stored value ("13805612345", "16.5") */
	GF_CELL_DATE,     /* a number cell with a date format: text is the serial ("45356") */
	GF_CELL_BOOL,     /* "TRUE" / "FALSE" */
	GF_CELL_ERROR     /* a formula error: "#N/A", "#VALUE!" */
} gf_cell_kind;

typedef struct gf_tcell {
	const char *text; /* never NULL; "" for an empty cell */
	gf_cell_kind kind;
} gf_tcell;

typedef struct gf_trow {
	int line;              /* sheet row, 1-based */
	size_t ncells;         /* cells up to the last non-empty one */
	const gf_tcell *cells;
} gf_trow;

/* A source of rows (a CSV file, one sheet of a workbook): next returns 1
 * with *row set, 0 at the end, or a negative GF_E* code with err set. */
typedef struct gf_rows {
	void *self;
	int (*next)(void *self, gf_trow *row, gf_error *err);
	const char *name; /* for messages: "entry.csv", "entry.xlsx: Sheet1" */
} gf_rows;

#endif
