/* layout_int.h - the loaded layout model, shared by layout.c (loading) and
 * render.c (drawing). Internal to src/sheet. All lengths are in points; all
 * memory belongs to the layout's arena.
 */
#ifndef GF_SHEET_LAYOUT_INT_H
#define GF_SHEET_LAYOUT_INT_H

#include "core/arena.h"
#include "sheet/layout.h"

#include <pthread.h>
#include <stdatomic.h>

#define LT_MAX_STYLES 16
#define LT_MAX_COLS 24

typedef struct lt_style {
	char name[24];
	int chain;
	double size, min; /* points; the size shrinks in 0.5 pt steps down to min */
	double leading;   /* line height / size */
} lt_style;

typedef enum { IN_TEXT, IN_VALUE, IN_OPTS, IN_CHECK, IN_BR } lt_inline_kind;

typedef struct lt_inline {
	lt_inline_kind kind;
	const char *text;       /* IN_TEXT */
	const char *field;      /* key, relative to the list item inside a list */
	const gf_sfield *decl;  /* the declaration of field */
	double min_w;           /* IN_VALUE: a fill-in blank this wide (underlined); 0 = none */
	const char *prefix, *suffix; /* around a non-blank value */
	const char *option;     /* IN_CHECK: tick when the value equals this; NULL = non-blank, non-zero */
	int line;
} lt_inline;

typedef enum { CELL_LABEL, CELL_VALUE, CELL_SECTION, CELL_TEXT } lt_cell_kind;

typedef struct lt_cell {
	lt_cell_kind kind;
	int span, rowspan;
	int align;              /* 0 left, 1 centre, 2 right */
	int style;
	int max_lines;          /* lines before the size shrinks; 0 = no limit */
	int required;           /* label printed with '*' */
	lt_inline *items;
	size_t n_items;
	int line;
} lt_cell;

typedef struct lt_row {
	lt_cell *cells;
	size_t n;
	double min_h;
	int line;
} lt_row;

typedef enum { SRC_ROW, SRC_LIST } lt_src_kind;

typedef struct lt_src {
	lt_src_kind kind;
	lt_row row;             /* SRC_ROW */
	const char *field;      /* SRC_LIST */
	const gf_sfield *decl;
	lt_row *header;
	size_t n_header;
	lt_row item;
	int min_items;
} lt_src;

typedef struct lt_table {
	double cols[LT_MAX_COLS];
	int ncols;
	const char *side;       /* a label down the left of the whole table */
	double side_w;
	int side_style;
	lt_src *srcs;
	size_t n;
	int line;
} lt_table;

struct gf_layout {
	gf_arena *arena;
	const char *path;
	const char *form, *kind, *annex, *title;
	double page_w, page_h, ml, mr, mt, mb;
	double pad, row_h, line_w, outer_w;
	lt_style styles[LT_MAX_STYLES];
	int n_styles;
	int st_title, st_annex, st_meta, st_label, st_value, st_section, st_text, st_sign;
	gf_sfield *fields;
	size_t n_fields;
	lt_table *tables;
	size_t n_tables;
	/* header */
	double qr_size;
	const char *number_label;
	/* signatures */
	const char **parties;
	size_t n_parties;
	double seal;            /* side of the clear square under each party */
	const char *sign_date;
	/* footer */
	const char *footer;     /* with {page} and {pages} */
	/* Fonts holding every glyph of the fixed text: the characters are
	 * collected at load, the fonts built on first use (under pre_lock). */
	struct {
		const gf_face *face;
		uint32_t *cp;
		uint16_t *gid;
		size_t n;
	} fixed[GF_FONT_MAX_FACES];
	size_t n_fixed;
	gf_prefont *pre[GF_FONT_MAX_FACES];
	size_t n_pre;
	pthread_mutex_t pre_lock;
	_Atomic int pre_state; /* 0 not built, 1 built */
};

/* Build the layout's pre-built fonts once (thread-safe). */
int gf_layout__prefonts(gf_layout *l, gf_error *err);

#endif
