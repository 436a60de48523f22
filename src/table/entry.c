#include "table/entry.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/text.h"
#include "core/utf8.h"
#include "form/fill.h"
#include "form/options.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HDR_LEVELS 3
#define ENTRY_ARENA_CAP (8u << 20)  /* one form and its table rows */
#define ROWS_SOURCES 8
#define TABLE_ROWS_MAX 5000         /* table rows joined to one form */

/* An arena with a sticky out-of-memory flag: a lookup that cannot allocate
 * answers "no match" and sets oom, which the caller checks once. */
typedef struct kx {
	gf_arena *a;
	bool oom;
} kx;

/* ---- meta columns of the layout ------------------------------------------- */

typedef enum {
	COL_NONE = 0,
	COL_FIELD,  /* a field of the form */
	COL_OTHER,  /* <key>_other of a choice field */
	COL_PART,   /* one part of a table column */
	COL_COLUMN, /* a whole table column (split into its parts) */
	COL_FORM,
	COL_REF,
	COL_TABLE,
	COL_SKIP
} col_kind;

typedef struct meta_word {
	const char *key; /* label key */
	col_kind kind;
} meta_word;

/* Fixed names of the layout's own columns (docs/batch.md), as label keys. */
static const meta_word META[] = {
	{"form", COL_FORM},      {"表单", COL_FORM},     {"表单类型", COL_FORM},
	{"表格类型", COL_FORM},  {"表单名称", COL_FORM}, {"附件", COL_FORM},
	{"ref", COL_REF},        {"编号", COL_REF},      {"表单编号", COL_REF},
	{"登记编号", COL_REF},   {"关联编号", COL_REF},  {"申请编号", COL_REF},
	{"table", COL_TABLE},    {"明细", COL_TABLE},    {"明细类型", COL_TABLE},
	{"清单", COL_TABLE},     {"表格", COL_TABLE},    {"序号", COL_SKIP},
	{"#", COL_SKIP},         {"no", COL_SKIP},       {"no.", COL_SKIP},
};

typedef struct colmap {
	col_kind kind;
	const gf_fielddef *f;
	const gf_tabledef *t;
	const gf_coldef *col;
	const gf_partdef *part;
	bool dup; /* a column further left has the same target */
} colmap;

/* A copied row: cells live in one block. */
typedef struct crow {
	int line;
	int src; /* rows sheet it came from */
	size_t n;
	gf_tcell *cells;
	struct crow *next;
} crow;

/* Header rows of a sheet. */
typedef struct header {
	size_t ncols;
	const char **text[HDR_LEVELS]; /* per level, per column (arena) */
	const char **full;             /* per column: the texts joined, for messages */
	int levels;
	crow *pending;                 /* first data row, read while looking for headers */
	const gf_formdef *title_form;  /* a title row above the header named this form */
} header;

/* ref -> rows not yet read, and where its form is. */
typedef struct refent {
	char *ref;
	uint16_t unread[ROWS_SOURCES]; /* per rows sheet (saturates) */
	int form_line; /* 0 until a form with this ref was read */
	crow *stash, *stash_tail;
} refent;

typedef struct refmap {
	refent *e;
	size_t cap, n;
} refmap;

typedef struct rows_src {
	gf_rows rows;
	bool open;   /* second pass attached */
	bool ended;
	const gf_tabledef *default_table[16]; /* per form index, from the sheet name */
	char *table_name;
	header h;
	int ref_col, table_col;
	colmap *maps[64]; /* per form index * 8 + table index, lazily */
} rows_src;

struct gf_entry {
	gf_entry_opts o;
	gf_arena *arena; /* headers and maps */
	kx kx;           /* over arena */
	gf_rows forms;
	header h;
	int form_col, ref_col;
	const gf_formdef *sheet_form; /* every row's form when no form column */
	colmap **maps;                /* per form index, per column */
	int line;
	bool ended;
	rows_src src[ROWS_SOURCES];
	size_t nsrc;
	refmap refs;
	size_t nindexed;
	crow *loose, *loose_tail; /* rows sheet rows without a ref */
	/* orphans, gathered at the end */
	crow **orph;
	size_t *orph_src;
	size_t norph, orph_next;
	bool orph_ready;
};

/* ---- small helpers ------------------------------------------------------- */

static crow *crow_copy(const gf_trow *r)
{
	size_t bytes = sizeof(crow) + r->ncells * sizeof(gf_tcell);
	for (size_t i = 0; i < r->ncells; i++)
		bytes += strlen(r->cells[i].text) + 1;
	crow *c = gf_malloc(bytes);
	if (!c)
		return NULL;
	c->line = r->line;
	c->src = 0;
	c->n = r->ncells;
	c->next = NULL;
	c->cells = (gf_tcell *)(c + 1);
	char *p = (char *)(c->cells + r->ncells);
	for (size_t i = 0; i < r->ncells; i++) {
		size_t l = strlen(r->cells[i].text);
		memcpy(p, r->cells[i].text, l + 1);
		c->cells[i].text = p;
		c->cells[i].kind = r->cells[i].kind;
		p += l + 1;
	}
	return c;
}

static void crow_free_list(crow *c)
{
	while (c) {
		crow *n = c->next;
		gf_free(c);
		c = n;
	}
}

static bool row_blank(const gf_tcell *cells, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!gf_text_blank(cells[i].text))
			return false;
	return true;
}

static const char *cell_at(const gf_tcell *cells, size_t n, int col)
{
	return col >= 0 && (size_t)col < n ? cells[col].text : "";
}

static int form_index(const gf_formset *fs, const gf_formdef *f)
{
	return (int)(f - fs->forms);
}

static const char *kx_chk(kx *x, const char *s)
{
	if (!s)
		x->oom = true;
	return s;
}

/* Field key as typed in a header: trimmed, '*' dropped, ASCII lower-cased. */
static char *key_text(kx *x, const char *s)
{
	char *t = gf_text_fold(x->a, s);
	if (!t) {
		x->oom = true;
		return NULL;
	}
	size_t w = 0;
	for (size_t i = 0; t[i]; i++) {
		unsigned char ch = (unsigned char)t[i];
		if (ch == '*' || ch == ' ')
			continue;
		t[w++] = (char)tolower(ch);
	}
	t[w] = '\0';
	return t;
}

/* A key-like token inside a header ("申请单位（unit.name）" -> "unit.name"). */
static const char *key_token(kx *x, const char *s)
{
	const char *best = NULL;
	size_t bl = 0;
	for (const char *p = s; *p;) {
		if (isalnum((unsigned char)*p) || *p == '_' || *p == '.') {
			const char *q = p;
			bool dot_or_us = false;
			while (isalnum((unsigned char)*q) || *q == '_' || *q == '.') {
				dot_or_us |= *q == '.' || *q == '_';
				q++;
			}
			if (dot_or_us && (size_t)(q - p) > bl) {
				best = p;
				bl = (size_t)(q - p);
			}
			p = q;
		} else {
			p++;
		}
	}
	if (!best)
		return NULL;
	const char *tok = kx_chk(x, gf_arena_strndup(x->a, best, bl));
	return tok ? key_text(x, tok) : NULL;
}

static col_kind meta_kind(kx *x, const char *text)
{
	const char *k = kx_chk(x, gf_text_label_key(x->a, text));
	if (!k || !*k)
		return COL_NONE;
	for (size_t i = 0; i < sizeof META / sizeof META[0]; i++)
		if (strcmp(k, META[i].key) == 0)
			return META[i].kind;
	return COL_NONE;
}

/* ---- ref map -------------------------------------------------------------- */

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

#define REF_MAX 256

/* A ref as a join key: whitespace runs folded to one space and trimmed, as
 * gf_text_clean does, without an arena (the index must not grow per row).
 * Longer refs are cut at REF_MAX - 1 bytes. */
static const char *ref_key(const char *s, char buf[REF_MAX])
{
	size_t n = 0, len = strlen(s);
	bool space = false;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t l = gf_utf8_decode(s + i, len - i, &cp);
		if (l == 0)
			l = 1;
		if (l && gf_text_is_space(cp)) {
			space = n > 0;
		} else {
			if (space && n + 1 < REF_MAX)
				buf[n++] = ' ';
			space = false;
			if (n + l < REF_MAX) {
				memcpy(buf + n, s + i, l);
				n += l;
			}
		}
		i += l;
	}
	buf[n] = '\0';
	return buf;
}

static refent *ref_get(refmap *m, const char *ref, bool create)
{
	if (create && (m->n + 1) * 4 > m->cap * 3) {
		size_t nc = m->cap ? m->cap * 2 : 256;
		refent *ne = gf_calloc(nc, sizeof *ne);
		if (!ne)
			return NULL;
		for (size_t i = 0; i < m->cap; i++) {
			if (!m->e[i].ref)
				continue;
			size_t j = hash_str(m->e[i].ref) & (nc - 1);
			while (ne[j].ref)
				j = (j + 1) & (nc - 1);
			ne[j] = m->e[i];
		}
		gf_free(m->e);
		m->e = ne;
		m->cap = nc;
	}
	if (!m->cap)
		return NULL;
	size_t j = hash_str(ref) & (m->cap - 1);
	while (m->e[j].ref) {
		if (strcmp(m->e[j].ref, ref) == 0)
			return &m->e[j];
		j = (j + 1) & (m->cap - 1);
	}
	if (!create)
		return NULL;
	m->e[j].ref = gf_strdup(ref);
	if (!m->e[j].ref)
		return NULL;
	m->n++;
	return &m->e[j];
}

static void ref_free(refmap *m)
{
	for (size_t i = 0; i < m->cap; i++) {
		gf_free(m->e[i].ref);
		crow_free_list(m->e[i].stash);
	}
	gf_free(m->e);
}

/* ---- form lookup ---------------------------------------------------------- */

/* The form a cell or a name names: id, annex (附件1) or title. */
static const gf_formdef *form_named(const gf_formset *fs, kx *x, const char *text)
{
	const char *k = kx_chk(x, gf_text_label_key(x->a, text));
	char *kt = key_text(x, text);
	if (!k || !kt || !*k)
		return NULL;
	for (size_t i = 0; i < fs->nforms; i++) {
		const gf_formdef *f = &fs->forms[i];
		if (strcmp(kt, f->id) == 0)
			return f;
		if (f->annex) {
			const char *ak = gf_text_label_key(x->a, f->annex);
			if (ak && strncmp(k, ak, strlen(ak)) == 0 &&
			    !isdigit((unsigned char)k[strlen(ak)]))
				return f;
		}
	}
	/* the title, whole or its tail ("需求申请表（托管）") */
	const gf_formdef *hit = NULL;
	int nhit = 0;
	size_t kl = strlen(k);
	for (size_t i = 0; i < fs->nforms; i++) {
		const gf_formdef *f = &fs->forms[i];
		if (!f->title_key)
			continue;
		if (strcmp(k, f->title_key) == 0)
			return f;
		size_t tl = strlen(f->title_key);
		if (kl >= 6 && tl > kl && strcmp(f->title_key + tl - kl, k) == 0) {
			hit = f;
			nhit++;
		}
	}
	return nhit == 1 ? hit : NULL;
}

/* A form id inside a file or sheet name ("entry-hosting-request-2019"):
 * the longest id found as a whole word. */
static const gf_formdef *form_in_name(const gf_formset *fs, kx *x, const char *name)
{
	if (!name)
		return NULL;
	const gf_formdef *best = NULL;
	size_t bl = 0;
	char *low = key_text(x, name);
	if (!low)
		return NULL;
	for (size_t i = 0; i < fs->nforms; i++) {
		const char *id = fs->forms[i].id;
		size_t il = strlen(id);
		for (const char *p = strstr(low, id); p; p = strstr(p + 1, id)) {
			bool left = p == low || !isalnum((unsigned char)p[-1]);
			bool right = !isalnum((unsigned char)p[il]);
			if (left && right && il > bl) {
				best = &fs->forms[i];
				bl = il;
			}
		}
	}
	if (best)
		return best;
	return form_named(fs, x, name);
}

/* ---- header reading ------------------------------------------------------- */

static const char *label_key_of(kx *x, const char *s)
{
	const char *k = kx_chk(x, gf_text_label_key(x->a, s));
	return k ? k : "";
}

/* Does the text name something (any form): a meta column, a field key or
 * label, a table column or part? */
static bool names_something(const gf_formset *fs, kx *x, const char *text)
{
	if (meta_kind(x, text) != COL_NONE)
		return true;
	char *kt = key_text(x, text);
	const char *tok = key_token(x, text);
	const char *k = label_key_of(x, text);
	for (size_t i = 0; i < fs->nforms; i++) {
		const gf_formdef *f = &fs->forms[i];
		for (size_t j = 0; j < f->nfields; j++) {
			const gf_fielddef *fd = &f->fields[j];
			if ((kt && strcmp(kt, fd->key) == 0) || (tok && strcmp(tok, fd->key) == 0) ||
			    gf_label_matches(k, fd->match, fd->nmatch) ||
			    strcmp(k, label_key_of(x, fd->label)) == 0)
				return true;
		}
		for (size_t j = 0; j < f->ntables; j++) {
			const gf_tabledef *t = &f->tables[j];
			for (size_t c = 0; c < t->ncols; c++) {
				const gf_coldef *cd = &t->cols[c];
				if (gf_label_matches(k, cd->match, cd->nmatch) ||
				    strcmp(k, label_key_of(x, cd->label)) == 0)
					return true;
				for (size_t p = 0; p < cd->nparts; p++)
					if (cd->parts[p].key && kt && strcmp(kt, cd->parts[p].key) == 0)
						return true;
			}
		}
	}
	return false;
}

/* Does the row read as a header? Each filled cell names something, by
 * itself or under a merged group cell of the row above (upper: that row, or
 * NULL for the first header row). */
static bool headerish(const gf_formset *fs, kx *x, const gf_trow *r, const crow *upper)
{
	size_t n = 0, named = 0;
	for (size_t i = 0; i < r->ncells; i++) {
		const char *t = r->cells[i].text;
		if (gf_text_blank(t))
			continue;
		n++;
		if (names_something(fs, x, t)) {
			named++;
			continue;
		}
		if (!upper)
			continue;
		const char *up = cell_at(upper->cells, upper->n, (int)i);
		if (gf_text_blank(up))
			continue;
		const char *left = i ? cell_at(upper->cells, upper->n, (int)i - 1) : "";
		const char *right = cell_at(upper->cells, upper->n, (int)i + 1);
		bool group = strcmp(left, up) == 0 || strcmp(right, up) == 0 ||
			     (gf_text_blank(right) && !gf_text_blank(cell_at(r->cells, r->ncells, (int)i + 1)));
		if (group && names_something(fs, x, up))
			named++;
	}
	return n > 0 && named > 0 && named * 2 >= n;
}

static int header_read(header *h, const gf_formset *fs, kx *x, gf_rows src,
		       const char *what, gf_error *err)
{
	gf_trow r;
	int rc;
	crow *rows[HDR_LEVELS] = {0};
	int levels = 0;
	for (;;) {
		rc = src.next(src.self, &r, err);
		if (rc < 0)
			goto done;
		if (rc == 0)
			break;
		if (row_blank(r.cells, r.ncells)) {
			if (levels)
				break;
			continue;
		}
		if (levels == 0) {
			/* a title row: one cell naming a form */
			size_t filled = 0;
			const char *only = NULL;
			for (size_t i = 0; i < r.ncells; i++)
				if (!gf_text_blank(r.cells[i].text) &&
				    (!only || strcmp(only, r.cells[i].text) != 0)) {
					filled++; /* a merged title repeats in every cell */
					only = r.cells[i].text;
				}
			if (filled == 1 && !names_something(fs, x, only)) {
				const gf_formdef *f = form_named(fs, x, only);
				if (f) {
					h->title_form = f;
					continue;
				}
			}
		} else if (!headerish(fs, x, &r, rows[levels - 1])) {
			h->pending = crow_copy(&r);
			if (!h->pending) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				goto done;
			}
			break;
		}
		rows[levels] = crow_copy(&r);
		if (!rows[levels]) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			goto done;
		}
		levels++;
		if (levels == HDR_LEVELS)
			break;
	}
	if (levels == 0 ||
	    !headerish(fs, x, &(gf_trow){rows[0]->line, rows[0]->n, rows[0]->cells}, NULL)) {
		rc = gf_error_set(err, GF_EUNREADABLE,
				  "%s: no header row naming the form's fields (see docs/batch.md)", what);
		goto done;
	}
	size_t ncols = 0;
	for (int l = 0; l < levels; l++)
		if (rows[l]->n > ncols)
			ncols = rows[l]->n;
	h->ncols = ncols;
	h->levels = levels;
	h->full = gf_arena_alloc(x->a, (ncols + 1) * sizeof *h->full);
	for (int l = 0; l < levels; l++)
		h->text[l] = gf_arena_alloc(x->a, (ncols + 1) * sizeof(char *));
	if (!h->full || !h->text[levels - 1]) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto done;
	}
	for (int l = 0; l < levels; l++) {
		const char *left = "";
		for (size_t c = 0; c < ncols; c++) {
			const char *t = gf_text_clean(x->a, cell_at(rows[l]->cells, rows[l]->n, (int)c));
			if (!t) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				goto done;
			}
			/* a merged group cell (CSV leaves it blank to the right) */
			if (!*t && l < levels - 1 && c > 0 &&
			    !gf_text_blank(cell_at(rows[levels - 1]->cells, rows[levels - 1]->n, (int)c)))
				t = left;
			h->text[l][c] = t;
			left = t;
		}
	}
	for (size_t c = 0; c < ncols; c++) {
		const char *s = "";
		for (int l = 0; l < levels; l++) {
			const char *t = h->text[l][c];
			if (!*t || (l > 0 && strcmp(t, h->text[l - 1][c]) == 0))
				continue;
			s = *s ? gf_arena_printf(x->a, "%s/%s", s, t) : t;
		}
		h->full[c] = s ? s : "";
	}
	rc = 0;
done:
	for (int l = 0; l < HDR_LEVELS; l++)
		gf_free(rows[l]);
	return rc < 0 ? rc : 0;
}

/* ---- resolving columns to fields ------------------------------------------ */

static const gf_fielddef *anchor_of(const gf_formdef *f, const gf_fielddef *fd)
{
	return fd->after ? gf_formdef_field(f, fd->after) : NULL;
}

static bool field_named(kx *x, const gf_fielddef *fd, const char *k)
{
	return strcmp(k, label_key_of(x, fd->label)) == 0 || gf_label_matches(k, fd->match, fd->nmatch);
}

/* Resolve `text` to a field of form f; `group` is the text above it or
 * NULL; `map`/`col` are the columns resolved so far (left of col). */
static colmap resolve_field(kx *x, const gf_formdef *f, const char *text, const char *group,
			    const colmap *map, size_t col)
{
	colmap m = {0};
	if (!text || !*text)
		return m;
	char *kt = key_text(x, text);
	const char *tok = key_token(x, text);
	for (size_t i = 0; i < f->nfields; i++) {
		const gf_fielddef *fd = &f->fields[i];
		for (int pass = 0; pass < 2; pass++) {
			const char *cand = pass ? tok : kt;
			if (!cand)
				continue;
			if (strcmp(cand, fd->key) == 0) {
				m.kind = COL_FIELD;
				m.f = fd;
				return m;
			}
			if (fd->other_key && strcmp(cand, fd->other_key) == 0) {
				m.kind = COL_OTHER;
				m.f = fd;
				return m;
			}
		}
	}
	const char *k = label_key_of(x, text);
	if (!*k)
		return m;
	const gf_fielddef *cands[32];
	size_t nc = 0;
	/* the printed label first, then labels and aliases */
	for (size_t i = 0; i < f->nfields && nc < 32; i++)
		if (strcmp(k, label_key_of(x, f->fields[i].label)) == 0)
			cands[nc++] = &f->fields[i];
	if (nc == 0)
		for (size_t i = 0; i < f->nfields && nc < 32; i++)
			if (gf_label_matches(k, f->fields[i].match, f->fields[i].nmatch))
				cands[nc++] = &f->fields[i];
	if (nc == 0)
		return m;
	m.kind = COL_FIELD;
	m.f = cands[0];
	if (nc == 1)
		return m;
	/* a group header naming the anchor (系统负责人 over 办公电话) */
	if (group && *group) {
		const char *gk = label_key_of(x, group);
		for (size_t i = 0; i < nc; i++) {
			const gf_fielddef *an = anchor_of(f, cands[i]);
			if (an && field_named(x, an, gk)) {
				m.f = cands[i];
				return m;
			}
		}
	}
	/* the nearest anchor column to the left (as the form's own rows do) */
	long best = -1;
	for (size_t i = 0; i < nc; i++) {
		const gf_fielddef *an = anchor_of(f, cands[i]);
		if (!an)
			continue;
		for (size_t c = col; c-- > 0;) {
			if (map[c].kind == COL_FIELD && map[c].f == an) {
				if ((long)c > best) {
					best = (long)c;
					m.f = cands[i];
				}
				break;
			}
		}
	}
	if (best >= 0)
		return m;
	/* else the first not taken yet */
	for (size_t i = 0; i < nc; i++) {
		bool taken = false;
		for (size_t c = 0; c < col; c++)
			taken |= map[c].kind == COL_FIELD && map[c].f == cands[i];
		if (!taken) {
			m.f = cands[i];
			return m;
		}
	}
	return m;
}

/* Resolve a header to a column or part of table t. */
static colmap resolve_table(kx *x, const gf_tabledef *t, const char *text)
{
	colmap m = {0};
	if (!text || !*text)
		return m;
	char *kt = key_text(x, text);
	const char *tok = key_token(x, text);
	size_t tl = strlen(t->key);
	for (size_t c = 0; c < t->ncols; c++) {
		const gf_coldef *cd = &t->cols[c];
		for (size_t p = 0; p < cd->nparts; p++) {
			const char *pk = cd->parts[p].key;
			if (!pk)
				continue;
			for (int pass = 0; pass < 2; pass++) {
				const char *cand = pass ? tok : kt;
				if (!cand)
					continue;
				if (strncmp(cand, t->key, tl) == 0 && cand[tl] == '.')
					cand += tl + 1;
				if (strcmp(cand, pk) == 0) {
					m.kind = COL_PART;
					m.t = t;
					m.col = cd;
					m.part = &cd->parts[p];
					return m;
				}
			}
		}
	}
	const char *k = label_key_of(x, text);
	if (!*k)
		return m;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t c = 0; c < t->ncols; c++) {
			const gf_coldef *cd = &t->cols[c];
			bool hit = pass == 0 ? strcmp(k, label_key_of(x, cd->label)) == 0
					     : gf_label_matches(k, cd->match, cd->nmatch);
			if (hit) {
				m.kind = cd->nparts == 1 ? COL_PART : COL_COLUMN;
				m.t = t;
				m.col = cd;
				m.part = cd->nparts == 1 ? &cd->parts[0] : NULL;
				return m;
			}
		}
	}
	return m;
}

/* The text of column c at each level, bottom first, and its group. */
static void col_texts(const header *h, size_t c, const char **bottom, const char **group)
{
	*bottom = NULL;
	*group = NULL;
	for (int l = h->levels - 1; l >= 0; l--) {
		const char *t = h->text[l][c];
		if (!*t)
			continue;
		if (!*bottom)
			*bottom = t;
		else if (!*group && strcmp(t, *bottom) != 0)
			*group = t;
	}
}

static colmap resolve_meta(kx *x, const header *h, size_t c)
{
	colmap m = {0};
	const char *bottom, *group;
	col_texts(h, c, &bottom, &group);
	if (!bottom)
		return m;
	m.kind = meta_kind(x, bottom);
	if (m.kind == COL_NONE) {
		char *kt = key_text(x, bottom);
		if (kt && strcmp(kt, "form") == 0)
			m.kind = COL_FORM;
	}
	return m;
}

static void mark_dups(colmap *map, size_t n)
{
	for (size_t c = 0; c < n; c++) {
		if (map[c].kind == COL_NONE)
			continue;
		for (size_t d = 0; d < c; d++)
			if (map[d].kind == map[c].kind && map[d].f == map[c].f &&
			    map[d].col == map[c].col && map[d].part == map[c].part &&
			    (map[c].kind == COL_FIELD || map[c].kind == COL_OTHER ||
			     map[c].kind == COL_PART || map[c].kind == COL_COLUMN)) {
				map[c].dup = true;
				break;
			}
	}
}

static colmap *map_form(kx *x, const header *h, const gf_formdef *f)
{
	colmap *map = gf_arena_alloc(x->a, (h->ncols + 1) * sizeof *map);
	if (!map)
		return NULL;
	for (size_t c = 0; c < h->ncols; c++) {
		map[c] = resolve_meta(x, h, c);
		if (map[c].kind != COL_NONE)
			continue;
		const char *bottom, *group;
		col_texts(h, c, &bottom, &group);
		map[c] = resolve_field(x, f, bottom, group, map, c);
		if (map[c].kind == COL_NONE && group) {
			/* "CPU、内存" over "变更后", or a note under the label */
			const char *joined = gf_arena_printf(x->a, "%s（%s）", group, bottom);
			map[c] = resolve_field(x, f, joined, NULL, map, c);
			if (map[c].kind == COL_NONE)
				map[c] = resolve_field(x, f, group, NULL, map, c);
		}
	}
	mark_dups(map, h->ncols);
	return map;
}

static colmap *map_table(kx *x, const header *h, const gf_tabledef *t)
{
	colmap *map = gf_arena_alloc(x->a, (h->ncols + 1) * sizeof *map);
	if (!map)
		return NULL;
	for (size_t c = 0; c < h->ncols; c++) {
		map[c] = resolve_meta(x, h, c);
		if (map[c].kind != COL_NONE)
			continue;
		const char *bottom, *group;
		col_texts(h, c, &bottom, &group);
		map[c] = resolve_table(x, t, bottom);
		if (map[c].kind == COL_NONE && group) {
			map[c] = resolve_table(x, t, gf_arena_printf(x->a, "%s（%s）", group, bottom));
			if (map[c].kind == COL_NONE)
				map[c] = resolve_table(x, t, group);
		}
	}
	mark_dups(map, h->ncols);
	return map;
}

/* Score of a header against a form: columns that name its fields, minus
 * columns that name nothing in it. */
static long form_score(const header *h, const colmap *map)
{
	long s = 0;
	for (size_t c = 0; c < h->ncols; c++) {
		const char *bottom, *group;
		col_texts(h, c, &bottom, &group);
		if (!bottom)
			continue;
		if (map[c].kind == COL_FIELD || map[c].kind == COL_OTHER)
			s += 1000;
		else if (map[c].kind == COL_NONE)
			s -= 1;
	}
	return s;
}

/* ---- open / free ---------------------------------------------------------- */

int gf_entry_open(gf_entry **out, const gf_entry_opts *opts, gf_rows forms, gf_error *err)
{
	*out = NULL;
	gf_entry *en = gf_calloc(1, sizeof *en);
	if (!en)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	en->o = *opts;
	en->forms = forms;
	en->form_col = en->ref_col = -1;
	en->arena = gf_arena_new(0);
	int rc;
	if (!en->arena) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto fail;
	}
	const gf_formset *fs = opts->fs;
	en->kx.a = en->arena;
	rc = header_read(&en->h, fs, &en->kx, forms, forms.name ? forms.name : "sheet", err);
	if (rc)
		goto fail;
	en->maps = gf_arena_alloc(en->arena, fs->nforms * sizeof *en->maps);
	if (!en->maps) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto fail;
	}
	for (size_t i = 0; i < fs->nforms; i++) {
		en->maps[i] = map_form(&en->kx, &en->h, &fs->forms[i]);
		if (!en->maps[i]) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			goto fail;
		}
	}
	for (size_t c = 0; c < en->h.ncols; c++) {
		colmap m = en->maps[0][c];
		if (m.kind == COL_FORM && en->form_col < 0)
			en->form_col = (int)c;
		else if (m.kind == COL_REF && en->ref_col < 0)
			en->ref_col = (int)c;
	}
	/* the sheet's form when rows do not say: forced, title row, name, headers */
	if (opts->form_id)
		en->sheet_form = gf_formset_find(fs, opts->form_id);
	if (!en->sheet_form)
		en->sheet_form = en->h.title_form;
	if (!en->sheet_form)
		en->sheet_form = form_in_name(fs, &en->kx, opts->hint);
	if (!en->sheet_form && en->form_col < 0) {
		long best = 0;
		int nbest = 0;
		for (size_t i = 0; i < fs->nforms; i++) {
			long s = form_score(&en->h, en->maps[i]);
			if (s > best) {
				best = s;
				nbest = 1;
				en->sheet_form = &fs->forms[i];
			} else if (s == best && s > 0) {
				nbest++;
			}
		}
		if (nbest != 1)
			en->sheet_form = NULL;
	}
	if (en->kx.oom) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto fail;
	}
	*out = en;
	return 0;
fail:
	gf_entry_free(en);
	return rc;
}

void gf_entry_free(gf_entry *en)
{
	if (!en)
		return;
	gf_free(en->h.pending);
	for (size_t i = 0; i < en->nsrc; i++) {
		gf_free(en->src[i].h.pending);
		gf_free(en->src[i].table_name);
	}
	ref_free(&en->refs);
	for (size_t i = en->orph_next; i < en->norph; i++)
		gf_free(en->orph[i]);
	gf_free(en->orph);
	gf_free(en->orph_src);
	gf_arena_free(en->arena);
	gf_free(en);
}

int gf_entry_line(const gf_entry *en)
{
	return en->line;
}

/* ---- rows sheets ---------------------------------------------------------- */

/* The row's ref, cleaned ("" when blank), NULL when out of memory. */
static const char *row_ref(gf_arena *a, const rows_src *s, const crow *r)
{
	return gf_text_clean(a, cell_at(r->cells, r->n, s->ref_col));
}

static int src_header(gf_entry *en, rows_src *s, gf_rows rows, const char *table, gf_error *err)
{
	memset(s, 0, sizeof *s);
	s->rows = rows;
	s->ref_col = s->table_col = -1;
	if (table) {
		s->table_name = gf_strdup(table);
		if (!s->table_name)
			return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	int rc = header_read(&s->h, en->o.fs, &en->kx, rows, rows.name ? rows.name : "rows", err);
	if (rc)
		return rc;
	for (size_t c = 0; c < s->h.ncols; c++) {
		colmap m = resolve_meta(&en->kx, &s->h, c);
		if (m.kind == COL_REF && s->ref_col < 0)
			s->ref_col = (int)c;
		else if (m.kind == COL_TABLE && s->table_col < 0)
			s->table_col = (int)c;
	}
	if (en->kx.oom)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (s->ref_col < 0)
		return gf_error_set(err, GF_EUNREADABLE,
				    "%s: a rows sheet needs a `ref` (编号) column naming each row's form",
				    rows.name ? rows.name : "rows");
	return 0;
}

int gf_entry_index_rows(gf_entry *en, gf_rows rows, const char *table, gf_error *err)
{
	if (en->nindexed == ROWS_SOURCES)
		return gf_error_set(err, GF_ELIMIT, "more than %d rows sheets", ROWS_SOURCES);
	rows_src s;
	int rc = src_header(en, &s, rows, table, err);
	if (rc)
		goto done;
	crow *r = s.h.pending;
	gf_trow tr;
	for (;;) {
		if (!r) {
			rc = rows.next(rows.self, &tr, err);
			if (rc <= 0)
				break;
			if (row_blank(tr.cells, tr.ncells))
				continue;
			r = crow_copy(&tr);
			if (!r) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
		} else {
			s.h.pending = NULL;
		}
		char kb[REF_MAX];
		const char *ref = ref_key(cell_at(r->cells, r->n, s.ref_col), kb);
		gf_free(r);
		r = NULL;
		if (*ref) {
			refent *e = ref_get(&en->refs, ref, true);
			if (!e) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
			if (e->unread[en->nindexed] < UINT16_MAX)
				e->unread[en->nindexed]++;
		}
	}
done:
	gf_free(s.h.pending);
	gf_free(s.table_name);
	if (rc >= 0)
		en->nindexed++;
	return rc < 0 ? rc : 0;
}

int gf_entry_add_rows(gf_entry *en, gf_rows rows, const char *table, gf_error *err)
{
	if (en->nsrc == ROWS_SOURCES)
		return gf_error_set(err, GF_ELIMIT, "more than %d rows sheets", ROWS_SOURCES);
	rows_src *s = &en->src[en->nsrc];
	int rc = src_header(en, s, rows, table, err);
	if (rc) {
		gf_free(s->h.pending);
		gf_free(s->table_name);
		memset(s, 0, sizeof *s);
		return rc;
	}
	s->open = true;
	en->nsrc++;
	return 0;
}

/* Next non-blank row of rows sheet i (copied), or NULL at the end. */
static int src_next(gf_entry *en, size_t i, crow **out, gf_error *err)
{
	rows_src *s = &en->src[i];
	*out = NULL;
	if (s->h.pending) {
		*out = s->h.pending;
		s->h.pending = NULL;
		(*out)->src = (int)i;
		return 1;
	}
	if (s->ended)
		return 0;
	gf_trow tr;
	for (;;) {
		int rc = s->rows.next(s->rows.self, &tr, err);
		if (rc < 0)
			return rc;
		if (rc == 0) {
			s->ended = true;
			return 0;
		}
		if (row_blank(tr.cells, tr.ncells))
			continue;
		*out = crow_copy(&tr);
		if (!*out)
			return gf_error_set(err, GF_ENOMEM, "out of memory");
		(*out)->src = (int)i;
		return 1;
	}
}

/* ---- values: the spreadsheet's quirks ----------------------------------- */

typedef struct build {
	gf_entry *en;
	gf_entry_form *f;
	const gf_formdef *form;
	gf_arena *a;
	size_t cap_locs, cap_repl;
} build;

static int add_loc(build *b, const char *path, int line, int col)
{
	gf_entry_form *f = b->f;
	if (f->nlocs == b->cap_locs) {
		size_t nc = b->cap_locs ? b->cap_locs * 2 : 32;
		gf_entry_loc *v = gf_arena_grow(b->a, f->locs, b->cap_locs * sizeof *v, nc * sizeof *v);
		if (!v)
			return GF_ENOMEM;
		f->locs = v;
		b->cap_locs = nc;
	}
	gf_entry_loc *l = &f->locs[f->nlocs];
	memset(l, 0, sizeof *l);
	l->path = gf_arena_strdup(b->a, path);
	l->loc.line = line;
	l->loc.col = col;
	if (!l->path)
		return GF_ENOMEM;
	f->nlocs++;
	return 0;
}

static int add_replaced(build *b, const char *path)
{
	gf_entry_form *f = b->f;
	if (f->nreplaced == b->cap_repl) {
		size_t nc = b->cap_repl ? b->cap_repl * 2 : 8;
		const char **v = gf_arena_grow(b->a, f->replaced, b->cap_repl * sizeof *v, nc * sizeof *v);
		if (!v)
			return GF_ENOMEM;
		f->replaced = v;
		b->cap_repl = nc;
	}
	f->replaced[f->nreplaced] = gf_arena_strdup(b->a, path);
	return f->replaced[f->nreplaced++] ? 0 : GF_ENOMEM;
}

static int diag(build *b, gf_severity sev, const char *code, const char *path, const char *label,
		int line, int col, const char *zh, const char *en)
{
	gf_loc w = {0};
	w.line = line;
	w.col = col;
	if (!zh || !en)
		return GF_ENOMEM;
	return gf_diags_add(&b->f->diags, sev, code, path, label, w, zh, en);
}

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isdigit((unsigned char)s[i]))
			return false;
	return true;
}

/* "1.38056E+10": mantissa digits and exponent; false when not that shape. */
static bool sci_parts(const char *s, int *mant_digits, int *exp10)
{
	const char *p = s;
	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return false;
	int digits = 1;
	p++;
	if (*p == '.') {
		p++;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p)) {
			digits++;
			p++;
		}
	}
	if (*p != 'e' && *p != 'E')
		return false;
	p++;
	char *end;
	long e = strtol(p, &end, 10);
	if (end == p || *end || e > 400 || e < -400)
		return false;
	*mant_digits = digits;
	*exp10 = (int)e;
	return true;
}

/* A number cell's value as a person saw it: whole numbers without a
 * fraction or exponent, others with at most 15 significant digits. */
static const char *number_text(gf_arena *a, const char *s)
{
	char *end;
	double x = strtod(s, &end);
	if (end == s || *end || !isfinite(x))
		return s;
	if (x == floor(x) && fabs(x) < 1e15)
		return gf_arena_printf(a, "%.0f", x);
	return gf_arena_printf(a, "%.15g", x);
}

static bool numeric_type(gf_type t)
{
	return t == GF_TYPE_INT || t == GF_TYPE_NUMBER || t == GF_TYPE_GB || t == GF_TYPE_MONEY ||
	       t == GF_TYPE_CPU || t == GF_TYPE_POWER_W || t == GF_TYPE_POWER_KW;
}

int gf_excel_date(double serial, bool date1904, char out[11])
{
	if (!isfinite(serial) || serial < (date1904 ? 0 : 1) || serial >= 2958466)
		return GF_EINVAL;
	long days = (long)floor(serial);
	/* days since 1970-01-01 */
	long z;
	if (date1904) {
		z = days - 24107; /* serial 0 is 1904-01-01 */
	} else {
		if (days == 60)
			return GF_EINVAL; /* 1900-02-29 never was */
		if (days < 60)
			days++;
		z = days - 25569;
	}
	/* civil from days (H. Hinnant) */
	z += 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long d = doy - (153 * mp + 2) / 5 + 1;
	long m = mp < 10 ? mp + 3 : mp - 9;
	if (m <= 2)
		y++;
	char tmp[64];
	snprintf(tmp, sizeof tmp, "%04ld-%02ld-%02ld", y % 10000, m, d);
	memcpy(out, tmp, 10);
	out[10] = '\0';
	return 0;
}

/* The value of one cell for a value of type t, spreadsheet quirks settled.
 * NULL with *refused when a diagnostic took its place; NULL alone when
 * blank. */
static const char *cell_value(build *b, gf_type t, const gf_tcell *cell, const char *path,
			      const char *label, int line, int col, bool *refused, int *rc)
{
	*refused = false;
	*rc = 0;
	gf_arena *a = b->a;
	const char *v = gf_text_clean(a, cell->text);
	if (!v) {
		*rc = GF_ENOMEM;
		return NULL;
	}
	if (!*v)
		return NULL;
	if (cell->kind == GF_CELL_ERROR) {
		*refused = true;
		*rc = diag(b, GF_SEV_ERROR, "format", path, label, line, col,
			   gf_arena_printf(a, "单元格是公式错误“%s”", v),
			   gf_arena_printf(a, "the cell holds the formula error \"%s\"", v));
		return NULL;
	}
	if (cell->kind == GF_CELL_NUMBER) {
		char *end;
		double x = strtod(v, &end);
		if (end != v && !*end && x == floor(x) && fabs(x) >= 1e15 && !numeric_type(t)) {
			*refused = true;
			*rc = diag(b, GF_SEV_ERROR, "format", path, label, line, col,
				   gf_arena_printf(a, "“%s”超过15位，表格软件已丢失末尾的数字，请将该列设为文本后重新录入",
						   v),
				   gf_arena_printf(a, "\"%s\" has more than 15 digits and the spreadsheet lost the "
						   "last ones; format the column as text and retype it", v));
			return NULL;
		}
		v = number_text(a, v);
	}
	/* scientific notation: 1.38056E+10 */
	int md, ex;
	const char *folded = gf_text_fold(a, v);
	if (folded && cell->kind == GF_CELL_TEXT && sci_parts(folded, &md, &ex)) {
		bool lost = ex >= 0 && md < ex + 1 && ex >= 10;
		if (numeric_type(t) && !lost) {
			char *end;
			double x = strtod(folded, &end);
			v = gf_arena_printf(a, "%.15g", x);
			if (x == floor(x) && fabs(x) < 1e15)
				v = gf_arena_printf(a, "%.0f", x);
		} else {
			*refused = true;
			*rc = diag(b, GF_SEV_ERROR, "format", path, label, line, col,
				   gf_arena_printf(a, "“%s”是表格软件改成的科学计数法，数字已丢失，请将该列设为文本后重新录入",
						   v),
				   gf_arena_printf(a, "\"%s\" is scientific notation from the spreadsheet and digits "
						   "were lost; format the column as text and retype it", v));
			return NULL;
		}
	}
	if (!v) {
		*rc = GF_ENOMEM;
		return NULL;
	}
	size_t n = strlen(v);
	if (t == GF_TYPE_DATE && cell->kind != GF_CELL_DATE) {
		/* a serial typed or exported as a number: 45356 -> 2024-03-05 */
		const char *dot = strchr(v, '.');
		size_t il = dot ? (size_t)(dot - v) : n;
		if (il == 5 && all_digits(v, il) && (!dot || all_digits(dot + 1, strlen(dot + 1)))) {
			char iso[11];
			if (gf_excel_date(strtod(v, NULL), false, iso) == 0)
				return gf_arena_strdup(a, iso);
		}
	}
	if (t == GF_TYPE_INT || t == GF_TYPE_CPU || t == GF_TYPE_PHONE || t == GF_TYPE_MOBILE) {
		/* 16.0 -> 16 */
		const char *dot = strchr(v, '.');
		if (dot && all_digits(v, (size_t)(dot - v)) && dot[1]) {
			bool zeros = true;
			for (const char *p = dot + 1; *p; p++)
				zeros &= *p == '0';
			if (zeros) {
				v = gf_arena_strndup(a, v, (size_t)(dot - v));
				if (!v) {
					*rc = GF_ENOMEM;
					return NULL;
				}
				n = strlen(v);
			}
		}
	}
	if (t == GF_TYPE_PHONE) {
		/* a landline whose area code lost its 0: 561-3112058, 5613112058 */
		const char *sep = strpbrk(v, "- ");
		bool lost = false;
		if (sep) {
			size_t al = (size_t)(sep - v);
			size_t rl = n - al - 1;
			lost = al >= 2 && al <= 3 && v[0] != '0' && all_digits(v, al) && rl >= 7 &&
			       rl <= 8 && all_digits(sep + 1, rl);
		} else if (all_digits(v, n)) {
			lost = v[0] != '0' && (n == 10 || (n == 11 && v[0] != '1'));
		}
		if (lost) {
			const char *fixed = gf_arena_printf(a, "0%s", v);
			*rc = diag(b, GF_SEV_WARNING, "format", path, label, line, col,
				   gf_arena_printf(a, "电话号码“%s”的区号缺少开头的0（表格软件去掉了前导0），已按“%s”读取",
						   v, fixed ? fixed : ""),
				   gf_arena_printf(a, "the area code of \"%s\" lost its leading 0 in the "
						   "spreadsheet; read as \"%s\"", v, fixed ? fixed : ""));
			return fixed;
		}
	}
	return v;
}

/* ---- choices ---------------------------------------------------------------- */

/* Byte length of `opt` at the start of `s` (width, spaces and 其它/其他
 * ignored), or 0. */
static size_t option_prefix(const char *s, const char *opt)
{
	const char *p = s, *q = opt;
	size_t n = strlen(s), m = strlen(opt);
	while (*q) {
		uint32_t a, b;
		size_t la = gf_utf8_decode(p, n - (size_t)(p - s), &a);
		size_t lb = gf_utf8_decode(q, m - (size_t)(q - opt), &b);
		if (!la || !lb)
			return 0;
		if (gf_text_is_space(a)) {
			p += la;
			continue;
		}
		a = gf_text_fold_width(a);
		b = gf_text_fold_width(b);
		if (a == 0x5B83) /* 它 */
			a = 0x4ED6; /* 他 */
		if (b == 0x5B83)
			b = 0x4ED6;
		if (a < 0x80)
			a = (uint32_t)tolower((int)a);
		if (b < 0x80)
			b = (uint32_t)tolower((int)b);
		if (a != b)
			return 0;
		p += la;
		q += lb;
	}
	return (size_t)(p - s);
}

/* Text after an option: separators and closing brackets trimmed. */
static const char *after_option(gf_arena *a, const char *rest, const char *unit)
{
	static const char *const lead[] = {":", "：", "(", "（", "-", "—", "，", ",", "、", " ", "　"};
	bool again = true;
	while (again) {
		again = false;
		for (size_t i = 0; i < sizeof lead / sizeof lead[0]; i++) {
			size_t l = strlen(lead[i]);
			if (strncmp(rest, lead[i], l) == 0) {
				rest += l;
				again = true;
			}
		}
	}
	char *t = gf_arena_strdup(a, rest);
	if (!t)
		return NULL;
	size_t n = strlen(t);
	for (;;) {
		if (n >= 3 && (strcmp(t + n - 3, "）") == 0)) {
			n -= 3;
		} else if (n >= 1 && (t[n - 1] == ')' || t[n - 1] == ' ')) {
			n--;
		} else if (unit && *unit && n >= strlen(unit) &&
			   strcmp(t + n - strlen(unit), unit) == 0) {
			n -= strlen(unit);
		} else {
			break;
		}
		t[n] = '\0';
	}
	return t;
}

typedef struct picked {
	const char *option;  /* printed option text, or the piece as typed */
	const char *other;   /* text for <key>_other */
	const char *blank;   /* text for the option's blank field */
	const char *blank_key;
} picked;

static int pick_piece(gf_arena *a, const gf_fielddef *fd, const char *piece, picked *out)
{
	memset(out, 0, sizeof *out);
	/* "其他：专网", "其他（99.95%）", "临时运行 6 个月" */
	for (size_t k = 0; k < fd->noptions; k++) {
		const gf_option *o = &fd->options[k];
		if (!o->other && !o->blank)
			continue;
		size_t l = option_prefix(piece, o->text);
		if (!l)
			continue;
		const char *rest = after_option(a, piece + l, o->blank ? o->blank_unit : NULL);
		if (!rest)
			return GF_ENOMEM;
		out->option = o->text;
		if (*rest) {
			if (o->other)
				out->other = rest;
			else {
				out->blank = rest;
				out->blank_key = o->blank;
			}
		}
		return 0;
	}
	int i = gf_options_lookup(fd, piece, a);
	out->option = i >= 0 ? fd->options[i].text : piece;
	return 0;
}

/* Split a multi cell into pieces at separators no option uses. */
static size_t split_multi(gf_arena *a, const gf_fielddef *fd, const char *v, const char **pieces,
			  size_t max)
{
	static const char *const seps[] = {"、", "，", ",", "；", ";", "/", "|", "\n", "　", " "};
	bool use[sizeof seps / sizeof seps[0]];
	for (size_t s = 0; s < sizeof seps / sizeof seps[0]; s++) {
		use[s] = true;
		for (size_t k = 0; k < fd->noptions; k++)
			if (strstr(fd->options[k].text, seps[s]))
				use[s] = false;
	}
	size_t n = 0;
	const char *start = v, *p = v;
	while (*p) {
		size_t sl = 0;
		for (size_t s = 0; s < sizeof seps / sizeof seps[0] && !sl; s++)
			if (use[s] && strncmp(p, seps[s], strlen(seps[s])) == 0)
				sl = strlen(seps[s]);
		if (!sl) {
			p++;
			continue;
		}
		if (p > start && n < max)
			pieces[n++] = gf_arena_strndup(a, start, (size_t)(p - start));
		p += sl;
		start = p;
	}
	if (p > start && n < max)
		pieces[n++] = gf_arena_strndup(a, start, (size_t)(p - start));
	return n;
}

/* ---- building a form ------------------------------------------------------- */

static int set_leaf(build *b, json_t *obj, const char *path, const char *value, int line, int col,
		    const char *loc_path)
{
	json_t *s = json_string(value);
	if (!s || gf_json_set_path(obj, path, s))
		return GF_ENOMEM;
	return add_loc(b, loc_path ? loc_path : path, line, col);
}

static int put_field(build *b, const colmap *m, const gf_tcell *cell, int line, int col)
{
	const gf_fielddef *fd = m->f;
	json_t *fields = b->f->fields;
	int rc;
	if (m->kind == COL_OTHER) {
		const char *v = gf_text_clean(b->a, cell->text);
		if (!v)
			return GF_ENOMEM;
		return *v ? set_leaf(b, fields, fd->other_key, v, line, col, NULL) : 0;
	}
	if (fd->type == GF_TYPE_CHOICE || fd->type == GF_TYPE_MULTI) {
		const char *v = gf_text_clean(b->a, cell->text);
		if (!v)
			return GF_ENOMEM;
		if (!*v)
			return 0;
		const char *pieces[32];
		size_t np = 1;
		pieces[0] = v;
		if (fd->type == GF_TYPE_MULTI)
			np = split_multi(b->a, fd, v, pieces, 32);
		json_t *arr = fd->type == GF_TYPE_MULTI ? json_array() : NULL;
		if (fd->type == GF_TYPE_MULTI && !arr)
			return GF_ENOMEM;
		for (size_t i = 0; i < np; i++) {
			picked pk;
			const char *piece = pieces[i] ? gf_text_clean(b->a, pieces[i]) : NULL;
			if (!piece)
				goto nomem;
			if (!*piece)
				continue;
			if (pick_piece(b->a, fd, piece, &pk))
				goto nomem;
			if (arr) {
				if (json_array_append_new(arr, json_string(pk.option)))
					goto nomem;
			} else {
				rc = set_leaf(b, fields, fd->key, pk.option, line, col, NULL);
				if (rc)
					return rc;
			}
			if (pk.other && fd->other_key &&
			    (rc = set_leaf(b, fields, fd->other_key, pk.other, line, col, NULL)))
				goto fail;
			if (pk.blank && pk.blank_key &&
			    (rc = set_leaf(b, fields, pk.blank_key, pk.blank, line, col, NULL)))
				goto fail;
		}
		if (arr) {
			if (json_array_size(arr) == 0) {
				json_decref(arr);
				return 0;
			}
			if (gf_json_set_path(fields, fd->key, arr))
				return GF_ENOMEM;
			return add_loc(b, fd->key, line, col);
		}
		return 0;
	nomem:
		rc = GF_ENOMEM;
	fail:
		json_decref(arr);
		return rc;
	}
	bool refused;
	const char *v = cell_value(b, fd->type, cell, fd->key, fd->label, line, col, &refused, &rc);
	if (rc)
		return rc;
	if (refused)
		return add_replaced(b, fd->key);
	return v ? set_leaf(b, fields, fd->key, v, line, col, NULL) : 0;
}

static int unknown_column(build *b, const header *h, size_t c, const gf_tcell *cell, int line,
			  const char *where_zh, const char *where_en)
{
	if (gf_text_blank(cell->text))
		return 0;
	const char *name = c < h->ncols ? h->full[c] : "";
	return diag(b, GF_SEV_WARNING, "format", NULL, NULL, line, (int)c + 1,
		    gf_arena_printf(b->a, "第%zu列“%s”不是%s的字段，其内容未读取", c + 1, name, where_zh),
		    gf_arena_printf(b->a, "column %zu \"%s\" is not a field of %s; its content was not read",
				    c + 1, name, where_en));
}

/* One table row from a rows sheet into the form. */
static int put_table_row(build *b, rows_src *s, const crow *r)
{
	gf_entry *en = b->en;
	const gf_formdef *form = b->form;
	int fi = form_index(en->o.fs, form);
	const gf_tabledef *t = NULL;
	int rc;
	if (s->table_col >= 0) {
		const char *tv = gf_text_clean(b->a, cell_at(r->cells, r->n, s->table_col));
		if (!tv)
			return GF_ENOMEM;
		kx x = {b->a, false};
		const char *tk = label_key_of(&x, tv);
		char *kt = key_text(&x, tv);
		for (size_t i = 0; i < form->ntables && !t; i++)
			if ((kt && strcmp(kt, form->tables[i].key) == 0) ||
			    strcmp(tk, label_key_of(&x, form->tables[i].label)) == 0 ||
			    gf_label_matches(tk, form->tables[i].match, form->tables[i].nmatch))
				t = &form->tables[i];
		if (x.oom)
			return GF_ENOMEM;
		if (!t && *tv)
			return diag(b, GF_SEV_ERROR, "format", NULL, NULL, r->line, s->table_col + 1,
				    gf_arena_printf(b->a, "明细行的类型“%s”不是%s（%s）的表格", tv,
						    form->id, form->title),
				    gf_arena_printf(b->a, "table rows of kind \"%s\" are not a table of form %s",
						    tv, form->id));
	}
	if (!t && s->table_name)
		t = gf_formdef_table(form, s->table_name);
	if (!t && form->ntables == 1)
		t = &form->tables[0];
	if (!t)
		return diag(b, GF_SEV_ERROR, "format", NULL, NULL, r->line, 0,
			    gf_arena_printf(b->a, "明细行没有说明属于哪个表格（table 列）"),
			    gf_arena_printf(b->a, "the table row does not say which table it belongs to "
					    "(the table column)"));
	int ti = t->index;
	if (fi >= 8 || ti >= 8)
		return GF_EINTERNAL;
	colmap *map = s->maps[fi * 8 + ti];
	if (!map) {
		map = map_table(&en->kx, &s->h, t);
		if (!map || en->kx.oom)
			return GF_ENOMEM;
		s->maps[fi * 8 + ti] = map;
	}
	json_t *arr = json_object_get(b->f->fields, t->key);
	if (!arr) {
		arr = json_array();
		if (!arr || json_object_set_new(b->f->fields, t->key, arr))
			return GF_ENOMEM;
	}
	size_t idx = json_array_size(arr);
	if (idx >= TABLE_ROWS_MAX)
		return diag(b, GF_SEV_ERROR, "format", t->key, t->label, r->line, 0,
			    gf_arena_printf(b->a, "表格行数超过%d行，其余未读取", TABLE_ROWS_MAX),
			    gf_arena_printf(b->a, "more than %d table rows; the rest were not read",
					    TABLE_ROWS_MAX));
	json_t *row = json_object();
	if (!row || json_array_append_new(arr, row))
		return GF_ENOMEM;
	const char *rowpath = gf_arena_printf(b->a, "%s[%zu]", t->key, idx);
	if (!rowpath || (rc = add_loc(b, rowpath, r->line, 0)))
		return GF_ENOMEM;
	if (idx == 0 && (rc = add_loc(b, t->key, r->line, 0)))
		return rc;
	for (size_t c = 0; c < r->n; c++) {
		const gf_tcell *cell = &r->cells[c];
		int col = (int)c + 1;
		colmap m = c < s->h.ncols ? map[c] : (colmap){0};
		if (m.kind == COL_REF || m.kind == COL_TABLE || m.kind == COL_SKIP || m.kind == COL_FORM)
			continue;
		if (m.kind == COL_NONE || m.dup) {
			if (m.dup)
				continue;
			rc = unknown_column(b, &s->h, c, cell, r->line,
					    gf_arena_printf(b->a, "表格“%s”", t->label),
					    gf_arena_printf(b->a, "table %s", t->key));
			if (rc)
				return rc;
			continue;
		}
		if (m.kind == COL_PART) {
			const char *ppath = gf_arena_printf(b->a, "%s.%s", rowpath, m.part->key);
			bool refused;
			const char *v = cell_value(b, m.part->type, cell, ppath, m.col->label, r->line, col,
						   &refused, &rc);
			if (rc)
				return rc;
			if (refused) {
				rc = add_replaced(b, ppath);
			} else if (v) {
				json_t *js = json_string(v);
				if (!js || json_object_set_new(row, m.part->key, js))
					return GF_ENOMEM;
				rc = add_loc(b, ppath, r->line, col);
			}
			if (rc)
				return rc;
			continue;
		}
		/* a split column: hand the parts over separately */
		const char *v = gf_text_clean(b->a, cell->text);
		if (!v)
			return GF_ENOMEM;
		if (!*v)
			continue;
		const gf_coldef *cd = m.col;
		const char *parts[8] = {0};
		gf_value_why why;
		if (cd->split == GF_SPLIT_DISK && cd->nparts >= 2) {
			double gb;
			char *type = NULL;
			if (gf_value_parse_disk(en->o.values, v, &gb, &type, &why) == 0) {
				if (gb >= 0)
					parts[0] = gf_arena_printf(b->a, "%.15g", gb);
				if (type)
					parts[1] = gf_arena_strdup(b->a, type);
				gf_free(type);
			} else {
				parts[0] = v;
			}
		} else if (cd->split == GF_SPLIT_CPUMEM && cd->nparts >= 2) {
			long cpu;
			double mem;
			if (gf_value_parse_cpumem(en->o.values, v, &cpu, &mem, &why) == 0) {
				if (cpu >= 0)
					parts[0] = gf_arena_printf(b->a, "%ld", cpu);
				if (mem >= 0)
					parts[1] = gf_arena_printf(b->a, "%.15g", mem);
			} else {
				parts[0] = v;
			}
		} else if (cd->split == GF_SPLIT_PATTERN) {
			for (size_t p = 0; p < cd->nparts && p < 8; p++) {
				const char *g = NULL;
				int hit = cd->parts[p].pattern
						  ? gf_pattern_match(cd->parts[p].pattern, v, b->a, &g)
						  : 0;
				if (hit < 0)
					return hit;
				if (hit == 1 && g && *g)
					parts[p] = g;
			}
		} else {
			parts[0] = v;
		}
		for (size_t p = 0; p < cd->nparts && p < 8; p++) {
			if (!parts[p] || !cd->parts[p].key)
				continue;
			const char *ppath = gf_arena_printf(b->a, "%s.%s", rowpath, cd->parts[p].key);
			json_t *js = json_string(parts[p]);
			if (!ppath || !js || json_object_set_new(row, cd->parts[p].key, js))
				return GF_ENOMEM;
			if ((rc = add_loc(b, ppath, r->line, col)))
				return rc;
		}
	}
	return 0;
}

/* Append r to the stash of its ref (or the loose list). */
static int stash_row(gf_entry *en, crow *r, gf_error *err)
{
	rows_src *s = &en->src[r->src];
	char kb[REF_MAX];
	const char *ref = ref_key(cell_at(r->cells, r->n, s->ref_col), kb);
	refent *e = *ref ? ref_get(&en->refs, ref, false) : NULL;
	if (!e) {
		if (*ref) {
			gf_free(r);
			return gf_error_set(err, GF_EINTERNAL, "rows sheet changed between passes");
		}
		r->next = NULL;
		if (en->loose_tail)
			en->loose_tail->next = r;
		else
			en->loose = r;
		en->loose_tail = r;
		return 0;
	}
	if (e->unread[r->src])
		e->unread[r->src]--;
	r->next = NULL;
	if (e->stash_tail)
		e->stash_tail->next = r;
	else
		e->stash = r;
	e->stash_tail = r;
	return 0;
}

static int cmp_crow(const void *x, const void *y)
{
	const crow *a = *(const crow *const *)x, *b = *(const crow *const *)y;
	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return (a->line > b->line) - (a->line < b->line);
}

/* The table rows of the form with ref `ref`, read on from each rows sheet
 * until none of them is left unread. */
static int join_rows(build *b, const char *ref, gf_error *err)
{
	gf_entry *en = b->en;
	char kb[REF_MAX];
	refent *e = ref_get(&en->refs, ref_key(ref, kb), false);
	if (!e)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < en->nsrc; i++) {
		while (e->unread[i] > 0) {
			crow *r;
			rc = src_next(en, i, &r, err);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				e->unread[i] = 0;
				break;
			}
			rc = stash_row(en, r, err);
			if (rc)
				return rc;
		}
	}
	crow *list = e->stash;
	e->stash = e->stash_tail = NULL;
	size_t n = 0;
	for (crow *r = list; r; r = r->next)
		n++;
	if (!n)
		return 0;
	crow **v = gf_malloc(n * sizeof *v);
	if (!v) {
		crow_free_list(list);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	n = 0;
	for (crow *r = list; r; r = r->next)
		v[n++] = r;
	qsort(v, n, sizeof *v, cmp_crow);
	rc = 0;
	for (size_t i = 0; i < n && !rc; i++)
		rc = put_table_row(b, &en->src[v[i]->src], v[i]);
	for (size_t i = 0; i < n; i++)
		gf_free(v[i]);
	gf_free(v);
	if (rc)
		return gf_error_set(err, rc, "%s", gf_error_name(rc));
	return 0;
}

static int form_new(gf_entry_form **out, int line)
{
	gf_entry_form *f = gf_calloc(1, sizeof *f);
	if (!f)
		return GF_ENOMEM;
	f->arena = gf_arena_new(ENTRY_ARENA_CAP);
	f->fields = json_object();
	if (!f->arena || !f->fields) {
		gf_entry_form_free(f);
		return GF_ENOMEM;
	}
	gf_diags_init(&f->diags, f->arena);
	f->line = line;
	*out = f;
	return 0;
}

void gf_entry_form_free(gf_entry_form *f)
{
	if (!f)
		return;
	json_decref(f->fields);
	gf_arena_free(f->arena);
	gf_free(f);
}

/* Does the row hold anything but its 序号 / form columns? */
static bool row_has_data(const colmap *map, size_t nmap, const crow *r)
{
	for (size_t c = 0; c < r->n; c++) {
		if (gf_text_blank(r->cells[c].text))
			continue;
		col_kind k = c < nmap ? map[c].kind : COL_NONE;
		if (k != COL_SKIP && k != COL_FORM)
			return true;
	}
	return false;
}

static int build_form(gf_entry *en, const crow *r, gf_entry_form *f, gf_error *err)
{
	const gf_formset *fs = en->o.fs;
	build b = {en, f, NULL, f->arena, 0, 0};
	int rc = 0;
	const gf_formdef *form = en->sheet_form;
	const char *form_text = NULL;
	if (en->form_col >= 0) {
		form_text = gf_text_clean(f->arena, cell_at(r->cells, r->n, en->form_col));
		if (!form_text)
			goto nomem;
		kx x = {f->arena, false};
		if (*form_text)
			form = form_named(fs, &x, form_text);
		if (x.oom)
			goto nomem;
	}
	if (en->ref_col >= 0) {
		const char *ref = gf_text_clean(f->arena, cell_at(r->cells, r->n, en->ref_col));
		if (!ref)
			goto nomem;
		if (*ref)
			f->ref = ref;
	}
	if (!form) {
		if (form_text && *form_text)
			rc = diag(&b, GF_SEV_ERROR, "unknown-form", NULL, NULL, r->line, en->form_col + 1,
				  gf_arena_printf(f->arena, "无法识别表单类型“%s”（应为表单编号、附件号或表名）",
						  form_text),
				  gf_arena_printf(f->arena, "unknown form \"%s\" (expected a form id, annex or "
						  "title)", form_text));
		else
			rc = diag(&b, GF_SEV_ERROR, "unknown-form", NULL, NULL, r->line, 0,
				  "无法判断该行是哪一种表单（请填写“表单”列）",
				  "cannot tell which form this row is (fill in the form column)");
		if (rc)
			goto nomem;
	} else {
		f->form_id = form->id;
		b.form = form;
		const colmap *map = en->maps[form_index(fs, form)];
		static const gf_tcell blank = {"", GF_CELL_TEXT};
		size_t ncols = r->n > en->h.ncols ? r->n : en->h.ncols;
		for (size_t c = 0; c < ncols; c++) {
			const gf_tcell *cell = c < r->n ? &r->cells[c] : &blank;
			colmap m = c < en->h.ncols ? map[c] : (colmap){0};
			switch (m.kind) {
			case COL_FIELD:
			case COL_OTHER:
				if (!m.dup && gf_text_blank(cell->text)) {
					/* where to fill it in, for a `required` diagnostic */
					rc = add_loc(&b, m.kind == COL_OTHER ? m.f->other_key : m.f->key, r->line,
						     (int)c + 1);
				} else if (m.dup) {
					if (!gf_text_blank(cell->text))
						rc = diag(&b, GF_SEV_WARNING, "format", m.f->key, m.f->label, r->line,
							  (int)c + 1,
							  gf_arena_printf(f->arena, "“%s”有两列，只读取了第一列", m.f->label),
							  gf_arena_printf(f->arena, "\"%s\" has two columns; only the first "
									  "was read", m.f->key));
				} else {
					rc = put_field(&b, &m, cell, r->line, (int)c + 1);
				}
				break;
			case COL_NONE:
			case COL_PART:
			case COL_COLUMN:
				rc = unknown_column(&b, &en->h, c, cell, r->line, form->title,
						    gf_arena_printf(f->arena, "form %s", form->id));
				break;
			default:
				break;
			}
			if (rc)
				goto nomem;
		}
	}
	/* refs with table rows are indexed: join them, and tell repeats */
	char kb[REF_MAX];
	refent *e = f->ref ? ref_get(&en->refs, ref_key(f->ref, kb), false) : NULL;
	if (e) {
		if (e->form_line) {
			rc = diag(&b, GF_SEV_ERROR, "format", NULL, NULL, r->line, en->ref_col + 1,
				  gf_arena_printf(f->arena, "编号“%s”与第%d行重复，明细行已归入第%d行", f->ref,
						  e->form_line, e->form_line),
				  gf_arena_printf(f->arena, "ref \"%s\" repeats row %d; its table rows went to row %d",
						  f->ref, e->form_line, e->form_line));
			if (rc)
				goto nomem;
		} else {
			e->form_line = r->line;
			if (form) {
				rc = join_rows(&b, f->ref, err);
				if (rc)
					return rc;
			}
		}
	}
	return 0;
nomem:
	return gf_error_set(err, GF_ENOMEM, "out of memory");
}

int gf_entry_next(gf_entry *en, gf_entry_form **out, gf_error *err)
{
	*out = NULL;
	if (en->ended)
		return 0;
	for (;;) {
		crow *r = en->h.pending;
		en->h.pending = NULL;
		if (!r) {
			gf_trow tr;
			int rc = en->forms.next(en->forms.self, &tr, err);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				en->ended = true;
				return 0;
			}
			en->line = tr.line;
			if (row_blank(tr.cells, tr.ncells))
				continue;
			r = crow_copy(&tr);
			if (!r)
				return gf_error_set(err, GF_ENOMEM, "out of memory");
		}
		en->line = r->line;
		/* a row holding only 序号 or a form name is a blank form */
		bool data = false;
		for (size_t i = 0; i < en->o.fs->nforms && !data; i++)
			data = row_has_data(en->maps[i], en->h.ncols, r);
		if (!data) {
			gf_free(r);
			continue;
		}
		gf_entry_form *f;
		int rc = form_new(&f, r->line);
		if (rc) {
			gf_free(r);
			return gf_error_set(err, rc, "out of memory");
		}
		rc = build_form(en, r, f, err);
		gf_free(r);
		if (rc) {
			gf_entry_form_free(f);
			return rc;
		}
		*out = f;
		return 1;
	}
}

/* ---- orphans -------------------------------------------------------------- */

static int gather_orphans(gf_entry *en, gf_error *err)
{
	en->orph_ready = true;
	for (size_t i = 0; i < en->nsrc; i++) {
		for (;;) {
			crow *r;
			int rc = src_next(en, i, &r, err);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
			rc = stash_row(en, r, err);
			if (rc)
				return rc;
		}
	}
	size_t n = 0;
	for (crow *r = en->loose; r; r = r->next)
		n++;
	for (size_t i = 0; i < en->refs.cap; i++)
		for (crow *r = en->refs.e[i].stash; r; r = r->next)
			n++;
	if (!n)
		return 0;
	en->orph = gf_malloc(n * sizeof *en->orph);
	if (!en->orph)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	for (crow *r = en->loose; r; r = r->next)
		en->orph[en->norph++] = r;
	en->loose = en->loose_tail = NULL;
	for (size_t i = 0; i < en->refs.cap; i++) {
		for (crow *r = en->refs.e[i].stash; r; r = r->next)
			en->orph[en->norph++] = r;
		en->refs.e[i].stash = en->refs.e[i].stash_tail = NULL;
	}
	qsort(en->orph, en->norph, sizeof *en->orph, cmp_crow);
	return 0;
}

int gf_entry_next_orphan(gf_entry *en, gf_entry_form **out, gf_error *err)
{
	*out = NULL;
	if (!en->orph_ready) {
		int rc = gather_orphans(en, err);
		if (rc)
			return rc;
	}
	if (en->orph_next >= en->norph)
		return 0;
	crow *r = en->orph[en->orph_next++];
	gf_entry_form *f;
	int rc = form_new(&f, r->line);
	if (rc) {
		gf_free(r);
		return gf_error_set(err, rc, "out of memory");
	}
	rows_src *s = &en->src[r->src];
	const char *ref = row_ref(f->arena, s, r);
	build b = {en, f, NULL, f->arena, 0, 0};
	if (!ref) {
		gf_free(r);
		gf_entry_form_free(f);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	f->ref = *ref ? ref : NULL;
	if (*ref) {
		char kb[REF_MAX];
		refent *e = ref_get(&en->refs, ref_key(ref, kb), false);
		if (e && e->form_line)
			rc = diag(&b, GF_SEV_ERROR, "format", NULL, NULL, r->line, s->ref_col + 1,
				  gf_arena_printf(f->arena, "明细行的编号“%s”对应第%d行，但该行无法识别表单类型", ref,
						  e->form_line),
				  gf_arena_printf(f->arena, "table row for ref \"%s\" (row %d), whose form is unknown",
						  ref, e->form_line));
		else
			rc = diag(&b, GF_SEV_ERROR, "format", NULL, NULL, r->line, s->ref_col + 1,
				  gf_arena_printf(f->arena, "明细行的编号“%s”没有对应的表单", ref),
				  gf_arena_printf(f->arena, "no form has the ref \"%s\" of this table row", ref));
	} else {
		rc = diag(&b, GF_SEV_ERROR, "format", NULL, NULL, r->line, s->ref_col + 1,
			  "明细行没有填写编号，无法归入表单", "the table row has no ref to join it to a form");
	}
	gf_free(r);
	if (rc) {
		gf_entry_form_free(f);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	*out = f;
	return 1;
}

/* ---- records ----------------------------------------------------------------- */

void gf_entry_locate(void *ctx, const char *path, gf_loc *loc)
{
	const gf_entry_form *f = ctx;
	for (size_t i = 0; i < f->nlocs; i++)
		if (strcmp(f->locs[i].path, path) == 0) {
			*loc = f->locs[i].loc;
			return;
		}
	/* no column: the form's row */
	loc->line = f->line;
}

static long where_rank(const json_t *d)
{
	const char *w = json_string_value(json_object_get(d, "where"));
	int r = 0, c = 0;
	if (w && sscanf(w, "row %d, column %d", &r, &c) == 2)
		return ((long)r << 20) | c;
	if (w && sscanf(w, "line %d", &r) == 1)
		return (long)r << 20;
	return 0x7fffffffffffL;
}

int gf_entry_merge(const gf_entry_form *f, json_t *record)
{
	json_t *old = json_object_get(record, "diagnostics");
	json_t *all = json_array();
	if (!all)
		return GF_ENOMEM;
	size_t n;
	json_t *d;
	json_array_foreach(old, n, d) {
		const char *code = json_string_value(json_object_get(d, "code"));
		const char *field = json_string_value(json_object_get(d, "field"));
		bool drop = false;
		if (code && field && strcmp(code, "required") == 0)
			for (size_t i = 0; i < f->nreplaced; i++)
				drop |= strcmp(f->replaced[i], field) == 0;
		if (!drop && json_array_append(all, d))
			goto nomem;
	}
	for (size_t i = 0; i < f->diags.n; i++) {
		const gf_diag *g = &f->diags.items[i];
		json_t *o = json_object();
		if (!o || json_array_append_new(all, o))
			goto nomem;
		const char *where = gf_loc_format(f->arena, g->where, 0);
		if (json_object_set_new(o, "severity", json_string(gf_severity_name(g->severity))) ||
		    json_object_set_new(o, "code", json_string(g->code)) ||
		    (g->field && json_object_set_new(o, "field", json_string(g->field))) ||
		    (g->label && json_object_set_new(o, "label", json_string(g->label))) ||
		    json_object_set_new(o, "message", json_string(g->message)) ||
		    (where && *where && json_object_set_new(o, "where", json_string(where))))
			goto nomem;
	}
	/* stable sort by place */
	size_t total = json_array_size(all);
	json_t **v = gf_malloc((total + 1) * sizeof *v);
	if (!v)
		goto nomem;
	for (size_t i = 0; i < total; i++) {
		json_t *x = json_array_get(all, i);
		long r = where_rank(x);
		size_t j = i;
		while (j > 0 && where_rank(v[j - 1]) > r) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	json_t *sorted = json_array();
	bool valid = true;
	for (size_t i = 0; sorted && i < total; i++) {
		const char *sev = json_string_value(json_object_get(v[i], "severity"));
		valid &= !(sev && strcmp(sev, "error") == 0);
		if (json_array_append(sorted, v[i])) {
			json_decref(sorted);
			sorted = NULL;
		}
	}
	gf_free(v);
	json_decref(all);
	if (!sorted || json_object_set_new(record, "diagnostics", sorted) ||
	    json_object_set_new(record, "valid", json_boolean(valid)))
		return GF_ENOMEM;
	return 0;
nomem:
	json_decref(all);
	return GF_ENOMEM;
}

/* ---- blank templates --------------------------------------------------------- */

static int tpl_cell(gf_buf *b, const char *s, bool first)
{
	int rc = first ? 0 : gf_buf_putc(b, ',');
	return rc ? rc : gf_buf_csv_field(b, s);
}

int gf_entry_template(const gf_formdef *f, bool rows, gf_buf *out)
{
	int rc = gf_buf_puts(out, "\xEF\xBB\xBF");
	char label[512];
	if (!rows) {
		for (int line = 0; line < 2 && !rc; line++) {
			rc = tpl_cell(out, line ? "form" : "表单", true);
			rc = rc ? rc : tpl_cell(out, line ? "ref" : "编号", false);
			for (size_t i = 0; i < f->nfields && !rc; i++) {
				const gf_fielddef *fd = &f->fields[i];
				snprintf(label, sizeof label, "%s%s", fd->label, fd->required ? "*" : "");
				rc = tpl_cell(out, line ? fd->key : label, false);
				if (!rc && fd->other_key && !gf_formdef_field(f, fd->other_key)) {
					snprintf(label, sizeof label, "%s（其他说明）", fd->label);
					rc = tpl_cell(out, line ? fd->other_key : label, false);
				}
			}
			rc = rc ? rc : gf_buf_puts(out, "\r\n");
		}
		return rc;
	}
	if (f->ntables == 0)
		return GF_ENOTFOUND;
	const char *keys[128];
	const char *labels[128];
	size_t n = 0;
	for (size_t t = 0; t < f->ntables; t++)
		for (size_t c = 0; c < f->tables[t].ncols; c++) {
			const gf_coldef *cd = &f->tables[t].cols[c];
			for (size_t p = 0; p < cd->nparts; p++) {
				const char *k = cd->parts[p].key;
				bool seen = false;
				for (size_t i = 0; i < n; i++)
					seen |= strcmp(keys[i], k) == 0;
				if (seen || n == 128)
					continue;
				keys[n] = k;
				labels[n++] = cd->nparts == 1 ? cd->label : NULL;
			}
		}
	for (int line = 0; line < 2 && !rc; line++) {
		rc = tpl_cell(out, line ? "ref" : "编号", true);
		rc = rc ? rc : tpl_cell(out, line ? "table" : "明细类型", false);
		for (size_t i = 0; i < n && !rc; i++)
			rc = tpl_cell(out, line || !labels[i] ? keys[i] : labels[i], false);
		rc = rc ? rc : gf_buf_puts(out, "\r\n");
	}
	return rc;
}
