/* grid_json.c - the reader's view of a document as JSON (`govforms grid`). */
#include "docx/docx.h"
#include "core/alloc.h"
#include "core/buf.h"

#include <jansson.h>
#include <string.h>

#define GRID_JSON_MAX ((size_t)1 << 30)

static json_t *table_json(const gf_table *t);

/* Sets *ok to 0 when a member could not be made (out of memory). */
static void put(json_t *obj, const char *key, json_t *v, int *ok)
{
	if (!v || json_object_set_new(obj, key, v) != 0)
		*ok = 0;
}

static json_t *cell_json(const gf_cell *c)
{
	json_t *o = json_object();
	if (!o)
		return NULL;
	int ok = 1;
	put(o, "row", json_integer(c->row), &ok);
	put(o, "col", json_integer(c->col), &ok);
	put(o, "rowspan", json_integer(c->rowspan), &ok);
	put(o, "colspan", json_integer(c->colspan), &ok);
	put(o, "text", json_stringn(c->text, strlen(c->text)), &ok);
	json_t *boxes = json_array();
	for (size_t i = 0; ok && boxes && i < c->ncheckboxes; i++) {
		json_t *b = json_object();
		if (!b) {
			ok = 0;
			break;
		}
		const char *label = c->checkboxes[i].label;
		put(b, "label", json_stringn(label, strlen(label)), &ok);
		put(b, "checked", json_boolean(c->checkboxes[i].checked), &ok);
		if (json_array_append_new(boxes, b) != 0)
			ok = 0;
	}
	put(o, "checkboxes", boxes, &ok);
	if (ok && c->ntables) {
		json_t *tabs = json_array();
		for (size_t i = 0; tabs && ok && i < c->ntables; i++) {
			json_t *t = table_json(c->tables[i]);
			if (!t || json_array_append_new(tabs, t) != 0)
				ok = 0;
		}
		put(o, "tables", tabs, &ok);
	}
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

static json_t *table_json(const gf_table *t)
{
	json_t *o = json_object(), *rows = json_array();
	int ok = o && rows;
	for (size_t r = 0; ok && r < t->nrows; r++) {
		json_t *row = json_object(), *cells = json_array();
		ok = row && cells;
		for (size_t c = 0; ok && c < t->rows[r].ncells; c++) {
			json_t *cj = cell_json(&t->rows[r].cells[c]);
			if (!cj || json_array_append_new(cells, cj) != 0)
				ok = 0;
		}
		if (row)
			put(row, "cells", cells, &ok);
		else
			json_decref(cells);
		if (!row || json_array_append_new(rows, row) != 0)
			ok = 0;
	}
	if (o)
		put(o, "rows", rows, &ok);
	else
		json_decref(rows);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* jansson does not check every write, so a failure sticks. */
struct sink {
	gf_buf b;
	int failed;
};

static int dump_cb(const char *s, size_t n, void *data)
{
	struct sink *k = data;
	if (!k->failed && gf_buf_append(&k->b, s, n) != GF_OK)
		k->failed = 1;
	return k->failed ? -1 : 0;
}

char *gf_doc_grid_json(const gf_doc *doc)
{
	json_t *root = json_object(), *tables = json_array();
	int ok = root && tables;
	for (size_t i = 0; ok && i < doc->ntables; i++) {
		if (doc->tables[i]->parent)
			continue;
		json_t *t = table_json(doc->tables[i]);
		if (!t || json_array_append_new(tables, t) != 0)
			ok = 0;
	}
	if (root)
		put(root, "tables", tables, &ok);
	else
		json_decref(tables);
	char *out = NULL;
	if (ok) {
		struct sink k = {GF_BUF_INIT(GRID_JSON_MAX), 0};
		if (json_dump_callback(root, dump_cb, &k, 0) == 0 && !k.failed)
			out = gf_buf_detach(&k.b, NULL);
		gf_buf_free(&k.b);
	}
	json_decref(root);
	return out;
}
