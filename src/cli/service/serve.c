/* serve.c - `govforms serve`: the HTTP service over the store, until
 * SIGTERM or SIGINT; on first start it makes an admin token and submits the
 * bundled samples so that a newcomer sees a working system at once. */
#include "cli/commands.h"

#include "core/alloc.h"
#include "core/buf.h"
#include "store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
	"usage: govforms serve [--listen HOST:PORT] [--data DIR] [options]\n"
	"\n"
	"Serves the page at / and the JSON API at /api/v1 (see docs/openapi.yaml),\n"
	"with /healthz and /metrics, until SIGTERM or SIGINT; then it stops accepting,\n"
	"lets requests in flight finish and closes the store.\n"
	"\n"
	"  --listen HOST:PORT    address to listen on (default 127.0.0.1:8080;\n"
	"                        [::1]:8080 for IPv6; port 0 picks a free port)\n"
	"  --data DIR            store directory: govforms.db and blobs/ (default ./var)\n"
	"  --threads N           network threads (default: the number of cores)\n"
	"  --workers N           threads running API calls (default: 4 per core)\n"
	"  --max-body BYTES      request body cap, K/M suffixes allowed (default 32M): 413\n"
	"  --max-uploads N       submissions processed at once (default 2 per worker): 429\n"
	"  --request-timeout MS  a request body must arrive within this (default 30000): 408\n"
	"  --idle-timeout S      close connections silent this long (default 30)\n"
	"  --grace MS            how long SIGTERM waits for requests in flight (default 30000)\n"
	"  --samples DIR         forms submitted on first start (default: the bundled samples/)\n"
	"  --no-samples          submit nothing on first start\n"
	"  --quiet               no log lines on standard error\n"
	"\n"
	"On first start (no tokens in the store) an admin token is made, printed once\n"
	"and written to DIR/admin-token (mode 0600). Make more with `govforms token`.\n"
	"Exit status: 0 after a clean stop, 2 store or listen error, 64 usage error.\n";

static int parse_size(const char *s, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);
	if (end == s)
		return -1;
	if (*end == 'K' || *end == 'k')
		v <<= 10, end++;
	else if (*end == 'M' || *end == 'm')
		v <<= 20, end++;
	else if (*end == 'G' || *end == 'g')
		v <<= 30, end++;
	if (*end || v == 0)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int parse_uint(const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);
	if (end == s || *end || v == 0 || v > 1000000000UL)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int is_dir(const char *p)
{
	struct stat st;
	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int default_samples(char *out, size_t cap)
{
	const char *env = getenv("GOVFORMS_SAMPLES");
	if (env && *env) {
		snprintf(out, cap, "%s", env);
		return is_dir(out);
	}
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash)
			*slash = '\0';
		const char *rel[] = {"../samples", "../share/govforms/samples", "../../samples"};
		for (size_t i = 0; i < 3; i++) {
			snprintf(out, cap, "%.*s/%s", (int)(cap / 2), exe, rel[i]);
			if (is_dir(out))
				return 1;
		}
	}
	snprintf(out, cap, "%s/samples", GF_SOURCE_DIR);
	return is_dir(out);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int wanted(const char *name)
{
	size_t n = strlen(name);
	return name[0] != '.' && ((n > 5 && strcmp(name + n - 5, ".docx") == 0) ||
				  (n > 4 && strcmp(name + n - 4, ".xml") == 0));
}

/* Submit every .docx / .xml in dir (sorted), as the system. */
static void seed_samples(gf_store *s, const gf_backend *be, const char *dir, int quiet)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	char *names[512];
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(d)) && n < 512)
		if (wanted(e->d_name) && (names[n] = gf_strdup(e->d_name)))
			n++;
	closedir(d);
	qsort(names, n, sizeof names[0], cmp_str);
	gf_principal sys = {0, GF_ROLE_ADMIN, "", ""};
	size_t ok = 0;
	for (size_t i = 0; i < n; i++) {
		char path[PATH_MAX];
		char *data = NULL;
		size_t len;
		json_t *rec = NULL;
		gf_error err = {0};
		if (snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= (int)sizeof path) {
			gf_free(names[i]);
			continue;
		}
		if (gf_file_read(&data, &len, path, (size_t)64 << 20, &err) == GF_OK &&
		    be->intake(be->ctx, &rec, data, len, names[i], &err) == GF_OK && rec) {
			json_t *u = json_object_get(json_object_get(json_object_get(rec, "fields"),
								    "unit"), "name");
			int64_t id;
			if (gf_store_submit(s, &id, &sys, data, len, names[i], NULL, rec,
					    json_is_string(u) ? json_string_value(u) : NULL,
					    &err) == GF_OK)
				ok++;
		}
		if (err.code && !quiet)
			fprintf(stderr, "govforms: sample %s: %s\n", names[i], err.msg);
		json_decref(rec);
		gf_free(data);
		gf_free(names[i]);
	}
	if (!quiet)
		fprintf(stderr, "govforms: submitted %zu bundled sample(s) from %s\n", ok, dir);
}

static void bootstrap_admin(gf_store *s, const char *data_dir, int quiet)
{
	json_t *list;
	if (gf_store_token_list(s, &list, NULL) != GF_OK)
		return;
	size_t n = json_array_size(list);
	json_decref(list);
	if (n)
		return;
	char *tok;
	int64_t id;
	gf_error err = {0};
	if (gf_store_token_create(s, &tok, &id, GF_ROLE_ADMIN, NULL, NULL, "first start", &err)) {
		fprintf(stderr, "govforms: cannot make the admin token: %s\n", err.msg);
		return;
	}
	char path[PATH_MAX];
	snprintf(path, sizeof path, "%s/admin-token", data_dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd >= 0) {
		ssize_t w = write(fd, tok, strlen(tok));
		w += write(fd, "\n", 1);
		(void)w;
		fsync(fd);
		close(fd);
	}
	if (!quiet)
		fprintf(stderr,
			"govforms: first start: admin token (also in %s):\n    %s\n", path, tok);
	gf_free(tok);
}

int gf_serve_main(int argc, char **argv, const gf_backend *backend)
{
	gf_http_config cfg = {0};
	const char *data = "./var", *samples = NULL;
	int no_samples = 0;
	unsigned grace = 30000;
	cfg.listen = "127.0.0.1:8080";
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		int bad = 0, takes = 1;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(usage, stdout);
			return 0;
		} else if (!backend) {
			continue;
		} else if (strcmp(a, "--no-samples") == 0) {
			no_samples = 1, takes = 0;
		} else if (strcmp(a, "--quiet") == 0) {
			cfg.quiet = 1, takes = 0;
		} else if (!v) {
			fprintf(stderr, "govforms serve: option %s needs a value\n%s", a, usage);
			return 64;
		} else if (strcmp(a, "--listen") == 0) {
			cfg.listen = v;
		} else if (strcmp(a, "--data") == 0) {
			data = v;
		} else if (strcmp(a, "--samples") == 0) {
			samples = v;
		} else if (strcmp(a, "--threads") == 0) {
			bad = parse_uint(v, &cfg.threads) || cfg.threads > 256;
		} else if (strcmp(a, "--workers") == 0) {
			bad = parse_uint(v, &cfg.workers) || cfg.workers > 1024;
		} else if (strcmp(a, "--max-body") == 0) {
			bad = parse_size(v, &cfg.max_body);
		} else if (strcmp(a, "--max-uploads") == 0) {
			bad = parse_uint(v, &cfg.max_uploads);
		} else if (strcmp(a, "--request-timeout") == 0) {
			bad = parse_uint(v, &cfg.request_timeout_ms);
		} else if (strcmp(a, "--idle-timeout") == 0) {
			bad = parse_uint(v, &cfg.idle_timeout_s);
		} else if (strcmp(a, "--grace") == 0) {
			bad = parse_uint(v, &grace);
		} else {
			bad = 1;
		}
		if (bad) {
			fprintf(stderr, "govforms serve: bad or incomplete option %s\n%s", a, usage);
			return 64;
		}
		i += takes;
	}

	/* Block the stop signals before any thread starts, so that only sigwait
	 * below sees them. */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	struct rlimit nofile; /* room for many connections */
	if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
		nofile.rlim_cur = nofile.rlim_max > 4096 ? 4096 : nofile.rlim_max;
		setrlimit(RLIMIT_NOFILE, &nofile);
	}

	gf_store *s;
	gf_error err = {0};
	if (gf_store_open(&s, data, &err)) {
		fprintf(stderr, "govforms serve: %s\n", err.msg);
		return 2;
	}
	bootstrap_admin(s, data, cfg.quiet);
	if (!no_samples) {
		json_t *counts = NULL;
		char dir[PATH_MAX];
		if (gf_store_counts(s, &counts, NULL) == GF_OK && json_object_size(counts) == 0) {
			if (samples)
				snprintf(dir, sizeof dir, "%s", samples);
			if (samples || default_samples(dir, sizeof dir))
				seed_samples(s, backend, dir, cfg.quiet);
		}
		json_decref(counts);
	}
	gf_http *h;
	if (gf_http_start(&h, &cfg, s, backend, &err)) {
		fprintf(stderr, "govforms serve: %s\n", err.msg);
		gf_store_close(s);
		return 2;
	}
	const char *host = cfg.listen;
	const char *colon = strrchr(host, ':');
	fprintf(stderr, "govforms: listening on http://%.*s:%u/ (data in %s)\n",
		(int)(colon ? colon - host : 0), host, (unsigned)gf_http_port(h), data);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	if (!cfg.quiet)
		fprintf(stderr, "govforms: %s: finishing requests in flight\n",
			sig == SIGTERM ? "SIGTERM" : "SIGINT");
	gf_http_stop(h, grace);
	gf_store_close(s);
	if (!cfg.quiet)
		fprintf(stderr, "govforms: stopped\n");
	return 0;
}
