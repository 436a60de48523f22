/* archive.h - archiving signed, scanned confirmation sheets.
 *
 * gf_archive_add reads a scan (scan.h), matches the QR code's payload
 * GFSHEET:<KIND>:<cloud id>:<record hash> to a stored submission, renders
 * that submission's current sheet to learn its record hash and where the
 * seal squares are, checks each party's seal (seal.h) and stores the scan
 * write-once with its findings (gf_store_archive_add). When no code can be
 * read, the admin may attach the scan to a cloud id by hand.
 *
 * A gf_archive holds what is loaded once (sheet layouts, seal thresholds,
 * the MuPDF context) and may be shared by threads.
 */
#ifndef GF_ARCHIVE_ARCHIVE_H
#define GF_ARCHIVE_ARCHIVE_H

#include "core/error.h"
#include "sheet/sheet.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>

typedef struct gf_archive gf_archive;

/* templates_dir: the templates root (holding archive/seals.xml and
 * sheets/); NULL = $GOVFORMS_TEMPLATES, then the source tree. sheets: an
 * already loaded gf_sheets to use (not owned; it must outlive the archive),
 * or NULL to load one. Caller frees with gf_archive_free. */
int gf_archive_load(gf_archive **out, const char *templates_dir, const gf_sheets *sheets,
		    gf_error *err);
void gf_archive_free(gf_archive *a);

/* What to archive besides the bytes. */
typedef struct gf_archive_in {
	const char *name;     /* the file's name, for the entry (may be NULL) */
	const char *cloud_id; /* attach by hand to this cloud id (admin; used only
	                       * when no code can be read) */
} gf_archive_in;

/* Read, match, check and store one scan. *out is the stored entry (caller
 * clears with gf_archive_entry_clear); *out_existing = 1 when the same file
 * was archived before (*out is that entry). Errors: GF_EUNREADABLE (not a
 * PDF or image, or no code could be read and no hand match was asked),
 * GF_ENOTFOUND (no record with that number, or not the caller's),
 * GF_EINVAL (a hand match by a non-admin, a code naming another number
 * than the one given), store errors. Refusals are audited. */
int gf_archive_add(gf_archive *a, gf_store *s, const gf_principal *who, const void *data,
		   size_t len, const gf_archive_in *in, gf_archive_entry *out, int *out_existing,
		   gf_error *err);

/* An entry as JSON for the API and the CLI (new reference; NULL when out
 * of memory): the stored columns, parsed seals and detail, links under
 * `base` ("/api/v1/archive") and a one-line English / Chinese summary. */
json_t *gf_archive_entry_json(const gf_archive_entry *e, const char *base);

/* "matched to HBZWY-2026-000123 (activation sheet of 淮北市教育局's 智慧校园平台),
 * seals: unit ✔, provider ✔, bureau ✖" into buf. */
void gf_archive_summary(const gf_archive_entry *e, char *buf, size_t cap);

#endif
