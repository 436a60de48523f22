/* zip.h - read entries of a zip package (DOCX, XLSX) from memory, safely.
 *
 * gf_zip_open checks the whole central directory before anything is read:
 * entry count, names (no "..", no absolute path, no '\\', no NUL, valid
 * UTF-8), compression methods (stored and deflate only, as OPC allows), no
 * encryption, declared sizes against the limits. gf_zip_read and the
 * streams count the bytes they actually inflate (headers are not trusted)
 * against their per-entry cap (max_entry read whole, max_stream streamed),
 * the ratio limit (entries over 1 MiB) and the package total. The total
 * counts each entry's bytes once: reading a part again only counts what goes
 * past the furthest earlier read of it. All failures are GF_EUNREADABLE or
 * GF_ELIMIT with a one-line message.
 */
#ifndef GF_ZIP_ZIP_H
#define GF_ZIP_ZIP_H

#include "core/error.h"
#include "core/limits.h"

#include <stddef.h>

typedef struct gf_zip gf_zip;

/* Open a package held in data[0..len); data must outlive the gf_zip.
 * Caller frees *out with gf_zip_close. */
int gf_zip_open(gf_zip **out, const void *data, size_t len, const gf_limits *lim,
		gf_error *err);
void gf_zip_close(gf_zip *z);

/* Whole entry `name` into *out (NUL-terminated; caller frees with gf_free).
 * Name lookup is exact, then case-insensitive (OPC part names are
 * case-insensitive). GF_ENOTFOUND when absent. */
int gf_zip_read(gf_zip *z, const char *name, char **out, size_t *len_out, gf_error *err);
int gf_zip_has(gf_zip *z, const char *name);

/* An entry read in pieces, for parts too large to hold (XLSX worksheets):
 * memory stays a few tens of KiB whatever the entry's size. Several streams
 * may be open on one gf_zip; each must be closed before it (one thread). */
typedef struct gf_zip_stream gf_zip_stream;

/* Open entry `name` (lookup as gf_zip_read). Caller frees *out with
 * gf_zip_stream_close. GF_ENOTFOUND when absent, GF_ELIMIT when it declares
 * more than max_stream bytes. */
int gf_zip_stream_open(gf_zip_stream **out, gf_zip *z, const char *name, gf_error *err);
/* Up to n bytes into buf; *got is 0 only at the end of the entry. A refusal
 * (past max_stream, the ratio or the total; more or fewer bytes than
 * declared; corrupt data) is final: later calls fail the same way. */
int gf_zip_stream_read(gf_zip_stream *s, void *buf, size_t n, size_t *got, gf_error *err);
void gf_zip_stream_close(gf_zip_stream *s);

size_t gf_zip_count(const gf_zip *z);
const char *gf_zip_name(const gf_zip *z, size_t i);

#endif
