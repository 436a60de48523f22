/* test_xlsx - the XLSX reader on workbooks written by LibreOffice
 * (tools/make_entry_fixtures.sh), and on hostile packages. */
#include "support.h"

#include "core/alloc.h"
#include "core/sha256.h"
#include "table/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

static gf_xlsx *open_fixture(const char *name)
{
	size_t len;
	char path[256];
	snprintf(path, sizeof path, "entry/%s", name);
	char *data = gf_test_read(path, &len);
	gf_xlsx *x = NULL;
	gf_error err = {0};
	int rc = gf_xlsx_open_mem(&x, data, len, name, NULL, &err);
	if (rc)
		fail_msg("%s: %s", name, err.msg);
	char hex[65];
	gf_sha256_hex(data, len, hex);
	assert_string_equal(gf_xlsx_sha256(x), hex);
	free(data);
	return x;
}

/* Row as "line:kind=text|..." with kinds t n d b e. */
static const char *row_text(const gf_trow *r)
{
	static char buf[4096];
	size_t n = (size_t)snprintf(buf, sizeof buf, "%d:", r->line);
	for (size_t i = 0; i < r->ncells; i++)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%c=%s", i ? "|" : "",
				      "tndbe"[r->cells[i].kind], r->cells[i].text);
	return buf;
}

static void test_libreoffice_from_csv(void **state)
{
	(void)state;
	gf_xlsx *x = open_fixture("lo-exit-request.xlsx");
	assert_int_equal(gf_xlsx_sheet_count(x), 1);
	assert_false(gf_xlsx_date1904(x));
	gf_xlsx_sheet *s;
	gf_error err = {0};
	assert_int_equal(gf_xlsx_sheet_open(&s, x, 0, &err), 0);
	assert_int_equal(gf_xlsx_sheet_rows_hint(s), 2);
	gf_trow r;
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "1:t=申请单位|t=退出类型|t=信息系统名称|t=系统负责人|t=办公电话|t=电子邮箱|"
					  "t=移动电话|t=云服务商|t=退出日期|t=退出原因|t=退出资源|t=项目编号");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	/* LibreOffice typed the cells: numbers, a date serial with a date format */
	assert_string_equal(row_text(&r), "2:t=淮北市文化和旅游局|t=业务系统退出|t=淮北市旅游资讯网（旧版）|t=马兰|"
					  "t=0561-3167890|t=malan@hbwhlyj.gov.cn|n=13905617788|t=联通|"
					  "d=2026-06-30|t=已由新平台替代，停止运行。|t=云主机2台（4核8G）|n=1");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	/* the leading 0 is gone; the 18-digit number kept 15 digits */
	assert_int_equal(r.line, 3);
	assert_string_equal(r.cells[4].text, "5613167891");
	assert_int_equal(r.cells[4].kind, GF_CELL_NUMBER);
	assert_int_equal(r.cells[11].kind, GF_CELL_NUMBER);
	assert_string_equal(r.cells[11].text, "3.40600199001011E+017");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 0);
	gf_xlsx_sheet_close(s);
	gf_xlsx_close(x);
}

static void test_two_sheets_merged(void **state)
{
	(void)state;
	gf_xlsx *x = open_fixture("change-request-2sheets.xlsx");
	assert_int_equal(gf_xlsx_sheet_count(x), 2);
	assert_string_equal(gf_xlsx_sheet_name(x, 0), "forms");
	assert_string_equal(gf_xlsx_sheet_name(x, 1), "changes");
	gf_xlsx_sheet *s;
	gf_error err = {0};
	assert_int_equal(gf_xlsx_sheet_open(&s, x, 0, &err), 0);
	gf_trow r;
	/* the merged title fills its 12 cells */
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_int_equal(r.line, 1);
	assert_int_equal(r.ncells, 12);
	assert_string_equal(r.cells[11].text, "淮北市政务云资源变更申请表");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "2:t=编号|t=申请单位|t=信息系统名称|t=系统负责人|t=系统负责人|t=云服务商|"
					  "t=部署区域|t=变更申请时间|t=变更类型|t=申请事由|t=其他|t=备注");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "3:t=|t=|t=|t=姓名|t=联系电话");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_int_equal(r.cells[7].kind, GF_CELL_DATE);
	assert_string_equal(r.cells[7].text, "2026-04-10");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(r.cells[4].text, "5613098765");
	assert_int_equal(r.cells[7].kind, GF_CELL_NUMBER);
	assert_string_equal(r.cells[7].text, "46125");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 0);
	gf_xlsx_sheet_close(s);
	assert_int_equal(gf_xlsx_sheet_open(&s, x, 1, &err), 0);
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "1:t=编号|t=虚拟机IP|t=CPU、内存|t=CPU、内存|t=系统存储|t=数据存储|"
					  "t=数据存储（变更后）|t=磁盘类型|t=备注");
	gf_xlsx_sheet_close(s);
	gf_xlsx_close(x);
}

/* A package built here: workbook parts as given. */
static char *make_xlsx(const char *const *names, const char *const *texts, size_t n, size_t *len)
{
	char path[] = "/tmp/gf_test_xlsx_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int ze;
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(z, texts[i], strlen(texts[i]), 0);
		assert_true(zip_file_add(z, names[i], src, ZIP_FL_OVERWRITE) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
	char *data = gf_test_read(path, len);
	unlink(path);
	return data;
}

static const char *WB = "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
			"<workbookPr date1904=\"1\"/><sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/>"
			"</sheets></workbook>";
static const char *RELS = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			  "<Relationship Id=\"rId1\" Type=\"x\" Target=\"worksheets/sheet1.xml\"/></Relationships>";

static void test_handmade(void **state)
{
	(void)state;
	/* inline strings, shared strings with phonetic runs, booleans, errors,
	 * a custom date format, the 1904 system, gaps in rows and columns */
	const char *sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			  "<si><t>申请单位</t></si><si><r><t>淮北</t></r><r><t xml:space=\"preserve\"> 市</t></r>"
			  "<rPh><t>わいほく</t></rPh></si></sst>";
	const char *styles = "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			     "<numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;\"/>"
			     "<numFmt numFmtId=\"165\" formatCode=\"[Red]0.00\"/></numFmts>"
			     "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"14\"/></cellXfs>"
			     "</styleSheet>";
	const char *sheet = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			    "<dimension ref=\"A1:E9\"/><sheetData>"
			    "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"C1\" t=\"inlineStr\"><is><t>备注</t></is></c></row>"
			    "<row r=\"4\"><c r=\"A4\" t=\"s\"><v>1</v></c><c r=\"B4\" s=\"1\"><v>44624</v></c>"
			    "<c r=\"C4\" t=\"b\"><v>1</v></c><c r=\"D4\" t=\"e\"><v>#N/A</v></c>"
			    "<c r=\"E4\" s=\"2\"><v>16.000000000000004</v></c></row>"
			    "<row r=\"5\"><c r=\"A5\" s=\"3\"/></row>"
			    "<row r=\"6\"><c t=\"str\"><v>x</v></c><c><v>1.2E+3</v></c></row>"
			    "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A6:A7\"/></mergeCells></worksheet>";
	const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml",
			       "xl/styles.xml", "xl/worksheets/sheet1.xml"};
	const char *texts[] = {WB, RELS, sst, styles, sheet};
	size_t len;
	char *data = make_xlsx(names, texts, 5, &len);
	gf_xlsx *x;
	gf_error err = {0};
	assert_int_equal(gf_xlsx_open_mem(&x, data, len, "h.xlsx", NULL, &err), 0);
	assert_true(gf_xlsx_date1904(x));
	gf_xlsx_sheet *s;
	assert_int_equal(gf_xlsx_sheet_open(&s, x, 0, &err), 0);
	assert_int_equal(gf_xlsx_sheet_rows_hint(s), 8);
	gf_trow r;
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "1:t=申请单位|t=|t=备注");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "4:t=淮北 市|d=2026-03-05|b=TRUE|e=#N/A|n=16.000000000000004");
	/* row 5 has only a styled empty cell: skipped */
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
	assert_string_equal(row_text(&r), "6:t=x|n=1.2E+3");
	assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 0);
	gf_xlsx_sheet_close(s);
	gf_xlsx_close(x);
	free(data);
}

static void test_hostile(void **state)
{
	(void)state;
	gf_xlsx *x;
	gf_error err = {0};
	/* not a zip */
	assert_int_equal(gf_xlsx_open_mem(&x, "hello", 5, "t.xlsx", NULL, &err), GF_EUNREADABLE);
	/* a zip without a workbook (a DOCX, say) */
	const char *n1[] = {"word/document.xml"};
	const char *t1[] = {"<w:document/>"};
	size_t len;
	char *data = make_xlsx(n1, t1, 1, &len);
	gf_error_clear(&err);
	assert_int_equal(gf_xlsx_open_mem(&x, data, len, "t.xlsx", NULL, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "workbook"));
	free(data);
	/* a DTD in a part */
	const char *n2[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"};
	const char *t2[] = {"<!DOCTYPE x [<!ENTITY a \"b\">]><workbook/>", RELS};
	data = make_xlsx(n2, t2, 2, &len);
	gf_error_clear(&err);
	assert_int_equal(gf_xlsx_open_mem(&x, data, len, "t.xlsx", NULL, &err), GF_EUNREADABLE);
	free(data);
	/* a shared string index out of range, cells out of order */
	const char *bad_ss = "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>7</v></c></row></sheetData></worksheet>";
	const char *bad_order = "<worksheet><sheetData><row r=\"1\"><c r=\"B1\"><v>1</v></c><c r=\"A1\"><v>2</v></c></row></sheetData></worksheet>";
	const char *wide = "<worksheet><sheetData><row r=\"1\"><c r=\"XFD1\"><v>1</v></c></row></sheetData></worksheet>";
	const char *sheets[] = {bad_ss, bad_order, wide};
	int want[] = {GF_EUNREADABLE, GF_EUNREADABLE, GF_ELIMIT};
	for (size_t i = 0; i < 3; i++) {
		const char *n3[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
		const char *t3[] = {WB, RELS, sheets[i]};
		data = make_xlsx(n3, t3, 3, &len);
		gf_error_clear(&err);
		assert_int_equal(gf_xlsx_open_mem(&x, data, len, "t.xlsx", NULL, &err), 0);
		gf_xlsx_sheet *s;
		assert_int_equal(gf_xlsx_sheet_open(&s, x, 0, &err), 0);
		gf_trow r;
		assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), want[i]);
		gf_xlsx_sheet_close(s);
		gf_xlsx_close(x);
		free(data);
	}
}

static void test_alloc_torture(void **state)
{
	(void)state;
	size_t len;
	char *data = gf_test_read("entry/change-request-2sheets.xlsx", &len);
	for (unsigned long k = 1;; k++) {
		gf_alloc_fail_at(k);
		gf_xlsx *x = NULL;
		gf_xlsx_sheet *s = NULL;
		gf_error err = {0};
		int rc = gf_xlsx_open_mem(&x, data, len, "t.xlsx", NULL, &err);
		if (!rc)
			rc = gf_xlsx_sheet_open(&s, x, 1, &err);
		gf_trow r;
		if (!rc)
			while ((rc = gf_xlsx_sheet_next(s, &r, &err)) == 1)
				;
		gf_xlsx_sheet_close(s);
		gf_xlsx_close(x);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == 0 && made < k)
			break;
		if (rc != 0 && rc != GF_ENOMEM)
			fail_msg("allocation %lu: rc %d (%s)", k, rc, err.msg);
	}
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libreoffice_from_csv),
		cmocka_unit_test(test_two_sheets_merged),
		cmocka_unit_test(test_handmade),
		cmocka_unit_test(test_hostile),
		cmocka_unit_test(test_alloc_torture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
