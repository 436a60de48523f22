/* store_archive.c - the generic layer of the archive of signed scans:
 * access control, audit entries, write-once scans, verification. */
#include "store/store_backend.h"

#include "core/alloc.h"
#include "core/sha256.h"

#include <stdio.h>
#include <string.h>

void gf_archive_entry_clear(gf_archive_entry *e)
{
	if (!e)
		return;
	gf_free(e->scan_name);
	gf_free(e->content_type);
	gf_free(e->cloud_id);
	gf_free(e->kind);
	gf_free(e->unit);
	gf_free(e->provider);
	gf_free(e->system_name);
	gf_free(e->match);
	gf_free(e->printed_sha256);
	gf_free(e->current_sha256);
	gf_free(e->seals);
	gf_free(e->detail);
	memset(e, 0, sizeof *e);
}

void gf_archive_entries_free(gf_archive_entry *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		gf_archive_entry_clear(&v[i]);
	gf_free(v);
}

int gf_store_archive_add(gf_store *s, gf_archive_entry *io, int *out_existing,
			 const gf_principal *who, const void *scan, size_t len, gf_error *err)
{
	*out_existing = 0;
	if (!who || who->role == GF_ROLE_NONE)
		return gf_error_set(err, GF_EINVAL, "no principal");
	if (!scan || len == 0)
		return gf_error_set(err, GF_EINVAL, "an empty scan");
	if (!io->match || (strcmp(io->match, "qr") != 0 && strcmp(io->match, "hand") != 0))
		return gf_error_set(err, GF_EINVAL, "match must be qr or hand");
	if (strcmp(io->match, "hand") == 0 && who->role != GF_ROLE_ADMIN)
		return gf_error_set(err, GF_EINVAL, "only the admin attaches a scan by hand");
	if (!gf_principal_can_see(who, io->unit, io->provider)) {
		gf_audit_in a = {who, "archive.add.denied", io->submission_id, io->cloud_id};
		s->ops->audit_append(s, &a, NULL);
		return gf_error_set(err, GF_ENOTFOUND, "no record %s", io->cloud_id ? io->cloud_id : "");
	}
	if (!io->seals)
		return gf_error_set(err, GF_EINVAL, "no seal results");
	/* the file first, synced; then the row */
	int rc = gf_blobs_put(s->blobs, io->scan_sha256, scan, len, err);
	if (rc)
		return rc;
	io->scan_size = (int64_t)len;
	io->created_ms = gf_store_now_ms();
	io->added_by = who->token_id;
	gf_audit_in a = {who, "archive.add", io->submission_id, NULL};
	rc = s->ops->archive_insert(s, io, out_existing, &a, err);
	if (rc)
		return rc;
	/* hand back what is stored */
	int64_t id = io->id;
	gf_archive_entry_clear(io);
	return s->ops->archive_get(s, io, id, err);
}

int gf_store_archive_get(gf_store *s, gf_archive_entry *out, const gf_principal *who,
			 int64_t id, gf_error *err)
{
	memset(out, 0, sizeof *out);
	int rc = s->ops->archive_get(s, out, id, err);
	if (rc == GF_ENOTFOUND) {
		gf_audit_in a = {who, "archive.read.missing", 0, NULL};
		s->ops->audit_append(s, &a, NULL);
		return gf_error_set(err, GF_ENOTFOUND, "no archive entry %lld", (long long)id);
	}
	if (rc)
		return rc;
	int ok = gf_principal_can_see(who, out->unit, out->provider);
	char detail[40];
	snprintf(detail, sizeof detail, "archive %lld", (long long)id);
	gf_audit_in a = {who, ok ? "archive.read" : "archive.read.denied", out->submission_id,
			 detail};
	int arc = s->ops->audit_append(s, &a, err);
	if (!ok || arc) {
		gf_archive_entry_clear(out);
		return ok ? arc : gf_error_set(err, GF_ENOTFOUND, "no archive entry %lld", (long long)id);
	}
	return GF_OK;
}

int gf_store_archive_list(gf_store *s, gf_archive_entry **out, size_t *out_n,
			  int64_t *out_total, const gf_principal *who, const gf_archive_filter *f,
			  gf_error *err)
{
	*out = NULL;
	*out_n = 0;
	*out_total = 0;
	gf_archive_filter g = f ? *f : (gf_archive_filter){0};
	if (!f)
		g.complete = -1;
	int rc = gf_store__scope(who, &g.scope_unit, &g.scope_provider, &g.limit, &g.offset, err);
	if (rc)
		return rc;
	rc = s->ops->archive_list(s, out, out_n, out_total, &g, err);
	if (rc)
		return rc;
	rc = gf_store__audit_list(s, who, "archive.list", *out_n, (long long)*out_total, err);
	if (rc) {
		gf_archive_entries_free(*out, *out_n);
		*out = NULL;
		*out_n = 0;
	}
	return rc;
}

int gf_store_archive_scan(gf_store *s, char **out, size_t *out_len, gf_archive_entry *entry_out,
			  const gf_principal *who, int64_t id, gf_error *err)
{
	*out = NULL;
	*out_len = 0;
	gf_archive_entry e;
	int rc = gf_store_archive_get(s, &e, who, id, err);
	if (rc)
		return rc;
	rc = gf_blobs_get(s->blobs, out, out_len, e.scan_sha256, GF_BLOB_MAX, err);
	if (rc == GF_OK && (int64_t)*out_len != e.scan_size) {
		gf_free(*out);
		*out = NULL;
		*out_len = 0;
		rc = gf_error_set(err, GF_ESTORE, "archived scan %lld has the wrong size", (long long)id);
	}
	if (rc == GF_OK) {
		char detail[100];
		snprintf(detail, sizeof detail, "archive %lld %s", (long long)id, e.scan_sha256);
		gf_audit_in a = {who, "archive.download", e.submission_id, detail};
		rc = s->ops->audit_append(s, &a, err);
		if (rc) {
			gf_free(*out);
			*out = NULL;
			*out_len = 0;
		}
	}
	if (rc == GF_OK && entry_out)
		*entry_out = e;
	else
		gf_archive_entry_clear(&e);
	return rc;
}

typedef struct verify_ctx {
	gf_store *s;
	int (*fn)(void *ctx, const gf_archive_entry *e, int ok);
	void *ctx;
	int64_t checked, bad;
} verify_ctx;

static int verify_one(void *ctx, const gf_archive_entry *e)
{
	verify_ctx *v = ctx;
	char *data = NULL;
	size_t len = 0;
	v->checked++;
	int ok = gf_blobs_get(v->s->blobs, &data, &len, e->scan_sha256, GF_BLOB_MAX, NULL) ==
			 GF_OK &&
		 (int64_t)len == e->scan_size;
	gf_free(data);
	if (!ok)
		v->bad++;
	return v->fn ? v->fn(v->ctx, e, ok) : 0;
}

int gf_store_archive_verify(gf_store *s, const gf_principal *who,
			    int (*fn)(void *ctx, const gf_archive_entry *e, int ok), void *ctx,
			    int64_t *out_checked, int64_t *out_bad, gf_error *err)
{
	*out_checked = *out_bad = 0;
	if (!who || who->role != GF_ROLE_ADMIN)
		return gf_error_set(err, GF_EINVAL, "only the admin verifies the archive");
	verify_ctx v = {s, fn, ctx, 0, 0};
	int rc = s->ops->archive_each(s, verify_one, &v, err);
	if (rc)
		return rc;
	*out_checked = v.checked;
	*out_bad = v.bad;
	char detail[80];
	snprintf(detail, sizeof detail, "%lld checked, %lld bad", (long long)v.checked,
		 (long long)v.bad);
	gf_audit_in a = {who, "archive.verify", 0, detail};
	return s->ops->audit_append(s, &a, err);
}

int gf_store_find_cloud_id(gf_store *s, gf_submission **out, size_t *out_n, size_t *out_hidden,
			   const gf_principal *who, const char *cloud_id, gf_error *err)
{
	*out = NULL;
	*out_n = 0;
	*out_hidden = 0;
	if (!cloud_id || !*cloud_id)
		return gf_error_set(err, GF_EINVAL, "no cloud id");
	gf_submission *v;
	size_t n;
	int rc = s->ops->by_cloud_id(s, &v, &n, cloud_id, err);
	if (rc)
		return rc;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (gf_principal_can_see(who, v[i].unit, v[i].provider)) {
			if (k != i) {
				v[k] = v[i];
				memset(&v[i], 0, sizeof v[i]);
			}
			k++;
		} else {
			gf_submission_clear(&v[i]);
			(*out_hidden)++;
		}
	}
	*out = v;
	*out_n = k;
	return GF_OK;
}

int gf_store_unnumbered(gf_store *s, gf_submission **out, size_t *out_n, int64_t max,
			gf_error *err)
{
	return s->ops->unnumbered(s, out, out_n, max <= 0 || max > 500 ? 500 : max, err);
}

int gf_store_numbers_add(gf_store *s, const char *const *cloud_ids, const int64_t *ids, size_t n,
			 int64_t last_id, gf_error *err)
{
	return s->ops->numbers_add(s, cloud_ids, ids, n, last_id, err);
}
