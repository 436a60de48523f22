/* xmlform.h - structured XML input: <form type="ID"><fields>…</fields></form>
 * or a <record form="ID"> written by govforms (its diagnostics ignored).
 *
 * The document is parsed with the hostile-input settings of xml/xml.h,
 * validated against the form's XML Schema (templates/schemas/ID.xsd, loaded
 * once per process into a gf_schemas), and turned into a raw value tree
 * (form/raw.h) plus the line of every value for diagnostics.
 */
#ifndef GF_XMLFORM_XMLFORM_H
#define GF_XMLFORM_XMLFORM_H

#include "core/diag.h"
#include "core/error.h"
#include "core/limits.h"

#include <jansson.h>
#include <stdbool.h>

typedef struct gf_schemas gf_schemas;

/* The schemas in templates_dir/schemas/<id>.xsd: each is parsed on first
 * use (thread-safe), or all at once by gf_schemas_preload (a service does,
 * so a broken schema stops it at start-up). Caller frees with gf_schemas_free. */
int gf_schemas_load(gf_schemas **out, const char *templates_dir, gf_error *err);
int gf_schemas_preload(gf_schemas *s, gf_error *err);
void gf_schemas_free(gf_schemas *s);
bool gf_schemas_has(const gf_schemas *s, const char *form_id);

typedef struct gf_xmlform {
	char *form_id;   /* owned (gf_free) */
	json_t *fields;  /* raw tree (owned) */
	json_t *lines;   /* {"owner.email": 12, "hosts[1].cpu": 30, ...} (owned) */
	bool is_record;
} gf_xmlform;

/* Read an XML form. Unsafe or malformed XML: GF_EUNREADABLE / GF_ELIMIT.
 * A root that is neither <form> nor <record>, or a form id without schema:
 * returns 0 with form_id NULL (an unknown form). Schema violations are
 * added to diags as `format` errors with their line; the tree is still
 * returned so the rules can run on what was valid. */
int gf_xmlform_read(gf_xmlform *out, const char *data, size_t len, const gf_limits *lim,
		    gf_schemas *schemas, gf_diags *diags, gf_error *err);
void gf_xmlform_free(gf_xmlform *x);

/* gf_locate_fn over a gf_xmlform's lines (ctx = the gf_xmlform). */
struct gf_loc;
void gf_xmlform_locate(void *ctx, const char *path, struct gf_loc *loc);

/* Does the buffer look like XML (after a BOM and blanks, a '<')? */
bool gf_xmlform_sniff(const char *data, size_t len);

#endif
