#include "record/record.h"

#include "core/alloc.h"

#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static json_t *diag_json(gf_arena *a, const gf_diag *d)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int bad = json_object_set_new(o, "severity", json_string(gf_severity_name(d->severity)));
	bad |= json_object_set_new(o, "code", json_string(d->code));
	if (d->field)
		bad |= json_object_set_new(o, "field", json_string(d->field));
	if (d->label)
		bad |= json_object_set_new(o, "label", json_string(d->label));
	bad |= json_object_set_new(o, "message", json_string(d->message));
	const char *where = gf_loc_format(a, d->where, 0);
	if (where && *where)
		bad |= json_object_set_new(o, "where", json_string(where));
	if (bad) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *gf_record_build(const char *form_id, const char *title, const gf_source *src,
			json_t *fields, const gf_diags *diags)
{
	json_t *r = json_object();
	json_t *source = json_object();
	json_t *list = json_array();
	if (!fields)
		fields = json_object();
	if (!r || !source || !list || !fields)
		goto fail;
	bool valid = true;
	for (size_t i = 0; diags && i < diags->n; i++) {
		valid = valid && diags->items[i].severity != GF_SEV_ERROR;
		json_t *d = diag_json(diags->arena, &diags->items[i]);
		if (!d || json_array_append_new(list, d))
			goto fail;
	}
	if (src) {
		if ((src->name && json_object_set_new(source, "name", json_string(src->name))) ||
		    (src->format && json_object_set_new(source, "format", json_string(src->format))) ||
		    (src->sha256 && json_object_set_new(source, "sha256", json_string(src->sha256))))
			goto fail;
	}
	if (json_object_set_new(r, "schema", json_string(GF_RECORD_SCHEMA)) ||
	    json_object_set_new(r, "form", form_id ? json_string(form_id) : json_null()) ||
	    json_object_set_new(r, "title", title ? json_string(title) : json_null()) ||
	    json_object_set_new(r, "source", source) ||
	    json_object_set_new(r, "valid", json_boolean(valid)) ||
	    json_object_set_new(r, "fields", fields) ||
	    json_object_set_new(r, "diagnostics", list)) {
		json_decref(r);
		return NULL;
	}
	return r;
fail:
	json_decref(r);
	json_decref(source);
	json_decref(list);
	json_decref(fields);
	return NULL;
}

char *gf_record_json(const json_t *record)
{
	char *s = json_dumps(record, JSON_INDENT(2) | JSON_REAL_PRECISION(15));
	if (!s)
		return NULL;
	/* hand out memory the caller frees with gf_free, plus a final newline */
	size_t n = strlen(s);
	char *out = gf_malloc(n + 2);
	if (out) {
		memcpy(out, s, n);
		out[n] = '\n';
		out[n + 1] = '\0';
	}
	free(s);
	return out;
}

static void number_text(const json_t *v, char *buf, size_t n)
{
	if (json_is_integer(v)) {
		snprintf(buf, n, "%lld", (long long)json_integer_value(v));
		return;
	}
	double x = json_real_value(v);
	snprintf(buf, n, "%.15g", x);
}

int gf_record_xml_tree(xmlNode *parent, const json_t *v)
{
	if (json_is_object(v)) {
		const char *key;
		json_t *x;
		json_object_foreach((json_t *)v, key, x) {
			xmlNode *c = xmlNewChild(parent, NULL, (const xmlChar *)key, NULL);
			if (!c || gf_record_xml_tree(c, x))
				return -1;
		}
		return 0;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			xmlNode *c = xmlNewChild(parent, NULL, (const xmlChar *)"item", NULL);
			if (!c || gf_record_xml_tree(c, x))
				return -1;
		}
		return 0;
	}
	char buf[64];
	const char *text = NULL;
	if (json_is_string(v))
		text = json_string_value(v);
	else if (json_is_number(v)) {
		number_text(v, buf, sizeof buf);
		text = buf;
	} else if (json_is_true(v))
		text = "true";
	else if (json_is_false(v))
		text = "false";
	if (text)
		xmlNodeAddContent(parent, (const xmlChar *)text);
	return 0;
}

char *gf_record_xml(const json_t *record)
{
	xmlDoc *doc = xmlNewDoc((const xmlChar *)"1.0");
	if (!doc)
		return NULL;
	xmlNode *root = xmlNewNode(NULL, (const xmlChar *)"record");
	if (!root) {
		xmlFreeDoc(doc);
		return NULL;
	}
	xmlDocSetRootElement(doc, root);
	const json_t *form = json_object_get(record, "form");
	if (json_is_string(form))
		xmlNewProp(root, (const xmlChar *)"form", (const xmlChar *)json_string_value(form));
	char *out = NULL;
	if (gf_record_xml_tree(root, record) == 0) {
		xmlChar *mem = NULL;
		int len = 0;
		xmlDocDumpFormatMemoryEnc(doc, &mem, &len, "UTF-8", 1);
		if (mem) {
			out = gf_strndup((const char *)mem, (size_t)len);
			xmlFree(mem);
		}
	}
	xmlFreeDoc(doc);
	return out;
}

char *gf_record_canonical(const json_t *value)
{
	char *s = json_dumps(value, JSON_COMPACT | JSON_SORT_KEYS | JSON_REAL_PRECISION(15) |
					    JSON_ENCODE_ANY);
	if (!s)
		return NULL;
	char *out = gf_strdup(s);
	free(s);
	return out;
}
