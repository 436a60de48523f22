#include "form/formdef.h"

#include "core/alloc.h"
#include "core/text.h"

#include <dirent.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Digits a person may write in a blank: ASCII and full-width digits,
 * separators and small Chinese numerals. `{n}` in a template pattern is a
 * capturing group of these. */
#define NUMBER_GROUP "([0-9０-９.,，一二三四五六七八九十百千万两零〇]*)"

/* A growable array of pointers or structs in the arena. */
typedef struct vec {
	void *items;
	size_t n, cap, size;
} vec;

typedef struct loader {
	gf_arena *a;
	gf_error *err;
	const char *dir;
	const char *file; /* current template, for messages */
	pcre2_code **common_ignores;
	size_t ncommon;
	const char **skip_columns;
	size_t nskip;
	struct vec *patterns; /* every compiled pattern, freed with the formset */
} loader;


static void *vec_push(loader *L, vec *v)
{
	if (v->n == v->cap) {
		size_t nc = v->cap ? v->cap * 2 : 8;
		void *p = gf_arena_grow(L->a, v->items, v->cap * v->size, nc * v->size);
		if (!p)
			return NULL;
		v->items = p;
		v->cap = nc;
	}
	return (char *)v->items + v->size * v->n++;
}

static int oom(loader *L)
{
	return gf_error_set(L->err, GF_ENOMEM, "out of memory loading templates");
}

static int bad(loader *L, const xmlNode *n, const char *what, const char *detail)
{
	return gf_error_set(L->err, GF_ETEMPLATE, "%s:%ld: %s%s%s", L->file,
			    n ? (long)xmlGetLineNo(n) : 0L, what, detail ? ": " : "",
			    detail ? detail : "");
}

static bool is_el(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Attribute value copied into the arena, or NULL when absent. */
static const char *attr(loader *L, const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	const char *r = gf_arena_strdup(L->a, (const char *)v);
	xmlFree(v);
	return r;
}

static bool attr_yes(loader *L, const xmlNode *n, const char *name)
{
	const char *v = attr(L, n, name);
	return v && (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0);
}

static const char *content(loader *L, const xmlNode *n)
{
	xmlChar *v = xmlNodeGetContent(n);
	const char *r = gf_arena_strdup(L->a, v ? (const char *)v : "");
	xmlFree(v);
	return r;
}

/* Compile a template pattern, expanding {n}. */
static int compile(loader *L, const xmlNode *n, const char *src, uint32_t flags, pcre2_code **out)
{
	size_t len = strlen(src);
	size_t extra = 0;
	for (const char *p = strstr(src, "{n}"); p; p = strstr(p + 3, "{n}"))
		extra += sizeof NUMBER_GROUP;
	char *buf = gf_arena_alloc(L->a, len + extra + 1);
	if (!buf)
		return oom(L);
	char *o = buf;
	for (const char *p = src; *p;) {
		if (strncmp(p, "{n}", 3) == 0) {
			memcpy(o, NUMBER_GROUP, sizeof NUMBER_GROUP - 1);
			o += sizeof NUMBER_GROUP - 1;
			p += 3;
		} else {
			*o++ = *p++;
		}
	}
	*o = '\0';
	int ec;
	PCRE2_SIZE eo;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)buf, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_UCP | flags, &ec, &eo, NULL);
	if (!re) {
		PCRE2_UCHAR msg[160];
		pcre2_get_error_message(ec, msg, sizeof msg);
		char detail[400];
		snprintf(detail, sizeof detail, "%s at offset %zu in \"%s\"", (char *)msg,
			 (size_t)eo, src);
		return bad(L, n, "bad pattern", detail);
	}
	pcre2_code **slot = vec_push(L, L->patterns);
	if (!slot) {
		pcre2_code_free(re);
		return oom(L);
	}
	*slot = re;
	*out = re;
	return 0;
}

static const char *label_key(loader *L, const char *s)
{
	return gf_text_label_key(L->a, s);
}

static int add_match(loader *L, vec *v, const char *text)
{
	const char **slot = vec_push(L, v);
	if (!slot || !(*slot = label_key(L, text)))
		return oom(L);
	return 0;
}

static int load_prompt(loader *L, const xmlNode *n, vec *prompts)
{
	gf_prompt *p = vec_push(L, prompts);
	if (!p)
		return oom(L);
	const char *text = content(L, n);
	if (attr_yes(L, n, "regex"))
		return compile(L, n, text, PCRE2_MULTILINE, &p->re);
	p->text = gf_text_compact(L->a, text);
	return p->text ? 0 : oom(L);
}

static int load_field(loader *L, const xmlNode *n, vec *fields)
{
	gf_fielddef *f = vec_push(L, fields);
	if (!f)
		return oom(L);
	f->index = (int)fields->n - 1;
	f->key = attr(L, n, "key");
	f->label = attr(L, n, "label");
	if (!f->key || !f->label)
		return bad(L, n, "field needs key and label", NULL);
	const char *type = attr(L, n, "type");
	int t = gf_type_from_name(type ? type : "text");
	if (t < 0)
		return bad(L, n, "unknown type", type);
	f->type = (gf_type)t;
	f->required = attr_yes(L, n, "required");
	f->derived = attr_yes(L, n, "derived");
	f->below = attr_yes(L, n, "below");
	const char *cell = attr(L, n, "cell");
	f->cell = cell ? (int)strtol(cell, NULL, 10) : 1;
	if (f->cell < 1 || f->cell > 8)
		return bad(L, n, "cell must be 1..8", cell);
	f->after = attr(L, n, "after");
	const char *pat = attr(L, n, "pattern");
	int rc;
	if (pat && (rc = compile(L, n, pat, 0, &f->pattern)))
		return rc;
	vec match = {.size = sizeof(const char *)}, opts = {.size = sizeof(gf_option)},
	    prompts = {.size = sizeof(gf_prompt)};
	const char *at = attr(L, n, "at");
	if ((rc = add_match(L, &match, at ? at : f->label)))
		return rc;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "alias")) {
			if ((rc = add_match(L, &match, content(L, c))))
				return rc;
		} else if (is_el(c, "prompt")) {
			if ((rc = load_prompt(L, c, &prompts)))
				return rc;
		} else if (is_el(c, "option")) {
			gf_option *o = vec_push(L, &opts);
			if (!o)
				return oom(L);
			o->text = content(L, c);
			o->key = gf_text_compact(L->a, o->text);
			o->other = attr_yes(L, c, "other");
			o->blank = attr(L, c, "blank");
			o->blank_unit = attr(L, c, "unit");
			if (!o->key || !*o->key)
				return bad(L, c, "empty option", NULL);
		} else {
			return bad(L, c, "unexpected element in field", (const char *)c->name);
		}
	}
	if ((f->type == GF_TYPE_CHOICE || f->type == GF_TYPE_MULTI) && opts.n == 0)
		return bad(L, n, "choice field without options", f->key);
	f->match = match.items;
	f->nmatch = match.n;
	f->options = opts.items;
	f->noptions = opts.n;
	f->prompts = prompts.items;
	f->nprompts = prompts.n;
	for (size_t i = 0; i < f->noptions; i++)
		if (f->options[i].other && !f->other_key)
			f->other_key = gf_arena_printf(L->a, "%s_other", f->key);
	if (f->other_key) {
		/* The sibling text field, right after its choice (re-fetch: push may move). */
		gf_fielddef *o = vec_push(L, fields);
		if (!o)
			return oom(L);
		f = o - 1;
		o->index = (int)fields->n - 1;
		o->key = f->other_key;
		o->label = gf_arena_printf(L->a, "%s（其他）", f->label);
		o->type = GF_TYPE_TEXT;
		o->derived = true;
		o->cell = 1;
	}
	return 0;
}

/* One value of a table row: key, type and (for split="pattern") its pattern,
 * from a <part> or from a <column> that is not split. */
static int load_part(loader *L, const xmlNode *n, vec *parts)
{
	gf_partdef *p = vec_push(L, parts);
	if (!p)
		return oom(L);
	p->key = attr(L, n, "key");
	const char *type = attr(L, n, "type");
	int t = gf_type_from_name(type ? type : "text");
	if (!p->key || t < 0)
		return bad(L, n, "a column or part needs key and a known type", type);
	p->type = (gf_type)t;
	const char *pat = attr(L, n, "pattern");
	return pat ? compile(L, n, pat, 0, &p->pattern) : 0;
}

static int load_column(loader *L, const xmlNode *n, gf_coldef *c)
{
	c->label = attr(L, n, "label");
	if (!c->label)
		return bad(L, n, "column needs a label", NULL);
	const char *res = attr(L, n, "resource");
	c->resource = !(res && strcmp(res, "no") == 0);
	const char *split = attr(L, n, "split");
	if (!split)
		c->split = GF_SPLIT_NONE;
	else if (strcmp(split, "disk") == 0)
		c->split = GF_SPLIT_DISK;
	else if (strcmp(split, "cpumem") == 0)
		c->split = GF_SPLIT_CPUMEM;
	else if (strcmp(split, "pattern") == 0)
		c->split = GF_SPLIT_PATTERN;
	else
		return bad(L, n, "unknown split", split);
	const char *prompt = attr(L, n, "prompt");
	if (prompt)
		c->prompt = gf_text_compact(L->a, prompt);
	vec match = {.size = sizeof(const char *)}, parts = {.size = sizeof(gf_partdef)},
	    printed = {.size = sizeof(const char *)};
	int rc = add_match(L, &match, c->label);
	if (rc)
		return rc;
	const char *pr = attr(L, n, "printed");
	if (pr) {
		char *copy = gf_arena_strdup(L->a, pr), *save = NULL;
		for (char *tok = strtok_r(copy, "|", &save); tok; tok = strtok_r(NULL, "|", &save)) {
			const char **slot = vec_push(L, &printed);
			if (!slot || !(*slot = gf_text_compact(L->a, tok)))
				return oom(L);
		}
	}
	for (const xmlNode *k = n->children; k; k = k->next) {
		if (k->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(k, "alias")) {
			if ((rc = add_match(L, &match, content(L, k))))
				return rc;
		} else if (is_el(k, "part")) {
			if ((rc = load_part(L, k, &parts)))
				return rc;
		} else {
			return bad(L, k, "unexpected element in column", (const char *)k->name);
		}
	}
	if (parts.n == 0 && (rc = load_part(L, n, &parts)))
		return rc; /* the column itself is its one part */
	if ((c->split == GF_SPLIT_DISK || c->split == GF_SPLIT_CPUMEM) && parts.n != 2)
		return bad(L, n, "split column needs two parts", c->label);
	if (c->split == GF_SPLIT_PATTERN)
		for (size_t i = 0; i < parts.n; i++)
			if (!((gf_partdef *)parts.items)[i].pattern)
				return bad(L, n, "pattern split needs a pattern on every part", c->label);
	c->match = match.items;
	c->nmatch = match.n;
	c->parts = parts.items;
	c->nparts = parts.n;
	c->printed = printed.items;
	c->nprinted = printed.n;
	return 0;
}

static int load_table(loader *L, const xmlNode *n, gf_tabledef *t)
{
	t->key = attr(L, n, "key");
	t->label = attr(L, n, "label");
	if (!t->key || !t->label)
		return bad(L, n, "table needs key and label", NULL);
	const char *ex = attr(L, n, "example-prefix");
	if (ex)
		t->example_prefix = gf_text_compact(L->a, ex);
	const char *tl = attr(L, n, "total-label");
	t->total_key = attr(L, n, "total-key");
	if (tl)
		t->total_match = label_key(L, tl);
	if (!tl != !t->total_key)
		return bad(L, n, "total-label and total-key go together", NULL);
	t->count_key = attr(L, n, "count");
	const char *tc = attr(L, n, "total-columns");
	if (t->total_key && !tc)
		return bad(L, n, "a total needs total-columns", NULL);
	if (tc) {
		vec cols = {.size = sizeof(const char *)};
		char *copy = gf_arena_strdup(L->a, tc), *save = NULL;
		for (char *tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
			const char **slot = vec_push(L, &cols);
			if (!slot)
				return oom(L);
			*slot = tok;
		}
		t->total_cols = cols.items;
		t->ntotal_cols = cols.n;
	}
	vec match = {.size = sizeof(const char *)}, cols = {.size = sizeof(gf_coldef)},
	    examples = {.size = sizeof(const char *)};
	int rc = add_match(L, &match, t->label);
	if (rc)
		return rc;
	for (const xmlNode *c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "alias")) {
			if ((rc = add_match(L, &match, content(L, c))))
				return rc;
		} else if (is_el(c, "example")) {
			const char **slot = vec_push(L, &examples);
			if (!slot || !(*slot = gf_text_compact(L->a, content(L, c))))
				return oom(L);
		} else if (is_el(c, "column")) {
			gf_coldef *col = vec_push(L, &cols);
			if (!col)
				return oom(L);
			if ((rc = load_column(L, c, col)))
				return rc;
		} else {
			return bad(L, c, "unexpected element in table", (const char *)c->name);
		}
	}
	if (cols.n == 0)
		return bad(L, n, "table without columns", t->key);
	t->match = match.items;
	t->nmatch = match.n;
	t->cols = cols.items;
	t->ncols = cols.n;
	t->examples = examples.items;
	t->nexamples = examples.n;
	return 0;
}

typedef struct formbuild {
	vec fields, tables, cues, statics, ignores, titles;
	vec order_kind; /* 'f' or 't' per slot, with index */
} formbuild;

typedef struct slotref {
	char kind;
	size_t index;
} slotref;

static int load_children(loader *L, const xmlNode *parent, formbuild *B, int depth);

static int load_include(loader *L, const xmlNode *n, formbuild *B, int depth)
{
	const char *href = attr(L, n, "href");
	if (!href || strchr(href, '/') || depth > 2)
		return bad(L, n, "include needs a file name in the same folder", href);
	char path[4096];
	snprintf(path, sizeof path, "%s/forms/%s", L->dir, href);
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (!doc)
		return bad(L, n, "cannot read include", path);
	const char *saved = L->file;
	L->file = gf_arena_strdup(L->a, path);
	int rc = load_children(L, xmlDocGetRootElement(doc), B, depth + 1);
	L->file = saved;
	xmlFreeDoc(doc);
	return rc;
}

static int load_children(loader *L, const xmlNode *parent, formbuild *B, int depth)
{
	int rc = 0;
	for (const xmlNode *c = parent->children; c && !rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_el(c, "field")) {
			size_t before = B->fields.n;
			rc = load_field(L, c, &B->fields);
			for (size_t i = before; !rc && i < B->fields.n; i++) {
				slotref *s = vec_push(L, &B->order_kind);
				if (!s)
					return oom(L);
				s->kind = 'f';
				s->index = i;
			}
		} else if (is_el(c, "table")) {
			gf_tabledef *t = vec_push(L, &B->tables);
			if (!t)
				return oom(L);
			t->index = (int)B->tables.n - 1;
			rc = load_table(L, c, t);
			slotref *s = vec_push(L, &B->order_kind);
			if (!s)
				return oom(L);
			s->kind = 't';
			s->index = B->tables.n - 1;
		} else if (is_el(c, "cue")) {
			rc = add_match(L, &B->cues, content(L, c));
		} else if (is_el(c, "title")) {
			const char **slot = vec_push(L, &B->titles);
			rc = !slot || !(*slot = gf_text_compact(L->a, content(L, c))) ? oom(L) : 0;
		} else if (is_el(c, "static")) {
			rc = add_match(L, &B->statics, content(L, c));
		} else if (is_el(c, "ignore")) {
			pcre2_code **slot = vec_push(L, &B->ignores);
			rc = slot ? compile(L, c, content(L, c), 0, slot) : oom(L);
		} else if (is_el(c, "include")) {
			rc = load_include(L, c, B, depth);
		} else {
			rc = bad(L, c, "unexpected element", (const char *)c->name);
		}
	}
	return rc;
}

static int check_form(loader *L, const xmlNode *root, gf_formdef *f)
{
	for (size_t i = 0; i < f->nfields; i++) {
		const gf_fielddef *fd = &f->fields[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(f->fields[j].key, fd->key) == 0)
				return bad(L, root, "duplicate field key", fd->key);
		if (fd->after && !gf_formdef_field(f, fd->after))
			return bad(L, root, "`after` names no field", fd->after);
		for (size_t k = 0; k < fd->noptions; k++)
			if (fd->options[k].blank && !gf_formdef_field(f, fd->options[k].blank))
				return bad(L, root, "option blank names no field", fd->options[k].blank);
	}
	return 0;
}

static int load_form(loader *L, const char *path, gf_formdef *f, bool *is_form)
{
	*is_form = false;
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	L->file = gf_arena_strdup(L->a, path);
	if (!doc)
		return gf_error_set(L->err, GF_ETEMPLATE, "%s: not well-formed XML", path);
	xmlNode *root = xmlDocGetRootElement(doc);
	int rc = 0;
	if (!root || !is_el(root, "form"))
		goto done; /* an include or common.xml */
	*is_form = true;
	formbuild B = {
		.fields = {.size = sizeof(gf_fielddef)},
		.tables = {.size = sizeof(gf_tabledef)},
		.cues = {.size = sizeof(const char *)},
		.statics = {.size = sizeof(const char *)},
		.ignores = {.size = sizeof(pcre2_code *)},
		.order_kind = {.size = sizeof(slotref)},
		.titles = {.size = sizeof(const char *)},
	};
	f->path = L->file;
	f->id = attr(L, root, "id");
	f->annex = attr(L, root, "annex");
	f->title = attr(L, root, "title");
	f->sheet = attr(L, root, "sheet");
	if (!f->id || !f->title) {
		rc = bad(L, root, "form needs id and title", NULL);
		goto done;
	}
	f->title_key = gf_text_compact(L->a, f->title);
	const char **first = vec_push(L, &B.titles);
	if (!first) {
		rc = oom(L);
		goto done;
	}
	*first = f->title_key;
	if ((rc = load_children(L, root, &B, 0)))
		goto done;
	for (size_t i = 0; i < L->ncommon; i++) {
		pcre2_code **slot = vec_push(L, &B.ignores);
		if (!slot) {
			rc = oom(L);
			goto done;
		}
		*slot = L->common_ignores[i];
	}
	f->skip_columns = L->skip_columns;
	f->nskip_columns = L->nskip;
	f->title_keys = B.titles.items;
	f->ntitle_keys = B.titles.n;
	f->fields = B.fields.items;
	f->nfields = B.fields.n;
	f->tables = B.tables.items;
	f->ntables = B.tables.n;
	f->cues = B.cues.items;
	f->ncues = B.cues.n;
	f->statics = B.statics.items;
	f->nstatics = B.statics.n;
	f->ignores = B.ignores.items;
	f->nignores = B.ignores.n;
	f->norder = B.order_kind.n;
	f->order = gf_arena_alloc(L->a, sizeof *f->order * (f->norder + 1));
	if (!f->order) {
		rc = oom(L);
		goto done;
	}
	for (size_t i = 0; i < f->norder; i++) {
		const slotref *s = (const slotref *)B.order_kind.items + i;
		if (s->kind == 'f') {
			f->order[i].field = &f->fields[s->index];
		} else {
			f->order[i].table = &f->tables[s->index];
			f->tables[s->index].field_index = (int)i;
		}
	}
	rc = check_form(L, root, f);
done:
	xmlFreeDoc(doc);
	return rc;
}

static int load_common(loader *L)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/forms/common.xml", L->dir);
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOBLANKS);
	if (!doc)
		return 0; /* optional */
	L->file = gf_arena_strdup(L->a, path);
	vec ign = {.size = sizeof(pcre2_code *)}, skip = {.size = sizeof(const char *)};
	int rc = 0;
	for (const xmlNode *c = xmlDocGetRootElement(doc)->children; c && !rc; c = c->next) {
		if (is_el(c, "ignore")) {
			pcre2_code **slot = vec_push(L, &ign);
			rc = slot ? compile(L, c, content(L, c), 0, slot) : oom(L);
		} else if (is_el(c, "skip-column")) {
			rc = add_match(L, &skip, content(L, c));
		} else if (c->type == XML_ELEMENT_NODE) {
			rc = bad(L, c, "unexpected element in common.xml", (const char *)c->name);
		}
	}
	xmlFreeDoc(doc);
	L->common_ignores = ign.items;
	L->ncommon = ign.n;
	L->skip_columns = skip.items;
	L->nskip = skip.n;
	return rc;
}

static int annex_number(const gf_formdef *f)
{
	if (!f->annex)
		return 99;
	const char *p = f->annex;
	while (*p && (*p < '0' || *p > '9'))
		p++;
	return *p ? (int)strtol(p, NULL, 10) : 99;
}

static int cmp_forms(const void *x, const void *y)
{
	const gf_formdef *a = x, *b = y;
	int d = annex_number(a) - annex_number(b);
	return d ? d : strcmp(a->id, b->id);
}

static void free_patterns(const vec *patterns)
{
	for (size_t i = 0; i < patterns->n; i++)
		pcre2_code_free(((pcre2_code **)patterns->items)[i]);
}

int gf_formset_load(gf_formset **out, const char *templates_dir, gf_error *err)
{
	*out = NULL;
	gf_arena *a = gf_arena_new(0);
	if (!a)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	gf_formset *fs = gf_arena_alloc(a, sizeof *fs);
	vec patterns = {.size = sizeof(pcre2_code *)};
	loader L = {.a = a, .err = err, .dir = templates_dir, .patterns = &patterns};
	int rc = 0;
	if (!fs) {
		rc = oom(&L);
		goto fail;
	}
	fs->arena = a;
	fs->dir = gf_arena_strdup(a, templates_dir);
	if ((rc = load_common(&L)))
		goto fail;
	char path[4096];
	snprintf(path, sizeof path, "%s/forms", templates_dir);
	DIR *d = opendir(path);
	if (!d) {
		rc = gf_error_set(err, GF_ENOTFOUND, "no form templates in %s", path);
		goto fail;
	}
	vec forms = {.size = sizeof(gf_formdef)};
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t nl = strlen(e->d_name);
		if (nl < 5 || strcmp(e->d_name + nl - 4, ".xml") != 0)
			continue;
		snprintf(path, sizeof path, "%s/forms/%s", templates_dir, e->d_name);
		gf_formdef f = {0};
		bool is_form;
		if ((rc = load_form(&L, path, &f, &is_form)))
			break;
		if (!is_form)
			continue;
		gf_formdef *slot = vec_push(&L, &forms);
		if (!slot) {
			rc = oom(&L);
			break;
		}
		*slot = f;
	}
	closedir(d);
	fs->forms = forms.items;
	fs->nforms = forms.n;
	if (rc)
		goto fail;
	if (fs->nforms == 0) {
		rc = gf_error_set(err, GF_ENOTFOUND, "no form templates in %s/forms", templates_dir);
		goto fail;
	}
	qsort(fs->forms, fs->nforms, sizeof *fs->forms, cmp_forms);
	/* order[] and tables[].field_index point into each form's own arrays,
	 * which qsort moved as whole structs: pointers stay valid. */
	for (size_t i = 0; i < fs->nforms; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(fs->forms[i].id, fs->forms[j].id) == 0) {
				rc = gf_error_set(err, GF_ETEMPLATE, "two templates define form %s",
						  fs->forms[i].id);
				goto fail;
			}
	fs->patterns = patterns.items;
	fs->npatterns = patterns.n;
	*out = fs;
	return 0;
fail:
	free_patterns(&patterns);
	gf_arena_free(a);
	return rc;
}

void gf_formset_free(gf_formset *fs)
{
	if (!fs)
		return;
	for (size_t i = 0; i < fs->npatterns; i++)
		pcre2_code_free(fs->patterns[i]);
	gf_arena_free(fs->arena);
}

const gf_formdef *gf_formset_find(const gf_formset *fs, const char *id)
{
	for (size_t i = 0; i < fs->nforms; i++)
		if (strcmp(fs->forms[i].id, id) == 0)
			return &fs->forms[i];
	return NULL;
}

const gf_fielddef *gf_formdef_field(const gf_formdef *f, const char *key)
{
	for (size_t i = 0; i < f->nfields; i++)
		if (strcmp(f->fields[i].key, key) == 0)
			return &f->fields[i];
	return NULL;
}

const gf_tabledef *gf_formdef_table(const gf_formdef *f, const char *key)
{
	for (size_t i = 0; i < f->ntables; i++)
		if (strcmp(f->tables[i].key, key) == 0)
			return &f->tables[i];
	return NULL;
}

/* Length of s without its trailing "(...)" notes: "承载网络(可多选)(必填)" -> "承载网络". */
static size_t core_len(const char *s)
{
	size_t n = strlen(s);
	while (n >= 3 && s[n - 1] == ')') {
		size_t open = n - 1;
		while (open > 0 && s[open] != '(')
			open--;
		if (open == 0 || s[open] != '(')
			break;
		n = open;
	}
	return n;
}

bool gf_label_matches(const char *key, const char *const *match, size_t nmatch)
{
	if (!key || !*key)
		return false;
	for (size_t i = 0; i < nmatch; i++)
		if (strcmp(key, match[i]) == 0)
			return true;
	size_t kl = core_len(key);
	for (size_t i = 0; i < nmatch; i++) {
		size_t ml = core_len(match[i]);
		if (kl == ml && strncmp(key, match[i], kl) == 0)
			return true;
	}
	return false;
}

int gf_pattern_match(const pcre2_code *re, const char *text, gf_arena *a, const char **group)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md)
		return GF_ENOMEM;
	int rc = pcre2_match(re, (PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, 0, 0, md, NULL);
	int result = 0;
	if (rc > 0) {
		result = 1;
		if (group) {
			PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
			if (rc > 1 && ov[2] != PCRE2_UNSET)
				*group = gf_arena_strndup(a, text + ov[2], ov[3] - ov[2]);
			else
				*group = gf_arena_strdup(a, "");
			if (!*group)
				result = GF_ENOMEM;
		}
	}
	pcre2_match_data_free(md);
	return result;
}
