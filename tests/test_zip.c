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

	/* one entry over max_entry: refused from its declared size at open */
	gf_limits_default(&lim);
	lim.max_entry = 299998;
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_entries),
		cmocka_unit_test(test_limits_on_inflated_bytes),
		cmocka_unit_test(test_ratio_floor),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
