/* server.h - the HTTP service: JSON API under /api/v1, the page at /,
 * /healthz and /metrics, on libmicrohttpd with a thread pool.
 *
 * The server knows forms only through a gf_backend (upload -> record,
 * record + overrides -> sheet PDF), so the same server runs on the real
 * pipeline (gf_intake, gf_sheet_render) or on a test backend. It keeps
 * nothing itself: every submission, sheet, token and audit entry goes to
 * the gf_store it is given (not owned; close it after gf_http_stop).
 */
#ifndef GF_HTTP_SERVER_H
#define GF_HTTP_SERVER_H

#include "core/error.h"
#include "store/store.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

typedef struct gf_backend {
	void *ctx;
	/* Bytes of an upload -> record (spec/forms.md shape), valid or not; like
	 * gf_intake, *out is set whenever the input could be looked at, also for
	 * unreadable input (then with an `unreadable` diagnostic). Only a failure
	 * to produce any record (out of memory) returns non-zero with *out NULL. */
	int (*intake)(void *ctx, json_t **out, const void *data, size_t len,
		      const char *source_name, gf_error *err);
	/* Sheet PDF for a record and overrides (see gf_render_fn). */
	gf_render_fn render;
	/* The record as XML (caller frees *out with gf_free); NULL = the
	 * generic conversion gf_record_to_xml. */
	int (*record_xml)(void *ctx, char **out, size_t *out_len, const json_t *record,
			  gf_error *err);
	/* The printed labels of a form as an object key -> label, in form order
	 * (new reference), or NULL when the form is unknown. May be NULL. */
	json_t *(*form_labels)(void *ctx, const char *form_id);
	/* The archive of signed scans (archive/archive.h), or NULL: its
	 * endpoints then answer 503. */
	struct gf_archive *archive;
} gf_backend;

typedef struct gf_http_config {
	const char *listen;          /* "127.0.0.1:8080", "[::1]:8080", ":0" = any port */
	unsigned threads;            /* network threads; 0 = the number of cores */
	unsigned workers;            /* threads running API calls (they wait on disk
	                              * syncs as much as they compute); 0 = 4 per core */
	size_t max_body;             /* request body cap in bytes; 0 = 32 MiB (413 above) */
	unsigned idle_timeout_s;     /* close a connection silent this long; 0 = 30 */
	unsigned request_timeout_ms; /* a body must arrive within this; 0 = 30000 (408) */
	unsigned max_uploads;        /* submissions processed at once; 0 = 2 per worker (429) */
	unsigned max_connections;    /* 0 = 1024 */
	int quiet;                   /* no access log on stderr */
} gf_http_config;

typedef struct gf_http gf_http;

/* Start serving in background threads. Caller stops with gf_http_stop. */
int gf_http_start(gf_http **out, const gf_http_config *cfg, gf_store *store,
		  const gf_backend *backend, gf_error *err);
/* The port actually bound (useful with port 0). */
uint16_t gf_http_port(const gf_http *h);
/* Stop accepting connections, let requests in flight finish (waiting at most
 * grace_ms), then stop the threads and free h. */
void gf_http_stop(gf_http *h, unsigned grace_ms);

/* The generic record -> XML conversion of spec/forms.md: <record form="…">,
 * <fields> with one element per key segment, list items as <item>, then
 * <diagnostics>. *out is NUL-terminated; caller frees with gf_free. */
int gf_record_to_xml(char **out, size_t *out_len, const json_t *record, gf_error *err);

/* Parse multipart/form-data: the first part carrying a file (or named
 * "file"). Points into body; *name is the part's file name (NUL-terminated,
 * written into name_buf) or "". Returns GF_EINVAL when malformed. */
int gf_multipart_file(const char **data, size_t *len, char *name_buf, size_t name_cap,
		      const char *content_type, const char *body, size_t body_len);

#endif
