/* archive.c - the archive's endpoints (docs/archive.md, docs/openapi.yaml):
 *   POST /api/v1/archive             archive a scan (raw body or multipart)
 *   GET  /api/v1/archive             search
 *   GET  /api/v1/archive/{id}        one entry
 *   GET  /api/v1/archive/{id}/scan   the original scan, checked against its hash
 *   GET  /api/v1/archive/verify      re-hash every archived scan (admin)
 * Who sees what is decided by the store; entries are never changed. */
#include "http/internal.h"

#include "archive/archive.h"
#include "core/alloc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define BASE "/api/v1/archive"

int gf_archive_http_route(gf_req *r)
{
	const char *u = r->url;
	size_t n = strlen(BASE);
	if (strncmp(u, BASE, n) != 0 || (u[n] && u[n] != '/'))
		return 0;
	const char *rest = u + n;
	if (!*rest || strcmp(rest, "/") == 0) {
		r->route = strcmp(r->method, "POST") == 0 ? GF_R_ARCHIVE_ADD : GF_R_ARCHIVE_LIST;
	} else if (strcmp(rest, "/verify") == 0) {
		r->route = GF_R_ARCHIVE_VERIFY;
	} else {
		const char *p = rest + 1;
		int64_t v = 0;
		while (*p >= '0' && *p <= '9' && p - rest < 19)
			v = v * 10 + (*p++ - '0');
		if (p == rest + 1 || v <= 0)
			return 0;
		r->id = v;
		if (!*p || strcmp(p, "/") == 0)
			r->route = GF_R_ARCHIVE_GET;
		else if (strcmp(p, "/scan") == 0)
			r->route = GF_R_ARCHIVE_SCAN;
		else
			return 0;
	}
	r->body_allowed = r->route == GF_R_ARCHIVE_ADD;
	return 1;
}


int gf_archive_http_precheck(gf_req *r)
{
	if (r->route == GF_R_ARCHIVE_VERIFY && r->who.role != GF_ROLE_ADMIN) {
		gf_respond_error(r, MHD_HTTP_FORBIDDEN, "forbidden", "仅管理单位可以执行此操作 (admin only)");
		return 1;
	}
	if (r->route != GF_R_ARCHIVE_ADD)
		return 0;
	if (gf_http_arg(r, "cloud_id") && r->who.role != GF_ROLE_ADMIN) {
		gf_respond_error(r, MHD_HTTP_FORBIDDEN, "forbidden",
				 "仅管理单位可以手工关联扫描件 (only the admin attaches a scan by hand)");
		return 1;
	}
	/* reading a scan takes a tenth of a second of CPU: as many at once as
	 * uploads */
	unsigned now = atomic_fetch_add(&r->h->uploads, 1);
	r->upload_slot = 1;
	if (now >= r->h->cfg.max_uploads) {
		atomic_fetch_add(&r->h->metrics.rejected_busy, 1);
		gf_respond_error(r, MHD_HTTP_TOO_MANY_REQUESTS, "busy",
				 "服务器繁忙，请稍后重试 (too many uploads at once; retry)");
		return 1;
	}
	return 0;
}

static enum MHD_Result fail(gf_req *r, int rc, const gf_error *err)
{
	switch (rc) {
	case GF_ENOTFOUND:
		return gf_respond_error(r, MHD_HTTP_NOT_FOUND, "not_found",
					"没有对应的记录或归档，或无权查看 (no such record or archive "
					"entry, or not yours)");
	case GF_EUNREADABLE:
	case GF_ELIMIT:
		return gf_respond_error(r, 422, "unreadable_scan", err->msg);
	case GF_EINVAL:
		return gf_respond_error(r, MHD_HTTP_BAD_REQUEST, "bad_request", err->msg);
	case GF_ENOMEM:
		return gf_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out_of_memory",
					"服务器内存不足 (out of memory)");
	default:
		fprintf(stderr, "govforms: %s %s: %s\n", r->method, r->url, err->msg);
		return gf_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "store", err->msg);
	}
}

static void clean_name(char *out, size_t cap, const char *in)
{
	size_t n = 0;
	for (const char *p = in ? in : ""; *p && n + 1 < cap; p++)
		if ((unsigned char)*p >= 0x20 && *p != 0x7f && *p != '/' && *p != '\\' && *p != '"')
			out[n++] = *p;
	/* do not end inside a UTF-8 sequence */
	while (n && ((unsigned char)out[n - 1] & 0xC0) == 0x80) {
		size_t k = n;
		while (k && ((unsigned char)out[k - 1] & 0xC0) == 0x80)
			k--;
		if (!k)
			break;
		unsigned char lead = (unsigned char)out[k - 1];
		size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
		if (n - (k - 1) == want)
			break;
		n = k - 1;
	}
	out[n] = '\0';
	if (!n)
		snprintf(out, cap, "scan");
}

static enum MHD_Result h_add(gf_req *r, gf_archive *a)
{
	const char *ctype =
		MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	const char *data = r->body.data;
	size_t len = r->body.len;
	char part[256] = "", name[256];
	if (ctype && strncasecmp(ctype, "multipart/form-data", 19) == 0 &&
	    gf_multipart_file(&data, &len, part, sizeof part, ctype, r->body.data, r->body.len) !=
		    GF_OK)
		return gf_respond_error(r, MHD_HTTP_BAD_REQUEST, "bad_multipart",
					"无法解析上传的表单数据 (malformed multipart body: send one "
					"file part)");
	if (!data || len == 0)
		return gf_respond_error(r, MHD_HTTP_BAD_REQUEST, "empty_body",
					"请上传扫描件 (the request carries no scan)");
	clean_name(name, sizeof name, part[0] ? part : gf_http_arg(r, "name"));
	gf_archive_in in = {name, gf_http_arg(r, "cloud_id")};
	gf_archive_entry e;
	int again = 0;
	gf_error err = {0};
	int rc = gf_archive_add(a, r->h->store, &r->who, data, len, &in, &e, &again, &err);
	if (rc)
		return fail(r, rc, &err);
	json_t *o = gf_archive_entry_json(&e, BASE);
	gf_archive_entry_clear(&e);
	if (!o)
		return gf_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out_of_memory",
					"服务器内存不足 (out of memory)");
	json_object_set_new(o, "existing", json_boolean(again));
	return gf_respond_json(r, again ? MHD_HTTP_OK : MHD_HTTP_CREATED, o);
}



static enum MHD_Result h_list(gf_req *r)
{
	gf_archive_filter f = {0};
	f.unit = gf_http_arg(r, "unit");
	f.system = gf_http_arg(r, "system");
	f.cloud_id = gf_http_arg(r, "cloud_id");
	f.kind = gf_http_arg(r, "kind");
	f.complete = -1;
	const char *c = gf_http_arg(r, "complete");
	if (c) {
		int yes = strcmp(c, "true") == 0 || strcmp(c, "1") == 0;
		if (!yes && strcmp(c, "false") != 0 && strcmp(c, "0") != 0)
			return gf_respond_error(r, 400, "bad_request", "complete 应为 true 或 false");
		f.complete = yes;
	}
	if (f.kind && strcmp(f.kind, "activation") != 0 && strcmp(f.kind, "change") != 0 &&
	    strcmp(f.kind, "exit") != 0)
		return gf_respond_error(r, 400, "bad_request",
					"kind 应为 activation、change 或 exit");
	const char *since = gf_http_arg(r, "since"), *until = gf_http_arg(r, "until");
	if ((since && gf_http_when(since, &f.since_ms, 0)) ||
	    (until && gf_http_when(until, &f.until_ms, 1)))
		return gf_respond_error(r, 400, "bad_request",
					"日期格式应为 YYYY-MM-DD (dates are YYYY-MM-DD)");
	f.limit = gf_http_num_arg(r, "limit", 50);
	f.offset = gf_http_num_arg(r, "offset", 0);
	if (f.limit <= 0 || f.limit > GF_LIST_LIMIT_MAX || f.offset < 0)
		return gf_respond_error(r, 400, "bad_request", "limit 1..500, offset >= 0");
	gf_archive_entry *v;
	size_t n;
	int64_t total;
	gf_error err = {0};
	int rc = gf_store_archive_list(r->h->store, &v, &n, &total, &r->who, &f, &err);
	if (rc)
		return fail(r, rc, &err);
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, gf_archive_entry_json(&v[i], BASE));
	gf_archive_entries_free(v, n);
	return gf_respond_json(r, MHD_HTTP_OK,
			       json_pack("{sI sI sI so}", "total", (json_int_t)total, "limit",
					 (json_int_t)f.limit, "offset", (json_int_t)f.offset, "items",
					 arr));
}

static enum MHD_Result h_get(gf_req *r)
{
	gf_archive_entry e;
	gf_error err = {0};
	int rc = gf_store_archive_get(r->h->store, &e, &r->who, r->id, &err);
	if (rc)
		return fail(r, rc, &err);
	json_t *o = gf_archive_entry_json(&e, BASE);
	gf_archive_entry_clear(&e);
	return gf_respond_json(r, MHD_HTTP_OK, o);
}

static enum MHD_Result h_scan(gf_req *r)
{
	gf_archive_entry e;
	gf_error err = {0};
	char *data;
	size_t len;
	int rc = gf_store_archive_scan(r->h->store, &data, &len, &e, &r->who, r->id, &err);
	if (rc)
		return fail(r, rc, &err);
	/* attachment; filename="ascii"; filename*=UTF-8''percent-encoded */
	static const char hex[] = "0123456789ABCDEF";
	char disp[1024];
	const char *name = e.scan_name ? e.scan_name : "scan";
	size_t n = (size_t)snprintf(disp, sizeof disp, "attachment; filename=\"");
	for (const char *p = name; *p && n + 2 < sizeof disp; p++)
		disp[n++] = (unsigned char)*p < 0x80 && *p != '"' && *p != '\\' ? *p : '_';
	n += (size_t)snprintf(disp + n, sizeof disp - n, "\"; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p && n + 4 < sizeof disp; p++) {
		if (isalnum(*p) || strchr("-._~", *p)) {
			disp[n++] = (char)*p;
		} else {
			disp[n++] = '%';
			disp[n++] = hex[*p >> 4];
			disp[n++] = hex[*p & 15];
		}
	}
	disp[n < sizeof disp ? n : sizeof disp - 1] = '\0';
	char type[64];
	snprintf(type, sizeof type, "%s", e.content_type ? e.content_type : "application/octet-stream");
	gf_archive_entry_clear(&e);
	return gf_respond_bytes(r, MHD_HTTP_OK, type, data, len, 1, disp);
}

typedef struct bad_list {
	json_t *arr;
} bad_list;

static int note_bad(void *ctx, const gf_archive_entry *e, int ok)
{
	bad_list *b = ctx;
	if (!ok && json_array_size(b->arr) < 1000)
		json_array_append_new(b->arr, json_pack("{sI ss* ss}", "id", (json_int_t)e->id,
							"cloud_id", e->cloud_id, "sha256",
							e->scan_sha256));
	return 0;
}

static enum MHD_Result h_verify(gf_req *r)
{
	bad_list b = {json_array()};
	int64_t checked, bad;
	gf_error err = {0};
	int rc = gf_store_archive_verify(r->h->store, &r->who, note_bad, &b, &checked, &bad, &err);
	if (rc) {
		json_decref(b.arr);
		return fail(r, rc, &err);
	}
	return gf_respond_json(r, MHD_HTTP_OK,
			       json_pack("{sb sI sI so}", "ok", bad == 0, "checked", (json_int_t)checked,
					 "bad", (json_int_t)bad, "damaged", b.arr));
}

enum MHD_Result gf_archive_http_handle(gf_req *r)
{
	int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
	gf_archive *a = r->h->be.archive;
	if (r->route == GF_R_ARCHIVE_ADD) {
		if (!a)
			return gf_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "no_archive",
						"归档功能未启用 (the archive is not available here)");
		return h_add(r, a);
	}
	if (!get)
		return gf_respond_error(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method_not_allowed",
					"不支持的请求方法 (method not allowed)");
	switch (r->route) {
	case GF_R_ARCHIVE_LIST:
		return h_list(r);
	case GF_R_ARCHIVE_GET:
		return h_get(r);
	case GF_R_ARCHIVE_SCAN:
		return h_scan(r);
	default:
		return h_verify(r);
	}
}
