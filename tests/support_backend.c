/* support_backend.c - the test backend (see support_backend.h). */
#include "support_backend.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "core/sha256.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int armed, waiting, released, renders;

void gf_test_block_arm(void)
{
	pthread_mutex_lock(&mu);
	armed = 1;
	waiting = 0;
	released = 0;
	pthread_mutex_unlock(&mu);
}

int gf_test_block_wait(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 30;
	pthread_mutex_lock(&mu);
	int rc = 0;
	while (!waiting && rc == 0)
		rc = pthread_cond_timedwait(&cv, &mu, &ts);
	int w = waiting;
	pthread_mutex_unlock(&mu);
	return w ? 0 : -1;
}

void gf_test_block_release(void)
{
	pthread_mutex_lock(&mu);
	released = 1;
	armed = 0;
	pthread_cond_broadcast(&cv);
	pthread_mutex_unlock(&mu);
}

int gf_test_renders(void)
{
	pthread_mutex_lock(&mu);
	int n = renders;
	pthread_mutex_unlock(&mu);
	return n;
}

static const struct {
	const char *key, *label;
} required[] = {{"unit.name", "申请单位"}, {"system.name", "信息系统名称"}, {"owner.email", "电子邮箱"}};

static json_t *get_path(json_t *fields, const char *key)
{
	char a[32];
	const char *dot = strchr(key, '.');
	snprintf(a, sizeof a, "%.*s", (int)(dot - key), key);
	return json_object_get(json_object_get(fields, a), dot + 1);
}

static int intake(void *ctx, json_t **out, const void *data, size_t len, const char *name,
		  gf_error *err)
{
	(void)ctx;
	(void)err;
	char sha[65];
	gf_sha256_hex(data, len, sha);
	json_t *rec = json_pack("{ss s{ss ss ss} sb s{} s[]}", "schema", "govforms.record/1",
				"source", "name", name, "format", "xml", "sha256", sha, "valid", 0,
				"fields", "diagnostics");
	json_t *diags = json_object_get(rec, "diagnostics");
	json_error_t jerr;
	json_t *in = len && ((const char *)data)[0] == '{' ? json_loadb(data, len, 0, &jerr) : NULL;
	if (len && ((const char *)data)[0] == '{' && !in) {
		json_object_set_new(rec, "form", json_null());
		json_array_append_new(diags, json_pack("{ss ss ss}", "severity", "error", "code",
						       "unreadable", "message",
						       "无法读取 (not well-formed)"));
		*out = rec;
		return GF_EUNREADABLE;
	}
	const char *form = json_string_value(json_object_get(in, "form"));
	if (!form) {
		json_object_set_new(rec, "form", json_null());
		json_array_append_new(diags, json_pack("{ss ss ss}", "severity", "error", "code",
						       "unknown-form", "message",
						       "不是七种表单之一 (not one of the seven forms)"));
		json_decref(in);
		*out = rec;
		return GF_OK;
	}
	json_object_set_new(rec, "form", json_string(form));
	json_object_set_new(rec, "title", json_string("淮北市政务云资源需求申请表"));
	json_t *fields = json_object_get(in, "fields");
	if (json_is_object(fields))
		json_object_set(rec, "fields", fields);
	for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
		json_t *v = get_path(fields, required[i].key);
		if (!json_is_string(v) || !*json_string_value(v)) {
			char msg[128];
			snprintf(msg, sizeof msg, "必填项“%s”未填写 (required field is empty)",
				 required[i].label);
			json_array_append_new(diags,
					      json_pack("{ss ss ss ss ss ss}", "severity", "error", "code",
							"required", "field", required[i].key, "label",
							required[i].label, "message", msg, "where",
							"table 1, row 2, cell 2"));
		}
	}
	json_object_set_new(rec, "valid", json_boolean(json_array_size(diags) == 0));
	int block = strcmp(form, "block") == 0;
	json_decref(in);
	if (block) {
		pthread_mutex_lock(&mu);
		if (armed) {
			waiting = 1;
			pthread_cond_broadcast(&cv);
			while (!released)
				pthread_cond_wait(&cv, &mu);
		}
		pthread_mutex_unlock(&mu);
	}
	*out = rec;
	return GF_OK;
}

/* A one-page PDF naming the form and the overrides (ASCII text; the
 * overrides JSON also as a comment line, UTF-8). */
static int render(void *ctx, char **out, size_t *out_len, const json_t *record,
		  const json_t *overrides, gf_error *err)
{
	(void)ctx;
	if (json_object_get(overrides, "no.such.field"))
		return gf_error_set(err, GF_EINVAL, "no.such.field is not a field of the sheet");
	pthread_mutex_lock(&mu);
	renders++;
	pthread_mutex_unlock(&mu);
	char *ov = json_dumps(overrides, JSON_COMPACT | JSON_SORT_KEYS);
	const char *form = json_string_value(json_object_get(record, "form"));
	const char *cid = json_string_value(json_object_get(overrides, "system.cloud_id"));
	char text[160];
	snprintf(text, sizeof text, "govforms test sheet %s %s", form ? form : "-", cid ? cid : "");
	char stream[256];
	int sl = snprintf(stream, sizeof stream, "BT /F1 12 Tf 50 800 Td (%s) Tj ET", text);
	gf_buf b = GF_BUF_INIT(1 << 20);
	size_t off[6];
	gf_buf_printf(&b, "%%PDF-1.4\n%% overrides: %s\n", ov ? ov : "{}");
	off[1] = b.len;
	gf_buf_puts(&b, "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n");
	off[2] = b.len;
	gf_buf_puts(&b, "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n");
	off[3] = b.len;
	gf_buf_puts(&b, "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
			"/Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >> endobj\n");
	off[4] = b.len;
	gf_buf_printf(&b, "4 0 obj << /Length %d >> stream\n%s\nendstream endobj\n", sl, stream);
	off[5] = b.len;
	gf_buf_puts(&b, "5 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n");
	size_t xref = b.len;
	gf_buf_puts(&b, "xref\n0 6\n0000000000 65535 f \n");
	for (int i = 1; i <= 5; i++)
		gf_buf_printf(&b, "%010zu 00000 n \n", off[i]);
	int rc = gf_buf_printf(&b, "trailer << /Size 6 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n",
			       xref);
	free(ov);
	if (rc) {
		gf_buf_free(&b);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	*out = gf_buf_detach(&b, out_len);
	return GF_OK;
}

static json_t *labels(void *ctx, const char *form)
{
	(void)ctx;
	if (strcmp(form, "request") != 0)
		return NULL;
	return json_pack("{ss ss ss ss}", "unit.name", "申请单位", "system.name", "信息系统名称",
			 "owner.email", "电子邮箱", "cloud.provider", "云服务商");
}

const gf_backend gf_test_backend = {NULL, intake, render, NULL, labels};
