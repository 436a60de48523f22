/* internal.h - what the server's files share (not for callers). */
#ifndef GF_HTTP_INTERNAL_H
#define GF_HTTP_INTERNAL_H

#include "core/buf.h"
#include "http/server.h"

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

/* Routes, for metrics labels and dispatch. */
typedef enum {
	GF_R_OTHER = 0,
	GF_R_PAGE,
	GF_R_HEALTH,
	GF_R_METRICS,
	GF_R_ME,
	GF_R_FORM,
	GF_R_SUBMIT,
	GF_R_LIST,
	GF_R_GET,
	GF_R_RECORD,
	GF_R_ORIGINAL,
	GF_R_SHEET,
	GF_R_OVERRIDES,
	GF_R_AUDIT,
	GF_R_AUDIT_VERIFY,
	GF_R_ARCHIVE_ADD,    /* archive.c */
	GF_R_ARCHIVE_LIST,
	GF_R_ARCHIVE_GET,
	GF_R_ARCHIVE_SCAN,
	GF_R_ARCHIVE_VERIFY,
	GF_R_COUNT
} gf_route;

extern const char *const gf_route_names[GF_R_COUNT];

#define GF_HIST_BUCKETS 14
typedef struct gf_metrics {
	pthread_mutex_t mu;
	/* requests by route x status */
	struct {
		gf_route route;
		int status;
		uint64_t n;
	} counts[256];
	size_t ncounts;
	uint64_t hist[GF_R_COUNT][GF_HIST_BUCKETS + 1]; /* last = +Inf */
	double hist_sum[GF_R_COUNT];
	uint64_t hist_n[GF_R_COUNT];
	atomic_ullong rejected_size, rejected_time, rejected_busy;
} gf_metrics;

extern const double gf_hist_bounds[GF_HIST_BUCKETS];

void gf_metrics_init(gf_metrics *m);
void gf_metrics_destroy(gf_metrics *m);
void gf_metrics_observe(gf_metrics *m, gf_route r, int status, double seconds);
/* Prometheus text exposition into b. */
int gf_metrics_write(gf_metrics *m, gf_buf *b, gf_store *store, unsigned in_flight,
		     unsigned uploads);

struct gf_http {
	struct MHD_Daemon *d;
	gf_store *store;
	gf_backend be;
	gf_http_config cfg;
	uint16_t port;
	atomic_uint in_flight;
	atomic_uint uploads;
	gf_metrics metrics;
	/* requests receiving a body, watched for their deadline */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct gf_req *receiving;
	pthread_t watchdog;
	int stopping;
	/* workers: API requests run here, off the network threads, with their
	 * connection suspended meanwhile */
	pthread_mutex_t jmu;
	pthread_cond_t jcv;
	struct gf_req *jobs_head, *jobs_tail;
	pthread_t *workers;
	unsigned nworkers;
	int jobs_stop;
};

/* A request's body phase: RECEIVING until the body is complete, then
 * HANDLING; the watchdog or a limit may move it to ABORTED (answered on the
 * socket directly, the connection then closed). */
enum { GF_REQ_RECEIVING = 0, GF_REQ_HANDLING = 1, GF_REQ_ABORTED = 2 };

/* One request in progress. */
typedef struct gf_req {
	gf_http *h;
	struct MHD_Connection *conn;
	const char *method;
	char *url;
	gf_route route;
	int64_t id;            /* submission id in the path */
	struct timespec start;
	gf_buf body;
	int body_allowed;      /* this route reads a body */
	int upload_slot;       /* holds one of max_uploads */
	int too_large, too_slow;
	int status;            /* status queued */
	int responded;
	gf_principal who;
	int authed;
	int fd;                /* the connection's socket */
	atomic_int phase;
	int watched;           /* in h->receiving */
	struct gf_req *prev, *next;
	/* set while a worker handles the request: responses are kept here and
	 * queued when the connection is resumed */
	int deferred;
	struct gf_req *job_next;
	struct MHD_Response *resp;
	int resp_status;
} gf_req;

/* Responses: each queues on r->conn and records the status. */
enum MHD_Result gf_respond_json(gf_req *r, int status, json_t *body /* stolen */);
enum MHD_Result gf_respond_error(gf_req *r, int status, const char *code, const char *message);
enum MHD_Result gf_respond_bytes(gf_req *r, int status, const char *type, char *data,
				 size_t len, int must_free, const char *disposition);

/* Route the request's method and url (sets route, id, body_allowed). */
void gf_api_route(gf_req *r);
/* Checks made before a body is read (auth, 401/403/413/429); returns 1 when a
 * response was queued. */
int gf_api_precheck(gf_req *r);
/* Answer a request whose body (if any) has arrived. */
enum MHD_Result gf_api_handle(gf_req *r);

/* Query arguments shared by the API's handlers (api.c): a non-empty value or
 * NULL; a non-negative integer (-1 when malformed, dflt when absent); a date
 * "2026-03-05" (local midnight, end = 1 the next day) or milliseconds into
 * *ms (0, or -1 when malformed). */
const char *gf_http_arg(gf_req *r, const char *k);
long long gf_http_num_arg(gf_req *r, const char *k, long long dflt);
int gf_http_when(const char *s, int64_t *ms, int end);

double gf_elapsed(const struct timespec *since);

/* The archive's endpoints (archive.c): route /api/v1/archive... (returns 1
 * when the url is one of them), checks before the body, and handling. */
int gf_archive_http_route(gf_req *r);
int gf_archive_http_precheck(gf_req *r);
enum MHD_Result gf_archive_http_handle(gf_req *r);

#endif
