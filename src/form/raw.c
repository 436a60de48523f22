#include "form/raw.h"

#include "core/text.h"
#include "form/options.h"

#include <stdio.h>
#include <string.h>

typedef struct rctx {
	gf_fill *fl;
	gf_locate_fn locate;
	void *lctx;
} rctx;

static gf_loc where(const rctx *R, const char *path)
{
	gf_loc loc = {0};
	if (R->locate)
		R->locate(R->lctx, path, &loc);
	return loc;
}

/* Leaf text of a raw value: strings as they are, numbers written out. */
static const char *leaf_text(gf_arena *a, const json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_integer(v))
		return gf_arena_printf(a, "%lld", (long long)json_integer_value(v));
	if (json_is_real(v))
		return gf_arena_printf(a, "%.15g", json_real_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

static int shape_error(rctx *R, const char *path, const char *label, const char *what_zh,
		       const char *what_en)
{
	gf_fill *fl = R->fl;
	/* the XML Schema may have said it already */
	for (size_t i = 0; i < fl->diags->n; i++)
		if (fl->diags->items[i].field && strcmp(fl->diags->items[i].field, path) == 0 &&
		    strcmp(fl->diags->items[i].code, "format") == 0)
			return 0;
	const char *zh = gf_arena_printf(fl->arena, "“%s”%s", label ? label : path, what_zh);
	return gf_fill_diag(fl, GF_SEV_ERROR, "format", path, label, where(R, path), zh, what_en);
}

/* Split a multi choice written as one string: "政务外网、互联网". */
static size_t split_options(gf_arena *a, const char *s, const char **out, size_t max)
{
	size_t n = 0;
	char *copy = gf_arena_strdup(a, s);
	if (!copy)
		return 0;
	char *p = copy;
	while (*p && n < max) {
		char *end = p;
		while (*end && *end != ',' && *end != ';' && strncmp(end, "、", 3) != 0 &&
		       strncmp(end, "，", 3) != 0 && strncmp(end, "；", 3) != 0 && *end != '\n')
			end++;
		size_t skip = (*end == ',' || *end == ';' || *end == '\n') ? 1 : (*end ? 3 : 0);
		char save = *end;
		*end = '\0';
		if (!gf_text_blank(p))
			out[n++] = p;
		if (!save)
			break;
		p = end + skip;
	}
	return n;
}

static int read_choice(rctx *R, const gf_fielddef *f, const json_t *v)
{
	gf_fill *fl = R->fl;
	gf_loc loc = where(R, f->key);
	const char *items[GF_OPTIONS_MAX];
	size_t n = 0;
	if (json_is_array(v)) {
		size_t i;
		json_t *x;
		json_array_foreach(v, i, x) {
			const char *t = leaf_text(fl->arena, x);
			if (!t)
				return shape_error(R, f->key, f->label, "的选项应为文本", "option must be text");
			if (n < GF_OPTIONS_MAX && !gf_text_blank(t))
				items[n++] = t;
		}
	} else {
		const char *t = leaf_text(fl->arena, v);
		if (!t)
			return shape_error(R, f->key, f->label, "应为文本", "value must be text");
		if (gf_text_blank(t)) {
			gf_fill_seen(fl, f, loc);
			return 0;
		}
		n = f->type == GF_TYPE_MULTI ? split_options(fl->arena, t, items, GF_OPTIONS_MAX) : 1;
		if (f->type != GF_TYPE_MULTI)
			items[0] = t;
	}
	int chosen[GF_OPTIONS_MAX];
	size_t nc = 0;
	const char *unknown = NULL;
	for (size_t i = 0; i < n; i++) {
		int k = gf_options_lookup(f, items[i], fl->arena);
		if (k >= 0) {
			bool dup = false;
			for (size_t j = 0; j < nc; j++)
				dup = dup || chosen[j] == k;
			if (!dup)
				chosen[nc++] = k;
		} else if (!unknown) {
			unknown = gf_text_clean(fl->arena, items[i]);
		}
	}
	return gf_fill_pick(fl, f, chosen, nc, unknown, loc);
}

static int read_row(rctx *R, const gf_tabledef *t, size_t i, const json_t *item, bool is_total)
{
	gf_fill *fl = R->fl;
	const char *rowpath = is_total ? t->total_key : gf_fill_row_path(fl, t, i, NULL);
	if (!json_is_object(item))
		return shape_error(R, rowpath, t->label, "的每一行应为一组字段", "a row must be an object");
	gf_rowbuild rb;
	int rc = gf_fill_row_begin(fl, t, where(R, rowpath), is_total, &rb);
	if (rc)
		return rc;
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)item, key, v) {
		const gf_coldef *col = NULL;
		const gf_partdef *part = NULL;
		for (size_t c = 0; c < t->ncols && !part; c++)
			for (size_t p = 0; p < t->cols[c].nparts; p++)
				if (strcmp(t->cols[c].parts[p].key, key) == 0) {
					col = &t->cols[c];
					part = &col->parts[p];
					break;
				}
		const char *path = is_total ? gf_arena_printf(fl->arena, "%s.%s", t->total_key, key)
					    : gf_fill_row_path(fl, t, i, key);
		if (!part) {
			rc = shape_error(R, path, NULL, "不是此表格的列", "no such column in this table");
		} else {
			const char *text = leaf_text(fl->arena, v);
			if (!text)
				rc = shape_error(R, path, col ? col->label : key, "应为文本", "value must be text");
			else
				rc = gf_fill_row_text(fl, &rb, col, part, text, where(R, path));
		}
		if (rc) {
			json_decref(rb.row);
			return rc;
		}
	}
	return gf_fill_row_end(fl, &rb);
}

static int read_table(rctx *R, const gf_tabledef *t, const json_t *v)
{
	if (!json_is_array(v))
		return shape_error(R, t->key, t->label, "应为多行表格", "a table must be a list of rows");
	size_t i;
	json_t *item;
	json_array_foreach(v, i, item) {
		int rc = read_row(R, t, R->fl->nrows[t->index], item, false);
		if (rc)
			return rc;
	}
	gf_fill_table_seen(R->fl, t, where(R, t->key));
	return 0;
}

/* Is `path` a field, a table, a total, or a prefix of one of them? */
static bool known_prefix(const gf_formdef *form, const char *path)
{
	size_t pl = strlen(path);
	for (size_t i = 0; i < form->nfields; i++) {
		const char *k = form->fields[i].key;
		if (strncmp(k, path, pl) == 0 && (k[pl] == '\0' || k[pl] == '.'))
			return true;
	}
	for (size_t i = 0; i < form->ntables; i++) {
		if (strcmp(form->tables[i].key, path) == 0)
			return true;
		if (form->tables[i].total_key && strcmp(form->tables[i].total_key, path) == 0)
			return true;
	}
	return false;
}

/* A table or a table's total: its keys are checked row by row. */
static bool is_table_key(const gf_formdef *form, const char *path)
{
	for (size_t i = 0; i < form->ntables; i++)
		if (strcmp(form->tables[i].key, path) == 0 ||
		    (form->tables[i].total_key && strcmp(form->tables[i].total_key, path) == 0))
			return true;
	return false;
}

static int check_keys(rctx *R, const json_t *obj, const char *prefix)
{
	const char *key;
	json_t *v;
	json_object_foreach((json_t *)obj, key, v) {
		const char *path = *prefix ? gf_arena_printf(R->fl->arena, "%s.%s", prefix, key)
					   : gf_arena_printf(R->fl->arena, "%s", key);
		if (!path)
			return GF_ENOMEM;
		int rc = 0;
		if (!known_prefix(R->fl->form, path))
			rc = shape_error(R, path, NULL, "不是此表单的字段", "no such field in this form");
		else if (json_is_object(v) && !gf_formdef_field(R->fl->form, path) &&
			 !is_table_key(R->fl->form, path))
			rc = check_keys(R, v, path);
		if (rc)
			return rc;
	}
	return 0;
}

int gf_raw_fill(gf_fill *fl, const json_t *tree, gf_locate_fn locate, void *locate_ctx)
{
	rctx R = {.fl = fl, .locate = locate, .lctx = locate_ctx};
	const gf_formdef *form = fl->form;
	if (!json_is_object(tree))
		return 0;
	/* where each field would be (a spreadsheet column), so a missing
	 * required value is located too */
	if (locate)
		for (size_t i = 0; i < form->nfields; i++) {
			gf_loc l = where(&R, form->fields[i].key);
			if (l.line || l.table || l.col)
				fl->loc[i] = l;
		}
	int rc = check_keys(&R, tree, "");
	for (size_t s = 0; !rc && s < form->norder; s++) {
		const gf_slot *slot = &form->order[s];
		if (slot->table) {
			const json_t *v = gf_json_get_path(tree, slot->table->key);
			if (v)
				rc = read_table(&R, slot->table, v);
			const json_t *tot = slot->table->total_key
						    ? gf_json_get_path(tree, slot->table->total_key)
						    : NULL;
			if (!rc && tot)
				rc = read_row(&R, slot->table, 0, tot, true);
			continue;
		}
		const gf_fielddef *f = slot->field;
		const json_t *v = gf_json_get_path(tree, f->key);
		if (!v)
			continue;
		if (f->type == GF_TYPE_CHOICE || f->type == GF_TYPE_MULTI) {
			rc = read_choice(&R, f, v);
			continue;
		}
		const char *text = leaf_text(fl->arena, v);
		if (!text) {
			rc = shape_error(&R, f->key, f->label, "应为文本", "value must be text");
			continue;
		}
		rc = gf_fill_text(fl, f, text, where(&R, f->key));
	}
	return rc;
}
