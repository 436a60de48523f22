/* api.c - routes and handlers: the JSON API (/api/v1), the page, health and
 * metrics. Access control: every /api/v1 call needs a bearer token; what a
 * token may see is decided by the store (store.h). */
#include "http/internal.h"

#include "core/alloc.h"
#include "core/text.h"
#include "core/utf8.h"
#include "store/embedded.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define API "/api/v1"
#define SUBS API "/submissions"

static int parse_id(const char *s, int64_t *id, const char **rest)
{
	int64_t v = 0;
	const char *p = s;
	while (*p >= '0' && *p <= '9' && p - s < 18)
		v = v * 10 + (*p++ - '0');
	if (p == s || v <= 0 || (*p && *p != '/'))
		return -1;
	*id = v;
	*rest = p;
	return 0;
}

void gf_api_route(gf_req *r)
{
	const char *u = r->url, *m = r->method;
	int post = strcmp(m, "POST") == 0, put = strcmp(m, "PUT") == 0;
	r->route = GF_R_OTHER;
	if (gf_archive_http_route(r))
		return;
	if (strcmp(u, "/") == 0 || strcmp(u, "/index.html") == 0 || strcmp(u, "/app.js") == 0 ||
	    strcmp(u, "/app.css") == 0 || strcmp(u, "/favicon.svg") == 0 ||
	    strcmp(u, "/archive.html") == 0 || strcmp(u, "/archive.js") == 0)
		r->route = GF_R_PAGE;
	else if (strcmp(u, "/healthz") == 0)
		r->route = GF_R_HEALTH;
	else if (strcmp(u, "/metrics") == 0)
		r->route = GF_R_METRICS;
	else if (strcmp(u, API "/me") == 0)
		r->route = GF_R_ME;
	else if (strncmp(u, API "/forms/", strlen(API "/forms/")) == 0)
		r->route = GF_R_FORM;
	else if (strcmp(u, SUBS) == 0 || strcmp(u, SUBS "/") == 0)
		r->route = post ? GF_R_SUBMIT : GF_R_LIST;
	else if (strcmp(u, API "/audit") == 0)
		r->route = GF_R_AUDIT;
	else if (strcmp(u, API "/audit/verify") == 0)
		r->route = GF_R_AUDIT_VERIFY;
	else if (strncmp(u, SUBS "/", strlen(SUBS "/")) == 0) {
		const char *rest;
		if (parse_id(u + strlen(SUBS "/"), &r->id, &rest) == 0) {
			if (!*rest || strcmp(rest, "/") == 0)
				r->route = GF_R_GET;
			else if (strcmp(rest, "/record") == 0)
				r->route = GF_R_RECORD;
			else if (strcmp(rest, "/original") == 0)
				r->route = GF_R_ORIGINAL;
			else if (strcmp(rest, "/sheet") == 0)
				r->route = GF_R_SHEET;
			else if (strcmp(rest, "/overrides") == 0)
				r->route = GF_R_OVERRIDES;
		}
	}
	r->body_allowed = (r->route == GF_R_SUBMIT && post) || (r->route == GF_R_OVERRIDES && put);
}

const char *gf_http_arg(gf_req *r, const char *k)
{
	const char *v = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, k);
	return v && *v ? v : NULL;
}

static const char *header(gf_req *r, const char *k)
{
	return MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, k);
}

static int needs_auth(gf_route rt)
{
	return rt != GF_R_PAGE && rt != GF_R_HEALTH && rt != GF_R_METRICS && rt != GF_R_OTHER;
}

static enum MHD_Result method_not_allowed(gf_req *r, const char *allow)
{
	json_t *body = json_pack("{s{ss ss}}", "error", "code", "method_not_allowed", "message",
				 "不支持的请求方法 (method not allowed)");
	char *text = json_dumps(body, JSON_COMPACT);
	json_decref(body);
	if (!text)
		return MHD_NO;
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_FREE);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json; charset=utf-8");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, allow);
	enum MHD_Result rc = MHD_queue_response(r->conn, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	MHD_destroy_response(resp);
	if (rc == MHD_YES) {
		r->status = MHD_HTTP_METHOD_NOT_ALLOWED;
		r->responded = 1;
	}
	return rc;
}

int gf_api_precheck(gf_req *r)
{
	if (!needs_auth(r->route))
		return 0;
	const char *auth = header(r, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *tok = NULL;
	if (auth && strncasecmp(auth, "Bearer ", 7) == 0) {
		tok = auth + 7;
		while (*tok == ' ')
			tok++;
	}
	gf_error err = {0};
	int rc = tok ? gf_store_authenticate(r->h->store, &r->who, tok, &err) : GF_ENOTFOUND;
	if (rc == GF_ENOTFOUND) {
		gf_respond_error(r, MHD_HTTP_UNAUTHORIZED, "unauthorized",
				 tok ? "令牌无效或已吊销 (unknown or revoked token)"
				     : "请先登录：需要 Bearer 令牌 (a bearer token is required)");
		return 1;
	}
	if (rc) {
		gf_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "store", err.msg);
		return 1;
	}
	r->authed = 1;
	if (gf_archive_http_precheck(r))
		return 1;
	gf_role role = r->who.role;
	if (r->route == GF_R_SUBMIT && role == GF_ROLE_PROVIDER) {
		gf_respond_error(r, MHD_HTTP_FORBIDDEN, "forbidden",
				 "云服务商令牌不能提交表单 (provider tokens cannot submit forms)");
		return 1;
	}
	if ((r->route == GF_R_OVERRIDES && strcmp(r->method, "PUT") == 0) ||
	    r->route == GF_R_AUDIT || r->route == GF_R_AUDIT_VERIFY) {
		if (role != GF_ROLE_ADMIN) {
			gf_respond_error(r, MHD_HTTP_FORBIDDEN, "forbidden",
					 "仅管理单位可以执行此操作 (admin only)");
			return 1;
		}
	}
	if (r->route == GF_R_SUBMIT) {
		unsigned now = atomic_fetch_add(&r->h->uploads, 1);
		r->upload_slot = 1;
		if (now >= r->h->cfg.max_uploads) {
			atomic_fetch_add(&r->h->metrics.rejected_busy, 1);
			gf_respond_error(r, MHD_HTTP_TOO_MANY_REQUESTS, "busy",
					 "服务器繁忙，请稍后重试 (too many uploads at once; retry)");
			return 1;
		}
	}
	return 0;
}

/* ---- helpers ---- */

static void iso_time(char out[32], int64_t ms)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;
	gmtime_r(&t, &tm);
	size_t n = strftime(out, 32, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out + n, 32 - n, ".%03dZ", (int)(ms % 1000));
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *sub_json(const gf_submission *s, int with_record)
{
	char when[32], base[64];
	iso_time(when, s->created_ms);
	snprintf(base, sizeof base, SUBS "/%lld", (long long)s->id);
	json_t *o = json_object();
	if (!o)
		return NULL;
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "created", json_string(when));
	json_object_set_new(o, "created_ms", json_integer(s->created_ms));
	json_object_set_new(o, "form", str_or_null(s->form));
	json_object_set_new(o, "validity", json_string(s->state));
	json_object_set_new(o, "valid", json_boolean(strcmp(s->state, "valid") == 0));
	json_object_set_new(o, "unit", str_or_null(s->unit));
	json_object_set_new(o, "provider", str_or_null(s->provider));
	json_object_set_new(o, "system_name", str_or_null(s->system_name));
	json_object_set_new(o, "errors", json_integer(s->errors));
	json_object_set_new(o, "warnings", json_integer(s->warnings));
	json_object_set_new(o, "cloud_id", str_or_null(s->cloud_id));
	json_object_set_new(o, "overrides",
			    s->overrides ? json_loads(s->overrides, 0, NULL) : json_object());
	json_object_set_new(o, "source",
			    json_pack("{s:o s:s s:I s:o}", "name", str_or_null(s->source_name),
				      "sha256", s->source_sha256, "size", (json_int_t)s->source_size,
				      "content_type", str_or_null(s->content_type)));
	char rec[96], xml[96], orig[96], sheet[96], ov[96];
	snprintf(rec, sizeof rec, "%s/record", base);
	snprintf(xml, sizeof xml, "%s/record?format=xml", base);
	snprintf(orig, sizeof orig, "%s/original", base);
	snprintf(sheet, sizeof sheet, "%s/sheet", base);
	snprintf(ov, sizeof ov, "%s/overrides", base);
	json_object_set_new(o, "links",
			    json_pack("{ss ss ss ss ss ss}", "self", base, "record", rec, "record_xml",
				      xml, "original", orig, "sheet", sheet, "overrides", ov));
	if (with_record && s->record)
		json_object_set_new(o, "record", json_loads(s->record, 0, NULL));
	return o;
}

static enum MHD_Result store_error(gf_req *r, int rc, const gf_error *err)
{
	if (rc == GF_ENOTFOUND)
		return gf_respond_error(r, MHD_HTTP_NOT_FOUND, "not_found",
					"没有这份提交，或无权查看 (no such submission, or not yours)");
	if (rc == GF_EINVAL)
		return gf_respond_error(r, MHD_HTTP_BAD_REQUEST, "bad_request", err->msg);
	if (rc == GF_ENOMEM)
		return gf_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out_of_memory",
					"服务器内存不足 (out of memory)");
	fprintf(stderr, "govforms: %s %s: %s\n", r->method, r->url, err->msg);
	return gf_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "store", err->msg);
}

/* Compare unit names ignoring whitespace and full-width forms. */
static int same_unit(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b);
	for (;;) {
		uint32_t ca = 0, cb = 0;
		size_t k;
		while (na && (k = gf_utf8_decode(a, na, &ca)) && gf_text_is_space(ca)) {
			a += k;
			na -= k;
		}
		while (nb && (k = gf_utf8_decode(b, nb, &cb)) && gf_text_is_space(cb)) {
			b += k;
			nb -= k;
		}
		if (!na || !nb)
			return !na && !nb;
		size_t ka = gf_utf8_decode(a, na, &ca), kb = gf_utf8_decode(b, nb, &cb);
		if (!ka || !kb || gf_text_fold_width(ca) != gf_text_fold_width(cb))
			return 0;
		a += ka;
		na -= ka;
		b += kb;
		nb -= kb;
	}
}

static void clean_name(char *out, size_t cap, const char *in)
{
	size_t n = 0;
	if (in && gf_utf8_valid(in, strlen(in))) {
		for (const char *p = in; *p && n + 1 < cap; p++)
			if ((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '/' && *p != '\\')
				out[n++] = *p;
		/* do not cut a UTF-8 sequence */
		while (n && !gf_utf8_valid(out, n))
			n--;
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, cap, "upload");
}

/* ---- handlers ---- */

static enum MHD_Result h_page(gf_req *r)
{
	const char *name = strcmp(r->url, "/") == 0 ? "index.html" : r->url + 1;
	char path[64];
	snprintf(path, sizeof path, "web/%s", name);
	const gf_embedded *e = gf_embedded_find(path);
	if (!e)
		return gf_respond_error(r, MHD_HTTP_NOT_FOUND, "not_found", "no such page");
	const char *type = strstr(name, ".html") ? "text/html; charset=utf-8"
			   : strstr(name, ".css") ? "text/css; charset=utf-8"
			   : strstr(name, ".js")  ? "text/javascript; charset=utf-8"
						  : "image/svg+xml";
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(e->len, (void *)e->data, MHD_RESPMEM_PERSISTENT);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' blob: data:; "
				"frame-src 'self' blob:; object-src 'self' blob:; frame-ancestors 'none'");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	enum MHD_Result rc = MHD_queue_response(r->conn, MHD_HTTP_OK, resp);
	MHD_destroy_response(resp);
	r->status = MHD_HTTP_OK;
	r->responded = rc == MHD_YES;
	return rc;
}

static enum MHD_Result h_metrics(gf_req *r)
{
	gf_buf b = GF_BUF_INIT((size_t)4 << 20);
	if (gf_metrics_write(&r->h->metrics, &b, r->h->store, atomic_load(&r->h->in_flight),
			     atomic_load(&r->h->uploads)) != 0) {
		gf_buf_free(&b);
		return gf_respond_error(r, 500, "internal", "metrics");
	}
	size_t len;
	char *text = gf_buf_detach(&b, &len);
	return gf_respond_bytes(r, MHD_HTTP_OK, "text/plain; version=0.0.4; charset=utf-8", text, len,
				1, NULL);
}

static enum MHD_Result h_submit(gf_req *r)
{
	gf_http *h = r->h;
	const char *ctype = header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *data = r->body.data;
	size_t len = r->body.len;
	char name[256];
	char part_name[256] = "";
	if (ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0) {
		if (gf_multipart_file(&data, &len, part_name, sizeof part_name, ctype, r->body.data,
				      r->body.len) != GF_OK)
			return gf_respond_error(r, MHD_HTTP_BAD_REQUEST, "bad_multipart",
						"无法解析上传的表单数据 (malformed multipart body: "
						"send one file part)");
	}
	clean_name(name, sizeof name, part_name[0] ? part_name : gf_http_arg(r, "name"));
	if (!data || len == 0)
		return gf_respond_error(r, MHD_HTTP_BAD_REQUEST, "empty_body",
					"请上传一个文件 (the request carries no file)");
	json_t *record = NULL;
	gf_error err = {0};
	int rc = h->be.intake(h->be.ctx, &record, data, len, name, &err);
	if (!record)
		return store_error(r, rc ? rc : GF_EINTERNAL, &err);
	gf_error_clear(&err);
	/* which unit the submission belongs to */
	json_t *un = json_object_get(json_object_get(json_object_get(record, "fields"), "unit"),
				     "name");
	const char *form_unit = json_is_string(un) ? json_string_value(un) : NULL;
	if (form_unit && gf_text_blank(form_unit))
		form_unit = NULL;
	const char *unit = form_unit;
	if (r->who.role == GF_ROLE_UNIT) {
		if (form_unit && !same_unit(form_unit, r->who.unit)) {
			char detail[GF_UNIT_MAX * 2 + 16];
			snprintf(detail, sizeof detail, "form names %s", form_unit);
			gf_store_audit(h->store, &r->who, "record.create.denied", 0, detail, NULL);
			json_t *body = json_pack(
				"{s{ss ss} so}", "error", "code", "unit_mismatch", "message",
				"表单的申请单位与登录单位不一致，未保存 (the form names another unit "
				"than the token's; nothing was stored)",
				"record", record);
			return gf_respond_json(r, MHD_HTTP_FORBIDDEN, body);
		}
		unit = r->who.unit;
	}
	gf_submission sub;
	rc = gf_store_submit_get(h->store, &sub, &r->who, data, len, name, NULL, record, unit, &err);
	json_decref(record);
	if (rc)
		return store_error(r, rc, &err);
	int64_t id = sub.id;
	/* ?sheet=1: render the confirmation sheet now (valid forms only), so
	 * that the answer carries the cloud id and the sheet is cached */
	const char *want = gf_http_arg(r, "sheet");
	int sheet_rc = -1;
	if (want && strcmp(want, "1") == 0) {
		char *pdf;
		size_t plen;
		int cached;
		gf_error serr = {0};
		sheet_rc = gf_store_sheet(h->store, &pdf, &plen, &cached, &r->who, id, h->be.render,
					  h->be.ctx, &serr);
		if (sheet_rc == GF_OK) {
			gf_free(pdf);
			/* the cloud id the sheet was given */
			gf_submission again;
			if (gf_store_get(h->store, &again, &r->who, id, &serr) == GF_OK) {
				gf_submission_clear(&sub);
				sub = again;
			}
		}
	}
	json_t *body = sub_json(&sub, 1);
	gf_submission_clear(&sub);
	if (sheet_rc != -1 && body)
		json_object_set_new(body, "sheet_ready", json_boolean(sheet_rc == GF_OK));
	return gf_respond_json(r, MHD_HTTP_CREATED, body);
}

/* "2026-03-05" (local midnight) or milliseconds; end=1 gives the next day. */
int gf_http_when(const char *s, int64_t *ms, int end)
{
	int y, m, d;
	char tail;
	if (sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3) {
		struct tm tm = {0};
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = d + (end ? 1 : 0);
		tm.tm_isdst = -1;
		if (m < 1 || m > 12 || d < 1 || d > 31)
			return -1;
		time_t t = mktime(&tm);
		if (t == (time_t)-1)
			return -1;
		*ms = (int64_t)t * 1000;
		return 0;
	}
	char *e;
	long long v = strtoll(s, &e, 10);
	if (*e || v < 0)
		return -1;
	*ms = v;
	return 0;
}

/* A non-negative integer argument; -1 when malformed, dflt when absent. */
long long gf_http_num_arg(gf_req *r, const char *k, long long dflt)
{
	const char *v = gf_http_arg(r, k);
	if (!v)
		return dflt;
	char *end;
	long long n = strtoll(v, &end, 10);
	return *end || n < 0 ? -1 : n;
}

static enum MHD_Result h_list(gf_req *r)
{
	gf_filter f = {0};
	f.form = gf_http_arg(r, "form");
	f.unit = gf_http_arg(r, "unit");
	f.provider = gf_http_arg(r, "provider");
	if (f.provider) {
		const char *p = gf_provider_canonical(f.provider);
		if (!p)
			return gf_respond_error(r, 400, "bad_request",
						"provider 应为 电信、移动 或 联通 (provider must be 电信, 移动 or 联通)");
		f.provider = p;
	}
	f.q = gf_http_arg(r, "q");
	const char *v = gf_http_arg(r, "validity");
	const char *valid = gf_http_arg(r, "valid");
	if (valid)
		v = strcmp(valid, "true") == 0 || strcmp(valid, "1") == 0 ? "valid" : "invalid";
	if (v && strcmp(v, "valid") != 0 && strcmp(v, "invalid") != 0 &&
	    strcmp(v, "unreadable") != 0)
		return gf_respond_error(r, 400, "bad_request",
					"validity 应为 valid、invalid 或 unreadable");
	f.state = v;
	const char *since = gf_http_arg(r, "since"), *until = gf_http_arg(r, "until");
	if ((since && gf_http_when(since, &f.since_ms, 0)) ||
	    (until && gf_http_when(until, &f.until_ms, 1)))
		return gf_respond_error(r, 400, "bad_request",
					"日期格式应为 YYYY-MM-DD (dates are YYYY-MM-DD)");
	f.limit = gf_http_num_arg(r, "limit", 50);
	f.offset = gf_http_num_arg(r, "offset", 0);
	if (f.limit <= 0 || f.limit > GF_LIST_LIMIT_MAX || f.offset < 0)
		return gf_respond_error(r, 400, "bad_request", "limit 1..500, offset >= 0");
	gf_submission *items;
	size_t n;
	int64_t total;
	gf_error err = {0};
	int rc = gf_store_list(r->h->store, &items, &n, &total, &r->who, &f, &err);
	if (rc)
		return store_error(r, rc, &err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, sub_json(&items[i], 0));
	gf_submissions_free(items, n);
	return gf_respond_json(r, MHD_HTTP_OK,
			       json_pack("{sI sI sI so}", "total", (json_int_t)total, "limit",
					 (json_int_t)f.limit, "offset", (json_int_t)f.offset, "items",
					 arr));
}

static int wants_xml(gf_req *r)
{
	const char *f = gf_http_arg(r, "format");
	if (f)
		return strcmp(f, "xml") == 0;
	const char *acc = header(r, MHD_HTTP_HEADER_ACCEPT);
	return acc && (strstr(acc, "application/xml") || strstr(acc, "text/xml")) &&
	       !strstr(acc, "application/json");
}

static enum MHD_Result h_record(gf_req *r, int whole)
{
	gf_submission sub;
	gf_error err = {0};
	int rc = gf_store_get(r->h->store, &sub, &r->who, r->id, &err);
	if (rc)
		return store_error(r, rc, &err);
	if (whole) {
		json_t *o = sub_json(&sub, 1);
		gf_submission_clear(&sub);
		return gf_respond_json(r, MHD_HTTP_OK, o);
	}
	char disp[96];
	if (wants_xml(r)) {
		json_t *rec = json_loads(sub.record, 0, NULL);
		char *xml = NULL;
		size_t len = 0;
		rc = r->h->be.record_xml ? r->h->be.record_xml(r->h->be.ctx, &xml, &len, rec, &err)
					 : gf_record_to_xml(&xml, &len, rec, &err);
		json_decref(rec);
		gf_submission_clear(&sub);
		if (rc)
			return store_error(r, rc, &err);
		snprintf(disp, sizeof disp, "inline; filename=\"record-%lld.xml\"", (long long)r->id);
		return gf_respond_bytes(r, MHD_HTTP_OK, "application/xml; charset=utf-8", xml, len, 1,
					disp);
	}
	char *text = sub.record;
	size_t len = strlen(text);
	sub.record = NULL;
	gf_submission_clear(&sub);
	snprintf(disp, sizeof disp, "inline; filename=\"record-%lld.json\"", (long long)r->id);
	return gf_respond_bytes(r, MHD_HTTP_OK, "application/json; charset=utf-8", text, len, 1,
				disp);
}

/* attachment; filename="ascii"; filename*=UTF-8''percent-encoded */
static void disposition(char *out, size_t cap, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = (size_t)snprintf(out, cap, "attachment; filename=\"");
	for (const char *p = name; *p && n + 2 < cap; p++)
		out[n++] = ((unsigned char)*p < 0x80 && *p != '"' && *p != '\\') ? *p : '_';
	n += (size_t)snprintf(out + n, cap - n, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < cap; p++) {
		if (isalnum(*p) || strchr("-._~", *p)) {
			out[n++] = (char)*p;
		} else {
			out[n++] = '%';
			out[n++] = hex[*p >> 4];
			out[n++] = hex[*p & 15];
		}
	}
	out[n < cap ? n : cap - 1] = '\0';
}

static enum MHD_Result h_original(gf_req *r)
{
	gf_submission sub;
	gf_error err = {0};
	char *data;
	size_t len;
	int rc = gf_store_original(r->h->store, &data, &len, &sub, &r->who, r->id, &err);
	if (rc)
		return store_error(r, rc, &err);
	char disp[1024];
	disposition(disp, sizeof disp, sub.source_name ? sub.source_name : "upload");
	enum MHD_Result res = gf_respond_bytes(
		r, MHD_HTTP_OK, sub.content_type ? sub.content_type : "application/octet-stream", data,
		len, 1, disp);
	gf_submission_clear(&sub);
	return res;
}

static enum MHD_Result h_sheet(gf_req *r)
{
	char *pdf;
	size_t len;
	int cached;
	gf_error err = {0};
	int rc = gf_store_sheet(r->h->store, &pdf, &len, &cached, &r->who, r->id, r->h->be.render,
				r->h->be.ctx, &err);
	if (rc == GF_EINVAL)
		return gf_respond_error(r, MHD_HTTP_CONFLICT, "not_valid",
					"表单未通过校验，不能生成确认单 (the form is not valid: no "
					"sheet until it is fixed)");
	if (rc == GF_EPDF)
		return gf_respond_error(r, 422, "render_failed", err.msg);
	if (rc)
		return store_error(r, rc, &err);
	char disp[80];
	snprintf(disp, sizeof disp, "inline; filename=\"sheet-%lld.pdf\"", (long long)r->id);
	return gf_respond_bytes(r, MHD_HTTP_OK, "application/pdf", pdf, len, 1, disp);
}

static enum MHD_Result h_overrides(gf_req *r)
{
	json_error_t jerr;
	json_t *ov = r->body.len ? json_loadb(r->body.data, r->body.len, JSON_REJECT_DUPLICATES,
					      &jerr)
				 : json_null();
	if (!ov)
		return gf_respond_error(r, 400, "bad_json",
					"请求体应为 JSON 对象 (the body must be a JSON object)");
	gf_error err = {0};
	if (!json_is_null(ov) && !json_is_object(ov)) {
		json_decref(ov);
		return gf_respond_error(r, 400, "bad_json",
					"请求体应为 JSON 对象 (the body must be a JSON object)");
	}
	/* try the overrides on the sheet first: a key the sheet does not have,
	 * or a value that does not fit it, is refused here */
	gf_submission sub;
	int rc = gf_store_get(r->h->store, &sub, &r->who, r->id, &err);
	if (rc) {
		json_decref(ov);
		return store_error(r, rc, &err);
	}
	if (strcmp(sub.state, "valid") == 0 && json_is_object(ov) && json_object_size(ov)) {
		json_t *rec = json_loads(sub.record, 0, NULL);
		char *pdf = NULL;
		size_t len;
		rc = rec ? r->h->be.render(r->h->be.ctx, &pdf, &len, rec, ov, &err) : GF_ESTORE;
		gf_free(pdf);
		json_decref(rec);
		if (rc) {
			gf_submission_clear(&sub);
			json_decref(ov);
			if (rc == GF_EINVAL)
				return gf_respond_error(r, 400, "bad_overrides", err.msg);
			return store_error(r, rc, &err);
		}
	}
	gf_submission_clear(&sub);
	rc = gf_store_set_overrides(r->h->store, &r->who, r->id, ov, &err);
	json_decref(ov);
	if (rc)
		return store_error(r, rc, &err);
	return h_record(r, 1);
}

static enum MHD_Result h_audit(gf_req *r, int verify)
{
	gf_error err = {0};
	if (verify) {
		gf_audit_report rep;
		const char *b = gf_http_arg(r, "blobs");
		int rc = gf_store_verify(r->h->store, &rep, b && strcmp(b, "1") == 0, &err);
		if (rc)
			return store_error(r, rc, &err);
		return gf_respond_json(
			r, MHD_HTTP_OK,
			json_pack("{sb sI sI ss sI sI}", "ok", rep.bad_seq == 0 && rep.bad_blobs == 0,
				  "entries", (json_int_t)rep.entries, "bad_seq", (json_int_t)rep.bad_seq,
				  "reason", rep.reason, "blobs", (json_int_t)rep.blobs, "bad_blobs",
				  (json_int_t)rep.bad_blobs));
	}
	long long after = gf_http_num_arg(r, "after", 0), limit = gf_http_num_arg(r, "limit", 100);
	if (after < 0 || limit <= 0)
		return gf_respond_error(r, 400, "bad_request", "after >= 0, limit 1..1000");
	json_t *list;
	int rc = gf_store_audit_list(r->h->store, &list, after, limit, &err);
	if (rc)
		return store_error(r, rc, &err);
	return gf_respond_json(r, MHD_HTTP_OK, json_pack("{so}", "entries", list));
}

static enum MHD_Result h_form(gf_req *r)
{
	const char *id = r->url + strlen(API "/forms/");
	json_t *labels = r->h->be.form_labels ? r->h->be.form_labels(r->h->be.ctx, id) : NULL;
	if (!labels)
		return gf_respond_error(r, MHD_HTTP_NOT_FOUND, "not_found",
					"没有这种表单 (no such form)");
	return gf_respond_json(r, MHD_HTTP_OK, json_pack("{ss so}", "id", id, "labels", labels));
}

enum MHD_Result gf_api_handle(gf_req *r)
{
	const char *m = r->method;
	int get = strcmp(m, "GET") == 0 || strcmp(m, "HEAD") == 0;
	switch (r->route) {
	case GF_R_PAGE:
		return get ? h_page(r) : method_not_allowed(r, "GET, HEAD");
	case GF_R_HEALTH:
		return get ? gf_respond_json(r, 200, json_pack("{ss ss}", "status", "ok", "version",
							       GF_VERSION))
			   : method_not_allowed(r, "GET, HEAD");
	case GF_R_METRICS:
		return get ? h_metrics(r) : method_not_allowed(r, "GET, HEAD");
	case GF_R_ME:
		if (!get)
			return method_not_allowed(r, "GET, HEAD");
		return gf_respond_json(
			r, 200,
			json_pack("{sI ss s:o s:o}", "token_id", (json_int_t)r->who.token_id, "role",
				  gf_role_name(r->who.role), "unit",
				  r->who.role == GF_ROLE_UNIT ? json_string(r->who.unit) : json_null(),
				  "provider",
				  r->who.role == GF_ROLE_PROVIDER ? json_string(r->who.provider)
								  : json_null()));
	case GF_R_FORM:
		return get ? h_form(r) : method_not_allowed(r, "GET, HEAD");
	case GF_R_SUBMIT:
		return h_submit(r);
	case GF_R_LIST:
		return get ? h_list(r) : method_not_allowed(r, "GET, POST");
	case GF_R_GET:
		return get ? h_record(r, 1) : method_not_allowed(r, "GET, HEAD");
	case GF_R_RECORD:
		return get ? h_record(r, 0) : method_not_allowed(r, "GET, HEAD");
	case GF_R_ORIGINAL:
		return get ? h_original(r) : method_not_allowed(r, "GET, HEAD");
	case GF_R_SHEET:
		return get ? h_sheet(r) : method_not_allowed(r, "GET, HEAD");
	case GF_R_OVERRIDES:
		if (strcmp(m, "PUT") == 0)
			return h_overrides(r);
		if (get)
			return h_record(r, 1);
		return method_not_allowed(r, "GET, PUT");
	case GF_R_AUDIT:
		return get ? h_audit(r, 0) : method_not_allowed(r, "GET, HEAD");
	case GF_R_AUDIT_VERIFY:
		return get ? h_audit(r, 1) : method_not_allowed(r, "GET, HEAD");
	case GF_R_ARCHIVE_ADD:
	case GF_R_ARCHIVE_LIST:
	case GF_R_ARCHIVE_GET:
	case GF_R_ARCHIVE_SCAN:
	case GF_R_ARCHIVE_VERIFY:
		return gf_archive_http_handle(r);
	default:
		return gf_respond_error(r, MHD_HTTP_NOT_FOUND, "not_found",
					"没有这个地址 (no such endpoint)");
	}
}
