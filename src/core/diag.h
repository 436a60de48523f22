/* diag.h - diagnostics: what is wrong with a form, where, in Chinese and
 * English. A diagnostic list belongs to one document and keeps its strings
 * in that document's arena.
 */
#ifndef GF_CORE_DIAG_H
#define GF_CORE_DIAG_H

#include "core/arena.h"

#include <stddef.h>

typedef enum { GF_SEV_ERROR = 0, GF_SEV_WARNING = 1 } gf_severity;

/* A place in the input, 1-based; 0 = not known. A DOCX cell is (table, row,
 * col) with tables counted in document order (nested ones included) and col
 * the cell's place in its row as Word counts it (a cell merged down from the
 * row above counts once, whatever its width); a body
 * paragraph is `para`; an XML input node is `line`; a spreadsheet cell is
 * (line, col) with line the sheet row. */
typedef struct gf_loc {
	int table, row, col;
	int para;
	int line;
} gf_loc;

typedef struct gf_diag {
	gf_severity severity;
	const char *code;    /* required, format, choice, range, rule, unknown-form, unreadable */
	const char *field;   /* key path ("owner.email", "hosts[2].cpu") or NULL */
	const char *label;   /* the printed label, or NULL */
	const char *message; /* "中文说明 (English explanation)" */
	gf_loc where;
} gf_diag;

#define GF_DIAGS_MAX 2000 /* further diagnostics are counted, not stored */

typedef struct gf_diags {
	gf_arena *arena; /* not owned */
	gf_diag *items;
	size_t n, cap;
	size_t dropped;
} gf_diags;

void gf_diags_init(gf_diags *d, gf_arena *arena);
/* Append a diagnostic; all strings are copied into the arena. message_zh and
 * message_en are joined as "zh (en)". Returns 0 or GF_ENOMEM. */
int gf_diags_add(gf_diags *d, gf_severity sev, const char *code, const char *field,
		 const char *label, gf_loc where, const char *message_zh,
		 const char *message_en);
size_t gf_diags_count(const gf_diags *d, gf_severity sev);
/* Stable sort: by location (document order), then insertion order. */
void gf_diags_sort(gf_diags *d);

/* Format a location: "table 1, row 5, cell 2" / "line 12" / "row 5, column 3"
 * (English, the record's `where`), or "第1个表格第5行第2列" / "第12行" /
 * "第5行第3列" (Chinese, for people).
 * Returns "" for an unknown location. Result lives in the arena. */
const char *gf_loc_format(gf_arena *a, gf_loc where, int chinese);

const char *gf_severity_name(gf_severity sev);

#endif
