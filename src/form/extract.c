#include "form/extract.h"

#include "core/alloc.h"
#include "core/marks.h"
#include "core/text.h"
#include "core/utf8.h"
#include "form/options.h"

#include <stdio.h>
#include <string.h>

enum { FREE = 0, USED_LABEL, USED_VALUE, USED_TABLE, USED_STATIC };

/* One cell of the document, in reading order. */
typedef struct cref {
	const gf_table *t;
	size_t r, ci;
	const gf_cell *c;
	const char *key;       /* label key of the whole text */
	const char *head_key;  /* "标签：值" in one cell: key of the part before the colon */
	const char *head_rest; /* ... and the text after it */
	int used;
	bool blank;
	gf_loc loc;
} cref;

typedef struct ctx {
	gf_fill *fl;
	const gf_formdef *form;
	const gf_doc *doc;
	gf_arena *a;
	cref *cells;
	size_t ncells;
	size_t *row_first; /* per table: index of its first cref */
	size_t **row_off;  /* per table, per row: index of the row's first cref */
	uint32_t **grid;   /* per table: cref index covering (row, col), built on first use */
	size_t *label_of;  /* per field: cref index of its label, or SIZE_MAX */
	bool *para_used;   /* per block: a paragraph read as a label or value */
} ctx;

#define NONE SIZE_MAX

/* Where a cell is, as a person counts in Word: table (document order),
 * row, and the cell's place in its row, counting a cell merged down from
 * the row above as one (set by build_cells once the grid is known). */
static gf_loc cell_loc(const gf_table *t, const gf_cell *c)
{
	gf_loc l = {0};
	l.table = t->index + 1;
	l.row = c->row + 1;
	l.col = (int)(c - t->rows[c->row].cells) + 1;
	return l;
}

static const uint32_t *table_grid(const ctx *X, const gf_table *t);

/* Split "申请单位：淮北市教育局" into a label key and the rest. */
static void split_head(gf_arena *a, cref *x)
{
	const char *t = x->c->text;
	const char *colon = NULL;
	size_t n = strlen(t);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = gf_utf8_decode(t + i, n - i, &cp);
		if (!k)
			k = 1;
		if (cp == ':' || cp == 0xFF1A) {
			colon = t + i + k;
			if (i > 0 && i < 64) {
				char *head = gf_arena_strndup(a, t, i);
				x->head_key = head ? gf_text_label_key(a, head) : NULL;
				x->head_rest = colon;
			}
			return;
		}
		if (cp == '\n')
			return;
		i += k;
	}
}

static int build_cells(ctx *X)
{
	size_t total = 0;
	for (size_t t = 0; t < X->doc->ntables; t++)
		for (size_t r = 0; r < X->doc->tables[t]->nrows; r++)
			total += X->doc->tables[t]->rows[r].ncells;
	X->cells = gf_arena_alloc(X->a, sizeof *X->cells * (total + 1));
	X->row_first = gf_arena_alloc(X->a, sizeof *X->row_first * (X->doc->ntables + 1));
	X->row_off = gf_arena_alloc(X->a, sizeof *X->row_off * (X->doc->ntables + 1));
	X->grid = gf_arena_alloc(X->a, sizeof *X->grid * (X->doc->ntables + 1));
	if (!X->cells || !X->row_first || !X->row_off || !X->grid)
		return GF_ENOMEM;
	size_t n = 0;
	for (size_t t = 0; t < X->doc->ntables; t++) {
		const gf_table *tb = X->doc->tables[t];
		X->row_first[t] = n;
		X->row_off[t] = gf_arena_alloc(X->a, sizeof **X->row_off * (tb->nrows + 1));
		if (!X->row_off[t])
			return GF_ENOMEM;
		for (size_t r = 0; r < tb->nrows; r++) {
			X->row_off[t][r] = n;
			for (size_t ci = 0; ci < tb->rows[r].ncells; ci++) {
				cref *x = &X->cells[n++];
				x->t = tb;
				x->r = r;
				x->ci = ci;
				x->c = &tb->rows[r].cells[ci];
				x->blank = gf_text_blank(x->c->text);
				x->key = gf_text_label_key(X->a, x->c->text);
				x->loc = cell_loc(tb, x->c);
				if (!x->key)
					return GF_ENOMEM;
				if (!x->blank)
					split_head(X->a, x);
			}
		}
	}
	X->ncells = n;
	for (size_t t = 0; t < X->doc->ntables; t++) {
		const gf_table *tb = X->doc->tables[t];
		const uint32_t *g = table_grid(X, tb);
		if (!g)
			continue; /* too large for a grid: the place among the row's own cells */
		for (size_t r = 0; r < tb->nrows; r++) {
			int place = 0;
			uint32_t prev = UINT32_MAX;
			size_t ci = 0;
			for (int col = 0; col < tb->ncols && ci < tb->rows[r].ncells; col++) {
				uint32_t owner = g[r * (size_t)tb->ncols + (size_t)col];
				if (owner != UINT32_MAX && owner != prev)
					place++;
				prev = owner;
				if (owner == X->row_off[t][r] + ci) {
					X->cells[owner].loc.col = place;
					/* skip to the cell's last column */
					col = tb->rows[r].cells[ci].col + tb->rows[r].cells[ci].colspan - 1;
					ci++;
				}
			}
		}
	}
	return 0;
}

/* cref index of the cell at (table, row, grid column), or NONE. A cell
 * merged down from a row above covers the position. */
static size_t index_of(const ctx *X, const gf_cell *c, const gf_table *t)
{
	if (c->row < 0 || (size_t)c->row >= t->nrows)
		return NONE;
	const gf_row *rw = &t->rows[c->row];
	if (c < rw->cells || c >= rw->cells + rw->ncells)
		return NONE;
	return X->row_off[t->index][c->row] + (size_t)(c - rw->cells);
}

static gf_loc loc_of(const ctx *X, const gf_table *t, const gf_cell *c)
{
	size_t i = index_of(X, c, t);
	return i == NONE ? cell_loc(t, c) : X->cells[i].loc;
}

#define GRID_MAX (4u << 20) /* cells of a table's occupancy grid */

/* The occupancy grid of a table: which cref covers each (row, column). */
static const uint32_t *table_grid(const ctx *X, const gf_table *t)
{
	size_t cells = t->nrows * (size_t)(t->ncols > 0 ? t->ncols : 1);
	if (X->grid[t->index] || cells > GRID_MAX)
		return X->grid[t->index];
	uint32_t *g = gf_arena_alloc(X->a, cells * sizeof *g);
	if (!g)
		return NULL;
	for (size_t i = 0; i < cells; i++)
		g[i] = UINT32_MAX;
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t ci = 0; ci < t->rows[r].ncells; ci++) {
			const gf_cell *c = &t->rows[r].cells[ci];
			uint32_t idx = (uint32_t)(X->row_off[t->index][r] + ci);
			for (int rr = c->row; rr < c->row + c->rowspan && (size_t)rr < t->nrows; rr++)
				for (int cc = c->col; cc < c->col + c->colspan && cc < t->ncols; cc++)
					g[(size_t)rr * (size_t)t->ncols + (size_t)cc] = idx;
		}
	X->grid[t->index] = g;
	return g;
}

/* cref index of the cell at (table, row, grid column), or NONE. A cell
 * merged down from a row above covers the position. */
static size_t cell_at(const ctx *X, const gf_table *t, size_t row, int col)
{
	if (row >= t->nrows || col < 0)
		return NONE;
	const uint32_t *g = table_grid(X, t);
	if (g && col < t->ncols) {
		uint32_t v = g[row * (size_t)t->ncols + (size_t)col];
		return v == UINT32_MAX ? NONE : v;
	}
	for (size_t r = row + 1; r-- > 0;) {
		const gf_row *rw = &t->rows[r];
		for (size_t ci = 0; ci < rw->ncells; ci++) {
			const gf_cell *c = &rw->cells[ci];
			if (col >= c->col && col < c->col + c->colspan &&
			    (size_t)c->row + (size_t)c->rowspan > row)
				return X->row_off[t->index][r] + ci;
		}
	}
	return NONE;
}

static bool ignored_text(const ctx *X, const char *text)
{
	const char *clean = gf_text_clean(X->a, text);
	if (!clean)
		return false;
	for (size_t i = 0; i < X->form->nignores; i++)
		if (gf_pattern_match(X->form->ignores[i], clean, X->a, NULL) == 1)
			return true;
	return false;
}

static bool is_static(const ctx *X, const char *key)
{
	return gf_label_matches(key, X->form->statics, X->form->nstatics);
}

/* Does cell key name any field or table label of the form? */
static bool names_label(const ctx *X, const char *key)
{
	if (!key || !*key)
		return false;
	for (size_t i = 0; i < X->form->nfields; i++) {
		const gf_fielddef *f = &X->form->fields[i];
		if (!f->derived && gf_label_matches(key, f->match, f->nmatch))
			return true;
	}
	for (size_t i = 0; i < X->form->ntables; i++)
		if (gf_label_matches(key, X->form->tables[i].match, X->form->tables[i].nmatch))
			return true;
	return false;
}

/* ---- tables ---------------------------------------------------------- */

typedef struct colmap {
	int col, span; /* grid columns of the header cell; span 0 = not found */
} colmap;

static bool header_matches(const char *key, const gf_coldef *cd, bool fuzzy)
{
	if (!fuzzy) {
		for (size_t i = 0; i < cd->nmatch; i++)
			if (strcmp(key, cd->match[i]) == 0)
				return true;
		return false;
	}
	return gf_label_matches(key, cd->match, cd->nmatch);
}

/* Map columns onto a row's cells in order; returns how many matched. */
static size_t map_header(const ctx *X, const gf_table *t, size_t r, const gf_tabledef *td,
			 colmap *map)
{
	const gf_row *rw = &t->rows[r];
	size_t found = 0;
	for (size_t k = 0; k < td->ncols; k++)
		map[k].span = 0;
	bool *taken = gf_arena_alloc(X->a, rw->ncells + 1);
	if (!taken)
		return 0;
	for (int fuzzy = 0; fuzzy < 2; fuzzy++) {
		size_t next = 0;
		for (size_t k = 0; k < td->ncols; k++) {
			if (map[k].span) {
				/* keep order: later columns come after this one */
				for (size_t ci = 0; ci < rw->ncells; ci++)
					if (rw->cells[ci].col == map[k].col)
						next = ci + 1;
				continue;
			}
			/* in the printed order first; then anywhere (columns moved) */
			for (size_t pass = 0; pass < 2 && !map[k].span; pass++)
				for (size_t ci = pass ? 0 : next; ci < rw->ncells; ci++) {
					if (taken[ci])
						continue;
					const char *key = gf_text_label_key(X->a, rw->cells[ci].text);
					if (key && header_matches(key, &td->cols[k], fuzzy != 0)) {
						map[k].col = rw->cells[ci].col;
						map[k].span = rw->cells[ci].colspan;
						taken[ci] = true;
						next = ci + 1;
						found++;
						break;
					}
				}
		}
	}
	/* a header split over cells whose merge was lost: blank header cells
	 * right of a column belong to it */
	for (size_t k = 0; k < td->ncols; k++) {
		if (!map[k].span)
			continue;
		for (size_t ci = 0; ci < rw->ncells; ci++) {
			const gf_cell *c = &rw->cells[ci];
			if (c->col != map[k].col + map[k].span || !gf_text_blank(c->text) || taken[ci])
				continue;
			map[k].span += c->colspan;
			taken[ci] = true;
			ci = (size_t)-1; /* look again from the start for the next one */
		}
	}
	return found;
}

static size_t header_need(const gf_tabledef *td)
{
	size_t need = (td->ncols + 1) / 2;
	return need < 2 ? (td->ncols < 2 ? td->ncols : 2) : need;
}

/* Cells of row r starting inside [col, col+span), in order. */
static size_t cells_in(const gf_table *t, size_t r, int col, int span, const gf_cell **out,
		       size_t max)
{
	size_t n = 0;
	const gf_row *rw = &t->rows[r];
	for (size_t ci = 0; ci < rw->ncells && n < max; ci++)
		if (rw->cells[ci].col >= col && rw->cells[ci].col < col + span)
			out[n++] = &rw->cells[ci];
	return n;
}

static bool row_is_section(const gf_table *t, size_t r)
{
	const gf_row *rw = &t->rows[r];
	size_t nonblank = 0;
	int width = 0;
	for (size_t ci = 0; ci < rw->ncells; ci++) {
		if (!gf_text_blank(rw->cells[ci].text)) {
			nonblank++;
			if (rw->cells[ci].colspan > width)
				width = rw->cells[ci].colspan;
		}
	}
	return nonblank == 1 && t->ncols > 2 && width * 10 >= t->ncols * 6;
}

static size_t nonblank_cells(const gf_table *t, size_t r)
{
	size_t n = 0;
	for (size_t ci = 0; ci < t->rows[r].ncells; ci++)
		n += !gf_text_blank(t->rows[r].cells[ci].text);
	return n;
}

static bool printed_default(const gf_coldef *cd, const char *compact)
{
	for (size_t i = 0; i < cd->nprinted; i++)
		if (strcmp(compact, cd->printed[i]) == 0)
			return true;
	return false;
}

/* Text of the cells under one column, joined. */
static const char *column_text(ctx *X, const gf_table *t, size_t r, const colmap *m,
			       const gf_cell **cells, size_t *ncells)
{
	*ncells = cells_in(t, r, m->col, m->span, cells, 8);
	if (*ncells == 0) {
		/* a cell merged across several header columns starts to the left */
		size_t i = cell_at(X, t, r, m->col);
		if (i != NONE && X->cells[i].r == r) {
			cells[0] = X->cells[i].c;
			*ncells = 1;
		}
	}
	if (*ncells == 1)
		return cells[0]->text;
	const char *s = "";
	for (size_t i = 0; i < *ncells; i++)
		s = gf_arena_printf(X->a, "%s%s%s", s, i ? " " : "", cells[i]->text);
	return s;
}

/* Mark the cells of row r that lie under the table's columns (mapped or
 * skipped ones); a cell under no column stays free and is reported. */
static void mark_row(ctx *X, const gf_table *t, size_t r, const colmap *map, size_t nmap, int how)
{
	const gf_row *rw = &t->rows[r];
	for (size_t ci = 0; ci < rw->ncells; ci++) {
		const gf_cell *c = &rw->cells[ci];
		bool under = false;
		for (size_t k = 0; k < nmap && !under; k++)
			under = map[k].span && c->col < map[k].col + map[k].span &&
				c->col + c->colspan > map[k].col;
		size_t i = index_of(X, c, t);
		if (under && i != NONE && X->cells[i].used == FREE)
			X->cells[i].used = how;
	}
}

static int read_row(ctx *X, const gf_tabledef *td, const gf_table *t, size_t r, const colmap *map,
		    const colmap *skip, size_t nskip, bool is_total)
{
	gf_fill *fl = X->fl;
	const gf_cell *cells[8];
	size_t n;
	/* Decide first whether the row is real, so a dropped example row never
	 * produces diagnostics. */
	bool example = false, filled = false;
	const char **texts = gf_arena_alloc(X->a, sizeof *texts * (td->ncols + 1));
	if (!texts)
		return GF_ENOMEM;
	for (size_t k = 0; k < td->ncols; k++) {
		texts[k] = map[k].span ? column_text(X, t, r, &map[k], cells, &n) : NULL;
		if (!texts[k])
			continue;
		const char *compact = gf_text_compact(X->a, gf_marks_strip(X->a, texts[k]));
		if (!compact)
			return GF_ENOMEM;
		if (k == 0 && td->example_prefix &&
		    strncmp(compact, td->example_prefix, strlen(td->example_prefix)) == 0)
			example = true;
		for (size_t e = 0; k == 0 && e < td->nexamples; e++)
			if (strcmp(compact, td->examples[e]) == 0)
				example = true;
	}
	for (size_t k = 0; k < td->ncols; k++) {
		if (!texts[k])
			continue;
		const gf_coldef *cd = &td->cols[k];
		const char *compact = gf_text_compact(X->a, gf_marks_strip(X->a, texts[k]));
		if (!*compact || (cd->prompt && strcmp(compact, cd->prompt) == 0))
			continue;
		if (td->example_prefix && strncmp(compact, td->example_prefix, strlen(td->example_prefix)) == 0)
			continue; /* an example cell is not data by itself */
		if (cd->split == GF_SPLIT_PATTERN) {
			/* the printed policy text counts only once a blank is filled */
			for (size_t p = 0; p < cd->nparts; p++) {
				const char *g = NULL;
				if (gf_pattern_match(cd->parts[p].pattern, gf_text_fold(X->a, texts[k]), X->a, &g) == 1 && g && *g)
					filled = true;
			}
			continue;
		}
		if (cd->resource || (!example && !printed_default(cd, compact)))
			filled = true;
	}
	mark_row(X, t, r, map, td->ncols, USED_TABLE);
	mark_row(X, t, r, skip, nskip, USED_TABLE);
	if (!filled && !is_total)
		return 0;
	gf_rowbuild rb;
	const gf_cell *first = t->rows[r].ncells ? &t->rows[r].cells[0] : NULL;
	gf_loc loc = first ? loc_of(X, t, first) : (gf_loc){0};
	int rc = gf_fill_row_begin(fl, td, loc, is_total, &rb);
	if (rc)
		return rc;
	for (size_t k = 0; k < td->ncols && !rc; k++) {
		if (!map[k].span)
			continue;
		const gf_coldef *cd = &td->cols[k];
		texts[k] = column_text(X, t, r, &map[k], cells, &n);
		if (is_total && k == 0)
			continue; /* the 合计 label itself */
		if (n == 0)
			continue;
		gf_loc cl = loc_of(X, t, cells[0]);
		const char *text = texts[k];
		if (k == 0 && td->example_prefix) {
			const char *plain = gf_marks_strip(X->a, text);
			const char *clean = gf_text_clean(X->a, plain);
			size_t pl = strlen(td->example_prefix);
			const char *compact = gf_text_compact(X->a, clean);
			if (compact && strncmp(compact, td->example_prefix, pl) == 0) {
				/* drop the prefix as printed ("示例：" possibly with spaces) */
				const char *colon = strstr(clean, "：");
				const char *colon2 = strchr(clean, ':');
				const char *cut = colon ? colon + strlen("：") : colon2 ? colon2 + 1 : clean;
				text = cut;
			}
		}
		/* two cells under a size+type header: each its part, unless one is
		 * blank and the other holds both ("100G SSD") */
		bool separate = cd->nparts == 2 && n == 2 &&
				(cd->split == GF_SPLIT_DISK || cd->split == GF_SPLIT_CPUMEM) &&
				!gf_text_blank(cells[0]->text) && !gf_text_blank(cells[1]->text);
		if (separate) {
			rc = gf_fill_row_text(fl, &rb, cd, &cd->parts[0], cells[0]->text, cl);
			if (!rc)
				rc = gf_fill_row_text(fl, &rb, cd, &cd->parts[1], cells[1]->text,
						      loc_of(X, t, cells[1]));
		} else {
			if (cd->prompt) {
				const char *compact = gf_text_compact(X->a, gf_marks_strip(X->a, text));
				if (compact && strcmp(compact, cd->prompt) == 0)
					continue;
			}
			rc = gf_fill_row_cell(fl, &rb, cd, text, cl);
		}
	}
	if (!rc)
		rc = gf_fill_row_end(fl, &rb);
	else
		json_decref(rb.row);
	return rc;
}

static bool row_aligned(const gf_table *t, size_t r, const colmap *map, size_t ncols)
{
	size_t hits = 0, cols = 0;
	for (size_t k = 0; k < ncols; k++) {
		if (!map[k].span)
			continue;
		cols++;
		for (size_t ci = 0; ci < t->rows[r].ncells; ci++)
			if (t->rows[r].cells[ci].col == map[k].col) {
				hits++;
				break;
			}
	}
	return cols && hits * 2 > cols;
}

static int read_table(ctx *X, const gf_tabledef *td)
{
	colmap *map = gf_arena_alloc(X->a, sizeof *map * td->ncols);
	if (!map)
		return GF_ENOMEM;
	/* the heading, then a header row within a few rows of it */
	size_t head = NONE;
	for (size_t i = 0; i < X->ncells && head == NONE; i++)
		if (X->cells[i].used == FREE && gf_label_matches(X->cells[i].key, td->match, td->nmatch))
			head = i;
	const gf_table *t = NULL;
	size_t hr = NONE;
	size_t need = header_need(td);
	if (head != NONE) {
		const cref *h = &X->cells[head];
		for (size_t r = h->r; r < h->t->nrows && r <= h->r + 3 && hr == NONE; r++)
			if (map_header(X, h->t, r, td, map) >= need) {
				t = h->t;
				hr = r;
			}
		/* a table that starts right after its heading's table */
		if (hr == NONE && h->r + 1 >= h->t->nrows && (size_t)h->t->index + 1 < X->doc->ntables) {
			const gf_table *nt = X->doc->tables[h->t->index + 1];
			for (size_t r = 0; r < nt->nrows && r < 3 && hr == NONE; r++)
				if (map_header(X, nt, r, td, map) >= need) {
					t = nt;
					hr = r;
				}
		}
	}
	if (hr == NONE) {
		/* no heading: any row naming most columns */
		size_t strict = td->ncols * 6 / 10 > need ? td->ncols * 6 / 10 : need;
		for (size_t ti = 0; ti < X->doc->ntables && hr == NONE; ti++) {
			const gf_table *tb = X->doc->tables[ti];
			for (size_t r = 0; r < tb->nrows && hr == NONE; r++) {
				bool free_row = true;
				for (size_t ci = 0; ci < tb->rows[r].ncells; ci++) {
					size_t i = index_of(X, &tb->rows[r].cells[ci], tb);
					if (i != NONE && X->cells[i].used != FREE)
						free_row = false;
				}
				if (free_row && map_header(X, tb, r, td, map) >= strict) {
					t = tb;
					hr = r;
				}
			}
		}
	}
	if (hr == NONE)
		return 0;
	if (head != NONE)
		X->cells[head].used = USED_LABEL;
	gf_loc hl = t->rows[hr].ncells ? loc_of(X, t, &t->rows[hr].cells[0]) : (gf_loc){0};
	gf_fill_table_seen(X->fl, td, hl);
	/* header cells (but not a row label merged in from the left); columns
	 * people add without a field (序号) are skipped with their cells */
	colmap *skip = gf_arena_alloc(X->a, sizeof *skip * (t->rows[hr].ncells + 1));
	size_t nskip = 0;
	if (!skip)
		return GF_ENOMEM;
	for (size_t k = 0; k < td->ncols; k++) {
		if (!map[k].span)
			continue;
		size_t i = cell_at(X, t, hr, map[k].col);
		if (i != NONE)
			X->cells[i].used = USED_TABLE;
	}
	for (size_t ci = 0; ci < t->rows[hr].ncells; ci++) {
		const gf_cell *c = &t->rows[hr].cells[ci];
		const char *key = gf_text_label_key(X->a, c->text);
		if (key && gf_label_matches(key, X->form->skip_columns, X->form->nskip_columns)) {
			skip[nskip].col = c->col;
			skip[nskip++].span = c->colspan;
			size_t i = index_of(X, c, t);
			if (i != NONE)
				X->cells[i].used = USED_TABLE;
		}
	}
	int hdr_rows = 1;
	for (size_t ci = 0; ci < t->rows[hr].ncells; ci++)
		for (size_t k = 0; k < td->ncols; k++)
			if (map[k].span && t->rows[hr].cells[ci].col == map[k].col &&
			    t->rows[hr].cells[ci].rowspan > hdr_rows)
				hdr_rows = t->rows[hr].cells[ci].rowspan;
	for (size_t r = hr + (size_t)hdr_rows; r < t->nrows; r++) {
		const gf_row *rw = &t->rows[r];
		if (rw->ncells == 0)
			continue;
		/* first cell in the table's columns */
		const gf_cell *first = NULL;
		for (size_t ci = 0; ci < rw->ncells && !first; ci++)
			if (!gf_text_blank(rw->cells[ci].text))
				first = &rw->cells[ci];
		const char *fkey = first ? gf_text_label_key(X->a, first->text) : "";
		if (td->total_match && fkey && strcmp(fkey, td->total_match) == 0) {
			int rc = read_row(X, td, t, r, map, skip, nskip, true);
			if (rc)
				return rc;
			break;
		}
		if (row_is_section(t, r))
			break;
		if (first && nonblank_cells(t, r) == 1 &&
		    (names_label(X, fkey) || is_static(X, fkey) || ignored_text(X, first->text)))
			break; /* a section row whose merge was lost */
		if (first && !row_aligned(t, r, map, td->ncols) &&
		    (names_label(X, fkey) || is_static(X, fkey) || ignored_text(X, first->text)))
			break;
		int rc = read_row(X, td, t, r, map, skip, nskip, false);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- fields ---------------------------------------------------------- */

static bool label_cell(const ctx *X, size_t i, const gf_fielddef *f)
{
	const cref *x = &X->cells[i];
	if (x->blank || x->used == USED_TABLE || x->used == USED_VALUE)
		return false;
	return gf_label_matches(x->key, f->match, f->nmatch) ||
	       (x->head_key && gf_label_matches(x->head_key, f->match, f->nmatch));
}

static size_t next_anchor_after(const ctx *X, size_t pos)
{
	size_t best = NONE;
	for (size_t i = 0; i < X->form->nfields; i++) {
		const gf_fielddef *f = &X->form->fields[i];
		if (!f->after)
			continue;
		const gf_fielddef *anchor = gf_formdef_field(X->form, f->after);
		size_t at = anchor ? X->label_of[anchor->index] : NONE;
		if (at != NONE && at > pos && (best == NONE || at < best))
			best = at;
	}
	return best;
}

static void assign_labels(ctx *X)
{
	for (size_t fi = 0; fi < X->form->nfields; fi++) {
		const gf_fielddef *f = &X->form->fields[fi];
		X->label_of[fi] = NONE;
		if (f->derived)
			continue;
		size_t lo = 0, hi = X->ncells;
		if (f->after) {
			const gf_fielddef *anchor = gf_formdef_field(X->form, f->after);
			size_t at = anchor ? X->label_of[anchor->index] : NONE;
			if (at != NONE) {
				lo = at + 1;
				size_t next = next_anchor_after(X, at);
				if (next != NONE)
					hi = next;
			}
		}
		/* first candidate not yet another field's label, else a shared one;
		 * fields found inside another label's cell (`at` + pattern: IP地址's
		 * two counts) share it from the start */
		for (int shared = f->pattern ? 1 : 0; shared < 2 && X->label_of[fi] == NONE; shared++)
			for (size_t i = lo; i < hi; i++) {
				if (!label_cell(X, i, f))
					continue;
				if (!shared && X->cells[i].used == USED_LABEL)
					continue;
				X->label_of[fi] = i;
				X->cells[i].used = USED_LABEL;
				break;
			}
	}
}

/* A numbered section heading ("2、GPU资源", "三、其他需求")? */
static bool is_heading(const ctx *X, const char *text)
{
	const char *a = gf_text_compact(X->a, text), *b = gf_text_label_key(X->a, text);
	return a && b && strcmp(a, b) != 0;
}

/* The cell below a label (label stacked over its value), if it is free. */
static size_t cell_below(const ctx *X, const cref *l)
{
	size_t below = (size_t)l->c->row + (size_t)l->c->rowspan;
	if (below >= l->t->nrows)
		return NONE;
	size_t i = cell_at(X, l->t, below, l->c->col);
	if (i == NONE || X->cells[i].used == USED_LABEL || X->cells[i].used == USED_TABLE ||
	    X->cells[i].used == USED_STATIC)
		return NONE;
	return i;
}

/* The value cell of a label: the nth cell to its right. For the first one,
 * blank filler cells (a merge lost on the way through another program) are
 * skipped up to a written one that is no label. When the label is followed
 * by another label, or by nothing, the value is in the cell below (labels
 * stacked over their values). */
static size_t value_cell(const ctx *X, size_t li, int nth, bool heading)
{
	const cref *l = &X->cells[li];
	const gf_row *rw = &l->t->rows[l->r];
	int count = 0;
	size_t first_blank = NONE;
	bool stopped = false;
	for (size_t ci = l->ci + 1; ci < rw->ncells; ci++) {
		size_t i = index_of(X, &rw->cells[ci], l->t);
		if (i == NONE)
			continue;
		int used = X->cells[i].used;
		if (used == USED_LABEL || used == USED_TABLE || used == USED_STATIC) {
			if (count == 0 && first_blank == NONE)
				return cell_below(X, l);
			stopped = true;
			break;
		}
		if (X->cells[i].blank) {
			if (first_blank == NONE)
				first_blank = i;
			continue;
		}
		if (++count == nth)
			return i;
	}
	if (count > 0 || nth > 1)
		return nth == 1 ? first_blank : NONE;
	if (l->ci + 1 >= rw->ncells)
		return cell_below(X, l); /* nothing to the right: stacked */
	/* nothing written to the right of a heading (三、其他需求 over its text,
	 * a merge lost on the way): the value below it comes first */
	if (!stopped && heading) {
		size_t below = cell_below(X, l);
		if (below != NONE && (!X->cells[below].blank || first_blank == NONE))
			return below;
	}
	return first_blank;
}

/* Cells right of a value cell up to the next label: option lists spread
 * over several cells (☐电信 | ☐移动 | ☑联通, or 电信 | √ | 移动 | ). */
static size_t option_cells(const ctx *X, size_t vi, size_t *out, size_t max)
{
	const cref *v = &X->cells[vi];
	const gf_row *rw = &v->t->rows[v->r];
	size_t n = 0;
	out[n++] = vi;
	for (size_t ci = v->ci + 1; ci < rw->ncells && n < max; ci++) {
		size_t i = index_of(X, &rw->cells[ci], v->t);
		if (i == NONE || X->cells[i].used != FREE || X->cells[i].c->row != v->c->row)
			break;
		if (!X->cells[i].blank && names_label(X, X->cells[i].key))
			break;
		out[n++] = i;
	}
	/* trailing blank cells are not part of the list */
	while (n > 1 && X->cells[out[n - 1]].blank)
		n--;
	return n;
}

/* Is the text only tick marks, boxes and blanks? */
static bool marks_only(const char *text)
{
	size_t n = strlen(text), i = 0;
	bool any = false;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(text + i, n - i, &cp);
		if (!k)
			return false;
		if (gf_mark_classify(cp) != GF_MC_NONE)
			any = true;
		else if (!gf_text_is_space(cp) && !gf_mark_is_emphasis(cp) && cp != '(' && cp != ')' &&
			 cp != 0xFF08 && cp != 0xFF09)
			return false;
		i += k;
	}
	return any;
}

/* One text for an option list spread over cells. Where the marks stand in
 * cells of their own after each option (电信 | √ | 移动 |  ), each mark is
 * moved before its option, so the list reads like 电信 √移动. */
static const char *join_option_cells(ctx *X, const size_t *idx, size_t n)
{
	if (n == 1)
		return X->cells[idx[0]].c->marked ? X->cells[idx[0]].c->marked : X->cells[idx[0]].c->text;
	bool marks_after = !marks_only(X->cells[idx[0]].c->text) && !X->cells[idx[0]].blank;
	bool has_mark_cell = false;
	for (size_t i = 1; i < n; i++)
		has_mark_cell = has_mark_cell || marks_only(X->cells[idx[i]].c->text) ||
				X->cells[idx[i]].blank;
	const char *s = "";
	for (size_t i = 0; i < n; i++) {
		const gf_cell *c = X->cells[idx[i]].c;
		const char *t = c->marked ? c->marked : c->text;
		if (marks_after && has_mark_cell && i + 1 < n &&
		    (marks_only(X->cells[idx[i + 1]].c->text) || X->cells[idx[i + 1]].blank) &&
		    !marks_only(c->text) && !X->cells[idx[i]].blank) {
			const gf_cell *m = X->cells[idx[i + 1]].c;
			s = gf_arena_printf(X->a, "%s %s%s", s, m->text, t);
			i++;
			continue;
		}
		s = gf_arena_printf(X->a, "%s %s", s, t);
	}
	return s;
}

/* Text for pattern fields: box and tick glyphs blanked, width folded. */
static const char *pattern_text(ctx *X, const char *text)
{
	const char *plain = gf_marks_strip(X->a, text);
	if (!plain)
		return NULL;
	size_t n = strlen(plain), i = 0, o = 0;
	char *d = gf_arena_alloc(X->a, n + 1);
	if (!d)
		return NULL;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(plain + i, n - i, &cp);
		if (!k)
			k = 1;
		if (gf_mark_classify(cp) != GF_MC_NONE) {
			d[o++] = ' ';
		} else {
			memcpy(d + o, plain + i, k);
			o += k;
		}
		i += k;
	}
	d[o] = '\0';
	return gf_text_fold(X->a, d);
}

static int read_options(ctx *X, const gf_fielddef *f, const char *marked, gf_loc loc)
{
	gf_option_pick pick;
	int rc = gf_options_read(X->a, f, marked, &pick);
	if (rc)
		return rc;
	int chosen[GF_OPTIONS_MAX];
	size_t n = 0;
	for (size_t i = 0; i < f->noptions && i < GF_OPTIONS_MAX; i++)
		if (pick.chosen[i])
			chosen[n++] = (int)i;
	if ((rc = gf_fill_pick(X->fl, f, chosen, n, pick.unknown, loc)))
		return rc;
	for (size_t i = 0; i < n; i++) {
		const gf_option *o = &f->options[chosen[i]];
		const char *blank = pick.blank[chosen[i]];
		if (!blank)
			continue;
		const gf_fielddef *target = o->blank ? gf_formdef_field(X->form, o->blank)
				      : o->other && f->other_key ? gf_formdef_field(X->form, f->other_key)
								 : NULL;
		if (target && (rc = gf_fill_text(X->fl, target, blank, loc)))
			return rc;
	}
	return 0;
}

/* Read a field's value from the text (and marked text) found for it. */
static int read_value(ctx *X, const gf_fielddef *f, const char *text, const char *marked,
		      gf_loc loc)
{
	if ((f->type == GF_TYPE_CHOICE || f->type == GF_TYPE_MULTI) &&
	    gf_fill_is_zero(gf_marks_strip(X->a, text)))
		return gf_fill_zero(X->fl, f, loc); /* 0: the service is not needed */
	if (f->type == GF_TYPE_CHOICE || f->type == GF_TYPE_MULTI) {
		if (f->pattern) {
			const char *region = NULL;
			int m = gf_pattern_match(f->pattern, text, X->a, &region);
			if (m < 0)
				return m;
			if (m == 0) {
				gf_fill_seen(X->fl, f, loc);
				return 0;
			}
			marked = region;
		}
		return read_options(X, f, marked, loc);
	}
	if (f->pattern) {
		const char *pt = f->type == GF_TYPE_TEXT ? text : pattern_text(X, text);
		const char *g = NULL;
		if (!pt)
			return GF_ENOMEM;
		int m = gf_pattern_match(f->pattern, pt, X->a, &g);
		if (m < 0)
			return m;
		gf_fill_seen(X->fl, f, loc);
		return m == 1 ? gf_fill_text(X->fl, f, g, loc) : 0;
	}
	return gf_fill_text(X->fl, f, text, loc);
}

static int read_field(ctx *X, const gf_fielddef *f)
{
	size_t li = X->label_of[f->index];
	if (li == NONE)
		return 0;
	const cref *l = &X->cells[li];
	const char *text, *marked;
	gf_loc loc;
	bool in_label = l->head_key && gf_label_matches(l->head_key, f->match, f->nmatch) &&
			!gf_label_matches(l->key, f->match, f->nmatch);
	if (in_label) {
		text = marked = l->head_rest;
		loc = l->loc;
	} else {
		size_t vi = value_cell(X, li, f->cell, f->below || is_heading(X, l->c->text));
		/* a missing value is reported where it should be written */
		gf_fill_seen(X->fl, f, vi == NONE ? l->loc : X->cells[vi].loc);
		if (vi == NONE) {
			/* the label alone; `at` fields may read their label's own cell */
			if (!f->pattern)
				return 0;
			text = marked = l->c->text;
			loc = l->loc;
		} else {
			X->cells[vi].used = USED_VALUE;
			text = X->cells[vi].c->text;
			marked = X->cells[vi].c->marked ? X->cells[vi].c->marked : text;
			loc = X->cells[vi].loc;
			/* options spread over the cells of the label's row (not when
			 * the value sits below its label: the next cell is another's) */
			if ((f->type == GF_TYPE_CHOICE || f->type == GF_TYPE_MULTI) && !f->pattern &&
			    f->cell == 1 && X->cells[vi].r == l->r && X->cells[vi].t == l->t) {
				size_t idx[GF_OPTIONS_MAX * 2];
				size_t n = option_cells(X, vi, idx, sizeof idx / sizeof idx[0]);
				for (size_t k = 0; k < n; k++)
					X->cells[idx[k]].used = USED_VALUE;
				if (n > 1)
					marked = join_option_cells(X, idx, n);
			}
		}
	}
	return read_value(X, f, text, marked, loc);
}

/* A label printed as a paragraph between tables (三、其他需求 above the
 * table holding its text), or "标签：值" written as a paragraph: for fields
 * whose label is in no cell. */
static int read_paragraph_fields(ctx *X)
{
	const gf_doc *doc = X->doc;
	int para = 0;
	for (size_t b = 0; b < doc->nblocks; b++) {
		const gf_block *bl = &doc->blocks[b];
		if (bl->kind != GF_BLOCK_PARA)
			continue;
		para++;
		if (X->para_used[b] || gf_text_blank(bl->text))
			continue;
		const char *key = gf_text_label_key(X->a, bl->text);
		const char *colon = strstr(bl->text, "：");
		size_t skip = 3;
		if (!colon) {
			colon = strchr(bl->text, ':');
			skip = 1;
		}
		const char *head = colon && colon - bl->text < 64
					   ? gf_text_label_key(X->a, gf_arena_strndup(X->a, bl->text,
										     (size_t)(colon - bl->text)))
					   : NULL;
		for (size_t fi = 0; fi < X->form->nfields; fi++) {
			const gf_fielddef *f = &X->form->fields[fi];
			if (f->derived || X->label_of[fi] != NONE || X->fl->seen[fi])
				continue;
			gf_loc loc = {0};
			loc.para = para;
			int rc = 0;
			if (head && gf_label_matches(head, f->match, f->nmatch) &&
			    !gf_label_matches(key, f->match, f->nmatch)) {
				X->para_used[b] = true;
				rc = read_value(X, f, colon + skip, colon + skip, loc);
			} else if (gf_label_matches(key, f->match, f->nmatch) && b + 1 < doc->nblocks) {
				const gf_block *next = &doc->blocks[b + 1];
				X->para_used[b] = true;
				if (next->kind == GF_BLOCK_TABLE && next->table->nrows &&
				    next->table->rows[0].ncells) {
					const gf_cell *c = &next->table->rows[0].cells[0];
					size_t i = index_of(X, c, next->table);
					if (i != NONE && X->cells[i].used == FREE) {
						X->cells[i].used = USED_VALUE;
						rc = read_value(X, f, c->text, c->marked ? c->marked : c->text,
								X->cells[i].loc);
					}
				} else if (next->kind == GF_BLOCK_PARA && !gf_text_blank(next->text) &&
					   !ignored_text(X, next->text)) {
					X->para_used[b + 1] = true;
					loc.para = para + 1;
					rc = read_value(X, f, next->text, next->marked ? next->marked : next->text,
							loc);
				}
			} else {
				continue;
			}
			if (rc)
				return rc;
			break;
		}
	}
	return 0;
}

/* ---- unplaced content ------------------------------------------------ */

static int warn_unplaced(ctx *X, gf_loc loc, const char *text)
{
	const char *clean = gf_text_clean(X->a, gf_marks_strip(X->a, text));
	if (!clean)
		return GF_ENOMEM;
	char shown[200];
	size_t n = strlen(clean);
	if (n > 150) {
		size_t cut = 150;
		while (cut > 0 && ((unsigned char)clean[cut] & 0xC0) == 0x80)
			cut--;
		snprintf(shown, sizeof shown, "%.*s…", (int)cut, clean);
	} else {
		snprintf(shown, sizeof shown, "%s", clean);
	}
	const char *where = gf_loc_format(X->a, loc, 1);
	const char *zh = gf_arena_printf(X->a, "%s的内容“%s”未能对应到表单的任何字段", where, shown);
	return gf_fill_diag(X->fl, GF_SEV_WARNING, "format", NULL, NULL, loc, zh,
			    "content not placed in any field of the form");
}

/* Is text the form's title (or a name the articles give it), alone or with
 * a few words around it? Returns 2 for the title itself, 1 when contained. */
static int title_match(const gf_formdef *f, const char *key)
{
	int found = 0;
	for (size_t i = 0; key && i < f->ntitle_keys; i++) {
		const char *t = f->title_keys[i];
		if (strcmp(key, t) == 0)
			return 2;
		if (strstr(key, t) && strlen(key) < strlen(t) + 24)
			found = 1;
	}
	return found;
}

static bool is_title(const ctx *X, const char *text)
{
	const char *key = gf_text_compact(X->a, text);
	if (title_match(X->form, key) > 0)
		return true;
	/* the title printed short (附件2 under 附件1's title, 托管 left off) */
	size_t kl = key ? strlen(key) : 0;
	return kl >= 24 && strncmp(X->form->title_key, key, kl) == 0;
}

static int report_unplaced(ctx *X)
{
	for (size_t i = 0; i < X->ncells; i++) {
		const cref *x = &X->cells[i];
		if (x->used != FREE || x->blank)
			continue;
		if (is_static(X, x->key) || ignored_text(X, x->c->text) || is_title(X, x->c->text))
			continue;
		/* a printed label of the form left without a value: not content */
		if (names_label(X, x->key))
			continue;
		/* an option cell of a choice nobody placed is printed text too */
		int rc = warn_unplaced(X, x->loc, x->c->text);
		if (rc)
			return rc;
	}
	int para = 0;
	for (size_t b = 0; b < X->doc->nblocks; b++) {
		const gf_block *bl = &X->doc->blocks[b];
		if (bl->kind != GF_BLOCK_PARA)
			continue;
		para++;
		if (X->para_used[b] || gf_text_blank(bl->text) || is_title(X, bl->text) ||
		    ignored_text(X, bl->text))
			continue;
		gf_loc loc = {0};
		loc.para = para;
		int rc = warn_unplaced(X, loc, bl->text);
		if (rc)
			return rc;
	}
	return 0;
}

int gf_extract_docx(gf_fill *fl, const gf_doc *doc)
{
	ctx X = {.fl = fl, .form = fl->form, .doc = doc, .a = fl->arena};
	int rc = build_cells(&X);
	if (rc)
		return rc;
	X.label_of = gf_arena_alloc(X.a, sizeof *X.label_of * (X.form->nfields + 1));
	X.para_used = gf_arena_alloc(X.a, sizeof *X.para_used * (doc->nblocks + 1));
	if (!X.label_of || !X.para_used)
		return GF_ENOMEM;
	/* statics first: they are never labels or values */
	for (size_t i = 0; i < X.ncells; i++)
		if (!X.cells[i].blank && is_static(&X, X.cells[i].key))
			X.cells[i].used = USED_STATIC;
	for (size_t t = 0; t < X.form->ntables; t++)
		if ((rc = read_table(&X, &X.form->tables[t])))
			return rc;
	assign_labels(&X);
	for (size_t f = 0; f < X.form->nfields; f++)
		if ((rc = read_field(&X, &X.form->fields[f])))
			return rc;
	if ((rc = read_paragraph_fields(&X)))
		return rc;
	return report_unplaced(&X);
}

/* ---- detection ------------------------------------------------------- */

typedef struct score {
	int title;  /* 2 exact, 1 contained, 0 none */
	int labels; /* distinct field labels (1), table headings (2) and cues (3) found */
} score;

static bool any_cell(const gf_doc *doc, const char *const *match, size_t nmatch, gf_arena *a,
		     const char **keys)
{
	(void)a;
	size_t k = 0;
	for (size_t t = 0; t < doc->ntables; t++)
		for (size_t r = 0; r < doc->tables[t]->nrows; r++)
			for (size_t ci = 0; ci < doc->tables[t]->rows[r].ncells; ci++, k++) {
				const char *key = keys[k];
				if (gf_label_matches(key, match, nmatch))
					return true;
			}
	return false;
}

const gf_formdef *gf_extract_detect(const gf_formset *fs, const gf_doc *doc, gf_arena *a)
{
	size_t total = 0;
	for (size_t t = 0; t < doc->ntables; t++)
		for (size_t r = 0; r < doc->tables[t]->nrows; r++)
			total += doc->tables[t]->rows[r].ncells;
	const char **keys = gf_arena_alloc(a, sizeof *keys * (total + 1));
	if (!keys)
		return NULL;
	size_t k = 0;
	for (size_t t = 0; t < doc->ntables; t++)
		for (size_t r = 0; r < doc->tables[t]->nrows; r++)
			for (size_t ci = 0; ci < doc->tables[t]->rows[r].ncells; ci++) {
				const char *text = doc->tables[t]->rows[r].cells[ci].text;
				const char *key = gf_text_label_key(a, text);
				/* "标签：值" counts for its label */
				const char *colon = strstr(text, "：");
				if (!colon)
					colon = strchr(text, ':');
				if (key && colon && colon - text < 64) {
					const char *head = gf_arena_strndup(a, text, (size_t)(colon - text));
					const char *hk = head ? gf_text_label_key(a, head) : NULL;
					if (hk && *hk)
						key = hk;
				}
				keys[k++] = key ? key : "";
			}
	const gf_formdef *best = NULL;
	score bs = {0};
	for (size_t fi = 0; fi < fs->nforms; fi++) {
		const gf_formdef *f = &fs->forms[fi];
		score s = {0};
		for (size_t b = 0; b < doc->nblocks; b++) {
			const char *text = doc->blocks[b].kind == GF_BLOCK_PARA ? doc->blocks[b].text : NULL;
			int m = text ? title_match(f, gf_text_compact(a, text)) : 0;
			if (m > s.title)
				s.title = m;
		}
		/* a title typed into the first cells of the table */
		for (size_t i = 0; i < k && i < 4 && s.title < 2; i++) {
			int m = title_match(f, gf_text_compact(a, keys[i]));
			if (m > s.title)
				s.title = m;
		}
		for (size_t i = 0; i < f->nfields; i++)
			if (!f->fields[i].derived && f->fields[i].match[0] &&
			    any_cell(doc, f->fields[i].match, f->fields[i].nmatch, a, keys))
				s.labels++;
		for (size_t i = 0; i < f->ntables; i++)
			if (any_cell(doc, f->tables[i].match, f->tables[i].nmatch, a, keys))
				s.labels += 2;
		for (size_t i = 0; i < f->ncues; i++)
			if (any_cell(doc, &f->cues[i], 1, a, keys))
				s.labels += 3;
		bool ok = (s.title && s.labels >= 3) || s.labels >= 8;
		if (!ok)
			continue;
		/* What the tables say decides; the title adds weight (a form typed
		 * under another annex's title is still the form its tables are). */
		int points = s.labels + (s.title == 2 ? 6 : s.title == 1 ? 3 : 0);
		int best_total = bs.labels + (bs.title == 2 ? 6 : bs.title == 1 ? 3 : 0);
		if (!best || points > best_total || (points == best_total && s.title > bs.title)) {
			best = f;
			bs = s;
		}
	}
	return best;
}
