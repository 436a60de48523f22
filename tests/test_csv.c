/* test_csv - the streaming CSV reader: dialect, encodings, caps. */
#include "support.h"

#include "core/alloc.h"
#include "core/sha256.h"
#include "table/csv.h"

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* All rows of a CSV as one string: cells joined by '|', rows by '\n',
 * each row prefixed with its number ("3:a|b"). */
static char *dump(const void *data, size_t len, int *rc_out, gf_csv **keep)
{
	gf_csv *c;
	gf_error err = {0};
	int rc = gf_csv_open_mem(&c, data, len, "t.csv", &err);
	*rc_out = rc;
	if (rc)
		return NULL;
	size_t cap = 1 << 16, n = 0;
	char *out = malloc(cap);
	out[0] = '\0';
	gf_trow row;
	while ((rc = gf_csv_next(c, &row, &err)) == 1) {
		size_t need = 32;
		for (size_t i = 0; i < row.ncells; i++)
			need += strlen(row.cells[i].text) + 1;
		while (n + need > cap)
			out = realloc(out, cap *= 2);
		n += (size_t)snprintf(out + n, cap - n, "%d:", row.line);
		for (size_t i = 0; i < row.ncells; i++)
			n += (size_t)snprintf(out + n, cap - n, "%s%s", i ? "|" : "", row.cells[i].text);
		n += (size_t)snprintf(out + n, cap - n, "\n");
	}
	*rc_out = rc;
	if (keep)
		*keep = c;
	else
		gf_csv_close(c);
	return out;
}

static void check(const char *in, const char *want)
{
	int rc;
	char *got = dump(in, strlen(in), &rc, NULL);
	assert_int_equal(rc, 0);
	assert_string_equal(got, want);
	free(got);
}

static void test_dialect(void **state)
{
	(void)state;
	/* quoting, doubled quotes, line ends of three kinds, no final newline */
	check("a,b,c\r\n1,\"x,y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\r3,,\n4",
	      "1:a|b|c\n2:1|x,y|say \"hi\"\n3:2|two\nlines|z\n4:3\n5:4\n");
	/* blank lines keep their row numbers; trailing empty cells dropped */
	check("h1,h2\n\n,,\nv1,\n", "1:h1|h2\n2:\n3:\n4:v1\n");
	/* a quote inside an unquoted cell is text; text after a closing quote kept */
	check("a b\"c,\"q\"x\n", "1:a b\"c|qx\n");
	/* empty input: no rows */
	check("", "");
}

static void test_delimiters(void **state)
{
	(void)state;
	check("a\tb\tc\n1\t2,5\t3\n", "1:a|b|c\n2:1|2,5|3\n");
	check("a;b;c\n1;2,5;3\n", "1:a|b|c\n2:1|2,5|3\n");
	check("sep=;\na;b\n1,5;2\n", "1:a|b\n2:1,5|2\n");
	/* commas inside quotes do not count for the guess */
	check("\"a,b,c\"\tx\n", "1:a,b,c|x\n");
}

static void test_utf8_bom(void **state)
{
	(void)state;
	int rc;
	gf_csv *c;
	const char in[] = "\xEF\xBB\xBF申请单位,申请时间\n淮北市数据资源管理局,2026-03-05\n";
	char *got = dump(in, sizeof in - 1, &rc, &c);
	assert_int_equal(rc, 0);
	assert_string_equal(got, "1:申请单位|申请时间\n2:淮北市数据资源管理局|2026-03-05\n");
	assert_int_equal(gf_csv_encoding(c), GF_ENC_UTF8_BOM);
	assert_int_equal(gf_csv_records(c), 2);
	char hex[65];
	gf_sha256_hex(in, sizeof in - 1, hex);
	assert_string_equal(gf_csv_sha256(c), hex);
	gf_csv_close(c);
	free(got);
}

static char *to_enc(const char *utf8, const char *enc, size_t *len)
{
	iconv_t cd = iconv_open(enc, "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(utf8), outcap = inleft * 4 + 8, outleft = outcap;
	char *out = malloc(outcap), *op = out;
	char *ip = (char *)utf8;
	assert_true(iconv(cd, &ip, &inleft, &op, &outleft) != (size_t)-1);
	iconv_close(cd);
	*len = outcap - outleft;
	return out;
}

static void test_gb18030(void **state)
{
	(void)state;
	const char *text = "申请单位,系统负责人,办公电话\n淮北市数据资源管理局,张三,0561-3112058\n"
			   "\"相山区，杜集区\",李四 ,\"多行\n备注\"\n";
	size_t len;
	char *gb = to_enc(text, "GB18030", &len);
	int rc;
	gf_csv *c;
	char *got = dump(gb, len, &rc, &c);
	assert_int_equal(rc, 0);
	assert_int_equal(gf_csv_encoding(c), GF_ENC_GB18030);
	assert_string_equal(got, "1:申请单位|系统负责人|办公电话\n"
				 "2:淮北市数据资源管理局|张三|0561-3112058\n"
				 "3:相山区，杜集区|李四 |多行\n备注\n");
	assert_int_equal(gf_csv_records(c), 3);
	gf_csv_close(c);
	free(got);
	free(gb);

	/* "中文" in GBK (D6 D0 CE C4) is valid UTF-8 (U+0590 U+0384): still GB18030 */
	const char gbk[] = "\xD6\xD0\xCE\xC4,\xD6\xD0\xCE\xC4\n";
	got = dump(gbk, sizeof gbk - 1, &rc, &c);
	assert_int_equal(rc, 0);
	assert_int_equal(gf_csv_encoding(c), GF_ENC_GB18030);
	assert_string_equal(got, "1:中文|中文\n");
	gf_csv_close(c);
	free(got);

	/* but Latin text in UTF-8 stays UTF-8 */
	got = dump("Müller,José\n", strlen("Müller,José\n"), &rc, &c);
	assert_int_equal(gf_csv_encoding(c), GF_ENC_UTF8);
	assert_string_equal(got, "1:Müller|José\n");
	gf_csv_close(c);
	free(got);

	/* a four-byte GB18030 sequence (an emoji) and a chunk boundary inside a
	 * two-byte character */
	size_t big = 65535 + 64;
	char *bytes = malloc(big + 16);
	memset(bytes, 'a', 65535);
	for (size_t i = 99; i < 65535; i += 100)
		bytes[i] = ',';
	memcpy(bytes + 65535, "\xD6\xD0,\x94\x39\xFC\x36\n", 8); /* 中,😀 */
	got = dump(bytes, 65535 + 8, &rc, &c);
	assert_int_equal(rc, 0);
	assert_int_equal(gf_csv_encoding(c), GF_ENC_GB18030);
	assert_non_null(strstr(got, "aaa中|😀\n"));
	gf_csv_close(c);
	free(got);
	free(bytes);
}

static void test_utf16(void **state)
{
	(void)state;
	size_t len;
	char *u = to_enc("\xEF\xBB\xBF单位\t电话\n淮北\t0561-3112058\n", "UTF-16LE", &len);
	int rc;
	gf_csv *c;
	char *got = dump(u, len, &rc, &c);
	assert_int_equal(rc, 0);
	assert_int_equal(gf_csv_encoding(c), GF_ENC_UTF16LE);
	assert_int_equal(gf_csv_delimiter(c), '\t');
	assert_string_equal(got, "1:单位|电话\n2:淮北|0561-3112058\n");
	gf_csv_close(c);
	free(got);
	free(u);
}

static void test_refusals(void **state)
{
	(void)state;
	int rc;
	/* bytes that are neither UTF-8 nor GB18030 */
	char *got = dump("a,\xFF\xFF\n", 5, &rc, NULL);
	assert_int_equal(rc, GF_EUNREADABLE);
	free(got);
	/* a quote left open */
	got = dump("a,\"b\nc,d\n", 9, &rc, NULL);
	assert_int_equal(rc, GF_EUNREADABLE);
	free(got);
	/* a UTF-8 BOM then invalid bytes */
	assert_null(dump("\xEF\xBB\xBF\xD6\xD0,x\n", 7, &rc, NULL));
	assert_int_equal(rc, GF_EUNREADABLE);
	/* too many columns */
	size_t n = (GF_TABLE_MAX_COLS + 1) * 2;
	char *wide = malloc(n + 1);
	for (size_t i = 0; i < n; i += 2) {
		wide[i] = 'x';
		wide[i + 1] = ',';
	}
	wide[n - 1] = '\n';
	got = dump(wide, n, &rc, NULL);
	assert_int_equal(rc, GF_ELIMIT);
	free(got);
	free(wide);
	/* a cell over the cap */
	n = GF_TABLE_MAX_CELL + 10;
	char *long_cell = malloc(n + 2);
	long_cell[0] = '"';
	memset(long_cell + 1, 'y', n);
	got = dump(long_cell, n + 1, &rc, NULL);
	assert_int_equal(rc, GF_ELIMIT);
	free(got);
	free(long_cell);
	/* a missing file */
	gf_csv *c;
	gf_error err = {0};
	assert_int_equal(gf_csv_open(&c, "/nonexistent/x.csv", 0, &err), GF_ENOTFOUND);
	assert_null(c);
}

static void test_many_rows(void **state)
{
	(void)state;
	/* 200,000 rows stream through the same buffers */
	size_t rows = 200000, cap = rows * 40, n = 0;
	char *data = malloc(cap);
	for (size_t i = 0; i < rows; i++)
		n += (size_t)snprintf(data + n, cap - n, "%zu,淮北市\"x\",\"a,b\"\n", i);
	gf_csv *c;
	gf_error err = {0};
	assert_int_equal(gf_csv_open_mem(&c, data, n, "big.csv", &err), 0);
	assert_int_equal(gf_csv_records(c), rows);
	gf_trow row;
	size_t seen = 0;
	int rc;
	while ((rc = gf_csv_next(c, &row, &err)) == 1) {
		assert_int_equal(row.ncells, 3);
		assert_int_equal(strtoul(row.cells[0].text, NULL, 10), seen);
		assert_string_equal(row.cells[2].text, "a,b");
		seen++;
	}
	assert_int_equal(rc, 0);
	assert_int_equal(seen, rows);
	gf_csv_close(c);
	free(data);
}

static void test_file(void **state)
{
	(void)state;
	char path[] = "/tmp/gf_test_csv_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	const char *text = "a,b\n1,2\n";
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	gf_csv *c;
	gf_error err = {0};
	assert_int_equal(gf_csv_open(&c, path, 0, &err), 0);
	gf_trow row;
	assert_int_equal(gf_csv_next(c, &row, &err), 1);
	assert_int_equal(gf_csv_next(c, &row, &err), 1);
	assert_string_equal(row.cells[1].text, "2");
	assert_int_equal(gf_csv_next(c, &row, &err), 0);
	gf_csv_close(c);
	/* over the size cap */
	assert_int_equal(gf_csv_open(&c, path, 4, &err), GF_ELIMIT);
	unlink(path);
}

static void test_alloc_torture(void **state)
{
	(void)state;
	size_t len;
	char *gb = to_enc("单位,电话\n淮北,\"0561\n3112058\"\n", "GB18030", &len);
	for (unsigned long k = 1;; k++) {
		gf_alloc_fail_at(k);
		gf_csv *c = NULL;
		gf_error err = {0};
		int rc = gf_csv_open_mem(&c, gb, len, "t.csv", &err);
		gf_trow row;
		if (rc == 0) {
			while ((rc = gf_csv_next(c, &row, &err)) == 1)
				;
		}
		gf_csv_close(c);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == 0 && made < k)
			break;
		if (rc != 0 && rc != GF_ENOMEM)
			fail_msg("allocation %lu: rc %d: %s", k, rc, err.msg);
	}
	free(gb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dialect),      cmocka_unit_test(test_delimiters),
		cmocka_unit_test(test_utf8_bom),     cmocka_unit_test(test_gb18030),
		cmocka_unit_test(test_utf16),        cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_many_rows),    cmocka_unit_test(test_file),
		cmocka_unit_test(test_alloc_torture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
