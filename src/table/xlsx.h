/* xlsx.h - rows of the sheets of an XLSX workbook, on the project's safe
 * zip (zip.h) and XML (xml.h) layers.
 *
 * gf_xlsx_open reads the workbook's sheet list, relationships, number
 * formats (which styles are dates) and shared strings (once, capped by
 * max_text). A sheet is read with the streaming XML reader, one row per
 * call: shared, inline and formula strings, numbers (GF_CELL_NUMBER, the
 * stored value), booleans, errors, and dates (GF_CELL_DATE, text
 * "YYYY-MM-DD" from the serial, 1900 or 1904 system). Merged ranges
 * (<mergeCells>) repeat their top-left value in every cell they cover, so a
 * merged header names each column below it. Phonetic runs (<rPh>) are not
 * text.
 *
 * A sheet part is never held whole: it is inflated as the XML reader asks
 * (gf_zip_stream, capped by max_stream; gf_xml_reader_new_io), so memory is
 * flat in the number of rows. Opening a sheet first streams its part once
 * for <mergeCells> and <dimension> (kept by the workbook for later opens of
 * the same sheet), then reads rows in a second stream.
 *
 * The gf_xlsx owns the package bytes and shared strings; a gf_xlsx_sheet
 * owns its streams and must be closed before the workbook.
 */
#ifndef GF_TABLE_XLSX_H
#define GF_TABLE_XLSX_H

#include "core/error.h"
#include "core/limits.h"
#include "table/table.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct gf_xlsx gf_xlsx;
typedef struct gf_xlsx_sheet gf_xlsx_sheet;

/* Open a workbook file (read whole, under lim->max_input). Caller frees with
 * gf_xlsx_close. GF_EUNREADABLE / GF_ELIMIT for an unsafe or malformed
 * package, GF_ENOTFOUND / GF_EIO when the file cannot be read. */
int gf_xlsx_open_file(gf_xlsx **out, const char *path, const gf_limits *lim, gf_error *err);
/* The same over bytes in memory (copied). */
int gf_xlsx_open_mem(gf_xlsx **out, const void *data, size_t len, const char *name,
		     const gf_limits *lim, gf_error *err);
void gf_xlsx_close(gf_xlsx *x);

const char *gf_xlsx_sha256(const gf_xlsx *x); /* hex digest of the package bytes */
bool gf_xlsx_date1904(const gf_xlsx *x);
size_t gf_xlsx_sheet_count(const gf_xlsx *x);
const char *gf_xlsx_sheet_name(const gf_xlsx *x, size_t i); /* as in the workbook */

/* Start reading sheet i (0-based, workbook order). */
int gf_xlsx_sheet_open(gf_xlsx_sheet **out, gf_xlsx *x, size_t i, gf_error *err);
void gf_xlsx_sheet_close(gf_xlsx_sheet *s);
/* Next row with cells: 1 with *row (valid until the next call), 0 at the end,
 * or GF_EUNREADABLE / GF_ELIMIT / GF_ENOMEM. Rows without cells are skipped
 * (their numbers are kept by the rows that follow). */
int gf_xlsx_sheet_next(gf_xlsx_sheet *s, gf_trow *row, gf_error *err);
gf_rows gf_xlsx_sheet_rows(gf_xlsx_sheet *s);
/* Rows below the first, from the sheet's <dimension> (0 when absent). */
size_t gf_xlsx_sheet_rows_hint(const gf_xlsx_sheet *s);

#endif
