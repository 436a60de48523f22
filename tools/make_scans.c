/* make_scans - store a record, render its confirmation sheet and make scans
 * of it as the archive sees them (tests/cli_archive.sh, by hand):
 *
 *   make_scans --data DIR --record FILE.json --out DIR [--unit NAME]
 *
 * writes into --out: scanner-300.pdf (JPEG pages at 300 dpi, the unit's and
 * the provider's seals), scanner-200-all.pdf (200 dpi, three seals),
 * photo.jpg (the last page photographed: 5° off, uneven light, unit and
 * bureau seals), nocode.pdf (codes painted over), sheet.pdf (the sheet), and
 * prints the sheet's cloud id. Scans are made by tests/scanmaker.c. */
#include "core/alloc.h"
#include "core/buf.h"
#include "scanmaker.h"
#include "sheet/sheet.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gf_sheets *sheets;

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

static int write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	gf_error err = {0};
	if (gf_file_write_atomic(path, data, len, 0, &err)) {
		fprintf(stderr, "make_scans: %s\n", err.msg);
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *data = NULL, *recpath = NULL, *out = NULL, *unit = NULL;
	for (int i = 1; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--data") == 0)
			data = argv[i + 1];
		else if (strcmp(argv[i], "--record") == 0)
			recpath = argv[i + 1];
		else if (strcmp(argv[i], "--out") == 0)
			out = argv[i + 1];
		else if (strcmp(argv[i], "--unit") == 0)
			unit = argv[i + 1];
	}
	if (!data || !recpath || !out) {
		fprintf(stderr, "usage: make_scans --data DIR --record FILE.json --out DIR [--unit NAME]\n");
		return 64;
	}
	gf_error err = {0};
	gf_store *s;
	char *text;
	size_t len;
	if (gf_store_open(&s, data, &err) || gf_sheets_load(&sheets, NULL, NULL, &err) ||
	    gf_file_read(&text, &len, recpath, (size_t)16 << 20, &err)) {
		fprintf(stderr, "make_scans: %s\n", err.msg);
		return 2;
	}
	json_t *rec = json_loads(text, 0, NULL);
	if (!unit)
		unit = json_string_value(json_object_get(
			json_object_get(json_object_get(rec, "fields"), "unit"), "name"));
	gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
	int64_t id;
	char *pdf;
	size_t pdf_len;
	int cached;
	gf_submission sub;
	if (!rec || gf_store_submit(s, &id, &sys, text, len, recpath, NULL, rec, unit, &err) ||
	    gf_store_sheet(s, &pdf, &pdf_len, &cached, &sys, id, render, NULL, &err) ||
	    gf_store_get(s, &sub, &sys, id, &err)) {
		fprintf(stderr, "make_scans: %s\n", err.msg);
		return 2;
	}
	json_t *ov = sub.overrides ? json_loads(sub.overrides, 0, NULL) : json_object();
	char cid[48];
	const char *own = json_string_value(json_object_get(
		json_object_get(json_object_get(rec, "fields"), "system"), "cloud_id"));
	if (sub.cloud_id || own)
		snprintf(cid, sizeof cid, "%s", sub.cloud_id ? sub.cloud_id : own);
	else
		gf_sheet_number(sheets, rec, ov, cid, sizeof cid, &err);
	json_object_set_new(ov, "system.cloud_id", json_string(cid));
	gf_sheet_result r = {0};
	if (gf_sheet_render(sheets, rec, ov, &r, &err)) {
		fprintf(stderr, "make_scans: %s\n", err.msg);
		return 2;
	}
	gf_sheet_geom g = r.geom;
	gf_sheet_result_free(&r);
	double c[3][2];
	for (int i = 0; i < 3 && i < g.n_seals; i++) {
		c[i][0] = g.seals[i].x + g.seals[i].w / 2;
		c[i][1] = g.seals[i].y + g.seals[i].h / 2;
	}
	int rc = write_file(out, "sheet.pdf", pdf, pdf_len);
	unsigned char *o;
	size_t ol;
	if (!rc && !sm_scanner_pdf(pdf, pdf_len, g.pages, 300, 85, g.pages - 1, g.page_h,
				   (const double(*)[2])c, 2, 0.9, &o, &ol)) {
		rc = write_file(out, "scanner-300.pdf", o, ol);
		free(o);
	}
	if (!rc && !sm_scanner_pdf(pdf, pdf_len, g.pages, 200, 85, g.pages - 1, g.page_h,
				   (const double(*)[2])c, 3, 0.9, &o, &ol)) {
		rc = write_file(out, "scanner-200-all.pdf", o, ol);
		free(o);
	}
	sm_img page, ph;
	if (!rc && !sm_rasterise(pdf, pdf_len, g.pages - 1, 150, &page)) {
		sm_stamp(&page, g.page_h, c[0][0], c[0][1], 42, 0.95, 3);
		sm_stamp(&page, g.page_h, c[2][0], c[2][1], 42, 0.95, 4);
		if (!sm_photo(&page, &ph, 5, 1.1, 0.35, 9) && !sm_jpeg(&ph, 82, &o, &ol)) {
			rc = write_file(out, "photo.jpg", o, ol);
			free(o);
		}
		sm_img_free(&ph);
		sm_img_free(&page);
	}
	/* every page's code painted over */
	unsigned char *jp[16];
	size_t jl[16];
	int w[16], h[16], n = 0;
	for (int i = 0; !rc && i < g.pages && i < 16; i++) {
		if (sm_rasterise(pdf, pdf_len, i, 150, &page))
			break;
		sm_blank(&page, g.page_h, g.qr.x - 4, g.qr.y - 4, g.qr.w + 8, g.qr.h + 8);
		if (sm_jpeg(&page, 85, &jp[n], &jl[n]) == 0) {
			w[n] = page.w;
			h[n] = page.h;
			n++;
		}
		sm_img_free(&page);
	}
	if (!rc && n == g.pages && !sm_pdf_of_jpegs(jp, jl, w, h, n, &o, &ol)) {
		rc = write_file(out, "nocode.pdf", o, ol);
		free(o);
	}
	for (int i = 0; i < n; i++)
		free(jp[i]);
	printf("%s\n", cid);
	json_decref(ov);
	json_decref(rec);
	gf_submission_clear(&sub);
	gf_free(pdf);
	gf_free(text);
	gf_sheets_free(sheets);
	gf_store_close(s);
	return rc ? 2 : 0;
}
