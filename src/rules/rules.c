#include "rules/rules.h"

#include "core/alloc.h"
#include "core/buf.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { K_FORBID, K_TERM, K_EXPECT, K_MAJOR, K_TOTAL, K_ANYOF } rule_kind;

typedef struct message {
	const char *code; /* NULL = the rule's code */
	const char *zh, *en;
} message;

typedef struct pair {
	const char *name;
	char **before, **after; /* NULL-terminated key lists */
} pair;

typedef struct rule {
	const char *id;
	rule_kind kind;
	char **forms;       /* NULL-terminated */
	const char *field;  /* the field a diagnostic names */
	const char *label;  /* printed label, when the rule gives one */
	const char *when, *equals;
	char **in;          /* values of `when` (expect) */
	const char *table;
	char **fields;      /* any-of */
	double min, max, threshold;
	gf_severity severity;
	const char *code;
	pcre2_code *pattern;
	message *msgs;
	size_t nmsgs;
	message item; /* one finding, for rules that list several ({items}) */
	pair *pairs;
	size_t npairs;
} rule;

struct gf_ruleset {
	gf_arena *arena;
	rule *rules;
	size_t n;
};

static const char *attr(gf_arena *a, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *r = gf_arena_strdup(a, (const char *)v);
	xmlFree(v);
	return r;
}

/* Split on spaces or '|' into a NULL-terminated array in the arena. */
static char **words(gf_arena *a, const char *s, const char *sep)
{
	if (!s)
		return NULL;
	size_t n = 1;
	for (const char *p = s; *p; p++)
		n += strchr(sep, *p) != NULL;
	char **v = gf_arena_alloc(a, sizeof *v * (n + 1));
	char *copy = gf_arena_strdup(a, s);
	if (!v || !copy)
		return NULL;
	size_t k = 0;
	char *save = NULL;
	for (char *t = strtok_r(copy, sep, &save); t; t = strtok_r(NULL, sep, &save))
		v[k++] = t;
	v[k] = NULL;
	return v;
}

static int bad(gf_error *err, const char *path, const xmlNode *n, const char *what)
{
	return gf_error_set(err, GF_ETEMPLATE, "%s:%ld: %s", path, n ? (long)xmlGetLineNo(n) : 0L,
			    what);
}

static int load_rule(gf_ruleset *rs, const char *path, const xmlNode *n, rule *r, gf_error *err)
{
	gf_arena *a = rs->arena;
	r->id = attr(a, n, "id");
	const char *kind = attr(a, n, "kind");
	static const struct {
		const char *name;
		rule_kind kind;
	} kinds[] = {{"forbid", K_FORBID}, {"term", K_TERM},   {"expect", K_EXPECT},
		     {"major-change", K_MAJOR}, {"total", K_TOTAL}, {"any-of", K_ANYOF}};
	size_t ki;
	for (ki = 0; kind && ki < sizeof kinds / sizeof kinds[0]; ki++)
		if (strcmp(kind, kinds[ki].name) == 0)
			break;
	if (!r->id || !kind || ki == sizeof kinds / sizeof kinds[0])
		return bad(err, path, n, "rule needs an id and a known kind");
	r->kind = kinds[ki].kind;
	r->forms = words(a, attr(a, n, "forms"), " ");
	r->field = attr(a, n, "field");
	r->label = attr(a, n, "label");
	r->when = attr(a, n, "when");
	r->equals = attr(a, n, "equals");
	r->in = words(a, attr(a, n, "in"), "|");
	r->table = attr(a, n, "table");
	r->fields = words(a, attr(a, n, "fields"), " ");
	const char *v;
	r->min = (v = attr(a, n, "min")) ? strtod(v, NULL) : 0;
	r->max = (v = attr(a, n, "max")) ? strtod(v, NULL) : 0;
	r->threshold = (v = attr(a, n, "threshold")) ? strtod(v, NULL) : 0.5;
	v = attr(a, n, "severity");
	r->severity = v && strcmp(v, "warning") == 0 ? GF_SEV_WARNING : GF_SEV_ERROR;
	r->code = attr(a, n, "code");
	if (!r->code)
		r->code = "rule";
	if (!r->forms)
		return bad(err, path, n, "rule needs forms");
	if (r->kind == K_ANYOF ? !r->fields : !r->field)
		return bad(err, path, n, "rule needs field (or fields for any-of)");
	if ((r->kind == K_MAJOR || r->kind == K_TOTAL) && !r->table)
		return bad(err, path, n, "rule needs a table");
	if ((r->kind == K_TERM && (!r->when || !r->equals)) || (r->kind == K_EXPECT && (!r->when || !r->in)))
		return bad(err, path, n, "rule needs when and equals/in");
	const char *pat = attr(a, n, "pattern");
	if (r->kind == K_FORBID) {
		if (!pat)
			return bad(err, path, n, "forbid needs a pattern");
		int ec;
		PCRE2_SIZE eo;
		r->pattern = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
					   &ec, &eo, NULL);
		if (!r->pattern)
			return bad(err, path, n, "bad pattern");
	}
	size_t nm = 0, np = 0;
	for (const xmlNode *c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE) {
			nm += strcmp((const char *)c->name, "message") == 0;
			np += strcmp((const char *)c->name, "pair") == 0;
		}
	r->msgs = gf_arena_alloc(a, sizeof *r->msgs * (nm + 1));
	r->pairs = gf_arena_alloc(a, sizeof *r->pairs * (np + 1));
	if (!r->msgs || !r->pairs)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "message") == 0) {
			message *m = &r->msgs[r->nmsgs++];
			m->code = attr(a, c, "code");
			m->zh = attr(a, c, "zh");
			m->en = attr(a, c, "en");
			if (!m->zh)
				return bad(err, path, c, "message needs zh");
		} else if (strcmp((const char *)c->name, "pair") == 0) {
			pair *p = &r->pairs[r->npairs++];
			p->name = attr(a, c, "name");
			p->before = words(a, attr(a, c, "before"), " ");
			p->after = words(a, attr(a, c, "after"), " ");
			if (!p->name || !p->before || !p->after)
				return bad(err, path, c, "pair needs name, before and after");
		} else if (strcmp((const char *)c->name, "item") == 0) {
			r->item.zh = attr(a, c, "zh");
			r->item.en = attr(a, c, "en");
			if (!r->item.zh)
				return bad(err, path, c, "item needs zh");
		} else {
			return bad(err, path, c, "unexpected element in rule");
		}
	}
	if (r->nmsgs == 0)
		return bad(err, path, n, "rule without a message");
	if ((r->kind == K_MAJOR || r->kind == K_TOTAL) && !r->item.zh)
		return bad(err, path, n, "rule needs an <item> format");
	return 0;
}

int gf_ruleset_load(gf_ruleset **out, const char *dir, gf_error *err)
{
	*out = NULL;
	char path[4096];
	snprintf(path, sizeof path, "%s/rules/default.xml", dir);
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (!doc)
		return gf_error_set(err, GF_ETEMPLATE, "%s: missing or not well-formed", path);
	gf_arena *a = gf_arena_new(0);
	gf_ruleset *rs = a ? gf_arena_alloc(a, sizeof *rs) : NULL;
	int rc = 0;
	if (!rs) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	rs->arena = a;
	xmlNode *root = xmlDocGetRootElement(doc);
	size_t n = 0;
	for (const xmlNode *c = root ? root->children : NULL; c; c = c->next)
		n += c->type == XML_ELEMENT_NODE;
	rs->rules = gf_arena_alloc(a, sizeof *rs->rules * (n + 1));
	if (!rs->rules) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	for (const xmlNode *c = root ? root->children : NULL; c && !rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (strcmp((const char *)c->name, "rule") != 0) {
			rc = bad(err, path, c, "expected <rule>");
			break;
		}
		rc = load_rule(rs, path, c, &rs->rules[rs->n], err);
		rs->n++;
	}
done:
	xmlFreeDoc(doc);
	if (rc) {
		if (rs)
			gf_ruleset_free(rs);
		else
			gf_arena_free(a);
		return rc;
	}
	*out = rs;
	return 0;
}

void gf_ruleset_free(gf_ruleset *rs)
{
	if (!rs)
		return;
	for (size_t i = 0; rs->rules && i < rs->n; i++)
		pcre2_code_free(rs->rules[i].pattern);
	gf_arena_free(rs->arena);
}

size_t gf_ruleset_count(const gf_ruleset *rs)
{
	return rs->n;
}

static bool listed(char **list, const char *s)
{
	for (size_t i = 0; list && list[i]; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

/* Text of a value for messages and patterns. */
static const char *value_text(gf_arena *a, const json_t *v)
{
	if (!v)
		return "";
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_number(v))
		return gf_arena_printf(a, "%g", gf_value_number(v));
	if (json_is_array(v)) {
		const char *s = "";
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) s = gf_arena_printf(a, "%s%s%s", s, i ? "、" : "",
							       value_text(a, x));
		return s;
	}
	return "";
}

typedef struct vars {
	const char *label, *value, *name, *before, *after, *pct, *items;
	double min, max;
} vars;

/* Expand {label} {value} ... in a message template. */
static const char *expand(gf_arena *a, const char *tpl, const vars *v)
{
	if (!tpl)
		return NULL;
	gf_buf b = GF_BUF_INIT(8192);
	for (const char *p = tpl; *p;) {
		const char *rep = NULL;
		size_t skip = 0;
		char num[64];
		static const char *names[] = {"{label}", "{value}", "{name}", "{before}", "{after}",
					      "{pct}",   "{min}",   "{max}",  "{items}"};
		for (size_t i = 0; i < sizeof names / sizeof names[0] && !rep; i++) {
			size_t l = strlen(names[i]);
			if (strncmp(p, names[i], l) != 0)
				continue;
			skip = l;
			switch (i) {
			case 0: rep = v->label; break;
			case 1: rep = v->value; break;
			case 2: rep = v->name; break;
			case 3: rep = v->before; break;
			case 4: rep = v->after; break;
			case 5: rep = v->pct; break;
			case 6: snprintf(num, sizeof num, "%g", v->min); rep = num; break;
			case 7: snprintf(num, sizeof num, "%g", v->max); rep = num; break;
			default: rep = v->items; break;
			}
			if (!rep)
				rep = "";
		}
		if (rep) {
			gf_buf_puts(&b, rep);
			p += skip;
		} else {
			gf_buf_putc(&b, *p++);
		}
	}
	const char *r = gf_arena_strndup(a, b.data ? b.data : "", b.len);
	gf_buf_free(&b);
	return r;
}

static const message *pick_msg(const rule *r, const char *code)
{
	for (size_t i = 0; i < r->nmsgs; i++)
		if (r->msgs[i].code && code && strcmp(r->msgs[i].code, code) == 0)
			return &r->msgs[i];
	return &r->msgs[0];
}

static int emit(gf_fill *fl, const rule *r, const char *code, gf_severity sev, const char *field,
		const char *label, const vars *v)
{
	const message *m = pick_msg(r, code);
	const char *zh = expand(fl->arena, m->zh, v);
	const char *en = expand(fl->arena, m->en, v);
	gf_loc loc = gf_fill_where(fl, field);
	if (!loc.table && !loc.line && !loc.para && r->when)
		loc = gf_fill_where(fl, r->when); /* a blank of that choice */
	return gf_fill_diag(fl, sev, code, field, label, loc, zh, en ? en : "");
}

static const char *field_label(const gf_fill *fl, const char *key, const char *fallback)
{
	const gf_fielddef *f = gf_formdef_field(fl->form, key);
	if (f)
		return f->label;
	const gf_tabledef *t = gf_formdef_table(fl->form, key);
	if (t)
		return t->label;
	return fallback;
}

/* Remove diagnostics with this field and code (superseded by a rule). */
static void drop_diags(gf_diags *d, const char *field, const char *code)
{
	size_t o = 0;
	for (size_t i = 0; i < d->n; i++) {
		const gf_diag *g = &d->items[i];
		bool drop = g->field && strcmp(g->field, field) == 0 && strcmp(g->code, code) == 0;
		if (!drop)
			d->items[o++] = d->items[i];
	}
	d->n = o;
}

static bool has_diag(const gf_diags *d, const char *field)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->items[i].field && strcmp(d->items[i].field, field) == 0)
			return true;
	return false;
}

static int run_forbid(const rule *r, gf_fill *fl, const json_t *fields)
{
	const json_t *v = gf_json_get_path(fields, r->field);
	if (!v)
		return 0;
	const char *text = value_text(fl->arena, v);
	if (gf_pattern_match(r->pattern, text, fl->arena, NULL) != 1)
		return 0;
	drop_diags(fl->diags, r->field, "choice");
	vars vv = {.label = field_label(fl, r->field, r->label), .value = text};
	return emit(fl, r, r->code, r->severity, r->field, vv.label, &vv);
}

static int run_term(const rule *r, gf_fill *fl, const json_t *fields)
{
	const json_t *w = gf_json_get_path(fields, r->when);
	if (!json_is_string(w) || strcmp(json_string_value(w), r->equals) != 0)
		return 0;
	const json_t *v = gf_json_get_path(fields, r->field);
	vars vv = {.label = field_label(fl, r->field, r->label), .min = r->min, .max = r->max};
	if (!v) {
		if (has_diag(fl->diags, r->field))
			return 0; /* a refused value already says so */
		return emit(fl, r, "required", GF_SEV_ERROR, r->field, vv.label, &vv);
	}
	double x = gf_value_number(v);
	if (x >= r->min && x <= r->max)
		return 0;
	vv.value = value_text(fl->arena, v);
	return emit(fl, r, "range", GF_SEV_ERROR, r->field, vv.label, &vv);
}

static int run_expect(const rule *r, gf_fill *fl, const json_t *fields)
{
	const json_t *w = gf_json_get_path(fields, r->when);
	if (!json_is_string(w) || !listed(r->in, json_string_value(w)))
		return 0;
	if (gf_json_get_path(fields, r->field) || has_diag(fl->diags, r->field))
		return 0;
	vars vv = {.label = field_label(fl, r->field, r->label), .value = json_string_value(w)};
	return emit(fl, r, r->code, r->severity, r->field, vv.label, &vv);
}

static const char *fmt_num(gf_arena *a, double x)
{
	if (fabs(x - round(x)) < 1e-9)
		return gf_arena_printf(a, "%.0f", x);
	return gf_arena_printf(a, "%.2f", x);
}

/* Append one finding to the zh/en lists. */
static void add_item(gf_arena *a, const rule *r, const vars *v, const char **zh, const char **en)
{
	const char *z = expand(a, r->item.zh, v), *e = expand(a, r->item.en ? r->item.en : "", v);
	*zh = *zh ? gf_arena_printf(a, "%s；%s", *zh, z) : z;
	*en = *en ? gf_arena_printf(a, "%s; %s", *en, e) : e;
}

static int emit_items(gf_fill *fl, const rule *r, const char *label, gf_loc loc, const char *zh,
		      const char *en)
{
	if (!zh)
		return 0;
	vars vz = {.label = label, .items = zh}, ve = {.label = label, .items = en};
	const message *m = pick_msg(r, r->code);
	return gf_fill_diag(fl, r->severity, r->code, r->field, label, loc,
			    expand(fl->arena, m->zh, &vz), m->en ? expand(fl->arena, m->en, &ve) : "");
}

static int run_major(const rule *r, gf_fill *fl, const json_t *fields)
{
	const json_t *rows = gf_json_get_path(fields, r->table);
	if (!json_is_array(rows))
		return 0;
	const char *zh = NULL, *en = NULL;
	for (size_t p = 0; p < r->npairs; p++) {
		const pair *pr = &r->pairs[p];
		double before = 0, after = 0;
		size_t used = 0, i;
		json_t *row;
		json_array_foreach(rows, i, row) {
			double b = 0, a = 0;
			bool hb = false, ha = false;
			for (char **k = pr->before; *k; k++) {
				const json_t *v = json_object_get(row, *k);
				if (json_is_number(v)) {
					b += gf_value_number(v);
					hb = true;
				}
			}
			for (char **k = pr->after; *k; k++) {
				const json_t *v = json_object_get(row, *k);
				if (json_is_number(v)) {
					a += gf_value_number(v);
					ha = true;
				}
			}
			if (hb && ha) {
				before += b;
				after += a;
				used++;
			}
		}
		if (!used || (before <= 0 && after <= 0))
			continue;
		/* from nothing to something is more than any share of nothing */
		double change = before > 0 ? (after - before) / before : INFINITY;
		if (fabs(change) <= r->threshold + 1e-12)
			continue;
		vars vv = {.name = pr->name,
			   .before = fmt_num(fl->arena, before),
			   .after = fmt_num(fl->arena, after),
			   .pct = isinf(change) ? "+∞" : gf_arena_printf(fl->arena, "%+.0f", change * 100)};
		add_item(fl->arena, r, &vv, &zh, &en);
	}
	return emit_items(fl, r, field_label(fl, r->field, r->label), gf_fill_where(fl, r->field), zh,
			  en);
}

static int run_total(const rule *r, gf_fill *fl, const json_t *fields)
{
	const gf_tabledef *t = gf_formdef_table(fl->form, r->table);
	if (!t || !t->total_key)
		return 0;
	const json_t *typed = fl->total[t->index];
	const json_t *computed = gf_json_get_path(fields, t->total_key);
	if (!typed)
		return 0;
	const char *zh = NULL, *en = NULL;
	const char *key;
	json_t *tv;
	json_object_foreach((json_t *)typed, key, tv) {
		if (!json_is_number(tv))
			continue;
		const json_t *cv = computed ? json_object_get(computed, key) : NULL;
		double c = cv ? gf_value_number(cv) : 0;
		if (fabs(gf_value_number(tv) - c) < 1e-6)
			continue;
		const char *col_label = key;
		for (size_t k = 0; k < t->ncols; k++)
			for (size_t pk = 0; pk < t->cols[k].nparts; pk++)
				if (strcmp(t->cols[k].parts[pk].key, key) == 0)
					col_label = t->cols[k].label;
		vars vv = {.name = col_label,
			   .before = fmt_num(fl->arena, gf_value_number(tv)),
			   .after = fmt_num(fl->arena, c)};
		add_item(fl->arena, r, &vv, &zh, &en);
	}
	return emit_items(fl, r, "合计", fl->total_loc[t->index], zh, en);
}

static int run_anyof(const rule *r, gf_fill *fl, const json_t *fields)
{
	for (char **k = r->fields; *k; k++)
		if (gf_json_get_path(fields, *k) || has_diag(fl->diags, *k))
			return 0;
	vars vv = {.label = r->label ? r->label : field_label(fl, r->fields[0], NULL)};
	return emit(fl, r, r->code, r->severity, r->fields[0], vv.label, &vv);
}

int gf_rules_run(const gf_ruleset *rs, gf_fill *fl, const json_t *fields)
{
	for (size_t i = 0; i < rs->n; i++) {
		const rule *r = &rs->rules[i];
		if (!listed(r->forms, fl->form->id))
			continue;
		int rc = 0;
		switch (r->kind) {
		case K_FORBID: rc = run_forbid(r, fl, fields); break;
		case K_TERM: rc = run_term(r, fl, fields); break;
		case K_EXPECT: rc = run_expect(r, fl, fields); break;
		case K_MAJOR: rc = run_major(r, fl, fields); break;
		case K_TOTAL: rc = run_total(r, fl, fields); break;
		case K_ANYOF: rc = run_anyof(r, fl, fields); break;
		}
		if (rc)
			return rc;
	}
	return 0;
}
