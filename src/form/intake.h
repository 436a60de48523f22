/* intake.h - the intake pipeline: bytes of a filled form in, record out.
 *
 * A gf_engine holds everything loaded once per process: the form
 * definitions and rules from templates/, the compiled value patterns and the
 * XML Schemas. After gf_engine_load it is read-only and may be shared by any
 * number of threads.
 *
 * The record is a jansson object in the shape of spec/forms.md ("schema",
 * "form", "title", "source", "valid", "fields", "diagnostics"), keys in a
 * stable order (the form definition's order).
 */
#ifndef GF_FORM_INTAKE_H
#define GF_FORM_INTAKE_H

#include "core/error.h"
#include "core/limits.h"

#include <jansson.h>
#include <stddef.h>

typedef struct gf_engine gf_engine;

/* Load templates from `templates_dir`; NULL means the default search:
 * $GOVFORMS_TEMPLATES, then <exe dir>/../templates, <exe dir>/../share/govforms/templates,
 * then the source tree. Caller frees with gf_engine_free. */
int gf_engine_load(gf_engine **out, const char *templates_dir, gf_error *err);
void gf_engine_free(gf_engine *e);
/* For a long-running or many-form process: parse everything otherwise
 * parsed on first use (the XML Schemas), so it fails at start-up rather than
 * on a request, and JIT-compile the value patterns. Call before threads
 * share the engine. */
int gf_engine_preload(gf_engine *e, gf_error *err);
/* The default templates folder of that search (caller frees with gf_free). */
char *gf_templates_find(void);
const char *gf_engine_templates_dir(const gf_engine *e);
/* The form definitions (form/formdef.h) and value parsers (form/values.h)
 * the engine loaded; borrowed, shared, read-only. */
struct gf_formset;
struct gf_values;
const struct gf_formset *gf_engine_forms(const gf_engine *e);
const struct gf_values *gf_engine_values(const gf_engine *e);

typedef struct gf_intake_opts {
	const char *form_id;     /* force this form (--form), or NULL to detect */
	const char *source_name; /* file name for the record's source.name */
	const gf_limits *limits; /* NULL = gf_limits_default */
} gf_intake_opts;

/* Read a DOCX or structured XML form (sniffed from the bytes), place its
 * fields, validate them. *record_out is always set to a new record (caller
 * json_decref), valid or not. Returns 0 when the input was read (the record
 * says whether it is valid), GF_EUNREADABLE / GF_ELIMIT when it could not be
 * read safely (the record then carries one `unreadable` diagnostic and err
 * the message), GF_ENOMEM. */
int gf_intake(const gf_engine *e, const void *data, size_t len, const gf_intake_opts *opts,
	      json_t **record_out, gf_error *err);

/* Where a raw value came from, for diagnostics: called with a key path
 * ("owner.email", "hosts[1].cpu", "hosts[1]"); fill *loc (it starts zeroed). */
struct gf_loc;
typedef void (*gf_locate_fn)(void *ctx, const char *path, struct gf_loc *loc);

/* A form given as a tree of raw values (structured XML, a spreadsheet row):
 * objects by key segment as in the record, leaves as strings written by a
 * person ("16台", "2026年3月5日"); a multi choice is an array of strings; a
 * table is an array of row objects. Every value goes through the same typing
 * and rules as a DOCX cell. */
typedef struct gf_raw_input {
	const char *form_id;     /* required */
	const json_t *fields;    /* borrowed */
	gf_locate_fn locate;     /* optional */
	void *locate_ctx;
	const char *source_name; /* for source.name */
	const char *format;      /* for source.format: "xml", "csv", "xlsx" */
	const char *sha256;      /* hex digest of the source bytes, or NULL */
} gf_raw_input;

/* Validate a raw tree into a record (*record_out always set, caller
 * json_decref). An unknown key or a value of the wrong shape is a `format`
 * diagnostic. Returns 0, GF_EINVAL (unknown form id), GF_ENOMEM. */
int gf_intake_raw(const gf_engine *e, const gf_raw_input *in, json_t **record_out, gf_error *err);

/* The CLI exit status for a record: 0 valid, 1 invalid or unknown form,
 * 2 unreadable. */
int gf_record_exit_code(const json_t *record);

#endif
