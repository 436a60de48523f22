#include "batch/batch.h"
#include "batch/walk.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"
#include "form/formdef.h"
#include "record/record.h"
#include "table/csv.h"
#include "table/entry.h"
#include "table/xlsx.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RECORD_MAX (64u << 20) /* an earlier record read back on resume */

typedef enum { JOB_FILE, JOB_ROW, JOB_NOTE } job_kind;

typedef struct job {
	job_kind kind;
	char *path;      /* file to read (JOB_FILE) */
	char *input;     /* the input as the report names it */
	char *out_rel;   /* output stem below out_dir, or NULL (no outputs) */
	int row;         /* sheet row, 0 for files */
	/* JOB_ROW */
	gf_entry_form *form;
	char *sha;       /* the spreadsheet's digest */
	const char *format;
	char *source_name;
	/* JOB_NOTE: the record is made by the producer */
	json_t *record;
	/* result */
	int status;      /* 0 valid, 1 invalid, 2 unreadable */
	bool resumed, sheet;
	char *cloud_id;  /* from the sheet record */
	char *csv_line;
	json_t *item;
	int fail;        /* GF_E* when the run itself failed (writing outputs) */
	gf_error err;
	bool done;
} job;

/* ---- the spreadsheet being read ------------------------------------------ */

typedef struct sheet_state {
	bool active;
	bool orphans;
	char *path, *input, *out_rel, *name;
	const char *format;
	char sha[65];
	gf_csv *csv;
	gf_csv *rows_csv[8];
	size_t nrows_csv;
	gf_xlsx *xlsx;
	gf_xlsx_sheet *xsheets[16];
	size_t nxsheets;
	gf_entry *en;
} sheet_state;

typedef struct run {
	const gf_batch_opts *o;
	const gf_formset *fs;
	gf_limits lim;
	char *const *inputs;
	size_t ninputs, next_input;
	gf_walk *walk;
	char *walk_prefix;  /* output folder of the folder argument being walked */
	char **prefixes;    /* used output names of arguments */
	size_t nprefixes;
	sheet_state sh;

	/* ring of jobs in flight, in input order */
	job **ring;
	size_t cap;
	size_t next_put, next_take, next_emit;
	bool input_done, quit;
	pthread_mutex_t mu;
	pthread_cond_t work, done;

	/* report */
	FILE *csv, *json;
	char *csv_tmp, *json_tmp, *csv_path, *json_path;
	size_t nitems;

	/* progress */
	size_t total;
	double t0, last_draw;
	gf_batch_summary *sum;
} run;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}



static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

static bool ends_with_ci(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lx = strlen(suffix);
	return ls >= lx && strcasecmp(s + ls - lx, suffix) == 0;
}

/* ---- files ------------------------------------------------------------------ */

/* Output files are written whole (temporary file + rename), without fsync:
 * this guards against an interrupted run, not a power cut. */
static int write_atomic(const char *path, const void *data, size_t len, gf_error *err)
{
	return gf_file_write_atomic(path, data, len, GF_WRITE_MKDIRS, err);
}

static bool file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* ---- report lines --------------------------------------------------------- */

static const char *status_name(int s)
{
	return s == 0 ? "valid" : s == 1 ? "invalid" : "unreadable";
}


static const char *jstr(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* The report entry of one record (item JSON and CSV line). */
static int make_report(run *R, job *j, const json_t *record)
{
	const gf_batch_opts *o = R->o;
	j->status = gf_record_exit_code(record);
	if (j->status < 0 || j->status > 2)
		j->status = 2;
	const json_t *diags = json_object_get(record, "diagnostics");
	size_t errors = 0, warnings = 0, i;
	json_t *d;
	json_array_foreach(diags, i, d) {
		const char *sev = jstr(d, "severity");
		if (sev && strcmp(sev, "error") == 0)
			errors++;
		else
			warnings++;
	}
	const char *form = jstr(record, "form");
	const char *cloud_id = j->cloud_id;
	const json_t *fields = json_object_get(record, "fields");
	if (!cloud_id)
		cloud_id = json_string_value(json_object_get(json_object_get(fields, "system"), "cloud_id"));
	char *rec_rel = j->out_rel && j->status != 2 ? gf_asprintf("%s.json", j->out_rel) : NULL;
	char *pdf_rel = j->out_rel && j->sheet ? gf_asprintf("%s.pdf", j->out_rel) : NULL;
	if (j->out_rel && j->status != 2 && !rec_rel)
		return GF_ENOMEM;
	(void)o;
	json_t *item = json_object();
	json_t *dl = json_array();
	int rc = (!item || !dl) ? GF_ENOMEM : 0;
	json_array_foreach(diags, i, d) {
		if (rc)
			break;
		json_t *x = json_object();
		if (!x || json_array_append_new(dl, x)) {
			rc = GF_ENOMEM;
			break;
		}
		static const char *const keys[] = {"severity", "code", "field", "where", "message"};
		for (size_t k = 0; k < 5 && !rc; k++) {
			const char *v = jstr(d, keys[k]);
			if (v && json_object_set_new(x, keys[k], json_string(v)))
				rc = GF_ENOMEM;
		}
	}
	if (!rc &&
	    (json_object_set_new(item, "input", json_string(j->input)) ||
	     json_object_set_new(item, "row", j->row ? json_integer(j->row) : json_null()) ||
	     json_object_set_new(item, "ref", j->form && j->form->ref ? json_string(j->form->ref)
								    : json_null()) ||
	     json_object_set_new(item, "status", json_string(status_name(j->status))) ||
	     json_object_set_new(item, "form", form ? json_string(form) : json_null()) ||
	     json_object_set_new(item, "cloud_id", cloud_id ? json_string(cloud_id) : json_null()) ||
	     json_object_set_new(item, "errors", json_integer((json_int_t)errors)) ||
	     json_object_set_new(item, "warnings", json_integer((json_int_t)warnings)) ||
	     json_object_set_new(item, "record", rec_rel ? json_string(rec_rel) : json_null()) ||
	     json_object_set_new(item, "sheet", pdf_rel ? json_string(pdf_rel) : json_null()) ||
	     json_object_set_new(item, "diagnostics", json_incref(dl))))
		rc = GF_ENOMEM;
	gf_buf b = GF_BUF_INIT(0);
	char num[32];
	if (!rc) {
		snprintf(num, sizeof num, "%d", j->row);
		rc = gf_buf_csv_field(&b, j->input);
		rc = rc ? rc : gf_buf_putc(&b, ',');
		rc = rc ? rc : gf_buf_csv_field(&b, j->row ? num : "");
		rc = rc ? rc : gf_buf_putc(&b, ',');
		rc = rc ? rc : gf_buf_csv_field(&b, j->form ? j->form->ref : NULL);
		rc = rc ? rc : gf_buf_putc(&b, ',');
		rc = rc ? rc : gf_buf_csv_field(&b, status_name(j->status));
		rc = rc ? rc : gf_buf_putc(&b, ',');
		rc = rc ? rc : gf_buf_csv_field(&b, form);
		rc = rc ? rc : gf_buf_putc(&b, ',');
		rc = rc ? rc : gf_buf_csv_field(&b, cloud_id);
		rc = rc ? rc : gf_buf_printf(&b, ",%zu,%zu,", errors, warnings);
		rc = rc ? rc : gf_buf_csv_field(&b, rec_rel);
		rc = rc ? rc : gf_buf_putc(&b, ',');
		rc = rc ? rc : gf_buf_csv_field(&b, pdf_rel);
		rc = rc ? rc : gf_buf_putc(&b, ',');
		gf_buf msg = GF_BUF_INIT(0);
		json_array_foreach(diags, i, d) {
			if (rc)
				break;
			const char *field = jstr(d, "field"), *where = jstr(d, "where");
			rc = gf_buf_printf(&msg, "%s%s %s%s%s%s%s: %s", i ? " | " : "", jstr(d, "severity"),
					   jstr(d, "code"), field ? " " : "", field ? field : "",
					   where ? " @ " : "", where ? where : "", jstr(d, "message"));
		}
		rc = rc ? rc : gf_buf_csv_field(&b, msg.data);
		gf_buf_free(&msg);
		rc = rc ? rc : gf_buf_puts(&b, "\r\n");
	}
	gf_free(rec_rel);
	gf_free(pdf_rel);
	json_decref(dl);
	if (rc) {
		json_decref(item);
		gf_buf_free(&b);
		return GF_ENOMEM;
	}
	j->item = item;
	j->csv_line = gf_buf_detach(&b, NULL);
	return j->csv_line ? 0 : GF_ENOMEM;
}

/* ---- the work of one job (worker threads) -------------------------------- */

static json_t *load_json(const char *path)
{
	char *data;
	size_t len;
	gf_error e = {0};
	if (gf_file_read(&data, &len, path, RECORD_MAX, &e))
		return NULL;
	json_t *j = json_loadb(data, len, 0, NULL);
	gf_free(data);
	return j;
}

static char *cloud_id_of(const json_t *sheet)
{
	const char *id = json_string_value(
		json_object_get(json_object_get(json_object_get(sheet, "fields"), "system"), "cloud_id"));
	return id ? gf_strdup(id) : NULL;
}

/* An earlier record of this input, when resuming and its digest matches
 * (with its sheet, for a valid record when sheets are made). */
static json_t *resumable(run *R, job *j, const char *base, const char *sha)
{
	if (!R->o->resume || !base)
		return NULL;
	char *rec_path = gf_asprintf("%s.json", base);
	char *pdf_path = gf_asprintf("%s.pdf", base);
	char *sh_path = gf_asprintf("%s.sheet.json", base);
	json_t *rec = NULL;
	if (!rec_path || !pdf_path || !sh_path || !file_exists(rec_path))
		goto done;
	rec = load_json(rec_path);
	const char *had = json_string_value(json_object_get(json_object_get(rec, "source"), "sha256"));
	if (!rec || !had || !sha || strcmp(had, sha) != 0) {
		json_decref(rec);
		rec = NULL;
		goto done;
	}
	if (R->o->render && json_is_true(json_object_get(rec, "valid"))) {
		json_t *sheet = file_exists(pdf_path) ? load_json(sh_path) : NULL;
		if (!sheet) {
			json_decref(rec);
			rec = NULL;
			goto done;
		}
		j->cloud_id = cloud_id_of(sheet);
		j->sheet = true;
		json_decref(sheet);
	}
done:
	gf_free(rec_path);
	gf_free(pdf_path);
	gf_free(sh_path);
	return rec;
}

static int write_json(const char *path, const json_t *v, gf_error *err)
{
	char *text = gf_record_json(v);
	int rc = text ? write_atomic(path, text, strlen(text), err)
		      : gf_error_set(err, GF_ENOMEM, "out of memory");
	gf_free(text);
	return rc;
}

/* The sheet (valid records, when a renderer is given), then the record:
 * the record's presence means the input is done. */
static int write_outputs(run *R, job *j, const json_t *record)
{
	char *base = gf_path_join(R->o->out_dir, j->out_rel);
	char *rec_path = base ? gf_asprintf("%s.json", base) : NULL;
	char *pdf_path = base ? gf_asprintf("%s.pdf", base) : NULL;
	char *sh_path = base ? gf_asprintf("%s.sheet.json", base) : NULL;
	int rc = (!base || !rec_path || !pdf_path || !sh_path)
			 ? gf_error_set(&j->err, GF_ENOMEM, "out of memory")
			 : 0;
	if (!rc && R->o->render && j->status == 0) {
		char *pdf = NULL;
		size_t plen = 0;
		json_t *sheet = NULL;
		rc = R->o->render(R->o->render_ctx, record, &pdf, &plen, &sheet, &j->err);
		if (!rc && pdf) {
			rc = write_atomic(pdf_path, pdf, plen, &j->err);
			if (!rc && sheet)
				rc = write_json(sh_path, sheet, &j->err);
			j->sheet = rc == 0;
			j->cloud_id = sheet ? cloud_id_of(sheet) : NULL;
		}
		gf_free(pdf);
		json_decref(sheet);
	}
	if (!rc && j->status != 2)
		rc = write_json(rec_path, record, &j->err);
	gf_free(base);
	gf_free(rec_path);
	gf_free(pdf_path);
	gf_free(sh_path);
	return rc;
}

static void do_job(run *R, job *j)
{
	const gf_batch_opts *o = R->o;
	json_t *record = NULL;
	int rc = 0;
	char *data = NULL;
	size_t len = 0;
	char sha[65] = "";
	char *base = j->out_rel ? gf_path_join(o->out_dir, j->out_rel) : NULL;
	if (j->out_rel && !base) {
		j->fail = gf_error_set(&j->err, GF_ENOMEM, "out of memory");
		goto done;
	}
	if (j->kind == JOB_NOTE) {
		record = j->record;
		j->record = NULL;
	} else if (j->kind == JOB_FILE) {
		gf_error e = {0};
		rc = gf_file_read(&data, &len, j->path, R->lim.max_input, &e);
		if (rc == GF_ENOMEM) {
			j->fail = gf_error_set(&j->err, rc, "out of memory");
			goto done;
		}
		if (rc) {
			gf_diags d;
			gf_arena *a = gf_arena_new(0);
			if (!a) {
				j->fail = gf_error_set(&j->err, GF_ENOMEM, "out of memory");
				goto done;
			}
			gf_diags_init(&d, a);
			gf_loc none = {0};
			gf_diags_add(&d, GF_SEV_ERROR, "unreadable", NULL, NULL, none, "文件无法读取", e.msg);
			gf_source src = {base_name(j->path), "unknown", NULL};
			record = gf_record_build(NULL, NULL, &src, NULL, &d);
			gf_arena_free(a);
		} else {
			gf_sha256_hex(data, len, sha);
			record = resumable(R, j, base, sha);
			if (record) {
				j->resumed = true;
			} else {
				gf_intake_opts io = {o->form_id, base_name(j->path), &R->lim};
				gf_error e2 = {0};
				rc = gf_intake(o->engine, data, len, &io, &record, &e2);
				if (rc == GF_ENOMEM || (!record && rc)) {
					j->fail = gf_error_set(&j->err, rc == GF_ENOMEM ? rc : GF_EINTERNAL, "%s", e2.msg);
					goto done;
				}
			}
		}
	} else {
		gf_entry_form *f = j->form;
		record = resumable(R, j, base, j->sha);
		if (record) {
			j->resumed = true;
		} else if (f->form_id) {
			gf_raw_input in = {f->form_id, f->fields, gf_entry_locate, f, j->source_name,
					   j->format, j->sha};
			gf_error e2 = {0};
			rc = gf_intake_raw(o->engine, &in, &record, &e2);
			if (rc || !record || gf_entry_merge(f, record)) {
				j->fail = gf_error_set(&j->err, rc ? rc : GF_ENOMEM, "%s", e2.msg);
				goto done;
			}
		} else {
			gf_diags_sort(&f->diags);
			gf_source src = {j->source_name, j->format, j->sha};
			record = gf_record_build(NULL, NULL, &src, NULL, &f->diags);
		}
	}
	if (!record) {
		j->fail = gf_error_set(&j->err, GF_ENOMEM, "out of memory");
		goto done;
	}
	j->status = gf_record_exit_code(record);
	if (!j->resumed && j->out_rel) {
		rc = write_outputs(R, j, record);
		if (rc) {
			j->fail = rc;
			goto done;
		}
	}
	if (make_report(R, j, record))
		j->fail = gf_error_set(&j->err, GF_ENOMEM, "out of memory");
done:
	json_decref(record);
	gf_free(data);
	gf_free(base);
}

static void job_free(job *j)
{
	if (!j)
		return;
	gf_free(j->path);
	gf_free(j->input);
	gf_free(j->out_rel);
	gf_free(j->sha);
	gf_free(j->source_name);
	gf_entry_form_free(j->form);
	json_decref(j->record);
	json_decref(j->item);
	gf_free(j->csv_line);
	gf_free(j->cloud_id);
	gf_free(j);
}

static void *worker(void *arg)
{
	run *R = arg;
	pthread_mutex_lock(&R->mu);
	for (;;) {
		while (R->next_take == R->next_put && !R->quit)
			pthread_cond_wait(&R->work, &R->mu);
		if (R->next_take == R->next_put && R->quit)
			break;
		job *j = R->ring[R->next_take % R->cap];
		R->next_take++;
		pthread_mutex_unlock(&R->mu);
		do_job(R, j);
		pthread_mutex_lock(&R->mu);
		j->done = true;
		pthread_cond_broadcast(&R->done);
	}
	pthread_mutex_unlock(&R->mu);
	return NULL;
}

/* ---- producing jobs (main thread) ------------------------------------------ */

static job *job_new(job_kind kind)
{
	job *j = gf_calloc(1, sizeof *j);
	if (j)
		j->kind = kind;
	return j;
}

/* A job reporting an input that cannot be read, without outputs. */
static job *note_unreadable(const char *input, const char *name, const char *format,
			    const char *sha, int row, const char *zh, const char *en)
{
	job *j = job_new(JOB_NOTE);
	gf_arena *a = gf_arena_new(0);
	if (!j || !a)
		goto fail;
	gf_diags d;
	gf_diags_init(&d, a);
	gf_loc where = {0};
	where.line = row;
	if (gf_diags_add(&d, GF_SEV_ERROR, "unreadable", NULL, NULL, where, zh, en))
		goto fail;
	gf_source src = {name, format, sha};
	j->record = gf_record_build(NULL, NULL, &src, NULL, &d);
	j->input = gf_strdup(input);
	if (!j->record || !j->input)
		goto fail;
	gf_arena_free(a);
	return j;
fail:
	gf_arena_free(a);
	job_free(j);
	return NULL;
}

static void sheet_close(sheet_state *s)
{
	gf_entry_free(s->en);
	gf_csv_close(s->csv);
	for (size_t i = 0; i < s->nrows_csv; i++)
		gf_csv_close(s->rows_csv[i]);
	for (size_t i = 0; i < s->nxsheets; i++)
		gf_xlsx_sheet_close(s->xsheets[i]);
	gf_xlsx_close(s->xlsx);
	gf_free(s->path);
	gf_free(s->input);
	gf_free(s->out_rel);
	gf_free(s->name);
	memset(s, 0, sizeof *s);
}

/* Companion files of a CSV forms sheet: <stem>.rows.csv and
 * <stem>.<table>.csv beside it. */
static int csv_companions(run *R, const char *path, char **names, const char **tables, size_t max)
{
	size_t pl = strlen(path), n = 0;
	if (pl < 4)
		return 0;
	const char *cand[64];
	const char *ctab[64];
	size_t nc = 0;
	cand[nc] = "rows";
	ctab[nc++] = NULL;
	for (size_t f = 0; f < R->fs->nforms; f++)
		for (size_t t = 0; t < R->fs->forms[f].ntables; t++) {
			const char *k = R->fs->forms[f].tables[t].key;
			bool seen = false;
			for (size_t i = 0; i < nc; i++)
				seen |= ctab[i] && strcmp(ctab[i], k) == 0;
			if (!seen && nc < 64) {
				cand[nc] = k;
				ctab[nc++] = k;
			}
		}
	for (size_t i = 0; i < nc && n < max; i++) {
		char *p = gf_asprintf("%.*s.%s%s", (int)(pl - 4), path, cand[i], path + pl - 4);
		if (!p)
			return GF_ENOMEM;
		if (file_exists(p)) {
			names[n] = p;
			tables[n++] = ctab[i];
		} else {
			gf_free(p);
		}
	}
	return (int)n;
}

/* Is `path` a companion of a CSV forms sheet that exists beside it? */
static bool is_companion(run *R, const char *path)
{
	if (!ends_with_ci(path, ".csv"))
		return false;
	size_t pl = strlen(path);
	const char *dot = NULL;
	for (const char *p = path + pl - 5; p > path && *p != '/'; p--)
		if (*p == '.') {
			dot = p;
			break;
		}
	if (!dot)
		return false;
	char *main_csv = gf_asprintf("%.*s%s", (int)(dot - path), path, path + pl - 4);
	bool yes = false;
	if (main_csv && file_exists(main_csv)) {
		char *names[16];
		const char *tabs[16];
		int n = csv_companions(R, main_csv, names, tabs, 16);
		for (int i = 0; i < n; i++) {
			yes |= strcmp(names[i], path) == 0;
			gf_free(names[i]);
		}
	}
	gf_free(main_csv);
	return yes;
}

static int open_csv_sheet(run *R, sheet_state *s, gf_error *err)
{
	int rc = gf_csv_open(&s->csv, s->path, 0, err);
	if (rc)
		return rc;
	memcpy(s->sha, gf_csv_sha256(s->csv), 65);
	s->format = "csv";
	gf_entry_opts eo = {R->fs, R->o->values, base_name(s->path), R->o->form_id};
	rc = gf_entry_open(&s->en, &eo, gf_csv_rows(s->csv), err);
	if (rc)
		return rc;
	R->total += gf_csv_records(s->csv) > 1 ? gf_csv_records(s->csv) - 1 : 0;
	char *names[16];
	const char *tabs[16];
	int n = csv_companions(R, s->path, names, tabs, 8);
	if (n < 0)
		return gf_error_set(err, n, "out of memory");
	for (int i = 0; i < n && !rc; i++) {
		gf_csv *first = NULL;
		rc = gf_csv_open(&first, names[i], 0, err);
		if (!rc)
			rc = gf_entry_index_rows(s->en, gf_csv_rows(first), tabs[i], err);
		gf_csv_close(first);
		if (!rc)
			rc = gf_csv_open(&s->rows_csv[s->nrows_csv], names[i], 0, err);
		if (!rc) {
			s->nrows_csv++;
			rc = gf_entry_add_rows(s->en, gf_csv_rows(s->rows_csv[s->nrows_csv - 1]), tabs[i],
					       err);
		}
		if (rc)
			gf_error_set(err, rc, "%s", names[i]);
	}
	for (int i = 0; i < n; i++)
		gf_free(names[i]);
	return rc;
}

static int open_xlsx_sheet(run *R, sheet_state *s, gf_error *err)
{
	s->format = "xlsx";
	int rc = gf_xlsx_open_file(&s->xlsx, s->path, &R->lim, err);
	if (rc)
		return rc;
	memcpy(s->sha, gf_xlsx_sha256(s->xlsx), 65);
	size_t nsheets = gf_xlsx_sheet_count(s->xlsx);
	if (nsheets == 0)
		return gf_error_set(err, GF_EUNREADABLE, "the workbook has no sheet");
	rc = gf_xlsx_sheet_open(&s->xsheets[s->nxsheets], s->xlsx, 0, err);
	if (rc)
		return rc;
	s->nxsheets++;
	const char *hint = gf_xlsx_sheet_name(s->xlsx, 0);
	char *h = gf_asprintf("%s %s", base_name(s->path), hint ? hint : "");
	gf_entry_opts eo = {R->fs, R->o->values, h, R->o->form_id};
	rc = h ? gf_entry_open(&s->en, &eo, gf_xlsx_sheet_rows(s->xsheets[0]), err)
	       : gf_error_set(err, GF_ENOMEM, "out of memory");
	gf_free(h);
	if (rc)
		return rc;
	R->total += gf_xlsx_sheet_rows_hint(s->xsheets[0]);
	/* every further sheet is a rows sheet (named after its table or with a
	 * table column); sheets without a ref column are skipped */
	for (size_t i = 1; i < nsheets && i < 8 && s->nxsheets + 1 < 16; i++) {
		const char *name = gf_xlsx_sheet_name(s->xlsx, i);
		const char *table = NULL;
		for (size_t f = 0; f < R->fs->nforms && !table; f++)
			for (size_t t = 0; t < R->fs->forms[f].ntables && !table; t++)
				if (name && strcasecmp(name, R->fs->forms[f].tables[t].key) == 0)
					table = R->fs->forms[f].tables[t].key;
		gf_xlsx_sheet *first = NULL;
		gf_error e = {0};
		rc = gf_xlsx_sheet_open(&first, s->xlsx, i, &e);
		if (!rc)
			rc = gf_entry_index_rows(s->en, gf_xlsx_sheet_rows(first), table, &e);
		gf_xlsx_sheet_close(first);
		if (rc == GF_EUNREADABLE)
			continue; /* a sheet that is not a rows sheet */
		if (!rc)
			rc = gf_xlsx_sheet_open(&s->xsheets[s->nxsheets], s->xlsx, i, &e);
		if (!rc) {
			s->nxsheets++;
			rc = gf_entry_add_rows(s->en, gf_xlsx_sheet_rows(s->xsheets[s->nxsheets - 1]),
					       table, &e);
		}
		if (rc)
			return gf_error_set(err, rc, "%s", e.msg);
	}
	return 0;
}

/* Start reading a spreadsheet; an unreadable one gives a note job. */
static int sheet_start(run *R, const char *path, const char *input, const char *out_rel,
		       bool xlsx, job **out)
{
	sheet_state *s = &R->sh;
	memset(s, 0, sizeof *s);
	s->path = gf_strdup(path);
	s->input = gf_strdup(input);
	s->out_rel = gf_strdup(out_rel);
	s->name = gf_strdup(base_name(path));
	if (!s->path || !s->input || !s->out_rel || !s->name) {
		sheet_close(s);
		return GF_ENOMEM;
	}
	gf_error e = {0};
	int rc = xlsx ? open_xlsx_sheet(R, s, &e) : open_csv_sheet(R, s, &e);
	if (rc == GF_ENOMEM) {
		sheet_close(s);
		return rc;
	}
	if (rc) {
		*out = note_unreadable(input, s->name, xlsx ? "xlsx" : "csv", s->sha[0] ? s->sha : NULL, 0,
				       "表格文件无法读取", e.msg);
		sheet_close(s);
		return *out ? 1 : GF_ENOMEM;
	}
	s->active = true;
	return 0;
}

/* Next job of the active spreadsheet: 1, or 0 when it is done. */
static int sheet_next(run *R, job **out)
{
	sheet_state *s = &R->sh;
	gf_entry_form *f = NULL;
	gf_error e = {0};
	int rc = s->orphans ? gf_entry_next_orphan(s->en, &f, &e) : gf_entry_next(s->en, &f, &e);
	if (rc == 0 && !s->orphans) {
		s->orphans = true;
		return sheet_next(R, out);
	}
	if (rc == GF_ENOMEM)
		return rc;
	if (rc < 0) {
		/* the rest of the sheet cannot be read */
		*out = note_unreadable(s->input, s->name, s->format, s->sha, gf_entry_line(s->en),
				       "表格文件的其余部分无法读取", e.msg);
		sheet_close(s);
		return *out ? 1 : GF_ENOMEM;
	}
	if (rc == 0) {
		sheet_close(s);
		return 0;
	}
	job *j = job_new(JOB_ROW);
	if (!j) {
		gf_entry_form_free(f);
		return GF_ENOMEM;
	}
	j->form = f;
	j->row = f->line;
	j->input = gf_strdup(s->input);
	j->sha = gf_strdup(s->sha);
	j->format = s->format;
	j->source_name = gf_strdup(s->name);
	if (f->form_id || !s->orphans)
		j->out_rel = gf_asprintf("%s/row-%d", s->out_rel, f->line);
	if (!j->input || !j->sha || !j->source_name || ((f->form_id || !s->orphans) && !j->out_rel)) {
		job_free(j);
		return GF_ENOMEM;
	}
	if (s->orphans) {
		/* a table row of no form: reported, no outputs */
		gf_free(j->out_rel);
		j->out_rel = NULL;
	}
	*out = j;
	return 1;
}

/* The output name of argument `arg`, unique among the arguments. */
static char *arg_prefix(run *R, const char *arg)
{
	char *tmp = gf_strdup(arg);
	if (!tmp)
		return NULL;
	size_t l = strlen(tmp);
	while (l > 1 && tmp[l - 1] == '/')
		tmp[--l] = '\0';
	const char *b = base_name(tmp);
	if (!*b || strcmp(b, ".") == 0 || strcmp(b, "..") == 0 || strcmp(b, "/") == 0)
		b = "input";
	char *name = gf_strdup(b);
	gf_free(tmp);
	for (int k = 2; name; k++) {
		bool used = false;
		for (size_t i = 0; i < R->nprefixes; i++)
			used |= strcmp(R->prefixes[i], name) == 0;
		if (!used)
			break;
		gf_free(name);
		name = gf_asprintf("%s-%d", b, k);
	}
	if (!name)
		return NULL;
	char **v = gf_realloc(R->prefixes, (R->nprefixes + 1) * sizeof *v);
	if (!v) {
		gf_free(name);
		return NULL;
	}
	R->prefixes = v;
	R->prefixes[R->nprefixes++] = name;
	return gf_strdup(name);
}

typedef enum { KIND_SKIP, KIND_FORM, KIND_CSV, KIND_XLSX, KIND_LEGACY } file_kind;

static file_kind classify(const char *path, bool explicit_arg)
{
	const char *b = base_name(path);
	if (!explicit_arg && (b[0] == '.' || strncmp(b, "~$", 2) == 0))
		return KIND_SKIP;
	if (ends_with_ci(b, ".csv") || ends_with_ci(b, ".tsv") || ends_with_ci(b, ".txt"))
		return ends_with_ci(b, ".txt") && !explicit_arg ? KIND_SKIP : KIND_CSV;
	if (ends_with_ci(b, ".xlsx") || ends_with_ci(b, ".xlsm"))
		return KIND_XLSX;
	if (ends_with_ci(b, ".docx") || ends_with_ci(b, ".docm") || ends_with_ci(b, ".xml"))
		return KIND_FORM;
	if (ends_with_ci(b, ".doc") || ends_with_ci(b, ".xls") || ends_with_ci(b, ".wps") ||
	    ends_with_ci(b, ".et") || ends_with_ci(b, ".pdf"))
		return KIND_LEGACY;
	return explicit_arg ? KIND_FORM : KIND_SKIP;
}

/* One file found: a job, a spreadsheet started, or nothing (0). */
static int file_job(run *R, const char *path, const char *input, const char *out_rel,
		    bool explicit_arg, job **out)
{
	file_kind k = classify(path, explicit_arg);
	if (k == KIND_SKIP || (k == KIND_CSV && is_companion(R, path)))
		return 0; /* read with its forms sheet */
	R->total++;
	if (k == KIND_CSV || k == KIND_XLSX) {
		R->total--; /* counted by its rows */
		return sheet_start(R, path, input, out_rel, k == KIND_XLSX, out);
	}
	if (k == KIND_LEGACY) {
		char *en = gf_asprintf("unreadable: %s is an old binary or non-form format; save it as "
				      "DOCX, XLSX or CSV", base_name(path));
		*out = en ? note_unreadable(input, base_name(path), "unknown", NULL, 0,
					    "旧版二进制格式（.doc/.xls/.wps/.et）或非表单文件，请另存为DOCX、XLSX或CSV",
					    en)
			  : NULL;
		gf_free(en);
		return *out ? 1 : GF_ENOMEM;
	}
	job *j = job_new(JOB_FILE);
	if (!j)
		return GF_ENOMEM;
	j->path = gf_strdup(path);
	j->input = gf_strdup(input);
	j->out_rel = gf_strdup(out_rel);
	if (!j->path || !j->input || !j->out_rel) {
		job_free(j);
		return GF_ENOMEM;
	}
	*out = j;
	return 1;
}

/* Next job in input order: 1, 0 at the end, or an error. */
static int produce(run *R, job **out, gf_error *err)
{
	*out = NULL;
	for (;;) {
		if (R->sh.active) {
			int rc = sheet_next(R, out);
			if (rc)
				return rc;
			continue;
		}
		if (R->walk) {
			const char *path, *rel;
			int rc = gf_walk_next(R->walk, &path, &rel, err);
			if (rc < 0)
				return rc;
			if (rc == 0) {
				gf_walk_free(R->walk);
				R->walk = NULL;
				gf_free(R->walk_prefix);
				R->walk_prefix = NULL;
				continue;
			}
			char *out_rel = gf_path_join(R->walk_prefix, rel);
			if (!out_rel)
				return GF_ENOMEM;
			rc = file_job(R, path, path, out_rel, false, out);
			gf_free(out_rel);
			if (rc)
				return rc;
			continue;
		}
		if (R->next_input >= R->ninputs)
			return 0;
		const char *arg = R->inputs[R->next_input++];
		struct stat st;
		if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
			R->walk_prefix = arg_prefix(R, arg);
			if (!R->walk_prefix)
				return GF_ENOMEM;
			int rc = gf_walk_open(&R->walk, arg, err);
			if (rc == GF_ENOMEM)
				return rc;
			if (rc) {
				*out = note_unreadable(arg, base_name(arg), "unknown", NULL, 0, "文件夹无法读取",
						       err->msg);
				gf_error_clear(err);
				return *out ? 1 : GF_ENOMEM;
			}
			continue;
		}
		char *prefix = arg_prefix(R, arg);
		if (!prefix)
			return GF_ENOMEM;
		int rc = file_job(R, arg, arg, prefix, true, out);
		gf_free(prefix);
		if (rc)
			return rc;
	}
}

/* ---- progress ---------------------------------------------------------------- */

static void progress(run *R, bool final)
{
	const gf_batch_opts *o = R->o;
	if (o->progress == GF_PROGRESS_NONE)
		return;
	double t = now_s();
	if (!final && t - R->last_draw < (o->progress == GF_PROGRESS_JSON ? 0.2 : 0.1))
		return;
	R->last_draw = t;
	FILE *out = o->progress_out ? o->progress_out : stderr;
	size_t done = R->nitems;
	size_t total = R->total > done && !final ? R->total : done;
	double el = t - R->t0;
	double rate = el > 0 ? (double)done / el : 0;
	double eta = rate > 0 ? (double)(total - done) / rate : 0;
	if (o->progress == GF_PROGRESS_JSON) {
		fprintf(out,
			"{\"done\":%zu,\"total\":%zu,\"valid\":%zu,\"invalid\":%zu,\"unreadable\":%zu,"
			"\"rate\":%.1f,\"elapsed\":%.1f,\"eta\":%.1f,\"final\":%s}\n",
			done, total, R->sum->valid, R->sum->invalid, R->sum->unreadable, rate, el, eta,
			final ? "true" : "false");
	} else {
		int width = 30;
		int fill = total ? (int)((double)done / (double)total * width) : width;
		char bar[64];
		for (int i = 0; i < width; i++)
			bar[i] = i < fill ? '#' : '.';
		bar[width] = '\0';
		long e = (long)(eta + 0.5);
		fprintf(out, "\r[%s] %zu/%zu %3d%% %.1f/s ETA %ld:%02ld:%02ld ", bar, done, total,
			total ? (int)(100.0 * (double)done / (double)total) : 100, rate, e / 3600,
			(e / 60) % 60, e % 60);
		if (final)
			fputc('\n', out);
	}
	fflush(out);
}

/* ---- the run ------------------------------------------------------------------ */

static int emit(run *R, job *j)
{
	gf_batch_summary *s = R->sum;
	if (fputs(j->csv_line, R->csv) == EOF)
		return GF_EIO;
	char *item = json_dumps(j->item, JSON_COMPACT | JSON_PRESERVE_ORDER);
	if (!item)
		return GF_ENOMEM;
	int bad = fprintf(R->json, "%s\n    %s", R->nitems ? "," : "", item) < 0;
	free(item);
	if (bad)
		return GF_EIO;
	R->nitems++;
	s->items++;
	if (j->status == 0)
		s->valid++;
	else if (j->status == 1)
		s->invalid++;
	else
		s->unreadable++;
	s->resumed += j->resumed;
	s->sheets += j->sheet && !j->resumed;
	return 0;
}

static int report_open(run *R, gf_error *err)
{
	R->csv_path = gf_path_join(R->o->out_dir, "report.csv");
	R->json_path = gf_path_join(R->o->out_dir, "report.json");
	R->csv_tmp = gf_asprintf("%s/.report.csv.tmp~%ld", R->o->out_dir, (long)getpid());
	R->json_tmp = gf_asprintf("%s/.report.json.tmp~%ld", R->o->out_dir, (long)getpid());
	if (!R->csv_path || !R->json_path || !R->csv_tmp || !R->json_tmp)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	R->csv = fopen(R->csv_tmp, "we");
	R->json = fopen(R->json_tmp, "we");
	if (!R->csv || !R->json)
		return gf_error_set(err, GF_EIO, "cannot write the report in %s: %s", R->o->out_dir,
				    strerror(errno));
	/* a BOM so that Excel reads the Chinese text as UTF-8 */
	fputs("\xEF\xBB\xBFinput,row,ref,status,form,cloud_id,errors,warnings,record,sheet,diagnostics\r\n",
	      R->csv);
	fputs("{\n  \"schema\": \"govforms.batch-report/1\",\n  \"items\": [\n", R->json);
	return 0;
}

static int report_close(run *R, gf_error *err)
{
	if (!R->csv || !R->json)
		return 0;
	gf_batch_summary *s = R->sum;
	fprintf(R->json,
		"\n  ],\n  \"summary\": {\"items\": %zu, \"valid\": %zu, \"invalid\": %zu, "
		"\"unreadable\": %zu, \"interrupted\": %s}\n}\n",
		s->items, s->valid, s->invalid, s->unreadable, s->interrupted ? "true" : "false");
	int bad = ferror(R->csv) | ferror(R->json);
	bad |= fclose(R->csv) != 0;
	bad |= fclose(R->json) != 0;
	R->csv = R->json = NULL;
	if (bad || rename(R->csv_tmp, R->csv_path) != 0 || rename(R->json_tmp, R->json_path) != 0)
		return gf_error_set(err, GF_EIO, "writing the report in %s: %s", R->o->out_dir,
				    strerror(errno));
	return 0;
}

int gf_batch_exit_code(const gf_batch_summary *s)
{
	if (s->interrupted)
		return 130;
	if (s->unreadable)
		return 2;
	if (s->invalid)
		return 1;
	return 0;
}

int gf_batch_run(const gf_batch_opts *o, char *const *inputs, size_t ninputs,
		 gf_batch_summary *sum, gf_error *err)
{
	memset(sum, 0, sizeof *sum);
	run R;
	memset(&R, 0, sizeof R);
	R.o = o;
	R.fs = gf_engine_forms(o->engine);
	R.sum = sum;
	R.inputs = inputs;
	R.ninputs = ninputs;
	R.t0 = now_s();
	gf_limits_default(&R.lim);
	int jobs = o->jobs > 0 ? o->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (jobs < 1)
		jobs = 1;
	if (jobs > 256)
		jobs = 256;
	R.cap = (size_t)jobs * 4 + 16;
	int rc = gf_mkdir_p(o->out_dir, err);
	if (rc)
		return rc;
	R.ring = gf_calloc(R.cap, sizeof *R.ring);
	pthread_t *th = gf_calloc((size_t)jobs, sizeof *th);
	if (!R.ring || !th) {
		gf_free(R.ring);
		gf_free(th);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&R.mu, NULL);
	pthread_cond_init(&R.work, NULL);
	pthread_cond_init(&R.done, NULL);
	int started = 0;
	rc = report_open(&R, err);
	for (; !rc && started < jobs; started++)
		if (pthread_create(&th[started], NULL, worker, &R) != 0) {
			rc = gf_error_set(err, GF_EIO, "cannot start worker threads");
			break;
		}
	int fatal = 0;
	while (!rc) {
		/* fill the ring */
		while (!R.input_done && !fatal && R.next_put - R.next_emit < R.cap) {
			if (o->stop && *o->stop) {
				sum->interrupted = true;
				R.input_done = true;
				break;
			}
			job *j;
			int p = produce(&R, &j, err);
			if (p < 0) {
				fatal = gf_error_set(err, p, "%s", err->msg[0] ? err->msg : gf_error_name(p));
				R.input_done = true;
				break;
			}
			if (p == 0) {
				R.input_done = true;
				break;
			}
			pthread_mutex_lock(&R.mu);
			R.ring[R.next_put % R.cap] = j;
			R.next_put++;
			pthread_cond_signal(&R.work);
			pthread_mutex_unlock(&R.mu);
		}
		/* emit what is done, in order; wait when nothing can be produced */
		pthread_mutex_lock(&R.mu);
		job *ready[64];
		size_t nready = 0;
		for (int pass = 0; pass < 2 && nready == 0; pass++) {
			while (nready < 64 && R.next_emit < R.next_put &&
			       R.ring[R.next_emit % R.cap]->done) {
				ready[nready++] = R.ring[R.next_emit % R.cap];
				R.ring[R.next_emit % R.cap] = NULL;
				R.next_emit++;
			}
			bool can_produce = !R.input_done && R.next_put - R.next_emit < R.cap;
			if (nready || can_produce || R.next_emit == R.next_put || pass)
				break;
			struct timespec ts;
			clock_gettime(CLOCK_REALTIME, &ts);
			ts.tv_nsec += 100000000L;
			if (ts.tv_nsec >= 1000000000L) {
				ts.tv_sec++;
				ts.tv_nsec -= 1000000000L;
			}
			pthread_cond_timedwait(&R.done, &R.mu, &ts);
		}
		bool finished = R.input_done && R.next_emit == R.next_put;
		pthread_mutex_unlock(&R.mu);
		for (size_t i = 0; i < nready; i++) {
			job *j = ready[i];
			if (!rc && j->fail)
				rc = gf_error_set(err, j->fail, "%s: %s", j->input, j->err.msg);
			if (!rc && emit(&R, j))
				rc = gf_error_set(err, GF_EIO, "writing the report: %s", strerror(errno));
			job_free(j);
		}
		progress(&R, false);
		if (finished)
			break;
	}
	/* stop the workers after what is in flight */
	pthread_mutex_lock(&R.mu);
	R.quit = true;
	pthread_cond_broadcast(&R.work);
	pthread_mutex_unlock(&R.mu);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	/* emit what finished after an error, in order */
	while (R.next_emit < R.next_put) {
		job *j = R.ring[R.next_emit % R.cap];
		if (!rc && j->done && !j->fail)
			emit(&R, j);
		job_free(j);
		R.next_emit++;
	}
	if (!rc && fatal)
		rc = fatal;
	if (o->stop && *o->stop)
		sum->interrupted = true;
	sum->seconds = now_s() - R.t0;
	int rrc = report_close(&R, rc ? NULL : err);
	if (!rc)
		rc = rrc;
	if (R.csv)
		fclose(R.csv);
	if (R.json)
		fclose(R.json);
	if (rc && R.csv_tmp) {
		unlink(R.csv_tmp);
		unlink(R.json_tmp);
	}
	progress(&R, true);
	struct rusage ru;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		sum->peak_rss_kb = ru.ru_maxrss;
	sheet_close(&R.sh);
	gf_walk_free(R.walk);
	gf_free(R.walk_prefix);
	for (size_t i = 0; i < R.nprefixes; i++)
		gf_free(R.prefixes[i]);
	gf_free(R.prefixes);
	gf_free(R.ring);
	gf_free(th);
	gf_free(R.csv_tmp);
	gf_free(R.json_tmp);
	gf_free(R.csv_path);
	gf_free(R.json_path);
	pthread_mutex_destroy(&R.mu);
	pthread_cond_destroy(&R.work);
	pthread_cond_destroy(&R.done);
	return rc;
}
