#include "docx/docx.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/marks.h"
#include "core/utf8.h"
#include "docx/symfont.h"
#include "xml/xml.h"
#include "zip/zip.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define DOC_PART "word/document.xml"
#define MAX_COLS 1024   /* grid columns of one table */
#define MAX_FIELDS 64   /* nested complex fields tracked per story */
#define BLOCKS_PER_CELL 4 /* paragraph blocks allowed per max_cells */
#define TOKEN_CACHE 1024

#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_W_STRICT "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define NS_W14 "http://schemas.microsoft.com/office/word/2010/wordml"
#define NS_MC "http://schemas.openxmlformats.org/markup-compatibility/2006"

#define CP_BOX 0x2610u
#define CP_BOX_CHECKED 0x2611u

enum tok {
	T_OTHER = 0,
	T_SKIP,
	/* structure */
	T_P, T_TBL, T_TBLGRID, T_GRIDCOL, T_TR, T_TRPR, T_TC, T_TCPR, T_TXBX,
	T_GRIDSPAN, T_VMERGE, T_HMERGE, T_GRIDBEFORE, T_GRIDAFTER, T_DEL,
	/* runs and their properties */
	T_R, T_RPR, T_T, T_TAB, T_BR, T_NBHYPHEN, T_SOFTHYPHEN, T_SYM,
	T_B, T_STRIKE, T_HIGHLIGHT, T_SHD, T_U, T_BDR, T_EM, T_RFONTS,
	/* fields */
	T_FLDCHAR, T_FLDSIMPLE, T_INSTR, T_FFDATA, T_FFCHECKBOX, T_FFCHECKED, T_DEFAULT,
	T_DDLIST, T_RESULT, T_LISTENTRY,
	/* content controls */
	T_SDT, T_SDTPR, T_SDTCONTENT, T_PLCHDR, T_W14_CHECKBOX, T_W14_CHECKED,
	/* markup compatibility */
	T_ALT, T_CHOICE, T_FALLBACK
};

enum ns { N_ANY, N_W, N_W14, N_MC };

struct name_tok {
	const char *name;
	unsigned char tok, ns;
};

/* Element local names the reader acts on, sorted by strcmp. */
static const struct name_tok g_names[] = {
	{"AlternateContent", T_ALT, N_MC},
	{"Choice", T_CHOICE, N_MC},
	{"Fallback", T_FALLBACK, N_MC},
	{"b", T_B, N_W},
	{"bdr", T_BDR, N_W},
	{"br", T_BR, N_W},
	{"checkBox", T_FFCHECKBOX, N_W},
	{"checkbox", T_W14_CHECKBOX, N_W14},
	{"checked", T_FFCHECKED, N_ANY},
	{"cr", T_BR, N_W},
	{"ddList", T_DDLIST, N_W},
	{"default", T_DEFAULT, N_W},
	{"del", T_DEL, N_W},
	{"delInstrText", T_SKIP, N_W},
	{"delText", T_SKIP, N_W},
	{"dstrike", T_STRIKE, N_W},
	{"em", T_EM, N_W},
	{"ffData", T_FFDATA, N_W},
	{"fldChar", T_FLDCHAR, N_W},
	{"fldSimple", T_FLDSIMPLE, N_W},
	{"gridAfter", T_GRIDAFTER, N_W},
	{"gridBefore", T_GRIDBEFORE, N_W},
	{"gridCol", T_GRIDCOL, N_W},
	{"gridSpan", T_GRIDSPAN, N_W},
	{"hMerge", T_HMERGE, N_W},
	{"highlight", T_HIGHLIGHT, N_W},
	{"instrText", T_INSTR, N_W},
	{"listEntry", T_LISTENTRY, N_W},
	{"moveFrom", T_SKIP, N_W},
	{"noBreakHyphen", T_NBHYPHEN, N_W},
	{"numberingChange", T_SKIP, N_W},
	{"p", T_P, N_W},
	{"pPr", T_SKIP, N_W},
	{"pPrChange", T_SKIP, N_W},
	{"ptab", T_TAB, N_W},
	{"r", T_R, N_W},
	{"rFonts", T_RFONTS, N_W},
	{"rPr", T_RPR, N_W},
	{"rPrChange", T_SKIP, N_W},
	{"result", T_RESULT, N_W},
	{"rt", T_SKIP, N_W},
	{"sdt", T_SDT, N_W},
	{"sdtContent", T_SDTCONTENT, N_W},
	{"sdtEndPr", T_SKIP, N_W},
	{"sdtPr", T_SDTPR, N_W},
	{"sectPr", T_SKIP, N_W},
	{"sectPrChange", T_SKIP, N_W},
	{"shd", T_SHD, N_W},
	{"showingPlcHdr", T_PLCHDR, N_W},
	{"softHyphen", T_SOFTHYPHEN, N_W},
	{"strike", T_STRIKE, N_W},
	{"sym", T_SYM, N_W},
	{"t", T_T, N_W},
	{"tab", T_TAB, N_W},
	{"tbl", T_TBL, N_W},
	{"tblGrid", T_TBLGRID, N_W},
	{"tblGridChange", T_SKIP, N_W},
	{"tblPr", T_SKIP, N_W},
	{"tblPrChange", T_SKIP, N_W},
	{"tblPrEx", T_SKIP, N_W},
	{"tblPrExChange", T_SKIP, N_W},
	{"tc", T_TC, N_W},
	{"tcPr", T_TCPR, N_W},
	{"tcPrChange", T_SKIP, N_W},
	{"tr", T_TR, N_W},
	{"trPr", T_TRPR, N_W},
	{"trPrChange", T_SKIP, N_W},
	{"txbxContent", T_TXBX, N_W},
	{"u", T_U, N_W},
	{"vMerge", T_VMERGE, N_W},
};

/* ---- builder state ---------------------------------------------------- */

struct frame {
	unsigned char tok;
	unsigned char st; /* innermost structural token at or above this frame */
	int aux;
};

/* A finished paragraph or table waiting for its anchoring paragraph to end
 * (text-box content). */
struct item {
	const char *s;
	size_t n;
	gf_table *t;
};

struct para {
	gf_buf m; /* marked text */
	int strike, emph;
	size_t container;
	struct item *items;
	size_t nitems, citems;
};

enum { C_BODY, C_CELL, C_TXBX };

struct container {
	int kind;
	size_t para_base; /* paragraphs open when the container began */
	long anchor;      /* C_TXBX: the paragraph it is anchored in, or -1 */
	size_t tb;        /* C_CELL: its table builder */
	size_t saved_story;
};

struct run {
	int strike, emph, font;
	long para;
};

struct field {
	unsigned char result, hide_result, emitted, ninstr;
	char instr[24];
};

struct sdt {
	unsigned char checkbox, checked, placeholder, emitted;
};

/* The cell covering a grid column, written while placing row `stamp`. */
struct slot {
	int stamp, row, idx;
};

/* Text and tables folded into a merged cell, joined once at table end (so
 * a long vertical merge stays linear). */
struct piece {
	const char *s;
	size_t n;
	struct piece *next;
};

struct cellx {
	struct piece *head, *tail;
	gf_table **tabs;
	size_t ntabs, ctabs;
};

struct brow {
	gf_cell *cells;
	struct cellx *x; /* parallel to cells */
	size_t n, cap, xcap;
	int before, after, deleted, started, cursor;
};

struct tbuild {
	gf_table *t;
	size_t container;
	int grid_cols, width;
	struct brow *rows;
	size_t nrows, crows;
	/* the open cell */
	gf_buf cell;
	int span, vmerge, hmerge; /* merge: 0 none, 1 restart, 2 continue */
	gf_table **tabs;
	size_t ntabs, ctabs;
	size_t fld_base;
	/* which cell covers each grid column: placing cells left to right,
	 * a column is read (previous row) before it is written (this row) */
	struct slot *cov;
	size_t ncov;
};

struct ffinfo {
	int cb, cb_checked, cb_default;
	int dd, dd_result, dd_default;
	gf_buf entries; /* NUL-separated list entries */
	int nentries;
};

struct cache_slot {
	const xmlChar *name;
	short idx; /* into g_names, -1 = not ours */
};

typedef struct builder {
	gf_arena *arena;
	const gf_limits *lim;
	gf_error *err;
	int rc;
	size_t ncells, nblocks_all, ntext, max_blocks;

	gf_block *blocks;
	size_t nblocks, cblocks;
	gf_table **tables;
	size_t ntables, ctables;

	struct frame *fr;
	size_t nfr, cfr;
	struct container *ct;
	size_t nct, cct;
	struct para *pa;
	size_t npa, cpa;
	struct run *ru;
	size_t nru, cru;
	struct sdt *sd;
	size_t nsd, csd;
	unsigned char *alt;
	size_t nalt, calt;
	struct tbuild *tb;
	size_t ntb, ctb;

	struct field fld[MAX_FIELDS];
	size_t nfld, fld_over, story_base;
	struct ffinfo ff;

	int hide;             /* > 0: text is not shown (checkbox glyphs, placeholders) */
	uint32_t pending_glyph; /* checkbox glyph waiting for a paragraph */
	int pending_hide;
	gf_buf tmp;

	struct cache_slot cache[TOKEN_CACHE];
} builder;

/* ---- small helpers ---------------------------------------------------- */

static int oom(builder *b)
{
	b->rc = gf_error_set(b->err, GF_ENOMEM, "out of memory");
	return b->rc;
}

static int fail_limit(builder *b, const char *what, size_t limit)
{
	b->rc = gf_error_set(b->err, GF_ELIMIT, "word/document.xml has more %s than the limit (%zu)",
			     what, limit);
	return b->rc;
}

static int arena_fail(builder *b)
{
	if (gf_arena_over_cap(b->arena)) {
		b->rc = gf_error_set(b->err, GF_ELIMIT, "the document model outgrows its memory cap");
		return b->rc;
	}
	return oom(b);
}

/* Grow the heap array whose pointer is at `pp` to hold `need` elements
 * (new ones zeroed). The pointer is moved with memcpy: no type punning. */
static int grow(builder *b, void *pp, size_t *cap, size_t need, size_t size)
{
	if (need <= *cap)
		return GF_OK;
	size_t c = *cap ? *cap : 8;
	while (c < need) {
		if (c > SIZE_MAX / 4 / size)
			return oom(b);
		c *= 2;
	}
	void *p;
	memcpy(&p, pp, sizeof p);
	char *q = gf_realloc(p, c * size);
	if (!q)
		return oom(b);
	memset(q + *cap * size, 0, (c - *cap) * size);
	memcpy(pp, &q, sizeof q);
	*cap = c;
	return GF_OK;
}

#define GROW(b, arr, cap, need) grow((b), &(arr), &(cap), (need), sizeof *(arr))

static int buf_rc(builder *b, int rc)
{
	if (rc == GF_ENOMEM)
		return oom(b);
	if (rc == GF_ELIMIT)
		return fail_limit(b, "text bytes", b->lim->max_text);
	return rc;
}

static char *arena_str(builder *b, const char *s, size_t n)
{
	char *d = gf_arena_strndup(b->arena, s ? s : "", s ? n : 0);
	if (!d)
		arena_fail(b);
	return d;
}

static int ascii_ieq(const char *a, const char *c)
{
	for (; *a && *c; a++, c++) {
		char x = *a, y = *c;
		if (x >= 'A' && x <= 'Z')
			x = (char)(x + 32);
		if (y >= 'A' && y <= 'Z')
			y = (char)(y + 32);
		if (x != y)
			return 0;
	}
	return *a == *c;
}

/* Attribute by local name, in any namespace (w:val, w14:val, val). */
static const char *attr(builder *b, xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr a = n->properties; a; a = a->next) {
		if (strcmp((const char *)a->name, name) != 0)
			continue;
		xmlNodePtr c = a->children;
		if (!c)
			return "";
		if (c->type == XML_TEXT_NODE && !c->next && c->content)
			return (const char *)c->content;
		xmlChar *v = xmlNodeListGetString(n->doc, c, 1);
		if (!v)
			return NULL;
		gf_buf_truncate(&b->tmp, 0);
		int rc = gf_buf_puts(&b->tmp, (const char *)v);
		xmlFree(v);
		return rc == GF_OK ? b->tmp.data : NULL;
	}
	return NULL;
}

/* ST_OnOff: absent value means on. */
static int onoff(const char *v)
{
	if (!v)
		return 1;
	return !(strcmp(v, "0") == 0 || ascii_ieq(v, "false") || ascii_ieq(v, "off"));
}

static int ival(const char *v, int dflt)
{
	if (!v)
		return dflt;
	while (*v == ' ')
		v++;
	if (*v < '0' || *v > '9')
		return dflt;
	long x = 0;
	for (; *v >= '0' && *v <= '9'; v++) {
		x = x * 10 + (*v - '0');
		if (x > 1000000)
			x = 1000000;
	}
	return (int)x;
}

static int has_marks(const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	while ((p = memchr(p, '\xEE', (size_t)(end - p))) != NULL) {
		if (end - p >= 3 && (unsigned char)p[1] == 0x80 && ((unsigned char)p[2] & 0xFC) == 0x80)
			return 1;
		p++;
	}
	return 0;
}

/* ---- element names ---------------------------------------------------- */

static int name_cmp(const void *k, const void *e)
{
	return strcmp(k, ((const struct name_tok *)e)->name);
}

static int ns_of(xmlNodePtr n)
{
	if (!n->ns || !n->ns->href)
		return -1;
	const char *h = (const char *)n->ns->href;
	if (strcmp(h, NS_W) == 0 || strcmp(h, NS_W_STRICT) == 0)
		return N_W;
	if (strcmp(h, NS_W14) == 0)
		return N_W14;
	if (strcmp(h, NS_MC) == 0)
		return N_MC;
	return -1;
}

/* Token of an element: local names are interned in the reader's dictionary,
 * so a pointer-keyed cache saves the search. */
static int token(builder *b, xmlNodePtr n)
{
	const xmlChar *name = n->name;
	size_t h = ((uintptr_t)name >> 4) % TOKEN_CACHE;
	int idx = -2;
	for (size_t i = 0; i < 8; i++) {
		struct cache_slot *s = &b->cache[(h + i) % TOKEN_CACHE];
		if (s->name == name) {
			idx = s->idx;
			break;
		}
		if (!s->name) {
			const struct name_tok *e = bsearch(name, g_names,
							   sizeof g_names / sizeof g_names[0],
							   sizeof g_names[0], name_cmp);
			idx = e ? (int)(e - g_names) : -1;
			s->name = name;
			s->idx = (short)idx;
			break;
		}
	}
	if (idx == -2) {
		const struct name_tok *e = bsearch(name, g_names, sizeof g_names / sizeof g_names[0],
						   sizeof g_names[0], name_cmp);
		idx = e ? (int)(e - g_names) : -1;
	}
	if (idx < 0)
		return T_OTHER;
	const struct name_tok *e = &g_names[idx];
	int ns = ns_of(n);
	if (e->ns == N_ANY) {
		if (ns == N_W14)
			return T_W14_CHECKED;
		return ns == N_W ? e->tok : T_OTHER;
	}
	return ns == e->ns ? e->tok : T_OTHER;
}

/* ---- text -------------------------------------------------------------- */

static struct para *cur_para(builder *b, size_t *idx)
{
	const struct container *c = &b->ct[b->nct - 1];
	if (b->npa <= c->para_base)
		return NULL;
	if (idx)
		*idx = b->npa - 1;
	return &b->pa[b->npa - 1];
}

/* Fields below `upto` (story fields only) hide text: instructions, or a
 * result that the reader replaced (checkbox, drop-down). */
static int fields_hide(const builder *b, size_t upto)
{
	for (size_t i = b->story_base; i < upto; i++)
		if (!b->fld[i].result || b->fld[i].hide_result)
			return 1;
	return 0;
}

static int mark_put(builder *b, struct para *p, const char *m)
{
	int rc = gf_buf_append(&p->m, m, 3);
	if (rc)
		return buf_rc(b, rc);
	b->ntext += 3;
	return GF_OK;
}

/* Move the paragraph's open emphasis markers to (strike, emph). */
static int mark_to(builder *b, struct para *p, int strike, int emph)
{
	int rc;
	if (p->emph && (!emph || p->strike != strike)) {
		if ((rc = mark_put(b, p, GF_MARK_EMPH_OFF_S)))
			return rc;
		p->emph = 0;
	}
	if (p->strike != strike) {
		if ((rc = mark_put(b, p, strike ? GF_MARK_STRIKE_ON_S : GF_MARK_STRIKE_OFF_S)))
			return rc;
		p->strike = strike;
	}
	if (emph && !p->emph) {
		if ((rc = mark_put(b, p, GF_MARK_EMPH_ON_S)))
			return rc;
		p->emph = 1;
	}
	return GF_OK;
}

/* Append visible text to the open paragraph with the run's emphasis. */
static int put(builder *b, const char *s, size_t n, size_t fld_upto)
{
	if (!n || b->hide || fields_hide(b, fld_upto))
		return GF_OK;
	size_t pi;
	struct para *p = cur_para(b, &pi);
	if (!p)
		return GF_OK;
	int strike = 0, emph = 0;
	if (b->nru && b->ru[b->nru - 1].para == (long)pi) {
		strike = b->ru[b->nru - 1].strike;
		emph = b->ru[b->nru - 1].emph;
	}
	int rc;
	if ((strike != p->strike || emph != p->emph) && (rc = mark_to(b, p, strike, emph)))
		return rc;
	if (b->ntext + n > b->lim->max_text)
		return fail_limit(b, "text bytes", b->lim->max_text);
	if ((rc = gf_buf_append(&p->m, s, n)))
		return buf_rc(b, rc);
	b->ntext += n;
	return GF_OK;
}

static int put_cp(builder *b, uint32_t cp, size_t fld_upto)
{
	char u[4];
	size_t k = gf_utf8_encode(cp, u);
	return k ? put(b, u, k, fld_upto) : GF_OK;
}

static int run_font(builder *b)
{
	size_t pi;
	if (!b->nru || !cur_para(b, &pi) || b->ru[b->nru - 1].para != (long)pi)
		return GF_SYMFONT_NONE;
	return b->ru[b->nru - 1].font;
}

/* w:t content: our marker code points dropped, line ends folded to spaces,
 * symbol-font characters mapped. */
static int text_node(builder *b, const char *s, size_t n)
{
	if (!n || b->hide || !cur_para(b, NULL) || fields_hide(b, b->nfld))
		return GF_OK;
	int font = run_font(b);
	if (!font && !memchr(s, '\xEE', n) && !memchr(s, '\n', n) && !memchr(s, '\r', n))
		return put(b, s, n, b->nfld);
	gf_buf_truncate(&b->tmp, 0);
	size_t i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = gf_utf8_decode(s + i, n - i, &cp);
		if (!k) {
			k = 1;
			cp = 0xFFFD;
		}
		i += k;
		if (cp >= GF_MARK_STRIKE_ON && cp <= GF_MARK_EMPH_OFF)
			continue;
		if (cp == '\n' || cp == '\r')
			cp = ' ';
		if (font && ((cp >= 0x20 && cp <= 0xFF) || (cp >= 0xF020 && cp <= 0xF0FF))) {
			cp = gf_docx__symfont_map(font, cp);
			if (!cp)
				continue;
		}
		char u[4];
		size_t w = gf_utf8_encode(cp, u);
		int rc = gf_buf_append(&b->tmp, u, w);
		if (rc)
			return buf_rc(b, rc);
	}
	return put(b, b->tmp.data, b->tmp.len, b->nfld);
}

static int sym(builder *b, xmlNodePtr n)
{
	const char *f = attr(b, n, "font");
	int font = f ? gf_docx__symfont(f, strlen(f)) : GF_SYMFONT_NONE;
	const char *c = attr(b, n, "char");
	if (!c)
		return GF_OK;
	uint32_t code = 0;
	for (int i = 0; c[i] && i < 8; i++) {
		char x = c[i];
		int d = x >= '0' && x <= '9' ? x - '0' : x >= 'a' && x <= 'f' ? x - 'a' + 10 :
			x >= 'A' && x <= 'F' ? x - 'A' + 10 : -1;
		if (d < 0)
			return GF_OK;
		code = code << 4 | (uint32_t)d;
	}
	uint32_t cp;
	if (font)
		cp = gf_docx__symfont_map(font, code);
	else if ((code >= 0xE000 && code <= 0xF8FF) || code < 0x20)
		cp = 0;
	else
		cp = code;
	return cp ? put_cp(b, cp, b->nfld) : GF_OK;
}

/* ---- delivering paragraphs and tables ---------------------------------- */

static int add_block(builder *b, gf_block_kind kind, const char *s, size_t n, gf_table *t)
{
	if (++b->nblocks_all > b->max_blocks)
		return fail_limit(b, "paragraphs", b->max_blocks);
	if (GROW(b, b->blocks, b->cblocks, b->nblocks + 1))
		return b->rc;
	gf_block *blk = &b->blocks[b->nblocks];
	blk->kind = kind;
	if (kind == GF_BLOCK_PARA) {
		char *m = arena_str(b, s, n);
		if (!m)
			return b->rc;
		blk->marked = m;
		blk->text = has_marks(m, n) ? gf_marks_strip(b->arena, m) : m;
		if (!blk->text)
			return arena_fail(b);
	} else {
		blk->table = t;
	}
	b->nblocks++;
	return GF_OK;
}

static int deliver(builder *b, size_t ci, const char *s, size_t n, gf_table *t)
{
	for (;;) {
		struct container *c = &b->ct[ci];
		if (c->kind == C_BODY)
			return add_block(b, t ? GF_BLOCK_TABLE : GF_BLOCK_PARA, s, n, t);
		if (c->kind == C_CELL) {
			struct tbuild *tb = &b->tb[c->tb];
			if (t) {
				if (GROW(b, tb->tabs, tb->ctabs, tb->ntabs + 1))
					return b->rc;
				tb->tabs[tb->ntabs++] = t;
				return GF_OK;
			}
			if (!n)
				return GF_OK;
			int rc = GF_OK;
			if (tb->cell.len)
				rc = gf_buf_putc(&tb->cell, '\n');
			if (!rc)
				rc = gf_buf_append(&tb->cell, s, n);
			return rc ? buf_rc(b, rc) : GF_OK;
		}
		/* text box: after its anchoring paragraph, or straight to the parent */
		if (c->anchor < 0) {
			ci--;
			continue;
		}
		struct para *a = &b->pa[c->anchor];
		if (++b->nblocks_all > b->max_blocks)
			return fail_limit(b, "paragraphs", b->max_blocks);
		if (GROW(b, a->items, a->citems, a->nitems + 1))
			return b->rc;
		struct item *it = &a->items[a->nitems];
		it->t = t;
		it->n = n;
		it->s = NULL;
		if (!t && !(it->s = arena_str(b, s, n)))
			return b->rc;
		a->nitems++;
		return GF_OK;
	}
}

/* ---- paragraphs -------------------------------------------------------- */

static int para_open(builder *b)
{
	if (GROW(b, b->pa, b->cpa, b->npa + 1))
		return b->rc;
	struct para *p = &b->pa[b->npa++];
	if (!p->m.max)
		p->m.max = b->lim->max_text + 64;
	gf_buf_truncate(&p->m, 0);
	p->strike = p->emph = 0;
	p->nitems = 0;
	p->container = b->nct - 1;
	if (b->pending_glyph) {
		int h = b->hide;
		b->hide = b->pending_hide;
		int rc = put_cp(b, b->pending_glyph, b->nfld);
		b->hide = h;
		b->pending_glyph = 0;
		return rc;
	}
	return GF_OK;
}

static int para_close(builder *b)
{
	struct para *p = &b->pa[b->npa - 1];
	int rc = mark_to(b, p, 0, 0);
	if (rc)
		return rc;
	rc = deliver(b, p->container, p->m.data ? p->m.data : "", p->m.len, NULL);
	for (size_t i = 0; !rc && i < p->nitems; i++)
		rc = deliver(b, p->container, p->items[i].s, p->items[i].n, p->items[i].t);
	p->nitems = 0;
	b->npa--;
	return rc;
}

/* ---- containers -------------------------------------------------------- */

static int container_push(builder *b, int kind, long anchor, size_t tb)
{
	if (GROW(b, b->ct, b->cct, b->nct + 1))
		return b->rc;
	struct container *c = &b->ct[b->nct++];
	c->kind = kind;
	c->para_base = b->npa;
	c->anchor = anchor;
	c->tb = tb;
	c->saved_story = b->story_base;
	if (kind == C_TXBX)
		b->story_base = b->nfld; /* a text box is its own story for fields */
	return GF_OK;
}

static void container_pop(builder *b)
{
	struct container *c = &b->ct[--b->nct];
	if (c->kind == C_TXBX) {
		b->nfld = b->story_base;
		b->story_base = c->saved_story;
	}
}

/* ---- tables ------------------------------------------------------------ */

static int count_cell(builder *b)
{
	if (++b->ncells > b->lim->max_cells)
		return fail_limit(b, "table cells", b->lim->max_cells);
	return GF_OK;
}

static int table_open(builder *b)
{
	if (count_cell(b))
		return b->rc;
	gf_table *t = gf_arena_alloc(b->arena, sizeof *t);
	if (!t)
		return arena_fail(b);
	if (GROW(b, b->tables, b->ctables, b->ntables + 1) || GROW(b, b->tb, b->ctb, b->ntb + 1))
		return b->rc;
	t->index = (int)b->ntables;
	b->tables[b->ntables++] = t;
	struct tbuild *tb = &b->tb[b->ntb++];
	tb->t = t;
	tb->container = b->nct - 1;
	tb->grid_cols = tb->width = 0;
	tb->nrows = 0;
	tb->ncov = 0;
	return GF_OK;
}

static int cov_ensure(builder *b, struct tbuild *tb, size_t n)
{
	if (n <= tb->ncov)
		return GF_OK;
	size_t c = tb->ncov ? tb->ncov : 16;
	while (c < n)
		c *= 2;
	struct slot *p = gf_realloc(tb->cov, c * sizeof *p);
	if (!p)
		return oom(b);
	tb->cov = p;
	for (size_t i = tb->ncov; i < c; i++)
		tb->cov[i].stamp = -2;
	tb->ncov = c;
	return GF_OK;
}

static int row_open(builder *b, struct tbuild *tb)
{
	if (count_cell(b))
		return b->rc;
	if (GROW(b, tb->rows, tb->crows, tb->nrows + 1))
		return b->rc;
	struct brow *r = &tb->rows[tb->nrows++];
	r->n = 0;
	r->before = r->after = r->deleted = r->started = r->cursor = 0;
	return GF_OK;
}

static void row_close(struct tbuild *tb)
{
	struct brow *r = &tb->rows[tb->nrows - 1];
	if (r->deleted && r->n == 0) {
		tb->nrows--; /* a tracked deletion, accepted */
		return;
	}
	int end = (r->started ? r->cursor : r->before) + r->after;
	if (end > tb->width)
		tb->width = end;
}

static int cell_open(builder *b, size_t ti)
{
	if (count_cell(b))
		return b->rc;
	struct tbuild *tb = &b->tb[ti];
	if (!tb->cell.max)
		tb->cell.max = b->lim->max_text + 64;
	gf_buf_truncate(&tb->cell, 0);
	tb->span = 1;
	tb->vmerge = tb->hmerge = 0;
	tb->ntabs = 0;
	tb->fld_base = b->nfld;
	return container_push(b, C_CELL, -1, ti);
}

/* Queue the open cell's text and nested tables onto cell `o`. */
static int cell_fold(builder *b, struct tbuild *tb, const gf_cell *o, struct cellx *x)
{
	if (tb->cell.len) {
		struct piece *pc = gf_arena_alloc(b->arena, sizeof *pc);
		if (!pc || !(pc->s = gf_arena_strndup(b->arena, tb->cell.data, tb->cell.len)))
			return arena_fail(b);
		pc->n = tb->cell.len;
		pc->next = NULL;
		if (x->tail)
			x->tail->next = pc;
		else
			x->head = pc;
		x->tail = pc;
	}
	if (tb->ntabs && GROW(b, x->tabs, x->ctabs, x->ntabs + tb->ntabs))
		return b->rc;
	for (size_t i = 0; i < tb->ntabs; i++) {
		gf_table *n = tb->tabs[i];
		n->parent = tb->t;
		n->parent_row = o->row;
		n->parent_col = o->col;
		x->tabs[x->ntabs++] = n;
	}
	return GF_OK;
}

static void cover(struct tbuild *tb, int col, int span, int stamp, int row, int idx)
{
	for (int i = 0; i < span; i++) {
		struct slot *s = &tb->cov[col + i];
		s->stamp = stamp;
		s->row = row;
		s->idx = idx;
	}
}

static int cell_close(builder *b, size_t ti)
{
	container_pop(b);
	if (b->nfld > b->tb[ti].fld_base)
		b->nfld = b->tb[ti].fld_base; /* fields do not cross cells */
	struct tbuild *tb = &b->tb[ti];
	int ri = (int)tb->nrows - 1;
	struct brow *r = &tb->rows[ri];
	if (!r->started) {
		r->started = 1;
		r->cursor = r->before < MAX_COLS ? r->before : MAX_COLS;
	}
	int col = r->cursor, span = tb->span < 1 ? 1 : tb->span;
	if (span > MAX_COLS - col) {
		b->rc = gf_error_set(b->err, GF_ELIMIT, "a table is wider than %d columns", MAX_COLS);
		return b->rc;
	}
	if (cov_ensure(b, tb, (size_t)col + (size_t)span))
		return b->rc;
	r->cursor = col + span;
	if (r->cursor > tb->width)
		tb->width = r->cursor;

	if (tb->hmerge == 2 && r->n > 0) {
		gf_cell *o = &r->cells[r->n - 1];
		if (o->row == ri && o->col + o->colspan == col) {
			o->colspan += span;
			cover(tb, col, span, ri, ri, (int)r->n - 1);
			return cell_fold(b, tb, o, &r->x[r->n - 1]);
		}
	}
	struct slot above = tb->cov[col];
	if (tb->vmerge == 2 && above.stamp == ri - 1) {
		gf_cell *o = &tb->rows[above.row].cells[above.idx];
		if (o->col == col && o->colspan == span) {
			o->rowspan = ri - o->row + 1;
			cover(tb, col, span, ri, above.row, above.idx);
			return cell_fold(b, tb, o, &tb->rows[above.row].x[above.idx]);
		}
	}
	if (GROW(b, r->cells, r->cap, r->n + 1) || GROW(b, r->x, r->xcap, r->n + 1))
		return b->rc;
	gf_cell *c = &r->cells[r->n];
	struct cellx *x = &r->x[r->n];
	memset(c, 0, sizeof *c);
	x->head = x->tail = NULL;
	x->ntabs = 0;
	c->row = ri;
	c->col = col;
	c->rowspan = 1;
	c->colspan = span;
	if (!(c->marked = arena_str(b, tb->cell.data, tb->cell.len)))
		return b->rc;
	gf_buf_truncate(&tb->cell, 0);
	cover(tb, col, span, ri, ri, (int)r->n);
	r->n++;
	return cell_fold(b, tb, c, x);
}

/* Join the text folded into a merged cell, and fix its nested tables. */
static int cell_join(builder *b, gf_cell *c, const struct cellx *x)
{
	if (x->head) {
		size_t n = strlen(c->marked), total = n;
		for (const struct piece *p = x->head; p; p = p->next)
			total += 1 + p->n;
		char *s = gf_arena_alloc(b->arena, total + 1);
		if (!s)
			return arena_fail(b);
		memcpy(s, c->marked, n);
		for (const struct piece *p = x->head; p; p = p->next) {
			if (n)
				s[n++] = '\n';
			memcpy(s + n, p->s, p->n);
			n += p->n;
		}
		s[n] = '\0';
		c->marked = s;
	}
	if (x->ntabs) {
		c->tables = gf_arena_alloc(b->arena, x->ntabs * sizeof *c->tables);
		if (!c->tables)
			return arena_fail(b);
		memcpy(c->tables, x->tabs, x->ntabs * sizeof *c->tables);
		c->ntables = x->ntabs;
	}
	return GF_OK;
}

/* Final text (markers stripped) and tick boxes of a cell. */
static int cell_finish(builder *b, gf_cell *c)
{
	size_t n = strlen(c->marked);
	c->text = has_marks(c->marked, n) ? gf_marks_strip(b->arena, c->marked) : c->marked;
	if (!c->text)
		return arena_fail(b);
	size_t nb = gf_marks_scan(c->text, NULL, 0);
	if (!nb)
		return GF_OK;
	gf_box stackbox[16], *box = stackbox;
	if (nb > 16 && !(box = gf_malloc(nb * sizeof *box)))
		return oom(b);
	gf_marks_scan(c->text, box, nb);
	int rc = GF_OK;
	c->checkboxes = gf_arena_alloc(b->arena, nb * sizeof *c->checkboxes);
	if (!c->checkboxes) {
		rc = arena_fail(b);
		goto cleanup;
	}
	for (size_t i = 0; i < nb; i++) {
		c->checkboxes[i].checked = box[i].checked;
		c->checkboxes[i].label = arena_str(b, c->text + box[i].label_start,
						   box[i].label_end - box[i].label_start);
		if (!c->checkboxes[i].label) {
			rc = b->rc;
			goto cleanup;
		}
	}
	c->ncheckboxes = nb;
cleanup:
	if (box != stackbox)
		gf_free(box);
	return rc;
}

static int table_close(builder *b)
{
	struct tbuild *tb = &b->tb[b->ntb - 1];
	gf_table *t = tb->t;
	t->ncols = tb->grid_cols > tb->width ? tb->grid_cols : tb->width;
	t->nrows = tb->nrows;
	if (tb->nrows) {
		t->rows = gf_arena_alloc(b->arena, tb->nrows * sizeof *t->rows);
		if (!t->rows)
			return arena_fail(b);
	}
	for (size_t i = 0; i < tb->nrows; i++) {
		struct brow *r = &tb->rows[i];
		t->rows[i].ncells = r->n;
		if (!r->n)
			continue;
		t->rows[i].cells = gf_arena_alloc(b->arena, r->n * sizeof *r->cells);
		if (!t->rows[i].cells)
			return arena_fail(b);
		memcpy(t->rows[i].cells, r->cells, r->n * sizeof *r->cells);
		for (size_t k = 0; k < r->n; k++)
			if (cell_join(b, &t->rows[i].cells[k], &r->x[k]) ||
			    cell_finish(b, &t->rows[i].cells[k]))
				return b->rc;
	}
	size_t ci = tb->container;
	b->ntb--;
	return deliver(b, ci, NULL, 0, t);
}

/* ---- fields ------------------------------------------------------------ */

static int instr_is(const struct field *f, const char *kw)
{
	size_t i = 0, k = strlen(kw);
	while (i < f->ninstr && f->instr[i] == ' ')
		i++;
	if (f->ninstr - i < k)
		return 0;
	for (size_t j = 0; j < k; j++) {
		char c = f->instr[i + j];
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 32);
		if (c != kw[j])
			return 0;
	}
	return 1;
}

static void ff_reset(builder *b)
{
	struct ffinfo *ff = &b->ff;
	ff->cb = ff->dd = 0;
	ff->cb_checked = ff->cb_default = -1;
	ff->dd_result = ff->dd_default = -1;
	ff->nentries = 0;
	gf_buf_truncate(&ff->entries, 0);
	if (!ff->entries.max)
		ff->entries.max = 4096;
}

static int cb_state(const struct ffinfo *ff)
{
	return ff->cb_checked >= 0 ? ff->cb_checked : ff->cb_default > 0;
}

/* A form field's own display: the box of a checkbox, the chosen entry of a
 * drop-down. Returns 1 when it replaces the field result. */
static int ff_emit(builder *b, int *rc)
{
	struct ffinfo *ff = &b->ff;
	if (ff->cb) {
		*rc = put_cp(b, cb_state(ff) ? CP_BOX_CHECKED : CP_BOX, b->nfld);
		return 1;
	}
	if (ff->dd) {
		int sel = ff->dd_result >= 0 ? ff->dd_result : ff->dd_default >= 0 ? ff->dd_default : 0;
		const char *e = ff->entries.data;
		for (int i = 0; e && i < ff->nentries; i++) {
			size_t n = strlen(e);
			if (i == sel) {
				*rc = put(b, e, n, b->nfld);
				break;
			}
			e += n + 1;
		}
		return 1;
	}
	return 0;
}

static int field_begin(builder *b)
{
	int rc = GF_OK;
	int replaced = ff_emit(b, &rc);
	if (rc)
		return rc;
	if (b->nfld >= MAX_FIELDS) {
		b->fld_over++;
		return GF_OK;
	}
	struct field *f = &b->fld[b->nfld++];
	memset(f, 0, sizeof *f);
	f->hide_result = f->emitted = (unsigned char)replaced;
	return GF_OK;
}

static int field_separate(builder *b)
{
	if (b->fld_over || b->nfld <= b->story_base)
		return GF_OK;
	struct field *f = &b->fld[b->nfld - 1];
	f->result = 1;
	if (!f->emitted && instr_is(f, "FORMCHECKBOX")) {
		f->emitted = f->hide_result = 1;
		return put_cp(b, CP_BOX, b->nfld - 1);
	}
	return GF_OK;
}

static int field_end(builder *b)
{
	if (b->fld_over) {
		b->fld_over--;
		return GF_OK;
	}
	if (b->nfld <= b->story_base)
		return GF_OK;
	struct field f = b->fld[--b->nfld];
	if (!f.emitted && instr_is(&f, "FORMCHECKBOX"))
		return put_cp(b, CP_BOX, b->nfld);
	return GF_OK;
}

static void instr_text(builder *b, const char *s, size_t n)
{
	if (b->fld_over || b->nfld <= b->story_base)
		return;
	struct field *f = &b->fld[b->nfld - 1];
	if (f->result)
		return;
	size_t room = sizeof f->instr - f->ninstr;
	if (n > room)
		n = room;
	memcpy(f->instr + f->ninstr, s, n);
	f->ninstr = (unsigned char)(f->ninstr + n);
}

/* ---- the element walk -------------------------------------------------- */

static int structural(int t)
{
	return t == T_P || t == T_TBL || t == T_TR || t == T_TC || t == T_TXBX;
}

/* The innermost of paragraph / table / row / cell / text box open. */
static int structure(const builder *b)
{
	return b->nfr ? b->fr[b->nfr - 1].st : T_OTHER;
}

static int push_frame(builder *b, int tok, int aux)
{
	if (GROW(b, b->fr, b->cfr, b->nfr + 1))
		return b->rc;
	struct frame *f = &b->fr[b->nfr];
	f->st = (unsigned char)(structural(tok) ? tok : structure(b));
	f->tok = (unsigned char)tok;
	f->aux = aux;
	b->nfr++;
	return GF_OK;
}

static struct run *top_run(builder *b)
{
	return b->nru ? &b->ru[b->nru - 1] : NULL;
}

/* A child of a property element (rPr, tcPr, trPr, tblGrid, sdtPr, ffData…).
 * Returns 1 when handled (the caller skips it unless a frame was pushed). */
static int property(builder *b, int parent, int tok, xmlNodePtr n, int *frame)
{
	*frame = 0;
	switch (parent) {
	case T_RPR: {
		struct run *r = top_run(b);
		const char *v;
		if (!r)
			return 1;
		switch (tok) {
		case T_B: r->emph |= onoff(attr(b, n, "val")); break;
		case T_STRIKE: r->strike |= onoff(attr(b, n, "val")); break;
		case T_HIGHLIGHT:
			v = attr(b, n, "val");
			r->emph |= v && *v && strcmp(v, "none") != 0;
			break;
		case T_SHD:
			v = attr(b, n, "fill");
			r->emph |= v && *v && !ascii_ieq(v, "auto") && !ascii_ieq(v, "FFFFFF");
			break;
		case T_U:
			v = attr(b, n, "val");
			r->emph |= !v || strcmp(v, "none") != 0;
			break;
		case T_BDR:
			v = attr(b, n, "val");
			r->emph |= !v || (strcmp(v, "none") != 0 && strcmp(v, "nil") != 0);
			break;
		case T_EM:
			v = attr(b, n, "val");
			r->emph |= !v || strcmp(v, "none") != 0;
			break;
		case T_RFONTS:
			v = attr(b, n, "ascii");
			r->font = v ? gf_docx__symfont(v, strlen(v)) : 0;
			if (!r->font && (v = attr(b, n, "hAnsi")))
				r->font = gf_docx__symfont(v, strlen(v));
			break;
		default: break;
		}
		return 1;
	}
	case T_TCPR: {
		struct tbuild *tb = &b->tb[b->ntb - 1];
		const char *v;
		if (tok == T_GRIDSPAN) {
			tb->span = ival(attr(b, n, "val"), 1);
		} else if (tok == T_VMERGE || tok == T_HMERGE) {
			v = attr(b, n, "val");
			int m = v && strcmp(v, "restart") == 0 ? 1 : 2;
			if (tok == T_VMERGE)
				tb->vmerge = m;
			else
				tb->hmerge = m;
		}
		return 1;
	}
	case T_TRPR: {
		struct tbuild *tb = &b->tb[b->ntb - 1];
		struct brow *r = &tb->rows[tb->nrows - 1];
		if (tok == T_GRIDBEFORE)
			r->before = ival(attr(b, n, "val"), 0);
		else if (tok == T_GRIDAFTER)
			r->after = ival(attr(b, n, "val"), 0);
		else if (tok == T_DEL && !r->started)
			r->deleted = 1;
		if (r->before > MAX_COLS)
			r->before = MAX_COLS;
		if (r->after > MAX_COLS)
			r->after = MAX_COLS;
		return 1;
	}
	case T_TBLGRID:
		if (tok == T_GRIDCOL && ++b->tb[b->ntb - 1].grid_cols > MAX_COLS) {
			b->rc = gf_error_set(b->err, GF_ELIMIT, "a table grid is wider than %d columns",
					     MAX_COLS);
			return 1;
		}
		return 1;
	case T_SDTPR:
		if (tok == T_W14_CHECKBOX) {
			b->sd[b->nsd - 1].checkbox = 1;
			*frame = 1;
		} else if (tok == T_PLCHDR) {
			b->sd[b->nsd - 1].placeholder = (unsigned char)onoff(attr(b, n, "val"));
		}
		return 1;
	case T_W14_CHECKBOX:
		if (tok == T_W14_CHECKED)
			b->sd[b->nsd - 1].checked = (unsigned char)onoff(attr(b, n, "val"));
		return 1;
	case T_FLDCHAR:
	case T_FLDSIMPLE:
		if (tok == T_FFDATA) {
			*frame = 1;
			return 1;
		}
		return parent == T_FLDCHAR;
	case T_FFDATA:
		if (tok == T_FFCHECKBOX) {
			b->ff.cb = 1;
			*frame = 1;
		} else if (tok == T_DDLIST) {
			b->ff.dd = 1;
			*frame = 1;
		}
		return 1;
	case T_FFCHECKBOX:
		if (tok == T_FFCHECKED)
			b->ff.cb_checked = onoff(attr(b, n, "val"));
		else if (tok == T_DEFAULT)
			b->ff.cb_default = onoff(attr(b, n, "val"));
		return 1;
	case T_DDLIST:
		if (tok == T_RESULT) {
			b->ff.dd_result = ival(attr(b, n, "val"), -1);
		} else if (tok == T_DEFAULT) {
			b->ff.dd_default = ival(attr(b, n, "val"), -1);
		} else if (tok == T_LISTENTRY) {
			const char *v = attr(b, n, "val");
			int rc = v ? gf_buf_append(&b->ff.entries, v, strlen(v) + 1) : GF_ELIMIT;
			if (rc == GF_OK)
				b->ff.nentries++;
			else if (rc == GF_ENOMEM)
				oom(b);
		}
		return 1;
	default:
		return 0;
	}
}

/* Element start. Sets *skip when its subtree is to be ignored. */
static int on_start(builder *b, xmlNodePtr n, int *skip)
{
	int tok = token(b, n);
	int parent = b->nfr ? b->fr[b->nfr - 1].tok : T_OTHER;
	int frame, rc;
	*skip = 0;
	if (property(b, parent, tok, n, &frame)) {
		if (b->rc)
			return b->rc;
		if (frame)
			return push_frame(b, tok, 0);
		*skip = 1;
		return GF_OK;
	}
	switch (tok) {
	case T_P: {
		int s = structure(b);
		if (s == T_TBL || s == T_TR) {
			*skip = 1;
			return GF_OK;
		}
		if (s == T_P) /* a paragraph in a paragraph: read through it */
			return push_frame(b, T_OTHER, 0);
		if ((rc = para_open(b)))
			return rc;
		return push_frame(b, T_P, 0);
	}
	case T_TBL: {
		int s = structure(b);
		if (s != T_OTHER && s != T_TC && s != T_TXBX) {
			*skip = 1;
			return GF_OK;
		}
		if ((rc = table_open(b)))
			return rc;
		return push_frame(b, T_TBL, (int)b->ntb - 1);
	}
	case T_TR:
		if (structure(b) != T_TBL) {
			*skip = 1;
			return GF_OK;
		}
		if ((rc = row_open(b, &b->tb[b->ntb - 1])))
			return rc;
		return push_frame(b, T_TR, 0);
	case T_TC: {
		if (structure(b) != T_TR) {
			*skip = 1;
			return GF_OK;
		}
		struct tbuild *tb = &b->tb[b->ntb - 1];
		if (tb->rows[tb->nrows - 1].deleted) {
			*skip = 1;
			return GF_OK;
		}
		if ((rc = cell_open(b, b->ntb - 1)))
			return rc;
		return push_frame(b, T_TC, (int)b->ntb - 1);
	}
	case T_TXBX: {
		size_t pi;
		long anchor = structure(b) == T_P && cur_para(b, &pi) ? (long)pi : -1;
		if ((rc = container_push(b, C_TXBX, anchor, 0)))
			return rc;
		return push_frame(b, T_TXBX, 0);
	}
	case T_TBLGRID:
	case T_TRPR:
	case T_TCPR:
		if ((tok == T_TBLGRID && parent != T_TBL) || (tok == T_TRPR && parent != T_TR) ||
		    (tok == T_TCPR && parent != T_TC)) {
			*skip = 1;
			return GF_OK;
		}
		return push_frame(b, tok, 0);
	case T_R: {
		if (GROW(b, b->ru, b->cru, b->nru + 1))
			return b->rc;
		size_t pi;
		struct run *r = &b->ru[b->nru++];
		r->strike = r->emph = r->font = 0;
		r->para = cur_para(b, &pi) ? (long)pi : -1;
		return push_frame(b, T_R, 0);
	}
	case T_RPR:
		if (parent != T_R) {
			*skip = 1;
			return GF_OK;
		}
		return push_frame(b, T_RPR, 0);
	case T_T:
	case T_INSTR:
		return push_frame(b, tok, 0);
	case T_TAB:
		*skip = 1;
		return put(b, "\t", 1, b->nfld);
	case T_BR:
		*skip = 1;
		return put(b, "\n", 1, b->nfld);
	case T_NBHYPHEN:
		*skip = 1;
		return put(b, "-", 1, b->nfld);
	case T_SYM:
		*skip = 1;
		return sym(b, n);
	case T_FLDCHAR: {
		const char *type = attr(b, n, "fldCharType");
		if (type && strcmp(type, "begin") == 0) {
			ff_reset(b);
			return push_frame(b, T_FLDCHAR, 0);
		}
		*skip = 1;
		if (type && strcmp(type, "separate") == 0)
			return field_separate(b);
		if (type && strcmp(type, "end") == 0)
			return field_end(b);
		return GF_OK;
	}
	case T_FLDSIMPLE: {
		const char *ins = attr(b, n, "instr");
		struct field f;
		memset(&f, 0, sizeof f);
		if (ins) {
			size_t k = strlen(ins);
			f.ninstr = (unsigned char)(k < sizeof f.instr ? k : sizeof f.instr);
			memcpy(f.instr, ins, f.ninstr);
		}
		int cb = instr_is(&f, "FORMCHECKBOX");
		if (cb) {
			ff_reset(b);
			b->hide++;
		}
		return push_frame(b, T_FLDSIMPLE, cb);
	}
	case T_SDT: {
		if (GROW(b, b->sd, b->csd, b->nsd + 1))
			return b->rc;
		memset(&b->sd[b->nsd++], 0, sizeof b->sd[0]);
		return push_frame(b, T_SDT, 0);
	}
	case T_SDTPR:
		if (parent != T_SDT) {
			*skip = 1;
			return GF_OK;
		}
		return push_frame(b, T_SDTPR, 0);
	case T_SDTCONTENT: {
		if (parent != T_SDT)
			return push_frame(b, T_OTHER, 0);
		struct sdt *s = &b->sd[b->nsd - 1];
		int hid = 0;
		if (s->checkbox) {
			uint32_t g = s->checked ? CP_BOX_CHECKED : CP_BOX;
			if (!s->emitted) {
				s->emitted = 1;
				if (cur_para(b, NULL)) {
					if ((rc = put_cp(b, g, b->nfld)))
						return rc;
				} else {
					b->pending_glyph = g;
					b->pending_hide = b->hide;
				}
			}
			hid = 1;
		} else if (s->placeholder) {
			hid = 1;
		}
		b->hide += hid;
		return push_frame(b, T_SDTCONTENT, hid);
	}
	case T_ALT:
		if (GROW(b, b->alt, b->calt, b->nalt + 1))
			return b->rc;
		b->alt[b->nalt++] = 0;
		return push_frame(b, T_ALT, 0);
	case T_CHOICE:
	case T_FALLBACK:
		if (parent != T_ALT)
			return push_frame(b, T_OTHER, 0);
		if (b->alt[b->nalt - 1]) { /* one branch only: the first choice */
			*skip = 1;
			return GF_OK;
		}
		b->alt[b->nalt - 1] = 1;
		return push_frame(b, tok, 0);
	case T_SKIP:
	case T_DEL:
	case T_SOFTHYPHEN:
		*skip = 1;
		return GF_OK;
	case T_OTHER:
		return push_frame(b, T_OTHER, 0);
	default:
		/* a property element outside its parent: nothing to read */
		*skip = 1;
		return GF_OK;
	}
}

static int on_end(builder *b)
{
	struct frame f = b->fr[--b->nfr];
	switch (f.tok) {
	case T_P:
		return para_close(b);
	case T_TBL:
		return table_close(b);
	case T_TR:
		row_close(&b->tb[b->ntb - 1]);
		return GF_OK;
	case T_TC:
		return cell_close(b, (size_t)f.aux);
	case T_TXBX:
		container_pop(b);
		return GF_OK;
	case T_R:
		b->nru--;
		return GF_OK;
	case T_FLDCHAR:
		return field_begin(b);
	case T_FLDSIMPLE:
		if (f.aux) {
			b->hide--;
			return put_cp(b, b->ff.cb && cb_state(&b->ff) ? CP_BOX_CHECKED : CP_BOX, b->nfld);
		}
		return GF_OK;
	case T_SDTCONTENT:
		b->hide -= f.aux;
		b->pending_glyph = 0;
		return GF_OK;
	case T_SDT: {
		struct sdt s = b->sd[--b->nsd];
		if (s.checkbox && !s.emitted)
			return put_cp(b, s.checked ? CP_BOX_CHECKED : CP_BOX, b->nfld);
		return GF_OK;
	}
	case T_ALT:
		b->nalt--;
		return GF_OK;
	default:
		return GF_OK;
	}
}

static int on_text(builder *b, xmlTextReaderPtr r)
{
	if (!b->nfr)
		return GF_OK;
	int t = b->fr[b->nfr - 1].tok;
	if (t != T_T && t != T_INSTR)
		return GF_OK;
	const char *v = (const char *)xmlTextReaderConstValue(r);
	if (!v)
		return GF_OK;
	size_t n = strlen(v);
	if (t == T_INSTR) {
		instr_text(b, v, n);
		return GF_OK;
	}
	return text_node(b, v, n);
}

/* ---- driver ------------------------------------------------------------ */

static void builder_free(builder *b)
{
	gf_free(b->blocks);
	gf_free(b->tables);
	gf_free(b->fr);
	gf_free(b->ct);
	for (size_t i = 0; i < b->cpa; i++) {
		gf_buf_free(&b->pa[i].m);
		gf_free(b->pa[i].items);
	}
	gf_free(b->pa);
	gf_free(b->ru);
	gf_free(b->sd);
	gf_free(b->alt);
	for (size_t i = 0; i < b->ctb; i++) {
		struct tbuild *tb = &b->tb[i];
		for (size_t k = 0; k < tb->crows; k++) {
			struct brow *r = &tb->rows[k];
			for (size_t j = 0; j < r->xcap; j++)
				gf_free(r->x[j].tabs);
			gf_free(r->x);
			gf_free(r->cells);
		}
		gf_free(tb->rows);
		gf_buf_free(&tb->cell);
		gf_free(tb->tabs);
		gf_free(tb->cov);
	}
	gf_free(b->tb);
	gf_buf_free(&b->ff.entries);
	gf_buf_free(&b->tmp);
}

static size_t arena_cap(const gf_limits *lim)
{
	size_t cap = 32u << 20;
	size_t t = lim->max_text, c = lim->max_cells;
	cap += t > SIZE_MAX / 8 ? SIZE_MAX / 4 : 4 * t;
	cap += c > SIZE_MAX / 2048 ? SIZE_MAX / 4 : 512 * c;
	return cap;
}

static int walk(builder *b, xmlTextReaderPtr r)
{
	static const char *name = DOC_PART;
	int skip_depth = -1;
	for (;;) {
		int ret = xmlTextReaderRead(r);
		if (ret == 0)
			return GF_OK;
		if (ret < 0)
			return b->rc = gf_xml_reader_error(r, name, b->err);
		int rc = gf_xml_reader_check(r, b->lim, name, b->err);
		if (rc)
			return b->rc = rc;
		int type = xmlTextReaderNodeType(r);
		if (skip_depth >= 0) {
			if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth(r) == skip_depth)
				skip_depth = -1;
			continue;
		}
		switch (type) {
		case XML_READER_TYPE_ELEMENT: {
			xmlNodePtr n = xmlTextReaderCurrentNode(r);
			int empty = xmlTextReaderIsEmptyElement(r);
			int skip = 0;
			if (!n)
				return oom(b);
			rc = on_start(b, n, &skip);
			if (!rc && !skip && empty)
				rc = on_end(b);
			else if (!rc && skip && !empty)
				skip_depth = xmlTextReaderDepth(r);
			break;
		}
		case XML_READER_TYPE_END_ELEMENT:
			if (b->nfr)
				rc = on_end(b);
			break;
		case XML_READER_TYPE_TEXT:
		case XML_READER_TYPE_CDATA:
		case XML_READER_TYPE_WHITESPACE:
		case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
			rc = on_text(b, r);
			break;
		default:
			break;
		}
		if (rc)
			return b->rc ? b->rc : rc;
	}
}

int gf_docx_read_xml(gf_doc **out, const char *xml, size_t len, const gf_limits *lim,
		     gf_error *err)
{
	*out = NULL;
	gf_error local;
	gf_error_clear(&local);
	if (!err)
		err = &local;
	xmlTextReaderPtr r = NULL;
	int rc = gf_xml_reader_new(&r, xml, len, DOC_PART, err);
	if (rc)
		return rc;
	builder *b = gf_calloc(1, sizeof *b);
	if (!b) {
		xmlFreeTextReader(r);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	b->lim = lim;
	b->err = err;
	b->max_blocks = lim->max_cells > SIZE_MAX / BLOCKS_PER_CELL ? SIZE_MAX
								   : lim->max_cells * BLOCKS_PER_CELL;
	gf_buf_init(&b->tmp, lim->max_text + 64);
	b->arena = gf_arena_new(arena_cap(lim));
	if (!b->arena) {
		rc = oom(b);
		goto cleanup;
	}
	if ((rc = container_push(b, C_BODY, -1, 0)))
		goto cleanup;
	if ((rc = walk(b, r)))
		goto cleanup;

	gf_doc *doc = gf_arena_alloc(b->arena, sizeof *doc);
	if (!doc) {
		rc = arena_fail(b);
		goto cleanup;
	}
	doc->arena = b->arena;
	if (b->nblocks) {
		doc->blocks = gf_arena_alloc(b->arena, b->nblocks * sizeof *doc->blocks);
		if (!doc->blocks) {
			rc = arena_fail(b);
			goto cleanup;
		}
		memcpy(doc->blocks, b->blocks, b->nblocks * sizeof *doc->blocks);
	}
	doc->nblocks = b->nblocks;
	if (b->ntables) {
		doc->tables = gf_arena_alloc(b->arena, b->ntables * sizeof *doc->tables);
		if (!doc->tables) {
			rc = arena_fail(b);
			goto cleanup;
		}
		memcpy(doc->tables, b->tables, b->ntables * sizeof *doc->tables);
	}
	doc->ntables = b->ntables;
	b->arena = NULL;
	*out = doc;
cleanup:
	xmlFreeTextReader(r);
	if (b->arena)
		gf_arena_free(b->arena);
	builder_free(b);
	gf_free(b);
	return rc;
}

/* The main document part named by _rels/.rels into *out (NULL when the
 * package does not say; a broken or hostile .rels is ignored). Fails only
 * for want of memory. */
static int main_part(gf_zip *z, const gf_limits *lim, char **out, gf_error *err)
{
	char *rels = NULL;
	size_t n = 0;
	gf_error scratch;
	gf_error_clear(&scratch);
	*out = NULL;
	int rc = gf_zip_read(z, "_rels/.rels", &rels, &n, &scratch);
	if (rc == GF_ENOMEM)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (rc)
		return GF_OK;
	xmlDocPtr doc = NULL;
	rc = gf_xml_parse(&doc, rels, n, "_rels/.rels", lim, &scratch);
	gf_free(rels);
	if (rc == GF_ENOMEM)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	if (rc)
		return GF_OK;
	const char *suffix = "/officeDocument";
	size_t sl = strlen(suffix);
	xmlNodePtr root = xmlDocGetRootElement(doc);
	for (xmlNodePtr c = root ? root->children : NULL; c && !*out && !rc; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || strcmp((const char *)c->name, "Relationship") != 0)
			continue;
		xmlChar *type = xmlGetProp(c, (const xmlChar *)"Type");
		xmlChar *t = xmlGetProp(c, (const xmlChar *)"Target");
		size_t tl = type ? strlen((const char *)type) : 0;
		if (t && tl >= sl && strcmp((const char *)type + tl - sl, suffix) == 0) {
			const char *p = (const char *)t;
			while (*p == '/')
				p++;
			if (p[0] == '.' && p[1] == '/')
				p += 2;
			if (*p && !strstr(p, "..") && !(*out = gf_strdup(p)))
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		}
		xmlFree(type);
		xmlFree(t);
	}
	xmlFreeDoc(doc);
	return rc;
}

int gf_docx_read(gf_doc **out, const void *data, size_t len, const gf_limits *lim,
		 gf_error *err)
{
	*out = NULL;
	gf_zip *z = NULL;
	char *xml = NULL, *part = NULL;
	size_t n = 0;
	int rc = gf_zip_open(&z, data, len, lim, err);
	if (rc)
		return rc;
	if ((rc = main_part(z, lim, &part, err)))
		goto cleanup;
	const char *name = part && gf_zip_has(z, part) ? part : DOC_PART;
	if (!gf_zip_has(z, name)) {
		rc = gf_error_set(err, GF_EUNREADABLE, "the package has no %s (not a Word document)",
				  DOC_PART);
		goto cleanup;
	}
	if ((rc = gf_zip_read(z, name, &xml, &n, err)))
		goto cleanup;
	rc = gf_docx_read_xml(out, xml, n, lim, err);
cleanup:
	gf_free(xml);
	gf_free(part);
	gf_zip_close(z);
	return rc;
}

void gf_doc_free(gf_doc *doc)
{
	if (doc)
		gf_arena_free(doc->arena);
}
