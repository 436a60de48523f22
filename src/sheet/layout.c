/* layout.c - reading and checking a sheet layout template. */
#include "sheet/layout_int.h"

#include "core/alloc.h"
#include "core/utf8.h"
#include "sheet/shape.h"

#include <libxml/parser.h>
#include <libxml/tree.h>

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)

typedef struct loader {
	gf_layout *l;
	const gf_fonts *fonts;
	gf_error *err;
} loader;

static int fail(loader *ld, xmlNode *n, const char *fmt, const char *a, const char *b)
{
	char msg[400];
	snprintf(msg, sizeof msg, fmt, a ? a : "", b ? b : "");
	return gf_error_set(ld->err, GF_ETEMPLATE, "%s:%ld: %s", ld->l->path,
			    n ? xmlGetLineNo(n) : 0L, msg);
}

static int is_el(xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

/* Attribute copied into the arena, or NULL. */
static const char *attr(loader *ld, xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	if (!v)
		return NULL;
	char *s = gf_arena_strdup(ld->l->arena, (const char *)v);
	xmlFree(v);
	return s;
}

static int attr_num(loader *ld, xmlNode *n, const char *name, double def, double lo, double hi,
		    double *out)
{
	const char *s = attr(ld, n, name);
	*out = def;
	if (!s)
		return GF_OK;
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi)
		return fail(ld, n, "attribute %s=\"%s\" is not a number in range", name, s);
	*out = v;
	return GF_OK;
}

static int attr_bool(loader *ld, xmlNode *n, const char *name, int *out)
{
	const char *s = attr(ld, n, name);
	*out = 0;
	if (!s)
		return GF_OK;
	if (strcmp(s, "true") == 0 || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "false") != 0 && strcmp(s, "0") != 0)
		return fail(ld, n, "attribute %s must be true or false, not \"%s\"", name, s);
	return GF_OK;
}

static int check_known_attrs(loader *ld, xmlNode *n, const char *const *ok)
{
	for (xmlAttr *a = n->properties; a; a = a->next) {
		int found = 0;
		for (size_t i = 0; ok[i]; i++)
			if (strcmp((const char *)a->name, ok[i]) == 0)
				found = 1;
		if (!found)
			return fail(ld, n, "unknown attribute \"%s\" on <%s>", (const char *)a->name,
				    (const char *)n->name);
	}
	return GF_OK;
}

/* Text characters must be drawable: checked once, here. */
static int check_text(loader *ld, xmlNode *n, const char *s, int chain)
{
	gf_shaped sh = {0};
	int rc = gf_shape(&sh, ld->fonts, chain, s, strlen(s), ld->err);
	if (rc) {
		gf_shaped_free(&sh);
		return rc;
	}
	for (size_t i = 0; i < sh.n; i++) {
		if (sh.g[i].missing) {
			char cp[16];
			snprintf(cp, sizeof cp, "U+%04X", (unsigned)sh.g[i].src);
			gf_shaped_free(&sh);
			return fail(ld, n, "no font has %s (in \"%s\")", cp, s);
		}
	}
	gf_shaped_free(&sh);
	return GF_OK;
}

static int style_by_name(const gf_layout *l, const char *name)
{
	for (int i = 0; i < l->n_styles; i++)
		if (strcmp(l->styles[i].name, name) == 0)
			return i;
	return -1;
}

/* ---- fields ------------------------------------------------------------ */

static int parse_type(const char *s, gf_ftype *t)
{
	static const char *names[] = {"text", "date", "int", "number", "phone",
				      "email", "choice", "multi", "list"};
	for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
		if (strcmp(s, names[i]) == 0) {
			*t = (gf_ftype)i;
			return 0;
		}
	return -1;
}

static int count_children(xmlNode *n, const char *name)
{
	int c = 0;
	for (xmlNode *k = n->children; k; k = k->next)
		if (is_el(k, name))
			c++;
	return c;
}

static int load_field(loader *ld, xmlNode *n, gf_sfield *f, int in_list)
{
	static const char *const ok[] = {"key", "label", "type", "options", "other",
					 "required", "hand", NULL};
	int rc, b;
	if ((rc = check_known_attrs(ld, n, ok)))
		return rc;
	f->key = attr(ld, n, "key");
	f->label = attr(ld, n, "label");
	const char *type = attr(ld, n, "type");
	if (!f->key || !f->key[0] || !type)
		return fail(ld, n, "<field> needs key and type%s%s", NULL, NULL);
	if (parse_type(type, &f->type) != 0)
		return fail(ld, n, "unknown field type \"%s\"%s", type, NULL);
	if (in_list && f->type == GF_FT_LIST)
		return fail(ld, n, "a list inside a list is not supported%s%s", NULL, NULL);
	if ((rc = attr_bool(ld, n, "required", &b)))
		return rc;
	f->required = b;
	if ((rc = attr_bool(ld, n, "hand", &b)))
		return rc;
	f->hand = b;
	const char *opts = attr(ld, n, "options");
	if ((f->type == GF_FT_CHOICE || f->type == GF_FT_MULTI) != (opts != NULL))
		return fail(ld, n, "field \"%s\": options go with (and only with) choice and multi%s",
			    f->key, NULL);
	if (opts) {
		size_t cnt = 1;
		for (const char *p = opts; *p; p++)
			cnt += *p == '|';
		const char **arr = gf_arena_alloc(ld->l->arena, cnt * sizeof *arr);
		if (!arr)
			return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
		size_t k = 0;
		for (const char *p = opts;;) {
			const char *e = strchr(p, '|');
			size_t len = e ? (size_t)(e - p) : strlen(p);
			if (len == 0)
				return fail(ld, n, "field \"%s\": empty option%s", f->key, NULL);
			arr[k++] = gf_arena_strndup(ld->l->arena, p, len);
			if (!e)
				break;
			p = e + 1;
		}
		f->options = arr;
		f->n_options = k;
	}
	f->other = attr(ld, n, "other");
	if (f->other) {
		int found = 0;
		for (size_t i = 0; i < f->n_options; i++)
			if (strcmp(f->options[i], f->other) == 0) {
				f->other = f->options[i];
				found = 1;
			}
		if (!found)
			return fail(ld, n, "field \"%s\": other=\"%s\" is not one of its options",
				    f->key, f->other);
	}
	if (f->type == GF_FT_LIST) {
		int c = count_children(n, "field");
		if (c == 0)
			return fail(ld, n, "list field \"%s\" declares no item fields%s", f->key, NULL);
		gf_sfield *sub = gf_arena_alloc(ld->l->arena, (size_t)c * sizeof *sub);
		if (!sub)
			return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
		size_t k = 0;
		for (xmlNode *ch = n->children; ch; ch = ch->next) {
			if (ch->type != XML_ELEMENT_NODE)
				continue;
			if (!is_el(ch, "field"))
				return fail(ld, ch, "unexpected <%s> in a list field%s",
					    (const char *)ch->name, NULL);
			if ((rc = load_field(ld, ch, &sub[k], 1)))
				return rc;
			for (size_t j = 0; j < k; j++)
				if (strcmp(sub[j].key, sub[k].key) == 0)
					return fail(ld, ch, "field \"%s\" declared twice%s",
						    sub[k].key, NULL);
			k++;
		}
		f->sub = sub;
		f->n_sub = k;
	} else if (count_children(n, "field")) {
		return fail(ld, n, "only list fields have item fields%s%s", NULL, NULL);
	}
	return GF_OK;
}

static int load_fields(loader *ld, xmlNode *n)
{
	int c = count_children(n, "field");
	gf_sfield *fs = gf_arena_alloc(ld->l->arena, (size_t)(c ? c : 1) * sizeof *fs);
	if (!fs)
		return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
	size_t k = 0;
	for (xmlNode *ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		if (!is_el(ch, "field"))
			return fail(ld, ch, "unexpected <%s> in <fields>%s", (const char *)ch->name, NULL);
		int rc = load_field(ld, ch, &fs[k], 0);
		if (rc)
			return rc;
		for (size_t j = 0; j < k; j++)
			if (strcmp(fs[j].key, fs[k].key) == 0)
				return fail(ld, ch, "field \"%s\" declared twice%s", fs[k].key, NULL);
		k++;
	}
	ld->l->fields = fs;
	ld->l->n_fields = k;
	return GF_OK;
}

const gf_sfield *gf_layout_field(const gf_layout *l, const char *key)
{
	for (size_t i = 0; i < l->n_fields; i++)
		if (strcmp(l->fields[i].key, key) == 0)
			return &l->fields[i];
	return NULL;
}

static const gf_sfield *sub_field(const gf_sfield *list, const char *key)
{
	for (size_t i = 0; i < list->n_sub; i++)
		if (strcmp(list->sub[i].key, key) == 0)
			return &list->sub[i];
	return NULL;
}

/* ---- cells -------------------------------------------------------------- */

typedef struct {
	lt_inline *v;
	size_t n, cap;
} inl_vec;

static int inl_push(loader *ld, inl_vec *iv, const lt_inline *x)
{
	if (iv->n == iv->cap) {
		size_t nc = iv->cap ? iv->cap * 2 : 8;
		lt_inline *p = gf_arena_grow(ld->l->arena, iv->v, iv->cap * sizeof *p, nc * sizeof *p);
		if (!p)
			return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
		iv->v = p;
		iv->cap = nc;
	}
	iv->v[iv->n++] = *x;
	return GF_OK;
}

static const gf_sfield *resolve(loader *ld, xmlNode *n, const char *key, const gf_sfield *list,
				int *rc)
{
	const gf_sfield *f = list ? sub_field(list, key) : gf_layout_field(ld->l, key);
	if (!f)
		*rc = fail(ld, n, "field \"%s\" is not declared%s", key,
			   list ? " among the list's item fields" : " in <fields>");
	return f;
}

/* Mixed content of <cell>: text, <v>, <opts>, <check>, <br/>. Whitespace runs
 * that hold a newline (the template's indentation) are dropped. */
static int load_mixed(loader *ld, xmlNode *n, inl_vec *iv, const gf_sfield *list, int chain)
{
	int rc = GF_OK;
	for (xmlNode *ch = n->children; ch; ch = ch->next) {
		lt_inline x = {0};
		x.line = (int)xmlGetLineNo(ch);
		if (ch->type == XML_TEXT_NODE || ch->type == XML_CDATA_SECTION_NODE) {
			const char *s = (const char *)ch->content;
			size_t len = strlen(s);
			char *t = gf_arena_alloc(ld->l->arena, len + 1);
			if (!t)
				return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			size_t k = 0;
			for (size_t i = 0; i < len;) {
				size_t j = i;
				int nl = 0;
				while (j < len && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' ||
						   s[j] == '\r')) {
					nl |= s[j] == '\n';
					j++;
				}
				if (j > i) {
					if (!nl)
						for (size_t q = i; q < j; q++)
							t[k++] = ' ';
					i = j;
					continue;
				}
				t[k++] = s[i++];
			}
			t[k] = '\0';
			if (!k)
				continue;
			if ((rc = check_text(ld, ch, t, chain)))
				return rc;
			x.kind = IN_TEXT;
			x.text = t;
		} else if (is_el(ch, "br")) {
			x.kind = IN_BR;
		} else if (is_el(ch, "v") || is_el(ch, "opts") || is_el(ch, "check")) {
			static const char *const ok[] = {"field", "blank", "prefix", "suffix",
							 "option", NULL};
			if ((rc = check_known_attrs(ld, ch, ok)))
				return rc;
			x.field = attr(ld, ch, "field");
			if (!x.field)
				return fail(ld, ch, "<%s> needs a field%s", (const char *)ch->name, NULL);
			if (!(x.decl = resolve(ld, ch, x.field, list, &rc)))
				return rc;
			double w;
			if ((rc = attr_num(ld, ch, "blank", 0, 0, 200, &w)))
				return rc;
			x.min_w = w * MM;
			x.prefix = attr(ld, ch, "prefix");
			x.suffix = attr(ld, ch, "suffix");
			x.option = attr(ld, ch, "option");
			if (is_el(ch, "v")) {
				x.kind = IN_VALUE;
			} else if (is_el(ch, "opts")) {
				x.kind = IN_OPTS;
				if (x.decl->type != GF_FT_CHOICE && x.decl->type != GF_FT_MULTI)
					return fail(ld, ch, "<opts> needs a choice or multi field, \"%s\" is not%s",
						    x.field, NULL);
			} else {
				x.kind = IN_CHECK;
			}
			if (x.decl->type == GF_FT_LIST)
				return fail(ld, ch, "list field \"%s\" cannot be shown inline%s", x.field, NULL);
		} else if (ch->type == XML_ELEMENT_NODE) {
			return fail(ld, ch, "unexpected <%s> in a cell%s", (const char *)ch->name, NULL);
		} else {
			continue;
		}
		if ((rc = inl_push(ld, iv, &x)))
			return rc;
	}
	return GF_OK;
}

static int load_cell(loader *ld, xmlNode *n, lt_cell *c, const gf_sfield *list)
{
	static const char *const ok[] = {"span",     "rowspan", "align", "style", "lines",
					 "required", "vertical", "field", "prefix", "suffix",
					 NULL};
	int rc;
	if ((rc = check_known_attrs(ld, n, ok)))
		return rc;
	gf_layout *l = ld->l;
	c->line = (int)xmlGetLineNo(n);
	double span, rowspan, lines;
	if ((rc = attr_num(ld, n, "span", 1, 1, LT_MAX_COLS, &span)) ||
	    (rc = attr_num(ld, n, "rowspan", 1, 1, 50, &rowspan)))
		return rc;
	c->span = (int)span;
	c->rowspan = (int)rowspan;
	int vertical = 0;
	if ((rc = attr_bool(ld, n, "required", &c->required)) ||
	    (rc = attr_bool(ld, n, "vertical", &vertical)))
		return rc;
	const char *name = (const char *)n->name;
	int def_lines = 2;
	if (strcmp(name, "label") == 0) {
		c->kind = CELL_LABEL;
		c->style = l->st_label;
		c->align = 1;
	} else if (strcmp(name, "section") == 0) {
		c->kind = CELL_SECTION;
		c->style = l->st_section;
		c->align = 0;
	} else if (strcmp(name, "text") == 0) {
		c->kind = CELL_TEXT;
		c->style = l->st_text;
		c->align = 0;
		def_lines = 0;
	} else { /* value, cell */
		c->kind = CELL_VALUE;
		c->style = l->st_value;
		c->align = 0;
	}
	const char *st = attr(ld, n, "style");
	if (st && (c->style = style_by_name(l, st)) < 0)
		return fail(ld, n, "unknown style \"%s\"%s", st, NULL);
	if ((rc = attr_num(ld, n, "lines", def_lines, 0, 1000, &lines)))
		return rc;
	c->max_lines = (int)lines;
	const char *al = attr(ld, n, "align");
	if (al) {
		if (strcmp(al, "left") == 0)
			c->align = 0;
		else if (strcmp(al, "center") == 0)
			c->align = 1;
		else if (strcmp(al, "right") == 0)
			c->align = 2;
		else
			return fail(ld, n, "align must be left, center or right, not \"%s\"%s", al, NULL);
	}
	int chain = l->styles[c->style].chain;
	inl_vec iv = {0};
	if (strcmp(name, "value") == 0) {
		lt_inline x = {0};
		x.line = c->line;
		x.field = attr(ld, n, "field");
		if (!x.field)
			return fail(ld, n, "<value> needs a field%s%s", NULL, NULL);
		if (!(x.decl = resolve(ld, n, x.field, list, &rc)))
			return rc;
		if (x.decl->type == GF_FT_LIST)
			return fail(ld, n, "list field \"%s\" needs a <list>%s", x.field, NULL);
		x.kind = (x.decl->type == GF_FT_CHOICE || x.decl->type == GF_FT_MULTI) ? IN_OPTS
										       : IN_VALUE;
		x.prefix = attr(ld, n, "prefix");
		x.suffix = attr(ld, n, "suffix");
		if ((rc = inl_push(ld, &iv, &x)))
			return rc;
	} else if (strcmp(name, "cell") == 0) {
		if ((rc = load_mixed(ld, n, &iv, list, chain)))
			return rc;
	} else {
		xmlChar *txt = xmlNodeGetContent(n);
		if (!txt)
			return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
		/* labels and sections: trimmed text; a vertical label gets one
		 * character per line */
		const char *s = (const char *)txt;
		size_t len = strlen(s);
		while (len && strchr(" \t\r\n", s[len - 1]))
			len--;
		while (len && strchr(" \t\r\n", *s)) {
			s++;
			len--;
		}
		char *t = gf_arena_alloc(l->arena, len * 2 + 1);
		if (!t) {
			xmlFree(txt);
			return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
		}
		size_t k = 0;
		for (size_t i = 0; i < len;) {
			uint32_t cp;
			size_t m = gf_utf8_decode(s + i, len - i, &cp);
			if (!m)
				m = 1;
			if (cp == '\n' || cp == '\r' || cp == '\t') {
				if (c->kind == CELL_TEXT && cp == '\n' && k && t[k - 1] != '\n')
					t[k++] = '\n';
				else if (c->kind != CELL_TEXT && k && t[k - 1] != ' ')
					t[k++] = ' ';
				i += m;
				continue;
			}
			if (vertical && k && cp != ' ')
				t[k++] = '\n';
			if (!(vertical && cp == ' ')) {
				memcpy(t + k, s + i, m);
				k += m;
			}
			i += m;
		}
		t[k] = '\0';
		xmlFree(txt);
		if (k) {
			if ((rc = check_text(ld, n, t, chain)))
				return rc;
			if (c->required && (rc = check_text(ld, n, "*", chain)))
				return rc;
			lt_inline x = {0};
			x.kind = IN_TEXT;
			x.text = t;
			x.line = c->line;
			if ((rc = inl_push(ld, &iv, &x)))
				return rc;
		}
	}
	c->items = iv.v;
	c->n_items = iv.n;
	return GF_OK;
}

static int is_cell(xmlNode *n)
{
	return is_el(n, "label") || is_el(n, "value") || is_el(n, "section") || is_el(n, "text") ||
	       is_el(n, "cell");
}

static int load_row(loader *ld, xmlNode *n, lt_row *r, const gf_sfield *list)
{
	static const char *const ok[] = {"height", NULL};
	int rc;
	if ((rc = check_known_attrs(ld, n, ok)))
		return rc;
	r->line = (int)xmlGetLineNo(n);
	double h;
	if ((rc = attr_num(ld, n, "height", ld->l->row_h / MM, 2, 250, &h)))
		return rc;
	r->min_h = h * MM;
	size_t c = 0;
	for (xmlNode *ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		if (!is_cell(ch))
			return fail(ld, ch, "unexpected <%s> in a row (label, value, section, text, cell)%s",
				    (const char *)ch->name, NULL);
		c++;
	}
	if (c == 0)
		return fail(ld, n, "empty row%s%s", NULL, NULL);
	r->cells = gf_arena_alloc(ld->l->arena, c * sizeof *r->cells);
	if (!r->cells)
		return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
	for (xmlNode *ch = n->children; ch; ch = ch->next) {
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		if ((rc = load_cell(ld, ch, &r->cells[r->n], list)))
			return rc;
		r->n++;
	}
	return GF_OK;
}

/* The cells of every row, with the column slots taken by row spans from
 * above, must cover the table's columns exactly; row spans may not leave a
 * list or run past the last row of their block. */
static int check_grid(loader *ld, xmlNode *n, const lt_table *t, const lt_row *rows, size_t nr)
{
	int busy[LT_MAX_COLS] = {0}; /* rows still covered by a span from above */
	for (size_t i = 0; i < nr; i++) {
		int col = 0;
		for (size_t k = 0; k < rows[i].n; k++) {
			const lt_cell *c = &rows[i].cells[k];
			while (col < t->ncols && busy[col] > 0)
				col++;
			if (col + c->span > t->ncols) {
				char m[64];
				snprintf(m, sizeof m, "%d", t->ncols);
				return gf_error_set(ld->err, GF_ETEMPLATE,
						    "%s:%d: the row's cells span more than the table's %s columns",
						    ld->l->path, rows[i].line, m);
			}
			for (int q = 0; q < c->span; q++)
				if (busy[col + q] > 0)
					return gf_error_set(ld->err, GF_ETEMPLATE,
							    "%s:%d: a cell overlaps a row span from above",
							    ld->l->path, c->line);
			if (c->rowspan > 1 && i + (size_t)c->rowspan > nr)
				return gf_error_set(ld->err, GF_ETEMPLATE,
						    "%s:%d: rowspan runs past the rows of its block",
						    ld->l->path, c->line);
			for (int q = 0; q < c->span; q++)
				busy[col + q] = c->rowspan;
			col += c->span;
		}
		int covered = 0;
		for (int q = 0; q < t->ncols; q++)
			covered += busy[q] > 0;
		if (covered != t->ncols)
			return gf_error_set(ld->err, GF_ETEMPLATE,
					    "%s:%d: the row's cells cover %d of the table's %d columns",
					    ld->l->path, rows[i].line, covered, t->ncols);
		for (int q = 0; q < t->ncols; q++)
			busy[q]--;
	}
	(void)n;
	return GF_OK;
}

static int load_table(loader *ld, xmlNode *n, lt_table *t)
{
	static const char *const ok[] = {"cols", "side", "side-width", "side-style", NULL};
	int rc;
	gf_layout *l = ld->l;
	if ((rc = check_known_attrs(ld, n, ok)))
		return rc;
	t->line = (int)xmlGetLineNo(n);
	const char *cols = attr(ld, n, "cols");
	if (!cols)
		return fail(ld, n, "<table> needs cols (relative column widths)%s%s", NULL, NULL);
	double sum = 0;
	for (const char *p = cols; *p;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		char *end;
		double v = strtod(p, &end);
		if (end == p || !(v > 0) || v > 1000 || t->ncols == LT_MAX_COLS)
			return fail(ld, n, "bad cols \"%s\"%s", cols, NULL);
		t->cols[t->ncols++] = v;
		sum += v;
		p = end;
	}
	if (t->ncols == 0)
		return fail(ld, n, "bad cols \"%s\"%s", cols, NULL);
	t->side = attr(ld, n, "side");
	double sw;
	if ((rc = attr_num(ld, n, "side-width", t->side ? 8 : 0, 0, 100, &sw)))
		return rc;
	t->side_w = t->side ? sw * MM : 0;
	t->side_style = l->st_label;
	const char *ss = attr(ld, n, "side-style");
	if (ss && (t->side_style = style_by_name(l, ss)) < 0)
		return fail(ld, n, "unknown style \"%s\"%s", ss, NULL);
	if (t->side && (rc = check_text(ld, n, t->side, l->styles[t->side_style].chain)))
		return rc;
	double width = l->page_w - l->ml - l->mr - t->side_w;
	for (int i = 0; i < t->ncols; i++)
		t->cols[i] = t->cols[i] / sum * width;

	size_t cnt = 0;
	for (xmlNode *ch = n->children; ch; ch = ch->next)
		if (ch->type == XML_ELEMENT_NODE)
			cnt++;
	t->srcs = gf_arena_alloc(l->arena, (cnt ? cnt : 1) * sizeof *t->srcs);
	if (!t->srcs)
		return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
	/* static rows are checked block by block: consecutive <row>s */
	size_t block_start = 0;
	for (xmlNode *ch = n->children;; ch = ch->next) {
		int end_block = !ch || (ch->type == XML_ELEMENT_NODE && !is_el(ch, "row"));
		if (end_block && t->n > block_start) {
			lt_row *rows = gf_arena_alloc(l->arena, (t->n - block_start) * sizeof *rows);
			if (!rows)
				return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			for (size_t i = block_start; i < t->n; i++)
				rows[i - block_start] = t->srcs[i].row;
			if ((rc = check_grid(ld, n, t, rows, t->n - block_start)))
				return rc;
		}
		if (!ch)
			break;
		if (ch->type != XML_ELEMENT_NODE)
			continue;
		lt_src *s = &t->srcs[t->n];
		if (is_el(ch, "row")) {
			s->kind = SRC_ROW;
			if ((rc = load_row(ld, ch, &s->row, NULL)))
				return rc;
			t->n++;
		} else if (is_el(ch, "list")) {
			static const char *const okl[] = {"field", "min", NULL};
			if ((rc = check_known_attrs(ld, ch, okl)))
				return rc;
			s->kind = SRC_LIST;
			s->field = attr(ld, ch, "field");
			if (!s->field)
				return fail(ld, ch, "<list> needs a field%s%s", NULL, NULL);
			s->decl = gf_layout_field(l, s->field);
			if (!s->decl || s->decl->type != GF_FT_LIST)
				return fail(ld, ch, "\"%s\" is not a declared list field%s", s->field, NULL);
			double mn;
			if ((rc = attr_num(ld, ch, "min", 0, 0, 100, &mn)))
				return rc;
			s->min_items = (int)mn;
			int have_item = 0;
			for (xmlNode *k = ch->children; k; k = k->next) {
				if (k->type != XML_ELEMENT_NODE)
					continue;
				if (is_el(k, "header")) {
					int nh = count_children(k, "row");
					if (nh == 0 || s->header)
						return fail(ld, k, "one <header> with rows per list%s%s", NULL, NULL);
					s->header = gf_arena_alloc(l->arena, (size_t)nh * sizeof *s->header);
					if (!s->header)
						return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
					for (xmlNode *r = k->children; r; r = r->next) {
						if (r->type != XML_ELEMENT_NODE)
							continue;
						if (!is_el(r, "row"))
							return fail(ld, r, "unexpected <%s> in <header>%s",
								    (const char *)r->name, NULL);
						if ((rc = load_row(ld, r, &s->header[s->n_header++], s->decl)))
							return rc;
					}
					if ((rc = check_grid(ld, k, t, s->header, s->n_header)))
						return rc;
				} else if (is_el(k, "item")) {
					if (have_item++)
						return fail(ld, k, "one <item> per list%s%s", NULL, NULL);
					if ((rc = load_row(ld, k, &s->item, s->decl)))
						return rc;
					for (size_t q = 0; q < s->item.n; q++)
						if (s->item.cells[q].rowspan != 1)
							return fail(ld, k, "no rowspan in a list item%s%s", NULL, NULL);
					if ((rc = check_grid(ld, k, t, &s->item, 1)))
						return rc;
				} else {
					return fail(ld, k, "unexpected <%s> in <list>%s",
						    (const char *)k->name, NULL);
				}
			}
			if (!have_item)
				return fail(ld, ch, "<list> needs an <item>%s%s", NULL, NULL);
			t->n++;
			block_start = t->n;
		} else {
			return fail(ld, ch, "unexpected <%s> in <table> (row or list)%s",
				    (const char *)ch->name, NULL);
		}
	}
	if (t->n == 0)
		return fail(ld, n, "empty table%s%s", NULL, NULL);
	return GF_OK;
}

/* ---- sheet ------------------------------------------------------------ */

static int load_style(loader *ld, xmlNode *n)
{
	static const char *const ok[] = {"name", "chain", "size", "min", "leading", NULL};
	int rc;
	gf_layout *l = ld->l;
	if ((rc = check_known_attrs(ld, n, ok)))
		return rc;
	if (l->n_styles == LT_MAX_STYLES)
		return fail(ld, n, "too many styles%s%s", NULL, NULL);
	lt_style *s = &l->styles[l->n_styles];
	const char *name = attr(ld, n, "name"), *chain = attr(ld, n, "chain");
	if (!name || !chain || strlen(name) >= sizeof s->name)
		return fail(ld, n, "<style> needs a name and a chain%s%s", NULL, NULL);
	if (style_by_name(l, name) >= 0)
		return fail(ld, n, "style \"%s\" defined twice%s", name, NULL);
	snprintf(s->name, sizeof s->name, "%s", name);
	if ((s->chain = gf_fonts_chain(ld->fonts, chain)) < 0)
		return fail(ld, n, "no font chain \"%s\" in fonts.xml%s", chain, NULL);
	if ((rc = attr_num(ld, n, "size", 10.5, 4, 72, &s->size)) ||
	    (rc = attr_num(ld, n, "min", s->size, 4, s->size, &s->min)) ||
	    (rc = attr_num(ld, n, "leading", 1.3, 1, 3, &s->leading)))
		return rc;
	l->n_styles++;
	return GF_OK;
}

static int load_sheet(loader *ld, xmlNode *root)
{
	gf_layout *l = ld->l;
	int rc;
	static const char *const ok[] = {"form", "kind", "annex", "title", NULL};
	if ((rc = check_known_attrs(ld, root, ok)))
		return rc;
	l->form = attr(ld, root, "form");
	l->kind = attr(ld, root, "kind");
	l->annex = attr(ld, root, "annex");
	l->title = attr(ld, root, "title");
	if (!l->form || !l->kind || !l->title)
		return fail(ld, root, "<sheet> needs form, kind and title%s%s", NULL, NULL);

	/* defaults, then <page> and <style>s first: cells need them */
	l->page_w = 210 * MM;
	l->page_h = 297 * MM;
	l->ml = 25 * MM;
	l->mr = 15 * MM;
	l->mt = l->mb = 12 * MM;
	l->pad = 1.2 * MM;
	l->row_h = 7.5 * MM;
	l->line_w = 0.5;
	l->outer_w = 1.0;
	l->qr_size = 20 * MM;
	l->seal = 45 * MM;
	int have_page = 0;
	for (xmlNode *n = root->children; n; n = n->next) {
		if (is_el(n, "page")) {
			static const char *const okp[] = {"width", "height", "left", "right", "top", "bottom",
							  "pad", "row-height", "line-width", "outer-width",
							  NULL};
			if (have_page++)
				return fail(ld, n, "one <page> per sheet%s%s", NULL, NULL);
			double v[10];
			if ((rc = check_known_attrs(ld, n, okp)) ||
			    (rc = attr_num(ld, n, "width", 210, 50, 1000, &v[0])) ||
			    (rc = attr_num(ld, n, "height", 297, 50, 1000, &v[1])) ||
			    (rc = attr_num(ld, n, "left", 25, 0, 100, &v[2])) ||
			    (rc = attr_num(ld, n, "right", 15, 0, 100, &v[3])) ||
			    (rc = attr_num(ld, n, "top", 12, 0, 100, &v[4])) ||
			    (rc = attr_num(ld, n, "bottom", 12, 0, 100, &v[5])) ||
			    (rc = attr_num(ld, n, "pad", 1.2, 0, 10, &v[6])) ||
			    (rc = attr_num(ld, n, "row-height", 7.5, 2, 50, &v[7])) ||
			    (rc = attr_num(ld, n, "line-width", 0.5, 0.1, 3, &v[8])) ||
			    (rc = attr_num(ld, n, "outer-width", 1.0, 0.1, 3, &v[9])))
				return rc;
			l->page_w = v[0] * MM;
			l->page_h = v[1] * MM;
			l->ml = v[2] * MM;
			l->mr = v[3] * MM;
			l->mt = v[4] * MM;
			l->mb = v[5] * MM;
			l->pad = v[6] * MM;
			l->row_h = v[7] * MM;
			l->line_w = v[8];
			l->outer_w = v[9];
			if (l->ml + l->mr > l->page_w - 50 * MM || l->mt + l->mb > l->page_h - 100 * MM)
				return fail(ld, n, "margins leave no room%s%s", NULL, NULL);
		} else if (is_el(n, "style")) {
			if ((rc = load_style(ld, n)))
				return rc;
		}
	}
	static const char *needed[] = {"title", "annex", "meta", "label", "value",
				       "section", "text", "sign"};
	int *slots[] = {&l->st_title, &l->st_annex, &l->st_meta, &l->st_label,
			&l->st_value, &l->st_section, &l->st_text, &l->st_sign};
	for (size_t i = 0; i < sizeof needed / sizeof needed[0]; i++)
		if ((*slots[i] = style_by_name(l, needed[i])) < 0)
			return fail(ld, root, "style \"%s\" is not defined%s", needed[i], NULL);
	if ((rc = check_text(ld, root, l->title, l->styles[l->st_title].chain)) ||
	    (l->annex && (rc = check_text(ld, root, l->annex, l->styles[l->st_annex].chain))))
		return rc;

	int have_fields = 0;
	for (xmlNode *n = root->children; n; n = n->next)
		if (is_el(n, "fields")) {
			if (have_fields++)
				return fail(ld, n, "one <fields> per sheet%s%s", NULL, NULL);
			if ((rc = load_fields(ld, n)))
				return rc;
		}
	if (!have_fields)
		return fail(ld, root, "<fields> is missing%s%s", NULL, NULL);

	size_t nt = (size_t)count_children(root, "table");
	if (nt == 0)
		return fail(ld, root, "no <table>%s%s", NULL, NULL);
	l->tables = gf_arena_alloc(l->arena, nt * sizeof *l->tables);
	if (!l->tables)
		return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
	int have_sign = 0, have_footer = 0, have_header = 0;
	for (xmlNode *n = root->children; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || is_el(n, "page") || is_el(n, "style") ||
		    is_el(n, "fields"))
			continue;
		if (is_el(n, "table")) {
			if ((rc = load_table(ld, n, &l->tables[l->n_tables])))
				return rc;
			l->n_tables++;
		} else if (is_el(n, "header")) {
			static const char *const okh[] = {"qr", "number-label", NULL};
			if (have_header++)
				return fail(ld, n, "one <header> per sheet%s%s", NULL, NULL);
			double q;
			if ((rc = check_known_attrs(ld, n, okh)) ||
			    (rc = attr_num(ld, n, "qr", 20, 12, 60, &q)))
				return rc;
			l->qr_size = q * MM;
			l->number_label = attr(ld, n, "number-label");
			if (l->number_label &&
			    (rc = check_text(ld, n, l->number_label, l->styles[l->st_meta].chain)))
				return rc;
		} else if (is_el(n, "signatures")) {
			static const char *const oks[] = {"seal", "date", NULL};
			if (have_sign++)
				return fail(ld, n, "one <signatures> per sheet%s%s", NULL, NULL);
			double seal;
			if ((rc = check_known_attrs(ld, n, oks)) ||
			    (rc = attr_num(ld, n, "seal", 45, 42, 80, &seal)))
				return rc;
			l->seal = seal * MM;
			l->sign_date = attr(ld, n, "date");
			if (!l->sign_date)
				l->sign_date = "年　　月　　日";
			int np = count_children(n, "party");
			if (np < 1 || np > 4)
				return fail(ld, n, "<signatures> needs 1 to 4 <party>%s%s", NULL, NULL);
			l->parties = gf_arena_alloc(l->arena, (size_t)np * sizeof *l->parties);
			if (!l->parties)
				return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			for (xmlNode *p = n->children; p; p = p->next) {
				if (p->type != XML_ELEMENT_NODE)
					continue;
				if (!is_el(p, "party"))
					return fail(ld, p, "unexpected <%s> in <signatures>%s",
						    (const char *)p->name, NULL);
				xmlChar *txt = xmlNodeGetContent(p);
				if (!txt)
					return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
				const char *s = gf_arena_strdup(l->arena, (const char *)txt);
				xmlFree(txt);
				if (!s)
					return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
				if ((rc = check_text(ld, p, s, l->styles[l->st_sign].chain)))
					return rc;
				l->parties[l->n_parties++] = s;
			}
			if ((rc = check_text(ld, n, l->sign_date, l->styles[l->st_sign].chain)))
				return rc;
			double colw = (l->page_w - l->ml - l->mr) / (double)l->n_parties;
			if (colw < l->seal + 2 * l->pad)
				return fail(ld, n, "the seal areas do not fit across the page%s%s", NULL, NULL);
		} else if (is_el(n, "footer")) {
			if (have_footer++)
				return fail(ld, n, "one <footer> per sheet%s%s", NULL, NULL);
			xmlChar *txt = xmlNodeGetContent(n);
			if (!txt)
				return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			l->footer = gf_arena_strdup(l->arena, (const char *)txt);
			xmlFree(txt);
			if (!l->footer)
				return gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			if ((rc = check_text(ld, n, l->footer, l->styles[l->st_meta].chain)))
				return rc;
		} else {
			return fail(ld, n, "unexpected <%s> in <sheet>%s", (const char *)n->name, NULL);
		}
	}
	if (!have_sign)
		return fail(ld, root, "<signatures> is missing%s%s", NULL, NULL);
	return GF_OK;
}

/* ---- pre-built fonts of the fixed text ------------------------------------ */

typedef struct cpset {
	uint32_t *cp;
	uint16_t *gid;
	size_t n, cap;
} cpset;

static int cpset_add_text(loader *ld, cpset *sets, const char *s, int chain)
{
	if (!s || !*s)
		return GF_OK;
	gf_shaped sh = {0};
	int rc = gf_shape(&sh, ld->fonts, chain, s, strlen(s), ld->err);
	for (size_t i = 0; i < sh.n && !rc; i++) {
		const gf_glyph *g = &sh.g[i];
		if (!g->face || g->missing)
			continue;
		cpset *c = &sets[gf_face_index(g->face)];
		if (c->n == c->cap) {
			size_t nc = c->cap ? c->cap * 2 : 256;
			uint32_t *a = gf_realloc(c->cp, nc * sizeof *a);
			if (a)
				c->cp = a;
			uint16_t *b = gf_realloc(c->gid, nc * sizeof *b);
			if (b)
				c->gid = b;
			if (!a || !b) {
				rc = gf_error_set(ld->err, GF_ENOMEM, "out of memory");
				break;
			}
			c->cap = nc;
		}
		c->cp[c->n] = g->cp;
		c->gid[c->n++] = g->gid;
	}
	gf_shaped_free(&sh);
	return rc;
}

static int collect_row(loader *ld, cpset *sets, const lt_row *r)
{
	const gf_layout *l = ld->l;
	int rc = GF_OK;
	for (size_t k = 0; k < r->n && !rc; k++) {
		const lt_cell *c = &r->cells[k];
		int ch = l->styles[c->style].chain;
		if (c->required)
			rc = cpset_add_text(ld, sets, "*", ch);
		for (size_t i = 0; i < c->n_items && !rc; i++) {
			const lt_inline *x = &c->items[i];
			switch (x->kind) {
			case IN_TEXT:
				rc = cpset_add_text(ld, sets, x->text, ch);
				break;
			case IN_CHECK:
				rc = cpset_add_text(ld, sets, "☐☑", ch);
				break;
			case IN_OPTS:
				rc = cpset_add_text(ld, sets, "☐☑ ", ch);
				for (size_t o = 0; o < x->decl->n_options && !rc; o++)
					rc = cpset_add_text(ld, sets, x->decl->options[o], ch);
				break;
			case IN_VALUE:
				if (!(rc = cpset_add_text(ld, sets, x->prefix, ch)))
					rc = cpset_add_text(ld, sets, x->suffix, ch);
				if (!rc && (x->decl->type == GF_FT_DATE || x->decl->type == GF_FT_INT ||
					    x->decl->type == GF_FT_NUMBER))
					rc = cpset_add_text(ld, sets, "0123456789.年月日", ch);
				break;
			default:
				break;
			}
		}
	}
	return rc;
}

static int cp_gid_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;
	return *x < *y ? -1 : *x > *y;
}

static int collect_fixed(loader *ld)
{
	gf_layout *l = ld->l;
	cpset sets[GF_FONT_MAX_FACES];
	memset(sets, 0, sizeof sets);
	int rc = GF_OK;
	const lt_style *st = l->styles;
	rc |= cpset_add_text(ld, sets, l->title, st[l->st_title].chain);
	rc |= cpset_add_text(ld, sets, l->annex, st[l->st_annex].chain);
	rc |= cpset_add_text(ld, sets, l->number_label, st[l->st_meta].chain);
	rc |= cpset_add_text(ld, sets, "HBZWY-0123456789", st[l->st_meta].chain);
	rc |= cpset_add_text(ld, sets, l->footer, st[l->st_meta].chain);
	rc |= cpset_add_text(ld, sets, l->sign_date, st[l->st_sign].chain);
	for (size_t i = 0; i < l->n_parties; i++)
		rc |= cpset_add_text(ld, sets, l->parties[i], st[l->st_sign].chain);
	for (size_t t = 0; t < l->n_tables && !rc; t++) {
		const lt_table *tb = &l->tables[t];
		if (tb->side)
			rc = cpset_add_text(ld, sets, tb->side, st[tb->side_style].chain);
		for (size_t s = 0; s < tb->n && !rc; s++) {
			const lt_src *src = &tb->srcs[s];
			if (src->kind == SRC_ROW) {
				rc = collect_row(ld, sets, &src->row);
				continue;
			}
			for (size_t h = 0; h < src->n_header && !rc; h++)
				rc = collect_row(ld, sets, &src->header[h]);
			if (!rc)
				rc = collect_row(ld, sets, &src->item);
		}
	}
	for (int f = 0; f < GF_FONT_MAX_FACES && !rc; f++) {
		cpset *c = &sets[f];
		if (!c->n)
			continue;
		/* sort by code point, drop repeats */
		uint64_t *pairs = gf_malloc(c->n * sizeof *pairs);
		if (!pairs) {
			rc = gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			break;
		}
		for (size_t i = 0; i < c->n; i++)
			pairs[i] = ((uint64_t)c->cp[i] << 16) | c->gid[i];
		qsort(pairs, c->n, sizeof *pairs, cp_gid_cmp);
		size_t k = 0;
		for (size_t i = 0; i < c->n; i++) {
			uint32_t cp = (uint32_t)(pairs[i] >> 16);
			if (k && c->cp[k - 1] == cp)
				continue;
			c->cp[k] = cp;
			c->gid[k++] = (uint16_t)pairs[i];
		}
		gf_free(pairs);
		const gf_face *face = NULL;
		uint16_t gid;
		/* the face: any chain that maps the first character to face f */
		for (int ch = 0; ch < GF_FONT_MAX_CHAINS && !face; ch++) {
			const gf_face *fc;
			if (gf_fonts_find(ld->fonts, ch, c->cp[0], &fc, &gid, ld->err) == GF_OK &&
			    gf_face_index(fc) == f)
				face = fc;
		}
		if (!face)
			continue; /* cannot happen: the set was filled through a chain */
		size_t slot = l->n_fixed;
		l->fixed[slot].cp = gf_arena_alloc(l->arena, k * sizeof(uint32_t));
		l->fixed[slot].gid = gf_arena_alloc(l->arena, k * sizeof(uint16_t));
		if (!l->fixed[slot].cp || !l->fixed[slot].gid) {
			rc = gf_error_set(ld->err, GF_ENOMEM, "out of memory");
			break;
		}
		memcpy(l->fixed[slot].cp, c->cp, k * sizeof(uint32_t));
		memcpy(l->fixed[slot].gid, c->gid, k * sizeof(uint16_t));
		l->fixed[slot].face = face;
		l->fixed[slot].n = k;
		l->n_fixed++;
	}
	for (int f = 0; f < GF_FONT_MAX_FACES; f++) {
		gf_free(sets[f].cp);
		gf_free(sets[f].gid);
	}
	return rc ? (ld->err && ld->err->code ? ld->err->code : GF_ENOMEM) : GF_OK;
}

int gf_layout_load(gf_layout **out, const char *path, const gf_fonts *fonts, gf_error *err)
{
	*out = NULL;
	gf_layout *l = gf_calloc(1, sizeof *l);
	if (!l)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	l->arena = gf_arena_new(8u << 20);
	if (!l->arena) {
		gf_free(l);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	l->path = gf_arena_strdup(l->arena, path);
	if (pthread_mutex_init(&l->pre_lock, NULL) != 0) {
		gf_arena_free(l->arena);
		gf_free(l);
		return gf_error_set(err, GF_ENOMEM, "cannot create a mutex");
	}
	loader ld = {l, fonts, err};
	int rc;
	xmlDoc *doc = xmlReadFile(path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (!doc) {
		const xmlError *xe = xmlGetLastError();
		rc = gf_error_set(err, GF_ETEMPLATE, "%s:%d: not well-formed XML: %s", path,
				  xe ? xe->line : 0, xe && xe->message ? xe->message : "unreadable");
		goto fail;
	}
	xmlNode *root = xmlDocGetRootElement(doc);
	if (!root || !is_el(root, "sheet"))
		rc = fail(&ld, root, "root element must be <sheet>%s%s", NULL, NULL);
	else
		rc = load_sheet(&ld, root);
	xmlFreeDoc(doc);
	if (!rc)
		rc = collect_fixed(&ld);
	if (rc)
		goto fail;
	*out = l;
	return GF_OK;
fail:
	gf_layout_free(l);
	return rc;
}

void gf_layout_free(gf_layout *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->n_pre; i++)
		gf_prefont_free(l->pre[i]);
	pthread_mutex_destroy(&l->pre_lock);
	gf_arena_free(l->arena);
	gf_free(l);
}

int gf_layout__prefonts(gf_layout *l, gf_error *err)
{
	if (atomic_load_explicit(&l->pre_state, memory_order_acquire))
		return GF_OK;
	pthread_mutex_lock(&l->pre_lock);
	int rc = GF_OK;
	if (!atomic_load_explicit(&l->pre_state, memory_order_relaxed)) {
		for (size_t i = l->n_pre; i < l->n_fixed && !rc; i++) {
			rc = gf_prefont_build(&l->pre[i], l->fixed[i].face, l->fixed[i].cp,
					      l->fixed[i].gid, l->fixed[i].n, err);
			if (!rc)
				l->n_pre++;
		}
		if (!rc)
			atomic_store_explicit(&l->pre_state, 1, memory_order_release);
	}
	pthread_mutex_unlock(&l->pre_lock);
	return rc;
}

const char *gf_layout_form(const gf_layout *l) { return l->form; }
const char *gf_layout_kind(const gf_layout *l) { return l->kind; }
const char *gf_layout_title(const gf_layout *l) { return l->title; }

const gf_sfield *gf_layout_fields(const gf_layout *l, size_t *n)
{
	*n = l->n_fields;
	return l->fields;
}
