/* render.c - the layout engine: fields + layout -> pages of the PDF.
 *
 * Three steps: every cell's content is shaped and fitted to its width (line
 * breaking with the CJK rules, the size shrinking in 0.5 pt steps down to the
 * style's minimum while the text needs more lines than the cell allows);
 * rows get their heights (row spans included) and are placed on pages, a
 * list's header repeated after a page break; then each page is drawn with
 * its header, the rows, the signature block on the last page and the
 * footer with the page count.
 */
#include "sheet/layout_int.h"
#include "sheet/sheet.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "sheet/shape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MM (72.0 / 25.4)
#define MAX_ROWS 5000
#define MAX_PAGES 500
#define MAX_VALUE_GLYPHS 5000
#define EPS 0.01

/* ---- pools -------------------------------------------------------------- */

typedef struct piece {
	size_t g0, g1;  /* glyph pool range */
	double size;
	double min_w;   /* fill-in blank width */
	int underline;
	int atomic;
	int chain;
} piece;

typedef struct seg {
	size_t g0, g1;
	double x, w, size;
	int underline;
} seg;

typedef struct fline {
	size_t s0, s1;
	double w;
} fline;

typedef struct fitted {
	size_t l0, l1;
	double size;    /* chosen size of the cell's base style */
	double line_h;
	double h;       /* content height incl. padding */
	int align;
} fitted;

#define VEC(T)                                                                                     \
	struct {                                                                                   \
		T *v;                                                                              \
		size_t n, cap;                                                                     \
	}

typedef struct crow {
	const lt_table *t;
	size_t ti;
	const lt_row *r;
	size_t src;
	int header;
	int item;
	char base[40];
	double h;
	size_t fit0;        /* first fitted cell */
	int col[LT_MAX_COLS]; /* column of each cell */
	size_t group_end;
	int page;
	double y;           /* top */
} crow;

typedef struct ctx {
	const gf_layout *l;
	const gf_fonts *fs;
	gf_pdf *pdf;
	const gf_render_in *in;
	gf_error *err;
	gf_shaped glyphs;   /* pool of all shaped glyphs */
	VEC(piece) pieces;
	VEC(seg) segs;
	VEC(fline) lines;
	VEC(fitted) fits;
	VEC(crow) rows;
	double body_top, body_bottom, body_h;
	int pages;
	const char *qr_payload;
} ctx;

#define VEC_PUSH(c, vec, x)                                                                        \
	(((vec).n == (vec).cap && vec_grow((void **)&(vec).v, &(vec).cap, sizeof *(vec).v))       \
		 ? (gf_error_set((c)->err, GF_ENOMEM, "out of memory"), GF_ENOMEM)                 \
		 : ((vec).v[(vec).n++] = (x), GF_OK))

static int vec_grow(void **v, size_t *cap, size_t el)
{
	size_t nc = *cap ? *cap * 2 : 32;
	void *p = gf_realloc(*v, nc * el);
	if (!p)
		return 1;
	*v = p;
	*cap = nc;
	return 0;
}

/* ---- JSON helpers ------------------------------------------------------- */

json_t *gf_json_path(const json_t *root, const char *path)
{
	const json_t *cur = root;
	const char *p = path;
	while (cur && *p) {
		size_t n = strcspn(p, ".[");
		if (n) {
			char key[128];
			if (n >= sizeof key || !json_is_object(cur))
				return NULL;
			memcpy(key, p, n);
			key[n] = '\0';
			cur = json_object_get(cur, key);
			p += n;
		}
		if (*p == '[') {
			char *end;
			long idx = strtol(p + 1, &end, 10);
			if (*end != ']' || idx < 0 || !json_is_array(cur))
				return NULL;
			cur = json_array_get(cur, (size_t)idx);
			p = end + 1;
		}
		if (*p == '.')
			p++;
	}
	return (json_t *)cur;
}

bool gf_json_blank(const json_t *v)
{
	if (!v || json_is_null(v))
		return true;
	if (json_is_string(v)) {
		for (const char *s = json_string_value(v); *s; s++)
			if (*s != ' ')
				return false;
		return true;
	}
	if (json_is_array(v))
		return json_array_size(v) == 0;
	if (json_is_object(v))
		return json_object_size(v) == 0;
	return false;
}

int gf_sheet_diag(json_t *arr, const char *severity, const char *code, const char *field,
		  const char *label, const char *zh, const char *en)
{
	char msg[1024];
	snprintf(msg, sizeof msg, "%s (%s)", zh, en);
	json_t *d = json_object();
	if (!d)
		return GF_ENOMEM;
	int bad = json_object_set_new(d, "severity", json_string(severity));
	bad |= json_object_set_new(d, "code", json_string(code));
	if (field)
		bad |= json_object_set_new(d, "field", json_string(field));
	if (label)
		bad |= json_object_set_new(d, "label", json_string(label));
	bad |= json_object_set_new(d, "message", json_string(msg));
	bad |= json_array_append_new(arr, d);
	return bad ? GF_ENOMEM : GF_OK;
}

/* A number, locale-free, at most 2 decimals. */
static void fmt_number(char *out, size_t cap, double v)
{
	if (!isfinite(v)) {
		snprintf(out, cap, "0");
		return;
	}
	if (fabs(v) >= 1e15) { /* no decimals there; %.0f has no decimal point */
		snprintf(out, cap, "%.0f", v);
		return;
	}
	long long x = llround(v * 100.0);
	const char *sg = x < 0 ? "-" : "";
	if (x < 0)
		x = -x;
	if (x % 100 == 0)
		snprintf(out, cap, "%s%lld", sg, x / 100);
	else if (x % 10 == 0)
		snprintf(out, cap, "%s%lld.%lld", sg, x / 100, (x % 100) / 10);
	else
		snprintf(out, cap, "%s%lld.%02lld", sg, x / 100, x % 100);
}

/* The printed form of a value. */
static int format_value(gf_buf *out, const json_t *v, const gf_sfield *decl)
{
	char num[64];
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		int y, m, d;
		char tail;
		if (decl && decl->type == GF_FT_DATE && strlen(s) == 10 &&
		    sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 &&
		    d >= 1 && d <= 31)
			return gf_buf_printf(out, "%d年%d月%d日", y, m, d);
		return gf_buf_puts(out, s);
	}
	if (json_is_integer(v))
		return gf_buf_printf(out, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v)) {
		fmt_number(num, sizeof num, json_real_value(v));
		return gf_buf_puts(out, num);
	}
	if (json_is_true(v))
		return gf_buf_puts(out, "是");
	if (json_is_false(v))
		return gf_buf_puts(out, "否");
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		int rc = GF_OK;
		json_array_foreach(v, i, e)
		{
			if (i && (rc = gf_buf_puts(out, "、")))
				return rc;
			if (!json_is_array(e) && !json_is_object(e) && (rc = format_value(out, e, NULL)))
				return rc;
		}
		return rc;
	}
	return GF_OK;
}

/* ---- content: pieces ---------------------------------------------------- */

static int warn_missing(ctx *c, const char *field, const char *label, size_t g0, size_t g1)
{
	for (size_t i = g0; i < g1; i++) {
		if (!c->glyphs.g[i].missing)
			continue;
		char zh[200], en[200];
		snprintf(zh, sizeof zh, "字符 U+%04X 没有可用字体，显示为替代符号",
			 (unsigned)c->glyphs.g[i].src);
		snprintf(en, sizeof en, "no font has U+%04X; a replacement glyph is shown",
			 (unsigned)c->glyphs.g[i].src);
		return gf_sheet_diag(c->in->warnings, "warning", "format", field, label, zh, en);
	}
	return GF_OK;
}

static int add_piece(ctx *c, const char *s, size_t len, int chain, double size, double min_w,
		     int underline, int atomic, const char *field, const char *label, size_t *start)
{
	size_t g0 = c->glyphs.n;
	int rc = gf_shape(&c->glyphs, c->fs, chain, s, len, c->err);
	if (rc)
		return rc;
	size_t g1 = c->glyphs.n;
	if (field && g1 - g0 > MAX_VALUE_GLYPHS) {
		c->glyphs.n = g1 = g0 + MAX_VALUE_GLYPHS;
		if ((rc = gf_sheet_diag(c->in->warnings, "warning", "range", field, label,
					"内容过长，已截断；完整内容见附件中的记录",
					"value too long for the sheet and cut; the attached record has it all")))
			return gf_error_set(c->err, rc, "out of memory");
	}
	if (field && (rc = warn_missing(c, field, label, g0, g1)))
		return gf_error_set(c->err, rc, "out of memory");
	piece p = {g0, g1, size, min_w, underline, atomic, chain};
	if (start && *start == (size_t)-1)
		*start = c->pieces.n;
	return VEC_PUSH(c, c->pieces, p);
}

static void key_join(char *out, size_t cap, const char *base, const char *key)
{
	if (base && base[0])
		snprintf(out, cap, "%s.%s", base, key);
	else
		snprintf(out, cap, "%s", key);
}

static int option_checked(const json_t *v, const char *opt)
{
	if (json_is_string(v))
		return strcmp(json_string_value(v), opt) == 0;
	if (json_is_array(v)) {
		size_t i;
		json_t *e;
		json_array_foreach(v, i, e) if (json_is_string(e) && strcmp(json_string_value(e), opt) == 0)
			return 1;
	}
	return 0;
}

static int value_nonzero(const json_t *v)
{
	if (gf_json_blank(v))
		return 0;
	if (json_is_number(v))
		return json_number_value(v) != 0;
	if (json_is_string(v))
		return strcmp(json_string_value(v), "0") != 0;
	return !json_is_false(v);
}

/* Pieces of one cell; returns the range [*p0, pieces.n). */
static int cell_pieces(ctx *c, const lt_cell *cell, const char *base, size_t *p0)
{
	const gf_layout *l = c->l;
	const lt_style *st = &l->styles[cell->style];
	int rc;
	*p0 = (size_t)-1;
	size_t first = c->pieces.n;
	gf_buf b = GF_BUF_INIT(1 << 20);
	for (size_t i = 0; i < cell->n_items; i++) {
		const lt_inline *x = &cell->items[i];
		char key[256];
		if (x->field)
			key_join(key, sizeof key, base, x->field);
		const json_t *v = x->field ? gf_json_path(c->in->fields, key) : NULL;
		const char *label = x->decl ? x->decl->label : NULL;
		gf_buf_truncate(&b, 0);
		switch (x->kind) {
		case IN_TEXT:
			if (cell->required && i == 0)
				rc = add_piece(c, "*", 1, st->chain, st->size, 0, 0, 0, NULL, NULL, p0);
			else
				rc = GF_OK;
			if (!rc)
				rc = add_piece(c, x->text, strlen(x->text), st->chain, st->size, 0, 0, 0,
					       NULL, NULL, p0);
			break;
		case IN_BR:
			rc = add_piece(c, "\n", 1, st->chain, st->size, 0, 0, 0, NULL, NULL, p0);
			break;
		case IN_VALUE:
			if (gf_json_blank(v)) {
				rc = x->min_w > 0 ? add_piece(c, "", 0, st->chain, st->size, x->min_w, 1, 1,
							      NULL, NULL, p0)
						  : GF_OK;
				break;
			}
			if ((x->prefix && gf_buf_puts(&b, x->prefix)) || format_value(&b, v, x->decl) ||
			    (x->suffix && gf_buf_puts(&b, x->suffix))) {
				rc = gf_error_set(c->err, GF_ENOMEM, "out of memory");
				break;
			}
			rc = add_piece(c, b.data ? b.data : "", b.len, st->chain, st->size, x->min_w,
				       x->min_w > 0, x->min_w > 0, key, label, p0);
			break;
		case IN_CHECK: {
			int on = x->option ? option_checked(v, x->option) : value_nonzero(v);
			rc = add_piece(c, on ? "☑" : "☐", 3, st->chain, st->size, 0, 0, 1, NULL, NULL, p0);
			break;
		}
		case IN_OPTS: {
			const gf_sfield *d = x->decl;
			if (!d) { /* the layout loader resolves every <opts> field */
				rc = gf_error_set(c->err, GF_EINTERNAL, "<opts> without a field");
				break;
			}
			rc = GF_OK;
			for (size_t k = 0; k < d->n_options && !rc; k++) {
				int on = option_checked(v, d->options[k]);
				gf_buf_truncate(&b, 0);
				if (gf_buf_puts(&b, on ? "☑" : "☐") || gf_buf_puts(&b, d->options[k]) ||
				    (k + 1 < d->n_options && gf_buf_puts(&b, "  "))) {
					rc = gf_error_set(c->err, GF_ENOMEM, "out of memory");
					break;
				}
				int is_other = d->other && strcmp(d->options[k], d->other) == 0;
				if (!is_other) {
					rc = add_piece(c, b.data, b.len, st->chain, st->size, 0, 0, 1, NULL,
						       NULL, p0);
					continue;
				}
				/* the option, then its text on a fill-in line */
				if (k + 1 < d->n_options)
					gf_buf_truncate(&b, b.len - 2);
				if ((rc = add_piece(c, b.data, b.len, st->chain, st->size, 0, 0, 1, NULL,
						    NULL, p0)))
					break;
				char okey[300];
				snprintf(okey, sizeof okey, "%s_other", key);
				const json_t *ov = gf_json_path(c->in->fields, okey);
				gf_buf_truncate(&b, 0);
				if (!gf_json_blank(ov) && format_value(&b, ov, NULL)) {
					rc = gf_error_set(c->err, GF_ENOMEM, "out of memory");
					break;
				}
				rc = add_piece(c, b.data ? b.data : "", b.len, st->chain, st->size, 12 * MM,
					       1, 1, b.len ? okey : NULL, label, p0);
				if (!rc && k + 1 < d->n_options)
					rc = add_piece(c, "  ", 2, st->chain, st->size, 0, 0, 0, NULL, NULL, p0);
			}
			/* a value that is none of the options is still shown */
			if (!rc && !gf_json_blank(v)) {
				int known = 0;
				for (size_t k = 0; k < d->n_options; k++)
					known |= option_checked(v, d->options[k]);
				if (!known) {
					gf_buf_truncate(&b, 0);
					if (gf_buf_puts(&b, "  ") || format_value(&b, v, d)) {
						rc = gf_error_set(c->err, GF_ENOMEM, "out of memory");
						break;
					}
					rc = add_piece(c, b.data, b.len, st->chain, st->size, 0, 1, 0, key,
						       label, p0);
				}
			}
			break;
		}
		default:
			rc = GF_OK;
		}
		if (rc) {
			gf_buf_free(&b);
			return rc;
		}
	}
	gf_buf_free(&b);
	if (*p0 == (size_t)-1)
		*p0 = first;
	return GF_OK;
}

/* ---- fitting: line breaking -------------------------------------------- */

typedef struct atom {
	size_t piece;
	size_t g0, g1;
	double w;       /* at scale 1 */
	int space, brk;
} atom;

typedef VEC(atom) atom_vec;

static double glyph_w(const ctx *c, const piece *p, size_t g0, size_t g1)
{
	return gf_glyphs_width(c->glyphs.g + g0, g1 - g0) / 1000.0 * p->size;
}

static int atoms_of(ctx *c, size_t p0, size_t p1, atom_vec *out, int split_all)
{
	out->n = 0;
	uint32_t prev = 0;
	for (size_t pi = p0; pi < p1; pi++) {
		const piece *p = &c->pieces.v[pi];
		if (p->g0 == p->g1) { /* an empty fill-in blank */
			atom a = {pi, p->g0, p->g1, p->min_w, 0, 0};
			if (VEC_PUSH(c, *out, a))
				return GF_ENOMEM;
			prev = 0x3000;
			continue;
		}
		if (p->atomic && !split_all) {
			double w = glyph_w(c, p, p->g0, p->g1);
			atom a = {pi, p->g0, p->g1, w > p->min_w ? w : p->min_w, 0, 0};
			if (VEC_PUSH(c, *out, a))
				return GF_ENOMEM;
			prev = c->glyphs.g[p->g1 - 1].src;
			continue;
		}
		for (size_t g = p->g0; g < p->g1; g++) {
			uint32_t cp = c->glyphs.g[g].src;
			int glue = out->n && !split_all && out->v[out->n - 1].piece == pi &&
				   !out->v[out->n - 1].brk && !gf_brk_allowed(prev, cp) && cp != '\n';
			if (!glue && out->n && !split_all && gf_brk_closing(cp) && !out->v[out->n - 1].brk)
				glue = 1; /* no break before closing punctuation, across pieces too */
			if (!glue && out->n && !split_all && !out->v[out->n - 1].brk &&
			    gf_brk_opening(prev) && cp != '\n')
				glue = 1;
			if (glue) {
				atom *a = &out->v[out->n - 1];
				if (a->piece == pi) {
					a->g1 = g + 1;
					a->w += glyph_w(c, p, g, g + 1);
					a->space = 0;
					prev = cp;
					continue;
				}
			}
			atom a = {pi, g, g + 1, glyph_w(c, p, g, g + 1), gf_brk_space(cp), cp == '\n'};
			if (VEC_PUSH(c, *out, a))
				return GF_ENOMEM;
			prev = cp;
		}
		if (p->min_w > 0 && out->n) { /* an underlined value is at least its blank */
			atom *a = &out->v[out->n - 1];
			if (a->piece == pi && a->w < p->min_w)
				a->w = p->min_w;
		}
	}
	return GF_OK;
}

typedef struct brk_line {
	size_t a0, a1;
	double w;
} brk_line;

typedef VEC(brk_line) brk_vec;

/* Greedy breaking of atoms into lines of width W at scale s. */
static int break_lines(ctx *c, const atom_vec *at, double W, double s, brk_vec *out,
		       int *overflow)
{
	out->n = 0;
	*overflow = 0;
	size_t start = 0;
	double w = 0;
	int open = 0;
	for (size_t i = 0; i < at->n; i++) {
		const atom *a = &at->v[i];
		if (a->brk) {
			brk_line bl = {start, i, w};
			if (VEC_PUSH(c, *out, bl))
				return GF_ENOMEM;
			start = i + 1;
			w = 0;
			open = 0;
			continue;
		}
		if (!open && a->space) {
			start = i + 1;
			continue;
		}
		double aw = a->w * s;
		if (open && w + aw > W + EPS) {
			/* trailing spaces do not count */
			size_t end = i;
			double lw = w;
			while (end > start && at->v[end - 1].space) {
				end--;
				lw -= at->v[end].w * s;
			}
			brk_line bl = {start, end, lw};
			if (VEC_PUSH(c, *out, bl))
				return GF_ENOMEM;
			open = 0;
			w = 0;
			start = i;
			if (a->space) {
				start = i + 1;
				continue;
			}
		}
		if (aw > W + EPS)
			*overflow = 1;
		w += aw;
		open = 1;
	}
	size_t end = at->n;
	double lw = w;
	while (end > start && at->v[end - 1].space) {
		end--;
		lw -= at->v[end].w * s;
	}
	if (end > start || out->n == 0) {
		brk_line bl = {start, end, lw};
		if (VEC_PUSH(c, *out, bl))
			return GF_ENOMEM;
	}
	return GF_OK;
}

/* Fit pieces [p0, p1) into width W; records a fitted entry. */
static int fit(ctx *c, size_t p0, size_t p1, const lt_style *st, double W, int max_lines,
	       int align, double max_h, const char *field, const char *label, size_t *fit_out)
{
	atom_vec at = {0};
	brk_vec bl = {0};
	int rc = GF_OK, overflow = 0;
	double size = st->size;
	if (W < 4)
		W = 4;
	if ((rc = atoms_of(c, p0, p1, &at, 0)))
		goto done;
	for (;;) {
		double s = size / st->size;
		if ((rc = break_lines(c, &at, W, s, &bl, &overflow)))
			goto done;
		if (!overflow && (max_lines == 0 || (int)bl.n <= max_lines))
			break;
		if (size - 0.5 < st->min - EPS)
			break;
		size -= 0.5;
	}
	double s = size / st->size;
	if (overflow) { /* break anywhere */
		if ((rc = atoms_of(c, p0, p1, &at, 1)) ||
		    (rc = break_lines(c, &at, W, s, &bl, &overflow)))
			goto done;
	}
	double lh = size * st->leading;
	size_t nl = bl.n;
	int cut = 0;
	if (max_h > 0 && nl * lh > max_h) {
		nl = (size_t)(max_h / lh);
		if (nl < 1)
			nl = 1;
		if (nl > bl.n) /* rounding must not reach past the last line */
			nl = bl.n;
		cut = 1;
	}
	fitted f = {c->lines.n, 0, size, lh, 0, align};
	for (size_t li = 0; li < nl; li++) {
		fline L = {c->segs.n, 0, bl.v[li].w};
		double x = 0;
		for (size_t ai = bl.v[li].a0; ai < bl.v[li].a1; ai++) {
			const atom *a = &at.v[ai];
			const piece *p = &c->pieces.v[a->piece];
			double aw = a->w * s;
			seg *last = c->segs.n > L.s0 ? &c->segs.v[c->segs.n - 1] : NULL;
			if (last && last->g1 == a->g0 && last->underline == p->underline &&
			    !p->underline && a->g0 != a->g1 && fabs(last->size - p->size * s) < EPS) {
				last->g1 = a->g1;
				last->w += aw;
			} else {
				seg sg = {a->g0, a->g1, x, aw, p->size * s, p->underline};
				if ((rc = VEC_PUSH(c, c->segs, sg)))
					goto done;
			}
			x += aw;
		}
		L.s1 = c->segs.n;
		if ((rc = VEC_PUSH(c, c->lines, L)))
			goto done;
	}
	f.l1 = c->lines.n;
	f.h = nl * lh + 2 * c->l->pad;
	if (cut && field &&
	    (rc = gf_sheet_diag(c->in->warnings, "warning", "range", field, label,
				"内容过长，已截断；完整内容见附件中的记录",
				"value too long for the sheet and cut; the attached record has it all")))
		goto done;
	*fit_out = c->fits.n;
	rc = VEC_PUSH(c, c->fits, f);
done:
	gf_free(at.v);
	gf_free(bl.v);
	return rc;
}

/* ---- rows --------------------------------------------------------------- */

static double cell_width(const lt_table *t, int col, int span)
{
	double w = 0;
	for (int i = col; i < col + span && i < t->ncols; i++)
		w += t->cols[i];
	return w;
}

static double table_x(const gf_layout *l, const lt_table *t, int col)
{
	double x = l->ml + t->side_w;
	for (int i = 0; i < col; i++)
		x += t->cols[i];
	return x;
}

static int add_row(ctx *c, size_t ti, size_t src, const lt_row *r, int header, int item,
		   const char *base)
{
	if (c->rows.n >= MAX_ROWS)
		return gf_error_set(c->err, GF_ELIMIT, "more than %d rows", MAX_ROWS);
	crow cr;
	memset(&cr, 0, sizeof cr);
	cr.t = &c->l->tables[ti];
	cr.ti = ti;
	cr.r = r;
	cr.src = src;
	cr.header = header;
	cr.item = item;
	snprintf(cr.base, sizeof cr.base, "%s", base ? base : "");
	return VEC_PUSH(c, c->rows, cr);
}

static int expand_rows(ctx *c)
{
	const gf_layout *l = c->l;
	int rc;
	for (size_t ti = 0; ti < l->n_tables; ti++) {
		const lt_table *t = &l->tables[ti];
		for (size_t si = 0; si < t->n; si++) {
			const lt_src *s = &t->srcs[si];
			if (s->kind == SRC_ROW) {
				if ((rc = add_row(c, ti, si, &s->row, 0, 0, NULL)))
					return rc;
				continue;
			}
			for (size_t h = 0; h < s->n_header; h++)
				if ((rc = add_row(c, ti, si, &s->header[h], 1, 0, NULL)))
					return rc;
			const json_t *arr = gf_json_path(c->in->fields, s->field);
			size_t n = json_is_array(arr) ? json_array_size(arr) : 0;
			size_t total = n > (size_t)s->min_items ? n : (size_t)s->min_items;
			if (total > MAX_ROWS)
				return gf_error_set(c->err, GF_ELIMIT, "list %s has more than %d rows",
						    s->field, MAX_ROWS);
			for (size_t i = 0; i < total; i++) {
				char base[40];
				snprintf(base, sizeof base, "%s[%zu]", s->field, i);
				if ((rc = add_row(c, ti, si, &s->item, 0, 1, base)))
					return rc;
			}
		}
	}
	return GF_OK;
}

/* Columns of each row's cells, row heights (spans included), groups. */
static int measure_rows(ctx *c)
{
	const gf_layout *l = c->l;
	int busy[LT_MAX_COLS];
	int rc;
	for (size_t i = 0; i < c->rows.n; i++) {
		crow *r = &c->rows.v[i];
		const crow *pr = i ? &c->rows.v[i - 1] : NULL;
		int in_list = r->item || r->header, prev_list = pr && (pr->item || pr->header);
		int new_block = !pr || pr->ti != r->ti || in_list != prev_list ||
				(in_list && (pr->src != r->src || r->item || pr->header != r->header));
		if (new_block)
			memset(busy, 0, sizeof busy);
		int col = 0;
		r->fit0 = c->fits.n;
		r->h = r->r->min_h;
		for (size_t k = 0; k < r->r->n; k++) {
			const lt_cell *cell = &r->r->cells[k];
			while (col < r->t->ncols && busy[col] > 0)
				col++;
			r->col[k] = col;
			for (int q = 0; q < cell->span && col + q < LT_MAX_COLS; q++)
				busy[col + q] = cell->rowspan;
			double W = cell_width(r->t, col, cell->span) - 2 * l->pad;
			col += cell->span;
			size_t p0;
			if ((rc = cell_pieces(c, cell, r->base, &p0)))
				return rc;
			const char *field = NULL, *label = NULL;
			char key[256];
			for (size_t q = 0; q < cell->n_items; q++)
				if (cell->items[q].field) {
					key_join(key, sizeof key, r->base, cell->items[q].field);
					field = key;
					label = cell->items[q].decl->label;
					break;
				}
			size_t fi;
			if ((rc = fit(c, p0, c->pieces.n, &l->styles[cell->style], W, cell->max_lines,
				      cell->align, c->body_h * 0.8, field, label, &fi)))
				return rc;
			if (cell->rowspan == 1 && c->fits.v[fi].h > r->h)
				r->h = c->fits.v[fi].h;
		}
		for (int q = 0; q < LT_MAX_COLS; q++)
			busy[q]--;
	}
	/* row spans: grow the last spanned row; groups of rows kept together */
	for (size_t i = 0; i < c->rows.n; i++) {
		crow *r = &c->rows.v[i];
		r->group_end = i;
	}
	for (size_t i = 0; i < c->rows.n; i++) {
		crow *r = &c->rows.v[i];
		for (size_t k = 0; k < r->r->n; k++) {
			int rs = r->r->cells[k].rowspan;
			if (rs <= 1)
				continue;
			size_t last = i + (size_t)rs - 1;
			if (last >= c->rows.n)
				last = c->rows.n - 1;
			double sum = 0;
			for (size_t j = i; j <= last; j++)
				sum += c->rows.v[j].h;
			double need = c->fits.v[r->fit0 + k].h;
			if (need > sum)
				c->rows.v[last].h += need - sum;
			if (last > r->group_end)
				r->group_end = last;
		}
	}
	for (size_t i = 0; i < c->rows.n;) {
		size_t end = c->rows.v[i].group_end;
		for (size_t j = i; j <= end && j < c->rows.n; j++)
			if (c->rows.v[j].group_end > end)
				end = c->rows.v[j].group_end;
		for (size_t j = i; j <= end; j++)
			c->rows.v[j].group_end = end;
		i = end + 1;
	}
	return GF_OK;
}

static double sign_height(const gf_layout *l)
{
	double sz = l->styles[l->st_sign].size;
	return l->pad * 2 + sz * 1.6 + l->seal + sz * 2.0;
}

static int keep_with_next(const crow *r)
{
	if (r->header)
		return 1;
	for (size_t k = 0; k < r->r->n; k++)
		if (r->r->cells[k].kind != CELL_SECTION)
			return 0;
	return 1;
}

/* Place rows on pages; list headers are repeated after a page break. */
static int paginate(ctx *c)
{
	double y = c->body_top;
	int page = 0;
	int placed = 0;
	size_t n = c->rows.n;
	for (size_t i = 0; i < n;) {
		crow *r = &c->rows.v[i];
		size_t end = r->group_end;
		double gh = 0;
		for (size_t j = i; j <= end; j++)
			gh += c->rows.v[j].h;
		/* a heading row and a list's header stay with what follows */
		for (size_t k = end; k + 1 < n && keep_with_next(&c->rows.v[k]);) {
			size_t ne = c->rows.v[k + 1].group_end;
			for (size_t j = k + 1; j <= ne; j++)
				gh += c->rows.v[j].h;
			k = ne;
		}
		if (placed && y - gh < c->body_bottom - EPS) {
			page++;
			if (page >= MAX_PAGES)
				return gf_error_set(c->err, GF_ELIMIT, "more than %d pages", MAX_PAGES);
			y = c->body_top;
			/* repeat the list's header */
			if (r->item) {
				for (size_t j = 0; j < i; j++) {
					crow *h = &c->rows.v[j];
					if (h->header && h->ti == r->ti && h->src == r->src) {
						crow copy = *h;
						copy.page = page;
						copy.y = y;
						y -= copy.h;
						if (VEC_PUSH(c, c->rows, copy))
							return GF_ENOMEM;
						r = &c->rows.v[i]; /* the vector may have moved */
					}
				}
			}
		}
		for (size_t j = i; j <= end; j++) {
			c->rows.v[j].page = page;
			c->rows.v[j].y = y;
			y -= c->rows.v[j].h;
		}
		placed = 1;
		i = end + 1;
	}
	if (y - sign_height(c->l) < c->body_bottom - EPS) {
		page++;
		y = c->body_top;
	}
	c->pages = page + 1;
	/* the signature block's top is kept in body_bottom's stead */
	c->body_bottom = y;
	return GF_OK;
}

/* ---- drawing ------------------------------------------------------------ */

static int draw_fitted(ctx *c, const fitted *f, double x, double top, double w, double h)
{
	const gf_layout *l = c->l;
	size_t nl = f->l1 - f->l0;
	double content = nl * f->line_h;
	double y0 = top - (h - content) / 2; /* top of the first line box */
	int rc;
	for (size_t li = 0; li < nl; li++) {
		const fline *L = &c->lines.v[f->l0 + li];
		double ox = x + l->pad;
		double avail = w - 2 * l->pad;
		if (f->align == 1)
			ox += (avail - L->w) / 2;
		else if (f->align == 2)
			ox += avail - L->w;
		double base = y0 - li * f->line_h - (f->line_h - f->size) / 2 - f->size * 0.86;
		for (size_t si = L->s0; si < L->s1; si++) {
			const seg *s = &c->segs.v[si];
			if (s->g1 > s->g0 &&
			    (rc = gf_pdf_glyphs(c->pdf, ox + s->x, base, s->size, c->glyphs.g + s->g0,
						s->g1 - s->g0)))
				return gf_error_set(c->err, rc, "drawing text failed");
			if (s->underline) {
				gf_pdf_line_width(c->pdf, 0.4);
				double uy = base - s->size * 0.14;
				if ((rc = gf_pdf_line(c->pdf, ox + s->x, uy, ox + s->x + s->w, uy)))
					return gf_error_set(c->err, rc, "out of memory");
			}
		}
	}
	return GF_OK;
}

/* One-off text (header, footer, signatures) at a baseline. */
static int draw_text(ctx *c, const char *s, int style, double size, double x, double base,
		     int align, double *w_out)
{
	const lt_style *st = &c->l->styles[style];
	gf_shaped sh = {0};
	int rc = gf_shape(&sh, c->fs, st->chain, s, strlen(s), c->err);
	if (rc)
		return rc;
	double w = gf_glyphs_width(sh.g, sh.n) / 1000.0 * size;
	if (align == 1)
		x -= w / 2;
	else if (align == 2)
		x -= w;
	rc = gf_pdf_glyphs(c->pdf, x, base, size, sh.g, sh.n);
	gf_shaped_free(&sh);
	if (w_out)
		*w_out = w;
	return rc ? gf_error_set(c->err, rc, "drawing text failed") : GF_OK;
}

static int draw_header(ctx *c, int page)
{
	const gf_layout *l = c->l;
	int rc;
	double top = l->page_h - l->mt;
	double qs = l->qr_size;
	const char *payload = c->qr_payload;
	if (payload) {
		int mods = gf_pdf_qr_modules(c->pdf, payload);
		if (mods <= 0)
			return gf_error_set(c->err, GF_EPDF, "QR encoding failed");
		double module = qs / mods;
		if ((rc = gf_pdf_qr(c->pdf, l->page_w - l->mr - qs, top - qs, module, payload, NULL,
				    c->err)))
			return rc;
	}
	const lt_style *ta = &l->styles[l->st_annex], *tt = &l->styles[l->st_title],
		       *tm = &l->styles[l->st_meta];
	if (l->annex && (rc = draw_text(c, l->annex, l->st_annex, ta->size, l->ml, top - ta->size, 0,
					NULL)))
		return rc;
	double cx = l->ml + (l->page_w - l->ml - l->mr) / 2;
	if ((rc = draw_text(c, l->title, l->st_title, tt->size, cx, top - qs * 0.5 - tt->size * 0.3,
			    1, NULL)))
		return rc;
	if (c->in->doc_number) {
		char buf[200];
		snprintf(buf, sizeof buf, "%s%s", l->number_label ? l->number_label : "",
			 c->in->doc_number);
		if ((rc = draw_text(c, buf, l->st_meta, tm->size, l->page_w - l->mr - qs - 2 * MM,
				    top - qs + tm->size * 0.2, 2, NULL)))
			return rc;
	}
	if (l->footer) {
		char buf[256], num[16];
		gf_buf b = GF_BUF_INIT(4096);
		for (const char *p = l->footer; *p;) {
			if (strncmp(p, "{page}", 6) == 0) {
				snprintf(num, sizeof num, "%d", page + 1);
				rc = gf_buf_puts(&b, num);
				p += 6;
			} else if (strncmp(p, "{pages}", 7) == 0) {
				snprintf(num, sizeof num, "%d", c->pages);
				rc = gf_buf_puts(&b, num);
				p += 7;
			} else {
				rc = gf_buf_putc(&b, *p++);
			}
			if (rc) {
				gf_buf_free(&b);
				return gf_error_set(c->err, rc, "out of memory");
			}
		}
		snprintf(buf, sizeof buf, "%s", b.data ? b.data : "");
		gf_buf_free(&b);
		if ((rc = draw_text(c, buf, l->st_meta, tm->size, cx, l->mb * 0.5, 1, NULL)))
			return rc;
	}
	return GF_OK;
}

static int draw_signatures(ctx *c, double top)
{
	const gf_layout *l = c->l;
	const lt_style *st = &l->styles[l->st_sign];
	double h = sign_height(l);
	double width = l->page_w - l->ml - l->mr;
	int rc;
	gf_pdf_line_width(c->pdf, l->line_w);
	if ((rc = gf_pdf_rect(c->pdf, l->ml, top - h, width, h, 0)))
		return gf_error_set(c->err, rc, "out of memory");
	double colw = width / (double)l->n_parties;
	for (size_t i = 0; i < l->n_parties; i++) {
		double x = l->ml + colw * (double)i + l->pad;
		if ((rc = draw_text(c, l->parties[i], l->st_sign, st->size, x,
				    top - l->pad - st->size * 1.1, 0, NULL)))
			return rc;
		/* the clear seal square spans [top - pad - 1.6 size - seal, top - pad - 1.6 size] */
		double date_base = top - h + l->pad + st->size * 0.6;
		if ((rc = draw_text(c, l->sign_date, l->st_sign, st->size,
				    l->ml + colw * (double)(i + 1) - l->pad - 2 * MM, date_base, 2, NULL)))
			return rc;
	}
	return GF_OK;
}

/* Where draw_header and draw_signatures put the QR code and the seal squares. */
static void geometry(const ctx *c, gf_sheet_geom *g)
{
	const gf_layout *l = c->l;
	const lt_style *st = &l->styles[l->st_sign];
	memset(g, 0, sizeof *g);
	g->pages = c->pages;
	g->page_w = l->page_w;
	g->page_h = l->page_h;
	g->qr = (gf_sheet_rect){l->page_w - l->mr - l->qr_size, l->page_h - l->mt - l->qr_size,
				l->qr_size, l->qr_size};
	double h = sign_height(l), top = c->body_bottom;
	double width = l->page_w - l->ml - l->mr;
	g->sign = (gf_sheet_rect){l->ml, top - h, width, h};
	double colw = width / (double)l->n_parties;
	for (size_t i = 0; i < l->n_parties && i < GF_SHEET_MAX_PARTIES; i++) {
		double sq_top = top - l->pad - st->size * 1.6;
		g->seals[i] = (gf_sheet_rect){l->ml + colw * (double)i + l->pad, sq_top - l->seal,
					      l->seal, l->seal};
		g->n_seals++;
	}
}

static int draw_pages(ctx *c)
{
	const gf_layout *l = c->l;
	int rc;
	for (int pg = 0; pg < c->pages; pg++) {
		if ((rc = gf_pdf_page(c->pdf, l->page_w, l->page_h)))
			return gf_error_set(c->err, rc, "cannot add a page");
		if ((rc = draw_header(c, pg)))
			return rc;
		gf_pdf_line_width(c->pdf, l->line_w);
		/* side labels: one per table fragment on this page */
		for (size_t ti = 0; ti < l->n_tables; ti++) {
			const lt_table *t = &l->tables[ti];
			if (!t->side)
				continue;
			double ytop = -1, ybot = 0;
			for (size_t i = 0; i < c->rows.n; i++) {
				const crow *r = &c->rows.v[i];
				if (r->ti != ti || r->page != pg)
					continue;
				if (ytop < 0 || r->y > ytop)
					ytop = r->y;
				if (ybot == 0 || r->y - r->h < ybot)
					ybot = r->y - r->h;
			}
			if (ytop < 0)
				continue;
			if ((rc = gf_pdf_rect(c->pdf, l->ml, ybot, t->side_w, ytop - ybot, 0)))
				return gf_error_set(c->err, rc, "out of memory");
			/* vertical text: one character per line, centred */
			const lt_style *st = &l->styles[t->side_style];
			gf_shaped sh = {0};
			if ((rc = gf_shape(&sh, c->fs, st->chain, t->side, strlen(t->side), c->err)))
				return rc;
			double lh = st->size * 1.15;
			double y = (ytop + ybot) / 2 + sh.n * lh / 2 - st->size * 0.86;
			for (size_t k = 0; k < sh.n; k++) {
				double gw = sh.g[k].adv / 1000.0 * st->size;
				if ((rc = gf_pdf_glyphs(c->pdf, l->ml + (t->side_w - gw) / 2, y - k * lh,
							st->size, &sh.g[k], 1))) {
					gf_shaped_free(&sh);
					return gf_error_set(c->err, rc, "drawing text failed");
				}
			}
			gf_shaped_free(&sh);
		}
		for (size_t i = 0; i < c->rows.n; i++) {
			const crow *r = &c->rows.v[i];
			if (r->page != pg)
				continue;
			for (size_t k = 0; k < r->r->n; k++) {
				const lt_cell *cell = &r->r->cells[k];
				double x = table_x(l, r->t, r->col[k]);
				double w = cell_width(r->t, r->col[k], cell->span);
				double h = 0;
				for (size_t j = i; j < i + (size_t)cell->rowspan && j < c->rows.n; j++)
					h += c->rows.v[j].h;
				gf_pdf_line_width(c->pdf, l->line_w);
				if ((rc = gf_pdf_rect(c->pdf, x, r->y - h, w, h, 0)))
					return gf_error_set(c->err, rc, "out of memory");
				if ((rc = draw_fitted(c, &c->fits.v[r->fit0 + k], x, r->y, w, h)))
					return rc;
			}
		}
		if (pg == c->pages - 1 && (rc = draw_signatures(c, c->body_bottom)))
			return rc;
	}
	return GF_OK;
}

int gf_layout_render(const gf_layout *l, const gf_fonts *fonts, gf_pdf *pdf,
		     const gf_render_in *in, int *pages_out, gf_error *err)
{
	ctx c;
	memset(&c, 0, sizeof c);
	c.l = l;
	c.fs = fonts;
	c.pdf = pdf;
	c.in = in;
	c.err = err;
	c.glyphs.max = 4000000;
	c.body_top = l->page_h - l->mt - l->qr_size - 3 * MM;
	c.body_bottom = l->mb + (l->footer ? 3 * MM : 0);
	c.body_h = c.body_top - c.body_bottom;
	/* the layout is read-only but for its fonts, built once under a lock */
	int rc = gf_layout__prefonts((gf_layout *)l, err);
	if (rc)
		return rc;
	gf_pdf_set_prefonts(pdf, l->pre, l->n_pre);
	rc = expand_rows(&c);
	if (!rc)
		rc = measure_rows(&c);
	if (!rc)
		rc = paginate(&c);
	if (!rc && in->geom)
		geometry(&c, in->geom);
	if (!rc && in->qr && (rc = in->qr(in->qr_ud, &c.qr_payload)))
		gf_error_set(err, rc, "out of memory");
	if (!rc)
		rc = draw_pages(&c);
	if (pages_out)
		*pages_out = c.pages;
	gf_shaped_free(&c.glyphs);
	gf_free(c.pieces.v);
	gf_free(c.segs.v);
	gf_free(c.lines.v);
	gf_free(c.fits.v);
	gf_free(c.rows.v);
	if (rc == GF_ENOMEM)
		gf_error_set(err, rc, "out of memory");
	return rc;
}
