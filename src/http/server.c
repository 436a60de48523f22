/* server.c - libmicrohttpd plumbing: listening, the thread pool, request
 * bodies with their caps and deadlines, responses, graceful stop. */
#include "http/internal.h"

#include "core/alloc.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

double gf_elapsed(const struct timespec *since)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) + (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

static void common_headers(struct MHD_Response *resp, const char *type)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
}

static enum MHD_Result queue(gf_req *r, int status, struct MHD_Response *resp)
{
	if (!resp)
		return MHD_NO;
	if (status == MHD_HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
					"Bearer realm=\"govforms\"");
	if (status == MHD_HTTP_TOO_MANY_REQUESTS || status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
	if (status == MHD_HTTP_REQUEST_TIMEOUT || status == MHD_HTTP_CONTENT_TOO_LARGE)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
	if (r->deferred) {
		if (r->resp)
			MHD_destroy_response(r->resp);
		r->resp = resp;
		r->resp_status = status;
		return MHD_YES;
	}
	enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)status, resp);
	MHD_destroy_response(resp);
	if (rc == MHD_YES) {
		r->status = status;
		r->responded = 1;
	}
	return rc;
}

/* ---- workers ---- */

static void *worker_main(void *arg)
{
	gf_http *h = arg;
	pthread_mutex_lock(&h->jmu);
	for (;;) {
		while (!h->jobs_head && !h->jobs_stop)
			pthread_cond_wait(&h->jcv, &h->jmu);
		gf_req *r = h->jobs_head;
		if (!r)
			break;
		h->jobs_head = r->job_next;
		if (!h->jobs_head)
			h->jobs_tail = NULL;
		int stop = h->jobs_stop;
		pthread_mutex_unlock(&h->jmu);
		if (stop)
			gf_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "shutting_down",
					 "服务正在停止 (the server is stopping)");
		else
			gf_api_handle(r);
		if (!r->resp)
			gf_respond_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "internal",
					 "no response");
		MHD_resume_connection(r->conn);
		pthread_mutex_lock(&h->jmu);
	}
	pthread_mutex_unlock(&h->jmu);
	return NULL;
}

/* Hand r to the workers (its connection suspended until they answer);
 * once the workers are stopping, answer 503 here instead. */
static enum MHD_Result submit_job(gf_req *r)
{
	gf_http *h = r->h;
	pthread_mutex_lock(&h->jmu);
	if (h->jobs_stop) {
		pthread_mutex_unlock(&h->jmu);
		return gf_respond_error(r, MHD_HTTP_SERVICE_UNAVAILABLE, "shutting_down",
					"服务正在停止 (the server is stopping)");
	}
	r->deferred = 1;
	MHD_suspend_connection(r->conn);
	r->job_next = NULL;
	if (h->jobs_tail)
		h->jobs_tail->job_next = r;
	else
		h->jobs_head = r;
	h->jobs_tail = r;
	pthread_cond_signal(&h->jcv);
	pthread_mutex_unlock(&h->jmu);
	return MHD_YES;
}

/* Queue the response a worker prepared (on the network thread, after resume). */
static enum MHD_Result finish_job(gf_req *r)
{
	struct MHD_Response *resp = r->resp;
	r->resp = NULL;
	r->deferred = 0;
	if (!resp)
		return MHD_NO;
	enum MHD_Result rc = MHD_queue_response(r->conn, (unsigned)r->resp_status, resp);
	MHD_destroy_response(resp);
	if (rc == MHD_YES) {
		r->status = r->resp_status;
		r->responded = 1;
	}
	return rc;
}

enum MHD_Result gf_respond_bytes(gf_req *r, int status, const char *type, char *data, size_t len,
				 int must_free, const char *disposition)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
		len, data, must_free ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
	if (!resp) {
		if (must_free)
			free(data);
		return MHD_NO;
	}
	common_headers(resp, type);
	if (r->route != GF_R_PAGE)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (disposition)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_DISPOSITION, disposition);
	return queue(r, status, resp);
}

enum MHD_Result gf_respond_json(gf_req *r, int status, json_t *body)
{
	char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	if (!text)
		return gf_respond_bytes(r, 500, "application/json",
					(char *)"{\"error\":{\"code\":\"internal\",\"message\":\"out of memory\"}}",
					55, 0, NULL);
	return gf_respond_bytes(r, status, "application/json; charset=utf-8", text, strlen(text),
				1, NULL);
}

enum MHD_Result gf_respond_error(gf_req *r, int status, const char *code, const char *message)
{
	return gf_respond_json(r, status,
			       json_pack("{s{ss ss}}", "error", "code", code, "message", message));
}

static void watch_add(gf_req *r)
{
	gf_http *h = r->h;
	pthread_mutex_lock(&h->mu);
	r->next = h->receiving;
	if (h->receiving)
		h->receiving->prev = r;
	h->receiving = r;
	r->watched = 1;
	pthread_mutex_unlock(&h->mu);
}

static void watch_remove(gf_req *r)
{
	gf_http *h = r->h;
	pthread_mutex_lock(&h->mu);
	if (r->watched) {
		if (r->prev)
			r->prev->next = r->next;
		else
			h->receiving = r->next;
		if (r->next)
			r->next->prev = r->prev;
		r->watched = 0;
	}
	pthread_mutex_unlock(&h->mu);
}

/* Answer a request still receiving its body by writing the response on the
 * socket and shutting it down: libmicrohttpd 0.9 cannot queue a response
 * before the body is complete. Call with h->mu held. */
static void abort_locked(gf_req *r, int status, const char *reason, const char *code,
			 const char *msg)
{
	int expect = GF_REQ_RECEIVING;
	if (!atomic_compare_exchange_strong(&r->phase, &expect, GF_REQ_ABORTED))
		return;
	char body[256], resp[512];
	int bl = snprintf(body, sizeof body, "{\"error\":{\"code\":\"%s\",\"message\":\"%s\"}}",
			  code, msg);
	int n = snprintf(resp, sizeof resp,
			 "HTTP/1.1 %d %s\r\nContent-Type: application/json; charset=utf-8\r\n"
			 "Content-Length: %d\r\nConnection: close\r\n\r\n%s",
			 status, reason, bl, body);
	if (r->fd >= 0 && n > 0 && n < (int)sizeof resp) {
		ssize_t k = send(r->fd, resp, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
		(void)k;
		shutdown(r->fd, SHUT_RDWR);
	}
	r->status = status;
	r->responded = 1;
}

static const char MSG_LARGE[] = "请求体过大 (request body too large)";
static const char MSG_SLOW[] = "请求发送过慢 (request took too long to arrive)";

static enum MHD_Result reject_large(gf_req *r)
{
	atomic_fetch_add(&r->h->metrics.rejected_size, 1);
	r->too_large = 1;
	if (atomic_load(&r->phase) == GF_REQ_HANDLING)
		return gf_respond_error(r, MHD_HTTP_CONTENT_TOO_LARGE, "body_too_large", MSG_LARGE);
	pthread_mutex_lock(&r->h->mu);
	abort_locked(r, 413, "Content Too Large", "body_too_large", MSG_LARGE);
	pthread_mutex_unlock(&r->h->mu);
	return MHD_NO;
}

static enum MHD_Result reject_slow(gf_req *r)
{
	atomic_fetch_add(&r->h->metrics.rejected_time, 1);
	r->too_slow = 1;
	if (atomic_load(&r->phase) == GF_REQ_HANDLING)
		return gf_respond_error(r, MHD_HTTP_REQUEST_TIMEOUT, "timeout", MSG_SLOW);
	pthread_mutex_lock(&r->h->mu);
	abort_locked(r, 408, "Request Timeout", "timeout", MSG_SLOW);
	pthread_mutex_unlock(&r->h->mu);
	return MHD_NO;
}

/* Answers 408 for bodies that stopped arriving before their deadline. */
static void *watchdog_main(void *arg)
{
	gf_http *h = arg;
	unsigned period = h->cfg.request_timeout_ms / 4;
	if (period < 20)
		period = 20;
	if (period > 1000)
		period = 1000;
	pthread_mutex_lock(&h->mu);
	while (!h->stopping) {
		struct timespec ts;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += (long)(period % 1000) * 1000000L;
		ts.tv_sec += period / 1000 + ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&h->cv, &h->mu, &ts);
		for (gf_req *r = h->receiving; r; r = r->next) {
			if (atomic_load(&r->phase) == GF_REQ_RECEIVING &&
			    gf_elapsed(&r->start) * 1000.0 > h->cfg.request_timeout_ms) {
				atomic_fetch_add(&h->metrics.rejected_time, 1);
				abort_locked(r, 408, "Request Timeout", "timeout", MSG_SLOW);
			}
		}
	}
	pthread_mutex_unlock(&h->mu);
	return NULL;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
				  const char *method, const char *version,
				  const char *upload_data, size_t *upload_size, void **con_cls)
{
	gf_http *h = cls;
	(void)version;
	gf_req *r = *con_cls;
	if (!r) {
		r = gf_calloc(1, sizeof *r);
		if (!r)
			return MHD_NO;
		*con_cls = r;
		r->h = h;
		r->conn = conn;
		r->method = method;
		r->fd = -1;
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		r->url = gf_strdup(url);
		gf_buf_init(&r->body, h->cfg.max_body);
		atomic_fetch_add(&h->in_flight, 1);
		if (!r->url)
			return MHD_NO;
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(conn, MHD_CONNECTION_INFO_CONNECTION_FD);
		if (ci)
			r->fd = ci->connect_fd;
		gf_api_route(r);
		const char *cl = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
							     MHD_HTTP_HEADER_CONTENT_LENGTH);
		atomic_store(&r->phase, GF_REQ_HANDLING);
		if (cl && strtoull(cl, NULL, 10) > h->cfg.max_body)
			return reject_large(r);
		if (gf_api_precheck(r))
			return r->responded ? MHD_YES : MHD_NO;
		atomic_store(&r->phase, GF_REQ_RECEIVING);
		if (r->body_allowed)
			watch_add(r);
		return MHD_YES;
	}
	if (atomic_load(&r->phase) == GF_REQ_ABORTED)
		return MHD_NO;
	if (*upload_size) {
		if (r->body_allowed) {
			if (gf_elapsed(&r->start) * 1000.0 > h->cfg.request_timeout_ms)
				return reject_slow(r);
			if (gf_buf_append(&r->body, upload_data, *upload_size) != 0)
				return reject_large(r);
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->deferred)
		return finish_job(r);
	int expect = GF_REQ_RECEIVING;
	if (!atomic_compare_exchange_strong(&r->phase, &expect, GF_REQ_HANDLING))
		return expect == GF_REQ_HANDLING && r->responded ? MHD_YES : MHD_NO;
	watch_remove(r);
	if (gf_elapsed(&r->start) * 1000.0 > h->cfg.request_timeout_ms)
		return reject_slow(r);
	if (r->authed) {
		/* API calls touch the store and may take a while: run them on a
		 * worker so that this network thread keeps serving others */
		return submit_job(r);
	}
	return gf_api_handle(r);
}

static void on_completed(void *cls, struct MHD_Connection *conn, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	gf_http *h = cls;
	gf_req *r = *con_cls;
	(void)conn;
	if (!r)
		return;
	double secs = gf_elapsed(&r->start);
	int status = r->responded ? r->status : 0;
	gf_metrics_observe(&h->metrics, r->route, status, secs);
	if (!h->cfg.quiet && (status >= 500 || (!status && toe != MHD_REQUEST_TERMINATED_COMPLETED_OK)))
		fprintf(stderr, "govforms: %s %s -> %d (%.1f ms)%s\n", r->method, r->url, status,
			secs * 1000.0,
			toe == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? " timed out"
			: toe != MHD_REQUEST_TERMINATED_COMPLETED_OK ? " aborted"
								      : "");
	watch_remove(r);
	if (r->resp)
		MHD_destroy_response(r->resp);
	if (r->upload_slot)
		atomic_fetch_sub(&h->uploads, 1);
	atomic_fetch_sub(&h->in_flight, 1);
	gf_buf_free(&r->body);
	gf_free(r->url);
	gf_free(r);
	*con_cls = NULL;
}

static int parse_listen(struct sockaddr_storage *ss, int *v6, const char *listen, gf_error *err)
{
	char host[256];
	const char *port;
	memset(ss, 0, sizeof *ss);
	*v6 = 0;
	if (!listen || !*listen)
		listen = "127.0.0.1:8080";
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof host)
			return gf_error_set(err, GF_EINVAL, "bad listen address %s", listen);
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		port = close + 2;
	} else {
		const char *colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof host)
			return gf_error_set(err, GF_EINVAL, "listen address must be HOST:PORT, not %s",
					    listen);
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		port = colon + 1;
	}
	char *end;
	long p = strtol(port, &end, 10);
	if (!*port || *end || p < 0 || p > 65535)
		return gf_error_set(err, GF_EINVAL, "bad port in %s", listen);
	struct addrinfo hints = {0}, *res = NULL;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	int gai = getaddrinfo(host[0] ? host : NULL, port, &hints, &res);
	if (gai != 0 || !res)
		return gf_error_set(err, GF_EINVAL, "cannot resolve %s: %s", listen,
				    gai_strerror(gai));
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	return GF_OK;
}

static void stop_workers(gf_http *h)
{
	pthread_mutex_lock(&h->jmu);
	h->jobs_stop = 1;
	pthread_cond_broadcast(&h->jcv);
	pthread_mutex_unlock(&h->jmu);
	for (unsigned i = 0; i < h->nworkers; i++)
		pthread_join(h->workers[i], NULL);
	gf_free(h->workers);
	h->workers = NULL;
	h->nworkers = 0;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	gf_http *h = cls;
	if (h->cfg.quiet)
		return;
	fputs("govforms: http: ", stderr);
	vfprintf(stderr, fmt, ap);
}

int gf_http_start(gf_http **out, const gf_http_config *cfg, gf_store *store,
		  const gf_backend *backend, gf_error *err)
{
	*out = NULL;
	gf_http *h = gf_calloc(1, sizeof *h);
	if (!h)
		return gf_error_set(err, GF_ENOMEM, "out of memory");
	h->store = store;
	h->be = *backend;
	h->cfg = *cfg;
	if (!h->cfg.threads) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		h->cfg.threads = n > 0 && n < 256 ? (unsigned)n : 2;
	}
	if (!h->cfg.max_body)
		h->cfg.max_body = (size_t)32 << 20;
	if (!h->cfg.idle_timeout_s)
		h->cfg.idle_timeout_s = 30;
	if (!h->cfg.request_timeout_ms)
		h->cfg.request_timeout_ms = 30000;
	if (!h->cfg.workers)
		h->cfg.workers = 4 * h->cfg.threads;
	if (!h->cfg.max_uploads)
		h->cfg.max_uploads = 2 * h->cfg.workers;
	if (!h->cfg.max_connections)
		h->cfg.max_connections = 1024;
	/* leave descriptors for the store, the listener and the threads */
	struct rlimit nofile;
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY &&
	    nofile.rlim_cur > 128 && h->cfg.max_connections > nofile.rlim_cur - 96)
		h->cfg.max_connections = (unsigned)(nofile.rlim_cur - 96);
	gf_metrics_init(&h->metrics);
	pthread_mutex_init(&h->mu, NULL);
	pthread_cond_init(&h->cv, NULL);
	struct sockaddr_storage ss;
	int v6;
	int rc = parse_listen(&ss, &v6, h->cfg.listen, err);
	if (rc) {
		gf_metrics_destroy(&h->metrics);
		gf_free(h);
		return rc;
	}
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME |
			 MHD_USE_ERROR_LOG |
			 (v6 ? MHD_USE_IPv6 : 0);
	uint16_t port = ntohs(v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
				 : ((struct sockaddr_in *)&ss)->sin_port);
	h->d = MHD_start_daemon(
		flags, port, NULL, NULL, on_request, h, MHD_OPTION_EXTERNAL_LOGGER, mhd_log, h,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
		MHD_OPTION_THREAD_POOL_SIZE, h->cfg.threads, MHD_OPTION_CONNECTION_TIMEOUT,
		h->cfg.idle_timeout_s, MHD_OPTION_CONNECTION_LIMIT, h->cfg.max_connections,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)64 * 1024, MHD_OPTION_NOTIFY_COMPLETED,
		on_completed, h, MHD_OPTION_LISTEN_BACKLOG_SIZE,
		(unsigned)511, MHD_OPTION_END);
	if (!h->d) {
		gf_metrics_destroy(&h->metrics);
		gf_free(h);
		return gf_error_set(err, GF_EIO, "cannot listen on %s",
				    cfg->listen ? cfg->listen : "127.0.0.1:8080");
	}
	const union MHD_DaemonInfo *info = MHD_get_daemon_info(h->d, MHD_DAEMON_INFO_BIND_PORT);
	h->port = info ? info->port : port;
	pthread_mutex_init(&h->jmu, NULL);
	pthread_cond_init(&h->jcv, NULL);
	h->workers = gf_calloc(h->cfg.workers, sizeof *h->workers);
	int started = h->workers != NULL;
	for (unsigned i = 0; started && i < h->cfg.workers; i++) {
		if (pthread_create(&h->workers[i], NULL, worker_main, h) != 0)
			started = 0;
		else
			h->nworkers++;
	}
	if (!started || pthread_create(&h->watchdog, NULL, watchdog_main, h) != 0) {
		stop_workers(h);
		MHD_stop_daemon(h->d);
		gf_metrics_destroy(&h->metrics);
		gf_free(h);
		return gf_error_set(err, GF_EINTERNAL, "cannot start threads");
	}
	*out = h;
	return GF_OK;
}

uint16_t gf_http_port(const gf_http *h)
{
	return h->port;
}

void gf_http_stop(gf_http *h, unsigned grace_ms)
{
	if (!h)
		return;
	MHD_socket lfd = MHD_quiesce_daemon(h->d);
	if (lfd != MHD_INVALID_SOCKET)
		close(lfd);
	struct timespec start;
	clock_gettime(CLOCK_MONOTONIC, &start);
	while (atomic_load(&h->in_flight) > 0 && gf_elapsed(&start) * 1000.0 < grace_ms) {
		struct timespec ts = {0, 10000000}; /* 10 ms */
		nanosleep(&ts, NULL);
	}
	/* jobs still queued are answered 503; running ones finish first */
	stop_workers(h);
	MHD_stop_daemon(h->d);
	pthread_mutex_lock(&h->mu);
	h->stopping = 1;
	pthread_cond_signal(&h->cv);
	pthread_mutex_unlock(&h->mu);
	pthread_join(h->watchdog, NULL);
	pthread_mutex_destroy(&h->jmu);
	pthread_cond_destroy(&h->jcv);
	pthread_mutex_destroy(&h->mu);
	pthread_cond_destroy(&h->cv);
	gf_metrics_destroy(&h->metrics);
	gf_free(h);
}
