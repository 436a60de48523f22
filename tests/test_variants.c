/* Forms from other hands: every variant in tests/data/variants against the
 * record it was filled with.
 *
 * tests/data/variants/NAME.docx is one of the seven annexes typeset, filled
 * and saved by someone else (tools/make_variants.py; docs/variants.md);
 * NAME.expected.json holds the fields put in and the diagnostics made on
 * purpose. The extracted fields must equal them and the diagnostics must be
 * those (as a set of severity, code, field). Variants listed in
 * KNOWN_FAILURES (one name and a reason per line) are skipped until the
 * extractor handles them; a listed variant that now passes is reported so
 * its line can be removed.
 */
#include "support.h"

#include "form/intake.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VARIANTS  GF_TEST_DATA "/variants"
#define MAX_KNOWN 512

static gf_engine *engine;
static char *known[MAX_KNOWN];
static size_t nknown;

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
	for (size_t i = 0; i < nknown; i++)
		free(known[i]);
	nknown = 0;
	return 0;
}

/* Names in KNOWN_FAILURES: the first word of each line that is not blank
 * or a # comment. */
static void load_known(void)
{
	FILE *f = fopen(VARIANTS "/KNOWN_FAILURES", "r");
	char line[1024];
	for (size_t i = 0; i < nknown; i++)
		free(known[i]);
	nknown = 0;
	if (!f)
		return;
	while (fgets(line, sizeof line, f) && nknown < MAX_KNOWN) {
		char *p = line;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '#' || *p == '\n' || *p == '\0')
			continue;
		size_t n = strcspn(p, " \t\r\n");
		known[nknown] = strndup(p, n);
		assert_non_null(known[nknown]);
		nknown++;
	}
	fclose(f);
}

static bool is_known(const char *name)
{
	for (size_t i = 0; i < nknown; i++)
		if (strcmp(known[i], name) == 0)
			return true;
	return false;
}

/* Append printf-style text to a capped report. */
static void say(char *buf, size_t cap, const char *fmt, ...)
{
	size_t n = strlen(buf);
	if (n + 1 >= cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + n, cap - n, fmt, ap);
	va_end(ap);
}

/* One line per differing leaf: "path: expected X, got Y". */
static void diff_json(const char *path, const json_t *exp, const json_t *got, char *buf, size_t cap)
{
	if (json_equal(exp, got))
		return;
	char sub[512];
	if (json_is_object(exp) && json_is_object(got)) {
		json_t *eo = (json_t *)exp, *go = (json_t *)got;
		for (void *it = json_object_iter(eo); it; it = json_object_iter_next(eo, it)) {
			const char *k = json_object_iter_key(it);
			snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
			diff_json(sub, json_object_iter_value(it), json_object_get(got, k), buf,
			          cap);
		}
		for (void *it = json_object_iter(go); it; it = json_object_iter_next(go, it)) {
			const char *k = json_object_iter_key(it);
			if (!json_object_get(exp, k)) {
				snprintf(sub, sizeof sub, "%s%s%s", path, *path ? "." : "", k);
				diff_json(sub, NULL, json_object_iter_value(it), buf, cap);
			}
		}
		return;
	}
	if (json_is_array(exp) && json_is_array(got) &&
	    json_array_size(exp) == json_array_size(got)) {
		for (size_t i = 0; i < json_array_size(exp); i++) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			diff_json(sub, json_array_get(exp, i), json_array_get(got, i), buf, cap);
		}
		return;
	}
	char *e = exp ? json_dumps(exp, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	char *g = got ? json_dumps(got, JSON_ENCODE_ANY | JSON_COMPACT) : NULL;
	say(buf, cap, "    %s: expected %s, got %s\n", path, e ? e : "(none)", g ? g : "(none)");
	free(e);
	free(g);
}

/* "severity code field" of each diagnostic, sorted, one per line. */
static char *diag_set(const json_t *diags)
{
	size_t n = json_array_size(diags);
	char **lines = calloc(n + 1, sizeof *lines);
	assert_non_null(lines);
	size_t total = 1;
	for (size_t i = 0; i < n; i++) {
		const json_t *d = json_array_get(diags, i);
		const char *f = json_string_value(json_object_get(d, "field"));
		char line[400];
		snprintf(line, sizeof line, "%s %s %s",
		         json_string_value(json_object_get(d, "severity")),
		         json_string_value(json_object_get(d, "code")), f ? f : "-");
		lines[i] = strdup(line);
		assert_non_null(lines[i]);
		total += strlen(line) + 1;
	}
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
			char *t = lines[j];
			lines[j] = lines[j - 1];
			lines[j - 1] = t;
		}
	char *s = calloc(1, total);
	assert_non_null(s);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(lines[i]);
		memcpy(s + at, lines[i], l);
		s[at + l] = '\n';
		at += l + 1;
		free(lines[i]);
	}
	free(lines);
	return s;
}

/* Compare one variant; returns true when it meets its expected record,
 * else appends the differences to report. */
static bool check_variant(const char *name, char *report, size_t cap)
{
	char path[1024];
	snprintf(path, sizeof path, "%s/%s.expected.json", VARIANTS, name);
	json_error_t je;
	json_t *exp = json_load_file(path, 0, &je);
	if (!exp)
		fail_msg("%s: %s", path, je.text);
	snprintf(path, sizeof path, "%s/%s.docx", VARIANTS, name);
	size_t len;
	char *data = gf_test_read(path, &len);
	char base[300];
	snprintf(base, sizeof base, "%s.docx", name);
	gf_intake_opts o = {.source_name = base};
	gf_error err = {0};
	json_t *rec = NULL;
	gf_intake(engine, data, len, &o, &rec, &err);
	free(data);
	assert_non_null(rec);

	size_t before = strlen(report);
	say(report, cap, "%s:\n", name);
	size_t head = strlen(report);
	const char *ef = json_string_value(json_object_get(exp, "form"));
	const char *gf = json_string_value(json_object_get(rec, "form"));
	if (!gf || strcmp(ef, gf) != 0)
		say(report, cap, "    form: expected %s, got %s\n", ef, gf ? gf : "(none)");
	diff_json("", json_object_get(exp, "fields"), json_object_get(rec, "fields"), report, cap);
	char *ed = diag_set(json_object_get(exp, "diagnostics"));
	char *gd = diag_set(json_object_get(rec, "diagnostics"));
	if (strcmp(ed, gd) != 0) {
		for (char *c = ed; *c; c++)
			*c = *c == '\n' ? ';' : *c;
		for (char *c = gd; *c; c++)
			*c = *c == '\n' ? ';' : *c;
		say(report, cap, "    diagnostics: expected [%s] got [%s]\n", ed, gd);
	}
	free(ed);
	free(gd);
	bool ok = strlen(report) == head;
	if (ok)
		report[before] = '\0';
	json_decref(rec);
	json_decref(exp);
	return ok;
}

static void test_variants(void **state)
{
	(void)state;
	load_known();
	DIR *d = opendir(VARIANTS);
	assert_non_null(d);
	static char report[65536];
	report[0] = '\0';
	struct dirent *e;
	int total = 0, checked = 0, failed = 0;
	const char *suffix = ".expected.json";
	size_t sl = strlen(suffix);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= sl || strcmp(e->d_name + n - sl, suffix) != 0)
			continue;
		char name[300];
		snprintf(name, sizeof name, "%.*s", (int)(n - sl), e->d_name);
		total++;
		if (is_known(name)) {
			char scratch[8192] = "";
			if (check_variant(name, scratch, sizeof scratch))
				print_message("now passes, remove from KNOWN_FAILURES: %s\n", name);
			continue;
		}
		checked++;
		if (!check_variant(name, report, sizeof report))
			failed++;
	}
	closedir(d);
	print_message("%d variants, %d checked, %zu known failures skipped\n", total, checked,
	              nknown);
	assert_true(total >= 40);
	if (failed) {
		print_error("%s", report);
		fail_msg(
		    "%d variant(s) not in KNOWN_FAILURES do not give their expected record (above)",
		    failed);
	}
}

/* Every KNOWN_FAILURES line names a variant that exists. */
static void test_known_failures_exist(void **state)
{
	(void)state;
	load_known();
	for (size_t i = 0; i < nknown; i++) {
		char path[1024];
		snprintf(path, sizeof path, "%s/%s.docx", VARIANTS, known[i]);
		FILE *f = fopen(path, "rb");
		if (!f)
			fail_msg("KNOWN_FAILURES names %s, which is no variant", known[i]);
		fclose(f);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_variants),
	    cmocka_unit_test(test_known_failures_exist),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
