/* zip: entry access, case-insensitive lookup, and the limits counted on the
 * bytes actually inflated. */
#include "support.h"
#include "zipmaker.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/limits.h"
#include "zip/zip.h"

#include <stdlib.h>
#include <string.h>

static unsigned char *pkg(size_t *n)
{
	static char big[300000];
	for (size_t i = 0; i < sizeof big - 1; i++)
		big[i] = (char)('a' + i % 23);
	big[sizeof big - 1] = '\0';
	zm_entry e[] = {
		{"word/document.xml", "<doc>stored</doc>", 0, 1},
		{"Word/Styles.XML", "<styles/>", 0, 0},
		{"word/media/big.txt", big, sizeof big - 1, 0},
		{"empty", "", 0, 1},
	};
	unsigned char *z = zm_build(e, 4, n);
	assert_non_null(z);
	return z;
}

static void test_read_entries(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = pkg(&n);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_error_clear(&err);
	gf_zip *zp = NULL;
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(gf_zip_count(zp), 4);
	assert_string_equal(gf_zip_name(zp, 1), "Word/Styles.XML");
	assert_null(gf_zip_name(zp, 4));
	assert_true(gf_zip_has(zp, "word/document.xml"));
	assert_true(gf_zip_has(zp, "word/styles.xml")); /* OPC names ignore case */
	assert_false(gf_zip_has(zp, "word/numbering.xml"));

	char *data = NULL;
	size_t len = 0;
	assert_int_equal(gf_zip_read(zp, "word/document.xml", &data, &len, &err), GF_OK);
	assert_int_equal(len, 17);
	assert_string_equal(data, "<doc>stored</doc>");
	gf_free(data);
	assert_int_equal(gf_zip_read(zp, "WORD/STYLES.xml", &data, &len, &err), GF_OK);
	assert_string_equal(data, "<styles/>");
	gf_free(data);
	assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_OK);
	assert_int_equal(len, 299999);
	assert_int_equal(data[299998], 'a' + 299998 % 23);
	assert_int_equal(data[len], '\0');
	gf_free(data);
	if (gf_zip_read(zp, "empty", &data, &len, &err) != GF_OK)
		fail_msg("%s", err.msg);
	assert_int_equal(len, 0);
	assert_string_equal(data, "");
	gf_free(data);
	assert_int_equal(gf_zip_read(zp, "missing.xml", &data, &len, &err), GF_ENOTFOUND);
	assert_null(data);
	gf_zip_close(zp);
	free(z);
}

static void test_limits_on_inflated_bytes(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = pkg(&n);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_zip *zp = NULL;
	char *data = NULL;
	size_t len;

	/* the package total counts every read */
	lim.max_total = 300000 + 10;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_OK);
	gf_free(data);
	assert_int_equal(gf_zip_read(zp, "word/document.xml", &data, &len, &err), GF_ELIMIT);
	assert_null(data);
	assert_non_null(strstr(err.msg, "total"));
	gf_zip_close(zp);

	/* one entry over max_entry: refused from its declared size before it
	 * is read (at open when it is also over max_stream) */
	gf_limits_default(&lim);
	lim.max_entry = 299998;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_ELIMIT);
	assert_null(data);
	assert_non_null(strstr(err.msg, "big.txt declares 299999 bytes"));
	gf_zip_close(zp);
	lim.max_stream = 299998;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_ELIMIT);
	assert_null(zp);
	assert_non_null(strstr(err.msg, "big.txt"));

	/* the same entry declaring a small size: refused while inflating */
	assert_true(zm_set(z, n, "word/media/big.txt", ZM_USIZE, 10));
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "inflates past"));
	gf_zip_close(zp);

	/* exactly at the limit is fine */
	lim.max_entry = 299999;
	assert_true(zm_set(z, n, "word/media/big.txt", ZM_USIZE, 299999));
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_OK);
	assert_int_equal(len, 299999);
	gf_free(data);
	gf_zip_close(zp);
	free(z);
}

static void test_ratio_floor(void **state)
{
	(void)state;
	/* entries up to 1 MiB may compress as well as they like */
	size_t big = 1u << 20, n;
	char *zeros = calloc(1, big);
	assert_non_null(zeros);
	zm_entry e[] = {{"zeros", zeros, big, 0}};
	unsigned char *z = zm_build(e, 1, &n);
	assert_non_null(z);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_error_clear(&err);
	gf_zip *zp = NULL;
	char *data = NULL;
	size_t len;
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(gf_zip_read(zp, "zeros", &data, &len, &err), GF_OK);
	assert_int_equal(len, big);
	gf_free(data);
	gf_zip_close(zp);
	free(z);
	free(zeros);
}


/* Entry `name` streamed in reads of `chunk` bytes, into a malloc'd copy. */
static int stream_all(gf_zip *zp, const char *name, size_t chunk, char **out, size_t *len,
		      gf_error *err)
{
	*out = NULL;
	*len = 0;
	gf_zip_stream *s = NULL;
	int rc = gf_zip_stream_open(&s, zp, name, err);
	if (rc) {
		assert_null(s);
		return rc;
	}
	size_t cap = 1024;
	char *buf = malloc(cap);
	assert_non_null(buf);
	for (;;) {
		if (cap - *len < chunk) {
			cap = (*len + chunk) * 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
		size_t got = 99;
		rc = gf_zip_stream_read(s, buf + *len, chunk, &got, err);
		if (rc) {
			assert_int_equal(got, 0);
			/* a refusal is final */
			gf_error again;
			gf_error_clear(&again);
			assert_int_equal(gf_zip_stream_read(s, buf, chunk, &got, &again), rc);
			break;
		}
		if (got == 0)
			break;
		*len += got;
	}
	gf_zip_stream_close(s);
	if (rc)
		free(buf);
	else
		*out = buf;
	return rc;
}

static void test_stream_equals_read(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = pkg(&n);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_error_clear(&err);
	gf_zip *zp = NULL;
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	const char *names[] = {"word/document.xml", "word/styles.xml", "word/media/big.txt", "empty"};
	const size_t chunks[] = {1, 7, 4096, 1u << 20};
	for (size_t i = 0; i < 4; i++) {
		char *whole;
		size_t wlen;
		assert_int_equal(gf_zip_read(zp, names[i], &whole, &wlen, &err), GF_OK);
		for (size_t c = 0; c < 4; c++) {
			if (c == 0 && wlen > 100000)
				continue;
			char *got;
			size_t glen;
			if (stream_all(zp, names[i], chunks[c], &got, &glen, &err))
				fail_msg("%s: %s", names[i], err.msg);
			assert_int_equal(glen, wlen);
			assert_memory_equal(got, whole, wlen);
			free(got);
		}
		gf_free(whole);
	}
	char *got;
	size_t glen;
	assert_int_equal(stream_all(zp, "missing.xml", 10, &got, &glen, &err), GF_ENOTFOUND);

	/* several streams at once, on one entry and on two */
	gf_zip_stream *a, *b, *c;
	assert_int_equal(gf_zip_stream_open(&a, zp, "word/media/big.txt", &err), GF_OK);
	assert_int_equal(gf_zip_stream_open(&b, zp, "word/media/big.txt", &err), GF_OK);
	assert_int_equal(gf_zip_stream_open(&c, zp, "word/document.xml", &err), GF_OK);
	char ba[1000], bb[700], bc[5];
	size_t ta = 0, tb = 0, k;
	for (;;) {
		assert_int_equal(gf_zip_stream_read(a, ba, sizeof ba, &k, &err), GF_OK);
		for (size_t i = 0; i < k; i++)
			assert_int_equal(ba[i], 'a' + (ta + i) % 23);
		ta += k;
		size_t kb;
		assert_int_equal(gf_zip_stream_read(b, bb, sizeof bb, &kb, &err), GF_OK);
		for (size_t i = 0; i < kb; i++)
			assert_int_equal(bb[i], 'a' + (tb + i) % 23);
		tb += kb;
		if (k == 0 && kb == 0)
			break;
	}
	assert_int_equal(ta, 299999);
	assert_int_equal(tb, 299999);
	assert_int_equal(gf_zip_stream_read(c, bc, sizeof bc, &k, &err), GF_OK);
	assert_memory_equal(bc, "<doc>", 5);
	gf_zip_stream_close(a);
	gf_zip_stream_close(b);
	gf_zip_stream_close(c);
	gf_zip_close(zp);
	free(z);
}

static void test_stream_limits(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = pkg(&n);
	gf_limits lim;
	gf_error err;
	gf_zip *zp = NULL;
	char *data;
	size_t len;

	/* max_stream, not max_entry, caps a stream */
	gf_limits_default(&lim);
	lim.max_entry = 1000;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(stream_all(zp, "word/media/big.txt", 4096, &data, &len, &err), GF_OK);
	assert_int_equal(len, 299999);
	free(data);
	assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_ELIMIT);
	gf_zip_close(zp);

	gf_limits_default(&lim);
	lim.max_stream = 299998;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK); /* max_entry holds it */
	assert_int_equal(stream_all(zp, "word/media/big.txt", 4096, &data, &len, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "declares 299999 bytes, over the 299998 byte limit"));
	/* declaring less, it is stopped past what it declared, before the cap */
	gf_zip_close(zp);
	assert_true(zm_set(z, n, "word/media/big.txt", ZM_USIZE, 299990));
	lim.max_stream = 299995;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(stream_all(zp, "word/media/big.txt", 7, &data, &len, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "inflates past the 299990 bytes declared"));
	gf_zip_close(zp);
	assert_true(zm_set(z, n, "word/media/big.txt", ZM_USIZE, 299999));

	/* the package total counts each entry once, however often it is read */
	gf_limits_default(&lim);
	lim.max_total = 299999 + 17 + 5;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(stream_all(zp, "word/media/big.txt", 4096, &data, &len, &err), GF_OK);
		free(data);
		assert_int_equal(gf_zip_read(zp, "word/media/big.txt", &data, &len, &err), GF_OK);
		gf_free(data);
	}
	assert_int_equal(stream_all(zp, "word/document.xml", 3, &data, &len, &err), GF_OK);
	free(data);
	assert_int_equal(stream_all(zp, "word/styles.xml", 3, &data, &len, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "total"));
	gf_zip_close(zp);
	free(z);
}

/* 2 MB of varied text: deflate gains little. */
static char *noise(size_t n)
{
	char *t = malloc(n);
	assert_non_null(t);
	unsigned x = 12345;
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		t[i] = (char)('a' + (x >> 16) % 26);
	}
	return t;
}

static void test_stream_bomb_and_lies(void **state)
{
	(void)state;
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;
	gf_zip *zp = NULL;
	char *data;
	size_t len, n;

	/* 200 MB of zeros (about 200 KB deflated): refused from its declared
	 * ratio at open; declaring 1 MB, refused at the first read past it */
	size_t big = 200u << 20;
	char *zeros = calloc(1, big);
	assert_non_null(zeros);
	zm_entry e[] = {{"xl/worksheets/sheet1.xml", zeros, big, 0}};
	unsigned char *z = zm_build(e, 1, &n);
	free(zeros);
	assert_non_null(z);
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_ELIMIT);
	assert_non_null(strstr(err.msg, "ratio"));
	assert_true(zm_set(z, n, "xl/worksheets/sheet1.xml", ZM_USIZE, 1u << 20));
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	gf_zip_stream *s;
	assert_int_equal(gf_zip_stream_open(&s, zp, "xl/worksheets/sheet1.xml", &err), GF_OK);
	static char buf[1u << 16];
	size_t got, total = 0;
	int rc;
	while ((rc = gf_zip_stream_read(s, buf, sizeof buf, &got, &err)) == GF_OK && got)
		total += got;
	assert_int_equal(rc, GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "inflates past the 1048576 bytes declared"));
	assert_true(total <= 1u << 20);
	gf_zip_stream_close(s);
	gf_zip_close(zp);
	free(z);

	/* varied text declaring fewer bytes, or more, than it holds */
	size_t tn = 2u << 20;
	char *text = noise(tn);
	zm_entry t[] = {{"part.xml", text, tn, 0}};
	z = zm_build(t, 1, &n);
	assert_non_null(z);
	assert_true(zm_set(z, n, "part.xml", ZM_USIZE, 100));
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(stream_all(zp, "part.xml", 4096, &data, &len, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "past the 100 bytes declared"));
	gf_zip_close(zp);
	assert_true(zm_set(z, n, "part.xml", ZM_USIZE, (uint32_t)tn + 1));
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(stream_all(zp, "part.xml", 4096, &data, &len, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "corrupt"));
	gf_zip_close(zp);
	/* a damaged deflate stream */
	assert_true(zm_set(z, n, "part.xml", ZM_USIZE, (uint32_t)tn));
	unsigned char *c = NULL, *l = NULL;
	assert_true(zm_find(z, n, "part.xml", &c, &l));
	size_t data_at = (size_t)(l - z) + 30 + zm_rd16(l + 26) + zm_rd16(l + 28);
	for (size_t i = 1000; i < 1100; i++)
		z[data_at + i] ^= 0x5A;
	gf_error_clear(&err);
	assert_int_equal(gf_zip_open(&zp, z, n, &lim, &err), GF_OK);
	assert_int_equal(stream_all(zp, "part.xml", 4096, &data, &len, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "corrupt"));
	gf_zip_close(zp);
	free(z);
	free(text);
}

static void test_stream_alloc_torture(void **state)
{
	(void)state;
	size_t n;
	unsigned char *z = pkg(&n);
	gf_limits lim;
	gf_limits_default(&lim);
	for (unsigned long k = 1;; k++) {
		gf_alloc_fail_at(k);
		gf_error err;
		gf_error_clear(&err);
		gf_zip *zp = NULL;
		char *data = NULL;
		size_t len;
		int rc = gf_zip_open(&zp, z, n, &lim, &err);
		if (!rc)
			rc = stream_all(zp, "word/media/big.txt", 65536, &data, &len, &err);
		free(data);
		gf_zip_close(zp);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == 0 && made < k)
			break;
		if (rc != 0 && rc != GF_ENOMEM)
			fail_msg("allocation %lu: rc %d (%s)", k, rc, err.msg);
	}
	free(z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_entries),
		cmocka_unit_test(test_limits_on_inflated_bytes),
		cmocka_unit_test(test_ratio_floor),
		cmocka_unit_test(test_stream_equals_read),
		cmocka_unit_test(test_stream_limits),
		cmocka_unit_test(test_stream_bomb_and_lies),
		cmocka_unit_test(test_stream_alloc_torture),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
