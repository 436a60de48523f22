/* store.c - the generic layer over a storage backend: tokens, access
 * control, audit entries and chain checks, cloud ids, sheet caching. */
#include "store/store_backend.h"

#include "core/alloc.h"
#include "core/sha256.h"
#include "core/utf8.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>

const char *gf_role_name(gf_role r)
{
	switch (r) {
	case GF_ROLE_UNIT: return "unit";
	case GF_ROLE_PROVIDER: return "provider";
	case GF_ROLE_ADMIN: return "admin";
	default: return "none";
	}
}

gf_role gf_role_from_name(const char *s)
{
	if (!s)
		return GF_ROLE_NONE;
	if (strcmp(s, "unit") == 0)
		return GF_ROLE_UNIT;
	if (strcmp(s, "provider") == 0)
		return GF_ROLE_PROVIDER;
	if (strcmp(s, "admin") == 0)
		return GF_ROLE_ADMIN;
	return GF_ROLE_NONE;
}

const char *gf_provider_canonical(const char *s)
{
	static const char *const names[] = {"电信", "移动", "联通"};
	if (!s)
		return NULL;
	for (size_t i = 0; i < 3; i++) {
		size_t n = strlen(names[i]);
		const char *p = s;
		if (strncmp(p, "中国", strlen("中国")) == 0)
			p += strlen("中国");
		if (strncmp(p, names[i], n) == 0 &&
		    (p[n] == '\0' || strcmp(p + n, "云") == 0))
			return names[i];
	}
	return NULL;
}

void gf_submission_clear(gf_submission *s)
{
	if (!s)
		return;
	gf_free(s->form);
	gf_free(s->state);
	gf_free(s->unit);
	gf_free(s->provider);
	gf_free(s->system_name);
	gf_free(s->source_name);
	gf_free(s->content_type);
	gf_free(s->record);
	gf_free(s->overrides);
	gf_free(s->cloud_id);
	memset(s, 0, sizeof *s);
}

void gf_submissions_free(gf_submission *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		gf_submission_clear(&v[i]);
	gf_free(v);
}

int64_t gf_store_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void hash_field(gf_sha256 *c, const char *s)
{
	char len[24];
	size_t n = s ? strlen(s) : 0;
	int k = snprintf(len, sizeof len, "%zu:", n);
	gf_sha256_update(c, len, (size_t)k);
	if (n)
		gf_sha256_update(c, s, n);
}

static void hash_int(gf_sha256 *c, int64_t v)
{
	char num[24];
	snprintf(num, sizeof num, "%lld", (long long)v);
	hash_field(c, num);
}

void gf_audit_hash(char out[65], const char *prev, int64_t seq, int64_t at_ms, int64_t actor,
		   const char *role, const char *action, int64_t submission_id,
		   const char *detail)
{
	gf_sha256 c;
	unsigned char d[32];
	gf_sha256_init(&c);
	hash_field(&c, "govforms.audit/1");
	hash_field(&c, prev);
	hash_int(&c, seq);
	hash_int(&c, at_ms);
	hash_int(&c, actor);
	hash_field(&c, role);
	hash_field(&c, action);
	hash_int(&c, submission_id);
	hash_field(&c, detail);
	gf_sha256_final(&c, d);
	gf_hex_encode(d, 32, out);
}

/* mkdir -p */
static int make_dirs(const char *dir)
{
	char p[4096];
	if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p)
		return -1;
	for (char *c = p + 1; *c; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			return -1;
		*c = '/';
	}
	return mkdir(p, 0755) != 0 && errno != EEXIST ? -1 : 0;
}

int gf_store_open(gf_store **out, const char *dir, gf_error *err)
{
	*out = NULL;
	char path[4096];
	if (make_dirs(dir) != 0)
		return gf_error_set(err, GF_ESTORE, "cannot create %s: %s", dir, strerror(errno));
	if (snprintf(path, sizeof path, "%s/blobs", dir) >= (int)sizeof path)
		return gf_error_set(err, GF_EINVAL, "data directory path too long");
	gf_blobs *blobs;
	int rc = gf_blobs_open_dir(&blobs, path, err);
	if (rc)
		return rc;
	snprintf(path, sizeof path, "%s/govforms.db", dir);
	rc = gf_store_sqlite_open(out, path, blobs, err);
	if (rc)
		gf_blobs_close(blobs);
	return rc;
}

void gf_store_close(gf_store *s)
{
	if (!s)
		return;
	gf_blobs *b = s->blobs;
	s->ops->close(s);
	gf_blobs_close(b);
}

/* ---- tokens ---- */

#define TOKEN_PREFIX "gft_"
#define TOKEN_MAX 128

int gf_store_token_create(gf_store *s, char **out_token, int64_t *out_id, gf_role role,
			  const char *unit, const char *provider, const char *label,
			  gf_error *err)
{
	*out_token = NULL;
	const char *prov = NULL;
	if (role == GF_ROLE_UNIT) {
		if (!unit || !*unit || strlen(unit) >= GF_UNIT_MAX ||
		    !gf_utf8_valid(unit, strlen(unit)))
			return gf_error_set(err, GF_EINVAL, "a unit token needs --unit NAME");
		provider = NULL;
	} else if (role == GF_ROLE_PROVIDER) {
		prov = gf_provider_canonical(provider);
		if (!prov)
			return gf_error_set(err, GF_EINVAL,
					    "a provider token needs --provider 电信|移动|联通");
		unit = NULL;
	} else if (role == GF_ROLE_ADMIN) {
		unit = NULL;
	} else {
		return gf_error_set(err, GF_EINVAL, "role must be unit, provider or admin");
	}
	unsigned char rnd[32];
	size_t got = 0;
	while (got < sizeof rnd) {
		ssize_t k = getrandom(rnd + got, sizeof rnd - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return gf_error_set(err, GF_EINTERNAL, "no randomness: %s", strerror(errno));
		got += (size_t)k;
	}
	char *tok = gf_malloc(sizeof TOKEN_PREFIX + 64);
	if (!tok)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	memcpy(tok, TOKEN_PREFIX, sizeof TOKEN_PREFIX - 1);
	gf_hex_encode(rnd, sizeof rnd, tok + sizeof TOKEN_PREFIX - 1);
	char hash[65];
	gf_sha256_hex(tok, strlen(tok), hash);
	int64_t id = 0;
	int rc = s->ops->token_insert(s, &id, hash, role, unit, prov, label, err);
	if (rc) {
		gf_free(tok);
		return rc;
	}
	*out_token = tok;
	if (out_id)
		*out_id = id;
	return GF_OK;
}

int gf_store_authenticate(gf_store *s, gf_principal *out, const char *token, gf_error *err)
{
	memset(out, 0, sizeof *out);
	size_t n = token ? strlen(token) : 0;
	if (n == 0 || n > TOKEN_MAX)
		return gf_error_set(err, GF_ENOTFOUND, "unknown token");
	char hash[65];
	gf_sha256_hex(token, n, hash);
	return s->ops->token_find(s, out, hash, err);
}

int gf_store_token_revoke(gf_store *s, int64_t id, gf_error *err)
{
	return s->ops->token_revoke(s, id, err);
}

int gf_store_token_list(gf_store *s, json_t **out, gf_error *err)
{
	return s->ops->token_list(s, out, err);
}

/* ---- submissions ---- */

int gf_principal_can_see(const gf_principal *who, const char *unit, const char *provider)
{
	if (!who)
		return 0;
	switch (who->role) {
	case GF_ROLE_ADMIN:
		return 1;
	case GF_ROLE_UNIT:
		return unit && strcmp(unit, who->unit) == 0;
	case GF_ROLE_PROVIDER:
		return provider && strcmp(provider, who->provider) == 0;
	default:
		return 0;
	}
}

static const char *rec_str(const json_t *record, const char *a, const char *b)
{
	json_t *f = json_object_get(record, "fields");
	json_t *o = json_object_get(f, a);
	json_t *v = b ? json_object_get(o, b) : o;
	return json_is_string(v) ? json_string_value(v) : NULL;
}

static char *dup_opt(const char *v, int *oom)
{
	if (!v)
		return NULL;
	char *d = gf_strdup(v);
	if (!d)
		*oom = 1;
	return d;
}

static int submit(gf_store *s, int64_t *out_id, gf_submission *out, const gf_principal *who,
		  const void *data, size_t len, const char *source_name, const char *content_type,
		  const json_t *record, const char *unit, gf_error *err);

int gf_store_submit(gf_store *s, int64_t *out_id, const gf_principal *who, const void *data,
		    size_t len, const char *source_name, const char *content_type,
		    const json_t *record, const char *unit, gf_error *err)
{
	return submit(s, out_id, NULL, who, data, len, source_name, content_type, record, unit, err);
}

int gf_store_submit_get(gf_store *s, gf_submission *out, const gf_principal *who,
			const void *data, size_t len, const char *source_name,
			const char *content_type, const json_t *record, const char *unit,
			gf_error *err)
{
	int64_t id;
	memset(out, 0, sizeof *out);
	return submit(s, &id, out, who, data, len, source_name, content_type, record, unit, err);
}

static int submit(gf_store *s, int64_t *out_id, gf_submission *out, const gf_principal *who,
		  const void *data, size_t len, const char *source_name, const char *content_type,
		  const json_t *record, const char *unit, gf_error *err)
{
	*out_id = 0;
	if (!json_is_object(record))
		return gf_error_set(err, GF_EINVAL, "no record");
	gf_submission sub = {0};
	int rc = GF_OK;
	char *rec = NULL;
	int unreadable = 0;
	json_t *diags = json_object_get(record, "diagnostics");
	size_t i;
	json_t *d;
	json_array_foreach(diags, i, d) {
		const char *sev = json_string_value(json_object_get(d, "severity"));
		const char *code = json_string_value(json_object_get(d, "code"));
		if (sev && strcmp(sev, "error") == 0)
			sub.errors++;
		else
			sub.warnings++;
		if (code && strcmp(code, "unreadable") == 0)
			unreadable = 1;
	}
	const char *state = unreadable ? "unreadable"
			    : json_is_true(json_object_get(record, "valid")) ? "valid"
									     : "invalid";
	const char *form = json_string_value(json_object_get(record, "form"));
	const char *prov = gf_provider_canonical(rec_str(record, "cloud", "provider"));
	if (!prov)
		prov = gf_provider_canonical(rec_str(record, "cloud", "platform"));
	rec = json_dumps(record, JSON_COMPACT);
	if (!rec) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	rc = gf_blobs_put(s->blobs, sub.source_sha256, data, len, err);
	if (rc)
		goto cleanup;
	sub.created_ms = gf_store_now_ms();
	sub.form = (char *)form;
	sub.state = (char *)state;
	sub.unit = (char *)unit;
	sub.provider = (char *)prov;
	sub.system_name = (char *)rec_str(record, "system", "name");
	sub.source_name = (char *)source_name;
	sub.source_size = (int64_t)len;
	if (!content_type) {
		const char *fmt = json_string_value(
			json_object_get(json_object_get(record, "source"), "format"));
		content_type = fmt && strcmp(fmt, "docx") == 0
			? "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
			: fmt && strcmp(fmt, "xml") == 0 ? "application/xml"
							 : "application/octet-stream";
	}
	sub.content_type = (char *)content_type;
	sub.record = rec;
	sub.submitted_by = who ? who->token_id : 0;
	gf_audit_in a = {who, "record.create", 0, state};
	rc = s->ops->submission_insert(s, out_id, &sub, &a, err);
	if (rc == GF_OK && out) {
		int oom = 0;
		out->id = *out_id;
		out->created_ms = sub.created_ms;
		out->form = dup_opt(sub.form, &oom);
		out->state = dup_opt(sub.state, &oom);
		out->unit = dup_opt(sub.unit, &oom);
		out->provider = dup_opt(sub.provider, &oom);
		out->system_name = dup_opt(sub.system_name, &oom);
		out->source_name = dup_opt(sub.source_name, &oom);
		memcpy(out->source_sha256, sub.source_sha256, sizeof out->source_sha256);
		out->source_size = sub.source_size;
		out->content_type = dup_opt(sub.content_type, &oom);
		out->record = dup_opt(rec, &oom);
		out->errors = sub.errors;
		out->warnings = sub.warnings;
		out->submitted_by = sub.submitted_by;
		if (oom) {
			gf_submission_clear(out);
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		}
	}
cleanup:
	free(rec);
	return rc;
}

int gf_store_get(gf_store *s, gf_submission *out, const gf_principal *who, int64_t id,
		 gf_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = s->ops->submission_get(s, out, id, err);
	if (rc == GF_ENOTFOUND) {
		gf_audit_in a = {who, "record.read.missing", id, NULL};
		s->ops->audit_append(s, &a, NULL);
		return rc;
	}
	if (rc)
		return rc;
	int ok = gf_principal_can_see(who, out->unit, out->provider);
	gf_audit_in a = {who, ok ? "record.read" : "record.read.denied", id, NULL};
	int arc = s->ops->audit_append(s, &a, err);
	if (!ok || arc) {
		gf_submission_clear(out);
		return ok ? arc : gf_error_set(err, GF_ENOTFOUND, "no submission %lld", (long long)id);
	}
	return GF_OK;
}

int gf_store__scope(const gf_principal *who, const char **scope_unit, const char **scope_provider,
		    int64_t *limit, int64_t *offset, gf_error *err)
{
	*scope_unit = *scope_provider = NULL;
	if (!who || who->role == GF_ROLE_NONE)
		return gf_error_set(err, GF_EINVAL, "no principal");
	if (who->role == GF_ROLE_UNIT)
		*scope_unit = who->unit;
	else if (who->role == GF_ROLE_PROVIDER)
		*scope_provider = who->provider;
	if (*limit <= 0 || *limit > GF_LIST_LIMIT_MAX)
		*limit = *limit <= 0 ? 50 : GF_LIST_LIMIT_MAX;
	if (*offset < 0)
		*offset = 0;
	return GF_OK;
}

int gf_store__audit_list(gf_store *s, const gf_principal *who, const char *action, size_t n,
			 long long total, gf_error *err)
{
	char detail[160];
	snprintf(detail, sizeof detail, "%zu of %lld", n, total);
	gf_audit_in a = {who, action, 0, detail};
	return s->ops->audit_append(s, &a, err);
}

int gf_store_list(gf_store *s, gf_submission **out, size_t *out_n, int64_t *out_total,
		  const gf_principal *who, const gf_filter *f, gf_error *err)
{
	*out = NULL;
	*out_n = 0;
	*out_total = 0;
	gf_filter g = f ? *f : (gf_filter){0};
	int rc = gf_store__scope(who, &g.scope_unit, &g.scope_provider, &g.limit, &g.offset, err);
	if (rc)
		return rc;
	rc = s->ops->submission_list(s, out, out_n, out_total, &g, err);
	if (rc)
		return rc;
	rc = gf_store__audit_list(s, who, "record.list", *out_n, (long long)*out_total, err);
	if (rc) {
		gf_submissions_free(*out, *out_n);
		*out = NULL;
		*out_n = 0;
	}
	return rc;
}

int gf_store_original(gf_store *s, char **out, size_t *out_len, gf_submission *sub_out,
		      const gf_principal *who, int64_t id, gf_error *err)
{
	*out = NULL;
	*out_len = 0;
	gf_submission sub;
	int rc = gf_store_get(s, &sub, who, id, err);
	if (rc)
		return rc;
	rc = gf_blobs_get(s->blobs, out, out_len, sub.source_sha256, GF_BLOB_MAX, err);
	if (rc == GF_OK && sub_out)
		*sub_out = sub;
	else
		gf_submission_clear(&sub);
	return rc;
}

int gf_store_set_overrides(gf_store *s, const gf_principal *who, int64_t id,
			   const json_t *overrides, gf_error *err)
{
	if (!who || who->role != GF_ROLE_ADMIN)
		return gf_error_set(err, GF_EINVAL, "only the admin sets overrides");
	char *text = NULL;
	if (overrides && !json_is_null(overrides)) {
		if (!json_is_object(overrides))
			return gf_error_set(err, GF_EINVAL, "overrides must be an object");
		const char *k;
		json_t *v;
		json_object_foreach((json_t *)overrides, k, v) {
			if (!*k || strlen(k) > 128)
				return gf_error_set(err, GF_EINVAL, "bad override key");
			if (!json_is_string(v) && !json_is_number(v))
				return gf_error_set(err, GF_EINVAL,
						    "override %s must be a string or a number", k);
		}
		if (json_object_size(overrides) > 0) {
			text = json_dumps(overrides, JSON_COMPACT | JSON_SORT_KEYS);
			if (!text)
				return gf_error_set(err, GF_ENOMEM, "out of memory");
		}
	}
	gf_audit_in a = {who, "overrides.set", id, text};
	int rc = s->ops->overrides_set(s, id, text, &a, err);
	free(text);
	return rc;
}

static int needs_cloud_id(const char *form)
{
	return form && (strcmp(form, "request") == 0 || strcmp(form, "hosting-request") == 0 ||
			strcmp(form, "activation-sheet") == 0);
}

int gf_store_sheet(gf_store *s, char **out, size_t *out_len, int *out_cached,
		   const gf_principal *who, int64_t id, gf_render_fn render, void *ctx,
		   gf_error *err)
{
	*out = NULL;
	*out_len = 0;
	*out_cached = 0;
	gf_submission sub;
	json_t *record = NULL, *ov = NULL;
	char *ov_text = NULL, *pdf = NULL;
	size_t pdf_len = 0;
	/* audited below as sheet.render / sheet.read (or denied) */
	int rc = s->ops->submission_get(s, &sub, id, err);
	if (rc == GF_OK && !gf_principal_can_see(who, sub.unit, sub.provider)) {
		gf_submission_clear(&sub);
		gf_audit_in a = {who, "sheet.read.denied", id, NULL};
		s->ops->audit_append(s, &a, NULL);
		return gf_error_set(err, GF_ENOTFOUND, "no submission %lld", (long long)id);
	}
	if (rc)
		return rc;
	if (strcmp(sub.state, "valid") != 0) {
		rc = gf_error_set(err, GF_EINVAL, "the form is %s: fix it and upload again",
				  sub.state);
		goto cleanup;
	}
	record = json_loads(sub.record, 0, NULL);
	ov = sub.overrides ? json_loads(sub.overrides, 0, NULL) : json_object();
	if (!record || !json_is_object(ov)) {
		rc = gf_error_set(err, GF_ESTORE, "stored record %lld is damaged", (long long)id);
		goto cleanup;
	}
	const char *own = rec_str(record, "system", "cloud_id");
	if (needs_cloud_id(sub.form) && !(own && *own)) {
		char cid[32];
		int year = 1970;
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm))
			year = tm.tm_year + 1900;
		rc = s->ops->cloud_id_assign(s, cid, id, year, err);
		if (rc)
			goto cleanup;
		json_object_set_new(ov, "system.cloud_id", json_string(cid));
	}
	ov_text = json_dumps(ov, JSON_COMPACT | JSON_SORT_KEYS);
	if (!ov_text) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	char ov_sha[65], pdf_sha[65], have[65];
	gf_sha256_hex(ov_text, strlen(ov_text), ov_sha);
	rc = s->ops->sheet_find(s, &pdf, &pdf_len, pdf_sha, id, ov_sha, err);
	if (rc == GF_OK) {
		gf_sha256_hex(pdf, pdf_len, have);
		if (strcmp(have, pdf_sha) == 0) {
			gf_audit_in a = {who, "sheet.read", id, pdf_sha};
			rc = s->ops->audit_append(s, &a, err);
			*out_cached = 1;
			goto cleanup;
		}
		/* damaged: render it again (the same inputs give the same bytes) */
		gf_free(pdf);
		pdf = NULL;
		rc = GF_ENOTFOUND;
	}
	if (rc != GF_ENOTFOUND)
		goto cleanup;
	if (err)
		gf_error_clear(err);
	rc = render(ctx, &pdf, &pdf_len, record, ov, err);
	if (rc == GF_EINVAL)
		rc = GF_EPDF; /* GF_EINVAL is kept for "not valid" */
	if (rc)
		goto cleanup;
	gf_sha256_hex(pdf, pdf_len, pdf_sha);
	gf_audit_in a = {who, "sheet.render", id, pdf_sha};
	rc = s->ops->sheet_insert(s, id, ov_sha, pdf_sha, pdf, pdf_len, &a, err);
cleanup:
	if (rc == GF_OK) {
		*out = pdf;
		*out_len = pdf_len;
	} else {
		gf_free(pdf);
	}
	free(ov_text);
	json_decref(record);
	json_decref(ov);
	gf_submission_clear(&sub);
	return rc;
}

int gf_store_audit(gf_store *s, const gf_principal *who, const char *action,
		   int64_t submission_id, const char *detail, gf_error *err)
{
	gf_audit_in a = {who, action, submission_id, detail};
	return s->ops->audit_append(s, &a, err);
}

/* ---- verification ---- */

typedef struct verify_ctx {
	gf_audit_report *r;
	char prev[65];
	int64_t last_seq;
	gf_store *s;
} verify_ctx;

static int verify_entry(void *ctx, const gf_audit_entry *e)
{
	verify_ctx *v = ctx;
	char h[65];
	v->r->entries++;
	if (e->seq != v->last_seq + 1) {
		snprintf(v->r->reason, sizeof v->r->reason,
			 "entry %lld follows entry %lld: entries are missing", (long long)e->seq,
			 (long long)v->last_seq);
	} else if (strcmp(e->prev, v->prev) != 0) {
		snprintf(v->r->reason, sizeof v->r->reason,
			 "entry %lld does not continue the chain: removed or reordered",
			 (long long)e->seq);
	} else {
		gf_audit_hash(h, e->prev, e->seq, e->at_ms, e->actor, e->role, e->action,
			      e->submission_id, e->detail);
		if (strcmp(h, e->hash) != 0)
			snprintf(v->r->reason, sizeof v->r->reason,
				 "entry %lld was changed: its hash does not match",
				 (long long)e->seq);
	}
	if (v->r->reason[0]) {
		v->r->bad_seq = e->seq;
		return 1;
	}
	v->last_seq = e->seq;
	memcpy(v->prev, e->hash, 65);
	return 0;
}

static int verify_blob(void *ctx, const char *sha, int64_t size)
{
	verify_ctx *v = ctx;
	char *data;
	size_t len;
	v->r->blobs++;
	if (gf_blobs_get(v->s->blobs, &data, &len, sha, GF_BLOB_MAX, NULL) != GF_OK ||
	    (int64_t)len != size) {
		if (!v->r->bad_blobs)
			snprintf(v->r->bad_blob, sizeof v->r->bad_blob, "%s", sha);
		v->r->bad_blobs++;
		return 0;
	}
	gf_free(data);
	return 0;
}

static int verify_sheet(void *ctx, const char *sha, const void *pdf, size_t len)
{
	verify_ctx *v = ctx;
	char hex[65];
	v->r->blobs++;
	gf_sha256_hex(pdf, len, hex);
	if (strcmp(hex, sha) != 0) {
		if (!v->r->bad_blobs)
			snprintf(v->r->bad_blob, sizeof v->r->bad_blob, "%s", sha);
		v->r->bad_blobs++;
	}
	return 0;
}

int gf_store_verify(gf_store *s, gf_audit_report *out, int check_blobs, gf_error *err)
{
	memset(out, 0, sizeof *out);
	verify_ctx v = {out, GF_AUDIT_GENESIS, 0, s};
	int rc = s->ops->audit_scan(s, 0, verify_entry, &v, err);
	if (rc)
		return rc;
	if (!out->bad_seq) {
		int64_t hseq;
		char hhash[65];
		rc = s->ops->audit_head(s, &hseq, hhash, err);
		if (rc)
			return rc;
		if (hseq != v.last_seq || strcmp(hhash, v.prev) != 0) {
			out->bad_seq = v.last_seq + 1;
			snprintf(out->reason, sizeof out->reason,
				 "the log ends at entry %lld but its head names entry %lld: "
				 "entries were removed or changed",
				 (long long)v.last_seq, (long long)hseq);
		}
	}
	if (check_blobs)
		rc = s->ops->blob_scan(s, verify_blob, &v, err);
	if (check_blobs && !rc)
		rc = s->ops->sheet_scan(s, verify_sheet, &v, err);
	return rc;
}

typedef struct list_ctx {
	json_t *arr;
	int64_t limit;
} list_ctx;

static int audit_to_json(void *ctx, const gf_audit_entry *e)
{
	list_ctx *l = ctx;
	json_t *o = json_pack("{sI sI sI ss ss sI ss* ss ss}", "seq", (json_int_t)e->seq, "at_ms",
			      (json_int_t)e->at_ms, "actor", (json_int_t)e->actor, "role",
			      e->role ? e->role : "", "action", e->action, "submission_id",
			      (json_int_t)e->submission_id, "detail", e->detail, "prev", e->prev,
			      "hash", e->hash);
	if (!o || json_array_append_new(l->arr, o) != 0)
		return -1;
	return (int64_t)json_array_size(l->arr) >= l->limit;
}

int gf_store_audit_list(gf_store *s, json_t **out, int64_t after, int64_t limit, gf_error *err)
{
	*out = NULL;
	list_ctx l = {json_array(), limit <= 0 || limit > 1000 ? 1000 : limit};
	if (!l.arr)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	int rc = s->ops->audit_scan(s, after, audit_to_json, &l, err);
	if (rc) {
		json_decref(l.arr);
		return rc;
	}
	*out = l.arr;
	return GF_OK;
}

int gf_store_counts(gf_store *s, json_t **out, gf_error *err)
{
	return s->ops->counts(s, out, err);
}
