#include "core/diag.h"
#include "core/error.h"

#include <stdlib.h>
#include <string.h>

void gf_diags_init(gf_diags *d, gf_arena *arena)
{
	memset(d, 0, sizeof *d);
	d->arena = arena;
}

int gf_diags_add(gf_diags *d, gf_severity sev, const char *code, const char *field,
		 const char *label, gf_loc where, const char *zh, const char *en)
{
	if (d->n >= GF_DIAGS_MAX) {
		d->dropped++;
		return GF_OK;
	}
	if (d->n == d->cap) {
		size_t nc = d->cap ? d->cap * 2 : 16;
		gf_diag *v = gf_arena_grow(d->arena, d->items, d->cap * sizeof *v, nc * sizeof *v);
		if (!v)
			return GF_ENOMEM;
		d->items = v;
		d->cap = nc;
	}
	gf_diag *g = &d->items[d->n];
	g->severity = sev;
	g->where = where;
	g->code = gf_arena_strdup(d->arena, code);
	g->field = field ? gf_arena_strdup(d->arena, field) : NULL;
	g->label = label ? gf_arena_strdup(d->arena, label) : NULL;
	if (en && *en)
		g->message = gf_arena_printf(d->arena, "%s (%s)", zh ? zh : "", en);
	else
		g->message = gf_arena_strdup(d->arena, zh ? zh : "");
	if (!g->code || (field && !g->field) || (label && !g->label) || !g->message)
		return GF_ENOMEM;
	d->n++;
	return GF_OK;
}

size_t gf_diags_count(const gf_diags *d, gf_severity sev)
{
	size_t c = 0;
	for (size_t i = 0; i < d->n; i++)
		c += d->items[i].severity == sev;
	return c;
}

static long loc_rank(const gf_loc *l)
{
	/* Unknown locations sort last; XML lines and table cells each in order. */
	if (l->line)
		return ((long)l->line << 20) | (long)l->col;
	if (l->table)
		return ((long)l->table << 40) | ((long)l->row << 20) | (long)l->col;
	if (l->para)
		return (long)l->para;
	return 0x7fffffffffffffffL;
}

void gf_diags_sort(gf_diags *d)
{
	/* insertion sort: lists are short and it is stable */
	for (size_t i = 1; i < d->n; i++) {
		gf_diag x = d->items[i];
		long r = loc_rank(&x.where);
		size_t j = i;
		while (j > 0 && loc_rank(&d->items[j - 1].where) > r) {
			d->items[j] = d->items[j - 1];
			j--;
		}
		d->items[j] = x;
	}
}

const char *gf_loc_format(gf_arena *a, gf_loc w, int chinese)
{
	if (w.line && w.col && !w.table)
		return chinese ? gf_arena_printf(a, "第%d行第%d列", w.line, w.col)
			       : gf_arena_printf(a, "row %d, column %d", w.line, w.col);
	if (w.line)
		return chinese ? gf_arena_printf(a, "第%d行", w.line)
			       : gf_arena_printf(a, "line %d", w.line);
	if (w.table)
		return chinese ? gf_arena_printf(a, "第%d个表格第%d行第%d列", w.table, w.row, w.col)
			       : gf_arena_printf(a, "table %d, row %d, cell %d", w.table, w.row, w.col);
	if (w.para)
		return chinese ? gf_arena_printf(a, "第%d段", w.para)
			       : gf_arena_printf(a, "paragraph %d", w.para);
	return "";
}

const char *gf_severity_name(gf_severity sev)
{
	return sev == GF_SEV_ERROR ? "error" : "warning";
}
