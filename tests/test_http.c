/* HTTP service on a loopback port with the test backend: every endpoint,
 * the visibility matrix of the roles, token revocation, overrides and
 * sheets, limits (413, 408, 429), malformed requests and a graceful stop. */
#include "support.h"
#include "support_backend.h"
#include "support_http.h"

#include "core/alloc.h"
#include "http/server.h"
#include "store/store.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static char dir[64];
static gf_store *store;
static gf_http *srv;
static uint16_t port;
static char *t_a, *t_b, *t_tel, *t_mob, *t_adm;
static int64_t t_b_id;

static char *token(gf_role role, const char *unit, const char *prov, int64_t *id)
{
	char *t;
	int64_t tid;
	gf_error err = {0};
	assert_int_equal(gf_store_token_create(store, &t, &tid, role, unit, prov, NULL, &err), 0);
	if (id)
		*id = tid;
	return t;
}

static void start(const gf_http_config *cfg)
{
	gf_error err = {0};
	assert_int_equal(gf_http_start(&srv, cfg, store, &gf_test_backend, &err), 0);
	port = gf_http_port(srv);
	assert_true(port > 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/gf-http-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	gf_error err = {0};
	if (gf_store_open(&store, dir, &err))
		return -1;
	t_a = token(GF_ROLE_UNIT, "淮北市教育局", NULL, NULL);
	t_b = token(GF_ROLE_UNIT, "淮北市公安局", NULL, &t_b_id);
	t_tel = token(GF_ROLE_PROVIDER, NULL, "电信", NULL);
	t_mob = token(GF_ROLE_PROVIDER, NULL, "移动", NULL);
	t_adm = token(GF_ROLE_ADMIN, NULL, NULL, NULL);
	gf_http_config cfg = {0};
	cfg.listen = "127.0.0.1:0";
	cfg.max_body = 64 * 1024;
	cfg.request_timeout_ms = 400;
	cfg.max_uploads = 1;
	cfg.quiet = 1;
	start(&cfg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	gf_http_stop(srv, 5000);
	gf_store_close(store);
	gf_free(t_a);
	gf_free(t_b);
	gf_free(t_tel);
	gf_free(t_mob);
	gf_free(t_adm);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	return system(cmd);
}

static char *form(const char *unit, const char *provider, int valid)
{
	char *s = malloc(1024);
	snprintf(s, 1024,
		 "{\"form\":\"request\",\"fields\":{\"unit\":{\"name\":\"%s\"},"
		 "\"system\":{\"name\":\"%s系统\"},%s\"cloud\":{\"provider\":\"%s\"}}}",
		 unit, unit, valid ? "\"owner\":{\"email\":\"it@hb.gov.cn\"}," : "", provider);
	return s;
}

static json_t *body_json(const gf_test_resp *r)
{
	json_error_t e;
	json_t *j = json_loadb(r->body, r->len, 0, &e);
	if (!j)
		fail_msg("not JSON (%d): %s", r->status, r->body);
	return j;
}

static int64_t post(const char *tok, const char *body, int want_status, json_t **out)
{
	gf_test_resp r = gf_test_http(port, "POST", "/api/v1/submissions?name=a.xml", tok,
				      "application/json", body, strlen(body));
	if (r.status != want_status)
		fail_msg("POST: %d %s", r.status, r.body);
	json_t *j = body_json(&r);
	int64_t id = json_integer_value(json_object_get(j, "id"));
	if (out)
		*out = j;
	else
		json_decref(j);
	gf_test_resp_free(&r);
	return id;
}

static int status_of(const char *method, const char *path, const char *tok)
{
	gf_test_resp r = gf_test_http(port, method, path, tok, NULL, NULL, 0);
	int s = r.status;
	gf_test_resp_free(&r);
	return s;
}

static void test_public(void **state)
{
	(void)state;
	gf_test_resp r = gf_test_http(port, "GET", "/healthz", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"status\":\"ok\""));
	gf_test_resp_free(&r);
	r = gf_test_http(port, "GET", "/", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(gf_test_header(&r, "Content-Type"), "text/html"));
	assert_non_null(strstr(r.body, "<html"));
	assert_non_null(strstr(r.body, "政务云"));
	gf_test_resp_free(&r);
	assert_int_equal(status_of("GET", "/app.js", NULL), 200);
	assert_int_equal(status_of("GET", "/app.css", NULL), 200);
	assert_int_equal(status_of("GET", "/nope", NULL), 404);
	assert_int_equal(status_of("DELETE", "/healthz", NULL), 405);
	assert_int_equal(status_of("GET", "/api/v1/submissions", NULL), 401);
	assert_int_equal(status_of("GET", "/api/v1/submissions", "gft_forged"), 401);
	r = gf_test_http(port, "GET", "/api/v1/me", t_tel, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"role\":\"provider\""));
	assert_non_null(strstr(r.body, "\"provider\":\"电信\""));
	gf_test_resp_free(&r);
	r = gf_test_http(port, "GET", "/api/v1/forms/request", t_a, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "\"owner.email\":\"电子邮箱\""));
	gf_test_resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/forms/letter", t_a), 404);
}

static int64_t ia, ib, ibad;

static void test_submit(void **state)
{
	(void)state;
	char *fa = form("淮北市教育局", "电信", 1), *fb = form("淮北市公安局", "移动", 1);
	json_t *j;
	ia = post(t_a, fa, 201, &j);
	assert_true(ia > 0);
	assert_true(json_is_true(json_object_get(j, "valid")));
	assert_string_equal(json_string_value(json_object_get(j, "unit")), "淮北市教育局");
	assert_string_equal(json_string_value(json_object_get(j, "provider")), "电信");
	assert_true(json_is_object(json_object_get(j, "record")));
	json_decref(j);
	ib = post(t_b, fb, 201, NULL);
	/* an invalid form is a normal answer with its diagnostics */
	char *bad = form("淮北市公安局", "移动", 0);
	ibad = post(t_b, bad, 201, &j);
	assert_true(json_is_false(json_object_get(j, "valid")));
	assert_string_equal(json_string_value(json_object_get(j, "validity")), "invalid");
	json_t *d = json_array_get(json_object_get(json_object_get(j, "record"), "diagnostics"), 0);
	assert_string_equal(json_string_value(json_object_get(d, "field")), "owner.email");
	assert_string_equal(json_string_value(json_object_get(d, "label")), "电子邮箱");
	json_decref(j);
	/* unreadable input is stored and answered too */
	post(t_b, "{not json", 201, &j);
	assert_string_equal(json_string_value(json_object_get(j, "validity")), "unreadable");
	json_decref(j);
	/* a unit cannot submit for another unit: 403 with the record, nothing stored */
	post(t_a, fb, 403, &j);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "error"), "code")),
		"unit_mismatch");
	assert_true(json_is_object(json_object_get(j, "record")));
	json_decref(j);
	/* providers read only */
	post(t_tel, fa, 403, NULL);
	/* multipart, as the page and curl -F send it */
	const char *mp = "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n"
			 "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; "
			 "filename=\"C:\\\\forms\\\\申请表.xml\"\r\nContent-Type: application/xml\r\n\r\n";
	char body[2048];
	int n = snprintf(body, sizeof body, "%s%s\r\n--XyZ--\r\n", mp, fa);
	gf_test_resp r = gf_test_http(port, "POST", "/api/v1/submissions", t_a,
				      "multipart/form-data; boundary=XyZ", body, (size_t)n);
	assert_int_equal(r.status, 201);
	j = body_json(&r);
	assert_string_equal(
		json_string_value(json_object_get(json_object_get(j, "source"), "name")),
		"申请表.xml");
	json_decref(j);
	gf_test_resp_free(&r);
	/* malformed multipart, empty body */
	r = gf_test_http(port, "POST", "/api/v1/submissions", t_a,
			 "multipart/form-data; boundary=XyZ", "garbage", 7);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "bad_multipart"));
	gf_test_resp_free(&r);
	r = gf_test_http(port, "POST", "/api/v1/submissions", t_a, NULL, "", 0);
	assert_int_equal(r.status, 400);
	gf_test_resp_free(&r);
	free(fa);
	free(fb);
	free(bad);
}

static int list_has(const char *tok, const char *query, int64_t id)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/submissions%s", query);
	gf_test_resp r = gf_test_http(port, "GET", path, tok, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	json_t *j = body_json(&r);
	int found = 0;
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(j, "items"), i, it)
		if (json_integer_value(json_object_get(it, "id")) == id)
			found = 1;
	json_decref(j);
	gf_test_resp_free(&r);
	return found;
}

static void test_visibility_matrix(void **state)
{
	(void)state;
	const char *toks[] = {t_a, t_b, t_tel, t_mob, t_adm};
	const char *names[] = {"unit A", "unit B", "电信", "移动", "admin"};
	/* can see ia (A, 电信), ib (B, 移动) */
	const int see[5][2] = {{1, 0}, {0, 1}, {1, 0}, {0, 1}, {1, 1}};
	const char *suffix[] = {"", "/record", "/record?format=xml", "/original", "/sheet"};
	for (int i = 0; i < 5; i++) {
		for (int k = 0; k < 2; k++) {
			int64_t id = k ? ib : ia;
			for (size_t s = 0; s < 5; s++) {
				char path[128];
				snprintf(path, sizeof path, "/api/v1/submissions/%lld%s", (long long)id,
					 suffix[s]);
				int st = status_of("GET", path, toks[i]);
				if (st != (see[i][k] ? 200 : 404))
					fail_msg("%s GET %s -> %d", names[i], path, st);
			}
			/* by list, by search, by a filter naming the other side */
			assert_int_equal(list_has(toks[i], "", id), see[i][k]);
			assert_int_equal(list_has(toks[i], "?q=%E6%B7%AE%E5%8C%97", id), see[i][k]);
			char q[128];
			snprintf(q, sizeof q, "?unit=%s&limit=500",
				 k ? "%E6%B7%AE%E5%8C%97%E5%B8%82%E5%85%AC%E5%AE%89%E5%B1%80"
				   : "%E6%B7%AE%E5%8C%97%E5%B8%82%E6%95%99%E8%82%B2%E5%B1%80");
			assert_int_equal(list_has(toks[i], q, id), see[i][k]);
			assert_int_equal(list_has(toks[i], k ? "?provider=移动" : "?provider=电信", id),
					 see[i][k]);
		}
	}
	/* filters */
	assert_true(list_has(t_adm, "?validity=invalid", ibad));
	assert_false(list_has(t_adm, "?validity=valid", ibad));
	assert_true(list_has(t_adm, "?valid=false&form=request", ibad));
	assert_false(list_has(t_adm, "?form=exit-request", ia));
	assert_false(list_has(t_adm, "?since=2999-01-01", ia));
	assert_true(list_has(t_adm, "?since=2000-01-01&until=2999-12-31", ia));
	assert_int_equal(status_of("GET", "/api/v1/submissions?validity=maybe", t_adm), 400);
	assert_int_equal(status_of("GET", "/api/v1/submissions?since=yesterday", t_adm), 400);
	assert_int_equal(status_of("GET", "/api/v1/submissions?limit=100000", t_adm), 400);
	/* paging */
	gf_test_resp r = gf_test_http(port, "GET", "/api/v1/submissions?limit=2&offset=1", t_adm,
				      NULL, NULL, 0);
	json_t *j = body_json(&r);
	assert_int_equal(json_array_size(json_object_get(j, "items")), 2);
	assert_true(json_integer_value(json_object_get(j, "total")) >= 5);
	json_decref(j);
	gf_test_resp_free(&r);
	assert_int_equal(status_of("GET", "/api/v1/submissions/999999", t_adm), 404);
}

static void test_record_formats(void **state)
{
	(void)state;
	char path[96];
	snprintf(path, sizeof path, "/api/v1/submissions/%lld/record?format=xml", (long long)ia);
	gf_test_resp r = gf_test_http(port, "GET", path, t_a, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(gf_test_header(&r, "Content-Type"), "application/xml"));
	assert_non_null(strstr(r.body, "<record form=\"request\""));
	assert_non_null(strstr(r.body, "<unit><name>淮北市教育局</name></unit>"));
	gf_test_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/submissions/%lld/record", (long long)ia);
	r = gf_test_http(port, "GET", path, t_a, NULL, NULL, 0);
	json_t *j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(j, "schema")), "govforms.record/1");
	json_decref(j);
	gf_test_resp_free(&r);
	snprintf(path, sizeof path, "/api/v1/submissions/%lld/original", (long long)ia);
	r = gf_test_http(port, "GET", path, t_a, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_memory_equal(r.body, "{\"form\":\"request\"", 17);
	assert_non_null(strstr(gf_test_header(&r, "Content-Disposition"), "a.xml"));
	gf_test_resp_free(&r);
}

static void test_sheet_and_overrides(void **state)
{
	(void)state;
	char path[96], ov[96];
	snprintf(path, sizeof path, "/api/v1/submissions/%lld/sheet", (long long)ia);
	snprintf(ov, sizeof ov, "/api/v1/submissions/%lld/overrides", (long long)ia);
	int before = gf_test_renders();
	gf_test_resp r = gf_test_http(port, "GET", path, t_a, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_string_equal(gf_test_header(&r, "Content-Type"), "application/pdf");
	assert_memory_equal(r.body, "%PDF-", 5);
	assert_non_null(strstr(r.body, "HBZWY-"));
	gf_test_resp_free(&r);
	/* cached: the same bytes, no new render */
	r = gf_test_http(port, "GET", path, t_adm, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	gf_test_resp_free(&r);
	assert_int_equal(gf_test_renders(), before); /* first GET above was already counted */
	/* overrides: admin only */
	const char *body = "{\"system.operating_hours\":\"7×24小时\"}";
	r = gf_test_http(port, "PUT", ov, t_a, "application/json", body, strlen(body));
	assert_int_equal(r.status, 403);
	gf_test_resp_free(&r);
	r = gf_test_http(port, "PUT", ov, t_adm, "application/json", "[1,2", 4);
	assert_int_equal(r.status, 400);
	gf_test_resp_free(&r);
	r = gf_test_http(port, "PUT", ov, t_adm, "application/json", "{\"a\":[1]}", 9);
	assert_int_equal(r.status, 400);
	gf_test_resp_free(&r);
	r = gf_test_http(port, "PUT", ov, t_adm, "application/json", "{\"no.such.field\":1}", 19);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "bad_overrides"));
	gf_test_resp_free(&r);
	r = gf_test_http(port, "PUT", ov, t_adm, "application/json", body, strlen(body));
	assert_int_equal(r.status, 200);
	json_t *j = body_json(&r);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "overrides"),
							      "system.operating_hours")),
			    "7×24小时");
	json_decref(j);
	gf_test_resp_free(&r);
	r = gf_test_http(port, "GET", path, t_a, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "7×24小时"));
	gf_test_resp_free(&r);
	/* an invalid form has no sheet */
	snprintf(path, sizeof path, "/api/v1/submissions/%lld/sheet", (long long)ibad);
	r = gf_test_http(port, "GET", path, t_b, NULL, NULL, 0);
	assert_int_equal(r.status, 409);
	assert_non_null(strstr(r.body, "not_valid"));
	gf_test_resp_free(&r);
}

static void test_audit_api(void **state)
{
	(void)state;
	assert_int_equal(status_of("GET", "/api/v1/audit", t_a), 403);
	assert_int_equal(status_of("GET", "/api/v1/audit/verify", t_tel), 403);
	gf_test_resp r = gf_test_http(port, "GET", "/api/v1/audit/verify?blobs=1", t_adm, NULL,
				      NULL, 0);
	assert_int_equal(r.status, 200);
	json_t *j = body_json(&r);
	assert_true(json_is_true(json_object_get(j, "ok")));
	assert_true(json_integer_value(json_object_get(j, "entries")) > 20);
	json_decref(j);
	gf_test_resp_free(&r);
	/* the denied read of B's submission by A is in the log */
	r = gf_test_http(port, "GET", "/api/v1/audit?limit=1000", t_adm, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "record.read.denied"));
	assert_non_null(strstr(r.body, "record.create.denied"));
	assert_non_null(strstr(r.body, "sheet.render"));
	gf_test_resp_free(&r);
}

static void test_metrics(void **state)
{
	(void)state;
	gf_test_resp r = gf_test_http(port, "GET", "/metrics", NULL, NULL, NULL, 0);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "govforms_http_requests_total{route=\"POST /api/v1/submissions\",code=\"201\"}"));
	assert_non_null(strstr(r.body, "govforms_http_request_duration_seconds_bucket{route=\"/api/v1/submissions/{id}/sheet\",le=\"+Inf\"}"));
	assert_non_null(strstr(r.body, "govforms_submissions{form=\"request\",validity=\"invalid\"} 1"));
	assert_non_null(strstr(r.body, "govforms_submissions{form=\"(none)\",validity=\"unreadable\"} 1"));
	gf_test_resp_free(&r);
}

static void test_revocation(void **state)
{
	(void)state;
	assert_int_equal(status_of("GET", "/api/v1/me", t_b), 200);
	gf_error err = {0};
	assert_int_equal(gf_store_token_revoke(store, t_b_id, &err), 0);
	assert_int_equal(status_of("GET", "/api/v1/me", t_b), 401);
	char path[64];
	snprintf(path, sizeof path, "/api/v1/submissions/%lld", (long long)ib);
	assert_int_equal(status_of("GET", path, t_b), 401);
}

static void test_oversize(void **state)
{
	(void)state;
	size_t n = 200 * 1024;
	char *big = malloc(n);
	memset(big, 'x', n);
	/* declared too large: answered before the body is read */
	gf_test_resp r = gf_test_http(port, "POST", "/api/v1/submissions", t_a, NULL, big, n);
	assert_int_equal(r.status, 413);
	assert_non_null(strstr(r.body, "body_too_large"));
	gf_test_resp_free(&r);
	/* chunked, growing past the cap */
	int fd = gf_test_connect(port);
	char head[512];
	int hl = snprintf(head, sizeof head, "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
			  "Authorization: Bearer %s\r\nTransfer-Encoding: chunked\r\n\r\n", t_a);
	send(fd, head, (size_t)hl, MSG_NOSIGNAL);
	for (int i = 0; i < 100; i++) {
		char chunk[4200];
		int cl = snprintf(chunk, sizeof chunk, "1000\r\n");
		memset(chunk + cl, 'y', 4096);
		memcpy(chunk + cl + 4096, "\r\n", 2);
		if (send(fd, chunk, (size_t)cl + 4098, MSG_NOSIGNAL) <= 0)
			break;
	}
	r = gf_test_recv(fd);
	close(fd);
	assert_int_equal(r.status, 413);
	gf_test_resp_free(&r);
	free(big);
}

static void test_slow(void **state)
{
	(void)state;
	/* a body trickling in past the deadline (400 ms): 408 */
	int fd = gf_test_connect(port);
	char head[512];
	int hl = snprintf(head, sizeof head, "POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\n"
			  "Authorization: Bearer %s\r\nContent-Length: 1000\r\n\r\n", t_a);
	send(fd, head, (size_t)hl, MSG_NOSIGNAL);
	for (int i = 0; i < 10; i++) {
		if (send(fd, "{\"form\"", 7, MSG_NOSIGNAL) <= 0)
			break;
		struct timespec ts = {0, 100 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	gf_test_resp r = gf_test_recv(fd);
	close(fd);
	assert_int_equal(r.status, 408);
	assert_non_null(strstr(r.body, "timeout"));
	gf_test_resp_free(&r);
	/* a body that stops arriving: 408 from the watchdog */
	fd = gf_test_connect(port);
	send(fd, head, (size_t)hl, MSG_NOSIGNAL);
	send(fd, "{", 1, MSG_NOSIGNAL);
	r = gf_test_recv(fd);
	close(fd);
	assert_int_equal(r.status, 408);
	gf_test_resp_free(&r);
}

static void test_malformed(void **state)
{
	(void)state;
	const char *cases[] = {
		"GARBAGE\r\n\r\n",
		"GET /healthz HTTP/9.9\r\n\r\n",
		"GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
		"POST /api/v1/submissions HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
		"GET /api/v1/submissions/1%00/record HTTP/1.1\r\nHost: x\r\n\r\n",
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		gf_test_resp r = gf_test_raw(port, cases[i], strlen(cases[i]));
		if (r.status != 0 && (r.status < 400 || (r.status >= 500 && r.status != 505)))
			fail_msg("case %zu: %d", i, r.status);
		gf_test_resp_free(&r);
	}
	/* an enormous header is refused, and the server still answers */
	size_t n = 200 * 1024;
	char *req = malloc(n + 64);
	int k = snprintf(req, n + 64, "GET /healthz HTTP/1.1\r\nX-Big: ");
	memset(req + k, 'a', n);
	memcpy(req + k + n, "\r\n\r\n", 5);
	gf_test_resp r = gf_test_raw(port, req, (size_t)k + n + 4);
	assert_true(r.status == 0 || r.status == 431 || r.status == 413);
	gf_test_resp_free(&r);
	free(req);
	assert_int_equal(status_of("GET", "/healthz", NULL), 200);
	/* ids that are not ids */
	assert_int_equal(status_of("GET", "/api/v1/submissions/abc", t_adm), 404);
	assert_int_equal(status_of("GET", "/api/v1/submissions/-1", t_adm), 404);
	assert_int_equal(status_of("GET", "/api/v1/submissions/99999999999999999999", t_adm), 404);
}

typedef struct posted {
	int status;
} posted;

static void *post_thread(void *arg)
{
	posted *p = arg;
	const char *b = "{\"form\":\"block\",\"fields\":{\"unit\":{\"name\":\"淮北市教育局\"}}}";
	gf_test_resp r = gf_test_http(port, "POST", "/api/v1/submissions", t_a, NULL, b, strlen(b));
	p->status = r.status;
	gf_test_resp_free(&r);
	return NULL;
}

static void test_busy(void **state)
{
	(void)state;
	/* max_uploads = 1: a second upload while one is being processed gets 429 */
	gf_test_block_arm();
	pthread_t t;
	posted p = {0};
	pthread_create(&t, NULL, post_thread, &p);
	if (gf_test_block_wait() != 0) {
		pthread_join(t, NULL);
		fail_msg("the blocking upload never reached intake: %d", p.status);
	}
	char *f = form("淮北市教育局", "电信", 1);
	gf_test_resp r = gf_test_http(port, "POST", "/api/v1/submissions", t_a, NULL, f, strlen(f));
	assert_int_equal(r.status, 429);
	assert_non_null(gf_test_header(&r, "Retry-After"));
	gf_test_resp_free(&r);
	/* reads are not limited by the upload cap */
	assert_int_equal(status_of("GET", "/api/v1/me", t_a), 200);
	gf_test_block_release();
	pthread_join(t, NULL);
	assert_int_equal(p.status, 201);
	post(t_a, f, 201, NULL);
	free(f);
}

typedef struct stopper {
	gf_http *h;
} stopper;

static void *stop_thread(void *arg)
{
	stopper *s = arg;
	gf_http_stop(s->h, 10000);
	return NULL;
}

static void test_graceful_stop(void **state)
{
	(void)state;
	/* a request in flight when the server is told to stop still completes */
	gf_test_block_arm();
	pthread_t t, st;
	posted p = {0};
	pthread_create(&t, NULL, post_thread, &p);
	assert_int_equal(gf_test_block_wait(), 0);
	stopper s = {srv};
	pthread_create(&st, NULL, stop_thread, &s);
	struct timespec ts = {0, 100 * 1000 * 1000};
	nanosleep(&ts, NULL);
	gf_test_block_release();
	pthread_join(t, NULL);
	pthread_join(st, NULL);
	assert_int_equal(p.status, 201);
	/* and it was stored */
	gf_submission *v;
	size_t n;
	int64_t total;
	gf_principal adm = {0, GF_ROLE_ADMIN, "", ""};
	gf_filter f = {0};
	f.form = "block";
	gf_error err = {0};
	assert_int_equal(gf_store_list(store, &v, &n, &total, &adm, &f, &err), 0);
	assert_int_equal(total, 2);
	gf_submissions_free(v, n);
	/* restart for teardown */
	gf_http_config cfg = {0};
	cfg.listen = "127.0.0.1:0";
	cfg.quiet = 1;
	start(&cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public),
		cmocka_unit_test(test_submit),
		cmocka_unit_test(test_visibility_matrix),
		cmocka_unit_test(test_record_formats),
		cmocka_unit_test(test_sheet_and_overrides),
		cmocka_unit_test(test_audit_api),
		cmocka_unit_test(test_metrics),
		cmocka_unit_test(test_revocation),
		cmocka_unit_test(test_oversize),
		cmocka_unit_test(test_slow),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_busy),
		cmocka_unit_test(test_graceful_stop),
	};
	return cmocka_run_group_tests_name("http", tests, setup, teardown);
}
