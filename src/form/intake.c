#include "form/intake.h"

#include "core/alloc.h"
#include "core/sha256.h"
#include "docx/docx.h"
#include "form/extract.h"
#include "form/fill.h"
#include "form/formdef.h"
#include "form/raw.h"
#include "record/record.h"
#include "rules/rules.h"
#include "xml/xml.h"
#include "xmlform/xmlform.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct gf_engine {
	char *dir;
	gf_formset *forms;
	gf_values *values;
	gf_ruleset *rules;
	gf_schemas *schemas;
};

static bool is_templates_dir(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	if (snprintf(p, sizeof p, "%s/forms/request.xml", dir) >= (int)sizeof p)
		return false;
	return stat(p, &st) == 0;
}

char *gf_templates_find(void)
{
	const char *env = getenv("GOVFORMS_TEMPLATES");
	if (env && *env)
		return gf_strdup(env);
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			static const char *rel[] = {"/../templates", "/../share/govforms/templates",
						    "/templates", "/../../templates"};
			for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
				char cand[PATH_MAX + 64];
				snprintf(cand, sizeof cand, "%s%s", exe, rel[i]);
				if (is_templates_dir(cand)) {
					char *real = realpath(cand, NULL);
					return real ? real : gf_strdup(cand);
				}
			}
		}
	}
	return gf_strdup(GF_SOURCE_DIR "/templates");
}

int gf_engine_load(gf_engine **out, const char *templates_dir, gf_error *err)
{
	*out = NULL;
	gf_xml_init();
	gf_engine *e = gf_calloc(1, sizeof *e);
	if (!e)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	e->dir = templates_dir ? gf_strdup(templates_dir) : gf_templates_find();
	int rc;
	if (!e->dir) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto fail;
	}
	if (!is_templates_dir(e->dir)) {
		rc = gf_error_set(err, GF_ENOTFOUND,
				  "no templates in %s (set GOVFORMS_TEMPLATES or --templates)", e->dir);
		goto fail;
	}
	if ((rc = gf_formset_load(&e->forms, e->dir, err)) ||
	    (rc = gf_values_new(&e->values, err)) || (rc = gf_ruleset_load(&e->rules, e->dir, err)) ||
	    (rc = gf_schemas_load(&e->schemas, e->dir, err)))
		goto fail;
	*out = e;
	return 0;
fail:
	gf_engine_free(e);
	return rc;
}

int gf_engine_preload(gf_engine *e, gf_error *err)
{
	gf_values_jit(e->values);
	return gf_schemas_preload(e->schemas, err);
}

void gf_engine_free(gf_engine *e)
{
	if (!e)
		return;
	gf_formset_free(e->forms);
	gf_values_free(e->values);
	gf_ruleset_free(e->rules);
	gf_schemas_free(e->schemas);
	gf_free(e->dir);
	gf_free(e);
}

const char *gf_engine_templates_dir(const gf_engine *e)
{
	return e->dir;
}

const gf_formset *gf_engine_forms(const gf_engine *e)
{
	return e->forms;
}

const gf_values *gf_engine_values(const gf_engine *e)
{
	return e->values;
}

/* A record that says only why the input could not be used. */
static json_t *failed_record(const gf_source *src, const char *code, const char *zh,
			     const char *en, gf_arena *a)
{
	gf_diags d;
	gf_diags_init(&d, a);
	gf_loc none = {0};
	gf_diags_add(&d, GF_SEV_ERROR, code, NULL, NULL, none, zh, en);
	return gf_record_build(NULL, NULL, src, NULL, &d);
}

/* Typing done: required checks, rules, record. */
static int finish(const gf_engine *e, gf_fill *fl, const gf_source *src, json_t **record_out)
{
	json_t *fields = NULL;
	int rc = gf_fill_finish(fl, &fields);
	if (!rc)
		rc = gf_rules_run(e->rules, fl, fields);
	if (rc) {
		json_decref(fields);
		return rc;
	}
	gf_diags_sort(fl->diags);
	*record_out = gf_record_build(fl->form->id, fl->form->title, src, fields, fl->diags);
	return *record_out ? 0 : GF_ENOMEM;
}

static int intake_docx(const gf_engine *e, const void *data, size_t len, const gf_intake_opts *o,
		       const gf_limits *lim, gf_source *src, gf_arena *a, json_t **record_out,
		       gf_error *err)
{
	gf_doc *doc = NULL;
	int rc = gf_docx_read(&doc, data, len, lim, err);
	if (rc) {
		if (rc == GF_ENOMEM)
			return rc;
		const char *zh = gf_arena_printf(a, "文件无法安全读取：%s", err ? err->msg : "");
		const char *en = gf_arena_printf(a, "unreadable: %s", err ? err->msg : "");
		*record_out = failed_record(src, "unreadable", zh, en, a);
		return *record_out ? (rc == GF_ELIMIT ? GF_ELIMIT : GF_EUNREADABLE) : GF_ENOMEM;
	}
	const gf_formdef *form = o->form_id ? gf_formset_find(e->forms, o->form_id)
					    : gf_extract_detect(e->forms, doc, a);
	if (!form) {
		gf_doc_free(doc);
		*record_out = failed_record(src, "unknown-form",
					    "文档不是七种附件表单中的任何一种（找不到表单标题和表格栏目）",
					    "the document is none of the seven annex forms", a);
		return *record_out ? 0 : GF_ENOMEM;
	}
	gf_diags diags;
	gf_diags_init(&diags, a);
	gf_fill fl;
	rc = gf_fill_init(&fl, a, form, e->values, &diags);
	if (!rc)
		rc = gf_extract_docx(&fl, doc);
	if (!rc)
		rc = finish(e, &fl, src, record_out);
	gf_fill_free(&fl);
	gf_doc_free(doc);
	return rc;
}

static int intake_xml(const gf_engine *e, const void *data, size_t len, const gf_intake_opts *o,
		      const gf_limits *lim, gf_source *src, gf_arena *a, json_t **record_out,
		      gf_error *err)
{
	gf_diags diags;
	gf_diags_init(&diags, a);
	gf_xmlform x;
	int rc = gf_xmlform_read(&x, data, len, lim, e->schemas, &diags, err);
	if (rc) {
		if (rc == GF_ENOMEM)
			return rc;
		const char *zh = gf_arena_printf(a, "文件无法安全读取：%s", err ? err->msg : "");
		const char *en = gf_arena_printf(a, "unreadable: %s", err ? err->msg : "");
		*record_out = failed_record(src, "unreadable", zh, en, a);
		return *record_out ? (rc == GF_ELIMIT ? GF_ELIMIT : GF_EUNREADABLE) : GF_ENOMEM;
	}
	const gf_formdef *form = x.form_id ? gf_formset_find(e->forms, x.form_id) : NULL;
	if (o->form_id && form && strcmp(o->form_id, form->id) != 0) {
		const char *zh = gf_arena_printf(a, "XML声明的表单为“%s”，与指定的“%s”不符", form->id,
						 o->form_id);
		gf_loc none = {0};
		gf_diags_add(&diags, GF_SEV_ERROR, "unknown-form", NULL, NULL, none, zh,
			     "the XML declares another form than the one requested");
	}
	if (!form) {
		gf_xmlform_free(&x);
		*record_out = failed_record(src, "unknown-form",
					    "XML文档不是七种表单中的任何一种（根元素应为<form type=\"…\">或<record form=\"…\">）",
					    "the XML document is none of the seven forms", a);
		return *record_out ? 0 : GF_ENOMEM;
	}
	gf_fill fl;
	rc = gf_fill_init(&fl, a, form, e->values, &diags);
	if (!rc)
		rc = gf_raw_fill(&fl, x.fields, gf_xmlform_locate, &x);
	if (!rc)
		rc = finish(e, &fl, src, record_out);
	gf_fill_free(&fl);
	gf_xmlform_free(&x);
	return rc;
}

int gf_intake(const gf_engine *e, const void *data, size_t len, const gf_intake_opts *opts,
	      json_t **record_out, gf_error *err)
{
	*record_out = NULL;
	gf_intake_opts none = {0};
	const gf_intake_opts *o = opts ? opts : &none;
	gf_limits deflim;
	gf_limits_default(&deflim);
	const gf_limits *lim = o->limits ? o->limits : &deflim;
	char hex[65];
	gf_sha256_hex(data, len, hex);
	gf_arena *a = gf_arena_new(lim->max_text * 4 + (64u << 20));
	if (!a)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	gf_source src = {.name = o->source_name, .sha256 = hex};
	int rc;
	if (o->form_id && !gf_formset_find(e->forms, o->form_id)) {
		rc = gf_error_set(err, GF_EINVAL, "unknown form id \"%s\"", o->form_id);
		gf_arena_free(a);
		return rc;
	}
	if (len > lim->max_input) {
		src.format = "unknown";
		gf_error_set(err, GF_ELIMIT, "input is %zu bytes, over the %zu byte limit", len,
			     lim->max_input);
		*record_out = failed_record(&src, "unreadable", "文件过大，超过大小限制",
					    "unreadable: input over the size limit", a);
		rc = *record_out ? GF_ELIMIT : GF_ENOMEM;
	} else if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
		src.format = "docx";
		rc = intake_docx(e, data, len, o, lim, &src, a, record_out, err);
	} else if (gf_xmlform_sniff(data, len)) {
		src.format = "xml";
		rc = intake_xml(e, data, len, o, lim, &src, a, record_out, err);
	} else {
		src.format = "unknown";
		gf_error_set(err, GF_EUNREADABLE, "not a DOCX package or an XML document");
		*record_out = failed_record(&src, "unreadable",
					    "文件既不是DOCX文档也不是XML文档",
					    "unreadable: not a DOCX package or an XML document", a);
		rc = *record_out ? GF_EUNREADABLE : GF_ENOMEM;
	}
	gf_arena_free(a);
	if (rc == GF_ENOMEM)
		gf_error_set(err, GF_ENOMEM, "out of memory");
	return rc;
}

int gf_intake_raw(const gf_engine *e, const gf_raw_input *in, json_t **record_out, gf_error *err)
{
	*record_out = NULL;
	const gf_formdef *form = in->form_id ? gf_formset_find(e->forms, in->form_id) : NULL;
	if (!form)
		return gf_error_set(err, GF_EINVAL, "unknown form id \"%s\"",
				    in->form_id ? in->form_id : "(none)");
	gf_arena *a = gf_arena_new(0);
	if (!a)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	gf_source src = {.name = in->source_name, .format = in->format, .sha256 = in->sha256};
	gf_diags diags;
	gf_diags_init(&diags, a);
	gf_fill fl;
	int rc = gf_fill_init(&fl, a, form, e->values, &diags);
	if (!rc)
		rc = gf_raw_fill(&fl, in->fields, in->locate, in->locate_ctx);
	if (!rc)
		rc = finish(e, &fl, &src, record_out);
	gf_fill_free(&fl);
	gf_arena_free(a);
	if (rc)
		return gf_error_set(err, rc, "out of memory");
	return 0;
}

int gf_record_exit_code(const json_t *record)
{
	if (!record)
		return 2;
	const json_t *diags = json_object_get(record, "diagnostics");
	size_t i;
	json_t *d;
	json_array_foreach(diags, i, d) {
		const json_t *code = json_object_get(d, "code");
		if (json_is_string(code) && strcmp(json_string_value(code), "unreadable") == 0)
			return 2;
	}
	return json_is_true(json_object_get(record, "valid")) ? 0 : 1;
}
