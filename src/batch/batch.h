/* batch.h - convert many inputs in one run: folders of DOCX and XML forms,
 * CSV and XLSX spreadsheets of typed-in forms (table/entry.h layout).
 *
 * A pool of worker threads shares the read-only engine; the main thread
 * walks the inputs in a fixed order (arguments as given, folders sorted by
 * byte order of names) and reads spreadsheet rows as workers need them, so
 * memory stays bounded by the number of forms in flight, not by the input.
 * Results are written in input order: the outputs and the report are
 * byte-identical for any number of workers.
 *
 * Outputs under out_dir, each written to a temporary file and renamed:
 *   <name>.json            the record of a file input (name keeps its
 *                          folder path below the argument and its extension:
 *                          legacy/2019/a.docx -> legacy/2019/a.docx.json)
 *   <sheet>/row-<N>.json   the record of spreadsheet row N
 *   ... .pdf, .sheet.json  the confirmation sheet of a valid form and the
 *                          sheet's record (cloud id), when a renderer is given
 *   report.csv, report.json every input file or row: status, form, cloud id,
 *                          diagnostics (written at the end, also after a stop)
 * With `resume`, an input whose record exists for the same source SHA-256
 * (and, for a valid one, whose sheet and sheet record exist when sheets are
 * made) is not converted again; its report line is read back from them.
 */
#ifndef GF_BATCH_BATCH_H
#define GF_BATCH_BATCH_H

#include "core/error.h"
#include "form/intake.h"
#include "form/values.h"

#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

typedef enum {
	GF_PROGRESS_NONE = 0,
	GF_PROGRESS_BAR,  /* a redrawn line: done/total, rate, ETA (for a terminal) */
	GF_PROGRESS_JSON  /* one JSON object per line, at most every 200 ms and at the end */
} gf_progress_mode;

/* Make the confirmation sheet of a valid record: PDF bytes into *pdf (caller
 * frees with gf_free) and the sheet's own record (*sheet, caller decrefs; its
 * fields.system.cloud_id is the report's cloud id), or 0 with *pdf NULL when
 * the record gets no sheet. Called from worker threads at once: must be
 * thread-safe. */
typedef int (*gf_batch_render_fn)(void *ctx, const json_t *record, char **pdf, size_t *len,
				  json_t **sheet, gf_error *err);

typedef struct gf_batch_opts {
	const gf_engine *engine;     /* shared, read-only */
	const gf_values *values;     /* value parsers for spreadsheet cells */
	const char *out_dir;
	int jobs;                    /* worker threads; <= 0: one per core */
	bool resume;
	const char *form_id;         /* every input is this form, or NULL */
	gf_progress_mode progress;
	FILE *progress_out;          /* NULL = stderr */
	volatile sig_atomic_t *stop; /* when it turns non-zero: finish the forms in
				      * flight, write the report, return */
	gf_batch_render_fn render;   /* NULL: records only */
	void *render_ctx;
} gf_batch_opts;

typedef struct gf_batch_summary {
	size_t items;      /* files and rows reported */
	size_t valid, invalid, unreadable;
	size_t resumed;    /* of items: taken from an earlier run */
	size_t sheets;     /* sheets written in this run */
	bool interrupted;
	double seconds;
	long peak_rss_kb;
} gf_batch_summary;

/* Convert `inputs` (files or folders). Returns 0 when the run finished (the
 * summary says how the inputs fared) or GF_EIO / GF_ENOMEM / GF_EINVAL when
 * the run itself could not go on (err says why; the report is still written
 * for what was done when possible). */
int gf_batch_run(const gf_batch_opts *o, char *const *inputs, size_t ninputs,
		 gf_batch_summary *sum, gf_error *err);

/* Exit status for a summary: 0 all valid, 1 some invalid, 2 some unreadable,
 * 130 interrupted. */
int gf_batch_exit_code(const gf_batch_summary *sum);

#endif
