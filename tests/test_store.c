/* Store: tokens, submissions, visibility, sheets and cloud ids, the audit
 * chain and its tamper checks, stored bodies against their hashes. */
#include "support.h"

#include "core/alloc.h"
#include "store/store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gf-store-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static json_t *record(const char *form, int valid, const char *unit, const char *provider,
		      const char *system)
{
	json_t *r = json_pack("{ss ss s{ss ss} sb s{s{ss} s{ss} s{ss}} s[]}", "schema",
			      "govforms.record/1", "form", form, "source", "name", "a.docx",
			      "format", "docx", "valid", valid, "fields", "unit", "name", unit,
			      "cloud", "provider", provider, "system", "name", system,
			      "diagnostics");
	if (!valid)
		json_array_append_new(json_object_get(r, "diagnostics"),
				      json_pack("{ss ss ss}", "severity", "error", "code",
						"required", "field", "owner.email"));
	return r;
}

static int64_t submit(gf_store *s, const gf_principal *who, const char *form, int valid,
		      const char *unit, const char *provider, const char *body)
{
	json_t *r = record(form, valid, unit, provider, "政务系统");
	int64_t id = 0;
	gf_error err = {0};
	assert_int_equal(gf_store_submit(s, &id, who, body, strlen(body), "a.docx",
					 "application/octet-stream", r, unit, &err), 0);
	json_decref(r);
	assert_true(id > 0);
	return id;
}

static gf_principal principal(gf_store *s, gf_role role, const char *unit, const char *prov)
{
	char *tok = NULL;
	int64_t id;
	gf_error err = {0};
	assert_int_equal(gf_store_token_create(s, &tok, &id, role, unit, prov, "t", &err), 0);
	gf_principal p;
	assert_int_equal(gf_store_authenticate(s, &p, tok, &err), 0);
	assert_int_equal(p.token_id, id);
	gf_free(tok);
	return p;
}

static void test_tokens(void **state)
{
	(void)state;
	gf_store *s;
	gf_error err = {0};
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	char *tok;
	int64_t id;
	assert_int_equal(gf_store_token_create(s, &tok, &id, GF_ROLE_UNIT, NULL, NULL, NULL, &err),
			 GF_EINVAL);
	gf_error_clear(&err);
	assert_int_equal(gf_store_token_create(s, &tok, &id, GF_ROLE_PROVIDER, NULL, "铁通", NULL,
					       &err), GF_EINVAL);
	gf_error_clear(&err);
	assert_int_equal(gf_store_token_create(s, &tok, &id, GF_ROLE_PROVIDER, NULL, "电信云", "x",
					       &err), 0);
	assert_int_equal(strlen(tok), 4 + 64);
	gf_principal p;
	assert_int_equal(gf_store_authenticate(s, &p, tok, &err), 0);
	assert_int_equal(p.role, GF_ROLE_PROVIDER);
	assert_string_equal(p.provider, "电信");
	assert_int_equal(gf_store_authenticate(s, &p, "gft_nope", &err), GF_ENOTFOUND);
	gf_error_clear(&err);
	assert_int_equal(gf_store_token_revoke(s, id, &err), 0);
	assert_int_equal(gf_store_authenticate(s, &p, tok, &err), GF_ENOTFOUND);
	gf_error_clear(&err);
	assert_int_equal(gf_store_token_revoke(s, id, &err), GF_ENOTFOUND);
	gf_error_clear(&err);
	json_t *list;
	assert_int_equal(gf_store_token_list(s, &list, &err), 0);
	assert_true(json_array_size(list) >= 1);
	json_t *last = json_array_get(list, json_array_size(list) - 1);
	assert_true(json_is_integer(json_object_get(last, "revoked_ms")));
	/* the token itself is never stored */
	char *dump = json_dumps(list, 0);
	assert_null(strstr(dump, tok + 4));
	free(dump);
	json_decref(list);
	gf_free(tok);
	gf_store_close(s);
}

static void test_visibility(void **state)
{
	(void)state;
	gf_store *s;
	gf_error err = {0};
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	gf_principal a = principal(s, GF_ROLE_UNIT, "淮北市教育局", NULL);
	gf_principal b = principal(s, GF_ROLE_UNIT, "淮北市公安局", NULL);
	gf_principal tel = principal(s, GF_ROLE_PROVIDER, NULL, "电信");
	gf_principal mob = principal(s, GF_ROLE_PROVIDER, NULL, "移动");
	gf_principal adm = principal(s, GF_ROLE_ADMIN, NULL, NULL);
	int64_t ia = submit(s, &a, "request", 1, "淮北市教育局", "电信", "body-a");
	int64_t ib = submit(s, &b, "request", 0, "淮北市公安局", "移动", "body-b");

	const gf_principal *who[] = {&a, &b, &tel, &mob, &adm};
	/* rows: principal; columns: can see ia, can see ib */
	const int see[5][2] = {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 1}};
	for (int i = 0; i < 5; i++) {
		gf_submission sub;
		for (int j = 0; j < 2; j++) {
			int64_t id = j ? ib : ia;
			int rc = gf_store_get(s, &sub, who[i], id, &err);
			gf_error_clear(&err);
			assert_int_equal(rc, see[i][j] ? 0 : GF_ENOTFOUND);
			if (!rc) {
				assert_int_equal(sub.id, id);
				assert_non_null(sub.record);
				gf_submission_clear(&sub);
			}
			char *body;
			size_t len;
			rc = gf_store_original(s, &body, &len, NULL, who[i], id, &err);
			gf_error_clear(&err);
			assert_int_equal(rc, see[i][j] ? 0 : GF_ENOTFOUND);
			if (!rc) {
				assert_memory_equal(body, j ? "body-b" : "body-a", 6);
				gf_free(body);
			}
		}
		gf_submission *v;
		size_t n;
		int64_t total;
		gf_filter f = {0};
		/* a filter naming the other unit does not widen the scope */
		f.unit = "淮北市公安局";
		assert_int_equal(gf_store_list(s, &v, &n, &total, who[i], &f, &err), 0);
		assert_int_equal(n, see[i][1]);
		gf_submissions_free(v, n);
		gf_filter q = {0};
		q.q = "淮北市";
		assert_int_equal(gf_store_list(s, &v, &n, &total, who[i], &q, &err), 0);
		assert_int_equal(n, (size_t)(see[i][0] + see[i][1]));
		assert_int_equal(total, see[i][0] + see[i][1]);
		for (size_t k = 0; k < n; k++)
			assert_null(v[k].record);
		gf_submissions_free(v, n);
	}
	/* filters: state, form, paging */
	gf_submission *v;
	size_t n;
	int64_t total;
	gf_filter f = {0};
	f.state = "invalid";
	assert_int_equal(gf_store_list(s, &v, &n, &total, &adm, &f, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].id, ib);
	assert_string_equal(v[0].provider, "移动");
	assert_int_equal(v[0].errors, 1);
	gf_submissions_free(v, n);
	gf_filter p = {0};
	p.limit = 1;
	p.offset = 1;
	assert_int_equal(gf_store_list(s, &v, &n, &total, &adm, &p, &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	assert_int_equal(v[0].id, ia); /* newest first */
	gf_submissions_free(v, n);
	gf_filter t = {0};
	t.since_ms = (int64_t)time(NULL) * 1000 + 60000;
	assert_int_equal(gf_store_list(s, &v, &n, &total, &adm, &t, &err), 0);
	assert_int_equal(n, 0);
	gf_submissions_free(v, n);
	gf_store_close(s);
}

static int renders;

static int fake_render(void *ctx, char **out, size_t *out_len, const json_t *record,
		       const json_t *overrides, gf_error *err)
{
	(void)ctx;
	(void)err;
	renders++;
	char *o = json_dumps(overrides, JSON_COMPACT | JSON_SORT_KEYS);
	const char *form = json_string_value(json_object_get(record, "form"));
	size_t n = strlen(o) + strlen(form) + 16;
	*out = gf_malloc(n);
	*out_len = (size_t)snprintf(*out, n, "%%PDF %s %s", form, o);
	free(o);
	return 0;
}

static void test_sheets(void **state)
{
	(void)state;
	gf_store *s;
	gf_error err = {0};
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	gf_principal u = principal(s, GF_ROLE_UNIT, "淮北市财政局", NULL);
	gf_principal adm = principal(s, GF_ROLE_ADMIN, NULL, NULL);
	int64_t i1 = submit(s, &u, "request", 1, "淮北市财政局", "联通", "r1");
	int64_t i2 = submit(s, &u, "exit-request", 1, "淮北市财政局", "联通", "r2");
	int64_t i3 = submit(s, &u, "hosting-request", 1, "淮北市财政局", "联通", "r3");
	int64_t bad = submit(s, &u, "request", 0, "淮北市财政局", "联通", "r4");
	char *pdf;
	size_t len;
	int cached;
	renders = 0;
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &u, i1, fake_render, NULL, &err), 0);
	assert_false(cached);
	char year[8];
	time_t now = time(NULL);
	strftime(year, sizeof year, "%Y", localtime(&now));
	char want[64];
	snprintf(want, sizeof want, "\"system.cloud_id\":\"HBZWY-%s-000001\"", year);
	assert_non_null(strstr(pdf, want));
	gf_free(pdf);
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &adm, i1, fake_render, NULL, &err), 0);
	assert_true(cached);
	assert_int_equal(renders, 1);
	gf_free(pdf);
	/* exit sheets carry no cloud id; hosting requests take the next number */
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &u, i2, fake_render, NULL, &err), 0);
	assert_null(strstr(pdf, "cloud_id"));
	gf_free(pdf);
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &u, i3, fake_render, NULL, &err), 0);
	snprintf(want, sizeof want, "HBZWY-%s-000002", year);
	assert_non_null(strstr(pdf, want));
	gf_free(pdf);
	/* overrides: admin only; a new set renders again, keeping the cloud id */
	json_t *ov = json_pack("{ss}", "system.operating_hours", "7×24小时");
	assert_int_equal(gf_store_set_overrides(s, &u, i1, ov, &err), GF_EINVAL);
	gf_error_clear(&err);
	assert_int_equal(gf_store_set_overrides(s, &adm, i1, ov, &err), 0);
	json_decref(ov);
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &u, i1, fake_render, NULL, &err), 0);
	assert_false(cached);
	assert_non_null(strstr(pdf, "7×24小时"));
	snprintf(want, sizeof want, "HBZWY-%s-000001", year);
	assert_non_null(strstr(pdf, want));
	gf_free(pdf);
	gf_submission sub;
	assert_int_equal(gf_store_get(s, &sub, &adm, i1, &err), 0);
	assert_string_equal(sub.cloud_id, want);
	gf_submission_clear(&sub);
	/* an invalid form has no sheet */
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &u, bad, fake_render, NULL, &err),
			 GF_EINVAL);
	gf_error_clear(&err);
	gf_store_close(s);
}

static void tamper(const char *sql)
{
	char path[128];
	snprintf(path, sizeof path, "%s/govforms.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
	sqlite3_close(db);
}

static void expect_verify(int good, const char *reason_part)
{
	gf_store *s;
	gf_error err = {0};
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	gf_audit_report r;
	assert_int_equal(gf_store_verify(s, &r, 1, &err), 0);
	if (good) {
		assert_int_equal(r.bad_seq, 0);
		assert_int_equal(r.bad_blobs, 0);
		assert_true(r.entries > 10);
		assert_true(r.blobs >= 4);
	} else {
		assert_true(r.bad_seq > 0);
		if (reason_part && !strstr(r.reason, reason_part))
			fail_msg("reason: %s", r.reason);
	}
	gf_store_close(s);
}

static void test_audit_append_only(void **state)
{
	(void)state;
	expect_verify(1, NULL);
	char path[128];
	snprintf(path, sizeof path, "%s/govforms.db", dir);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "UPDATE audit SET detail = 'x' WHERE seq = 3", NULL,
					  NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit WHERE seq = 3", NULL, NULL, NULL),
			     SQLITE_OK);
	sqlite3_close(db);
	expect_verify(1, NULL);
}

static void test_audit_changed(void **state)
{
	(void)state;
	tamper("DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'invalid' "
	       "WHERE seq = (SELECT min(seq) FROM audit WHERE action = 'record.create')");
	expect_verify(0, "was changed");
}

static void test_audit_removed(void **state)
{
	(void)state;
	tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = 4");
	expect_verify(0, "missing");
}

static void test_audit_reordered(void **state)
{
	(void)state;
	/* swap two entries' contents, keeping their numbers */
	tamper("DROP TRIGGER audit_no_update;"
	       "CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (5, 6);"
	       "UPDATE audit SET at_ms = (SELECT at_ms FROM t WHERE seq = 6),"
	       " actor = (SELECT actor FROM t WHERE seq = 6), role = (SELECT role FROM t WHERE seq = 6),"
	       " action = (SELECT action FROM t WHERE seq = 6), detail = (SELECT detail FROM t WHERE seq = 6),"
	       " submission_id = (SELECT submission_id FROM t WHERE seq = 6),"
	       " prev = (SELECT prev FROM t WHERE seq = 6), hash = (SELECT hash FROM t WHERE seq = 6) WHERE seq = 5;"
	       "UPDATE audit SET at_ms = (SELECT at_ms FROM t WHERE seq = 5),"
	       " actor = (SELECT actor FROM t WHERE seq = 5), role = (SELECT role FROM t WHERE seq = 5),"
	       " action = (SELECT action FROM t WHERE seq = 5), detail = (SELECT detail FROM t WHERE seq = 5),"
	       " submission_id = (SELECT submission_id FROM t WHERE seq = 5),"
	       " prev = (SELECT prev FROM t WHERE seq = 5), hash = (SELECT hash FROM t WHERE seq = 5) WHERE seq = 6;");
	expect_verify(0, "removed or reordered");
}

static void test_audit_truncated(void **state)
{
	(void)state;
	tamper("DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)");
	expect_verify(0, "head");
}

static void test_blob_corrupt(void **state)
{
	(void)state;
	gf_store *s;
	gf_error err = {0};
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	gf_principal adm = {0, GF_ROLE_ADMIN, "", ""};
	int64_t id = submit(s, &adm, "request", 1, "淮北市审计局", "电信", "corrupt-me");
	gf_submission sub;
	assert_int_equal(gf_store_get(s, &sub, &adm, id, &err), 0);
	char path[256];
	snprintf(path, sizeof path, "%s/blobs/%.2s/%s", dir, sub.source_sha256, sub.source_sha256);
	gf_submission_clear(&sub);
	FILE *f = fopen(path, "r+");
	assert_non_null(f);
	fputc('X', f);
	fclose(f);
	char *body;
	size_t len;
	assert_int_equal(gf_store_original(s, &body, &len, NULL, &adm, id, &err), GF_ESTORE);
	gf_error_clear(&err);
	gf_audit_report r;
	assert_int_equal(gf_store_verify(s, &r, 1, &err), 0);
	assert_int_equal(r.bad_blobs, 1);
	/* a damaged cached sheet is found by verify and rendered again on read */
	int64_t sid = submit(s, &adm, "request", 1, "淮北市审计局", "电信", "sheet-me");
	char *pdf;
	int cached;
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &adm, sid, fake_render, NULL, &err), 0);
	char *first = pdf;
	gf_store_close(s);
	char sql[128];
	snprintf(sql, sizeof sql, "UPDATE sheets SET pdf = X'00' WHERE submission_id = %lld",
		 (long long)sid);
	tamper(sql);
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	assert_int_equal(gf_store_verify(s, &r, 1, &err), 0);
	assert_int_equal(r.bad_blobs, 2);
	assert_int_equal(gf_store_sheet(s, &pdf, &len, &cached, &adm, sid, fake_render, NULL, &err), 0);
	assert_false(cached);
	assert_string_equal(pdf, first);
	gf_free(pdf);
	gf_free(first);
	assert_int_equal(gf_store_verify(s, &r, 1, &err), 0);
	assert_int_equal(r.bad_blobs, 1);
	gf_store_close(s);
}

/* A database error while stepping through rows fails the read; it used to
 * end the list early as if there were no more rows. */
static void test_step_error(void **state)
{
	(void)state;
	gf_store *s;
	gf_error err = {0};
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	gf_principal adm = {0, GF_ROLE_ADMIN, "", ""};
	for (int i = 0; i < 3; i++)
		submit(s, &adm, "request", 1, "淮北市审计局", "电信", "step");
	gf_submission *v;
	size_t n, hidden;
	assert_int_equal(gf_store_unnumbered(s, &v, &n, 10, &err), 0);
	assert_int_equal(n, 3);
	gf_submissions_free(v, n);
	gf_store_close(s);
	/* json_extract fails on the second row once no index holds its value */
	tamper("DROP INDEX submissions_record_cloud_id; "
	       "UPDATE submissions SET record = 'damaged' WHERE id = 2");
	assert_int_equal(gf_store_open(&s, dir, &err), 0);
	assert_int_equal(gf_store_unnumbered(s, &v, &n, 10, &err), GF_ESTORE);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(err.code, GF_ESTORE);
	gf_error_clear(&err);
	assert_int_equal(gf_store_find_cloud_id(s, &v, &n, &hidden, &adm, "HB-1", &err), GF_ESTORE);
	assert_null(v);
	assert_int_equal(n, 0);
	gf_store_close(s);
}

int main(void)
{
	const struct CMUnitTest fresh[] = {
		cmocka_unit_test(test_tokens),
		cmocka_unit_test(test_visibility),
		cmocka_unit_test(test_sheets),
		cmocka_unit_test(test_audit_append_only),
		cmocka_unit_test(test_audit_changed),
	};
	const struct CMUnitTest one[] = {cmocka_unit_test(test_audit_removed)};
	const struct CMUnitTest two[] = {cmocka_unit_test(test_audit_reordered)};
	const struct CMUnitTest three[] = {cmocka_unit_test(test_audit_truncated)};
	const struct CMUnitTest four[] = {cmocka_unit_test(test_blob_corrupt)};
	/* each tamper test gets its own populated store */
	const struct CMUnitTest damaged[] = {cmocka_unit_test(test_step_error)};
	int fails = cmocka_run_group_tests_name("store", fresh, setup, teardown);
	fails += cmocka_run_group_tests_name("damaged", damaged, setup, teardown);
	const struct CMUnitTest *groups[] = {one, two, three, four};
	const char *names[] = {"removed", "reordered", "truncated", "blob"};
	for (int g = 0; g < 4; g++) {
		const struct CMUnitTest pop[] = {
			cmocka_unit_test(test_tokens),
			cmocka_unit_test(test_visibility),
			cmocka_unit_test(test_sheets),
		};
		fails += _cmocka_run_group_tests(names[g], pop, 3, setup, NULL);
		fails += _cmocka_run_group_tests(names[g], groups[g], 1, NULL, teardown);
	}
	return fails;
}
