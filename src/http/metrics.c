/* metrics.c - request counters and latency histograms, Prometheus text. */
#include "http/internal.h"

#include <string.h>

const char *const gf_route_names[GF_R_COUNT] = {
	"other", "/", "/healthz", "/metrics", "/api/v1/me", "/api/v1/forms/{form}",
	"POST /api/v1/submissions", "GET /api/v1/submissions", "/api/v1/submissions/{id}",
	"/api/v1/submissions/{id}/record", "/api/v1/submissions/{id}/original",
	"/api/v1/submissions/{id}/sheet", "/api/v1/submissions/{id}/overrides", "/api/v1/audit",
	"/api/v1/audit/verify", "POST /api/v1/archive", "GET /api/v1/archive",
	"/api/v1/archive/{id}", "/api/v1/archive/{id}/scan", "/api/v1/archive/verify",
};

const double gf_hist_bounds[GF_HIST_BUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
						0.1,    0.25,  0.5,    1,     2.5,  5,     10};

void gf_metrics_init(gf_metrics *m)
{
	memset(m, 0, sizeof *m);
	pthread_mutex_init(&m->mu, NULL);
}

void gf_metrics_destroy(gf_metrics *m)
{
	pthread_mutex_destroy(&m->mu);
}

void gf_metrics_observe(gf_metrics *m, gf_route r, int status, double seconds)
{
	pthread_mutex_lock(&m->mu);
	size_t i;
	for (i = 0; i < m->ncounts; i++)
		if (m->counts[i].route == r && m->counts[i].status == status)
			break;
	if (i == m->ncounts && m->ncounts < sizeof m->counts / sizeof m->counts[0]) {
		m->counts[i].route = r;
		m->counts[i].status = status;
		m->counts[i].n = 0;
		m->ncounts++;
	}
	if (i < m->ncounts)
		m->counts[i].n++;
	size_t b = 0;
	while (b < GF_HIST_BUCKETS && seconds > gf_hist_bounds[b])
		b++;
	m->hist[r][b]++;
	m->hist_sum[r] += seconds;
	m->hist_n[r]++;
	pthread_mutex_unlock(&m->mu);
}

/* Label values are our own route names and form ids: quote-escape anyway. */
static int label(gf_buf *b, const char *s)
{
	int rc = 0;
	for (const char *p = s; *p && !rc; p++) {
		if (*p == '"' || *p == '\\')
			rc = gf_buf_putc(b, '\\');
		if (!rc)
			rc = gf_buf_putc(b, *p == '\n' ? ' ' : *p);
	}
	return rc;
}

int gf_metrics_write(gf_metrics *m, gf_buf *b, gf_store *store, unsigned in_flight,
		     unsigned uploads)
{
	int rc = gf_buf_puts(b, "# HELP govforms_http_requests_total HTTP requests answered.\n"
				"# TYPE govforms_http_requests_total counter\n");
	pthread_mutex_lock(&m->mu);
	for (size_t i = 0; i < m->ncounts && !rc; i++) {
		rc = gf_buf_puts(b, "govforms_http_requests_total{route=\"");
		rc = rc ? rc : label(b, gf_route_names[m->counts[i].route]);
		rc = rc ? rc : gf_buf_printf(b, "\",code=\"%d\"} %llu\n", m->counts[i].status,
					    (unsigned long long)m->counts[i].n);
	}
	rc = rc ? rc : gf_buf_puts(b, "# HELP govforms_http_request_duration_seconds Time from "
				      "request headers to response completion.\n"
				      "# TYPE govforms_http_request_duration_seconds histogram\n");
	for (int r = 0; r < GF_R_COUNT && !rc; r++) {
		if (!m->hist_n[r])
			continue;
		uint64_t cum = 0;
		for (int k = 0; k <= GF_HIST_BUCKETS && !rc; k++) {
			cum += m->hist[r][k];
			rc = gf_buf_puts(b, "govforms_http_request_duration_seconds_bucket{route=\"");
			rc = rc ? rc : label(b, gf_route_names[r]);
			if (k < GF_HIST_BUCKETS)
				rc = rc ? rc : gf_buf_printf(b, "\",le=\"%g\"} %llu\n", gf_hist_bounds[k],
							    (unsigned long long)cum);
			else
				rc = rc ? rc : gf_buf_printf(b, "\",le=\"+Inf\"} %llu\n",
							    (unsigned long long)cum);
		}
		rc = rc ? rc : gf_buf_puts(b, "govforms_http_request_duration_seconds_sum{route=\"");
		rc = rc ? rc : label(b, gf_route_names[r]);
		rc = rc ? rc : gf_buf_printf(b, "\"} %.6f\n", m->hist_sum[r]);
		rc = rc ? rc : gf_buf_puts(b, "govforms_http_request_duration_seconds_count{route=\"");
		rc = rc ? rc : label(b, gf_route_names[r]);
		rc = rc ? rc : gf_buf_printf(b, "\"} %llu\n", (unsigned long long)m->hist_n[r]);
	}
	pthread_mutex_unlock(&m->mu);
	rc = rc ? rc : gf_buf_printf(b,
		"# HELP govforms_http_rejected_total Requests refused by a limit.\n"
		"# TYPE govforms_http_rejected_total counter\n"
		"govforms_http_rejected_total{reason=\"body_too_large\"} %llu\n"
		"govforms_http_rejected_total{reason=\"timeout\"} %llu\n"
		"govforms_http_rejected_total{reason=\"busy\"} %llu\n"
		"# HELP govforms_http_in_flight Requests being handled.\n"
		"# TYPE govforms_http_in_flight gauge\ngovforms_http_in_flight %u\n"
		"# HELP govforms_uploads_in_flight Submissions being processed.\n"
		"# TYPE govforms_uploads_in_flight gauge\ngovforms_uploads_in_flight %u\n",
		(unsigned long long)atomic_load(&m->rejected_size),
		(unsigned long long)atomic_load(&m->rejected_time),
		(unsigned long long)atomic_load(&m->rejected_busy), in_flight, uploads);
	json_t *counts = NULL;
	if (!rc && gf_store_counts(store, &counts, NULL) == GF_OK) {
		rc = gf_buf_puts(b, "# HELP govforms_submissions Stored submissions by form and "
				    "validity.\n# TYPE govforms_submissions gauge\n");
		const char *form;
		json_t *states;
		json_object_foreach(counts, form, states) {
			const char *state;
			json_t *n;
			json_object_foreach(states, state, n) {
				rc = rc ? rc : gf_buf_puts(b, "govforms_submissions{form=\"");
				rc = rc ? rc : label(b, form);
				rc = rc ? rc : gf_buf_puts(b, "\",validity=\"");
				rc = rc ? rc : label(b, state);
				rc = rc ? rc : gf_buf_printf(b, "\"} %lld\n",
							    (long long)json_integer_value(n));
			}
		}
		json_decref(counts);
	}
	return rc;
}
