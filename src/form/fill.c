#include "form/fill.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/marks.h"
#include "core/text.h"
#include "core/utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX (1u << 20) /* bytes kept of one text value (the XSD's maxLength) */

int gf_fill_init(gf_fill *fl, gf_arena *a, const gf_formdef *form, const gf_values *values,
		 gf_diags *diags)
{
	memset(fl, 0, sizeof *fl);
	fl->arena = a;
	fl->form = form;
	fl->values = values;
	fl->diags = diags;
	size_t nf = form->nfields + 1, nt = form->ntables + 1;
	fl->value = gf_calloc(nf, sizeof *fl->value);
	fl->loc = gf_arena_alloc(a, nf * sizeof *fl->loc);
	fl->seen = gf_arena_alloc(a, nf * sizeof *fl->seen);
	fl->bad = gf_arena_alloc(a, nf * sizeof *fl->bad);
	fl->rows = gf_calloc(nt, sizeof *fl->rows);
	fl->rowinfo = gf_arena_alloc(a, nt * sizeof *fl->rowinfo);
	fl->nrows = gf_arena_alloc(a, nt * sizeof *fl->nrows);
	fl->rowcap = gf_arena_alloc(a, nt * sizeof *fl->rowcap);
	fl->table_loc = gf_arena_alloc(a, nt * sizeof *fl->table_loc);
	fl->total = gf_calloc(nt, sizeof *fl->total);
	fl->total_loc = gf_arena_alloc(a, nt * sizeof *fl->total_loc);
	if (!fl->value || !fl->loc || !fl->seen || !fl->bad || !fl->rows || !fl->rowinfo || !fl->nrows || !fl->rowcap ||
	    !fl->table_loc || !fl->total || !fl->total_loc) {
		gf_fill_free(fl);
		return GF_ENOMEM;
	}
	return 0;
}

void gf_fill_free(gf_fill *fl)
{
	if (fl->value)
		for (size_t i = 0; i < fl->form->nfields; i++)
			json_decref(fl->value[i]);
	if (fl->rows)
		for (size_t i = 0; i < fl->form->ntables; i++)
			json_decref(fl->rows[i]);
	if (fl->total)
		for (size_t i = 0; i < fl->form->ntables; i++)
			json_decref(fl->total[i]);
	gf_free(fl->value);
	gf_free(fl->rows);
	gf_free(fl->total);
	fl->value = NULL;
	fl->rows = NULL;
	fl->total = NULL;
}

int gf_fill_diag(gf_fill *fl, gf_severity sev, const char *code, const char *field,
		 const char *label, gf_loc loc, const char *zh, const char *en)
{
	if (!zh)
		return GF_ENOMEM;
	return gf_diags_add(fl->diags, sev, code, field, label, loc, zh, en);
}

void gf_fill_seen(gf_fill *fl, const gf_fielddef *f, gf_loc loc)
{
	if (!fl->seen[f->index]) {
		fl->seen[f->index] = true;
		fl->loc[f->index] = loc;
	}
}

void gf_fill_table_seen(gf_fill *fl, const gf_tabledef *t, gf_loc loc)
{
	if (!fl->table_loc[t->index].table && !fl->table_loc[t->index].line)
		fl->table_loc[t->index] = loc;
}

/* Remove a compacted literal prompt from text: the shortest stretch of text
 * whose compacted form is the prompt. */
static char *cut_literal(gf_arena *a, const char *text, const char *prompt)
{
	if (!prompt || !*prompt)
		return (char *)text;
	size_t n = strlen(text), pl = strlen(prompt);
	/* walk text, comparing visible characters with the prompt */
	for (size_t start = 0; start < n;) {
		uint32_t cp;
		size_t k = gf_utf8_decode(text + start, n - start, &cp);
		if (!k)
			k = 1;
		if (gf_text_is_space(cp)) {
			start += k;
			continue;
		}
		size_t i = start, j = 0;
		while (i < n && j < pl) {
			uint32_t c1, c2;
			size_t k1 = gf_utf8_decode(text + i, n - i, &c1);
			if (!k1)
				break;
			if (gf_text_is_space(c1) || gf_mark_is_emphasis(c1)) {
				i += k1;
				continue;
			}
			size_t k2 = gf_utf8_decode(prompt + j, pl - j, &c2);
			if (!k2 || gf_text_fold_width(c1) != gf_text_fold_width(c2))
				break;
			i += k1;
			j += k2;
		}
		if (j == pl) {
			char *r = gf_arena_alloc(a, n - (i - start) + 2);
			if (!r)
				return NULL;
			memcpy(r, text, start);
			r[start] = ' ';
			memcpy(r + start + 1, text + i, n - i);
			r[start + 1 + n - i] = '\0';
			return r;
		}
		start += k;
	}
	return (char *)text;
}

static char *cut_regex(gf_arena *a, const char *text, const pcre2_code *re)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	if (!md)
		return NULL;
	size_t n = strlen(text);
	char *out = gf_arena_alloc(a, n + 1);
	if (!out) {
		pcre2_match_data_free(md);
		return NULL;
	}
	size_t o = 0, pos = 0;
	while (pos <= n) {
		int rc = pcre2_match(re, (PCRE2_SPTR)text, n, pos, 0, md, NULL);
		if (rc <= 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		memcpy(out + o, text + pos, ov[0] - pos);
		o += ov[0] - pos;
		pos = ov[1] > ov[0] ? ov[1] : ov[1] + 1;
		if (ov[1] == ov[0] && ov[0] < n)
			out[o++] = text[ov[0]];
	}
	if (pos < n) {
		memcpy(out + o, text + pos, n - pos);
		o += n - pos;
	}
	out[o] = '\0';
	pcre2_match_data_free(md);
	return out;
}

/* Text with the field's printed prompts removed. */
static const char *strip_prompts(gf_fill *fl, const gf_prompt *p, size_t np, const char *text)
{
	const char *t = text;
	for (size_t i = 0; i < np && t; i++)
		t = p[i].re ? cut_regex(fl->arena, t, p[i].re) : cut_literal(fl->arena, t, p[i].text);
	return t;
}

/* A short, printable excerpt of what was written, for messages. */
static const char *excerpt(gf_arena *a, const char *text)
{
	char *c = gf_text_clean(a, text);
	if (!c)
		return "";
	if (strlen(c) > 60) {
		size_t cut = 57;
		while (cut > 0 && ((unsigned char)c[cut] & 0xC0) == 0x80)
			cut--;
		c[cut] = '\0';
		return gf_arena_printf(a, "%s…", c);
	}
	return c;
}

/* A text value, trimmed and folded; *cut set when it had to be shortened. */
static json_t *text_value(gf_arena *a, const char *text, bool *cut_out)
{
	char *c = gf_text_clean(a, gf_marks_strip(a, text));
	if (!c)
		return NULL;
	if (strlen(c) > TEXT_MAX) {
		size_t cut = TEXT_MAX;
		while (cut > 0 && ((unsigned char)c[cut] & 0xC0) == 0x80)
			cut--;
		c[cut] = '\0';
		*cut_out = true;
	}
	return json_string(c);
}

/* Parse text as type t into *out; on refusal add a `format` diagnostic. */
static int typed(gf_fill *fl, gf_type t, const char *text, const char *path, const char *label,
		 gf_loc loc, json_t **out)
{
	*out = NULL;
	if (t == GF_TYPE_TEXT || t == GF_TYPE_CHOICE || t == GF_TYPE_MULTI) {
		bool cut = false;
		*out = text_value(fl->arena, text, &cut);
		if (!*out)
			return GF_ENOMEM;
		if (cut && gf_fill_diag(fl, GF_SEV_WARNING, "format", path, label, loc,
					gf_arena_printf(fl->arena, "“%s”超过%u字节，只保留了前%u字节",
							label, TEXT_MAX, TEXT_MAX),
					"text longer than the limit was shortened"))
			return GF_ENOMEM;
		return 0;
	}
	gf_value_why why = {0};
	const char *clean = gf_marks_strip(fl->arena, text);
	if (!clean)
		return GF_ENOMEM;
	int rc = gf_value_parse(fl->values, t, clean, out, &why);
	if (rc == 0)
		return 0;
	if (rc == GF_ENOMEM)
		return rc;
	const char *zh = gf_arena_printf(fl->arena, "“%s”格式不正确：%s（填写为“%s”）", label,
					 why.zh ? why.zh : "无法识别", excerpt(fl->arena, text));
	const char *en = gf_arena_printf(fl->arena, "invalid %s: %s", gf_type_name(t),
					 why.en ? why.en : "not recognised");
	return gf_fill_diag(fl, GF_SEV_ERROR, "format", path, label, loc, zh, en) ? GF_ENOMEM : 1;
}

int gf_fill_text(gf_fill *fl, const gf_fielddef *f, const char *text, gf_loc loc)
{
	gf_fill_seen(fl, f, loc);
	if (fl->value[f->index] || fl->bad[f->index])
		return 0; /* first reading wins */
	const char *t = strip_prompts(fl, f->prompts, f->nprompts, text ? text : "");
	if (!t)
		return GF_ENOMEM;
	if (gf_text_blank(gf_marks_strip(fl->arena, t)))
		return 0;
	fl->loc[f->index] = loc;
	json_t *v;
	int rc = typed(fl, f->type, t, f->key, f->label, loc, &v);
	if (rc == 1) {
		fl->bad[f->index] = true;
		return 0;
	}
	if (rc)
		return rc;
	fl->value[f->index] = v;
	return 0;
}

int gf_fill_pick(gf_fill *fl, const gf_fielddef *f, const int *chosen, size_t n,
		 const char *unknown, gf_loc loc)
{
	gf_fill_seen(fl, f, loc);
	if (fl->value[f->index] || fl->bad[f->index])
		return 0;
	fl->loc[f->index] = loc;
	if (unknown && *unknown) {
		const char *zh = gf_arena_printf(fl->arena, "“%s”选择了表中没有的选项“%s”", f->label,
						 excerpt(fl->arena, unknown));
		if (gf_fill_diag(fl, GF_SEV_ERROR, "choice", f->key, f->label, loc, zh,
				 "the option marked is not one of the form's options"))
			return GF_ENOMEM;
		fl->bad[f->index] = true;
		if (n == 0) {
			/* keep what was written so rules and people can see it */
			fl->value[f->index] = f->type == GF_TYPE_MULTI
						      ? json_pack("[s]", unknown)
						      : json_string(unknown);
			return fl->value[f->index] ? 0 : GF_ENOMEM;
		}
	}
	if (n == 0)
		return 0;
	if (f->type == GF_TYPE_CHOICE) {
		if (n > 1) {
			char list[512] = "";
			for (size_t i = 0; i < n; i++) {
				size_t l = strlen(list);
				snprintf(list + l, sizeof list - l, "%s“%s”", i ? "、" : "",
					 f->options[chosen[i]].text);
			}
			const char *zh = gf_arena_printf(fl->arena, "“%s”为单选，但勾选了%zu项：%s",
							 f->label, n, list);
			if (gf_fill_diag(fl, GF_SEV_ERROR, "choice", f->key, f->label, loc, zh,
					 "single choice with several options marked"))
				return GF_ENOMEM;
			fl->bad[f->index] = true;
			return 0;
		}
		fl->value[f->index] = json_string(f->options[chosen[0]].text);
		return fl->value[f->index] ? 0 : GF_ENOMEM;
	}
	json_t *arr = json_array();
	if (!arr)
		return GF_ENOMEM;
	/* option order, each once */
	for (size_t o = 0; o < f->noptions; o++)
		for (size_t i = 0; i < n; i++)
			if ((size_t)chosen[i] == o) {
				if (json_array_append_new(arr, json_string(f->options[o].text))) {
					json_decref(arr);
					return GF_ENOMEM;
				}
				break;
			}
	fl->value[f->index] = arr;
	return 0;
}

bool gf_fill_is_zero(const char *text)
{
	if (!text)
		return false;
	size_t n = strlen(text), i = 0, zeros = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(text + i, n - i, &cp);
		if (!k)
			return false;
		cp = gf_text_fold_width(cp);
		if (cp == '0')
			zeros++;
		else if (!gf_text_is_space(cp) && !gf_mark_is_emphasis(cp))
			return false;
		i += k;
	}
	return zeros == 1;
}

int gf_fill_zero(gf_fill *fl, const gf_fielddef *f, gf_loc loc)
{
	gf_fill_seen(fl, f, loc);
	if (fl->value[f->index] || fl->bad[f->index])
		return 0;
	fl->loc[f->index] = loc;
	fl->value[f->index] = gf_type_is_numeric(f->type) ? json_integer(0) : json_string("0");
	return fl->value[f->index] ? 0 : GF_ENOMEM;
}

static size_t part_count(const gf_tabledef *t)
{
	size_t n = 0;
	for (size_t c = 0; c < t->ncols; c++)
		n += t->cols[c].nparts;
	return n;
}

static size_t part_slot(const gf_tabledef *t, const gf_partdef *p)
{
	size_t n = 0;
	for (size_t c = 0; c < t->ncols; c++)
		for (size_t k = 0; k < t->cols[c].nparts; k++, n++)
			if (&t->cols[c].parts[k] == p)
				return n;
	return 0;
}

int gf_fill_row_begin(gf_fill *fl, const gf_tabledef *t, gf_loc loc, bool is_total,
		      gf_rowbuild *rb)
{
	memset(rb, 0, sizeof *rb);
	rb->t = t;
	rb->loc = loc;
	rb->is_total = is_total;
	rb->row = json_object();
	rb->col_loc = gf_arena_alloc(fl->arena, sizeof *rb->col_loc * (part_count(t) + 1));
	if (!rb->row || !rb->col_loc) {
		json_decref(rb->row);
		rb->row = NULL;
		return GF_ENOMEM;
	}
	gf_fill_table_seen(fl, t, loc);
	return 0;
}

const char *gf_fill_row_path(gf_fill *fl, const gf_tabledef *t, size_t row, const char *part)
{
	if (part)
		return gf_arena_printf(fl->arena, "%s[%zu].%s", t->key, row, part);
	return gf_arena_printf(fl->arena, "%s[%zu]", t->key, row);
}

static const char *row_path(gf_fill *fl, gf_rowbuild *rb, const char *part)
{
	if (rb->is_total)
		return gf_arena_printf(fl->arena, "%s.%s", rb->t->total_key, part);
	size_t idx = fl->rows[rb->t->index] ? json_array_size(fl->rows[rb->t->index]) : 0;
	return gf_fill_row_path(fl, rb->t, idx, part);
}

int gf_fill_row_text(gf_fill *fl, gf_rowbuild *rb, const gf_coldef *col, const gf_partdef *p,
		     const char *text, gf_loc loc)
{
	if (!text || gf_text_blank(gf_marks_strip(fl->arena, text)))
		return 0;
	if (json_object_get(rb->row, p->key))
		return 0;
	const char *path = row_path(fl, rb, p->key);
	if (!path)
		return GF_ENOMEM;
	json_t *v;
	int rc = typed(fl, p->type, text, path, col->label, loc, &v);
	if (rc == 1)
		return 0;
	if (rc)
		return rc;
	rb->col_loc[part_slot(rb->t, p)] = loc;
	return json_object_set_new(rb->row, p->key, v) ? GF_ENOMEM : 0;
}

static int set_number(gf_fill *fl, gf_rowbuild *rb, const gf_partdef *p, double x, gf_loc loc)
{
	(void)fl;
	rb->col_loc[part_slot(rb->t, p)] = loc;
	json_t *v = gf_value_json_number(x);
	return !v || json_object_set_new(rb->row, p->key, v) ? GF_ENOMEM : 0;
}

int gf_fill_row_cell(gf_fill *fl, gf_rowbuild *rb, const gf_coldef *col, const char *text,
		     gf_loc loc)
{
	if (!text)
		return 0;
	const char *t = gf_marks_strip(fl->arena, text);
	if (!t)
		return GF_ENOMEM;
	if (col->prompt) {
		const char *compact = gf_text_compact(fl->arena, t);
		if (compact && strcmp(compact, col->prompt) == 0)
			return 0;
	}
	if (gf_text_blank(t))
		return 0;
	gf_value_why why = {0};
	int rc;
	switch (col->split) {
	case GF_SPLIT_NONE:
		return gf_fill_row_text(fl, rb, col, &col->parts[0], t, loc);
	case GF_SPLIT_PATTERN:
		for (size_t i = 0; i < col->nparts; i++) {
			const char *g = NULL;
			const char *folded = gf_text_fold(fl->arena, t);
			if (!folded)
				return GF_ENOMEM;
			rc = gf_pattern_match(col->parts[i].pattern, folded, fl->arena, &g);
			if (rc < 0)
				return rc;
			if (rc == 1 && g && *g && (rc = gf_fill_row_text(fl, rb, col, &col->parts[i], g, loc)))
				return rc;
		}
		return 0;
	case GF_SPLIT_DISK: {
		double gb = -1;
		char *type = NULL;
		rc = gf_value_parse_disk(fl->values, t, &gb, &type, &why);
		if (rc == GF_ENOMEM)
			return rc;
		if (rc == 0) {
			if (gb >= 0 && (rc = set_number(fl, rb, &col->parts[0], gb, loc))) {
				gf_free(type);
				return rc;
			}
			if (type) {
				rc = gf_fill_row_text(fl, rb, col, &col->parts[1], type, loc);
				gf_free(type);
				return rc;
			}
			return 0;
		}
		break;
	}
	case GF_SPLIT_CPUMEM: {
		long cpu = -1;
		double mem = -1;
		rc = gf_value_parse_cpumem(fl->values, t, &cpu, &mem, &why);
		if (rc == GF_ENOMEM)
			return rc;
		if (rc == 0) {
			if (cpu >= 0 && (rc = set_number(fl, rb, &col->parts[0], (double)cpu, loc)))
				return rc;
			if (mem >= 0 && (rc = set_number(fl, rb, &col->parts[1], mem, loc)))
				return rc;
			return 0;
		}
		break;
	}
	}
	const char *path = row_path(fl, rb, col->parts[0].key);
	const char *zh = gf_arena_printf(fl->arena, "“%s”格式不正确：%s（填写为“%s”）", col->label,
					 why.zh ? why.zh : "无法识别", excerpt(fl->arena, t));
	const char *en = gf_arena_printf(fl->arena, "invalid value: %s",
					 why.en ? why.en : "not recognised");
	return gf_fill_diag(fl, GF_SEV_ERROR, "format", path, col->label, loc, zh, en);
}

int gf_fill_row_end(gf_fill *fl, gf_rowbuild *rb)
{
	json_t *row = rb->row;
	rb->row = NULL;
	if (!row)
		return 0;
	if (json_object_size(row) == 0) {
		json_decref(row);
		return 0;
	}
	size_t ti = rb->t->index;
	if (rb->is_total) {
		json_decref(fl->total[ti]);
		fl->total[ti] = row;
		fl->total_loc[ti] = rb->loc;
		return 0;
	}
	if (!fl->rows[ti] && !(fl->rows[ti] = json_array())) {
		json_decref(row);
		return GF_ENOMEM;
	}
	size_t n = json_array_size(fl->rows[ti]);
	if (n == fl->rowcap[ti]) {
		/* geometric growth: the arena never frees, so doubling keeps the
		 * total copied linear in the number of rows */
		size_t cap = fl->rowcap[ti] ? fl->rowcap[ti] * 2 : 16;
		gf_rowinfo *ri = gf_arena_grow(fl->arena, fl->rowinfo[ti],
					       fl->rowcap[ti] * sizeof *ri, cap * sizeof *ri);
		if (!ri) {
			json_decref(row);
			return GF_ENOMEM;
		}
		fl->rowinfo[ti] = ri;
		fl->rowcap[ti] = cap;
	}
	fl->rowinfo[ti][n].loc = rb->loc;
	fl->rowinfo[ti][n].col_loc = rb->col_loc;
	fl->nrows[ti] = n + 1;
	return json_array_append_new(fl->rows[ti], row) ? GF_ENOMEM : 0;
}

int gf_json_set_path(json_t *obj, const char *path, json_t *v)
{
	const char *dot;
	json_t *cur = obj;
	while ((dot = strchr(path, '.'))) {
		char seg[128];
		size_t l = (size_t)(dot - path);
		if (l == 0 || l >= sizeof seg) {
			json_decref(v);
			return GF_EINVAL;
		}
		memcpy(seg, path, l);
		seg[l] = '\0';
		json_t *next = json_object_get(cur, seg);
		if (!next || !json_is_object(next)) {
			next = json_object();
			if (!next || json_object_set_new(cur, seg, next)) {
				json_decref(v);
				return GF_ENOMEM;
			}
		}
		cur = next;
		path = dot + 1;
	}
	return json_object_set_new(cur, path, v) ? GF_ENOMEM : 0;
}

json_t *gf_json_get_path(const json_t *obj, const char *path)
{
	const char *dot;
	const json_t *cur = obj;
	while (cur && (dot = strchr(path, '.'))) {
		char seg[128];
		size_t l = (size_t)(dot - path);
		if (l == 0 || l >= sizeof seg)
			return NULL;
		memcpy(seg, path, l);
		seg[l] = '\0';
		cur = json_object_get(cur, seg);
		path = dot + 1;
	}
	return cur ? json_object_get(cur, path) : NULL;
}

static bool picked(const json_t *v, const char *option)
{
	if (json_is_string(v))
		return strcmp(json_string_value(v), option) == 0;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) if (json_is_string(x) && strcmp(json_string_value(x), option) == 0)
		return true;
	return false;
}

json_t *gf_fill_total(const gf_tabledef *t, const json_t *rows)
{
	json_t *total = json_object();
	if (!total)
		return NULL;
	double sum[16] = {0}, count = 0;
	bool seen[16] = {0};
	size_t nc = t->ntotal_cols < 16 ? t->ntotal_cols : 16;
	size_t i;
	json_t *row;
	json_array_foreach(rows, i, row) {
		const json_t *cv = t->count_key ? json_object_get(row, t->count_key) : NULL;
		double n = json_is_number(cv) ? gf_value_number(cv) : 1;
		count += n;
		for (size_t k = 0; k < nc; k++) {
			const json_t *v = json_object_get(row, t->total_cols[k]);
			if (json_is_number(v)) {
				sum[k] += gf_value_number(v) * n;
				seen[k] = true;
			}
		}
	}
	for (size_t k = 0; k < nc; k++)
		if (seen[k] && json_object_set_new(total, t->total_cols[k], gf_value_json_number(sum[k]))) {
			json_decref(total);
			return NULL;
		}
	if (t->count_key && json_object_set_new(total, t->count_key, gf_value_json_number(count))) {
		json_decref(total);
		return NULL;
	}
	return total;
}

static bool has_diag(const gf_fill *fl, const char *field)
{
	for (size_t i = 0; i < fl->diags->n; i++)
		if (fl->diags->items[i].field && strcmp(fl->diags->items[i].field, field) == 0)
			return true;
	return false;
}

int gf_fill_finish(gf_fill *fl, json_t **fields_out)
{
	*fields_out = NULL;
	const gf_formdef *form = fl->form;
	for (size_t i = 0; i < form->nfields; i++) {
		const gf_fielddef *f = &form->fields[i];
		if (f->derived || !f->required || fl->value[i] || fl->bad[i] || has_diag(fl, f->key))
			continue; /* a value refused (by the XML Schema too) is reported once */
		bool options_printed = (f->type == GF_TYPE_CHOICE || f->type == GF_TYPE_MULTI) &&
				       fl->seen[i] && fl->loc[i].table;
		const char *zh, *en, *code;
		if (options_printed) {
			code = "choice";
			zh = gf_arena_printf(fl->arena, "必选项“%s”未勾选任何选项", f->label);
			en = "no option marked";
		} else {
			code = "required";
			zh = gf_arena_printf(fl->arena, "必填项“%s”未填写", f->label);
			en = "required field is empty";
		}
		if (gf_fill_diag(fl, GF_SEV_ERROR, code, f->key, f->label, fl->loc[i], zh, en))
			return GF_ENOMEM;
	}
	/* 其他 marked without its text */
	for (size_t i = 0; i < form->nfields; i++) {
		const gf_fielddef *f = &form->fields[i];
		if (!f->other_key || !fl->value[i])
			continue;
		const gf_fielddef *o = gf_formdef_field(form, f->other_key);
		if (!o || fl->value[o->index] || fl->bad[o->index])
			continue;
		for (size_t k = 0; k < f->noptions; k++) {
			if (!f->options[k].other || !picked(fl->value[i], f->options[k].text))
				continue;
			const char *zh = gf_arena_printf(fl->arena, "“%s”勾选了“%s”，但未填写具体内容",
							 f->label, f->options[k].text);
			if (gf_fill_diag(fl, GF_SEV_ERROR, "required", o->key, f->options[k].text,
					 fl->loc[i], zh, "\"other\" is marked but its text is empty"))
				return GF_ENOMEM;
		}
	}
	json_t *fields = json_object();
	if (!fields)
		return GF_ENOMEM;
	for (size_t s = 0; s < form->norder; s++) {
		const gf_slot *slot = &form->order[s];
		int rc = 0;
		if (slot->field && fl->value[slot->field->index]) {
			rc = gf_json_set_path(fields, slot->field->key, fl->value[slot->field->index]);
			fl->value[slot->field->index] = NULL;
		} else if (slot->table && fl->rows[slot->table->index] &&
			   json_array_size(fl->rows[slot->table->index])) {
			json_t *rows = fl->rows[slot->table->index];
			fl->rows[slot->table->index] = NULL;
			json_t *total = slot->table->total_key ? gf_fill_total(slot->table, rows) : NULL;
			rc = gf_json_set_path(fields, slot->table->key, rows);
			if (!rc && total)
				rc = gf_json_set_path(fields, slot->table->total_key, total);
			else
				json_decref(total);
		}
		if (rc) {
			json_decref(fields);
			return rc;
		}
	}
	*fields_out = fields;
	return 0;
}

gf_loc gf_fill_where(const gf_fill *fl, const char *path)
{
	gf_loc none = {0};
	const char *br = strchr(path, '[');
	if (!br) {
		const gf_fielddef *f = gf_formdef_field(fl->form, path);
		if (f)
			return fl->loc[f->index];
		const gf_tabledef *t = gf_formdef_table(fl->form, path);
		if (t)
			return fl->table_loc[t->index];
		for (size_t i = 0; i < fl->form->ntables; i++) {
			const gf_tabledef *tt = &fl->form->tables[i];
			if (tt->total_key && strncmp(path, tt->total_key, strlen(tt->total_key)) == 0)
				return fl->total_loc[i].table || fl->total_loc[i].line
					       ? fl->total_loc[i]
					       : fl->table_loc[i];
		}
		return none;
	}
	char key[128];
	size_t kl = (size_t)(br - path);
	if (kl >= sizeof key)
		return none;
	memcpy(key, path, kl);
	key[kl] = '\0';
	const gf_tabledef *t = gf_formdef_table(fl->form, key);
	if (!t)
		return none;
	size_t row = strtoul(br + 1, NULL, 10);
	if (row >= fl->nrows[t->index])
		return fl->table_loc[t->index];
	const gf_rowinfo *ri = &fl->rowinfo[t->index][row];
	const char *dot = strchr(br, '.');
	if (!dot)
		return ri->loc;
	size_t slot = 0;
	for (size_t c = 0; c < t->ncols; c++)
		for (size_t k = 0; k < t->cols[c].nparts; k++, slot++)
			if (strcmp(t->cols[c].parts[k].key, dot + 1) == 0)
				return ri->col_loc[slot].table || ri->col_loc[slot].line ? ri->col_loc[slot]
											  : ri->loc;
	return ri->loc;
}
