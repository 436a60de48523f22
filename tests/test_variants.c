/* Forms from other hands and other systems: every variant in
 * tests/data/variants (DOCX) and tests/data/xml-variants (XML) against the
 * record it was filled with.
 *
 * NAME.docx / NAME.xml is one of the seven annexes typeset, filled and saved
 * by someone else, or the structured XML written by another program
 * (tools/make_variants.py; docs/variants.md). NAME.expected.json holds:
 *   form, fields       the record's form and fields, exactly;
 *   diagnostics        severity, code, field of each diagnostic, as a
 *                      multiset; with `where` ("table 1, row 5, cell 3",
 *                      "line 14") the diagnostic must be reported there;
 *   allow (optional)   "severity code field" lines that may also occur;
 *   exit (optional)    the exit code the record gives (0, 1, 2);
 *   twin (optional)    a DOCX variant whose fields must be identical.
 * Variants listed in KNOWN_FAILURES (one name and a reason per line; XML
 * variants as xml:NAME) are skipped until the reader handles them; a listed
 * variant that now passes is reported so its line can be removed.
 *
 * Inputs too large to keep in the tree are built here: 50 MB of text in
 * one element (refused as unreadable) and 5 000 host rows (read whole);
 * they are named gen:NAME in KNOWN_FAILURES.
 */
#include "support.h"

#include "form/intake.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define VARIANTS     GF_TEST_DATA "/variants"
#define XML_VARIANTS GF_TEST_DATA "/xml-variants"
#define MAX_KNOWN    512

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

/* JSON text of a value, cut to 160 bytes for reports (caller frees). */
static char *brief(const json_t *v)
{
	if (!v)
		return strdup("(none)");
	char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	if (s && strlen(s) > 160) {
		size_t cut = 160;
		while (cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
		memcpy(s + cut, "…", sizeof "…");
	}
	return s;
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
	char *e = brief(exp), *g = brief(got);
	say(buf, cap, "    %s: expected %s, got %s\n", path, e ? e : "?", g ? g : "?");
	free(e);
	free(g);
}

/* "severity code field" of a diagnostic. */
static void diag_key(const json_t *d, char *out, size_t cap)
{
	const char *f = json_string_value(json_object_get(d, "field"));
	snprintf(out, cap, "%s %s %s", json_string_value(json_object_get(d, "severity")),
	         json_string_value(json_object_get(d, "code")), f ? f : "-");
}

static bool in_strings(const json_t *arr, const char *s)
{
	size_t i;
	json_t *x;
	json_array_foreach(arr, i, x) if (json_is_string(x) && strcmp(json_string_value(x), s) == 0)
		return true;
	return false;
}

/* Expected diagnostics against produced ones: each expected one matched
 * once (at its `where` when given), nothing left over but allowed ones. */
static void diff_diags(const json_t *exp, const json_t *got, const json_t *allow, char *buf,
                       size_t cap)
{
	size_t ne = json_array_size(exp), ng = json_array_size(got);
	bool *used = calloc(ng + 1, sizeof *used);
	assert_non_null(used);
	char ke[400], kg[400];
	for (size_t i = 0; i < ne; i++) {
		const json_t *e = json_array_get(exp, i);
		const char *where = json_string_value(json_object_get(e, "where"));
		diag_key(e, ke, sizeof ke);
		size_t hit = ng, any = ng;
		for (size_t j = 0; j < ng && hit == ng; j++) {
			if (used[j])
				continue;
			diag_key(json_array_get(got, j), kg, sizeof kg);
			if (strcmp(ke, kg) != 0)
				continue;
			const char *gw = json_string_value(json_object_get(json_array_get(got, j), "where"));
			if (any == ng)
				any = j;
			if (!where || (gw && strcmp(where, gw) == 0))
				hit = j;
		}
		if (hit < ng) {
			used[hit] = true;
		} else if (any < ng) {
			used[any] = true;
			const char *gw =
			    json_string_value(json_object_get(json_array_get(got, any), "where"));
			say(buf, cap, "    diagnostic %s: expected at %s, got at %s\n", ke, where,
			    gw ? gw : "(nowhere)");
		} else {
			say(buf, cap, "    diagnostic missing: %s\n", ke);
		}
	}
	for (size_t j = 0; j < ng; j++) {
		if (used[j])
			continue;
		diag_key(json_array_get(got, j), kg, sizeof kg);
		if (allow && in_strings(allow, kg))
			continue;
		const char *gw = json_string_value(json_object_get(json_array_get(got, j), "where"));
		say(buf, cap, "    diagnostic extra: %s (%s)\n", kg, gw ? gw : "");
	}
	free(used);
}

/* Read one input through the engine; the record (never NULL). */
static json_t *intake(const char *path, const char *base)
{
	size_t len;
	char *data = gf_test_read(path, &len);
	gf_intake_opts o = {.source_name = base};
	gf_error err = {0};
	json_t *rec = NULL;
	gf_intake(engine, data, len, &o, &rec, &err);
	free(data);
	assert_non_null(rec);
	return rec;
}

/* Compare one variant; returns true when it meets its expected record,
 * else appends the differences to report. */
static bool check_variant(const char *dir, const char *label, const char *name, const char *ext,
                          char *report, size_t cap)
{
	char path[1024], base[300];
	snprintf(path, sizeof path, "%s/%s.expected.json", dir, name);
	json_error_t je;
	json_t *exp = json_load_file(path, 0, &je);
	if (!exp)
		fail_msg("%s: %s", path, je.text);
	snprintf(path, sizeof path, "%s/%s.%s", dir, name, ext);
	snprintf(base, sizeof base, "%s.%s", name, ext);
	json_t *rec = intake(path, base);

	size_t before = strlen(report);
	say(report, cap, "%s:\n", label);
	size_t head = strlen(report);
	const json_t *ee = json_object_get(exp, "exit");
	if (json_is_integer(ee) && json_integer_value(ee) != gf_record_exit_code(rec))
		say(report, cap, "    exit: expected %d, got %d\n", (int)json_integer_value(ee),
		    gf_record_exit_code(rec));
	const char *ef = json_string_value(json_object_get(exp, "form"));
	const char *gf = json_string_value(json_object_get(rec, "form"));
	if ((ef || gf) && (!ef || !gf || strcmp(ef, gf) != 0))
		say(report, cap, "    form: expected %s, got %s\n", ef ? ef : "(none)",
		    gf ? gf : "(none)");
	diff_json("", json_object_get(exp, "fields"), json_object_get(rec, "fields"), report, cap);
	const char *twin = json_string_value(json_object_get(exp, "twin"));
	if (twin) {
		snprintf(path, sizeof path, "%s/%s.docx", VARIANTS, twin);
		snprintf(base, sizeof base, "%s.docx", twin);
		json_t *trec = intake(path, base);
		if (!json_equal(json_object_get(trec, "fields"), json_object_get(rec, "fields"))) {
			say(report, cap, "    fields differ from the DOCX twin %s:\n", twin);
			diff_json("", json_object_get(trec, "fields"), json_object_get(rec, "fields"),
			          report, cap);
		}
		json_decref(trec);
	}
	diff_diags(json_object_get(exp, "diagnostics"), json_object_get(rec, "diagnostics"),
	           json_object_get(exp, "allow"), report, cap);
	bool ok = strlen(report) == head;
	if (ok)
		report[before] = '\0';
	json_decref(rec);
	json_decref(exp);
	return ok;
}

/* Every NAME.expected.json of dir; label prefix "xml:" for XML. */
static void run_dir(const char *dir, const char *ext, const char *prefix, int min_total)
{
	load_known();
	DIR *d = opendir(dir);
	assert_non_null(d);
	static char report[262144];
	report[0] = '\0';
	struct dirent *e;
	int total = 0, checked = 0, failed = 0, skipped = 0;
	const char *suffix = ".expected.json";
	size_t sl = strlen(suffix);
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n <= sl || strcmp(e->d_name + n - sl, suffix) != 0)
			continue;
		char name[300], label[310];
		snprintf(name, sizeof name, "%.*s", (int)(n - sl), e->d_name);
		snprintf(label, sizeof label, "%s%s", prefix, name);
		total++;
		if (is_known(label)) {
			static char scratch[65536];
			scratch[0] = '\0';
			skipped++;
			if (check_variant(dir, label, name, ext, scratch, sizeof scratch))
				print_message("now passes, remove from KNOWN_FAILURES: %s\n", label);
			continue;
		}
		checked++;
		if (!check_variant(dir, label, name, ext, report, sizeof report))
			failed++;
	}
	closedir(d);
	print_message("%s: %d variants, %d checked, %d known failures skipped\n", dir, total, checked,
	              skipped);
	assert_true(total >= min_total);
	if (failed) {
		print_error("%s", report);
		fail_msg(
		    "%d variant(s) not in KNOWN_FAILURES do not give their expected record (above)",
		    failed);
	}
}

static void test_docx_variants(void **state)
{
	(void)state;
	run_dir(VARIANTS, "docx", "", 200);
}

static void test_xml_variants(void **state)
{
	(void)state;
	run_dir(XML_VARIANTS, "xml", "xml:", 50);
}

/* An element holding `mb` MiB of text (`unit` repeated) must be refused as
 * unreadable (exit 2, a record with an `unreadable` diagnostic and no
 * fields). Returns true when it is. */
static bool huge_text(const char *unit, size_t mb, char *why, size_t cap)
{
	const char *head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<form type=\"exit-request\">"
	                   "<fields><reason>";
	const char *tail = "</reason></fields></form>\n";
	size_t hl = strlen(head), tl = strlen(tail), ul = strlen(unit);
	size_t body = (mb << 20) / ul * ul;
	char *data = malloc(hl + body + tl);
	assert_non_null(data);
	memcpy(data, head, hl);
	for (size_t i = 0; i < body; i += ul)
		memcpy(data + hl + i, unit, ul);
	memcpy(data + hl + body, tail, tl);
	gf_intake_opts o = {.source_name = "huge.xml"};
	gf_error err = {0};
	json_t *rec = NULL;
	int rc = gf_intake(engine, data, hl + body + tl, &o, &rec, &err);
	free(data);
	bool ok = false;
	if (!rec) {
		snprintf(why, cap, "no record (rc %d: %s)", rc, err.msg);
	} else {
		const json_t *d = json_array_get(json_object_get(rec, "diagnostics"), 0);
		const char *code = json_string_value(json_object_get(d, "code"));
		ok = gf_record_exit_code(rec) == 2 && code && strcmp(code, "unreadable") == 0 &&
		     json_object_size(json_object_get(rec, "fields")) == 0;
		if (!ok)
			snprintf(why, cap, "exit %d, first diagnostic %s", gf_record_exit_code(rec),
			         code ? code : "(none)");
	}
	json_decref(rec);
	return ok;
}

/* A request whose host table has `n` rows, as structured XML: read whole
 * (exit 0, n rows). Returns true when it is. */
static bool many_rows(size_t n, char *why, size_t cap)
{
	const char *head = "<form type=\"request\"><fields><unit><name>淮北市应急管理局</name></unit>"
	                   "<hosts>";
	const char *row = "<item><name>节点</name><cpu>8</cpu><memory_gb>16</memory_gb>"
	                  "<system_disk_gb>100</system_disk_gb><zone>政务外网区</zone><count>1</count></item>";
	const char *tail = "</hosts></fields></form>\n";
	size_t hl = strlen(head), rl = strlen(row), tl = strlen(tail);
	char *data = malloc(hl + n * rl + tl);
	assert_non_null(data);
	memcpy(data, head, hl);
	for (size_t i = 0; i < n; i++)
		memcpy(data + hl + i * rl, row, rl);
	memcpy(data + hl + n * rl, tail, tl);
	gf_intake_opts o = {.source_name = "rows.xml"};
	gf_error err = {0};
	json_t *rec = NULL;
	int rc = gf_intake(engine, data, hl + n * rl + tl, &o, &rec, &err);
	free(data);
	size_t got = json_array_size(json_object_get(json_object_get(rec, "fields"), "hosts"));
	bool ok = rec && got == n;
	if (!ok)
		snprintf(why, cap, "%s: %zu of %zu rows (rc %d: %s)", rec ? "record" : "no record", got, n, rc,
		         err.msg);
	json_decref(rec);
	return ok;
}

/* Built here, named gen:NAME in KNOWN_FAILURES. */
static const struct {
	const char *name, *unit;
} generated[] = {
    {"gen:xml-50mb-cjk", "\xE6\xB7\xAE"}, /* 50 MiB of 淮 in one element */
    {"gen:xml-50mb-ascii", "A"},
    {"gen:xml-5000-hosts", NULL}, /* 5 000 host rows, read whole */
};

static void test_generated(void **state)
{
	(void)state;
	load_known();
	int failed = 0;
	for (size_t i = 0; i < sizeof generated / sizeof generated[0]; i++) {
		char why[600] = "";
		bool ok = generated[i].unit ? huge_text(generated[i].unit, 50, why, sizeof why)
		                            : many_rows(5000, why, sizeof why);
		if (is_known(generated[i].name)) {
			if (ok)
				print_message("now passes, remove from KNOWN_FAILURES: %s\n",
				              generated[i].name);
			continue;
		}
		if (!ok) {
			print_error("%s: %s\n", generated[i].name, why);
			failed++;
		}
	}
	if (failed)
		fail_msg("%d generated input(s) not read as they must be", failed);
}

/* Every KNOWN_FAILURES line names a variant that exists. */
static void test_known_failures_exist(void **state)
{
	(void)state;
	load_known();
	for (size_t i = 0; i < nknown; i++) {
		char path[1024];
		bool gen = false;
		for (size_t g = 0; g < sizeof generated / sizeof generated[0]; g++)
			gen = gen || strcmp(known[i], generated[g].name) == 0;
		if (gen)
			continue;
		if (strncmp(known[i], "xml:", 4) == 0)
			snprintf(path, sizeof path, "%s/%s.xml", XML_VARIANTS, known[i] + 4);
		else
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
	    cmocka_unit_test(test_docx_variants),
	    cmocka_unit_test(test_xml_variants),
	    cmocka_unit_test(test_generated),
	    cmocka_unit_test(test_known_failures_exist),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
