/* Archive: real sheets rendered and stored, stamped with red 42 mm seals,
 * scanned as an office scanner does (JPEG pages in a PDF, 200-300 dpi) and
 * photographed (rotated 3-7°, scaled, uneven light, JPEG); the match, each
 * seal's verdict, stale record versions, the hand match, write-once
 * entries, verification and who may see what. */
#include "support.h"

#include "archive/archive.h"
#include "archive/scan.h"
#include "core/alloc.h"
#include "core/sha256.h"
#include "scanmaker.h"
#include "sheet/sheet.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[64];
static gf_store *store;
static gf_sheets *sheets;
static gf_archive *archive;
static gf_principal admin = {0, GF_ROLE_ADMIN, "", ""};
static gf_principal unit_hr, unit_edu, prov_telecom;

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

static gf_principal principal(gf_role role, const char *unit, const char *prov)
{
	char *tok = NULL;
	int64_t id;
	gf_error err = {0};
	assert_int_equal(gf_store_token_create(store, &tok, &id, role, unit, prov, "t", &err), 0);
	gf_principal p;
	assert_int_equal(gf_store_authenticate(store, &p, tok, &err), 0);
	gf_free(tok);
	return p;
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gf-archive-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	gf_error err = {0};
	if (gf_store_open(&store, dir, &err) || gf_sheets_load(&sheets, NULL, NULL, &err) ||
	    gf_archive_load(&archive, NULL, sheets, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	unit_hr = principal(GF_ROLE_UNIT, "淮北市人力资源和社会保障局", NULL);
	unit_edu = principal(GF_ROLE_UNIT, "淮北市教育局", NULL);
	prov_telecom = principal(GF_ROLE_PROVIDER, NULL, "电信");
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gf_archive_free(archive);
	gf_sheets_free(sheets);
	gf_store_close(store);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

/* A stored submission of a record file with its sheet. */
typedef struct sheet_t {
	int64_t id;
	char cloud_id[48];
	char *pdf;
	size_t pdf_len;
	gf_sheet_geom geom;
	json_t *record;
} sheet_t;

static void sheet_free(sheet_t *s)
{
	gf_free(s->pdf);
	json_decref(s->record);
}

static void geom_of(sheet_t *s, const gf_submission *sub)
{
	json_t *ov = sub->overrides ? json_loads(sub->overrides, 0, NULL) : json_object();
	json_object_set_new(ov, "system.cloud_id", json_string(s->cloud_id));
	gf_sheet_result r = {0};
	gf_error err = {0};
	assert_int_equal(gf_sheet_render(sheets, s->record, ov, &r, &err), 0);
	s->geom = r.geom;
	gf_sheet_result_free(&r);
	json_decref(ov);
}

static sheet_t make_sheet(const char *file, const char *system_name)
{
	sheet_t s = {0};
	char path[256];
	snprintf(path, sizeof path, "records/%s", file);
	size_t len;
	char *text = gf_test_read(path, &len);
	s.record = json_loads(text, 0, NULL);
	assert_non_null(s.record);
	if (system_name)
		json_object_set_new(json_object_get(json_object_get(s.record, "fields"), "system"),
				    "name", json_string(system_name));
	const char *unit = json_string_value(
		json_object_get(json_object_get(json_object_get(s.record, "fields"), "unit"), "name"));
	gf_error err = {0};
	assert_int_equal(gf_store_submit(store, &s.id, &admin, text, len, file, NULL, s.record, unit,
					 &err),
			 0);
	free(text);
	int cached;
	assert_int_equal(gf_store_sheet(store, &s.pdf, &s.pdf_len, &cached, &admin, s.id, render,
					NULL, &err),
			 0);
	gf_submission sub;
	assert_int_equal(gf_store_get(store, &sub, &admin, s.id, &err), 0);
	const char *own = json_string_value(json_object_get(
		json_object_get(json_object_get(s.record, "fields"), "system"), "cloud_id"));
	if (sub.cloud_id || own) {
		snprintf(s.cloud_id, sizeof s.cloud_id, "%s", sub.cloud_id ? sub.cloud_id : own);
	} else {
		/* a change or exit sheet: the number derived from the record */
		json_t *ov = sub.overrides ? json_loads(sub.overrides, 0, NULL) : NULL;
		assert_int_equal(gf_sheet_number(sheets, s.record, ov, s.cloud_id, sizeof s.cloud_id,
						 &err),
				 0);
		json_decref(ov);
	}
	assert_true(s.cloud_id[0]);
	geom_of(&s, &sub);
	gf_submission_clear(&sub);
	return s;
}

/* Centres of the seal squares of the given parties (bit i = party i). */
static int centres(const sheet_t *s, unsigned parties, double c[][2])
{
	int n = 0;
	for (int i = 0; i < s->geom.n_seals; i++)
		if (parties & (1u << i)) {
			/* a hand is never exactly in the middle */
			c[n][0] = s->geom.seals[i].x + s->geom.seals[i].w / 2 + (i - 1) * 2.0;
			c[n][1] = s->geom.seals[i].y + s->geom.seals[i].h / 2 + 3.0;
			n++;
		}
	return n;
}

static int add(const gf_principal *who, const unsigned char *data, size_t len, const char *hand,
	       gf_archive_entry *e, gf_error *err)
{
	int again;
	gf_archive_in in = {"scan.pdf", hand};
	gf_error_clear(err);
	return gf_archive_add(archive, store, who, data, len, &in, e, &again, err);
}

static void expect_seals(const gf_archive_entry *e, const char *v0, const char *v1, const char *v2)
{
	json_t *seals = json_loads(e->seals, 0, NULL);
	assert_int_equal(json_array_size(seals), 3);
	const char *want[3] = {v0, v1, v2};
	for (int i = 0; i < 3; i++) {
		json_t *s = json_array_get(seals, (size_t)i);
		const char *got = json_string_value(json_object_get(s, "verdict"));
		if (strcmp(got, want[i]) != 0)
			fail_msg("seal %d (%s): %s, expected %s (coverage %.4f); detail %s", i,
				 json_string_value(json_object_get(s, "party")), got, want[i],
				 json_number_value(json_object_get(s, "coverage")), e->detail);
	}
	json_decref(seals);
	int complete = strcmp(v0, "present") == 0 && strcmp(v1, "present") == 0 &&
		       strcmp(v2, "present") == 0;
	assert_int_equal(e->seals_complete, complete);
}

static unsigned char *scanner(const sheet_t *s, double dpi, unsigned parties, double strength,
			      size_t *len)
{
	double c[8][2];
	int n = centres(s, parties, c);
	unsigned char *pdf;
	assert_int_equal(sm_scanner_pdf(s->pdf, s->pdf_len, s->geom.pages, dpi, 85,
					s->geom.pages - 1, s->geom.page_h, (const double(*)[2])c,
					n, strength, &pdf, len),
			 0);
	return pdf;
}

static unsigned char *photo(const sheet_t *s, unsigned parties, double angle, double scale,
			    double gradient, size_t *len)
{
	sm_img page, ph;
	assert_int_equal(sm_rasterise(s->pdf, s->pdf_len, s->geom.pages - 1, 150, &page), 0);
	double c[8][2];
	int n = centres(s, parties, c);
	for (int i = 0; i < n; i++)
		sm_stamp(&page, s->geom.page_h, c[i][0], c[i][1], 42, 0.95, 11u + (unsigned)i);
	assert_int_equal(sm_photo(&page, &ph, angle, scale, gradient, 5), 0);
	unsigned char *jpg;
	assert_int_equal(sm_jpeg(&ph, 82, &jpg, len), 0);
	sm_img_free(&page);
	sm_img_free(&ph);
	return jpg;
}

/* ---- tests ---- */

static void test_scanner_300dpi(void **state)
{
	(void)state;
	sheet_t s = make_sheet("request.json", NULL);
	assert_int_equal(s.geom.pages, 2);
	size_t len;
	unsigned char *pdf = scanner(&s, 300, 0x3, 0.9, &len);
	gf_archive_entry e;
	gf_error err = {0};
	int rc = add(&unit_hr, pdf, len, NULL, &e, &err);
	if (rc)
		fail_msg("add: %s", err.msg);
	assert_string_equal(e.match, "qr");
	assert_string_equal(e.cloud_id, s.cloud_id);
	assert_string_equal(e.kind, "activation");
	assert_int_equal(e.submission_id, s.id);
	assert_string_equal(e.unit, "淮北市人力资源和社会保障局");
	assert_int_equal(e.stale, 0);
	assert_string_equal(e.printed_sha256, e.current_sha256);
	assert_string_equal(e.content_type, "application/pdf");
	char sha[65];
	gf_sha256_hex(pdf, len, sha);
	assert_string_equal(e.scan_sha256, sha);
	expect_seals(&e, "present", "present", "absent");
	json_t *d = json_loads(e.detail, 0, NULL);
	assert_int_equal(json_integer_value(json_object_get(d, "seal_page")), 2);
	assert_int_equal(json_integer_value(json_object_get(d, "pages")), 2);
	json_decref(d);
	char sum[1024];
	gf_archive_summary(&e, sum, sizeof sum);
	assert_non_null(strstr(sum, "matched to"));
	assert_non_null(strstr(sum, "unit ✔, provider ✔, bureau ✖"));
	/* the same file again is the same entry */
	gf_archive_entry again;
	int existing;
	gf_archive_in in = {"again.pdf", NULL};
	assert_int_equal(gf_archive_add(archive, store, &admin, pdf, len, &in, &again, &existing, &err), 0);
	assert_int_equal(existing, 1);
	assert_int_equal(again.id, e.id);
	gf_archive_entry_clear(&again);
	gf_archive_entry_clear(&e);
	free(pdf);
	sheet_free(&s);
}

static void test_scanner_200dpi_complete(void **state)
{
	(void)state;
	sheet_t s = make_sheet("change-request.json", NULL);
	size_t len;
	unsigned char *pdf = scanner(&s, 200, 0x7, 0.9, &len);
	gf_archive_entry e;
	gf_error err = {0};
	if (add(&unit_edu, pdf, len, NULL, &e, &err))
		fail_msg("add: %s", err.msg);
	assert_string_equal(e.kind, "change");
	assert_string_equal(e.cloud_id, s.cloud_id);
	expect_seals(&e, "present", "present", "present");
	gf_archive_entry_clear(&e);
	free(pdf);
	/* no seal at all */
	pdf = scanner(&s, 240, 0x0, 0.9, &len);
	if (add(&unit_edu, pdf, len, NULL, &e, &err))
		fail_msg("add: %s", err.msg);
	expect_seals(&e, "absent", "absent", "absent");
	gf_archive_entry_clear(&e);
	free(pdf);
	sheet_free(&s);
}

static void test_phone_photos(void **state)
{
	(void)state;
	sheet_t s = make_sheet("exit-request.json", NULL);
	static const struct {
		double angle, scale, gradient;
		unsigned parties;
	} shots[] = {
		{3.0, 1.15, 0.30, 0x5},
		{-5.0, 1.0, 0.40, 0x3},
		{7.0, 0.9, 0.25, 0x6},
	};
	for (size_t i = 0; i < sizeof shots / sizeof shots[0]; i++) {
		size_t len;
		unsigned char *jpg = photo(&s, shots[i].parties, shots[i].angle, shots[i].scale,
					   shots[i].gradient, &len);
		gf_archive_entry e;
		gf_error err = {0};
		if (add(&admin, jpg, len, NULL, &e, &err))
			fail_msg("photo %zu: %s", i, err.msg);
		assert_string_equal(e.kind, "exit");
		assert_string_equal(e.content_type, "image/jpeg");
		assert_int_equal(e.stale, 0);
		unsigned p = shots[i].parties;
		expect_seals(&e, p & 1 ? "present" : "absent", p & 2 ? "present" : "absent",
			     p & 4 ? "present" : "absent");
		gf_archive_entry_clear(&e);
		free(jpg);
	}
	sheet_free(&s);
}

static void test_stale_version(void **state)
{
	(void)state;
	sheet_t s = make_sheet("hosting-request.json", NULL);
	size_t len;
	unsigned char *pdf = scanner(&s, 250, 0x7, 0.9, &len);
	/* the admin changes the record after the paper was printed */
	gf_error err = {0};
	json_t *ov = json_pack("{ss}", "other", "补充：增加一台备份服务器");
	assert_int_equal(gf_store_set_overrides(store, &admin, s.id, ov, &err), 0);
	json_decref(ov);
	gf_archive_entry e;
	if (add(&admin, pdf, len, NULL, &e, &err))
		fail_msg("add: %s", err.msg);
	assert_int_equal(e.stale, 1);
	assert_string_not_equal(e.printed_sha256, e.current_sha256);
	assert_int_equal(e.submission_id, s.id);
	expect_seals(&e, "present", "present", "present");
	char sum[1024];
	gf_archive_summary(&e, sum, sizeof sum);
	assert_non_null(strstr(sum, "another version"));
	gf_archive_entry_clear(&e);
	free(pdf);
	sheet_free(&s);
}

static void test_unreadable_code_by_hand(void **state)
{
	(void)state;
	sheet_t s = make_sheet("request.json", "淮北市就业服务平台");
	/* every page with its code painted over */
	unsigned char *jp[4];
	size_t jl[4];
	int w[4], h[4];
	for (int i = 0; i < s.geom.pages; i++) {
		sm_img im;
		assert_int_equal(sm_rasterise(s.pdf, s.pdf_len, i, 200, &im), 0);
		sm_blank(&im, s.geom.page_h, s.geom.qr.x - 4, s.geom.qr.y - 4, s.geom.qr.w + 8,
			 s.geom.qr.h + 8);
		assert_int_equal(sm_jpeg(&im, 85, &jp[i], &jl[i]), 0);
		w[i] = im.w;
		h[i] = im.h;
		sm_img_free(&im);
	}
	unsigned char *pdf;
	size_t len;
	assert_int_equal(sm_pdf_of_jpegs(jp, jl, w, h, s.geom.pages, &pdf, &len), 0);
	for (int i = 0; i < s.geom.pages; i++)
		free(jp[i]);
	gf_archive_entry e;
	gf_error err = {0};
	assert_int_equal(add(&unit_hr, pdf, len, NULL, &e, &err), GF_EUNREADABLE);
	assert_non_null(strstr(err.msg, "by hand"));
	/* only the admin attaches by hand */
	assert_int_equal(add(&unit_hr, pdf, len, s.cloud_id, &e, &err), GF_EINVAL);
	assert_int_equal(add(&admin, pdf, len, "HBZWY-1999-999999", &e, &err), GF_ENOTFOUND);
	if (add(&admin, pdf, len, s.cloud_id, &e, &err))
		fail_msg("attach: %s", err.msg);
	assert_string_equal(e.match, "hand");
	assert_null(e.printed_sha256);
	assert_int_equal(e.submission_id, s.id);
	assert_int_equal(e.stale, 0);
	expect_seals(&e, "uncertain", "uncertain", "uncertain");
	gf_archive_entry_clear(&e);
	free(pdf);
	/* a readable code naming another number than the one given */
	pdf = scanner(&s, 200, 0x1, 0.9, &len);
	assert_int_equal(add(&admin, pdf, len, "HBZWY-1999-999999", &e, &err), GF_EINVAL);
	free(pdf);
	sheet_free(&s);
}

static void test_not_a_scan(void **state)
{
	(void)state;
	gf_archive_entry e;
	gf_error err = {0};
	const char junk[] = "this is not a scan at all";
	assert_int_equal(add(&admin, (const unsigned char *)junk, sizeof junk, NULL, &e, &err),
			 GF_EUNREADABLE);
	const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n";
	assert_int_equal(add(&admin, (const unsigned char *)pdf, sizeof pdf - 1, NULL, &e, &err),
			 GF_EUNREADABLE);
	const unsigned char jpg[] = {0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0};
	assert_int_equal(add(&admin, jpg, sizeof jpg, NULL, &e, &err), GF_EUNREADABLE);
}

static void test_access(void **state)
{
	(void)state;
	sheet_t s = make_sheet("request.json", "淮北市劳动监察系统");
	size_t len;
	unsigned char *pdf = scanner(&s, 200, 0x7, 0.9, &len);
	gf_archive_entry e;
	gf_error err = {0};
	/* another unit cannot archive it: the record is not theirs */
	assert_int_equal(add(&unit_edu, pdf, len, NULL, &e, &err), GF_ENOTFOUND);
	if (add(&unit_hr, pdf, len, NULL, &e, &err))
		fail_msg("add: %s", err.msg);
	int64_t id = e.id;
	gf_archive_entry_clear(&e);
	/* the other unit neither finds nor fetches it */
	gf_archive_filter f = {0};
	f.complete = -1;
	f.cloud_id = s.cloud_id;
	gf_archive_entry *v;
	size_t n;
	int64_t total;
	assert_int_equal(gf_store_archive_list(store, &v, &n, &total, &unit_edu, &f, &err), 0);
	assert_int_equal(total, 0);
	gf_archive_entries_free(v, n);
	assert_int_equal(gf_store_archive_get(store, &e, &unit_edu, id, &err), GF_ENOTFOUND);
	char *data;
	size_t dlen;
	assert_int_equal(gf_store_archive_scan(store, &data, &dlen, NULL, &unit_edu, id, &err),
			 GF_ENOTFOUND);
	/* the owner, its provider and the admin do */
	assert_int_equal(gf_store_archive_list(store, &v, &n, &total, &unit_hr, &f, &err), 0);
	assert_int_equal(total, 1);
	assert_int_equal(v[0].id, id);
	gf_archive_entries_free(v, n);
	/* a provider sees the scans of its platform only */
	gf_submission sub;
	assert_int_equal(gf_store_get(store, &sub, &admin, s.id, &err), 0);
	if (sub.provider) {
		gf_principal p = principal(GF_ROLE_PROVIDER, NULL, sub.provider);
		assert_int_equal(gf_store_archive_get(store, &e, &p, id, &err), 0);
		gf_archive_entry_clear(&e);
	}
	int other = !sub.provider || strcmp(sub.provider, "电信") != 0;
	assert_int_equal(gf_store_archive_get(store, &e, &prov_telecom, id, &err),
			 other ? GF_ENOTFOUND : GF_OK);
	gf_archive_entry_clear(&e);
	gf_submission_clear(&sub);
	assert_int_equal(gf_store_archive_scan(store, &data, &dlen, NULL, &unit_hr, id, &err), 0);
	assert_int_equal(dlen, len);
	assert_memory_equal(data, pdf, len);
	gf_free(data);
	/* search filters */
	f.cloud_id = NULL;
	f.complete = 1;
	f.system = "劳动监察";
	assert_int_equal(gf_store_archive_list(store, &v, &n, &total, &admin, &f, &err), 0);
	assert_int_equal(total, 1);
	gf_archive_entries_free(v, n);
	f.complete = 0;
	assert_int_equal(gf_store_archive_list(store, &v, &n, &total, &admin, &f, &err), 0);
	assert_int_equal(total, 0);
	gf_archive_entries_free(v, n);
	free(pdf);
	sheet_free(&s);
}

static void test_write_once_and_verify(void **state)
{
	(void)state;
	gf_error err = {0};
	int64_t checked, bad;
	assert_int_equal(gf_store_archive_verify(store, &unit_hr, NULL, NULL, &checked, &bad, &err),
			 GF_EINVAL);
	assert_int_equal(gf_store_archive_verify(store, &admin, NULL, NULL, &checked, &bad, &err), 0);
	assert_true(checked > 0);
	assert_int_equal(bad, 0);
	/* the database refuses changes */
	char path[256];
	snprintf(path, sizeof path, "%s/govforms.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE archive SET stale = 0", NULL, NULL, NULL),
			     SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM archive", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT scan_sha256 FROM archive ORDER BY id LIMIT 1",
					    -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	char sha[65];
	snprintf(sha, sizeof sha, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	/* a file changed on disk is caught */
	snprintf(path, sizeof path, "%s/blobs/%.2s/%s", dir, sha, sha);
	FILE *fp = fopen(path, "r+b");
	assert_non_null(fp);
	fseek(fp, 100, SEEK_SET);
	fputc('X', fp);
	fclose(fp);
	assert_int_equal(gf_store_archive_verify(store, &admin, NULL, NULL, &checked, &bad, &err), 0);
	assert_int_equal(bad, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scanner_300dpi),
		cmocka_unit_test(test_scanner_200dpi_complete),
		cmocka_unit_test(test_phone_photos),
		cmocka_unit_test(test_stale_version),
		cmocka_unit_test(test_unreadable_code_by_hand),
		cmocka_unit_test(test_not_a_scan),
		cmocka_unit_test(test_access),
		cmocka_unit_test(test_write_once_and_verify),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
