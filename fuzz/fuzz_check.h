/* fuzz_check.h - invariants of a document model, checked by the fuzz
 * targets after every successful read: a violation aborts (a finding). */
#ifndef GF_FUZZ_CHECK_H
#define GF_FUZZ_CHECK_H

#include "core/alloc.h"
#include "core/arena.h"
#include "core/marks.h"
#include "docx/docx.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ASSERT(c) \
	do { \
		if (!(c)) \
			abort(); \
	} while (0)

static void fuzz_check_table(const gf_doc *d, const gf_table *t, gf_arena *a)
{
	FUZZ_ASSERT(t->index >= 0 && (size_t)t->index < d->ntables && d->tables[t->index] == t);
	FUZZ_ASSERT(t->ncols >= 0);
	for (size_t r = 0; r < t->nrows; r++) {
		int next_col = 0;
		for (size_t i = 0; i < t->rows[r].ncells; i++) {
			const gf_cell *c = &t->rows[r].cells[i];
			FUZZ_ASSERT(c->row == (int)r);
			FUZZ_ASSERT(c->col >= next_col);
			FUZZ_ASSERT(c->colspan >= 1 && c->rowspan >= 1);
			FUZZ_ASSERT(c->col + c->colspan <= t->ncols);
			FUZZ_ASSERT(r + (size_t)c->rowspan <= t->nrows);
			next_col = c->col + c->colspan;
			FUZZ_ASSERT(c->text && c->marked);
			char *s = gf_marks_strip(a, c->marked);
			FUZZ_ASSERT(s && strcmp(s, c->text) == 0);
			for (size_t b = 0; b < c->ncheckboxes; b++)
				FUZZ_ASSERT(c->checkboxes[b].label != NULL);
			for (size_t k = 0; k < c->ntables; k++) {
				const gf_table *n = c->tables[k];
				FUZZ_ASSERT(n->parent == t && n->parent_row == c->row && n->parent_col == c->col);
			}
		}
	}
}

static void fuzz_check_doc(const gf_doc *d)
{
	gf_arena *a = gf_arena_new(0);
	if (!a)
		return;
	for (size_t i = 0; i < d->ntables; i++)
		fuzz_check_table(d, d->tables[i], a);
	for (size_t i = 0; i < d->nblocks; i++) {
		const gf_block *b = &d->blocks[i];
		if (b->kind == GF_BLOCK_TABLE) {
			FUZZ_ASSERT(b->table && b->table->parent == NULL);
		} else {
			char *s = gf_marks_strip(a, b->marked);
			FUZZ_ASSERT(s && strcmp(s, b->text) == 0);
		}
	}
	gf_arena_free(a);
	char *j = gf_doc_grid_json(d);
	if (j) {
		json_error_t e;
		json_t *v = json_loads(j, 0, &e);
		FUZZ_ASSERT(v != NULL);
		json_decref(v);
		gf_free(j);
	}
}

#endif
