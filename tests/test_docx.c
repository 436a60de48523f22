/* DOCX reader: WordprocessingML constructs, one hand-written document.xml
 * snippet per construct, asserting cell coordinates, spans, text, tick
 * boxes and marked text. */
#include "support.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/limits.h"
#include "core/marks.h"
#include "docx/docx.h"
#include "xml/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"" \
	   " xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\"" \
	   " xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\"" \
	   " xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\"" \
	   " xmlns:v=\"urn:schemas-microsoft-com:vml\"" \
	   " xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\""

#define S GF_MARK_STRIKE_ON_S
#define s_ GF_MARK_STRIKE_OFF_S
#define E GF_MARK_EMPH_ON_S
#define e_ GF_MARK_EMPH_OFF_S

static int read_doc(gf_doc **out, const char *body, const gf_limits *lim, gf_error *err)
{
	const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			   "<w:document" NS "><w:body>";
	const char *tail = "<w:sectPr><w:pgSz w:w=\"11906\"/></w:sectPr></w:body></w:document>";
	size_t n = strlen(head) + strlen(body) + strlen(tail);
	char *x = malloc(n + 1);
	assert_non_null(x);
	snprintf(x, n + 1, "%s%s%s", head, body, tail);
	gf_limits def;
	gf_limits_default(&def);
	gf_error_clear(err);
	int rc = gf_docx_read_xml(out, x, n, lim ? lim : &def, err);
	free(x);
	return rc;
}

static gf_doc *body(const char *xml)
{
	gf_doc *d = NULL;
	gf_error err;
	int rc = read_doc(&d, xml, NULL, &err);
	if (rc)
		fail_msg("read failed: %s", err.msg);
	assert_non_null(d);
	return d;
}

static const gf_cell *cell(const gf_doc *d, size_t t, size_t r, size_t i)
{
	assert_true(t < d->ntables);
	const gf_table *tb = d->tables[t];
	assert_true(r < tb->nrows);
	assert_true(i < tb->rows[r].ncells);
	return &tb->rows[r].cells[i];
}

static void assert_cell(const gf_cell *c, int row, int col, int rowspan, int colspan,
			const char *text)
{
	assert_int_equal(c->row, row);
	assert_int_equal(c->col, col);
	assert_int_equal(c->rowspan, rowspan);
	assert_int_equal(c->colspan, colspan);
	assert_string_equal(c->text, text);
}

static const char *para(const gf_doc *d, size_t i)
{
	assert_true(i < d->nblocks);
	assert_int_equal(d->blocks[i].kind, GF_BLOCK_PARA);
	return d->blocks[i].text;
}

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"
#define TC(x) "<w:tc>" x "</w:tc>"
#define TR(x) "<w:tr>" x "</w:tr>"
#define TBL(x) "<w:tbl>" x "</w:tbl>"
#define GRID3 "<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
#define SPAN(n) "<w:tcPr><w:gridSpan w:val=\"" #n "\"/></w:tcPr>"

static void test_runs_and_noise(void **state)
{
	(void)state;
	gf_doc *d = body(P("<w:proofErr w:type=\"spellStart\"/>" R("淮北") "<w:bookmarkStart w:id=\"0\" w:name=\"a\"/>"
			   R("市") "<w:bookmarkEnd w:id=\"0\"/><w:commentRangeStart w:id=\"1\"/>"
			   "<w:r><w:t>数据</w:t><w:tab/><w:t>局</w:t><w:br/><w:t>x</w:t><w:cr/>"
			   "<w:noBreakHyphen/><w:softHyphen/><w:ptab w:relativeTo=\"margin\" w:alignment=\"right\" w:leader=\"none\"/>"
			   "<w:t>y</w:t></w:r><w:commentRangeEnd w:id=\"1\"/>")
			 P("") "<w:p/>"
			 P("<w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"720\"/></w:tabs>"
			   "<w:rPr><w:b/></w:rPr></w:pPr>" R("tabs in pPr are not text")));
	assert_int_equal(d->nblocks, 4);
	assert_string_equal(para(d, 0), "淮北市数据\t局\nx\n-\ty");
	assert_string_equal(para(d, 1), "");
	assert_string_equal(para(d, 2), "");
	assert_string_equal(para(d, 3), "tabs in pPr are not text");
	assert_string_equal(d->blocks[3].marked, "tabs in pPr are not text");
	assert_int_equal(d->ntables, 0);
	gf_doc_free(d);
}

static void test_simple_table(void **state)
{
	(void)state;
	gf_doc *d = body(P(R("before"))
			 TBL(GRID3 TR(TC(P(R("a")) P(R("a2"))) TC(P(R("b"))) TC(P("")))
			     TR(TC(P(R("c"))) TC("<w:p/>" P(R("d")) "<w:p/>") TC(P(R("e")))))
			 P(R("after")));
	assert_int_equal(d->nblocks, 3);
	assert_string_equal(para(d, 0), "before");
	assert_int_equal(d->blocks[1].kind, GF_BLOCK_TABLE);
	assert_ptr_equal(d->blocks[1].table, d->tables[0]);
	assert_string_equal(para(d, 2), "after");
	const gf_table *t = d->tables[0];
	assert_int_equal(t->index, 0);
	assert_int_equal(t->ncols, 3);
	assert_int_equal(t->nrows, 2);
	assert_null(t->parent);
	assert_cell(cell(d, 0, 0, 0), 0, 0, 1, 1, "a\na2");
	assert_cell(cell(d, 0, 0, 1), 0, 1, 1, 1, "b");
	assert_cell(cell(d, 0, 0, 2), 0, 2, 1, 1, "");
	assert_cell(cell(d, 0, 1, 1), 1, 1, 1, 1, "d");
	assert_cell(cell(d, 0, 1, 2), 1, 2, 1, 1, "e");
	gf_doc_free(d);
}

static void test_spans_and_vmerge(void **state)
{
	(void)state;
	/* row 0: A(span 2) B(restart)
	 * row 1: C D E(continue) -- E sits at column 2 although it is the third cell
	 * row 2: F(span 2) G(continue, no text)
	 * row 3: H(continue without restart, at column 0) I(span 2)
	 * row 4: J K(span 2, continue: K's span differs from I's, not merged) */
	gf_doc *d = body(TBL(GRID3
		TR(TC(SPAN(2) P(R("A"))) TC("<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("B"))))
		TR(TC(P(R("C"))) TC(P(R("D"))) TC("<w:tcPr><w:vMerge w:val=\"continue\"/></w:tcPr>" P(R("E"))))
		TR(TC(SPAN(2) P(R("F"))) TC("<w:tcPr><w:vMerge/></w:tcPr><w:p/>"))
		TR(TC("<w:tcPr><w:vMerge/></w:tcPr>" P(R("H")))
		   TC("<w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("I"))))
		TR(TC(P(R("J"))) TC("<w:tcPr><w:vMerge/><w:gridSpan w:val=\"1\"/></w:tcPr>" P(R("K"))) TC(P(R("L"))))));
	const gf_table *t = d->tables[0];
	assert_int_equal(t->nrows, 5);
	assert_int_equal(t->rows[0].ncells, 2);
	assert_cell(cell(d, 0, 0, 0), 0, 0, 1, 2, "A");
	assert_cell(cell(d, 0, 0, 1), 0, 2, 3, 1, "B\nE"); /* continuation text folded in */
	assert_int_equal(t->rows[1].ncells, 2);
	assert_cell(cell(d, 0, 1, 0), 1, 0, 1, 1, "C");
	assert_cell(cell(d, 0, 1, 1), 1, 1, 1, 1, "D");
	assert_int_equal(t->rows[2].ncells, 1);
	assert_cell(cell(d, 0, 2, 0), 2, 0, 1, 2, "F");
	assert_int_equal(t->rows[3].ncells, 2);
	assert_cell(cell(d, 0, 3, 0), 3, 0, 1, 1, "H");
	assert_cell(cell(d, 0, 3, 1), 3, 1, 1, 2, "I");
	assert_int_equal(t->rows[4].ncells, 3);
	assert_cell(cell(d, 0, 4, 1), 4, 1, 1, 1, "K");
	assert_cell(cell(d, 0, 4, 2), 4, 2, 1, 1, "L");
	gf_doc_free(d);
}

static void test_grid_before_after(void **state)
{
	(void)state;
	gf_doc *d = body(TBL("<w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
		TR(TC(SPAN(2) P(R("a"))) TC(P(R("b"))) TC(P(R("c"))))
		TR("<w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/></w:trPr>"
		   TC("<w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/></w:tcPr>" P(R("d"))))
		TR(TC(P(R("e"))) TC("<w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge/></w:tcPr><w:p/>") TC(P(R("f"))))
		TR("<w:trPr><w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/></w:trPr>"
		   TC("<w:tcPr><w:gridSpan w:val=\"2\"/><w:vMerge/></w:tcPr><w:p/>"))
		TR(TC(P(R("short row"))))));
	const gf_table *t = d->tables[0];
	assert_int_equal(t->ncols, 4);
	assert_int_equal(t->nrows, 5);
	assert_int_equal(t->rows[1].ncells, 1); /* no phantom cells for gridBefore/After */
	assert_cell(cell(d, 0, 1, 0), 1, 1, 3, 2, "d");
	assert_int_equal(t->rows[2].ncells, 2);
	assert_cell(cell(d, 0, 2, 0), 2, 0, 1, 1, "e");
	assert_cell(cell(d, 0, 2, 1), 2, 3, 1, 1, "f");
	assert_int_equal(t->rows[3].ncells, 0);
	assert_int_equal(t->rows[4].ncells, 1);
	assert_cell(cell(d, 0, 4, 0), 4, 0, 1, 1, "short row");
	gf_doc_free(d);
}

static void test_hmerge_and_wide_rows(void **state)
{
	(void)state;
	gf_doc *d = body(TBL("<w:tblGrid><w:gridCol/></w:tblGrid>"
		TR(TC("<w:tcPr><w:hMerge w:val=\"restart\"/></w:tcPr>" P(R("wide")))
		   TC("<w:tcPr><w:hMerge/></w:tcPr>" P(""))
		   TC(P(R("x"))))
		TR(TC(P(R("1"))) TC(P(R("2"))) TC(P(R("3"))) TC(P(R("4"))))));
	const gf_table *t = d->tables[0];
	assert_int_equal(t->ncols, 4); /* widened past w:tblGrid */
	assert_int_equal(t->rows[0].ncells, 2);
	assert_cell(cell(d, 0, 0, 0), 0, 0, 1, 2, "wide");
	assert_cell(cell(d, 0, 0, 1), 0, 2, 1, 1, "x");
	assert_cell(cell(d, 0, 1, 3), 1, 3, 1, 1, "4");
	gf_doc_free(d);
}

static void test_nested_tables(void **state)
{
	(void)state;
	gf_doc *d = body(TBL(TR(TC(P(R("outer")))
				 TC(P(R("has inner"))
				    TBL(TR(TC(TBL(TR(TC(P(R("deep")))))) TC(P(R("i2")))))
				    P(R("after inner")))))
			 TBL(TR(TC(P(R("second"))))));
	assert_int_equal(d->ntables, 4);
	const gf_table *outer = d->tables[0], *inner = d->tables[1], *deep = d->tables[2];
	assert_int_equal(inner->index, 1);
	assert_ptr_equal(inner->parent, outer);
	assert_int_equal(inner->parent_row, 0);
	assert_int_equal(inner->parent_col, 1);
	assert_ptr_equal(deep->parent, inner);
	assert_null(d->tables[3]->parent);
	const gf_cell *c = cell(d, 0, 0, 1);
	assert_string_equal(c->text, "has inner\nafter inner");
	assert_int_equal(c->ntables, 1);
	assert_ptr_equal(c->tables[0], inner);
	assert_cell(cell(d, 1, 0, 0), 0, 0, 1, 1, "");
	assert_ptr_equal(cell(d, 1, 0, 0)->tables[0], deep);
	assert_string_equal(cell(d, 2, 0, 0)->text, "deep");
	assert_int_equal(d->nblocks, 2); /* body: two tables */
	char *j = gf_doc_grid_json(d);
	assert_non_null(j);
	assert_string_equal(j,
		"{\"tables\": [{\"rows\": [{\"cells\": ["
		"{\"row\": 0, \"col\": 0, \"rowspan\": 1, \"colspan\": 1, \"text\": \"outer\", \"checkboxes\": []}, "
		"{\"row\": 0, \"col\": 1, \"rowspan\": 1, \"colspan\": 1, \"text\": \"has inner\\nafter inner\", \"checkboxes\": [], "
		"\"tables\": [{\"rows\": [{\"cells\": ["
		"{\"row\": 0, \"col\": 0, \"rowspan\": 1, \"colspan\": 1, \"text\": \"\", \"checkboxes\": [], "
		"\"tables\": [{\"rows\": [{\"cells\": [{\"row\": 0, \"col\": 0, \"rowspan\": 1, \"colspan\": 1, \"text\": \"deep\", \"checkboxes\": []}]}]}]}, "
		"{\"row\": 0, \"col\": 1, \"rowspan\": 1, \"colspan\": 1, \"text\": \"i2\", \"checkboxes\": []}]}]}]}]}]}, "
		"{\"rows\": [{\"cells\": [{\"row\": 0, \"col\": 0, \"rowspan\": 1, \"colspan\": 1, \"text\": \"second\", \"checkboxes\": []}]}]}]}");
	gf_free(j);
	gf_doc_free(d);
}

static void test_sdt_levels(void **state)
{
	(void)state;
	gf_doc *d = body(
		"<w:sdt><w:sdtPr><w:alias w:val=\"block\"/></w:sdtPr><w:sdtContent>" P(R("block sdt")) "</w:sdtContent></w:sdt>"
		TBL("<w:sdt><w:sdtPr/><w:sdtContent>"
		    TR(TC(P(R("row sdt"))) "<w:sdt><w:sdtPr/><w:sdtContent>" TC(P(R("cell sdt"))) "</w:sdtContent></w:sdt>")
		    "</w:sdtContent></w:sdt>")
		P(R("run ") "<w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtEndPr><w:rPr><w:b/></w:rPr></w:sdtEndPr><w:sdtContent>" R("level")
		  "</w:sdtContent></w:sdt>")
		P("<w:sdt><w:sdtPr><w:showingPlcHdr/></w:sdtPr><w:sdtContent>" R("Click here to enter text.") "</w:sdtContent></w:sdt>"));
	assert_string_equal(para(d, 0), "block sdt");
	assert_cell(cell(d, 0, 0, 0), 0, 0, 1, 1, "row sdt");
	assert_cell(cell(d, 0, 0, 1), 0, 1, 1, 1, "cell sdt");
	assert_string_equal(para(d, 2), "run level");
	assert_string_equal(para(d, 3), ""); /* placeholder text is not content */
	gf_doc_free(d);
}

#define W14BOX(checked, glyph) "<w:sdt><w:sdtPr><w14:checkbox><w14:checked w14:val=\"" checked "\"/>" \
	"<w14:checkedState w14:val=\"2612\" w14:font=\"MS Gothic\"/><w14:uncheckedState w14:val=\"2610\" w14:font=\"MS Gothic\"/>" \
	"</w14:checkbox></w:sdtPr><w:sdtContent><w:r><w:rPr><w:rFonts w:ascii=\"MS Gothic\"/></w:rPr><w:t>" glyph "</w:t></w:r></w:sdtContent></w:sdt>"

static void test_w14_checkbox(void **state)
{
	(void)state;
	gf_doc *d = body(TBL(TR(TC(P(W14BOX("1", "☒") R("迁移上云 ") W14BOX("0", "☐") R("新建上云 ")
				       W14BOX("true", "x") R("机房托管"))))));
	const gf_cell *c = cell(d, 0, 0, 0);
	assert_string_equal(c->text, "☑迁移上云 ☐新建上云 ☑机房托管");
	assert_int_equal(c->ncheckboxes, 3);
	assert_true(c->checkboxes[0].checked);
	assert_string_equal(c->checkboxes[0].label, "迁移上云");
	assert_false(c->checkboxes[1].checked);
	assert_string_equal(c->checkboxes[1].label, "新建上云");
	assert_true(c->checkboxes[2].checked);
	assert_string_equal(c->checkboxes[2].label, "机房托管");
	gf_doc_free(d);
}

#define FFBOX(inner) "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:name w:val=\"Check1\"/><w:enabled/>" \
	"<w:calcOnExit w:val=\"0\"/><w:checkBox><w:sizeAuto/>" inner "</w:checkBox></w:ffData></w:fldChar></w:r>" \
	"<w:r><w:instrText xml:space=\"preserve\"> FORMCHECKBOX </w:instrText></w:r>"
#define FLD_SEP "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
#define FLD_END "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"

static void test_legacy_checkbox(void **state)
{
	(void)state;
	gf_doc *d = body(TBL(TR(TC(P(FFBOX("<w:default w:val=\"0\"/><w:checked/>") FLD_SEP FLD_END R(" A")
				       FFBOX("<w:default w:val=\"1\"/>") FLD_END R(" B")
				       FFBOX("<w:default w:val=\"1\"/><w:checked w:val=\"0\"/>") FLD_SEP R("junk") FLD_END R(" C")
				       "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>FORMCHECKBOX</w:instrText></w:r>"
				       FLD_END R(" D")
				       "<w:fldSimple w:instr=\" FORMCHECKBOX \"><w:r><w:t>?</w:t></w:r></w:fldSimple>" R(" E"))))));
	const gf_cell *c = cell(d, 0, 0, 0);
	assert_string_equal(c->text, "☑ A☑ B☐ C☐ D☐ E");
	assert_int_equal(c->ncheckboxes, 5);
	assert_true(c->checkboxes[0].checked);
	assert_true(c->checkboxes[1].checked);
	assert_false(c->checkboxes[2].checked);
	assert_false(c->checkboxes[3].checked);
	assert_false(c->checkboxes[4].checked);
	assert_string_equal(c->checkboxes[4].label, "E");
	gf_doc_free(d);
}

static void test_fields(void **state)
{
	(void)state;
	gf_doc *d = body(P(R("see ")
			   "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> HYPERLINK \"http://x\" </w:instrText></w:r>"
			   FLD_SEP R("link") FLD_END
			   R(" page ")
			   "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>7</w:t></w:r></w:fldSimple>"
			   /* a field inside a field's instructions: hidden with them */
			   "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
			   "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>MERGEFIELD a</w:instrText></w:r>"
			   FLD_SEP R("inner") FLD_END "<w:r><w:instrText> = 1 \"yes\" \"no\"</w:instrText></w:r>"
			   FLD_SEP R(" yes") FLD_END)
			 /* a drop-down form field shows its chosen entry */
			 P("<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:ddList><w:result w:val=\"1\"/>"
			   "<w:listEntry w:val=\"甲\"/><w:listEntry w:val=\"乙\"/></w:ddList></w:ffData></w:fldChar></w:r>"
			   "<w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r>" FLD_SEP R("甲") FLD_END));
	assert_string_equal(para(d, 0), "see link page 7 yes");
	assert_string_equal(para(d, 1), "乙");
	gf_doc_free(d);
}

static void test_symbols(void **state)
{
	(void)state;
	gf_doc *d = body(TBL(TR(TC(P("<w:r><w:sym w:font=\"Wingdings\" w:char=\"F0A8\"/><w:t>a</w:t>"
				       "<w:sym w:font=\"Wingdings\" w:char=\"F0FE\"/><w:t>b</w:t>"
				       "<w:sym w:font=\"Wingdings\" w:char=\"F0FD\"/><w:t>c</w:t></w:r>"))
				 TC(P("<w:r><w:rPr><w:rFonts w:ascii=\"Wingdings 2\" w:hAnsi=\"Wingdings 2\"/></w:rPr><w:t>R</w:t></w:r>" R("是")
				      "<w:r><w:rPr><w:rFonts w:ascii=\"Wingdings 2\" w:hAnsi=\"Wingdings 2\"/></w:rPr><w:t>£</w:t></w:r>" R("否")
				      "<w:r><w:rPr><w:rFonts w:ascii=\"Wingdings 2\"/></w:rPr><w:t>TPO*\xEF\x81\x92</w:t></w:r>"))
				 TC(P("<w:r><w:sym w:font=\"Symbol\" w:char=\"F0D6\"/><w:sym w:font=\"Webdings\" w:char=\"F061\"/>"
				      "<w:sym w:font=\"Wingdings 2\" w:char=\"F052\"/><w:sym w:font=\"Wingdings 2\" w:char=\"F054\"/>"
				      "<w:sym w:font=\"MS Gothic\" w:char=\"2610\"/><w:sym w:font=\"Unknown\" w:char=\"F0FE\"/>"
				      "<w:sym w:font=\"Wingdings\" w:char=\"F021\"/>" /* unmapped: dropped */
				      "<w:sym w:font=\"Wingdings\" w:char=\"FC\"/><w:sym w:font=\"Wingdings\" w:char=\"F0FB\"/></w:r>")))));
	const gf_cell *c = cell(d, 0, 0, 0);
	assert_string_equal(c->text, "☐a☑b☒c");
	assert_int_equal(c->ncheckboxes, 3);
	assert_false(c->checkboxes[0].checked);
	assert_true(c->checkboxes[1].checked);
	assert_true(c->checkboxes[2].checked);
	assert_string_equal(c->checkboxes[2].label, "c");
	c = cell(d, 0, 0, 1);
	assert_string_equal(c->text, "☑是☐否☒✓✗☐☑");
	assert_true(c->checkboxes[0].checked);
	assert_string_equal(c->checkboxes[0].label, "是");
	assert_false(c->checkboxes[1].checked);
	assert_string_equal(c->checkboxes[1].label, "否");
	assert_string_equal(cell(d, 0, 0, 2)->text, "√✔☑☒☐✓✗");
	gf_doc_free(d);
}

static void test_tracked_changes(void **state)
{
	(void)state;
	gf_doc *d = body(P(R("keep ") "<w:ins w:id=\"1\" w:author=\"a\">" R("inserted ") "</w:ins>"
			   "<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>deleted </w:delText></w:r></w:del>"
			   "<w:moveFrom w:id=\"3\"><w:r><w:t>moved away </w:t></w:r></w:moveFrom>"
			   "<w:moveTo w:id=\"4\">" R("moved here") "</w:moveTo>"
			   "<w:r><w:rPr><w:rPrChange w:id=\"5\"><w:rPr><w:strike/></w:rPr></w:rPrChange></w:rPr><w:t>.</w:t></w:r>")
			 TBL(TR("<w:trPr><w:del w:id=\"6\" w:author=\"a\"/></w:trPr>" TC(P(R("gone"))))
			     TR("<w:trPr><w:ins w:id=\"7\" w:author=\"a\"/></w:trPr>" TC(P(R("kept"))))));
	assert_string_equal(para(d, 0), "keep inserted moved here.");
	assert_string_equal(d->blocks[0].marked, "keep inserted moved here.");
	assert_int_equal(d->tables[0]->nrows, 1);
	assert_cell(cell(d, 0, 0, 0), 0, 0, 1, 1, "kept");
	gf_doc_free(d);
}

static void test_alternate_content_and_text_boxes(void **state)
{
	(void)state;
	gf_doc *d = body(
		P(R("anchor ")
		  "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>"
		  P(R("box text")) TBL(TR(TC(P(R("box cell"))))) "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
		  "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" P(R("box text")) TBL(TR(TC(P(R("box cell")))))
		  "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>" R("continues"))
		P(R("next"))
		/* only a fallback: it is read */
		P("<w:r><mc:AlternateContent><mc:Fallback><w:t>fallback only</w:t></mc:Fallback></mc:AlternateContent></w:r>")
		/* a text box in a table cell stays in the cell */
		TBL(TR(TC(P(R("cell ") "<w:r><w:pict><v:textbox><w:txbxContent>" P(R("in box"))
			    "</w:txbxContent></v:textbox></w:pict></w:r>" R("end"))))));
	assert_int_equal(d->nblocks, 6);
	assert_string_equal(para(d, 0), "anchor continues");
	assert_string_equal(para(d, 1), "box text");
	assert_int_equal(d->blocks[2].kind, GF_BLOCK_TABLE);
	assert_string_equal(para(d, 3), "next");
	assert_string_equal(para(d, 4), "fallback only");
	assert_int_equal(d->ntables, 2); /* the text box table once, not twice */
	assert_string_equal(cell(d, 0, 0, 0)->text, "box cell");
	assert_ptr_equal(d->blocks[2].table, d->tables[0]);
	assert_string_equal(cell(d, 1, 0, 0)->text, "cell end\nin box");
	gf_doc_free(d);
}

static void test_wrappers(void **state)
{
	(void)state;
	gf_doc *d = body(P("<w:smartTag w:uri=\"u\" w:element=\"place\">" R("淮北") "</w:smartTag>"
			   "<w:customXml w:element=\"x\">" R("市") "</w:customXml>"
			   "<w:hyperlink w:anchor=\"a\">" R("链接") "</w:hyperlink>"
			   "<w:dir w:val=\"rtl\">" R("d") "</w:dir><w:bdo w:val=\"ltr\">" R("b") "</w:bdo>"
			   "<m:oMath><m:r><m:t>mathtext</m:t></m:r></m:oMath>"
			   "<w:r><w:rPr><w:rStyle w:val=\"x\"/></w:rPr><w:t>\xEE\x80\x80pua\xEE\x80\x83</w:t></w:r>"
			   "<w:r><w:ruby><w:rt><w:r><w:t>pinyin</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>字</w:t></w:r></w:rubyBase></w:ruby></w:r>")
			 "<w:customXml w:element=\"block\">" P(R("custom block")) "</w:customXml>");
	assert_string_equal(para(d, 0), "淮北市链接dbpua字");
	assert_string_equal(d->blocks[0].marked, "淮北市链接dbpua字");
	assert_string_equal(para(d, 1), "custom block");
	gf_doc_free(d);
}

#define RPR(props, text) "<w:r><w:rPr>" props "</w:rPr><w:t xml:space=\"preserve\">" text "</w:t></w:r>"

static void test_marked_text(void **state)
{
	(void)state;
	gf_doc *d = body(
		P(R("☐A ") RPR("<w:strike/>", "☐B") RPR("<w:dstrike/>", " ☐C") R(" ☑D"))
		P(RPR("<w:highlight w:val=\"yellow\"/>", "h") RPR("<w:shd w:val=\"clear\" w:fill=\"FFFF00\"/>", "s")
		  RPR("<w:u w:val=\"single\"/>", "u") RPR("<w:bdr w:val=\"single\"/>", "x") RPR("<w:em w:val=\"dot\"/>", "e")
		  RPR("<w:b/>", "b") R("|") RPR("<w:b w:val=\"0\"/><w:u w:val=\"none\"/><w:highlight w:val=\"none\"/>"
						"<w:shd w:fill=\"auto\"/><w:strike w:val=\"false\"/>", "plain")
		  RPR("<w:strike/><w:b/>", "sb") RPR("<w:strike/>", "s2") RPR("<w:b/>", "b2"))
		P("<w:pPr><w:rPr><w:b/></w:rPr></w:pPr>" R("mark props of the paragraph are not the run's")));
	assert_string_equal(para(d, 0), "☐A ☐B ☐C ☑D");
	assert_string_equal(d->blocks[0].marked, "☐A " S "☐B ☐C" s_ " ☑D");
	assert_string_equal(para(d, 1), "hsuxeb|plainsbs2b2");
	assert_string_equal(d->blocks[1].marked,
			    E "hsuxeb" e_ "|plain" S E "sb" e_ "s2" s_ E "b2" e_);
	assert_string_equal(d->blocks[2].marked, "mark props of the paragraph are not the run's");
	gf_doc_free(d);
}

static void test_cell_marked_and_boxes(void **state)
{
	(void)state;
	gf_doc *d = body(TBL(TR(TC(P(R("□ 电信 ") RPR("<w:strike/>", "□ 移动") R(" □√联通"))
				   P(RPR("<w:b/>", "☑") R("其他：___"))))));
	const gf_cell *c = cell(d, 0, 0, 0);
	assert_string_equal(c->text, "□ 电信 □ 移动 □√联通\n☑其他：___");
	assert_string_equal(c->marked, "□ 电信 " S "□ 移动" s_ " □√联通\n" E "☑" e_ "其他：___");
	assert_int_equal(c->ncheckboxes, 4);
	assert_false(c->checkboxes[0].checked);
	assert_string_equal(c->checkboxes[0].label, "电信");
	assert_false(c->checkboxes[1].checked);
	assert_true(c->checkboxes[2].checked);
	assert_string_equal(c->checkboxes[2].label, "联通");
	assert_true(c->checkboxes[3].checked);
	assert_string_equal(c->checkboxes[3].label, "其他：___");
	gf_doc_free(d);
}

static void test_strict_namespace_and_empty(void **state)
{
	(void)state;
	const char *x = "<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\"><w:body>"
			"<w:tbl/><w:tbl><w:tr/><w:tr><w:tc/><w:tc><w:p><w:r><w:t>strict</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
			"<w:p><w:r><w:t>s</w:t></w:r></w:p></w:body></w:document>";
	gf_limits lim;
	gf_limits_default(&lim);
	gf_doc *d = NULL;
	gf_error err;
	gf_error_clear(&err);
	assert_int_equal(gf_docx_read_xml(&d, x, strlen(x), &lim, &err), GF_OK);
	assert_int_equal(d->ntables, 2);
	assert_int_equal(d->tables[0]->nrows, 0);
	assert_int_equal(d->tables[1]->nrows, 2);
	assert_int_equal(d->tables[1]->rows[0].ncells, 0);
	assert_cell(cell(d, 1, 1, 0), 1, 0, 1, 1, "");
	assert_cell(cell(d, 1, 1, 1), 1, 1, 1, 1, "strict");
	assert_string_equal(para(d, 2), "s");
	gf_doc_free(d);

	/* not WordprocessingML at all: readable, nothing in it */
	x = "<root><p><r><t>no namespace</t></r></p></root>";
	assert_int_equal(gf_docx_read_xml(&d, x, strlen(x), &lim, &err), GF_OK);
	assert_int_equal(d->nblocks, 0);
	assert_int_equal(d->ntables, 0);
	char *j = gf_doc_grid_json(d);
	assert_string_equal(j, "{\"tables\": []}");
	gf_free(j);
	gf_doc_free(d);
}

static void test_checkbox_json(void **state)
{
	(void)state;
	gf_doc *d = body(TBL(TR(TC(SPAN(2) P(R("☑ \"是\"\t☐ 否"))))));
	char *j = gf_doc_grid_json(d);
	assert_string_equal(j, "{\"tables\": [{\"rows\": [{\"cells\": [{\"row\": 0, \"col\": 0, \"rowspan\": 1, "
			       "\"colspan\": 2, \"text\": \"☑ \\\"是\\\"\\t☐ 否\", \"checkboxes\": ["
			       "{\"label\": \"\\\"是\\\"\", \"checked\": true}, {\"label\": \"否\", \"checked\": false}]}]}]}]}");
	gf_free(j);
	gf_doc_free(d);
}

static void test_limits(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_doc *d = NULL;
	gf_error err;

	lim.max_cells = 5; /* a table, two rows and two cells: 5 */
	assert_int_equal(read_doc(&d, TBL(TR(TC(P("")) TC(P("")))), &lim, &err), GF_OK);
	gf_doc_free(d);
	assert_int_equal(read_doc(&d, TBL(TR(TC(P("")) TC(P(""))) TR("") TR("")), &lim, &err), GF_ELIMIT);
	assert_null(d);
	assert_non_null(strstr(err.msg, "table cells"));

	gf_limits_default(&lim);
	lim.max_text = 10;
	assert_int_equal(read_doc(&d, P(R("0123456789")), &lim, &err), GF_OK);
	gf_doc_free(d);
	assert_int_equal(read_doc(&d, P(R("0123456789a")), &lim, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "text"));

	gf_limits_default(&lim);
	lim.max_depth = 7; /* document body p r t: 5 levels; with tbl tr tc: 8 */
	assert_int_equal(read_doc(&d, P(R("ok")), &lim, &err), GF_OK);
	gf_doc_free(d);
	assert_int_equal(read_doc(&d, TBL(TR(TC(P(R("deep"))))), &lim, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "depth"));

	gf_limits_default(&lim);
	assert_int_equal(read_doc(&d, TBL(TR(TC("<w:tcPr><w:gridSpan w:val=\"99999999\"/></w:tcPr>" P("")))), &lim,
			      &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "columns"));
}

static void test_refusals(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_doc *d = NULL;
	gf_error err;
	static const struct {
		const char *xml;
		int rc;
		const char *msg;
	} cases[] = {
		{"<w:document" NS "><w:body><w:p></w:body></w:document>", GF_EUNREADABLE, "document.xml:1:"},
		{"", GF_EUNREADABLE, "document.xml"},
		{"<w:document" NS ">\xC3\x28</w:document>", GF_EUNREADABLE, "UTF-8"},
		{"<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><d>&x;</d>", GF_EUNREADABLE, "document type"},
		{"<?xml version=\"1.0\"?><!-- c --><!DOCTYPE d SYSTEM \"http://example.com/d.dtd\"><d/>", GF_EUNREADABLE, "document type"},
		{"<d>&undefined;</d>", GF_EUNREADABLE, "undefined"},
		{"<d>a</d><e/>", GF_EUNREADABLE, "document.xml"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		gf_error_clear(&err);
		int rc = gf_docx_read_xml(&d, cases[i].xml, strlen(cases[i].xml), &lim, &err);
		if (rc != cases[i].rc || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: rc %d msg %s", i, rc, err.msg);
		assert_null(d);
	}
}

int main(void)
{
	gf_xml_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_and_noise),
		cmocka_unit_test(test_simple_table),
		cmocka_unit_test(test_spans_and_vmerge),
		cmocka_unit_test(test_grid_before_after),
		cmocka_unit_test(test_hmerge_and_wide_rows),
		cmocka_unit_test(test_nested_tables),
		cmocka_unit_test(test_sdt_levels),
		cmocka_unit_test(test_w14_checkbox),
		cmocka_unit_test(test_legacy_checkbox),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_symbols),
		cmocka_unit_test(test_tracked_changes),
		cmocka_unit_test(test_alternate_content_and_text_boxes),
		cmocka_unit_test(test_wrappers),
		cmocka_unit_test(test_marked_text),
		cmocka_unit_test(test_cell_marked_and_boxes),
		cmocka_unit_test(test_strict_namespace_and_empty),
		cmocka_unit_test(test_checkbox_json),
		cmocka_unit_test(test_limits),
		cmocka_unit_test(test_refusals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
