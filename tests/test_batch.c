/* test_batch - batch runs over a mixed folder and the entry fixtures:
 * identical outputs for any number of workers, resume after a stop, the
 * status of every kind of input. */
#include "support.h"

#include "batch/batch.h"
#include "batch/walk.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static gf_engine *engine;
static gf_values *vals;
static char tmpdir[] = "/tmp/gf_test_batch_XXXXXX";
static char legacy[512];

static void put(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void copy_sample(const char *name, const char *to)
{
	size_t len;
	char *d = gf_test_read(gf_test_src(name), &len);
	put(to, d, len);
	free(d);
}

static int setup(void **state)
{
	(void)state;
	gf_error err = {0};
	if (gf_engine_load(&engine, getenv("GOVFORMS_TEMPLATES"), &err) || gf_values_new(&vals, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	if (!mkdtemp(tmpdir))
		return -1;
	/* a folder as the bureau keeps them: forms, a bad one, junk, a spreadsheet */
	snprintf(legacy, sizeof legacy, "%s/legacy", tmpdir);
	char p[600];
	mkdir(legacy, 0777);
	snprintf(p, sizeof p, "%s/2019", legacy);
	mkdir(p, 0777);
	snprintf(p, sizeof p, "%s/2019/request-edu.docx", legacy);
	copy_sample("samples/request-edu.docx", p);
	snprintf(p, sizeof p, "%s/2019/request-invalid-required.docx", legacy);
	copy_sample("samples/request-invalid-required.docx", p);
	snprintf(p, sizeof p, "%s/exit-request-culture.xml", legacy);
	copy_sample("samples/exit-request-culture.xml", p);
	size_t len;
	char *d = gf_test_read(gf_test_src("samples/request-edu.docx"), &len);
	snprintf(p, sizeof p, "%s/2019/truncated.docx", legacy);
	put(p, d, len / 3);
	free(d);
	snprintf(p, sizeof p, "%s/broken.xml", legacy);
	put(p, "<form type=\"request\"><fields>", 29);
	snprintf(p, sizeof p, "%s/old.doc", legacy);
	put(p, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	snprintf(p, sizeof p, "%s/readme.txt", legacy);
	put(p, "notes\n", 6);
	snprintf(p, sizeof p, "%s/.hidden.docx", legacy);
	put(p, "x", 1);
	snprintf(p, sizeof p, "%s/2020", legacy);
	mkdir(p, 0777);
	snprintf(p, sizeof p, "%s/2020/entry.csv", legacy);
	copy_sample("tests/data/entry/request.csv", p);
	snprintf(p, sizeof p, "%s/2020/entry.rows.csv", legacy);
	copy_sample("tests/data/entry/request.rows.csv", p);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", tmpdir);
	gf_engine_free(engine);
	gf_values_free(vals);
	return 0;
}

/* A stand-in sheet renderer: a small PDF-like file per valid record; after
 * `stop_after` sheets it asks the run to stop (as SIGINT does). */
static atomic_int renders;
static int stop_after;
static volatile sig_atomic_t stop_flag;

static int fake_render(void *ctx, const json_t *record, char **pdf, size_t *len, json_t **sheet,
		       gf_error *err)
{
	(void)ctx;
	(void)err;
	*pdf = NULL;
	*len = 0;
	*sheet = NULL;
	if (!json_is_true(json_object_get(record, "valid")))
		return 0;
	const char *form = json_string_value(json_object_get(record, "form"));
	char buf[128];
	int n = snprintf(buf, sizeof buf, "%%PDF-1.4\n%% sheet for %s\n", form ? form : "?");
	*pdf = gf_strndup(buf, (size_t)n);
	*len = (size_t)n;
	const char *digest = json_string_value(json_object_get(json_object_get(record, "source"), "sha256"));
	char id[64];
	snprintf(id, sizeof id, "T-%.8s", digest ? digest : "none");
	*sheet = json_pack("{s:s, s:{s:{s:s}}}", "form", "sheet", "fields", "system", "cloud_id", id);
	int k = atomic_fetch_add(&renders, 1) + 1;
	if (stop_after && k >= stop_after)
		stop_flag = 1;
	return *pdf ? 0 : GF_ENOMEM;
}

static gf_batch_summary run(const char *out, int jobs, bool resume, int stop_at)
{
	static const char *const fixtures[] = {"request.csv", "exit-request-gb18030.csv",
					       "lo-exit-request.xlsx", "change-request-2sheets.xlsx"};
	char entry[4][600];
	char *inputs[5] = {legacy};
	for (size_t i = 0; i < 4; i++) {
		snprintf(entry[i], sizeof entry[i], "%s/tests/data/entry/%s", GF_SOURCE_DIR, fixtures[i]);
		inputs[i + 1] = entry[i];
	}
	gf_batch_opts o = {0};
	o.engine = engine;
	o.values = vals;
	o.out_dir = out;
	o.jobs = jobs;
	o.resume = resume;
	o.render = fake_render;
	o.stop = &stop_flag;
	stop_flag = 0;
	stop_after = stop_at;
	atomic_store(&renders, 0);
	gf_batch_summary sum;
	gf_error err = {0};
	int rc = gf_batch_run(&o, inputs, 5, &sum, &err);
	if (rc)
		fail_msg("gf_batch_run: %s", err.msg);
	return sum;
}

/* Every file below dir with its digest, in walk order; tmp files fail. */
static char *snapshot(const char *dir)
{
	gf_walk *w;
	gf_error err = {0};
	assert_int_equal(gf_walk_open(&w, dir, &err), 0);
	gf_buf b = GF_BUF_INIT(0);
	const char *path, *rel;
	while (gf_walk_next(w, &path, &rel, &err) == 1) {
		if (strstr(rel, ".tmp~"))
			fail_msg("temporary file left: %s", rel);
		size_t len;
		char *d = gf_test_read(path, &len);
		char hex[65];
		gf_sha256_hex(d, len, hex);
		free(d);
		gf_buf_printf(&b, "%s %s\n", rel, hex);
	}
	gf_walk_free(w);
	return gf_buf_detach(&b, NULL);
}

static char *out_dir(const char *name)
{
	static char p[600];
	snprintf(p, sizeof p, "%s/%s", tmpdir, name);
	return p;
}

static void test_identical_for_any_jobs(void **state)
{
	(void)state;
	gf_batch_summary s1 = run(out_dir("j1"), 1, false, 0);
	gf_batch_summary s2 = run(out_dir("j2"), 2, false, 0);
	gf_batch_summary s4 = run(out_dir("j4"), 4, false, 0);
	char *a = snapshot(out_dir("j1"));
	char *b = snapshot(out_dir("j2"));
	char *c = snapshot(out_dir("j4"));
	assert_string_equal(a, b);
	assert_string_equal(a, c);
	assert_int_equal(s1.items, s2.items);
	assert_int_equal(s1.valid, s4.valid);
	assert_int_equal(s1.sheets, s2.sheets);
	assert_true(s1.sheets > 0);
	/* the report names the outputs that exist */
	assert_non_null(strstr(a, "legacy/2019/request-edu.docx.json "));
	assert_non_null(strstr(a, "legacy/2019/request-edu.docx.pdf "));
	assert_non_null(strstr(a, "request.csv/row-3.json "));
	assert_non_null(strstr(a, "report.csv "));
	free(a);
	free(b);
	free(c);
}

static char *report_line(const char *csv, const char *input_suffix, const char *row)
{
	static char line[8192];
	const char *p = csv;
	while ((p = strstr(p, input_suffix))) {
		const char *start = p;
		while (start > csv && start[-1] != '\n')
			start--;
		const char *end = strstr(p, "\r\n");
		size_t l = end ? (size_t)(end - start) : strlen(start);
		if (l >= sizeof line)
			l = sizeof line - 1;
		memcpy(line, start, l);
		line[l] = '\0';
		const char *after = p + strlen(input_suffix);
		char want[32];
		snprintf(want, sizeof want, ",%s,", row);
		if (strncmp(after, want, strlen(want)) == 0)
			return line;
		p = after;
	}
	fail_msg("no report line for %s row %s", input_suffix, row);
	return NULL;
}

static void test_mixed_folder(void **state)
{
	(void)state;
	gf_batch_summary s = run(out_dir("mixed"), 2, false, 0);
	assert_int_equal(gf_batch_exit_code(&s), 2);
	char path[700];
	snprintf(path, sizeof path, "%s/report.csv", out_dir("mixed"));
	size_t len;
	char *csv = gf_test_read(path, &len);
	assert_memory_equal(csv, "\xEF\xBB\xBFinput,row,ref,status,form,", 29);
	assert_non_null(strstr(report_line(csv, "2019/request-edu.docx", ""), ",valid,request,T-"));
	assert_non_null(
		strstr(report_line(csv, "2019/request-invalid-required.docx", ""), ",invalid,request,"));
	assert_non_null(strstr(report_line(csv, "2019/truncated.docx", ""), ",unreadable,"));
	assert_non_null(strstr(report_line(csv, "legacy/broken.xml", ""), ",unreadable,"));
	assert_non_null(strstr(report_line(csv, "legacy/old.doc", ""), ",unreadable,"));
	assert_non_null(strstr(report_line(csv, "exit-request-culture.xml", ""), ",valid,exit-request,"));
	/* the spreadsheet in the folder, joined with its rows file */
	assert_non_null(strstr(report_line(csv, "2020/entry.csv", "3"), ",R-001,valid,request,"));
	assert_non_null(strstr(report_line(csv, "2020/entry.csv", "4"), "1.38056E+10"));
	assert_non_null(strstr(report_line(csv, "2020/entry.csv", "7"), ",R-404,invalid,,"));
	/* GB18030 and LibreOffice XLSX fixtures */
	assert_non_null(strstr(report_line(csv, "exit-request-gb18030.csv", "2"), ",valid,exit-request,"));
	assert_non_null(strstr(report_line(csv, "lo-exit-request.xlsx", "3"), "05613167891"));
	assert_non_null(
		strstr(report_line(csv, "change-request-2sheets.xlsx", "4"), ",C-1,valid,change-request,"));
	/* what is not a form is not reported; companion rows files neither */
	assert_null(strstr(csv, "readme.txt"));
	assert_null(strstr(csv, ".hidden"));
	assert_null(strstr(csv, "entry.rows.csv"));
	free(csv);
	/* the record of a valid row carries the spreadsheet's digest and format */
	snprintf(path, sizeof path, "%s/legacy/2020/entry.csv/row-3.json", out_dir("mixed"));
	char *rec = gf_test_read(path, &len);
	json_t *j = json_loadb(rec, len, 0, NULL);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "source"), "format")),
			    "csv");
	assert_int_equal(json_array_size(json_object_get(json_object_get(j, "fields"), "hosts")), 2);
	json_decref(j);
	free(rec);
}

static void test_resume_after_stop(void **state)
{
	(void)state;
	run(out_dir("full"), 2, false, 0);
	char *full = snapshot(out_dir("full"));
	/* stop after three sheets: finished forms are kept, nothing half-written */
	gf_batch_summary s = run(out_dir("part"), 2, false, 3);
	assert_true(s.interrupted);
	assert_int_equal(gf_batch_exit_code(&s), 130);
	char *part = snapshot(out_dir("part"));
	assert_non_null(strstr(part, "report.csv "));
	free(part);
	char path[700];
	snprintf(path, sizeof path, "%s/report.json", out_dir("part"));
	size_t len;
	char *rep = gf_test_read(path, &len);
	json_t *j = json_loadb(rep, len, 0, NULL);
	assert_non_null(j);
	assert_true(json_is_true(json_object_get(json_object_get(j, "summary"), "interrupted")));
	size_t done = json_array_size(json_object_get(j, "items"));
	assert_true(done >= 3);
	json_decref(j);
	free(rep);
	/* resume: only what is left is converted; the result equals a full run */
	s = run(out_dir("part"), 2, true, 0);
	assert_false(s.interrupted);
	assert_true(s.resumed >= 3);
	char *resumed = snapshot(out_dir("part"));
	assert_string_equal(resumed, full);
	/* and a second resume converts nothing */
	s = run(out_dir("part"), 1, true, 0);
	assert_int_equal(s.sheets, 0);
	assert_true(s.resumed > 0);
	char *again = snapshot(out_dir("part"));
	assert_string_equal(again, full);
	free(again);
	free(resumed);
	free(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_identical_for_any_jobs),
		cmocka_unit_test(test_mixed_folder),
		cmocka_unit_test(test_resume_after_stop),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
