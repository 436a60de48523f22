/* bench_batch - forms per second and peak RSS of `govforms batch`.
 *
 * usage: bench_batch [FORMS [FILES [sheets|records]]]
 *        (default 10000 forms, 1000 files, sheets)
 *
 * Builds, in a temporary folder, a spreadsheet of FORMS typed-in forms (the
 * valid request row of tests/data/entry/request.csv with its two hosts and
 * its backup, every form with its own ref) and a folder of FILES forms
 * (the samples' DOCX and XML files, copied round-robin), then converts each
 * at -j1 and -j2, every run in a child process so that its peak RSS is its
 * own. Prints one line per run. Timings are figures, not tests.
 * BENCH_DIR chooses the folder (default /tmp).
 */
#include "batch/batch.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "form/values.h"
#include "sheet/sheet.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len)
{
	char *d;
	gf_error err = {0};
	if (gf_file_read(&d, len, path, 64u << 20, &err)) {
		fprintf(stderr, "bench_batch: %s\n", err.msg);
		exit(1);
	}
	return d;
}

static void spit(const char *path, const char *d, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f || fwrite(d, 1, n, f) != n || fclose(f) != 0) {
		fprintf(stderr, "bench_batch: cannot write %s\n", path);
		exit(1);
	}
}

/* Line i (0-based, CRLF-separated) of text, copied. */
static char *line_of(const char *text, int i)
{
	const char *p = text;
	for (; i > 0 && p; i--) {
		p = strstr(p, "\r\n");
		if (p)
			p += 2;
	}
	if (!p)
		return NULL;
	const char *e = strstr(p, "\r\n");
	return gf_strndup(p, e ? (size_t)(e - p) : strlen(p));
}

static void make_sheet(const char *dir, long forms)
{
	char path[2100];
	size_t len;
	char *csv = slurp(GF_SOURCE_DIR "/tests/data/entry/request.csv", &len);
	char *rows = slurp(GF_SOURCE_DIR "/tests/data/entry/request.rows.csv", &len);
	char *h1 = line_of(csv, 0), *h2 = line_of(csv, 1), *row = line_of(csv, 2);
	char *r1 = line_of(rows, 0), *r2 = line_of(rows, 1);
	char *hosts[3] = {line_of(rows, 2), line_of(rows, 4), line_of(rows, 5)};
	gf_buf f = GF_BUF_INIT(0), r = GF_BUF_INIT(0);
	gf_buf_printf(&f, "%s\r\n%s\r\n", h1, h2);
	gf_buf_printf(&r, "%s\r\n%s\r\n", r1, r2);
	for (long i = 0; i < forms; i++) {
		char ref[32];
		snprintf(ref, sizeof ref, "B-%06ld", i);
		/* row: form,ref,... -> replace the ref and vary the unit */
		const char *comma = strchr(row + 8, ',');
		gf_buf_printf(&f, "request,%s%s\r\n", ref, comma);
		for (int k = 0; k < 3; k++)
			gf_buf_printf(&r, "%s%s\r\n", ref, strchr(hosts[k], ','));
	}
	snprintf(path, sizeof path, "%s/entry.csv", dir);
	spit(path, f.data, f.len);
	snprintf(path, sizeof path, "%s/entry.rows.csv", dir);
	spit(path, r.data, r.len);
	gf_buf_free(&f);
	gf_buf_free(&r);
	gf_free(csv);
	gf_free(rows);
	gf_free(h1);
	gf_free(h2);
	gf_free(row);
	gf_free(r1);
	gf_free(r2);
	for (int k = 0; k < 3; k++)
		gf_free(hosts[k]);
}

static void make_folder(const char *dir, long files)
{
	DIR *d = opendir(GF_SOURCE_DIR "/samples");
	if (!d) {
		fprintf(stderr, "bench_batch: no samples folder\n");
		exit(1);
	}
	char *names[256];
	int n = 0;
	struct dirent *de;
	while ((de = readdir(d)) && n < 256) {
		size_t l = strlen(de->d_name);
		if ((l > 5 && strcmp(de->d_name + l - 5, ".docx") == 0) ||
		    (l > 4 && strcmp(de->d_name + l - 4, ".xml") == 0))
			names[n++] = gf_strdup(de->d_name);
	}
	closedir(d);
	if (!n) {
		fprintf(stderr, "bench_batch: no samples\n");
		exit(1);
	}
	char path[2100];
	snprintf(path, sizeof path, "%s/legacy", dir);
	mkdir(path, 0777);
	for (long i = 0; i < files; i++) {
		const char *name = names[i % n];
		char src[1024];
		snprintf(src, sizeof src, "%s/samples/%s", GF_SOURCE_DIR, name);
		size_t len;
		char *data = slurp(src, &len);
		snprintf(path, sizeof path, "%s/legacy/%04ld-%s", dir, i, name);
		spit(path, data, len);
		gf_free(data);
	}
	for (int i = 0; i < n; i++)
		gf_free(names[i]);
}

static int render(void *ctx, const json_t *record, char **pdf, size_t *len, json_t **sheet,
		  gf_error *err)
{
	*pdf = NULL;
	*len = 0;
	*sheet = NULL;
	if (!json_is_string(json_object_get(record, "form")))
		return 0;
	gf_sheet_result res;
	memset(&res, 0, sizeof res);
	int rc = gf_sheet_render(ctx, record, NULL, &res, err);
	if (!rc) {
		*pdf = (char *)res.pdf;
		*len = res.pdf_len;
		*sheet = res.sheet_record;
		res.pdf = NULL;
		res.sheet_record = NULL;
	}
	gf_sheet_result_free(&res);
	return rc;
}

/* One run in this (child) process. */
static int child(const char *input, const char *out, int jobs, int sheets)
{
	gf_engine *e;
	gf_values *v;
	gf_sheets *sh = NULL;
	gf_error err = {0};
	if (gf_engine_load(&e, NULL, &err) || gf_values_new(&v, &err) ||
	    (sheets && gf_sheets_load(&sh, gf_engine_templates_dir(e), NULL, &err))) {
		fprintf(stderr, "bench_batch: %s\n", err.msg);
		return 2;
	}
	gf_batch_opts o = {0};
	o.engine = e;
	o.values = v;
	o.out_dir = out;
	o.jobs = jobs;
	if (sh) {
		o.render = render;
		o.render_ctx = sh;
	}
	char *inputs[] = {(char *)input};
	gf_batch_summary sum;
	int rc = gf_batch_run(&o, inputs, 1, &sum, &err);
	if (rc)
		fprintf(stderr, "bench_batch: %s\n", err.msg);
	printf("  %zu forms (%zu valid, %zu sheets)", sum.items, sum.valid, sum.sheets);
	fflush(stdout);
	gf_sheets_free(sh);
	gf_values_free(v);
	gf_engine_free(e);
	return rc ? 2 : 0;
}

static void run(const char *what, const char *input, const char *out, int jobs, int sheets)
{
	printf("%-28s -j%d", what, jobs);
	fflush(stdout);
	double t0 = now();
	pid_t pid = fork();
	if (pid == 0)
		_exit(child(input, out, jobs, sheets));
	int st;
	struct rusage ru;
	wait4(pid, &st, 0, &ru);
	double s = now() - t0;
	/* count what was converted from the report */
	char path[2100];
	snprintf(path, sizeof path, "%s/report.csv", out);
	size_t len;
	char *rep = slurp(path, &len);
	long lines = -1;
	for (size_t i = 0; i < len; i++)
		lines += rep[i] == '\n';
	gf_free(rep);
	printf("  %.2f s  %.0f forms/s  peak RSS %.1f MiB%s\n", s, (double)lines / s,
	       (double)ru.ru_maxrss / 1024.0, WEXITSTATUS(st) ? "  (failed)" : "");
}

int main(int argc, char **argv)
{
	long forms = argc > 1 ? atol(argv[1]) : 10000;
	long files = argc > 2 ? atol(argv[2]) : 1000;
	int sheets = !(argc > 3 && strcmp(argv[3], "records") == 0);
	if (!getenv("GOVFORMS_TEMPLATES"))
		setenv("GOVFORMS_TEMPLATES", GF_SOURCE_DIR "/templates", 1);
	/* BENCH_DIR: where inputs and outputs go (a tmpfs such as /dev/shm
	 * measures the program, a disk measures the disk too) */
	char dir[1024];
	snprintf(dir, sizeof dir, "%s/bench_batch_XXXXXX", getenv("BENCH_DIR") ? getenv("BENCH_DIR") : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	make_sheet(dir, forms);
	make_folder(dir, files);
	printf("bench_batch: %ld-form spreadsheet (+%ld table rows), %ld-file folder, %s, %ld cores\n",
	       forms, forms * 3, files, sheets ? "records + sheets" : "records only",
	       sysconf(_SC_NPROCESSORS_ONLN));
	char in[1100], out[1100];
	for (int j = 1; j <= 2; j++) {
		snprintf(in, sizeof in, "%s/entry.csv", dir);
		snprintf(out, sizeof out, "%s/out-sheet-j%d", dir, j);
		run("spreadsheet", in, out, j, sheets);
	}
	for (int j = 1; j <= 2; j++) {
		snprintf(in, sizeof in, "%s/legacy", dir);
		snprintf(out, sizeof out, "%s/out-folder-j%d", dir, j);
		run("folder", in, out, j, sheets);
	}
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
