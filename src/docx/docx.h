/* docx.h - WordprocessingML -> document model (paragraphs and cell grids).
 *
 * The reader owns one arena per document; every string and node below lives
 * in it and goes away with gf_doc_free. It reads word/document.xml of a DOCX
 * package (zip.h limits apply) and produces:
 *   - blocks: the body in order, paragraphs and tables;
 *   - tables: every table in document order, depth-first (a nested table
 *     comes right after the table that contains it starts; `index` is the
 *     position in this list), each a grid of cells with coordinates.
 *
 * Text rules: runs are joined (split runs, proofErr, bookmarks are noise);
 * w:tab -> '\t'; w:br / w:cr -> '\n'; paragraphs in a cell joined by '\n';
 * w:ins kept, w:del / w:delText dropped (tracked changes accepted);
 * w:sdt content read at block, row, cell and run level; field codes
 * (w:instrText) dropped and field results kept; w:sym mapped through the
 * symbol fonts (Wingdings, Wingdings 2, Webdings, Symbol) to Unicode.
 * Checkboxes become text: a w14:checkbox content control and a legacy
 * FORMCHECKBOX field (w:checked, else w:default) become U+2611 ☑ (checked)
 * or U+2610 ☐ (unchecked) in place; symbol-font glyphs (w:sym, or w:t in a
 * Wingdings run) become their Unicode forms (☐ ☑ ☒ ✓ ✗ …). A FORMDROPDOWN
 * shows its chosen entry. Placeholder text of an empty content control
 * (w:showingPlcHdr) is dropped; rows deleted with tracked changes too.
 * mc:AlternateContent is read once (its first mc:Choice); text-box content
 * follows the paragraph that anchors it (in the body, or in the cell).
 * `marked` is the same text with GF_MARK_* emphasis markers (core/marks.h)
 * around struck-through and emphasised runs; `text` has none. Private-use
 * code points U+E000..U+E003 in the input are dropped.
 *
 * Limits (GF_ELIMIT): lim->max_cells counts tables, rows and cells; body
 * paragraphs are capped at 4 x max_cells; lim->max_text counts text bytes;
 * a table is at most 1024 grid columns wide; nesting as in xml.h.
 */
#ifndef GF_DOCX_DOCX_H
#define GF_DOCX_DOCX_H

#include "core/arena.h"
#include "core/error.h"
#include "core/limits.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct gf_table gf_table;

typedef struct gf_checkbox {
	const char *label; /* text after the box up to the next box or line end */
	bool checked;
} gf_checkbox;

typedef struct gf_cell {
	int row, col;         /* 0-based grid position of the top-left corner */
	int rowspan, colspan; /* >= 1; vMerge continuation cells are folded in */
	const char *text;
	const char *marked;
	gf_checkbox *checkboxes;
	size_t ncheckboxes;
	gf_table **tables; /* nested tables inside this cell, in order */
	size_t ntables;
} gf_cell;

typedef struct gf_row {
	gf_cell *cells; /* cells starting in this row, left to right */
	size_t ncells;
} gf_row;

struct gf_table {
	int index; /* 0-based position in gf_doc.tables */
	int ncols; /* grid width (w:tblGrid, widened to the widest row) */
	gf_row *rows;
	size_t nrows;
	gf_table *parent;      /* NULL for a body table */
	int parent_row, parent_col;
};

typedef enum { GF_BLOCK_PARA, GF_BLOCK_TABLE } gf_block_kind;

typedef struct gf_block {
	gf_block_kind kind;
	const char *text;   /* paragraph text (GF_BLOCK_PARA) */
	const char *marked;
	gf_table *table;    /* GF_BLOCK_TABLE */
} gf_block;

typedef struct gf_doc {
	gf_arena *arena; /* owns everything below */
	gf_block *blocks;
	size_t nblocks;
	gf_table **tables;
	size_t ntables;
} gf_doc;

/* Read a DOCX package from memory. On success *out is a new document the
 * caller frees with gf_doc_free. Unsafe or malformed input gives
 * GF_EUNREADABLE / GF_ELIMIT and one clear message in err. */
int gf_docx_read(gf_doc **out, const void *data, size_t len, const gf_limits *lim,
		 gf_error *err);

/* Read an already extracted word/document.xml (used by tests and fuzzers). */
int gf_docx_read_xml(gf_doc **out, const char *xml, size_t len, const gf_limits *lim,
		     gf_error *err);

void gf_doc_free(gf_doc *doc);

/* The reader's view as JSON text (the `govforms grid` output, spec shape:
 * {"tables":[{"rows":[{"cells":[{"row","col","rowspan","colspan","text",
 * "checkboxes":[{"label","checked"}], "tables":[...]}]}]}]}; nested tables
 * only inside their cell). Caller frees with gf_free. */
char *gf_doc_grid_json(const gf_doc *doc);

#endif
