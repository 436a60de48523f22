/* store.h - the service's storage, behind one interface.
 *
 * A gf_store keeps submissions (the original upload, content-addressed by
 * SHA-256; the record; validity, form, unit, provider, timestamps), admin
 * overrides, cached sheet PDFs (with their hashes), cloud ids, bearer tokens
 * (hashed) and the
 * hash-chained audit log. Callers use only the functions here; which backend
 * holds the rows (SQLite today, see store_backend.h) and where file bodies
 * live (blobs.h) is decided by gf_store_open and invisible to them.
 *
 * Access control is applied here, once: every read of a submission takes the
 * caller's principal, answers GF_ENOTFOUND for what the principal may not
 * see, and appends an audit entry. A gf_store is safe to share between
 * threads; close it once, after every user is done.
 */
#ifndef GF_STORE_STORE_H
#define GF_STORE_STORE_H

#include "core/error.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gf_store gf_store;

typedef enum {
	GF_ROLE_NONE = 0,
	GF_ROLE_UNIT,     /* one 使用单位: its own submissions */
	GF_ROLE_PROVIDER, /* one 云服务商: submissions on its platform */
	GF_ROLE_ADMIN     /* the 管理单位 (bureau): everything */
} gf_role;

#define GF_UNIT_MAX 256

/* Who is asking. token_id 0 with GF_ROLE_ADMIN is the system itself (the
 * CLI, seeding the bundled samples). */
typedef struct gf_principal {
	int64_t token_id;
	gf_role role;
	char unit[GF_UNIT_MAX];  /* GF_ROLE_UNIT */
	char provider[16];       /* GF_ROLE_PROVIDER: 电信, 移动 or 联通 */
} gf_principal;

const char *gf_role_name(gf_role r); /* "unit", "provider", "admin" */
gf_role gf_role_from_name(const char *s); /* GF_ROLE_NONE when unknown */
/* 电信 / 移动 / 联通 for "电信", "电信云", "中国电信"; NULL otherwise. */
const char *gf_provider_canonical(const char *s);

/* One stored submission. Strings are owned (gf_submission_clear frees them);
 * NULL where the record had nothing. */
typedef struct gf_submission {
	int64_t id;
	int64_t created_ms;  /* Unix time, milliseconds */
	char *form;          /* form id, NULL for unknown or unreadable input */
	char *state;         /* "valid", "invalid" or "unreadable" */
	char *unit;
	char *provider;      /* 电信 / 移动 / 联通 */
	char *system_name;
	char *source_name;
	char source_sha256[65];
	int64_t source_size;
	char *content_type;
	char *record;        /* record JSON; NULL in list results */
	int errors, warnings;
	int64_t submitted_by; /* token id, 0 = system */
	char *overrides;     /* JSON object of key -> value set by the admin, or NULL */
	char *cloud_id;      /* HBZWY-YYYY-NNNNNN once a sheet was rendered */
} gf_submission;

void gf_submission_clear(gf_submission *s);
void gf_submissions_free(gf_submission *v, size_t n);

/* List filters; NULL / 0 = not filtered. `q` matches unit, system name and
 * source file name (substring, case-sensitive). limit is capped at 500. */
typedef struct gf_filter {
	const char *form;
	const char *unit;
	const char *provider;
	const char *state;
	const char *q;
	int64_t since_ms, until_ms; /* created_ms in [since, until) */
	int64_t limit, offset;
	/* Set by the store from the principal; backends AND them in. */
	const char *scope_unit, *scope_provider;
} gf_filter;

#define GF_LIST_LIMIT_MAX 500

/* Open (creating when missing) the default store under `dir`: SQLite
 * database `dir`/govforms.db (WAL, foreign keys, migrations applied) and file
 * bodies under `dir`/blobs. Caller closes with gf_store_close. */
int gf_store_open(gf_store **out, const char *dir, gf_error *err);
void gf_store_close(gf_store *s);

/* Tokens. gf_store_token_create makes a random token, stores only its
 * SHA-256 and hands the token to the caller once (*out_token, caller frees
 * with gf_free). A unit token needs `unit`, a provider token a provider
 * gf_provider_canonical accepts. */
int gf_store_token_create(gf_store *s, char **out_token, int64_t *out_id, gf_role role,
			  const char *unit, const char *provider, const char *label,
			  gf_error *err);
/* The principal for a presented token; GF_ENOTFOUND when unknown or revoked. */
int gf_store_authenticate(gf_store *s, gf_principal *out, const char *token, gf_error *err);
int gf_store_token_revoke(gf_store *s, int64_t id, gf_error *err);
/* JSON array of {id, role, unit, provider, label, created_ms, revoked_ms}. */
int gf_store_token_list(gf_store *s, json_t **out, gf_error *err);

/* Store an upload and its record as a new submission of `unit` (decided by
 * the caller's policy; NULL when none). Form, validity, provider and system
 * name are taken from the record; content_type NULL = from the record's
 * source format. The body is written and synced before the row is
 * committed, so an acknowledged submission survives a crash. */
int gf_store_submit(gf_store *s, int64_t *out_id, const gf_principal *who, const void *data,
		    size_t len, const char *source_name, const char *content_type,
		    const json_t *record, const char *unit, gf_error *err);
/* The same, also handing back the stored submission (*out, caller clears
 * with gf_submission_clear) without a second read. */
int gf_store_submit_get(gf_store *s, gf_submission *out, const gf_principal *who,
			const void *data, size_t len, const char *source_name,
			const char *content_type, const json_t *record, const char *unit,
			gf_error *err);

/* Whether `who` may see a submission of that unit and provider. */
int gf_principal_can_see(const gf_principal *who, const char *unit, const char *provider);

/* One submission with its record; GF_ENOTFOUND when missing or not visible. */
int gf_store_get(gf_store *s, gf_submission *out, const gf_principal *who, int64_t id,
		 gf_error *err);
/* A page of visible submissions, newest first, without records (*out is an
 * array of *out_n, caller frees with gf_submissions_free); *out_total counts
 * all matches. */
int gf_store_list(gf_store *s, gf_submission **out, size_t *out_n, int64_t *out_total,
		  const gf_principal *who, const gf_filter *f, gf_error *err);
/* The original upload's bytes (caller frees with gf_free), checked against
 * its hash; *sub_out (when non-NULL) gets the submission (caller clears). */
int gf_store_original(gf_store *s, char **out, size_t *out_len, gf_submission *sub_out,
		      const gf_principal *who, int64_t id, gf_error *err);

/* Admin only (GF_EINVAL otherwise): replace the submission's overrides with
 * `overrides`, an object of key -> string/number, or null to clear. Later
 * sheets are rendered with them. */
int gf_store_set_overrides(gf_store *s, const gf_principal *who, int64_t id,
			   const json_t *overrides, gf_error *err);

/* Renders a sheet: PDF bytes for a record and overrides into *out (caller
 * frees with gf_free). */
typedef int (*gf_render_fn)(void *ctx, char **out, size_t *out_len, const json_t *record,
			    const json_t *overrides, gf_error *err);

/* The sheet PDF of a submission: rendered once per set of overrides and
 * cached. Forms that become an activation sheet get their cloud id
 * (HBZWY-<year>-<6 digits>, sequential per year) on first render unless the
 * record carries one; it is passed to `render` as the `system.cloud_id`
 * override. *out_cached tells whether the PDF came from the cache.
 * GF_EINVAL: the submission is not valid (nothing to stamp); a render that
 * fails, overrides it refuses included, is GF_EPDF with its message. */
int gf_store_sheet(gf_store *s, char **out, size_t *out_len, int *out_cached,
		   const gf_principal *who, int64_t id, gf_render_fn render, void *ctx,
		   gf_error *err);

/* Append an audit entry not tied to a store call (e.g. a refused upload). */
int gf_store_audit(gf_store *s, const gf_principal *who, const char *action,
		   int64_t submission_id, const char *detail, gf_error *err);

typedef struct gf_audit_report {
	int64_t entries;   /* entries checked */
	int64_t bad_seq;   /* first entry that failed, 0 when the chain holds */
	char reason[256];  /* why it failed */
	int64_t blobs, bad_blobs; /* stored bodies (uploads, sheets) checked / not matching */
	char bad_blob[65];
} gf_audit_report;

/* Walk the audit chain (and, with check_blobs, every stored upload and
 * sheet against its SHA-256) and report.
 * Returns 0 when the walk could be done (the report says whether it held). */
int gf_store_verify(gf_store *s, gf_audit_report *out, int check_blobs, gf_error *err);

/* Audit entries as a JSON array, oldest first, seq > after, at most limit. */
int gf_store_audit_list(gf_store *s, json_t **out, int64_t after, int64_t limit,
			gf_error *err);

/* Submission counts as {"<form>": {"valid": n, "invalid": n, ...}} with
 * "(none)" for unknown forms: for /metrics. */
int gf_store_counts(gf_store *s, json_t **out, gf_error *err);

/* ---- the archive of signed scans (docs/archive.md) ---- */

/* One archived scan. Strings are owned (gf_archive_entry_clear frees them);
 * NULL where there is nothing. */
typedef struct gf_archive_entry {
	int64_t id;
	int64_t created_ms;
	char scan_sha256[65];
	int64_t scan_size;
	char *scan_name;
	char *content_type;
	int64_t submission_id;  /* the matched submission, 0 = none */
	char *cloud_id;
	char *kind;             /* activation, change or exit */
	char *unit, *provider, *system_name; /* of the submission: who may see it */
	char *match;            /* "qr" (read from the code) or "hand" (attached by the admin) */
	char *printed_sha256;   /* the record hash printed in the code (NULL by hand) */
	char *current_sha256;   /* the hash of the stored record's sheet when archived */
	int stale;              /* printed and current hashes differ */
	int seals_complete;     /* every party's seal was found present */
	char *seals;            /* JSON array: {party, verdict, coverage, ...} */
	char *detail;           /* JSON object: pages, codes, notes */
	int64_t added_by;       /* token id, 0 = system */
} gf_archive_entry;

void gf_archive_entry_clear(gf_archive_entry *e);
void gf_archive_entries_free(gf_archive_entry *v, size_t n);

/* Archive filters; NULL / 0 = not filtered. `system` is a substring of the
 * system name; complete: -1 any, 0 seals missing, 1 all seals present. */
typedef struct gf_archive_filter {
	const char *unit;
	const char *system;
	const char *cloud_id;
	const char *kind;
	int complete;
	int64_t since_ms, until_ms; /* created_ms in [since, until) */
	int64_t limit, offset;
	/* Set by the store from the principal; backends AND them in. */
	const char *scope_unit, *scope_provider;
} gf_archive_filter;

/* Store a scan and its entry (fields of *io other than id, created_ms,
 * scan_sha256, scan_size and added_by, which are set here). The scan is
 * written and synced before the row is committed. `who` must see the
 * entry's unit / provider; a "hand" match is admin only (GF_EINVAL). The
 * same scan twice is one entry: *out_existing = 1 and *io is the stored
 * entry. *io is cleared and refilled from the store (caller clears). */
int gf_store_archive_add(gf_store *s, gf_archive_entry *io, int *out_existing,
			 const gf_principal *who, const void *scan, size_t len, gf_error *err);
/* One entry; GF_ENOTFOUND when missing or not visible. Audited. */
int gf_store_archive_get(gf_store *s, gf_archive_entry *out, const gf_principal *who,
			 int64_t id, gf_error *err);
/* A page of visible entries, newest first (*out: array of *out_n, caller
 * frees with gf_archive_entries_free); *out_total counts all matches. */
int gf_store_archive_list(gf_store *s, gf_archive_entry **out, size_t *out_n,
			  int64_t *out_total, const gf_principal *who, const gf_archive_filter *f,
			  gf_error *err);
/* The scan's bytes (caller frees with gf_free), checked against the stored
 * SHA-256 (GF_ESTORE when they differ); *entry_out (when non-NULL) gets
 * the entry (caller clears). */
int gf_store_archive_scan(gf_store *s, char **out, size_t *out_len, gf_archive_entry *entry_out,
			  const gf_principal *who, int64_t id, gf_error *err);
/* Admin only: re-hash every archived scan; fn is called for each entry
 * with ok = 0 when its file is missing or differs. Audited with the counts. */
int gf_store_archive_verify(gf_store *s, const gf_principal *who,
			    int (*fn)(void *ctx, const gf_archive_entry *e, int ok), void *ctx,
			    int64_t *out_checked, int64_t *out_bad, gf_error *err);
/* Submissions whose sheet carries this number (the cloud id the store
 * assigned, or the record's own system.cloud_id), newest first, with
 * records. Only those `who` may see are returned; *out_hidden counts the
 * others. Caller frees with gf_submissions_free. */
int gf_store_find_cloud_id(gf_store *s, gf_submission **out, size_t *out_n, size_t *out_hidden,
			   const gf_principal *who, const char *cloud_id, gf_error *err);

/* The archive's index of numbers the store did not assign (a change or
 * exit sheet's number is derived from its record). gf_store_unnumbered
 * hands back up to max valid submissions not indexed yet that carry no
 * number (in id order, with records; caller frees with
 * gf_submissions_free); gf_store_numbers_add records their numbers and
 * that every submission up to last_id was looked at. No access check: the
 * index is internal; gf_store_find_cloud_id applies access control. */
int gf_store_unnumbered(gf_store *s, gf_submission **out, size_t *out_n, int64_t max,
			gf_error *err);
int gf_store_numbers_add(gf_store *s, const char *const *cloud_ids, const int64_t *ids, size_t n,
			 int64_t last_id, gf_error *err);

#endif
