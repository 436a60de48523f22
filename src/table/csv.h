/* csv.h - streaming CSV reader for typed-in forms.
 *
 * gf_csv_open reads the file once to hash it (SHA-256), decide its encoding
 * and count its records, then streams it row by row with memory bounded by
 * the row caps of table.h, whatever the file's size.
 *
 * Encoding: a UTF-16 BOM means UTF-16 (Excel's "Unicode text"); a UTF-8 BOM,
 * or bytes that are valid UTF-8, mean UTF-8; anything else is GB18030 (which
 * covers GBK and GB2312, what Chinese Excel writes), converted with iconv.
 * Valid UTF-8 whose non-ASCII text is only two-byte sequences and no CJK at
 * all, and that reads as CJK in GB18030, is GB18030 ("中文" in GBK is valid
 * UTF-8). Bytes that are neither are GF_EUNREADABLE, with the offset.
 *
 * Dialect: RFC 4180 quoting, "" inside quotes, CRLF / LF / CR line ends, a
 * last line without an end; the delimiter is ',' unless the first line has
 * more tabs or semicolons outside quotes, or starts with Excel's "sep=X".
 * A quote inside an unquoted cell is kept as text. Every record counts as a
 * row (blank lines too), so row numbers match what a spreadsheet shows.
 */
#ifndef GF_TABLE_CSV_H
#define GF_TABLE_CSV_H

#include "core/error.h"
#include "table/table.h"

#include <stddef.h>

typedef enum {
	GF_ENC_UTF8 = 0,
	GF_ENC_UTF8_BOM,
	GF_ENC_GB18030,
	GF_ENC_UTF16LE,
	GF_ENC_UTF16BE
} gf_encoding;

const char *gf_encoding_name(gf_encoding e); /* "utf-8", "gb18030"... */

typedef struct gf_csv gf_csv;

/* Open a CSV file (max_bytes caps its size; 0 = 4 GiB). Caller frees with
 * gf_csv_close. GF_ENOTFOUND / GF_EIO when it cannot be read, GF_ELIMIT when
 * too large, GF_EUNREADABLE when its bytes are no known encoding. */
int gf_csv_open(gf_csv **out, const char *path, size_t max_bytes, gf_error *err);
/* The same over bytes in memory (not copied: data must outlive the reader).
 * `name` is used in messages. */
int gf_csv_open_mem(gf_csv **out, const void *data, size_t len, const char *name,
		    gf_error *err);
void gf_csv_close(gf_csv *c);

/* Next row: 1 with *row set (valid until the next call), 0 at the end, or
 * GF_ELIMIT (a row over the table.h caps: usually a stray quote) /
 * GF_EUNREADABLE / GF_EIO / GF_ENOMEM with err naming the row. */
int gf_csv_next(gf_csv *c, gf_trow *row, gf_error *err);

/* The reader as a gf_rows source (borrowed; valid while c is open). */
gf_rows gf_csv_rows(gf_csv *c);

gf_encoding gf_csv_encoding(const gf_csv *c);
char gf_csv_delimiter(const gf_csv *c); /* known after the first row */
const char *gf_csv_sha256(const gf_csv *c); /* hex digest of the file's bytes */
size_t gf_csv_records(const gf_csv *c);     /* records counted by the first pass */

#endif
