/* Every sample against its expected values, its golden record, and its twin.
 *
 * samples/expected/NAME.json holds what was written into samples/NAME.docx
 * or .xml (fields, and the diagnostics put in on purpose): the extracted
 * fields must equal it and the diagnostics must be those (as a set of
 * severity, code, field). tests/golden/NAME.json pins the whole record byte
 * for byte (tools/update-golden.sh rewrites them after a deliberate change).
 * A DOCX and its XML twin must give identical fields.
 */
#include "support.h"

#include "core/alloc.h"
#include "form/intake.h"
#include "record/record.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static gf_engine *engine;

static int setup(void **state)
{
	(void)state;
	gf_error err = {0};
	int rc = gf_engine_load(&engine, NULL, &err);
	if (rc)
		fprintf(stderr, "engine: %s\n", err.msg);
	return rc;
}

static int teardown(void **state)
{
	(void)state;
	gf_engine_free(engine);
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

static json_t *run(const char *path, const char *name)
{
	size_t len;
	char *data = gf_test_read(path, &len);
	json_t *record = NULL;
	gf_intake_opts o = {.source_name = name};
	gf_error err = {0};
	gf_intake(engine, data, len, &o, &record, &err);
	free(data);
	assert_non_null(record);
	return record;
}

/* Sorted "severity code field" lines of a diagnostics array. */
static char *diag_set(const json_t *diags)
{
	size_t n = json_array_size(diags);
	char **lines = calloc(n + 1, sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		const json_t *d = json_array_get(diags, i);
		const char *f = json_string_value(json_object_get(d, "field"));
		char buf[400];
		snprintf(buf, sizeof buf, "%s %s %s", json_string_value(json_object_get(d, "severity")),
			 json_string_value(json_object_get(d, "code")), f ? f : "-");
		lines[i] = strdup(buf);
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			char *t = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	size_t total = 1;
	for (size_t i = 0; i < n; i++)
		total += strlen(lines[i]) + 1;
	char *s = calloc(1, total);
	for (size_t i = 0; i < n; i++) {
		strcat(s, lines[i]); /* test code: sizes computed above */
		strcat(s, "\n");
		free(lines[i]);
	}
	free(lines);
	return s;
}

static void check_sample(const char *name, const char *ext, int *count)
{
	char path[1024], expected[1024], golden[1024];
	snprintf(path, sizeof path, "%s/samples/%s.%s", GF_SOURCE_DIR, name, ext);
	if (!exists(path))
		return;
	snprintf(expected, sizeof expected, "%s/samples/expected/%s.json", GF_SOURCE_DIR, name);
	json_error_t je;
	json_t *exp = json_load_file(expected, 0, &je);
	if (!exp)
		fail_msg("%s: %s", expected, je.text);
	char base[300];
	snprintf(base, sizeof base, "%s.%s", name, ext);
	json_t *rec = run(path, base);
	const json_t *got_fields = json_object_get(rec, "fields");
	if (!json_equal(got_fields, json_object_get(exp, "fields"))) {
		char *g = json_dumps(got_fields, JSON_INDENT(1) | JSON_SORT_KEYS);
		char *e = json_dumps(json_object_get(exp, "fields"), JSON_INDENT(1) | JSON_SORT_KEYS);
		fail_msg("%s: fields differ\n--- got\n%s\n--- expected\n%s", base, g, e);
	}
	assert_string_equal(json_string_value(json_object_get(rec, "form")),
			    json_string_value(json_object_get(exp, "form")));
	char *gd = diag_set(json_object_get(rec, "diagnostics"));
	char *ed = diag_set(json_object_get(exp, "diagnostics"));
	if (strcmp(gd, ed) != 0)
		fail_msg("%s: diagnostics differ\n--- got\n%s--- expected\n%s", base, gd, ed);
	free(gd);
	free(ed);
	/* the golden record, byte for byte */
	snprintf(golden, sizeof golden, "%s/tests/golden/%s.%s.json", GF_SOURCE_DIR, name, ext);
	char *text = gf_record_json(rec);
	if (getenv("GF_UPDATE_GOLDEN")) {
		FILE *f = fopen(golden, "wb");
		assert_non_null(f);
		fputs(text, f);
		fclose(f);
	} else {
		char *want = gf_test_read(golden, NULL);
		if (strcmp(text, want) != 0)
			fail_msg("%s: record differs from %s (run tools/update-golden.sh after a deliberate change)",
				 base, golden);
		free(want);
	}
	gf_free(text);
	json_decref(rec);
	json_decref(exp);
	(*count)++;
}

static void test_samples(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof dir, "%s/samples/expected", GF_SOURCE_DIR);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int count = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
			continue;
		char name[300];
		snprintf(name, sizeof name, "%.*s", (int)(n - 5), e->d_name);
		check_sample(name, "docx", &count);
		check_sample(name, "xml", &count);
	}
	closedir(d);
	assert_true(count >= 40);
}

/* A DOCX and its XML twin give identical fields. */
static void test_twins(void **state)
{
	(void)state;
	char dir[512];
	snprintf(dir, sizeof dir, "%s/samples", GF_SOURCE_DIR);
	DIR *d = opendir(dir);
	assert_non_null(d);
	struct dirent *e;
	int twins = 0;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".xml") != 0)
			continue;
		char docx[2048], xml[2048];
		snprintf(xml, sizeof xml, "%s/%s", dir, e->d_name);
		snprintf(docx, sizeof docx, "%s/%.*s.docx", dir, (int)(n - 4), e->d_name);
		if (!exists(docx))
			continue;
		json_t *a = run(docx, "a"), *b = run(xml, "b");
		if (!json_equal(json_object_get(a, "fields"), json_object_get(b, "fields")))
			fail_msg("%s: DOCX and XML twin differ", e->d_name);
		json_decref(a);
		json_decref(b);
		twins++;
	}
	closedir(d);
	assert_true(twins >= 7);
}

/* The XML record of a valid form is itself valid structured input, and
 * reading it back gives the same fields. */
static void test_record_roundtrip(void **state)
{
	(void)state;
	static const char *names[] = {"request-edu.docx", "hosting-request-medical.docx",
				      "change-request-edu-delete.docx", "exit-request-culture.docx",
				      "activation-sheet-edu.docx", "change-sheet-edu.docx",
				      "exit-sheet-culture.docx", "request-long-60hosts.docx"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/samples/%s", GF_SOURCE_DIR, names[i]);
		json_t *a = run(path, names[i]);
		assert_true(json_is_true(json_object_get(a, "valid")));
		char *xml = gf_record_xml(a);
		json_t *b = NULL;
		gf_error err = {0};
		gf_intake(engine, xml, strlen(xml), NULL, &b, &err);
		assert_non_null(b);
		if (!json_is_true(json_object_get(b, "valid")) ||
		    !json_equal(json_object_get(a, "fields"), json_object_get(b, "fields"))) {
			char *t = gf_record_json(b);
			fail_msg("%s: XML record does not read back the same\n%s", names[i], t);
		}
		gf_free(xml);
		json_decref(a);
		json_decref(b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_samples),
		cmocka_unit_test(test_twins),
		cmocka_unit_test(test_record_roundtrip),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
