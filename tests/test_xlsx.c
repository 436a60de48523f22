/* test_xlsx - the XLSX reader on workbooks written by LibreOffice
 * (tools/make_entry_fixtures.sh), and on hostile packages. */
#include "support.h"
#include "zipmaker.h"

#include "core/alloc.h"
#include "core/sha256.h"
#include "table/entry.h"
#include "table/xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
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


/* ---- a worksheet larger than max_entry, written and read as a stream ------ */

#define BIG_ROWS 120000 /* data rows, under a title row and a header row */

/* The text of cell `col` (0-based) of data row n, as the sheet holds it. */
static int big_cell(char *buf, size_t size, long n, int col)
{
	static const char *cols = "ABCDEFGHIJKL";
	char c = cols[col];
	switch (col) {
	case 0: return snprintf(buf, size, "<c r=\"A%ld\" t=\"s\"><v>%ld</v></c>", n, 4 + n % 3);
	case 1: return snprintf(buf, size, "<c r=\"B%ld\" t=\"inlineStr\"><is><t>信息系统%ld号（第%ld批）</t></is></c>", n, n, n % 97);
	case 2: return snprintf(buf, size, "<c r=\"C%ld\" t=\"inlineStr\"><is><t>张%ld</t></is></c>", n, n % 1000);
	case 3: return snprintf(buf, size, "<c r=\"D%ld\"><v>%ld</v></c>", n, 13900000000L + n);
	case 4: return snprintf(buf, size, "<c r=\"E%ld\" s=\"1\"><v>%ld</v></c>", n, 46000 + n % 365);
	case 5: return snprintf(buf, size, "<c r=\"F%ld\" t=\"str\"><f>CONCAT(\"ref-\",J%ld)</f><v>ref-%ld</v></c>", n, n, n);
	case 6: return snprintf(buf, size, "<c r=\"G%ld\" t=\"b\"><v>%ld</v></c>", n, n % 2);
	case 7: return snprintf(buf, size, "<c r=\"H%ld\" s=\"2\"><v>%ld.25</v></c>", n, n * 3);
	case 8: return snprintf(buf, size, "<c r=\"I%ld\" t=\"inlineStr\"><is><t>备注：第%ld行，数据正常。"
				    "这是一段较长的说明文字，用于让每一行的XML足够长。</t></is></c>", n, n);
	case 9: return snprintf(buf, size, "<c r=\"J%ld\"><v>%ld</v></c>", n, n);
	case 10:
		if (n % 1000 == 0)
			return snprintf(buf, size, "<c r=\"K%ld\" t=\"e\"><v>#N/A</v></c>", n);
		return snprintf(buf, size, "<c r=\"K%ld\" t=\"inlineStr\"><is><t>第%ld项</t></is></c>", n, n % 13);
	default: return snprintf(buf, size, "<c r=\"%c%ld\" t=\"inlineStr\"><is><t>L%ld</t></is></c>", c, n, n);
	}
}

/* The sheet's XML, produced on demand for libzip. */
typedef struct big_src {
	long next;      /* next row to write; 0: the head, past the end: the tail */
	char buf[4096];
	size_t len, pos;
	unsigned long long total;
	int done;
} big_src;

static void big_fill(big_src *b)
{
	long n = b->next++;
	size_t k = 0;
	if (n == 0) {
		k = (size_t)snprintf(b->buf, sizeof b->buf,
				     "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
				     "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
				     "<dimension ref=\"A1:L%d\"/><sheetData>"
				     "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
				     "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
				     "<c r=\"C2\" t=\"s\"><v>3</v></c></row>",
				     BIG_ROWS + 2);
	} else if (n <= BIG_ROWS) {
		long r = n + 2;
		k = (size_t)snprintf(b->buf, sizeof b->buf, "<row r=\"%ld\" spans=\"1:12\">", r);
		for (int c = 0; c < 12; c++)
			k += (size_t)big_cell(b->buf + k, sizeof b->buf - k, r, c);
		k += (size_t)snprintf(b->buf + k, sizeof b->buf - k, "</row>");
	} else if (n == BIG_ROWS + 1) {
		k = (size_t)snprintf(b->buf, sizeof b->buf,
				     "</sheetData><mergeCells count=\"1\"><mergeCell ref=\"A1:L1\"/></mergeCells>"
				     "</worksheet>");
	} else {
		b->done = 1;
	}
	b->len = k;
	b->pos = 0;
}

static zip_int64_t big_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	big_src *b = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		b->next = 0;
		b->len = b->pos = 0;
		b->total = 0;
		b->done = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = 0;
		char *out = data;
		while (n < len && !b->done) {
			if (b->pos == b->len) {
				big_fill(b);
				continue;
			}
			size_t k = b->len - b->pos;
			if (k > len - n)
				k = (size_t)(len - n);
			memcpy(out + n, b->buf + b->pos, k);
			b->pos += k;
			n += k;
		}
		b->total += n;
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_CLOSE:
		return 0;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		return sizeof *st;
	}
	case ZIP_SOURCE_ERROR:
		return 2 * sizeof(int);
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE,
						      -1);
	default:
		return -1;
	}
}

static void add_text(zip_t *z, const char *name, const char *text)
{
	zip_source_t *src = zip_source_buffer(z, text, strlen(text), 0);
	assert_non_null(src);
	assert_true(zip_file_add(z, name, src, ZIP_FL_OVERWRITE) >= 0);
}

static long peak_rss_kib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void test_big_sheet_streamed(void **state)
{
	(void)state;
	char path[] = "/tmp/gf_test_xlsx_big_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	int ze;
	zip_t *z = zip_open(path, ZIP_TRUNCATE, &ze);
	assert_non_null(z);
	const char *sst = "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			  "<si><t>淮北市政务云资源申请表</t></si><si><t>申请单位</t></si><si><t>系统名称</t></si>"
			  "<si><t>联系人</t></si><si><t>淮北市数据资源管理局</t></si><si><t>淮北市公安局</t></si>"
			  "<si><t>淮北市教育局</t></si></sst>";
	const char *styles = "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			     "<cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"2\"/></cellXfs></styleSheet>";
	add_text(z, "xl/workbook.xml", WB);
	add_text(z, "xl/_rels/workbook.xml.rels", RELS);
	add_text(z, "xl/sharedStrings.xml", sst);
	add_text(z, "xl/styles.xml", styles);
	big_src *b = calloc(1, sizeof *b);
	assert_non_null(b);
	zip_source_t *src = zip_source_function(z, big_cb, b);
	assert_non_null(src);
	zip_int64_t idx = zip_file_add(z, "xl/worksheets/sheet1.xml", src, 0);
	assert_true(idx >= 0);
	assert_int_equal(zip_set_file_compression(z, (zip_uint64_t)idx, ZIP_CM_DEFLATE, 6), 0);
	assert_int_equal(zip_close(z), 0);
	unsigned long long xml_bytes = b->total;
	free(b);

	gf_limits lim;
	gf_limits_default(&lim);
	/* the point: one part more than max_entry, read whole before */
	assert_true(xml_bytes > lim.max_entry);
	long rss0 = peak_rss_kib();
	gf_xlsx *x;
	gf_error err = {0};
	if (gf_xlsx_open_file(&x, path, &lim, &err))
		fail_msg("%s", err.msg);
	gf_xlsx_sheet *s;
	if (gf_xlsx_sheet_open(&s, x, 0, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(gf_xlsx_sheet_rows_hint(s), BIG_ROWS + 1);
	gf_trow r;
	long rows = 0;
	int rc;
	char want[4096];
	while ((rc = gf_xlsx_sheet_next(s, &r, &err)) == 1) {
		rows++;
		assert_int_equal(r.line, rows);
		if (rows == 1) {
			/* the merged title over its 12 columns */
			assert_int_equal(r.ncells, 12);
			assert_string_equal(r.cells[11].text, "淮北市政务云资源申请表");
			continue;
		}
		if (rows == 2) {
			assert_string_equal(row_text(&r), "2:t=申请单位|t=系统名称|t=联系人");
			continue;
		}
		assert_int_equal(r.ncells, 12);
		long n = rows;
		if (n != 3 && n != 4 && n != 61000 && n != 99000 && n != BIG_ROWS + 2)
			continue;
		static const char *units[] = {"淮北市数据资源管理局", "淮北市公安局", "淮北市教育局"};
		int d = 46000 + (int)(n % 365);
		char date[16];
		assert_int_equal(gf_excel_date(d, true, date), 0); /* WB is a 1904 workbook */
		char k[64];
		if (n % 1000 == 0)
			GF_TEST_FMT(k, "e=#N/A");
		else
			GF_TEST_FMT(k, "t=第%ld项", n % 13);
		GF_TEST_FMT(want,
			    "%ld:t=%s|t=信息系统%ld号（第%ld批）|t=张%ld|n=%ld|d=%s|t=ref-%ld|b=%s|n=%ld.25|"
			    "t=备注：第%ld行，数据正常。这是一段较长的说明文字，用于让每一行的XML足够长。|n=%ld|%s|t=L%ld",
			    n, units[n % 3], n, n % 97, n % 1000, 13900000000L + n, date, n,
			    n % 2 ? "TRUE" : "FALSE", n * 3, n, n, k, n);
		assert_string_equal(row_text(&r), want);
	}
	if (rc != 0)
		fail_msg("%s", err.msg);
	assert_int_equal(rows, BIG_ROWS + 2);
	gf_xlsx_sheet_close(s);
	gf_xlsx_close(x);
	long rss1 = peak_rss_kib();
	print_message("big sheet: %llu bytes of XML (%ld rows), peak RSS %.1f MiB (%.1f MiB before reading)\n",
		      xml_bytes, rows, rss1 / 1024.0, rss0 / 1024.0);
#if !defined(__SANITIZE_ADDRESS__)
	/* generous: the sheet alone is more than this */
	assert_true(rss1 < 64L * 1024);
#endif
	unlink(path);
}


/* The first pass finds merged ranges however the part is cut into reads,
 * with a prefix, and not in text, comments or CDATA sections. */
static void test_merges_scanned(void **state)
{
	(void)state;
	const char *head = "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			   "xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
			   "<x:dimension ref=\"A1:C3\"/><sheetData>"
			   "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>标题 &lt;mergeCell ref=\"A2:C2\"/&gt;</t></is></c></row>"
			   "<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>x</t></is></c></row>"
			   "<row r=\"3\"><c r=\"A3\"><v>1</v></c></row></sheetData>"
			   "<![CDATA[<mergeCell ref=\"A3:C3\"/>]]><!--";
	const char *tail = " <mergeCell ref=\"A3:C3\"/> --><?pi <mergeCell ref=\"A3:C3\"/> ?>"
			   "<x:mergeCells><x:mergeCell a=\"'>\" ref='A1:C1'/></x:mergeCells></worksheet>";
	size_t hl = strlen(head), tl = strlen(tail);
	/* the <x:mergeCell> tag straddles the scan's 64 KiB reads at every byte */
	size_t at = (size_t)(strstr(tail, "<x:mergeCell ") - tail);
	char *sheet = malloc(70000 + hl + tl);
	assert_non_null(sheet);
	for (size_t cut = 0; cut < 60; cut++) {
		size_t pad = 65536 - 40 + cut - hl - at;
		memcpy(sheet, head, hl);
		memset(sheet + hl, '-' + 1, pad);
		memcpy(sheet + hl + pad, tail, tl + 1);
		const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
		const char *texts[] = {WB, RELS, sheet};
		size_t len;
		char *data = make_xlsx(names, texts, 3, &len);
		gf_xlsx *x;
		gf_error err = {0};
		assert_int_equal(gf_xlsx_open_mem(&x, data, len, "m.xlsx", NULL, &err), 0);
		for (int open = 0; open < 2; open++) { /* the second open reuses the scan */
			gf_xlsx_sheet *s;
			assert_int_equal(gf_xlsx_sheet_open(&s, x, 0, &err), 0);
			assert_int_equal(gf_xlsx_sheet_rows_hint(s), 2);
			gf_trow r;
			assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
			assert_string_equal(row_text(&r), "1:t=标题 <mergeCell ref=\"A2:C2\"/>|t=标题 <mergeCell ref=\"A2:C2\"/>|"
							  "t=标题 <mergeCell ref=\"A2:C2\"/>");
			assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
			assert_string_equal(row_text(&r), "2:t=x");
			assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 1);
			assert_string_equal(row_text(&r), "3:n=1");
			assert_int_equal(gf_xlsx_sheet_next(s, &r, &err), 0);
			gf_xlsx_sheet_close(s);
		}
		gf_xlsx_close(x);
		free(data);
	}
	free(sheet);
}

/* A worksheet refused while it streams: the XML reader's checks, and the
 * zip layer's (a bomb declaring a small size), reach gf_xlsx_sheet_next. */
static void test_sheet_refused_while_streaming(void **state)
{
	(void)state;
	static const struct {
		const char *sheet;
		int want;
		const char *msg;
	} cases[] = {
		{"<!DOCTYPE w [<!ENTITY e \"x\">]><worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&e;</t></is></c></row></sheetData></worksheet>",
		 GF_EUNREADABLE, "document type"},
		{"<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>\xE6\x88</t></is></c></row></sheetData></worksheet>",
		 GF_EUNREADABLE, "UTF-8"},
		{"<worksheet><sheetData><row><c><v>1</v></c></row><row><c><v>2</v></c></sheetData></worksheet>",
		 GF_EUNREADABLE, "mismatch"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
		const char *texts[] = {WB, RELS, cases[i].sheet};
		size_t len;
		char *data = make_xlsx(names, texts, 3, &len);
		gf_xlsx *x;
		gf_error err = {0};
		assert_int_equal(gf_xlsx_open_mem(&x, data, len, "r.xlsx", NULL, &err), 0);
		gf_xlsx_sheet *s = NULL;
		int rc = gf_xlsx_sheet_open(&s, x, 0, &err);
		gf_trow r;
		while (!rc && (rc = gf_xlsx_sheet_next(s, &r, &err)) == 1)
			;
		if (rc != cases[i].want || !strstr(err.msg, cases[i].msg))
			fail_msg("case %zu: got %d: %s", i, rc, err.msg);
		assert_non_null(strstr(err.msg, "r.xlsx: S"));
		gf_xlsx_sheet_close(s);
		gf_xlsx_close(x);
		free(data);
	}

	/* 100 MB of rows deflated (ratio over 200), declaring 2 MB */
	size_t n = 100u << 20;
	char *sheet = malloc(n + 64);
	assert_non_null(sheet);
	size_t k = (size_t)snprintf(sheet, 64, "<worksheet><sheetData>");
	static const char row[] = "<row><c><v>1</v></c></row>";
	while (k + sizeof row < n) {
		memcpy(sheet + k, row, sizeof row - 1);
		k += sizeof row - 1;
	}
	snprintf(sheet + k, 64, "</sheetData></worksheet>");
	const char *names[] = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml"};
	const char *texts[] = {WB, RELS, sheet};
	size_t len;
	char *data = make_xlsx(names, texts, 3, &len);
	free(sheet);
	gf_xlsx *x;
	gf_error err = {0};
	/* honest, it is refused at open from its declared ratio */
	assert_int_equal(gf_xlsx_open_mem(&x, data, len, "b.xlsx", NULL, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "ratio"));
	assert_true(zm_set((unsigned char *)data, len, "xl/worksheets/sheet1.xml", ZM_USIZE, 2u << 20));
	gf_error_clear(&err);
	assert_int_equal(gf_xlsx_open_mem(&x, data, len, "b.xlsx", NULL, &err), 0);
	gf_xlsx_sheet *s = NULL;
	assert_int_equal(gf_xlsx_sheet_open(&s, x, 0, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "past the 2097152 bytes declared"));
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
		cmocka_unit_test(test_big_sheet_streamed),
		cmocka_unit_test(test_merges_scanned),
		cmocka_unit_test(test_sheet_refused_while_streaming),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
