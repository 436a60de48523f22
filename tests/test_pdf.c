/* PDF writer: text through the chains extracts as written (rare characters
 * included), fonts are embedded subsets, qpdf finds nothing, QR codes scan,
 * the attachment comes back, the same drawing gives the same bytes. */
#include "support.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "sheet/font.h"
#include "sheet/pdf.h"
#include "sheet/shape.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static gf_fonts *fonts;


static void write_file(const char *path, const void *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(d, 1, n, f), n);
	fclose(f);
}

static int setup(void **state)
{
	(void)state;
	gf_error err;
	gf_error_clear(&err);
	if (gf_fonts_load(&fonts, gf_test_src("templates/sheets/fonts.xml"), NULL, &err))
		fail_msg("%s", err.msg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gf_fonts_free(fonts);
	return 0;
}

static const char *lines[] = {
	"淮北市政务云资源开通确认单",
	"申请单位：淮北市数据资源管理局",
	"系统负责人：王䶮，技术联系人：𠮷晓明",
	"☑新建入云 ☐迁移入云 7×24小时",
	"HBZWY-2026-000123 (ASCII) 100GB",
};

static void draw_doc(unsigned char **out, size_t *len, const char *payload)
{
	gf_error err;
	gf_error_clear(&err);
	gf_pdf *p;
	assert_int_equal(gf_pdf_new(&p, fonts, &err), 0);
	assert_int_equal(gf_pdf_page(p, 595.28, 841.89), 0);
	int song = gf_fonts_chain(fonts, "song"), hei = gf_fonts_chain(fonts, "hei");
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		gf_shaped sh = {0};
		assert_int_equal(gf_shape(&sh, fonts, i ? song : hei, lines[i], strlen(lines[i]), &err), 0);
		for (size_t k = 0; k < sh.n; k++)
			assert_false(sh.g[k].missing);
		assert_int_equal(gf_pdf_glyphs(p, 72, 780 - 24.0 * (double)i, i ? 10.5 : 18, sh.g, sh.n), 0);
		gf_shaped_free(&sh);
	}
	gf_pdf_line_width(p, 0.5);
	assert_int_equal(gf_pdf_rect(p, 70, 640, 450, 30, 0), 0);
	assert_int_equal(gf_pdf_line(p, 70, 630, 520, 630), 0);
	double side;
	assert_int_equal(gf_pdf_qr(p, 400, 450, 2.5, payload, &side, &err), 0);
	assert_true(side > 50);
	/* a second page with one line */
	assert_int_equal(gf_pdf_page(p, 595.28, 841.89), 0);
	gf_shaped sh = {0};
	assert_int_equal(gf_shape(&sh, fonts, song, "第二页", strlen("第二页"), &err), 0);
	assert_int_equal(gf_pdf_glyphs(p, 72, 780, 10.5, sh.g, sh.n), 0);
	gf_shaped_free(&sh);

	gf_pdf_meta m;
	memset(&m, 0, sizeof m);
	m.title = "淮北市政务云资源开通确认单";
	m.subject = "activation-sheet";
	m.keywords = "HBZWY-2026-000123";
	m.author = "淮北市数据资源管理局 & <测试>";
	m.creator = "govforms";
	m.producer = "govforms test";
	m.lang = "zh-CN";
	m.date = 1772668800; /* 2026-03-05 */
	memset(m.id, 0x5A, sizeof m.id);
	m.att_name = "record.json";
	m.att_mime = "application/json";
	m.att_desc = "记录";
	m.att_data = "{\"form\":\"activation-sheet\",\"名\":\"王䶮\"}";
	m.att_len = strlen(m.att_data);
	assert_int_equal(gf_pdf_finish(p, &m, out, len, &err), 0);
	gf_pdf_free(p);
}

static void test_text_fonts_check(void **state)
{
	(void)state;
	unsigned char *pdf;
	size_t len;
	draw_doc(&pdf, &len, "GFSHEET:TEST:HBZWY-2026-000123:0123456789ABCDEF");
	char path[4096], cmd[20000];
	snprintf(path, sizeof path, "%s/test_pdf.pdf", GF_BINARY_DIR);
	write_file(path, pdf, len);
	assert_true(len < 60000);
	int st;

	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' - 2>&1", path);
	char *text = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
		if (!strstr(text, lines[i]))
			fail_msg("pdftotext lost \"%s\":\n%s", lines[i], text);
	assert_non_null(strstr(text, "第二页"));
	gf_free(text);

	snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", path);
	char *fl = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	int nfonts = 0;
	for (char *l = strstr(fl, "\n---"); l && (l = strchr(l + 1, '\n')) && l[1];) {
		char *e = strchr(l + 1, '\n');
		size_t n = e ? (size_t)(e - l - 1) : strlen(l + 1);
		char row[512];
		snprintf(row, sizeof row, "%.*s", (int)n, l + 1);
		if (!row[0])
			break;
		nfonts++;
		if (!strstr(row, "CID TrueType") || !strstr(row, "Identity-H") ||
		    !strstr(row, "yes yes yes") || !strchr(row, '+'))
			fail_msg("font not an embedded subset with ToUnicode: %s", row);
	}
	assert_true(nfonts >= 3); /* ZenHei, UMing, DejaVu, a rare-character face */
	gf_free(fl);

	snprintf(cmd, sizeof cmd, "qpdf --check '%s' 2>&1", path);
	char *q = gf_test_run(cmd, &st);
	if (st != 0 || strstr(q, "WARNING") || !strstr(q, "No syntax or stream encoding errors"))
		fail_msg("qpdf --check:\n%s", q);
	gf_free(q);

	snprintf(cmd, sizeof cmd, "pdfinfo -enc UTF-8 '%s' 2>&1", path);
	char *info = gf_test_run(cmd, &st);
	assert_non_null(strstr(info, "Title:           淮北市政务云资源开通确认单"));
	assert_non_null(strstr(info, "Subject:         activation-sheet"));
	assert_non_null(strstr(info, "Keywords:        HBZWY-2026-000123"));
	assert_non_null(strstr(info, "Author:          淮北市数据资源管理局 & <测试>"));
	assert_non_null(strstr(info, "Producer:        govforms test"));
	assert_non_null(strstr(info, "CreationDate:    Thu Mar  5 00:00:00 2026 UTC"));
	assert_non_null(strstr(info, "Pages:           2"));
	assert_non_null(strstr(info, "PDF version:     1.7"));
	assert_non_null(strstr(info, "Metadata Stream: yes"));
	gf_free(info);

	/* the XMP packet carries the same values, escaped */
	snprintf(cmd, sizeof cmd, "pdfinfo -meta '%s' 2>&1", path);
	char *xmp = gf_test_run(cmd, &st);
	assert_non_null(strstr(xmp, "<pdfaid:part>3</pdfaid:part>"));
	assert_non_null(strstr(xmp, "淮北市数据资源管理局 &amp; &lt;测试&gt;"));
	assert_non_null(strstr(xmp, "<xmp:CreateDate>2026-03-05T00:00:00+00:00</xmp:CreateDate>"));
	assert_non_null(strstr(xmp, "<pdf:Keywords>HBZWY-2026-000123</pdf:Keywords>"));
	gf_free(xmp);

	/* the attachment */
	char dir[4200];
	snprintf(dir, sizeof dir, "%s/test_pdf_att", GF_BINARY_DIR);
	snprintf(cmd, sizeof cmd, "rm -rf '%s' && mkdir -p '%s' && pdfdetach -saveall -o '%s' '%s' 2>&1", dir,
		 dir, dir, path);
	gf_free(gf_test_run(cmd, &st));
	assert_int_equal(st, 0);
	snprintf(cmd, sizeof cmd, "%s/record.json", dir);
	size_t alen;
	char *att = gf_test_read(cmd, &alen);
	assert_string_equal(att, "{\"form\":\"activation-sheet\",\"名\":\"王䶮\"}");
	free(att);
	gf_free(pdf);
}

static void test_qr_scans(void **state)
{
	(void)state;
	const char *payload = "GFSHEET:ACTIVATION:HBZWY-2026-000123:"
			      "9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08";
	unsigned char *pdf;
	size_t len;
	draw_doc(&pdf, &len, payload);
	char path[4096], cmd[8400];
	snprintf(path, sizeof path, "%s/test_pdf_qr.pdf", GF_BINARY_DIR);
	write_file(path, pdf, len);
	gf_free(pdf);
	snprintf(cmd, sizeof cmd,
		 "pdftoppm -r 150 -f 1 -l 1 -png '%s' '%s/test_pdf_qr' && zbarimg -q --raw '%s/test_pdf_qr-1.png' 2>/dev/null",
		 path, GF_BINARY_DIR, GF_BINARY_DIR);
	int st;
	char *out = gf_test_run(cmd, &st);
	assert_int_equal(st, 0);
	char expect[256];
	snprintf(expect, sizeof expect, "%s\n", payload);
	assert_string_equal(out, expect);
	gf_free(out);
}

static void test_same_bytes(void **state)
{
	(void)state;
	unsigned char *a, *b;
	size_t la, lb;
	draw_doc(&a, &la, "X");
	draw_doc(&b, &lb, "X");
	assert_int_equal(la, lb);
	assert_memory_equal(a, b, la);
	int found = 0;
	for (size_t i = 0; i + 15 <= la && !found; i++)
		found = memcmp(a + i, "/ID [ <5A5A5A5A", 15) == 0;
	assert_true(found);
	gf_free(a);
	gf_free(b);
}

static void test_icc_profile(void **state)
{
	(void)state;
	gf_buf b = GF_BUF_INIT(0);
	assert_int_equal(gf_icc_srgb(&b), 0);
	const unsigned char *d = (const unsigned char *)b.data;
	uint32_t size = ((uint32_t)d[0] << 24) | ((uint32_t)d[1] << 16) | ((uint32_t)d[2] << 8) | d[3];
	assert_int_equal(size, b.len);
	assert_memory_equal(d + 12, "mntrRGB XYZ ", 12);
	assert_memory_equal(d + 36, "acsp", 4);
	uint32_t ntags = ((uint32_t)d[128] << 24) | ((uint32_t)d[129] << 16) | ((uint32_t)d[130] << 8) | d[131];
	assert_int_equal(ntags, 9);
	for (uint32_t i = 0; i < ntags; i++) {
		const unsigned char *t = d + 132 + 12 * i;
		uint32_t off = ((uint32_t)t[4] << 24) | ((uint32_t)t[5] << 16) | ((uint32_t)t[6] << 8) | t[7];
		uint32_t len = ((uint32_t)t[8] << 24) | ((uint32_t)t[9] << 16) | ((uint32_t)t[10] << 8) | t[11];
		assert_true(off % 4 == 0 && off + len <= size);
	}
	gf_buf_free(&b);
}

static void test_shape_breaks(void **state)
{
	(void)state;
	/* no break before closing or after opening punctuation; Latin words whole */
	assert_false(gf_brk_allowed(0x6DEE, 0x3002)); /* 淮。 */
	assert_false(gf_brk_allowed(0x300C, 0x6DEE)); /* 「淮 */
	assert_false(gf_brk_allowed(0xFF08, 0x4E00)); /* （一 */
	assert_true(gf_brk_allowed(0x6DEE, 0x5317));  /* 淮北 */
	assert_false(gf_brk_allowed('a', 'b'));
	assert_true(gf_brk_allowed(' ', 'b'));
	assert_true(gf_brk_allowed('a', 0x5317));
	assert_true(gf_brk_allowed(0x20BB7, 0x6653)); /* Extension B is ideographic */
	gf_error err;
	gf_error_clear(&err);
	gf_shaped sh = {0};
	/* controls dropped, tab a space, bad UTF-8 a replacement, \n kept */
	assert_int_equal(gf_shape(&sh, fonts, 0, "a\tb\x01\n\xFF", 6, &err), 0);
	assert_int_equal(sh.n, 5);
	assert_int_equal(sh.g[1].src, ' ');
	assert_int_equal(sh.g[3].src, '\n');
	assert_null(sh.g[3].face);
	assert_int_equal(sh.g[4].src, 0xFFFD);
	gf_shaped_free(&sh);
	/* a character no font has is marked and drawn as a replacement */
	assert_int_equal(gf_shape(&sh, fonts, 0, "\xF4\x8F\xBF\xBD", 4, &err), 0);
	assert_int_equal(sh.n, 1);
	assert_true(sh.g[0].missing);
	assert_int_equal(sh.g[0].cp, 0xFFFD);
	assert_non_null(sh.g[0].face);
	gf_shaped_free(&sh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_fonts_check),
		cmocka_unit_test(test_qr_scans),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_icc_profile),
		cmocka_unit_test(test_shape_breaks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
