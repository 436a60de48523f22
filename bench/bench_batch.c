/* bench_batch - forms per second and peak RSS of `govforms batch`.
 *
 * usage: bench_batch [FORMS [FILES [sheets|records]]]
 *        (default 10000 forms, 1000 files, sheets)
 *
 * Builds, in a temporary folder, a spreadsheet of FORMS typed-in forms (the
 * valid request row of tests/data/entry/request.csv with its two hosts and
 * its backup, every form with its own ref) as CSV (entry.csv and
 * entry.rows.csv) and as XLSX (entry.xlsx: a forms sheet and a rows sheet,
 * shared strings as Excel writes them, numbers as numbers; its sheets are
 * written as streams, so any FORMS fits), and a folder of FILES forms (the
 * samples' DOCX and XML files, copied round-robin), then converts each at
 * -j1 and -j2, every run in a child process so that its peak RSS is its
 * own. Prints one line per run. Timings are figures, not tests.
 * BENCH_DIR chooses the folder (default /tmp); BENCH_KEEP=1 keeps it.
 */
#include "batch/batch.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "form/values.h"
#include "sheet/sheet.h"

#include <ctype.h>
#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

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


/* ---- the same spreadsheet as XLSX -------------------------------------------- */

#define XL_MAX_FIELDS 128

/* CSV line -> fields (quotes honoured); returns the count. Fields point into
 * line, which is modified. */
static int csv_split(char *line, char **f)
{
	int n = 0;
	char *p = line;
	for (;;) {
		if (n == XL_MAX_FIELDS)
			break;
		if (*p == '"') {
			char *o = ++p;
			f[n++] = o;
			while (*p && !(*p == '"' && p[1] != '"')) {
				if (*p == '"')
					p++;
				*o++ = *p++;
			}
			if (*p)
				p++;
			*o = '\0';
			if (*p == ',') {
				*p++ = '\0';
				continue;
			}
			break;
		}
		f[n++] = p;
		char *c = strchr(p, ',');
		if (!c)
			break;
		*c = '\0';
		p = c + 1;
	}
	return n;
}

/* A number Excel would store as one: digits, at most one '.', no leading 0. */
static bool is_number(const char *v)
{
	size_t n = strlen(v), dots = 0;
	if (n == 0 || n > 15 || (v[0] == '0' && n > 1 && v[1] != '.'))
		return false;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '.')
			dots++;
		else if (!isdigit((unsigned char)v[i]))
			return false;
	}
	return dots <= 1 && v[0] != '.' && v[n - 1] != '.';
}

/* Shared strings: a small table of distinct template strings, then one ref
 * per form. */
typedef struct xl_strings {
	char *s[512];
	int n;
} xl_strings;

static int xl_index(xl_strings *t, const char *v)
{
	for (int i = 0; i < t->n; i++)
		if (strcmp(t->s[i], v) == 0)
			return i;
	if (t->n == 512) {
		fprintf(stderr, "bench_batch: too many distinct strings\n");
		exit(1);
	}
	t->s[t->n] = gf_strdup(v);
	return t->n++;
}

static void xml_escaped(gf_buf *b, const char *v)
{
	for (; *v; v++) {
		if (*v == '&')
			gf_buf_puts(b, "&amp;");
		else if (*v == '<')
			gf_buf_puts(b, "&lt;");
		else if (*v == '>')
			gf_buf_puts(b, "&gt;");
		else
			gf_buf_putc(b, *v);
	}
}

/* A template row: per column, a shared string index, or a number, or empty;
 * column `ref_col` takes the form's ref. */
typedef struct xl_row {
	int ncols;
	int sst[XL_MAX_FIELDS]; /* -1: number in num, -2: empty */
	char *num[XL_MAX_FIELDS];
} xl_row;

static void xl_row_make(xl_row *r, const char *line, xl_strings *t)
{
	char *copy = gf_strdup(line), *f[XL_MAX_FIELDS];
	/* a BOM before the first header */
	char *start = strncmp(copy, "\xEF\xBB\xBF", 3) == 0 ? copy + 3 : copy;
	r->ncols = csv_split(start, f);
	for (int i = 0; i < r->ncols; i++) {
		r->num[i] = NULL;
		if (!*f[i]) {
			r->sst[i] = -2;
		} else if (is_number(f[i])) {
			r->sst[i] = -1;
			r->num[i] = gf_strdup(f[i]);
		} else {
			r->sst[i] = xl_index(t, f[i]);
		}
	}
	gf_free(copy);
}

static void xl_col_name(int c, char *out)
{
	char tmp[8];
	int n = 0;
	for (c++; c > 0; c = (c - 1) / 26)
		tmp[n++] = (char)('A' + (c - 1) % 26);
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = '\0';
}

/* Row `line` of a sheet: template r, with the ref (string ref_sst) in
 * column ref_col when ref_sst >= 0. */
static void xl_row_xml(gf_buf *b, const xl_row *r, long line, int ref_col, long ref_sst)
{
	gf_buf_printf(b, "<row r=\"%ld\">", line);
	for (int c = 0; c < r->ncols; c++) {
		char col[8];
		xl_col_name(c, col);
		if (c == ref_col && ref_sst >= 0)
			gf_buf_printf(b, "<c r=\"%s%ld\" t=\"s\"><v>%ld</v></c>", col, line, ref_sst);
		else if (r->sst[c] >= 0)
			gf_buf_printf(b, "<c r=\"%s%ld\" t=\"s\"><v>%d</v></c>", col, line, r->sst[c]);
		else if (r->sst[c] == -1)
			gf_buf_printf(b, "<c r=\"%s%ld\"><v>%s</v></c>", col, line, r->num[c]);
	}
	gf_buf_puts(b, "</row>");
}

/* A sheet written as libzip asks for it: two header rows, then `per_form`
 * body rows for each of `forms` forms. */
typedef struct xl_sheet {
	const xl_row *head[2];
	const xl_row *body[3];
	int per_form, ref_col;
	long forms, ntemplate;
	long next; /* 0: head; 1..forms: a form; forms+1: tail; then done */
	gf_buf b;
	size_t pos;
} xl_sheet;

static void xl_sheet_fill(xl_sheet *x)
{
	gf_buf_truncate(&x->b, 0);
	x->pos = 0;
	long n = x->next++;
	if (n == 0) {
		gf_buf_puts(&x->b, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
				   "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">");
		gf_buf_printf(&x->b, "<dimension ref=\"A1:A%ld\"/><sheetData>", 2 + x->forms * x->per_form);
		xl_row_xml(&x->b, x->head[0], 1, -1, -1);
		xl_row_xml(&x->b, x->head[1], 2, -1, -1);
	} else if (n <= x->forms) {
		for (int k = 0; k < x->per_form; k++)
			xl_row_xml(&x->b, x->body[k], 3 + (n - 1) * x->per_form + k, x->ref_col,
				   x->ntemplate + n - 1);
	} else if (n == x->forms + 1) {
		gf_buf_puts(&x->b, "</sheetData></worksheet>");
	}
}

static zip_int64_t xl_sheet_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	xl_sheet *x = ud;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		x->next = 0;
		gf_buf_truncate(&x->b, 0);
		x->pos = 0;
		return 0;
	case ZIP_SOURCE_READ: {
		zip_uint64_t n = 0;
		while (n < len) {
			if (x->pos == x->b.len) {
				if (x->next > x->forms + 1)
					break;
				xl_sheet_fill(x);
				continue;
			}
			size_t k = x->b.len - x->pos;
			if (k > len - n)
				k = (size_t)(len - n);
			memcpy((char *)data + n, x->b.data + x->pos, k);
			x->pos += k;
			n += k;
		}
		return (zip_int64_t)n;
	}
	case ZIP_SOURCE_STAT:
		zip_stat_init(data);
		return sizeof(zip_stat_t);
	case ZIP_SOURCE_ERROR:
		return 2 * sizeof(int);
	case ZIP_SOURCE_CLOSE:
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
						      ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
}

static void xl_add(zip_t *z, const char *name, const char *text, size_t len)
{
	zip_source_t *src = zip_source_buffer(z, text, len, 0);
	if (!src || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
		fprintf(stderr, "bench_batch: cannot add %s\n", name);
		exit(1);
	}
}

static void make_xlsx(const char *dir, long forms)
{
	size_t len;
	char *csv = slurp(GF_SOURCE_DIR "/tests/data/entry/request.csv", &len);
	char *rows = slurp(GF_SOURCE_DIR "/tests/data/entry/request.rows.csv", &len);
	const int lines_f[3] = {0, 1, 2}, lines_r[5] = {0, 1, 2, 4, 5};
	xl_strings t = {0};
	xl_row f[3], r[5];
	for (int i = 0; i < 3; i++) {
		char *l = line_of(csv, lines_f[i]);
		xl_row_make(&f[i], l, &t);
		gf_free(l);
	}
	for (int i = 0; i < 5; i++) {
		char *l = line_of(rows, lines_r[i]);
		xl_row_make(&r[i], l, &t);
		gf_free(l);
	}
	xl_sheet fs = {{&f[0], &f[1]}, {&f[2]}, 1, 1, forms, t.n, 0, GF_BUF_INIT(0), 0};
	xl_sheet rs = {{&r[0], &r[1]}, {&r[2], &r[3], &r[4]}, 3, 0, forms, t.n, 0, GF_BUF_INIT(0), 0};

	gf_buf sst = GF_BUF_INIT(0);
	gf_buf_printf(&sst, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
			    "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			    "count=\"%ld\" uniqueCount=\"%ld\">", t.n + forms, t.n + forms);
	for (int i = 0; i < t.n; i++) {
		gf_buf_puts(&sst, "<si><t>");
		xml_escaped(&sst, t.s[i]);
		gf_buf_puts(&sst, "</t></si>");
	}
	for (long i = 0; i < forms; i++)
		gf_buf_printf(&sst, "<si><t>B-%06ld</t></si>", i);
	gf_buf_puts(&sst, "</sst>");

	static const char types[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
		"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
		"<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
		"<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
		"</Types>";
	static const char rels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
		"</Relationships>";
	static const char wb[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
		"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
		"<sheets><sheet name=\"forms\" sheetId=\"1\" r:id=\"rId1\"/>"
		"<sheet name=\"rows\" sheetId=\"2\" r:id=\"rId2\"/></sheets></workbook>";
	static const char wbrels[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet2.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
		"</Relationships>";

	char path[2100];
	snprintf(path, sizeof path, "%s/entry.xlsx", dir);
	int ze;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &ze);
	if (!z) {
		fprintf(stderr, "bench_batch: cannot create %s\n", path);
		exit(1);
	}
	xl_add(z, "[Content_Types].xml", types, sizeof types - 1);
	xl_add(z, "_rels/.rels", rels, sizeof rels - 1);
	xl_add(z, "xl/workbook.xml", wb, sizeof wb - 1);
	xl_add(z, "xl/_rels/workbook.xml.rels", wbrels, sizeof wbrels - 1);
	xl_add(z, "xl/sharedStrings.xml", sst.data, sst.len);
	xl_sheet *sheets[2] = {&fs, &rs};
	for (int i = 0; i < 2; i++) {
		char name[64];
		snprintf(name, sizeof name, "xl/worksheets/sheet%d.xml", i + 1);
		zip_source_t *src = zip_source_function(z, xl_sheet_cb, sheets[i]);
		if (!src || zip_file_add(z, name, src, 0) < 0) {
			fprintf(stderr, "bench_batch: cannot add %s\n", name);
			exit(1);
		}
	}
	if (zip_close(z) != 0) {
		fprintf(stderr, "bench_batch: cannot write %s\n", path);
		exit(1);
	}
	gf_buf_free(&sst);
	gf_buf_free(&fs.b);
	gf_buf_free(&rs.b);
	for (int i = 0; i < 3; i++)
		for (int c = 0; c < f[i].ncols; c++)
			gf_free(f[i].num[c]);
	for (int i = 0; i < 5; i++)
		for (int c = 0; c < r[i].ncols; c++)
			gf_free(r[i].num[c]);
	for (int i = 0; i < t.n; i++)
		gf_free(t.s[i]);
	gf_free(csv);
	gf_free(rows);
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
	make_xlsx(dir, forms);
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
		snprintf(in, sizeof in, "%s/entry.xlsx", dir);
		snprintf(out, sizeof out, "%s/out-xlsx-j%d", dir, j);
		run("spreadsheet (xlsx)", in, out, j, sheets);
	}
	for (int j = 1; j <= 2; j++) {
		snprintf(in, sizeof in, "%s/legacy", dir);
		snprintf(out, sizeof out, "%s/out-folder-j%d", dir, j);
		run("folder", in, out, j, sheets);
	}
	if (getenv("BENCH_KEEP") && strcmp(getenv("BENCH_KEEP"), "1") == 0) {
		printf("kept %s\n", dir);
		return 0;
	}
	char cmd[1200];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : 1;
}
