/* DOCX reader under allocation failure: read each real file of the corpus
 * failing the N-th allocation, for every N, and render its grid the same way. Each run must
 * fail with GF_ENOMEM (or succeed); the ASan build checks for crashes and
 * leaks. */
#include "support.h"

#include "core/alloc.h"
#include "core/error.h"
#include "core/limits.h"
#include "docx/docx.h"
#include "xml/xml.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void torture_file(const char *rel)
{
	size_t len;
	char *data = gf_test_read(rel, &len);
	gf_limits lim;
	gf_limits_default(&lim);
	gf_error err;

	/* the reference run */
	gf_doc *ref = NULL;
	gf_error_clear(&err);
	gf_alloc_fail_at(ULONG_MAX); /* counts without failing */
	assert_int_equal(gf_docx_read(&ref, data, len, &lim, &err), GF_OK);
	unsigned long total = gf_alloc_fail_at(0);
	char *ref_json = gf_doc_grid_json(ref);
	assert_non_null(ref_json);
	assert_true(total > 0);

	unsigned long failed = 0;
	for (unsigned long n = 1;; n++) {
		gf_doc *doc = NULL;
		gf_error_clear(&err);
		gf_alloc_fail_at(n);
		int rc = gf_docx_read(&doc, data, len, &lim, &err);
		unsigned long made = gf_alloc_fail_at(0);
		if (rc == GF_OK) {
			/* only when the failing allocation was never reached */
			assert_true(made < n);
			char *j = gf_doc_grid_json(doc);
			assert_string_equal(j, ref_json);
			gf_free(j);
			gf_doc_free(doc);
			break;
		}
		if (rc != GF_ENOMEM)
			fail_msg("allocation %lu: %s (%s)", n, gf_error_name(rc), err.msg);
		assert_null(doc);
		failed++;
	}
	assert_int_equal(failed, total);

	/* the grid JSON under the same treatment */
	for (unsigned long n = 1;; n++) {
		gf_alloc_fail_at(n);
		char *j = gf_doc_grid_json(ref);
		unsigned long made = gf_alloc_fail_at(0);
		if (j) {
			assert_string_equal(j, ref_json);
			gf_free(j);
			if (made < n)
				break;
		}
	}
	printf("%s: %lu allocations, each failed once\n", rel, total);
	gf_free(ref_json);
	gf_doc_free(ref);
	free(data);
}

static void test_torture_corpus(void **state)
{
	(void)state;
	DIR *dir = opendir(GF_TEST_DATA "/docx-real");
	assert_non_null(dir);
	struct dirent *de;
	int files = 0;
	while ((de = readdir(dir)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l < 5 || strcmp(de->d_name + l - 5, ".docx") != 0)
			continue;
		char rel[300];
		snprintf(rel, sizeof rel, "docx-real/%s", de->d_name);
		torture_file(rel);
		files++;
	}
	closedir(dir);
	assert_int_equal(files, 30);
}

int main(void)
{
	gf_xml_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_torture_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
