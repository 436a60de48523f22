/* store_sqlite.c - the SQLite backend: one database file in WAL mode with
 * foreign keys, migrations from src/store/migrations (embedded), a pool of
 * connections so that readers run in parallel. Durability by group commit:
 * connections run synchronous=NORMAL (a commit reaches the WAL file, not the
 * disk) and every write returns only after an fsync of the WAL file that
 * began after its commit; one fsync serves every commit made before it
 * started, so concurrent writers share it. */
#include "store/embedded.h"
#include "store/store_backend.h"

#include "core/alloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sqlite3.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define POOL_MAX 16
#define STMT_CACHE 40
#define MIGRATION_DIR "src/store/migrations/"

typedef struct sq_store sq_store;

typedef struct sq_conn {
	sqlite3 *db;
	sq_store *owner;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STMT_CACHE];
} sq_conn;

struct sq_store {
	gf_store base;
	char *path;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	sq_conn *conns[POOL_MAX];
	sq_conn *idle[POOL_MAX];
	int nconns, nidle;
	/* group commit */
	pthread_mutex_t smu;
	pthread_cond_t scv;
	uint64_t committed, synced; /* commit counter; commits known on disk */
	int syncing;
	int wal_fd;
	char *wal_path;
};

static sq_store *store_of(sq_conn *c)
{
	return c->owner;
}

static int sq_fail(gf_error *err, sqlite3 *db, const char *what)
{
	int code = db ? sqlite3_errcode(db) : SQLITE_ERROR;
	/* constant returns: the analyzer cannot see a variadic gf_error_set return its code */
	if (code == SQLITE_NOMEM) {
		gf_error_set(err, GF_ENOMEM, "out of memory");
		return GF_ENOMEM;
	}
	gf_error_set(err, GF_ESTORE, "%s: %s", what, db ? sqlite3_errmsg(db) : "error");
	return GF_ESTORE;
}

static int sq_exec(sq_conn *c, const char *sql, gf_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(c->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		gf_error_set(err, GF_ESTORE, "database: %s", msg ? msg : "error");
		sqlite3_free(msg);
		return GF_ESTORE;
	}
	return GF_OK;
}

static void conn_close(sq_conn *c)
{
	if (!c)
		return;
	for (int i = 0; i < STMT_CACHE; i++)
		sqlite3_finalize(c->cache[i].st);
	sqlite3_close(c->db);
	gf_free(c);
}

static int conn_open(sq_conn **out, const char *path, gf_error *err)
{
	*out = NULL;
	sq_conn *c = gf_calloc(1, sizeof *c);
	if (!c) {
		gf_error_set(err, GF_ENOMEM, "out of memory");
		return GF_ENOMEM;
	}
	int rc = sqlite3_open_v2(path, &c->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
				 NULL);
	if (rc != SQLITE_OK) {
		rc = sq_fail(err, c->db, path);
		conn_close(c);
		return rc;
	}
	sqlite3_busy_timeout(c->db, 15000);
	rc = sq_exec(c, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
			"PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;", err);
	if (rc) {
		conn_close(c);
		return rc;
	}
	*out = c;
	return GF_OK;
}

/* A prepared statement for a static SQL string, cached per connection. */
static int prep(sq_conn *c, sqlite3_stmt **out, const char *sql, gf_error *err)
{
	int slot = -1;
	for (int i = 0; i < STMT_CACHE; i++) {
		if (c->cache[i].sql == sql) {
			sqlite3_reset(c->cache[i].st);
			sqlite3_clear_bindings(c->cache[i].st);
			*out = c->cache[i].st;
			return GF_OK;
		}
		if (!c->cache[i].sql && slot < 0)
			slot = i;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(c->db, sql, -1, slot >= 0 ? SQLITE_PREPARE_PERSISTENT : 0, &st,
			       NULL) != SQLITE_OK)
		return sq_fail(err, c->db, "preparing a statement");
	if (slot < 0) {
		/* cache full: evict slot 0 */
		sqlite3_finalize(c->cache[0].st);
		slot = 0;
	}
	c->cache[slot].sql = sql;
	c->cache[slot].st = st;
	*out = st;
	return GF_OK;
}

static sq_conn *acquire(sq_store *s, gf_error *err)
{
	sq_conn *c = NULL;
	pthread_mutex_lock(&s->mu);
	while (s->nidle == 0 && s->nconns == POOL_MAX)
		pthread_cond_wait(&s->cv, &s->mu);
	if (s->nidle > 0) {
		c = s->idle[--s->nidle];
	} else if (conn_open(&c, s->path, err) == GF_OK) {
		c->owner = s;
		s->conns[s->nconns++] = c;
	}
	pthread_mutex_unlock(&s->mu);
	return c;
}

static void release(sq_store *s, sq_conn *c)
{
	if (!c)
		return;
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	pthread_mutex_lock(&s->mu);
	s->idle[s->nidle++] = c;
	pthread_cond_signal(&s->cv);
	pthread_mutex_unlock(&s->mu);
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i, int *oom)
{
	const char *t = col_text(st, i);
	if (!t)
		return NULL;
	char *d = gf_strdup(t);
	if (!d)
		*oom = 1;
	return d;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(st, i);
}

static int step_done(sq_conn *c, sqlite3_stmt *st, gf_error *err)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return sq_fail(err, c->db, "database write");
	return GF_OK;
}

/* ---- audit ---- */

static const char SQL_HEAD[] = "SELECT seq, hash FROM audit_head WHERE one = 1";
static const char SQL_AUDIT_INS[] =
	"INSERT INTO audit(seq, at_ms, actor, role, action, submission_id, detail, prev, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
static const char SQL_HEAD_SET[] =
	"INSERT INTO audit_head(one, seq, hash) VALUES (1, ?, ?) "
	"ON CONFLICT(one) DO UPDATE SET seq = excluded.seq, hash = excluded.hash";

/* Inside a write transaction. */
static int audit_in_tx(sq_conn *c, const gf_audit_in *a, gf_error *err)
{
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_HEAD, err);
	if (rc)
		return rc;
	int64_t seq = 0;
	char prev[65] = GF_AUDIT_GENESIS;
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		seq = sqlite3_column_int64(st, 0);
		snprintf(prev, sizeof prev, "%s", col_text(st, 1) ? col_text(st, 1) : "");
	} else if (src != SQLITE_DONE) {
		sqlite3_reset(st);
		return sq_fail(err, c->db, "reading the audit head");
	}
	sqlite3_reset(st);
	seq++;
	int64_t at = gf_store_now_ms();
	int64_t actor = a->who ? a->who->token_id : 0;
	const char *role = gf_role_name(a->who ? a->who->role : GF_ROLE_NONE);
	char hash[65];
	gf_audit_hash(hash, prev, seq, at, actor, role, a->action, a->submission_id, a->detail);
	if ((rc = prep(c, &st, SQL_AUDIT_INS, err)))
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_int64(st, 2, at);
	sqlite3_bind_int64(st, 3, actor);
	bind_text(st, 4, role);
	bind_text(st, 5, a->action);
	if (a->submission_id)
		sqlite3_bind_int64(st, 6, a->submission_id);
	bind_text(st, 7, a->detail);
	bind_text(st, 8, prev);
	bind_text(st, 9, hash);
	if ((rc = step_done(c, st, err)))
		return rc;
	if ((rc = prep(c, &st, SQL_HEAD_SET, err)))
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	bind_text(st, 2, hash);
	return step_done(c, st, err);
}

static int begin(sq_conn *c, gf_error *err)
{
	return sq_exec(c, "BEGIN IMMEDIATE", err);
}

static void sync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else if (snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path) >= (int)sizeof dir)
		return;
	int fd = open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Make every commit made so far durable: one thread fsyncs the WAL file
 * for all of them while the others wait for its result. */
static int group_sync(sq_store *s, gf_error *err)
{
	pthread_mutex_lock(&s->smu);
	uint64_t mine = ++s->committed;
	int rc = GF_OK;
	while (s->synced < mine) {
		if (s->syncing) {
			pthread_cond_wait(&s->scv, &s->smu);
			continue;
		}
		s->syncing = 1;
		uint64_t target = s->committed;
		if (s->wal_fd < 0 && (s->wal_fd = open(s->wal_path, O_RDWR | O_CLOEXEC)) >= 0)
			sync_parent(s->wal_path); /* the WAL file's own name, once */
		int fd = s->wal_fd;
		pthread_mutex_unlock(&s->smu);
		int frc = fd >= 0 ? fdatasync(fd) : -1;
		int e = errno;
		pthread_mutex_lock(&s->smu);
		s->syncing = 0;
		if (frc == 0)
			s->synced = target;
		pthread_cond_broadcast(&s->scv);
		if (frc != 0) {
			rc = gf_error_set(err, GF_ESTORE, "syncing %s: %s", s->wal_path, strerror(e));
			break;
		}
	}
	pthread_mutex_unlock(&s->smu);
	return rc;
}

static int commit(sq_conn *c, gf_error *err)
{
	int rc = sq_exec(c, "COMMIT", err);
	return rc ? rc : group_sync(store_of(c), err);
}

static int sq_audit_append(gf_store *gs, const gf_audit_in *a, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	int rc = begin(c, err);
	if (!rc)
		rc = audit_in_tx(c, a, err);
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static const char SQL_AUDIT_SCAN[] =
	"SELECT seq, at_ms, actor, role, action, submission_id, detail, prev, hash "
	"FROM audit WHERE seq > ? ORDER BY seq";

static int sq_audit_scan(gf_store *gs, int64_t after,
			 int (*fn)(void *ctx, const gf_audit_entry *e), void *ctx, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_AUDIT_SCAN, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, after);
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			gf_audit_entry e = {sqlite3_column_int64(st, 0), sqlite3_column_int64(st, 1),
					    sqlite3_column_int64(st, 2), col_text(st, 3),
					    col_text(st, 4), sqlite3_column_int64(st, 5),
					    col_text(st, 6), col_text(st, 7), col_text(st, 8)};
			if (!e.action)
				e.action = "";
			if (!e.prev)
				e.prev = "";
			if (!e.hash)
				e.hash = "";
			if (fn(ctx, &e))
				break;
		}
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "reading the audit log");
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

static int sq_audit_head(gf_store *gs, int64_t *seq, char hash[65], gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*seq = 0;
	snprintf(hash, 65, "%s", GF_AUDIT_GENESIS);
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_HEAD, err);
	if (!rc) {
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			*seq = sqlite3_column_int64(st, 0);
			snprintf(hash, 65, "%s", col_text(st, 1) ? col_text(st, 1) : "");
		} else if (src != SQLITE_DONE) {
			rc = sq_fail(err, c->db, "reading the audit head");
		}
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

/* ---- tokens ---- */

static const char SQL_TOKEN_INS[] =
	"INSERT INTO tokens(hash, role, unit, provider, label, created_ms) VALUES (?,?,?,?,?,?)";

static int sq_token_insert(gf_store *gs, int64_t *out_id, const char hash[65], gf_role role,
			   const char *unit, const char *provider, const char *label,
			   gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	if (!rc)
		rc = prep(c, &st, SQL_TOKEN_INS, err);
	if (!rc) {
		bind_text(st, 1, hash);
		bind_text(st, 2, gf_role_name(role));
		bind_text(st, 3, unit);
		bind_text(st, 4, provider);
		bind_text(st, 5, label);
		sqlite3_bind_int64(st, 6, gf_store_now_ms());
		rc = step_done(c, st, err);
	}
	if (!rc) {
		*out_id = sqlite3_last_insert_rowid(c->db);
		char detail[64];
		snprintf(detail, sizeof detail, "token %lld (%s)", (long long)*out_id,
			 gf_role_name(role));
		gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
		gf_audit_in a = {&sys, "token.create", 0, detail};
		rc = audit_in_tx(c, &a, err);
	}
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static const char SQL_TOKEN_FIND[] =
	"SELECT id, role, unit, provider FROM tokens WHERE hash = ? AND revoked_ms IS NULL";

static int sq_token_find(gf_store *gs, gf_principal *out, const char hash[65], gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_TOKEN_FIND, err);
	if (!rc) {
		bind_text(st, 1, hash);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			out->token_id = sqlite3_column_int64(st, 0);
			out->role = gf_role_from_name(col_text(st, 1));
			snprintf(out->unit, sizeof out->unit, "%s", col_text(st, 2) ? col_text(st, 2) : "");
			snprintf(out->provider, sizeof out->provider, "%s",
				 col_text(st, 3) ? col_text(st, 3) : "");
		} else if (src == SQLITE_DONE) {
			rc = gf_error_set(err, GF_ENOTFOUND, "unknown or revoked token");
		} else {
			rc = sq_fail(err, c->db, "reading tokens");
		}
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

static const char SQL_TOKEN_REVOKE[] =
	"UPDATE tokens SET revoked_ms = ? WHERE id = ? AND revoked_ms IS NULL";

static int sq_token_revoke(gf_store *gs, int64_t id, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	if (!rc)
		rc = prep(c, &st, SQL_TOKEN_REVOKE, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, gf_store_now_ms());
		sqlite3_bind_int64(st, 2, id);
		rc = step_done(c, st, err);
	}
	if (!rc && sqlite3_changes(c->db) == 0)
		rc = gf_error_set(err, GF_ENOTFOUND, "no active token %lld", (long long)id);
	if (!rc) {
		char detail[48];
		snprintf(detail, sizeof detail, "token %lld", (long long)id);
		gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
		gf_audit_in a = {&sys, "token.revoke", 0, detail};
		rc = audit_in_tx(c, &a, err);
	}
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static const char SQL_TOKEN_LIST[] =
	"SELECT id, role, unit, provider, label, created_ms, revoked_ms FROM tokens ORDER BY id";

static int sq_token_list(gf_store *gs, json_t **out, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out = NULL;
	json_t *arr = json_array();
	sq_conn *c = acquire(s, err);
	if (!c || !arr) {
		json_decref(arr);
		release(s, c);
		return c ? gf_error_set(err, GF_ENOMEM, "out of memory") : GF_ESTORE;
	}
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_TOKEN_LIST, err);
	if (!rc) {
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			json_t *o = json_pack("{sI ss ss* ss* ss* sI}", "id",
					      (json_int_t)sqlite3_column_int64(st, 0), "role",
					      col_text(st, 1), "unit", col_text(st, 2), "provider",
					      col_text(st, 3), "label", col_text(st, 4), "created_ms",
					      (json_int_t)sqlite3_column_int64(st, 5));
			if (o && sqlite3_column_type(st, 6) != SQLITE_NULL)
				json_object_set_new(o, "revoked_ms",
						    json_integer(sqlite3_column_int64(st, 6)));
			if (!o || json_array_append_new(arr, o)) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
		}
		if (!rc && src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "reading tokens");
		sqlite3_reset(st);
	}
	release(s, c);
	if (rc)
		json_decref(arr);
	else
		*out = arr;
	return rc;
}

/* ---- submissions ---- */

static const char SQL_BLOB_INS[] =
	"INSERT INTO blobs(sha256, size, created_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING";
static const char SQL_SUB_INS[] =
	"INSERT INTO submissions(created_ms, form, state, unit, provider, system_name, "
	"source_name, source_sha256, source_size, content_type, record, errors, warnings, "
	"submitted_by) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";

static int blob_row(sq_conn *c, const char *sha, int64_t size, gf_error *err)
{
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_BLOB_INS, err);
	if (rc)
		return rc;
	bind_text(st, 1, sha);
	sqlite3_bind_int64(st, 2, size);
	sqlite3_bind_int64(st, 3, gf_store_now_ms());
	return step_done(c, st, err);
}

static int sq_submission_insert(gf_store *gs, int64_t *out_id, const gf_submission *sub,
				const gf_audit_in *audit, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	if (!rc)
		rc = blob_row(c, sub->source_sha256, sub->source_size, err);
	if (!rc)
		rc = prep(c, &st, SQL_SUB_INS, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, sub->created_ms);
		bind_text(st, 2, sub->form);
		bind_text(st, 3, sub->state);
		bind_text(st, 4, sub->unit);
		bind_text(st, 5, sub->provider);
		bind_text(st, 6, sub->system_name);
		bind_text(st, 7, sub->source_name);
		bind_text(st, 8, sub->source_sha256);
		sqlite3_bind_int64(st, 9, sub->source_size);
		bind_text(st, 10, sub->content_type);
		bind_text(st, 11, sub->record);
		sqlite3_bind_int(st, 12, sub->errors);
		sqlite3_bind_int(st, 13, sub->warnings);
		if (sub->submitted_by)
			sqlite3_bind_int64(st, 14, sub->submitted_by);
		rc = step_done(c, st, err);
	}
	if (!rc) {
		*out_id = sqlite3_last_insert_rowid(c->db);
		gf_audit_in a = *audit;
		a.submission_id = *out_id;
		rc = audit_in_tx(c, &a, err);
	}
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

#define SUB_COLS                                                                         \
	"id, created_ms, form, state, unit, provider, system_name, source_name, "           \
	"source_sha256, source_size, content_type, errors, warnings, submitted_by, overrides, " \
	"cloud_id"

static int read_sub(sqlite3_stmt *st, gf_submission *o, int with_record)
{
	int oom = 0;
	o->id = sqlite3_column_int64(st, 0);
	o->created_ms = sqlite3_column_int64(st, 1);
	o->form = col_dup(st, 2, &oom);
	o->state = col_dup(st, 3, &oom);
	o->unit = col_dup(st, 4, &oom);
	o->provider = col_dup(st, 5, &oom);
	o->system_name = col_dup(st, 6, &oom);
	o->source_name = col_dup(st, 7, &oom);
	snprintf(o->source_sha256, sizeof o->source_sha256, "%s",
		 col_text(st, 8) ? col_text(st, 8) : "");
	o->source_size = sqlite3_column_int64(st, 9);
	o->content_type = col_dup(st, 10, &oom);
	o->errors = sqlite3_column_int(st, 11);
	o->warnings = sqlite3_column_int(st, 12);
	o->submitted_by = sqlite3_column_int64(st, 13);
	o->overrides = col_dup(st, 14, &oom);
	o->cloud_id = col_dup(st, 15, &oom);
	if (with_record)
		o->record = col_dup(st, 16, &oom);
	if (!o->state)
		oom = 1;
	return oom ? GF_ENOMEM : GF_OK;
}

static const char SQL_SUB_GET[] = "SELECT " SUB_COLS ", record FROM submissions WHERE id = ?";

static int sq_submission_get(gf_store *gs, gf_submission *out, int64_t id, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_SUB_GET, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			if (read_sub(st, out, 1)) {
				gf_submission_clear(out);
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			}
		} else if (src == SQLITE_DONE) {
			rc = gf_error_set(err, GF_ENOTFOUND, "no submission %lld", (long long)id);
		} else {
			rc = sq_fail(err, c->db, "reading a submission");
		}
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

/* WHERE clause for a filter; binds are added in the same order by bind_filter. */
static int where_clause(char *w, size_t n, const gf_filter *f)
{
	int k = snprintf(w, n, " WHERE 1");
#define ADD(cond, text) \
	if (cond) \
		k += snprintf(w + k, n - (size_t)k, "%s", text)
	ADD(f->scope_unit, " AND unit = ?");
	ADD(f->scope_provider, " AND provider = ?");
	ADD(f->form, " AND form = ?");
	ADD(f->unit, " AND unit = ?");
	ADD(f->provider, " AND provider = ?");
	ADD(f->state, " AND state = ?");
	ADD(f->since_ms, " AND created_ms >= ?");
	ADD(f->until_ms, " AND created_ms < ?");
	/* last: numbered parameters renumber the plain ones after them */
	ADD(f->q, " AND (instr(unit, ?1000) OR instr(system_name, ?1000) OR instr(source_name, ?1000))");
#undef ADD
	return k;
}

static void bind_filter(sqlite3_stmt *st, const gf_filter *f)
{
	int i = 1;
	if (f->scope_unit)
		bind_text(st, i++, f->scope_unit);
	if (f->scope_provider)
		bind_text(st, i++, f->scope_provider);
	if (f->form)
		bind_text(st, i++, f->form);
	if (f->unit)
		bind_text(st, i++, f->unit);
	if (f->provider)
		bind_text(st, i++, f->provider);
	if (f->state)
		bind_text(st, i++, f->state);
	if (f->since_ms)
		sqlite3_bind_int64(st, i++, f->since_ms);
	if (f->until_ms)
		sqlite3_bind_int64(st, i++, f->until_ms);
	if (f->q)
		bind_text(st, 1000, f->q);
}

static int sq_submission_list(gf_store *gs, gf_submission **out, size_t *out_n,
			      int64_t *out_total, const gf_filter *f, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	char where[600], sql[1024];
	where_clause(where, sizeof where, f);
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st = NULL;
	gf_submission *v = NULL;
	size_t n = 0;
	int rc = GF_OK;
	/* one read transaction so that the count and the page agree */
	if ((rc = sq_exec(c, "BEGIN", err)))
		goto cleanup;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM submissions%s", where);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = sq_fail(err, c->db, "listing submissions");
		goto cleanup;
	}
	bind_filter(st, f);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = sq_fail(err, c->db, "listing submissions");
		goto cleanup;
	}
	*out_total = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "SELECT " SUB_COLS " FROM submissions%s ORDER BY id DESC "
		 "LIMIT %lld OFFSET %lld", where, (long long)f->limit, (long long)f->offset);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		st = NULL;
		rc = sq_fail(err, c->db, "listing submissions");
		goto cleanup;
	}
	bind_filter(st, f);
	v = gf_calloc((size_t)f->limit + 1, sizeof *v);
	if (!v) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)f->limit) {
		if (read_sub(st, &v[n++], 0)) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			goto cleanup;
		}
	}
	if (src != SQLITE_ROW && src != SQLITE_DONE)
		rc = sq_fail(err, c->db, "listing submissions");
cleanup:
	sqlite3_finalize(st);
	sq_exec(c, "COMMIT", NULL);
	release(s, c);
	if (rc) {
		gf_submissions_free(v, n);
		return rc;
	}
	*out = v;
	*out_n = n;
	return GF_OK;
}

static const char SQL_OV_SET[] = "UPDATE submissions SET overrides = ? WHERE id = ?";

static int sq_overrides_set(gf_store *gs, int64_t id, const char *json, const gf_audit_in *audit,
			    gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	if (!rc)
		rc = prep(c, &st, SQL_OV_SET, err);
	if (!rc) {
		bind_text(st, 1, json);
		sqlite3_bind_int64(st, 2, id);
		rc = step_done(c, st, err);
	}
	if (!rc && sqlite3_changes(c->db) == 0)
		rc = gf_error_set(err, GF_ENOTFOUND, "no submission %lld", (long long)id);
	if (!rc)
		rc = audit_in_tx(c, audit, err);
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static const char SQL_CID_GET[] = "SELECT cloud_id FROM submissions WHERE id = ?";
static const char SQL_CID_NEXT[] =
	"INSERT INTO cloud_ids(year, last) VALUES (?, 1) "
	"ON CONFLICT(year) DO UPDATE SET last = last + 1 RETURNING last";
static const char SQL_CID_SET[] = "UPDATE submissions SET cloud_id = ? WHERE id = ?";

static int sq_cloud_id_assign(gf_store *gs, char out[32], int64_t id, int year, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	if (!rc)
		rc = prep(c, &st, SQL_CID_GET, err);
	if (rc)
		goto done;
	sqlite3_bind_int64(st, 1, id);
	int src = sqlite3_step(st);
	if (src == SQLITE_ROW && col_text(st, 0)) {
		snprintf(out, 32, "%s", col_text(st, 0));
		sqlite3_reset(st);
		goto done;
	}
	sqlite3_reset(st);
	if (src != SQLITE_ROW) {
		rc = gf_error_set(err, GF_ENOTFOUND, "no submission %lld", (long long)id);
		goto done;
	}
	if ((rc = prep(c, &st, SQL_CID_NEXT, err)))
		goto done;
	sqlite3_bind_int(st, 1, year);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		rc = sq_fail(err, c->db, "assigning a cloud id");
		goto done;
	}
	int64_t n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (n > 999999) {
		rc = gf_error_set(err, GF_ESTORE, "cloud ids for %d are exhausted", year);
		goto done;
	}
	snprintf(out, 32, "HBZWY-%04d-%06lld", year, (long long)n);
	if ((rc = prep(c, &st, SQL_CID_SET, err)))
		goto done;
	bind_text(st, 1, out);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = step_done(c, st, err)))
		goto done;
	gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
	gf_audit_in a = {&sys, "cloud_id.assign", id, out};
	rc = audit_in_tx(c, &a, err);
done:
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static const char SQL_SHEET_FIND[] =
	"SELECT pdf_sha256, pdf FROM sheets WHERE submission_id = ? AND overrides_sha256 = ?";
static const char SQL_SHEET_INS[] =
	"INSERT INTO sheets(submission_id, overrides_sha256, pdf_sha256, pdf, created_ms) "
	"VALUES (?, ?, ?, ?, ?) ON CONFLICT(submission_id, overrides_sha256) DO UPDATE SET "
	"pdf_sha256 = excluded.pdf_sha256, pdf = excluded.pdf, created_ms = excluded.created_ms";

static int sq_sheet_find(gf_store *gs, char **out, size_t *out_len, char out_sha[65], int64_t id,
			 const char *ov_sha, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out = NULL;
	*out_len = 0;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_SHEET_FIND, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, ov_sha);
		int src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			snprintf(out_sha, 65, "%s", col_text(st, 0) ? col_text(st, 0) : "");
			const void *b = sqlite3_column_blob(st, 1);
			size_t n = (size_t)sqlite3_column_bytes(st, 1);
			char *copy = gf_malloc(n + 1);
			if (!copy) {
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			} else {
				if (n)
					memcpy(copy, b, n);
				copy[n] = '\0';
				*out = copy;
				*out_len = n;
			}
		} else if (src == SQLITE_DONE) {
			rc = GF_ENOTFOUND; /* not an error: no message */
		} else {
			rc = sq_fail(err, c->db, "reading sheets");
		}
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

static int sq_sheet_insert(gf_store *gs, int64_t id, const char *ov_sha, const char *pdf_sha,
			   const void *pdf, size_t pdf_len, const gf_audit_in *audit, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	if (!rc)
		rc = prep(c, &st, SQL_SHEET_INS, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		bind_text(st, 2, ov_sha);
		bind_text(st, 3, pdf_sha);
		sqlite3_bind_blob64(st, 4, pdf, pdf_len, SQLITE_STATIC);
		sqlite3_bind_int64(st, 5, gf_store_now_ms());
		rc = step_done(c, st, err);
	}
	if (!rc)
		rc = audit_in_tx(c, audit, err);
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static const char SQL_SHEET_SCAN[] = "SELECT pdf_sha256, pdf FROM sheets ORDER BY id";

static int sq_sheet_scan(gf_store *gs,
			 int (*fn)(void *ctx, const char *sha, const void *pdf, size_t len),
			 void *ctx, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_SHEET_SCAN, err);
	if (!rc) {
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW)
			if (fn(ctx, col_text(st, 0) ? col_text(st, 0) : "", sqlite3_column_blob(st, 1),
			       (size_t)sqlite3_column_bytes(st, 1)))
				break;
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "reading sheets");
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

static const char SQL_BLOB_SCAN[] = "SELECT sha256, size FROM blobs ORDER BY sha256";

static int sq_blob_scan(gf_store *gs, int (*fn)(void *ctx, const char *sha, int64_t size),
			void *ctx, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_BLOB_SCAN, err);
	if (!rc) {
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW)
			if (fn(ctx, col_text(st, 0) ? col_text(st, 0) : "", sqlite3_column_int64(st, 1)))
				break;
		if (src != SQLITE_ROW && src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "reading blobs");
		sqlite3_reset(st);
	}
	release(s, c);
	return rc;
}

static const char SQL_COUNTS[] =
	"SELECT coalesce(form, '(none)'), state, count(*) FROM submissions GROUP BY 1, 2";

static int sq_counts(gf_store *gs, json_t **out, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out = NULL;
	json_t *o = json_object();
	sq_conn *c = acquire(s, err);
	if (!c || !o) {
		json_decref(o);
		release(s, c);
		return c ? gf_error_set(err, GF_ENOMEM, "out of memory") : GF_ESTORE;
	}
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_COUNTS, err);
	if (!rc) {
		int src;
		while ((src = sqlite3_step(st)) == SQLITE_ROW) {
			const char *form = col_text(st, 0), *state = col_text(st, 1);
			json_t *f = json_object_get(o, form);
			if (!f) {
				f = json_object();
				json_object_set_new(o, form, f);
			}
			json_object_set_new(f, state, json_integer(sqlite3_column_int64(st, 2)));
		}
		if (src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "counting submissions");
		sqlite3_reset(st);
	}
	release(s, c);
	if (rc)
		json_decref(o);
	else
		*out = o;
	return rc;
}

/* ---- archive ---- */

#define ARC_COLS                                                                          \
	"id, created_ms, scan_sha256, scan_size, scan_name, content_type, submission_id, "   \
	"cloud_id, kind, unit, provider, system_name, match, printed_sha256, current_sha256, " \
	"stale, seals_complete, seals, detail, added_by"

static const char SQL_ARC_BY_SHA[] = "SELECT " ARC_COLS " FROM archive WHERE scan_sha256 = ?";
static const char SQL_ARC_GET[] = "SELECT " ARC_COLS " FROM archive WHERE id = ?";
static const char SQL_ARC_INS[] =
	"INSERT INTO archive(created_ms, scan_sha256, scan_size, scan_name, content_type, "
	"submission_id, cloud_id, kind, unit, provider, system_name, match, printed_sha256, "
	"current_sha256, stale, seals_complete, seals, detail, added_by) "
	"VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
static const char SQL_ARC_EACH[] = "SELECT " ARC_COLS " FROM archive WHERE id > ? ORDER BY id";
static const char SQL_BY_CLOUD_ID[] =
	"SELECT " SUB_COLS ", record FROM submissions WHERE cloud_id = ?1 "
	"OR json_extract(record, '$.fields.system.cloud_id') = ?1 "
	"OR id IN (SELECT submission_id FROM sheet_numbers WHERE cloud_id = ?1) "
	"ORDER BY id DESC LIMIT 64";
static const char SQL_UNNUMBERED[] =
	"SELECT " SUB_COLS ", record FROM submissions WHERE id > "
	"coalesce((SELECT last_id FROM sheet_numbers_done WHERE one = 1), 0) "
	"AND state = 'valid' AND cloud_id IS NULL "
	"AND json_extract(record, '$.fields.system.cloud_id') IS NULL ORDER BY id LIMIT ?";
static const char SQL_NUMBER_INS[] =
	"INSERT INTO sheet_numbers(cloud_id, submission_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
static const char SQL_NUMBER_DONE[] =
	"INSERT INTO sheet_numbers_done(one, last_id) VALUES (1, ?) "
	"ON CONFLICT(one) DO UPDATE SET last_id = max(last_id, excluded.last_id)";

static int read_arc(sqlite3_stmt *st, gf_archive_entry *o)
{
	int oom = 0;
	memset(o, 0, sizeof *o);
	o->id = sqlite3_column_int64(st, 0);
	o->created_ms = sqlite3_column_int64(st, 1);
	snprintf(o->scan_sha256, sizeof o->scan_sha256, "%s",
		 col_text(st, 2) ? col_text(st, 2) : "");
	o->scan_size = sqlite3_column_int64(st, 3);
	o->scan_name = col_dup(st, 4, &oom);
	o->content_type = col_dup(st, 5, &oom);
	o->submission_id = sqlite3_column_int64(st, 6);
	o->cloud_id = col_dup(st, 7, &oom);
	o->kind = col_dup(st, 8, &oom);
	o->unit = col_dup(st, 9, &oom);
	o->provider = col_dup(st, 10, &oom);
	o->system_name = col_dup(st, 11, &oom);
	o->match = col_dup(st, 12, &oom);
	o->printed_sha256 = col_dup(st, 13, &oom);
	o->current_sha256 = col_dup(st, 14, &oom);
	o->stale = sqlite3_column_int(st, 15);
	o->seals_complete = sqlite3_column_int(st, 16);
	o->seals = col_dup(st, 17, &oom);
	o->detail = col_dup(st, 18, &oom);
	o->added_by = sqlite3_column_int64(st, 19);
	if (!o->match || !o->seals)
		oom = 1;
	if (oom)
		gf_archive_entry_clear(o);
	return oom ? GF_ENOMEM : GF_OK;
}

/* One row of a statement with one bound value into *out; GF_ENOTFOUND when
 * there is none. */
static int arc_one(sq_conn *c, sqlite3_stmt *st, gf_archive_entry *out, gf_error *err)
{
	int src = sqlite3_step(st);
	int rc = GF_OK;
	if (src == SQLITE_ROW)
		rc = read_arc(st, out) ? gf_error_set(err, GF_ENOMEM, "out of memory") : GF_OK;
	else if (src == SQLITE_DONE)
		rc = gf_error_set(err, GF_ENOTFOUND, "no archive entry");
	else
		rc = sq_fail(err, c->db, "reading the archive");
	sqlite3_reset(st);
	return rc;
}

static int sq_archive_insert(gf_store *gs, gf_archive_entry *io, int *out_existing,
			     const gf_audit_in *audit, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out_existing = 0;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	gf_archive_entry old;
	int rc = begin(c, err);
	if (!rc)
		rc = prep(c, &st, SQL_ARC_BY_SHA, err);
	if (!rc) {
		bind_text(st, 1, io->scan_sha256);
		rc = arc_one(c, st, &old, err);
		if (rc == GF_OK) {
			*out_existing = 1;
			gf_archive_entry_clear(io);
			*io = old;
			gf_audit_in a = *audit;
			a.action = "archive.add.again";
			a.submission_id = io->submission_id;
			rc = audit_in_tx(c, &a, err);
			if (!rc)
				rc = commit(c, err);
			release(s, c);
			return rc;
		}
		if (rc == GF_ENOTFOUND) {
			if (err)
				gf_error_clear(err);
			rc = GF_OK;
		}
	}
	if (!rc)
		rc = blob_row(c, io->scan_sha256, io->scan_size, err);
	if (!rc)
		rc = prep(c, &st, SQL_ARC_INS, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, io->created_ms);
		bind_text(st, 2, io->scan_sha256);
		sqlite3_bind_int64(st, 3, io->scan_size);
		bind_text(st, 4, io->scan_name);
		bind_text(st, 5, io->content_type);
		if (io->submission_id)
			sqlite3_bind_int64(st, 6, io->submission_id);
		bind_text(st, 7, io->cloud_id);
		bind_text(st, 8, io->kind);
		bind_text(st, 9, io->unit);
		bind_text(st, 10, io->provider);
		bind_text(st, 11, io->system_name);
		bind_text(st, 12, io->match);
		bind_text(st, 13, io->printed_sha256);
		bind_text(st, 14, io->current_sha256);
		sqlite3_bind_int(st, 15, io->stale ? 1 : 0);
		sqlite3_bind_int(st, 16, io->seals_complete ? 1 : 0);
		bind_text(st, 17, io->seals);
		bind_text(st, 18, io->detail);
		if (io->added_by)
			sqlite3_bind_int64(st, 19, io->added_by);
		rc = step_done(c, st, err);
	}
	if (!rc) {
		io->id = sqlite3_last_insert_rowid(c->db);
		char detail[160];
		snprintf(detail, sizeof detail, "archive %lld %s %s", (long long)io->id,
			 io->scan_sha256, io->match);
		gf_audit_in a = *audit;
		a.submission_id = io->submission_id;
		a.detail = detail;
		rc = audit_in_tx(c, &a, err);
	}
	if (!rc)
		rc = commit(c, err);
	release(s, c);
	return rc;
}

static int sq_archive_get(gf_store *gs, gf_archive_entry *out, int64_t id, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	memset(out, 0, sizeof *out);
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_ARC_GET, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, id);
		rc = arc_one(c, st, out, err);
	}
	release(s, c);
	return rc;
}

static int arc_where(char *w, size_t n, const gf_archive_filter *f)
{
	int k = snprintf(w, n, " WHERE 1");
#define AADD(cond, text) \
	if (cond) \
		k += snprintf(w + k, n - (size_t)k, "%s", text)
	AADD(f->scope_unit, " AND unit = ?");
	AADD(f->scope_provider, " AND provider = ?");
	AADD(f->unit, " AND unit = ?");
	AADD(f->system, " AND instr(system_name, ?) > 0");
	AADD(f->cloud_id, " AND cloud_id = ?");
	AADD(f->kind, " AND kind = ?");
	AADD(f->complete >= 0, " AND seals_complete = ?");
	AADD(f->since_ms, " AND created_ms >= ?");
	AADD(f->until_ms, " AND created_ms < ?");
#undef AADD
	return k;
}

static int arc_bind(sqlite3_stmt *st, const gf_archive_filter *f)
{
	int i = 1;
	if (f->scope_unit)
		bind_text(st, i++, f->scope_unit);
	if (f->scope_provider)
		bind_text(st, i++, f->scope_provider);
	if (f->unit)
		bind_text(st, i++, f->unit);
	if (f->system)
		bind_text(st, i++, f->system);
	if (f->cloud_id)
		bind_text(st, i++, f->cloud_id);
	if (f->kind)
		bind_text(st, i++, f->kind);
	if (f->complete >= 0)
		sqlite3_bind_int(st, i++, f->complete ? 1 : 0);
	if (f->since_ms)
		sqlite3_bind_int64(st, i++, f->since_ms);
	if (f->until_ms)
		sqlite3_bind_int64(st, i++, f->until_ms);
	return i;
}

static int sq_archive_list(gf_store *gs, gf_archive_entry **out, size_t *out_n,
			   int64_t *out_total, const gf_archive_filter *f, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out = NULL;
	*out_n = 0;
	*out_total = 0;
	char where[600], sql[1200];
	arc_where(where, sizeof where, f);
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st = NULL;
	int rc = GF_OK;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM archive%s", where);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		rc = sq_fail(err, c->db, "listing the archive");
		goto cleanup;
	}
	arc_bind(st, f);
	if (sqlite3_step(st) == SQLITE_ROW)
		*out_total = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	snprintf(sql, sizeof sql, "SELECT " ARC_COLS " FROM archive%s ORDER BY id DESC LIMIT ? OFFSET ?",
		 where);
	if (sqlite3_prepare_v2(c->db, sql, -1, &st, NULL) != SQLITE_OK) {
		st = NULL;
		rc = sq_fail(err, c->db, "listing the archive");
		goto cleanup;
	}
	int i = arc_bind(st, f);
	sqlite3_bind_int64(st, i++, f->limit);
	sqlite3_bind_int64(st, i, f->offset);
	gf_archive_entry *v = gf_calloc((size_t)(f->limit > 0 ? f->limit : 1), sizeof *v);
	if (!v) {
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
		goto cleanup;
	}
	size_t n = 0;
	int src;
	while ((src = sqlite3_step(st)) == SQLITE_ROW && (int64_t)n < f->limit) {
		if (read_arc(st, &v[n])) {
			rc = gf_error_set(err, GF_ENOMEM, "out of memory");
			break;
		}
		n++;
	}
	if (!rc && src != SQLITE_ROW && src != SQLITE_DONE)
		rc = sq_fail(err, c->db, "listing the archive");
	if (rc) {
		gf_archive_entries_free(v, n);
	} else {
		*out = v;
		*out_n = n;
	}
cleanup:
	sqlite3_finalize(st);
	release(s, c);
	return rc;
}

static int sq_archive_each(gf_store *gs, int (*fn)(void *ctx, const gf_archive_entry *e),
			   void *ctx, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	int64_t after = 0;
	/* in pages, so that fn (which may read files) holds no statement open
	 * for long */
	for (;;) {
		gf_archive_entry page[64];
		size_t n = 0;
		sq_conn *c = acquire(s, err);
		if (!c)
			return GF_ESTORE;
		sqlite3_stmt *st;
		int rc = prep(c, &st, SQL_ARC_EACH, err);
		if (!rc) {
			sqlite3_bind_int64(st, 1, after);
			int src = SQLITE_DONE;
			while (n < 64 && (src = sqlite3_step(st)) == SQLITE_ROW) {
				if (read_arc(st, &page[n])) {
					rc = gf_error_set(err, GF_ENOMEM, "out of memory");
					break;
				}
				n++;
			}
			if (!rc && src != SQLITE_ROW && src != SQLITE_DONE)
				rc = sq_fail(err, c->db, "reading the archive");
			sqlite3_reset(st);
		}
		release(s, c);
		int stop = 0;
		for (size_t i = 0; i < n; i++) {
			if (!rc && !stop && fn(ctx, &page[i]))
				stop = 1;
			after = page[i].id;
			gf_archive_entry_clear(&page[i]);
		}
		if (rc || stop || n < 64)
			return rc;
	}
}

static int sq_by_cloud_id(gf_store *gs, gf_submission **out, size_t *out_n, const char *cloud_id,
			  gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out = NULL;
	*out_n = 0;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_BY_CLOUD_ID, err);
	gf_submission *v = rc ? NULL : gf_calloc(64, sizeof *v);
	size_t n = 0;
	if (!rc && !v)
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
	if (v) {
		bind_text(st, 1, cloud_id);
		int src = SQLITE_DONE;
		while (n < 64 && (src = sqlite3_step(st)) == SQLITE_ROW) {
			if (read_sub(st, &v[n], 1)) {
				gf_submission_clear(&v[n]);
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
			n++;
		}
		if (!rc && src != SQLITE_ROW && src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "finding submissions by cloud id");
		sqlite3_reset(st);
	}
	release(s, c);
	if (rc) {
		gf_submissions_free(v, n);
		return rc;
	}
	*out = v;
	*out_n = n;
	return GF_OK;
}

static int sq_unnumbered(gf_store *gs, gf_submission **out, size_t *out_n, int64_t max,
			 gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	*out = NULL;
	*out_n = 0;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = prep(c, &st, SQL_UNNUMBERED, err);
	gf_submission *v = rc ? NULL : gf_calloc((size_t)max, sizeof *v);
	size_t n = 0;
	if (!rc && !v)
		rc = gf_error_set(err, GF_ENOMEM, "out of memory");
	if (v) {
		sqlite3_bind_int64(st, 1, max);
		int src = SQLITE_DONE;
		while ((int64_t)n < max && (src = sqlite3_step(st)) == SQLITE_ROW) {
			if (read_sub(st, &v[n], 1)) {
				gf_submission_clear(&v[n]);
				rc = gf_error_set(err, GF_ENOMEM, "out of memory");
				break;
			}
			n++;
		}
		if (!rc && src != SQLITE_ROW && src != SQLITE_DONE)
			rc = sq_fail(err, c->db, "listing unnumbered submissions");
		sqlite3_reset(st);
	}
	release(s, c);
	if (rc) {
		gf_submissions_free(v, n);
		return rc;
	}
	*out = v;
	*out_n = n;
	return GF_OK;
}

static int sq_numbers_add(gf_store *gs, const char *const *cloud_ids, const int64_t *ids, size_t n,
			  int64_t last_id, gf_error *err)
{
	sq_store *s = (sq_store *)gs;
	sq_conn *c = acquire(s, err);
	if (!c)
		return GF_ESTORE;
	sqlite3_stmt *st;
	int rc = begin(c, err);
	for (size_t i = 0; !rc && i < n; i++) {
		if (!cloud_ids[i])
			continue;
		rc = prep(c, &st, SQL_NUMBER_INS, err);
		if (!rc) {
			bind_text(st, 1, cloud_ids[i]);
			sqlite3_bind_int64(st, 2, ids[i]);
			rc = step_done(c, st, err);
		}
	}
	if (!rc)
		rc = prep(c, &st, SQL_NUMBER_DONE, err);
	if (!rc) {
		sqlite3_bind_int64(st, 1, last_id);
		rc = step_done(c, st, err);
	}
	/* an index that can be rebuilt: no fsync wait */
	if (!rc)
		rc = sq_exec(c, "COMMIT", err);
	release(s, c);
	return rc;
}

/* ---- open, migrate, close ---- */

static int cmp_embedded(const void *a, const void *b)
{
	const gf_embedded *x = *(const gf_embedded *const *)a, *y = *(const gf_embedded *const *)b;
	return strcmp(x->name, y->name);
}

static int migrate(sq_conn *c, gf_error *err)
{
	const gf_embedded *m[64];
	size_t n = 0;
	for (const gf_embedded *e = gf_embedded_files; e->name && n < 64; e++)
		if (strncmp(e->name, MIGRATION_DIR, strlen(MIGRATION_DIR)) == 0)
			m[n++] = e;
	qsort(m, n, sizeof m[0], cmp_embedded);
	int rc = begin(c, err);
	if (rc)
		return rc;
	sqlite3_stmt *st;
	int version = 0;
	if (sqlite3_prepare_v2(c->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		int num = (int)strtol(m[i]->name + strlen(MIGRATION_DIR), NULL, 10);
		if (num <= version)
			continue;
		rc = sq_exec(c, (const char *)m[i]->data, err);
		if (!rc) {
			char set[64];
			snprintf(set, sizeof set, "PRAGMA user_version = %d", num);
			rc = sq_exec(c, set, err);
			version = num;
		}
	}
	if (!rc)
		rc = commit(c, err);
	else
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

static void sq_close(gf_store *gs)
{
	sq_store *s = (sq_store *)gs;
	for (int i = 0; i < s->nconns; i++)
		conn_close(s->conns[i]);
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	pthread_mutex_destroy(&s->smu);
	pthread_cond_destroy(&s->scv);
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	gf_free(s->wal_path);
	gf_free(s->path);
	gf_free(s);
}

static const gf_store_ops sqlite_ops = {
	"sqlite",
	sq_close,
	sq_token_insert,
	sq_token_find,
	sq_token_revoke,
	sq_token_list,
	sq_submission_insert,
	sq_submission_get,
	sq_submission_list,
	sq_overrides_set,
	sq_cloud_id_assign,
	sq_sheet_find,
	sq_sheet_insert,
	sq_audit_append,
	sq_audit_scan,
	sq_audit_head,
	sq_blob_scan,
	sq_sheet_scan,
	sq_counts,
	sq_archive_insert,
	sq_archive_get,
	sq_archive_list,
	sq_archive_each,
	sq_by_cloud_id,
	sq_unnumbered,
	sq_numbers_add,
};

int gf_store_sqlite_open(gf_store **out, const char *db_path, gf_blobs *blobs, gf_error *err)
{
	*out = NULL;
	sq_store *s = gf_calloc(1, sizeof *s);
	if (!s || !(s->path = gf_strdup(db_path))) {
		gf_free(s);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	pthread_mutex_init(&s->smu, NULL);
	pthread_cond_init(&s->scv, NULL);
	s->wal_fd = -1;
	size_t pl = strlen(db_path) + 5;
	s->wal_path = gf_malloc(pl);
	if (!s->wal_path) {
		gf_free(s->path);
		gf_free(s);
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	}
	snprintf(s->wal_path, pl, "%s-wal", db_path);
	s->base.ops = &sqlite_ops;
	sq_conn *c;
	int rc = conn_open(&c, db_path, err);
	if (!rc) {
		c->owner = s;
		s->conns[s->nconns++] = c;
		rc = migrate(c, err);
		s->idle[s->nidle++] = c;
	}
	if (rc) {
		sq_close(&s->base);
		return rc;
	}
	s->base.blobs = blobs;
	*out = &s->base;
	return GF_OK;
}
