#include "xmlform/xmlform.h"

#include "core/alloc.h"
#include "core/text.h"
#include "xml/xml.h"

#include <dirent.h>
#include <errno.h>
#include <iconv.h>
#include <strings.h>
#include <pthread.h>
#include <libxml/xmlschemas.h>
#include <stdio.h>
#include <string.h>

#define MAX_SCHEMAS 32

/* Schemas are parsed on first use, one form at a time (a DOCX never needs
 * one), under a mutex; once parsed they are read-only and shared. */
struct gf_schemas {
	char *dir;
	pthread_mutex_t lock;
	size_t n;
	char *ids[MAX_SCHEMAS];
	xmlSchemaPtr schema[MAX_SCHEMAS]; /* NULL until parsed */
	bool failed[MAX_SCHEMAS];
};

static void silent(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

int gf_schemas_load(gf_schemas **out, const char *dir, gf_error *err)
{
	*out = NULL;
	gf_schemas *s = gf_calloc(1, sizeof *s);
	if (!s || !(s->dir = gf_strdup(dir))) {
		gf_free(s);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&s->lock, NULL);
	char path[4096];
	snprintf(path, sizeof path, "%s/schemas", dir);
	DIR *d = opendir(path);
	if (!d) {
		gf_schemas_free(s);
		return gf_error_set(err, GF_ENOTFOUND, "no schemas in %s", path);
	}
	int rc = 0;
	struct dirent *e;
	while ((e = readdir(d)) && !rc) {
		size_t nl = strlen(e->d_name);
		if (nl < 5 || strcmp(e->d_name + nl - 4, ".xsd") != 0)
			continue;
		if (s->n == MAX_SCHEMAS) {
			rc = gf_error_set(err, GF_ETEMPLATE, "too many schemas in %s", path);
			break;
		}
		if (!(s->ids[s->n] = gf_strndup(e->d_name, nl - 4)))
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		else
			s->n++;
	}
	closedir(d);
	if (rc) {
		gf_schemas_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void gf_schemas_free(gf_schemas *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		if (s->schema[i])
			xmlSchemaFree(s->schema[i]);
		gf_free(s->ids[i]);
	}
	pthread_mutex_destroy(&s->lock);
	gf_free(s->dir);
	gf_free(s);
}

/* The parsed schema of a form, parsing it on first use; NULL when the form
 * has no schema or it does not parse. */
static xmlSchemaPtr find_schema(gf_schemas *s, const char *id)
{
	for (size_t i = 0; s && i < s->n; i++) {
		if (strcmp(s->ids[i], id) != 0)
			continue;
		pthread_mutex_lock(&s->lock);
		if (!s->schema[i] && !s->failed[i]) {
			char path[4096];
			snprintf(path, sizeof path, "%s/schemas/%s.xsd", s->dir, id);
			xmlSchemaParserCtxtPtr pc = xmlSchemaNewParserCtxt(path);
			if (pc) {
				xmlSchemaSetParserErrors(pc, silent, silent, NULL);
				s->schema[i] = xmlSchemaParse(pc);
				xmlSchemaFreeParserCtxt(pc);
			}
			s->failed[i] = s->schema[i] == NULL;
		}
		xmlSchemaPtr r = s->schema[i];
		pthread_mutex_unlock(&s->lock);
		return r;
	}
	return NULL;
}

int gf_schemas_preload(gf_schemas *s, gf_error *err)
{
	for (size_t i = 0; i < s->n; i++)
		if (!find_schema(s, s->ids[i]))
			return gf_error_set(err, GF_ETEMPLATE, "%s/schemas/%s.xsd: not a valid XML Schema",
					    s->dir, s->ids[i]);
	return 0;
}

bool gf_schemas_has(const gf_schemas *s, const char *form_id)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (strcmp(s->ids[i], form_id) == 0)
			return true;
	return false;
}

bool gf_xmlform_sniff(const char *data, size_t len)
{
	const unsigned char *u = (const unsigned char *)data;
	/* UTF-16, with or without its BOM */
	if (len >= 4 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF) ||
			 (u[0] == '<' && u[1] == 0) || (u[0] == 0 && u[1] == '<')))
		return true;
	size_t i = 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
		i++;
	return i < len && data[i] == '<';
}

/* Key path of an element inside <fields>: "owner.email", "hosts[1].cpu". */
static char *node_path(const xmlNode *n)
{
	const xmlNode *chain[64];
	size_t depth = 0;
	for (const xmlNode *p = n; p && p->type == XML_ELEMENT_NODE && depth < 64; p = p->parent) {
		if (strcmp((const char *)p->name, "fields") == 0 && p->parent &&
		    p->parent->type == XML_ELEMENT_NODE &&
		    (strcmp((const char *)p->parent->name, "form") == 0 ||
		     strcmp((const char *)p->parent->name, "record") == 0) &&
		    (!p->parent->parent || p->parent->parent->type == XML_DOCUMENT_NODE))
			break;
		chain[depth++] = p;
	}
	char buf[512];
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = depth; i-- > 0;) {
		const xmlNode *p = chain[i];
		if (strcmp((const char *)p->name, "item") == 0) {
			size_t idx = 0;
			for (const xmlNode *q = p->prev; q; q = q->prev)
				idx += q->type == XML_ELEMENT_NODE;
			o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "[%zu]", idx);
		} else {
			o += (size_t)snprintf(buf + o, o < sizeof buf ? sizeof buf - o : 0, "%s%s",
					      o ? "." : "", (const char *)p->name);
		}
		if (o >= sizeof buf)
			break;
	}
	return gf_strdup(buf);
}

typedef struct vctx {
	gf_diags *diags;
	int count;
} vctx;

static void schema_error(void *ctx, xmlErrorPtr e)
{
	vctx *V = ctx;
	if (!e || V->count++ > 50)
		return;
	gf_loc loc = {0};
	loc.line = e->line;
	/* an error on the root element (its attributes) names no field */
	const xmlNode *node = e->node;
	bool root = node && node->parent && node->parent->type == XML_DOCUMENT_NODE;
	char *path = node && !root ? node_path(node) : NULL;
	char msg[600];
	snprintf(msg, sizeof msg, "%s", e->message ? e->message : "schema violation");
	size_t l = strlen(msg);
	while (l && (msg[l - 1] == '\n' || msg[l - 1] == ' '))
		msg[--l] = '\0';
	char zh[700];
	snprintf(zh, sizeof zh, "XML不符合表单的结构定义（第%d行）", e->line);
	char en[700];
	snprintf(en, sizeof en, "schema violation: %s", msg);
	gf_diags_add(V->diags, GF_SEV_ERROR, "format", path && *path ? path : NULL, NULL, loc, zh, en);
	gf_free(path);
}

/* Element tree -> raw json tree; records the line of every value. */
static json_t *to_tree(const xmlNode *n, const char *path, json_t *lines, int depth)
{
	if (depth > 64)
		return NULL;
	bool has_el = false, all_items = true;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			has_el = true;
			all_items = all_items && strcmp((const char *)c->name, "item") == 0;
		}
	json_object_set_new(lines, path, json_integer(xmlGetLineNo(n)));
	if (!has_el) {
		xmlChar *t = xmlNodeGetContent(n);
		json_t *s = json_string(t ? (const char *)t : "");
		xmlFree(t);
		return s;
	}
	char sub[600];
	if (all_items) {
		json_t *arr = json_array();
		size_t i = 0;
		for (const xmlNode *c = n->children; c && arr; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			snprintf(sub, sizeof sub, "%s[%zu]", path, i++);
			json_t *v = to_tree(c, sub, lines, depth + 1);
			if (!v || json_array_append_new(arr, v)) {
				json_decref(arr);
				arr = NULL;
			}
		}
		return arr;
	}
	json_t *obj = json_object();
	for (const xmlNode *c = n->children; c && obj; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)c->name;
		snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", name);
		json_t *v = to_tree(c, sub, lines, depth + 1);
		if (v && json_object_get(obj, name)) {
			json_decref(v); /* a repeated element: the schema reports it; keep the first */
		} else if (!v || json_object_set_new(obj, name, v)) {
			json_decref(obj);
			obj = NULL;
		}
	}
	return obj;
}

static const xmlNode *child(const xmlNode *n, const char *name)
{
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, name) == 0)
			return c;
	return NULL;
}

/* The encoding an XML document declares or shows (BOM, UTF-16 without
 * BOM, encoding="…"), when it is not UTF-8: copied into name, else "" . */
static void xml_encoding(const char *data, size_t len, char *name, size_t n)
{
	const unsigned char *u = (const unsigned char *)data;
	name[0] = '\0';
	if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE) {
		snprintf(name, n, "UTF-16LE");
		return;
	}
	if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF) {
		snprintf(name, n, "UTF-16BE");
		return;
	}
	if (len >= 4 && u[0] == '<' && u[1] == 0 && u[2] != 0 && u[3] == 0) {
		snprintf(name, n, "UTF-16LE");
		return;
	}
	if (len >= 4 && u[0] == 0 && u[1] == '<' && u[2] == 0) {
		snprintf(name, n, "UTF-16BE");
		return;
	}
	size_t head = len < 256 ? len : 256;
	if (head < 5 || memcmp(data, "<?xml", 5) != 0)
		return;
	const char *end = memchr(data, '>', head);
	const char *enc = NULL;
	for (const char *p = data; end && p + 8 < end; p++)
		if (memcmp(p, "encoding", 8) == 0) {
			enc = p + 8;
			break;
		}
	if (!enc)
		return;
	while (enc < end && (*enc == ' ' || *enc == '='))
		enc++;
	if (enc >= end || (*enc != '"' && *enc != '\''))
		return;
	char q = *enc++;
	const char *close = memchr(enc, q, (size_t)(end - enc));
	size_t l = close ? (size_t)(close - enc) : 0;
	if (!l || l >= n || l > 40)
		return;
	memcpy(name, enc, l);
	name[l] = '\0';
	if (strcasecmp(name, "UTF-8") == 0 || strcasecmp(name, "UTF8") == 0 ||
	    strcasecmp(name, "US-ASCII") == 0 || strcasecmp(name, "ASCII") == 0)
		name[0] = '\0';
}

/* data in encoding `from` -> UTF-8 (caller frees *out with gf_free); a BOM
 * is dropped. GF_EUNREADABLE for an unknown encoding or a bad sequence. */
static int to_utf8(const char *data, size_t len, const char *from, char **out, size_t *out_len,
		   gf_error *err)
{
	iconv_t cd = iconv_open("UTF-8", from);
	if (cd == (iconv_t)-1)
		return gf_error_set(err, GF_EUNREADABLE, "XML form: unknown encoding \"%s\"", from);
	size_t cap = len * 2 + 16;
	char *buf = gf_malloc(cap);
	if (!buf) {
		iconv_close(cd);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	char *in = (char *)data, *o = buf;
	size_t inleft = len, oleft = cap - 1;
	size_t r = iconv(cd, &in, &inleft, &o, &oleft);
	int e = errno;
	iconv_close(cd);
	if (r == (size_t)-1) {
		gf_free(buf);
		return gf_error_set(err, GF_EUNREADABLE, "XML form: not valid %s (%s)", from,
				    e == E2BIG ? "too large" : "bad byte sequence");
	}
	*o = '\0';
	size_t n = (size_t)(o - buf);
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		memmove(buf, buf + 3, n - 2);
		n -= 3;
	}
	*out = buf;
	*out_len = n;
	return 0;
}

int gf_xmlform_read(gf_xmlform *out, const char *data, size_t len, const gf_limits *lim,
		    gf_schemas *schemas, gf_diags *diags, gf_error *err)
{
	memset(out, 0, sizeof *out);
	xmlDoc *doc = NULL;
	/* XML 1.0 readers take UTF-16, and Chinese systems write GB18030/GBK:
	 * such a document is turned into UTF-8 first, then checked like any other */
	char enc[48];
	char *utf8 = NULL;
	size_t utf8_len = 0;
	xml_encoding(data, len, enc, sizeof enc);
	if (enc[0]) {
		int trc = to_utf8(data, len, enc, &utf8, &utf8_len, err);
		if (trc)
			return trc;
		data = utf8;
		len = utf8_len;
	}
	int rc = gf_xml_parse(&doc, data, len, "XML form", lim, err);
	gf_free(utf8);
	if (rc)
		return rc;
	const xmlNode *root = xmlDocGetRootElement(doc);
	const char *rname = root ? (const char *)root->name : "";
	xmlChar *id = NULL;
	if (root && root->ns == NULL && strcmp(rname, "form") == 0)
		id = xmlGetProp(root, (const xmlChar *)"type");
	else if (root && root->ns == NULL && strcmp(rname, "record") == 0) {
		id = xmlGetProp(root, (const xmlChar *)"form");
		out->is_record = true;
	}
	xmlSchemaPtr schema = id ? find_schema(schemas, (const char *)id) : NULL;
	if (!schema) {
		xmlFree(id);
		xmlFreeDoc(doc);
		return 0; /* not one of the forms */
	}
	out->form_id = gf_strdup((const char *)id);
	xmlFree(id);
	out->lines = json_object();
	if (!out->form_id || !out->lines) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(schema);
	if (!vc) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	vctx V = {.diags = diags};
	xmlSchemaSetValidStructuredErrors(vc, schema_error, &V);
	xmlSchemaValidateDoc(vc, doc);
	xmlSchemaFreeValidCtxt(vc);
	const xmlNode *fields = child(root, "fields");
	out->fields = fields ? to_tree(fields, "", out->lines, 0) : json_object();
	if (out->fields && !json_is_object(out->fields)) {
		/* <fields> holding text or items only: nothing to read */
		json_decref(out->fields);
		out->fields = json_object();
	}
	if (!out->fields)
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
done:
	xmlFreeDoc(doc);
	if (rc)
		gf_xmlform_free(out);
	return rc;
}

void gf_xmlform_free(gf_xmlform *x)
{
	gf_free(x->form_id);
	json_decref(x->fields);
	json_decref(x->lines);
	memset(x, 0, sizeof *x);
}

void gf_xmlform_locate(void *ctx, const char *path, struct gf_loc *loc)
{
	const gf_xmlform *x = ctx;
	const json_t *v = json_object_get(x->lines, path);
	if (json_is_integer(v))
		loc->line = (int)json_integer_value(v);
}
