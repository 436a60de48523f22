/* serve_pipeline.c - `govforms serve` on the real pipeline: the intake
 * engine (form/intake.h) turns uploads into records, the sheet renderer
 * (sheet/sheet.h) draws confirmation sheets, the record module writes XML,
 * and the form definitions give the page its printed labels. */
#include "cli/commands.h"

#include "archive/archive.h"
#include "core/alloc.h"
#include "form/formdef.h"
#include "form/intake.h"
#include "record/record.h"
#include "sheet/sheet.h"

#include <stdio.h>
#include <string.h>

typedef struct pipeline {
	gf_engine *engine;
	gf_sheets *sheets;
	gf_archive *archive;
	json_t *labels; /* {form id: {key: label}}, built once */
} pipeline;

static int p_intake(void *ctx, json_t **out, const void *data, size_t len, const char *name,
		    gf_error *err)
{
	pipeline *p = ctx;
	gf_intake_opts o = {NULL, name, NULL};
	*out = NULL;
	return gf_intake(p->engine, data, len, &o, out, err);
}

static int p_render(void *ctx, char **out, size_t *out_len, const json_t *record,
		    const json_t *overrides, gf_error *err)
{
	pipeline *p = ctx;
	gf_sheet_result r = {0};
	int rc = gf_sheet_render(p->sheets, record, overrides, &r, err);
	if (rc) {
		gf_sheet_result_free(&r);
		return rc;
	}
	*out = (char *)r.pdf;
	*out_len = r.pdf_len;
	r.pdf = NULL;
	gf_sheet_result_free(&r);
	return GF_OK;
}

static int p_xml(void *ctx, char **out, size_t *out_len, const json_t *record, gf_error *err)
{
	(void)ctx;
	*out = gf_record_xml(record);
	if (!*out)
		return gf_error_set(err, GF_ENOMEM, "cannot write the record as XML");
	*out_len = strlen(*out);
	return GF_OK;
}

static json_t *p_labels(void *ctx, const char *form)
{
	pipeline *p = ctx;
	json_t *l = json_object_get(p->labels, form);
	return l ? json_deep_copy(l) : NULL;
}

/* {form: {key: label}}: fields, tables, and table columns as "hosts[].cpu". */
static json_t *build_labels(const gf_formset *fs)
{
	json_t *all = json_object();
	for (size_t i = 0; all && i < fs->nforms; i++) {
		const gf_formdef *f = &fs->forms[i];
		json_t *o = json_object();
		for (size_t k = 0; k < f->nfields; k++)
			if (f->fields[k].label)
				json_object_set_new(o, f->fields[k].key, json_string(f->fields[k].label));
		for (size_t t = 0; t < f->ntables; t++) {
			const gf_tabledef *td = &f->tables[t];
			if (td->label)
				json_object_set_new(o, td->key, json_string(td->label));
			for (size_t c = 0; c < td->ncols; c++) {
				for (size_t q = 0; q < td->cols[c].nparts; q++) {
					char key[256];
					snprintf(key, sizeof key, "%s[].%s", td->key, td->cols[c].parts[q].key);
					if (td->cols[c].label)
						json_object_set_new(o, key, json_string(td->cols[c].label));
				}
			}
		}
		json_object_set_new(all, f->id, o);
	}
	return all;
}

int gf_cmd_serve(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return gf_serve_main(argc, argv, NULL);
	pipeline p = {0};
	gf_error err = {0};
	int status = GF_EXIT_UNREADABLE;
	if (gf_engine_load(&p.engine, NULL, &err) || gf_engine_preload(p.engine, &err) ||
	    gf_sheets_load(&p.sheets, NULL, NULL, &err) ||
	    gf_archive_load(&p.archive, NULL, p.sheets, &err)) {
		fprintf(stderr, "govforms serve: %s\n", err.msg);
		goto cleanup;
	}
	p.labels = build_labels(gf_engine_forms(p.engine));
	gf_backend be = {&p, p_intake, p_render, p_xml, p_labels, p.archive};
	status = gf_serve_main(argc, argv, &be);
cleanup:
	json_decref(p.labels);
	gf_archive_free(p.archive);
	gf_sheets_free(p.sheets);
	gf_engine_free(p.engine);
	return status;
}
