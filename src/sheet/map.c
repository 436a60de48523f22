/* map.c - reading mapping.xml and running a map over a record's fields. */
#include "sheet/map.h"

#include "form/fill.h" /* gf_json_set_path */

#include "core/alloc.h"
#include "core/arena.h"
#include "core/buf.h"
#include "sheet/layout.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
	OP_COPY,
	OP_COPY_ALL,
	OP_FORMAT,
	OP_VALUES,
	OP_ROWS,
	OP_CLASSIFY,
	OP_SUM,
	OP_TOTAL,
	OP_COLLECT
} op_kind;

typedef struct vpair {
	const char *from, *to;
} vpair;

typedef struct mclass {
	const char *to;
	double max;
	int has_max;
} mclass;

typedef struct mterm {
	const char *from;  /* "rack.u2" or "devices[].units_u" */
	double factor;
	const char *times; /* item key multiplied in (list terms) */
} mterm;

typedef struct op {
	op_kind kind;
	int line;
	const char *from, *to;
	const char *tmpl, *each, *sep;
	vpair *values;
	size_t n_values;
	const char *mkey, *mtext; /* only/except: item key contains text */
	int mneg;
	const char *by, *count;
	mclass *classes;
	size_t n_classes;
	mterm *terms;
	size_t n_terms;
	const char **keys;
	size_t n_keys;
	const char *keep;
} op;

struct gf_map {
	const char **forms;
	size_t n_forms;
	const char *kind;
	const char *date;
	const char **id_fields;
	size_t n_id;
	op *ops;
	size_t n_ops;
};

struct gf_mapping {
	gf_arena *arena;
	gf_map *maps;
	size_t n;
	const char *prefix;
};

/* ---- JSON paths ----------------------------------------------------------- */


void gf_json_del_path(json_t *obj, const char *path)
{
	const char *dot = strrchr(path, '.');
	if (!dot) {
		json_object_del(obj, path);
		return;
	}
	char parent[256];
	size_t n = (size_t)(dot - path);
	if (n >= sizeof parent)
		return;
	memcpy(parent, path, n);
	parent[n] = '\0';
	json_t *p = gf_json_path(obj, parent);
	if (json_is_object(p))
		json_object_del(p, dot + 1);
}

/* ---- loading -------------------------------------------------------------- */

typedef struct mloader {
	gf_mapping *m;
	const char *path;
	gf_error *err;
} mloader;

static int mfail(mloader *ld, xmlNode *n, const char *what, const char *arg)
{
	return gf_error_set(ld->err, GF_ETEMPLATE, "%s:%ld: %s%s%s%s", ld->path,
			    n ? xmlGetLineNo(n) : 0L, what, arg ? " \"" : "", arg ? arg : "",
			    arg ? "\"" : "");
}

static const char *mattr(mloader *ld, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = gf_arena_strdup(ld->m->arena, (const char *)v);
	xmlFree(v);
	return s;
}

static int is_el(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Words of a space-separated attribute, in the arena. */
static int split_words(mloader *ld, const char *s, const char ***out, size_t *n)
{
	size_t cap = 1;
	for (const char *p = s; *p; p++)
		cap += *p == ' ';
	const char **arr = gf_arena_alloc(ld->m->arena, cap * sizeof *arr);
	if (!arr)
		return GF_ENOMEM;
	size_t k = 0;
	for (const char *p = s; *p;) {
		while (*p == ' ')
			p++;
		size_t l = strcspn(p, " ");
		if (l) {
			arr[k++] = gf_arena_strndup(ld->m->arena, p, l);
			if (!arr[k - 1])
				return GF_ENOMEM;
		}
		p += l;
	}
	*out = arr;
	*n = k;
	return GF_OK;
}

static int parse_match(mloader *ld, xmlNode *n, op *o)
{
	const char *only = mattr(ld, n, "only"), *except = mattr(ld, n, "except");
	if (only && except)
		return mfail(ld, n, "use only or except, not both", NULL);
	const char *m = only ? only : except;
	if (!m)
		return GF_OK;
	const char *colon = strchr(m, ':');
	if (!colon || colon == m)
		return mfail(ld, n, "a match is key:text, not", m);
	o->mkey = gf_arena_strndup(ld->m->arena, m, (size_t)(colon - m));
	o->mtext = colon + 1;
	o->mneg = except != NULL;
	return o->mkey ? GF_OK : GF_ENOMEM;
}

static int parse_num(const char *s, double *out)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v))
		return -1;
	*out = v;
	return 0;
}

static int load_op(mloader *ld, xmlNode *n, op *o)
{
	gf_arena *a = ld->m->arena;
	o->line = (int)xmlGetLineNo(n);
	o->from = mattr(ld, n, "from");
	o->to = mattr(ld, n, "to");
	const char *key = mattr(ld, n, "key");
	int rc;
	if (is_el(n, "copy")) {
		o->kind = OP_COPY;
		if (key)
			o->from = o->to = key;
		if (!o->from || !o->to)
			return mfail(ld, n, "<copy> needs key, or from and to", NULL);
	} else if (is_el(n, "copy-all")) {
		o->kind = OP_COPY_ALL;
	} else if (is_el(n, "format")) {
		o->kind = OP_FORMAT;
		o->tmpl = mattr(ld, n, "template");
		o->each = mattr(ld, n, "each");
		o->sep = mattr(ld, n, "sep");
		if (!o->to || !o->tmpl)
			return mfail(ld, n, "<format> needs to and template", NULL);
		int depth = 0;
		for (const char *p = o->tmpl; *p; p++) {
			depth += *p == '{';
			depth -= *p == '}';
			if (depth < 0 || depth > 1)
				return mfail(ld, n, "unbalanced braces in template", o->tmpl);
		}
		if (depth)
			return mfail(ld, n, "unbalanced braces in template", o->tmpl);
	} else if (is_el(n, "values")) {
		o->kind = OP_VALUES;
		if (key)
			o->from = o->to = key;
		if (!o->from || !o->to)
			return mfail(ld, n, "<values> needs key, or from and to", NULL);
		size_t cnt = 0;
		for (xmlNode *k = n->children; k; k = k->next)
			cnt += is_el(k, "value");
		o->values = gf_arena_alloc(a, (cnt ? cnt : 1) * sizeof *o->values);
		if (!o->values)
			return GF_ENOMEM;
		for (xmlNode *k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (!is_el(k, "value"))
				return mfail(ld, k, "unexpected element in <values>", (const char *)k->name);
			vpair *vp = &o->values[o->n_values++];
			vp->from = mattr(ld, k, "from");
			vp->to = mattr(ld, k, "to");
			if (!vp->from || !vp->to)
				return mfail(ld, k, "<value> needs from and to", NULL);
		}
	} else if (is_el(n, "rows")) {
		o->kind = OP_ROWS;
		if (!o->from || !o->to)
			return mfail(ld, n, "<rows> needs from and to", NULL);
		if ((rc = parse_match(ld, n, o)))
			return rc;
	} else if (is_el(n, "classify")) {
		o->kind = OP_CLASSIFY;
		o->by = mattr(ld, n, "by");
		o->count = mattr(ld, n, "count");
		if (!o->from || !o->by)
			return mfail(ld, n, "<classify> needs from and by", NULL);
		if ((rc = parse_match(ld, n, o)))
			return rc;
		size_t cnt = 0;
		for (xmlNode *k = n->children; k; k = k->next)
			cnt += is_el(k, "class");
		if (!cnt)
			return mfail(ld, n, "<classify> needs <class> elements", NULL);
		o->classes = gf_arena_alloc(a, cnt * sizeof *o->classes);
		if (!o->classes)
			return GF_ENOMEM;
		for (xmlNode *k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (!is_el(k, "class"))
				return mfail(ld, k, "unexpected element in <classify>", (const char *)k->name);
			mclass *mc = &o->classes[o->n_classes++];
			mc->to = mattr(ld, k, "to");
			const char *mx = mattr(ld, k, "max");
			if (!mc->to)
				return mfail(ld, k, "<class> needs to", NULL);
			if (mx) {
				if (parse_num(mx, &mc->max))
					return mfail(ld, k, "bad max", mx);
				mc->has_max = 1;
			}
		}
		if (o->classes[o->n_classes - 1].has_max)
			return mfail(ld, n, "the last <class> takes the rest: no max", NULL);
	} else if (is_el(n, "sum")) {
		o->kind = OP_SUM;
		if (!o->to)
			return mfail(ld, n, "<sum> needs to", NULL);
		size_t cnt = 0;
		for (xmlNode *k = n->children; k; k = k->next)
			cnt += is_el(k, "term");
		if (!cnt)
			return mfail(ld, n, "<sum> needs <term> elements", NULL);
		o->terms = gf_arena_alloc(a, cnt * sizeof *o->terms);
		if (!o->terms)
			return GF_ENOMEM;
		for (xmlNode *k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if (!is_el(k, "term"))
				return mfail(ld, k, "unexpected element in <sum>", (const char *)k->name);
			mterm *t = &o->terms[o->n_terms++];
			t->from = mattr(ld, k, "from");
			t->times = mattr(ld, k, "times");
			const char *f = mattr(ld, k, "factor");
			t->factor = 1;
			if (!t->from)
				return mfail(ld, k, "<term> needs from", NULL);
			if (f && parse_num(f, &t->factor))
				return mfail(ld, k, "bad factor", f);
			if (t->times && !strstr(t->from, "[]."))
				return mfail(ld, k, "times goes with a list term (list[].key)", NULL);
		}
	} else if (is_el(n, "total")) {
		o->kind = OP_TOTAL;
		o->count = mattr(ld, n, "count");
		const char *keys = mattr(ld, n, "keys");
		if (!o->from || !o->to || !keys)
			return mfail(ld, n, "<total> needs from, to and keys", NULL);
		if ((rc = split_words(ld, keys, &o->keys, &o->n_keys)))
			return rc;
	} else if (is_el(n, "collect")) {
		o->kind = OP_COLLECT;
		o->keep = mattr(ld, n, "keep");
		if (!o->from || !o->to || !strstr(o->from, "[]."))
			return mfail(ld, n, "<collect> needs from (list[].key) and to", NULL);
	} else {
		return mfail(ld, n, "unknown operation", (const char *)n->name);
	}
	return GF_OK;
}

int gf_mapping_load(gf_mapping **out, const char *path, gf_error *err)
{
	*out = NULL;
	gf_mapping *m = gf_calloc(1, sizeof *m);
	if (!m || !(m->arena = gf_arena_new(4u << 20))) {
		gf_free(m);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	mloader ld = {m, path, err};
	int rc = GF_OK;
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		rc = gf_error_set(err, GF_ETEMPLATE, "%s: not well-formed XML", path);
		goto done;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || !is_el(root, "mappings")) {
		rc = mfail(&ld, root, "root element must be <mappings>", NULL);
		goto done;
	}
	m->prefix = mattr(&ld, root, "id-prefix");
	if (!m->prefix)
		m->prefix = "HBZWY";
	size_t nm = 0;
	for (xmlNode *n = root->children; n; n = n->next)
		nm += is_el(n, "map");
	m->maps = gf_arena_alloc(m->arena, (nm ? nm : 1) * sizeof *m->maps);
	if (!m->maps) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	for (xmlNode *n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!is_el(n, "map")) {
			rc = mfail(&ld, n, "unexpected element", (const char *)n->name);
			goto done;
		}
		gf_map *mp = &m->maps[m->n];
		const char *forms = mattr(&ld, n, "from"), *ids = mattr(&ld, n, "id");
		mp->kind = mattr(&ld, n, "to");
		mp->date = mattr(&ld, n, "date");
		if (!forms || !mp->kind) {
			rc = mfail(&ld, n, "<map> needs from (forms) and to (sheet kind)", NULL);
			goto done;
		}
		if ((rc = split_words(&ld, forms, &mp->forms, &mp->n_forms)) ||
		    (ids && (rc = split_words(&ld, ids, &mp->id_fields, &mp->n_id)))) {
			gf_error_set(err, rc, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < mp->n_forms; i++)
			for (size_t j = 0; j < m->n; j++)
				if (gf_mapping_find(m, mp->forms[i])) {
					rc = mfail(&ld, n, "two maps for form", mp->forms[i]);
					goto done;
				}
		size_t no = 0;
		for (xmlNode *k = n->children; k; k = k->next)
			no += k->type == XML_ELEMENT_NODE;
		mp->ops = gf_arena_alloc(m->arena, (no ? no : 1) * sizeof *mp->ops);
		if (!mp->ops) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			goto done;
		}
		for (xmlNode *k = n->children; k; k = k->next) {
			if (k->type != XML_ELEMENT_NODE)
				continue;
			if ((rc = load_op(&ld, k, &mp->ops[mp->n_ops]))) {
				if (rc == GF_ENOMEM)
					gf_error_set(err, rc, "out of memory");
				goto done;
			}
			mp->n_ops++;
		}
		m->n++;
	}
done:
	if (doc)
		xmlFreeDoc(doc);
	if (rc) {
		gf_mapping_free(m);
		return rc;
	}
	*out = m;
	return GF_OK;
}

void gf_mapping_free(gf_mapping *m)
{
	if (!m)
		return;
	gf_arena_free(m->arena);
	gf_free(m);
}

const gf_map *gf_mapping_find(const gf_mapping *m, const char *form)
{
	for (size_t i = 0; i < m->n; i++)
		for (size_t j = 0; j < m->maps[i].n_forms; j++)
			if (strcmp(m->maps[i].forms[j], form) == 0)
				return &m->maps[i];
	return NULL;
}

const char *gf_map_kind(const gf_map *mp) { return mp->kind; }
const char *gf_map_date_field(const gf_map *mp) { return mp->date; }
const char *gf_mapping_id_prefix(const gf_mapping *m) { return m->prefix; }

const char *const *gf_map_id_fields(const gf_map *mp, size_t *n)
{
	*n = mp->n_id;
	return mp->id_fields;
}

/* ---- running -------------------------------------------------------------- */

/* A number from a JSON number, or a string holding only a decimal number. */
static int num_of(const json_t *v, double *out)
{
	if (json_is_number(v)) {
		*out = json_number_value(v);
		return 1;
	}
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		for (const char *p = s; *p; p++)
			if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == '-'))
				return 0;
		return parse_num(s, out) == 0;
	}
	return 0;
}

static json_t *num_json(double v)
{
	if (fabs(v) < 9e15 && v == floor(v))
		return json_integer((json_int_t)v);
	return json_real(v);
}

static int set_copy(json_t *out, const char *path, const json_t *v)
{
	json_t *c = json_deep_copy(v);
	return c ? gf_json_set_path(out, path, c) : GF_ENOMEM;
}

static int copy_other(json_t *out, const json_t *src, const char *from, const char *to)
{
	char a[300], b[300];
	snprintf(a, sizeof a, "%s_other", from);
	snprintf(b, sizeof b, "%s_other", to);
	const json_t *v = gf_json_path(src, a);
	return gf_json_blank(v) ? GF_OK : set_copy(out, b, v);
}

static int item_matches(const op *o, const json_t *item)
{
	if (!o->mkey)
		return 1;
	const json_t *v = json_object_get(item, o->mkey);
	int hit = json_is_string(v) && strstr(json_string_value(v), o->mtext) != NULL;
	return o->mneg ? !hit : hit;
}

/* Expand "{path}" placeholders from `root`; *filled counts non-blank ones. */
static int expand(gf_buf *b, const char *tmpl, const json_t *root, int *filled)
{
	int rc = GF_OK;
	for (const char *p = tmpl; *p && !rc;) {
		if (*p != '{') {
			rc = gf_buf_putc(b, *p++);
			continue;
		}
		const char *e = strchr(p, '}');
		char key[200];
		size_t n = (size_t)(e - p - 1);
		if (n >= sizeof key)
			n = sizeof key - 1;
		memcpy(key, p + 1, n);
		key[n] = '\0';
		p = e + 1;
		const json_t *v = gf_json_path(root, key);
		if (gf_json_blank(v))
			continue;
		double d;
		char num[64];
		if (json_is_string(v)) {
			rc = gf_buf_puts(b, json_string_value(v));
		} else if (num_of(v, &d)) {
			if (fabs(d) >= 9e15)
				snprintf(num, sizeof num, "%.0f", d);
			else if (d == floor(d))
				snprintf(num, sizeof num, "%lld", (long long)d);
			else { /* two decimals, locale-free */
				long long c = llround(fabs(d) * 100);
				snprintf(num, sizeof num, "%s%lld.%02lld", d < 0 ? "-" : "", c / 100, c % 100);
			}
			rc = gf_buf_puts(b, num);
		} else {
			continue;
		}
		(*filled)++;
	}
	return rc;
}

static int run_format(const op *o, const json_t *src, json_t *out)
{
	gf_buf b = GF_BUF_INIT(1 << 20);
	int rc = GF_OK, any = 0;
	if (o->each) {
		const json_t *arr = gf_json_path(src, o->each);
		size_t i;
		json_t *item;
		json_array_foreach(arr, i, item)
		{
			size_t mark = b.len;
			if (any && o->sep && (rc = gf_buf_puts(&b, o->sep)))
				break;
			int filled = 0;
			if ((rc = expand(&b, o->tmpl, item, &filled)))
				break;
			if (filled)
				any = 1;
			else
				gf_buf_truncate(&b, mark);
		}
	} else {
		rc = expand(&b, o->tmpl, src, &any);
	}
	if (!rc && any) {
		const char *s = b.data;
		size_t len = b.len;
		while (len && s[len - 1] == ' ')
			len--;
		while (len && *s == ' ') {
			s++;
			len--;
		}
		rc = gf_json_set_path(out, o->to, json_stringn(s, len));
	}
	gf_buf_free(&b);
	return rc;
}

static const char *map_value(const op *o, const char *s)
{
	for (size_t i = 0; i < o->n_values; i++)
		if (strcmp(o->values[i].from, s) == 0)
			return o->values[i].to;
	return s;
}

static int run_values(const op *o, const json_t *src, json_t *out)
{
	const json_t *v = gf_json_path(src, o->from);
	int rc;
	if (gf_json_blank(v))
		return GF_OK;
	if (json_is_string(v)) {
		rc = gf_json_set_path(out, o->to, json_string(map_value(o, json_string_value(v))));
	} else if (json_is_array(v)) {
		json_t *arr = json_array();
		size_t i;
		json_t *e;
		if (!arr)
			return GF_ENOMEM;
		json_array_foreach(v, i, e)
		{
			json_t *c = json_is_string(e) ? json_string(map_value(o, json_string_value(e)))
						      : json_deep_copy(e);
			if (json_array_append_new(arr, c)) {
				json_decref(arr);
				return GF_ENOMEM;
			}
		}
		rc = gf_json_set_path(out, o->to, arr);
	} else {
		rc = set_copy(out, o->to, v);
	}
	return rc ? rc : copy_other(out, src, o->from, o->to);
}

/* "list[].key" -> list, key */
static int split_list(const char *s, char *list, size_t cap, const char **key)
{
	const char *m = strstr(s, "[].");
	if (!m || (size_t)(m - s) >= cap)
		return -1;
	memcpy(list, s, (size_t)(m - s));
	list[m - s] = '\0';
	*key = m + 3;
	return 0;
}

static int run_sum(const op *o, const json_t *src, json_t *out)
{
	double total = 0;
	int any = 0;
	for (size_t i = 0; i < o->n_terms; i++) {
		const mterm *t = &o->terms[i];
		char list[128];
		const char *key;
		double d;
		if (split_list(t->from, list, sizeof list, &key) == 0) {
			const json_t *arr = gf_json_path(src, list);
			size_t k;
			json_t *item;
			json_array_foreach(arr, k, item)
			{
				if (!num_of(json_object_get(item, key), &d))
					continue;
				double m = 1;
				if (t->times) {
					const json_t *tv = json_object_get(item, t->times);
					if (gf_json_blank(tv) || !num_of(tv, &m))
						m = 1;
				}
				total += d * t->factor * m;
				any = 1;
			}
		} else if (num_of(gf_json_path(src, t->from), &d)) {
			total += d * t->factor;
			any = 1;
		}
	}
	return any ? gf_json_set_path(out, o->to, num_json(total)) : GF_OK;
}

static int run_classify(const op *o, const json_t *src, json_t *out)
{
	double totals[32] = {0};
	int hit[32] = {0};
	const json_t *arr = gf_json_path(src, o->from);
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item)
	{
		if (!json_is_object(item) || !item_matches(o, item))
			continue;
		double by = 0, cnt = 1;
		num_of(json_object_get(item, o->by), &by);
		if (o->count) {
			const json_t *cv = json_object_get(item, o->count);
			if (!gf_json_blank(cv) && !num_of(cv, &cnt))
				cnt = 1;
		}
		for (size_t k = 0; k < o->n_classes && k < 32; k++) {
			if (!o->classes[k].has_max || by <= o->classes[k].max) {
				totals[k] += cnt;
				hit[k] = 1;
				break;
			}
		}
	}
	for (size_t k = 0; k < o->n_classes && k < 32; k++)
		if (hit[k]) {
			json_t *cur = gf_json_path(out, o->classes[k].to);
			double prev = 0;
			num_of(cur, &prev);
			int rc = gf_json_set_path(out, o->classes[k].to, num_json(prev + totals[k]));
			if (rc)
				return rc;
		}
	return GF_OK;
}

static int run_total(const op *o, json_t *out)
{
	const json_t *arr = gf_json_path(out, o->from);
	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return GF_OK;
	double sums[32] = {0}, count = 0;
	int seen[32] = {0};
	size_t i;
	json_t *item;
	json_array_foreach(arr, i, item)
	{
		double cnt = 1;
		if (o->count) {
			const json_t *cv = json_object_get(item, o->count);
			if (!gf_json_blank(cv) && !num_of(cv, &cnt))
				cnt = 1;
		}
		count += cnt;
		for (size_t k = 0; k < o->n_keys && k < 32; k++) {
			double d;
			if (num_of(json_object_get(item, o->keys[k]), &d)) {
				sums[k] += d * cnt;
				seen[k] = 1;
			}
		}
	}
	char path[300];
	int rc;
	for (size_t k = 0; k < o->n_keys && k < 32; k++) {
		snprintf(path, sizeof path, "%s.%s", o->to, o->keys[k]);
		if (seen[k] && (rc = gf_json_set_path(out, path, num_json(sums[k]))))
			return rc;
	}
	if (o->count) {
		snprintf(path, sizeof path, "%s.%s", o->to, o->count);
		if ((rc = gf_json_set_path(out, path, num_json(count))))
			return rc;
	}
	return GF_OK;
}

static int run_collect(const op *o, const json_t *src, json_t *out)
{
	char list[128];
	const char *key;
	if (split_list(o->from, list, sizeof list, &key))
		return GF_EINVAL;
	json_t *res = json_array();
	if (!res)
		return GF_ENOMEM;
	const json_t *arr = gf_json_path(src, list);
	size_t i, j;
	json_t *item, *e;
	json_array_foreach(arr, i, item)
	{
		const json_t *v = json_object_get(item, key);
		if (!json_is_string(v) || (o->keep && strcmp(json_string_value(v), o->keep) != 0))
			continue;
		int dup = 0;
		json_array_foreach(res, j, e) dup |= json_equal(e, v);
		if (!dup && json_array_append_new(res, json_string(json_string_value(v)))) {
			json_decref(res);
			return GF_ENOMEM;
		}
	}
	if (json_array_size(res) == 0) {
		json_decref(res);
		return GF_OK;
	}
	return gf_json_set_path(out, o->to, res);
}

int gf_map_apply(const gf_map *mp, const json_t *src, json_t **out, json_t *warnings,
		 gf_error *err)
{
	(void)warnings;
	*out = NULL;
	json_t *o = json_object();
	if (!o)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (!json_is_object(src))
		src = o; /* no fields: everything stays blank */
	int rc = GF_OK;
	for (size_t i = 0; i < mp->n_ops && !rc; i++) {
		const op *p = &mp->ops[i];
		const json_t *v;
		switch (p->kind) {
		case OP_COPY:
			v = gf_json_path(src, p->from);
			if (!gf_json_blank(v) && !(rc = set_copy(o, p->to, v)))
				rc = copy_other(o, src, p->from, p->to);
			break;
		case OP_COPY_ALL: {
			const char *k;
			json_t *val;
			json_object_foreach((json_t *)src, k, val)
			{
				json_t *c = json_deep_copy(val);
				if (!c || json_object_set_new(o, k, c)) {
					rc = GF_ENOMEM;
					break;
				}
			}
			break;
		}
		case OP_FORMAT:
			rc = run_format(p, src, o);
			break;
		case OP_VALUES:
			rc = run_values(p, src, o);
			break;
		case OP_ROWS: {
			const json_t *arr = gf_json_path(src, p->from);
			json_t *res = json_array();
			size_t k;
			json_t *item;
			if (!res) {
				rc = GF_ENOMEM;
				break;
			}
			json_array_foreach(arr, k, item)
			{
				if (!json_is_object(item) || !item_matches(p, item))
					continue;
				if (json_array_append_new(res, json_deep_copy(item))) {
					rc = GF_ENOMEM;
					break;
				}
			}
			if (!rc && json_array_size(res))
				rc = gf_json_set_path(o, p->to, res);
			else
				json_decref(res);
			break;
		}
		case OP_CLASSIFY:
			rc = run_classify(p, src, o);
			break;
		case OP_SUM:
			rc = run_sum(p, src, o);
			break;
		case OP_TOTAL:
			rc = run_total(p, o);
			break;
		case OP_COLLECT:
			rc = run_collect(p, src, o);
			break;
		}
	}
	if (rc) {
		json_decref(o);
		return gf_error_set(err, rc, rc == GF_ENOMEM ? "out of memory" : "mapping failed");
	}
	*out = o;
	return GF_OK;
}
