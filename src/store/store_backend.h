/* store_backend.h - what a storage backend implements (for backend authors;
 * callers use store.h). The generic layer (store.c) does hashing, token
 * generation, access control, cloud-id formatting and audit-chain checks; a
 * backend keeps rows and must make each operation that carries a
 * gf_audit_in atomic with its audit entry, and chain audit entries in a
 * total order (seq 1, 2, ...; prev = the previous entry's hash).
 */
#ifndef GF_STORE_BACKEND_H
#define GF_STORE_BACKEND_H

#include "store/blobs.h"
#include "store/store.h"

/* An audit entry to append; the backend adds seq, time, prev and hash
 * (gf_audit_hash). */
typedef struct gf_audit_in {
	const gf_principal *who;
	const char *action;
	int64_t submission_id; /* 0 = none */
	const char *detail;    /* NULL = none */
} gf_audit_in;

typedef struct gf_audit_entry {
	int64_t seq, at_ms, actor;
	const char *role, *action;
	int64_t submission_id;
	const char *detail, *prev, *hash;
} gf_audit_entry;

#define GF_AUDIT_GENESIS "0000000000000000000000000000000000000000000000000000000000000000"

/* hash = SHA-256 over prev and each field, length-prefixed. */
void gf_audit_hash(char out[65], const char *prev, int64_t seq, int64_t at_ms, int64_t actor,
		   const char *role, const char *action, int64_t submission_id,
		   const char *detail);

typedef struct gf_store_ops {
	const char *name;
	void (*close)(gf_store *s);

	int (*token_insert)(gf_store *s, int64_t *out_id, const char hash[65], gf_role role,
			    const char *unit, const char *provider, const char *label,
			    gf_error *err);
	/* GF_ENOTFOUND when unknown or revoked. */
	int (*token_find)(gf_store *s, gf_principal *out, const char hash[65], gf_error *err);
	int (*token_revoke)(gf_store *s, int64_t id, gf_error *err);
	int (*token_list)(gf_store *s, json_t **out, gf_error *err);

	/* Insert the row (and a blobs row for its body) with its audit entry. */
	int (*submission_insert)(gf_store *s, int64_t *out_id, const gf_submission *sub,
				 const gf_audit_in *audit, gf_error *err);
	int (*submission_get)(gf_store *s, gf_submission *out, int64_t id, gf_error *err);
	int (*submission_list)(gf_store *s, gf_submission **out, size_t *out_n,
			       int64_t *out_total, const gf_filter *f, gf_error *err);
	int (*overrides_set)(gf_store *s, int64_t id, const char *json, const gf_audit_in *audit,
			     gf_error *err);
	/* The submission's cloud id, taking the next number of `year` when it has
	 * none. */
	int (*cloud_id_assign)(gf_store *s, char out[32], int64_t id, int year, gf_error *err);
	/* The cached sheet for these overrides (*out: caller frees with gf_free,
	 * out_sha: the hash recorded with it); GF_ENOTFOUND when none. */
	int (*sheet_find)(gf_store *s, char **out, size_t *out_len, char out_sha[65], int64_t id,
			  const char *overrides_sha, gf_error *err);
	/* Store (or replace) the sheet for these overrides, with its audit entry. */
	int (*sheet_insert)(gf_store *s, int64_t id, const char *overrides_sha,
			    const char *pdf_sha, const void *pdf, size_t pdf_len,
			    const gf_audit_in *audit, gf_error *err);

	int (*audit_append)(gf_store *s, const gf_audit_in *a, gf_error *err);
	/* Calls fn for every entry in seq order; stops when fn returns non-zero. */
	int (*audit_scan)(gf_store *s, int64_t after, int (*fn)(void *ctx, const gf_audit_entry *e),
			  void *ctx, gf_error *err);
	int (*audit_head)(gf_store *s, int64_t *seq, char hash[65], gf_error *err);
	/* Calls fn for every stored upload body (sha256, size). */
	int (*blob_scan)(gf_store *s, int (*fn)(void *ctx, const char *sha, int64_t size),
			 void *ctx, gf_error *err);
	/* Calls fn for every cached sheet (its recorded hash and its bytes). */
	int (*sheet_scan)(gf_store *s,
			  int (*fn)(void *ctx, const char *sha, const void *pdf, size_t len),
			  void *ctx, gf_error *err);
	int (*counts)(gf_store *s, json_t **out, gf_error *err);

	/* The archive. Insert the entry (and a blobs row for its scan) with its
	 * audit entry; when the scan is already archived, *out_existing = 1 and
	 * nothing is written. io->id gets the entry's id. */
	int (*archive_insert)(gf_store *s, gf_archive_entry *io, int *out_existing,
			      const gf_audit_in *audit, gf_error *err);
	int (*archive_get)(gf_store *s, gf_archive_entry *out, int64_t id, gf_error *err);
	int (*archive_list)(gf_store *s, gf_archive_entry **out, size_t *out_n,
			    int64_t *out_total, const gf_archive_filter *f, gf_error *err);
	/* Calls fn for every entry in id order; stops when fn returns non-zero. */
	int (*archive_each)(gf_store *s, int (*fn)(void *ctx, const gf_archive_entry *e),
			    void *ctx, gf_error *err);
	/* Submissions (with records) whose cloud id or record's system.cloud_id
	 * is cloud_id, newest first, at most 64. */
	int (*by_cloud_id)(gf_store *s, gf_submission **out, size_t *out_n, const char *cloud_id,
			   gf_error *err);
	/* Valid submissions after the indexed ones without any number (at most
	 * max, id order, with records); record their numbers and the last id. */
	int (*unnumbered)(gf_store *s, gf_submission **out, size_t *out_n, int64_t max,
			  gf_error *err);
	int (*numbers_add)(gf_store *s, const char *const *cloud_ids, const int64_t *ids, size_t n,
			   int64_t last_id, gf_error *err);
} gf_store_ops;

struct gf_store {
	const gf_store_ops *ops;
	gf_blobs *blobs; /* owned */
};

/* The SQLite backend: dir/govforms.db. */
int gf_store_sqlite_open(gf_store **out, const char *db_path, gf_blobs *blobs, gf_error *err);

/* The one place a listing is confined to what its reader may see (第二十五条):
 * a unit its own rows, a provider its platform's, the admin all; and where
 * paging is clamped. Shared by the submission and archive listings. */
int gf_store__scope(const gf_principal *who, const char **scope_unit, const char **scope_provider,
		    int64_t *limit, int64_t *offset, gf_error *err);
/* Audit entry for a listing ("record.list", "archive.list"): "N of TOTAL". */
int gf_store__audit_list(gf_store *s, const gf_principal *who, const char *action, size_t n,
			 long long total, gf_error *err);

int64_t gf_store_now_ms(void);

#endif
