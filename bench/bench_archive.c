/* bench_archive - scans archived per second and peak RSS.
 *
 *   bench_archive [-n N]
 *
 * Stores a two-page activation request and a one-page exit request with
 * their sheets in a fresh store under /tmp, makes an office scanner's PDF
 * (JPEG pages at 300 dpi, seals on the last page) and a phone photo (JPEG,
 * 5° off, uneven light) of each (tests/scanmaker.c), then archives N copies
 * of each kind (made distinct by trailing bytes, so that none is a
 * duplicate) with gf_archive_add: reading, code, record match (the sheet is
 * rendered again), seal check and the synced store write. Each kind runs in
 * its own child process, so peak RSS is per kind. Also times gf_scan_read
 * alone. Figures are printed; nothing is asserted. */
#include "archive/archive.h"
#include "archive/scan.h"
#include "core/alloc.h"
#include "core/buf.h"
#include "scanmaker.h"
#include "sheet/sheet.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static gf_sheets *sheets;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int render(void *ctx, char **out, size_t *out_len, const json_t *record,
		  const json_t *overrides, gf_error *err)
{
	(void)ctx;
	gf_sheet_result r = {0};
	int rc = gf_sheet_render(sheets, record, overrides, &r, err);
	if (!rc) {
		*out = (char *)r.pdf;
		*out_len = r.pdf_len;
		r.pdf = NULL;
	}
	gf_sheet_result_free(&r);
	return rc;
}

typedef struct scan_t {
	unsigned char *data;
	size_t len;
	int pages;
} scan_t;

/* A stored record's sheet and its two scans. */
static int make(gf_store *s, const char *file, scan_t *pdf_out, scan_t *photo_out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/tests/data/records/%s", GF_SOURCE_DIR, file);
	char *text;
	size_t len;
	gf_error err = {0};
	if (gf_file_read(&text, &len, path, (size_t)16 << 20, &err))
		return -1;
	json_t *rec = json_loads(text, 0, NULL);
	const char *unit = json_string_value(
		json_object_get(json_object_get(json_object_get(rec, "fields"), "unit"), "name"));
	gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
	int64_t id;
	char *pdf;
	size_t pdf_len;
	int cached;
	gf_submission sub;
	if (gf_store_submit(s, &id, &sys, text, len, file, NULL, rec, unit, &err) ||
	    gf_store_sheet(s, &pdf, &pdf_len, &cached, &sys, id, render, NULL, &err) ||
	    gf_store_get(s, &sub, &sys, id, &err)) {
		fprintf(stderr, "bench_archive: %s\n", err.msg);
		return -1;
	}
	json_t *ov = json_object();
	char cid[48];
	if (sub.cloud_id)
		snprintf(cid, sizeof cid, "%s", sub.cloud_id);
	else
		gf_sheet_number(sheets, rec, NULL, cid, sizeof cid, &err);
	json_object_set_new(ov, "system.cloud_id", json_string(cid));
	gf_sheet_result r = {0};
	if (gf_sheet_render(sheets, rec, ov, &r, &err))
		return -1;
	gf_sheet_geom g = r.geom;
	gf_sheet_result_free(&r);
	double c[3][2];
	for (int i = 0; i < 3; i++) {
		c[i][0] = g.seals[i].x + g.seals[i].w / 2;
		c[i][1] = g.seals[i].y + g.seals[i].h / 2;
	}
	if (sm_scanner_pdf(pdf, pdf_len, g.pages, 300, 85, g.pages - 1, g.page_h,
			   (const double(*)[2])c, 2, 0.9, &pdf_out->data, &pdf_out->len))
		return -1;
	pdf_out->pages = g.pages;
	sm_img page, ph;
	if (sm_rasterise(pdf, pdf_len, g.pages - 1, 150, &page))
		return -1;
	sm_stamp(&page, g.page_h, c[0][0], c[0][1], 42, 0.95, 1);
	if (sm_photo(&page, &ph, 5, 1.2, 0.35, 2) || sm_jpeg(&ph, 85, &photo_out->data, &photo_out->len))
		return -1;
	photo_out->pages = 1;
	sm_img_free(&page);
	sm_img_free(&ph);
	json_decref(ov);
	json_decref(rec);
	gf_submission_clear(&sub);
	gf_free(pdf);
	gf_free(text);
	return 0;
}

/* In a child: archive n distinct copies of scan, then time reading alone. */
static void run(gf_store *s, gf_archive *a, const char *what, const scan_t *scan, int n)
{
	fflush(stdout);
	pid_t pid = fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
		unsigned char *copy = malloc(scan->len + 32);
		memcpy(copy, scan->data, scan->len);
		static int salt;
		salt = (int)getpid();
		double t0 = now();
		int ok = 0;
		for (int i = 0; i < n; i++) {
			int k = snprintf((char *)copy + scan->len, 32, "\n%%%d-%d\n", salt, i);
			gf_archive_entry e;
			int again;
			gf_error err = {0};
			gf_archive_in in = {what, NULL};
			if (gf_archive_add(a, s, &sys, copy, scan->len + (size_t)k, &in, &e, &again,
					   &err) == 0) {
				ok++;
				gf_archive_entry_clear(&e);
			} else {
				fprintf(stderr, "%s: %s\n", what, err.msg);
			}
		}
		double t1 = now();
		gf_scanner *sc;
		gf_error err = {0};
		gf_scanner_new(&sc, &err);
		double t2 = now();
		for (int i = 0; i < n; i++) {
			gf_scan sr;
			if (gf_scan_read(sc, &sr, scan->data, scan->len, &err) == 0)
				gf_scan_free(&sr);
		}
		double t3 = now();
		gf_scanner_free(sc);
		double add = (t1 - t0) / n, rd = (t3 - t2) / n;
		printf("%-18s %3d archived of %d, %6.1f ms a scan (%d page%s): %5.1f scans/s, "
		       "%5.1f pages/s; reading alone %6.1f ms (%5.1f pages/s)\n",
		       what, ok, n, add * 1000, scan->pages, scan->pages == 1 ? "" : "s", 1 / add,
		       scan->pages / add, rd * 1000, scan->pages / rd);
		fflush(stdout);
		_exit(0);
	}
	int status;
	struct rusage ru;
	if (wait4(pid, &status, 0, &ru) == pid)
		printf("%-18s peak RSS %.1f MiB (the child, fixtures included)\n", what,
		       ru.ru_maxrss / 1024.0);
}

int main(int argc, char **argv)
{
	int n = 20;
	if (argc == 3 && strcmp(argv[1], "-n") == 0) {
		long v = strtol(argv[2], NULL, 10);
		n = v > 0 && v < 100000 ? (int)v : 20;
	}
	char dir[] = "/tmp/gf-bench-archive-XXXXXX";
	if (!mkdtemp(dir))
		return 2;
	gf_store *s;
	gf_archive *a;
	gf_error err = {0};
	if (gf_store_open(&s, dir, &err) || gf_sheets_load(&sheets, NULL, NULL, &err) ||
	    gf_archive_load(&a, NULL, sheets, &err)) {
		fprintf(stderr, "bench_archive: %s\n", err.msg);
		return 2;
	}
	scan_t act_pdf, act_photo, exit_pdf, exit_photo;
	if (make(s, "request.json", &act_pdf, &act_photo) ||
	    make(s, "exit-request.json", &exit_pdf, &exit_photo)) {
		fprintf(stderr, "bench_archive: cannot make the scans\n");
		return 2;
	}
	printf("scans: activation PDF 300 dpi %zu KiB, photo %zu KiB; exit PDF %zu KiB, photo %zu KiB\n",
	       act_pdf.len / 1024, act_photo.len / 1024, exit_pdf.len / 1024, exit_photo.len / 1024);
	fflush(stdout);
	run(s, a, "activation-pdf300", &act_pdf, n);
	run(s, a, "exit-pdf300", &exit_pdf, n);
	run(s, a, "activation-photo", &act_photo, n);
	run(s, a, "exit-photo", &exit_photo, n);
	gf_archive_free(a);
	gf_sheets_free(sheets);
	gf_store_close(s);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : 2;
}
