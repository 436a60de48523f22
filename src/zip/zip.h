/* zip.h - read entries of a zip package (DOCX, XLSX) from memory, safely.
 *
 * gf_zip_open checks the whole central directory before anything is read:
 * entry count, names (no "..", no absolute path, no '\\', no NUL, valid
 * UTF-8), compression methods (stored and deflate only, as OPC allows), no
 * encryption, declared sizes against the limits. gf_zip_read counts the bytes
 * it actually inflates (headers are not trusted) against max_entry, the
 * ratio limit and the package total. All failures are GF_EUNREADABLE or
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

size_t gf_zip_count(const gf_zip *z);
const char *gf_zip_name(const gf_zip *z, size_t i);

#endif
