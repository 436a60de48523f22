/* DOCX reader on the real-world corpus (tests/data/docx-real): every file
 * is read and its tables compared with pandoc's view of them (table count,
 * rows, cells per row, cell text, row and column spans). Where the reader
 * deliberately differs from pandoc (DIFFERENCES.md), the comparison is
 * adjusted as listed there and our behaviour is asserted instead. */
#include "support.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/limits.h"
#include "docx/docx.h"
#include "xml/xml.h"

#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORPUS GF_TEST_DATA "/docx-real"
#define CORPUS_FILES 30

/* Adjustments, one per DIFFERENCES.md entry. */
enum {
	X_BOXES = 1,      /* legacy FORMCHECKBOX: our ☐/☑ removed before comparing */
	X_W14_GLYPH = 2,  /* w14:checkbox: pandoc's control glyph ☒ read as our ☑ */
	X_PADDING = 4,    /* gridBefore/gridAfter: pandoc's padding cells dropped */
	X_SPANS = 8,      /* spans of table `table` not compared (pandoc ignores gridBefore) */
	X_TEXT_BOX = 16,  /* our table `table` sits in a text box pandoc drops */
	X_DELETED = 32,   /* table `table`: all rows are tracked deletions we accept */
	X_DROPDOWN = 64,  /* legacy FORMDROPDOWN: our shown entry `entry` removed */
};

static const struct {
	const char *file;
	unsigned flags;
	int table;
	const char *entry;
} g_adjust[] = {
	{"docx2python__checked_boxes", X_BOXES | X_DROPDOWN, -1, "Select..."},
	{"docx4j__separator_missing", X_BOXES, -1},
	{"poi__stress005", X_BOXES, -1},
	{"oxpt__HC006-Test-01", X_W14_GLYPH, -1},
	{"docx4j__tables", X_PADDING, -1},
	{"tika__014760", X_PADDING, -1},
	{"unstructured__tables-with-incomplete-rows", X_PADDING | X_SPANS, 4},
	{"ooxml_parser__table_in_text_box", X_TEXT_BOX, 0},
	{"poi-tl__issue636", X_DELETED, 0},
};

static const char *g_entry; /* X_DROPDOWN of the file being compared */

static unsigned adjust(const char *base, int *table)
{
	*table = -1;
	g_entry = NULL;
	for (size_t i = 0; i < sizeof g_adjust / sizeof g_adjust[0]; i++) {
		if (strcmp(base, g_adjust[i].file) == 0) {
			*table = g_adjust[i].table;
			g_entry = g_adjust[i].entry;
			return g_adjust[i].flags;
		}
	}
	return 0;
}

/* The comparison form of a cell text: ASCII whitespace runs folded to one
 * space and trimmed (pandoc turns soft breaks and tabs into spaces), and
 * the adjustments applied. */
static char *norm(const char *s, unsigned flags, int pandoc)
{
	size_t n = strlen(s);
	char *d = malloc(n + 1);
	assert_non_null(d);
	size_t o = 0;
	int space = 0;
	for (size_t i = 0; i < n;) {
		if (flags & X_BOXES && (strncmp(s + i, "☐", 3) == 0 || strncmp(s + i, "☑", 3) == 0)) {
			i += 3;
			continue;
		}
		if (flags & X_DROPDOWN && !pandoc && strncmp(s + i, g_entry, strlen(g_entry)) == 0) {
			i += strlen(g_entry);
			continue;
		}
		if (flags & X_W14_GLYPH && pandoc && strncmp(s + i, "☒", 3) == 0) {
			if (space && o)
				d[o++] = ' ';
			space = 0;
			memcpy(d + o, "☑", 3);
			o += 3;
			i += 3;
			continue;
		}
		char c = s[i++];
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = 1;
			continue;
		}
		if (space && o)
			d[o++] = ' ';
		space = 0;
		d[o++] = c;
	}
	d[o] = '\0';
	return d;
}

struct tally {
	int files, files_ok, tables, tables_ok, cells, cells_ok;
	int raw_files_ok;
};

/* pandoc's cell: a string, or {"text", "rowspan", "colspan"} */
static void pcell(json_t *c, const char **text, int *rs, int *cs)
{
	if (json_is_string(c)) {
		*text = json_string_value(c);
		*rs = *cs = 1;
		return;
	}
	*text = json_string_value(json_object_get(c, "text"));
	*rs = (int)json_integer_value(json_object_get(c, "rowspan"));
	*cs = (int)json_integer_value(json_object_get(c, "colspan"));
	assert_non_null(*text);
}

static int is_padding(json_t *c)
{
	return json_is_string(c) && json_string_value(c)[0] == '\0';
}

/* Compare one table; returns the number of problems and counts cells. */
static int compare_table(const char *base, int ti, const gf_table *t, json_t *pt, unsigned flags,
			 int xtable, int *cells, int *cells_ok)
{
	int bad = 0;
	json_t *rows = json_object_get(pt, "rows");
	if ((flags & X_DELETED) && ti == xtable) {
		assert_int_equal(t->nrows, 0); /* accepted deletions */
		return 0;
	}
	if (t->nrows != json_array_size(rows)) {
		printf("  %s t%d: %zu rows, pandoc %zu\n", base, ti, t->nrows, json_array_size(rows));
		return 1;
	}
	for (size_t r = 0; r < t->nrows; r++) {
		json_t *prow = json_array_get(rows, r);
		size_t pn = json_array_size(prow), lead = 0;
		const gf_row *row = &t->rows[r];
		if (flags & X_PADDING) {
			while (pn > row->ncells && is_padding(json_array_get(prow, lead + pn - 1)))
				pn--;
			while (pn > row->ncells && is_padding(json_array_get(prow, lead))) {
				lead++;
				pn--;
			}
		}
		if (pn != row->ncells) {
			printf("  %s t%d r%zu: %zu cells, pandoc %zu\n", base, ti, r, row->ncells, pn);
			bad++;
			continue;
		}
		for (size_t i = 0; i < row->ncells; i++) {
			const gf_cell *c = &row->cells[i];
			const char *ptext;
			int rs, cs;
			pcell(json_array_get(prow, lead + i), &ptext, &rs, &cs);
			char *a = norm(c->text, flags, 0), *b = norm(ptext, flags, 1);
			int ok = strcmp(a, b) == 0;
			if (!ok)
				printf("  %s t%d r%zu c%zu: text \"%s\", pandoc \"%s\"\n", base, ti, r, i, a, b);
			if (!((flags & X_SPANS) && ti == xtable) && (c->rowspan != rs || c->colspan != cs)) {
				printf("  %s t%d r%zu c%zu: span %dx%d, pandoc %dx%d\n", base, ti, r, i,
				       c->rowspan, c->colspan, rs, cs);
				ok = 0;
			}
			free(a);
			free(b);
			(*cells)++;
			*cells_ok += ok;
			bad += !ok;
		}
	}
	return bad;
}

static gf_doc *read_file(const char *base)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s.docx", CORPUS, base);
	size_t len;
	char *data = gf_test_read(path, &len);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_error_clear(&err);
	gf_doc *doc = NULL;
	int rc = gf_docx_read(&doc, data, len, &lim, &err);
	free(data);
	if (rc)
		fail_msg("%s: %s", base, err.msg);
	return doc;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_corpus_against_pandoc(void **state)
{
	(void)state;
	DIR *dir = opendir(CORPUS);
	assert_non_null(dir);
	char *names[256];
	size_t nn = 0;
	struct dirent *de;
	while ((de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l > 5 && strcmp(de->d_name + l - 5, ".docx") == 0 && nn < 256)
			names[nn++] = strndup(de->d_name, l - 5);
	}
	closedir(dir);
	qsort(names, nn, sizeof names[0], name_cmp);
	assert_int_equal(nn, CORPUS_FILES);

	struct tally t = {0};
	for (size_t f = 0; f < nn; f++) {
		char path[512];
		snprintf(path, sizeof path, "%s/%s.pandoc-tables.json", CORPUS, names[f]);
		json_error_t je;
		json_t *pj = json_load_file(path, 0, &je);
		if (!pj)
			fail_msg("%s: %s", path, je.text);
		json_t *ptables = json_object_get(pj, "tables");
		gf_doc *doc = read_file(names[f]);
		int xtable;
		unsigned flags = adjust(names[f], &xtable);

		int bad = 0, cells = 0, cells_ok = 0;
		size_t ours = doc->ntables, skip = (flags & X_TEXT_BOX) ? 1 : 0;
		if (ours - skip != json_array_size(ptables)) {
			printf("  %s: %zu tables, pandoc %zu\n", names[f], ours, json_array_size(ptables));
			bad++;
		}
		size_t pi = 0;
		for (size_t i = 0; i < ours && pi < json_array_size(ptables); i++) {
			if ((flags & X_TEXT_BOX) && (int)i == xtable)
				continue;
			int tb = compare_table(names[f], (int)i, doc->tables[i], json_array_get(ptables, pi++),
					       flags, xtable, &cells, &cells_ok);
			t.tables++;
			t.tables_ok += !tb;
			bad += tb;
		}
		t.files++;
		t.files_ok += !bad;
		t.raw_files_ok += !bad && !flags;
		t.cells += cells;
		t.cells_ok += cells_ok;
		gf_doc_free(doc);
		json_decref(pj);
		free(names[f]);
	}
	printf("corpus: %d/%d files, %d/%d tables, %d/%d cells agree with pandoc "
	       "(%d files without any adjustment)\n",
	       t.files_ok, t.files, t.tables_ok, t.tables, t.cells_ok, t.cells, t.raw_files_ok);
	assert_int_equal(t.files_ok, t.files);
	assert_int_equal(t.cells_ok, t.cells);
}

/* Tick boxes of every cell (nested tables included) of a document. */
static void count_boxes(const gf_doc *d, int *checked, int *unchecked)
{
	*checked = *unchecked = 0;
	for (size_t i = 0; i < d->ntables; i++) {
		const gf_table *t = d->tables[i];
		for (size_t r = 0; r < t->nrows; r++)
			for (size_t c = 0; c < t->rows[r].ncells; c++)
				for (size_t b = 0; b < t->rows[r].cells[c].ncheckboxes; b++) {
					if (t->rows[r].cells[c].checkboxes[b].checked)
						(*checked)++;
					else
						(*unchecked)++;
				}
	}
}

static void test_corpus_checkboxes(void **state)
{
	(void)state;
	int on, off;
	gf_doc *d = read_file("docx2python__checked_boxes"); /* 44 FORMCHECKBOX, 12 w:checked */
	count_boxes(d, &on, &off);
	assert_int_equal(on, 12);
	assert_int_equal(off, 32);
	const gf_cell *c = &d->tables[0]->rows[3].cells[0];
	assert_string_equal(c->text, "☑ Adult Protective Services");
	assert_string_equal(c->checkboxes[0].label, "Adult Protective Services");
	gf_doc_free(d);

	d = read_file("docx4j__separator_missing"); /* begin, instr, end: no separate */
	assert_string_equal(d->tables[0]->rows[0].cells[0].text, "☐");
	gf_doc_free(d);

	d = read_file("poi__stress005");
	c = &d->tables[3]->rows[0].cells[0];
	assert_int_equal(c->ncheckboxes, 2);
	assert_false(c->checkboxes[0].checked);
	assert_string_equal(c->checkboxes[1].label, "Kosten der externen F&E-Dienstleistung für das \t\t€");
	gf_doc_free(d);

	d = read_file("oxpt__HC006-Test-01"); /* w14:checkbox controls */
	count_boxes(d, &on, &off);
	assert_int_equal(on + off, 21);
	assert_string_equal(d->tables[2]->rows[0].cells[0].text, "☑");
	gf_doc_free(d);

	d = read_file("docx2python__check_drop_my"); /* body paragraphs */
	assert_string_equal(d->blocks[0].text, "[user unchecked]☐[user unchecked]");
	assert_string_equal(d->blocks[2].text, "[user checked]☑[user checked]");
	assert_string_equal(d->blocks[4].text, "[my unchecked]☐[my unchecked]");
	assert_string_equal(d->blocks[6].text, "[my checked]☑[my checked]");
	gf_doc_free(d);
}

static void test_corpus_grid_positions(void **state)
{
	(void)state;
	gf_doc *d = read_file("tika__014760"); /* gridBefore 1, gridAfter 1 */
	const gf_table *t = d->tables[0];
	assert_int_equal(t->ncols, 7);
	assert_int_equal(t->rows[0].ncells, 2);
	assert_int_equal(t->rows[0].cells[0].col, 1);
	assert_int_equal(t->rows[0].cells[0].colspan, 4);
	assert_string_equal(t->rows[0].cells[0].text, "Crew Name:");
	assert_int_equal(t->rows[0].cells[1].col, 5);
	gf_doc_free(d);

	d = read_file("unstructured__tables-with-incomplete-rows");
	t = d->tables[4];
	assert_int_equal(t->nrows, 4);
	const gf_cell *c = &t->rows[1].cells[0];
	assert_string_equal(c->text, "d");
	assert_int_equal(c->col, 1);
	assert_int_equal(c->colspan, 2);
	assert_int_equal(c->rowspan, 3);
	assert_int_equal(t->rows[2].ncells, 2);
	assert_int_equal(t->rows[2].cells[1].col, 3);
	assert_int_equal(t->rows[3].ncells, 0);
	gf_doc_free(d);
}

static void test_corpus_text_boxes_and_changes(void **state)
{
	(void)state;
	gf_doc *d = read_file("ooxml_parser__table_in_text_box");
	assert_int_equal(d->ntables, 1); /* mc:Choice read, the VML fallback copy not */
	int blocks_with_table = 0;
	for (size_t i = 0; i < d->nblocks; i++)
		blocks_with_table += d->blocks[i].kind == GF_BLOCK_TABLE;
	assert_int_equal(blocks_with_table, 1);
	gf_doc_free(d);

	d = read_file("poi-tl__issue636"); /* every row a tracked deletion */
	assert_int_equal(d->ntables, 1);
	assert_int_equal(d->tables[0]->nrows, 0);
	gf_doc_free(d);

	d = read_file("poi__60316"); /* placeholder text of content controls is not content */
	for (size_t i = 0; i < d->nblocks; i++)
		assert_null(strstr(d->blocks[i].text, "Click here to enter text"));
	gf_doc_free(d);
}

int main(void)
{
	gf_xml_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus_against_pandoc),
		cmocka_unit_test(test_corpus_checkboxes),
		cmocka_unit_test(test_corpus_grid_positions),
		cmocka_unit_test(test_corpus_text_boxes_and_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
